"""PowerList held as columns: built without pandas, the DataFrame made on first use and then authoritative."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.model import CODE_COLUMN, COLUMN_NAMES, PowerList, clean_cell
from toolkit.reading.grid import clean_column

ROOT = __import__("pathlib").Path(__file__).resolve().parent.parent


def test_from_columns_fills_standard_columns_in_order():
    pl = PowerList.from_columns({"项目名称": ["甲", "乙"], "序号": ["1", "2"]}, rows=[3, 4])
    assert pl.columns == list(COLUMN_NAMES) and not pl.has_code
    assert len(pl) == 2 and pl.rows == [3, 4]
    assert pl.column("序号") == ["1", "2"] and pl.column("备注") == ["", ""]
    assert pl.records()[1] == {c: {"序号": "2", "项目名称": "乙"}.get(c, "") for c in COLUMN_NAMES}


def test_from_columns_keeps_code_column_last():
    pl = PowerList.from_columns({CODE_COLUMN.name: ["000123"], "项目名称": ["甲"]})
    assert pl.columns == [*COLUMN_NAMES, CODE_COLUMN.name] and pl.has_code
    assert pl.items[CODE_COLUMN.name].tolist() == ["000123"]


@pytest.mark.parametrize(
    ("columns", "message"),
    [({"项目名称": ["甲"], "序号": ["1", "2"]}, "different lengths"), ({"项目": ["甲"]}, "not a standard column")],
    ids=["unequal-lengths", "unknown-column"],
)
def test_from_columns_rejects_bad_input(columns, message):
    with pytest.raises(ValueError, match=message):
        PowerList.from_columns(columns)


def test_items_dataframe_matches_columns_and_becomes_authoritative():
    pl = PowerList.from_records([{"序号": "1", "项目名称": "甲"}, {"序号": "2", "项目名称": "乙"}])
    records = pl.records()
    frame = pl.items
    assert list(frame.columns) == list(COLUMN_NAMES) and frame.to_dict("records") == records
    assert {str(dtype) for dtype in frame.dtypes} == {"object"}
    frame.loc[1, "项目名称"] = "丙"  # a change made to the DataFrame is the list's content from now on
    assert pl.column("项目名称") == ["甲", "丙"] and pl.records()[1]["项目名称"] == "丙"
    pl.items = frame.drop(columns=["备注"])
    assert "备注" not in pl.columns and len(pl) == 2


def test_column_returns_a_copy():
    pl = PowerList.from_columns({"项目名称": ["甲"]})
    pl.column("项目名称").append("乙")
    assert pl.column("项目名称") == ["甲"] and len(pl) == 1


def test_empty_list():
    pl = PowerList.empty()
    assert len(pl) == 0 and pl.records() == [] and pl.items.shape == (0, len(COLUMN_NAMES))


def test_reading_and_columns_import_no_pandas():
    code = (
        "import sys\n"
        "from toolkit.reading.xlsx import read_workbook\n"
        "pl = read_workbook('workbooks/xingan-2022.xlsx')\n"
        "assert len(pl) == 5 and pl.column('序号') == ['1', '2', '3', '4', '5'] and pl.records()\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'openpyxl') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_read_workbook_columns_match_dataframe(sample_list):
    assert sample_list.records() == sample_list.items.to_dict("records")
    assert [sample_list.column(c) for c in sample_list.columns] == [
        sample_list.items[c].tolist() for c in sample_list.columns
    ]


ONE_LINE = st.lists(st.sampled_from(["甲", "a", "1", " ", "\u3000", "\u00a0", "\ufeff", "\t"]), max_size=8).map("".join)


@given(st.lists(ONE_LINE, max_size=8))
def test_one_line_columns_take_the_fast_path_with_the_same_result(values):
    assert clean_column(tuple(values)) == [clean_cell(v) for v in values]
