"""The whole-column screen for invisible characters (QZ220/QZ221) finds each one wherever it stands."""

from __future__ import annotations

import pytest

from toolkit.model import PowerList
from toolkit.textchars import INVISIBLE
from toolkit.validate import columns, validate
from toolkit.validate.registry import Context

# Full of the punctuation that shares U+00AD–U+3000 with the invisible ones, an astral character and a lone
# surrogate; long enough to fill several of the scan's slices.
PLAIN = ("依法“受理”——审查…决定·×°‰\u3000" + "\U00020000" + "甲\ud800乙") * 400


@pytest.fixture(params=[None, 7], ids=["slices", "tiny-slices"])
def screen(request, monkeypatch):
    """Whether the numpy pass QZ220/QZ221 use finds an invisible character in a column of these cells."""
    if request.param:
        monkeypatch.setattr(columns, "_SLICE", request.param)

    def invisible(*cells: str) -> bool:
        pl = PowerList.from_records([{"项目名称": c} for c in cells])
        return columns.column_scan(Context(pl), "项目名称").invisible

    return invisible


@pytest.mark.parametrize("char", sorted(INVISIBLE), ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("where", [0, len(PLAIN) // 2, len(PLAIN)], ids=["start", "middle", "end"])
def test_screen_finds_every_invisible_character(screen, char, where):
    assert not screen(PLAIN, PLAIN)
    assert screen(PLAIN, "甲" + PLAIN[:where] + char + PLAIN[where:] + "乙", PLAIN)
    assert screen("甲" + char + "乙")


@pytest.mark.parametrize("char", ["\u200a", "\u2010", "\u2028", "\u206a", "\ufefe", "\u00ac", "\u061b"])
def test_screen_ignores_neighbours_of_invisible_characters(screen, char):
    assert not screen(PLAIN + char)


def test_one_scan_serves_both_rules_in_item_order():
    records = [{"项目名称": "甲", "子项名称": "乙"} for _ in range(3)]
    records[2]["项目名称"] = "甲\u200b\u202e"
    records[1]["子项名称"] = "乙\u202e"
    report = validate(PowerList.from_records(records))
    found = [(f.code, f.item, f.column) for f in report.findings if f.code in ("QZ220", "QZ221")]
    assert sorted(found) == [("QZ220", 1, "子项名称"), ("QZ220", 2, "项目名称"), ("QZ221", 2, "项目名称")]
