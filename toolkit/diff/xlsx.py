"""The 调整对照表 as an Excel workbook, changed characters highlighted with rich text inside the cells.

Rich text pitfalls handled here: every run carries its own font (runs without one show in LibreOffice's
default font, not the cell's), empty runs are never written, and row heights are set from the text because
LibreOffice and WPS do not grow wrapped rows of a file they did not write themselves.
"""

from __future__ import annotations

from copy import copy, deepcopy
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import Element, whitespace

from ..fsutil import atomic_output
from ..writer import EXCEL_CELL_LIMIT, ILLEGAL_CHARS_RE, PAPER_A4, print_setup
from ..xlsxstyle import (
    BODY_FONT,
    BORDER,
    CENTER,
    FONT_NAME,
    FONT_SIZE,
    HEADER_FILL,
    HEADER_FONT,
    WRAP_TOP,
    row_points,
    text_lines,
)
from .core import Diff
from .reports import summary_line
from .table import TABLE_HEADER, Row, Segment, table_rows

# A4 landscape, fit to the page width: 134 width units keep 10 pt text at 8 pt or more in print even where a
# unit is 7 pt wide (LibreOffice without Calibri), and at 100 % in Excel (see PAPER_A3 in toolkit/writer.py).
WIDTHS = (5, 5, 9, 11, 10, 9, 37, 37, 11)
DELETE_COLOR = "FFC00000"
INSERT_COLOR = "FF0070C0"
FONTS = {
    "equal": InlineFont(rFont=FONT_NAME, sz=FONT_SIZE),
    "plain": InlineFont(rFont=FONT_NAME, sz=FONT_SIZE),
    "head": InlineFont(rFont=FONT_NAME, sz=FONT_SIZE, b=True),
    "delete": InlineFont(rFont=FONT_NAME, sz=FONT_SIZE, strike=True, color=DELETE_COLOR),
    "insert": InlineFont(rFont=FONT_NAME, sz=FONT_SIZE, u="single", color=INSERT_COLOR, b=True),
}
NOTE_FONT = InlineFont(rFont=FONT_NAME, sz=9, color="FF808080")
REPEAT_COLOR = "FF808080"  # the item's identifying cells repeated on its continuation rows
FILLS = {
    "新增": PatternFill("solid", fgColor="E2EFDA"),
    "取消": PatternFill("solid", fgColor="FCE4D6"),
    "变更": PatternFill("solid", fgColor="FFF2CC"),
    "合并": PatternFill("solid", fgColor="DDEBF7"),
    "拆分": PatternFill("solid", fgColor="EDE2F6"),
    "下放": PatternFill("solid", fgColor="FCE4D6"),
    "承接": PatternFill("solid", fgColor="E2EFDA"),
}
HEADER_ROW = 3  # row 1 title, row 2 what was compared
# Lines of 调整前/调整后 per sheet row. A row never breaks across pages, so rows of up to Excel's 409 pt
# would print one per A4 landscape page, half of it blank; 16 lines (221 pt) let two rows share a page.
MAX_LINES = 16
TRUNCATED = "……（内容过长，已截断，完整内容见 HTML 报告）"


def build_xlsx(
    d: Diff,
    *,
    show_format: bool = False,
    title: str = "权责清单调整对照表",
    rows: list[Row] | None = None,
    header: tuple[str, ...] = TABLE_HEADER,
    info: str | None = None,
    widths: tuple[float, ...] = WIDTHS,
) -> Workbook:
    """An openpyxl workbook holding the 调整对照表 of ``d``.

    ``rows`` (default :func:`table_rows`) lets toolkit.adjust pass rows whose 调整类型 and 调整理由 it filled;
    ``header`` renames the columns (same count), ``info`` replaces the second line, ``widths`` sets the
    column widths (same count; keep their sum at 134 for A4 landscape).
    """
    wb = Workbook()
    _add_styles(wb)
    ws = wb.active
    assert ws is not None
    ws.title = "调整对照表"
    last = get_column_letter(len(TABLE_HEADER))
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    t = ws.cell(row=1, column=1, value=title)
    t.font = Font(name="黑体", size=16, bold=True)
    t.alignment = CENTER
    ws.row_dimensions[1].height = 28
    line = info if info is not None else f"{describe_list(d.old)} → {describe_list(d.new)}。{summary_line(d)}"
    info_cell = ws.cell(row=2, column=1, value=_clean(line))
    info_cell.data_type = "s"
    info_cell.font = BODY_FONT
    info_cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[2].height = 30
    for c, (name, width) in enumerate(zip(header, widths, strict=True), start=1):
        cell = ws.cell(row=HEADER_ROW, column=c, value=name)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = CENTER
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(c)].width = width
    ws.row_dimensions[HEADER_ROW].height = 30  # “调整类型” takes two lines
    r = HEADER_ROW + 1
    for row in rows if rows is not None else table_rows(d, show_format=show_format):
        r += _write_row(ws, r, row, widths)
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    print_setup(ws, paper=PAPER_A4, landscape=True)
    if ws.max_row > HEADER_ROW:
        ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{ws.max_row}"
    return wb


