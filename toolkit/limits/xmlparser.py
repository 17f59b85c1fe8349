"""The size check of an .xlsx part written in an unusual syntax, measured with an XML parser (lxml).

:mod:`toolkit.limits.scan` scans the sheet XML and the shared strings with C-level patterns, which read the plain
syntax every spreadsheet program writes. calamine (quick-xml) also reads attributes in single quotes or with
spaces around "=", entities in attribute values, elements under any namespace prefix, comments and CDATA
sections; a far-away cell written so (``<c r='XFD1048576'>``) was not seen by the patterns, and calamine
aborted the process laying out its 512 GiB grid. A part the patterns cannot read is measured here instead,
streamed (each row freed once counted), by local names as calamine reads it. A part that is not well-formed
XML is refused: what calamine would make of it cannot be known.

>>> import zipfile
>>> with zipfile.ZipFile("workbooks/xingan-2022.xlsx") as zf, zf.open("xl/worksheets/sheet1.xml") as fh:
...     stats = scan_sheet_xml(fh, Path("workbooks/xingan-2022.xlsx"), "权责清单", [])
>>> stats.extent, stats.cells
((7, 13), 65)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import IO

from ..errors import CorruptWorkbookError
from .budget import current, refuse
from .scan import InexactBound, SheetStats, check_totals, column_number

_REF_RE = re.compile(r"\s*([A-Za-z]{1,3})([0-9]{1,7})\s*$")
_CHECK_EVERY = 1000  # rows between two checks of the limits


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _refuse_malformed(path: Path, sheet: str | None, exc: Exception) -> CorruptWorkbookError:
    return CorruptWorkbookError(
        f"XML 已损坏或写法不规范，无法确定其中的内容（{exc}），未处理。",
        path=path,
        sheet=sheet,
        hint="请在 Excel 或 WPS 中打开，另存为新的 .xlsx 后再试。",
    )


def scan_sheet_xml(fh: IO[bytes], path: Path, sheet: str, shared: list[int], *, exact: bool = True) -> SheetStats:
    """What one sheet holds, as :func:`toolkit.limits.scan.scan_sheet_patterns` measures it, read with an XML
    parser."""
    from lxml import etree

    limits = current()
    stats = SheetStats(parsed=True)
    shared_chars = 0

    def check(final: bool = False) -> None:
        check_totals(stats, limits, path, sheet, shared_chars=shared_chars, exact=exact, final=final)

    row = col = 0
    try:
        for event, el in etree.iterparse(
            fh, events=("start", "end"), resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True
        ):
            name = _local(el.tag)
            if name == "row":
                if event == "start":
                    r = el.get("r")
                    row = int(r) if r and r.strip().isdigit() else row + 1
                    col = 0
                    stats.row_tags += 1
                else:
                    el.clear(keep_tail=False)
                    parent = el.getparent()
                    while parent is not None and el.getprevious() is not None:
                        del parent[0]
                    if stats.row_tags % _CHECK_EVERY == 0:
                        check()
                continue
            if name == "mergeCell" and event == "end":
                stats.merges += 1
                continue
            if name != "c" or event != "end":
                continue
            m = _REF_RE.match(el.get("r") or "")
            if m:
                col, cell_row = column_number(m.group(1).upper().encode()), int(m.group(2))
            else:
                col, cell_row = col + 1, row
                stats.unaddressed = True
            if not (len(el) or (el.text or "").strip()):
                continue  # an empty cell (a style only): not in calamine's grid
            stats.cells += 1
            stats.rows.add(cell_row)
            stats.columns.add(col)
            for t in el.iter():
                if _local(t.tag) == "t" and t.text:
                    stats.chars += len(t.text)
                    if len(t.text) > limits.cell_chars:
                        raise refuse("cell_chars", f"{len(t.text):,}", path, sheet=sheet)
            if (el.get("t") or "").strip() == "s" and shared:
                v = next((x for x in el if _local(x.tag) == "v"), None)
                text = (v.text or "").strip() if v is not None else ""
                if text.isdigit() and int(text) < len(shared):
                    n = shared[int(text)]
                    stats.chars += n
                    shared_chars += n
                    if n > limits.cell_chars:
                        if not exact:
                            raise InexactBound
                        raise refuse("cell_chars", f"{n:,}", path, sheet=sheet)
    except etree.XMLSyntaxError as exc:
        raise _refuse_malformed(path, sheet, exc) from exc
    check(final=True)
    return stats


def shared_lengths_xml(fh: IO[bytes], path: Path) -> list[int]:
    """The exact length in characters of each shared string (each ``si`` element not inside another, as
    calamine counts them: ``<si/>`` too), read with an XML parser."""
    from lxml import etree

    lengths: list[int] = []
    depth = 0
    append: Callable[[int], None] = lengths.append
    try:
        for event, el in etree.iterparse(
            fh, events=("start", "end"), resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True
        ):
            if _local(el.tag) != "si":
                continue
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if depth == 0:
                append(len("".join(el.itertext())))
                el.clear(keep_tail=False)
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        raise _refuse_malformed(path, None, exc) from exc
    return lengths


__all__ = ["scan_sheet_xml", "shared_lengths_xml"]
