"""Everything the adjustment needs from the law library, in one small module: which laws were revised or
repealed between two revisions of a list, how an article moved, and how the 请示 and 申请表 name a revision.

This module is the only place toolkit.adjust reads the law library (toolkit.citations.registry and
toolkit.laws): a change of the library's interface is a change here only. Repeals come from the library
(``Law.repealed``, ``Law.replaced_by``: the shipped table of repealed laws, and for a user's own law folder
``repealed = 2024-01-01``, ``replaced_by`` and ``repealed_by = "…"`` in its ``law.toml``, read by the registry).

>>> import datetime as dt
>>> reg = registry()
>>> rev = revision_between(reg.find("保密法"), dt.date(2022, 7, 18), dt.date(2025, 3, 18))
>>> describe(rev, [(45, (52,), 2)])
'《中华人民共和国保守国家秘密法》2024年2月27日修订（主席令第20号，2024年5月1日起施行），第四十五条改为第五十二条第二款'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..citations.parse import cn_numeral
from ..citations.registry import Law, LawRegistry, LawVersion, load_registry
from ..laws.changes import LawChange, law_changes
from ..noticefields import cn_date


def registry(law_dirs: tuple[str | Path, ...] = ()) -> LawRegistry:
    return load_registry(tuple(law_dirs))


@dataclass(frozen=True)
class Revision:
    """A law whose version in force differs between the old and the new list's dates."""

    law: Law
    old: LawVersion | None
    new: LawVersion
    change: LawChange | None = None  # the library's description of the revision (toolkit.laws.changes)

    @property
    def verb(self) -> str:
        if self.change is not None and self.change.kind in ("修订", "修正"):
            return self.change.kind
        return "修正" if "修正" in self.new.note else "修订"

    @property
    def title(self) -> str:
        """“《中华人民共和国保守国家秘密法》2024年2月27日修订（主席令第20号，2024年5月1日起施行）”."""
        v = self.new
        parts = [p for p in (v.order, f"{cn_date(v.in_force_from)}起施行" if v.in_force_from else "") if p]
        when = f"{cn_date(v.adopted)}{self.verb}" if v.adopted else self.verb
        return f"《{self.law.name}》{when}" + (f"（{'，'.join(parts)}）" if parts else "")

    @property
    def short(self) -> str:
        """“（2024年2月27日修订，主席令第20号）”: how the 调整依据 column names the version."""
        v = self.new
        parts = [p for p in (f"{cn_date(v.adopted)}{self.verb}" if v.adopted else "", v.order) if p]
        return f"（{'，'.join(parts)}）" if parts else ""


def version_at(law: Law, date: dt.date) -> LawVersion | None:
    return law.version_at(date)


def revision_between(law: Law | None, old_date: dt.date, new_date: dt.date) -> Revision | None:
    """The revision of ``law`` that came into force after ``old_date`` and by ``new_date`` (None: none)."""
    if law is None:
        return None
    a, b = law.version_at(old_date), law.version_at(new_date)
    if b is None or a is b:
        return None
    change = next((c for c in law_changes(law, old_date, new_date) if c.after is b), None)
    return Revision(law, a, b, change)


def moved_to(rev: Revision, article: int) -> tuple[int, ...] | None:
    """Where ``article`` of the old version stands in the new one (None: unknown; empty: deleted)."""
    if rev.change is not None:
        moved = rev.change.article(article)
        return None if moved.kind == "unknown" else moved.new
    if rev.old is None:
        return None
    return rev.law.maps_to(rev.old, rev.new, article)


def article_name(article: int, clause: int | None = None) -> str:
    """第五十二条第二款."""
    return f"第{cn_numeral(article)}条" + (f"第{cn_numeral(clause)}款" if clause else "")


def describe(rev: Revision, moves: list[tuple[int, tuple[int, ...], int | None]]) -> str:
    """The revision and what it did to the cited articles, as the 调整理由 says it: ``moves`` are
    (old article, new articles, new clause cited)."""
    texts = []
    for old, new, clause in moves:
        if not new:
            texts.append(f"{article_name(old)}已删除")
        elif new != (old,):
            target = "、".join(article_name(n, clause if len(new) == 1 else None) for n in new)
            texts.append(f"{article_name(old)}改为{target}")
    tail = "，" + "，".join(texts) if texts else "，引用的条文按修订后的文本更新"
    return rev.title + tail


@dataclass(frozen=True)
class Repeal:
    law: Law
    date: dt.date
    by: str  # what repealed or replaced it, as written in law.toml ("" when not given)

    @property
    def text(self) -> str:
        by = f"（{self.by}）" if self.by else ""
        return f"《{self.law.name}》已于{cn_date(self.date)}废止{by}"


def repeal_of(law: Law | None, date: dt.date) -> Repeal | None:
    """The repeal of ``law`` in force on ``date``: the shipped table's, or what a user folder's law.toml records
    (read by the registry into the law)."""
    if law is None or law.repealed is None or law.repealed > date:
        return None
    if law.replaced_by:
        by = f"由《{law.replaced_by}》取代"
    else:  # a user's ``repealed_by``, as written (the shipped table's notes are too long for a basis)
        by = law.status_note if law.user else ""
    return Repeal(law, law.repealed, by)
