"""Write the master workbook: official two-row header, 发文信息 and 填表说明 sheets, Excel/WPS friendly."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .errors import CellContentError
from .fsutil import atomic_output
from .model import (
    CATEGORIES,
    CODE_COLUMN,
    COLUMN_BY_NAME,
    COLUMNS,
    DUTY_GROUP,
    HELP_SHEET,
    LIST_SHEET,
    LOCAL_CATEGORIES,
    NOTICE_FIELDS,
    NOTICE_SHEET,
    POWER_GROUP,
    Notice,
    PowerList,
)

EXCEL_CELL_LIMIT = 32767
# XML 1.0 forbids these; openpyxl would refuse them anyway, but with an unhelpful message.
ILLEGAL_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

HEADER_FONT = Font(name="黑体", bold=True, size=11)
BODY_FONT = Font(name="宋体", size=10)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="808080")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")


def check_cell_text(text: str, *, where: str) -> None:
    """Raise a Chinese error for text no workbook can hold."""
    m = ILLEGAL_CHARS_RE.search(text)
    if m:
        raise CellContentError(
            f"{where}含有 Excel 不允许的控制字符（U+{ord(m.group()):04X}，位于第 {m.start() + 1} 个字符），无法写入工作簿。",
            hint="这类字符通常来自复制粘贴，请在源文件中删除后重试。",
        )
    if len(text) > EXCEL_CELL_LIMIT:
        raise CellContentError(
            f"{where}有 {len(text)} 个字符，超过 Excel 单元格上限 {EXCEL_CELL_LIMIT} 个字符，无法写入工作簿。",
            hint="请把过长的内容拆分或精简。",
        )


def list_columns(pl: PowerList | None) -> list[str]:
    cols = [c.name for c in COLUMNS]
    if pl is not None and pl.has_code:
        cols.append(CODE_COLUMN.name)
    return cols


def write_header(ws: Worksheet, columns: list[str]) -> None:
    """The official two-row header: 序号 | 权力分类 | 权力清单 ×5 | 责任清单 ×5 | 备注 (| 事项编码)."""
    groups: dict[str, list[int]] = {}
    for i, name in enumerate(columns, start=1):
        col = COLUMN_BY_NAME[name]
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = col.width
        if col.group:
            groups.setdefault(col.group, []).append(i)
            ws.cell(row=2, column=i, value=_header_label(name))
        else:
            ws.cell(row=1, column=i, value=name)
            ws.merge_cells(start_row=1, start_column=i, end_row=2, end_column=i)
    for group in (POWER_GROUP, DUTY_GROUP):
        idx = groups.get(group)
        if idx:
            ws.cell(row=1, column=idx[0], value=group)
            ws.merge_cells(start_row=1, start_column=idx[0], end_row=1, end_column=idx[-1])
    for row in (1, 2):
        ws.row_dimensions[row].height = 24 if row == 1 else 36
        for i in range(1, len(columns) + 1):
            cell = ws.cell(row=row, column=i)
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = CENTER
            cell.border = BORDER
    ws.freeze_panes = "C3"
    ws.print_title_rows = "1:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _header_label(name: str) -> str:
    # The official header carries these notes; the reader strips bracketed notes again.
    return {"责任事项": "责任事项\n（明确责任主体）", "追责情形": "追责情形\n（明确内部追责主体）"}.get(name, name)


def add_category_dropdown(ws: Worksheet, column: int, extra: tuple[str, ...] = ()) -> None:
    values = ",".join((*CATEGORIES, *LOCAL_CATEGORIES, *extra))
    letter = get_column_letter(column)
    dv = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True, showDropDown=False)
    dv.errorStyle = "warning"  # local categories outside the list are allowed after a warning
    dv.errorTitle = "权力分类"
    dv.error = "不在标准权力分类中，确定要使用吗？"
    dv.promptTitle = "权力分类"
    dv.prompt = "请从下拉列表选择"
    dv.add(f"{letter}3:{letter}1048576")
    ws.add_data_validation(dv)


def build_workbook(pl: PowerList | None) -> Workbook:
    """An openpyxl workbook holding ``pl`` (or an empty master workbook when ``pl`` is None)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = LIST_SHEET
    columns = list_columns(pl)
    write_header(ws, columns)
    add_category_dropdown(ws, columns.index("权力分类") + 1)
    if pl is not None:
        for r, record in enumerate(pl.records(), start=3):
            for i, name in enumerate(columns, start=1):
                value = record.get(name, "") or ""
                check_cell_text(value, where=f"第 {r - 2} 项“{name}”")
                cell = ws.cell(row=r, column=i, value=_typed(name, value))
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text starting with "=" must stay text, never a formula
                cell.alignment = WRAP_TOP
                cell.border = BORDER
                cell.font = BODY_FONT
    else:
        for r in range(3, 13):
            for i in range(1, len(columns) + 1):
                cell = ws.cell(row=r, column=i)
                cell.alignment = WRAP_TOP
                cell.border = BORDER
    write_notice_sheet(wb.create_sheet(NOTICE_SHEET), pl.notice if pl is not None else Notice())
    write_help_sheet(wb.create_sheet(HELP_SHEET))
    return wb


