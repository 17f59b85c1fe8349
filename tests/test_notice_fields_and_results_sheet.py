"""empty notice fields (QZ213), dates written otherwise than 2022年7月18日 (QZ214), merged cells of
.ods workbooks in the findings, where --annotate puts its results sheet, and the .ods hint of --annotate."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from toolkit import PowerList, read_workbook
from toolkit.render import checks
from toolkit.validate import validate

from .conftest import COMPLETE_NOTICE as NOTICE
from .conftest import ONE_ITEM as ITEM


def _found(path: Path, code: str, *args: str, cli) -> list[dict]:
    r = cli("validate", path, "--json", *args)
    return [f for f in json.loads(r.output)["findings"] if f["code"] == code]


# --- 1. fields a final notice needs, left empty (QZ213) ----------------------------------------------------------


def test_empty_notice_fields_are_warned_at_their_cells(write_list, cli):
    # The review's notice-empty.xlsx: 发文字号, 主送机关, 发文机关署名 and 成文日期 cleared.
    notice = replace(NOTICE, doc_number="", recipients="", signature="", date="")
    src = write_list("empty.xlsx", [ITEM], notice=notice)
    found = _found(src, "QZ213", cli=cli)
    assert [(f["sheet"], f["cell"], f["column"], f["severity"]) for f in found] == [
        ("发文信息", "B3", "发文字号", "warning"),
        ("发文信息", "B5", "主送机关", "warning"),
        ("发文信息", "B8", "发文机关署名", "warning"),
        ("发文信息", "B9", "成文日期", "warning"),
    ]
    assert all("为空" in f["message"] and f["cell"] in f["message"] for f in found)
    # The law checks silently moved to today's date: the 成文日期 finding says so, and how to choose the date.
    assert "今天的日期" in found[-1]["message"] and "--as-of" in found[-1]["message"]
    assert "今天" not in "".join(f["message"] for f in found[:-1])


def test_empty_date_names_the_print_date_fallback_and_not_with_as_of(write_list, cli):
    src = write_list("d.xlsx", [ITEM], notice=replace(NOTICE, date="", print_date="2022年7月20日"))
    (f,) = _found(src, "QZ213", cli=cli)
    assert "暂按印发日期" in f["message"]
    (f,) = _found(src, "QZ213", "--as-of", "2022-07-18", cli=cli)
    assert f["cell"] == "B9" and "暂按" not in f["message"]


def test_complete_notice_is_quiet(write_list, cli):
    assert _found(write_list("ok.xlsx", [ITEM], notice=NOTICE), "QZ213", cli=cli) == []


def test_missing_label_row_is_named(write_list, cli):
    src = write_list("norow.xlsx", [ITEM], notice=NOTICE)
    wb = openpyxl.load_workbook(src)
    ws = wb["发文信息"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "主送机关")
    ws.delete_rows(row)
    wb.save(src)
    (f,) = _found(src, "QZ213", cli=cli)
    assert (f["sheet"], f["cell"], f["row"], f["column"]) == ("发文信息", None, None, "主送机关")
    assert "A 列没有“主送机关”这一行" in f["message"]


def test_no_notice_sheet_is_left_to_qz007(write_list, cli):
    src = write_list("nosheet.xlsx", [ITEM], notice=NOTICE)
    wb = openpyxl.load_workbook(src)
    wb.create_sheet("备忘")
    del wb["发文信息"]
    wb.save(src)
    r = cli("validate", src, "--json")
    codes = [f["code"] for f in json.loads(r.output)["findings"]]
    assert "QZ007" in codes and "QZ213" not in codes


def test_lists_not_read_from_a_sheet_have_no_cells_to_name():
    # Built in code (no path) or imported: there is no 发文信息 sheet to point at.
    assert "QZ213" not in validate(PowerList.from_records([ITEM])).codes()


def test_render_shows_empty_fields(write_list):
    src = write_list("r.xlsx", [ITEM], notice=replace(NOTICE, recipients="", date=""))
    found = checks.notice_findings(read_workbook(src))
    assert [(f.code, f.cell) for f in found] == [("QZ213", "B5"), ("QZ213", "B9")]
    assert "法律依据" not in "".join(f.message for f in found)  # validate's law-check remark is not render's


# --- 2. readable dates written otherwise than 2022年7月18日 (QZ214) ------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "cell"),
    [
        ("成文日期", "2022-7-18", "B9"),
        ("成文日期", "2022/7/18", "B9"),
        ("成文日期", "2022.7.18", "B9"),
        ("成文日期", "2022-07-18", "B9"),
        ("成文日期", "二〇二二年七月十八日", "B9"),
        ("成文日期", "２０２２年７月１８日", "B9"),
        ("成文日期", "2022年07月18日", "B9"),
        ("成文日期", "2022 年 7 月 18 日", "B9"),
        ("印发日期", "2022.7.18", "B12"),
    ],
    ids=["dash", "slash", "dot", "iso", "chinese-numerals", "full-width", "zero-padded", "spaced", "print-date"],
)
def test_wrongly_written_dates_are_warned_with_the_proper_form(write_list, cli, field, value, cell):
    attr = {"成文日期": "date", "印发日期": "print_date"}[field]
    src = write_list("w.xlsx", [ITEM], notice=replace(NOTICE, **{attr: value}))
    (f,) = _found(src, "QZ214", cli=cli)
    assert (f["sheet"], f["cell"], f["column"], f["severity"]) == ("发文信息", cell, field, "warning")
    assert f"“{value}”" in f["message"] and "应写作“2022年7月18日”" in f["message"]
    assert "GB/T 9704" in f["message"]
    assert _found(src, "QZ212", cli=cli) == []  # readable: not an unreadable date
    # render typesets it as written but warns: its quick look must not pass it as a plain date
    assert [x.code for x in checks.notice_findings(read_workbook(src))] == ["QZ214"]


@pytest.mark.parametrize("value", ["2022年7月18日", "2022年12月1日"])
def test_properly_written_dates_are_quiet(write_list, cli, value):
    src = write_list("ok.xlsx", [ITEM], notice=replace(NOTICE, date=value, print_date=value))
    assert _found(src, "QZ214", cli=cli) == []


def test_unreadable_date_is_qz212_only(write_list, cli):
    src = write_list("bad.xlsx", [ITEM], notice=replace(NOTICE, date="2022-7-32"))
    assert [f["cell"] for f in _found(src, "QZ212", cli=cli)] == ["B9"]
    assert _found(src, "QZ214", cli=cli) == []


# --- 3. merged cells of .ods workbooks in the findings ------------------------------------------------------------

# Saved by LibreOffice: items 2-4 (rows 4-6) share 权力分类 B4:B6, 项目名称 C4:C6 and 实施主体 E4:E6, with 子项甲/乙/丙.
MERGED_ODS = Path(__file__).resolve().parent / "fixtures" / "reading" / "merged.ods"


def _ods_with(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    import zipfile

    out = tmp_path / "清单.ods"
    with zipfile.ZipFile(MERGED_ODS) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "content.xml":
                text = data.decode("utf-8")
                for old, new in replacements:
                    assert text.count(old) == 1, old
                    text = text.replace(old, new)
                data = text.encode("utf-8")
            dst.writestr(info, data)
    return out


def test_ods_finding_on_a_merged_cell_is_reported_once(tmp_path, cli):
    merged = 'table:number-rows-spanned="3"><text:p>行政检查</text:p>'
    src = _ods_with(tmp_path, (merged, merged.replace("行政检查", "行政检察")))
    assert [f["cell"] for f in _found(src, "QZ104", cli=cli)] == ["B4"]  # was B4, B5, B6


def test_ods_duplicate_under_a_merged_name_is_marked_on_its_own_cell(tmp_path, cli):
    src = _ods_with(tmp_path, ("<text:p>子项乙</text:p>", "<text:p>子项甲</text:p>"))
    # 项目名称 C4:C6 is merged: C5 is a covered cell, the duplicate row's own cell is its 子项名称 (as for .xlsx)
    assert [f["cell"] for f in _found(src, "QZ207", cli=cli)] == ["D5"]


# --- 4. --annotate says which sheet holds the results when it is not 检查结果 ------------------------------------

CLEAN = Path(__file__).resolve().parent / "fixtures" / "validate" / "clean.xlsx"


def _with_sheets(tmp_path: Path, *names: str) -> Path:
    src = tmp_path / "主表.xlsx"
    wb = openpyxl.load_workbook(CLEAN)
    for name in names:
        wb.create_sheet(name)["A1"] = "科室自己的记录"
    wb.save(src)
    return src


@pytest.mark.parametrize(
    ("own", "sheet"),
    [(("检查结果",), "检查结果（qzqd）"), (("检查结果", "检查结果（qzqd）"), "检查结果（qzqd 2）")],
    ids=["clerk-sheet", "both-taken"],
)
def test_annotate_names_the_results_sheet_when_renamed(tmp_path, cli, own, sheet):
    src, out = _with_sheets(tmp_path, *own), tmp_path / "检查.xlsx"
    r = cli("validate", src, "--annotate", out)
    assert r.exit_code == 0, r.output
    assert f"检查结果在工作表“{sheet}”中" in r.output
    assert all(f"“{name}”" in r.output.split("检查结果在工作表")[1] for name in own)  # the sheets kept are named
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[-1] == sheet and wb[sheet]["A1"].value.startswith("检查结果：")
    assert all(wb[name]["A1"].value == "科室自己的记录" for name in own)


def test_annotate_says_nothing_more_for_the_usual_sheet(tmp_path, cli):
    r = cli("validate", CLEAN, "--annotate", tmp_path / "检查.xlsx")
    assert "已另存带批注的副本" in r.output and "检查结果在工作表" not in r.output


def test_annotate_with_json_names_the_sheet_on_stderr(tmp_path, cli):
    src, out = _with_sheets(tmp_path, "检查结果"), tmp_path / "检查.xlsx"
    r = cli("validate", src, "--json", "--annotate", out)
    assert json.loads(r.stdout)["errors"] == 0  # stdout stays pure JSON
    assert "检查结果在工作表“检查结果（qzqd）”中" in r.stderr


# --- 5. --annotate on an .ods: refused with the right hint -------------------------------------------------------


def test_annotate_refuses_ods_with_an_ods_hint(tmp_path, cli):
    out = tmp_path / "检查.xlsx"
    r = cli("validate", MERGED_ODS, "--annotate", out)
    assert r.exit_code == 2 and not out.exists()
    assert ".ods" in r.output and "另存为”.xlsx" in r.output
    assert "旧版 .xls" not in r.output  # the hint was about .xls before


def test_annotate_refuses_xls_with_the_xls_hint(tmp_path, cli):
    xls = Path(__file__).resolve().parent / "fixtures" / "workbook" / "published.xls"
    r = cli("validate", xls, "--annotate", tmp_path / "检查.xlsx")
    assert r.exit_code == 2 and "旧版 .xls" in r.output and ".ods" not in r.output
