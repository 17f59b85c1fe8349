"""Parse the legal citations of a 实施依据 / 责任事项依据 / 追责依据 cell.

A cell holds numbered citations such as ``1．【法律】《中华人民共和国保守国家秘密法》第五条：…``; the seed also
uses continuations (a bare ``第四十四条：…`` reusing the previous law, at the start of a paragraph or after a
full stop), back references (``2．同1．``) and unnumbered citations. The parser cuts the cell into citation
segments first (each one starts at a "head"), then reads each segment left to right. It never raises: text it
cannot read becomes a :class:`Citation` whose ``problems`` say what is wrong.

>>> [c.article for c in parse_citations("1．【法律】《某法》第五条：甲。第七条：乙。")]
[5, 7]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .articles import read_annex_item, read_articles
from .numbers import NUMERAL, chinese_number, cn_numeral
from .segments import CONT_START, NUM_AT, NUM_RE, SENTENCE_HEAD, SPACE, line_starts, segment_bounds

__all__ = ["Citation", "chinese_number", "cn_numeral", "parse_citations"]


# slots: lists hold 100,000s of these (less memory and GC work). Not frozen: a frozen dataclass's __init__ costs
# ~7x more, and a 10,000-item list builds ~140,000 citations; hashable all the same (unsafe_hash).
@dataclass(slots=True, unsafe_hash=True)
class Citation:
    """One citation of a law article, with offsets into the parsed cell text (treat as read-only: parse results
    are shared between cells)."""

    text: str  # the citation as written (from its number or 【label】 to the end of its quote)
    start: int  # offset of text in the cell string given to parse_citations
    number: str | None = None  # numbering prefix as written: "1．", "2—1．", "1－1．"; None if unnumbered
    label: str | None = None  # category label without brackets: "法律", "地方性法规"; None if missing
    law: str | None = None  # law name without 《》; for a continuation, the previous citation's law
    issuance: str | None = None  # the parenthesised issuing info as written: "2014年国务院令第646号公布"
    chapter: str | None = None  # "第五章" as written (with a section: "第五章第二节"), or None
    article: int | None = None  # 第四十五条 -> 45
    article_text: str | None = None  # "第四十五条" as written (with "之一" when present)
    clause: int | None = None  # 第X款
    item: int | None = None  # 第（X）项
    quote: str = ""  # quoted text after the colon ("" when none)
    continuation: bool = False  # a bare "第四十四条：…" reusing the previous citation's law (seed style)
    back_ref: str | None = None  # for "同1．": the referenced numbering as written, "1．" ("上" for 同上)
    problems: tuple[str, ...] = ()  # Chinese descriptions of parse-level defects
    articles: tuple[
        int, ...
    ] = ()  # every article cited ("第四十二条、第四十四条" -> (42, 44); 第三十条至第三十二条 -> (30, 31, 32))
    sub_article: int | None = None  # 第一百二十条之一 -> 1
    clauses: tuple[int, ...] = ()  # every 款 of the first article ("第一款、第二款" -> (1, 2))
    items: tuple[int, ...] = ()  # every 项 of the first article
    annex_item: int | None = None  # 附件第112项 (an item of a decision's annexed list) -> 112


# -- patterns ------------------------------------------------------------------------------------------------

_BACK_REF_AT = re.compile(
    SPACE + r"同" + SPACE + r"(上|前|" + NUM_RE + r"|" + r"[0-9０-９]{1,3}(?:[－—\-–][0-9０-９]{1,3})?)"
)
_LABEL_AT = re.compile(SPACE + r"(?:【([^】\n]{0,20})】|[\[［〔〖]([^\]］〕〗\n]{1,12})[\]］〕〗])")
_LAW_AT = re.compile(SPACE + r"《([^《》\n]*)》")
_LAW_ALT_AT = re.compile(SPACE + r"[〈<]([^〈〉<>\n]{2,60})[〉>]")
_ISSUANCE_AT = re.compile(SPACE + r"[（(]((?:[^（）()\n]|[（(][^（）()\n]*[）)])*)[）)]")
_CHAPTER_AT = re.compile(SPACE + r"(第" + NUMERAL + r"章(?:" + SPACE + r"第" + NUMERAL + r"节)?|第" + NUMERAL + r"节)")
_LEAD_IN = re.compile(SPACE + r"(?:依据|根据|按照|依照|参照|遵照)" + SPACE + r"[：:]?" + SPACE + r"(?=《)")
_ARTICLE_IN_NAME = re.compile(r"第" + SPACE + NUMERAL + SPACE + r"[章节条]")
# 《…法（2017年修正）》, 《…法（2019修订本）》: an edition inside the title marks (not （试行）, part of names).
_EDITION_IN_NAME = re.compile(r"(.+?)[ \t\u3000]*[（(]([^（）()]*(?:(?:19|20)\d{2}|修正|修订|修改)[^（）()]*)[）)]")
_NOT_QUOTE_START = "，,、。；;：:（()）[]【】〔〕+＋.．"
_PUNCT_ONLY = " \t\u3000；;。，,、．."  # what may end a citation written without a quote
_REGULATION_WORD = re.compile(r"(?:的|之|等)?(?:有关|相关)?规定[。；;，,．.]?")
_COLON_AT = re.compile(SPACE + r"(?:规定)?" + SPACE + r"[：:]")
_PLUS_AT = re.compile(SPACE + r"[+＋](?:([^+＋\n]{0,80})[+＋])?" + SPACE + r"(?=第|附件|全文|$)")
_TO_NEXT_LINE = re.compile(r"[ \t\u3000]*\n\s*(?=第|附件)")
# A law's name written without title marks, at the start of a citation: it ends like a law and is followed by an
# article, issuing information, punctuation or nothing.
_BARE_LAW_AT = re.compile(
    SPACE
    # one space may stand between characters ("电子公文归档管理 暂行办法": a name broken in its cell)
    + r"([\u4e00-\u9fff](?:[ \u3000]?[\u4e00-\u9fff、]){1,50}?(?:法|条例|条列|规定|办法|细则|规则|决定))"
    + r"(?="
    + SPACE
    + r"(?:第"
    + NUMERAL
    + r"[条章、，,至]|[（(]|[，,；;。、]|$))"
)
_TRAILING = " \t\n\u3000\r"

P_NO_LABEL = "缺少类别标注（如【法律】）"
P_BAD_LABEL_BRACKETS = "类别标注应使用【】"
P_UNBALANCED_TITLE = "书名号《》不成对"
P_BAD_TITLE_MARKS = "法律名称应使用书名号《》"
P_NO_LAW = "未写明法律名称《》"
P_NO_ARTICLE = "未写明条款（第X条）"
P_NO_COLON = "条款号后缺少冒号“：”"
P_NO_QUOTE = "未引用条文内容"
P_UNREADABLE = "无法识别为法律依据"
P_BACK_REF_UNKNOWN = "“同”所指的编号不存在"


# What a cell says when it cites nothing on purpose ("无", "/"): no citation, nothing unreadable.
NOTHING = frozenset({"无", "/", "／", "-", "－", "—", "——", "暂无", "略", "空", "无。"})


# -- the parser ----------------------------------------------------------------------------------------------


def parse_citations(text: str) -> list[Citation]:
    """Every citation in a cell, in order. Never raises.

    >>> [(c.number, c.label, c.law, c.article, c.continuation) for c in parse_citations(
    ...     "1．【法律】《中华人民共和国保守国家秘密法》第五条：甲。\\n第四十五条：乙。")]
    [('1．', '法律', '中华人民共和国保守国家秘密法', 5, False), (None, None, '中华人民共和国保守国家秘密法', 45, True)]
    """
    if not isinstance(text, str) or not text.strip() or text.strip() in NOTHING:
        return []
    try:
        return list(_parse_cached(text))
    except Exception:  # pragma: no cover - the parser must never take validation down
        return [_unreadable(text, 0, len(text))]


@lru_cache(maxsize=4096)
def _parse_cached(text: str) -> tuple[Citation, ...]:
    # Real lists repeat the same basis text in many cells; citations are immutable, so sharing is safe.
    out: list[Citation] = []
    lines = text.split("\n")
    simple = [simple_line(line) for line in lines]
    if all(simple):  # the common case: one self-contained citation per paragraph
        pos = 0
        for line, t in zip(lines, simple, strict=True):
            assert t is not None
            out.append(t if not pos else _moved(t, pos))
            pos += len(line) + 1
        return tuple(out)
    for start, end in segment_bounds(text):
        seg = text[start:end]
        t = _segment_template(seg)
        if t.back_ref is not None or (t.number is None and t.label is None and t.law is None):
            # back references and continuations depend on the citations before them
            c = _parse_segment(text, start, end, out[-1] if out else None, out)
        elif start:
            c = _moved(t, start)
        else:
            c = t
        if (
            c.continuation
            and out
            and _law_only(out[-1])
            and not text[out[-1].start + len(out[-1].text) : start].strip()
        ):
            # 《…法》 on one line, 第三十五条 … on the next: one citation
            first = out.pop()
            c = _parse_segment(text, first.start, end, out[-1] if out else None, out)
        out.append(c)
    return tuple(out)


def _law_only(c: Citation) -> bool:
    """A citation that names a law and nothing else (its article may follow on the next paragraph)."""
    return (
        c.law is not None
        and not c.continuation
        and c.article is None
        and c.annex_item is None
        and not c.quote
        and c.back_ref is None
    )


def _moved(t: Citation, start: int) -> Citation:
    return _renumbered(t, t.text, start, t.number)


def _renumbered(t: Citation, text: str, start: int, number: str | None) -> Citation:
    """A copy of ``t`` with another text, offset and number (positional: ~140,000 are made for a large list)."""
    return Citation(
        text,
        start,
        number,
        t.label,
        t.law,
        t.issuance,
        t.chapter,
        t.article,
        t.article_text,
        t.clause,
        t.item,
        t.quote,
        t.continuation,
        t.back_ref,
        t.problems,
        t.articles,
        t.sub_article,
        t.clauses,
        t.items,
        t.annex_item,
    )


@lru_cache(maxsize=65536)
def simple_line(line: str) -> Citation | None:
    """The citation a paragraph holds when it is exactly one citation, starting at its first character and
    needing no earlier citation (no continuation or back reference); None otherwise. When every paragraph of a
    cell is such a line, the segments are the paragraphs and :func:`segment_bounds` is not needed.

    >>> simple_line("1．【法律】《中华人民共和国保守国家秘密法》第五条：国家秘密受法律保护。").article
    5
    >>> simple_line("同上。") is None
    True
    """
    t = common_line(line)
    if t is not None:
        return t
    first, later = line_starts(line)
    if first != (0,) or later != (0,):
        return None
    t = _segment_template(line.rstrip())
    if t.back_ref is not None or (t.number is None and t.label is None and t.law is None):
        return None
    return t


def common_line(line: str) -> Citation | None:
    """:func:`simple_line`'s answer when the line is one citation in the common form and nothing else, else
    None (then only :func:`simple_line` knows). Not cached.

    The answer depends on the line's numbering prefix (one that :data:`COMMON_NUMBER` matches, before its
    【 or 《) only through the citation's ``number`` and ``text``: a line read with another such prefix gives
    the same citation otherwise, or None as well. (The prefix holds no 【 and no sentence end, and the parts
    of the common form after it are matched in the rest of the line alone.)

    >>> common_line("2—1．【法律】《某法》第五条：甲。").number, common_line("同上。")
    ('2—1．', None)
    """
    m = NUMBERED.match(line)
    if m is None:
        return _common_line(line)
    # Lists repeat the same citation under other numbers: read the rest of the line once.
    t = _common_body(line[m.end() :])
    if t is None:
        return None
    return _renumbered(t, line.rstrip(), 0, m.group())


@lru_cache(maxsize=65536)
def _common_body(body: str) -> Citation | None:
    """:func:`common_line` of a line numbered "1．" followed by ``body`` (see there: any other number gives
    the same citation but for its number and text)."""
    return _common_line("1．" + body)


def _common_line(line: str) -> Citation | None:
    m = _COMMON.match(line)
    # A line in the common form starts a citation at its first character (a number, 【 or 《). When no other
    # 【 stands in it and no sentence end is followed by what could start a citation, nothing else starts
    # one (line_starts would find only 0): the line is that one citation.
    if m is None or line.count("【") != (m.group(2) is not None) or SENTENCE_HEAD.search(line, 1):
        return None
    return _parse_common(line.rstrip(), 0, m)  # the match holds for the stripped line too (it ends at a colon)


@lru_cache(maxsize=65536)
def _segment_template(seg: str) -> Citation:
    """A segment parsed on its own (start 0, no previous citation): lists repeat the same citation text in many
    cells, under other numbers, so each distinct segment is read once."""
    return _parse_segment(seg, 0, len(seg), None, [])


def _unreadable(text: str, start: int, end: int) -> Citation:
    return Citation(text=text[start:end], start=start, problems=(P_UNREADABLE,))


# The common well-formed citation, "1．【法律】《某法》第五条：…", up to its colon: read by one match. Every step of
# _parse_segment_full reads the same from it (see _parse_common), so both give the same citation.
# Each part is matched exactly as the full reading's pattern matches it there (the number as NUM_AT without
# spaces, the label as _LABEL_AT, the issuing note as _ISSUANCE_AT); a name holding 第 or a bracket, which the
# full reading looks into, is left to it.
# The numbering prefix of the common form ("1．", "2—1．"): digits, dashes and one of ．.、 only.
COMMON_NUMBER = r"[0-9０-９]{1,3}(?:[－—\-–―~～][0-9０-９]{1,3})*[．.、]"
# That prefix where the common form's 【label】 or 《name》 follows it: what _COMMON's first group matches
# whenever _COMMON matches a line that starts with a digit.
NUMBERED = re.compile(COMMON_NUMBER + r"(?=[【《])")
_COMMON = re.compile(
    r"(" + COMMON_NUMBER + r")?(?:【([^】\n]{0,20})】)?《([^《》\n第（(]+)》"
    # _ISSUANCE_AT's (?:[^（）()\n]|[（(][^（）()\n]*[）)])*, unrolled (same text, ~2x faster to match)
    r"(?:[（(]([^（）()\n]*(?:[（(][^（）()\n]*[）)][^（）()\n]*)*)[）)])?(第(" + NUMERAL + r")条)[：:]"
)


def _parse_segment(text: str, start: int, end: int, prev: Citation | None, done: list[Citation]) -> Citation:
    seg = text[start:end]
    return _parse_common(seg, start) or _parse_segment_full(text, start, end, prev, done)


def _parse_common(seg: str, start: int, m: re.Match[str] | None = None) -> Citation | None:
    """The citation ``seg`` holds when it is written in the common form (None: read it in full); ``m``:
    ``_COMMON.match(seg)`` when the caller has it already.

    >>> _parse_common("1．【法律】《某法》第五条：甲。", 0).article
    5
    >>> _parse_common("1．【法律】《某法》第五条之一：甲。", 0) is None
    True
    """
    if m is None:
        m = _COMMON.match(seg)
    if m is None:
        return None
    number, label, law, issuance, article_text, numeral = m.groups()
    law = law.strip()
    article = chinese_number(numeral)
    if not law or article is None:  # what the full reading treats otherwise
        return None
    # Neither the previous citation nor those before matter: the segment names its law.
    quote = seg[m.end() :].strip(_TRAILING)
    problems: tuple[str, ...] = () if label is not None else (P_NO_LABEL,)
    if not quote:
        problems += (P_NO_QUOTE,)
    return Citation(
        text=seg,
        start=start,
        number=number,
        label=label.strip() if label is not None else None,
        law=law,
        issuance=issuance.strip() if issuance is not None else None,
        article=article,
        article_text=article_text,
        quote=quote,
        problems=problems,
        articles=(article,),
    )


def _parse_segment_full(text: str, start: int, end: int, prev: Citation | None, done: list[Citation]) -> Citation:
    seg = original = text[start:end]  # offsets below are relative to the segment
    pos = 0
    problems: list[str] = []
    number = label = law = issuance = chapter = article_text = back_ref = None
    article = clause = item = sub_article = None
    articles: list[int] = []
    continuation = False

    m = NUM_AT.match(seg, pos)
    if m:
        number = m.group(0)
        pos = m.end()
    m = _BACK_REF_AT.match(seg, pos)
    if m and not seg[m.end() :].strip(_TRAILING):
        back_ref = m.group(1)
        if back_ref not in ("上", "前") and not any(_same_number(c.number, back_ref) for c in done):
            problems.append(P_BACK_REF_UNKNOWN)
        return Citation(text=seg, start=start, number=number, back_ref=back_ref, problems=tuple(problems))
    m = _LABEL_AT.match(seg, pos)
    if m:
        label = (m.group(1) if m.group(1) is not None else m.group(2)).strip()
        if m.group(1) is None:
            problems.append(P_BAD_LABEL_BRACKETS)
        pos = m.end()
    m = _LEAD_IN.match(seg, pos)  # "依据《…》", "根据《…》": a lead-in before the law name
    if m:
        pos = m.end()
    m = _LAW_AT.match(seg, pos)
    if m:
        law = m.group(1).strip() or None
        pos = m.end()
        inner = _ARTICLE_IN_NAME.search(law) if law else None
        if law and inner and inner.start() > 1:
            # 《…法第十条》: the article written inside the title marks. Read on in a copy of the segment with
            # 》 moved before the article (same length, so every later offset holds).
            name_start, close = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip())), m.end() - 1
            cut = name_start + inner.start()
            seg = seg[:cut] + "》" + seg[cut:close] + seg[close + 1 :]
            law, pos = law[: inner.start()].strip(), cut + 1
        if law:
            edition = _EDITION_IN_NAME.match(law)  # 《…法（2017年修正）》: the edition is issuing information
            if edition:
                law, issuance = edition.group(1).strip(), edition.group(2).strip()
    elif re.match(SPACE + "《", seg[pos:]):
        problems.append(P_UNBALANCED_TITLE)
        # Take the name up to the first article/chapter/colon so the rest still parses.
        rest = seg[pos:]
        cut_m = re.search(r"[（(]|第" + NUMERAL + "[章节条]|[：:]", rest)
        name = rest[: cut_m.start() if cut_m else len(rest)].strip(" \t\u3000《》")
        law = name or None
        pos += cut_m.start() if cut_m else len(rest)
    else:
        m = _LAW_ALT_AT.match(seg, pos)
        if m:
            law = m.group(1).strip()
            problems.append(P_BAD_TITLE_MARKS)
            pos = m.end()
    if law is None and number is None and label is None or law is None and not CONT_START.match(seg, pos):
        m = _BARE_LAW_AT.match(seg, pos)  # a name without title marks: 中华人民共和国土地管理法第五十七条
        if m and not CONT_START.match(seg, pos):
            law = m.group(1)
            problems.append(P_BAD_TITLE_MARKS)
            pos = m.end()
    if law is not None:
        m = _ISSUANCE_AT.match(seg, pos)
        if m:
            issuance = m.group(1).strip() if issuance is None else f"{issuance}，{m.group(1).strip()}"
            pos = m.end()
        m = _PLUS_AT.match(seg, pos)  # 《…》(2016年)+2016年民政部令第58号+第三条
        if m:
            extra = (m.group(1) or "").strip()
            issuance = extra if issuance is None else f"{issuance}，{extra}" if extra else issuance
            pos = m.end()
        m = _TO_NEXT_LINE.match(seg, pos)  # the article on the next paragraph (after a merge)
        if m:
            pos = m.end()
    elif label is None and number is None and prev is not None and prev.law is not None and CONT_START.match(seg, pos):
        continuation = True
        law = prev.law
    m = _CHAPTER_AT.match(seg, pos)
    if m:
        chapter = m.group(1)
        pos = m.end()
        m2 = _CHAPTER_AT.match(seg, pos)  # "第五章 第二节" written apart
        if m2 and "节" in m2.group(1) and "节" not in chapter:
            chapter += m2.group(1)
            pos = m2.end()
    spec = read_articles(seg, pos)
    annex_item = None
    clauses: tuple[int, ...] = ()
    items: tuple[int, ...] = ()
    if spec is not None:
        articles = list(spec.articles)
        article = articles[0] if articles else None
        sub_article, clauses, items = spec.sub_article, spec.clauses, spec.items
        clause = clauses[0] if clauses else None
        item = items[0] if items else None
        article_text = spec.text
        pos = spec.end
    elif law is not None:
        annex = read_annex_item(seg, pos)
        if annex is not None:
            annex_item, pos = annex
    quote = ""
    m = _COLON_AT.match(seg, pos)
    if m:
        quote = seg[m.end() :].strip(_TRAILING)
    elif article is not None or annex_item is not None:
        quote = seg[pos:].strip(_TRAILING).lstrip("，,、 \u3000")  # "第八条,国家实行…": the comma is no text
        if _REGULATION_WORD.fullmatch(quote) or not quote.strip(_PUNCT_ONLY):
            quote = ""  # "第十条规定", "第十条的规定。": no quoted text, nothing missing before it
        if quote:
            problems.append(P_NO_COLON)
    elif law is not None and not continuation:
        # No article: text right after the name (and its issuing note) is what the law says, quoted without
        # saying where; a remark after a comma ("…,实施层级下放至县级") or "全文" is not.
        rest = seg[pos:].strip(_TRAILING)
        if rest and rest[0] not in _NOT_QUOTE_START and rest != "全文" and _REGULATION_WORD.fullmatch(rest) is None:
            quote = rest

    if law is None and number is None and label is None and article is None:
        return _unreadable(text, start, end)
    if label is None and not continuation:
        problems.append(P_NO_LABEL)
    if law is None and P_UNBALANCED_TITLE not in problems:
        problems.append(P_NO_LAW)
    if article is None and annex_item is None:
        problems.append(P_NO_ARTICLE)
    elif not quote and P_NO_COLON not in problems:
        problems.append(P_NO_QUOTE)
    return Citation(
        text=original,
        start=start,
        number=number,
        label=label,
        law=law,
        issuance=issuance,
        chapter=chapter,
        article=article,
        article_text=article_text,
        clause=clause,
        item=item,
        quote=quote,
        continuation=continuation,
        back_ref=None,
        problems=tuple(problems),
        articles=tuple(articles),
        sub_article=sub_article,
        clauses=clauses,
        items=items,
        annex_item=annex_item,
    )


def number_key(number: str | None) -> tuple[int, ...] | None:
    """Numbering as a tuple: "2—1．" -> (2, 1), "１．" -> (1,); None when absent.

    >>> number_key("2—1．"), number_key("1－2．")
    ((2, 1), (1, 2))
    """
    if not number:
        return None
    parts = re.findall(r"[0-9]+", unicodedata.normalize("NFKC", number))
    return tuple(int(p) for p in parts) or None


def _same_number(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and number_key(a) == number_key(b)
