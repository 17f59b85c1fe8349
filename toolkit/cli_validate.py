"""CLI commands for the validate feature (registered on the main group by toolkit.cli)."""

from __future__ import annotations

import re
from pathlib import Path

import click

from .errors import UsageError


@click.command("validate")
@click.argument("workbook", metavar="主表.xlsx", type=click.Path(dir_okay=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出检查结果（供其他程序使用）。")
@click.option(
    "--annotate",
    "annotate",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="结果.xlsx",
    help="另存一份带批注的副本：每个问题写成单元格批注并标色，另加“检查结果”工作表。",
)
@click.option("--force", is_flag=True, help="--annotate 的输出文件已存在时覆盖。")
@click.option(
    "--category",
    "categories",
    multiple=True,
    metavar="分类名",
    help="额外允许的权力分类（可重复），如 --category 公共服务。",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="日期",
    help="按哪一天的法律版本检查引用，如 2025-01-01 或 2025年1月1日（默认：成文日期）。",
)
@click.option(
    "--laws",
    "law_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    metavar="目录",
    help="另外的法律库目录（可重复；也可用环境变量 QZQD_LAWS）。",
)
@click.option(
    "--profile",
    "profile",
    metavar="检查规则",
    help="按哪套检查规则检查，如 全国通用、广西2022 或自己写的 .toml 文件（默认：发文信息中“检查规则”一栏，"
    "没写时为全国通用）。qzqd rules --profile 名称 查看。",
)
@click.option("--skip", "skip", multiple=True, metavar="规则代码", help="跳过某条规则（可重复），如 --skip QZ204。")
@click.option("--all", "show_all", is_flag=True, help="在屏幕上显示全部问题（默认最多显示约 300 个）。")
def validate_cmd(
    workbook: Path,
    as_json: bool,
    annotate: Path | None,
    force: bool,
    categories: tuple[str, ...],
    as_of: str | None,
    law_dirs: tuple[Path, ...],
    profile: str | None,
    skip: tuple[str, ...],
    show_all: bool,
) -> None:
    """检查主表工作簿：表头与必填项、序号、权力分类、单元格内编号、责任主体、文号、法律依据的格式与类别。

    \b
    退出码：0 没有错误；1 有错误；2 文件无法读取或命令用法不对。
    示例：
      qzqd validate 主表.xlsx
      qzqd validate 主表.xlsx --annotate 主表-检查.xlsx
      qzqd validate 主表.xlsx --json > 结果.json
      qzqd validate 主表.xlsx --profile 广西2022
    """
    from .cli import err_console, out_console, parse_date_option
    from .validate import RULES, Options, print_report, validate
    from .validate.profile import load_profile
    from .validate.report import DEFAULT_LIMIT

    if profile:
        load_profile(profile)  # an unknown profile is a usage error (exit 2) before any reading
    unknown = [c for c in skip if c.upper() not in RULES]
    if unknown:
        raise UsageError(f"没有这条规则：{'、'.join(unknown)}。用“qzqd rules”查看全部规则代码。")
    if annotate is not None:
        from .validate.annotate import check_annotate_target

        check_annotate_target(workbook, annotate, force=force)
    options = Options(
        extra_categories=tuple(c.strip() for c in categories if c.strip()),
        as_of=parse_date_option(as_of, "--as-of"),
        law_dirs=tuple(str(d) for d in law_dirs),
        disabled=tuple(c.upper() for c in skip),
        profile=profile or None,
    )
    report = validate(workbook, options)
    if as_json:
        click.echo(report.to_json())
    else:
        print_report(report, out_console, limit=None if show_all else DEFAULT_LIMIT)
    if annotate is not None:
        from .validate.annotate import annotate as annotate_copy

        written = annotate_copy(workbook, report, annotate, force=force)
        console = err_console if as_json else out_console
        console.print(f"已另存带批注的副本：{annotate}", markup=False)
        if written.formulas:
            from .formulas import say

            console.print(say(list(written.formulas)), markup=False)
        if written.kept:
            # The clerk's own 检查结果 sheet stays; say where the results went, or they look missing.
            kept = "、".join(f"“{name}”" for name in written.kept)
            console.print(
                f"检查结果在工作表“{written.sheet}”中（工作簿里原有的{kept}工作表是自己建的，保持不动）。",
                markup=False,
            )
    if report.errors:
        click.get_current_context().exit(1)


@click.command("rules")
@click.option("--markdown", is_flag=True, help="以 Markdown 输出（即 docs/rules.md 的内容）。")
@click.option(
    "--profile",
    "profile",
    metavar="检查规则",
    help="只列出这套检查规则适用的规则及其级别，如 全国通用、广西2022。",
)
def rules_cmd(markdown: bool, profile: str | None) -> None:
    """列出 qzqd validate 的检查规则（代码、级别、名称、提示的写法）与各套检查规则。

    \b
    示例：
      qzqd rules                      # 全部规则，按全国通用规则的级别
      qzqd rules --profile 广西2022    # 这套检查规则适用哪些规则、各是什么级别
    """
    from .reading.codes import READ_SUMMARIES
    from .validate import RULES
    from .validate.profile import OFF, builtin_profiles, load_profile
    from .validate.report import SEVERITY_LABEL, SEVERITY_STYLE, rules_markdown

    if markdown:
        click.echo(rules_markdown(), nl=False)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    p = load_profile(profile)
    console = Console(highlight=False)
    console.print(f"{p.title}：{p.summary}", markup=False)
    table = Table(show_lines=False, header_style="bold")
    for name in ("代码", "级别", "名称", "提示的写法（“…”处为具体内容）"):
        table.add_column(name, no_wrap=name in ("代码", "级别"), overflow="fold")
    off = []
    for r in sorted(RULES.values(), key=lambda r: r.code):
        severity = p.severity(r.code, r.severity)
        if severity == OFF:
            off.append(f"{r.code} {r.title}")
            continue
        # The Chinese message with its blanks shown as "…": what a clerk will read in a finding.
        pattern = READ_SUMMARIES.get(r.code) or re.sub(r"\{[^{}]*\}", "…", r.message)
        table.add_row(r.code, Text(SEVERITY_LABEL[severity], style=SEVERITY_STYLE[severity]), r.title, pattern)
    console.print(table)
    console.print(f"共 {len(RULES)} 条规则，这套检查规则适用 {len(RULES) - len(off)} 条。", markup=False)
    if off:
        console.print(f"不适用（各地写法，由其他检查规则要求）：{'、'.join(off)}。", markup=False)
    if p.categories:
        console.print(
            f"权力分类：{'、'.join(p.categories)}；地方分类（警告）：{'、'.join(p.local_categories)}。", markup=False
        )
    others = "、".join(f"{load_profile(i).name}（{i}）" for i in builtin_profiles())
    console.print(f"可用的检查规则：{others}。每条规则的英文说明见 docs/rules.md。", markup=False)


def register(main: click.Group) -> None:
    """Add this feature's commands to main."""
    main.add_command(validate_cmd)
    main.add_command(rules_cmd)
