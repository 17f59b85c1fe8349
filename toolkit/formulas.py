"""No live formula in a workbook qzqd writes: formulas copied from an input cell become the value they showed.

``validate --annotate`` and ``update-citations`` write a copy of the clerk's workbook. A formula in it (a
``=HYPERLINK(...)`` pasted from a web page, a ``=WEBSERVICE(...)`` planted in a downloaded list) would run
again when the copy is opened. The copy keeps what the cell showed (the value Excel saved with the formula)
or, when none was saved (or an empty one), the formula's text as plain text; the caller says which cells were changed.

>>> from openpyxl import Workbook
>>> wb = Workbook(); wb.active["A1"] = '=HYPERLINK("http://x","点这里")'
>>> neutralise(wb, cached={})
['Sheet!A1']
>>> wb.active["A1"].value, wb.active["A1"].data_type
('=HYPERLINK("http://x","点这里")', 's')
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def formula_cells(wb: Any) -> list[tuple[str, str]]:
    """(sheet title, coordinate) of every formula cell, visiting only the cells that exist (sparse)."""
    out = []
    for ws in wb.worksheets:
        for cell in getattr(ws, "_cells", {}).values():
            if cell.data_type == "f":
                out.append((ws.title, cell.coordinate))
    return out


def cached_values(src: Path, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    """The values Excel saved with the formulas at ``wanted``, read from ``src``'s sheet XML (streamed)."""
    from .reading.sheetxml import formula_values

    out: dict[tuple[str, str], Any] = {}
    for sheet in dict.fromkeys(s for s, _ in wanted):
        for coordinate, value in formula_values(src, sheet).items():
            out[(sheet, coordinate)] = value
    return out


def neutralise(wb: Any, *, src: Path | None = None, cached: dict[tuple[str, str], Any] | None = None) -> list[str]:
    """Replace every formula of ``wb`` by its saved value (from ``src``), else by its text; returns the cells
    changed as ``工作表!A1``."""
    found = formula_cells(wb)
    if cached is None:
        cached = cached_values(src, found) if src is not None else {}
    changed = []
    for sheet, coordinate in found:
        cell = wb[sheet][coordinate]
        value = cached.get((sheet, coordinate))
        if value is None or value == "":  # nothing saved (openpyxl and some web exports write an empty <v>)
            formula = cell.value
            value = getattr(formula, "text", None) or str(formula if isinstance(formula, str) else "")
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # never read back as a formula, whatever the text starts with
        changed.append(f"{sheet}!{coordinate}")
    return changed


def say(changed: list[str]) -> str:
    """The line that tells the clerk which formulas the copy no longer holds.

    >>> say(["权责清单!C3", "权责清单!A4"])
    '副本中不保留公式：2 个公式单元格改为它们显示的值（没有保存计算结果的保留公式文字）：权责清单!C3、权责清单!A4。'
    """
    shown = "、".join(changed[:10]) + ("……" if len(changed) > 10 else "")
    return f"副本中不保留公式：{len(changed)} 个公式单元格改为它们显示的值（没有保存计算结果的保留公式文字）：{shown}。"
