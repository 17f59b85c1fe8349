"""The 序号 column as read: the number a clerk meant, whatever the cell's type or format.

A 序号 typed with a Chinese input method is in full-width digits (３); one typed into a cell formatted as a
date shows as 1900/1/5 and reaches the reader as that date. Both are read back as the number, once, so that
checking, comparing and typesetting all see the same 序号 (:func:`toolkit.reading.grid.grid_to_list` applies
this to the 序号 column); anything else is left for the checks to report.

>>> import datetime as dt
>>> seq_from_dates([1.0, dt.datetime(1900, 1, 2), "３"]), normalize_seq_column(["1", "2", "３"])
([1.0, 2, '３'], ['1', '2', '3'])
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from ..model import CATEGORIES, LOCAL_CATEGORIES, Finding, clean_cell

_CATEGORY_NAMES = (*CATEGORIES, *LOCAL_CATEGORIES)

SEQ = "序号"


def normalize_seq(text: str) -> str:
    """A 序号 written in full-width digits (typed with a Chinese input method) as the number it is.

    Read once here, so that checking, comparing and typesetting all see the same 序号; other text is left
    for the checks to report.

    >>> normalize_seq("３"), normalize_seq("１２"), normalize_seq("１．"), normalize_seq("7")
    ('3', '12', '１．', '7')
    """
    if text.isascii():
        return text
    half = unicodedata.normalize("NFKC", text).strip()
    return half if half.isascii() and half.isdigit() else text


# Day 0 of the serial numbers behind date cells. Excel (and .xls) counts from 1900-01-00 and, keeping
# Lotus 1-2-3's error, believes in a 29 February 1900 (serial 60); LibreOffice counts from 1899-12-30.
_EXCEL_DAY0 = dt.date(1899, 12, 31)
_ODS_DAY0 = dt.date(1899, 12, 30)
_EXCEL_LEAP_BUG = dt.date(1900, 3, 1)
SEQ_DATE_LIMIT = 1000  # a 序号 below this shown as a date (1900–1902) is a number with a date format


def seq_from_date(value: Any, date_system: str = "excel") -> Any:
    """The number behind a 序号 cell formatted as a date (5 shown as 1900/1/5), else ``value`` unchanged.

    No list is dated 1900–1902, so such a date in the 序号 column is a number with the wrong cell format.

    >>> seq_from_date(dt.datetime(1900, 1, 5)), seq_from_date(dt.date(1900, 1, 4), "ods"), seq_from_date(dt.date(2022, 7, 18))
    (5, 5, datetime.date(2022, 7, 18))
    """
    if not isinstance(value, dt.date):
        return value
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0):
            return value
        day = value.date()
    else:
        day = value
    if date_system == "ods" or day >= _EXCEL_LEAP_BUG:
        serial = (day - _ODS_DAY0).days
    else:
        serial = (day - _EXCEL_DAY0).days
    return serial if 0 < serial < SEQ_DATE_LIMIT else value


def normalize_seq_column(values: list[str]) -> list[str]:
    """:func:`normalize_seq` over a column, at C speed when every value is ASCII (the usual case)."""
    return values if all(map(str.isascii, values)) else [normalize_seq(v) for v in values]


def seq_from_dates(values: list[Any], date_system: str = "excel") -> list[Any]:
    """:func:`seq_from_date` over a 序号 column, with Excel's 29 February 1900 put back.

    Excel's serial 60 (its 29 February 1900, which never was) comes out of calamine as 28 February, like 59:
    after a 59 it is 60.

    >>> seq_from_dates([58, dt.date(1900, 2, 28), dt.date(1900, 2, 28), dt.date(1900, 3, 1)])
    [58, 59, 60, 61]
    """
    numbers = [seq_from_date(v, date_system) for v in values]
    if date_system == "excel":
        for k in range(1, len(numbers)):
            if numbers[k] == 59 and clean_cell(numbers[k - 1]) == "59":
                numbers[k] = 60
    return numbers


_FUSED_RE = re.compile(r"^(\D{2,12}?)\s*(\d{1,4})$")


def split_fused_numbers(out: dict[str, list[str]], warnings: list[Finding], sheet: str) -> bool:
    """A list without a 序号 column whose category cells carry the number (“行政许可1”, numbered per category):
    the number becomes the 序号, the rest the 权力分类."""
    values = out["权力分类"]
    found = [_FUSED_RE.match(v) for v in values]
    if not values or not all(found) or not all(m.group(1) in _CATEGORY_NAMES for m in found if m):
        return False
    out["权力分类"] = [m.group(1) for m in found if m]
    out[SEQ] = [m.group(2) for m in found if m]
    shown = "".join(f"“{v}”" for v in values[:40]) + ("等" if len(values) > 40 else "")
    warnings.append(
        Finding(
            "QZ012",
            "info",
            f"表中没有序号列，权力分类单元格带着编号（{shown}）：编号作为序号，其余作为权力分类（各类分别编号）。",
            sheet=sheet or None,
        )
    )
    return True


def category_restarts(seqs: list[str], categories: list[str]) -> list[int]:
    """Items where 序号 restarts at 1 as the 权力分类 changes: a list numbered per category (each category a
    section, as many units publish it, and as a master workbook keeps it once its banner rows are gone).

    >>> category_restarts(["1", "2", "1", "2", "1"], ["行政许可", "行政许可", "行政处罚", "行政处罚", "行政处罚"])
    [2]
    """
    return [
        k
        for k in range(1, min(len(seqs), len(categories)))
        if seqs[k] == "1" and seqs[k - 1] and categories[k] and categories[k] != categories[k - 1]
    ]


__all__ = [
    "SEQ",
    "SEQ_DATE_LIMIT",
    "category_restarts",
    "normalize_seq",
    "normalize_seq_column",
    "seq_from_date",
    "seq_from_dates",
    "split_fused_numbers",
]
