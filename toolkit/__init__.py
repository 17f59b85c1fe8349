"""qzqd: keep a government unit's 权责清单 (list of powers and responsibilities).

>>> import toolkit
>>> pl = toolkit.read_workbook("workbooks/xingan-2022.xlsx")  # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import QzqdError
from .importers import import_file
from .model import COLUMNS, Finding, Notice, PowerList
from .workbook import read_workbook
from .writer import init_workbook, write_workbook

__all__ = [
    "COLUMNS",
    "Finding",
    "Notice",
    "PowerList",
    "QzqdError",
    "__version__",
    "import_file",
    "init_workbook",
    "read_workbook",
    "write_workbook",
]
