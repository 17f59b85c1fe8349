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

    >>> from openpyxl import Workbook
    >>> ws = Workbook().active
    >>> ws.merge_cells("C4:C6")
    >>> anchor(ws, "C5"), anchor(ws, "D5")
    ('C4', 'D5')
    """
    for rng in ws.merged_cells.ranges:
        if coordinate in rng:
            return str(rng.start_cell.coordinate)
    return coordinate
