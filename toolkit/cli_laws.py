"""CLI commands for the laws feature: ``qzqd laws`` (list, show) and ``qzqd update-citations``."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import click

from .errors import UsageError

LAWS_OPTION = click.option(
    "--laws",
    "law_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    metavar="目录",
    help="另外的法律库目录（可重复；也可用环境变量 QZQD_LAWS）。",
)


def _registry(law_dirs: tuple[Path, ...]):  # type: ignore[no-untyped-def]
    from .citations.registry import load_registry

    return load_registry(tuple(law_dirs))


class _LawsGroup(click.Group):
    """``qzqd laws 安全生产`` searches: a first argument that is no subcommand is a search word."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        first = next((i for i, a in enumerate(args) if not a.startswith("-")), None)
        # --laws takes a value: the word after it is not a search word.
        if first is not None and first > 0 and args[first - 1] == "--laws":
            first = next((i for i, a in enumerate(args[first + 1 :], first + 1) if not a.startswith("-")), None)
        if first is not None and args[first] not in self.commands:
            args = [*args[:first], "search", *args[first:]]
        return super().parse_args(ctx, args)


def _print_law(law, *, full: bool = True) -> None:  # type: ignore[no-untyped-def]
    from .cli import out_console
    from .validate.law_rules import cn_date

    short = f"　简称：{'、'.join(law.short_names)}" if law.short_names else ""
    source = {"user": "　（用户目录）", "reviewed": "　（人工核对）"}.get(law.layer, "")
    status = ""
    if law.repealed is not None:
        status = (
            f"　【已于{cn_date(law.repealed)}废止"
            + (f"，由《{law.replaced_by}》取代" if law.replaced_by else "")
            + "】"
        )
    out_console.print(f"[bold]《{law.name}》[/]　{law.category}{short}{source}{status}", markup=True, highlight=False)
    if not full:
        return
    for v in law.versions:
        name = f"{cn_date(v.adopted)}{v.kind if v.kind in ('修正', '修订') else ''}版" if v.adopted else "版本"
        start = f"{cn_date(v.effective)}起施行" if v.effective else "施行日期未录入"
        count = f"{len(v.articles)}条" if v.has_text else "无条文"
        out_console.print(f"  {name}：{start}{'，' + v.order if v.order else ''}，{count}", markup=False)


@click.group("laws", cls=_LawsGroup, invoke_without_command=True)
@LAWS_OPTION
@click.option("--all", "show_all", is_flag=True, help="列出法律库中的全部法律法规（一千余部）。")
@click.pass_context
def laws_cmd(ctx: click.Context, law_dirs: tuple[Path, ...], show_all: bool) -> None:
    """法律库：查找、列出法律法规，显示条文，添加法律，查看清单引用的法律的修订和废止。

    不带参数时列出人工核对过的法律和自己目录中的法律，并统计自带的国家法律法规库；
    加关键词则查找（qzqd laws 安全生产）。

    \b
    示例：
      qzqd laws 安全生产
      qzqd laws show 保密法 第五十二条
      qzqd laws show 保密法 第四十五条 --version 2022-07-18
      qzqd laws changes 主表.xlsx --since 2022-01-01
      qzqd laws add 某条例.docx --laws 我的法律库
      qzqd laws --all
    """
    ctx.ensure_object(dict)
    ctx.obj["law_dirs"] = law_dirs
    if ctx.invoked_subcommand is not None:
        return
    from .cli import out_console

    reg = _registry(law_dirs)
    listed = [law for law in reg.laws if show_all or law.layer != "base"]
    for law in listed:
        _print_law(law)
    base = [law for law in reg.laws if law.layer == "base"]
    if base and not show_all:
        counts: dict[str, int] = {}
        for law in base:
            counts[law.category] = counts.get(law.category, 0) + 1
        repealed = sum(1 for law in reg.laws if law.repealed is not None)
        parts = "、".join(f"{k} {v} 部" for k, v in counts.items())
        out_console.print(
            f"\n另有自带的国家法律法规库：{parts}（其中已废止 {repealed} 部）。"
            "用“qzqd laws 关键词”查找，“qzqd laws --all”列出全部。",
            markup=False,
        )
    out_console.print(f"共 {len(reg.laws)} 部。没有条文的只核对类别，不核对条号和引文。")


