"""The 调整对照表 files: xlsx rich text (read back, and through LibreOffice), HTML escaping, PDF text and fonts."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock

from toolkit.diff import diff
from toolkit.diff.html import render_html, write_html, write_pdf
from toolkit.diff.xlsx import HEADER_ROW, write_xlsx
from toolkit.model import PowerList

from .office import needs_soffice, soffice_convert

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_2022 = ROOT / "workbooks" / "xingan-2022.xlsx"
SAMPLE_2025 = ROOT / "workbooks" / "xingan-2025.xlsx"
HOSTILE = '对泄密案件的调查<img src="http://127.0.0.1:9/x.png"><script>alert(1)</script>'


@pytest.fixture(scope="module")
def sample_diff():
    return diff(SAMPLE_2022, SAMPLE_2025)


@pytest.fixture(scope="module")
def hostile_diff(sample_list: PowerList):
    """The sample against a copy whose cells hold markup, a formula and a URL."""
    recs = sample_list.records()
    new = [dict(r) for r in recs]
    new[3]["项目名称"] = HOSTILE
    new[2]["备注"] = '=HYPERLINK("http://127.0.0.1:9/","点击")'
    return diff(PowerList.from_records(recs), PowerList.from_records(new))


@pytest.fixture(scope="module")
def sample_xlsx(sample_diff, tmp_path_factory) -> Path:
    return write_xlsx(sample_diff, tmp_path_factory.mktemp("xlsx") / "调整对照表.xlsx")


@pytest.fixture(scope="module")
def sample_pdf(sample_diff, tmp_path_factory) -> Path:
    return write_pdf(sample_diff, tmp_path_factory.mktemp("pdf") / "调整对照表.pdf")


def _item_text(ws, r: int, column: int) -> list:
    """The text of an item's cell, joined over the continuation rows that repeat its 序号 and 项目名称."""
    key = (ws.cell(row=r, column=1).value, ws.cell(row=r, column=4).value)
    parts = []
    while r <= ws.max_row and (ws.cell(row=r, column=1).value, ws.cell(row=r, column=4).value) == key:
        parts.append(ws.cell(row=r, column=column).value)
        r += 1
    return parts


def _row_of(ws, name: str) -> int:
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        if ws.cell(row=r, column=4).value == name:
            return r
    raise AssertionError(f"no row for {name}")


def _blocks(value) -> list[TextBlock]:
    assert isinstance(value, CellRichText), type(value)
    return [b for b in value if isinstance(b, TextBlock)]


def test_xlsx_table_layout(sample_xlsx: Path) -> None:
    ws = load_workbook(sample_xlsx)["调整对照表"]
    header = [ws.cell(row=HEADER_ROW, column=c).value for c in range(1, 10)]
    assert header == [
        "序号",
        "调整类型",
        "权力分类",
        "项目名称",
        "子项名称",
        "调整内容",
        "调整前",
        "调整后",
        "调整理由",
    ]
    # one entry per item: continuation rows of long items repeat the item's cells
    kinds = {
        ws.cell(row=r, column=1).value: ws.cell(row=r, column=2).value for r in range(HEADER_ROW + 1, ws.max_row + 1)
    }
    assert sorted(kinds.values()) == sorted(["变更", "变更", "变更", "合并", "合并", "新增"])  # 第2项 并入第3项
    assert all(ws.cell(row=r, column=9).value is None for r in range(HEADER_ROW + 1, ws.max_row + 1))  # 调整理由
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == "9"  # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    r = _row_of(ws, "要求网络运营者删除涉及泄露国家秘密的信息")
    assert ws.cell(row=r, column=6).value.startswith("项目名称、")
    assert ws.cell(row=r, column=7).alignment.wrap_text
    assert ws.row_dimensions[r].height > 100  # tall enough to show the text in LibreOffice and WPS
    # a long item continues on further sheet rows; 调整理由 is its first row's cell, nothing is merged in
    # the filter range (merged cells there make Excel and WPS refuse to sort)
    removed = _row_of(ws, "对保密检查中发现的泄密隐患的行政强制")
    assert ws.cell(row=removed + 1, column=1).value == ws.cell(row=removed, column=1).value
    assert not [m for m in ws.merged_cells.ranges if m.max_row >= HEADER_ROW]
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:I{ws.max_row}"
    assert all(ws.row_dimensions[x].height <= 409 for x in range(HEADER_ROW + 1, ws.max_row + 1))


