"""Read the notice sheet (发文信息) of a workbook: field label in column A, value in column B; the sheet is
found by its name or, renamed, by the field labels in its column A.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import python_calamine as calamine

from ..model import (
    NOTES_SHEET,
    NOTICE_FIELD_BY_NAME,
    NOTICE_FIELDS,
    NOTICE_SHEET,
    REQUEST_SHEET,
    Finding,
    Notice,
    NoticeField,
    PowerList,
    clean_cell,
    normalize_header,
)
from .catalogue import CATALOGUE_KIND, KIND_LABEL, LIST_KIND
from .grid import Merge, clip, format_value
from .xlsx_open import sheet_grid

_NOTICE_ALIASES = {
    "版头": "发文机关标志",
    "发文机关": "发文机关标志",
    "文号": "发文字号",
    "发文文号": "发文字号",
    "通知标题": "标题",
    "主送": "主送机关",
    "主送单位": "主送机关",
    "附件": "附件名称",
    "附件标题": "附件名称",
    "署名": "发文机关署名",
    "落款": "发文机关署名",
    "日期": "成文日期",
    "发文日期": "成文日期",
    "抄送": "抄送机关",
    "印发单位": "印发机关",
}

# Fields whose text may run over several rows of the sheet (one paragraph a row, column A left empty below
# the label): every field but the single values below. 标题 rows are joined into one line, as the importer
# joins a title that wraps over several paragraphs; the layout breaks it again.
_SINGLE_VALUE_FIELDS = frozenset({"发文字号", "成文日期", "印发日期"})
# Column headings of the sheet (qzqd init writes 字段 | 内容): not fields, and not worth a warning.
_NOTICE_HEADINGS = frozenset({"字段", "字段名", "字段名称", "项目", "名称", "内容", "值"})


def _notice_key(value: Any) -> str:
    key = normalize_header(value).rstrip("：:")
    return _NOTICE_ALIASES.get(key, key)


# A sheet whose column A names at least this many notice fields is the notice, whatever it is called.
_NOTICE_MIN_LABELS = 3
_NOTICE_SCAN_ROWS = 40


def _notice_labels(rows: list[list[Any]]) -> set[str]:
    return {
        f
        for row in rows[:_NOTICE_SCAN_ROWS]
        if row and (f := _notice_key(clean_cell(format_value(row[0])))) in NOTICE_FIELD_BY_NAME
    }


def read_notice_sheet(
    wb: calamine.CalamineWorkbook,
    path: Path,
    pl: PowerList,
    *,
    list_sheet: str,
    cache: dict[str, tuple[list[list[Any]], list[Merge]]],
) -> None:
    """Read the notice into ``pl``: the sheet named 发文信息, else the one whose column A holds the field
    labels (renamed “发文信息（2022年）”, “Sheet2”), else say that there is none and what that changes."""
    names = list(wb.sheet_names)
    notice_name = next((n for n in names if n.strip() == NOTICE_SHEET), None)
    rows: list[list[Any]] = []
    if notice_name is not None:
        rows = sheet_grid(wb, notice_name, path)[0]
    else:
        # As the list sheet is found by its header when it is named otherwise: by content, the best match.
        best: tuple[int, str, list[list[Any]]] | None = None
        for n in names:
            if n == list_sheet or n.strip() in (NOTES_SHEET, REQUEST_SHEET):
                continue
            grid = cache[n][0] if n in cache else sheet_grid(wb, n, path)[0]
            found = len(_notice_labels(grid))
            if found >= _NOTICE_MIN_LABELS and (best is None or found > best[0]):
                best = (found, n, grid)
        if best is not None:
            _, notice_name, rows = best
            pl.warnings.append(
                Finding(
                    "QZ007",
                    "info",
                    f"没有名为“{NOTICE_SHEET}”的工作表，发文信息从工作表“{notice_name}”读取（它的 A 列是发文字号、"
                    f"标题等字段名）；建议把这个工作表改名为“{NOTICE_SHEET}”。",
                    sheet=notice_name,
                )
            )
    if notice_name is None:
        pl.source.notice_sheet = None
        others = "、".join(n for n in names if n != list_sheet)
        if not others:
            # A workbook of the list alone (a published list, one made by hand): there is no sheet that could
            # have been meant as the notice, so nothing was passed over.
            return
        pl.warnings.append(
            Finding(
                "QZ007",
                "warning",
                f"找不到工作表“{NOTICE_SHEET}”（其他工作表：{others}；其中也没有 A 列为发文字号、标题、成文日期等"
                "字段名的工作表），没有读取发文信息：不知道成文日期，检查法律依据时按今天的日期判断条文是否已修改"
                "（可用 --as-of 指定日期）；qzqd render 也无法排版通知。"
                f"请把发文信息所在的工作表命名为“{NOTICE_SHEET}”。",
            )
        )
        return
    settings: dict[str, str] = {}
    pl.notice, pl.source.notice_rows, problems = read_notice(rows, notice_name, settings)
    if settings.get(KIND_LABEL) == CATALOGUE_KIND:
        pl.catalogue = True
    pl.source.notice_sheet = notice_name
    pl.warnings.extend(problems)


def read_notice(
    rows: list[list[Any]], sheet: str = NOTICE_SHEET, settings: dict[str, str] | None = None
) -> tuple[Notice, dict[str, int], list[Finding]]:
    """The 发文信息 sheet: field label in column A, value in column B; returns the notice, label -> row, and
    the problems met (QZ007: rows that were not read).

    A row whose column A is empty continues the field above it (a multi-paragraph 正文 is often written one
    paragraph a row); a row with a label that is not a field is reported, never dropped silently. The
    list's settings (清单类型：目录) are put into ``settings`` when given.

    >>> notice, where, problems = read_notice([["字段", "内容"], ["发文字号", "兴保发〔2022〕1号"], ["正文", "甲"], [None, "乙"]])
    >>> notice.doc_number, notice.body, where, problems
    ('兴保发〔2022〕1号', '甲\\n乙', {'发文字号': 2, '正文': 3}, [])
    """
    notice = Notice()
    where: dict[str, int] = {}
    problems: list[Finding] = []
    current: NoticeField | None = None  # the field the next unlabelled row continues
    # The label row that was not read (unknown or repeated) and what to do about it: the unlabelled rows below
    # it continue that row, so their warning points at the label to correct, not at their empty column A.
    skipped: tuple[str, str] | None = None

    def problem(r: int, col: str, message: str) -> None:
        # The place is the Finding's sheet and cell, which every report prints: not repeated in the message.
        cell = f"{col}{r + 1}"
        problems.append(Finding("QZ007", "warning", message, sheet=sheet, row=r + 1, cell=cell))

    for r, row in enumerate(rows):
        label = clean_cell(format_value(row[0])) if row else ""
        value = clean_cell(format_value(row[1])) if len(row) > 1 else ""
        if not label:
            if not value:
                continue  # a blank row (or a spacer between paragraphs) ends nothing
            if current is None and not where and value in _NOTICE_HEADINGS:
                continue
            if current is None and skipped is not None:
                where_label, fix = skipped
                problem(r, "B", f"“{clip(value)}”接在{where_label}下面，没有读取；{fix}")
            elif current is None:
                problem(
                    r, "B", f"“{clip(value)}”左边 A 列没有字段名，这一行没有读取；请在 A 列填写字段名（如“正文”）。"
                )
            elif current.name in _SINGLE_VALUE_FIELDS:
                problem(
                    r,
                    "B",
                    f"“{clip(value)}”左边 A 列是空的，像是接着上面的“{current.name}”，但{current.name}只能填一项，"
                    "这一行没有读取；请在 A 列填写字段名，或删除这一行。",
                )
            else:
                before = getattr(notice, current.attr)
                joiner = "" if current.name == "标题" else "\n"
                setattr(notice, current.attr, before + joiner + value if before else value)
            continue
        key = _notice_key(label)
        if key == KIND_LABEL:
            current = skipped = None
            if settings is not None:
                settings[KIND_LABEL] = value
            if value not in ("", CATALOGUE_KIND, LIST_KIND):
                problem(
                    r, "B", f"“{KIND_LABEL}”应为“{CATALOGUE_KIND}”或留空（完整的权责清单），“{clip(value)}”不认识。"
                )
            continue
        f = NOTICE_FIELD_BY_NAME.get(key)
        cell = f"A{r + 1}"
        if f is None:
            current = skipped = None  # rows below an unknown label are not read into the field above it
            if key in _NOTICE_HEADINGS or (not where and not value):
                continue  # the column headings, or a title above the fields
            known = "、".join(x.name for x in NOTICE_FIELDS)
            problem(r, "A", f"不认识的字段“{clip(label)}”，这一行没有读取。A 列的字段名应为：{known}。")
            skipped = (f" {cell} 不认识的字段“{clip(label)}”", f"请改正 {cell} 的字段名。")
            continue
        if f.name in where:
            current = None
            first = where[f.name]
            problem(
                r,
                "A",
                f"字段“{f.name}”在第 {first} 行已经填写过，这一行没有读取；请把内容合并到第 {first} 行。",
            )
            skipped = (f" {cell} 重复的字段“{f.name}”", f"请把内容合并到第 {first} 行。")
            continue
        setattr(notice, f.attr, value)
        where[f.name] = r + 1
        current, skipped = f, None
    return notice, where, problems