@laws_cmd.command("search")
@click.argument("words", nargs=-1, required=True, metavar="关键词")
@LAWS_OPTION
@click.pass_context
def search_cmd(ctx: click.Context, words: tuple[str, ...], law_dirs: tuple[Path, ...]) -> None:
    """查找名称中含有关键词的法律法规（也可直接写 qzqd laws 关键词）。

    \b
    示例：
      qzqd laws 安全生产
      qzqd laws search 道路 运输
    """
    from .cli import out_console

    reg = _registry((*ctx.obj.get("law_dirs", ()), *law_dirs))
    hits = reg.search(" ".join(words), limit=100)
    if not hits:
        raise UsageError(
            f"法律库中没有名称含“{' '.join(words)}”的法律法规。可用 --laws 目录补充（见 docs/laws.md），"
            "或用 qzqd laws add 添加从国家法律法规数据库下载的文件。"
        )
    for law in hits:
        _print_law(law)
    more = "（只列出前 100 部，请加关键词缩小范围）" if len(hits) >= 100 else ""
    out_console.print(f"找到 {len(hits)} 部{more}。查看条文：qzqd laws show 法律名称 条号")


_NUM = r"([0-9０-９零〇一二两三四五六七八九十百千]+)"
# 第五十二条, 52, 第52条, and with a 款 as citations write it: 第五十二条第二款.
_ARTICLE_ARG = re.compile(rf"^第?\s*{_NUM}\s*条?(?:之\s*{_NUM})?(?:\s*第\s*{_NUM}\s*款)?$")


