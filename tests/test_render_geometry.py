"""GB/T 9704 geometry of rendered PDFs measured from ink on a raster (pdftoppm), never from pdfplumber's font
boxes: the 发文机关标志 35 mm below the type area, the red rule 4 mm below the 发文字号, page numbers' dashes
7 mm below the type area, 22 lines on every full notice page, nothing outside the type area or its table
cell, no table page ending in a row that holds only a 序号.

Every PDF here is rendered once per session (module fixtures) and shared by the tests.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

from toolkit.model import COLUMNS, Notice, PowerList
from toolkit.render import render

from .render_helpers import FULL_NOTICE, MM, norm, pages
from .render_ink import (
    PORTRAIT_AREA,
    Raster,
    every_page,
    folio_box,
    folio_dash_gap,
    masthead,
    outside_type_area,
    page_count,
    raster,
    runs,
    text_lines,
    type_area,
    unturn,
)

ROOT = Path(__file__).resolve().parent.parent
LINE_MM = 225 / 22

# One-line paragraphs (2-character indent + 26 characters), whatever the face: pages fill to their 22nd line
# without widow and orphan rules moving lines; then paragraphs of four lines, set edge to edge.
ONE_LINE = "根据有关规定现将调整后的权责清单公布如下请遵照执行。"
LONG_BODY = "\n".join([ONE_LINE] * 30 + [ONE_LINE * 3 + "特此通知"] * 3)  # 26 + 28 + 28: no push-out
FULL = dataclasses.replace(FULL_NOTICE, body=LONG_BODY)
LAW = (
    "【法律】《中华人民共和国保守国家秘密法》（2024年2月27日第十四届全国人民代表大会常务委员会第八次会议修订）第十条："
)
URL = "https://www.gov.cn/zhengce/content/2024-07/29/content_6965221.htm"


def _stress_items() -> list[dict[str, str]]:
    """Long cells (800 characters), columns empty in the whole list (子项名称, 承办的内设机构, 备注), a long URL,
    document numbers, short and long records mixed so that page ends fall everywhere."""
    items = []
    for i in range(9):
        long = (LAW + "保密行政管理部门依法履行职责，对机关、单位遵守保密法律法规的情况进行检查。" * 12)[
            : 800 - 40 * (i % 3)
        ]
        items.append(
            {
                "序号": str(i + 1),
                "权力分类": "行政检查" if i % 2 else "其他行政权力",
                "项目名称": f"对第{i + 1}类涉密事项的检查（国保发〔2013〕14号）",
                "实施主体": "兴安县国家保密局",
                "实施依据": long if i % 3 != 1 else f"1．{LAW}第{i + 1}条。",
                "责任事项": "1．检查责任（县国家保密局）。\n2．处置责任（县国家保密局）。\n"
                + (long[:300] if i % 2 else ""),
                "责任事项依据": f"见{URL}" if i == 4 else long[:500],
                "追责情形": "1．未依法履行职责的（县国家保密局）。",
                "追责依据": long if i % 2 == 0 else "1．【法律】《中华人民共和国公务员法》。",
                "免责事项": "法律法规规定的免责情形。",
            }
        )
    return items


@pytest.fixture(scope="module")
def sample_2025(tmp_path_factory: pytest.TempPathFactory):
    from toolkit import read_workbook

    out = tmp_path_factory.mktemp("geometry") / "2025.pdf"
    return render(read_workbook(ROOT / "workbooks" / "xingan-2025.xlsx"), out, jobs=1)


@pytest.fixture(scope="module")
def stress(tmp_path_factory: pytest.TempPathFactory):
    """A full notice (mark, long body, 版记) with the stress list, laid out through the parallel path."""
    out = tmp_path_factory.mktemp("geometry") / "stress.pdf"
    pl = PowerList.from_records(_stress_items(), notice=FULL)
    return render(pl, out, jobs=2, chunk_items=3)


@pytest.fixture(scope="module")
def full_single(tmp_path_factory: pytest.TempPathFactory):
    """The full notice with two short items, laid out as one document in one process."""
    out = tmp_path_factory.mktemp("geometry") / "full.pdf"
    return render(PowerList.from_records(_stress_items()[1:2] * 2, notice=FULL), out, jobs=1)


@pytest.fixture(scope="module")
def landscape(tmp_path_factory: pytest.TempPathFactory):
    """The full notice and the stress list with the table on landscape pages (render --landscape), in parts."""
    out = tmp_path_factory.mktemp("geometry") / "landscape.pdf"
    pl = PowerList.from_records(_stress_items()[:4], notice=FULL)
    return render(pl, out, jobs=2, chunk_items=2, landscape=True)


@pytest.fixture(scope="module")
def all_pdfs(rendered_sample, sample_2025, stress, full_single, landscape) -> dict[str, Path]:
    return {
        "sample-2022": rendered_sample.pdf,
        "sample-2025": sample_2025.pdf,
        "stress": stress.pdf,
        "full": full_single.pdf,
        "landscape": landscape.pdf,
    }


PDFS = ["sample-2022", "sample-2025", "stress", "full", "landscape"]
SCAN_DPI = 150  # every page: 0.17 mm a pixel; page 1's 版头 is measured at 300 dpi


@dataclass
class PageScan:
    """What the tests check on one page, measured once from its raster."""

    kind: str  # "text" (a portrait page of text), "turned" (a table turned on a portrait page), "landscape"
    blank: bool
    folio_gap: float | None  # mm from the type area's bottom to the page number's dash
    folio_x: tuple[float, float] | None  # the page number's left and right ink edge (mm from the paper's left)
    outside: int  # ink pixels outside the type area (and the page number's band)
    edges: tuple[list[float], list[float]] | None  # table pages: vertical and horizontal rules (pt, upright)
    ink_x: tuple[float, float] | None  # text pages: leftmost and rightmost ink (mm from the type area)
    slots: list[float]  # text pages: each ink line's centre in grid lines below the type area's top


@lru_cache(maxsize=8)
def scan(pdf: Path) -> tuple[PageScan, ...]:
    turned = [p["turned"] for p in pages(pdf)]
    out = []
    for r, is_turned in zip(every_page(pdf, SCAN_DPI), turned, strict=True):
        top, left, bottom, right = PORTRAIT_AREA
        kind = "turned" if is_turned else "text" if r.portrait else "landscape"
        ink_x = None
        slots: list[float] = []
        if kind == "text":
            cols = np.flatnonzero(r.dark[r.px(top) : r.px(bottom), r.px(left - 1) : r.px(right + 1)].any(axis=0))
            ink_x = (r.mm(cols[0]) - 1, r.mm(cols[-1]) - 1) if len(cols) else None
            bands = text_lines(r, (top, left, bottom, right), min_gap_mm=2.0)
            slots = [((a + b) / 2 - top) / LINE_MM for a, b in bands]
        edges = None
        if kind != "text" and r.ink[r.px(top) : r.px(bottom)].any():
            edges = _cell_edges(unturn(r) if is_turned else r)
        out.append(
            PageScan(
                kind,
                not r.ink.any(),
                folio_dash_gap(r),
                folio_box(r),
                outside_type_area(r),
                edges,
                ink_x,
                slots,
            )
        )
    return tuple(out)


# --- 版头 ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["stress", "full"])
def test_issuer_mark_top_35_mm_below_the_type_area(name, all_pdfs):
    m = masthead(raster(all_pdfs[name], 1))
    assert m.mark_top == pytest.approx(35.0, abs=0.5)


@pytest.mark.parametrize("name", PDFS)
def test_red_rule_4_mm_below_the_document_number(name, all_pdfs):
    m = masthead(raster(all_pdfs[name], 1))
    assert m.rule_top is not None and m.docno_bottom is not None
    assert m.rule_top - m.docno_bottom == pytest.approx(4.0, abs=0.3)
    assert 0.3 <= m.rule_bottom - m.rule_top <= 0.7  # the rule's thickness


@pytest.mark.parametrize("name", PDFS)
def test_title_two_blank_lines_below_the_red_rule(name, all_pdfs):
    r = raster(all_pdfs[name], 1)
    m = masthead(r)
    top, left, bottom, right = PORTRAIT_AREA
    first = text_lines(r, (top + m.rule_bottom + 0.5, left, bottom, right))[0]
    gap = first[0] - (top + m.rule_bottom)
    assert 2 * LINE_MM - 1.5 <= gap <= 3 * LINE_MM  # two empty grid lines, the title's ink in the third


# --- page numbers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PDFS)
def test_page_number_dash_7_mm_below_the_type_area_on_every_page(name, all_pdfs):
    pdf = all_pdfs[name]
    gaps = {number: p.folio_gap for number, p in enumerate(scan(pdf), start=1)}
    gaps[1] = folio_dash_gap(raster(pdf, 1))  # and once at 300 dpi
    numbered = {k: v for k, v in gaps.items() if v is not None}
    assert numbered, "no page number found"
    for number, gap in numbered.items():
        assert gap == pytest.approx(7.0, abs=0.5), f"page {number}: dash {gap:.2f} mm below the type area"


@pytest.mark.parametrize("name", ["stress", "full", "landscape"])
def test_every_page_has_its_number_unless_after_a_blank_one(name, all_pdfs):
    """GB/T 9704 §7.5: the 版记 page is numbered, unless a blank page had to be inserted before it (to make it
    the last, even page): then neither is."""
    pdf = all_pdfs[name]
    blank_before = False
    for number, p in enumerate(scan(pdf), start=1):
        numbered = p.folio_gap is not None
        assert numbered == (not p.blank and not blank_before), f"page {number}"
        blank_before = p.blank
    assert page_count(pdf) % 2 == 0  # the 版记 on the last, even page


CHAR_14_MM = 14 / MM  # the page number's 1-character indent (4号)


@pytest.mark.parametrize("name", PDFS)
def test_page_number_odd_right_even_left_one_character_in(name, all_pdfs):
    """On text pages and table pages alike (§7.5, §8: a turned table keeps the other pages' page number)."""
    checked = 0
    for number, p in enumerate(scan(all_pdfs[name]), start=1):
        if p.folio_x is None:
            continue
        top, left, bottom, right = PORTRAIT_AREA if p.kind != "landscape" else (26.0, 37.0, 182.0, 262.0)
        if number % 2:
            assert p.folio_x[1] == pytest.approx(right - CHAR_14_MM, abs=1.0), f"page {number}"
        else:
            assert p.folio_x[0] == pytest.approx(left + CHAR_14_MM, abs=1.0), f"page {number}"
        checked += 1
    assert checked >= 3


@pytest.mark.parametrize("name", ["sample-2022", "sample-2025", "stress", "full"])
def test_table_turned_on_portrait_pages_head_toward_the_left_edge(name, all_pdfs):
    """GB/T 9704 §8: the table pages stay portrait, the table turned with its head along the paper's left edge
    (the binding side of an odd page, the outer side of an even one). Seen upright again, each table page
    shows all its column rules, and after the first table page (its title above the table) the table's top
    rule lies on the type area's edge next to the paper's left edge."""
    pdf = all_pdfs[name]
    sheets = [(n, p) for n, p in enumerate(scan(pdf), start=1) if p.kind == "turned"]
    assert all(p.kind != "landscape" for p in scan(pdf))
    assert len(sheets) >= 1
    for number, p in sheets:
        assert p.edges is not None, f"page {number}: no upright table"
        assert len(p.edges[0]) == len(COLUMNS) + 1, f"page {number}: {len(p.edges[0])} column rules"
    for number, p in sheets[1:]:
        assert p.edges is not None
        top_rule_mm = p.edges[1][0] / MM
        assert top_rule_mm == pytest.approx(28.0, abs=0.5), f"page {number}: table starts {top_rule_mm:.1f} mm"


def test_landscape_switch_sets_the_table_upright_on_landscape_pages(all_pdfs):
    kinds = [p.kind for p in scan(all_pdfs["landscape"])]
    assert "landscape" in kinds and "turned" not in kinds
    assert kinds[0] == "text" and kinds[-1] == "text"  # the notice and the 版记 stay portrait


# --- the 22-line grid -------------------------------------------------------------------------------------


def _grid_slots(pdf: Path, number: int) -> list[int]:
    """The grid line (0–21) each ink line of a portrait page's type area sits in (page 1: below the 版头)."""
    if number == 1:
        r = raster(pdf, 1)
        top, left, bottom, right = PORTRAIT_AREA
        m = masthead(r)
        start = top + m.rule_bottom + 0.5 if m.rule_bottom else top
        centres = [((a + b) / 2 - top) / LINE_MM for a, b in text_lines(r, (start, left, bottom, right), 2.0)]
    else:
        centres = scan(pdf)[number - 1].slots
    slots = []
    for slot in centres:
        assert abs(slot - round(slot - 0.5) - 0.5) < 0.3, f"page {number}: a line off the grid at {slot:.2f}"
        slots.append(round(slot - 0.5))
    return slots


def test_full_notice_pages_hold_22_lines(stress):
    """Page 1 with the mark: its last body line on the 22nd line of the grid; page 2 (all body): 22 lines."""
    assert len(ONE_LINE) == 26
    assert _grid_slots(stress.pdf, 1)[-1] == 21
    assert _grid_slots(stress.pdf, 2) == list(range(22))


def test_page_one_without_mark_uses_all_22_lines(tmp_path):
    notice = Notice(**{**FULL.__dict__, "issuer_mark": "", "cc": "", "printer": "", "print_date": ""})
    pdf = render(PowerList.from_records([], notice=notice), tmp_path / "n.pdf", jobs=1).pdf
    slots = _grid_slots(pdf, 1)
    assert slots[0] == 3 and slots[-1] == 21  # title on line 4 (docno line, two blank), body to line 22


def test_full_body_lines_hold_28_characters(stress):
    page = pages(stress.pdf)[2]
    top, left, _bottom, right = (v * MM for v in PORTRAIT_AREA)
    lines: dict[float, list[dict]] = {}
    for c in page["chars"]:
        if round(c["size"]) == 16 and c["text"].strip():
            lines.setdefault(round(c["top"], 1), []).append(c)
    full = [ln for ln in lines.values() if len(ln) >= 26]
    assert len(full) >= 6
    pitch = 156 * MM / 28
    for ln in full:  # 28 characters, or 26 after a first line's 2-character indent
        start = min(c["x0"] for c in ln)
        indent = round((start - left) / pitch)
        assert len(ln) + indent == 28, "".join(c["text"] for c in ln)
    ink_x = scan(stress.pdf)[2].ink_x
    # ink from edge to edge of the type area (less a glyph's side bearing)
    assert ink_x is not None and ink_x[0] < 1.0 and ink_x[1] > 156 - 1.0


# --- nothing outside ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PDFS)
def test_no_ink_outside_the_type_area(name, all_pdfs):
    for number, p in enumerate(scan(all_pdfs[name]), start=1):
        assert p.outside == 0, f"page {number}"


def _cell_edges(r: Raster) -> tuple[list[float], list[float]]:
    """(x of every vertical rule, y of every horizontal rule) of a table page, in points."""
    top, left, bottom, right = type_area(r)
    lines = r.grey < 200  # thin rules are anti-aliased to grey
    area = lines[r.px(top) : r.px(bottom), r.px(left) - 2 : r.px(right) + 2]
    wide = runs(np.flatnonzero(area.sum(axis=1) > 0.95 * area.shape[1]))
    table = area[wide[1][0] : wide[-1][1] + 1]  # from the rule under the header to the bottom one
    tall = runs(np.flatnonzero(table.sum(axis=0) > 0.98 * table.shape[0]))
    xs = [(r.mm(a + b) / 2 + left - r.mm(2)) * MM for a, b in tall]
    ys = [(r.mm(a + b) / 2 + top) * MM for a, b in wide]
    return xs, ys


@pytest.mark.parametrize("name", PDFS)
def test_every_character_inside_its_cell(name, all_pdfs):
    pdf = all_pdfs[name]
    for number, (page, p) in enumerate(zip(pages(pdf), scan(pdf), strict=True), start=1):
        if p.edges is None:
            continue
        xs, ys = p.edges
        assert len(xs) == len(COLUMNS) + 1, f"page {number}: {len(xs)} vertical rules"
        # below the header (its group labels span sub-columns whose rules start under them)
        body = [c for c in page["chars"] if c["text"].strip() and ys[1] < (c["top"] + c["bottom"]) / 2 < ys[-1]]
        for c in body:
            inside = any(a + 0.2 <= c["x0"] and c["x1"] <= b - 0.2 for a, b in zip(xs, xs[1:], strict=False))
            assert inside, f"page {number}: {c['text']!r} at {c['x0']:.1f}–{c['x1']:.1f} pt crosses a rule"


@pytest.mark.parametrize("name", PDFS)
def test_no_row_shows_only_its_number(name, all_pdfs):
    """Every body row of every table page (between two horizontal rules) has text in a column after 序号,
    and its 序号 cell is not empty: a record's number is never cut from its content."""
    pdf = all_pdfs[name]
    checked = 0
    for number, (page, p) in enumerate(zip(pages(pdf), scan(pdf), strict=True), start=1):
        if p.edges is None:
            continue
        xs, ys = p.edges
        # ys: the table's top rule, the rule under the two-row header, then one under each body row
        rows = list(zip(ys[1:], ys[2:], strict=False))
        for y0, y1 in rows:
            inside = [c for c in page["chars"] if c["text"].strip() and y0 < (c["top"] + c["bottom"]) / 2 < y1]
            number_col = [c for c in inside if c["x1"] <= xs[1]]
            others = [c for c in inside if c["x0"] >= xs[1]]
            assert number_col, f"page {number}: a row without its 序号"
            assert others, f"page {number}: a row with only its 序号"
            checked += 1
    assert checked


def test_continued_record_shows_its_number_marked_continued(stress):
    text = [norm("".join(c["text"] for c in p["chars"])) for p in pages(stress.pdf)]
    assert any("续" in t for t in text[2:])


# --- page counts ------------------------------------------------------------------------------------------


def test_sample_page_counts_no_higher_than_before(rendered_sample, sample_2025):
    # before this layout: 13 and 15 pages (WeasyPrint cutting rows anywhere, content-blind widths)
    assert rendered_sample.pages <= 13
    assert sample_2025.pages <= 15
