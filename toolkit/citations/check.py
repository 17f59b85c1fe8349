"""Check citations against the law registry: which version a citation refers to, whether a newer version has
made its article number stale, whether its quote matches, whether the article exists.

One pass over the parsed citations produces a :class:`CitationCheck` per citation; the validation rules
(toolkit/validate/law_rules.py) and ``qzqd update-citations`` read these results.

>>> import datetime as dt
>>> from toolkit.citations.registry import load_registry
>>> from toolkit.citations.parse import parse_citations
>>> c = parse_citations("1．【法律】《中华人民共和国保守国家秘密法》第四十五条："
...                     "保密行政管理部门对保密检查中发现的非法获取、持有的国家秘密载体，应当予以收缴。")[0]
>>> r = check_citation(c, load_registry(), dt.date(2025, 1, 1))
>>> r.stale, r.new_articles
(True, (52,))
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from functools import lru_cache

from ..model import PowerList
from .numbers import NUMERAL, cn_numeral
from .parse import Citation, chinese_number
from .quotes import QuoteMatch, match_quote, normalize, normalized_article, quote_score, segments
from .registry import Law, LawRegistry, LawVersion, MapEntry, Mapping, parse_date

# Categories a label may name for a law of the given registry category.
EQUIVALENT_LABELS = {
    "自治条例和单行条例": {"自治条例", "单行条例", "地方性法规"},
    "宪法": {"法律"},  # lists label the Constitution 【法律】 as often as 【宪法】
}
# A quote that matches a version's article at least this well identifies that version.
SURE = 0.999


@dataclass(slots=True)
class CitationCheck:
    """What the registry says about one citation (treat as read-only: results are shared between cells)."""

    cite: Citation
    law: Law | None = None
    ambiguous: tuple[Law, ...] = ()  # when the name is a short name several laws share
    version: LawVersion | None = None  # the version the citation was written against
    current: LawVersion | None = None  # the version in force at the list's date
    stale: bool = False  # cites an article number of an older version (renumbered since)
    entry: MapEntry | None = None  # the mapping entry for a stale citation
    mapping: Mapping | None = None
    unknown_article: bool = False
    unknown_clause: bool = False
    quote_match: QuoteMatch | None = None  # the quote against the current article (None: not compared)
    chapter_mismatch: str | None = None  # the article's real chapter when the cited one differs
    elsewhere: int | None = None  # a misquote whose text is verbatim another article of the same version
    missing: tuple[str, ...] = ()  # what the citation names that the version lacks: "第三十一条", "第十条之一"
    unchecked: str | None = None  # why a citation naming a known law could not be checked (Chinese), else None

    @property
    def new_articles(self) -> tuple[int, ...]:
        return self.entry.new if self.entry is not None else ()

    @property
    def one_to_one(self) -> int | None:
        """The single new number when the old article moved whole to an article of its own."""
        if not self.stale or self.mapping is None or self.cite.article is None:
            return None
        return self.mapping.one_to_one(self.cite.article)


_RESULT_FIELDS = tuple(f.name for f in dataclass_fields(CitationCheck) if f.name != "cite")


def list_date(pl: PowerList, as_of: dt.date | None) -> dt.date:
    """The date citations are checked at: ``as_of``, else the notice's 成文日期, else today."""
    if as_of is not None:
        return as_of
    return parse_date(pl.notice.date, whole=True) or parse_date(pl.notice.print_date, whole=True) or dt.date.today()


def check_list(
    citations: dict[tuple[int, str], list[Citation]], registry: LawRegistry, as_of: dt.date
) -> list[tuple[int, str, CitationCheck]]:
    """(item, column, result) for every citation; back references are skipped (no law of their own).

    Lists repeat the same citations in many cells, so each distinct citation content (law, article, quote,
    chapter, clause, issuing info) is checked once; each citation gets its own result object with those values.
    """
    return [
        (item, column, r if r.cite is c else CitationCheck(c, *fields))
        for item, column, c, r, fields in content_checks(citations, registry, as_of)
    ]


