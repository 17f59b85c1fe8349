"""The sample rendered to PDF: every paragraph in order, fonts embedded, page numbers, GB/T 9704 geometry."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.model import COLUMNS, split_paragraphs
from toolkit.render import render
from toolkit.render.layout import LINE_PT

from .render_helpers import MM, folio, margins, norm, pages, pdf_font, pdffonts, pdftotext
from .render_ink import raster, unturn

PORTRAIT = (595.28, 841.89)
# type area of the notice pages (points): left 28 mm, top 37 mm, 156 × 225 mm
LEFT, TOP = 28 * MM, 37 * MM
RIGHT, BOTTOM = LEFT + 156 * MM, TOP + 225 * MM
HEADER_FONT = pdf_font("hei")  # the 黑体 role: table header and “附件” (Noto Sans CJK or FandolHei)


@pytest.fixture(scope="module")
def parallel_sample(tmp_path_factory: pytest.TempPathFactory, sample_list):
    """The sample rendered through the parallel path: chunks of 2 items in 2 worker processes."""
    out = tmp_path_factory.mktemp("render-parallel")
    return render(sample_list, out / "parallel.pdf", jobs=2, chunk_items=2)


def _is_portrait(page: dict) -> bool:
    """A page of text (a table page, turned on portrait paper or landscape, is read in the table's frame)."""
    return page["height"] > page["width"]


@pytest.fixture(scope="module")
def widths(sample_list) -> list[float]:
    """Column widths (mm) the renderer computes for the sample."""
    from toolkit.render.fonts import resolve_fonts
    from toolkit.render.html import build_context

    return build_context(sample_list, resolve_fonts()).widths


def _table_columns(path: Path, widths: list[float]) -> list[str]:
    """Per table column, the text of its body cells read top to bottom across all table pages.

    Characters are assigned to columns by x position; the repeated header (黑体) and the page numbers
    (14 pt, below the type area) are left out, so a row that continues on the next page reads on unbroken.
    """
    streams = [""] * len(widths)
    for page in pages(path):
        if not _is_portrait(page):
            for i, text in enumerate(_table_columns_page(page, widths)):
                streams[i] += text
    return streams


def _assert_in_order(haystack: str, needles: list[str], what: str) -> None:
    pos = 0
    for needle in needles:
        found = haystack.find(needle, pos)
        assert found >= 0, f"{what}: {needle[:30]!r} missing or out of order"
        pos = found + len(needle)


# --- text ---------------------------------------------------------------------------------------------------


def test_notice_text_in_order(rendered_sample, sample_list):
    n = sample_list.notice
    text = norm(pdftotext(rendered_sample.pdf, first=1, last=1))
    expected = [
        n.doc_number,
        norm(n.title),
        n.recipients + "：",
        *map(norm, split_paragraphs(n.body)),
        "附件：" + n.attachment,
        n.signature,
        n.date,
    ]
    _assert_in_order(text, [norm(e) for e in expected], "notice page")


@pytest.mark.parametrize("which", ["single", "parallel"], ids=["one-process", "parallel-chunks"])
def test_every_cell_paragraph_in_order(which, rendered_sample, parallel_sample, sample_list, widths):
    path = rendered_sample.pdf if which == "single" else parallel_sample.pdf
    streams = _table_columns(path, widths)
    for j, col in enumerate(COLUMNS):
        paragraphs = [norm(p) for rec in sample_list.records() for p in split_paragraphs(rec[col.name])]
        _assert_in_order(streams[j], paragraphs, f"column {col.name}")


def test_attachment_heading_and_header_on_every_table_page(rendered_sample, sample_list):
    table_pages = [i for i, p in enumerate(pages(rendered_sample.pdf)) if not _is_portrait(p)]
    assert len(table_pages) >= 5
    page = pages(rendered_sample.pdf)[table_pages[0]]  # read in the table's frame, line by line
    first = norm("".join(c["text"] for c in sorted(page["chars"], key=lambda c: (round(c["top"]), c["x0"]))))
    assert first.startswith("附件" + norm(sample_list.notice.attachment))
    for i in table_pages:
        header = "".join(c["text"] for c in pages(rendered_sample.pdf)[i]["chars"] if HEADER_FONT in c["fontname"])
        for label in ("序号", "权力分类", "权力清单", "责任清单", "实施依据", "追责依据", "备注"):
            assert label in header, f"page {i + 1}: header lacks {label}"


# --- fonts and page numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["single", "parallel"], ids=["one-process", "parallel-chunks"])
def test_all_fonts_embedded_and_subset(which, rendered_sample, parallel_sample):
    path = rendered_sample.pdf if which == "single" else parallel_sample.pdf
    fonts = pdffonts(path)
    assert fonts, "no fonts at all"
    for f in fonts:
        assert (f["emb"], f["sub"]) == ("yes", "yes"), f


@pytest.mark.parametrize("which", ["single", "parallel"], ids=["one-process", "parallel-chunks"])
def test_page_numbers_consecutive_odd_right_even_left(which, rendered_sample, parallel_sample):
    path = rendered_sample.pdf if which == "single" else parallel_sample.pdf
    for index, page in enumerate(pages(path)):
        number, x0, x1 = folio(page)
        assert number == index + 1, f"page {index + 1} shows {number}"
        paper_w, paper_h = page["paper"]
        assert paper_h > paper_w, f"page {number}: landscape paper"  # table pages too (GB/T 9704 §8)
        if number % 2:  # odd: right, one 4号 character in
            assert RIGHT - 14 - 2 < x1 < RIGHT - 14 + 2, (number, x1)
        else:
            assert LEFT + 14 - 2 < x0 < LEFT + 14 + 2, (number, x0)
        sizes = {round(c["size"]) for c in page["folio_chars"] if c["top"] > BOTTOM + 1}  # under the type area
        assert sizes == {14}


def test_parallel_matches_single_page_count(rendered_sample, parallel_sample):
    # chunk boundaries may add a page break, never lose content
    assert parallel_sample.pages >= rendered_sample.pages
    assert len(pages(parallel_sample.pdf)) == parallel_sample.pages


# --- geometry (GB/T 9704) ----------------------------------------------------------------------------------


def test_notice_page_geometry(rendered_sample):
    page = pages(rendered_sample.pdf)[0]
    assert (round(page["width"], 2), round(page["height"], 2)) == PORTRAIT
    text = [c for c in page["chars"] if c["text"].strip() and c["top"] < BOTTOM]
    assert min(c["x0"] for c in text) == pytest.approx(LEFT, abs=0.5)
    assert max(c["x1"] for c in text) <= RIGHT + 1.0
    assert min(c["top"] for c in text) >= TOP
    assert max(c["bottom"] for c in text) <= BOTTOM
    sizes = {round(c["size"]) for c in text}
    assert 22 in sizes and 16 in sizes  # 2号 title, 3号 body


def test_body_grid_28_chars_per_line(rendered_sample, sample_list):
    page = pages(rendered_sample.pdf)[0]
    body = [c for c in page["chars"] if round(c["size"]) == 16 and c["text"].strip()]
    lines: dict[float, list[dict]] = {}
    for c in body:
        lines.setdefault(round(c["top"], 1), []).append(c)
    full = [ln for ln in lines.values() if min(c["x0"] for c in ln) < LEFT + 1 and max(c["x1"] for c in ln) > RIGHT - 8]
    assert full, "no full body line"
    for ln in full:  # a full line of Chinese holds 28 characters (digits are narrower)
        wide = sum(1 for c in ln if ord(c["text"]) > 0x2E80)
        narrow = len(ln) - wide
        assert wide + narrow / 2 == pytest.approx(28, abs=1.5)
    tops = sorted(lines)
    pitches = [b - a for a, b in zip(tops, tops[1:], strict=False) if 20 < b - a < 35]
    assert pitches and all(p == pytest.approx(LINE_PT, abs=0.6) for p in pitches)


def test_red_line_under_document_number(rendered_sample):
    page = pages(rendered_sample.pdf)[0]
    red = [
        r
        for r in page["rects"]
        if r["non_stroking_color"] and r["non_stroking_color"][0] > 0.8 and max(r["non_stroking_color"][1:]) < 0.2
    ]
    assert len(red) == 1
    line = red[0]
    assert line["x0"] == pytest.approx(LEFT, abs=0.5) and line["x1"] == pytest.approx(RIGHT, abs=0.5)
    assert 0.3 * MM <= line["bottom"] - line["top"] <= 0.6 * MM
    docno = [c for c in page["chars"] if c["top"] < line["top"]]
    assert "".join(c["text"] for c in docno) == "兴保发〔2022〕1号"
    # Distances from ink (pdfplumber's boxes are the fonts' ascent and descent): test_render_geometry.py.


def test_title_centred_and_balanced(rendered_sample, sample_list):
    page = pages(rendered_sample.pdf)[0]
    title = [c for c in page["chars"] if round(c["size"]) == 22]
    lines: dict[int, list[dict]] = {}
    for c in title:
        lines.setdefault(round(c["top"]), []).append(c)
    assert len(lines) == 3
    centre = (LEFT + RIGHT) / 2
    for ln in lines.values():
        mid = (min(c["x0"] for c in ln) + max(c["x1"] for c in ln)) / 2
        assert mid == pytest.approx(centre, abs=2)
    text = ["".join(c["text"] for c in sorted(ln, key=lambda c: c["x0"])) for _, ln in sorted(lines.items())]
    assert "".join(text) == sample_list.notice.title
    assert all("《" not in t[-1:] for t in text)


def test_signature_and_date_without_seal(rendered_sample):
    page = pages(rendered_sample.pdf)[0]
    rows: dict[int, list[dict]] = {}
    for c in page["chars"]:
        rows.setdefault(round(c["top"]), []).append(c)
    by_text = {"".join(c["text"] for c in sorted(r, key=lambda c: c["x0"])): r for r in rows.values()}
    sig, date = by_text["兴安县国家保密局"], by_text["2022年7月18日"]
    pitch = 156 * MM / 28
    assert min(c["top"] for c in date) - min(c["top"] for c in sig) == pytest.approx(LINE_PT, abs=1)
    # the date is the longer line here, so it ends two characters from the right edge …
    assert RIGHT - max(c["x1"] for c in date) == pytest.approx(2 * pitch, abs=3)
    # … and starts two characters right of the signature's first character
    assert min(c["x0"] for c in date) - min(c["x0"] for c in sig) == pytest.approx(2 * pitch, abs=4)


def test_table_pages_landscape_within_type_area(rendered_sample):
    for page in pages(rendered_sample.pdf):
        if _is_portrait(page):
            continue
        top, right, bottom, left = (m * MM for m in margins(page))
        body = [c for c in page["chars"] if c["top"] < page["height"] - bottom]
        assert min(c["x0"] for c in body) >= left - 0.5
        assert max(c["x1"] for c in body) <= page["width"] - right + 0.5
        assert min(c["top"] for c in body) >= top - 0.5
        sizes = {round(c["size"], 2) for c in body if HEADER_FONT not in c["fontname"] and c["size"] < 20}
        assert sizes == {9.0}  # 小五


def test_row_longer_than_a_page_continues_on_the_next(rendered_sample, sample_list, widths):
    """Item 1 is taller than a page: its first and last 追责依据 paragraphs sit on different pages."""
    column = [c.name for c in COLUMNS].index("追责依据")
    paragraphs = split_paragraphs(sample_list.records()[0]["追责依据"])
    first, last = norm(paragraphs[0])[:12], norm(paragraphs[-1])[-12:]
    where = {}
    table_pages = [(i, p) for i, p in enumerate(pages(rendered_sample.pdf)) if not _is_portrait(p)]
    for i, page in table_pages:
        stream = _table_columns_page(page, widths)[column]
        for key, needle in (("first", first), ("last", last)):
            if needle in stream and key not in where:
                where[key] = i
    assert where["last"] > where["first"]


def _table_columns_page(page: dict, widths: list[float]) -> list[str]:
    """One table page's body text per column (see _table_columns)."""
    left = margins(page)[3] * MM
    edges = [left]
    for w in widths:
        edges.append(edges[-1] + w * MM)
    body = [c for c in page["chars"] if HEADER_FONT not in c["fontname"] and c["size"] < 12]
    out = []
    for i in range(len(widths)):
        col = sorted(
            (c for c in body if edges[i] <= (c["x0"] + c["x1"]) / 2 < edges[i + 1]),
            key=lambda c: (round(c["top"], 1), c["x0"]),
        )
        out.append(norm("".join(c["text"] for c in col)))
    return out


def test_html_preview_keeps_every_paragraph_escaped(rendered_sample, sample_list):
    """Every cell paragraph is in the preview, in order, escaped (a paragraph continued on the next page is
    read on across the page's table; lines end in a newline)."""
    import re

    from markupsafe import escape

    page = rendered_sample.html.read_text(encoding="utf-8")
    streams = [""] * len(COLUMNS)
    for tbody in re.findall(r"<tbody>(.*?)</tbody>", page, re.S):
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", tbody, re.S):
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            assert len(cells) == len(COLUMNS)
            for j, cell in enumerate(cells):
                streams[j] += re.sub(r"\n|</?p>", "", cell)
    for j, col in enumerate(COLUMNS):
        paragraphs = [str(escape(p)) for rec in sample_list.records() for p in split_paragraphs(rec[col.name])]
        _assert_in_order(streams[j], paragraphs, f"column {col.name}")
    assert "http://" not in page.split("<body>", 1)[0]  # no external resources in the head


def test_table_closed_by_a_rule_at_every_page_break(rendered_sample):
    """A row continuing on the next page still gets its bottom rule where the page ends (a ruled table never
    looks cut open): on the rasterised page, a dark line across the whole table below the last text line."""
    all_pages = pages(rendered_sample.pdf)
    table_pages = [i for i, p in enumerate(all_pages) if not _is_portrait(p)]
    assert len(table_pages) > 2
    dpi = 100
    for i in table_pages:
        page = all_pages[i]
        r = raster(rendered_sample.pdf, i + 1, dpi)
        r = unturn(r) if page["turned"] else r  # the table upright, as in page["chars"]
        scale = dpi / 72
        top, right, bottom, left = (m * MM for m in margins(page))
        folio_top = page["height"] - bottom
        lowest_text = max(c["bottom"] for c in page["chars"] if c["top"] < folio_top)
        x0, x1 = (left + 2) * scale, (page["width"] - right - 2) * scale
        cols = slice(int(x0), int(x1))
        dark = r.grey[int(lowest_text * scale) : int((folio_top + 3) * scale), cols] < 200  # may sit on the edge
        ruled = (dark.sum(axis=1) >= 0.98 * dark.shape[1]).any()
        assert ruled, f"page {i + 1}: no rule across the table below its last line"
