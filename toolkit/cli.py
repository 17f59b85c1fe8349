"""The qzqd command line: parse options, call the library, print. Errors become exit codes here only."""

from __future__ import annotations

import datetime as dt
import os
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.markup import escape

from . import __version__, cleanup
from .cli_i18n import ChineseContext, translate_error, use_chinese
from .errors import OS_ERRORS, QzqdError, UsageError, from_os_error

if TYPE_CHECKING:
    from .model import Finding

err_console = Console(stderr=True, highlight=False, soft_wrap=True)
out_console = Console(highlight=False, soft_wrap=True)

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class QzqdGroup(click.Group):
    """Maps QzqdError to its Chinese message and exit code; tracebacks only with --debug."""

    context_class = ChineseContext

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        # click prints its own parsing errors in English; run it non-standalone and print them in Chinese.
        args = _debug_first(sys.argv[1:] if args is None else list(args))
        from . import limits

        with cleanup.installed(hard_exit=_HARD_EXIT["on"]), limits.raised(""):  # --limit lasts one command
            if not standalone_mode:
                return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            return self._main_standalone(args, prog_name, complete_var, **extra)

    def _main_standalone(self, args: list[str], prog_name: str | None, complete_var: str | None, **extra: Any) -> Any:
        try:
            rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:
            # `qzqd` (or `qzqd laws`) alone: the help a clerk is looking for, not an error
            out_console.print(exc.ctx.get_help() if exc.ctx else "", markup=False, highlight=False)
            sys.exit(0)
        except click.ClickException as exc:
            _print_click_error(exc)
            sys.exit(2)  # click's errors are all about the command line: exit 2, as for unusable input
        except click.exceptions.Abort as exc:
            # click turns a KeyboardInterrupt met outside a command (while parsing) into Abort
            cause = exc.__cause__ if isinstance(exc.__cause__, KeyboardInterrupt) else KeyboardInterrupt()
            sys.exit(cleanup.finish(cause, _say_interrupted))
        sys.exit(rv if isinstance(rv, int) else 0)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QzqdError as exc:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            err_console.print(f"[bold red]错误：[/]{escape(exc.format())}", markup=True, highlight=False)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt as exc:  # Ctrl+C, SIGTERM, SIGHUP (toolkit.cleanup): everything has unwound
            ctx.exit(cleanup.finish(exc, _say_interrupted))
        except OSError as exc:  # a full disk, a name too long …: said in Chinese like any other failure
            if ctx.obj and ctx.obj.get("debug"):
                raise
            if exc.errno not in OS_ERRORS:
                _internal_error(exc)
                ctx.exit(2)
            error = from_os_error(exc)
            err_console.print(f"[bold red]错误：[/]{escape(error.format())}", markup=True, highlight=False)
            ctx.exit(error.exit_code)
        except Exception as exc:  # a bug: say so plainly, keep the traceback for --debug
            if ctx.obj and ctx.obj.get("debug"):
                raise
            _internal_error(exc)
            ctx.exit(2)


def _internal_error(exc: BaseException) -> None:
    err_console.print(
        f"[bold red]qzqd 内部错误：[/]{escape(f'{type(exc).__name__}: {exc}')}\n"
        "加 --debug 参数可查看详细信息，请把它报告给维护者。",
        markup=True,
        highlight=False,
    )


def _say_interrupted(line: str) -> None:
    err_console.print(line, markup=False, highlight=False)


_HARD_EXIT = {"on": False}  # set by run(): this process is the qzqd command, it may end itself at once


