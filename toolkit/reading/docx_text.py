"""A Word paragraph's text as Word shows it: automatic numbering included, tracked changes accepted.

python-docx's ``Paragraph.text`` reads only the runs directly in the paragraph: it drops the numbers of
automatically numbered paragraphs (List Number style, the numbering buttons — common for 序号 and for the
1．2．3． points of 责任事项) and the runs of tracked insertions, and clerks' documents have both. Importing
must lose nothing a reader of the document sees, so this module renders the paragraph itself:

- runs anywhere in the paragraph (tracked insertions, hyperlinks, content controls, fields' results), tabs
  and line breaks; deleted text (``w:del``, ``w:moveFrom``) is left out, as in the document's final state;
- the paragraph's list number, from its own ``w:numPr`` or its style's (following ``basedOn``), counted in
  document order per list, with the level's format (1, 一, ①, a, i …), its text (``%1．``, ``（%1）``,
  ``%1.%2``) and start/restart values. Bullets carry no content and are left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..citations.parse import cn_numeral

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIP = {W + "del", W + "moveFrom", W + "instrText", W + "delText", W + "pPr", W + "rPr"}

_CN_DIGITS = "〇一二三四五六七八九"
_LEGAL = str.maketrans("〇一二三四五六七八九十百", "零壹贰叁肆伍陆柒捌玖拾佰")  # 大写数字
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"
_DIZHI = "子丑寅卯辰巳午未申酉戌亥"


def _letters(n: int, upper: bool) -> str:
    # Word: a..z, then aa..zz, aaa..
    if n <= 0:
        return str(n)
    ch = chr((n - 1) % 26 + (65 if upper else 97))
    return ch * ((n - 1) // 26 + 1)


def _roman(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = ""
    for value, sym in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while n >= value:
            out += sym
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    """One level's counter in a Word number format (``w:numFmt``).

    >>> [format_number(3, f) for f in ("decimal", "chineseCounting", "decimalEnclosedCircle", "lowerRoman", "upperLetter")]
    ['3', '三', '③', 'iii', 'C']
    """
    if fmt in ("decimal", "decimalHalfWidth"):
        return str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "chineseLegalSimplified":
        return cn_numeral(n).translate(_LEGAL)
    if fmt == "ideographDigital":
        return "".join(_CN_DIGITS[int(d)] for d in str(n))
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
    ):
        return cn_numeral(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= len(_CIRCLED):
        return _CIRCLED[n - 1]
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)  # ⑴
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)  # ⒈
    if fmt in ("ideographTraditional",) and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt in ("ideographZodiac",) and 1 <= n <= 12:
        return _DIZHI[n - 1]
    if fmt == "upperLetter":
        return _letters(n, True)
    if fmt == "lowerLetter":
        return _letters(n, False)
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    if fmt == "none":
        return ""
    return str(n)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class Numbering:
    """The document's lists and the counters of each, advanced paragraph by paragraph in document order."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # abstractNumId -> ilvl -> level
    nums: dict[str, str] = field(default_factory=dict)  # numId -> abstractNumId
    overrides: dict[str, dict[int, int]] = field(default_factory=dict)  # numId -> ilvl -> start override
    style_num: dict[str, tuple[str, int]] = field(default_factory=dict)  # paragraph styleId -> (numId, ilvl)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # abstractNumId -> ilvl -> value
    started: set[str] = field(default_factory=set)  # numIds whose start overrides were applied
    num_levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> redefined level
    style_links: dict[str, str] = field(default_factory=dict)  # abstractNumId -> numbering style it uses

    @classmethod
    def of(cls, document: Any) -> Numbering:
        """The numbering definitions of a python-docx ``Document`` (none when it has no numbering part)."""
        self = cls()
        part = document.part
        try:
            numbering = part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            numbering = None
        if numbering is not None:
            for abstract in numbering.iterchildren(W + "abstractNum"):
                abstract_id = abstract.get(W + "abstractNumId") or ""
                self.levels[abstract_id] = {
                    int_value(lvl.get(W + "ilvl"), 0): _parse_level(lvl) for lvl in abstract.iterchildren(W + "lvl")
                }
                link = abstract.find(W + "numStyleLink")
                if link is not None and link.get(W + "val"):
                    self.style_links[abstract_id] = link.get(W + "val") or ""
            for num in numbering.iterchildren(W + "num"):
                num_id = num.get(W + "numId") or ""
                ref = num.find(W + "abstractNumId")
                self.nums[num_id] = ref.get(W + "val") if ref is not None else ""
                for override in num.iterchildren(W + "lvlOverride"):
                    ilvl = int_value(override.get(W + "ilvl"), 0)
                    start = override.find(W + "startOverride")
                    if start is not None:
                        self.overrides.setdefault(num_id, {})[ilvl] = int_value(start.get(W + "val"), 1)
                    lvl = override.find(W + "lvl")
                    if lvl is not None:  # the list instance redefines this level (format, text)
                        self.num_levels.setdefault(num_id, {})[ilvl] = _parse_level(lvl)
        try:
            styles = part.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            styles = None
        if styles is not None:
            own: dict[str, tuple[str | None, int | None]] = {}
            based: dict[str, str] = {}
            for style in styles.iterchildren(W + "style"):
                sid = style.get(W + "styleId") or ""
                base = style.find(W + "basedOn")
                if base is not None:
                    based[sid] = base.get(W + "val") or ""
                num_pr = style.find(f"{W}pPr/{W}numPr")
                if num_pr is not None:
                    num_el, lvl_el = num_pr.find(W + "numId"), num_pr.find(W + "ilvl")
                    own[sid] = (
                        num_el.get(W + "val") if num_el is not None else None,
                        int_value(lvl_el.get(W + "val"), 0) if lvl_el is not None else None,
                    )
            for sid in set(own) | set(based):
                style_num_id: str | None = None
                style_ilvl: int | None = None
                seen: set[str] = set()
                cur = sid
                while cur and cur not in seen:  # walk basedOn until numId and ilvl are both known
                    seen.add(cur)
                    n, i = own.get(cur, (None, None))
                    style_num_id = style_num_id if style_num_id is not None else n
                    style_ilvl = style_ilvl if style_ilvl is not None else i
                    cur = based.get(cur, "")
                if style_num_id:
                    self.style_num[sid] = (style_num_id, style_ilvl or 0)
        return self

    def label(self, p: Any) -> str:
        """The list number of paragraph element ``p`` as Word shows it, advancing the list's counter."""
        if not self.nums:
            return ""
        num_id: str | None = None
        ilvl: int | None = None
        ppr = p.find(W + "pPr")
        if ppr is not None:
            num_pr = ppr.find(W + "numPr")
            if num_pr is not None:
                num_el, lvl_el = num_pr.find(W + "numId"), num_pr.find(W + "ilvl")
                num_id = num_el.get(W + "val") if num_el is not None else None
                ilvl = int_value(lvl_el.get(W + "val"), 0) if lvl_el is not None else None
            if num_id is None:
                style = ppr.find(W + "pStyle")
                if style is not None and (style.get(W + "val") or "") in self.style_num:
                    num_id, style_lvl = self.style_num[style.get(W + "val") or ""]
                    ilvl = style_lvl if ilvl is None else ilvl
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""  # numId 0 switches numbering off for the paragraph
        ilvl = ilvl or 0
        abstract = self.nums[num_id]
        if abstract in self.style_links:
            # A list defined through a numbering style: its levels are those of the style's own list.
            linked = self.style_num.get(self.style_links[abstract])
            if linked is not None and linked[0] in self.nums:
                abstract = self.nums[linked[0]]
        if abstract not in self.levels:
            return ""  # a list without a definition: Word shows no number
        levels = {**self.levels[abstract], **self.num_levels.get(num_id, {})}
        level = levels.get(ilvl, _Level())
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            # A "restart numbering" list: a new num with a start override on the same abstract list.
            self.started.add(num_id)
            for lvl, start in self.overrides.get(num_id, {}).items():
                counters[lvl] = start - 1
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.fmt == "bullet":
            return ""
        text = level.text
        for k in range(9):
            token = f"%{k + 1}"
            if token in text:
                lv = levels.get(k, _Level())
                value = counters.get(k, lv.start)
                text = text.replace(token, format_number(value, lv.fmt))
        return text


