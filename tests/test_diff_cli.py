"""`qzqd diff` in-process: fixture cases against expected JSON, exit codes, output safety, bad inputs."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "fixtures" / "diff"
SAMPLE_2022 = ROOT / "workbooks" / "xingan-2022.xlsx"
SAMPLE_2025 = ROOT / "workbooks" / "xingan-2025.xlsx"

CASE_EXIT = {"reorder": 0, "edit": 1, "add_remove": 1, "rename": 1, "format_only": 0, "codes": 1}


def load(case: str, name: str):
    return json.loads((CASES / case / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", sorted(CASE_EXIT), ids=sorted(CASE_EXIT))
def test_case_json_matches_expected(case: str, cli, write_list) -> None:
    old = write_list("old.xlsx", load(case, "old.json"))
    new = write_list("new.xlsx", load(case, "new.json"))
    result = cli("diff", old, new, "--json")
    assert result.exit_code == CASE_EXIT[case], result.output
    assert json.loads(result.stdout) == load(case, "expected.json")


def test_sample_revisions_match_expected(cli) -> None:
    result = cli("diff", SAMPLE_2022, SAMPLE_2025, "--json")
    assert result.exit_code == 1
    got = json.loads(result.stdout)
    assert got == json.loads((CASES / "sample-2022-2025.json").read_text(encoding="utf-8"))
    assert got["summary"] == {"added": 1, "removed": 1, "changed": 4, "unchanged": 0, "format_only": 0}


def test_json_shape(cli) -> None:
    result = cli("diff", SAMPLE_2022, SAMPLE_2025, "--json")
    doc = json.loads(result.stdout)
    assert set(doc) == {"summary", "items", "groups", "warnings"}
    assert {"added", "removed", "changed", "unchanged"} <= set(doc["summary"])
    ident = {"序号", "权力分类", "项目名称", "子项名称"}
    for it in doc["items"]:
        assert it["status"] in {"added", "removed", "changed", "unchanged"}
        assert (it["old"] is None) == (it["status"] == "added")
        assert (it["new"] is None) == (it["status"] == "removed")
        for side in ("old", "new"):
            if it[side] is not None:
                assert set(it[side]) == ident
        for f in it["fields"]:
            assert {"column", "old", "new"} <= set(f)
            # the ops rebuild both values
            assert "".join(t for tag, t in f["ops"] if tag != "insert") == f["old"]
            assert "".join(t for tag, t in f["ops"] if tag != "delete") == f["new"]
    renamed = [it for it in doc["items"] if it["match"] == "similar"]
    assert [it["new"]["项目名称"] for it in renamed] == ["要求网络运营者删除涉及泄露国家秘密的信息"]


def test_terminal_summary_and_changes(cli) -> None:
    result = cli("diff", SAMPLE_2022, SAMPLE_2025)
    assert result.exit_code == 1
    out = result.stdout
    assert "新增 1 项，取消 1 项，变更 4 项，未变 0 项" in out
    assert "合并 第2项 行政强制 对保密检查中发现的泄密隐患的行政强制" in out  # its 备注 in 2025 says 并入第3项
    assert "原第 2、3 项合并为现第 3 项" in out
    assert "【实施依据】" in out and "按内容相似度" in out


def test_identical_revisions_exit_0(cli) -> None:
    result = cli("diff", SAMPLE_2022, SAMPLE_2022)
    assert result.exit_code == 0
    assert "新增 0 项，取消 0 项，变更 0 项，未变 5 项" in result.stdout


def test_show_format_lists_format_only_items(cli, write_list) -> None:
    old = write_list("old.xlsx", load("format_only", "old.json"))
    new = write_list("new.xlsx", load("format_only", "new.json"))
    hidden = cli("diff", old, new)
    shown = cli("diff", old, new, "--show-format")
    assert hidden.exit_code == 0 and "格式 第" not in hidden.stdout
    assert shown.exit_code == 1 and "（仅格式差异）" in shown.stdout
    doc = json.loads(cli("diff", old, new, "--json", "--show-format").stdout)
    assert sum(bool(it["fields"]) for it in doc["items"]) == 2
    assert all(f["format_only"] for it in doc["items"] for f in it["fields"])


def test_json_report_file(cli, tmp_path: Path) -> None:
    out = tmp_path / "对照.json"
    result = cli("diff", SAMPLE_2022, SAMPLE_2025, "-o", out)
    assert result.exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["changed"] == 4
    assert "调整对照表已写入" in result.stdout


def test_existing_output_needs_force(cli, tmp_path: Path) -> None:
    out = tmp_path / "对照.json"
    out.write_text("keep", encoding="utf-8")
    result = cli("diff", SAMPLE_2022, SAMPLE_2025, "-o", out)
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "keep"
    assert cli("diff", SAMPLE_2022, SAMPLE_2025, "-o", out, "--force").exit_code == 1
    assert out.read_text(encoding="utf-8").startswith("{")


def test_unknown_output_format(cli, tmp_path: Path) -> None:
    result = cli("diff", SAMPLE_2022, SAMPLE_2025, "-o", tmp_path / "x.docx")
    assert result.exit_code == 2
    assert "不支持的输出格式" in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_output_never_overwrites_an_input(cli, tmp_path: Path, sample_copy: Path) -> None:
    before = sample_copy.read_bytes()
    result = cli("diff", SAMPLE_2025, sample_copy, "-o", sample_copy.with_suffix(".xlsx"), "--force")
    assert result.exit_code == 2
    assert "输出文件与输入文件相同" in result.stderr
    assert sample_copy.read_bytes() == before


def _bad_inputs(tmp_path: Path, write_list, sample_copy: Path) -> dict[str, tuple[Path, str]]:
    from openpyxl import load_workbook

    text = tmp_path / "notes.xlsx"
    text.write_text("这不是工作簿", encoding="utf-8")
    wb = load_workbook(sample_copy)
    wb["权责清单"].delete_cols(13)
    fewer = tmp_path / "fewer.xlsx"
    wb.save(fewer)
    recs = load("edit", "old.json")
    dup = write_list("dup.xlsx", [*recs, {**copy.deepcopy(recs[0]), "序号": "5"}])
    return {
        "missing": (tmp_path / "没有这个文件.xlsx", "文件不存在"),
        "not-a-workbook": (text, "不是 Excel 工作簿"),
        "columns": (fewer, "新版本删除了列：备注"),
        "duplicate": (dup, "是同一事项"),
    }


@pytest.mark.parametrize(
    "kind",
    ["missing", "not-a-workbook", "columns", "duplicate"],
    ids=["missing", "not-a-workbook", "columns", "duplicate"],
)
@pytest.mark.parametrize("fmt", [".xlsx", ".json"], ids=["xlsx", "json"])
def test_bad_input_exit_2_nothing_written(
    kind: str, fmt: str, cli, tmp_path: Path, write_list, sample_copy: Path
) -> None:
    bad, message = _bad_inputs(tmp_path, write_list, sample_copy)[kind]
    out = tmp_path / f"report{fmt}"
    result = cli("diff", sample_copy, bad, "-o", out)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if ".part" in p.name]
