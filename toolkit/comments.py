"""Cell comments shared by clerks and qzqd: qzqd's notes live in marked sections, the clerk's text is kept.

A cell can carry a clerk's own note (“科长：此处依据待法规科确认”) and, over time, notes from several qzqd
runs (``validate --annotate``, ``update-citations``). Each qzqd note is a section that starts with a marker
line such as ``【qzqd 检查】``; running the same command again replaces its own section and leaves the
clerk's text and other sections alone, and the comment keeps the clerk as its author.

>>> text = compose("科长：待确认", "【qzqd 检查】", "QZ402 警告：引文不一致")
>>> text
'科长：待确认\\n\\n【qzqd 检查】\\nQZ402 警告：引文不一致'
>>> compose(text, "【qzqd 检查】", None)
'科长：待确认'
"""

from __future__ import annotations

import bisect
import weakref
from typing import Any

AUTHOR = "qzqd"
CHECK = "【qzqd 检查】"
UPDATE = "【qzqd 引用更新】"
MARKERS = (CHECK, UPDATE)
_LEGACY_SEPARATOR = "\n——\n"  # how qzqd 0.1 appended findings to a clerk's note


def split(text: str, author: str | None = None) -> tuple[str, dict[str, str]]:
    """``(the clerk's text, {marker: section body})`` of a comment's text.

    >>> split("甲\\n\\n【qzqd 检查】\\nQZ1\\n\\n【qzqd 引用更新】\\n改了")
    ('甲', {'【qzqd 检查】': 'QZ1', '【qzqd 引用更新】': '改了'})
    """
    own: list[str] = []
    sections: dict[str, list[str]] = {}
    current: list[str] = own
    for line in text.split("\n"):
        if line.strip() in MARKERS:
            current = sections.setdefault(line.strip(), [])
            continue
        current.append(line)
    clerk = "\n".join(own).strip("\n")
    if author == AUTHOR and not sections:
        # Written by an older qzqd without markers: the part after its separator (or all of it) is qzqd's.
        head, sep, _ = clerk.partition(_LEGACY_SEPARATOR)
        legacy_update = clerk.startswith("qzqd 更新了") or "\n\nqzqd 更新了" in clerk
        if sep:
            clerk = head
        elif legacy_update:
            clerk = clerk.split("qzqd 更新了", 1)[0].strip("\n")
        else:
            clerk = ""
    return clerk, {k: "\n".join(v).strip("\n") for k, v in sections.items()}


def compose(text: str, marker: str, body: str | None, author: str | None = None) -> str:
    """``text`` with its ``marker`` section replaced by ``body`` (removed when ``body`` is None or empty)."""
    clerk, sections = split(text, author)
    if body:
        sections[marker] = body
    else:
        sections.pop(marker, None)
    parts = [clerk] if clerk else []
    parts += [f"{m}\n{sections[m]}" for m in MARKERS if m in sections]
    return "\n\n".join(parts)


def clerk_author(comment: Any) -> str:
    """Who a rewritten comment should name: the clerk who wrote it, or qzqd when it was qzqd's alone."""
    if comment is None:
        return AUTHOR
    clerk, _ = split(comment.text or "", comment.author)
    return comment.author if clerk and comment.author and comment.author != AUTHOR else AUTHOR


def has_section(comment: Any, marker: str) -> bool:
    """Whether a comment holds a qzqd section of this kind (legacy qzqd-authored notes count as checks)."""
    if comment is None:
        return False
    text = comment.text or ""
    if any(line.strip() == marker for line in text.split("\n")):
        return True
    if comment.author != AUTHOR:
        return False
    legacy_update = "qzqd 更新了" in text
    return marker == UPDATE if legacy_update else marker == CHECK


def anchor(ws: Any, coordinate: str) -> str:
    """The cell that carries a mark (comment, fill, new text) for ``coordinate``: the top-left cell of the
    merged range holding it, else the cell itself (Excel shows nothing written into a merged range's others).

    The merged ranges are indexed once per sheet (by column, sorted by first row), so marking many cells of
    a sheet with many merges costs a lookup each, not a scan of every merge.

    >>> from openpyxl import Workbook
    >>> ws = Workbook().active
    >>> ws.merge_cells("C4:C6")
    >>> anchor(ws, "C5"), anchor(ws, "D5")
    ('C4', 'D5')
    """
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(coordinate)
    col = column_index_from_string(letters)
    index = _merge_index(ws)
    for starts, ranges in (index.by_column.get(col, ((), ())), index.wide):
        i = bisect.bisect_right(starts, row) - 1
        # Merged ranges never overlap: in one column, the range holding ``row`` is the last one starting at or
        # above it. The wide ranges (few) are searched the same way, then checked for the column.
        while i >= 0:
            rng = ranges[i]
            if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
                return str(rng.start_cell.coordinate)
            if ranges is not index.wide[1]:
                break
            i -= 1
    return coordinate


_WIDE = 64  # ranges wider than this many columns are kept in one list instead of one entry per column


class _MergeIndex:
    def __init__(self, ranges: list[Any]) -> None:
        self.count = len(ranges)
        columns: dict[int, list[Any]] = {}
        wide: list[Any] = []
        for rng in ranges:
            if rng.max_col - rng.min_col >= _WIDE:
                wide.append(rng)
                continue
            for col in range(rng.min_col, rng.max_col + 1):
                columns.setdefault(col, []).append(rng)
        self.by_column: dict[int, tuple[list[int], list[Any]]] = {}
        for col, rs in columns.items():
            rs.sort(key=lambda r: r.min_row)
            self.by_column[col] = ([r.min_row for r in rs], rs)
        wide.sort(key=lambda r: r.min_row)
        self.wide = ([r.min_row for r in wide], wide)


_INDEXES: weakref.WeakKeyDictionary[Any, _MergeIndex] = weakref.WeakKeyDictionary()


def _merge_index(ws: Any) -> _MergeIndex:
    ranges = list(ws.merged_cells.ranges)
    index = _INDEXES.get(ws)
    if index is None or index.count != len(ranges):
        index = _INDEXES[ws] = _MergeIndex(ranges)
    return index
