"""The size check of an .xls (BIFF8) workbook, from its cell records."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..errors import LimitError
from .budget import current, refuse
from .xlsxplan import list_block
from .zipcheck import check_file_size

# FORMULA, RSTRING; MULRK holds several. BLANK/MULBLANK hold none (calamine skips them).
_XLS_VALUES = frozenset({0x00FD, 0x0204, 0x0203, 0x027E, 0x0205, 0x0006, 0x00D6})
_XLS_MULRK, _XLS_BOF, _XLS_EOF, _XLS_SHEET, _XLS_MERGES = 0x00BD, 0x0809, 0x000A, 0x0085, 0x00E5


def _xls_cells(data: bytes) -> Iterator[tuple[int, int, int]]:
    """(stream offset of the sheet's BOF, row, column) of every cell record holding a value (0-based)."""
    import struct

    unpack = struct.unpack_from
    pos, end, sheet = 0, len(data), -1
    while pos + 4 <= end:
        kind, size = unpack("<HH", data, pos)
        body = pos + 4
        if kind in _XLS_VALUES and size >= 4:
            row, col = unpack("<HH", data, body)
            yield sheet, row, col
        elif kind == _XLS_MULRK and size >= 6:
            row, first = unpack("<HH", data, body)
            (last,) = unpack("<H", data, body + size - 2)
            for col in range(first, last + 1):
                yield sheet, row, col
        elif kind == _XLS_BOF:
            sheet = pos
        pos = body + size


def check_xls(path: Path) -> None:
    """Measure every sheet of an .xls (BIFF8) against the limits, from its cell records.

    calamine lays out an .xls sheet as a dense grid too: one cell at IV65536 made it hold 16.7 million
    cells (26 s, 1.3 GB). An .xls cannot be given to it without such cells, so they are named in the refusal.
    """
    check_file_size(path)
    try:
        import olefile

        with olefile.OleFileIO(str(path)) as ole:
            stream = "Workbook" if ole.exists("Workbook") else "Book"
            data = ole.openstream(stream).read()
    except Exception:  # noqa: BLE001 - damage is calamine's to report, in its words
        return
    import struct

    names: dict[int, str] = {}
    pos = 0
    while pos + 4 <= len(data):  # the workbook globals: each sheet's name and the offset of its BOF
        kind, size = struct.unpack_from("<HH", data, pos)
        if kind == _XLS_SHEET and size >= 8:
            (offset,) = struct.unpack_from("<I", data, pos + 4)
            length = data[pos + 10]
            raw = data[pos + 12 : pos + 12 + length * (2 if data[pos + 11] & 1 else 1)]
            names[offset] = raw.decode("utf-16-le" if data[pos + 11] & 1 else "latin-1", "replace")
        if kind == _XLS_EOF:
            break
        pos += 4 + size
    limits = current()
    rows: dict[int, set[int]] = {}
    cols: dict[int, set[int]] = {}
    cells: dict[int, int] = {}
    for sheet, row, col in _xls_cells(data):
        rows.setdefault(sheet, set()).add(row + 1)
        cols.setdefault(sheet, set()).add(col + 1)
        cells[sheet] = cells.get(sheet, 0) + 1
        if cells[sheet] > limits.cells:
            raise refuse("cells", None, path, sheet=names.get(sheet))
    for sheet in rows:
        name = names.get(sheet, "")
        if len(rows[sheet]) > limits.rows:
            raise refuse("rows", None, path, sheet=name)
        block = list_block(rows[sheet], cols[sheet], path, name)
        if block is None:
            continue
        from ..reading.grid import get_column_letter

        far = [
            f"{get_column_letter(c + 1)}{r + 1}"
            for s, r, c in _xls_cells(data)
            if s == sheet and (r + 1 > block[0] or c + 1 > block[1])
        ]
        shown = "、".join(far[:10]) + ("……" if len(far) > 10 else "")
        raise LimitError(
            f"有 {len(far)} 个单元格远在清单之外（{shown}），旧版 .xls 工作簿无法跳过它们读取（读取时会占用数 GB 内存）。",
            path=path,
            sheet=name,
            hint="请在 Excel 或 WPS 中删除这些单元格（或把工作簿另存为 .xlsx，qzqd 会跳过它们并逐个列出）后再试。",
        )