def test_xlsx_rich_text_marks_changed_characters(sample_xlsx: Path) -> None:
    ws = load_workbook(sample_xlsx, rich_text=True)["调整对照表"]
    r = _row_of(ws, "对非法获取、持有国家秘密载体的行政强制")
    before = [b for v in _item_text(ws, r, 7) if v is not None for b in _blocks(v)]
    after = [b for v in _item_text(ws, r, 8) if v is not None for b in _blocks(v)]
    struck = "".join(b.text for b in before if b.font.strike)
    marked = "".join(b.text for b in after if b.font.u == "single")
    assert "四十" in struck and "646" in struck
    assert "五十二" in marked and "786" in marked and "第二款" in marked
    # every run carries its font (LibreOffice shows unformatted runs in its default face)
    assert all(b.font.rFont == "宋体" for b in before + after)
    assert not any(b.font.strike for b in after) and not any(b.font.u for b in before)
    # the cells read back as the full old and new texts
    assert "第四十五条" in "".join(str(v) for v in _item_text(ws, r, 7))
    assert "第五十二条第二款" in "".join(str(v) for v in _item_text(ws, r, 8))


def test_xlsx_keeps_formulas_as_text(hostile_diff, tmp_path: Path) -> None:
    path = write_xlsx(hostile_diff, tmp_path / "x.xlsx")
    ws = load_workbook(path)["调整对照表"]
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    assert any(c.value == HOSTILE for c in cells)


@needs_soffice
def test_xlsx_opens_in_libreoffice(sample_xlsx: Path, tmp_path: Path) -> None:
    text = subprocess.run(
        ["pdftotext", str(soffice_convert(sample_xlsx, "pdf", tmp_path)), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    flat = "".join(text.split())
    assert "权责清单调整对照表" in flat
    assert "第五十二条第二款" in flat  # inserted characters are visible
    assert "第四十五条" in flat  # and so are the struck-through ones
    assert "要求网络运营者删除涉及泄露国家秘密的信息" in flat
    # nothing clipped: long cells continue on the next sheet rows instead of overflowing Excel's row limit
    assert flat.count("【追责依据】") == 8  # 调整前+调整后 of three changed items, plus the added and removed item
    assert flat.count("【免责事项】") == 2  # the last column of the added and of the removed item


def test_html_is_self_contained_and_highlighted(sample_diff, tmp_path: Path) -> None:
    path = write_html(sample_diff, tmp_path / "r.html")
    html = path.read_text(encoding="utf-8")
    assert "第<del>四十五条</del>：" in html  # 调整前 side
    assert "第<ins>五十二条第二款</ins>：" in html  # 调整后 side
    assert 'id="f-added"' in html and 'id="f-removed"' in html and 'id="f-changed"' in html
    assert "#f-added:checked" in html  # the filter works without scripts or network
    for external in ("<link", "<script", "src=", "@import", "url("):
        assert external not in html


def test_html_escapes_cell_text(hostile_diff) -> None:
    html = render_html(hostile_diff)
    assert "<img" not in html and "<script>" not in html
    assert "&lt;img src=&#34;http://127.0.0.1:9/x.png&#34;&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_pdf_text_pages_and_fonts(sample_pdf: Path) -> None:
    import pdfplumber

    with pdfplumber.open(sample_pdf) as pdf:
        assert len(pdf.pages) >= 2
        pages = [p.extract_text() or "" for p in pdf.pages]
        for page in pdf.pages:
            assert page.width > page.height  # landscape
            assert abs(page.width - 842) < 2 and abs(page.height - 595) < 2  # A4
    flat = ["".join(t.split()) for t in pages]
    assert "权责清单调整对照表" in flat[0]
    assert all("调整前" in t and "调整后" in t for t in flat), "header row repeated on every page"
    whole = "".join(flat)
    assert "第五十二条第二款" in whole and "要求网络运营者删除涉及泄露国家秘密的信息" in whole
    fonts = subprocess.run(["pdffonts", str(sample_pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(line.split()[-5] == "yes" for line in rows), fonts  # emb column
    assert any("CJK" in line for line in rows)


def test_pdf_fetches_nothing(hostile_diff, tmp_path: Path, monkeypatch) -> None:
    from toolkit.render import pdf as render_pdf

    fetchers = []
    real = render_pdf.make_fetcher

    def spy(*args, **kwargs):
        f = real(*args, **kwargs)
        fetchers.append(f)
        return f

    monkeypatch.setattr(render_pdf, "make_fetcher", spy)
    out = write_pdf(hostile_diff, tmp_path / "h.pdf")
    assert fetchers and all(not f.requested for f in fetchers)
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "<img" in "".join(text.split())  # shown as text, never loaded


@pytest.mark.parametrize("fmt", [".xlsx", ".html", ".pdf"], ids=["xlsx", "html", "pdf"])
def test_cli_writes_each_format(fmt: str, cli, tmp_path: Path) -> None:
    out = tmp_path / f"调整对照表{fmt}"
    result = cli("diff", SAMPLE_2022, SAMPLE_2025, "-o", out)
    assert result.exit_code == 1, result.output
    assert out.stat().st_size > 1000
    assert not [p for p in tmp_path.iterdir() if ".part" in p.name]