Checked = dict[tuple, tuple["CitationCheck", tuple]]  # citation content -> (result, result fields)


def content_checks(
    citations: dict[tuple[int, str], list[Citation]],
    registry: LawRegistry,
    as_of: dt.date,
    content: Checked | None = None,
) -> Iterator[tuple[int, str, Citation, CitationCheck, tuple]]:
    """(item, column, citation, result, result fields) for every citation with a law, without a result object
    per citation: ``result`` was computed for the first citation of the same content (law, article, quote,
    chapter, clause, issuing info), so its ``cite`` may be another citation; ``CitationCheck(citation,
    *fields)`` builds the citation's own result when needed. Same results as :func:`check_list`.

    ``content``: results already computed by :func:`checked_content` with the same registry and date (filled
    further here).
    """
    content = {} if content is None else content
    for (item, column), cites in citations.items():
        issuance = None
        for c in cites:
            if c.back_ref is not None or c.law is None:
                continue
            if not c.continuation:
                issuance = c.issuance
            r, fields = checked_content(content, c, registry, as_of, issuance)
            yield item, column, c, r, fields


def checked_content(
    content: Checked, c: Citation, registry: LawRegistry, as_of: dt.date, issuance: str | None
) -> tuple[CitationCheck, tuple]:
    """(result, result fields) of citation ``c`` (with ``issuance`` in effect), looked up by its content in
    ``content`` or checked and added there; the result's ``cite`` is the first citation of that content."""
    key = (
        c.law,
        c.articles,
        c.sub_article,
        c.quote,
        c.chapter,
        c.clauses,
        c.items,
        c.annex_item,
        issuance if issuance is not None else c.issuance,
    )
    hit = content.get(key)
    if hit is None:
        r = check_citation(c, registry, as_of, issuance=issuance)
        hit = content[key] = (r, tuple(getattr(r, k) for k in _RESULT_FIELDS))
    return hit


def check_citation(
    c: Citation,
    registry: LawRegistry,
    as_of: dt.date,
    *,
    issuance: str | None = None,
) -> CitationCheck:
    """Check one citation at date ``as_of``. ``issuance``: the issuing info in effect (continuations inherit)."""
    base = CitationCheck(cite=c)
    law = registry.find(c.law)
    if law is None:
        amb = tuple(registry.ambiguous(c.law)) if c.law else ()
        return _replace(base, ambiguous=amb)
    current = law.version_at(as_of)
    base = _replace(base, law=law, current=current)
    if c.article is None:
        if c.annex_item is not None:
            return _replace(base, unchecked=f"附件第{c.annex_item}项（法律库中没有附件的内容）")
        return base
    if current is None:
        first = min((v.in_force_from for v in law.versions if v.in_force_from), default=None)
        when = f"，法律库中最早的版本自{first.year}年{first.month}月{first.day}日起施行" if first else ""
        return _replace(base, unchecked=f"按检查日期{as_of.year}年{as_of.month}月{as_of.day}日尚未施行{when}")
    texts = [v for v in law.versions if v.has_text and (v.in_force_from is None or v.in_force_from <= as_of)]
    if not texts:
        # A law the registry lists without its text: only its category is checked (`qzqd laws` says so).
        return base
    with_article = [v for v in texts if c.article in v.articles]
    if not with_article:
        return _replace(base, version=current, unknown_article=True, missing=(_article_name(c.article),))
    version = _cited_version(law, with_article, current, c, issuance if issuance is not None else c.issuance)
    stale = False
    entry = mapping = None
    if version is not current and current.has_text:
        mapping = law.mapping(version, current)
        entry = mapping.entries.get(c.article) if mapping is not None else None
        # An article that kept its number is not stale; its changed text is a misquote against the current text.
        # A mapping lists every renumbered article, so one it does not list kept its number; without any
        # mapping only an article missing from the current version is known to be stale.
        if entry is not None:
            stale = entry.new != (c.article,)
        else:
            stale = c.article not in current.articles
    ref = version if stale else (current if c.article in current.articles else version)
    art = ref.article(c.article)
    cited, missing = _cited_text(ref, c)
    if missing:
        return _replace(
            base, version=ref, stale=stale, entry=entry, mapping=mapping, unknown_article=True, missing=missing
        )
    quote = match_quote(c.quote, cited) if (cited and c.quote and not stale) else None
    elsewhere = None
    if quote is not None and not quote.ok and not quote.diffs:
        elsewhere = _article_quoted(ref, c.quote)
    clause_bad = False
    if art is not None and c.sub_article is None:
        if c.clauses:
            clause_bad = max(c.clauses) > _clause_count(art.text)
        if c.items and not clause_bad:
            clause_bad = max(c.items) > _item_count(art.text)
    chapter_bad = None
    if art is not None and c.chapter and art.chapter:
        cited_chapter = re.match(r"第(.+?)章", c.chapter)
        if cited_chapter and chinese_number(cited_chapter.group(1)) != art.chapter_number:
            chapter_bad = art.chapter
    return _replace(
        base,
        version=version,
        stale=stale,
        entry=entry,
        mapping=mapping,
        quote_match=quote,
        unknown_clause=clause_bad,
        chapter_mismatch=chapter_bad,
        elsewhere=elsewhere,
    )


