"""The size check of an .ods workbook, counting repeated rows and cells as calamine expands them."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .budget import current, refuse
from .zipcheck import check_zip

_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def ods_table_events(fh: IO[bytes]) -> Iterator[tuple[str, Any]]:
    """(event, element) for the tables, rows and cells of an .ods ``content.xml``, parsed safely (no entity
    expansion, no network) and without lxml's depth and size caps (the limits here measure instead).
    Used by this size check and by the reader of the sheet's layout (:mod:`toolkit.reading.sheetxml`)."""
    from lxml import etree

    t = _ODS_TABLE
    return etree.iterparse(  # type: ignore[no-any-return]
        fh,
        events=("start", "end"),
        tag=(t + "table", t + "table-row", t + "table-cell", t + "covered-table-cell"),
        resolve_entities=False,
        no_network=True,
        huge_tree=True,
    )


def _repeat(value: str | None) -> int:
    try:
        return max(int(value), 1) if value else 1
    except ValueError:
        return 1


def check_ods(path: Path) -> None:
    """Measure every sheet of an .ods against the limits, counting repeated rows and cells as calamine expands
    them (a row repeated a million times with one cell of text is a million cells), without expanding them.

    Streamed (lxml iterparse, each row freed once counted).
    """
    check_zip(path)
    from lxml import etree

    limits = current()
    t, o = _ODS_TABLE, _ODS_OFFICE
    try:
        with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
            sheet, depth = "", 0
            rows = cells = chars = merges = last_row = last_col = 0
            r = c = row_cells = row_chars = row_last_col = 0
            for event, el in ods_table_events(fh):
                tag = el.tag[len(t) :]
                if tag == "table":
                    depth += 1 if event == "start" else -1
                    if event == "start" and depth == 1:
                        sheet = el.get(t + "name") or ""
                        rows = cells = chars = merges = last_row = last_col = r = 0
                    continue
                if depth != 1:
                    continue
                if tag == "table-row":
                    if event == "start":
                        c = row_cells = row_chars = row_last_col = 0
                        continue
                    rep = _repeat(el.get(t + "number-rows-repeated"))
                    if row_cells:
                        rows += rep
                        cells += rep * row_cells
                        chars += rep * row_chars
                        last_row = r + rep
                        last_col = max(last_col, row_last_col)
                    r += rep
                    el.clear(keep_tail=False)
                    while el.getprevious() is not None:
                        del el.getparent()[0]
                    for name, value in (("rows", rows), ("cells", cells), ("chars", chars), ("merges", merges)):
                        if value > getattr(limits, name):
                            raise refuse(name, None, path, sheet=sheet)
                    if last_row > limits.rows or last_col > limits.columns:
                        name = "rows" if last_row > limits.rows else "columns"
                        found = last_row if name == "rows" else last_col
                        raise refuse(
                            name,
                            f"{found:,}",
                            path,
                            sheet=sheet,
                            what=f"清单所占的{'行' if name == 'rows' else '列'}数",
                        )
                    continue
                if event == "start":
                    continue
                rep = _repeat(el.get(t + "number-columns-repeated"))
                if (
                    int(el.get(t + "number-rows-spanned") or 1) > 1
                    or int(el.get(t + "number-columns-spanned") or 1) > 1
                ):
                    merges += 1
                if el.get(o + "value-type") or len(el):
                    n = len("".join(el.itertext()))
                    if n > limits.cell_chars:
                        raise refuse("cell_chars", f"{n:,}", path, sheet=sheet)
                    row_cells += rep
                    row_chars += rep * n
                    row_last_col = c + rep
                c += rep
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, etree.XMLSyntaxError, ValueError):
        return  # calamine reports the damage in its own words
