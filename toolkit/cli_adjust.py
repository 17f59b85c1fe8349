"""CLI command for the annual adjustment: ``qzqd adjust`` (registered by toolkit.cli)."""

from __future__ import annotations

from pathlib import Path

import click


def register(main: click.Group) -> None:
    """Add this feature's commands to main."""
    main.add_command(adjust_cmd)


@click.command("adjust")
@click.argument("first", metavar="旧版.xlsx", type=click.Path(path_type=Path))
@click.argument("second", metavar="新版.xlsx", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    metavar="目录",
    help="调整材料写入的目录（不存在时新建）。",
)
@click.option("--check", is_flag=True, help="核对收到的调整材料：qzqd adjust --check 材料目录 旧版.xlsx")
@click.option("--signer", metavar="姓名", help="请示的签发人（也可在新版工作簿的“请示”表中填写）。")
@click.option("--to", "recipient", metavar="机关", help="请示的主送机关，如“中共××县委机构编制委员会办公室”。")
@click.option("--doc-number", metavar="文号", help="请示的发文字号，如“×呈〔2025〕1号”。")
@click.option("--date", "date", metavar="日期", help="请示的成文日期（默认今天），如 2025-03-10。")
@click.option("--contact", metavar="姓名", help="联系人（写在请示的附注中）。")
@click.option("--phone", metavar="电话", help="联系电话（写在请示的附注中）。")
@click.option(
    "--laws",
    "law_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    metavar="目录",
    help="另外的法律库目录（可重复；也可用环境变量 QZQD_LAWS）。",
)
@click.option("--force", is_flag=True, help="材料目录中已有同名文件时覆盖。")
def adjust_cmd(
    first: Path,
    second: Path,
    output: Path | None,
    check: bool,
    signer: str | None,
    recipient: str | None,
    doc_number: str | None,
    date: str | None,
    contact: str | None,
    phone: str | None,
    law_dirs: tuple[Path, ...],
    force: bool,
) -> None:
    """生成报送机构编制部门的权责清单调整材料（先写旧版，后写新版）。

    \b
    材料目录中：调整对照表（.xlsx、.pdf，含调整依据及理由）、调整申请表（.xlsx）、
    请示（.pdf，GB/T 9704）、调整后权责清单（.xlsx）、调整数据（.json）。
    调整依据和理由：按法律库自动填写法律修订引起的改动；其余写在新版工作簿的“调整说明”表中。
    缺少理由、依据，取消或下放的事项缺少监管措施，或请示缺少签发人、主送机关、文号时，
    仍写出全部材料并标为“草稿”，逐条列出缺少的内容，退出码 1。
    退出码：0 材料完整；1 材料不完整（草稿）或核对不一致；2 文件无法读取或命令用法不对。

    \b
    示例：
      qzqd adjust 2022版.xlsx 2025版.xlsx -o 调整材料 --signer 张三 --to 中共××县委编办
      qzqd adjust --check 调整材料 2022版.xlsx       （编办核对收到的材料）
    """
    from rich.markup import escape

    from .cli import err_console, out_console, parse_date_option, print_findings
    from .errors import UsageError

    if check:
        from .adjust.package import check_package

        checked = check_package(first, second)
        if checked.ok:
            out_console.print(
                f"核对通过：把调整数据应用到旧版清单（{checked.items_before} 项），与调整后的清单"
                f"（{checked.items_after} 项）逐格一致；调整申请表列出全部 {checked.adjustments} 项调整。"
            )
            if checked.draft:
                out_console.print("注意：这份材料标为“草稿”，仍有须完善的内容（见材料中的“待完善事项.txt”）。")
            return
        for text in checked.problems:
            err_console.print(f"[red]不一致[/] {escape(text)}", markup=True, highlight=False)
        raise click.exceptions.Exit(1)
    if output is None:
        raise UsageError("请用 -o 指定调整材料写入的目录，例如：qzqd adjust 2022版.xlsx 2025版.xlsx -o 调整材料")
    from .adjust.package import TODO, build_package
    from .noticefields import cn_date

    day = parse_date_option(date, "--date")
    fields = {
        "签发人": signer or "",
        "主送机关": recipient or "",
        "发文字号": doc_number or "",
        "成文日期": cn_date(day) if day else "",
        "联系人": contact or "",
        "联系电话": phone or "",
    }
    result = build_package(first, second, output, request_fields=fields, law_dirs=law_dirs, force=force)
    for label, f in result.reading_warnings:
        print_findings(err_console, [f], source=label)
    s = result.summary
    out_console.print(f"调整前 {s.before} 项，调整后 {s.after} 项；本次调整 {s.total} 项：{s.kind_text()}。")
    auto = sum(1 for a in result.plan.adjustments if a.auto)
    if auto:
        out_console.print(f"其中 {auto} 项的调整依据或理由按法律库自动填写，请核对。")
    print_findings(err_console, result.problems, by_severity=True)
    out_console.print(f"调整材料已写入目录：{result.folder}")
    for path in result.files:
        out_console.print(f"  {path.name}")
    if not result.complete:
        errors = sum(1 for p in result.problems if p.severity == "error")
        err_console.print(
            f"[bold red]材料不完整：[/]有 {errors} 处须完善（见上，或“{TODO}”），全部材料已标为“草稿”。",
            markup=True,
            highlight=False,
        )
        raise click.exceptions.Exit(1)
