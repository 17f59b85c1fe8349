"""``qzqd validate --annotate``: a copy of the workbook with each finding as a cell comment and a fill.

The original is loaded with openpyxl as it is (formulas stay formulas) and never modified; the copy is
written through :func:`toolkit.fsutil.atomic_output`. Macros are not carried over: an ``.xlsm`` input gives
a macro-free ``.xlsx`` copy (the output must be named ``.xlsx``), so opening the copy never runs code.

>>> annotate_workbook("主表.xlsx", validate("主表.xlsx"), "主表-检查.xlsx")  # doctest: +SKIP
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import NamedTuple

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.worksheet import Worksheet

from .. import comments
from ..errors import CorruptWorkbookError, OutputError, UnsupportedFormatError
from ..formulas import neutralise
from ..fsutil import atomic_output, check_input, check_output
from ..model import Finding
from ..writer import PAPER_A4, print_setup
from ..xlsxstyle import BODY_FONT, FONT_NAME, FONT_SIZE, WRAP_TOP, row_height, row_points
from .report import SEVERITY_LABEL, SEVERITY_RANK, Report, finding_sort_key

RESULT_SHEET = "检查结果"
RESULT_HEADERS = ("级别", "代码", "工作表", "单元格", "列", "说明")
# A hidden sheet-scoped defined name marks a 检查结果 sheet qzqd wrote: only such a sheet is replaced when the
# copy is annotated again; a clerk's own sheet of that name stays.
RESULT_MARKER = "qzqd_检查结果"
AUTHOR = comments.AUTHOR
FILLS = {
    "error": PatternFill("solid", fgColor="FFC7CE"),
    "warning": PatternFill("solid", fgColor="FFEB9C"),
}


def check_annotate_target(src: str | Path, out: str | Path, *, force: bool) -> None:
    """Refuse an unusable --annotate target before any work is done.

    >>> check_annotate_target("主表.xlsx", "主表.xlsm", force=False)  # doctest: +SKIP
    Traceback (most recent call last):
    toolkit.errors.OutputError: 文件“主表.xlsm”：带批注的副本必须保存为 .xlsx 文件（不保存宏）。
    """
    src, out = Path(src), Path(out)
    if out.suffix.lower() != ".xlsx":
        raise OutputError("带批注的副本必须保存为 .xlsx 文件（不保存宏）。", path=out)
    from ..reading.xlsx import other_document, sniff_format

    if other_document(src):  # the content decides: an .xlsx renamed .xls is fine
        # The hint fits what the file is. An .xls/.ods is not converted here: openpyxl cannot read them, and a
        # copy rebuilt from the values alone would lose the clerk's formatting, formulas and notes.
        kind = sniff_format(src) if src.is_file() else src.suffix.lower().lstrip(".")
        if kind in ("xls", "ods"):
            name = "旧版 .xls 工作簿" if kind == "xls" else " OpenDocument 表格（.ods）"
            raise UnsupportedFormatError(
                f"只能给 .xlsx / .xlsm 工作簿加批注，这是{name}。",
                path=src,
                hint=f"请先在 {'Excel 或 WPS' if kind == 'xls' else 'WPS、LibreOffice 或 Excel'} 中把它“另存为”.xlsx，"
                f"再对 .xlsx 运行 --annotate；不加 --annotate 时可以直接检查 .{kind} 文件。",
            )
        if kind in ("doc", "docx"):
            raise UnsupportedFormatError(
                "只能给 .xlsx / .xlsm 工作簿加批注，这是 Word 文档。",
                path=src,
                hint="请先用“qzqd import 文件 -o 主表.xlsx”导入为主表工作簿，再检查、加批注。",
            )
        raise UnsupportedFormatError(
            "只能给 .xlsx / .xlsm 工作簿加批注。",
            path=src,
            hint="Word 或文本文件请先用“qzqd import”导入为主表；旧版 .xls 或 .ods 请先在 Excel、WPS 或 LibreOffice 中"
            "“另存为”.xlsx。",
        )
    if os.path.abspath(src) == os.path.abspath(out):
        raise OutputError("输出文件与输入文件相同；qzqd 不会改动输入文件，请换一个输出文件名。", path=out)
    check_output(out, force=force, inputs=(src,))


def _load(src: Path) -> Workbook:
    check_input(src)
    try:
        # keep_vba=False: the copy carries no macros; data_only=False: formulas are kept as written. Opened
        # from a file object, so the name's extension does not matter (openpyxl refuses ".xls" names).
        with src.open("rb") as fh:
            return load_workbook(fh, data_only=False, keep_vba=False, rich_text=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise CorruptWorkbookError(f"无法用于生成批注副本（{exc}）。", path=src) from exc


def _cell_of(f: Finding, ws: Worksheet, first_letter: str) -> str | None:
    if f.cell:
        return f.cell
    if f.row:
        return f"{first_letter}{f.row}"
    return None


def _clear_old_findings(wb: Workbook) -> None:
    """Remove what an earlier ``--annotate`` wrote into this workbook: its comment sections and fills.

    Annotating an annotated copy again (after fixing some cells) must not leave the fixed cells red with
    the old message. The clerk's own notes and other qzqd notes (引用更新) stay.
    """
    ours = {fill.fgColor.rgb for fill in FILLS.values()}
    for ws in wb.worksheets:
        if not isinstance(ws, Worksheet):  # a chart sheet has no cells
            continue
        for cell in list(ws._cells.values()):  # the cells that exist: a far-away one costs nothing
            comment = cell.comment
            if not comments.has_section(comment, comments.CHECK):
                continue
            text = comments.compose(comment.text or "", comments.CHECK, None, comment.author)
            author = comments.clerk_author(comment)
            cell.comment = Comment(text, author, height=comment.height, width=comment.width) if text else None
            if cell.fill is not None and cell.fill.fgColor is not None and cell.fill.fgColor.rgb in ours:
                cell.fill = PatternFill(fill_type=None)


def _clerk_fill(cell: object) -> bool:
    """Whether the cell carries a fill of the clerk's own (not qzqd's): it stays, the comment still marks the
    cell, and the 检查结果 sheet links to it."""
    fill = getattr(cell, "fill", None)
    if fill is None or fill.fill_type is None:
        return False
    rgb = fill.fgColor.rgb if fill.fgColor is not None else None
    return not (isinstance(rgb, str) and rgb in {f.fgColor.rgb for f in FILLS.values()})


def _comment_text(findings: list[Finding]) -> str:
    # Findings of a merged range's rows all land on its top-left cell: one line per distinct finding.
    lines = (f"{f.code} {SEVERITY_LABEL.get(f.severity, f.severity)}：{f.message}" for f in findings)
    return "\n".join(dict.fromkeys(lines))


class Annotated(NamedTuple):
    """What :func:`annotate_workbook` wrote: the copy, the sheet holding the results, and the clerk's own
    sheets whose names made qzqd choose that sheet name (empty when it is 检查结果)."""

    path: Path
    sheet: str
    kept: tuple[str, ...] = ()
    formulas: tuple[str, ...] = ()  # formula cells of the input written as their values (toolkit.formulas)


def annotate_workbook(src: str | Path, report: Report, out: str | Path, *, force: bool = False) -> Path:
    """Write ``out``: ``src`` with every finding of ``report`` as a comment, a fill and a 检查结果 sheet.

    >>> annotate_workbook("主表.xlsx", validate("主表.xlsx"), "主表-检查.xlsx", force=True)  # doctest: +SKIP
    PosixPath('主表-检查.xlsx')
    """
    return annotate(src, report, out, force=force).path


def annotate(src: str | Path, report: Report, out: str | Path, *, force: bool = False) -> Annotated:
    """:func:`annotate_workbook`, telling also which sheet holds the results and why when it is not 检查结果.

    >>> annotate("主表.xlsx", validate("主表.xlsx"), "主表-检查.xlsx", force=True)  # doctest: +SKIP
    Annotated(path=PosixPath('主表-检查.xlsx'), sheet='检查结果', kept=())
    """
    src, out = Path(src), Path(out)
    check_annotate_target(src, out, force=force)
    wb = _load(src)
    formulas = tuple(neutralise(wb, src=src))
    for old_results in [ws for ws in wb.worksheets if _is_result_sheet(ws)]:
        del wb[old_results.title]  # annotating an annotated copy again: the new results replace them
    _clear_old_findings(wb)
    list_sheet = report.pl.source.sheet if report.pl is not None else None
    first_letter = "A"
    if report.pl is not None and report.pl.source.letters:
        first_letter = min(report.pl.source.letters.values(), key=lambda s: (len(s), s))
    per_cell: dict[tuple[str, str], list[Finding]] = {}
    where: dict[int, tuple[str, str]] = {}
    for n, f in enumerate(report.findings):
        sheet = f.sheet or list_sheet
        if sheet is None or sheet not in wb.sheetnames:
            continue
        ws = wb[sheet]
        coordinate = _cell_of(f, ws, first_letter)
        if coordinate is None:
            continue
        coordinate = comments.anchor(ws, coordinate)
        per_cell.setdefault((sheet, coordinate), []).append(f)
        where[n] = (sheet, coordinate)
    for (sheet, coordinate), findings in per_cell.items():
        findings.sort(key=lambda f: (SEVERITY_RANK.get(f.severity, 3), f.code))
        cell = wb[sheet][coordinate]
        old = cell.comment
        # The clerk's own note and other qzqd notes stay; the findings go into the 【qzqd 检查】 section.
        text = comments.compose(
            old.text or "" if old else "", comments.CHECK, _comment_text(findings), old.author if old else None
        )
        lines = sum(1 + len(line) // 22 for line in text.split("\n"))
        cell.comment = Comment(text, comments.clerk_author(old), height=min(600, 20 + 18 * lines), width=360)
        fill = FILLS.get(findings[0].severity)
        if fill is not None and not _clerk_fill(cell):
            cell.fill = fill
    sheet, kept = _free_result_name(wb)
    _result_sheet(wb, sheet, report, where)
    with atomic_output(out, force=force, inputs=(src,)) as tmp:
        wb.save(tmp)
    return Annotated(out, sheet, kept, formulas)


def _is_result_sheet(ws: object) -> bool:
    """Whether ``ws`` is a 检查结果 sheet an earlier ``--annotate`` wrote (and may be replaced).

    Marked by :data:`RESULT_MARKER`; sheets written before the marker are known by qzqd's title line and
    exact header row. Only sheets under qzqd's names count: one the clerk renamed is kept as theirs.
    """
    if not isinstance(ws, Worksheet) or not (ws.title == RESULT_SHEET or ws.title.startswith(RESULT_SHEET + "（qzqd")):
        return False
    if RESULT_MARKER in ws.defined_names:
        return True
    title = ws["A1"].value
    header = tuple(ws.cell(row=3, column=c).value for c in range(1, len(RESULT_HEADERS) + 1))
    return isinstance(title, str) and title.startswith("检查结果：") and header == RESULT_HEADERS


def _free_result_name(wb: Workbook) -> tuple[str, tuple[str, ...]]:
    """检查结果, or 检查结果（qzqd） (…（qzqd 2）…) when the clerk has a sheet of that name (compared as Excel
    does, ignoring case); with the clerk's sheets passed over, as the workbook spells them."""
    taken = {name.casefold(): name for name in wb.sheetnames}
    name, n = RESULT_SHEET, 1
    kept: list[str] = []
    while name.casefold() in taken:
        kept.append(taken[name.casefold()])
        n += 1
        name = f"{RESULT_SHEET}（qzqd）" if n == 2 else f"{RESULT_SHEET}（qzqd {n - 1}）"
    return name, tuple(kept)


