"""Read the master workbook (sheets 权责清单 and 发文信息) and published workbooks.

Values are read with python-calamine, several times faster than openpyxl; the grid it gives is turned into a
:class:`PowerList` by :mod:`toolkit.reading.grid`, which holds the tolerance for real-world layouts. What
calamine does not give (formulas, for which it has only the cached values; hidden rows; the merges of an
.ods) is read from the sheet XML by :mod:`toolkit.reading.sheetxml`. Writing lives in :mod:`toolkit.writer`.
Opening the file (what it really is, the refusals, the size check) is :mod:`toolkit.reading.xlsx_open`; the
notice sheet (发文信息) is read by :mod:`toolkit.reading.notice_sheet`.

>>> pl = read_workbook("workbooks/xingan-2022.xlsx")
>>> len(pl), pl.source.sheet, pl.notice.doc_number
(5, '权责清单', '兴保发〔2022〕1号')
"""

from __future__ import annotations

import gc
import threading
from pathlib import Path
from typing import Any

import python_calamine as calamine

from ..errors import MissingSheetError
from ..fsutil import check_input
from ..model import (
    HELP_SHEET,
    LIST_SHEET,
    NOTES_SHEET,
    NOTICE_FIELDS,
    NOTICE_SHEET,
    REQUEST_SHEET,
    Finding,
    PowerList,
)
from .codes import READ_CODES
from .grid import Merge, grid_to_list, looks_like_list
from .notice_sheet import read_notice, read_notice_sheet
from .sheetxml import ods_layout, scan_sheet
from .xlsx_open import far_cells, open_with_plan, open_workbook, sheet_grid, sniff_format
from .xlsx_open import other_document as other_document


def _pick_list_sheet(
    wb: calamine.CalamineWorkbook, path: Path, cache: dict[str, tuple[list[list[Any]], list[Merge]]]
) -> str:
    names = list(wb.sheet_names)
    for name in names:
        if name.strip() == LIST_SHEET:
            return name
    # A published list often has a single sheet named otherwise: take the first whose header we recognise.
    for name in names:
        if name.strip() == NOTICE_SHEET:
            continue
        cache[name] = sheet_grid(wb, name, path)
        if looks_like_list(*cache[name]):
            return name
    raise MissingSheetError(
        f"找不到工作表“{LIST_SHEET}”，其他工作表中也没有可识别的清单表头。现有工作表：{'、'.join(names) or '（无）'}。",
        path=path,
        hint=f"请把清单所在的工作表命名为“{LIST_SHEET}”，表头包含“序号”“项目名称”“实施依据”“责任事项”等列名。",
    )


def _other_lists(
    wb: calamine.CalamineWorkbook,
    path: Path,
    list_sheet: str,
    notice_sheet: str | None,
    cache: dict[str, tuple[list[list[Any]], list[Merge]]],
) -> list[Finding]:
    # One list is read per workbook: other sheets that hold a list too (one per category, per unit, a second
    # table) would otherwise be dropped without a word.
    skip = {list_sheet, notice_sheet}
    others = []
    for n in wb.sheet_names:
        if n in skip or n.strip() in (NOTICE_SHEET, HELP_SHEET, NOTES_SHEET, REQUEST_SHEET):
            continue  # qzqd's own sheets: the help sheet shows the column names, yet holds no items
        if looks_like_list(*(cache.pop(n) if n in cache else sheet_grid(wb, n, path))):
            others.append(n)
    if not others:
        return []
    named = "、".join(f"“{n}”" for n in others)
    return [
        Finding(
            "QZ013",
            "warning",
            f"工作簿中还有 {len(others)} 个工作表也像一份清单（{named}），没有读取：只读取了工作表“{list_sheet}”。"
            "请把这些工作表分别复制到单独的工作簿（每个工作簿一份清单，清单所在的工作表命名为"
            f"“{LIST_SHEET}”）再逐个导入；若它们与“{list_sheet}”是同一份清单，请把事项合并到一个工作表中。",
            sheet=list_sheet,
        )
    ]


