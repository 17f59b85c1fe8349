"""Reading defects found in review: the 发文信息 sheet, .ods merges, 序号 forms, hidden rows, lock files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toolkit import read_workbook
from toolkit.model import PowerList

from .workbook_helpers import ONE_ROW_HEADER, item, rows_for, write_rows

FIX = Path(__file__).parent / "fixtures" / "read_fixes"


def _with_notice(path: Path, notice_rows: list[list[Any]], *, notice_sheet: str = "发文信息") -> Path:
    return write_rows(path, [ONE_ROW_HEADER, *rows_for([item(1)])], extra_sheets={notice_sheet: notice_rows})


def _qz007(pl: PowerList) -> list[str]:
    return [w.message for w in pl.warnings if w.code == "QZ007"]


# --- 1. rows of 发文信息 without a label continue the field above; unknown labels are reported ------------


def test_body_paragraphs_in_rows_below_are_read(tmp_path: Path) -> None:
    path = _with_notice(
        tmp_path / "a.xlsx",
        [
            ["字段", "内容"],
            ["发文字号", "兴保发〔2026〕1号"],
            ["标题", "兴安县国家保密局关于调整公布"],
            [None, "权责清单的通知"],
            ["正文", "根据有关文件要求，现予公布。"],
            [None, "一、调整情况"],
            ["", "  本次共调整事项7项。"],
            [None, None],
            [None, "请遵照执行。"],
            ["抄送机关", "县委办"],
            [None, "县政府办"],
            ["成文日期", "2026年3月18日"],
        ],
    )
    pl = read_workbook(path)
    assert pl.notice.body == "根据有关文件要求，现予公布。\n一、调整情况\n本次共调整事项7项。\n请遵照执行。"
    assert pl.notice.title == "兴安县国家保密局关于调整公布权责清单的通知"
    assert pl.notice.cc == "县委办\n县政府办"
    assert pl.notice.date == "2026年3月18日"
    assert pl.source.notice_rows["正文"] == 5
    assert _qz007(pl) == []


def test_unknown_and_repeated_labels_are_reported_with_their_cell(tmp_path: Path, cli) -> None:
    path = _with_notice(
        tmp_path / "a.xlsx",
        [
            ["字段", "内容"],
            ["发文字号", "兴保发〔2026〕1号"],
            ["正文", "甲。"],
            ["联系人", "张三"],
            [None, "不属于任何字段的一行"],
            ["成文日期：", "2026年3月18日"],
            [None, "2027年"],
            ["正文", "乙。"],
        ],
    )
    pl = read_workbook(path)
    assert pl.notice.body == "甲。"  # neither the row under 联系人 nor the second 正文 is read into it
    assert pl.notice.date == "2026年3月18日"  # a colon after the label is tolerated
    messages = _qz007(pl)
    assert len(messages) == 4
    assert messages[0].startswith("发文信息 A4：不认识的字段“联系人”，这一行没有读取")
    assert messages[1].startswith("发文信息 B5：")
    assert messages[2].startswith("发文信息 B7：") and "成文日期只能填一项" in messages[2]
    assert messages[3].startswith("发文信息 A8：字段“正文”在第 3 行已经填写过")
    cells = [(w.sheet, w.cell) for w in pl.warnings if w.code == "QZ007"]
    assert cells == [("发文信息", "A4"), ("发文信息", "B5"), ("发文信息", "B7"), ("发文信息", "A8")]
    result = cli("validate", path)
    assert "QZ007 A4" in result.output and "不认识的字段“联系人”" in result.output


# --- 2. a 发文信息 sheet named otherwise is found by its labels; a missing one is reported ------------------

_NOTICE = [
    ["字段", "内容"],
    ["发文字号", "兴保发〔2022〕1号"],
    ["标题", "关于公布权责清单的通知"],
    ["成文日期", "2022年7月18日"],
]


def test_renamed_notice_sheet_is_found_by_its_labels(tmp_path: Path) -> None:
    for name in ("发文信息（2022年）", "Sheet2"):
        pl = read_workbook(_with_notice(tmp_path / "a.xlsx", _NOTICE, notice_sheet=name))
        assert pl.notice.date == "2022年7月18日"
        assert pl.source.notice_sheet == name and pl.source.notice_rows["成文日期"] == 4
        notes = [w for w in pl.warnings if w.code == "QZ007"]
        assert [(w.severity, w.sheet) for w in notes] == [("info", name)]
        assert f"发文信息从工作表“{name}”读取" in notes[0].message


def test_missing_notice_sheet_is_reported(tmp_path: Path, cli) -> None:
    # A sheet with one field label is not taken for the notice.
    path = _with_notice(tmp_path / "a.xlsx", [["说明"], ["标题", "随便写的"]], notice_sheet="备用")
    pl = read_workbook(path)
    assert pl.notice.title == "" and pl.source.notice_sheet is None
    (w,) = [w for w in pl.warnings if w.code == "QZ007"]
    assert w.severity == "warning"
    assert w.message.startswith("找不到工作表“发文信息”（其他工作表：备用；")
    assert "按今天的日期" in w.message
    result = cli("validate", path)
    assert "找不到工作表“发文信息”" in result.output


def test_workbook_of_the_list_alone_has_no_notice_and_no_finding(tmp_path: Path) -> None:
    # Nothing was passed over: a published list or a hand-made one has no sheet that could be the notice.
    pl = read_workbook(write_rows(tmp_path / "a.xlsx", [ONE_ROW_HEADER, *rows_for([item(1)])], sheet="Sheet1"))
    assert pl.source.notice_sheet is None and _qz007(pl) == []
