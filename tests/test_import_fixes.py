"""Importing never silently drops or shifts content (review 4): a list over several Word tables, and text
copied out of Word with stray TABs, notes, column-number rows, category headings and repeated headers."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK

from toolkit import import_file, read_workbook
from toolkit.model import COLUMN_NAMES

_HEAD2 = COLUMN_NAMES[2:12]


def _header(t, off: int = 0) -> None:
    """The official two-row header: 序号/权力分类/备注 merged down, 权力清单/责任清单 merged across."""
    for col, text in ((0, "序号"), (1, "权力分类"), (2, "权力清单"), (7, "责任清单"), (12, "备注")):
        t.cell(off, col).text = text
    t.cell(off, 2).merge(t.cell(off, 6))
    t.cell(off, 7).merge(t.cell(off, 11))
    for c in (0, 1, 12):
        t.cell(off, c).merge(t.cell(off + 1, c))
    for i, name in enumerate(_HEAD2):
        t.cell(off + 1, 2 + i).text = name


def _set(cell, text: str) -> None:
    paras = text.split("\n")
    cell.paragraphs[0].text = paras[0]
    for p in paras[1:]:
        cell.add_paragraph(p)


def _split_docx(path: Path, records: list[dict[str, str]], *, between: str = "", extra_col: bool = False) -> Path:
    """The seed's items in two tables (3 + 2), each with its header; ``between`` is a paragraph between them."""
    d = docx.Document()
    for line in ("兴保发〔2022〕1号", "关于调整公布权责清单的通知", "各单位：", "现公布如下。"):
        d.add_paragraph(line)
    for k, part in enumerate((records[:3], records[3:])):
        t = d.add_table(rows=len(part) + 2, cols=13 + (1 if extra_col and k else 0))
        _header(t)
        for i, rec in enumerate(part):
            for c, name in enumerate(COLUMN_NAMES):
                _set(t.cell(2 + i, c), rec[name])
        if k == 0:
            if between:
                d.add_paragraph(between)
            else:
                d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("抄送：县委办公室。")
    d.save(path)
    return path


@pytest.mark.parametrize(
    "between, extra_col, note",
    [("二、行政检查类", False, "二、行政检查类"), ("（续表）", False, None), ("", True, None)],
    ids=["category-heading", "continued", "extra-empty-column"],
)
def test_docx_list_over_two_tables_is_joined(tmp_path, seed_list, between, extra_col, note):
    path = _split_docx(tmp_path / "d.docx", seed_list.records(), between=between, extra_col=extra_col)
    pl = import_file(path)
    assert pl.items.equals(seed_list.items)
    skipped = [w.message for w in pl.warnings if w.code == "QZ004"]
    if note:
        assert len(skipped) == 1 and f"第 2 个表格前的段落“{note}”" in skipped[0]
    else:
        assert skipped == []
    assert pl.notice.cc == "县委办公室"


def test_docx_cli_reports_five_items(cli, tmp_path, seed_list):
    path = _split_docx(tmp_path / "d.docx", seed_list.records(), between="二、行政检查类")
    r = cli("import", path, "-o", tmp_path / "m.xlsx")
    assert r.exit_code == 0, r.output
    assert "已导入 5 个事项" in r.output and "二、行政检查类" in r.output
    assert read_workbook(tmp_path / "m.xlsx").items.equals(seed_list.items)


def test_docx_later_table_that_is_not_the_list_is_reported(tmp_path, seed_list):
    path = _split_docx(tmp_path / "d.docx", seed_list.records())
    d = docx.Document(str(path))
    t = d.add_table(rows=2, cols=3)
    for i, text in enumerate(("联系人", "联系电话", "地址", "张三", "0773-1234567", "兴安县")):
        t.cell(i // 3, i % 3).text = text
    d.save(path)
    pl = import_file(path)
    assert pl.items.equals(seed_list.items)
    (w,) = [w for w in pl.warnings if w.severity == "warning" and "第 3 个表格" in w.message]
    assert "“联系人”" in w.message and "没有导入" in w.message


def test_docx_later_table_with_other_columns_is_reported(tmp_path, seed_list):
    # A second table without a header and with fewer columns: neither joined by guess nor dropped silently.
    path = _split_docx(tmp_path / "d.docx", seed_list.records())
    d = docx.Document(str(path))
    t = d.add_table(rows=1, cols=5)
    for c, text in enumerate(("6", "行政检查", "对某事的检查", "", "县保密局")):
        t.cell(0, c).text = text
    d.save(path)
    pl = import_file(path)
    assert len(pl) == 5
    assert any("第 3 个表格（第一个单元格为“6”）" in w.message for w in pl.warnings)
