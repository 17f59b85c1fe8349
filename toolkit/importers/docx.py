"""Import a published list from a .docx: the notice paragraphs and the list as a Word table.

The table is turned into a grid like a worksheet's (horizontally merged cells leave their followers empty,
vertical merges are recorded as merged ranges) and handed to :func:`toolkit.tablegrid.grid_to_list`, so
the same header tolerance and fill-down of merged cells apply as for workbooks. A list split over several
tables (one per page or per category) is joined when the tables have the same number of columns.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import CorruptWorkbookError, ImportFormatError
from ..model import PowerList, Source
from ..tablegrid import Merge, detect_header, grid_to_list
from .docx_text import Numbering, int_value, paragraphs_parts
from .preamble import parse_preamble, parse_trailer

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
    rows: list[list[str]] = []
    merges: list[Merge] = []
    width = 0
    paragraphs: list[object] = []  # body paragraphs since the last table, read together (deleted marks join)

    def flush() -> None:
        for label, text in paragraphs_parts(paragraphs, numbering):
            (after if rows else before).extend((label + text).split("\n"))
        paragraphs.clear()

    for child in document.element.body.iterchildren():
        if child.tag == _W + "p":
            paragraphs.append(child)
            continue
        flush()
        if child.tag == _W + "tbl":
            grid, grid_merges = table_grid(child, numbering)
            if not grid:
                continue
            header = detect_header(grid)
            if not rows and header is not None:
                rows, merges, width = grid, grid_merges, max(len(r) for r in grid)
            elif rows and not after_text(after) and max(len(r) for r in grid) == width:
                # A continuation of the list: drop its repeated header, keep its merges aligned.
                skip = header.rows[-1] + 1 if header is not None else 0
                offset = len(rows) - skip
                rows.extend(grid[skip:])
                merges.extend(
                    ((r1 + offset, c1), (r2 + offset, c2)) for (r1, c1), (r2, c2) in grid_merges if r1 >= skip
                )
            elif not rows:
                before.extend("\t".join(c for c in r if c) for r in grid)  # a layout table in the preamble
    flush()
    if not rows:
        raise ImportFormatError(
            "Word 文档中没有找到清单表格（表头应包含“序号”“权力分类”“项目名称”等列名）。",
            path=path,
            hint="请确认清单是 Word 表格而不是图片；也可以把表格复制到 Excel 后导入 .xlsx。",
        )
    pl = grid_to_list(rows, merges=merges, path=path, sheet="", strict=False, where="Word 表格", excel_refs=False)
    pl.notice = parse_trailer(after, parse_preamble(before))
    pl.rows = [None] * len(pl)
    pl.source = Source(path=path, sheet="", header_rows=(), letters={}, notice_sheet=None)
    return pl


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