def _typed(column: str, value: str) -> object:
    # 序号 as a number so Excel does not flag "number stored as text"; codes stay text (leading zeros).
    if column == "序号" and value.isdigit() and len(value) < 10:
        return int(value)
    return value


def write_notice_sheet(ws: Worksheet, notice: Notice) -> None:
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 100
    ws.cell(row=1, column=1, value="字段").font = HEADER_FONT
    ws.cell(row=1, column=2, value="内容").font = HEADER_FONT
    for r, f in enumerate(NOTICE_FIELDS, start=2):
        value = getattr(notice, f.attr)
        check_cell_text(value, where=f"发文信息“{f.name}”")
        a = ws.cell(row=r, column=1, value=f.name)
        a.font = HEADER_FONT
        a.alignment = Alignment(vertical="top")
        b = ws.cell(row=r, column=2, value=value or None)
        b.alignment = WRAP_TOP
        if value:
            b.data_type = "s"
        if f.help:
            from openpyxl.comments import Comment

            a.comment = Comment(f.help, "qzqd")
    ws.freeze_panes = "B2"


def write_help_sheet(ws: Worksheet) -> None:
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 90
    lines = [
        ("填表说明", "", ""),
        ("", "", "1. 在“权责清单”工作表第 3 行起填写，每个事项一行；不要改动第 1、2 行表头。"),
        ("", "", "2. 一个单元格内有多段内容时，按 Alt+Enter（WPS 同样）换行，每段一条依据或一项责任。"),
        ("", "", "3. “发文信息”工作表填写通知的发文字号、标题、正文等，用于生成正式通知 PDF。"),
        ("", "", "4. 填好后运行“qzqd validate 文件.xlsx”检查，发现的问题会指明单元格位置。"),
        ("", "", ""),
        ("列名", "是否必填", "说明"),
    ]
    for c in (*COLUMNS, CODE_COLUMN):
        lines.append((c.name, "必填" if c.required else "选填", c.help))
    lines.append(("", "", ""))
    lines.append(("权力分类可选值", "", "、".join(CATEGORIES) + "；本地另有：" + "、".join(LOCAL_CATEGORIES)))
    for r, (a, b, c) in enumerate(lines, start=1):
        for i, v in enumerate((a, b, c), start=1):
            cell = ws.cell(row=r, column=i, value=v or None)
            cell.alignment = WRAP_TOP
            if r in (1, 7):
                cell.font = HEADER_FONT


def write_workbook(pl: PowerList, path: str | Path, *, force: bool = False) -> Path:
    """Write ``pl`` as a master workbook, atomically.

    >>> write_workbook(PowerList.from_records([{"序号": "1", "项目名称": "示例"}]), "/tmp/x.xlsx", force=True)  # doctest: +SKIP
    """
    path = Path(path)
    wb = build_workbook(pl)
    inputs = (pl.source.path,) if pl.source.path else ()
    with atomic_output(path, force=force, inputs=inputs) as tmp:
        wb.save(tmp)
    return path


def init_workbook(path: str | Path, *, force: bool = False) -> Path:
    """Write a new, empty master workbook that a clerk can fill in Excel or WPS.

    >>> init_workbook("/tmp/新主表.xlsx", force=True)  # doctest: +SKIP
    """
    path = Path(path)
    wb = build_workbook(None)
    with atomic_output(path, force=force) as tmp:
        wb.save(tmp)
    return path
