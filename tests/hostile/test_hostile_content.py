"""Hostile cell content and arguments: live formulas, direction-changing characters, absurd numbers, a list
sheet under another name. Each is said plainly; none reaches a file qzqd writes, or the terminal, unseen."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.workbook_helpers import ONE_ROW_HEADER, item, rows_for, write_rows
from toolkit.errors import LimitError
from toolkit.reading.xlsx import read_workbook

from . import make
from .conftest import SAMPLE

LINK = '=HYPERLINK("http://example.invalid/x","点击查看")'


def _with_formula(path: Path) -> Path:
    write_rows(path, [ONE_ROW_HEADER, *rows_for([item(1), item(2)])])
    wb = load_workbook(path)
    wb["权责清单"]["M3"] = LINK  # 备注 of item 1: a live link pasted from a web page
    wb.save(path)
    return path


def test_update_citations_copy_holds_no_live_formula(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    src = _with_formula(tmp_path / "主表.xlsx")
    out = tmp_path / "新.xlsx"
    result = cli("update-citations", src, "-o", out, "--as-of", "2025-01-01")
    assert result.exit_code == 0, result.output
    cell = load_workbook(out)["权责清单"]["M3"]
    # No value was saved with the formula: its text, as a string (openpyxl reads it back as inlineStr, not "f").
    assert cell.data_type != "f" and cell.value == LINK
    assert "副本中不保留公式" in result.output and "权责清单!M3" in result.output
    assert load_workbook(src)["权责清单"]["M3"].value == LINK  # the input keeps it


def test_annotate_copy_holds_no_live_formula(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    src = _with_formula(tmp_path / "主表.xlsx")
    out = tmp_path / "检查.xlsx"
    result = cli("validate", src, "--annotate", out)
    assert out.is_file(), result.output
    cell = load_workbook(out)["权责清单"]["M3"]
    assert cell.data_type != "f" and cell.value == LINK
    assert "副本中不保留公式" in result.output


def test_an_article_number_of_thousands_of_digits_is_refused_plainly(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("laws", "show", "保密法", "第" + "1" * 5000 + "条")
    assert result.exit_code == 2 and "无法识别" in result.output and "内部错误" not in result.output
    assert len(result.output) < 400  # the argument is not echoed whole


def test_diff_shows_a_direction_override_by_its_code_point(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    old = write_rows(tmp_path / "旧.xlsx", [ONE_ROW_HEADER, *rows_for([item(1)])])
    new = write_rows(tmp_path / "新.xlsx", [ONE_ROW_HEADER, *rows_for([item(1, 免责事项="\u202e不予追究")])])
    result = cli("diff", old, new)
    assert "⟨U+202E⟩" in result.output and "\u202e" not in result.output
    report = cli("validate", new)
    assert "QZ220" in report.output and "U+202E" in report.output


def test_a_list_sheet_under_another_name_is_named(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "清单.xlsx", [ONE_ROW_HEADER, *rows_for([item(1)])], sheet="Sheet1")
    pl = read_workbook(path)
    (note,) = [f for f in pl.warnings if f.code == "QZ011"]
    assert note.sheet == "Sheet1" and "工作表“Sheet1”" in note.message
    assert not [f for f in read_workbook(SAMPLE).warnings if f.code == "QZ011"]


def test_import_that_lists_errors_exits_1(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    header = [h for h in ONE_ROW_HEADER if h != "追责依据"]
    src = write_rows(tmp_path / "缺列.xlsx", [header, *rows_for([item(1)], header)])
    result = cli("import", src, "-o", tmp_path / "主表.xlsx")
    assert result.exit_code == 1 and "错误" in result.output and (tmp_path / "主表.xlsx").is_file()


def test_too_many_far_cells_are_refused_as_such(tmp_path: Path) -> None:
    """Over 1,000 cells far below the list: a limit of its own, said as such (it read "工作簿已损坏" with the
    cells limit's number)."""
    rows = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x</t></is></c></row>' % (r, r) for r in range(200_000, 201_100)
    )
    path = make._with_sheet(tmp_path / "far.xlsx", make._append_rows(make._sample_sheet(), rows))
    with pytest.raises(LimitError, match="有超过 1,000 个有内容的单元格"):
        read_workbook(path)
