"""Rules about the characters of a cell, whatever its column: invisible and direction-changing characters.

Text copied from web pages and chat tools carries zero-width spaces and joiners, and a planted U+202E
(RIGHT-TO-LEFT OVERRIDE) makes a cell display differently from what it holds (“第五十条” can show as another
article, a law's name can read backwards). Neither can be seen in Excel, so the finding names each one by
its code point.

The characters and their Chinese names are in :mod:`toolkit.textchars` (diff shows them by the same names).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..textchars import BIDI, INVISIBLE_RE, ZERO_WIDTH
from .columns import cell_values, column_scan
from .registry import Context, Hit, rule


@rule(
    "QZ220",
    "error",
    "单元格中有改变文字方向的控制字符：{names}。它们让单元格显示的文字与实际内容不同（顺序颠倒），可能是有意伪装；"
    "请在 Excel 中删除（可重新输入这段文字）。",
    "Cell holds text-direction controls (U+202E RIGHT-TO-LEFT OVERRIDE …): it displays other text than it holds.",
    title="改变方向的字符",
)
def _direction_controls(ctx: Context) -> Iterator[Hit]:
    yield from _hits(ctx, BIDI)


@rule(
    "QZ221",
    "warning",
    "单元格中有看不见的字符：{names}。它们会使查找、比对和引用核对出错（多来自网页或聊天软件复制）；"
    "请在 Excel 中用“查找和替换”删除，或重新输入这段文字。",
    "Cell holds zero-width characters (U+200B ZERO WIDTH SPACE …), invisible in Excel.",
    title="看不见的字符",
)
def _zero_width(ctx: Context) -> Iterator[Hit]:
    yield from _hits(ctx, ZERO_WIDTH)


def _hits(ctx: Context, chars: dict[str, str]) -> Iterator[Hit]:
    pattern = re.compile("[" + "".join(chars) + "]")
    for column, item, text in _invisible_cells(ctx):
        if pattern.search(text):
            names = "、".join(f"U+{ord(c):04X} {chars[c]}" for c in dict.fromkeys(pattern.findall(text)))
            yield Hit(item=item, column=column, args={"names": names})


def _invisible_cells(ctx: Context) -> list[tuple[str, int, str]]:
    """(column, item, text) of every cell holding an invisible character, in column and item order: one scan
    of the list shared by QZ220 and QZ221 (nearly every list has none, so a column is screened as a whole, in
    the numpy pass the numbering rules share)."""

    def make() -> list[tuple[str, int, str]]:
        out = []
        for column in ctx.pl.columns:
            if column_scan(ctx, column).invisible:
                values = cell_values(ctx, column)
                out += [(column, item, text) for item, text in enumerate(values) if INVISIBLE_RE.search(text)]
        return out

    return ctx.memo("invisible", make)  # type: ignore[no-any-return]