def _parse_level(lvl: Any) -> _Level:
    level = _Level()
    start, fmt, text = lvl.find(W + "start"), lvl.find(W + "numFmt"), lvl.find(W + "lvlText")
    if start is not None:
        level.start = int_value(start.get(W + "val"), 1)
    if fmt is not None:
        level.fmt = fmt.get(W + "val") or "decimal"
    if text is not None:
        level.text = text.get(W + "val") or ""
    return level


def int_value(value: str | None, default: int) -> int:
    """An integer attribute as Word tools write it ("3", "3.0"), or ``default``."""
    try:
        return int(float(value)) if value is not None else default
    except ValueError:
        return default


def paragraphs_parts(paragraphs: Any, numbering: Numbering | None = None) -> list[tuple[str, str]]:
    """``(number, text)`` of each paragraph as the final text shows it: a paragraph whose mark was deleted
    with track changes joins the next one (and takes no number of its own); text-box copies Word keeps for
    old readers (``mc:Fallback``) are skipped.

    >>> from docx import Document
    >>> d = Document()
    >>> _ = d.add_paragraph("第一点", style="List Number"); _ = d.add_paragraph("第二点", style="List Number")
    >>> paragraphs_parts([p._p for p in d.paragraphs], Numbering.of(d))
    [('1.', '第一点'), ('2.', '第二点')]
    """
    out: list[tuple[str, str]] = []
    carry = ""
    for p in paragraphs:
        if any(a.tag == MC + "Fallback" for a in p.iterancestors()):
            continue
        if mark_deleted(p):
            carry += paragraph_parts(p, None)[1]
            continue
        label, text = paragraph_parts(p, numbering)
        out.append((label, carry + text))
        carry = ""
    if carry:
        out.append(("", carry))
    return out


def paragraph_parts(p: Any, numbering: Numbering | None = None) -> tuple[str, str]:
    """``(list number, text)`` of paragraph element ``p``; the number is "" when it has none."""
    label = numbering.label(p) if numbering is not None else ""
    parts: list[str] = []
    _collect(p, parts)
    return label, "".join(parts)


def mark_deleted(p: Any) -> bool:
    """Whether the paragraph's own mark is a tracked deletion (or move away): in the final text the paragraph
    runs on into the next one, with that one's number."""
    rpr = p.find(f"{W}pPr/{W}rPr")
    return rpr is not None and (rpr.find(W + "del") is not None or rpr.find(W + "moveFrom") is not None)


def _hidden(run: Any) -> bool:
    vanish = run.find(f"{W}rPr/{W}vanish")
    return vanish is not None and vanish.get(W + "val", "true") not in ("false", "0", "off")


def _collect(el: Any, parts: list[str]) -> None:
    for child in el.iterchildren():
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == W + "r" and _hidden(child):
            continue  # hidden text (格式→字体→隐藏) is not shown or printed by Word
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag in (W + "p", MC + "Fallback"):
            continue  # a nested paragraph (text box) is read on its own; Fallback repeats the Choice
        else:
            _collect(child, parts)
