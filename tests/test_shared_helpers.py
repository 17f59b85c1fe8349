"""Code review cleanup: helpers that existed twice now exist once.

1. The Excel row-height estimate and cell styles (toolkit/xlsxstyle.py), used by the master workbook, the
   调整对照表 and the 检查结果 sheet of an annotated copy.
2. What validate and render know about the notice (toolkit/noticefields.py): the fields a final notice
   needs, the dates and how GB/T 9704 writes them, one documented ``cn_date``.
3. The notice rules QZ212/QZ213/QZ214 find a field's value and cell one way.
"""

from __future__ import annotations

import ast
import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from toolkit import PowerList
from toolkit import xlsxstyle as xs

from .conftest import COMPLETE_NOTICE
from .conftest import ONE_ITEM as ITEM

ROOT = Path(__file__).resolve().parent.parent


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


# --- 2. notice knowledge in one cheap module ---------------------------------------------------------------------


def test_render_and_validate_share_the_notice_knowledge():
    from toolkit import noticefields as nf
    from toolkit.render import checks
    from toolkit.validate import law_rules, notice_rules

    # The rule and render's quick look read the same objects: nothing left to keep in sync by hand.
    assert notice_rules.NOTICE_FINAL_FIELDS is nf.NOTICE_FINAL_FIELDS
    assert notice_rules.proper_date is nf.proper_date and notice_rules.DATE_FIELDS is nf.DATE_FIELDS
    assert set(checks.NOTICE_REQUIRED) <= set(nf.NOTICE_FINAL_NAMES)
    for copied in ("NOTICE_FINAL", "_PLAIN_DATE", "_plain_date_ok", "_read_from_sheet"):
        assert not hasattr(checks, copied), copied
    # One cn_date, documented; law_rules keeps the name its callers (update, laws) import.
    assert law_rules.cn_date is nf.cn_date is notice_rules.cn_date
    assert nf.cn_date.__doc__
    assert nf.cn_date(dt.date(2022, 7, 8)) == "2022年7月8日" and nf.cn_date(None) == "（日期不详）"


@pytest.mark.parametrize(
    ("value", "proper"),
    [
        ("2022年7月18日", True),
        ("2022年12月1日", True),
        ("2024年2月29日", True),
        ("2023年2月29日", False),  # no such day
        ("2022年07月18日", False),  # leading zero
        ("2022-7-18", False),
        ("二〇二二年七月十八日", False),
        ("２０２２年7月18日", False),  # full-width digits
        ("2022年7月18日印发", False),
        ("", False),
    ],
)
def test_proper_date_agrees_with_the_date_parser(value, proper):
    from toolkit.citations.registry import parse_date
    from toolkit.noticefields import proper_date

    assert proper_date(value) is proper
    if proper:
        assert parse_date(value) is not None


def test_noticefields_is_cheap_to_import():
    code = (
        "import sys, toolkit.noticefields; "
        "print(sorted(m for m in ('pandas', 'openpyxl', 'toolkit.validate', 'toolkit.citations') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_render_precheck_still_hands_bad_dates_and_empty_fields_to_validate(write_list):
    from dataclasses import replace

    from toolkit import read_workbook
    from toolkit.render.checks import notice_findings

    notice = COMPLETE_NOTICE
    assert notice_findings(read_workbook(write_list("ok.xlsx", [ITEM], notice=notice))) == []
    odd = write_list("odd.xlsx", [ITEM], notice=replace(notice, date="2022年07月18日", print_date="2022年2月30日"))
    assert [(f.code, f.column) for f in notice_findings(read_workbook(odd))] == [
        ("QZ214", "成文日期"),
        ("QZ212", "印发日期"),
    ]
    empty = write_list("empty.xlsx", [ITEM], notice=replace(notice, signature=""))
    assert [(f.code, f.cell) for f in notice_findings(read_workbook(empty))] == [("QZ213", "B8")]


# --- 3. one loop over the notice dates, one rule for a field's cell ----------------------------------------------


def test_notice_rules_place_their_findings_one_way(write_list):
    import inspect
    from dataclasses import replace

    from toolkit.model import Notice
    from toolkit.validate import notice_rules, validate

    source = inspect.getsource(notice_rules)
    assert source.count('f"B{row}"') == 1 and source.count("for name, attr in DATE_FIELDS") == 1
    notice = Notice(title="关于公布权责清单的通知", body="正文。", date="2022-7-18", print_date="2022年2月30日")
    src = write_list("n.xlsx", [ITEM], notice=notice)
    found = [f for f in validate(src).findings if f.code in ("QZ212", "QZ213", "QZ214")]
    assert sorted((f.code, f.column, f.sheet, f.cell, f.row) for f in found) == [
        ("QZ212", "印发日期", "发文信息", "B12", 12),
        ("QZ213", "主送机关", "发文信息", "B5", 5),
        ("QZ213", "发文字号", "发文信息", "B3", 3),
        ("QZ213", "发文机关署名", "发文信息", "B8", 8),
        ("QZ214", "成文日期", "发文信息", "B9", 9),
    ]
    # Built in code: no sheet, so no cell to name, whichever rule reports.
    from toolkit import validate as run

    built = [f for f in run(PowerList.from_records([ITEM], notice=replace(notice, date="2022年7月1日号"))).findings]
    dated = [f for f in built if f.code in ("QZ212", "QZ214")]
    assert dated and all(f.cell is None and f.row is None for f in dated)
