"""Whole-column screens (numbering, document numbers) give, cell by cell, what the exact reading gives."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.model import PowerList
from toolkit.validate import columns, numbering
from toolkit.validate.numbering import LABEL_RE, START_RE, column_points, parse_points
from toolkit.validate.registry import Context

_PIECES = [
    "\n",
    "1．",
    "2．",
    "3．",
    "12．",
    "1.",
    "2.",
    "3.",
    "2、",
    "2—1．",
    "2-2．",
    "3 ．",
    "1 — 2．",
    "123．",
    "  ",
    "１．",
    "000．",
    "甲",
    "。",
    "）",
    " ",
    "1.5",
    "\t",
    # fused points, which the screens must all find
    "。2．",
    "；2—1．",
    "）12.",
    # what the numpy reader of labels must leave to the regex, or read itself exactly
    "0．",
    "01．",
    "1234．",
    "2—1、",
    "12－3．",
    "2—12．",
    "3—123、",
    "123—456．",
    "12—34.",
    "2—",
    "2—甲",
    "2—1234．",
    "2—12年",
    "2—3 ．",
    "2024年",
    "\u0663．",  # ARABIC-INDIC DIGIT THREE: \d matches it
    "\U0001d7d0．",  # MATHEMATICAL BOLD DIGIT TWO, beyond the BMP
    "\ud800",  # a lone surrogate (numpy copies it as it is)
    "\U00020000",  # a CJK character beyond the BMP
    "2~1．",
    "2—1.",
    "2—1.5",
    "2—.",
    "2— 1．",
    "2—\uff11．",  # a full-width digit after the dash
    "1\u0663．",
    "2—01．",
    "2—0．",
    "3.",
    "12.",
    "2.\u0663",
    "2\\1．",  # a backslash is no dash
]
_CELL = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


@settings(max_examples=500, deadline=None)
@given(st.lists(_CELL, min_size=1, max_size=6))
def test_column_scan_matches_the_exact_reading_of_each_cell(cells):
    pl = PowerList.from_records([{"责任事项": c} for c in cells])
    cp = column_points(Context(pl))["责任事项"]
    # the numpy pass reads the column in slices: with slices of a few characters, labels straddle them
    whole = columns.column_scan(Context(pl), "责任事项")
    default, columns._SLICE = columns._SLICE, 5
    try:
        assert columns.column_scan(Context(pl), "责任事项") == whole
    finally:
        columns._SLICE = default
    # many "．" outside the labels: the look-behind screen instead of reading each such cell
    default, numbering._FEW_LOOSE_DOTS = numbering._FEW_LOOSE_DOTS, -1
    try:
        screened = column_points(Context(pl))["责任事项"]
    finally:
        numbering._FEW_LOOSE_DOTS = default
    assert (screened.fused, screened.canonical) == (cp.fused, cp.canonical)
    for item, text in enumerate(cp.values):  # as the list holds them (cleaned of edge blanks)
        exact = parse_points(text)
        assert cp.raw[item] == (START_RE.findall("\n" + text) if text else [])
        # The whole-column screen finds every point fused into a paragraph, blanks or not ("。2．", "。 2—1．",
        # "。2 ．", "。 2 — 1．").
        assert cp.points(item) == exact
        assert (item in cp.fused) == any(p.fused for p in exact)
        # canonical: the labels are written exactly "1．2．…n．" (ASCII digits, no blank), nothing fused
        labels = LABEL_RE.findall("\n" + text)
        assert cp.canonical[item] == (labels == [f"{i}．" for i in range(1, len(labels) + 1)] and item not in cp.fused)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(["令", "第", "号", "1", "12", "123", "1234", "〕", "）", "]", "（", "甲", " "]), max_size=14
    )
)
def test_document_number_screen_skips_only_order_numbers(pieces):
    # QZ208's screen rules out "…令第646号" before trying its eight look-behinds: it must find exactly the 号
    # that close "<closing bracket>[第]digits号", as the eight alone do.
    import re

    from toolkit.validate.rules import _CLOSING, _DOCNO_FINDERS

    text = "".join(pieces)
    plain = re.compile(
        "号(?:"
        + "|".join(f"(?<={_CLOSING}{d}{n}号)" for d in ("", "第") for n in (r"\d", r"\d\d", r"\d{3}", r"\d{4}"))
        + ")"
    )
    (_, screen) = _DOCNO_FINDERS[0]
    assert [m.start() for m in screen.finditer(text)] == [m.start() for m in plain.finditer(text)]


_KEY_TEXT = st.text(
    alphabet=[
        "e",
        "\u0301",
        "\u0327",
        "ｅ",
        "ﬁ",
        "①",
        " ",
        "\u3000",
        "\x01",
        "\x1f",
        "\u1100",
        "\u1161",
        "\u11a8",
        "가",
        "甲",
        "（",
        "Ａ",
        "\u00a0",
        "\u2003",
    ],
    max_size=6,
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_KEY_TEXT, _KEY_TEXT, _KEY_TEXT), min_size=1, max_size=5))
def test_duplicate_keys_normalised_together_equal_item_by_item(items):
    # QZ207 normalises a whole column at once: combining marks and jamo at the start of a cell must not compose
    # with the previous cell's last character, and a cell holding the joiner itself is still read right.
    import re
    import unicodedata

    from toolkit.validate.rules import _duplicate_keys

    parts = [list(column) for column in zip(*items, strict=True)]
    one_by_one = ["\x1f".join(re.sub(r"\s+", "", unicodedata.normalize("NFKC", f)) for f in p) for p in items]
    assert _duplicate_keys(parts) == one_by_one


def test_label_reader_knows_every_decimal_digit_of_the_bmp():
    # \d takes any Unicode decimal digit: the numpy reader must leave a line starting with one to the regex
    kind = columns._kinds()
    digits = {columns._DIGIT, columns._WIDE_DIGIT}
    assert [c for c in range(0x10000) if (kind[c] in digits) != chr(c).isdecimal()] == []


@pytest.mark.parametrize("cells", [[], [""], ["1．甲。2．乙"]], ids=["no-item", "empty-cell", "fused"])
def test_column_scan_of_tiny_columns(cells):
    # an empty column is its opening separator alone: its "000．" is no cell's and no loose "．"
    pl = PowerList.from_columns({"责任事项": cells})
    scan = columns.column_scan(Context(pl), "责任事项")
    assert scan.loose_dots == ([12] if cells == ["1．甲。2．乙"] else [])
    cp = column_points(Context(pl))["责任事项"]
    assert sorted(cp.fused) == ([0] if cells == ["1．甲。2．乙"] else [])
