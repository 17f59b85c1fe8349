"""Write the master workbook: official two-row header, 发文信息 and 填表说明 sheets, Excel/WPS friendly."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from .errors import UsageError
from .fsutil import atomic_output, check_output
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
from .reading.catalogue import CATALOGUE_KIND, KIND_LABEL
from .reading.grid import EXCEL_CELL_LIMIT, ILLEGAL_CHARS_RE, check_cell_text
from .xlsxstyle import BODY_FONT, BORDER, CENTER, HEADER_FILL, HEADER_FONT, WRAP_TOP, row_height

__all__ = [
    "build_workbook",
    "write_workbook",
    "init_workbook",
    "check_cell_text",
    "EXCEL_CELL_LIMIT",
    "ILLEGAL_CHARS_RE",
]

CENTER_TOP = Alignment(wrap_text=True, vertical="top", horizontal="center")
BLANK_ROWS = 200  # rows of an empty master workbook that carry the body style
# Narrow columns print centred; the rest wrap top-left.
_CENTERED = {"序号", "权力分类", "事项编码"}

# Print layout. Every sheet prints fit to the page width only (as many pages down as needed), so the printed
# type size is the page's printable width divided by the sheet's total column width. A column width unit is
# the digit width of the workbook's default font (Calibri 11): about 5.3 pt in Excel and WPS, but about 7 pt
# in LibreOffice on machines without Calibri (it falls back to DejaVu Sans). The widths below keep 10 pt
# body text at 8 pt or more in print even with the wider unit (and at 100 % in Excel):
#   A3 landscape, printable 1133 pt: at most ~200 units (the 13 columns take 186, 198 with 事项编码);
#   A4 landscape, printable  784 pt: at most ~139 units;
#   A4 portrait,  printable  538 pt: at most  ~95 units.
PAPER_A3 = 8  # OOXML paperSize codes
PAPER_A4 = 9
MARGIN_SIDE = 0.4  # inches
MARGIN_TOP = 0.6
MARGIN_BOTTOM = 0.75
MARGIN_FOOTER = 0.3  # LibreOffice gives the footer only bottom - footer margin; 0.45 in holds the page number
FOOTER_TEXT = "第 &P 页，共 &N 页"
# The 权责清单 sheet prints on A3 landscape: 13 columns of legal text do not fit A4 at a readable size.
_WIDTHS = {
    "序号": 5,
    "权力分类": 9,
    "项目名称": 12,
    "子项名称": 10,
    "实施主体": 10,
    "承办的内设机构": 8,
    "实施依据": 26,
    "责任事项": 22,
    "责任事项依据": 24,
    "追责情形": 20,
    "追责依据": 24,
    "免责事项": 10,
    "备注": 6,
    "事项编码": 12,
}
NOTICE_WIDTHS = (14, 76)  # 发文信息 A:B, A4 portrait
HELP_WIDTHS = (14, 8, 68)  # 填表说明 A:C, A4 portrait


# Help for notice fields whose model entry carries none.
def list_columns(pl: PowerList | None) -> list[str]:
    """The columns of the 权责清单 sheet: the 13 standard ones, 事项编码 when the list has codes, then the
    list's extra columns under their own headers (carried from the source, never dropped)."""
    cols = [c.name for c in COLUMNS]
    if pl is not None and pl.has_code:
        cols.append(CODE_COLUMN.name)
    if pl is not None:
        cols.extend(pl.extra_columns)
    return cols


EXTRA_WIDTH = 16


def column_width(name: str) -> float:
    col = COLUMN_BY_NAME.get(name)
    return _WIDTHS.get(name, col.width if col is not None else EXTRA_WIDTH)


