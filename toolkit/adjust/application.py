"""The 调整申请表: one row per adjustment, with the unit and date block and the summary, as an xlsx a clerk
can still edit (and print on A4 landscape).

>>> write_application(plan, summary, "调整申请表.xlsx", unit="兴安县国家保密局", date="2025年3月18日")  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..fsutil import atomic_output
from ..model import Finding
from ..writer import ILLEGAL_CHARS_RE, PAPER_A4, print_setup
from ..xlsxstyle import BODY_FONT, BORDER, CENTER, HEADER_FILL, HEADER_FONT, WRAP_TOP, row_height
from .plan import Plan
from .summary import Summary

TITLE = "权责清单调整申请表"
COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 4),
    ("事项编码", 9),
    ("权力分类", 7),
    ("项目名称", 16),
    ("子项名称", 8),
    ("调整类型", 6),
    ("调整内容", 16),
    ("调整依据（文件、文号、条款）", 22),
    ("调整理由", 24),
    ("涉及部门意见", 8),
    ("监管措施", 12),
    ("备注", 7),
)
HEADER_ROW = 4  # 1 title, 2 unit and date, 3 summary
AUTO_NOTE = "（qzqd 按法律库填写，请核对）"
RED = "FFC00000"


def _clean(text: str) -> str:
    return ILLEGAL_CHARS_RE.sub("\ufffd", text)


def application_rows(plan: Plan) -> list[list[str]]:
    """The table's rows, as text (what the tests and --check read back)."""
    rows = []
    for n, a in enumerate(plan.adjustments, start=1):
        basis = a.basis + (AUTO_NOTE if "basis" in a.auto else "")
        reason = a.reason + (AUTO_NOTE if "reason" in a.auto else "")
        rows.append(
            [
                str(n),
                a.code,
                a.category,
                a.name,
                a.subitem,
                a.kind,
                a.content,
                basis,
                reason,
                a.opinions,
                a.supervision,
                a.remarks,
            ]
        )
    return rows


def build_application(
    plan: Plan, summary: Summary, *, unit: str, date: str, draft: list[Finding] | None = None
) -> Workbook:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "调整申请表"
    last = get_column_letter(len(COLUMNS))
    ws.merge_cells(f"A1:{last}1")
    title = ws.cell(row=1, column=1, value=f"{unit}{TITLE}" + ("（草稿）" if draft else ""))
    title.font = Font(name="黑体", size=16, bold=True, color=RED if draft else None)
    title.alignment = CENTER
    ws.row_dimensions[1].height = 30
    mid = 7
    ws.merge_cells(f"A2:{get_column_letter(mid)}2")
    ws.merge_cells(f"{get_column_letter(mid + 1)}2:{last}2")
    a = ws.cell(row=2, column=1, value=_clean(f"填报单位（盖章）：{unit}"))
    b = ws.cell(row=2, column=mid + 1, value=_clean(f"填报日期：{date}"))
    for c in (a, b):
        c.font = BODY_FONT
        c.data_type = "s"
    b.alignment = Alignment(horizontal="right", vertical="center")
    ws.merge_cells(f"A3:{last}3")
    text = (
        f"调整前 {summary.before} 项，调整后 {summary.after} 项；本次调整 {summary.total} 项：{summary.kind_text()}。"
    )
    text += f"按权力分类（调整前→调整后）：{summary.category_text()}。"
    s = ws.cell(row=3, column=1, value=_clean(text))
    s.font = BODY_FONT
    s.alignment = Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[3].height = 34
    for i, (name, width) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=HEADER_ROW, column=i, value=name)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = CENTER
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.row_dimensions[HEADER_ROW].height = 44
    r = HEADER_ROW
    for r, values in enumerate(application_rows(plan), start=HEADER_ROW + 1):
        for i, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=i, value=_clean(value) or None)
            if value:
                cell.data_type = "s"  # never a formula
            cell.font = BODY_FONT
            cell.border = BORDER
            cell.alignment = CENTER if i in (1, 2, 3, 6) else WRAP_TOP
        ws.row_dimensions[r].height = row_height([(v, w) for v, (_, w) in zip(values, COLUMNS, strict=True)])
    r += 2
    ws.merge_cells(f"A{r}:{last}{r}")
    ws.cell(row=r, column=1, value="单位负责人：　　　　　　　　经办人：　　　　　　　　联系电话：").font = BODY_FONT
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    print_setup(ws, paper=PAPER_A4, landscape=True)
    if draft:
        _draft_sheet(wb, draft)
    return wb


def _draft_sheet(wb: Workbook, problems: list[Finding]) -> None:
    ws = wb.create_sheet("待完善事项")
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width, ws.column_dimensions["C"].width = 8, 8, 110
    for i, name in enumerate(("代码", "级别", "内容"), start=1):
        cell = ws.cell(row=1, column=i, value=name)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for r, f in enumerate(problems, start=2):
        ws.cell(row=r, column=1, value=f.code)
        ws.cell(row=r, column=2, value="须完善" if f.severity == "error" else "提示")
        cell = ws.cell(row=r, column=3, value=_clean(f.place_text()))
        cell.data_type = "s"
        cell.alignment = WRAP_TOP
        ws.row_dimensions[r].height = row_height([(f.place_text(), 110)])


def write_application(
    plan: Plan,
    summary: Summary,
    path: Path,
    *,
    unit: str,
    date: str,
    draft: list[Finding] | None = None,
    force: bool = False,
    inputs: tuple[Path, ...] = (),
) -> Path:
    wb = build_application(plan, summary, unit=unit, date=date, draft=draft)
    with atomic_output(path, force=force, inputs=inputs) as tmp:
        wb.save(tmp)
    return path
