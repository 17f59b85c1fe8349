"""The short summary both documents use: counts by 调整类型, and by 权力分类 before and after.

>>> s = summarize(plan)  # doctest: +SKIP
>>> s.by_kind  # doctest: +SKIP
{'新增': 1, '变更': 3, '合并': 1}
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model import CATEGORIES, LOCAL_CATEGORIES
from .kinds import KIND_NAMES
from .plan import Plan


@dataclass
class Summary:
    before: int  # items in the old list
    after: int
    by_kind: dict[str, int]  # 调整类型 -> adjustments, in KIND_NAMES order, zero counts left out
    by_category: list[tuple[str, int, int]]  # (权力分类, before, after), standard order first

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    def kind_text(self) -> str:
        """“新增 1 项、变更 3 项、合并 1 项”."""
        return "、".join(f"{k} {n} 项" for k, n in self.by_kind.items()) or "无调整"

    def category_text(self) -> str:
        """“行政强制 2 项→2 项、行政检查 2 项→2 项 …” (only categories that changed count are marked)."""
        return "、".join(f"{c} {a} 项→{b} 项" for c, a, b in self.by_category)


def summarize(plan: Plan) -> Summary:
    kinds = Counter(a.kind for a in plan.adjustments)
    by_kind = {k: kinds[k] for k in KIND_NAMES if kinds[k]}
    before = Counter(plan.diff.old.column("权力分类")) if "权力分类" in plan.diff.old.columns else Counter()
    after = Counter(plan.diff.new.column("权力分类")) if "权力分类" in plan.diff.new.columns else Counter()
    order = [*CATEGORIES, *LOCAL_CATEGORIES]
    names = sorted(set(before) | set(after), key=lambda c: (order.index(c) if c in order else len(order), c))
    return Summary(
        len(plan.diff.old), len(plan.diff.new), by_kind, [(c or "（未填）", before[c], after[c]) for c in names]
    )
