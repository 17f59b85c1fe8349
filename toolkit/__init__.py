"""qzqd: keep a government unit's 权责清单 (list of powers and responsibilities).

One package, two faces: this small library API and the ``qzqd`` command line (``toolkit.cli``).

>>> import toolkit
>>> pl = toolkit.read_workbook("workbooks/xingan-2022.xlsx")  # doctest: +SKIP
>>> toolkit.validate(pl).errors  # doctest: +SKIP
5
"""

from __future__ import annotations

__version__ = "0.1.0"

# validate and diff are functions that shadow their subpackages' names on purpose: toolkit.validate(...)
# is the function, while `from toolkit.validate import Options` still reaches the subpackage.
from .diff import Diff, diff
from .errors import QzqdError
from .importers import import_file
from .model import COLUMNS, Finding, Notice, PowerList
from .render import render
from .update import update_citations
from .validate import Options as ValidateOptions
from .validate import Report, validate
from .workbook import read_workbook
from .writer import init_workbook, write_workbook

__all__ = [
    "COLUMNS",
    "Diff",
    "Finding",
    "Notice",
    "PowerList",
    "QzqdError",
    "Report",
    "ValidateOptions",
    "__version__",
    "diff",
    "import_file",
    "init_workbook",
    "read_workbook",
    "render",
    "update_citations",
    "validate",
    "write_workbook",
]
