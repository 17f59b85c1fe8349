"""A list written one row per 办理环节 (受理, 审查, 决定, 送达 …): the rows of one item folded into one.

Such a list gives each item several rows: the item's 序号 and 名称 (often merged down, or only in the first
row), then per row a step, its duty and its 责任科室. The rows of one item become one item: the steps go
into 责任事项 in order (“1．受理：…（责任科室：办公室）”), every other column keeps its distinct values in
order. Which rows belong together: the same 序号 (or none) and the same 项目名称 (or none).

>>> out, starts = fold_steps({"序号": ["1", "1", "2"], "项目名称": ["甲", "甲", "乙"], "责任事项": ["收件", "审核", ""],
...                           "承办的内设机构": ["办公室", "法规科", ""]}, ["受理", "审查", "决定"])
>>> out["责任事项"], out["承办的内设机构"], starts
(['1．受理：收件（责任科室：办公室）\\n2．审查：审核（责任科室：法规科）', '1．决定'], ['办公室、法规科', ''], [0, 2])
"""

from __future__ import annotations

from operator import eq

DUTIES = "责任事项"
DEPARTMENT = "承办的内设机构"


def _groups(out: dict[str, list[str]], n: int, *, named: bool = False) -> list[int]:
    """The first row of each item. ``named``: a row continues the item above only when it repeats its 序号 and
    名称 and is not a copy of the row before it (rows without a step column: a copied row is a duplicate to
    report, not a step)."""
    seq = out.get("序号", [""] * n)
    name = out.get("项目名称", [""] * n)
    sub = out.get("子项名称", [""] * n)
    starts: list[int] = []
    for i in range(n):
        if starts:
            s = starts[-1]
            if named:
                same = seq[i] and (seq[i], name[i], sub[i]) == (seq[s], name[s], sub[s])
                if same and any(col[i] != col[i - 1] for col in out.values()):
                    continue
            elif seq[i] in ("", seq[s]) and name[i] in ("", name[s]) and sub[i] in ("", sub[s]):
                continue  # the same item (or a row naming none: a step of the item above)
        starts.append(i)
    return starts


def spread_items(out: dict[str, list[str]]) -> bool:
    """Whether an item is written over several consecutive rows without a step column: rows with the same
    序号 and the same 项目名称 (and 子项名称) one after the other, each carrying more of the item (one more
    article of 实施依据, the next 环节's duty and 责任科室).

    >>> spread_items({"序号": ["1", "1", "2"], "项目名称": ["甲", "甲", "乙"], "责任事项": ["受理", "审查", "受理"]})
    True
    >>> spread_items({"序号": ["1", "1"], "项目名称": ["甲", "甲"]})  # a row copied twice: a duplicate, not steps
    False
    """
    seq, name = out.get("序号"), out.get("项目名称")
    if not seq or not name or not any(map(eq, seq, seq[1:])):
        return False  # no 序号 repeated on the next row (the usual list): at C speed, ~0.3 ms for 10,000 items
    return all(name) and len(_groups(out, len(seq), named=True)) < len(seq)


def fold_steps(
    out: dict[str, list[str]], steps: list[str], *, named: bool = False
) -> tuple[dict[str, list[str]], list[int]]:
    """The columns with each item's step rows folded into one, and the first row of each item (``named``: the
    rows of an item are told by their repeated 序号 and 名称 alone, see :func:`spread_items`)."""
    n = len(steps)
    starts = _groups(out, n, named=named)
    bounds = list(zip(starts, [*starts[1:], n], strict=True))
    duties = out.get(DUTIES, [""] * n)
    dept = out.get(DEPARTMENT, [""] * n)
    folded: dict[str, list[str]] = {}
    for name, values in out.items():
        col: list[str] = []
        for a, b in bounds:
            if name == DUTIES:
                parts = []
                for k, j in enumerate(range(a, b), start=1):
                    step, duty, who = steps[j], duties[j], dept[j]
                    text = f"{step}：{duty}" if step and duty else (step or duty)
                    if not text and not who:
                        continue
                    number = f"{k}．" if step else ""  # rows without a step name keep their own wording
                    parts.append(f"{number}{text}" + (f"（责任科室：{who}）" if who else ""))
                col.append("\n".join(parts))
            else:
                seen = list(dict.fromkeys(v for v in values[a:b] if v))
                col.append(("、" if name == DEPARTMENT else "\n").join(seen))
        folded[name] = col
    if DUTIES not in folded:
        folded[DUTIES] = fold_steps({**out, DUTIES: [""] * n}, steps, named=named)[0][DUTIES]
    return folded, starts


__all__ = ["fold_steps", "spread_items"]
