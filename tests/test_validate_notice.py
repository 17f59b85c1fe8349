"""Rules on the 发文信息 sheet: dates that cannot be read are reported at their cell (QZ212)."""

from __future__ import annotations

import json
import shutil

import openpyxl
import pytest

from .conftest import SAMPLE_2022


def _with_notice_value(tmp_path, field: str, value: object):
    path = tmp_path / "notice.xlsx"
    shutil.copy(SAMPLE_2022, path)
    wb = openpyxl.load_workbook(path)
    ws = wb["发文信息"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == field)
    ws.cell(row, 2).value = value
    wb.save(path)
    return path, f"B{row}"


@pytest.mark.parametrize(
    ("field", "value", "fragment"),
    [
        ("成文日期", "2022年7月32日", "暂按今天的日期"),
        ("成文日期", "2022年7月18", "暂按今天的日期"),
        ("成文日期", "2022年7月", "暂按今天的日期"),
        ("印发日期", "七月十八日", "印发日期“七月十八日”不是有效的日期"),
    ],
    ids=["day-32", "no-day-mark", "no-day", "no-year"],
)
def test_unreadable_dates_are_errors_at_their_cell(cli, tmp_path, field, value, fragment):
    path, cell = _with_notice_value(tmp_path, field, value)
    r = cli("validate", path, "--json")
    found = [f for f in json.loads(r.output)["findings"] if f["code"] == "QZ212"]
    assert r.exit_code == 1
    assert len(found) == 1, found
    f = found[0]
    assert (f["sheet"], f["cell"], f["severity"], f["column"]) == ("发文信息", cell, "error", field)
    assert fragment in f["message"] and value in f["message"]


@pytest.mark.parametrize(
    "value",
    ["2022年7月18日", "二〇二二年七月十八日", "２０２２年７月１８日", "2022-07-18", "2022/7/18", "2022年07月18日"],
    ids=["plain", "chinese-numerals", "full-width", "iso", "slashes", "zero-padded"],
)
def test_readable_dates_are_silent(cli, tmp_path, value):
    path, _ = _with_notice_value(tmp_path, "成文日期", value)
    r = cli("validate", path, "--json")
    assert not [f for f in json.loads(r.output)["findings"] if f["code"] == "QZ212"]


def test_with_as_of_the_fallback_is_not_mentioned(cli, tmp_path):
    path, _ = _with_notice_value(tmp_path, "成文日期", "2022年7月32日")
    r = cli("validate", path, "--json", "--as-of", "2022-07-18")
    (f,) = [f for f in json.loads(r.output)["findings"] if f["code"] == "QZ212"]
    assert "暂按" not in f["message"]


def test_fallback_to_the_print_date_is_named(cli, tmp_path):
    path, _ = _with_notice_value(tmp_path, "成文日期", "2022年7月32日")
    wb = openpyxl.load_workbook(path)
    ws = wb["发文信息"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "印发日期")
    ws.cell(row, 2).value = "2022年7月20日"
    wb.save(path)
    r = cli("validate", path, "--json")
    (f,) = [f for f in json.loads(r.output)["findings"] if f["code"] == "QZ212"]
    assert "暂按印发日期" in f["message"]
