"""Rules about the 发文信息 sheet (the notice), beside the list rules of rules.py.

What they know about notices (the fields a final notice needs, the dates and how they are written) lives in
:mod:`toolkit.noticefields`, shared with render's quick look.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from ..citations.registry import parse_date
from ..model import NOTICE_FIELD_BY_NAME
from ..noticefields import (
    DATE_FIELDS,
    NOTICE_FINAL_FIELDS,
    NOTICE_FINAL_NAMES,
    cn_date,
    notice_read_from_sheet,
    proper_date,
)
from .registry import Context, Hit, rule

NOTICE_FINAL_ATTRS: tuple[str, ...] = tuple(NOTICE_FIELD_BY_NAME[name].attr for name in NOTICE_FINAL_NAMES)
_DATE_SECTION = {"成文日期": "7.3.5.1", "印发日期": "7.4.3"}  # where GB/T 9704-2012 says how each is written


class _Field(NamedTuple):
    """A notice field as the rules report it: its name and Notice attribute, its value, and where it is."""

    name: str
    attr: str
    value: str
    row: int | None  # its row in the 发文信息 sheet; None when the sheet has no such label or was not read
    cell: str | None


def _place(ctx: Context, name: str) -> tuple[int | None, str | None]:
    """(row, cell) of a notice field: the sheet holds labels in column A and values in column B, so the cell is
    B{row}; none without a row, or without a 发文信息 sheet to find it in."""
    row = ctx.pl.source.notice_rows.get(name)
    return row, f"B{row}" if row and ctx.pl.source.notice_sheet else None


def _dates(ctx: Context) -> Iterator[_Field]:
    """The notice's dates that are filled in (成文日期, 印发日期), each with its place."""
    for name, attr in DATE_FIELDS:
        value = getattr(ctx.pl.notice, attr)
        if value:
            yield _Field(name, attr, value, *_place(ctx, name))


def _hit(ctx: Context, f: _Field, **args: str) -> Hit:
    return Hit(sheet=ctx.pl.source.notice_sheet, row=f.row, cell=f.cell, column=f.name, args={"field": f.name, **args})


def _law_date_remark(ctx: Context) -> str:
    """What the law checks date the list by when 成文日期 cannot be used: list_date() falls back to 印发日期
    or today. Empty with --as-of (render passes one too: the remark is about validate's law checks)."""
    if ctx.options.as_of is not None:
        return ""
    fallback = "印发日期" if parse_date(ctx.pl.notice.print_date, whole=True) else "今天的日期"
    return f"检查法律依据时暂按{fallback}判断条文是否过时（可用 --as-of 指定日期）。"


@rule(
    "QZ212",
    "error",
    "{field}“{value}”不是有效的日期，应写作“2025年1月10日”这样的年月日。{consequence}",
    "The notice's 成文日期 / 印发日期 must be a real date (年月日); the law checks date the list by 成文日期.",
    title="日期无法识别",
)
def _notice_dates(ctx: Context) -> Iterator[Hit]:
    for f in _dates(ctx):
        # The whole cell must be the date: "2026-3-181" is no date, not 2026-03-18 with a stray digit.
        if parse_date(f.value, whole=True) is None:
            yield _hit(ctx, f, value=f.value, consequence=_law_date_remark(ctx) if f.attr == "date" else "")


@rule(
    "QZ213",
    "warning",
    "{field}{problem}：正式印发的通知要有{field}，请{fix}。{consequence}",
    "A field a final notice needs (发文字号, 标题, 主送机关, 正文, 发文机关署名, 成文日期) is empty in the "
    "发文信息 sheet or has no row there; an empty 成文日期 makes the law checks use 印发日期 or today.",
    title="通知要素未填",
)
def _notice_empty(ctx: Context) -> Iterator[Hit]:
    pl = ctx.pl
    if not notice_read_from_sheet(pl):
        return  # no sheet at all is QZ007's finding; imports and lists built in code have no cells to name
    for (name, example), attr in zip(NOTICE_FINAL_FIELDS, NOTICE_FINAL_ATTRS, strict=True):
        value = getattr(pl.notice, attr)
        if value.strip():
            continue
        f = _Field(name, attr, value, *_place(ctx, name))
        example = f"（{example}）" if example else ""
        if f.cell:
            problem, fix = "为空", f"在单元格 {f.cell} 填写{example}"
        else:
            problem = f"没有填写（A 列没有“{name}”这一行）"
            fix = f"加上这一行：A 列写“{name}”，B 列写内容{example}"
        yield _hit(ctx, f, problem=problem, fix=fix, consequence=_law_date_remark(ctx) if attr == "date" else "")


@rule(
    "QZ214",
    "warning",
    "{field}“{value}”的写法不规范，应写作“{proper}”：公文日期用阿拉伯数字将年、月、日标全，月、日不编虚位"
    "（GB/T 9704—2012 第 {section} 条）。",
    "成文日期 / 印发日期 is a readable date written otherwise than 2022年7月18日 (2022-7-18, 2022/7/18, 2022.7.18, "
    "Chinese numerals, full-width digits, 07 for 7); GB/T 9704 wants Arabic numerals and 年月日 in full.",
    title="日期写法不规范",
)
def _notice_date_form(ctx: Context) -> Iterator[Hit]:
    for f in _dates(ctx):
        if proper_date(f.value):
            continue
        d = parse_date(f.value, whole=True)
        if d is None:
            continue  # QZ212: not a date at all
        yield _hit(ctx, f, value=f.value, proper=cn_date(d), section=_DATE_SECTION[f.name])


@rule(
    "QZ215",
    "warning",
    "{field}“{value}”不是已有的检查规则，已按“全国通用”规则检查。可用的有：{known}；"
    "请改正这一格，或用 --profile 指定。",
    "The 检查规则 the 发文信息 sheet names is no known profile; the list is checked by the default profile.",
    title="检查规则未知",
)
def _unknown_profile(ctx: Context) -> Iterator[Hit]:
    from .profile import builtin_profiles, load_profile

    value = ctx.cache.get("unknown_profile")
    if not value:
        return
    known = "、".join(f"“{load_profile(p).name}”" for p in builtin_profiles())
    yield _hit(ctx, _Field("检查规则", "profile", value, *_place(ctx, "检查规则")), value=value, known=known)
