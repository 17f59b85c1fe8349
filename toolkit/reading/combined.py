"""A column holding two standard columns (追责情形及追责依据): split where the text says which is which.

A cell is split when its text marks the second part (“追责依据：…”, “【追责依据】…”, “依据：…” on its own
paragraph): that is the text's own word, not a guess. Otherwise, when every paragraph is clearly one or the
other (the basis paragraphs are citations, 《…》第X条, after all the others), it is split by that form and
the split is reported for checking. A cell that allows neither is kept whole in the first column, and said.

>>> split_cell("1．不履行职责的。\\n追责依据：《行政许可法》第七十二条")
('1．不履行职责的。', '《行政许可法》第七十二条', 'marked')
>>> split_cell("1．不履行职责的。\\n《中华人民共和国行政许可法》第七十二条：……")
('1．不履行职责的。', '《中华人民共和国行政许可法》第七十二条：……', 'form')
>>> split_cell("因不履行或不正确履行职责，依照《行政许可法》第七十二条追究责任")[2]
'whole'
"""

from __future__ import annotations

import re

# A marker that starts the basis part: 追责依据： / 问责依据： / 【追责依据】 / 依据： (at a paragraph's start or
# after a sentence's end).
_MARK_RE = re.compile(
    r"(?:^|\n|(?<=[。；;]))\s*(?:[【\[]\s*)?(?:追责|问责|责任追究|追究责任)?(?:的)?(?:设定)?依据\s*(?:[】\]]\s*[：:]?|[：:])\s*"
)
_NUMBER_RE = r"(?:[（(]?\d{1,3}[）)]|\d{1,3}\s*[.．、]|[一二三四五六七八九十]+\s*[、.．])?\s*"
# A paragraph that is a citation: a (numbered) 【类别】 label or a law's title in 《》 with an article.
_CITATION_RE = re.compile(rf"^{_NUMBER_RE}(?:【[^】]{{1,12}}】\s*)?《[^》]{{2,60}}》")


def split_cell(text: str) -> tuple[str, str, str]:
    """(first part, second part, how): how is 'marked', 'form', 'whole' (kept whole) or 'empty'."""
    if not text:
        return "", "", "empty"
    m = _MARK_RE.search(text)
    if m and m.start() > 0:
        first, second = text[: m.start()].rstrip(" \n；;"), text[m.end() :].strip()
        if first and second:
            return first, second, "marked"
    paragraphs = text.split("\n")
    kinds = [_CITATION_RE.match(p) is not None for p in paragraphs]
    if any(kinds) and not all(kinds):
        cut = kinds.index(True)
        if all(kinds[cut:]):
            return "\n".join(paragraphs[:cut]), "\n".join(paragraphs[cut:]), "form"
    return text, "", "whole"


def split_column(values: list[str]) -> tuple[list[str], list[str], dict[str, list[int]]]:
    """Split every cell of a combined column: the two columns and, per way, the items split that way.

    >>> a, b, how = split_column(["甲\\n追责依据：《法》第一条", "乙"])
    >>> a, b, how["marked"], how["whole"]
    (['甲', '乙'], ['《法》第一条', ''], [0], [1])
    """
    first: list[str] = []
    second: list[str] = []
    how: dict[str, list[int]] = {"marked": [], "form": [], "whole": []}
    for i, v in enumerate(values):
        a, b, way = split_cell(v)
        first.append(a)
        second.append(b)
        if way in how:
            how[way].append(i)
    return first, second, how


__all__ = ["split_cell", "split_column"]
