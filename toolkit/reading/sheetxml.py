"""What calamine does not give of a sheet, read from the file's XML: formula cells and hidden rows of an .xlsx
sheet, merged ranges and hidden rows of an .ods sheet.

calamine gives only the cached values of formulas, no hidden rows, and no merges for .ods; the reader
(:mod:`toolkit.reading.xlsx`) adds what is found here. The XML is streamed, so a large sheet is never held in
memory twice; a damaged file gives nothing here (calamine has read, or refused, the values already).

>>> scan_sheet(Path("tests/fixtures/workbook/formula-cached.xlsx"), "权责清单")  # C3, A4: formulas with cached values
({'C3': True, 'A4': True}, set())
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .grid import Merge


def scan_sheet(path: Path, sheet_name: str) -> tuple[dict[str, bool], set[int]]:
    """What calamine does not give of an .xlsx sheet: its formula cells (address -> whether the file holds a
    cached value) and its hidden rows (1-based).

    The sheet XML is streamed in chunks, so a large sheet is never held in memory twice.
    """
    found: dict[str, bool] = {}
    hidden: set[int] = set()
    try:
        with zipfile.ZipFile(path) as zf:
            member = sheet_member(zf, sheet_name)
            if member is None:
                return found, hidden
            from ..limits import pieces

            with zf.open(member) as fh:
                # Cut after a row: a cell or a <row> tag is never split between two parts; linear in the
                # sheet's length however long a row is (the limits bound a row to 64 MB).
                for part in pieces(fh, b"row", path, sheet_name):
                    scan_part(part, found, hidden)
            return found, hidden
    except (KeyError, zipfile.BadZipFile, OSError, EOFError):
        return {}, set()


def scan_part(part: bytes, found: dict[str, bool], hidden: set[int]) -> None:
    """:func:`scan_sheet` over one piece of the sheet XML (whole rows), adding to ``found`` and ``hidden``: the
    size check (:func:`toolkit.limits.check_xlsx`) calls it on the pieces it measures, so that the sheet is
    not inflated and cut a second time for this."""
    if b"<f" in part:
        _scan_formulas(part, found)
    if b"hidden=" in part:
        hidden.update(_hidden_rows(part))


_ROW_RE = re.compile(rb"<(?:\w+:)?row\b([^>]*)>")
_HIDDEN_RE = re.compile(rb'\bhidden="(?:1|true)"')
_ROW_NUMBER_RE = re.compile(rb'\br="(\d+)"')


def _hidden_rows(part: bytes) -> Iterator[int]:
    for m in _ROW_RE.finditer(part):
        attrs = m.group(1)
        if _HIDDEN_RE.search(attrs):
            r = _ROW_NUMBER_RE.search(attrs)
            if r:
                yield int(r.group(1))


_F_RE = re.compile(rb"<f[\s>/]")
_C_OPEN_RE = re.compile(rb'<c\b[^>]*\br="([A-Z]+[0-9]+)"([^>]*)>')


def _scan_formulas(part: bytes, found: dict[str, bool]) -> None:
    for m in _F_RE.finditer(part):
        start = part.rfind(b"<c ", 0, m.start())
        end = part.find(b"</c>", m.start())
        c = _C_OPEN_RE.match(part, start) if start >= 0 else None
        if c is None or end < 0:
            continue
        cell = part[c.end() : end]
        v = re.search(rb"<v>([^<]*)</v>", cell)
        # An empty <v> is a cached empty string only when the cell is typed as a string result.
        found[c.group(1).decode()] = bool(v and (v.group(1) or b't="str"' in part[start : c.end()]))


def formula_values(path: Path, sheet_name: str) -> dict[str, object]:
    """The value saved with each formula of an .xlsx sheet (address -> text, number or bool; None when the
    file holds none), streamed as :func:`scan_sheet` streams: a far-away cell costs nothing.

    >>> formula_values(Path("tests/fixtures/workbook/formula-cached.xlsx"), "权责清单")  # doctest: +ELLIPSIS
    {'C3': ..., 'A4': ...}
    """
    from ..limits import pieces

    out: dict[str, object] = {}
    try:
        with zipfile.ZipFile(path) as zf:
            member = sheet_member(zf, sheet_name)
            if member is None:
                return out
            with zf.open(member) as fh:
                for part in pieces(fh, b"row", path, sheet_name):
                    for m in _F_RE.finditer(part):
                        start = part.rfind(b"<c ", 0, m.start())
                        end = part.find(b"</c>", m.start())
                        c = _C_OPEN_RE.match(part, start) if start >= 0 else None
                        if c is None or end < 0:
                            continue
                        v = re.search(rb"<v>([^<]*)</v>", part[c.end() : end])
                        kind = re.search(rb'\bt="(\w+)"', part[start : c.end()])
                        out[c.group(1).decode()] = _typed(v.group(1) if v else None, kind.group(1) if kind else b"n")
    except (KeyError, zipfile.BadZipFile, OSError, EOFError):
        pass
    return out


def _typed(raw: bytes | None, kind: bytes) -> object:
    if raw is None:
        return None
    text = html.unescape(raw.decode("utf-8", "replace"))
    if kind == b"b":
        return text.strip() in ("1", "true")
    if kind in (b"str", b"inlineStr", b"e", b"s"):
        return text
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and abs(number) < 1e15 else number


_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_T = "{" + _TABLE_NS + "}"


def ods_layout(path: Path, sheet_name: str) -> tuple[list[Merge], set[int]]:
    """Merged ranges of an .ods sheet (0-based, as calamine's for .xlsx) and its hidden rows (1-based), read
    from content.xml.

    calamine gives no merges for .ods, and without them a 项目名称 merged over several 子项 rows reads as
    empty below its first row. Rows and cells repeated with ``number-rows-repeated`` /
    ``number-columns-repeated`` (LibreOffice writes a million empty rows as one element) are counted, never
    expanded; the XML is streamed and each row is freed once counted.
    """
    from lxml import etree

    from ..limits.ods import ods_table_events

    merges: list[Merge] = []
    hidden: set[int] = set()
    try:
        with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
            depth = 0  # nesting of tables: only the rows of the sheet itself count, not of tables in cells
            inside = False
            r = c = 0
            for event, el in ods_table_events(fh):
                tag = el.tag[len(_T) :]
                if tag == "table":
                    if event == "start":
                        depth += 1
                        if depth == 1:
                            inside = el.get(_T + "name") == sheet_name
                    else:
                        depth -= 1
                        if depth == 0 and inside:
                            return merges, hidden
                    continue
                if not inside or depth != 1:
                    continue
                if tag == "table-row":
                    if event == "start":
                        c = 0
                    else:
                        repeated = _count(el.get(_T + "number-rows-repeated"))
                        if el.get(_T + "visibility", "visible") != "visible" and repeated < 10_000:
                            hidden.update(range(r + 1, r + repeated + 1))  # "collapse" or "filter"
                        r += repeated
                        el.clear(keep_tail=False)
                        while el.getprevious() is not None:  # counted rows are not needed again
                            del el.getparent()[0]
                    continue
                if event == "start":
                    rows = _count(el.get(_T + "number-rows-spanned"))
                    cols = _count(el.get(_T + "number-columns-spanned"))
                    if rows > 1 or cols > 1:
                        merges.append(((r, c), (r + rows - 1, c + cols - 1)))
                    c += _count(el.get(_T + "number-columns-repeated"))
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, etree.XMLSyntaxError):
        pass  # calamine read the values; without the merges the sheet reads as before
    return merges, hidden


def _count(value: str | None) -> int:
    try:
        return max(int(value), 1) if value else 1
    except ValueError:
        return 1


def sheet_names(zf: zipfile.ZipFile) -> list[str]:
    """The sheet names of an .xlsx, in workbook order, read from workbook.xml.

    >>> with zipfile.ZipFile("workbooks/xingan-2022.xlsx") as zf:
    ...     sheet_names(zf)
    ['权责清单', '发文信息', '填表说明']
    """
    wb_xml = zf.read("xl/workbook.xml").decode("utf-8", "replace")
    names = []
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", wb_xml):
        name = re.search(r'\bname="([^"]*)"', tag)
        if name:
            names.append(html.unescape(name.group(1)))
    return names


def sheet_member(zf: zipfile.ZipFile, sheet_name: str) -> str | None:
    """The zip member holding an .xlsx sheet's XML, found through workbook.xml and its relationships (the
    member's name need not follow the sheet's position), or None if there is no such sheet.

    >>> with zipfile.ZipFile("tests/fixtures/workbook/formula-cached.xlsx") as zf:
    ...     sheet_member(zf, "权责清单")
    'xl/worksheets/sheet1.xml'
    """
    wb_xml = zf.read("xl/workbook.xml").decode("utf-8", "replace")
    rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    rid = None
    for tag in re.findall(r"<(?:\w+:)?sheet\b[^>]*>", wb_xml):
        name = re.search(r'\bname="([^"]*)"', tag)
        r = re.search(r'\br:id="([^"]*)"', tag) or re.search(r'\b\w+:id="([^"]*)"', tag)
        if name and r and html.unescape(name.group(1)) == sheet_name:
            rid = r.group(1)
    if rid is None:
        return None
    for tag in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
        if re.search(r'\bId="' + re.escape(rid) + '"', tag):
            t = re.search(r'\bTarget="([^"]+)"', tag)
            if t:
                target = t.group(1)
                return target.lstrip("/") if target.startswith("/") else "xl/" + target
    return None


__all__ = ["formula_values", "ods_layout", "scan_part", "scan_sheet", "sheet_member", "sheet_names"]
