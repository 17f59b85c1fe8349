"""Render a PowerList as the formal notice PDF (and its HTML preview), in one process or in parallel parts.

Small lists are laid out as one WeasyPrint document. Long lists are cut into chunks of items laid out in
worker processes; the parts are then joined into one PDF. Page numbers of the table chunks are stamped
afterwards (a chunk cannot know its first page number before the chunks before it are laid out), from one
overlay document numbered continuously after the notice.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import QzqdError
from ..fsutil import atomic_output, check_output
from ..model import PowerList
from .fonts import FontChoice, resolve_fonts
from .html import (
    NoticeContext,
    Part,
    build_context,
    chunk_bounds,
    folio_overlay_html,
    part_html,
    table_rows,
    whole_html,
)
from .layout import LAND_TYPE_W

Progress = Callable[[str, int, int], None]  # (phase, done, total)

# Parallel layout pays from ~20 table pages. Below that each worker's fixed costs (its own font subsets,
# the page-number overlay, the join) eat the gain: the 13-page sample measured no faster on a loaded
# 2-core machine (+0.6 s CPU), a chunk boundary leaves a part-empty page, and spawn (Windows) re-imports.
PARALLEL_MIN_ITEMS = 2
PARALLEL_MIN_PAGES = 20  # estimated table pages (see _pages_estimate)
CHUNK_PAGES_TARGET = 60  # pages per chunk: few enough joins, fine enough progress
OVERLAY_MIN_PAGES = 40  # page-number overlays shorter than this are laid out in one piece


class RenderError(QzqdError):
    """The PDF could not be produced (exit 2)."""


@dataclass(frozen=True)
class RenderResult:
    pdf: Path
    html: Path | None
    pages: int
    items: int
    seconds: float
    jobs: int


def check_output_suffixes(pdf_path: str | Path, html_path: str | Path | None = None) -> None:
    """Refuse a PDF path not ending in .pdf, an HTML preview path not ending in .html/.htm (UsageError).

    :func:`render` checks it; the CLI checks first, before reading the workbook.
    """
    from ..errors import UsageError

    if Path(pdf_path).suffix.lower() != ".pdf":
        raise UsageError("输出文件必须以 .pdf 结尾。", path=pdf_path)
    if html_path is not None and Path(html_path).suffix.lower() not in (".html", ".htm"):
        raise UsageError("HTML 预览文件必须以 .html 结尾。", path=html_path)


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def render(
    pl: PowerList,
    pdf_path: str | Path,
    html_path: str | Path | None = None,
    *,
    fonts: Mapping[str, FontChoice] | None = None,
    font_overrides: Mapping[str, str] | None = None,
    jobs: int | None = None,
    chunk_items: int | None = None,
    force: bool = False,
    inputs: tuple[Path, ...] = (),
    progress: Progress | None = None,
    list_only: bool = False,
    extra_columns: bool = False,
    landscape: bool | None = None,
) -> RenderResult:
    """Typeset ``pl`` (notice + attachment table) as a GB/T 9704 PDF, and optionally its HTML preview.

    ``jobs`` worker processes lay out long tables in parallel (default: the machine's cores);
    ``chunk_items`` forces the chunk size (tests use it to exercise the parallel path on small lists).
    ``list_only``: the list alone under its title (no notice, so none is needed; no 版记).
    ``extra_columns``: print the list's extra columns (kept from the source under their own headers) after 备注.
    ``landscape``: the table on landscape pages (for reading on screen, copying text) instead of turned on
    portrait pages that keep the notice's page numbers (GB/T 9704 §8, for printing and binding). Default:
    turned with the notice, landscape for the list alone (no portrait pages to match).

    >>> from toolkit import read_workbook
    >>> render(read_workbook("workbooks/xingan-2022.xlsx"), "output/xingan-2022.pdf")  # doctest: +SKIP
    RenderResult(pdf=PosixPath('output/xingan-2022.pdf'), ...)
    """
    from .checks import check_notice

    start = time.perf_counter()
    check_output_suffixes(pdf_path, html_path)
    if list_only:
        if not len(pl):
            raise RenderError("清单中没有事项，没有可以排版的内容。", path=pl.source.path)
    else:
        check_notice(pl)  # before any output: no notice, no formal notice
    pdf_path = Path(pdf_path)
    html_out = Path(html_path) if html_path is not None else None
    check_output(pdf_path, force=force, inputs=inputs)
    if html_out is not None:
        check_output(html_out, force=force, inputs=inputs)
        if html_out.resolve() == pdf_path.resolve():
            raise RenderError("PDF 和 HTML 不能写到同一个文件。", path=pdf_path)
    landscape = list_only if landscape is None else landscape
    fonts = fonts if fonts is not None else resolve_fonts(font_overrides)
    rows = table_rows(pl, extra=extra_columns)
    jobs = max(1, jobs if jobs is not None else default_jobs())
    n = len(rows)
    report = progress or (lambda phase, done, total: None)
    made: dict[str, Any] = {}

    def context() -> NoticeContext:  # widths, lines and pages: computed once, when needed
        if "ctx" not in made:
            made["ctx"] = build_context(pl, fonts, rows, list_only=list_only, extra=extra_columns, landscape=landscape)
        return made["ctx"]

    def make_html() -> str:  # the whole document's HTML, also written as the preview once the PDF is
        if "html" not in made:
            made["html"] = whole_html(context())
        return made["html"]

    parallel = n > 0 and (
        chunk_items is not None
        or (jobs > 1 and n >= PARALLEL_MIN_ITEMS and _pages_estimate(rows) >= PARALLEL_MIN_PAGES)
    )
    if parallel:
        ctx = context()
        bounds = chunk_bounds(n, chunk_items) if chunk_items else _chunks(ctx, jobs)
        pages = _render_parallel(ctx, pdf_path, jobs=jobs, bounds=bounds, force=force, inputs=inputs, report=report)
        used = jobs
    else:
        report("排版", 0, n)
        from .pdf import can_fork

        counted, used = None, 1
        # A short document's objects are few: the collector would only rescan them (~0.2 s of a small render).
        pause = gc_paused() if _pages_estimate(rows) < PARALLEL_MIN_PAGES else contextlib.nullcontext()
        with pause:
            if jobs > 1 and can_fork():
                from .worker import render_in_worker

                counted = render_in_worker(make_html, pdf_path, force=force, inputs=inputs)
                used = 1 if counted is None else 2
            if counted is None:
                from .html import lay_out
                from .pdf import write_document

                document = lay_out(make_html())
                write_document(document, pdf_path, force=force, inputs=inputs)
                counted = len(document.pages)
                del document
        report("排版", n, n)
        pages = counted
    if html_out is not None:
        # Only after the PDF: an interrupted or failed render leaves neither (a preview without its PDF
        # looks like a finished job).
        with atomic_output(html_out, force=force, inputs=inputs) as tmp:
            tmp.write_text(make_html(), encoding="utf-8")
    return RenderResult(pdf_path, html_out, pages, n, time.perf_counter() - start, used)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside (forked children inherit the pause); restored on the way out."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _item_weights(rows: list[list[list[str]]]) -> list[int]:
    """Layout cost of each item, about its characters (+50 for borders and padding)."""
    return [sum(len(p) for cell in row for p in cell) + 50 for row in rows]


def _pages_estimate(rows: list[list[list[str]]]) -> float:
    """Landscape pages the table will take: ~1,800 characters of legal text fill one at 小五 (seed-like lists)."""
    return sum(_item_weights(rows)) / (1800.0 * LAND_TYPE_W / 225.0)


def _chunks(ctx: NoticeContext, jobs: int) -> list[tuple[int, int]]:
    """Item ranges of about equal text: one per worker for short lists, else ~CHUNK_PAGES_TARGET pages each
    and at least two per worker (so that a slow chunk leaves no long serial tail)."""
    weights = _item_weights(ctx.rows)
    weights[0] += len(ctx.notice.body) + 200  # the first chunk also carries the notice
    count = -(-int(_pages_estimate(ctx.rows)) // CHUNK_PAGES_TARGET)
    if count <= jobs:
        count = jobs
    else:  # a whole number of rounds: with 5 equal chunks on 2 workers the fifth would run alone at the end
        count = jobs * -(-max(count, 2 * jobs) // jobs)
    return balanced_bounds(weights, min(count, len(weights)))


def balanced_bounds(weights: Sequence[int], parts: int) -> list[tuple[int, int]]:
    """Contiguous index ranges of about equal summed weight (at most ``parts``, none empty).

    Each cut falls where the running sum comes closest to its share of the total.

    >>> balanced_bounds([2, 3, 3, 2, 2], 2)
    [(0, 2), (2, 5)]
    >>> balanced_bounds([1, 1, 4, 4], 3)
    [(0, 2), (2, 3), (3, 4)]
    """
    total = float(sum(weights))
    bounds: list[tuple[int, int]] = []
    start, acc = 0, 0.0
    for i, w in enumerate(weights):
        target = total * (len(bounds) + 1) / parts
        if len(bounds) < parts - 1 and i > start and acc + w - target > target - acc:
            bounds.append((start, i))  # cutting before item i lands nearer the target than after it
            start = i
        acc += w
    bounds.append((start, len(weights)))
    return bounds


def page_bounds(ctx: NoticeContext, item_bounds: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges of table pages for ranges of items: each cut moves to the page where its item starts (the
    table is cut into pages once, for the whole list, so parts add no page breaks of their own)."""
    starts: dict[int, int] = {}
    for index, page in enumerate(ctx.table.pages):
        for row in page.rows:
            starts.setdefault(row.item, index)
    cuts = sorted({starts.get(a, len(ctx.table.pages)) for a, _b in item_bounds[1:]} - {0})
    edges = [0, *cuts, len(ctx.table.pages)]
    return [(a, b) for a, b in zip(edges, edges[1:], strict=False) if b > a]


def _items_before(pages: Sequence[Any], end: int) -> int:
    """Items finished on the first ``end`` pages."""
    if end >= len(pages):
        return pages[-1].rows[-1].item + 1 if pages and pages[-1].rows else 0
    nxt = pages[end].rows[0]
    return nxt.item


def _layout_part(html: str, out: str) -> int:
    """Worker: lay out one HTML part and write it as PDF; return its page count."""
    from .html import lay_out

    document = lay_out(html)
    document.write_pdf(out)
    return len(document.pages)


def _pool(jobs: int) -> ProcessPoolExecutor:
    # fork shares the already-imported WeasyPrint and fonts with the workers (no 1 s start-up each);
    # platforms without fork (Windows) spawn fresh interpreters.
    methods = multiprocessing.get_all_start_methods()
    method = "fork" if "fork" in methods else "spawn"
    return ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context(method))