def write_header(ws: Worksheet, columns: list[str]) -> None:
    """The official two-row header: 序号 | 权力分类 | 权力清单 ×5 | 责任清单 ×5 | 备注 (| 事项编码)."""
    groups: dict[str, list[int]] = {}
    for i, name in enumerate(columns, start=1):
        col = COLUMN_BY_NAME.get(name)  # None: an extra column, a stand-alone header like 备注
        ws.column_dimensions[get_column_letter(i)].width = column_width(name)
        if col is not None and col.group:
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
        ws.row_dimensions[row].height = 22 if row == 1 else 42
        for i in range(1, len(columns) + 1):
            cell = ws.cell(row=row, column=i)
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.alignment = CENTER
            cell.border = BORDER
    ws.freeze_panes = "C3"
    ws.print_title_rows = "1:2"
    print_setup(ws, paper=PAPER_A3, landscape=True)


def print_setup(ws: Worksheet, *, paper: int, landscape: bool) -> None:
    """Fit to the page width (pages run down as far as needed), centred, page number in the footer."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = paper
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = MARGIN_SIDE
    ws.page_margins.top = MARGIN_TOP
    ws.page_margins.bottom = MARGIN_BOTTOM
    ws.page_margins.header = ws.page_margins.footer = MARGIN_FOOTER
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = FOOTER_TEXT


def _header_label(name: str) -> str:
    # The official header carries these notes; the reader strips bracketed notes again.
    return {"责任事项": "责任事项\n（明确责任主体）", "追责情形": "追责情形\n（明确内部追责主体）"}.get(name, name)


def add_category_dropdown(ws: Worksheet, column: int, extra: tuple[str, ...] = ()) -> None:
    """The 权力分类 drop-down: the ten national categories (plus ``extra``), as `qzqd validate` accepts them.

    Local categories are left out of the list because validate warns about them (QZ105) unless allowed with
    --category; the check is a warning, not a stop, so a clerk can still type one after confirming.
    """
    values = ",".join((*CATEGORIES, *extra))
    letter = get_column_letter(column)
    dv = DataValidation(type="list", formula1=f'"{values}"', allow_blank=True, showDropDown=False)
    dv.errorStyle = "warning"
    dv.errorTitle = "权力分类"
    dv.error = (
        "不在全国十类权力分类中。本地确有此分类（如" + "、".join(LOCAL_CATEGORIES) + "）时可以继续使用，"
        "检查时加参数 --category 分类名。确定要使用吗？"
    )
    dv.promptTitle = "权力分类"
    dv.prompt = "从下拉列表选择全国十类之一；本地另有分类见“填表说明”。"
    dv.showErrorMessage = True
    dv.showInputMessage = True
    dv.add(f"{letter}3:{letter}1048576")
    ws.add_data_validation(dv)


def build_workbook(pl: PowerList | None, *, notice: Notice | None = None) -> Workbook:
    """An openpyxl workbook holding ``pl`` (or an empty master workbook when ``pl`` is None).

    >>> build_workbook(None).sheetnames
    ['权责清单', '发文信息', '填表说明', '调整说明', '请示']
    """
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = LIST_SHEET
    columns = list_columns(pl)
    write_header(ws, columns)
    add_category_dropdown(ws, columns.index("权力分类") + 1)
    if pl is not None:
        _write_items(ws, pl, columns)
    else:
        for r in range(3, 3 + BLANK_ROWS):
            for i, name in enumerate(columns, start=1):
                cell = ws.cell(row=r, column=i)
                _style_body(cell, name)
                if name == CODE_COLUMN.name:
                    cell.number_format = "@"  # codes keep their leading zeros
    write_notice_sheet(
        wb.create_sheet(NOTICE_SHEET),
        pl.notice if pl is not None else (notice or Notice()),
        catalogue=pl is not None and pl.catalogue,
    )
    write_help_sheet(wb.create_sheet(HELP_SHEET))
    from .adjust.sheets import add_adjust_sheets

    add_adjust_sheets(wb)  # 调整说明 and 请示: where the next annual adjustment is written down (qzqd adjust)
    return wb


def _style_body(cell: object, name: str) -> None:
    cell.alignment = CENTER_TOP if name in _CENTERED else WRAP_TOP  # type: ignore[attr-defined]
    cell.border = BORDER  # type: ignore[attr-defined]
    cell.font = BODY_FONT  # type: ignore[attr-defined]


def _write_items(ws: Worksheet, pl: PowerList, columns: list[str]) -> None:
    widths = [column_width(n) for n in columns]
    for idx, record in enumerate(pl.records()):
        r = idx + 3
        for i, name in enumerate(columns, start=1):
            value = record.get(name, "") or ""
            if ILLEGAL_CHARS_RE.search(value) or len(value) > EXCEL_CELL_LIMIT:
                src_row, src_cell = pl.cell_ref(idx, name)
                seq = record.get("序号") or str(idx + 1)
                check_cell_text(
                    value,
                    where=f"第 {idx + 1} 项（序号 {seq}）的“{name}”",
                    path=pl.source.path,
                    sheet=pl.source.sheet or None,
                    cell=src_cell,
                )
            cell = ws.cell(row=r, column=i, value=_typed(name, value))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text starting with "=" must stay text, never a formula
            _style_body(cell, name)
        # An item whose longest cell needs more than Excel's 409 pt row (about 30 lines, e.g. a 责任事项依据
        # of 1,000 characters) is cut off in view and print whatever the height: one item must stay one
        # row for qzqd and other tools to read the workbook back, and wider columns would shrink the print.
        # The row then gets the full 409 pt and top-aligned cells, so the beginning of every cell shows;
        # the whole text is in the cell (formula bar) and in the PDF `qzqd render` typesets.
        ws.row_dimensions[r].height = row_height(
            [(record.get(n, "") or "", w) for n, w in zip(columns, widths, strict=True)]
        )


def _typed(column: str, value: str) -> object:
    # 序号 as a number so Excel does not flag "number stored as text"; codes stay text (leading zeros).
    if column == "序号" and value.isdigit() and len(value) < 10:
        return int(value)
    return value


def write_notice_sheet(ws: Worksheet, notice: Notice, *, catalogue: bool = False) -> None:
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = NOTICE_WIDTHS
    for i, text in enumerate(("字段", "内容"), start=1):
        cell = ws.cell(row=1, column=i, value=text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
    for r, f in enumerate(NOTICE_FIELDS, start=2):
        value = getattr(notice, f.attr)
        check_cell_text(value, where=f"发文信息“{f.name}”")
        a = ws.cell(row=r, column=1, value=f.name)
        a.font = HEADER_FONT
        a.alignment = Alignment(vertical="top")
        a.border = BORDER
        b = ws.cell(row=r, column=2, value=value or None)
        b.alignment = WRAP_TOP
        b.font = BODY_FONT
        b.border = BORDER
        if value:
            b.data_type = "s"
            ws.row_dimensions[r].height = row_height([(value, NOTICE_WIDTHS[1])])
        if f.help:
            a.comment = Comment(f.help, "qzqd", width=260, height=80)
    if catalogue:
        # A setting, not a notice field: the list is a 目录 (qzqd reads it back as PowerList.catalogue).
        r = len(NOTICE_FIELDS) + 2
        a = ws.cell(row=r, column=1, value=KIND_LABEL)
        a.font = HEADER_FONT
        a.border = BORDER
        a.comment = Comment(CATALOGUE_HELP, "qzqd", width=260, height=80)
        b = ws.cell(row=r, column=2, value=CATALOGUE_KIND)
        b.font = BODY_FONT
        b.border = BORDER
    ws.freeze_panes = "B2"
    print_setup(ws, paper=PAPER_A4, landscape=False)


CATALOGUE_HELP = "这份清单是目录（只列事项，没有实施依据、责任事项等）：检查时不要求这些内容。完整的清单请删除这一行。"


def write_help_sheet(ws: Worksheet) -> None:
    for letter, width in zip("ABC", HELP_WIDTHS, strict=True):
        ws.column_dimensions[letter].width = width
    lines = [
        ("填表说明", "", ""),
        ("", "", "1. 在“权责清单”工作表第 3 行起填写，每个事项一行；不要改动第 1、2 行表头。"),
        ("", "", "2. 一个单元格内有多段内容时，按 Alt+Enter（WPS 同样）换行，每段一条依据或一项责任。"),
        (
            "",
            "",
            "3. “权力分类”列点击单元格右侧的下拉箭头，从全国十类中选择。本地另有分类（如"
            + "、".join(LOCAL_CATEGORIES)
            + "）时可直接输入，确认提示后保留；检查时加参数 --category 分类名，例如"
            "“qzqd validate 主表.xlsx --category 公共服务”，否则会提示“地方权力分类”。",
        ),
        ("", "", "4. 同一主项下有多个子项时，每个子项占一行；“项目名称”可以合并单元格，也可以每行重复填写。"),
        ("", "", "5. “发文信息”工作表填写通知的发文字号、标题、正文等，用于生成正式通知 PDF。"),
        ("", "", "6. 填好后运行“qzqd validate 文件.xlsx”检查，发现的问题会指明单元格位置。"),
        ("", "", ""),
        ("列名", "是否必填", "说明"),
    ]
    header_row = len(lines)
    for col in (*COLUMNS, CODE_COLUMN):
        lines.append((col.name, "必填" if col.required else "选填", col.help))
    lines.append(("", "", ""))
    lines.append(
        (
            "权力分类可选值",
            "",
            "全国十类："
            + "、".join(CATEGORIES)
            + "。本地分类（"
            + "、".join(LOCAL_CATEGORIES)
            + "等）须在检查时用 --category 允许。",
        )
    )
    for r, (a, b, text) in enumerate(lines, start=1):
        for i, v in enumerate((a, b, text), start=1):
            cell = ws.cell(row=r, column=i, value=v or None)
            cell.alignment = WRAP_TOP
            cell.font = HEADER_FONT if r in (1, header_row) or (i == 1 and v) else BODY_FONT
            if r >= header_row and (a or text):
                cell.border = BORDER
                if r == header_row:
                    cell.fill = HEADER_FILL
        ws.row_dimensions[r].height = row_height([(text, HELP_WIDTHS[2])])
    ws.cell(row=1, column=1).font = Font(name="黑体", bold=True, size=14)
    print_setup(ws, paper=PAPER_A4, landscape=False)


def _xlsx_path(path: str | Path) -> Path:
    # openpyxl writes .xlsx content whatever the name; under .xls or no suffix Excel, WPS and qzqd itself
    # would later take it for another format.
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"主表工作簿的文件名必须以 .xlsx 结尾，例如“{path.stem or '主表'}.xlsx”。", path=path)
    return path


def write_workbook(pl: PowerList, path: str | Path, *, force: bool = False) -> Path:
    """Write ``pl`` as a master workbook, atomically (never over its own source, never half-written).

    >>> write_workbook(PowerList.from_records([{"序号": "1", "项目名称": "示例"}]), "/tmp/x.xlsx", force=True)  # doctest: +SKIP
    """
    path = _xlsx_path(path)
    inputs = (pl.source.path,) if pl.source.path else ()
    check_output(path, force=force, inputs=inputs)  # fail before the (slow) build
    wb = build_workbook(pl)
    with atomic_output(path, force=force, inputs=inputs) as tmp:
        wb.save(tmp)
    return path


def init_workbook(path: str | Path, *, force: bool = False, profile: str = "") -> Path:
    """Write a new, empty master workbook that a clerk can fill in Excel or WPS; ``profile`` fills the
    发文信息 field 检查规则 (the rules validate applies, see toolkit/validate/profile.py).

    >>> init_workbook("/tmp/新主表.xlsx", force=True)  # doctest: +SKIP
    """
    path = _xlsx_path(path)
    wb = build_workbook(None, notice=Notice(profile=profile))
    with atomic_output(path, force=force) as tmp:
        wb.save(tmp)
    return path
