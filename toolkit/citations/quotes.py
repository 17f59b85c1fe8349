"""Compare a quoted text with the article it cites.

Quotes often cite only part of an article: one sentence, the lead-in plus items （一）（三）, or text cut with
an ellipsis. So the quote is cut into segments at sentence ends, item markers and ellipses, and each segment
must occur in the article text; both sides are compared without punctuation and whitespace (NFKC, so
full-width digits match). A segment that occurs nowhere is a misquote; its differing characters are found
by aligning it with the closest stretch of the article.

>>> m = match_quote("应当依法及时调查或组织、督促。", "应当依法及时调查或者组织、督促有关机关。")
>>> m.ok, m.diffs
(False, (('查或组织', '查或者组织'),))
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

__all__ = ["QuoteMatch", "match_quote", "normalize", "quote_score"]

_NON_WORD = re.compile(r"[\W_]+")
_SPLIT = re.compile(r"[。；;！!？?]+|…+|\.{3,}|[（(][一二三四五六七八九十]+[）)]|\n")
_CONTEXT = 2


def normalize(text: str) -> str:
    """Text without punctuation or whitespace, NFKC-folded: what two quotes must share to be equal.

    >>> normalize("第一款：甲， 乙（一）１２")
    '第一款甲乙一12'
    """
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class QuoteMatch:
    """How well a quote matches an article text."""

    score: float  # share of the quote's characters found verbatim (1.0: every segment occurs)
    diffs: tuple[tuple[str, str], ...] = ()  # (as quoted, as in the article) for each difference
    missing: tuple[str, ...] = ()  # normalised segments found nowhere in the article

    @property
    def ok(self) -> bool:
        return not self.missing


@lru_cache(maxsize=65536)
def segments(quote: str) -> tuple[str, ...]:
    """The normalised pieces of a quote that must each occur in the article (cached per quote)."""
    return tuple(s for s in (normalize(p) for p in _SPLIT.split(quote)) if s)


def normalized_article(article: str) -> str:
    """An article text normalised for comparison (cached per text)."""
    return _normalized_article(article)


@lru_cache(maxsize=1024)
def _normalized_article(article: str) -> str:
    return normalize(article)


@lru_cache(maxsize=65536)
def quote_score(quote: str, article: str) -> float:
    """Share of the quote's characters found verbatim in ``article`` (fast: no alignment).

    >>> quote_score("甲乙。丙丁", "甲乙丙戊")
    0.5
    """
    segs = segments(quote)
    if not segs:
        return 1.0
    text = _normalized_article(article)
    return sum(len(s) for s in segs if s in text) / sum(len(s) for s in segs)


@lru_cache(maxsize=65536)
def match_quote(quote: str, article: str) -> QuoteMatch:
    """Compare ``quote`` with ``article`` (cached: lists repeat the same citations many times)."""
    segs = segments(quote)
    if not segs:
        return QuoteMatch(1.0)
    text = _normalized_article(article)
    total = sum(len(s) for s in segs)
    found = 0
    missing: list[str] = []
    diffs: list[tuple[str, str]] = []
    for seg in segs:
        if seg in text:
            found += len(seg)
            continue
        missing.append(seg)
        if _related(seg, text):  # a few characters differ: show which
            seg_diffs, matched = _align(seg, text)
            found += matched
            diffs.extend(seg_diffs)
    return QuoteMatch(found / total, tuple(diffs), tuple(missing))


@lru_cache(maxsize=1024)
def _grams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 4] for i in range(len(text) - 3))


def _related(seg: str, text: str) -> bool:
    """Whether ``seg`` is a slightly altered piece of ``text`` (at least half its 4-grams occur there).

    Aligning text that is not there at all (a quote of another article) is slow and explains nothing.
    """
    n = len(seg) - 3
    if n < 5:
        return True
    grams = _grams(text)
    return sum(1 for i in range(n) if seg[i : i + 4] in grams) * 2 >= n


def _align(seg: str, text: str) -> tuple[list[tuple[str, str]], int]:
    """Differences between ``seg`` and the stretch of ``text`` it most resembles, and the chars matched."""
    sm = SequenceMatcher(None, text, seg, autojunk=False)
    a, b, size = sm.find_longest_match(0, len(text), 0, len(seg))
    if size < 2:
        return [(seg, "")], 0
    slack = max(4, len(seg) // 4)
    lo = max(0, a - b - slack)
    window = text[lo : a + (len(seg) - b) + slack]
    blocks = [m for m in SequenceMatcher(None, seg, window, autojunk=False).get_matching_blocks() if m.size]
    # Single characters matching at the ends are coincidences: anchor the stretch on longer runs, and
    # extend it by the quote's unmatched ends.
    solid = [m for m in blocks if m.size >= 2] or blocks
    first, last = solid[0], solid[-1]
    w0 = max(0, first.b - first.a)
    w1 = min(len(window), last.b + last.size + (len(seg) - last.a - last.size))
    stretch = window[w0:w1]
    ops = SequenceMatcher(None, seg, stretch, autojunk=False).get_opcodes()
    equal = sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal")
    matched = equal * len(seg) // max(len(seg), len(stretch), 1)
    # Differences separated by a single equal character make one difference: "私利" -> "利益".
    groups: list[list[int]] = []
    prev_end = -1
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        if tag == "equal":
            continue
        if groups and prev_end == k - 2 and ops[k - 1][2] - ops[k - 1][1] < 2:
            groups[-1][1], groups[-1][3] = i2, j2
        else:
            groups.append([i1, i2, j1, j2])
        prev_end = k
    out: list[tuple[str, str]] = []
    for i1, i2, j1, j2 in groups:
        before = min(_CONTEXT, i1, j1)
        after = min(_CONTEXT, len(seg) - i2, len(stretch) - j2)
        out.append((seg[i1 - before : i2 + after], stretch[j1 - before : j2 + after]))
    return out, matched
