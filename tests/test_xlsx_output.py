"""How the workbooks qzqd writes print and behave in a spreadsheet program: paper, printed type size, the page
footer, filtering the 调整对照表, the 权力分类 drop-down and the help the 发文信息 sheet carries."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from toolkit.diff.xlsx import HEADER_ROW
from toolkit.model import CATEGORIES, HELP_SHEET, LIST_SHEET, LOCAL_CATEGORIES, NOTICE_FIELDS, NOTICE_SHEET

from .office import needs_soffice, soffice_convert

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_2022 = ROOT / "workbooks" / "xingan-2022.xlsx"
SAMPLE_2025 = ROOT / "workbooks" / "xingan-2025.xlsx"
A3, A4 = "8", "9"
# Width units a sheet may total so that 10 pt text prints at >= 8 pt when fit to the page width, with a unit as
# wide as LibreOffice makes it without Calibri (7 pt): printable width (paper less 0.4 in margins) / 0.8 / 7.
MAX_UNITS = {(A3, "landscape"): 200, (A4, "landscape"): 139, (A4, "portrait"): 95}


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    """A master workbook written from the sample (with 事项编码), an empty one, and a 调整对照表."""
    from click.testing import CliRunner

    from toolkit.cli import main

    out = tmp_path_factory.mktemp("xlsx")
    runner = CliRunner()
    for args in (
        ["import", SAMPLE_2022, "-o", out / "master.xlsx"],
        ["init", out / "blank.xlsx"],
        ["diff", SAMPLE_2022, SAMPLE_2025, "-o", out / "diff.xlsx"],
    ):
        result = runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
        assert result.exit_code == (1 if args[0] == "diff" else 0), result.output  # diff: 1 = differences
    return {p.stem: p for p in out.glob("*.xlsx")}


def _width_units(ws) -> float:
    last = ws.max_column
    return sum(ws.column_dimensions[get_column_letter(c)].width for c in range(1, last + 1))


@pytest.mark.parametrize(
    ("name", "sheet", "paper", "orientation"),
    [
        ("master", LIST_SHEET, A3, "landscape"),
        ("blank", LIST_SHEET, A3, "landscape"),
        ("master", NOTICE_SHEET, A4, "portrait"),
        ("master", HELP_SHEET, A4, "portrait"),
        ("diff", "调整对照表", A4, "landscape"),
    ],
)
def test_print_setup_readable(outputs, name, sheet, paper, orientation) -> None:
    ws = load_workbook(outputs[name])[sheet]
    assert (str(ws.page_setup.paperSize), ws.page_setup.orientation) == (paper, orientation)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0  # pages run down, never shrink to one
    assert _width_units(ws) <= MAX_UNITS[paper, orientation], "columns too wide to print at 8 pt"
    m = ws.page_margins
    # LibreOffice gives the footer the space between the footer margin and the bottom margin
    assert m.bottom - m.footer >= 0.4 and m.footer >= 0.2
    assert ws.oddFooter.center.text and "&P" in ws.oddFooter.center.text


def test_master_with_code_column_still_fits_a3(tmp_path: Path, sample_list) -> None:
    from toolkit.model import PowerList
    from toolkit.writer import write_workbook

    recs = [dict(r, 事项编码=f"00{i}") for i, r in enumerate(sample_list.records())]
    path = write_workbook(PowerList.from_records(recs), tmp_path / "coded.xlsx")
    ws = load_workbook(path)[LIST_SHEET]
    assert ws.cell(row=2, column=14).value == "事项编码" or ws.cell(row=1, column=14).value == "事项编码"
    assert _width_units(ws) <= MAX_UNITS[A3, "landscape"]
    assert ws.print_title_rows == "$1:$2"


def test_diff_filter_keeps_continuation_rows(outputs) -> None:
    """Filtering on 调整类型 (or 权力分类, 项目名称 …) must keep every sheet row of an item: each row carries the
    item's values instead of a merged cell, whose lower rows are blank to the AutoFilter."""
    ws = load_workbook(outputs["diff"])["调整对照表"]
    assert ws.auto_filter.ref == f"A{HEADER_ROW}:I{ws.max_row}"
    rows = range(HEADER_ROW + 1, ws.max_row + 1)
    for r in rows:
        assert ws.cell(row=r, column=2).value in ("新增", "取消", "变更", "合并", "拆分"), f"row {r} has no 调整类型"
        for c in (1, 3, 4, 6):
            assert ws.cell(row=r, column=c).value not in (None, ""), f"row {r} column {c} empty"
    # No merged cell in the filter range (merged cells of different heights make Excel and WPS refuse to
    # sort): 调整理由 starts on the item's first row (filled from 调整说明 and the law library) and, when long,
    # continues on the item's next rows as 调整前/调整后 do.
    assert not [m for m in ws.merged_cells.ranges if m.max_row >= HEADER_ROW]
    starts = [
        r for r in rows if r == HEADER_ROW + 1 or ws.cell(row=r, column=1).value != ws.cell(row=r - 1, column=1).value
    ]
    continued = [r for r in starts if r + 1 in rows and r + 1 not in starts]
    assert continued, "the sample has items long enough to continue on further rows"
    for first in continued:
        cont = first + 1
        assert ws.cell(row=first, column=9).value
        assert ws.cell(row=cont, column=2).value == ws.cell(row=first, column=2).value
        assert ws.cell(row=cont, column=4).value == ws.cell(row=first, column=4).value
        assert ws.cell(row=cont, column=2).fill.fgColor.rgb == ws.cell(row=first, column=2).fill.fgColor.rgb
        # repeated in grey, so the item still reads as one block
        assert ws.cell(row=cont, column=4).font.color.rgb == "FF808080"
        assert (
            ws.cell(row=first, column=4).font.color is None or ws.cell(row=first, column=4).font.color.rgb != "FF808080"
        )