def read_workbook(path: str | Path, *, sheet: str | None = None, strict: bool = True) -> PowerList:
    """Read a master (or published) workbook into a :class:`PowerList`.

    ``strict`` requires every column whose values are required (权力分类, 项目名称, 实施主体, 实施依据,
    责任事项, 追责情形, 追责依据); with ``strict=False`` missing columns are added empty. Problems that do
    not stop reading are in ``pl.warnings`` (codes in :data:`toolkit.reading.codes.READ_CODES`).

    >>> pl = read_workbook("workbooks/xingan-2022.xlsx")  # doctest: +SKIP
    >>> pl.items.loc[0, "项目名称"], pl.cell_ref(0, "实施依据")  # doctest: +SKIP
    ('对非法获取、持有国家秘密载体的行政强制', (3, 'G3'))
    """
    path = check_input(path)
    kind = sniff_format(path)
    # Reading (the size check too) builds no reference cycles; collection passes over 100k cells and the
    # check's 200k index tuples cost ~10 %.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        wb, plan = open_with_plan(path)
    except BaseException:
        if gc_was_enabled:
            gc.enable()
        raise
    closing: threading.Thread | None = None
    try:
        cache: dict[str, tuple[list[list[Any]], list[Merge]]] = {}
        if sheet is not None and sheet not in wb.sheet_names:
            raise MissingSheetError(
                f"找不到工作表“{sheet}”。现有工作表：{'、'.join(wb.sheet_names) or '（无）'}。", path=path
            )
        name = sheet or _pick_list_sheet(wb, path, cache)
        rows, merges = cache.pop(name) if name in cache else sheet_grid(wb, name, path)
        formulas: dict[str, bool] = {}
        hidden: set[int] = set()
        if kind == "xlsx":
            # Found by the size check on the pieces it measured (one inflate of the sheet), else read here.
            formulas, hidden = plan.layout[name] if plan is not None and name in plan.layout else scan_sheet(path, name)
        elif kind == "ods":
            ods_merged, hidden = ods_layout(path, name)
            merges = merges or ods_merged
        # The other sheets (the notice, other lists) are read before the list is built, so that the workbook is
        # closed (python-calamine frees it without the GIL: ~10 ms) while grid_to_list runs. What they find goes
        # into the list after its own findings, as before; an error met there is raised after grid_to_list's
        # own, as before.
        sheet_names = list(wb.sheet_names)
        notice = PowerList()  # the notice's reading, moved into the list below
        others: list[Finding] = []
        deferred: Exception | None = None
        try:
            read_notice_sheet(wb, path, notice, list_sheet=name, cache=cache)
            others = _other_lists(wb, path, name, notice.source.notice_sheet, cache)
        except Exception as exc:  # noqa: BLE001 - raised below, after the list's own errors
            deferred = exc
        cache.clear()
        closing = threading.Thread(target=wb.close, name="qzqd-close", daemon=True)
        closing.start()
        try:
            pl = grid_to_list(
                rows,
                merges=merges,
                path=path,
                sheet=name,
                strict=strict,
                formulas=formulas,
                where="工作表",
                date_system="ods" if kind == "ods" else "excel",
                hidden_rows=hidden,
            )
        finally:
            closing.join()  # no thread outlives the read (validate forks workers only when none runs)
        del rows
        if deferred is not None:
            raise deferred
        pl.warnings.extend(far_cells(plan, name))
        if sheet is None and name.strip() != LIST_SHEET:
            pl.warnings.append(
                Finding(
                    "QZ011",
                    "info",
                    f"没有名为“{LIST_SHEET}”的工作表，清单从工作表“{name}”读取（它的表头是清单的表头）"
                    f"；工作簿中的工作表：{'、'.join(sheet_names)}。",
                    sheet=name,
                )
            )
        pl.notice, pl.catalogue = notice.notice, pl.catalogue or notice.catalogue
        pl.source.notice_sheet, pl.source.notice_rows = notice.source.notice_sheet, notice.source.notice_rows
        pl.warnings.extend(notice.warnings)
        if pl.source.notice_sheet:
            pl.warnings.extend(far_cells(plan, pl.source.notice_sheet))
        pl.warnings.extend(others)
        return pl
    finally:
        if closing is None:
            wb.close()  # not handed to the closing thread (an error before it started)
        if gc_was_enabled:
            gc.enable()


__all__ = [
    "read_workbook",
    "open_workbook",
    "sniff_format",
    "read_notice",
    "NOTICE_FIELDS",
    "READ_CODES",
]