@laws_cmd.command("show")
@click.argument("name", metavar="法规名称")
@click.argument("article", metavar="条号")
@click.option("--version", "version", metavar="日期", help="显示在该日期施行的版本（默认：现行版本）。")
@LAWS_OPTION
@click.pass_context
def show_cmd(ctx: click.Context, name: str, article: str, version: str | None, law_dirs: tuple[Path, ...]) -> None:
    """显示一条条文：法规名称写全称或简称，条号如“第四十五条”“45”或“第五十二条第二款”。

    \b
    示例：
      qzqd laws show 保密法 第五十二条
      qzqd laws show 保密法 第五十二条第二款
      qzqd laws show 保密法 第四十五条 --version 2022-07-18
    """
    from rich.markup import escape

    from .citations.parse import chinese_number, cn_numeral
    from .cli import out_console, parse_date_option
    from .validate.law_rules import cn_article, cn_date, version_name

    reg = _registry((*ctx.obj.get("law_dirs", ()), *law_dirs))
    law = reg.find(name)
    if law is None:
        amb = reg.ambiguous(name)
        if amb:
            raise UsageError(f"简称“{name}”可能指：" + "、".join(f"《{x.name}》" for x in amb) + "，请写全称。")
        names = [x.name for x in reg.laws] + [s for x in reg.laws for s in x.short_names]
        import difflib

        bare = name.strip("《》")
        close = [
            next((a for a in x.short_names if bare in a), x.name) for x in reg.search(bare, limit=3)
        ] or difflib.get_close_matches(bare, names, n=3, cutoff=0.4)
        hint = f"是不是：{'、'.join(close)}？" if close else "用“qzqd laws 关键词”查找法律库中的法律。"
        raise UsageError(
            f"法律库中没有《{bare}》。{hint}如果是本省的地方性法规、规章或新近修订的法律，可以放在自己的法律库目录中，"
            f"用 --laws 目录 指定（见 docs/laws.md），或用“qzqd laws add 文件 --laws 目录”添加"
            "从国家法律法规数据库下载的 .docx。"
        )
    m = _ARTICLE_ARG.match(article.strip())
    if m and any(g and len(g) > 12 for g in m.groups()):  # no law has that many articles (nor int() such a number)
        m = None
    number = chinese_number(m.group(1)) if m else None
    sub = (chinese_number(m.group(2)) or 0) if m and m.group(2) else 0
    clause = chinese_number(m.group(3)) if m and m.group(3) else None
    if number is None or (m and m.group(3) and clause is None):
        shown = article if len(article) <= 30 else article[:30] + f"…（共 {len(article)} 个字符）"
        raise UsageError(f"条号“{shown}”无法识别，应写作“第四十五条”“45”或“第五十二条第二款”。")
    when = parse_date_option(version, "--version")
    v = law.version_at(when)
    if v is None:
        raise UsageError(f"《{law.name}》在{cn_date(when)}还没有施行的版本。")
    if not v.has_text:
        gone = ""
        if law.repealed is not None:
            by = f"，由《{law.replaced_by}》取代" if law.replaced_by else ""
            gone = f"《{law.name}》已于{cn_date(law.repealed)}废止{by}。"
        texts = [x for x in law.versions if x.has_text and x.in_force_from]
        if texts:
            which = "、".join(f"--version {x.in_force_from}" for x in texts)
            raise UsageError(
                f"{gone}法律库没有《{law.name}》{version_name(law, v)}的条文，只有其他版本的条文（{which}）。"
                "可用“qzqd laws add 文件 --laws 目录”添加这一版本。"
            )
        raise UsageError(
            f"{gone}法律库只有《{law.name}》的类别和文号，没有条文。可在自己的法律库目录中补充条文，见 docs/laws.md。"
        )
    art = v.article(number, sub)
    if art is None:
        which = cn_article(number) + (f"之{cn_numeral(sub)}" if sub else "")
        raise UsageError(f"《{law.name}》{version_name(law, v)}没有{which}（共{len(v.articles)}条）。")
    paragraphs = art.text.split("\n")
    if clause is not None and not 1 <= clause <= len(paragraphs):
        raise UsageError(
            f"《{law.name}》{version_name(law, v)}{cn_article(number)}只有{cn_numeral(len(paragraphs))}款，"
            f"没有第{cn_numeral(clause)}款。"
        )
    out_console.print(f"[bold]《{law.name}》{art.heading}[/]", markup=True)
    for problem in law.problems[:3]:  # what the corpus parser tolerated or could not read (docs/laws-corpus.md)
        out_console.print(f"注意：法律库中的文本：{problem}", markup=False)
    if len(law.problems) > 3:
        out_console.print(f"（另有 {len(law.problems) - 3} 处，见 docs/laws-corpus.md）", markup=False)
    place = "　".join(x for x in (art.chapter, art.section) if x)
    out_console.print(f"{version_name(law, v)}{'　' + place if place else ''}", markup=False)
    out_console.print()
    for k, para in enumerate(paragraphs, start=1):
        if k == clause:  # the 款 asked for, among the others of its article
            out_console.print(f"[bold]{escape(para)}[/]　[dim]（第{cn_numeral(k)}款）[/]", markup=True)
        else:
            out_console.print(para, markup=False)
    if version is None:
        # The article number a clerk holds usually comes from an old list: say when it meant another article.
        for older in law.versions[: law.versions.index(v)]:
            moved = law.maps_to(older, v, number)
            if moved is not None and moved != (number,):
                target = "、".join(cn_article(n) for n in moved) or "已删除"
                out_console.print(
                    f"\n注意：{cn_date(older.adopted)}版的{cn_article(number)}在本版中为{target}；"
                    f"查看旧版条文用 --version {older.in_force_from or older.adopted}。",
                    markup=False,
                )
    for newer in law.newer_versions(v):
        moved = law.maps_to(v, newer, number)
        if moved is not None:
            target = "、".join(cn_article(n) for n in moved) or "无对应条款"
            out_console.print(
                f"\n在{cn_date(newer.adopted)}版（{cn_date(newer.in_force_from)}起施行）中：{target}", markup=False
            )


