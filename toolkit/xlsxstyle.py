"""Cell styles and row heights shared by every workbook qzqd writes: the master workbook (writer), the
调整对照表 (diff.xlsx) and the 检查结果 sheet of an annotated copy (validate.annotate).

Row heights are estimated from the text because LibreOffice and WPS do not grow the wrapped rows of a file
they did not write themselves: a row set too low clips its text on screen and in print.

>>> row_points(text_lines("甲" * 30, 12.0))
86.0
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

FONT_NAME = "宋体"
FONT_SIZE = 10
BODY_FONT = Font(name=FONT_NAME, size=FONT_SIZE)  # the size the row heights below are estimated for
HEADER_FONT = Font(name="黑体", bold=True, size=11)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")

LINE_HEIGHT = 13.5  # points per line of 10 pt 宋体
ROW_PADDING = 5  # points above and below the text of a row
MIN_ROW_HEIGHT = 20.0  # one line with room around it
MAX_ROW_HEIGHT = 409  # Excel's limit


def display_width(text: str) -> int:
    """Width of ``text`` in half-width units: CJK (wide and full-width) characters count 2, the rest 1.

    >>> display_width("QZ213 通知")
    10
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def text_lines(text: str, width: float) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` character units wide (at least 1; each paragraph,
    separated by a newline, starts a line).

    A character unit is the digit width of the default font, about half a 10 pt CJK character in Excel and
    WPS: a column holds ``width - 1`` half-width units per line. That is a character fewer than Excel fits
    at best, so that wrapping rules (no 。or ， at the start of a line) never need a line the row lacks.

    >>> text_lines("甲" * 30, 12.0), text_lines("甲乙\\n丙", 12.0), text_lines("", 12.0)
    (6, 2, 1)
    """
    per_line = max(int(width) - 1, 2)
    return sum(max(1, math.ceil(display_width(p) / per_line)) for p in text.split("\n"))


def row_points(lines: int) -> float:
    """The row height, in points, that shows ``lines`` lines of 10 pt text (capped at Excel's maximum).

    >>> row_points(1), row_points(6), row_points(100)
    (20.0, 86.0, 409)
    """
    return min(MAX_ROW_HEIGHT, max(MIN_ROW_HEIGHT, lines * LINE_HEIGHT + ROW_PADDING))


def row_height(cells: Iterable[tuple[str, float]]) -> float:
    """The height of a row showing every paragraph of its wrapped cells, given as (text, column width).

    >>> row_height([("甲" * 30, 12.0), ("乙", 40.0)])
    86.0
    """
    return row_points(max((text_lines(text, width) for text, width in cells), default=1))
