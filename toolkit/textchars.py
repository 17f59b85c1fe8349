"""Characters a clerk cannot see: zero-width and text-direction controls, named and made visible.

validate flags them (QZ220); diff shows them as ``⟨U+202E⟩`` on the terminal, where a raw U+202E would
reverse the rest of the line and hide the very change it makes.

>>> invisible_names("甲\\u200b乙\\u202e丙")
'U+200B 零宽空格、U+202E 从右向左强制'
>>> visible("第五十条\\u202e")
'第五十条⟨U+202E⟩'
"""

from __future__ import annotations

import re

# Direction controls: they reorder what is displayed (an error: the cell shows other text than it holds).
BIDI = {
    "\u202a": "从左向右嵌入",
    "\u202b": "从右向左嵌入",
    "\u202c": "方向格式结束",
    "\u202d": "从左向右强制",
    "\u202e": "从右向左强制",
    "\u2066": "从左向右隔离",
    "\u2067": "从右向左隔离",
    "\u2068": "方向隔离",
    "\u2069": "方向隔离结束",
    "\u200e": "从左向右标记",
    "\u200f": "从右向左标记",
    "\u061c": "阿拉伯字母标记",
}
# Zero-width characters: invisible, they break searching, matching and the diff of two revisions.
ZERO_WIDTH = {
    "\u200b": "零宽空格",
    "\u200c": "零宽不连字",
    "\u200d": "零宽连字",
    "\u2060": "零宽不换行",
    "\ufeff": "零宽不换行空格（BOM）",
    "\u00ad": "软连字符",
    "\u180e": "蒙古文元音分隔符",
}
INVISIBLE = {**BIDI, **ZERO_WIDTH}
INVISIBLE_RE = re.compile("[" + "".join(INVISIBLE) + "]")


def invisible_names(text: str) -> str:
    """Each invisible character of ``text`` once, as ``U+200B 零宽空格``."""
    found = dict.fromkeys(m.group() for m in INVISIBLE_RE.finditer(text))
    return "、".join(f"U+{ord(c):04X} {INVISIBLE[c]}" for c in found)


def visible(text: str) -> str:
    """``text`` with each invisible character written as ``⟨U+XXXX⟩`` (for terminal output)."""
    if not INVISIBLE_RE.search(text):
        return text
    return INVISIBLE_RE.sub(lambda m: f"⟨U+{ord(m.group()):04X}⟩", text)
