"""The reader's fast cell cleaning must agree with model.clean_cell on any input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from toolkit.model import clean_cell
from toolkit.reading.grid import clean_column, clean_value

PIECES = st.sampled_from(["甲", "a", "1", "．", " ", "\u3000", "\u00a0", "\u200b", "\ufeff", "\t", "\n", "\r", "\r\n"])
TEXT = st.lists(PIECES, max_size=12).map("".join)
VALUES = st.one_of(TEXT, st.integers(-5, 10**6), st.floats(allow_nan=True, allow_infinity=False), st.none())


@given(st.lists(VALUES, max_size=6))
def test_clean_column_matches_clean_cell(values):
    assert clean_column(values) == [clean_cell(v) for v in values]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(1.0, "1"), (" 2 ", "2"), ("1．甲\r\n\r\n\u3000 2．乙 ", "1．甲\n2．乙"), ("甲\n乙", "甲\n乙"), ("\n\n", "")],
    ids=["float-seq", "padded-text", "crlf-blank-lines", "already-clean", "only-newlines"],
)
def test_clean_value_examples(raw, expected):
    assert clean_value(raw) == expected


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30))
def test_forbidden_screen_has_no_false_negatives(text):
    from toolkit.reading.grid import ILLEGAL_CHARS_RE, may_hold_forbidden

    assert may_hold_forbidden(text) == (ILLEGAL_CHARS_RE.search(text) is not None)
