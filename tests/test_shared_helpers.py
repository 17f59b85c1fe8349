"""Code review cleanup: helpers that existed twice now exist once.

1. The Excel row-height estimate and cell styles (toolkit/xlsxstyle.py), used by the master workbook, the
   调整对照表 and the 检查结果 sheet of an annotated copy.
"""

from __future__ import annotations

import ast
from pathlib import Path

from openpyxl import load_workbook

from toolkit import PowerList
from toolkit import xlsxstyle as xs

ROOT = Path(__file__).resolve().parent.parent
ITEM = {
    "序号": "1",
    "权力分类": "行政检查",
    "项目名称": "对保密工作的检查",
    "实施主体": "县国家保密局",
    "实施依据": "《中华人民共和国保守国家秘密法》第二条。",
    "责任事项": "1．检查责任。",
    "追责情形": "1．不履行职责的。",
    "追责依据": "1．【法律】《中华人民共和国保守国家秘密法》第五十九条。",
}


def _imports(module: str) -> set[tuple[str, str]]:
    """(module, name) of every ``from … import name`` in a toolkit source file."""
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    return {(n.module or "", a.name) for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}


# --- 1. one row-height estimate, one set of cell styles ----------------------------------------------------------


def test_row_height_counts_half_width_characters_as_half():
    # Latin letters, digits and cell addresses take half a CJK character: a message full of them is one line.
    assert xs.text_lines("QZ213 B5 2022-7-18 " * 4, 90) == 1
    assert xs.text_lines("甲" * 45, 90) == 2  # 89 half-width units a line: 44 CJK characters
    assert xs.text_lines("甲\n\n乙", 90) == 3  # an empty paragraph is still a line
    assert xs.row_points(1) == xs.MIN_ROW_HEIGHT
    assert xs.row_points(1000) == xs.MAX_ROW_HEIGHT
    assert xs.row_height([("甲" * 30, 12.0), ("", 40.0)]) == 6 * xs.LINE_HEIGHT + xs.ROW_PADDING


def test_every_workbook_uses_the_shared_estimate_and_styles():
    for module in ("toolkit/writer.py", "toolkit/diff/xlsx.py", "toolkit/validate/annotate.py"):
        source = (ROOT / module).read_text(encoding="utf-8")
        assert any(m.endswith("xlsxstyle") for m, _ in _imports(module)), module
        for copied in ("LINE_HEIGHT =", "MAX_ROW_HEIGHT =", "THIN =", "BORDER =", "BODY_FONT =", "unicodedata"):
            assert copied not in source, (module, copied)
    # No module reaches into another's private helpers for row heights.
    assert not {name for _, name in _imports("toolkit/validate/annotate.py") if name.startswith("_")}


def test_master_workbook_rows_follow_the_estimate(write_list):
    src = write_list("m.xlsx", [ITEM, {**ITEM, "序号": "2", "责任事项": "1．检查责任。\n" + "乙" * 80}])
    wb = load_workbook(src)
    ws = wb["权责清单"]
    from toolkit.writer import column_width, list_columns

    columns = list_columns(PowerList.from_records([ITEM]))
    for r in (3, 4):
        cells = [(str(ws.cell(row=r, column=i).value or ""), column_width(n)) for i, n in enumerate(columns, 1)]
        assert ws.row_dimensions[r].height == xs.row_height(cells)
    assert ws.row_dimensions[4].height > ws.row_dimensions[3].height
    assert ws["A3"].font == xs.BODY_FONT and ws["A1"].fill == xs.HEADER_FILL


def test_result_sheet_and_comparison_table_follow_the_estimate(write_list, tmp_path: Path, cli):
    from toolkit.diff.xlsx import HEADER_ROW, WIDTHS
    from toolkit.validate import validate
    from toolkit.validate.annotate import RESULT_WIDTHS, annotate_workbook

    src = write_list("a.xlsx", [{**ITEM, "权力分类": "许可"}])
    out = annotate_workbook(src, validate(src), tmp_path / "a-检查.xlsx")
    ws = load_workbook(out)["检查结果"]
    assert ws.max_row >= 4
    for r in range(4, ws.max_row + 1):
        cells = [(str(ws.cell(row=r, column=c).value or ""), w) for c, w in enumerate(RESULT_WIDTHS, 1)]
        assert ws.row_dimensions[r].height == xs.row_height(cells)

    new = write_list("b.xlsx", [{**ITEM, "实施依据": "《中华人民共和国保守国家秘密法》第二条、第三条。" * 5}])
    table = tmp_path / "t.xlsx"
    cli("diff", src, new, "-o", table)
    ws = load_workbook(table)["调整对照表"]
    r = HEADER_ROW + 1
    cells = [(str(ws.cell(row=r, column=c).value or ""), WIDTHS[c - 1]) for c in (4, 5, 6, 7, 8)]
    assert ws.row_dimensions[r].height == xs.row_height(cells)
    assert ws.cell(row=r, column=7).font.name == xs.FONT_NAME