@laws_cmd.command("changes")
@click.argument("workbook", metavar="主表.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--since", "since", metavar="日期", help="从哪一天算起（默认：清单的成文日期）。")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出。")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), help="另存为 .xlsx 报告。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖。")
@LAWS_OPTION
@click.pass_context
def changes_cmd(
    ctx: click.Context,
    workbook: Path,
    since: str | None,
    as_json: bool,
    output: Path | None,
    force: bool,
    law_dirs: tuple[Path, ...],
) -> None:
    """清单引用的法律法规在清单日期（或 --since 日期）之后的修订和废止：哪些事项、哪些单元格引用了它们，
    引用的条文变成了什么（条号改变、条文改动、拆分合并、删除、整部废止）。这是年度动态调整的依据。

    \b
    示例：
      qzqd laws changes 主表-2022.xlsx
      qzqd laws changes 主表-2022.xlsx --since 2023-01-01 -o 法律变化.xlsx
      qzqd laws changes 主表-2022.xlsx --json
    """
    import json

    from .cli import out_console, parse_date_option
    from .fsutil import check_input, check_output
    from .laws.changes import list_changes, write_changes_xlsx
    from .reading.xlsx import read_workbook
    from .validate.law_rules import cn_date

    if output is not None and output.suffix.lower() != ".xlsx":
        raise UsageError("-o 的输出文件必须是 .xlsx，请换一个以 .xlsx 结尾的文件名。")
    date = parse_date_option(since, "--since")
    src = check_input(workbook)
    if output is not None:
        check_output(output, force=force, inputs=(src,))
    pl = read_workbook(src)
    dirs = tuple(str(d) for d in (*ctx.obj.get("law_dirs", ()), *law_dirs))
    report = list_changes(pl, since=date, law_dirs=dirs)
    if output is not None:
        write_changes_xlsx(report, output, force=force, inputs=(src,))
    if as_json:
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        return
    how = "--since 指定" if since else "清单的成文日期"
    out_console.print(f"自{cn_date(report.since)}（{how}）以来，清单引用的法律法规的变化：", markup=False)
    if not report.laws:
        out_console.print("清单引用的法律法规在这之后没有修订或废止（以法律库所知为准）。", markup=False)
    for law in report.laws:
        out_console.print(f"\n[bold]《{law.law.name}》[/]", markup=True, highlight=False)
        for ch in law.changes:
            out_console.print(f"  {ch.headline}", markup=False)
        out_console.print(f"  清单中有 {len(law.cited)} 处引用：", markup=False)
        for c in law.cited:
            effects = "；".join(
                (ch.article(c.article).text if c.article else "未引用具体条号") if ch.kind != "废止" else "整部废止"
                for ch in law.changes
            )
            out_console.print(f"    {c.where}  {c.citation}\n      → {effects}", markup=False)
    if output is not None:
        out_console.print(f"\n报告已写入 {output}", markup=False)


