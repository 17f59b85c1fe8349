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
from dataclasses import dataclass
from functools import lru_cache

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
    articles: tuple[int, ...] = ()  # every article cited ("第四十二条、第四十四条" -> (42, 44))
    sub_article: int | None = None  # 第一百二十条之一 -> 1


# -- numbers -------------------------------------------------------------------------------------------------

_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
NUMERAL = r"[0-9０-９零〇○一二两三四五六七八九十百千]+"


def cn_numeral(n: int) -> str:
    """The inverse of :func:`chinese_number` as laws and Word write numbers: 45 -> 四十五, 102 -> 一百零二.

    >>> [cn_numeral(n) for n in (1, 10, 11, 20, 45, 101, 110)]
    ['一', '十', '十一', '二十', '四十五', '一百零一', '一百一十']
    """
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = digits[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + digits[rest]
        return head + digits[rest // 10] + "十" + (digits[rest % 10] if rest % 10 else "")
    return str(n)


@lru_cache(maxsize=4096)
def chinese_number(s: str) -> int | None:
    """The value of a Chinese or Arabic numeral, None when ``s`` is not one.

    >>> chinese_number("四十五"), chinese_number("一百零二"), chinese_number("12"), chinese_number("十")
    (45, 102, 12, 10)
    """
    s = s.strip().translate(_FULLWIDTH)
    if not s:
        return None
    if s.isascii() and s.isdigit():
        return int(s)
    if all(ch in _DIGITS for ch in s) and len(s) > 1:  # "二〇二四" style: digit by digit
        return int("".join(str(_DIGITS[ch]) for ch in s))
    total, digit, last_unit = 0, None, 10_000
    for ch in s:
        if ch in "零〇○" and digit is None:  # a placeholder zero: 一百零二
            continue
        if ch in _DIGITS:
            if digit is not None:  # two digits in a row ("一二") is not a numeral here
                return None
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            unit = _UNITS[ch]
            if unit >= last_unit:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            return None
    if digit is not None:
        total += digit
    return total


# -- patterns ------------------------------------------------------------------------------------------------

_SP = r"[ \t\u3000]*"
NUM_RE = r"[0-9０-９]{1,3}(?:" + _SP + r"[－—\-–―~～]" + _SP + r"[0-9０-９]{1,3})*" + _SP + r"[．.、]"
_LABEL_RE = r"(?:【[^】\n]{0,20}】|[\[［〔〖][^\]］〕〗\n]{1,12}[\]］〕〗])"
_ARTICLE_RE = r"第" + _SP + NUMERAL + _SP + r"条"
_CONT_RE = (
    r"(?:第"
    + NUMERAL
    + r"[章节]"
    + _SP
    + r")*"
    + _ARTICLE_RE
    + r"(?:之"
    + NUMERAL
    + r")?"
    + r"(?:"
    + _SP
    + r"第"
    + NUMERAL
    + r"款)?(?:"
    + _SP
    + r"第[（(]?"
    + NUMERAL
    + r"[）)]?项)?"
    + _SP
    + r"(?:规定)?[：:]"
)

# Where a new citation may start inside a paragraph (after a sentence end): a number, a label, a 《 that is
# followed by an article and a colon, or a continuation "第X条：". Sentence ends are found first (a plain
# character class, fast), then the head is matched there.
_SENTENCE_END = re.compile(r"[。；;！!][ \t\u3000]*")
_MID_BODY = re.compile(
    r"(?:"
    + NUM_RE
    + _SP
    + r"(?:【|《|同))"
    + r"|(?:"
    + _LABEL_RE
    + _SP
    + r"《)"
    + r"|(?:《[^《》\n]{1,60}》(?:[（(][^\n]{0,60}?[）)])?"
    + _SP
    + _CONT_RE
    + r")"
    + r"|(?:"
    + _CONT_RE
    + r")"
)
# A 【label】《 anywhere (not only after a sentence end) also starts a citation, with the number before it.
_LABEL_ONLY = re.compile(r"【[^】\n]{1,12}】" + _SP + r"《")
_NUM_BEFORE = re.compile(r"(?:" + NUM_RE + r")" + _SP + r"\Z")
# Heads at the start of a paragraph.
# At a paragraph start a bare article number with nothing after it ("第三十六条") is a continuation too.
_PARA_CONT = _CONT_RE[: _CONT_RE.rindex("(?:规定)?")] + r"(?:(?:规定)?[：:]|(?=\n|\Z))"
_LEAD_IN_HEAD = (
    r"(?:依据|根据|按照|依照)《[^《》\n]{1,60}》(?:[（(][^\n]{0,60}?[）)])?" + _SP + r"第" + NUMERAL + r"[章节条]"
)
_PARA_HEAD = re.compile(
    r"(?:" + NUM_RE + r"|" + _LABEL_RE + r"|《|同(?:上|前|" + NUM_RE + r")|" + _PARA_CONT + r"|" + _LEAD_IN_HEAD + r")"
)
_CONT_START = re.compile(_PARA_CONT)

_NUM_AT = re.compile(NUM_RE)
_BACK_REF_AT = re.compile(
    _SP + r"同" + _SP + r"(上|前|" + NUM_RE + r"|" + r"[0-9０-９]{1,3}(?:[－—\-–][0-9０-９]{1,3})?)"
)
_LABEL_AT = re.compile(_SP + r"(?:【([^】\n]{0,20})】|[\[［〔〖]([^\]］〕〗\n]{1,12})[\]］〕〗])")
_LAW_AT = re.compile(_SP + r"《([^《》\n]*)》")
_LAW_ALT_AT = re.compile(_SP + r"[〈<]([^〈〉<>\n]{2,60})[〉>]")
_ISSUANCE_AT = re.compile(_SP + r"[（(]((?:[^（）()\n]|[（(][^（）()\n]*[）)])*)[）)]")
_CHAPTER_AT = re.compile(_SP + r"(第" + NUMERAL + r"章(?:" + _SP + r"第" + NUMERAL + r"节)?|第" + NUMERAL + r"节)")
_ARTICLE_AT = re.compile(_SP + r"第" + _SP + r"(" + NUMERAL + r")" + _SP + r"条(?:之(" + NUMERAL + r"))?")
_MORE_ARTICLES_AT = re.compile(_SP + r"[、，,和及与]" + _SP + r"第" + _SP + r"(" + NUMERAL + r")" + _SP + r"条")
_CLAUSE_AT = re.compile(_SP + r"第" + _SP + r"(" + NUMERAL + r")" + _SP + r"款")
_ITEM_AT = re.compile(_SP + r"第" + _SP + r"[（(]?(" + NUMERAL + r")[）)]?" + _SP + r"项")
_LEAD_IN = re.compile(_SP + r"(?:依据|根据|按照|依照)(?=《)")
_COLON_AT = re.compile(_SP + r"(?:规定)?" + _SP + r"[：:]")
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


# -- the parser ----------------------------------------------------------------------------------------------


def parse_citations(text: str) -> list[Citation]:
    """Every citation in a cell, in order. Never raises.

    >>> [(c.number, c.label, c.law, c.article, c.continuation) for c in parse_citations(
    ...     "1．【法律】《中华人民共和国保守国家秘密法》第五条：甲。\\n第四十五条：乙。")]
    [('1．', '法律', '中华人民共和国保守国家秘密法', 5, False), (None, None, '中华人民共和国保守国家秘密法', 45, True)]
    """
    if not isinstance(text, str) or not text.strip():
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
    for start, end in _segments(text):
        seg = text[start:end]
        t = _segment_template(seg)
        if t.back_ref is not None or (t.number is None and t.label is None and t.law is None):
            # back references and continuations depend on the citations before them
            c = _parse_segment(text, start, end, out[-1] if out else None, out)
        elif start:
            c = _moved(t, start)
        else:
            c = t
        out.append(c)
    return tuple(out)


def _moved(t: Citation, start: int) -> Citation:
    return Citation(
        t.text,
        start,
        t.number,
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
    )


@lru_cache(maxsize=65536)
def simple_line(line: str) -> Citation | None:
    """The citation a paragraph holds when it is exactly one citation, starting at its first character and
    needing no earlier citation (no continuation or back reference); None otherwise. When every paragraph of a
    cell is such a line, the segments are the paragraphs and :func:`_segments` is not needed.

    >>> simple_line("1．【法律】《中华人民共和国保守国家秘密法》第五条：国家秘密受法律保护。").article
    5
    >>> simple_line("同上。") is None
    True
    """
    first, later = _line_starts(line)
    if first != (0,) or later != (0,):
        return None
    t = _segment_template(line.rstrip())
    if t.back_ref is not None or (t.number is None and t.label is None and t.law is None):
        return None
    return t


@lru_cache(maxsize=65536)
def _segment_template(seg: str) -> Citation:
    """A segment parsed on its own (start 0, no previous citation): lists repeat the same citation text in many
    cells, under other numbers, so each distinct segment is read once."""
    return _parse_segment(seg, 0, len(seg), None, [])


def _segments(text: str) -> list[tuple[int, int]]:
    """(start, end) of each citation segment; a paragraph that starts no citation extends the previous one."""
    starts: list[int] = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        first, later = _line_starts(text[pos:end])
        starts.extend(pos + r for r in (later if starts else first))
        pos = end + 1
    bounds = []
    for i, s in enumerate(starts):
        e = starts[i + 1] if i + 1 < len(starts) else n
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            bounds.append((s, e))
    return bounds


@lru_cache(maxsize=65536)
def _line_starts(line: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Offsets where citations start in one paragraph, cleaned (see :func:`_clean`): (when no citation started
    before it: its first text always starts one; otherwise: only when that text is a head). Per distinct
    paragraph: lists repeat the same citation lines in many cells. Heads of different paragraphs never merge
    (a line break lies between them), so cleaning each paragraph on its own is enough."""
    end = len(line)
    lead = 0
    while lead < end and line[lead].isspace():
        lead += 1
    if lead >= end:
        return (), ()
    rest: list[int] = []
    for m in _SENTENCE_END.finditer(line, lead + 1):
        p = m.end()
        if p < end and _MID_BODY.match(line, p):
            rest.append(p)
    i = line.find("【", lead + 1)
    while i >= 0:
        if _LABEL_ONLY.match(line, i):
            nb = _NUM_BEFORE.search(line, max(lead, i - 16), i)
            rest.append(nb.start() if nb else i)
        i = line.find("【", i + 1)
    with_lead = _clean(line, sorted({lead, *rest}))
    if _PARA_HEAD.match(line, lead) is not None:
        return with_lead, with_lead
    return with_lead, _clean(line, sorted(set(rest)))


def _clean(text: str, starts: list[int]) -> tuple[int, ...]:
    # A number and the label after it may both have been taken for heads of one citation:
    # keep only the earliest head of a run that has no text between its heads.
    cleaned: list[int] = []
    for s in starts:
        if cleaned and _only_head_between(text, cleaned[-1], s):
            continue
        cleaned.append(s)
    return tuple(cleaned)


def _only_head_between(text: str, a: int, b: int) -> bool:
    m = _NUM_AT.match(text, a)
    return m is not None and text[m.end() : b].strip(" \t\u3000") == ""


def _unreadable(text: str, start: int, end: int) -> Citation:
    return Citation(text=text[start:end], start=start, problems=(P_UNREADABLE,))


def _parse_segment(text: str, start: int, end: int, prev: Citation | None, done: list[Citation]) -> Citation:
    seg = text[start:end]  # offsets below are relative to the segment
    pos = 0
    problems: list[str] = []
    number = label = law = issuance = chapter = article_text = back_ref = None
    article = clause = item = sub_article = None
    articles: list[int] = []
    continuation = False

    m = _NUM_AT.match(seg, pos)
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
    if label is None and number is None:
        m = _LEAD_IN.match(seg, pos)  # "依据《…》", "根据《…》": a lead-in before the law name
        if m:
            pos = m.end()
    m = _LAW_AT.match(seg, pos)
    if m:
        law = m.group(1).strip() or None
        pos = m.end()
    elif re.match(_SP + "《", seg[pos:]):
        problems.append(P_UNBALANCED_TITLE)
        # Take the name up to the first article/chapter/colon so the rest still parses.
        rest = seg[pos:]
        cut = re.search(r"[（(]|第" + NUMERAL + "[章节条]|[：:]", rest)
        name = rest[: cut.start() if cut else len(rest)].strip(" \t\u3000《》")
        law = name or None
        pos += cut.start() if cut else len(rest)
    else:
        m = _LAW_ALT_AT.match(seg, pos)
        if m:
            law = m.group(1).strip()
            problems.append(P_BAD_TITLE_MARKS)
            pos = m.end()
    if law is not None:
        m = _ISSUANCE_AT.match(seg, pos)
        if m:
            issuance = m.group(1).strip()
            pos = m.end()
    elif label is None and number is None and prev is not None and prev.law is not None and _CONT_START.match(seg, pos):
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
    m = _ARTICLE_AT.match(seg, pos)
    if m:
        article = chinese_number(m.group(1))
        sub_article = chinese_number(m.group(2)) if m.group(2) else None
        article_text = m.group(0).strip(" \t\u3000")
        if article is not None:
            articles.append(article)
        pos = m.end()
        while True:
            m = _MORE_ARTICLES_AT.match(seg, pos)
            if not m:
                break
            v = chinese_number(m.group(1))
            if v is not None:
                articles.append(v)
            pos = m.end()
        m = _CLAUSE_AT.match(seg, pos)
        if m:
            clause = chinese_number(m.group(1))
            pos = m.end()
        m = _ITEM_AT.match(seg, pos)
        if m:
            item = chinese_number(m.group(1))
            pos = m.end()
    quote = ""
    m = _COLON_AT.match(seg, pos)
    if m:
        quote = seg[m.end() :].strip(_TRAILING)
    elif article is not None:
        quote = seg[pos:].strip(_TRAILING)
        if quote:
            problems.append(P_NO_COLON)

    if law is None and number is None and label is None and article is None:
        return _unreadable(text, start, end)
    if label is None and not continuation:
        problems.append(P_NO_LABEL)
    if law is None and P_UNBALANCED_TITLE not in problems:
        problems.append(P_NO_LAW)
    if article is None:
        problems.append(P_NO_ARTICLE)
    elif not quote and P_NO_COLON not in problems:
        problems.append(P_NO_QUOTE)
    return Citation(
        text=seg,
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
    )


def number_key(number: str | None) -> tuple[int, ...] | None:
    """Numbering as a tuple: "2—1．" -> (2, 1), "１．" -> (1,); None when absent.

    >>> number_key("2—1．"), number_key("1－2．")
    ((2, 1), (1, 2))
    """
    if not number:
        return None
    parts = re.findall(r"[0-9]+", number.translate(_FULLWIDTH))
    return tuple(int(p) for p in parts) or None


def _same_number(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and number_key(a) == number_key(b)
