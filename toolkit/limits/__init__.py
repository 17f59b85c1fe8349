"""Size limits, checked before any work: a hostile or huge input is refused in seconds, with a Chinese message.

A workbook is measured, never trusted: the zip directory gives each member's size and compression ratio, and
the sheet XML is streamed once (bounded memory, C-speed regexes) to count what it really holds: rows and
cells with content, the columns they span, characters per cell and in all, merged ranges. A ``<dimension>``
tag is not read at all. python-calamine lays a sheet out as a dense grid from its first to its last cell, so a
single cell at XFD1048576 makes it try to allocate 512 GiB (the process aborts); :func:`check_xlsx` finds such
far-away cells before calamine sees the file and gives it a copy without them (they are named in a QZ010
finding: nothing is dropped silently).

Defaults fit the largest real lists with room (a county unit's list has tens to hundreds of items, a city's
catalogue a few thousand); a province's million items is a batch job, not one workbook. They are raised with
``qzqd --limit rows=300000 …`` or the environment variable ``QZQD_LIMITS="rows=300000,cells=5000000"``.

>>> current().rows
100000
>>> with raised("rows=5"):
...     current().rows
5
"""

from __future__ import annotations

from .budget import LIMIT_TEXT, Limits, configure, current, parse, raised
from .ods import check_ods as check_ods
from .scan import pieces as pieces
from .xls import check_xls
from .xlsxplan import XlsxPlan as XlsxPlan
from .xlsxplan import check_xlsx
from .zipcheck import check_file_size, check_zip

__all__ = [
    "Limits",
    "check_xls",
    "LIMIT_TEXT",
    "check_file_size",
    "check_xlsx",
    "check_zip",
    "configure",
    "current",
    "parse",
    "raised",
]
