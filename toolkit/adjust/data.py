"""The package's machine-readable record (调整数据.json) and the round trip: applying it to the old list
gives the new list exactly, cell for cell, which is what ``qzqd adjust --check`` verifies for the 编办.

The record holds, for each item of the new list in order, where it came from (an old item and the cells
that changed, with their old values so a wrong old list is noticed, or a whole new record), and every old
item that left the list with its full content.

>>> doc = record(plan, summary)  # doctest: +SKIP
>>> apply(old_records, doc) == new_records  # doctest: +SKIP
True
"""

from __future__ import annotations

from typing import Any

from .. import __version__
from ..diff.core import Diff
from ..errors import InputError
from .plan import Plan
from .summary import Summary

FORMAT = "qzqd-adjust/1"


class RoundTripError(InputError):
    """The package does not apply to this old list (another revision, or the package was edited)."""


def _records(d_side: Any) -> list[dict[str, str]]:
    return d_side.records()


def record(plan: Plan, summary: Summary, *, problems: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    d: Diff = plan.diff
    columns = list(d.new.columns)
    if list(d.old.columns) != columns:
        columns = list(dict.fromkeys([*d.old.columns, *columns]))
    entries: list[dict[str, Any]] = []
    by_new = sorted((it for it in d.items if it.new_index is not None), key=lambda it: it.new_index or 0)
    for it in by_new:
        assert it.new is not None
        if it.old is None:
            entries.append({"from": None, "record": {c: it.new.get(c, "") for c in columns}})
            continue
        changed = [c for c in columns if it.old.get(c, "") != it.new.get(c, "")]
        entries.append(
            {
                "from": it.old_index,
                "set": {c: it.new.get(c, "") for c in changed},
                "expect": {c: it.old.get(c, "") for c in changed},
            }
        )
    removed = [
        {"index": it.old_index, "record": {c: (it.old or {}).get(c, "") for c in columns}}
        for it in d.items
        if it.new_index is None
    ]
    return {
        "format": FORMAT,
        "generator": f"qzqd {__version__}",
        "old": _side(d.old),
        "new": _side(d.new),
        "columns": columns,
        "summary": {
            "before": summary.before,
            "after": summary.after,
            "by_kind": summary.by_kind,
            "by_category": [list(x) for x in summary.by_category],
        },
        "adjustments": [
            {
                "kind": a.kind,
                "seq": a.seq,
                "code": a.code,
                "category": a.category,
                "name": a.name,
                "subitem": a.subitem,
                "content": a.content,
                "basis": a.basis,
                "reason": a.reason,
                "opinions": a.opinions,
                "supervision": a.supervision,
                "remarks": a.remarks,
                "auto": sorted(a.auto),
            }
            for a in plan.adjustments
        ],
        "problems": problems or [],
        "items": entries,
        "removed": removed,
    }


def _side(pl: Any) -> dict[str, Any]:
    return {
        "file": pl.source.path.name if pl.source.path else "",
        "doc_number": pl.notice.doc_number,
        "date": pl.notice.date,
        "items": len(pl),
    }


def apply(old: list[dict[str, str]], doc: dict[str, Any]) -> list[dict[str, str]]:
    """The new list's records from the old list's and the record; RoundTripError (Chinese) when the record
    does not fit this old list."""
    if doc.get("format") != FORMAT:
        raise RoundTripError(f"调整数据的格式“{doc.get('format')}”不是 {FORMAT}，无法核对。")
    columns = doc["columns"]
    if doc["old"]["items"] != len(old):
        raise RoundTripError(
            f"调整材料所依据的旧版清单有 {doc['old']['items']} 个事项，这份旧版清单有 {len(old)} 个：不是同一个版本。"
        )
    used: set[int] = set()
    out: list[dict[str, str]] = []
    for n, e in enumerate(doc["items"], start=1):
        if e["from"] is None:
            out.append({c: e["record"].get(c, "") for c in columns})
            continue
        i = int(e["from"])
        if i in used or not 0 <= i < len(old):
            raise RoundTripError(f"调整数据第 {n} 项引用的旧版事项（第 {i + 1} 项）无效。")
        used.add(i)
        rec = {c: old[i].get(c, "") for c in columns}
        for c, value in e["expect"].items():
            if rec.get(c, "") != value:
                raise RoundTripError(
                    f"旧版第 {i + 1} 项的“{c}”与调整材料记录的调整前内容不同：这份旧版清单不是调整所依据的版本，或已被改动。"
                )
        rec.update(e["set"])
        out.append(rec)
    for r in doc["removed"]:
        i = int(r["index"])
        if i in used or not 0 <= i < len(old):
            raise RoundTripError(f"调整数据中取消的旧版事项（第 {i + 1} 项）无效。")
        if {c: old[i].get(c, "") for c in columns} != r["record"]:
            raise RoundTripError(f"旧版第 {i + 1} 项与调整材料记录的取消事项内容不同：不是同一个旧版清单。")
        used.add(i)
    if len(used) != len(old):
        missing = sorted(set(range(len(old))) - used)
        raise RoundTripError(f"旧版第 {missing[0] + 1} 项在调整材料中既未保留也未取消：调整数据不完整。")
    return out


def differences(got: list[dict[str, str]], want: list[dict[str, str]], columns: list[str]) -> list[str]:
    """Where two lists differ, in Chinese (empty when they are the same cell for cell)."""
    out = []
    if len(got) != len(want):
        out.append(f"事项数不同：按调整材料得到 {len(got)} 项，调整后的清单有 {len(want)} 项")
    for n, (a, b) in enumerate(zip(got, want, strict=False), start=1):
        for c in columns:
            if a.get(c, "") != b.get(c, ""):
                out.append(f"第 {n} 项“{c}”不同")
                break
        if len(out) >= 20:
            break
    return out
