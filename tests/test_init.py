"""`qzqd init`: an empty master workbook a clerk can fill in Excel, WPS or LibreOffice."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from toolkit import init_workbook, read_workbook
from toolkit.errors import EmptyListError
from toolkit.model import CATEGORIES, COLUMN_NAMES, HELP_SHEET, LIST_SHEET, NOTICE_FIELDS, NOTICE_SHEET

from .office import needs_soffice, soffice_convert


@pytest.fixture(scope="module")
def empty_book(tmp_path_factory) -> Path:
    return init_workbook(tmp_path_factory.mktemp("init") / "新主表.xlsx")


def test_empty_workbook_reads_as_empty_list(empty_book):
    with pytest.raises(EmptyListError) as exc:
        read_workbook(empty_book)
    msg = str(exc.value)
    assert "清单中没有任何事项" in msg and "第 2 行" in msg and "新主表.xlsx" in msg and LIST_SHEET in msg


def test_sheets_header_and_layout(empty_book):
    wb = load_workbook(empty_book)
    assert wb.sheetnames == [LIST_SHEET, NOTICE_SHEET, HELP_SHEET, "调整说明", "请示"]
    ws = wb[LIST_SHEET]
    assert [ws.cell(2, c).value or ws.cell(1, c).value for c in range(1, 14)][:2] == ["序号", "权力分类"]
    assert ws["C1"].value == "权力清单" and ws["H1"].value == "责任清单"
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:A2", "B1:B2", "C1:G1", "H1:L1", "M1:M2"}
    assert ws.freeze_panes == "C3"
    assert ws.print_title_rows == "$1:$2"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    widths = [ws.column_dimensions[chr(64 + c)].width for c in range(1, 14)]
    assert min(widths) >= 5 and widths[6] > 2 * widths[0]  # 实施依据 wide, 序号 narrow
    assert ws["G3"].alignment.wrap_text and ws["G3"].alignment.vertical == "top"
    notice = wb[NOTICE_SHEET]
    assert [notice.cell(r, 1).value for r in range(2, 2 + len(NOTICE_FIELDS))] == [f.name for f in NOTICE_FIELDS]


def test_category_dropdown(empty_book):
    ws = load_workbook(empty_book)[LIST_SHEET]
    (dv,) = ws.data_validations.dataValidation
    assert dv.type == "list" and str(dv.sqref) == "B3:B1048576"
    assert dv.formula1.strip('"').split(",")[: len(CATEGORIES)] == list(CATEGORIES)
    assert len(dv.formula1) <= 257  # Excel's limit for an inline list


def test_help_sheet_explains_every_column(empty_book):
    ws = load_workbook(empty_book)[HELP_SHEET]
    names = {ws.cell(r, 1).value: ws.cell(r, 3).value for r in range(1, ws.max_row + 1)}
    for name in COLUMN_NAMES:
        assert names.get(name), name


@needs_soffice
def test_libreoffice_opens_and_converts(empty_book, tmp_path):
    pdf = soffice_convert(empty_book, "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for word in ("权力清单", "责任清单", "实施依据", "填表说明", "发文字号"):
        assert word in text, word


@needs_soffice
def test_filled_in_libreoffice_reads_back(empty_book, tmp_path):
    """A clerk fills one item; the file survives a LibreOffice save and is read back with its drop-down."""
    wb = load_workbook(empty_book)
    ws = wb[LIST_SHEET]
    values = [
        1,
        "行政检查",
        "对保密工作的检查",
        "",
        "兴安县国家保密局",
        "",
        "1．【法律】《保密法》第六条",
        "1．检查（县保密局）",
        "",
        "1．不履行职责的",
        "1．【法律】《公务员法》",
        "",
        "",
    ]
    for c, v in enumerate(values, start=1):
        ws.cell(3, c, v)
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    saved = soffice_convert(filled, "xlsx:Calc MS Excel 2007 XML", tmp_path / "lo")
    pl = read_workbook(saved)
    assert len(pl) == 1 and pl.items.loc[0, "项目名称"] == "对保密工作的检查" and pl.rows == [3]
    dv = load_workbook(saved)[LIST_SHEET].data_validations.dataValidation
    assert any("行政许可" in (d.formula1 or "") for d in dv)


def test_cli_init_refuses_overwrite(cli, tmp_path):
    path = tmp_path / "新.xlsx"
    assert cli("init", path).exit_code == 0 and path.exists()
    before = path.read_bytes()
    r = cli("init", path)
    assert r.exit_code == 2 and "--force" in r.output and "Traceback" not in r.output
    assert path.read_bytes() == before
    assert cli("init", path, "--force").exit_code == 0


@pytest.mark.parametrize(
    "name", ["新主表.xls", "新主表", "新主表.xlsm", "新主表.csv"], ids=["xls", "no-suffix", "xlsm", "csv"]
)
def test_init_refuses_names_that_are_not_xlsx(cli, tmp_path, name):
    r = cli("init", tmp_path / name)
    assert r.exit_code == 2
    assert ".xlsx 结尾" in r.output and name in r.output
    assert list(tmp_path.iterdir()) == []
