"""Read what a citation cites after the law's name: articles, 款, 项, as people write them.

``第十条``, ``第10条``, ``第一百二十条之一``, ``第三十条第二款第（三）项``, lists (``第二十一条、第二十二条``,
``第二十一条、二十二条``, ``第二十一、二十二条``), ranges (``第三十条至第三十五条``, ``第30-35条``), clause and item
lists (``第一款、第二款``, ``第（一）（二）项``), an annexed list's item (``附件第112项``, or ``第112项`` of a
decision that has no articles).

>>> s = read_articles("第三十条至第三十二条、第四十条第二款：", 0)
>>> s.articles, s.clauses, s.text, s.end
((30, 31, 32, 40), (), '第三十条至第三十二条、第四十条', 18)
>>> read_articles("第二十一、二十二条", 0).articles
(21, 22)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numbers import NUMERAL, chinese_number

_SP = r"[ \t\u3000]*"
_N = "(" + NUMERAL + ")"
# A range may not run over more articles than this (a typo such as 第三条至第三百条 must not expand wildly).
MAX_RANGE = 200

_FIRST = re.compile(_SP + "第" + _SP + _N + _SP + r"(?:[、，,和及与]" + _SP + _N + _SP + r")*" + "条(?:之" + _N + ")?")
_LIST_NUMS = re.compile(NUMERAL)
_RANGE = re.compile(_SP + r"(?:至|到|—|－|-|–|~|～)" + _SP + "第?" + _SP + _N + _SP + "条(?:之" + NUMERAL + ")?")
_DASH_RANGE = re.compile(_SP + "第" + _SP + _N + _SP + r"(?:—|－|-|–|~|～|至|到)" + _SP + _N + _SP + "条")
# 、第二十二条 (or 、二十二条), and 第二十二条 after nothing but spaces (第七条 第二十九条 第三十一条第三十六条)
_MORE = re.compile(_SP + r"(?:(?:[、，,和及与]|以及)" + _SP + "第?|第)" + _SP + _N + _SP + "条(?:之" + _N + ")?")
_CLAUSE = re.compile(_SP + "第" + _SP + _N + _SP + "款")
# 第一、二款, 第一、三项: several clauses or items under one 第…款/项
_CLAUSE_LIST = re.compile(
    _SP + "第" + _SP + "(" + NUMERAL + "(?:" + _SP + "[、，,和及与]" + _SP + NUMERAL + ")+)" + _SP + "款"
)
_ITEM_LIST = re.compile(
    _SP + "第" + _SP + "(" + NUMERAL + "(?:" + _SP + "[、，,和及与]" + _SP + NUMERAL + ")+)" + _SP + "项"
)
_MORE_CLAUSE = re.compile(_SP + r"[、，,和及与]" + _SP + "第?" + _SP + _N + _SP + "款")
_ITEM = re.compile(_SP + "第?" + _SP + r"[（(]" + _N + r"[）)]" + _SP + "项?|" + _SP + "第" + _SP + _N + _SP + "项")
_MORE_ITEM = re.compile(_SP + r"[、，,和及与]?" + _SP + "第?" + _SP + r"[（(]" + _N + r"[）)]" + _SP + "项?")
_ITEM_WORD = re.compile(_SP + "项")
_ANNEX = re.compile(
    _SP + r"(?:的)?附件" + _SP + r"(?:[一二三四五六七八九十0-9]+)?" + _SP + "(?:中的?)?第?" + _SP + _N + _SP + "项"
)
_BARE_ITEM = re.compile(_SP + "第" + _SP + _N + _SP + "项")


@dataclass(frozen=True)
class ArticleSpec:
    """What one citation cites: its articles (ranges expanded), the first article's 之X, 款 and 项."""

    articles: tuple[int, ...]
    sub_article: int | None
    clauses: tuple[int, ...]
    items: tuple[int, ...]
    text: str  # the articles as written: from the first 第 to the last 条 (款/项 after the last one left out)
    end: int  # offset after the text in the string read


def _num(s: str | None) -> int | None:
    return chinese_number(s) if s else None


# The common case, one article and its colon (第十条：…), read without trying every other form.
_ONE = re.compile(_SP + "(第" + _SP + _N + _SP + "条)(?=" + _SP + "[：:])")


