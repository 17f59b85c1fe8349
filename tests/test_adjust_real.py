"""`qzqd adjust` on real published lists of other provinces (tests/fixtures/real): an item with 事项编码 and
duties (江西 南昌县应急管理局) and a catalogue without legal basis (安徽 池州市贵池区发改委), each given a
revision a unit would make — one changed (renamed, matched by its code), one taken over, one handed down
(where the list has more than one item) — with the clerk's 调整说明."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from toolkit import import_file, write_workbook
from toolkit.adjust.package import build_package, check_package
from toolkit.adjust.sheets import NOTES_SHEET, append_note
from toolkit.model import CODE_COLUMN, PowerList

REAL = Path(__file__).resolve().parent / "fixtures" / "real"
REQUEST = {"签发人": "张三", "主送机关": "某县委编办", "发文字号": "某发〔2025〕1号", "联系人": "李四", "联系电话": "1"}


@pytest.mark.parametrize(
    "source", ["jx-nanchang-yingji/source.html", "ah-guichi-mulu/source.xlsx"], ids=["codes-江西", "catalogue-安徽"]
)
def test_real_list_revision_makes_a_complete_package(source, tmp_path):
    old_pl = import_file(REAL / source)
    handed_down = len(old_pl) >= 2
    old = write_workbook(old_pl, tmp_path / "old.xlsx")
    records = old_pl.records()
    first, last = records[0], records[-1]
    changed = dict(first)
    key = "项目名称" if old_pl.has_code else "实施主体"  # matched by code, a list with codes may rename
    changed[key] = (first[key] or "某单位") + "（调整）"
    taken = {**dict(first), "项目名称": "承接的某项行政检查", "子项名称": ""}
    if old_pl.has_code:
        taken[CODE_COLUMN.name] = "NEW-0001"
    new_records = [changed, *records[1:-1], taken] if handed_down else [changed, taken]
    for n, r in enumerate(new_records, start=1):
        r["序号"] = str(n)
    new = write_workbook(PowerList.from_records(new_records, notice=old_pl.notice), tmp_path / "new.xlsx")
    wb = openpyxl.load_workbook(new)
    ws = wb[NOTES_SHEET]
    if handed_down:
        append_note(ws, {"项目名称": last["项目名称"], "子项名称": last["子项名称"], "调整类型": "下放",
                         "调整依据": "某省政府令第1号", "调整理由": "下放乡镇实施", "监管措施": "加强指导和抽查"})  # fmt: skip
    append_note(ws, {"项目名称": "承接的某项行政检查", "调整类型": "承接", "调整依据": "某市政府令第2号", "调整理由": "承接市级下放"})  # fmt: skip
    ident = {"事项编码": first.get(CODE_COLUMN.name, "")} if old_pl.has_code else {"项目名称": changed["项目名称"]}
    append_note(ws, {**ident, "子项名称": first["子项名称"], "调整依据": "三定方案", "调整理由": "职能调整"})
    wb.save(new)

    result = build_package(old, new, tmp_path / "pkg", request_fields=REQUEST)
    assert sorted(a.kind for a in result.plan.adjustments) == (
        ["下放", "变更", "承接"] if handed_down else ["变更", "承接"]
    )
    assert result.complete, [p.message for p in result.problems]
    assert check_package(result.folder, old).ok
