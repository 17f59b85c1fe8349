r"""Cell values as read: cleaned text, values that are not text as a clerk reads them, and what no workbook
can hold (XML-forbidden characters, over 32,767 characters).

Cleaning is the main cost of reading: :func:`clean_value` and :func:`clean_column` skip clean text fast.

>>> clean_column([" 1 ", 2.0, "甲\r\n\r\n\u3000乙 ", None])
['1', '2', '甲\n乙', '']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from itertools import repeat
from operator import contains
from pathlib import Path
from typing import Any

from ..errors import CellContentError
from ..model import STRIP_CHARS, clean_cell

EXCEL_CELL_LIMIT = 32767
# XML 1.0 forbids these; no workbook can hold them.
ILLEGAL_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def get_column_letter(index: int) -> str:
    """Excel column letters of a 1-based column index (as openpyxl's, without importing openpyxl).

    >>> get_column_letter(1), get_column_letter(26), get_column_letter(28), get_column_letter(703)
    ('A', 'Z', 'AB', 'AAA')
    """
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_NOT_FORBIDDEN_ASCII = bytes(range(32, 128)) + b"\t\n\r"


def may_hold_forbidden(text: str) -> bool:
    r"""Whether ``text`` may hold a character XML forbids: a fast C-level screen (no false negatives).

    Forbidden characters are ASCII controls and U+FFFE/U+FFFF; dropping everything non-ASCII first makes
    the scan about twice as fast as a regex or ``str.isprintable`` over mostly Chinese text.

    >>> may_hold_forbidden("甲\n乙\t丙"), may_hold_forbidden("甲\x07乙")
    (False, True)
    """
    return (
        bool(text.encode("ascii", "ignore").translate(None, _NOT_FORBIDDEN_ASCII))
        or "\ufffe" in text
        # count, not "in": find stops at every U+FFxx (fullwidth punctuation: ，：（）) to compare, count does not
        or text.count("\uffff") > 0
    )


def check_cell_text(
    text: str, *, where: str, path: Path | None = None, sheet: str | None = None, cell: str | None = None
) -> None:
    """Raise a Chinese :class:`CellContentError` for text no workbook can hold.

    >>> check_cell_text("正常文字", where="第 1 项“备注”")
    """
    m = ILLEGAL_CHARS_RE.search(text)
    if m:
        raise CellContentError(
            f"{where}含有 Excel 不允许的控制字符（U+{ord(m.group()):04X}，位于第 {m.start() + 1} 个字符），无法写入工作簿。",
            path=path,
            sheet=sheet,
            cell=cell,
            hint="这类字符通常来自复制粘贴，请在源文件中删除后重试。",
        )
    if len(text) > EXCEL_CELL_LIMIT:
        raise CellContentError(
            f"{where}有 {len(text)} 个字符，超过 Excel 单元格上限 {EXCEL_CELL_LIMIT} 个字符，无法写入工作簿。",
            path=path,
            sheet=sheet,
            cell=cell,
            hint="请把过长的内容拆分到多个事项，或精简文字。",
        )


def format_value(value: Any) -> Any:
    """Values that are not text, as a clerk would read them (dates in Chinese)."""
    if isinstance(value, (dt.datetime, dt.date)):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def clip(text: str, limit: int = 30) -> str:
    """A quote of skipped text in a message: cut with an ellipsis, so a cut phone number is not misread."""
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


_STRIP = STRIP_CHARS  # a local name: clean_value is the hot path of reading


_ENDS = _STRIP + "\n"
# A line break with another line break or a strippable character on either side.
_DIRTY_BREAK_RE = re.compile("\n(?:[\n" + _STRIP + "]|(?<=[" + _STRIP + "]\n))")


def clean_value(v: Any) -> str:
    r""":func:`~toolkit.model.clean_cell`, with fast paths for text that is already clean (most cells).

    >>> clean_value(" 1 "), clean_value(2.0), clean_value("甲\r\n\r\n\u3000乙 "), clean_value("甲\n乙")
    ('1', '2', '甲\n乙', '甲\n乙')
    """
    if type(v) is not str:
        if type(v) is float and v.is_integer():  # numbers stored as numbers (序号): clean_cell's result
            return str(int(v))
        return clean_cell(format_value(v))
    if "\r" in v:
        return clean_cell(v)
    if "\n" not in v:
        return v.strip(_STRIP)
    if v[0] not in _ENDS and v[-1] not in _ENDS and _DIRTY_BREAK_RE.search(v) is None:
        return v  # the common case: no paragraph starts or ends with a strippable character or is blank
    lines = v.split("\n")
    stripped = [p.strip(_STRIP) for p in lines]
    if "" in stripped:
        return "\n".join([p for p in stripped if p])
    return v if stripped == lines else "\n".join(stripped)


def clean_column(values: Sequence[Any]) -> list[str]:
    r"""Every value of a column, cleaned as :func:`~toolkit.model.clean_cell` does.

    >>> clean_column([" 1 ", 2.0, "甲\r\n\r\n\u3000乙 ", None, ""])
    ['1', '2', '甲\n乙', '', '']
    """
    return _clean(values, screen=False)[0]


def clean_and_screen(values: Sequence[Any]) -> tuple[list[str], bool]:
    r""":func:`clean_column`, and whether the cleaned column may hold a character XML forbids
    (:func:`may_hold_forbidden` over it): the screen runs on each run of cells while it is in the CPU's cache,
    on the text the cleaning joined already.

    >>> clean_and_screen(["甲 ", "乙\x07"])
    (['甲', '乙\x07'], True)
    """
    return _clean(values, screen=True)


def _clean(values: Sequence[Any], *, screen: bool) -> tuple[list[str], bool]:
    if set(map(type, values)) - {str}:
        values = [v if type(v) is str else clean_value(v) for v in values]  # cleaned when converted
    if not any(map(contains, values, repeat("\n"))) and not any(map(contains, values, repeat("\r"))):
        out = list(map(str.strip, values, repeat(_STRIP)))  # one-line text (most columns): a C-level map
        return out, screen and any(map(may_hold_forbidden, map("".join, runs(out))))
    # Multi-paragraph text: a run of cells is clean when its non-empty cells, joined by line breaks, hold no "\r"
    # and no line break next to a strippable character or another line break (a cell that starts or ends with
    # one meets the joining break), and the first and last characters are not strippable: one C-level join and
    # one regex search per run instead of a search per cell (~0.03 s instead of ~0.07 s for the five legal
    # columns of a 10,000-item list). An empty cell is clean as it is: left out of the join. A run that is not
    # clean is cleaned cell by cell (clean_value gives a clean cell back as it is).
    out = []
    forbidden = False
    for run in runs(values):
        joined = "\n".join(filter(None, run))
        if not joined or (
            "\r" not in joined
            and _DIRTY_BREAK_RE.search(joined) is None
            and joined[0] not in _ENDS
            and joined[-1] not in _ENDS
        ):
            out.extend(run)
            # The run as it is, with line breaks between its cells (allowed characters): the same screen.
            forbidden = forbidden or (screen and may_hold_forbidden(joined))
        else:
            cleaned = list(map(clean_value, run))
            out.extend(cleaned)
            forbidden = forbidden or (screen and may_hold_forbidden("".join(cleaned)))
    return out, forbidden


# Cells a column pass joins at a time: a joined run of legal text (~0.5 MB) stays in the CPU's cache for the
# scans that follow, and is freed into memory the next run reuses, where joining a whole column (16 MB for the
# 责任事项 of a 10,000-item list) took fresh pages from the system each time (14,000 page faults per read).
RUN = 256


def runs(values: Sequence[Any]) -> Iterator[Sequence[Any]]:
    """``values`` in slices of :data:`RUN` cells, for C-level passes over a column (joins, scans).

    >>> [len(r) for r in runs(range(600))]
    [256, 256, 88]
    """
    for start in range(0, len(values), RUN):
        yield values[start : start + RUN]