def test_category_dropdown_matches_validate(outputs) -> None:
    ws = load_workbook(outputs["blank"])[LIST_SHEET]
    (dv,) = ws.data_validations.dataValidation
    assert dv.formula1.strip('"').split(",") == list(CATEGORIES)  # what validate accepts without a warning
    assert dv.errorStyle == "warning"  # a local category can still be typed after confirming
    assert "--category" in dv.error and all(c in dv.error for c in LOCAL_CATEGORIES)
    assert len(dv.error) <= 255 and len(dv.prompt) <= 255  # Excel's limits
    help_text = "\n".join(
        str(c.value) for row in load_workbook(outputs["blank"])[HELP_SHEET].iter_rows() for c in row if c.value
    )
    assert "--category" in help_text and "行政备案" in help_text


def test_every_notice_field_has_help(outputs) -> None:
    ws = load_workbook(outputs["blank"])[NOTICE_SHEET]
    for r, field in enumerate(NOTICE_FIELDS, start=2):
        assert ws.cell(row=r, column=1).value == field.name
        assert ws.cell(row=r, column=1).comment is not None, f"{NOTICE_SHEET}!A{r}（{field.name}）has no help"


def _modal_size(page) -> float:
    return Counter(round(ch["size"], 1) for ch in page.chars).most_common(1)[0][0]


@needs_soffice
@pytest.mark.parametrize("name", ["master", "diff"])
def test_libreoffice_prints_readable_text_and_whole_footer(outputs, name, tmp_path: Path) -> None:
    import pdfplumber

    wb = load_workbook(outputs[name])
    margins = {ws.title: ws.page_margins for ws in wb.worksheets}
    (bottom,) = {m.bottom for m in margins.values()}
    (footer,) = {m.footer for m in margins.values()}
    pdf_path = soffice_convert(outputs[name], "pdf", tmp_path)
    with pdfplumber.open(pdf_path) as pdf:
        for n, page in enumerate(pdf.pages, start=1):
            assert _modal_size(page) >= 7.95, f"page {n}: body text prints at {_modal_size(page)} pt"
            words = [w for w in page.extract_words() if w["top"] > page.height - bottom * 72 - 2]
            assert "".join(w["text"] for w in words).startswith(f"第{n}页，共"), words
            # the footer lies inside its band, not below the footer margin where LibreOffice clips it
            assert all(w["bottom"] <= page.height - footer * 72 + 0.5 for w in words), (n, words)
