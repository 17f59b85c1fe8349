"""Shared fixtures: the seed text, the sample workbook, an in-process CLI runner."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from toolkit import PowerList, import_file, read_workbook
from toolkit.model import Notice

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_TXT = FIXTURES / "seed.txt"
SAMPLE_2022 = ROOT / "workbooks" / "xingan-2022.xlsx"

# One complete item and a notice a final document could carry (no QZ1xx/QZ2xx/QZ213 finding), shared by the
# tests that build small lists around a single defect.
ONE_ITEM = {
    "序号": "1",
    "权力分类": "行政检查",
    "项目名称": "对保密工作的检查",
    "实施主体": "县国家保密局",
    "实施依据": "《中华人民共和国保守国家秘密法》第二条。",
    "责任事项": "1．检查责任。",
    "追责情形": "1．不履行职责的。",
    "追责依据": "1．【法律】《中华人民共和国保守国家秘密法》第五十九条。",
}
COMPLETE_NOTICE = Notice(
    doc_number="兴保发〔2022〕1号",
    title="关于公布权责清单的通知",
    recipients="各乡（镇）、县直各单位",
    body="现将权责清单印发给你们，请遵照执行。",
    signature="兴安县国家保密局",
    date="2022年7月18日",
)


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