@laws_cmd.command("add")
@click.argument("file", metavar="文件", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--effective", "effective", metavar="日期", help="施行日期（文件中没有写明时）。")
@click.option("--order", "order", metavar="文号", help="公布的文号，如“国务院令第786号”。")
@click.option(
    "--category", "category", metavar="类别", help="法律、行政法规、地方性法规、部门规章……（无法从文件判断时）。"
)
@LAWS_OPTION
@click.pass_context
def add_cmd(
    ctx: click.Context,
    file: Path,
    effective: str | None,
    order: str | None,
    category: str | None,
    law_dirs: tuple[Path, ...],
) -> None:
    """把一部法律（或已有法律的新版本）加入自己的法律库目录：国家法律法规数据库下载的 .docx，或语料格式的 .md。

    写入“目录/法律名称/”：条文、law.toml，以及与上一版本的新旧条文对照表（程序按文字自动生成，
    可信度低的条目会列出，请人工核对；update-citations 不会按这些条目改写）。
    qzqd 已有这部法律时，已有的各版本一并写入该目录，之后以该目录为准。

    \b
    示例：
      qzqd laws add 行政许可法.docx --laws 我的法律库
      qzqd laws add 广西保密条例.docx --laws 我的法律库 --category 地方性法规 --effective 2024-09-01
    """
    import sys

    from .cli import out_console, parse_date_option
    from .fsutil import check_input
    from .laws.add import add_law, guess_category, read_law_file
    from .validate.law_rules import cn_article, cn_date

    dirs = [*ctx.obj.get("law_dirs", ()), *law_dirs]
    if not dirs:
        from .citations.registry import law_dirs_from_env

        dirs = law_dirs_from_env()
    if not dirs:
        raise UsageError("请用 --laws 目录 指定自己的法律库目录（也可设置环境变量 QZQD_LAWS）。")
    target = Path(dirs[0])
    src = check_input(file)
    parsed = read_law_file(src)
    if target.exists() and not target.is_dir():
        raise UsageError(f"法律库目录“{target}”不是目录。")
    reg = _registry(tuple(d for d in dirs if Path(d).is_dir()))
    known = reg.find(parsed.title)
    when = parse_date_option(effective, "--effective")
    from .laws.corpus import version_from

    v = version_from(parsed, None)
    interactive = sys.stdin.isatty()
    if when is None and v.effective is None and interactive:
        answer = click.prompt(
            "文件没有写明施行日期，请输入（如 2025-01-01，直接回车表示不填）", default="", show_default=False
        )
        when = parse_date_option(answer or None, "施行日期")
    if order is None and not v.order and interactive:
        order = click.prompt(
            "文件没有写明文号，请输入（如 国务院令第786号，直接回车表示不填）", default="", show_default=False
        )
    if category is None and known is None and guess_category(parsed) is None:
        if not interactive:
            raise UsageError("无法从文件判断类别，请用 --category 指定（如 地方性法规、部门规章）。")
        from .laws.model import CATEGORIES

        category = click.prompt("请输入类别", type=click.Choice(CATEGORIES))
    result = add_law(src, target, effective=when, order=order or None, category=category, known=known)
    ver = result.version
    start = f"{cn_date(ver.effective)}起施行" if ver.effective else "施行日期未填（可用 --effective 指定）"
    out_console.print(
        f"已加入《{result.law_name}》（{result.category}）{cn_date(ver.adopted)}版：{result.articles}条，{start}"
        f"{'，' + ver.order if ver.order else ''} → {result.folder}",
        markup=False,
    )
    if result.replaced_known:
        out_console.print("qzqd 已有这部法律：已有的各版本一并写入该目录，今后以该目录为准。", markup=False)
    for p in result.problems:
        out_console.print(f"  读取时的问题：{p}", markup=False)
    for name, rows in result.maps:
        out_console.print(
            f"新旧条文对照表 {name}：{len(rows)} 条，其中需要人工核对 {sum(r.confidence != 'high' for r in rows)} 条",
            markup=False,
        )
    if result.unsure:
        out_console.print("需要人工核对的对照（核对后把 confidence 改为 reviewed）：", markup=False)
        for name, r in result.unsure:
            target_text = "、".join(cn_article(n) for n in r.new) or "（无对应，可能已删除）"
            out_console.print(f"  {name}：原{cn_article(r.old)} → {target_text}　相似度 {r.score:.2f}", markup=False)


@click.command("update-citations")
@click.argument("workbook", metavar="主表.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="新版本工作簿（.xlsx）。",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="日期",
    help="按哪一天施行的法律版本更新，如 2025-01-01 或 2025年1月1日（默认：今天）。",
)
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖。")
@LAWS_OPTION
def update_cmd(workbook: Path, output: Path, as_of: str | None, force: bool, law_dirs: tuple[Path, ...]) -> None:
    """把过时的引用改为现行条号和条文，另存为新版本（原文件不变）。

    \b
    能确定的（一条对一条）直接改写，单元格标浅黄色、加批注；
    拆分、合并或已删除的条文不改，单元格标浅橙色、批注写明原因，请人工处理。
    不加 --as-of 时按今天施行的版本更新（把旧清单更新到现行法律）。
    示例：
      qzqd update-citations 主表-2022.xlsx -o 主表-2025.xlsx
      qzqd update-citations 主表-2022.xlsx -o 主表-2025.xlsx --as-of 2025-01-01
    """
    from .cli import out_console, parse_date_option
    from .update import update_citations
    from .validate.law_rules import cn_date

    # Default today, not the list's own 成文日期: a clerk updates an old list to the laws now in force; the
    # version in force at the list's date is what it already cites.
    date = parse_date_option(as_of, "--as-of") or dt.date.today()
    result = update_citations(workbook, output, as_of=date, law_dirs=tuple(str(d) for d in law_dirs), force=force)
    # Said once the work is done: never before a 文件不存在 error.
    how = "--as-of 指定" if as_of is not None else "今天，可用 --as-of 指定其他日期"
    out_console.print(f"按{cn_date(date)}（{how}）施行的法律版本更新引用。", markup=False)
    out_console.print(f"已改写 {len(result.changes)} 处引用（{len(result.cells)} 个单元格）→ {output}")
    if result.formulas:
        from .formulas import say

        out_console.print(say(result.formulas), markup=False)
    if result.undecided:
        out_console.print(f"\n以下 {len(result.undecided)} 处需要人工处理：", markup=False)
        for u in result.undecided:
            out_console.print(f"  {u.where}  {u.citation}：{u.reason}", markup=False)
    else:
        out_console.print("没有需要人工处理的引用。")
    if result.notice_date_stale:
        check = f"检查新文件时请加 --as-of {date.isoformat()}"
        if result.notice_sheet is None:
            text = f"新文件没有发文信息工作表，不知道成文日期。{check}，否则会按今天的日期检查。"
        else:
            written = result.notice_date or "（空）"
            text = (
                f"新文件工作表“{result.notice_sheet}”中的成文日期仍是 {written}。{check}，"
                "或先把成文日期改为新通知的日期，否则会按旧法条检查。"
            )
        out_console.print(f"\n注意：{text}", markup=False)


def register(main: click.Group) -> None:
    """Add this feature's commands to main."""
    main.add_command(laws_cmd)
    main.add_command(update_cmd)
