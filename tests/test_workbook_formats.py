"""The file's content decides how it is read, not its name (renamed workbooks are common in offices)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from toolkit import read_workbook
from toolkit.validate import validate

from .conftest import SAMPLE_2022

FIX = Path(__file__).parent / "fixtures" / "workbook"


@pytest.mark.parametrize(
    ("source", "name"),
    [(SAMPLE_2022, "主表.xls"), (SAMPLE_2022, "主表.XLS"), (FIX / "published.xls", "旧表.xlsx")],
    ids=["xlsx-named-xls", "xlsx-named-XLS", "xls-named-xlsx"],
)
def test_renamed_workbook_reads_like_the_original(tmp_path, source, name):
    renamed = Path(shutil.copy(source, tmp_path / name))
    original = read_workbook(source, strict=False)
    copy = read_workbook(renamed, strict=False)
    assert copy.records() == original.records()
    assert copy.notice == original.notice


def test_validate_renamed_workbook(cli, tmp_path):
    renamed = Path(shutil.copy(SAMPLE_2022, tmp_path / "主表.xls"))
    r = cli("validate", renamed, "--json")
    assert r.exit_code == 1  # the sample's real errors, not "工作簿已损坏"
    assert "已损坏" not in r.output
    assert validate(renamed).errors == validate(SAMPLE_2022).errors


def test_annotate_and_update_a_renamed_workbook(cli, tmp_path):
    renamed = Path(shutil.copy(SAMPLE_2022, tmp_path / "主表.xls"))
    r = cli("validate", renamed, "--annotate", tmp_path / "批注.xlsx")
    assert r.exit_code == 1 and (tmp_path / "批注.xlsx").exists(), r.output
    r = cli("update-citations", renamed, "-o", tmp_path / "新版.xlsx", "--as-of", "2025-01-01")
    assert r.exit_code == 0 and "已改写" in r.output, r.output
    legacy = Path(shutil.copy(FIX / "published.xls", tmp_path / "旧表.xlsx"))
    r = cli("validate", legacy, "--annotate", tmp_path / "x.xlsx")
    assert r.exit_code == 2 and "另存为" in r.output and "zip" not in r.output
