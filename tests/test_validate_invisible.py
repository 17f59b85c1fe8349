"""The whole-column screen for invisible characters (QZ220/QZ221) finds each one wherever it stands."""

from __future__ import annotations

import pytest

from toolkit.model import PowerList
from toolkit.textchars import INVISIBLE, has_invisible
from toolkit.validate import validate

# Long enough for the numpy screen; full of the punctuation that shares U+00AD–U+2069 with the invisible ones,
# an astral character (a surrogate pair in UTF-16) and a lone surrogate.
PLAIN = ("依法“受理”——审查…决定·×°‰" + "\U00020000" + "甲\ud800乙") * 400


@pytest.mark.parametrize("char", sorted(INVISIBLE), ids=lambda c: f"U+{ord(c):04X}")
@pytest.mark.parametrize("where", [0, len(PLAIN) // 2, len(PLAIN)], ids=["start", "middle", "end"])
def test_screen_finds_every_invisible_character(char, where):
    assert not has_invisible(PLAIN)
    assert has_invisible(PLAIN[:where] + char + PLAIN[where:])
    assert has_invisible("甲" + char)  # short text: the regex


@pytest.mark.parametrize("char", ["\u200a", "\u2010", "\u2028", "\u206a", "\ufefe", "\u00ac", "\u061b"])
def test_screen_ignores_neighbours_of_invisible_characters(char):
    assert not has_invisible(PLAIN + char)


def test_one_scan_serves_both_rules_in_item_order():
    records = [{"项目名称": "甲", "子项名称": "乙"} for _ in range(3)]
    records[2]["项目名称"] = "甲\u200b\u202e"
    records[1]["子项名称"] = "乙\u202e"
    report = validate(PowerList.from_records(records))
    found = [(f.code, f.item, f.column) for f in report.findings if f.code in ("QZ220", "QZ221")]
    assert sorted(found) == [("QZ220", 1, "子项名称"), ("QZ220", 2, "项目名称"), ("QZ221", 2, "项目名称")]
