"""The two sheets a new revision's workbook carries for its adjustment: 调整说明 (the clerk's own words per
item: 调整类型, 依据, 理由, 监管措施 …) and 请示 (the covering request to the 编办: 签发人, 主送机关 …).

A separate sheet, not extra columns of 权责清单: a cancelled or handed-down item has no row in the new list,
yet its 理由 and 监管措施 must be written somewhere; the list sheet keeps the 13 catalogue columns the
notice publishes. Rows are matched to the adjustments by 事项编码, else by 项目名称 + 子项名称 (the old or
the new name), else by 序号. ``qzqd init`` and ``qzqd import`` write both sheets empty; ``qzqd
update-citations`` adds a 调整说明 row per item whose citations it rewrote.

>>> NOTE_COLUMNS[:5]
('序号', '事项编码', '项目名称', '子项名称', '调整类型')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl.comments import Comment
from openpyxl.styles import Alignment
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from ..model import NOTES_SHEET, REQUEST_SHEET, Finding, clean_cell
from ..xlsxstyle import BODY_FONT, BORDER, HEADER_FILL, HEADER_FONT, WRAP_TOP, row_height
from .kinds import KIND_NAMES, kind_name

# (column, width, help shown as the header cell's comment)
NOTE_LAYOUT: tuple[tuple[str, float, str], ...] = (
    ("序号", 6, "新版清单中的序号；取消、下放的事项写原序号。可留空（按项目名称对应）。"),
    ("事项编码", 12, "有事项编码时按编码对应，可留空。"),
    ("项目名称", 24, "事项的项目名称：新增、变更的写新名称，取消、下放、并入的写原名称。"),
    ("子项名称", 16, "有子项时填写。"),
    ("调整类型", 9, "新增、取消、变更、下放、承接、合并、拆分之一；留空时按两版比对结果认定。"),
    ("调整依据", 30, "调整依据的文件、文号和条款，如“《中华人民共和国保守国家秘密法》（主席令第20号）第五十二条”。"),
    ("调整理由", 30, "调整的原因，如法律修订、职能调整、上级下放。"),
    ("涉及部门意见", 16, "调整涉及其他部门时，写明征求意见情况。"),
    ("监管措施", 24, "取消、下放的事项必须填写取消或下放后的事中事后监管措施。"),
    ("备注", 12, "其他需要说明的情况。"),
)
NOTE_COLUMNS: tuple[str, ...] = tuple(c for c, _, _ in NOTE_LAYOUT)
NOTE_ALIASES: dict[str, str] = {
    "调整原因": "调整理由",
    "理由": "调整理由",
    "调整说明": "调整理由",
    "依据": "调整依据",
    "法律依据": "调整依据",
    "调整依据（文件、文号、条款）": "调整依据",
    "事中事后监管措施": "监管措施",
    "监管方式": "监管措施",
    "部门意见": "涉及部门意见",
    "相关部门意见": "涉及部门意见",
    "事项名称": "项目名称",
    "子项": "子项名称",
    "编码": "事项编码",
}

# The 请示 sheet: field (column A) -> help. Empty fields take defaults (see request.py).
REQUEST_FIELDS: tuple[tuple[str, str], ...] = (
    ("发文机关标志", "版头机关名称，如“××县××局文件”；留空时用发文信息中的发文机关标志。"),
    ("发文字号", "请示的发文字号，如“×呈〔2025〕1号”（上行文）。"),
    ("签发人", "上行文必须标注签发人姓名（GB/T 9704-2012 7.2.6），如“张三”。"),
    ("标题", "留空时为“关于调整××权责清单的请示”。"),
    ("主送机关", "只写一个主送机关，如“中共××县委机构编制委员会办公室”。"),
    ("正文", "留空时由调整情况自动生成；自己写时须以“妥否，请批示。”等请示语结尾。"),
    ("附件", "留空时列出调整对照表、调整申请表和调整后的权责清单。"),
    ("发文机关署名", "留空时用发文信息中的发文机关署名。"),
    ("成文日期", "如“2025年3月10日”；留空时为生成之日。"),
    ("联系人", "请示须注明联系人姓名和电话，排在成文日期下方的附注中。"),
    ("联系电话", "如“0773-6221234”。"),
)
REQUEST_FIELD_NAMES: tuple[str, ...] = tuple(name for name, _ in REQUEST_FIELDS)


@dataclass
class Note:
    """One row of the 调整说明 sheet."""

    row: int  # 1-based Excel row
    values: dict[str, str] = field(default_factory=dict)  # NOTE_COLUMNS -> cell text
    kind: str | None = None  # the 调整类型 it declares (normalised), None when empty or unknown

    def get(self, column: str) -> str:
        return self.values.get(column, "")

    @property
    def label(self) -> str:
        name = " ".join(x for x in (self.get("项目名称"), self.get("子项名称")) if x)
        return f"第 {self.row} 行（{name or self.get('序号') or '未写项目名称'}）"


@dataclass
class Sheets:
    """What the adjustment sheets of a workbook say, and the problems met reading them."""

    notes: list[Note] = field(default_factory=list)
    request: dict[str, str] = field(default_factory=dict)  # REQUEST_FIELDS name -> value
    findings: list[Finding] = field(default_factory=list)
    has_notes_sheet: bool = False
    has_request_sheet: bool = False


def _norm(text: object) -> str:
    return re.sub(r"\s+", "", str(text or ""))


def read_sheets(path: str | Path) -> Sheets:
    """The 调整说明 and 请示 sheets of a workbook (absent sheets read as empty).

    >>> read_sheets("workbooks/xingan-2025.xlsx").notes  # doctest: +SKIP
    []
    """
    from ..reading.xlsx import open_workbook

    wb = open_workbook(path)
    out = Sheets()
    try:
        names = {_norm(n): n for n in wb.sheet_names}
        if NOTES_SHEET in names:
            out.has_notes_sheet = True
            rows = wb.get_sheet_by_name(names[NOTES_SHEET]).to_python(skip_empty_area=False)
            _read_notes(rows, names[NOTES_SHEET], out)
        if REQUEST_SHEET in names:
            out.has_request_sheet = True
            rows = wb.get_sheet_by_name(names[REQUEST_SHEET]).to_python(skip_empty_area=False)
            _read_request(rows, names[REQUEST_SHEET], out)
    finally:
        wb.close()
    return out


def _cell(row: list[Any], i: int) -> str:
    return clean_cell(row[i]) if i < len(row) and row[i] is not None else ""


def _read_notes(rows: list[list[Any]], sheet: str, out: Sheets) -> None:
    from openpyxl.utils import get_column_letter

    header_at, columns = None, {}
    for r, row in enumerate(rows[:10]):
        found: dict[int, str] = {}
        for i, v in enumerate(row):
            name = _norm(v)
            name = NOTE_ALIASES.get(name, name)
            if name in NOTE_COLUMNS and name not in found.values():
                found[i] = name
        if "项目名称" in found.values() and len(found) >= 3:
            header_at, columns = r, found
            break
    if header_at is None:
        if any(_cell(row, i) for row in rows for i in range(len(row))):
            out.findings.append(
                Finding(
                    "QZ801",
                    "warning",
                    "找不到表头（应有“项目名称”“调整类型”“调整理由”等列），本表未读取。",
                    sheet=sheet,
                )
            )
        return
    for r in range(header_at + 1, len(rows)):
        row = rows[r]
        values = {name: _cell(row, i) for i, name in columns.items()}
        extra = [(i, _cell(row, i)) for i in range(len(row)) if i not in columns and _cell(row, i)]
        if not any(values.values()) and not extra:
            continue
        note = Note(r + 1, values)
        for i, text in extra:  # nothing lost: a cell outside the known columns is named
            out.findings.append(
                Finding(
                    "QZ802",
                    "warning",
                    f"单元格 {get_column_letter(i + 1)}{r + 1} 不在已知的列中（“{text[:20]}”），未使用。",
                    sheet=sheet,
                    row=r + 1,
                    cell=f"{get_column_letter(i + 1)}{r + 1}",
                )
            )
        kind_text = values.get("调整类型", "")
        if kind_text:
            note.kind = kind_name(kind_text)
            if note.kind is None:
                col = next(i for i, n in columns.items() if n == "调整类型")
                cell = f"{get_column_letter(col + 1)}{r + 1}"
                out.findings.append(
                    Finding(
                        "QZ803",
                        "warning",
                        f"调整类型“{kind_text}”不是{'、'.join(KIND_NAMES)}之一，按比对结果认定。",
                        sheet=sheet,
                        row=r + 1,
                        cell=cell,
                    )
                )
        out.notes.append(note)


def _read_request(rows: list[list[Any]], sheet: str, out: Sheets) -> None:
    known = set(REQUEST_FIELD_NAMES)
    for r, row in enumerate(rows):
        label = _norm(row[0]) if row else ""
        value = _cell(row, 1)
        if not label or label == "字段":
            continue
        if label in known:
            out.request[label] = value
        elif value:
            out.findings.append(
                Finding(
                    "QZ804",
                    "warning",
                    f"字段“{label}”不是请示的字段（{'、'.join(REQUEST_FIELD_NAMES)}），未使用。",
                    sheet=sheet,
                    row=r + 1,
                    cell=f"A{r + 1}",
                )
            )


# ---- writing ---------------------------------------------------------------------------------------------


def write_notes_sheet(ws: Worksheet, notes: list[dict[str, str]] | None = None) -> None:
    """The 调整说明 sheet: header with help comments, a 调整类型 drop-down, and ``notes`` (dicts by column)."""
    from openpyxl.utils import get_column_letter

    from ..writer import PAPER_A3, print_setup  # here: writer adds these sheets to every master workbook

    print_setup(ws, paper=PAPER_A3, landscape=True)  # ten columns: A4 would print them below 8 pt

    for i, (name, width, help_text) in enumerate(NOTE_LAYOUT, start=1):
        cell = ws.cell(row=1, column=i, value=name)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.comment = Comment(help_text, "qzqd", width=260, height=90)
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.row_dimensions[1].height = 24
    ws.freeze_panes = "A2"
    letter = get_column_letter(NOTE_COLUMNS.index("调整类型") + 1)
    dv = DataValidation(type="list", formula1=f'"{",".join(KIND_NAMES)}"', allow_blank=True)
    dv.errorStyle = "warning"
    dv.error = "调整类型应为" + "、".join(KIND_NAMES) + "之一。"
    dv.add(f"{letter}2:{letter}1048576")
    ws.add_data_validation(dv)
    for note in notes or []:
        append_note(ws, note)


def append_note(ws: Worksheet, note: dict[str, str]) -> int:
    """Add one row to a 调整说明 sheet written by :func:`write_notes_sheet` (or by a clerk with its header)."""
    r = max(ws.max_row, 1) + 1
    while r > 2 and not any(ws.cell(row=r - 1, column=c).value for c in range(1, len(NOTE_COLUMNS) + 1)):
        r -= 1
    for i, name in enumerate(NOTE_COLUMNS, start=1):
        value = note.get(name, "")
        cell = ws.cell(row=r, column=i, value=value or None)
        if value:
            cell.data_type = "s"  # never a formula
        cell.font = BODY_FONT
        cell.border = BORDER
        cell.alignment = WRAP_TOP
    widths = {n: w for n, w, _ in NOTE_LAYOUT}
    ws.row_dimensions[r].height = row_height([(note.get(n, ""), widths[n]) for n in NOTE_COLUMNS])
    return r


def write_request_sheet(ws: Worksheet, values: dict[str, str] | None = None) -> None:
    """The 请示 sheet: column A the field names (with help comments), column B their values."""
    from ..writer import PAPER_A4, print_setup  # here: writer adds these sheets to every master workbook

    print_setup(ws, paper=PAPER_A4, landscape=False)
    values = values or {}
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 14, 70
    for i, text in enumerate(("字段", "内容"), start=1):
        cell = ws.cell(row=1, column=i, value=text)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
    for r, (name, help_text) in enumerate(REQUEST_FIELDS, start=2):
        a = ws.cell(row=r, column=1, value=name)
        a.font = HEADER_FONT
        a.border = BORDER
        a.comment = Comment(help_text, "qzqd", width=260, height=80)
        value = values.get(name, "")
        b = ws.cell(row=r, column=2, value=value or None)
        if value:
            b.data_type = "s"
        b.font = BODY_FONT
        b.border = BORDER
        b.alignment = WRAP_TOP
    ws.freeze_panes = "B2"


def add_adjust_sheets(wb: Any) -> None:
    """Add empty 调整说明 and 请示 sheets to an openpyxl workbook that lacks them (init, import)."""
    if NOTES_SHEET not in wb.sheetnames:
        write_notes_sheet(wb.create_sheet(NOTES_SHEET))
    if REQUEST_SHEET not in wb.sheetnames:
        write_request_sheet(wb.create_sheet(REQUEST_SHEET))


def record_notes(wb: Any, notes: list[dict[str, str]]) -> None:
    """Add ``notes`` to the workbook's 调整说明 sheet (created when missing). A row for the same item (项目名称
    and 子项名称) that exists already only has its empty cells filled: the clerk's words are never replaced."""
    if not notes:
        return
    if NOTES_SHEET not in wb.sheetnames:
        write_notes_sheet(wb.create_sheet(NOTES_SHEET))
    ws = wb[NOTES_SHEET]
    header = {_norm(ws.cell(row=1, column=c).value): c for c in range(1, ws.max_column + 1)}
    header = {NOTE_ALIASES.get(k, k): v for k, v in header.items()}
    if "项目名称" not in header:  # a sheet of the clerk's own without our header: add ours below it
        for note in notes:
            append_note(ws, note)
        return
    existing: dict[tuple[str, str], int] = {}
    for r in range(2, ws.max_row + 1):
        key = (
            _norm(ws.cell(row=r, column=header["项目名称"]).value),
            _norm(ws.cell(row=r, column=header.get("子项名称", 0) or 1).value) if "子项名称" in header else "",
        )
        existing.setdefault(key, r)
    for note in notes:
        key = (_norm(note.get("项目名称")), _norm(note.get("子项名称")))
        found_row = existing.get(key)
        if found_row is None:
            append_note(ws, note)
            continue
        r = found_row
        for name, value in note.items():
            c = header.get(name)
            if c is not None and value and not ws.cell(row=r, column=c).value:
                cell = ws.cell(row=r, column=c, value=value)
                cell.data_type = "s"