RESULT_WIDTHS = (6, 8, 12, 9, 14, 90)  # columns A-F of the 检查结果 sheet, in character units


def _text(ws: Worksheet, row: int, col: int, value: object) -> None:
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # a message quoting "=…" must never become a formula
    cell.font = BODY_FONT
    cell.alignment = WRAP_TOP


def _result_sheet(wb: Workbook, title: str, report: Report, where: dict[int, tuple[str, str]]) -> None:
    """The 检查结果 sheet: every finding, linked to its cell; readable on screen and on paper.

    Row heights are set from the text (LibreOffice and WPS do not grow wrapped rows of a file they did not
    write), the header row is frozen, filtered and repeated on each printed page, and pages are A4 landscape,
    one page wide.
    """
    ws = wb.create_sheet(title)
    quoted = ws.title.replace("'", "''")
    ws.defined_names[RESULT_MARKER] = DefinedName(RESULT_MARKER, attr_text=f"'{quoted}'!$A$3:$F$3", hidden=True)
    rules = f"，按{report.profile.title}检查" if report.profile is not None else ""
    ws["A1"] = f"检查结果：{report.summary()}{rules}（点击单元格地址可跳转）"
    ws["A1"].font = Font(name=FONT_NAME, bold=True, size=12)
    ws.row_dimensions[1].height = 22
    for i, (h, w) in enumerate(zip(RESULT_HEADERS, RESULT_WIDTHS, strict=True), start=1):
        _text(ws, 3, i, h)
        ws.cell(row=3, column=i).font = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
        ws.column_dimensions[get_column_letter(i)].width = w
    ws.row_dimensions[3].height = row_points(1)
    ws.freeze_panes = "A4"
    order = sorted(
        range(len(report.findings)),
        key=lambda n: (SEVERITY_RANK.get(report.findings[n].severity, 3), finding_sort_key(report.findings[n])),
    )
    for r, n in enumerate(order, start=4):
        f = report.findings[n]
        target = where.get(n)
        values: tuple[object, ...] = (
            SEVERITY_LABEL.get(f.severity, f.severity),
            f.code,
            f.sheet or "",
            (target[1] if target else f.cell) or (f"第{f.row}行" if f.row else ""),
            f.column or "",
            f.message,
        )
        for c, v in enumerate(values, start=1):
            _text(ws, r, c, v)
        ws.row_dimensions[r].height = row_height((str(v), w) for v, w in zip(values, RESULT_WIDTHS, strict=True))
        if f.severity in FILLS:
            ws.cell(row=r, column=1).fill = FILLS[f.severity]
        if target is not None:
            sheet, coordinate = target
            link = ws.cell(row=r, column=4)
            quoted = sheet.replace("'", "''")
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{quoted}'!{coordinate}")
            link.style = "Hyperlink"
            link.font = Font(name=FONT_NAME, size=FONT_SIZE, underline="single", color="0563C1")
            link.alignment = WRAP_TOP
    last = max(3, 3 + len(order))
    if not report.findings:
        _text(ws, 4, 1, "未发现问题。")
    ws.auto_filter.ref = f"A3:F{last}"
    ws.print_title_rows = "3:3"
    print_setup(ws, paper=PAPER_A4, landscape=True)  # the project's print setup: one page wide, page numbers