@click.group(cls=QzqdGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", message="qzqd %(version)s", help="显示版本号并退出。")
@click.option("--debug", is_flag=True, help="出错时显示完整的调试信息（traceback）。")
@click.option(
    "--limit",
    "limit_specs",
    multiple=True,
    metavar="名称=数值",
    help="放宽输入文件的限额（可重复，写在命令中任意位置），如 --limit rows=300000；"
    "名称：bytes、ratio、rows、columns、cells、cell_chars、chars、merges（见 docs/limits.md）。",
)
@click.pass_context
def main(ctx: click.Context, debug: bool, limit_specs: tuple[str, ...]) -> None:
    """qzqd：权责清单维护工具——主表工作簿、导入、检查、版本比对、正式通知排版。

    \b
    常用命令：
      qzqd init 新主表.xlsx                 生成空白主表
      qzqd import 通知.txt -o 主表.xlsx      把发布的清单导入为主表
      qzqd validate 主表.xlsx               检查清单内容
    """
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug
    if limit_specs:
        from . import limits

        try:
            limits.configure(limit_specs)
        except QzqdError as exc:
            err_console.print(f"[bold red]错误：[/]{escape(exc.format())}", markup=True, highlight=False)
            ctx.exit(2)


PROFILE_HELP = "写入发文信息“检查规则”一栏：qzqd validate 按哪套规则检查，如 广西2022（默认全国通用；qzqd rules --profile 名称 查看）。"


def _profile_name(profile: str | None) -> str:
    """The Chinese name of a profile given on the command line ("" for none); a usage error when unknown."""
    if not profile:
        return ""
    from .validate.profile import load_profile

    return load_profile(profile).name


@main.command("init")
@click.argument("path", metavar="新主表.xlsx", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="文件已存在时覆盖。")
@click.option("--profile", "profile", metavar="检查规则", help=PROFILE_HELP)
def init_cmd(path: Path, force: bool, profile: str | None) -> None:
    """生成一个空白主表工作簿（权责清单、发文信息、填表说明三个工作表）。"""
    from .writer import init_workbook

    init_workbook(path, force=force, profile=_profile_name(profile))
    out_console.print(f"已生成空白主表：{path}")


@main.command("import")
@click.argument("src", metavar="清单文件", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="输出的主表工作簿（.xlsx）。",
)
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖。")
@click.option("--profile", "profile", metavar="检查规则", help=PROFILE_HELP)
def import_cmd(src: Path, output: Path, force: bool, profile: str | None) -> None:
    """把发布的清单导入为主表工作簿：Word 复制的文本 .txt、网页复制的文字、.docx、.xlsx、.xls、.ods、.csv、
    网页（.html、.mht，或网上系统导出的 .xls）。

    \b
    原表每个有内容的单元格都进入主表：标准列、按原列名保留的附加列，或（标题、填报单位、制表人等版式内容）
    在导入报告中列出。导入后列出原表每一列的去向。
    退出码：0 导入成功；1 已导入，但有错误要改正，或有内容是推断归入的、没有列名或没有读取，请按提示核对
    （QZ009、QZ010、QZ013）；
    2 文件无法读取、表格不完整或命令用法不对。
    示例：
      qzqd import 通知.txt -o 主表.xlsx
      qzqd import 权责清单.docx -o 主表.xlsx --force
    """
    from .reading import import_file
    from .reading.codes import REVIEW_CODES, needs_review
    from .writer import write_workbook

    if output.suffix.lower() != ".xlsx":
        raise UsageError("输出文件必须是 .xlsx（Excel 工作簿），请换一个以 .xlsx 结尾的文件名。", path=output)
    from .fsutil import check_output

    check_output(output, force=force, inputs=(src,))
    profile_name = _profile_name(profile)
    pl = import_file(src)
    if profile_name:
        pl.notice.profile = profile_name
    write_workbook(pl, output, force=force)
    out_console.print(f"已导入 {len(pl)} 个事项 → {output}")
    if pl.notice.doc_number or pl.notice.title:
        out_console.print(f"发文信息：{pl.notice.doc_number} {pl.notice.title}")
    print_column_map(out_console, pl)
    print_findings(err_console, pl.warnings, by_severity=True)  # the place (sheet, cell) once, as render prints it
    errors = sum(f.severity == "error" for f in pl.warnings)
    if errors:  # written, but not clean: a script must not take it for a clean import
        err_console.print(f"已写入主表，但有 {errors} 个错误（见上），请在主表中改正后再用 qzqd validate 检查。")
        click.get_current_context().exit(1)
    if needs_review(pl):
        reasons = {
            "QZ009": "有内容是推断归入的或没有列名",
            "QZ010": "有远在清单之外的单元格没有读取",
            "QZ013": "还有别的清单（工作表或表格）没有读取",
        }
        found = sorted({w.code for w in pl.warnings if w.code in REVIEW_CODES})
        err_console.print(
            "；".join(f"{reasons.get(c, '有内容要核对')}（{c}）" for c in found) + "，请按上面的提示核对。"
        )
        click.get_current_context().exit(1)


@main.command("headers")
@click.option("--markdown", is_flag=True, help="以 Markdown 输出（即 docs/headers.md 的内容）。")
def headers_cmd(markdown: bool) -> None:
    """列出导入和检查时能识别的列名，以及每个列名归入主表的哪一列。

    \b
    不在表中的列名也不会丢：导入时作为附加列按原列名保留，并在导入报告中列出。
    示例：
      qzqd headers
      qzqd headers --markdown > docs/headers.md
    """
    from .reading.vocabulary import entries
    from .reading.vocabulary import markdown as vocabulary_markdown

    if markdown:
        click.echo(vocabulary_markdown(), nl=False)
        return
    for e in entries():
        t = e.target
        where = {"extra": "附加列", "steps": "办理环节（并入责任事项）", "group": "分组标签"}.get(t.kind) or (
            "＋".join(t.columns) if t.kind == "combined" else "｜".join(t.columns)
        )
        out_console.print(f"{escape(e.wording)} → {escape(where)}", markup=True)


def print_column_map(console: Console, pl: Any) -> None:
    """Where each source column went, one line each: ``原表的列 → 主表的列``."""
    if not pl.column_map:
        return
    console.print("原表各列的去向：")
    for p in pl.column_map:
        console.print(f"  {escape(p.source)} → {escape(p.describe())}", markup=True)


def _debug_first(args: list[str]) -> list[str]:
    """Accept ``--debug`` and ``--limit 名称=数值`` anywhere before ``--`` (users add them at the end of the
    command they just ran): moved before the command name, where the group's options belong.

    >>> _debug_first(["validate", "a.xlsx", "--limit", "rows=5", "--debug"])
    ['--debug', '--limit', 'rows=5', 'validate', 'a.xlsx']
    """
    end = args.index("--") if "--" in args else len(args)
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        if i < end and i > 0 and a == "--debug":
            front.insert(0, a)
        elif i < end and i > 0 and a == "--limit" and i + 1 < end:
            front += [a, args[i + 1]]
            i += 1
        elif i < end and i > 0 and a.startswith("--limit="):
            front.append(a)
        else:
            rest.append(a)
        i += 1
    if args[:1] == ["--debug"] and front[:1] == ["--debug"]:
        front = front[1:]
    return front + rest


SEVERITY_LABELS = {"error": "[red]错误[/]", "warning": "[yellow]警告[/]", "info": "[cyan]提示[/]"}


def print_findings(
    console: Console, findings: Iterable[Finding], *, source: str = "", by_severity: bool = False
) -> None:
    """Print findings one a line as ``警告 QZ008 工作表“权责清单”：…`` (import's, render's and diff's form).

    ``source`` names the workbook when there are two (diff: 旧版“a.xlsx”); with ``by_severity`` each line is
    labelled by its finding's severity (错误/警告/提示), else every line reads 警告.
    """
    for f in findings:
        label = SEVERITY_LABELS.get(f.severity, "提示") if by_severity else SEVERITY_LABELS["warning"]
        console.print(f"{label} {f.code} {escape(f.place_text(source))}", markup=True)


def parse_date_option(value: str | None, option: str) -> dt.date | None:
    """The date of an option (--as-of, --version), written as a clerk writes 成文日期, or a Chinese error.

    The parser of 成文日期 reads it, the whole option being the date; full-width digits are accepted too.

    >>> [parse_date_option(v, "--as-of") for v in ("2026-03-18", "2026/3/18", "2026.3.18", "2026年3月18日")]
    [datetime.date(2026, 3, 18), datetime.date(2026, 3, 18), datetime.date(2026, 3, 18), datetime.date(2026, 3, 18)]
    """
    from .citations.registry import parse_date

    if value is None:
        return None
    d = parse_date(unicodedata.normalize("NFKC", value), whole=True)
    if d is None:
        raise UsageError(
            f"{option} 的日期“{value}”无法识别，应写作 2024-09-01、2024/9/1、2024.9.1 或 2024年9月1日"
            "（须是实际存在的日期）。"
        )
    return d


def _print_click_error(exc: click.ClickException) -> None:
    ctx = getattr(exc, "ctx", None)
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
        help_names = ctx.help_option_names
        if help_names:
            lines.append(f"查看帮助：{ctx.command_path} {help_names[0]}")
        lines.append("")
    lines.append(f"错误：{translate_error(exc.format_message())}")
    err_console.print("\n".join(lines), markup=False, highlight=False)


def _register_feature_commands() -> None:
    # Each feature keeps its commands in its own module, so the CLI stays a thin layer.
    from . import cli_adjust, cli_diff, cli_laws, cli_render, cli_validate

    for module in (cli_validate, cli_diff, cli_adjust, cli_laws, cli_render):
        module.register(main)
    use_chinese([main])


_register_feature_commands()


def run() -> None:  # console-script entry point
    # Output redirected to a file on a Chinese Windows is encoded as GBK, which lacks a few characters
    # qzqd prints (e.g. "✓"): replace those rather than fail after the work is done.
    # A file name that is not UTF-8 (copied from an old GBK system) is printed with its own bytes, as ls does.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            utf8 = (stream.encoding or "").lower().replace("-", "") == "utf8"
            stream.reconfigure(errors="surrogateescape" if utf8 else "replace")
    _HARD_EXIT["on"] = True
    try:
        try:
            main(prog_name="qzqd")
        except QzqdError as exc:  # only with --debug: the traceback, and still the error's own exit code
            import traceback

            traceback.print_exc()
            sys.exit(exc.exit_code)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if code in (0, 1) and _nothing_left_to_clean_up():
            # Tearing down WeasyPrint's and pandas' millions of objects takes ~0.3 s after the work is done
            # and saved (outputs are written and renamed before this point); skip it on a normal exit.
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            except (OSError, ValueError):
                raise exc from None
            os._exit(code)
        raise


def _nothing_left_to_clean_up() -> bool:
    import threading

    mp = sys.modules.get("multiprocessing")
    if mp is not None and mp.active_children():  # a worker still running: let the normal exit handle it
        return False
    return threading.active_count() == 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