@contextlib.contextmanager
def _cancel_on_error(pool: ProcessPoolExecutor) -> Iterator[None]:
    """On an error or interrupt, drop the chunks not yet started: leaving the pool then waits only for the
    ones running (each at most ~CHUNK_PAGES_TARGET pages), and the temporary folder goes right after."""
    try:
        yield
    except BaseException as exc:
        if isinstance(exc, KeyboardInterrupt):  # a stop signal: the running chunks are not waited for either
            for process in list(getattr(pool, "_processes", {}).values()):
                process.kill()
        pool.shutdown(wait=False, cancel_futures=True)
        raise


def _render_parallel(
    ctx: NoticeContext,
    pdf_path: Path,
    *,
    jobs: int,
    bounds: Sequence[tuple[int, int]],
    force: bool,
    inputs: tuple[Path, ...],
    report: Progress,
) -> int:
    from .wpffi import import_weasyprint

    import_weasyprint()  # imported before forking so the workers inherit it

    total = len(ctx.rows)
    bounds = page_bounds(ctx, bounds)
    with tempfile.TemporaryDirectory(prefix="qzqd-render-") as tmpdir:
        tmp = Path(tmpdir)
        # The notice and the first chunk make one document that numbers its own pages: its page count is
        # unknown until laid out, so only the later chunks need their numbers stamped from an overlay.
        head_pdf = tmp / "head.pdf"
        chunk_pdfs = [tmp / f"chunk-{i:04d}.pdf" for i in range(1, len(bounds))]
        report("排版", 0, total)
        with _pool(jobs) as pool, _cancel_on_error(pool):
            sheets = ctx.table.pages
            a0, b0 = bounds[0]
            head = Part(notice=not ctx.list_only, pages=sheets[a0:b0], heading=True, folio_start=1)
            head_job = pool.submit(_layout_part, part_html(ctx, head), str(head_pdf))
            futures = []
            for (a, b), out in zip(bounds[1:], chunk_pdfs, strict=True):
                part = Part(pages=sheets[a:b], heading=False, folio_start=None)
                futures.append(pool.submit(_layout_part, part_html(ctx, part), str(out)))
            head_pages = head_job.result()
            done_items = _items_before(sheets, b0)
            report("排版", done_items, total)
            counts: list[int] = []
            for fut, (_a, b) in zip(futures, bounds[1:], strict=True):
                counts.append(fut.result())
                done_items = _items_before(sheets, b)
                report("排版", done_items, total)
            table_pages = sum(counts)
            # Page numbers for the later chunks' pages, split among the workers when there are many.
            report("页码", 0, table_pages)
            overlays = []
            per = max(-(-table_pages // jobs), OVERLAY_MIN_PAGES)
            for k, first in enumerate(range(0, table_pages, per)):
                count = min(per, table_pages - first)
                html = folio_overlay_html(ctx.fonts, count, head_pages + first + 1, landscape=ctx.landscape)
                overlays.append(pool.submit(_layout_part, html, str(tmp / f"folio-{k:03d}.pdf")))
            banji_job = None
            if ctx.has_banji:
                # On an even page: after a blank, unnumbered page when the rest ends on an even page (then
                # the 版记 page is not numbered either, §7.5; _join adds the blank page).
                banji_start = head_pages + table_pages + 1
                folio = banji_start if banji_start % 2 == 0 else None
                banji_job = pool.submit(
                    _layout_part, part_html(ctx, Part(banji=True, folio_start=folio)), str(tmp / "banji.pdf")
                )
            for fut in overlays:
                fut.result()
            if banji_job is not None:
                banji_job.result()
        report("页码", table_pages, table_pages)
        report("合并", 0, 1)
        folios = sorted(tmp.glob("folio-*.pdf"))
        banji = tmp / "banji.pdf" if ctx.has_banji else None
        pages = _join(head_pdf, chunk_pdfs, folios, banji, pdf_path, force=force, inputs=inputs)
        report("合并", 1, 1)
    return pages


def _join(
    head: Path,
    chunks: list[Path],
    folios: list[Path],
    banji: Path | None,
    out: Path,
    *,
    force: bool,
    inputs: tuple[Path, ...],
) -> int:
    """Concatenate the parts and stamp each page of the later chunks with its page-number overlay page."""
    from pypdf import PdfReader, PdfWriter

    from .stamp import stamp_page

    writer = PdfWriter()
    writer.append(PdfReader(str(head)))
    folio_pages = (page for f in folios for page in PdfReader(str(f)).pages)
    for chunk in chunks:
        reader = PdfReader(str(chunk))
        for page in reader.pages:
            overlay = next(folio_pages, None)
            if overlay is None:
                raise RenderError("页码页数与表格页数不一致（内部错误）。")
            new = writer.add_page(page)
            stamp_page(writer, new, overlay)
    if banji is not None:
        if len(writer.pages) % 2 == 0:
            # 版记 goes on an even page (封四): an unnumbered blank page first, as the one-document CSS does.
            box = writer.pages[0].mediabox
            writer.add_blank_page(width=float(box.width), height=float(box.height))
        writer.append(PdfReader(str(banji)))
    with atomic_output(out, force=force, inputs=inputs) as tmp, tmp.open("wb") as fh:
        writer.write(fh)
    with contextlib.suppress(Exception):
        writer.close()
    return len(writer.pages)
