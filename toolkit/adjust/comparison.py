"""The 调整对照表 of the package: the diff's table (xlsx and PDF) with each row's 调整类型 as the adjustment
names it (下放, 承接 …) and its 调整依据 and 调整理由 filled in the last column.

>>> write_comparison(plan, summary, "调整对照表.xlsx", "调整对照表.pdf", draft="")  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from ..diff.table import Row, table_rows
from ..fsutil import atomic_output
from .plan import Adjustment, Plan
from .summary import Summary

TITLE = "权责清单调整对照表"
REASON_HEADER = "调整依据及理由"
# The PDF gives the reason column room for the revision texts the law library fills in.
# The xlsx: 调整前/调整后 give room to the 调整依据及理由 column (the sum stays 134: A4 landscape, see diff.xlsx).
WIDTHS = (5, 5, 9, 11, 10, 9, 30, 30, 25)
PRINT_CSS = "col.c-content { width: 18mm; } col.c-reason { width: 48mm; } td.reason { font-size: 8pt; }"


def reason_text(a: Adjustment) -> str:
    """The last column's text: 依据, 理由 and (for 取消, 下放) 监管措施, each on its own line."""
    lines = []
    if a.basis:
        lines.append(f"依据：{a.basis}")
    if a.reason:
        lines.append(f"理由：{a.reason}")
    if a.supervision:
        lines.append(f"监管措施：{a.supervision}")
    if a.opinions:
        lines.append(f"部门意见：{a.opinions}")
    return "\n".join(lines)


def comparison_rows(plan: Plan) -> list[Row]:
    """The diff's rows with 调整类型 and 调整依据及理由 from the plan (the first row of a group carries them)."""
    rows = table_rows(plan.diff)
    reported = [it for it in plan.diff.reported() if not it.format_only]
    owner = {id(it): a for a in plan.adjustments for it in a.items}
    first: dict[int, int] = {}  # id(adjustment) -> 序号 of its first row
    for it, row in zip(reported, rows, strict=True):
        a = owner.get(id(it))
        if a is None:
            continue
        row.label = a.kind
        if id(a) not in first:
            row.reason = reason_text(a)
            first[id(a)] = row.seq
        else:
            row.reason = f"见第 {first[id(a)]} 行"
    return rows


def info_line(plan: Plan, summary: Summary) -> str:
    from ..diff.xlsx import _describe

    return f"{_describe(plan.diff.old)} → {_describe(plan.diff.new)}。调整 {summary.total} 项：{summary.kind_text()}"


def write_comparison(
    plan: Plan, summary: Summary, xlsx: Path, pdf: Path, *, draft: str = "", force: bool = False, inputs=()
) -> list[Path]:  # type: ignore[no-untyped-def]
    """Write the 调整对照表 as xlsx and PDF; ``draft`` (why it is a draft) marks both."""
    from ..diff.html import print_css, render_html
    from ..diff.xlsx import build_xlsx
    from ..render.pdf import html_to_pdf

    rows = comparison_rows(plan)
    title = TITLE + ("（草稿）" if draft else "")
    info = info_line(plan, summary) + (f"\n{draft}" if draft else "")
    header = ("序号", "调整类型", "权力分类", "项目名称", "子项名称", "调整内容", "调整前", "调整后", REASON_HEADER)
    wb = build_xlsx(plan.diff, title=title, rows=rows, header=header, info=info, widths=WIDTHS)
    if draft:
        ws = wb.active
        ws.row_dimensions[2].height = 44
        from openpyxl.styles import Font

        ws["A1"].font = Font(name="黑体", size=16, bold=True, color="FFC00000")
    with atomic_output(xlsx, force=force, inputs=inputs) as tmp:
        wb.save(tmp)
    html = render_html(
        plan.diff,
        for_print=True,
        title=title,
        rows=rows,
        reason_header=REASON_HEADER,
        draft=draft,
        summary_text=f"调整前 {summary.before} 项，调整后 {summary.after} 项；本次调整 {summary.total} 项：{summary.kind_text()}",
    )
    html_to_pdf(html, pdf, stylesheets=[print_css(), PRINT_CSS], force=force, inputs=inputs)
    return [xlsx, pdf]
