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
# The PDF's reason column grows with the share of the table's text its reasons hold: 22 mm (the plain diff's)
# when they are short, up to 48 mm when the law library's revision texts fill it (a wider column than needed
# squeezes 调整前/调整后 and adds pages: 15 % more on a 1,000-item revision with few reasons).
REASON_MM = (22.0, 48.0)


def print_css_for(rows: list[Row]) -> str:
    """The package's extra print CSS: the reason column's width, its type a point smaller.

    >>> print_css_for([])
    'col.c-content { width: 18mm; } col.c-reason { width: 22.0mm; } td.reason { font-size: 8pt; }'
    """
    reasons = sum(len(r.reason) for r in rows)
    text = sum(_weight(r) for r in rows) or 1
    low, high = REASON_MM
    width = round(min(high, max(low, low + 2.5 * 225 * reasons / text)), 1)
    return f"col.c-content {{ width: 18mm; }} col.c-reason {{ width: {width}mm; }} td.reason {{ font-size: 8pt; }}"


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


def comparison_rows(plan: Plan, *, show_format: bool = False) -> list[Row]:
    """The diff's rows with 调整类型 and 调整依据及理由 from the plan (the first row of a group carries them)."""
    rows = table_rows(plan.diff, show_format=show_format)
    reported = plan.diff.reported(show_format)
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
    from ..diff.xlsx import describe_list

    return f"{describe_list(plan.diff.old)} → {describe_list(plan.diff.new)}。调整 {summary.total} 项：{summary.kind_text()}"


def write_comparison(
    plan: Plan, summary: Summary, xlsx: Path, pdf: Path, *, draft: str = "", force: bool = False, inputs=()
) -> list[Path]:  # type: ignore[no-untyped-def]
    """Write the 调整对照表 as xlsx and PDF; ``draft`` (why it is a draft) marks both."""
    from ..diff.xlsx import build_xlsx

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
    html_options = {
        "title": title,
        "reason_header": REASON_HEADER,
        "draft": draft,
        "summary_text": f"调整前 {summary.before} 项，调整后 {summary.after} 项；本次调整 {summary.total} 项：{summary.kind_text()}",
    }
    write_pdf(plan, rows, pdf, html_options, force=force, inputs=inputs)
    return [xlsx, pdf]


# ---- the PDF, laid out in two processes when long -----------------------------------------------------------

# Below this many characters of 调整前/调整后 text (about 30 landscape pages) one process is quicker than two
# plus the join; above it WeasyPrint's layout (~0.2 s a page) dominates the whole package.
PARALLEL_MIN_CHARS = 60_000
NO_FOOTER = "@page { @bottom-center { content: none; } }"


def _weight(row: Row) -> int:
    return sum(len(t) for _, t in row.before) + sum(len(t) for _, t in row.after) + len(row.reason) + 100


def _can_fork() -> bool:
    """render's rule: fork available, one thread, not switched off (QZQD_NO_FORK=1), and a core idle — on a
    machine whose cores are all busy two layout processes finish no sooner than one."""
    from ..render.pdf import can_fork

    return can_fork()


def _layout(html: str, stylesheets: list[str], out: str) -> int:
    """Lay out ``html`` and write it as PDF (in a worker process); return its page count."""
    from ..render.pdf import render_document

    document = render_document(html, stylesheets=stylesheets)
    document.write_pdf(out)
    return len(document.pages)


def write_pdf(plan: Plan, rows: list[Row], pdf: Path, html_options: dict, *, force: bool = False, inputs=()) -> Path:  # type: ignore[no-untyped-def]
    """The 调整对照表 PDF. A long table is cut in two halves of about equal text, laid out in two forked
    processes, joined, and numbered afterwards from one overlay (“第 N 页 共 M 页” across the halves)."""
    from ..diff.html import print_css, render_html
    from ..render.pdf import html_to_pdf

    css = [print_css(), print_css_for(rows)]
    weights = [_weight(r) for r in rows]
    if sum(weights) < PARALLEL_MIN_CHARS or len(rows) < 2 or not _can_fork():
        return html_to_pdf(
            render_html(plan.diff, for_print=True, rows=rows, **html_options),
            pdf,
            stylesheets=css,
            force=force,
            inputs=inputs,
        )
    import multiprocessing
    import tempfile
    from concurrent.futures import ProcessPoolExecutor

    from pypdf import PdfReader, PdfWriter

    from ..render.build import balanced_bounds
    from ..render.stamp import stamp_page
    from ..render.wpffi import import_weasyprint

    import_weasyprint()  # before forking: the workers inherit it
    bounds = balanced_bounds(weights, 2)
    with tempfile.TemporaryDirectory(prefix="qzqd-adjust-") as tmpdir:
        tmp = Path(tmpdir)
        parts = [tmp / f"part-{k}.pdf" for k in range(len(bounds))]
        with ProcessPoolExecutor(max_workers=len(bounds), mp_context=multiprocessing.get_context("fork")) as pool:
            futures = []
            for k, ((a, b), out) in enumerate(zip(bounds, parts, strict=True)):
                html = render_html(
                    plan.diff, for_print=True, rows=rows[a:b], head=k == 0, tail=k == len(bounds) - 1, **html_options
                )
                futures.append(pool.submit(_layout, html, [*css, NO_FOOTER], str(out)))
            total = sum(f.result() for f in futures)
        folio = tmp / "folio.pdf"
        _layout(_folio_html(total), css, str(folio))
        writer = PdfWriter()
        overlays = iter(PdfReader(str(folio)).pages)
        for part in parts:
            for page in PdfReader(str(part)).pages:
                stamp_page(writer, writer.add_page(page), next(overlays))
        with atomic_output(pdf, force=force, inputs=inputs) as out_tmp, out_tmp.open("wb") as fh:
            writer.write(fh)
    return pdf


def _folio_html(pages: int) -> str:
    """``pages`` empty A4 landscape pages carrying only the report's page footer."""
    body = '<div style="break-after: page"></div>' * (pages - 1) + "<div></div>"
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>{body}</body></html>"
