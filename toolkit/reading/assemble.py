r"""The list's columns from the source columns: a standard column read as it is, sub-columns joined with
their label (【法律】), a combined column split, the steps column set aside, other columns kept as extra
columns; with where each went (:class:`~toolkit.model.Placement`) and the findings that say so.

>>> _labelled("法律", "1．《甲法》第一条\n《乙法》第二条")
'1．【法律】《甲法》第一条\n【法律】《乙法》第二条'
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..model import PLACED_EXTRA, PLACED_STANDARD, Finding, Placement
from .cells import get_column_letter
from .combined import split_column
from .header import SUB, Column
from .vocabulary import COMBINED, STANDARD, STEPS


def _labelled(label: str, text: str) -> str:
    """Each paragraph of a sub-column's cell with its sub-header as label: 1．【法律】《…》."""
    out = []
    for p in text.split("\n"):
        if p.startswith(f"【{label}】") or re.match(rf"^[\d.．、\s]*【{re.escape(label)}】", p):
            out.append(p)
            continue
        m = re.match(r"^(\d{1,3}\s*[.．、]\s*)", p)
        out.append(f"{m.group(1)}【{label}】{p[m.end() :]}" if m else f"【{label}】{p}")
    return "\n".join(out)


def assemble(
    src: list[int],
    cols: dict[int, Column],
    data: list[list[str]],
    warnings: list[Finding],
    sheet: str,
    where: str,
    header_place: Callable[[int], tuple[str, int | None, str | None]],
) -> tuple[dict[str, list[str]], dict[str, str], list[str], list[str] | None, list[Placement]]:
    """The list's columns from the source columns: standard ones (sub-columns joined, combined ones split),
    extra ones, the steps column; with the letters of their source columns and where each went."""
    out: dict[str, list[str]] = {}
    letters: dict[str, str] = {}
    extras: list[str] = []
    steps: list[str] | None = None
    placements: list[Placement] = []
    groups: dict[str, list[int]] = {}
    for i, c in enumerate(src):
        col = cols[c]
        if col.kind in (STANDARD, SUB):
            groups.setdefault(col.target, []).append(i)
    n = len(data[0]) if data else 0
    for i, c in enumerate(src):
        col, letter, values = cols[c], get_column_letter(c + 1), data[i]
        if col.kind in (STANDARD, SUB):
            members = groups[col.target]
            if col.target in out:
                continue  # joined with the first of its group
            letters[col.target] = letter
            if len(members) == 1 and col.kind == STANDARD:
                out[col.target] = values
                source = col.source or f"（第 {c + 1} 列，没有列名）"
                placements.append(Placement(source, PLACED_STANDARD, col.target, col.note))
                continue
            joined = []
            for k in range(n):
                parts = []
                for j in members:
                    v = data[j][k]
                    if v:
                        sub = cols[src[j]]
                        parts.append(_labelled(sub.label, v) if sub.kind == SUB and sub.label else v)
                joined.append("\n".join(parts))
            out[col.target] = joined
            for j in members:
                sub = cols[src[j]]
                joined_how = f"每段前加“【{sub.label}】”，与同组各列合并" if sub.kind == SUB else "与同名各列合并"
                placements.append(Placement(sub.source, PLACED_STANDARD, col.target, joined_how))
        elif col.kind == COMBINED:
            first, second, how = split_column(values)
            out[col.target], out[col.second] = first, second
            letters[col.target] = letters[col.second] = letter
            _combined_findings(col, how, warnings, sheet, where)
            note = f"分为“{col.target}”和“{col.second}”"
            placements.append(Placement(col.source, PLACED_STANDARD, f"{col.target}＋{col.second}", note))
        elif col.kind == STEPS:
            steps = values
            placements.append(Placement(col.source, PLACED_STANDARD, "责任事项", "各环节按顺序并入"))
        else:
            extras.append(col.target)
            out[col.target] = values
            letters[col.target] = letter
            placements.append(
                Placement(col.source or f"（{col.target}，没有列名）", PLACED_EXTRA, col.target, col.note)
            )
            if not col.source:
                warnings.append(
                    Finding(
                        "QZ009",
                        "warning",
                        f"{where}{col.target}没有列名，内容作为附加列“{col.target}”保留；请核对并补上列名。",
                        sheet=sheet or None,
                    )
                )
            elif col.wording is None or col.duplicate_of:
                prefix, at, cell = header_place(c)
                if col.duplicate_of:
                    severity = "warning"
                    message = (
                        f"{prefix}列“{col.source}”与前面的“{col.duplicate_of}”列重复，作为附加列“{col.target}”保留"
                        f"（检查时不按“{col.duplicate_of}”检查）；请核对后把内容并入一列。"
                    )
                else:
                    # A warning still: the column is kept, but no check knows what it should hold.
                    severity = "warning"
                    message = (
                        f"{prefix}列“{col.source}”不属于标准 13 列，按原列名作为附加列保留（检查时不检查它的内容）。"
                    )
                warnings.append(
                    Finding("QZ001", severity, message, sheet=sheet or None, row=at, cell=cell, column=col.target)
                )
    return out, letters, extras, steps, placements


def _combined_findings(col: Column, how: dict[str, list[int]], warnings: list[Finding], sheet: str, where: str) -> None:
    def items(ix: list[int]) -> str:
        shown = "、".join(str(i + 1) for i in ix[:10])
        return f"第 {shown}{' 等' if len(ix) > 10 else ''} 项"

    both = f"“{col.target}”和“{col.second}”"
    if how["marked"]:
        warnings.append(
            Finding(
                "QZ012",
                "info",
                f"“{col.source}”列：{len(how['marked'])} 个单元格按其中的“依据”字样分为{both}。",
                sheet=sheet or None,
            )
        )
    if how["form"]:
        warnings.append(
            Finding(
                "QZ009",
                "warning",
                f"“{col.source}”列：{items(how['form'])}按段落的写法（《法规名称》开头的段落为依据）分为{both}，请核对。",
                sheet=sheet or None,
            )
        )
    if how["whole"]:
        warnings.append(
            Finding(
                "QZ009",
                "warning",
                f"“{col.source}”列：{items(how['whole'])}分不出情形和依据，整格放在“{col.target}”列；"
                f"请核对，必要时把依据移到“{col.second}”列。",
                sheet=sheet or None,
            )
        )