def _article_name(n: int, sub: int | None = None) -> str:
    return f"第{cn_numeral(n)}条" + (f"之{cn_numeral(sub)}" if sub else "")


def _cited_text(version: LawVersion, c: Citation) -> tuple[str, tuple[str, ...]]:
    """The text a citation quotes from ``version`` (its articles joined; a 之一 article's own paragraphs) and
    what it names that the version lacks."""
    assert c.article is not None
    if c.sub_article is not None:
        own = version.article(c.article, c.sub_article)  # the library keeps 第X条之一 as an article of its own
        if own is not None:
            return own.text, ()
        art = version.article(c.article)
        text = _sub_article_text(art.text, c.article, c.sub_article) if art is not None else None
        if text is None:
            return "", (_article_name(c.article, c.sub_article),)
        return text, ()
    numbers = c.articles or (c.article,)
    missing = tuple(_article_name(n) for n in dict.fromkeys(numbers) if n not in version.articles)
    if missing:
        return "", missing
    if len(numbers) == 1:
        art = version.article(numbers[0])
        return (art.text if art is not None else ""), ()
    return "\n".join(version.articles[n].text for n in dict.fromkeys(numbers)), ()


def _sub_article_text(text: str, article: int, sub: int) -> str | None:
    """The paragraphs of 第X条之Y inside article X's text (the registry keeps them with article X), or None."""
    head = re.compile(r"^第" + NUMERAL + r"条之(" + NUMERAL + r")")
    out: list[str] = []
    inside = False
    for para in text.split("\n"):
        m = head.match(para)
        if m:
            inside = chinese_number(m.group(1)) == sub and para.startswith(_article_name(article, sub))
            if inside:
                para = para[m.end() :].strip(" \u3000")
        if inside:
            out.append(para)
    return "\n".join(out) if out else None


def _item_count(text: str) -> int:
    """The highest item number （一）（二）… of an article (0 when it has none)."""
    nums = [chinese_number(x) for x in re.findall(r"[（(]([一二三四五六七八九十]+)[）)]", text)]
    return max((n for n in nums if n is not None), default=0)


def _article_quoted(version: LawVersion, quote: str) -> int | None:
    """The article of ``version`` that holds every piece of ``quote`` verbatim (a wrong article number)."""
    segs = sorted(segments(quote), key=len, reverse=True)
    if not segs:
        return None
    longest, rest = segs[0], segs[1:]
    for n, text in _normalized_articles(version):
        if longest in text and all(s in text for s in rest):
            return n
    return None


_NORMALIZED: dict[int, tuple[LawVersion, list[tuple[int, str]]]] = {}


