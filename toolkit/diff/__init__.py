"""Compare two revisions of a list and report the adjustments (调整对照表).

>>> from toolkit.diff import diff
>>> d = diff("workbooks/xingan-2022.xlsx", "workbooks/xingan-2025.xlsx")  # doctest: +SKIP
"""

from __future__ import annotations

from .core import (
    ADDED,
    CHANGED,
    GROUP_LABELS,
    MERGE,
    REMOVED,
    SPLIT,
    STATUS_LABELS,
    UNCHANGED,
    ColumnMismatchError,
    Diff,
    FieldDiff,
    Group,
    ItemDiff,
    diff,
)
from .match import DuplicateItemError
from .textdiff import char_diff, normalize_text

__all__ = [
    "ADDED",
    "CHANGED",
    "REMOVED",
    "STATUS_LABELS",
    "UNCHANGED",
    "ColumnMismatchError",
    "Diff",
    "DuplicateItemError",
    "FieldDiff",
    "GROUP_LABELS",
    "Group",
    "ItemDiff",
    "MERGE",
    "SPLIT",
    "char_diff",
    "diff",
    "normalize_text",
]
