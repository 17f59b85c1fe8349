"""The reader keeps the merged ranges it fills down (``Source.merges``), so the validator reports a finding on a
merged range once without opening the file again."""

from __future__ import annotations

from pathlib import Path

from toolkit.model import COLUMN_NAMES
from toolkit.reading.xlsx import read_workbook
from toolkit.validate import validate
from toolkit.validate.report import vertical_merges

from .workbook_helpers import GROUP_ROW, SUB_ROW, TWO_ROW_MERGES, item, rows_for, write_rows

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _merged(path: Path) -> Path:
    # Items 2-4 (rows 4-6) share one 权力分类 and 项目名称, written as the clerk's typo 监督检察 (QZ104 on each row);
    # row 7 has a horizontal merge (责任事项 over 责任事项依据), which is not a filled-down range.
    items = [item(n) for n in range(1, 6)]
    for n, it in enumerate(items[1:4], start=1):
        it.update({"权力分类": "监督检察", "项目名称": "对保密工作的监督检查", "子项名称": f"子项{n}"})
    items[4]["责任事项依据"] = ""
    merges = (*TWO_ROW_MERGES, "B4:B6", "C4:C6", "H7:I7")
    return write_rows(path, [GROUP_ROW, SUB_ROW, *rows_for(items)], merges=merges)


def test_xlsx_merges_are_kept_for_the_data_area_only(tmp_path: Path) -> None:
    pl = read_workbook(_merged(tmp_path / "merged.xlsx"))
    # The header's merges (A1:A2, C1:G1 …) and the horizontal H7:I7 are not filled-down ranges.
    assert pl.source.merges == {"B": [(4, 6)], "C": [(4, 6)]}
    assert vertical_merges(pl) is pl.source.merges


def test_xls_and_ods_merges_are_kept() -> None:
    xls = read_workbook(FIXTURES / "workbook" / "published.xls", strict=False)
    assert xls.source.header_rows == (3, 4) and xls.source.merges == {"C": [(5, 6)]}
    ods = read_workbook(FIXTURES / "reading" / "merged.ods", strict=False)
    assert ods.source.merges == {"B": [(4, 6)], "C": [(4, 6)], "E": [(4, 6)]}


def test_findings_collapse_without_the_file(tmp_path: Path) -> None:
    # The ranges come from the reading, not from opening the workbook a second time.
    src = _merged(tmp_path / "merged.xlsx")
    pl = read_workbook(src)
    src.unlink()
    report = validate(pl)
    assert [f.cell for f in report.findings if f.code == "QZ104"] == ["B4"]


def test_unmerged_list_has_no_ranges(tmp_path: Path) -> None:
    src = write_rows(
        tmp_path / "plain.xlsx", [GROUP_ROW, SUB_ROW, *rows_for([item(1), item(2)])], merges=TWO_ROW_MERGES
    )
    assert read_workbook(src).source.merges == {}


def test_sheet_member_unescapes_the_sheet_name(tmp_path: Path) -> None:
    # workbook.xml writes 甲&乙's "清单" as name="甲&amp;乙&apos;s &quot;清单&quot;"; the formula is found on it.
    import zipfile

    from toolkit.reading.sheetxml import scan_sheet, sheet_member

    name = '甲&乙\'s "清单"'
    rows = [
        list(COLUMN_NAMES),
        [1, "行政检查", '="对"&"检查"', "", "局", "", "《法》", "检查", "", "不检查的", "《法》"],
    ]
    src = write_rows(tmp_path / "amp.xlsx", rows, sheet=name)
    with zipfile.ZipFile(src) as zf:
        assert "&amp;" in zf.read("xl/workbook.xml").decode()
        assert sheet_member(zf, name) == "xl/worksheets/sheet1.xml"
    assert scan_sheet(src, name) == ({"C2": False}, set())


def _formulas_and_hidden(path: Path) -> Path:
    from openpyxl import load_workbook

    rows = [
        list(COLUMN_NAMES),
        *([n, "行政检查", f"检查{n}", "", "局", "", "《法》", "检查", "", "不检查的", "《法》"] for n in range(1, 6)),
    ]
    rows[2][2] = '="对"&"检查"'  # C3: a formula without a cached value
    src = write_rows(path, rows, extra_sheets={"其他": [["甲"], ["=A1"]]})
    wb = load_workbook(src)
    wb["权责清单"].row_dimensions[4].hidden = True
    wb["其他"].row_dimensions[2].hidden = True
    wb.save(src)
    return src


def test_size_check_finds_the_formulas_and_hidden_rows_that_scan_sheet_finds(tmp_path: Path) -> None:
    # The reader takes them from the size check's scan (one inflate of the sheet) instead of scanning again.
    from toolkit.limits import check_xlsx
    from toolkit.reading.sheetxml import scan_sheet

    paths = [_formulas_and_hidden(tmp_path / "f.xlsx"), *sorted(FIXTURES.rglob("*.xlsx"))]
    compared = 0
    for src in paths:
        try:
            plan = check_xlsx(src)
        except Exception:  # noqa: BLE001 - an encrypted fixture: not measured, nothing to compare
            continue
        for name, layout in plan.layout.items():
            assert layout == scan_sheet(src, name), (src, name)
            compared += 1
    assert compared >= len(paths)
    plan = check_xlsx(paths[0])
    assert plan.layout == {"权责清单": ({"C3": False}, {4}), "其他": ({"A2": False}, {2})}
