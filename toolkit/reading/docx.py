"""Import a published list from a .docx: the notice paragraphs and the list as a Word table.

The table is turned into a grid like a worksheet's (horizontally merged cells leave their followers empty,
vertical merges are recorded as merged ranges) and handed to :func:`toolkit.reading.grid.grid_to_list`, so
the same header tolerance and fill-down of merged cells apply as for workbooks. A list split over several
tables (one per page or per category) is joined when a later table has the list's columns (matched by its
repeated header, empty columns set aside; without a header, by the number of columns). A category heading
above a part (“二、行政检查类”, “一、行政许可（共3项）”) is read as a banner row: it fills the 权力分类 of the
part's items, and a numbering that restarts per part is a section, not a fault; other text between the parts
(“（续表）”, a note) is skipped with a note. A later table that is a list with other columns is named (QZ013),
any other table reported (QZ009): never dropped silently.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import CorruptWorkbookError, ImportFormatError
from ..model import Finding, PowerList, Source
from .banners import banner, department, title_category
from .cards import cards_grid
from .docx_text import Numbering, int_value, paragraphs_parts
from .grid import Header, Merge, clip, detect_header, grid_to_list
from .preamble import is_trailer_line, parse_preamble, parse_trailer

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(path: str | Path) -> PowerList:
    """Read a .docx notice whose attachment is the list as a Word table.

    >>> pl = read_docx("tests/fixtures/import/seed.docx")  # doctest: +SKIP
    >>> pl.notice.doc_number, len(pl)  # doctest: +SKIP
    ('兴保发〔2022〕1号', 5)
    """
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    path = Path(path)
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError, XMLSyntaxError) as exc:
        raise CorruptWorkbookError(
            f"Word 文档已损坏或不完整，无法打开（{exc}）。",
            path=path,
            hint="请在 Word 或 WPS 中打开后“另存为”新的 .docx 再导入。",
        ) from exc
    numbering = Numbering.of(document)
    before: list[str] = []
    after: list[str] = []
    notes: list[Finding] = []
    lst: _List | None = None
    loose: list[tuple[list[list[str]], int]] = []  # tables without a header, and where they stood in the preamble
    paragraphs: list[object] = []  # body paragraphs since the last table, read together (deleted marks join)
    since: list[str] = []  # the lines since the previous table (a table's heading is the nearest of them)
    lists: list[str] = []  # later tables that are lists with another header: named (QZ013), not read
    table_no = 0

    def flush() -> None:
        for label, text in paragraphs_parts(paragraphs, numbering):
            lines = (label + text).split("\n")
            (after if lst else before).extend(lines)
            since.extend(line.strip(" \t\u3000\xa0") for line in lines if line.strip(" \t\u3000\xa0"))
        paragraphs.clear()

    for child in document.element.body.iterchildren():
        if child.tag == _W + "p":
            paragraphs.append(child)
            continue
        flush()
        if child.tag != _W + "tbl":
            continue
        table_no += 1
        above, since = since, []
        grid, grid_merges = table_grid(child, numbering)
        if not any(any(c.strip() for c in r) for r in grid):
            continue
        header = detect_header(grid, grid_merges)
        if lst is None:
            if header is not None:
                # A line naming the unit (填报单位：…) or the one category of the list (…行政许可事项清单) above
                # the table counts as a row above a worksheet's header does.
                top = [[line] + [""] * (len(grid[0]) - 1) for line in above if department(line) or title_category(line)]
                shifted = [((r1 + len(top), c1), (r2 + len(top), c2)) for (r1, c1), (r2, c2) in grid_merges]
                lst = _List([*top, *grid], shifted, header)
                heading = next((line for line in reversed(above) if banner(line)), "")
                if heading:  # “一、行政许可” above the list: the category of the items below, as a banner row
                    lst.insert_banner(len(top) + header.rows[-1] + 1, heading)
            else:
                loose.append((grid, len(before)))
                before.extend("\t".join(c for c in r if c) for r in grid)  # a layout table in the preamble
            continue
        heading = next((line for line in reversed(above) if banner(line)), "")
        if lst.join(grid, grid_merges, header, heading):
            # Other headings between the parts (“（续表）”, a note) belong to no item: said, not kept.
            notes.extend(_between_notes([line for line in after if line.strip(" \t\u3000\xa0") != heading], table_no))
            notes.extend(
                Finding("QZ004", "info", f"Word 文档第 {table_no} 个表格表头上方的“{clip(text)}”是标题或说明，已跳过。")
                for text in lst.dropped
            )
            after.clear()
            continue
        if header is not None and len(header.targets()) >= 3 or header is None and cards_grid(grid) is not None:
            caption = f"，标题“{clip(above[-1])}”" if above else ""
            lists.append(f"第 {table_no} 个表格{caption}（{_first_texts(grid)}）")
            continue
        first = next((clip(c.strip()) for r in grid for c in r if c.strip()), "")
        notes.append(
            Finding(
                "QZ009",  # content left out that may be part of the list: a warning, not a skipped-row note
                "warning",
                f"Word 文档中的第 {table_no} 个表格（第一个单元格为“{first}”）与清单表格的列不一致，没有导入。"
                "如果它是清单的一部分，请把它的列调整得与前面的清单表格一致后重新导入。",
            )
        )
    flush()
    if lst is None and loose:
        # No table with a header: the list may be cards (one small table, or one block, per item).
        rows = [r for grid, _ in loose for r in grid]
        if cards_grid(rows) is not None:
            cut = loose[0][1]
            before = before[:cut]  # the preamble is what stands before the first card
            lst = _List(rows, [], None)
    if lst is None:
        raise ImportFormatError(
            "Word 文档中没有找到清单表格（表头应包含“序号”“权力分类”“项目名称”等列名）。",
            path=path,
            hint="请确认清单是 Word 表格而不是图片；也可以把表格复制到 Excel 后导入 .xlsx。",
        )
    pl = grid_to_list(
        lst.rows, merges=lst.merges, path=path, sheet="", strict=False, where="Word 表格", excel_refs=False
    )
    pl.warnings.extend(notes)
    if lists:
        pl.warnings.append(
            Finding(
                "QZ013",
                "warning",
                f"Word 文档中还有 {len(lists)} 个表格也像一份清单，但列与已读取的清单表格不同，没有读取："
                f"{'；'.join(lists)}。请把它们分别复制到单独的文档（或 Excel 工作簿，每个一份清单）再逐个导入；"
                "若它们与已读取的表格是同一份清单，请把列调整得一致后重新导入。",
            )
        )
    for line in after:  # a note under the list (“注：…”) belongs to no item: said, not silently dropped
        text = line.strip(" \t\u3000\xa0")
        if text and not is_trailer_line(text):
            pl.warnings.append(Finding("QZ004", "info", f"清单表格后的段落“{clip(text)}”不属于任何事项，已跳过。"))
    pl.notice = parse_trailer(after, parse_preamble(before))
    pl.rows = [None] * len(pl)
    pl.source = Source(path=path, sheet="", header_rows=(), letters={}, notice_sheet=None)
    return pl


_CONTINUED_RE = re.compile(r"^[（(]?\s*续\s*(表|上表|前表)?\s*[)）]?$")


def _between_notes(lines: list[str], table_no: int) -> list[Finding]:
    """A QZ004 note for each paragraph between two parts of the list (a category heading, 续表)."""
    out: list[Finding] = []
    for line in lines:
        text = line.strip(" \t\u3000\xa0")
        if not text or _CONTINUED_RE.match(text):
            continue
        out.append(
            Finding(
                "QZ004",
                "info",
                f"Word 文档第 {table_no} 个表格前的段落“{clip(text)}”视为分组标题或注释，已跳过"
                "（前后两个表格同属清单，已接在一起）。",
            )
        )
    return out


class _List:
    """The list's table and the later tables that continue it, on the first table's columns."""

    def __init__(self, grid: list[list[str]], merges: list[Merge], header: Header | None) -> None:
        self.rows = grid
        self.merges = merges
        self.width = max(len(r) for r in grid)
        self.labels = _labels(header) if header is not None else {}
        self.dropped: list[str] = []

    def insert_banner(self, at: int, text: str) -> None:
        """A banner row (a heading's text in the first cell) inserted before row ``at``."""
        self.rows.insert(at, [text] + [""] * (self.width - 1))
        self.merges = [((r1 + (r1 >= at), c1), (r2 + (r2 >= at), c2)) for (r1, c1), (r2, c2) in self.merges]

    def join(self, grid: list[list[str]], merges: list[Merge], header: Header | None, heading: str = "") -> bool:
        """Append a later table when it continues the list: the same columns once empty columns are set
        aside (its repeated header skipped), or, without a header, the same number of columns. ``heading``
        (the category heading above the table) goes in as a banner row; so does a banner row above the
        table's own header, while other text there is kept in :attr:`dropped` to be named."""
        self.dropped = []
        width = max(len(r) for r in grid)
        used = [c for c in range(width) if any(c < len(r) and r[c].strip() for r in grid)]
        skip = 0
        if header is not None and len(header.targets()) >= 3:
            skip = header.rows[-1] + 1
            where = {label: c for c, label in self.labels.items()}
            mapping = {c: where[label] for c, label in _labels(header).items() if label in where}
            data_cols = {c for c in used if any(c < len(r) and r[c].strip() for r in grid[skip:])}
            if data_cols - mapping.keys() or len(set(mapping.values())) != len(mapping):
                return False  # content in a column the list does not have: not (only) the list
        elif width == self.width:
            mapping = {c: c for c in range(width)}
        elif used and max(used) < self.width and width > self.width:
            mapping = {c: c for c in range(self.width)}  # empty columns added at the right only
        else:
            return False
        if header is not None and skip:
            for r in grid[: header.rows[0]]:
                cells = list(dict.fromkeys(c.strip() for c in r if c.strip()))
                if len(cells) == 1 and banner(cells[0]):
                    heading = cells[0]
                elif cells:
                    self.dropped.append("　".join(cells))
        if heading:
            self.rows.append([heading] + [""] * (self.width - 1))
        offset = len(self.rows) - skip
        for r in grid[skip:]:
            row = [""] * self.width
            for c, value in enumerate(r):
                if c in mapping:
                    row[mapping[c]] = value
            self.rows.append(row)
        for (r1, c1), (r2, c2) in merges:
            if r1 >= skip and c1 in mapping and c2 in mapping:
                self.merges.append(((r1 + offset, mapping[c1]), (r2 + offset, mapping[c2])))
        return True


def _first_texts(grid: list[list[str]], limit: int = 80) -> str:
    text = "　".join(dict.fromkeys(c.strip().replace("\n", " ") for r in grid for c in r if c.strip()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _labels(header: Header) -> dict[int, str]:
    """Each header column's place: its standard name (with the sub-column's label), or its extra column's name."""
    return {c: f"{col.target}／{col.label}" if col.label else col.target for c, col in header.columns.items()}


def after_text(lines: list[str]) -> bool:
    return any(line.strip() for line in lines)


_BARE_NUMBER_RE = re.compile(r"(\d+)[.．、]?")


def _cell_text(tc: object, numbering: Numbering | None) -> str:
    # Every paragraph of the cell in document order (nested tables included), one per line.
    parts = paragraphs_parts(tc.iter(_W + "p"), numbering)  # type: ignore[attr-defined]
    filled = [(label, text) for label, text in parts if label or text.strip()]
    if len(filled) == 1 and not filled[0][1].strip():
        # A cell holding only an automatic number (a 序号 column numbered with Word's list button):
        # the number itself, as a clerk would have typed it, not "1." with the list's punctuation.
        m = _BARE_NUMBER_RE.fullmatch(filled[0][0].strip())
        if m:
            return m.group(1)
    return "\n".join(label + text for label, text in parts)


def table_grid(tbl: object, numbering: Numbering | None = None) -> tuple[list[list[str]], list[Merge]]:
    """The cell texts of a Word table on its grid, and its merged ranges (0-based, inclusive).

    ``numbering`` (the document's lists) puts automatic list numbers into the texts, counted in document
    order, so tables must be read in the order they appear.
    """
    rows: list[list[str]] = []
    merges: list[Merge] = []
    open_v: dict[int, list[int]] = {}  # grid column -> [first row, first col, last row, last col]

    def close(col: int) -> None:
        r1, c1, r2, c2 = open_v.pop(col)
        if r2 > r1:
            merges.append(((r1, c1), (r2, c2)))

    for r, tr in enumerate(tbl.iterchildren(_W + "tr")):  # type: ignore[attr-defined]
        row: list[str] = []
        before = tr.find(f"{_W}trPr/{_W}gridBefore")
        if before is not None:
            row.extend([""] * max(0, int_value(before.get(_W + "val"), 0)))
        for tc in tr.iterchildren(_W + "tc"):
            col = len(row)
            span_el = tc.find(f"{_W}tcPr/{_W}gridSpan")
            span = max(1, int_value(span_el.get(_W + "val"), 1)) if span_el is not None else 1
            vm_el = tc.find(f"{_W}tcPr/{_W}vMerge")
            vmerge = None if vm_el is None else (vm_el.get(_W + "val") or "continue")
            if vmerge == "continue" and col in open_v:
                open_v[col][2] = r
                row.append("")
            else:
                if col in open_v:
                    close(col)
                row.append(_cell_text(tc, numbering))
                if vmerge == "restart":
                    open_v[col] = [r, col, r, col + span - 1]
            row.extend([""] * (span - 1))
            if span > 1 and vmerge is None:
                merges.append(((r, col), (r, col + span - 1)))
        for col in [c for c in open_v if c >= len(row) or (row[c] == "" and open_v[c][2] != r)]:
            close(col)  # a merge ends where the row has no continuation cell
        rows.append(row)
    for col in list(open_v):
        close(col)
    return rows, merges
