"""The rows of the 调整对照表, shared by the xlsx, HTML and PDF reports.

A row's 调整前 / 调整后 cells are lists of segments (kind, text): kind "head" is a column label
(【实施依据】), "equal" unchanged text, "delete" / "insert" the changed characters, "plain" whole text of an
added or removed item.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .core import ADDED, CHANGED, ID_COLUMNS, MERGE, REMOVED, Diff, Group, ItemDiff
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
    note: str = ""  # how a changed item was recognised (renamed items, merges and splits)
    reason: str = ""  # 调整理由 (and 调整依据), filled by toolkit.adjust; empty in a plain diff


def table_rows(d: Diff, *, show_format: bool = False) -> list[Row]:
    """One row per added, removed or changed item (and per format-only item when asked).

    >>> [r.label for r in table_rows(d)]  # doctest: +SKIP
    ['变更', '变更', '取消', '新增']
    """
    rows = []
    for n, it in enumerate(d.reported(show_format), start=1):
        rec = it.current
        row = Row(n, it.status, it.label, rec.get("权力分类", ""), rec.get("项目名称", ""), rec.get("子项名称", ""), "")
        if it.group is not None:
            row.note = group_note(d, it, it.group)
        if it.status == ADDED:
            row.content = (
                "新增事项" if it.group is None else ("合并后的事项" if it.group.kind == MERGE else "拆分出的事项")
            )
            row.after = _whole(it.new or {}, d.columns)
        elif it.status == REMOVED:
            row.content = (
                "取消事项" if it.group is None else ("并入其他事项" if it.group.kind == MERGE else "拆分为多个事项")
            )
            row.before = _whole(it.old or {}, d.columns)
        else:
            fields = it.visible_fields(show_format)
            row.content = "、".join(f.column for f in fields)
            if it.old and it.new and it.old.get("序号") != it.new.get("序号"):
                moved = f"原第 {it.old.get('序号')} 项，现第 {it.new.get('序号')} 项"
                row.note = f"{moved}；{row.note}" if row.note else moved
            if it.how == "similar" and it.status == CHANGED:
                note = f"按内容相似度 {it.similarity:.0%} 认定为同一事项"
                row.note = f"{row.note}；{note}" if row.note else note
            for k, f in enumerate(fields):
                sep = [("equal", "\n")] if k else []
                row.before += [*sep, ("head", f"【{f.column}】"), *_side(f.ops, "old", f.old)]
                row.after += [*sep, ("head", f"【{f.column}】"), *_side(f.ops, "new", f.new)]
        rows.append(row)
    return rows


def group_note(d: Diff, it: ItemDiff, g: Group) -> str:
    """What a merge or split did, seen from one of its items: “原第 2、3 项合并为现第 2 项”.

    >>> # group_note(d, it, Group("merge", (1, 2), (1,), "remark"))  ->  '原第 2、3 项合并为现第 2 项（据备注）'
    """
    olds = "、".join(_seq(d.old, i) for i in g.old)
    news = "、".join(_seq(d.new, j) for j in g.new)
    how = "（据备注）" if g.how == "remark" else "（按内容认定）"
    if g.kind == MERGE:
        return f"原第 {olds} 项合并为现第 {news} 项{how}"
    return f"原第 {olds} 项拆分为现第 {news} 项{how}"


def _seq(pl, index: int) -> str:  # type: ignore[no-untyped-def]
    values = pl.column("序号") if "序号" in pl.columns else []
    seq = values[index] if index < len(values) else ""
    return seq or str(index + 1)


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
