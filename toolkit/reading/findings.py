"""Findings about cells met while reading: text no workbook can hold, hidden rows, formulas.

>>> content_findings([["甲\x07"]], ["备注"], {"备注": "M"}, [3], "权责清单")[0].cell
'M3'
"""

from __future__ import annotations

import re
from collections.abc import Collection

from ..model import Finding
from .cells import EXCEL_CELL_LIMIT, ILLEGAL_CHARS_RE, may_hold_forbidden, runs


def content_findings(
    data: list[list[str]],
    names: list[str],
    letters: dict[str, str],
    excel_rows: list[int | None],
    sheet: str,
    screened: Collection[str] = (),
) -> list[Finding]:
    """QZ006 for each cell holding a character XML forbids or more than Excel's 32,767 characters.
    ``screened``: columns the reader has screened for forbidden characters already (only their lengths are
    looked at here)."""
    out: list[Finding] = []
    for values, name in zip(data, names, strict=True):
        # C-level scans over runs of the column; only columns with a hit are looked at cell by cell.
        bad_chars = name not in screened and any(map(may_hold_forbidden, map("".join, runs(values))))
        too_long = max(map(len, values), default=0) > EXCEL_CELL_LIMIT
        if not (bad_chars or too_long):
            continue
        for i, v in enumerate(values):
            m = ILLEGAL_CHARS_RE.search(v)
            if m:
                msg = f"含有 Excel 不允许的控制字符（U+{ord(m.group()):04X}，第 {m.start() + 1} 个字符），请删除。"
            elif len(v) > EXCEL_CELL_LIMIT:
                msg = f"有 {len(v)} 个字符，超过 Excel 单元格上限 {EXCEL_CELL_LIMIT} 个字符。"
            else:
                continue
            row = excel_rows[i]
            where = f"单元格 {letters[name]}{row}（“{name}”列）" if row else f"第 {i + 1} 项的“{name}”"
            out.append(
                Finding(
                    "QZ006",
                    "error",
                    where + msg,
                    sheet=sheet,
                    row=row,
                    column=name,
                    cell=f"{letters[name]}{row}" if row else None,
                    item=i,
                )
            )
    out.sort(key=lambda f: (f.row or 0, names.index(f.column or "")))
    return out


def hidden_findings(hidden: set[int], excel_rows: list[int | None], sheet: str) -> list[Finding]:
    return [
        Finding(
            "QZ008",
            "warning",
            f"第 {row} 行在 Excel 中是隐藏的，仍作为事项读取（检查、比对、排版都包括它）；"
            "如该事项已取消，请删除这一行，否则请取消隐藏。",
            sheet=sheet,
            row=row,
            item=i,
        )
        for i, row in enumerate(excel_rows)
        if row in hidden
    ]


_ADDR_RE = re.compile(r"^([A-Z]+)(\d+)$")


def formula_findings(
    formulas: dict[str, bool], letters: dict[str, str], names: list[str], data_start: int, sheet: str
) -> list[Finding]:
    if not formulas:
        return []
    by_letter = {letters[n]: n for n in names}
    out: list[Finding] = []
    for addr, cached in formulas.items():
        m = _ADDR_RE.match(addr)
        if not m or m.group(1) not in by_letter or int(m.group(2)) <= data_start:
            continue
        row = int(m.group(2))
        if cached:
            out.append(
                Finding(
                    "QZ002",
                    "warning",
                    f"单元格 {addr}（“{by_letter[m.group(1)]}”列）是公式，已使用 Excel 保存的计算结果；建议改为直接填写文字。",
                    sheet=sheet,
                    row=row,
                    column=by_letter[m.group(1)],
                    cell=addr,
                )
            )
        else:
            out.append(
                Finding(
                    "QZ005",
                    "error",
                    f"单元格 {addr}（“{by_letter[m.group(1)]}”列）是公式，但文件里没有保存计算结果（通常是程序生成、未在 Excel/WPS 中打开保存过），读到的是空值。"
                    "请在 Excel/WPS 中打开并保存一次，或改为直接填写文字。",
                    sheet=sheet,
                    row=row,
                    column=by_letter[m.group(1)],
                    cell=addr,
                )
            )
    out.sort(key=lambda f: (f.row or 0, f.cell or ""))
    return out
