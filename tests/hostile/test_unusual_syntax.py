"""XML written in a syntax no spreadsheet program writes but calamine reads (attributes in single quotes, spaces
around "=", entities, other namespace prefixes, ``<si/>``, attributes on ``<si>`` or ``<v>``): the size check
measures it as calamine reads it. Before, a far-away cell written ``<c r='XFD1048576'>`` passed unseen and
python-calamine aborted the process; a long shared string referenced through ``<si a="1">`` was not counted."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit import limits
from toolkit.errors import LimitError

from . import make
from .run import qzqd
from .test_shared_string_lengths import _minimal_xlsx

FAR_ROWS = {
    "single-quotes": b"<row r='1048576'><c r='XFD1048576' t='inlineStr'><is><t>far</t></is></c></row>",
    "spaces-around-equals": b'<row r = "1048576"><c r = "XFD1048576" t="inlineStr"><is><t>far</t></is></c></row>',
    "entity-in-address": b'<row r="1048576"><c r="&#88;FD1048576" t="inlineStr"><is><t>far</t></is></c></row>',
    "line-break-in-tag": b'<row r="1048576"><c\nr="XFD1048576" t="inlineStr"><is><t>far</t></is></c></row>',
    "other-prefix": b'<row r="1048576"><y:c xmlns:y="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    b' r="XFD1048576" t="inlineStr"><y:is><y:t>far</y:t></y:is></y:c></row>',
}


def _far(tmp_path: Path, name: str) -> Path:
    return make._with_sheet(tmp_path / f"{name}.xlsx", make._append_rows(make._sample_sheet(), FAR_ROWS[name]))


@pytest.mark.parametrize("name", FAR_ROWS, ids=list(FAR_ROWS))
def test_a_far_cell_in_unusual_syntax_is_found_before_calamine_sees_it(tmp_path: Path, name: str) -> None:
    # Written so, the far cell cannot be left out of the copy calamine reads: the workbook is refused.
    with pytest.raises(LimitError, match="远在清单之外"):
        limits.check_xlsx(_far(tmp_path, name))


def test_a_far_cell_in_single_quotes_is_refused_not_an_abort(tmp_path: Path) -> None:
    run = qzqd(["validate", _far(tmp_path, "single-quotes")], timeout=60)
    assert run.code == 2, run.output[-800:]  # was -6: calamine's 512 GiB allocation aborted the process
    assert "错误：" in run.stderr and "Traceback" not in run.output


TEXT = "法" * 500
ROWS = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>1</v></c></row>' for r in (1, 2, 3))
SHARED = {
    "attribute-on-si": (ROWS, f'<si a="1"><t>x</t></si><si a="1"><t>{TEXT}</t></si>'),
    "empty-si-first": (ROWS, f"<si/><si><t>{TEXT}</t></si>"),
    "comment-with-si": (ROWS, f"<si><t>x</t></si><!-- <si> --><si><t>{TEXT}</t></si>"),
    "t-in-single-quotes": (ROWS.replace('"', "'"), f"<si><t>x</t></si><si><t>{TEXT}</t></si>"),
    "attribute-on-v": (ROWS.replace("<v>", '<v a="1">'), f"<si><t>x</t></si><si><t>{TEXT}</t></si>"),
    "formula-before-v": (ROWS.replace("<v>", "<f>B1</f><v>"), f"<si><t>x</t></si><si><t>{TEXT}</t></si>"),
}


@pytest.mark.parametrize("name", SHARED, ids=list(SHARED))
def test_a_long_shared_string_is_counted_whatever_the_syntax(tmp_path: Path, name: str) -> None:
    sheet, strings = SHARED[name]
    path = _minimal_xlsx(tmp_path / f"{name}.xlsx", sheet, strings)
    with limits.raised("cell_chars=499"), pytest.raises(LimitError, match="单个单元格的字数为 500"):
        limits.check_xlsx(path)
    with limits.raised("cell_chars=500"):
        assert limits.check_xlsx(path).cut == {}  # measured exactly: not refused at the limit


def test_workbooks_as_spreadsheet_programs_write_them_are_scanned_without_the_parser(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import toolkit.limits.xmlparser as parser

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("measured with the XML parser")

    monkeypatch.setattr(parser, "scan_sheet_xml", refuse)
    monkeypatch.setattr(parser, "shared_lengths_xml", refuse)
    root = make.ROOT
    for path in [
        root / "workbooks" / "xingan-2025.xlsx",
        root / "tests" / "fixtures" / "workbook" / "formula-cached.xlsx",  # formulas with "&" and quotes
        root / "tests" / "fixtures" / "validate" / "reading.xlsx",  # inline text with line breaks and "&"
        *sorted((root / "tests" / "fixtures" / "real").glob("*/source.xlsx")),
    ]:
        assert limits.check_xlsx(path).cut == {}, path