def write_xlsx(
    d: Diff, path: str | Path, *, force: bool = False, show_format: bool = False, rows: list[Row] | None = None
) -> Path:
    """Write the 调整对照表 workbook atomically (``rows``: see :func:`build_xlsx`).

    >>> write_xlsx(diff("旧.xlsx", "新.xlsx"), "调整对照表.xlsx")  # doctest: +SKIP
    """
    path = Path(path)
    wb = build_xlsx(d, show_format=show_format, rows=rows)
    inputs = tuple(p for p in (d.old.source.path, d.new.source.path) if p)
    with atomic_output(path, force=force, inputs=inputs) as tmp:
        wb.save(tmp)
    return path


def _write_row(ws, r: int, row: Row, widths: tuple[float, ...] = WIDTHS) -> int:  # type: ignore[no-untyped-def]
    """Write one table row starting at sheet row ``r``; return how many sheet rows it took.

    A row taller than Excel allows (409 pt) would be clipped in every program, so long 调整前/调整后 texts
    continue on the next sheet rows, split between paragraphs. The identifying cells (序号 to 调整内容) are
    repeated on those rows in grey rather than merged: an AutoFilter on 调整类型 (or 权力分类, 项目名称 …)
    then keeps every row of a matching item, where a merged cell leaves its lower rows blank and hidden.
    调整理由, filled in once per item by the clerk, is its first row's cell; the continuation rows leave it
    empty rather than merged: merged cells of different heights inside the AutoFilter range make Excel and
    WPS refuse to sort the table.
    """
    before = _chunks(row.before, widths[6])
    after = _chunks(row.after, widths[7])
    reason = _chunks([("plain", row.reason)], widths[8]) if row.reason else []
    span = max(len(before), len(after), len(reason))
    ids = [row.seq, row.label, row.category, row.name, row.subitem, row.content]
    id_lines = max(text_lines(t, w) for t, w in _id_texts(row, widths, note=False))
    for k in range(span):
        for c, value in enumerate(ids, start=1):
            cell = ws.cell(row=r + k, column=c, value=_clean(value) if isinstance(value, str) else value)
            if isinstance(value, str):
                cell.data_type = "s"  # cell text never becomes a formula
        if k < len(reason) and reason[k]:  # a long 调整理由 continues on the item's next rows, as 调整前/后 do
            cell = ws.cell(row=r + k, column=len(TABLE_HEADER), value=_clean("".join(t for _, t in reason[k])))
            cell.data_type = "s"
        for c, chunks in ((7, before), (8, after)):
            rich = rich_text(chunks[k]) if k < len(chunks) else None
            if rich is not None:
                cell = ws.cell(row=r + k, column=c)
                cell.value = rich
                cell.data_type = "s"
        center, wrap = (STYLE_CENTER, STYLE_WRAP) if k == 0 else (STYLE_REPEAT_CENTER, STYLE_REPEAT_WRAP)
        for c in range(1, len(TABLE_HEADER) + 1):
            ws.cell(row=r + k, column=c).style = center if c <= 3 else (wrap if c <= 6 else STYLE_WRAP)
        chunk_lines = max(
            _segment_lines(before[k] if k < len(before) else [], widths[6]),
            _segment_lines(after[k] if k < len(after) else [], widths[7]),
            _segment_lines(reason[k] if k < len(reason) else [], widths[8]),
            id_lines,
        )
        ws.row_dimensions[r + k].height = row_points(chunk_lines)
    if row.note:  # how the item was recognised, under the changed columns, in small grey type
        cell = ws.cell(row=r, column=6)
        cell.value = CellRichText([_Run(FONTS["equal"], _clean(row.content)), _Run(NOTE_FONT, "\n" + _clean(row.note))])
        cell.data_type = "s"
    if row.label in FILLS:  # on every row, so that filtering by cell colour keeps the whole item too
        ws.cell(row=r, column=2).style = f"{STYLE_CENTER}（{row.label}）"
        for k in range(1, span):
            ws.cell(row=r + k, column=2).style = f"{STYLE_REPEAT_CENTER}（{row.label}）"
    first_lines = max(text_lines(t, w) for t, w in _id_texts(row, widths))
    ws.row_dimensions[r].height = max(ws.row_dimensions[r].height or 0, row_points(first_lines))
    return span


