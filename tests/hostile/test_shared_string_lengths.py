"""Shared strings are first measured with their markup (cheap, an upper bound); a workbook is refused only
on their exact length, so the cheap bound never refuses a file that is within the limits."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from toolkit import limits
from toolkit.errors import LimitError
from toolkit.limits import sharedstrings
from toolkit.reading.xlsx import open_workbook

TEXT = 500  # characters of the shared string, used three times on the sheet


def _minimal_xlsx(path: Path, sheet: str, shared: str) -> Path:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/></Types>',
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
        '<sheet name="权责清单" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}"><sheetData>{sheet}</sheetData></worksheet>',
        "xl/sharedStrings.xml": f'<sst xmlns="{main}">{shared}</sst>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text)
    return path


@pytest.fixture
def repeated_string(tmp_path: Path) -> Path:
    """One shared string of TEXT characters (written as Excel does, with xml:space) in A1, A2 and A3."""
    rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>' for r in (1, 2, 3))
    return _minimal_xlsx(tmp_path / "repeated.xlsx", rows, f'<si><t xml:space="preserve">{"法" * TEXT}</t></si>')


@pytest.mark.parametrize(
    ("spec", "refused"),
    [
        (f"cell_chars={TEXT},chars={3 * TEXT}", None),
        (f"cell_chars={TEXT - 1}", f"单个单元格的字数为 {TEXT:,}，超过了限额 {TEXT - 1:,}"),
        (f"chars={3 * TEXT - 1}", f"一个工作表的总字数超过了限额 {3 * TEXT - 1:,}"),
    ],
    ids=["exactly-at-the-limits", "one-cell-over", "sheet-total-over"],
)
def test_shared_strings_are_refused_on_their_exact_length(
    repeated_string: Path, spec: str, refused: str | None
) -> None:
    with limits.raised(spec):
        if refused is None:
            assert limits.check_xlsx(repeated_string).cut == {}
            assert len(read_workbook_values(repeated_string)) == 3
        else:
            with pytest.raises(LimitError, match=refused):
                limits.check_xlsx(repeated_string)


def test_the_cheap_bound_counts_markup_and_the_exact_count_does_not(repeated_string: Path) -> None:
    with zipfile.ZipFile(repeated_string) as zf:
        bound = sharedstrings.shared_lengths(zf, repeated_string)
        exact = sharedstrings.shared_lengths(zf, repeated_string, exact=True)
    assert exact == [TEXT] and bound[0] > TEXT  # the bound alone would have refused "exactly-at-the-limits"


def read_workbook_values(path: Path) -> list[list[object]]:
    return open_workbook(path).get_sheet_by_name("权责清单").to_python()


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="A{r}" t="s"><v>0</v></c>',
        '<c r="A{r}" s="3" t="s"><v>0</v></c>',
        '<c r="A{r}" t="s" s="3"><v>0</v></c>',
        '<c r="A{r}" t="s"><v> 0 </v></c>',
        '<c r="A{r}" s="3" t="s"><v>0</v></c><c r="B{r}" s="3"><v>7</v></c><c r="C{r}" s="3"/>',
        '<c r="B{r}"><v>7</v></c><c r="A{r}" s="12" t="s"><v>0</v></c>',
    ],
    ids=["plain", "styled", "style-after-type", "index-with-blanks", "beside-numbers-and-empty", "after-a-number"],
)
def test_every_shared_string_reference_is_counted_however_the_cell_is_written(tmp_path: Path, cell: str) -> None:
    # The sheet scan takes the indexes from the pattern that finds the cells where it can, from the literal
    # search or the general pattern where not: all of them count.
    rows = "".join(f'<row r="{r}">{cell.format(r=r)}</row>' for r in (1, 2, 3))
    src = _minimal_xlsx(tmp_path / "cells.xlsx", rows, f'<si><t xml:space="preserve">{"法" * TEXT}</t></si>')
    with limits.raised(f"chars={3 * TEXT}"):
        assert limits.check_xlsx(src).cut == {}
    with limits.raised(f"chars={3 * TEXT - 1}"), pytest.raises(LimitError, match="一个工作表的总字数"):
        limits.check_xlsx(src)
