"""`qzqd textconv`: a workbook as stable lines for ``git diff`` — the list, and everything else it holds.

git shows what this text shows, so nothing the workbook holds may be missing from it: besides the list (and its
发文信息) come the workbook's other sheets (an adjustment package's 调整说明 and 请示, 填表说明, a second list), and
the cells far outside the list that reading leaves out (QZ010), each with its cell reference — else a change
there would pass through ``git diff`` unseen.
"""

from __future__ import annotations

from pathlib import Path

from .reports import sheets_text, textconv


def workbook_text(path: str | Path) -> str:
    """The text git compares for a workbook: the list as blocks, then every other sheet and far-away cell.

    >>> print(workbook_text("workbooks/xingan-2025.xlsx"))  # doctest: +SKIP
    # 发文信息 …
    # 工作表 调整说明 …
    """
    from ..errors import EmptyListError, MissingColumnsError, MissingSheetError
    from ..reading.xlsx import read_workbook

    path = Path(path)
    try:
        pl = read_workbook(path, strict=False)
    except (MissingSheetError, MissingColumnsError, EmptyListError):
        pl = None  # a workbook that holds no list (a report, a form): its cells, sheet by sheet
    if pl is None or pl.extra_columns:
        # Columns outside the catalogue would be left out of the list view: show every cell instead.
        text = sheets_text(path)
    else:
        shown = {pl.source.sheet, pl.source.notice_sheet}
        rest = sheets_text(path, skip=shown)
        text = textconv(pl) + ("\n" + rest if rest.strip() else "")
    return text + _far_text(path)


def _far_text(path: Path) -> str:
    """The cells reading leaves out as too far from the list, sheet by sheet, with their references."""
    from ..limits import check_xlsx
    from ..reading.xlsx import sniff_format

    if sniff_format(path) != "xlsx":
        return ""  # .xls and .ods with far-away cells are refused before this (toolkit.limits)
    plan = check_xlsx(path)
    plan.open_for_calamine()  # the far cells are found while cutting them out of the copy calamine reads
    lines: list[str] = []
    for sheet, cells in plan.far.items():
        if not cells:
            continue
        lines.append("")
        lines.append(f"# 工作表 {sheet}：远在清单之外、没有读取的单元格")
        lines.extend(f"{ref}\t{_one_line(text)}" for ref, text in cells)
    return "\n".join(lines) + "\n" if lines else ""


def _one_line(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\n", "⏎")


__all__ = ["workbook_text"]