STYLE_CENTER = "对照表居中"
STYLE_WRAP = "对照表正文"
STYLE_REPEAT_CENTER = "对照表续行居中"
STYLE_REPEAT_WRAP = "对照表续行"


def _add_styles(wb: Workbook) -> None:
    """Named cell styles: setting a font, border and alignment on each of 100,000 cells one by one costs
    openpyxl a hash of every style object each time (about 20 s); a named style is one lookup."""
    repeat_font = Font(name=FONT_NAME, size=FONT_SIZE, color=REPEAT_COLOR)
    for name, align, fill, font in [
        (STYLE_CENTER, CENTER, None, BODY_FONT),
        (STYLE_WRAP, WRAP_TOP, None, BODY_FONT),
        (STYLE_REPEAT_CENTER, CENTER, None, repeat_font),
        (STYLE_REPEAT_WRAP, WRAP_TOP, None, repeat_font),
        *((f"{STYLE_CENTER}（{label}）", CENTER, f, BODY_FONT) for label, f in FILLS.items()),
        *((f"{STYLE_REPEAT_CENTER}（{label}）", CENTER, f, repeat_font) for label, f in FILLS.items()),
    ]:
        style = NamedStyle(name=name, font=copy(font), alignment=copy(align), border=copy(BORDER))
        if fill is not None:
            style.fill = copy(fill)
        wb.add_named_style(style)


def _chunks(segments: list[Segment], width: float) -> list[list[Segment]]:
    """Split a cell's segments between paragraphs into pieces that each fit one sheet row."""
    paragraphs: list[list[Segment]] = [[]]
    for kind, text in segments:
        for n, part in enumerate(text.split("\n")):
            if n:
                paragraphs.append([])
            if part:
                paragraphs[-1].append((kind, part))
    chunks: list[list[Segment]] = []
    used = MAX_LINES + 1
    for para in paragraphs:
        lines = _segment_lines(para, width)
        if used + lines > MAX_LINES and (not chunks or chunks[-1]):
            chunks.append([])
            used = 0
        elif chunks and chunks[-1]:
            chunks[-1].append(("equal", "\n"))
        chunks[-1].extend(para)
        used += lines
    return [c for c in chunks if c] or [[]]


def _segment_lines(segments: list[Segment], width: float) -> int:
    return text_lines("".join(t for _, t in segments), width) if segments else 0


class _Run(TextBlock):
    """A rich text run whose font XML is built once per font, not once per run (halves the save time)."""

    _rpr: dict[int, Any] = {}

    def to_tree(self):  # type: ignore[no-untyped-def]
        key = id(self.font)
        if key not in self._rpr:
            self._rpr[key] = (self.font, self.font.to_tree(tagname="rPr"))  # keep the font alive with its id
        el = Element("r")
        el.append(deepcopy(self._rpr[key][1]))
        t = Element("t")
        t.text = self.text
        whitespace(t)
        el.append(t)
        return el


def rich_text(segments: list[Segment]) -> CellRichText | None:
    """Segments as a rich text value with one explicit font per run (None for an empty cell)."""
    blocks: list[TextBlock] = []
    total = 0
    for kind, text in segments:
        text = _clean(text)
        if not text:
            continue
        if total + len(text) > EXCEL_CELL_LIMIT - len(TRUNCATED):
            text = text[: max(0, EXCEL_CELL_LIMIT - len(TRUNCATED) - total)]
            if text:
                blocks.append(_Run(FONTS[kind], text))
            blocks.append(_Run(FONTS["head"], TRUNCATED))
            break
        total += len(text)
        if blocks and blocks[-1].font is FONTS[kind]:
            blocks[-1].text += text
        else:
            blocks.append(_Run(FONTS[kind], text))
    return CellRichText(blocks) if blocks else None


def _clean(text: str) -> str:
    # Control characters cannot be stored in xlsx; the report shows a visible mark instead of failing.
    return ILLEGAL_CHARS_RE.sub("\ufffd", text)


def describe_list(pl) -> str:  # type: ignore[no-untyped-def]
    """How a revision is named in reports: its file and 发文字号, e.g. ``xingan-2022.xlsx（兴保发〔2022〕1号）``."""
    name = pl.source.path.name if pl.source.path else "清单"
    return f"{name}（{pl.notice.doc_number}）" if pl.notice.doc_number else name


def _id_texts(row: Row, widths: tuple[float, ...] = WIDTHS, *, note: bool = True) -> list[tuple[str, float]]:
    content = f"{row.content}\n{row.note}" if note and row.note else row.content
    return [(row.name, widths[3]), (row.subitem, widths[4]), (content, widths[5])]
