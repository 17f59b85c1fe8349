"""Shared fixtures: the seed text, the sample workbook, an in-process CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit import PowerList, import_file, read_workbook

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_TXT = FIXTURES / "seed.txt"
SAMPLE_2022 = ROOT / "workbooks" / "xingan-2022.xlsx"


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED_TXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_list() -> PowerList:
    """The seed imported from its Word text (read once per session; do not mutate)."""
    return import_file(SEED_TXT)


@pytest.fixture(scope="session")
def sample_list() -> PowerList:
    """The bundled sample master workbook (do not mutate)."""
    return read_workbook(SAMPLE_2022)


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A private copy of the sample workbook that a test may change."""
    dst = tmp_path / "sample.xlsx"
    shutil.copy(SAMPLE_2022, dst)
    return dst


@pytest.fixture
def write_list(tmp_path: Path):
    """Write records (dicts keyed by Chinese column names) as a real master workbook in tmp_path:
    ``write_list("old.xlsx", records)`` returns the path."""
    from toolkit import write_workbook

    def write(name: str, records: list[dict[str, str]], notice=None) -> Path:
        path = tmp_path / name
        write_workbook(PowerList.from_records(records, notice=notice), path)
        return path

    return write


@pytest.fixture(scope="session")
def rendered_sample(tmp_path_factory: pytest.TempPathFactory, sample_list: PowerList):
    """The sample rendered once per session in one process: ``RenderResult`` with .pdf and .html paths."""
    from toolkit.render import render

    out = tmp_path_factory.mktemp("render")
    return render(sample_list, out / "sample.pdf", out / "sample.html", jobs=1)


@pytest.fixture
def cli():
    """Run the qzqd CLI in-process: ``cli("validate", path)`` returns click's Result."""
    from toolkit.cli import main

    runner = CliRunner()

    def invoke(*args: object, input: str | None = None):
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke
