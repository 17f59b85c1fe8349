"""Importing a .docx (list as a Word table) gives exactly what the text import gives, and loses nothing."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import docx
import pytest

from toolkit import import_file, read_workbook
from toolkit.errors import ImportFormatError
from toolkit.model import COLUMN_NAMES
from toolkit.reading.docx import table_grid

from .test_import_text import _seed_cells

SEED_DOCX = Path(__file__).parent / "fixtures" / "import" / "seed.docx"


@pytest.fixture(scope="module")
def docx_list():
    return import_file(SEED_DOCX)


def test_same_items_as_text_import(docx_list, seed_list):
    assert docx_list.items.equals(seed_list.items)
    assert list(docx_list.items.columns) == list(COLUMN_NAMES)


def test_same_notice_plus_trailer(docx_list, seed_list):
    n = docx_list.notice
    assert dataclasses.replace(n, cc="", printer="", print_date="") == seed_list.notice
    assert (n.cc, n.printer, n.print_date) == ("县委办公室", "兴安县国家保密局办公室", "2022年7月18日")


def test_every_paragraph_kept_in_order(docx_list, seed_text):
    data = _seed_cells(seed_text)[18:]
    for i, cell in enumerate(data):
        item, col = divmod(i, 13)
        assert docx_list.items.iloc[item][COLUMN_NAMES[col]].split("\n") == (cell or [""]), (item, COLUMN_NAMES[col])


def test_merged_cells_in_grid():
    table = docx.Document(str(SEED_DOCX)).tables[0]
    rows, merges = table_grid(table._tbl)
    assert rows[0][:3] == ["序号", "权力分类", "权力清单"] and rows[0][3:7] == [""] * 4
    assert rows[1][:3] == ["", "", "项目名称"]
    assert ((0, 0), (1, 0)) in merges and ((0, 2), (0, 6)) in merges and ((2, 4), (6, 4)) in merges
    assert [r[4] for r in rows[3:]] == [""] * 4  # 实施主体 continuation cells are empty in the grid


def _two_table_docx(path: Path) -> Path:
    """A list split over two tables, the second repeating the header, with a multi-paragraph cell."""
    d = docx.Document()
    d.add_paragraph("兴保发〔2023〕2号")
    d.add_paragraph("关于公布权责清单的通知")
    d.add_paragraph("各单位：")
    d.add_paragraph("现予公布。")
    for start in (1, 3):
        t = d.add_table(rows=3, cols=13)
        for c, name in enumerate(COLUMN_NAMES):
            t.cell(0, c).text = name
        for r, n in enumerate((start, start + 1), start=1):
            for c, name in enumerate(COLUMN_NAMES):
                t.cell(r, c).text = {"序号": str(n), "权力分类": "行政检查"}.get(name, f"{name}{n}")
            t.cell(r, 6).add_paragraph("第二段依据")
        d.add_paragraph("")
    d.save(path)
    return path


def test_list_split_over_tables(tmp_path):
    pl = import_file(_two_table_docx(tmp_path / "two.docx"))
    assert list(pl.items["序号"]) == ["1", "2", "3", "4"]
    assert pl.items.loc[3, "实施依据"] == "实施依据4\n第二段依据"
    assert pl.notice.doc_number == "兴保发〔2023〕2号" and pl.notice.recipients == "各单位"


def test_docx_without_table(tmp_path):
    d = docx.Document()
    d.add_paragraph("只有文字，没有表格。")
    d.save(tmp_path / "t.docx")
    with pytest.raises(ImportFormatError, match="没有找到清单表格"):
        import_file(tmp_path / "t.docx")


def test_cli_import_docx(cli, tmp_path, seed_list):
    out = tmp_path / "主表.xlsx"
    r = cli("import", SEED_DOCX, "-o", out)
    assert r.exit_code == 0, r.output
    assert "已导入 5 个事项" in r.output
    back = read_workbook(out)
    assert back.items.equals(seed_list.items)
    assert back.notice.cc == "县委办公室"


def test_docx_findings_name_items_not_excel_cells(tmp_path):
    d = docx.Document()
    header = [*COLUMN_NAMES, "联系电话"]
    t = d.add_table(rows=4, cols=len(header))
    for c, name in enumerate(header):
        t.cell(0, c).text = name
    t.cell(1, 0).merge(t.cell(1, len(header) - 1)).text = "一、行政检查"
    for r, n in ((2, 1), (3, 2)):
        for c, name in enumerate(header):
            t.cell(r, c).text = {"序号": str(n), "备注": ""}.get(name, f"{name}{n}")
    d.save(tmp_path / "f.docx")
    pl = import_file(tmp_path / "f.docx")
    assert list(pl.items["序号"]) == ["1", "2"] and pl.rows == [None, None]
    by_code = {w.code: w for w in pl.warnings}
    assert by_code["QZ012"].message.startswith("Word 表格第 2 行")  # the banner row, read for the items below
    assert by_code["QZ001"].cell is None and by_code["QZ001"].message.startswith("表头中列“联系电话”")