def _normalized_articles(version: LawVersion) -> list[tuple[int, str]]:
    """(number, normalised text) of every article of a version, computed once per version."""
    hit = _NORMALIZED.get(id(version))
    if hit is None or hit[0] is not version:
        hit = _NORMALIZED[id(version)] = (
            version,
            [(n, normalized_article(a.text)) for n, a in version.articles.items()],
        )
    return hit[1]


def _replace(c: CitationCheck, **kw: object) -> CitationCheck:
    for name, value in kw.items():
        setattr(c, name, value)
    return c


def _cited_version(
    law: Law, candidates: list[LawVersion], current: LawVersion, c: Citation, issuance: str | None
) -> LawVersion:
    """The version a citation was written against: the one its quote matches verbatim, else the one its
    issuing order names, else the closest quote, else the version in force."""
    if len(candidates) == 1:
        return candidates[0]
    named = named_version(candidates, issuance)
    scores = []
    for v in candidates:
        art = v.article(c.article) if c.article is not None else None
        scores.append(quote_score(c.quote, art.text) if (art is not None and c.quote) else 0.0)

    def prefer(pool: list[LawVersion]) -> LawVersion:
        for choice in (named, current):
            if choice in pool:
                return choice
        return pool[-1]

    exact = [v for v, s in zip(candidates, scores, strict=True) if s >= SURE]
    if exact:
        return prefer(exact)
    if named is not None:
        return named
    best = max(scores)
    if best <= 0.0:
        return current if current in candidates else candidates[-1]
    return prefer([v for v, s in zip(candidates, scores, strict=True) if s >= best - 1e-9])


_ORDER_NO = re.compile(r"第?([0-9０-９零〇一二两三四五六七八九十百千]+)号")


@lru_cache(maxsize=1024)
def order_key(text: str) -> str:
    """An issuing order with its number in Arabic digits: "主席令第二十号" -> "主席令20号".

    "号" stays, so that 主席令第2号 is not found inside 主席令第20号.

    >>> order_key("主席令第二十号"), order_key("主席令第2号") in order_key("2024年主席令第20号公布")
    ('主席令20号', False)
    """

    def num(m: re.Match[str]) -> str:
        n = chinese_number(m.group(1))
        return f"{n if n is not None else m.group(1)}号"

    return normalize(_ORDER_NO.sub(num, text))


def named_version(candidates: Iterable[LawVersion], issuance: str | None) -> LawVersion | None:
    """The version among ``candidates`` whose issuing order ``issuance`` names, or None.

    ``issuance`` is a citation's issuing info (what its brackets say, or what a continuation inherits).
    Order numbers are compared in Arabic digits, so 主席令第二十号 and 主席令第20号 name the same version.
    When several are named ("2014年国务院令第646号公布，2024年7月10日国务院令第786号修订"), the latest
    of them wins: a citation that names the revising order was written against the revised text.

    >>> from toolkit.citations.registry import load_registry
    >>> law = load_registry().find("中华人民共和国保守国家秘密法实施条例")
    >>> named_version(law.versions, "2014年国务院令第646号").order
    '国务院令第646号'
    >>> named_version(law.versions, "2014年国务院令第646号公布，2024年7月10日国务院令第786号修订").order
    '国务院令第786号'
    >>> named_version(law.versions, None) is None
    True
    """
    if not issuance:
        return None
    key = order_key(issuance)
    named = None
    for v in candidates:  # oldest first: a later order named too ("646号公布，786号修订") wins
        if v.order and order_key(v.order) in key:
            named = v
    return named


def _clause_count(text: str) -> int:
    """Paragraphs of an article that are clauses (item lines （一）… belong to the clause before them)."""
    return sum(1 for p in text.split("\n") if p and not re.match(r"[（(][一二三四五六七八九十]+[）)]", p))


def label_matches(label: str, category: str) -> bool:
    return label == category or label in EQUIVALENT_LABELS.get(category, ())
