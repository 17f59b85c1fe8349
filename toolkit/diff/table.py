"""The rows of the 调整对照表, shared by the xlsx, HTML and PDF reports.

A row's 调整前 / 调整后 cells are lists of segments (kind, text): kind "head" is a column label
(【实施依据】), "equal" unchanged text, "delete" / "insert" the changed characters, "plain" whole text of an
added or removed item.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .core import ADDED, CHANGED, ID_COLUMNS, REMOVED, STATUS_LABELS, Diff, ItemDiff
from .textdiff import side_ops

Segment = tuple[str, str]
TABLE_HEADER = ("序号", "调整类型", "权力分类", "项目名称", "子项名称", "调整内容", "调整前", "调整后", "调整理由")
EMPTY_MARK = "（空）"


@dataclass
class Row:
    seq: int
    kind: str  # added | removed | changed | unchanged (format-only rows)
    label: str  # 新增 / 取消 / 变更 / 格式
    category: str
    name: str
    subitem: str
    content: str  # 调整内容: which columns changed
    before: list[Segment] = field(default_factory=list)
    after: list[Segment] = field(default_factory=list)
    note: str = ""  # how a changed item was recognised (renamed items)


def table_rows(d: Diff, *, show_format: bool = False) -> list[Row]:
    """One row per added, removed or changed item (and per format-only item when asked).

    >>> [r.label for r in table_rows(d)]  # doctest: +SKIP
    ['变更', '变更', '取消', '新增']
    """
    rows = []
    for n, it in enumerate(d.reported(show_format), start=1):
        rec = it.current
        label = "格式" if it.format_only else STATUS_LABELS[it.status]
        row = Row(n, it.status, label, rec.get("权力分类", ""), rec.get("项目名称", ""), rec.get("子项名称", ""), "")
        if it.status == ADDED:
            row.content = "新增事项"
            row.after = _whole(it.new or {}, d.columns)
        elif it.status == REMOVED:
            row.content = "取消事项"
            row.before = _whole(it.old or {}, d.columns)
        else:
            fields = it.visible_fields(show_format)
            row.content = "、".join(f.column for f in fields)
            if it.old and it.new and it.old.get("序号") != it.new.get("序号"):
                row.note = f"原第 {it.old.get('序号')} 项，现第 {it.new.get('序号')} 项"
            if it.how == "similar" and it.status == CHANGED:
                note = f"按内容相似度 {it.similarity:.0%} 认定为同一事项"
                row.note = f"{row.note}；{note}" if row.note else note
            for k, f in enumerate(fields):
                sep = [("equal", "\n")] if k else []
                row.before += [*sep, ("head", f"【{f.column}】"), *_side(f.ops, "old", f.old)]
                row.after += [*sep, ("head", f"【{f.column}】"), *_side(f.ops, "new", f.new)]
        rows.append(row)
    return rows


def _side(ops: list[tuple[str, str]], side: str, value: str) -> list[Segment]:
    if not value:
        return [("equal", EMPTY_MARK)]
    return [(tag, text) for tag, text in side_ops(ops, side)]


def _whole(rec: dict[str, str], columns: list[str]) -> list[Segment]:
    out: list[Segment] = []
    for c in columns:
        if c in ID_COLUMNS or not rec.get(c):
            continue
        if out:
            out.append(("plain", "\n"))
        out += [("head", f"【{c}】"), ("plain", rec[c])]
    return out


def segments_text(segments: list[Segment]) -> str:
    """The plain text of a cell: column labels followed by their text on the same line."""
    return "".join(t for _, t in segments)


__all__ = ["TABLE_HEADER", "Row", "ItemDiff", "segments_text", "table_rows"]
