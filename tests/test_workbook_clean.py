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


@pytest.mark.parametrize(
    ("at", "dirty"),
    [(255, "甲 "), (256, " 甲"), (255, "甲\n"), (256, "\n甲"), (300, "甲\n\n乙"), (511, "甲\r\n乙"), (None, "")],
    ids=["run-ends-padded", "run-starts-padded", "run-ends-break", "run-starts-break", "blank-line", "crlf", "clean"],
)
def test_clean_column_cleans_a_long_column_run_by_run_as_clean_cell(at, dirty):
    # clean_column joins a column in runs of RUN cells: a dirty cell at the edge of a run is found as inside one.
    from toolkit.reading.cells import RUN

    values = [f"{n}．甲\n{n}．乙" if n % 7 else "" for n in range(2 * RUN + 40)]
    if at is not None:
        values[at] = dirty
    assert clean_column(values) == [clean_cell(v) for v in values]


@pytest.mark.parametrize("at", [0, 255, 256, 600], ids=["first", "end-of-run", "start-of-run", "last-run"])
def test_forbidden_character_is_found_in_any_run_of_a_long_column(at):
    from toolkit.reading.findings import content_findings

    values = [f"{n}．甲" for n in range(700)]
    values[at] += "\x07"
    (found,) = content_findings([values], ["备注"], {"备注": "M"}, list(range(3, 703)), "权责清单")
    assert (found.code, found.cell, found.item) == ("QZ006", f"M{at + 3}", at)
