"""update-citations: undecided citations marked in the workbook, continuations checked, public API."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from toolkit import comments, read_workbook
from toolkit.citations.check import named_version
from toolkit.citations.registry import load_registry
from toolkit.update import HIGHLIGHT, NEEDS_PERSON, update_citations
from toolkit.validate import Options, validate

from .conftest import SAMPLE_2022

ROOT = Path(__file__).resolve().parent.parent


# --- named_version is public API ------------------------------------------------------------------------------


def test_named_version_is_public_and_picks_the_latest_named_order():
    law = load_registry().find("中华人民共和国保守国家秘密法实施条例")
    assert law is not None
    assert named_version(law.versions, "2014年国务院令第646号").adopted.year == 2014
    both = "2014年国务院令第646号公布，2024年7月10日国务院令第786号修订"
    assert named_version(law.versions, both).adopted.year == 2024
    assert named_version(law.versions, "") is None and named_version(law.versions, "国务院令第1号") is None


def test_no_private_names_imported_from_citations_check():
    """Modules outside toolkit/citations/check.py use its public names only."""
    for path in (ROOT / "toolkit").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("citations.check"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.relative_to(ROOT)} imports {private}"


# --- citations left for a person are marked in the workbook ---------------------------------------------------

AS_OF = dt.date(2025, 1, 1)
SHEET = "权责清单"
BAOMIFA = "《中华人民共和国保守国家秘密法》"
ART5 = "第五条：国家保密行政管理部门主管全国的保密工作。县级以上地方各级保密行政管理部门主管本行政区域的保密工作。"
ART42 = (
    "第四十二条：保密行政管理部门依法组织开展保密宣传教育、保密检查、保密技术防护和泄密案件查处工作，"
    "对机关、单位的保密工作进行指导和监督。"
)
ART45 = "第四十五条：保密行政管理部门对保密检查中发现的非法获取、持有的国家秘密载体，应当予以收缴。"


def rgb(cell) -> str:
    return cell.fill.fgColor.rgb if cell.fill is not None and cell.fill.fill_type else ""


@pytest.fixture(scope="module")
def sample_updated(tmp_path_factory):
    d = tmp_path_factory.mktemp("update-fixes")
    out = d / "2025.xlsx"
    result = update_citations(SAMPLE_2022, out, as_of=AS_OF)
    return out, result


def test_every_remaining_stale_cell_is_marked_for_a_person(sample_updated):
    """validate --as-of on the output: each QZ401 cell has the needs-a-person colour and a comment that names
    the citation and why; no other cell has that colour."""
    out, result = sample_updated
    ws = openpyxl.load_workbook(out)[SHEET]
    stale = [f for f in validate(read_workbook(out), Options(as_of=AS_OF)).findings if f.code == "QZ401"]
    assert {f.cell for f in stale} == {"G3", "G4", "G5", "I3", "I4"}
    for f in stale:
        cell = ws[f.cell]
        assert rgb(cell).endswith(NEEDS_PERSON), f.cell
        section = comments.split(cell.comment.text, cell.comment.author)[1][comments.UPDATE]
        assert section.startswith("需要人工处理"), section
        cited = f.message.split("：")[0]  # "依据“3．”《…》第四十五条", as validate names it
        line = next(x for x in section.split("\n") if x.startswith(cited + "："))
        assert "请人工确定新条号和引文" in line and ("拆分" in line or "合并" in line)
        assert "2024年2月27日修订" in line  # which revision made it stale, without the terminal
    orange = {c.coordinate for row in ws.iter_rows() for c in row if rgb(c).endswith(NEEDS_PERSON)}
    assert orange == {f.cell for f in stale} == {u.cell for u in result.undecided}


def test_cell_with_updated_and_undecided_citations_shows_both(sample_updated):
    """G5: 第四十二条 rewritten to 第四十九条, the continuation 第四十四条 (split) left: both in the one section."""
    out, _ = sample_updated
    cell = openpyxl.load_workbook(out)[SHEET]["G5"]
    assert "第四十九条：" in cell.value and "第四十四条：" in cell.value
    text = cell.comment.text
    assert text.count(comments.UPDATE) == 1
    assert f"{BAOMIFA}第四十四条：按2024年2月27日修订的版本，原第四十四条的内容已拆分到第五十一条、第五十二条" in text
    assert "原第四十二条改为第四十九条" in text
    assert text.index("需要人工处理") < text.index("qzqd 更新了本格的法律依据")


def test_colours_are_distinct():
    assert len({NEEDS_PERSON, HIGHLIGHT, "FFC7CE", "FFEB9C"}) == 4


def test_fully_updated_cells_keep_the_updated_colour(sample_updated):
    out, result = sample_updated
    ws = openpyxl.load_workbook(out)[SHEET]
    plain = set(result.cells) - {u.cell for u in result.undecided}
    assert plain
    for address in plain:
        assert rgb(ws[address]).endswith(HIGHLIGHT) and "需要人工处理" not in ws[address].comment.text


def test_cli_still_lists_undecided_in_the_terminal(cli, tmp_path):
    r = cli("update-citations", SAMPLE_2022, "-o", tmp_path / "o.xlsx", "--as-of", "2025-01-01")
    assert r.exit_code == 0 and "以下 5 处需要人工处理" in r.output and "G5" in r.output


# --- a bare continuation citation is checked like any other citation of its law ------------------------------


def test_continuation_citations_are_rewritten_or_left_for_a_person(tmp_path):
    """After a full citation of 保密法, bare "第四十二条：…" (one-to-one) is rewritten and bare "第四十五条：…"
    (merged into 第五十二条) is listed and marked: neither keeps its old number silently."""
    src = tmp_path / "in.xlsx"
    wb = openpyxl.load_workbook(SAMPLE_2022)
    wb[SHEET]["G6"] = f"1．【法律】{BAOMIFA}{ART5}\n{ART45}\n{ART42}"
    wb.save(src)
    out = tmp_path / "out.xlsx"
    result = update_citations(src, out, as_of=AS_OF)
    g6 = [u for u in result.undecided if u.cell == "G6"]
    assert [(u.citation, "合并" in u.reason) for u in g6] == [(f"{BAOMIFA}第四十五条", True)]
    cell = openpyxl.load_workbook(out)[SHEET]["G6"]
    assert cell.value.split("\n") == [
        f"1．【法律】{BAOMIFA}第六条：{ART5.split('：', 1)[1]}",
        ART45,
        next(p for p in result.cells["G6"].split("\n") if p.startswith("第四十九条：")),
    ]
    assert rgb(cell).endswith(NEEDS_PERSON) and f"{BAOMIFA}第四十五条：" in cell.comment.text
    assert "原第四十二条改为第四十九条" in cell.comment.text
    left = [f for f in validate(read_workbook(out), Options(as_of=AS_OF)).findings if f.code == "QZ401"]
    assert [f.message.split("：")[0] for f in left if f.cell == "G6"] == [f"{BAOMIFA}第四十五条"]


# --- running again on the output ------------------------------------------------------------------------------


def test_second_run_keeps_earlier_changes_and_drops_marks_the_clerk_resolved(sample_updated, tmp_path):
    """The output fed back in: cells still needing a person stay marked (one section, earlier changes kept);
    a cell whose split article the clerk has since fixed loses the mark and keeps its record of changes."""
    out, _ = sample_updated
    wb = openpyxl.load_workbook(out)
    g4 = wb[SHEET]["G4"]
    first = g4.comment.text
    old44 = next(p for p in g4.value.split("\n") if p.startswith("第四十四条："))
    g4.value = g4.value.replace(old44, "第五十一条：保密行政管理部门依法对机关、单位执行保密法律法规的情况进行检查。")
    fixed = tmp_path / "fixed.xlsx"
    wb.save(fixed)
    again = tmp_path / "again.xlsx"
    result = update_citations(fixed, again, as_of=AS_OF)
    assert result.changes == [] and {u.cell for u in result.undecided} == {"G3", "G5", "I3", "I4"}
    ws = openpyxl.load_workbook(again)[SHEET]
    assert rgb(ws["G4"]).endswith(HIGHLIGHT)
    text = ws["G4"].comment.text
    assert "需要人工处理" not in text and "原第五条改为第六条" in text and "原第三十三条改为第五十九条" in text
    assert first.split("qzqd 更新了")[1] == text.split("qzqd 更新了")[1]
    g5 = ws["G5"]
    assert rgb(g5).endswith(NEEDS_PERSON) and g5.comment.text.count("第四十四条：按") == 1
    assert "原第四十二条改为第四十九条" in g5.comment.text


def test_annotate_after_update_keeps_the_needs_a_person_colour(sample_updated, tmp_path):
    from toolkit.validate.annotate import annotate_workbook

    out, _ = sample_updated
    annotated = tmp_path / "checked.xlsx"
    annotate_workbook(out, validate(out, Options(as_of=AS_OF)), annotated)
    cell = openpyxl.load_workbook(annotated)[SHEET]["G4"]
    assert rgb(cell).endswith(NEEDS_PERSON)
    assert "【qzqd 检查】" in cell.comment.text and "需要人工处理" in cell.comment.text


def test_resolved_cell_that_qzqd_never_rewrote_loses_colour_and_note(tmp_path):
    """A cell whose only stale citation was split: orange with a note; once the clerk fixes it, a rerun leaves
    it without qzqd's colour or note (the clerk's own note stays)."""
    from openpyxl.comments import Comment

    src = tmp_path / "in.xlsx"
    wb = openpyxl.load_workbook(SAMPLE_2022)
    wb[SHEET]["G6"] = f"1．【法律】{BAOMIFA}第四十四条：保密行政管理部门对机关、单位遵守保密制度的情况进行检查。"
    wb[SHEET]["G6"].comment = Comment("科长：待核", "张三")
    wb.save(src)
    first = tmp_path / "first.xlsx"
    update_citations(src, first, as_of=AS_OF)
    wb = openpyxl.load_workbook(first)
    cell = wb[SHEET]["G6"]
    assert rgb(cell).endswith(NEEDS_PERSON) and "qzqd 更新了" not in cell.comment.text
    assert cell.comment.text.startswith("科长：待核\n\n【qzqd 引用更新】\n需要人工处理")
    cell.value = f"1．【法律】{BAOMIFA}第五十一条：保密行政管理部门依法对机关、单位执行保密法律法规的情况进行检查。"
    wb.save(tmp_path / "fixed.xlsx")
    update_citations(tmp_path / "fixed.xlsx", tmp_path / "again.xlsx", as_of=AS_OF)
    cell = openpyxl.load_workbook(tmp_path / "again.xlsx")[SHEET]["G6"]
    assert rgb(cell) == "" and cell.comment.text == "科长：待核" and cell.comment.author == "张三"
