"""CLI commands for the diff feature: ``qzqd diff`` and ``qzqd textconv`` (registered by toolkit.cli)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rich.console import Console

    from .diff.core import Diff


def register(main: click.Group) -> None:
    """Add this feature's commands to main."""
    main.add_command(diff_cmd)
    main.add_command(textconv_cmd)


@click.command("diff")
@click.argument("old", metavar="旧版.xlsx", type=click.Path(path_type=Path))
@click.argument("new", metavar="新版.xlsx", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="输出调整对照表：.xlsx（Excel）、.html（网页）、.pdf 或 .json，按扩展名决定格式。",
)
@click.option("--json", "as_json", is_flag=True, help="把比对结果以 JSON 格式输出到屏幕。")
@click.option("--show-format", is_flag=True, help="同时列出仅有空格、全半角或标点写法差异的内容（默认不列出）。")
@click.option("--limit", type=int, default=200, show_default=True, help="屏幕上最多列出的事项数。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖。")
def diff_cmd(
    old: Path, new: Path, output: Path | None, as_json: bool, show_format: bool, limit: int, force: bool
) -> None:
    """比对清单的两个版本（先写旧版，后写新版），列出新增、取消、变更的事项。

    \b
    事项按事项编码（两版都有时）或“权力分类+项目名称+子项名称”对应；改名但内容基本相同的事项
    认定为“变更”。序号或行的顺序变化不算变更。
    退出码：0 两版相同；1 有差异；2 文件无法读取或命令用法不对。

    \b
    示例：
      qzqd diff 2022版.xlsx 2025版.xlsx
      qzqd diff 2022版.xlsx 2025版.xlsx -o 调整对照表.xlsx
    """
    from .cli import err_console, out_console
    from .diff import diff
    from .diff.reports import check_report_path, print_terminal, summary_line, to_json, write_report
    from .fsutil import check_input, check_output

    check_input(old)
    check_input(new)
    if output is not None:  # refused before the comparison, not after it
        check_output(check_report_path(output), force=force, inputs=(old, new))
    d = diff(old, new)
    # A hidden row is still read as an item, an unknown column is left out, a formula without a saved value
    # reads as empty: each changes what is compared, so the clerk sees it here as validate and render show it.
    print_reading_warnings(d, err_console)
    if output is not None:
        write_report(d, output, force=force, show_format=show_format, rows=reason_rows(d, output, show_format))
    if as_json:
        click.echo(json.dumps(to_json(d, show_format=show_format), ensure_ascii=False, indent=2))
    elif output is not None:
        out_console.print(f"比对结果：{summary_line(d)}")
        out_console.print(f"调整对照表已写入：{output}")
    else:
        print_terminal(d, out_console, show_format=show_format, limit=limit)
    if d.has_differences(show_format):
        raise click.exceptions.Exit(1)


def reason_rows(d: Diff, output: Path, show_format: bool):  # type: ignore[no-untyped-def]
    """The 调整对照表's rows with 调整理由 filled (the new workbook's 调整说明, the law library), or None for
    JSON or a list not read from a workbook."""
    if output.suffix.lower() == ".json" or d.new.source.path is None:
        return None
    from .adjust.comparison import comparison_rows
    from .adjust.plan import plan_adjustments
    from .adjust.sheets import read_sheets

    return comparison_rows(
        plan_adjustments(d, read_sheets(d.new.source.path), proposals=False), show_format=show_format
    )


def print_reading_warnings(d: Diff, console: Console) -> None:
    """The reading warnings of both workbooks, each line naming its workbook, in render's form."""
    from .cli import print_findings
    from .diff.reports import sides

    for _key, label, pl in sides(d):
        print_findings(console, pl.reading_warnings(), source=label)


@click.command("textconv")
@click.argument("workbook", metavar="主表.xlsx", type=click.Path(path_type=Path))
def textconv_cmd(workbook: Path) -> None:
    """把清单工作簿转成稳定的逐行文本，供 git diff 比较版本（git 的 textconv 用）。

    \b
    在仓库的 .gitattributes 中写：  *.xlsx diff=qzqd
    再执行一次：                    git config diff.qzqd.textconv "qzqd textconv"
    """
    from .diff.textconv import workbook_text

    click.echo(workbook_text(workbook), nl=False)
