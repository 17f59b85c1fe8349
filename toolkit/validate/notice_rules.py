"""Rules about the 发文信息 sheet (the notice), beside the list rules of rules.py."""

from __future__ import annotations

from collections.abc import Iterator

from ..citations.registry import parse_date
from .registry import Context, Hit, rule

DATE_FIELDS = (("成文日期", "date"), ("印发日期", "print_date"))


@rule(
    "QZ212",
    "error",
    "{field}“{value}”不是有效的日期，应写作“2025年1月10日”这样的年月日。{consequence}",
    "The notice's 成文日期 / 印发日期 must be a real date (年月日); the law checks date the list by 成文日期.",
    title="日期无法识别",
)
def _notice_dates(ctx: Context) -> Iterator[Hit]:
    notice = ctx.pl.notice
    sheet = ctx.pl.source.notice_sheet
    for name, attr in DATE_FIELDS:
        value = getattr(notice, attr)
        if not value or parse_date(value) is not None:
            continue
        consequence = ""
        if attr == "date" and ctx.options.as_of is None:
            # list_date() falls back to 印发日期 or today: say so, the law findings depend on it.
            fallback = "印发日期" if parse_date(notice.print_date) else "今天的日期"
            consequence = f"检查法律依据时暂按{fallback}判断条文是否过时。"
        row = ctx.pl.source.notice_rows.get(name)
        yield Hit(
            sheet=sheet,
            row=row,
            cell=f"B{row}" if row and sheet else None,
            column=name,
            args={"field": name, "value": value, "consequence": consequence},
        )
