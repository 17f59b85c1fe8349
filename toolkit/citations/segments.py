"""Cut a legal-basis cell into citation segments: find where citations start (a "head": a number, a 【label】,
a 《name》 followed by an article, a continuation 第X条：) at the start of each paragraph and after sentence ends.
Each segment is then read by :mod:`toolkit.citations.parse`.

>>> segment_bounds("1．【法律】《某法》第五条：甲。第七条：乙。")
[(0, 16), (16, 22)]
"""

from __future__ import annotations

import re
from functools import lru_cache

from .numbers import NUMERAL

SPACE = r"[ \t\u3000]*"
NUM_RE = (
    r"(?:[0-9０-９]{1,3}(?:"
    + SPACE
    + r"[－—\-–―~～]"
    + SPACE
    + r"[0-9０-９]{1,3})*"
    + SPACE
    + r"[．.、]"
    + r"|[（(][0-9０-９]{1,3}[）)])"
)
_LABEL_RE = r"(?:【[^】\n]{0,20}】|[\[［〔〖][^\]］〕〗\n]{1,12}[\]］〕〗])"
_ARTICLE_RE = r"第" + SPACE + NUMERAL + SPACE + r"条"
_CONT_RE = (
    r"(?:第"
    + NUMERAL
    + r"[章节]"
    + SPACE
    + r")*"
    + _ARTICLE_RE
    + r"(?:之"
    + NUMERAL
    + r")?"
    + r"(?:"
    + SPACE
    + r"第"
    + NUMERAL
    + r"款)?(?:"
    + SPACE
    + r"第[（(]?"
    + NUMERAL
    + r"[）)]?项)?"
    + SPACE
    + r"(?:规定)?[：:]"
)

# Where a new citation may start inside a paragraph (after a sentence end): a number, a label, a 《 that is
# followed by an article and a colon, or a continuation "第X条：". Sentence ends are found first (a plain
# character class, fast), then the head is matched there.
_SENTENCE_END = re.compile(r"[。；;！!][ \t\u3000]*")
_MID_BODY = re.compile(
    r"(?:"
    + NUM_RE
    + SPACE
    + r"(?:【|《|同))"
    + r"|(?:"
    + _LABEL_RE
    + SPACE
    + r"《)"
    + r"|(?:《[^《》\n]{1,60}》(?:[（(][^\n]{0,60}?[）)])?"
    + SPACE
    + _CONT_RE
    + r")"
    + r"|(?:"
    + _CONT_RE
    + r")"
    # 《…》第X条 without a colon (several citations in a paragraph, "；"-separated), not "依照《…》第X条的规定…"
    # inside a quoted article
    + r"|(?:(?:依据|根据|按照|依照|参照)?《[^《》\n]{1,60}》(?:[（(][^\n]{0,60}?[）)])?"
    + SPACE
    + r"(?:第"
    + SPACE
    + NUMERAL
    + r"[章节条、至]|附件)(?![^：:\n]{0,12}?(?:的规定|规定的|之规定|规定处|规定予以|所列|中的)))"
)
# A 【label】《 anywhere (not only after a sentence end) also starts a citation, with the number before it.
_LABEL_ONLY = re.compile(r"【[^】\n]{1,12}】" + SPACE + r"《")
_NUM_BEFORE = re.compile(r"(?:" + NUM_RE + r")" + SPACE + r"\Z")
# The characters a _MID_BODY match can start with (a number, a bracket, 《, 第, a lead-in word): sentence ends
# followed by anything else are skipped inside the regex engine instead of one Python step each (law quotes
# hold many sentence ends).
MID_BODY_FIRST = "0-9０-９（(【\\[［〔〖《第依根按参"
SENTENCE_HEAD = re.compile(r"[。；;！!][ \t\u3000]*(?=[" + MID_BODY_FIRST + r"])")
# Heads at the start of a paragraph.
# At a paragraph start a bare article number with nothing after it ("第三十六条") is a continuation too.
# So is one followed by its quote after a space or nothing at all ("第二十五条 地方各级…", "第四十九条已经…"):
# in a legal basis cell a paragraph that starts with 第X条 cites it (but not "第X条的规定…").
_PARA_CONT = (
    r"(?:第" + NUMERAL + r"[章节]" + SPACE + r")*" + _ARTICLE_RE + r"(?:之" + NUMERAL + r")?(?!的|所|中|之规定)"
)
_LEAD_IN_HEAD = (
    r"(?:依据|根据|按照|依照)《[^《》\n]{1,60}》(?:[（(][^\n]{0,60}?[）)])?" + SPACE + r"第" + NUMERAL + r"[章节条]"
)
_PARA_HEAD = re.compile(
    r"(?:" + NUM_RE + r"|" + _LABEL_RE + r"|《|同(?:上|前|" + NUM_RE + r")|" + _PARA_CONT + r"|" + _LEAD_IN_HEAD + r")"
)
CONT_START = re.compile(_PARA_CONT)

NUM_AT = re.compile(NUM_RE)


def segment_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each citation segment; a paragraph that starts no citation extends the previous one."""
    starts: list[int] = []
    pos = 0
    n = len(text)
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        first, later = line_starts(text[pos:end])
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
def line_starts(line: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
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
    for m in SENTENCE_HEAD.finditer(line, lead + 1):
        p = m.end()
        if _MID_BODY.match(line, p):
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
    m = NUM_AT.match(text, a)
    return m is not None and text[m.end() : b].strip(" \t\u3000") == ""
