"""reading warnings in diff, QZ007 wording and place, Word lock files, update-citations order,
the 调整理由 column of the 调整对照表."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from toolkit import read_workbook
from toolkit.model import Finding

from .workbook_helpers import ONE_ROW_HEADER, item, rows_for, write_rows

_NOTICE = [
    ["字段", "内容"],
    ["发文字号", "兴保发〔2022〕1号"],
    ["标题", "关于公布权责清单的通知"],
    ["正文", "现予公布。"],
    ["成文日期", "2022年7月18日"],
]


def _list(path: Path, items: list[dict[str, Any]], *, header: list[str] | None = None) -> Path:
    header = header or ONE_ROW_HEADER
    return write_rows(path, [header, *rows_for(items, header)], extra_sheets={"发文信息": _NOTICE})


# --- 1. diff prints the reading warnings of both workbooks, naming each -------------------------------------


def _old_and_new(tmp_path: Path) -> tuple[Path, Path]:
    items = [item(n) for n in range(1, 4)]
    old = _list(tmp_path / "2022版.xlsx", items)
    wb = load_workbook(old)
    wb["权责清单"]["M3"] = '="备"'  # a formula without a saved value (openpyxl saves none): read as empty
    wb.save(old)
    # The new version "cancels" item 2 by hiding its row and has a column outside the catalogue.
    new = _list(tmp_path / "2025版.xlsx", items, header=[*ONE_ROW_HEADER, "联系人"])
    wb = load_workbook(new)
    wb["权责清单"].row_dimensions[3].hidden = True
    wb.save(new)
    return old, new


def test_diff_prints_reading_warnings_of_both_workbooks(tmp_path: Path, cli) -> None:
    old, new = _old_and_new(tmp_path)
    result = cli("diff", old, new)
    assert result.exit_code == 0  # the hidden item is still an item: nothing differs
    assert "未变 3 项" in result.stdout
    err = result.stderr
    assert "警告 QZ008 新版“2025版.xlsx” 工作表“权责清单”：第 3 行在 Excel 中是隐藏的" in err
    assert "警告 QZ001 新版“2025版.xlsx” 工作表“权责清单”" in err and "联系人" in err
    assert "警告 QZ005 旧版“2022版.xlsx” 工作表“权责清单”：单元格 M3" in err
    assert "QZ008" not in result.stdout  # warnings go to stderr, the report to stdout


def test_diff_json_carries_the_reading_warnings(tmp_path: Path, cli) -> None:
    old, new = _old_and_new(tmp_path)
    result = cli("diff", old, new, "--json")
    doc = json.loads(result.stdout)
    assert doc["summary"]["unchanged"] == 3
    found = {(w["workbook"], w["code"], w["row"]) for w in doc["warnings"]}
    assert ("new", "QZ008", 3) in found and ("old", "QZ005", 3) in found
    assert any(w["workbook"] == "new" and w["code"] == "QZ001" for w in doc["warnings"])
    assert {Path(w["file"]).name for w in doc["warnings"]} == {"2022版.xlsx", "2025版.xlsx"}
    out = tmp_path / "比对结果.json"
    assert cli("diff", old, new, "-o", out).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["warnings"] == doc["warnings"]


def test_diff_of_clean_workbooks_prints_no_warning(tmp_path: Path, cli) -> None:
    a = _list(tmp_path / "a.xlsx", [item(1)])
    b = _list(tmp_path / "b.xlsx", [item(1)])
    result = cli("diff", a, b, "--json")
    assert result.stderr == "" and json.loads(result.stdout)["warnings"] == []


# --- 2. QZ007: rows under an unknown label point at it; the place is printed once ---------------------------


def _typo_notice(tmp_path: Path) -> Path:
    rows = [*_NOTICE, ["发文机关暑名", "兴安县国家保密局"], [None, "（第二署名行）"]]
    return write_rows(tmp_path / "a.xlsx", [ONE_ROW_HEADER, *rows_for([item(1)])], extra_sheets={"发文信息": rows})


def test_rows_under_an_unknown_label_point_at_it(tmp_path: Path) -> None:
    pl = read_workbook(_typo_notice(tmp_path))
    found = [(w.cell, w.message) for w in pl.warnings if w.code == "QZ007"]
    assert [c for c, _ in found] == ["A6", "B7"]
    assert found[0][1].startswith("不认识的字段“发文机关暑名”，这一行没有读取")
    assert found[1][1] == "“（第二署名行）”接在 A6 不认识的字段“发文机关暑名”下面，没有读取；请改正 A6 的字段名。"
    assert "左边 A 列没有字段名" not in found[1][1]


def test_rows_under_a_repeated_label_point_at_it(tmp_path: Path) -> None:
    rows = [*_NOTICE, ["正文", "又一段。"], [None, "再一段。"]]
    pl = read_workbook(
        write_rows(tmp_path / "a.xlsx", [ONE_ROW_HEADER, *rows_for([item(1)])], extra_sheets={"发文信息": rows})
    )
    last = [w for w in pl.warnings if w.code == "QZ007"][-1]
    assert last.cell == "B7"
    assert last.message == "“再一段。”接在 A6 重复的字段“正文”下面，没有读取；请把内容合并到第 4 行。"


def test_qz007_place_is_printed_once(tmp_path: Path, cli) -> None:
    path = _typo_notice(tmp_path)
    out = cli("validate", path).output
    assert "QZ007 A6  不认识的字段“发文机关暑名”" in out
    assert "发文信息 A6：" not in out
    result = cli("render", path, "-o", tmp_path / "a.pdf", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert "警告 QZ007 工作表“发文信息” 单元格 A6：不认识的字段“发文机关暑名”" in result.stderr
    assert "警告 QZ007 工作表“发文信息” 单元格 B7：“（第二署名行）”接在 A6" in result.stderr


def test_import_names_the_place_of_reading_warnings(tmp_path: Path, cli) -> None:
    """QZ007 messages no longer carry their cell: ``qzqd import`` of a workbook prints it from the finding."""
    result = cli("import", _typo_notice(tmp_path), "-o", tmp_path / "b.xlsx")
    assert result.exit_code == 0, result.output
    assert "警告 QZ007 工作表“发文信息” 单元格 A6：不认识的字段“发文机关暑名”" in result.stderr


def test_warning_text_names_the_place_once() -> None:
    f = Finding("QZ007", "warning", "不认识的字段“甲”", sheet="发文信息", cell="A11")
    assert f.place_text() == "工作表“发文信息” 单元格 A11：不认识的字段“甲”"
    assert f.place_text("旧版“a.xlsx”") == "旧版“a.xlsx” 工作表“发文信息” 单元格 A11：不认识的字段“甲”"
    # A message that names its cell already is not given it twice...
    g = Finding("QZ005", "warning", "单元格 H3（“责任事项”列）是公式", sheet="权责清单", cell="H3")
    assert g.place_text() == "工作表“权责清单”：单元格 H3（“责任事项”列）是公式"
    # ...but a cell named only as part of a longer one (A1 in A11) is not taken for it.
    h = Finding("QZ007", "warning", "见 A11", sheet="发文信息", cell="A1")
    assert h.place_text() == "工作表“发文信息” 单元格 A1：见 A11"
    assert Finding("QZ003", "warning", "没有事项").place_text() == "没有事项"


# --- 3. a Word lock file is named as one ---------------------------------------------------------------------


def test_word_lock_file_is_named_as_such(tmp_path: Path, cli) -> None:
    (tmp_path / "通知.docx").write_bytes(b"")
    lock = tmp_path / "~$通知.docx"
    lock.write_bytes(b"\x05clerk" + b"\x00" * 156)  # 162 bytes, as Word writes
    result = cli("import", lock, "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 2
    assert "这是 Word/WPS 打开文档时自动生成的锁定文件（只有 162 字节），不是文档本身" in result.output
    assert "请改用同一文件夹中的“通知.docx”。锁定文件在关闭文档后会自动删除" in result.output
    assert "工作簿" not in result.output
    libre = tmp_path / ".~lock.通知.docx#"
    libre.write_text(",clerk,host,28.11.2025 10:00,file:///home/clerk/.config/libreoffice/4;", encoding="utf-8")
    assert "LibreOffice 打开文档时自动生成的锁定文件" in cli("import", libre, "-o", tmp_path / "out.xlsx").output


# --- 4. update-citations: the date line once work starts; the notice sheet by its name ---------------------


def test_update_citations_checks_files_before_the_date_line(tmp_path: Path, cli, sample_copy: Path) -> None:
    result = cli("update-citations", tmp_path / "nonexist.xlsx", "-o", tmp_path / "x.xlsx")
    assert result.exit_code == 2 and "文件不存在" in result.output
    assert "施行的法律版本更新引用" not in result.output
    taken = tmp_path / "taken.xlsx"
    taken.write_bytes(b"")
    result = cli("update-citations", sample_copy, "-o", taken)
    assert result.exit_code == 2 and "--force" in result.output
    assert "施行的法律版本更新引用" not in result.output


def test_update_citations_note_names_the_notice_sheet(tmp_path: Path, cli, sample_copy: Path) -> None:
    wb = load_workbook(sample_copy)
    wb["发文信息"].title = "发文信息（2022年）"
    wb.save(sample_copy)
    result = cli("update-citations", sample_copy, "-o", tmp_path / "new.xlsx", "--as-of", "2025-01-01")
    assert result.exit_code == 0, result.output
    assert "施行的法律版本更新引用" in result.output
    assert "新文件工作表“发文信息（2022年）”中的成文日期仍是 2022年7月18日" in result.output


# --- 5. the 调整对照表 has no merged cells in its filter range ---------------------------------------------


def test_reason_column_is_not_merged_over_continuation_rows(tmp_path: Path, cli) -> None:
    long_basis = "\n".join(f"{n}．【法律】《中华人民共和国保守国家秘密法》第{n}条：" + "甲" * 60 for n in range(1, 30))
    old = _list(tmp_path / "old.xlsx", [item(1), item(2, 实施依据=long_basis)])
    new = _list(tmp_path / "new.xlsx", [item(1)])
    out = tmp_path / "调整对照表.xlsx"
    assert cli("diff", old, new, "-o", out).exit_code == 1
    ws = load_workbook(out)["调整对照表"]
    rows = [r for r in range(4, ws.max_row + 1) if ws.cell(row=r, column=2).value == "取消"]
    assert len(rows) > 1  # the long item continues on further rows
    assert not [m for m in ws.merged_cells.ranges if m.max_row >= 3]  # Excel/WPS can sort the table
    assert all(ws.cell(row=r, column=9).value is None for r in rows)  # 调整理由 is left to the clerk
    assert all(20 <= (ws.row_dimensions[r].height or 0) <= 409 for r in rows)
