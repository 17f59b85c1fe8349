"""Character-level diff of cell text that keeps paragraphs, and the "format-only" normalisation.

Chinese text has no spaces, so words cannot be the unit: paragraphs are aligned first (a cell's paragraphs
are its numbered citations or duties), then only the paragraphs that differ are compared character by
character. That keeps the result readable and the cost low: an edited citation costs the length of that
citation, not of the whole cell.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

# An op is (tag, text) with tag "equal", "delete" or "insert"; joining the equal+delete texts gives the old
# value, the equal+insert texts the new one.
Op = tuple[str, str]

# Punctuation that clerks type in several ways; NFKC handles full/half width, these it leaves alone.
_PUNCT = {
    "—": "-",
    "–": "-",
    "―": "-",
    "‐": "-",
    "－": "-",
    "‒": "-",
    "﹣": "-",
    "“": '"',
    "”": '"',
    "„": '"',
    "‘": "'",
    "’": "'",
    "『": '"',
    "』": '"',
    "「": '"',
    "」": '"',
    "·": ".",
    "•": ".",
    "・": ".",
    "。": ".",
    "．": ".",
    "〔": "[",
    "〕": "]",
    "［": "[",
    "］": "]",
    "【": "[",
    "】": "]",
    "～": "~",
    "〜": "~",
}
# Full-width ASCII and the ideographic space map to ASCII directly (what NFKC does to them, much faster).
_FOLD = {chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_FOLD["\u3000"] = " "
_FOLD.update(_PUNCT)
_FOLD_RE = re.compile("[" + re.escape("".join(_FOLD)) + "]")
_WS_RE = re.compile(r"\s+")


def _fold(m: re.Match[str]) -> str:
    return _FOLD[m.group()]


def normalize_text(text: str) -> str:
    """The text with width, whitespace and punctuation variants removed, for "format-only" comparisons.

    >>> normalize_text("第 5 条（一）\\u3000“保密”") == normalize_text("第5条(一)\\"保密\\"")
    True
    """
    t = _FOLD_RE.sub(_fold, text)
    if not unicodedata.is_normalized("NFKC", t):  # rarer compatibility forms: ①, ㈠, ﹙ …
        t = _FOLD_RE.sub(_fold, unicodedata.normalize("NFKC", t))
    return _WS_RE.sub("", t)


# Equal runs this short between two changes are folded into the change: "第四十五条"→"第五十二条" then
# reads as one replaced number instead of a comb of single characters.
_SHORT_EQUAL = 2


def char_diff(old: str, new: str) -> list[Op]:
    """Diff two cell texts by character, paragraph by paragraph (paragraphs are separated by "\\n").

    >>> char_diff("1．甲条\\n2．乙条", "1．甲条\\n2．丙条")
    [('equal', '1．甲条\\n2．'), ('delete', '乙'), ('insert', '丙'), ('equal', '条')]
    """
    if old == new:
        return [("equal", old)] if old else []
    if not old:
        return [("insert", new)]
    if not new:
        return [("delete", old)]
    # A trailing "\n" makes every paragraph a line token ending in "\n"; it is taken off again at the end.
    a = (old + "\n").splitlines(keepends=True)
    b = (new + "\n").splitlines(keepends=True)
    ops: list[Op] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            ops.append(("equal", "".join(a[i1:i2])))
        elif tag == "delete":
            ops.append(("delete", "".join(a[i1:i2])))
        elif tag == "insert":
            ops.append(("insert", "".join(b[j1:j2])))
        else:
            ops.extend(_chars("".join(a[i1:i2]), "".join(b[j1:j2])))
    return _merge(_drop_last_newline(_merge(ops)))


# Above this many character pairs (old × new length of the changed middle) sentences are aligned first.
_CHAR_WORK = 400 * 400
_SENTENCE_RE = re.compile(r"[^。；;！？!?]*[。；;！？!?]|[^。；;！？!?]+")


def _chars(a: str, b: str, sentences: bool = True) -> list[Op]:
    # Trim the common prefix and suffix first: SequenceMatcher is slow on long runs of repeated characters.
    p = 0
    n = min(len(a), len(b))
    while p < n and a[p] == b[p]:
        p += 1
    s = 0
    while s < n - p and a[-1 - s] == b[-1 - s]:
        s += 1
    ops: list[Op] = []
    if p:
        ops.append(("equal", a[:p]))
    ma, mb = a[p : len(a) - s], b[p : len(b) - s]
    inner: list[Op] = []
    if len(ma) * len(mb) > _CHAR_WORK and sentences:
        # A long rewritten paragraph: align sentences first, so the character diff stays small and fast.
        sa, sb = _SENTENCE_RE.findall(ma), _SENTENCE_RE.findall(mb)
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, sa, sb, autojunk=False).get_opcodes():
            x, y = "".join(sa[i1:i2]), "".join(sb[j1:j2])
            if tag == "equal":
                inner.append(("equal", x))
            elif tag == "replace":
                # Recurse on the changed sentences; when every sentence changed, go down to characters.
                inner.extend(_chars(x, y, sentences=i2 - i1 < len(sa) or j2 - j1 < len(sb)))
            else:
                inner += [("delete", x), ("insert", y)]
        ops.extend(inner)
        if s:
            ops.append(("equal", a[len(a) - s :]))
        return ops
    if len(ma) * len(mb) > _CHAR_WORK * 16:  # one enormous sentence rewritten: show it replaced whole
        ops += [("delete", ma), ("insert", mb)]
        if s:
            ops.append(("equal", a[len(a) - s :]))
        return ops
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, ma, mb, autojunk=False).get_opcodes():
        if tag == "equal":
            inner.append(("equal", ma[i1:i2]))
        if tag in ("delete", "replace"):
            inner.append(("delete", ma[i1:i2]))
        if tag in ("insert", "replace"):
            inner.append(("insert", mb[j1:j2]))
    ops.extend(_fold_short_equals(inner))
    if s:
        ops.append(("equal", a[len(a) - s :]))
    return ops


def _fold_short_equals(ops: list[Op]) -> list[Op]:
    """Fold short equal runs lying between two changes into the surrounding change."""
    out: list[Op] = []
    for k, (tag, text) in enumerate(ops):
        if (
            tag == "equal"
            and len(text) <= _SHORT_EQUAL
            and "\n" not in text
            and 0 < k < len(ops) - 1
            and ops[k - 1][0] != "equal"
            and ops[k + 1][0] != "equal"
        ):
            out.append(("delete", text))
            out.append(("insert", text))
        else:
            out.append((tag, text))
    # Regroup each run of changes as one deletion followed by one insertion.
    grouped: list[Op] = []
    dels: list[str] = []
    ins: list[str] = []
    for tag, text in [*out, ("equal", "")]:
        if tag == "delete":
            dels.append(text)
        elif tag == "insert":
            ins.append(text)
        else:
            if dels:
                grouped.append(("delete", "".join(dels)))
            if ins:
                grouped.append(("insert", "".join(ins)))
            dels, ins = [], []
            if text:
                grouped.append((tag, text))
    return grouped


def _merge(ops: list[Op]) -> list[Op]:
    out: list[Op] = []
    for tag, text in ops:
        if not text:
            continue
        if out and out[-1][0] == tag:
            out[-1] = (tag, out[-1][1] + text)
        else:
            out.append((tag, text))
    return out


def _drop_last_newline(ops: list[Op]) -> list[Op]:
    """Remove the "\\n" added at the end of both texts (the last old and the last new character)."""
    ops = list(ops)
    if ops and ops[-1][0] == "equal":
        ops[-1] = ("equal", ops[-1][1][:-1])
        return ops
    for side in ("delete", "insert"):
        # The other side's tag: an equal op holding the last character of this side keeps it for the other.
        keep = "insert" if side == "delete" else "delete"
        for k in range(len(ops) - 1, -1, -1):
            tag, text = ops[k]
            if tag == side:
                ops[k] = (tag, text[:-1])
                break
            if tag == "equal":
                ops[k : k + 1] = [("equal", text[:-1]), (keep, text[-1])]
                break
    return ops


def old_text(ops: list[Op]) -> str:
    """The old value an op list describes."""
    return "".join(t for tag, t in ops if tag != "insert")


def new_text(ops: list[Op]) -> str:
    """The new value an op list describes."""
    return "".join(t for tag, t in ops if tag != "delete")


def side_ops(ops: list[Op], side: str) -> list[Op]:
    """The ops one side shows: the old side drops insertions, the new side drops deletions."""
    drop = "insert" if side == "old" else "delete"
    return [(tag, t) for tag, t in ops if tag != drop]
