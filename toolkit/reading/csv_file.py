"""A list saved as .csv (comma-separated; also “CSV UTF-8” from Excel and WPS, or GBK from older ones).

The rows are read with Python's csv module (quoted cells may hold line breaks) and handed to the grid
reader like a worksheet's.

>>> read_csv_text("序号,权力类型,事项名称,实施依据\\n1,行政许可,甲,《法》").column("项目名称")
['甲']
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from ..model import PowerList, Source
from .grid import grid_to_list
from .textfile import decode_text


def read_csv_text(text: str, *, path: Path | None = None) -> PowerList:
    """The list in a CSV text (the delimiter sniffed: comma, semicolon or tab)."""
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t，")
    except csv.Error:
        dialect = csv.excel
    rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    pl = grid_to_list(rows, path=path, sheet="", strict=False, where="CSV 文件", excel_refs=False)
    pl.rows = [None] * len(pl)
    pl.source = Source(path=path, sheet="", header_rows=(), letters={}, notice_sheet=None)
    return pl


def read_csv(path: str | Path) -> PowerList:
    """Read a .csv file (UTF-8 with or without BOM, GBK/GB18030, UTF-16)."""
    path = Path(path)
    return read_csv_text(decode_text(path.read_bytes(), path), path=path)


__all__ = ["read_csv", "read_csv_text"]
