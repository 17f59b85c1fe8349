"""CLI commands for the render feature (registered on the main group by toolkit.cli)."""

from __future__ import annotations

from pathlib import Path

import click

FONT_HELP = "为某个字体角色指定字体，可重复，例如 --font 仿宋=仿宋_GB2312（角色：小标宋、仿宋、黑体、楷体、宋体）。"
CONFIG_HELP = "字体配置文件（[fonts] 一节，每行 角色 = 字体名）。"


def _overrides(font_opts: tuple[str, ...], fonts_config: Path | None) -> dict[str, str]:
    from .render.fonts import parse_overrides, read_fonts_config

    overrides: dict[str, str] = {}
    if fonts_config is not None:
        overrides.update(read_fonts_config(fonts_config))
    overrides.update(parse_overrides(list(font_opts)))  # options win over the file
    return overrides


def register(main: click.Group) -> None:
    """Add this feature's commands to main."""

    @main.command("render")
    @click.argument("workbook", metavar="主表.xlsx", type=click.Path(path_type=Path))
    @click.option(
        "-o",
        "--output",
        "output",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="输出的 PDF 文件，例如 output/通知.pdf。",
    )
    @click.option(
        "--html",
        "html_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="同时输出 HTML 预览（与 PDF 使用同一套模板）。",
    )
    @click.option("--force", is_flag=True, help="输出文件已存在时覆盖。")
    @click.option("--font", "font_opts", multiple=True, metavar="角色=字体", help=FONT_HELP)
    @click.option("--fonts-config", type=click.Path(dir_okay=False, path_type=Path), help=CONFIG_HELP)
    @click.option(
        "--jobs",
        type=click.IntRange(1, 64),
        default=None,
        help="并行排版的进程数（默认等于 CPU 核数；事项多时分段并行，少时在有空闲核时用两个进程）。--jobs 1 只用一个进程。",
    )
    @click.option(
        "--list-only",
        is_flag=True,
        help="只排权责清单表格（标题取“附件名称”，没有时为“权责清单”），不排通知；发文信息可以不填。",
    )
    @click.option(
        "--extra-columns",
        is_flag=True,
        help="把附加列（导入时按原列名保留的列，如“办理时限”）排在“备注”之后；不加时附加列不排入，并给出提示。",
    )
    @click.option(
        "--landscape/--portrait",
        default=None,
        help="表格页的排法。--portrait：页面为纵向，表格横排（表头朝左），页码位置与正文页一致（GB/T 9704 第 8 章），"
        "适合双面打印装订，排通知时默认用它；--landscape：表格页为横向页面，便于屏幕阅读、网上公开和复制文字，"
        "--list-only 时默认用它。",
    )
    def render_cmd(
        workbook: Path,
        output: Path,
        html_path: Path | None,
        force: bool,
        font_opts: tuple[str, ...],
        fonts_config: Path | None,
        jobs: int | None,
        list_only: bool,
        extra_columns: bool,
        landscape: bool | None,
    ) -> None:
        """把主表排版为正式通知 PDF（GB/T 9704-2012 格式，附件为权责清单表格）。

        \b
        例：qzqd render workbooks/xingan-2022.xlsx -o output/xingan-2022.pdf --html output/xingan-2022.html
        只排清单：qzqd render workbooks/xingan-2022.xlsx -o output/清单.pdf --list-only
        网上公开用（表格页横向）：qzqd render workbooks/xingan-2022.xlsx -o output/公开.pdf --landscape
        """
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

        from .cli import err_console, out_console, print_findings
        from .fsutil import check_input, check_output
        from .reading.xlsx import read_workbook
        from .render.build import check_output_suffixes, render
        from .render.checks import check_notice, notice_findings
        from .render.fonts import resolve_fonts

        # render() checks these again; checked here too so a wrong name is refused before the workbook is read.
        check_output_suffixes(output, html_path)
        src = check_input(workbook)
        for out in (output, html_path):
            if out is not None:  # the folder must exist, as for every command's output
                check_output(out, force=force, inputs=(src,))
        fonts = resolve_fonts(_overrides(font_opts, fonts_config))
        pl = read_workbook(src)
        # Values validate flags are typeset as written (a draft may be wanted): warn, name the cell, go on.
        findings = []
        if not list_only:  # the list alone needs no notice
            check_notice(pl)
            findings = notice_findings(pl)
        # Reading warnings change what gets typeset (hidden rows included, unknown columns left out, formulas
        # without a value blank): the clerk sees them here as validate would show them.
        print_findings(err_console, [*pl.reading_warnings(), *findings])
        if pl.extra_columns and not extra_columns:
            names = "、".join(f"“{n}”" for n in pl.extra_columns)
            err_console.print(
                f"提示：附加列 {names} 没有排入表格；要排入，加 --extra-columns（排在“备注”之后）。",
                markup=False,
            )
        substitutes = [c.role.name for c in fonts.values() if c.is_substitute]
        if substitutes:
            err_console.print(
                f"提示：未安装公文字体（{'、'.join(substitutes)}），使用替代字体排版；"
                "用 qzqd fonts 查看，或用 --font 指定。"
            )
        # Ctrl+C and SIGTERM unwind through render's cleanups like every command's (toolkit.cleanup).
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
            auto_refresh=False,  # no refresh thread: the parallel renderer forks worker processes
        ) as bar:
            tasks: dict[str, TaskID] = {}

            def progress(phase: str, done: int, total: int) -> None:
                if phase not in tasks:
                    tasks[phase] = bar.add_task(phase, total=max(total, 1))
                bar.update(tasks[phase], completed=done, total=max(total, 1))
                bar.refresh()

            result = render(
                pl,
                output,
                html_path,
                fonts=fonts,
                jobs=jobs,
                force=force,
                inputs=(src,),
                progress=progress,
                list_only=list_only,
                extra_columns=extra_columns,
                landscape=landscape,
            )
        out_console.print(
            f"已排版 {result.items} 个事项，共 {result.pages} 页 → {result.pdf}（{result.seconds:.1f} 秒）"
        )
        if result.html is not None:
            out_console.print(f"HTML 预览 → {result.html}")
        if findings:
            err_console.print(
                f"注意：发文信息中有 {len(findings)} 处问题（见上），已按原样排版；这份 PDF 只宜作草稿，"
                "改正后请重新排版。"
            )

    @main.command("fonts")
    @click.option("--font", "font_opts", multiple=True, metavar="角色=字体", help=FONT_HELP)
    @click.option("--fonts-config", type=click.Path(dir_okay=False, path_type=Path), help=CONFIG_HELP)
    def fonts_cmd(font_opts: tuple[str, ...], fonts_config: Path | None) -> None:
        """显示每个字体角色（小标宋、仿宋、黑体、楷体、宋体）实际使用的字体。"""
        from rich.table import Table

        from .cli import out_console
        from .render.fonts import resolve_fonts

        fonts = resolve_fonts(_overrides(font_opts, fonts_config))
        table = Table(title="公文字体", show_lines=False)
        for head in ("角色", "用途", "使用字体", "来源", "字体文件"):
            table.add_column(head)
        for choice in fonts.values():
            weight = "（粗体）" if choice.weight >= 600 else ""
            table.add_row(choice.role.name, choice.role.use, choice.family + weight, choice.how, str(choice.file or ""))
        out_console.print(table)
        if any(c.is_substitute for c in fonts.values()):
            out_console.print(
                "“替代字体”表示没有安装对应的公文字体。安装后会自动使用；也可以用 --font 角色=字体名 指定。"
            )
