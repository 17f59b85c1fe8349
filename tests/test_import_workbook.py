"""Importing published workbooks (.xls/.xlsx with title rows, another sheet name, merged cells)."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from toolkit import import_file, read_workbook
from toolkit.model import LIST_SHEET

from .test_workbook_read import _sections_notes, _title_rows

FIX = Path(__file__).parent / "fixtures" / "workbook"

CASES = {
    "legacy-xls-merged": (lambda d: FIX / "published.xls", 3, "Sheet1"),
    "xlsx-title-rows": (_title_rows, 2, "Sheet1"),
    "xlsx-sections-and-notes": (_sections_notes, 3, LIST_SHEET),
}


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_import_published_workbook(case, cli, tmp_path):
    make, count, sheet = CASES[case]
    src = make(tmp_path)
    published = import_file(src)
    assert published.source.sheet == sheet
    out = tmp_path / "主表.xlsx"
    r = cli("import", src, "-o", out)
    assert r.exit_code == 0, r.output
    assert f"已导入 {count} 个事项" in r.output
    master = read_workbook(out)
    assert master.items.equals(published.items)  # nothing lost or changed on the way
    assert master.source.sheet == LIST_SHEET and master.source.header_rows == (1, 2)
    assert master.rows == list(range(3, 3 + count))
    assert load_workbook(out, read_only=True).sheetnames == [LIST_SHEET, "发文信息", "填表说明", "调整说明", "请示"]


def test_import_refuses_to_overwrite_without_force(cli, tmp_path):
    src = FIX / "published.xls"
    out = tmp_path / "主表.xlsx"
    assert cli("import", src, "-o", out).exit_code == 0
    first = out.read_bytes()
    r = cli("import", src, "-o", out)
    assert r.exit_code == 2 and "文件已存在" in r.output and "--force" in r.output
    assert out.read_bytes() == first
    assert cli("import", src, "-o", out, "--force").exit_code == 0
