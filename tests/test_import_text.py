"""Importing the seed (text copied out of Word) must lose nothing."""

from __future__ import annotations

import dataclasses
import re

import pytest

from toolkit import read_workbook, write_workbook
from toolkit.model import COLUMN_NAMES

from .conftest import SAMPLE_2022


def _seed_cells(text: str) -> list[list[str]]:
    """Every table cell's paragraphs, straight from the TAB structure (independent of the importer)."""
    body = text[text.index("\n\t") :]
    cells = []
    for chunk in body.split("\n\t")[1:]:
        cells.append([p.strip(" \u3000\t") for p in chunk.split("\n") if p.strip(" \u3000\t")])
    return cells


def test_notice_fields(seed_list):
    n = seed_list.notice
    assert n.doc_number == "兴保发〔2022〕1号"
    assert n.title == "兴安县国家保密局关于调整公布《中共兴安县委办公室（兴安县国家保密局）权责清单》的通知"
    assert n.recipients == "各乡（镇）、县直各单位"
    assert n.body.startswith("根据《自治区党委编办关于做好") and n.body.endswith("进行公布如下。")
    assert n.attachment == "中共兴安县委办公室（兴安县国家保密局）权责清单"
    assert n.signature == "兴安县国家保密局"
    assert n.date == "2022年7月18日"


def test_items_and_columns(seed_list):
    assert len(seed_list) == 5
    assert list(seed_list.items["序号"]) == ["1", "2", "3", "4", "5"]
    assert list(seed_list.items["权力分类"]) == ["行政强制", "行政强制", "行政检查", "行政检查", "其他行政权力"]
    assert set(seed_list.items["实施主体"]) == {"中共兴安县委员会办公室（兴安县国家保密局）"}
    assert (seed_list.items["子项名称"] == "").all()


def test_every_paragraph_kept_in_order(seed_list, seed_text):
    cells = _seed_cells(seed_text)
    data = cells[18:]  # 5 cells in header row 1, 13 in header row 2
    assert len(data) == 5 * 13 - 1  # the seed stops before its last (empty) cell
    for i, cell in enumerate(data):
        item, col = divmod(i, 13)
        assert seed_list.items.iloc[item][COLUMN_NAMES[col]].split("\n") == (cell or [""]), (item, COLUMN_NAMES[col])


def test_total_text_preserved(seed_list, seed_text):
    table = seed_text[seed_text.index("\n\t") :]
    squash = re.compile(r"[\s\u3000]+")
    got = "".join(squash.sub("", v) for v in seed_list.items.to_numpy().ravel())
    header = "序号权力分类权力清单责任清单备注项目名称子项名称实施主体承办的内设机构实施依据责任事项(明确责任主体)责任事项依据追责情形（明确内部追责主体）追责依据免责事项"
    assert squash.sub("", table) == header + got


def test_sample_workbook_matches_seed(seed_list):
    pl = read_workbook(SAMPLE_2022)
    assert pl.items.equals(seed_list.items)
    # The sample workbook names the profile it was imported with (qzqd import --profile 广西2022); the rest
    # of its notice is the seed's.
    assert pl.notice.profile == "广西2022"
    assert dataclasses.replace(pl.notice, profile="") == seed_list.notice
    assert pl.rows == [3, 4, 5, 6, 7]


@pytest.mark.parametrize("force", [True], ids=["roundtrip"])
def test_roundtrip(seed_list, tmp_path, force):
    out = tmp_path / "m.xlsx"
    write_workbook(seed_list, out, force=force)
    again = read_workbook(out)
    assert again.items.equals(seed_list.items)
    assert again.notice == seed_list.notice


def test_trailer_after_the_table_is_not_cell_text(seed_text, seed_list):
    from toolkit.reading import read_text

    text = seed_text.rstrip("\n") + "\n\t\n抄送：县委办公室。\n兴安县国家保密局办公室    2022年7月18日印发\n"
    pl = read_text(text)
    assert pl.items.equals(seed_list.items)
    assert (pl.notice.cc, pl.notice.printer, pl.notice.print_date) == (
        "县委办公室",
        "兴安县国家保密局办公室",
        "2022年7月18日",
    )


def test_forbidden_character_reported_by_item(seed_text):
    from toolkit.reading import read_text

    pl = read_text(
        seed_text.replace("对非法获取、持有国家秘密载体的行政强制", "对非法获取\x0b持有国家秘密载体的行政强制", 1)
    )
    (f,) = [w for w in pl.warnings if w.code == "QZ006"]
    assert (f.item, f.column, f.cell, f.severity) == (0, "项目名称", None, "error")
    assert "第 1 项的“项目名称”" in f.message and "U+000B" in f.message


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-16"], ids=["utf8-bom", "gbk", "notepad-unicode"])
def test_text_file_encodings(encoding, seed_text, seed_list, tmp_path):
    from toolkit import import_file

    path = tmp_path / "通知.txt"
    path.write_bytes(seed_text.replace("\n", "\r\n").encode(encoding))
    pl = import_file(path)
    assert pl.items.equals(seed_list.items) and pl.notice == seed_list.notice