def read_articles(seg: str, pos: int) -> ArticleSpec | None:
    """The articles cited at ``seg[pos:]`` (leading spaces allowed), or None when no 第X条 starts there."""
    m = _ONE.match(seg, pos)
    if m:
        n = _num(m.group(2))
        if n is not None:
            return ArticleSpec((n,), None, (), (), m.group(1), m.end())
    m = _DASH_RANGE.match(seg, pos)
    articles: list[int] = []
    sub = None
    if m:
        a, b = _num(m.group(1)), _num(m.group(2))
        if a is None or b is None:
            return None
        articles += _expand(a, b)
        end = m.end()
    else:
        m = _FIRST.match(seg, pos)
        if not m:
            return None
        # 第二十一、二十二条: every numeral before 条
        head = m.group(0)
        body = head[head.index("第") + 1 : head.rindex("条")]
        nums = [_num(x) for x in _LIST_NUMS.findall(body)]
        if any(n is None for n in nums):
            return None
        articles += [n for n in nums if n is not None]
        sub = _num(m.group(3))
        end = m.end()
        r = _RANGE.match(seg, end)
        if r:
            b = _num(r.group(1))
            if b is not None and b > articles[-1]:
                articles += _expand(articles[-1], b)[1:]
                end = r.end()
    clauses: list[int] = []
    items: list[int] = []
    articles_end = end  # the text names the articles: 第八条 of 第八条第一款
    end = _clauses_items(seg, end, clauses, items)
    while True:
        m = _MORE.match(seg, end)
        if not m:
            break
        n = _num(m.group(1))
        if n is None:
            break
        articles.append(n)
        end = m.end()
        r = _RANGE.match(seg, end)
        if r:
            b = _num(r.group(1))
            if b is not None and b > n:
                articles += _expand(n, b)[1:]
                end = r.end()
        articles_end = end
        end = _clauses_items(seg, end, [], [])  # 款/项 of a later article: read over, not recorded
    start = pos + len(seg[pos:]) - len(seg[pos:].lstrip(" \t\u3000"))
    return ArticleSpec(tuple(articles), sub, tuple(clauses), tuple(items), seg[start:articles_end], end)


def _expand(a: int, b: int) -> list[int]:
    if b < a or b - a > MAX_RANGE:
        return [a, b]
    return list(range(a, b + 1))


def _clauses_items(seg: str, end: int, clauses: list[int], items: list[int]) -> int:
    m = _CLAUSE_LIST.match(seg, end)
    if m:
        clauses += [n for n in map(_num, _LIST_NUMS.findall(m.group(1))) if n is not None]
        end = m.end()
    m = _ITEM_LIST.match(seg, end)
    if m:
        items += [n for n in map(_num, _LIST_NUMS.findall(m.group(1))) if n is not None]
        return m.end()
    m = _CLAUSE.match(seg, end)
    if m:
        n = _num(m.group(1))
        if n is not None:
            clauses.append(n)
        end = m.end()
        while (m := _MORE_CLAUSE.match(seg, end)) is not None:
            n = _num(m.group(1))
            if n is None:
                break
            clauses.append(n)
            end = m.end()
    m = _ITEM.match(seg, end)
    if m:
        n = _num(m.group(1) or m.group(2))
        if n is not None:
            items.append(n)
        end = m.end()
        while (m := _MORE_ITEM.match(seg, end)) is not None:
            n = _num(m.group(1))
            if n is None:
                break
            items.append(n)
            end = m.end()
        w = _ITEM_WORD.match(seg, end)  # 第（一）、（二）项
        if w:
            end = w.end()
    return end


def read_annex_item(seg: str, pos: int) -> tuple[int, int] | None:
    """(item number, end) of ``附件第112项`` (or a bare ``第112项``) at ``seg[pos:]``, else None.

    >>> read_annex_item("附件第112项", 0)
    (112, 7)
    """
    m = _ANNEX.match(seg, pos) or _BARE_ITEM.match(seg, pos)
    if not m:
        return None
    n = _num(m.group(1))
    return (n, m.end()) if n is not None else None
