"""What the CLI used to decide itself now lives in the library: reading warnings and their place text, the diff
JSON and report writing, whole-string dates, output suffixes, whether a copy's 成文日期 is stale."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from toolkit.citations.registry import parse_date
from toolkit.diff import diff
from toolkit.diff.reports import to_json, write_report
from toolkit.errors import UsageError
from toolkit.model import Finding, Notice, PowerList
from toolkit.writer import write_workbook

# --- 1. reading warnings and the place of a finding ---------------------------------------------------------


def test_reading_warnings_leave_out_the_info_notes() -> None:
    pl = PowerList.empty()
    pl.warnings = [
        Finding("QZ008", "warning", "第 3 行在 Excel 中是隐藏的"),
        Finding("QZ006", "info", "找到工作表“清单”"),
        Finding("QZ005", "error", "公式"),
    ]
    assert [w.code for w in pl.reading_warnings()] == ["QZ008", "QZ005"]


def test_place_text_takes_the_cell_literally() -> None:
    # "$" would be an end-of-text anchor in a pattern: the cell named in the message was not recognised and
    # the place was printed twice.
    f = Finding("QZ005", "warning", "单元格 $A$1 是公式", sheet="权责清单", cell="$A$1")
    assert f.place_text() == "工作表“权责清单”：单元格 $A$1 是公式"
    g = Finding("QZ005", "warning", "是公式", sheet="权责清单", cell="A1(")
    assert g.place_text("新版“b.xlsx”") == "新版“b.xlsx” 工作表“权责清单” 单元格 A1(：是公式"


# --- 2. the diff JSON and report writing are the library's ---------------------------------------------------


def _warned_pair(tmp_path: Path) -> tuple[Path, Path]:
    """Two lists, the new one with a row hidden in Excel (a reading warning)."""
    from openpyxl import load_workbook

    old = tmp_path / "2022版.xlsx"
    new = tmp_path / "2025版.xlsx"
    for path in (old, new):
        write_workbook(PowerList.from_records([_record(1), _record(2)]), path)
    wb = load_workbook(new)
    wb["权责清单"].row_dimensions[4].hidden = True
    wb.save(new)
    return old, new


def _record(n: int) -> dict[str, str]:
    return {
        "序号": str(n),
        "权力分类": "行政检查",
        "项目名称": f"检查事项{n}",
        "实施主体": "兴安县国家保密局",
        "实施依据": "1．【法律】《中华人民共和国保守国家秘密法》第四十四条：进行检查。",
        "责任事项": "1．检查责任（县国家保密局）。",
        "追责情形": "1．不依法检查的（县国家保密局）。",
        "追责依据": "1．【法律】《中华人民共和国保守国家秘密法》第六十条：依法给予处分。",
    }


def test_library_json_is_the_cli_json(tmp_path: Path, cli) -> None:
    old, new = _warned_pair(tmp_path)
    doc = to_json(diff(old, new))
    assert [(w["workbook"], w["code"], w["row"]) for w in doc["warnings"]] == [("new", "QZ008", 4)]
    assert Path(doc["warnings"][0]["file"]).name == "2025版.xlsx"
    result = cli("diff", old, new, "--json")
    assert json.loads(result.stdout) == doc


def test_write_report_writes_the_json_and_refuses_other_formats(tmp_path: Path) -> None:
    old, new = _warned_pair(tmp_path)
    d = diff(old, new)
    out = write_report(d, tmp_path / "比对结果.json")
    assert json.loads(out.read_text(encoding="utf-8")) == to_json(d)
    with pytest.raises(UsageError, match=r"不支持的输出格式“\.txt”"):
        write_report(d, tmp_path / "比对结果.txt")
    assert not (tmp_path / "比对结果.txt").exists()


# --- 3. one date grammar; a date with trailing garbage is no date ---------------------------------------------


def test_parse_date_whole_refuses_trailing_garbage() -> None:
    assert parse_date("2026-3-181") == dt.date(2026, 3, 18)  # found inside a longer text
    assert parse_date("2026-3-181", whole=True) is None
    assert parse_date("2026年3月18日印发", whole=True) is None
    assert parse_date("成文 2026-3-18", whole=True) is None
    for text in ("2026-3-18", "2026/03/18", "2026.3.18", " 2026年3月18日 ", "二〇二六年三月十八日"):
        assert parse_date(text, whole=True) == dt.date(2026, 3, 18), text


def test_a_date_with_trailing_digits_is_unreadable_not_misspelt(tmp_path: Path) -> None:
    from toolkit.validate import validate

    notice = Notice(title="关于公布权责清单的通知", body="现予公布。", date="2026-3-181")
    path = tmp_path / "a.xlsx"
    write_workbook(PowerList.from_records([_record(1)], notice=notice), path)
    found = {f.code: f for f in validate(path).findings if f.code in ("QZ212", "QZ214")}
    assert set(found) == {"QZ212"}  # not QZ214 suggesting "2026年3月18日"
    assert "成文日期“2026-3-181”不是有效的日期" in found["QZ212"].message


def test_the_law_checks_date_the_list_as_the_notice_rules_read_it() -> None:
    """A 成文日期 QZ212 calls unreadable is not used to date the law checks either: they fall back to 印发日期."""
    from toolkit.citations.check import list_date

    pl = PowerList.from_records([_record(1)], notice=Notice(date="2026-3-181", print_date="2025年1月10日"))
    assert list_date(pl, None) == dt.date(2025, 1, 10)
    pl = PowerList.from_records([_record(1)], notice=Notice(date="2026年3月18日"))
    assert list_date(pl, None) == dt.date(2026, 3, 18)


def test_date_options_read_the_whole_text(cli, tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    write_workbook(PowerList.from_records([_record(1)]), path)
    result = cli("validate", path, "--as-of", "2026-3-181")
    assert result.exit_code == 2
    assert "--as-of 的日期“2026-3-181”无法识别" in result.output
    assert cli("validate", path, "--as-of", "２０２６－３－１８").exit_code in (0, 1)  # full-width: still a date


# --- 4. output suffixes are the library's rule; render creates no folder ------------------------------------


def test_update_citations_refuses_an_output_not_named_xlsx(tmp_path: Path) -> None:
    from toolkit.update import update_citations

    src = tmp_path / "in.xlsx"
    write_workbook(PowerList.from_records([_record(1)]), src)
    with pytest.raises(UsageError, match=r"输出文件必须是 \.xlsx"):
        update_citations(src, tmp_path / "out.xls")
    assert not (tmp_path / "out.xls").exists()


def test_render_refuses_wrong_suffixes_before_any_work(tmp_path: Path) -> None:
    from toolkit.render import render

    pl = PowerList.from_records([_record(1)], notice=Notice(title="通知", body="现予公布。"))
    with pytest.raises(UsageError, match=r"必须以 \.pdf 结尾"):
        render(pl, tmp_path / "通知.txt")
    with pytest.raises(UsageError, match=r"HTML 预览文件必须以 \.html 结尾"):
        render(pl, tmp_path / "通知.pdf", tmp_path / "通知.txt")
    assert list(tmp_path.iterdir()) == []


def test_render_does_not_create_the_output_folder(tmp_path: Path, cli) -> None:
    src = tmp_path / "主表.xlsx"
    write_workbook(PowerList.from_records([_record(1)], notice=Notice(title="通知", body="现予公布。")), src)
    taken = tmp_path / "预览.html"
    taken.write_text("", encoding="utf-8")
    # The HTML preview is refused (it exists): the PDF's new folder must not be left behind.
    result = cli("render", src, "-o", tmp_path / "新目录" / "通知.pdf", "--html", taken)
    assert result.exit_code == 2
    assert not (tmp_path / "新目录").exists()
    result = cli("render", src, "-o", tmp_path / "新目录" / "通知.pdf")
    assert result.exit_code == 2
    assert f"目录“{tmp_path / '新目录'}”不存在" in result.stderr
    assert not (tmp_path / "新目录").exists()


# --- 5. whether the copy's 成文日期 still dates what it cites is the result's to say ------------------------


def test_update_result_says_whether_the_notice_date_is_stale(tmp_path: Path) -> None:
    from toolkit.update import update_citations

    from .conftest import SAMPLE_2022

    result = update_citations(SAMPLE_2022, tmp_path / "新.xlsx", as_of=dt.date(2025, 1, 1))
    assert result.changes and result.as_of == dt.date(2025, 1, 1)
    assert result.notice_date == "2022年7月18日" and result.notice_date_stale
    # Brought up to the list's own date: nothing is rewritten, nothing is stale.
    same = update_citations(SAMPLE_2022, tmp_path / "同.xlsx", as_of=dt.date(2022, 7, 18))
    assert not same.changes and not same.notice_date_stale
