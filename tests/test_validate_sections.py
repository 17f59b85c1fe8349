"""QZ103 reads the sections the reader found: 序号 may restart at 1 where a section starts, nowhere else."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.model import PowerList
from toolkit.reading import import_file
from toolkit.validate import validate

from .workbook_helpers import ONE_ROW_HEADER, item, rows_for, write_rows

REAL = Path(__file__).resolve().parent / "fixtures" / "real"
OTHER = "其他行政权力"


def _list(seqs: list[int], sections: list[int]) -> PowerList:
    # Two categories, each a section: items before the first section start are 行政检查, after it 其他行政权力.
    first = sections[0] if sections else 2
    records = [
        {k: str(v) for k, v in item(s, 项目名称=f"事项{i}", 权力分类="行政检查" if i < first else OTHER).items()}
        for i, s in enumerate(seqs)
    ]
    pl = PowerList.from_records(records)
    pl.sections = sections
    return pl


def _seq_items(pl: PowerList) -> list[int]:
    return sorted(f.item for f in validate(pl).findings if f.code == "QZ103" and f.item is not None)


@pytest.mark.parametrize(
    ("seqs", "sections", "flagged"),
    [
        ([1, 2, 1, 2], [2], []),
        ([1, 2, 3, 1, 2], [3], []),
        ([1, 2, 3, 4], [2], []),  # numbering that runs on across sections is fine too
        ([1, 2, 1, 3], [2], [3]),  # a gap inside the second section
        ([1, 1, 1, 2], [2], [1]),  # a duplicate inside the first section
        ([1, 2, 1, 2], [], [2]),  # a restart where the reader found no section start
        ([1, 2, 1, 2], [3], [2]),  # ... or not where it found one
        ([1, 2, 2, 3], [2], [2]),  # at a section start, but neither restarting at 1 nor running on
    ],
    ids=[
        "restart-per-section",
        "restart-after-three",
        "runs-on-across-sections",
        "gap-inside-section",
        "duplicate-inside-section",
        "restart-without-section",
        "restart-off-section-start",
        "section-start-not-one",
    ],
)
def test_seq_restart_only_at_recorded_section_start(seqs, sections, flagged):
    assert _seq_items(_list(seqs, sections)) == flagged


def test_workbook_numbered_per_banner_section_validates(tmp_path):
    rows = [
        ONE_ROW_HEADER,
        ["一、行政检查（共 2 项）"],
        *rows_for([item(1), item(2)]),
        ["二、其他行政权力（共 2 项）"],
        *rows_for([item(1, 权力分类=OTHER, 项目名称="甲"), item(2, 权力分类=OTHER, 项目名称="乙")]),
    ]
    pl = import_file(write_rows(tmp_path / "a.xlsx", rows, merges=("A2:M2", "A5:M5")))
    assert pl.column("序号") == ["1", "2", "1", "2"] and pl.sections == [2]
    codes = validate(pl).codes()
    assert "QZ103" not in codes and "QZ102" not in codes


def test_workbook_restart_without_banner_is_still_reported(tmp_path):
    rows = [ONE_ROW_HEADER, *rows_for([item(1), item(2), item(1, 项目名称="甲"), item(2, 项目名称="乙")])]
    pl = import_file(write_rows(tmp_path / "a.xlsx", rows))
    assert pl.sections == []
    assert _seq_items(pl) == [2]


@pytest.mark.parametrize("form", ["source.html", "source.xlsx", "source.tabs.txt"])
def test_real_list_numbered_across_banner_sections(form):
    # 四川广元 林业: banner rows split the table; its 编号 runs on (1–3, 4–6) — accepted like a restart would be.
    pl = import_file(REAL / "sc-guangyuan-linye" / form)
    assert pl.sections == [3]
    assert "QZ103" not in validate(pl).codes()


def test_numbered_per_category_without_banners_is_a_section(tmp_path):
    # 序号 restarting at 1 as the 权力分类 changes: how a list numbered per category reads once its banner rows
    # are gone (a master workbook written by import) — import and validate of that workbook must agree.
    items = [item(1), item(2), item(1, 权力分类=OTHER, 项目名称="甲"), item(2, 权力分类=OTHER, 项目名称="乙")]
    pl = import_file(write_rows(tmp_path / "a.xlsx", [ONE_ROW_HEADER, *rows_for(items)]))
    assert pl.sections == [2]
    assert "QZ103" not in validate(pl).codes()


def test_master_workbook_keeps_per_section_numbering_valid(tmp_path):
    from toolkit.writer import write_workbook

    rows = [
        ONE_ROW_HEADER,
        ["一、行政检查（共 2 项）"],
        *rows_for([item(1), item(2)]),
        ["二、其他行政权力（共 1 项）"],
        *rows_for([item(1, 权力分类=OTHER, 项目名称="甲")]),
    ]
    pl = import_file(write_rows(tmp_path / "a.xlsx", rows, merges=("A2:M2", "A5:M5")))
    write_workbook(pl, tmp_path / "master.xlsx", force=True)
    master = import_file(tmp_path / "master.xlsx")
    assert master.sections == [2]
    assert "QZ103" not in validate(master).codes()
