"""Reading tolerance: what real workbooks look like (section 2 of the foundation issue)."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit import read_workbook, write_workbook
from toolkit.errors import EmptyListError, MissingColumnsError
from toolkit.model import COLUMN_NAMES, PowerList

from .workbook_helpers import GROUP_ROW, ONE_ROW_HEADER, SUB_ROW, TWO_ROW_MERGES, item, rows_for, write_rows

FIX = Path(__file__).parent / "fixtures" / "workbook"


def _codes(pl: PowerList) -> list[str]:
    return [w.code for w in pl.warnings]


# Each case: rows, merges, expected (序号 list, Excel rows, header rows), extra check.
def _one_row(tmp: Path) -> Path:
    return write_rows(tmp / "a.xlsx", [ONE_ROW_HEADER, *rows_for([item(1), item(2)])])


def _two_row(tmp: Path) -> Path:
    return write_rows(tmp / "a.xlsx", [GROUP_ROW, SUB_ROW, *rows_for([item(1), item(2)])], merges=TWO_ROW_MERGES)


def _variants(tmp: Path) -> Path:
    header = [
        "序 号",
        "权力类型",
        "事项名称",
        "子项",
        "实施机关",
        "承办机构",
        "设定依据",
        "责任事项（明确责任主体）",
        "责任事项依据",
        "追责情形(明确内部追责主体)",
        "追责依据（问责依据",
        "免责事项",
        "备注\n（其他）",
    ]
    return write_rows(tmp / "a.xlsx", [header, *rows_for([item(1), item(2)])])


def _code_column(tmp: Path) -> Path:
    header = [*ONE_ROW_HEADER[:2], "事项编码", *ONE_ROW_HEADER[2:]]
    items = [item(1, 事项编码="000123"), item(2, 事项编码="000124")]
    return write_rows(tmp / "a.xlsx", [header, *rows_for(items, header)])


def _merged_name(tmp: Path) -> Path:
    items = [
        item(1, 子项名称="子项甲"),
        item(2, 项目名称="", 子项名称="子项乙"),
        item(3, 项目名称="", 子项名称="子项丙"),
        item(4, 项目名称="另一项"),
    ]
    return write_rows(tmp / "a.xlsx", [ONE_ROW_HEADER, *rows_for(items)], merges=("C2:C4",))


def _blank_rows(tmp: Path) -> Path:
    empty = [""] * 13
    spaces = [" ", "\u3000", *[""] * 11]
    return write_rows(
        tmp / "a.xlsx", [ONE_ROW_HEADER, empty, *rows_for([item(1)]), spaces, *rows_for([item(2)]), empty, empty]
    )


def _spaces(tmp: Path) -> Path:
    it = item(
        1, 权力分类="  行政检查\u3000", 项目名称="\u3000对保密工作的检查 ", 责任事项="1．甲\r\n\r\n \u30002．乙 \r\n"
    )
    return write_rows(tmp / "a.xlsx", [ONE_ROW_HEADER, *rows_for([it, item(2)])])


def _numbers(tmp: Path) -> Path:
    return write_rows(tmp / "a.xlsx", [ONE_ROW_HEADER, *rows_for([item(1.0), item("2"), item(" 3 ")])])  # type: ignore[arg-type]


def _title_rows(tmp: Path) -> Path:
    rows = [
        ["附件"],
        ["兴安县国家保密局权责清单"],
        ["（共 2 项）"],
        [],
        GROUP_ROW,
        SUB_ROW,
        *rows_for([item(1), item(2)]),
    ]
    return write_rows(
        tmp / "a.xlsx", rows, merges=("A2:M2", "A5:A6", "B5:B6", "C5:G5", "H5:L5", "M5:M6"), sheet="Sheet1"
    )


def _sections_notes(tmp: Path) -> Path:
    rows = [
        ONE_ROW_HEADER,
        list(range(1, 14)),
        ["一、行政检查（共 2 项）"],
        *rows_for([item(1), item(2)]),
        ["二、其他行政权力"],
        *rows_for([item(3, 权力分类="其他行政权力")]),
        ["注：本清单自公布之日起施行。"],
        ["制表人：张三", "", "", "", "", "", "审核人：李四"],
        ["填报人：王五", "", "", "", "", "审核人：李四", "", "", "", "", "联系电话：0773-6221234"],
    ]
    return write_rows(tmp / "a.xlsx", rows, merges=("A3:M3",))


def _lone_number(tmp: Path) -> Path:
    # A clerk who numbered rows before filling them: the row is an (incomplete) item, not a title.
    return write_rows(tmp / "a.xlsx", [ONE_ROW_HEADER, *rows_for([item(1)]), [2], [3, "", "只填了名称"]])


def _extra_columns(tmp: Path) -> Path:
    header = [*ONE_ROW_HEADER, "联系电话", "设定依据"]
    items = [dict(item(1), 联系电话="1234", 设定依据="重复列"), dict(item(2), 联系电话="", 设定依据="")]
    return write_rows(tmp / "a.xlsx", [header, *rows_for(items, header)])


CASES = {
    "one-row-header": (_one_row, ["1", "2"], [2, 3], (1,)),
    "two-row-header": (_two_row, ["1", "2"], [3, 4], (1, 2)),
    "header-variants": (_variants, ["1", "2"], [2, 3], (1,)),
    "code-column-anywhere": (_code_column, ["1", "2"], [2, 3], (1,)),
    "merged-name-filled-down": (_merged_name, ["1", "2", "3", "4"], [2, 3, 4, 5], (1,)),
    "blank-and-trailing-rows": (_blank_rows, ["1", "2"], [3, 5], (1,)),
    "spaces-and-crlf": (_spaces, ["1", "2"], [2, 3], (1,)),
    "numbers-text-and-number": (_numbers, ["1", "2", "3"], [2, 3, 4], (1,)),
    "title-rows-above-header": (_title_rows, ["1", "2"], [7, 8], (5, 6)),
    "sections-and-notes-skipped": (_sections_notes, ["1", "2", "3"], [4, 5, 7], (1,)),
    "lone-number-kept": (_lone_number, ["1", "2", "3"], [2, 3, 4], (1,)),
    "extra-and-duplicate-columns": (_extra_columns, ["1", "2"], [2, 3], (1,)),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_layouts(case, tmp_path):
    build, seqs, rows, header_rows = CASES[case]
    pl = read_workbook(build(tmp_path))
    assert list(pl.items["序号"]) == seqs
    assert pl.rows == rows
    assert pl.source.header_rows == header_rows
    assert list(pl.items.columns)[:13] == list(COLUMN_NAMES)
    assert all(isinstance(v, str) for v in pl.items.to_numpy().ravel())
    # Every item keeps its required content (nothing shifted between columns).
    assert all(pl.items["实施主体"] != "") or case == "lone-number-kept"


def test_variants_map_to_standard_columns(tmp_path):
    pl = read_workbook(_variants(tmp_path))
    assert pl.items.loc[0, "追责依据"].startswith("1．【法律】")
    assert pl.items.loc[0, "备注"] == ""
    assert pl.warnings == []


def test_code_column_letters(tmp_path):
    pl = read_workbook(_code_column(tmp_path))
    assert list(pl.items["事项编码"]) == ["000123", "000124"]
    assert pl.cell_ref(1, "项目名称") == (3, "D3")
    assert pl.cell_ref(0, "事项编码") == (2, "C2")


def test_merged_name_filled(tmp_path):
    pl = read_workbook(_merged_name(tmp_path))
    assert list(pl.items["项目名称"]) == ["对保密工作的检查1"] * 3 + ["另一项"]
    assert list(pl.items["子项名称"]) == ["子项甲", "子项乙", "子项丙", ""]


def test_spaces_cleaned(tmp_path):
    pl = read_workbook(_spaces(tmp_path))
    assert pl.items.loc[0, "权力分类"] == "行政检查"
    assert pl.items.loc[0, "项目名称"] == "对保密工作的检查"
    assert pl.items.loc[0, "责任事项"] == "1．甲\n2．乙"


def test_sections_and_notes_reported(tmp_path):
    pl = read_workbook(_sections_notes(tmp_path))
    skipped = [w for w in pl.warnings if w.code == "QZ004"]
    assert [w.row for w in skipped] == [2, 8, 9, 10]
    assert "列序号行" in skipped[0].message
    # Category banners are read for the items below them (their 权力分类 is filled already: kept), not dropped.
    banners = [w for w in pl.warnings if w.code == "QZ012"]
    assert [w.row for w in banners] == [3, 6] and "一、行政检查" in banners[0].message
    assert pl.sections == [2]
    assert "落款" in skipped[-1].message and "联系电话" in skipped[-1].message  # spread over three cells


def test_lone_number_row_is_an_item(tmp_path):
    pl = read_workbook(_lone_number(tmp_path))
    assert pl.items.loc[1, "项目名称"] == "" and pl.items.loc[2, "权力分类"] == ""
    assert "QZ004" not in _codes(pl)


def test_extra_and_duplicate_columns_warned(tmp_path):
    pl = read_workbook(_extra_columns(tmp_path))
    qz1 = [w for w in pl.warnings if w.code == "QZ001"]
    assert [(w.cell, w.severity) for w in qz1] == [("N1", "warning"), ("O1", "warning")]
    # Nothing dropped: both columns are carried as extra columns under their own headers.
    assert pl.extra_columns == ["联系电话", "设定依据"] and pl.column("设定依据") == ["重复列", ""]
    assert "联系电话" in qz1[0].message and "重复" in qz1[1].message
    assert pl.items.loc[0, "实施依据"].startswith("1．【法律】")  # the first 实施依据 column wins


def test_formula_without_cached_value(tmp_path):
    rows = [ONE_ROW_HEADER, *rows_for([item(1), item(2)])]
    rows[2][0] = "=A2+1"
    pl = read_workbook(write_rows(tmp_path / "f.xlsx", rows))
    (f,) = [w for w in pl.warnings if w.code == "QZ005"]
    assert (f.cell, f.severity, f.column) == ("A3", "error", "序号")
    assert "A3" in f.message and "没有保存计算结果" in f.message
    assert pl.items.loc[1, "序号"] == ""


def test_formula_cached_values_used():
    pl = read_workbook(FIX / "formula-cached.xlsx")
    assert pl.items.loc[1, "项目名称"] == "对涉密会议的检查"
    assert list(pl.items["序号"]) == ["1", "2", "3"]
    found = [(w.code, w.cell) for w in pl.warnings]
    assert found == [("QZ002", "C3"), ("QZ002", "A4")]
    assert all("单元格 " + w.cell in w.message for w in pl.warnings if w.cell)


def test_legacy_xls_published_layout():
    pl = read_workbook(FIX / "published.xls")
    assert pl.source.sheet == "Sheet1" and pl.source.header_rows == (3, 4)
    assert list(pl.items["项目名称"]) == ["对保密工作的检查1", "对保密工作的检查1", "对违法行为的处罚"]
    assert list(pl.items["子项名称"]) == ["甲子项", "乙子项", ""]
    assert pl.items.loc[0, "实施依据"].split("\n")[1].startswith("2．【行政法规】")


def test_roundtrip_through_writer_keeps_everything(tmp_path, seed_list):
    out = write_workbook(seed_list, tmp_path / "m.xlsx")
    assert read_workbook(out).items.equals(seed_list.items)


def test_strict_missing_required_columns_names_them(tmp_path):
    header = ["序号", "权力分类", "项目名称", "实施依据"]
    path = write_rows(tmp_path / "m.xlsx", [header, [1, "行政检查", "甲", "乙"]])
    with pytest.raises(MissingColumnsError) as exc:
        read_workbook(path)
    msg = str(exc.value)
    assert "实施主体、责任事项、追责情形、追责依据" in msg and "序号、权力分类、项目名称、实施依据" in msg
    lax = read_workbook(path, strict=False)
    assert {w.message for w in lax.warnings if w.code == "QZ003" and w.severity == "error"} >= {
        "表头（第 1 行）缺少“实施主体”列，已按空列处理。"
    }


def test_header_only_is_empty_list(tmp_path):
    path = write_rows(tmp_path / "m.xlsx", [GROUP_ROW, SUB_ROW, [], [""] * 13], merges=TWO_ROW_MERGES)
    with pytest.raises(EmptyListError, match="表头在第 2 行"):
        read_workbook(path)


def test_unknown_column_in_a_merged_header_cell_is_named_where_its_text_is(tmp_path):
    """An extra column whose header is merged over both header rows (N1:N2) is reported at N1."""
    group = [*GROUP_ROW, "联系电话"]
    sub = [*SUB_ROW, ""]
    body = [[*row, "0773-6222222"] for row in rows_for([item(1), item(2)], [*GROUP_ROW[:2], *SUB_ROW[2:12], "备注"])]
    path = write_rows(tmp_path / "extra.xlsx", [group, sub, *body], merges=(*TWO_ROW_MERGES, "N1:N2"))
    pl = read_workbook(path)
    (w,) = [w for w in pl.warnings if w.code == "QZ001"]
    assert (w.cell, w.row) == ("N1", 1) and "联系电话" in w.message and "N1" in w.message


def test_skipped_note_row_quotes_with_an_ellipsis(tmp_path):
    note = "填表人：张三，联系电话：0773-62222222，审核人：李四，填报日期：2025年3月18日"
    rows = [ONE_ROW_HEADER, *rows_for([item(1), item(2)]), [note]]
    pl = read_workbook(write_rows(tmp_path / "note.xlsx", rows))
    (w,) = [w for w in pl.warnings if w.code == "QZ004"]
    assert "…" in w.message and note not in w.message and note[:29] in w.message


def _several_lists(tmp: Path) -> Path:
    # One list per category, each on its own sheet (as some units circulate them), plus a sheet of notes.
    first = [ONE_ROW_HEADER, *rows_for([item(1), item(2)])]
    second = [ONE_ROW_HEADER, *rows_for([item(1, 权力分类="行政处罚", 项目名称="甲")])]
    third = [ONE_ROW_HEADER, *rows_for([item(1, 权力分类="行政强制", 项目名称="乙")])]
    notes = [["填表说明"], ["每行填写一个事项。"]]  # not a list: never named
    return write_rows(
        tmp / "a.xlsx", first, sheet="行政检查", extra_sheets={"行政处罚": second, "说明页": notes, "行政强制": third}
    )


def test_other_sheets_holding_a_list_are_named(tmp_path):
    from toolkit.reading.codes import needs_review

    pl = read_workbook(_several_lists(tmp_path))
    assert pl.source.sheet == "行政检查" and len(pl) == 2
    (f,) = [w for w in pl.warnings if w.code == "QZ013"]
    assert f.severity == "warning" and f.sheet == "行政检查"
    assert "“行政处罚”、“行政强制”" in f.message and "说明页" not in f.message
    assert "单独的工作簿" in f.message
    assert needs_review(pl)  # import exits 1: content was not read


def test_single_list_workbook_names_no_other_sheet(tmp_path):
    pl = read_workbook(_one_row(tmp_path))
    assert "QZ013" not in {w.code for w in pl.warnings}


def test_master_workbook_help_sheet_is_not_another_list():
    # The 填表说明 sheet qzqd writes lists the column names, yet holds no items.
    pl = read_workbook(Path(__file__).resolve().parent.parent / "workbooks" / "xingan-2022.xlsx")
    assert "QZ013" not in {w.code for w in pl.warnings}
