"""What qzqd knows about the notice (发文信息 sheet) that both validate and render need: the fields a final
notice must have, the two dates and how GB/T 9704 writes them.

Cheap to import (no pandas, no validate package): render's quick look at a notice uses it before deciding
whether to load validate at all.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import PowerList

# The notice's dates: (field name in the 发文信息 sheet, Notice attribute).
DATE_FIELDS: tuple[tuple[str, str], ...] = (("成文日期", "date"), ("印发日期", "print_date"))

# What a notice needs before it can be issued (GB/T 9704 §7.2-7.3): 标题 and 正文 make its body (render
# refuses without them), 发文字号, 主送机关, 署名 and 成文日期 may wait in a draft but not in the final text.
# Each with an example of what to write (QZ213 shows it in its message).
NOTICE_FINAL_FIELDS: tuple[tuple[str, str], ...] = (
    ("发文字号", "如“××发〔2025〕1号”"),
    ("标题", "如“关于公布××局权责清单的通知”"),
    ("主送机关", "如“各乡（镇）、县直各单位”"),
    ("正文", ""),
    ("发文机关署名", "写本单位全称"),
    ("成文日期", "如“2025年1月10日”"),
)
NOTICE_FINAL_NAMES: tuple[str, ...] = tuple(name for name, _ in NOTICE_FINAL_FIELDS)

# GB/T 9704-2012 §7.3.5.1 (成文日期) and §7.4.3 (印发日期): Arabic (ASCII) numerals, 年月日 written out, the
# year in full, no leading zero in month or day ("2022年7月18日", never "2022-7-18" or "2022年07月18日").
_PROPER_DATE = re.compile(r"([0-9]{4})年([1-9][0-9]?)月([1-9][0-9]?)日")


def proper_date(value: str) -> bool:
    """A real date written as GB/T 9704 wants it: "2022年7月18日".

    >>> proper_date("2022年7月18日"), proper_date("2022-7-18"), proper_date("2022年07月18日"), proper_date("2022年2月30日")
    (True, False, False, False)
    """
    m = _PROPER_DATE.fullmatch(value)
    if not m:
        return False
    try:
        dt.date(*(int(g) for g in m.groups()))
    except ValueError:
        return False
    return True


def cn_date(d: dt.date | None) -> str:
    """A date as GB/T 9704 writes it in a document ("2022年7月18日"); "（日期不详）" for None, so that a
    message about a law version whose date the registry lacks still reads.

    >>> cn_date(dt.date(2022, 7, 18)), cn_date(None)
    ('2022年7月18日', '（日期不详）')
    """
    return f"{d.year}年{d.month}月{d.day}日" if d else "（日期不详）"


def notice_read_from_sheet(pl: PowerList) -> bool:
    """Whether the notice was read from a 发文信息 sheet of a workbook (not imported, not built in code): only
    then has an empty field a cell to name (QZ213).

    A workbook without the sheet has ``notice_sheet`` None (QZ007 says so); imports from .docx/.txt have no
    list sheet (``sheet`` ""), a list built in code no path.
    """
    src = pl.source
    return src.notice_sheet is not None and src.path is not None and bool(src.sheet)
