"""The real-list corpus itself: every fixture is complete, its expectations are found in its source text, the
generated workbooks/Word files are what `make_sources.py` makes, and the citation table is consistent.

These tests pin the corpus (tests/fixtures/real, tests/fixtures/citations), not the reader: a fixture edited by
hand into inconsistency fails here before it misleads a reader or parser test.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

REAL = Path(__file__).parent / "fixtures" / "real"
CITATIONS = Path(__file__).parent / "fixtures" / "citations" / "real_citations.tsv"
SLUGS = sorted(p.name for p in REAL.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))

STANDARD = {
    "序号",
    "权力分类",
    "项目名称",
    "子项名称",
    "实施主体",
    "承办的内设机构",
    "实施依据",
    "责任事项",
    "责任事项依据",
    "追责情形",
    "追责依据",
    "免责事项",
    "备注",
    "事项编码",
    "extra",
}
LAYOUTS = set("abcdefgh")


def _norm(text: str) -> str:
    """Width- and whitespace-insensitive form (the stored pages give NFKC punctuation; cells break lines)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _source_text(slug: str) -> str:
    folder = REAL / slug
    texts = []
    if (folder / "source.txt").exists():
        texts.append((folder / "source.txt").read_text(encoding="utf-8"))
    if (folder / "source.html").exists():
        p = _Text()
        p.feed((folder / "source.html").read_text(encoding="utf-8"))
        texts.append("".join(p.parts))
    return "\n".join(texts)


def _expected(slug: str) -> dict:
    return json.loads((REAL / slug / "expected.json").read_text(encoding="utf-8"))


def test_corpus_covers_provinces_and_layouts() -> None:
    provinces = {_expected(s)["province"] for s in SLUGS} - {""}
    layouts = {letter for s in SLUGS for letter in _expected(s)["layout"]}
    assert len(SLUGS) >= 10
    assert len(provinces) >= 6, provinces
    assert len(layouts) >= 7, layouts


@pytest.mark.parametrize("slug", SLUGS)
def test_fixture_is_complete(slug: str) -> None:
    folder = REAL / slug
    assert (folder / "SOURCE.md").read_text(encoding="utf-8").strip()
    assert (folder / "source.txt").exists() or (folder / "source.html").exists()
    exp = _expected(slug)
    for key in ("province", "department", "layout", "items", "headers", "columns", "first_item"):
        assert key in exp, key
    assert set(exp["layout"]) <= LAYOUTS
    assert isinstance(exp["items"], int) and exp["items"] >= 1
    assert list(exp["columns"]) == exp["headers"], "columns must map every header, in order"
    assert set(exp["columns"].values()) <= STANDARD
    assert set(exp["first_item"]) <= STANDARD - {"extra"}
    assert slug in (REAL / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("slug", SLUGS)
def test_expectations_are_found_in_the_source(slug: str) -> None:
    text = _norm(_source_text(slug))
    exp = _expected(slug)
    for header in exp["headers"]:
        for part in header.split("/"):
            assert _norm(part) in text, f"header {part!r} not in the source"
    for column, value in exp["first_item"].items():
        if column == "实施依据" and exp.get("grouped"):
            continue  # joined from labelled sub-columns: its parts are checked below
        assert _norm(value) in text, f"{column}: {value[:30]!r} not in the source"
    if exp.get("grouped"):
        for line in exp["first_item"].get("实施依据", "").split("\n"):
            assert _norm(re.sub(r"^【[^】]*】", "", line)) in text


def _make_sources():
    spec = importlib.util.spec_from_file_location("make_sources", REAL / "make_sources.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


MAKE = _make_sources()


@pytest.mark.parametrize("slug", sorted(MAKE.TARGETS))
def test_generated_files_are_what_make_sources_writes(slug: str, tmp_path: Path) -> None:
    for out in MAKE.build(slug, tmp_path):
        committed = REAL / slug / out.name
        assert committed.exists(), f"{committed} missing: run make_sources.py"
        assert out.read_bytes() == committed.read_bytes(), f"{committed} is stale: run make_sources.py {slug}"


def test_generated_xlsx_keeps_merges_and_text() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    ws = openpyxl.load_workbook(REAL / "ln-benxi-fagai-zhifa" / "source.xlsx").active
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert any(r.startswith("F") and ":J" in r for r in merged), merged  # 执法依据 over its five sub-columns
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "【法律】《中华人民共和国矿山安全法》第八条、第十二条" in values
    assert not any(str(v).startswith("索引号") for v in values), "web page chrome must not be in the workbook"


def _citations() -> list[dict[str, str]]:
    with CITATIONS.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_citation_table_has_enough_real_strings() -> None:
    rows = _citations()
    assert len(rows) >= 250
    assert len({r["source_url"] for r in rows}) >= 40
    assert list(rows[0]) == ["text", "source_url", "law", "articles", "kuan", "xiang", "quote", "note"]


@pytest.mark.parametrize("row", _citations(), ids=lambda r: r["text"][:24])
def test_citation_expectation_is_consistent_with_its_text(row: dict[str, str]) -> None:
    text = _norm(row["text"])
    assert text and row["source_url"].startswith("http")
    assert not row["law"].startswith("《") and not row["law"].endswith("》")  # titles without their outer marks
    if row["quote"]:
        assert _norm(row["quote"]) in text
    for part in ("kuan", "xiang"):
        if row[part]:
            assert _norm(row[part]) in text
    for article in filter(None, row["articles"].split(",")):
        number = _norm(article).removeprefix("附件").removeprefix("第").removesuffix("条").removesuffix("项")
        assert number in text, f"article {article} not in the text"
