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


FORBIDDEN = st.sampled_from(["\x07", "\x00", "\x1f", "\ufffe", "\uffff", "\x0b"])


@given(st.lists(st.one_of(VALUES, st.tuples(TEXT, FORBIDDEN, TEXT).map("".join)), max_size=8))
def test_clean_and_screen_screens_the_cleaned_column(values):
    from toolkit.reading.cells import clean_and_screen, may_hold_forbidden

    cleaned = clean_column(values)
    assert clean_and_screen(values) == (cleaned, may_hold_forbidden("".join(cleaned)))


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


@pytest.mark.parametrize(
    ("at", "text"),
    [(3, "甲\x07乙"), (300, "1．甲\n2．乙\x1f"), (300, " 1．甲\n\n2．乙\ufffe"), (None, "")],
    ids=["one-line-cell", "clean-paragraphs", "paragraphs-to-clean", "none"],
)
def test_a_workbook_grid_reports_a_forbidden_character_in_any_column_run(at, text):
    # The reader screens each column as it cleans it and content_findings skips the screened columns: a
    # forbidden character is reported wherever it is.
    from toolkit.reading.grid import grid_to_list

    header = ["序号", "权力分类", "项目名称", "实施依据", "备注"]
    rows = [header, *([n, "行政检查", f"事项{n}", f"1．《法》第{n}条\n2．《条例》", "无"] for n in range(1, 601))]
    if at is not None:
        rows[at + 1][3 if "\n" in text else 4] = text
    pl = grid_to_list(rows, strict=False)
    found = [(w.code, w.cell) for w in pl.warnings if w.code == "QZ006"]
    assert found == ([] if at is None else [("QZ006", f"{'D' if chr(10) in text else 'E'}{at + 2}")])
