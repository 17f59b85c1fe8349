"""Validation findings and the annotated copy: merged cells, QZ207's cell, the clerk's own 检查结果
sheet, the printable 检查结果 sheet, QZ403 on a revision not yet in force, QZ304 on a law's own name."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import load_workbook

from toolkit.validate import validate
from toolkit.validate.annotate import RESULT_MARKER, annotate_workbook

from .workbook_helpers import GROUP_ROW, SUB_ROW, TWO_ROW_MERGES, item, rows_for, write_rows


def _write(path: Path, items: list[dict[str, object]], merges: tuple[str, ...] = ()) -> Path:
    """The official two-row header (columns A-M in standard order), items from row 3, the given merges."""
    return write_rows(path, [GROUP_ROW, SUB_ROW, *rows_for(items)], merges=TWO_ROW_MERGES + merges)


def _merged_items() -> list[dict[str, object]]:
    # Items 2-4 share one 权力分类 and 项目名称 (rows 4-6), as a clerk merges them; each has its own 子项名称.
    items = [item(n) for n in range(1, 6)]
    for it in items[1:4]:
        it["权力分类"] = "监督检查"
        it["项目名称"] = "对保密工作的监督检查(含专项检查)"
    for n, it in enumerate(items[1:4], start=1):
        it["子项名称"] = f"子项{n}"
    return items


# --- 1. findings on a merged range, once ---------------------------------------------------------------------


def test_merged_range_gives_one_finding_at_its_top_left_cell(tmp_path: Path, cli) -> None:
    src = _write(tmp_path / "merged.xlsx", _merged_items(), ("B4:B6", "C4:C6"))
    report = validate(src)
    qz104 = [f.cell for f in report.findings if f.code == "QZ104"]
    qz209 = [f.cell for f in report.findings if f.code == "QZ209"]
    assert qz104 == ["B4"] and qz209 == ["C4"]

    result = cli("validate", src, "--json")
    found = json.loads(result.output)["findings"]
    assert [f["cell"] for f in found if f["code"] in ("QZ104", "QZ209")] == ["B4", "C4"]

    out = tmp_path / "merged-检查.xlsx"
    result = cli("validate", src, "--annotate", out)
    assert result.output.count("QZ104") == 1
    wb = load_workbook(out)
    comment = wb["权责清单"]["B4"].comment.text
    assert comment.count("QZ104") == 1
    codes = [r[1] for r in wb["检查结果"].iter_rows(min_row=4, values_only=True)]
    assert codes.count("QZ104") == 1 and codes.count("QZ209") == 1


def test_repeated_values_without_merge_stay_one_finding_per_cell(tmp_path: Path) -> None:
    # The same typo typed into three cells is three cells to fix.
    src = _write(tmp_path / "repeated.xlsx", _merged_items())
    report = validate(src)
    assert [f.cell for f in report.findings if f.code == "QZ104"] == ["B4", "B5", "B6"]


# --- 2. QZ207 marks the duplicate's own row ------------------------------------------------------------------


def _duplicate_items(sub: str) -> list[dict[str, object]]:
    # Rows 4-6 share a merged 项目名称; row 5 repeats row 4's 子项名称 (trailing space: the same after normalising).
    items = [item(n) for n in range(1, 6)]
    for it, name in zip(items[1:4], ("子项甲", "子项甲 ", "子项乙"), strict=True):
        it["项目名称"] = "对保密工作的监督检查"
        it["子项名称"] = name if sub else ""
    if not sub:
        items[3]["权力分类"] = "行政强制"  # row 6 differs by its category only
    return items


def test_duplicate_under_merged_name_is_marked_on_its_own_row(tmp_path: Path, cli) -> None:
    src = _write(tmp_path / "dup.xlsx", _duplicate_items("子项"), ("C4:C6",))
    (f,) = [f for f in validate(src).findings if f.code == "QZ207"]
    assert (f.cell, f.column, f.row) == ("D5", "子项名称", 5)
    assert "第 4 行" in f.message

    out = tmp_path / "dup-检查.xlsx"
    cli("validate", src, "--annotate", out)
    ws = load_workbook(out)["权责清单"]
    assert "QZ207" in ws["D5"].comment.text
    assert ws["C4"].comment is None or "QZ207" not in ws["C4"].comment.text


def test_duplicate_under_merged_name_without_subitem_is_marked_on_its_number(tmp_path: Path) -> None:
    src = _write(tmp_path / "dup.xlsx", _duplicate_items(""), ("C4:C6",))
    assert [(f.cell, f.column) for f in validate(src).findings if f.code == "QZ207"] == [("A5", "序号")]


def test_duplicate_with_its_own_name_cell_is_marked_there(tmp_path: Path) -> None:
    src = _write(tmp_path / "dup.xlsx", _duplicate_items("子项"))
    assert [(f.cell, f.column) for f in validate(src).findings if f.code == "QZ207"] == [("C5", "项目名称")]


# --- 3. the clerk's own 检查结果 sheet stays -------------------------------------------------------------------


def test_clerks_own_result_sheet_is_kept(tmp_path: Path) -> None:
    src = _write(tmp_path / "own.xlsx", [item(1), item(2, 权力分类="监督检查")])
    wb = load_workbook(src)
    wb.create_sheet("检查结果").append(["科室自查记录：3月10日 张三 已核对第1-3项"])
    wb.save(src)
    first = annotate_workbook(src, validate(src), tmp_path / "a1.xlsx")
    wb = load_workbook(first)
    assert wb.sheetnames[-2:] == ["检查结果", "检查结果（qzqd）"]
    assert wb["检查结果"]["A1"].value.startswith("科室自查记录")
    assert wb["检查结果（qzqd）"]["A1"].value.startswith("检查结果：错误")

    # Annotating the annotated copy again replaces qzqd's sheet only.
    second = annotate_workbook(first, validate(first), tmp_path / "a2.xlsx")
    wb = load_workbook(second)
    assert wb.sheetnames[-2:] == ["检查结果", "检查结果（qzqd）"]
    assert wb["检查结果"]["A1"].value.startswith("科室自查记录")


def test_result_sheet_of_an_older_qzqd_is_replaced(tmp_path: Path) -> None:
    # Copies annotated before the marker existed are recognised by qzqd's title line and header row.
    src = _write(tmp_path / "old.xlsx", [item(1), item(2, 权力分类="监督检查")])
    first = annotate_workbook(src, validate(src), tmp_path / "a1.xlsx")
    wb = load_workbook(first)
    del wb["检查结果"].defined_names[RESULT_MARKER]
    wb.save(first)
    second = annotate_workbook(first, validate(first), tmp_path / "a2.xlsx")
    assert load_workbook(second).sheetnames.count("检查结果") == 1
    assert "检查结果（qzqd）" not in load_workbook(second).sheetnames


# --- 4. the 检查结果 sheet reads on screen and on paper ------------------------------------------------------


def test_result_sheet_is_wrapped_sized_and_printable(tmp_path: Path) -> None:
    src = _write(tmp_path / "print.xlsx", [item(1), item(2, 权力分类="监督检查", 项目名称="对保密工作的检查(含专项)")])
    report = validate(src)
    out = annotate_workbook(src, report, tmp_path / "print-检查.xlsx")
    ws = load_workbook(out)["检查结果"]
    rows = list(ws.iter_rows(min_row=4, max_col=6))
    assert len(rows) == len(report.findings)
    for row in rows:
        message = row[5].value
        assert row[5].alignment.wrap_text
        # 90 character units hold at most ~47 CJK characters per line, 13.5 pt a line: nothing is clipped.
        lines = -(-len(message) // 45)
        assert ws.row_dimensions[row[0].row].height >= lines * 13.5, message
    assert max(len(r[5].value) for r in rows) > 60  # QZ104 lists the categories: more than one line
    assert ws.freeze_panes == "A4"
    assert ws.auto_filter.ref == f"A3:F{3 + len(rows)}"
    assert ws.print_title_rows == "$3:$3"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage


# --- 5. QZ403 on a revision not yet in force at the list's date ----------------------------------------------

_REGULATION = "《中华人民共和国保守国家秘密法实施条例》"
_NEW_ARTICLE = (
    f"1．【行政法规】{_REGULATION}（2014年国务院令第646号公布，2024年7月10日国务院令第786号修订）第六十二条："
    "保密行政管理部门收缴非法获取、持有的国家秘密载体，应当进行登记并出具清单，查清密级、数量、来源、扩散范围等，"
    "并采取相应的保密措施。\n第六十条：保密行政管理部门对涉嫌保密违法的线索和案件，应当依法及时调查处理。"
)


def _qz403(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.message for f in report.findings if f.code == "QZ403"]


def test_qz403_names_a_revision_not_yet_in_force(write_list, cli) -> None:
    from toolkit.model import Notice

    src = write_list("dated.xlsx", [item(1, 实施依据=_NEW_ARTICLE)], notice=Notice(date="2022年7月18日"))
    first, continued = _qz403(validate(src))
    assert first.startswith(f"依据“1．”{_REGULATION}第六十二条：引用的是2024年7月10日修订的版本（国务院令第786号），")
    assert "自2024年9月1日起施行，晚于成文日期2022年7月18日" in first
    assert first.endswith("请核对成文日期，或用 --as-of 2024-09-01 按该版本检查。")
    assert "2014年1月17日版" in first and "没有第六十二条" in first
    # A continuation (第六十条：) inherits the issuing information of the citation it continues.
    assert "引用的是2024年7月10日修订的版本" in continued and "没有第六十条" in continued

    found = json.loads(cli("validate", src, "--json", "--as-of", "2023-01-01").output)["findings"]
    (message, _) = [f["message"] for f in found if f["code"] == "QZ403"]
    assert "晚于检查日期2023年1月1日（--as-of）" in message and message.endswith("请核对 --as-of 的日期。")
    assert not [
        f
        for f in json.loads(cli("validate", src, "--json", "--as-of", "2024-09-01").output)["findings"]
        if f["code"] == "QZ403"
    ]


def test_qz403_without_a_later_revision_keeps_its_message(write_list) -> None:
    from toolkit.model import Notice

    text = f"1．【行政法规】{_REGULATION}（2014年国务院令第646号）第六十二条：保密行政管理部门收缴……"
    src = write_list("old.xlsx", [item(1, 实施依据=text)], notice=Notice(date="2022年7月18日"))
    (message,) = _qz403(validate(src))
    assert message == (
        f"依据“1．”{_REGULATION}第六十二条：{_REGULATION}2014年1月17日版（2014年3月1日起施行，国务院令第646号）"
        "没有第六十二条（该版本共45条）。"
    )


# --- 6. QZ304 says why a law's own name settles its category -----------------------------------------------------


def test_qz304_on_a_national_law_name_says_why(write_list) -> None:
    text = (
        "1．【行政法规】《中华人民共和国保守国家秘密法》第五条：国家保密行政管理部门主管全国的保密工作。\n"
        "2．【法律】《中华人民共和国保守国家秘密法实施条例》（国务院令第646号）第三条：……"
    )
    src = write_list("cites.xlsx", [item(1, 实施依据=text)])
    named, issued = [f.message for f in validate(src).findings if f.code == "QZ304"]
    assert named == (
        "依据“1．”标注为【行政法规】，但《中华人民共和国保守国家秘密法》名为“中华人民共和国……法”"
        "（只有全国人大及其常委会制定的法律这样命名），属于【法律】。"
    )
    assert issued.endswith("以“国务院令第646号”发布，属于【行政法规】。")
    assert "以“《" not in named + issued
