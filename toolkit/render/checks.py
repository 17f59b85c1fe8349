"""What render checks in the 发文信息 sheet before typesetting: what a notice cannot do without, and values
that validate would flag (they are typeset as written, so the clerk is warned rather than the text changed).
"""

from __future__ import annotations

import datetime as dt
import re

from ..model import NOTICE_FIELD_BY_NAME, NOTICE_SHEET, Finding, PowerList
from ..noticefields import DATE_FIELDS, NOTICE_FINAL_NAMES, notice_read_from_sheet, proper_date
from .build import RenderError

# GB/T 9704 §7.3: 标题 and 正文 make the body of a document; without them there is nothing to typeset on
# the notice pages (a blank page numbered "— 1 —"). 发文字号, 主送机关, 署名 and 日期 may legitimately be left
# for later in a draft: they are warned about (QZ213), not refused.
NOTICE_REQUIRED = ("标题", "正文")

# The validate rules that look at the 发文信息 sheet: bracketed years in 发文字号, unreadable dates, fields a
# final notice needs left empty, dates not written 2022年7月18日.
NOTICE_RULES = ("QZ208", "QZ212", "QZ213", "QZ214")

# Any bracket before a year in 发文字号: a superset of what QZ208 reports (its regex needs more around it).
_BRACKET_YEAR = re.compile(r"[\[［【（(﹝〖{｛]\s*(?:19|20)\d{2}")


class NoticeMissingError(RenderError):
    """The workbook has no notice to typeset (exit 2)."""


def check_notice(pl: PowerList) -> None:
    """Refuse a list whose 发文信息 sheet is missing or lacks 标题 / 正文, naming the sheet and the fields.

    >>> from toolkit.model import Notice
    >>> check_notice(PowerList.from_records([], notice=Notice(title="关于……的通知", body="正文")))
    """
    sheet = pl.source.notice_sheet
    path = pl.source.path
    if sheet is None and path is not None:  # read from a workbook without the sheet
        raise NoticeMissingError(
            f"工作簿中没有“{NOTICE_SHEET}”工作表，无法排出正式通知（通知的标题、正文、署名等都取自这张表）。",
            path=path,
            hint=f"请在工作簿中加一张名为“{NOTICE_SHEET}”的工作表（A 列填字段名，B 列填内容；"
            "qzqd init 生成的空白主表里有这张表可以照抄）。如果这张表被改了名，请改回原名。",
        )
    notice = pl.notice
    missing = [name for name in NOTICE_REQUIRED if not getattr(notice, NOTICE_FIELD_BY_NAME[name].attr).strip()]
    if not missing:
        return
    rows = pl.source.notice_rows
    where = []
    for name in missing:
        row = rows.get(name)
        if row:
            where.append(f"{name}（单元格 B{row} 为空）")
        elif path is not None:  # read from a sheet that has no such label
            where.append(f"{name}（A 列没有“{name}”这一行）")
        else:
            where.append(name)
    raise NoticeMissingError(
        f"通知缺少{'、'.join(where)}，无法排出正式通知。",
        path=path,
        sheet=sheet or NOTICE_SHEET,
        hint="通知至少要有标题和正文；请在 B 列填写后再排版。",
    )


def notice_findings(pl: PowerList) -> list[Finding]:
    """validate's findings about the 发文信息 sheet (QZ208 发文字号, QZ212/QZ214 dates, QZ213 empty fields), in
    sheet order.

    Checking needs the validate package (~1 s to import: pandas, pandera), so it is loaded only when a
    quick look finds something suspicious; a clean notice costs nothing.

    >>> from toolkit.model import Notice
    >>> notice_findings(PowerList.from_records([], notice=Notice(date="2026年3月18日")))
    []
    """
    notice = pl.notice
    suspicious = (
        bool(_BRACKET_YEAR.search(notice.doc_number))
        or not all(proper_date(v) for v in (getattr(notice, attr) for _, attr in DATE_FIELDS) if v)
        or (
            notice_read_from_sheet(pl)
            and not all(getattr(notice, NOTICE_FIELD_BY_NAME[name].attr).strip() for name in NOTICE_FINAL_NAMES)
        )
    )
    if not suspicious:
        return []
    from ..validate import RULES, Context, Options, run_rules

    # Only the notice: the list rows would only make QZ208 scan every cell of the table.
    notice_only = PowerList.from_records([], notice=notice)
    notice_only.source = pl.source
    # as_of set: QZ212 then leaves out its remark about law checks, which is not what render is doing.
    ctx = Context(pl=notice_only, options=Options(as_of=dt.date.today()))
    found = run_rules(ctx, [RULES[code] for code in NOTICE_RULES])
    return sorted(
        (f for f in found if f.item is None and f.sheet == pl.source.notice_sheet),
        key=lambda f: (f.row or 0, f.code),
    )
