"""The law library's data model: laws, their versions, articles and old→new article maps, and the registry
that finds a law by its full or short name.

Nothing here reads files: :mod:`toolkit.laws.store` (the built-in library), :mod:`toolkit.citations.registry`
(law folders) and :mod:`toolkit.laws.lawtext` (article texts) fill these objects.

>>> v = LawVersion(dt.date(2020, 1, 1), None, loader=lambda: [Article(1, "甲。"), Article(1, "乙。", sub=1)])
>>> v.article(1).text, v.article(1, 1).text, len(v.articles)
('甲。', '乙。', 1)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from collections.abc import Mapping as ReadOnlyMap
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Protocol

from ..citations.parse import NUMERAL, chinese_number
from ..errors import QzqdError

CATEGORIES = (
    "宪法",
    "法律",
    "行政法规",
    "地方性法规",
    "自治条例和单行条例",
    "部门规章",
    "地方政府规章",
    "规范性文件",
    "司法解释",
    "党内法规",
)
# A map row whose confidence is one of these may rewrite a citation (update-citations); others are shown
# for a person to confirm. Hand-made maps leave the column empty or write high/medium/reviewed.
UNSURE = frozenset({"low", "unsure", "auto-low"})


class LawDataError(QzqdError):
    """A law data file cannot be read."""


@dataclass(frozen=True)
class Article:
    """One article of one version: number, text (paragraphs joined by "\\n"), chapter heading."""

    number: int
    text: str
    chapter: str | None = None  # "第五章 法律责任"
    section: str | None = None  # "第二节 查封、扣押"
    heading: str = ""  # the article number as written: "第五十二条"
    sub: int = 0  # 第一百二十条之一 -> 1
    part: str | None = None  # "第一编 总则" of a code

    @property
    def chapter_number(self) -> int | None:
        m = re.match(r"第(" + NUMERAL + ")章", self.chapter or "")
        return chinese_number(m.group(1)) if m else None

    @property
    def key(self) -> tuple[int, int]:
        return (self.number, self.sub)


@dataclass
class LawVersion:
    """One version (original or revision) of a law. Its articles come from a Markdown file (``text_path``)
    or from the built-in library (``loader``), read on first use."""

    adopted: dt.date | None  # date adopted / revised / issued
    effective: dt.date | None  # date in force (defaults to ``adopted``)
    order: str = ""  # issuing order as usually cited: "主席令第20号", "国务院令第786号"
    text_path: Path | None = None
    note: str = ""
    loader: Callable[[], list[Article]] | None = None
    stored: StoredTextLike | None = None  # the built-in library's text, read block by block
    kind: str = ""  # 通过, 公布, 修正, 修订 (from the text's header)
    count: int | None = None  # article count when known without reading the text
    source: str = ""  # where the text comes from (a corpus file name)

    @property
    def in_force_from(self) -> dt.date | None:
        return self.effective or self.adopted

    @property
    def has_text(self) -> bool:
        return self.text_path is not None or self.loader is not None or self.stored is not None

    @cached_property
    def all_articles(self) -> dict[tuple[int, int], Article]:
        """Every article by (number, sub): 第十条 is (10, 0), 第十条之一 (10, 1)."""
        if self.stored is not None:
            return {a.key: a for a in self.stored.all()}
        if self.loader is not None:
            return {a.key: a for a in self.loader()}
        if self.text_path is None:
            return {}
        from .lawtext import parse_law_file

        return {a.key: a for a in parse_law_file(self.text_path)}

    @cached_property
    def articles(self) -> ReadOnlyMap[int, Article]:
        """Articles by number (the 之一 articles are in ``all_articles``), read on first use. For the built-in
        library a lookup (``n in v.articles``, ``v.articles.get(n)``) reads only the block holding it."""
        if self.stored is not None and self.count is not None:
            return _LazyArticles(self)
        return {n: a for (n, sub), a in self.all_articles.items() if not sub}

    def article(self, number: int, sub: int = 0) -> Article | None:
        if "all_articles" not in self.__dict__ and self.stored is not None:
            return self.stored.get(number, sub)
        return self.all_articles.get((number, sub))

    @property
    def label(self) -> str:
        """How the version is named in messages: "2024年2月27日版"."""
        d = self.adopted or self.effective
        return f"{d.year}年{d.month}月{d.day}日版" if d else "未注明日期的版本"


class StoredTextLike(Protocol):
    def all(self) -> list[Article]: ...
    def get(self, number: int, sub: int = 0) -> Article | None: ...


class _LazyArticles(ReadOnlyMap[int, Article]):
    """A version's articles by number, each read on demand; iterating reads them all."""

    def __init__(self, version: LawVersion) -> None:
        self._v = version

    def __getitem__(self, number: int) -> Article:
        a = self._v.article(number) if isinstance(number, int) else None
        if a is None:
            raise KeyError(number)
        return a

    def __contains__(self, number: object) -> bool:
        return isinstance(number, int) and self._v.article(number) is not None

    def __len__(self) -> int:
        assert self._v.count is not None
        return self._v.count

    def __iter__(self) -> Iterator[int]:
        return iter([n for (n, sub) in self._v.all_articles if not sub])


