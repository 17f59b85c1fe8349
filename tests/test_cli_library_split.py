"""What the CLI used to decide itself now lives in the library: reading warnings and their place text, the diff
JSON and report writing, whole-string dates, output suffixes, whether a copy's 成文日期 is stale."""

from __future__ import annotations

from toolkit.model import Finding, PowerList

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