@dataclass(frozen=True)
class MapEntry:
    """Where an old article went in a newer version."""

    old: int
    new: tuple[int, ...]  # empty: no counterpart (deleted)
    confidence: str = ""  # high, medium, reviewed (hand-made), low (a person must confirm)
    note: str = ""
    score: float | None = None  # the aligner's confidence (0..1) for computed maps

    @property
    def confident(self) -> bool:
        """Whether the row may rewrite a citation without a person looking at it."""
        return self.confidence.strip().lower() not in UNSURE


@dataclass
class Mapping:
    """Old→new article numbers between two versions of one law."""

    source: dt.date
    target: dt.date
    given: dict[int, MapEntry] = field(default_factory=dict)
    computed: bool = False  # made by the aligner (toolkit.laws.align), not by hand
    loader: Callable[[], dict[int, MapEntry]] | None = None  # the built-in library reads its rows on first use

    @cached_property
    def entries(self) -> dict[int, MapEntry]:
        """Map rows by old article number (only renumbered articles need a row)."""
        return self.loader() if self.loader is not None else self.given

    @cached_property
    def _targets(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for e in self.entries.values():
            for n in e.new:
                out.setdefault(n, []).append(e.old)
        return out

    def one_to_one(self, old: int) -> int | None:
        """The new number when ``old`` maps to exactly one article that no other old article maps to."""
        e = self.entries.get(old)
        if e is None or len(e.new) != 1:
            return None
        return e.new[0] if len(self._targets.get(e.new[0], [])) == 1 else None

    def merged_with(self, old: int) -> list[int]:
        """Other old articles mapped into the same new article(s) as ``old``."""
        e = self.entries.get(old)
        if e is None:
            return []
        return sorted({o for n in e.new for o in self._targets.get(n, []) if o != old})


@dataclass
class Law:
    """A law, regulation, rule or normative document known to the registry."""

    name: str
    category: str
    short_names: tuple[str, ...] = ()
    issuer: str = ""
    versions: list[LawVersion] = field(default_factory=list)  # oldest first
    mappings: list[Mapping] = field(default_factory=list)
    folder: Path | None = None
    note: str = ""
    user: bool = False  # from a user folder, not shipped with qzqd
    layer: str = "reviewed"  # "base" (built from the corpus), "reviewed" (shipped folders), "user"
    history: tuple[str, ...] = ()  # the header lines of the text's history, as written
    repealed: dt.date | None = None  # no longer in force from this day
    replaced_by: str = ""  # the full name of the law that replaced it
    status_note: str = ""  # why / by what decision (Chinese)
    problems: tuple[str, ...] = ()  # what the corpus parser could not read (Chinese)

    @property
    def has_text(self) -> bool:
        return any(v.has_text for v in self.versions)

    def in_force(self, date: dt.date | None = None) -> bool:
        """Whether the law is in force on ``date`` (today when None): not repealed by then."""
        return self.repealed is None or (date or dt.date.today()) < self.repealed

    def version_at(self, date: dt.date | None) -> LawVersion | None:
        """The version in force on ``date`` (the newest version when ``date`` is None)."""
        found = None
        for v in self.versions:
            start = v.in_force_from
            if date is None or start is None or start <= date:
                found = v
        return found

    def newer_versions(self, version: LawVersion) -> list[LawVersion]:
        i = self.versions.index(version)
        return self.versions[i + 1 :]

    def mapping(self, old: LawVersion, new: LawVersion) -> Mapping | None:
        """The article mapping from ``old`` to ``new``, composed through intermediate versions if needed
        (versions without text are passed over: they have no articles to map)."""
        if old.adopted is None or new.adopted is None:
            return None
        direct = {(m.source, m.target): m for m in self.mappings}
        if (old.adopted, new.adopted) in direct:
            return direct[(old.adopted, new.adopted)]
        chain = [
            v
            for v in self.versions[self.versions.index(old) : self.versions.index(new) + 1]
            if v.has_text or v is old or v is new
        ]
        steps = [
            direct.get((a.adopted, b.adopted))
            for a, b in zip(chain, chain[1:], strict=False)
            if a.adopted and b.adopted
        ]
        if not steps or any(s is None for s in steps):
            return None
        result = Mapping(old.adopted, new.adopted, computed=any(s.computed for s in steps if s is not None))
        first = steps[0]
        assert first is not None
        for e in first.entries.values():
            targets: tuple[int, ...] = e.new
            notes = [e.note] if e.note else []
            sure = e.confident
            for s in steps[1:]:
                assert s is not None
                nxt: list[int] = []
                for t in targets:
                    m = s.entries.get(t)
                    if m is None:
                        nxt.append(t)
                    else:
                        nxt.extend(m.new)
                        sure = sure and m.confident
                        if m.note:
                            notes.append(m.note)
                targets = tuple(dict.fromkeys(nxt))
            confidence = e.confidence if sure else "low"
            result.entries[e.old] = MapEntry(e.old, targets, confidence, "；".join(notes), e.score)
        return result

    def maps_to(self, old: LawVersion, new: LawVersion, number: int) -> tuple[int, ...] | None:
        """Where article ``number`` of ``old`` stands in ``new``: its article numbers (empty: deleted), or None
        when no mapping between the two versions is known or it does not list the article.

        >>> from toolkit.citations.registry import load_registry
        >>> law = load_registry(()).find("保密法")
        >>> law.maps_to(law.versions[-2], law.versions[-1], 45)
        (52,)
        """
        mapping = self.mapping(old, new)
        entry = mapping.entries.get(number) if mapping else None
        return entry.new if entry is not None else None


# -- names ---------------------------------------------------------------------------------------------------

# Spaces and title marks dropped, ASCII parentheses made full-width (str.translate: a registry of a thousand
# laws normalises its names at every load).
_NAME_TABLE = str.maketrans(
    {**{c: None for c in " \t\n\r\x0b\x0c\xa0\u2002\u2003\u2009\u200b\u3000《》〈〉<>"}, "(": "（", ")": "）"}
)


def normalize_name(name: str) -> str:
    """A law name for lookup: no spaces or title marks, ASCII parentheses made full-width.

    >>> normalize_name("《中华人民共和国 行政许可法》"), normalize_name("办法(试行)")
    ('中华人民共和国行政许可法', '办法（试行）')
    """
    return name.translate(_NAME_TABLE)


def aliases(law: Law) -> list[str]:
    """Names a law is also found by: its short names, and its name without 中华人民共和国."""
    out = list(law.short_names)
    if law.name.startswith("中华人民共和国"):
        out.append(law.name[len("中华人民共和国") :])
    return out


@dataclass
class LawRegistry:
    """All known laws, looked up by full or short name."""

    laws: list[Law] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # Chinese notes about ignored/ambiguous data

    @cached_property
    def _index(self) -> dict[str, Law | None]:
        # A name claimed by two laws maps to None (ambiguous): better no answer than a wrong one.
        index: dict[str, Law | None] = {}
        full = {normalize_name(law.name): law for law in self.laws}
        for law in self.laws:
            for alias in aliases(law):
                key = normalize_name(alias)
                if key in full and full[key] is not law:
                    continue  # a full name always wins over someone else's short name
                if key in index and index[key] is not law:
                    index[key] = None
                else:
                    index[key] = law
        index.update(full)
        return index

    _aliases = staticmethod(aliases)

    def find(self, name: str | None) -> Law | None:
        """The law with this full or short name (with or without 《》), None when unknown or ambiguous.

        >>> from toolkit.citations.registry import load_registry
        >>> load_registry(()).find("《行政许可法》").name
        '中华人民共和国行政许可法'
        """
        if not name:
            return None
        return self._index.get(normalize_name(name))

    def ambiguous(self, name: str) -> list[Law]:
        """Laws sharing the short name ``name`` (empty unless the name is ambiguous)."""
        key = normalize_name(name)
        if self._index.get(key, 0) is not None:
            return []
        return [law for law in self.laws if key in {normalize_name(a) for a in aliases(law)}]

    def search(self, words: str, *, limit: int = 50) -> list[Law]:
        """Laws whose name (or short name) holds every word of ``words`` (split on spaces), best first: names
        that start with the words, then shorter names.

        >>> from toolkit.citations.registry import load_registry
        >>> [law.name for law in load_registry(()).search("安全生产")][:1]
        ['中华人民共和国安全生产法']
        """
        parts = [normalize_name(w) for w in words.split() if normalize_name(w)]
        if not parts:
            return []
        hits = []
        for law in self.laws:
            names = [normalize_name(law.name), *(normalize_name(a) for a in aliases(law))]
            if all(any(p in n for n in names) for p in parts):
                bare = names[-1] if law.name.startswith("中华人民共和国") else names[0]
                # The clerk's own and the hand-reviewed laws first: they are the ones a list is checked with.
                layer = {"user": 0, "reviewed": 1}.get(law.layer, 2)
                hits.append((layer, not bare.startswith(parts[0]), not law.in_force(), len(bare), law.name, law))
        hits.sort(key=lambda h: h[:5])
        return [h[-1] for h in hits[:limit]]
