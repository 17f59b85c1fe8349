"""qzqd update-citations: one-to-one rewrites, undecided cases listed, input untouched, output re-validates."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from toolkit import read_workbook
from toolkit.update import HIGHLIGHT, NEEDS_PERSON, update_citations
from toolkit.validate import Options, validate

from .office import needs_soffice, soffice_convert

AS_OF = dt.date(2025, 1, 1)


def digest(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def updated(tmp_path_factory):
    from tests.conftest import SAMPLE_2022

    d = tmp_path_factory.mktemp("update")
    src = d / "2022.xlsx"
    shutil.copy(SAMPLE_2022, src)
    before = digest(src)
    out = d / "2025.xlsx"
    result = update_citations(src, out, as_of=AS_OF)
    return src, out, result, before


def test_input_is_unchanged(updated):
    src, _, _, before = updated
    assert digest(src) == before


def test_remaining_stale_findings_are_exactly_the_undecided_cases(updated):
    _, out, result, _ = updated
    report = validate(read_workbook(out), Options(as_of=AS_OF))
    stale = sorted((f.item, f.column, f.message.split("：")[0]) for f in report.findings if f.code == "QZ401")
    undecided = sorted((u.item, u.column, u.citation) for u in result.undecided)
    assert stale == undecided
    assert len(result.changes) > 10 and len(result.undecided) > 0
    # Only split (44 -> 51, 52) and merged (45 -> 52) articles are left for a person.
    assert {"第四十四条" in u.citation or "第四十五条" in u.citation for u in result.undecided} == {True}
    assert all(("拆分" in u.reason) or ("合并" in u.reason) for u in result.undecided)


def test_rewritten_quotes_match_the_current_law(updated):
    src, out, _, _ = updated
    old = {
        (f.item, f.column, f.message)
        for f in validate(read_workbook(src), Options(as_of=AS_OF)).findings
        if f.code == "QZ402"
    }
    new = {
        (f.item, f.column, f.message)
        for f in validate(read_workbook(out), Options(as_of=AS_OF)).findings
        if f.code == "QZ402"
    }
    assert new <= old  # nothing written by the update is a misquote


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("第五条：国家保密行政管理部门主管全国的保密工作", "第六条：国家保密行政管理部门主管全国的保密工作"),
        ("第三十六条：保密行政管理部门收缴", "第六十二条：保密行政管理部门收缴"),
        ("第五章第四十四条：保密行政管理部门未依法履行职责", "第五章第七十二条：保密行政管理部门未依法履行职责"),
        (
            "（2014年国务院令第646号）第三十三条",
            "（2014年国务院令第646号，2024年7月10日国务院令第786号修订）第五十九条",
        ),
    ],
    ids=["baomifa-5-6", "tiaoli-36-62", "tiaoli-44-72-chapter", "issuance-gains-revision"],
)
def test_expected_rewrites(updated, old, new):
    src, out, _, _ = updated
    before = "\n".join(str(v) for row in openpyxl.load_workbook(src)["权责清单"].values for v in row if v)
    after = "\n".join(str(v) for row in openpyxl.load_workbook(out)["权责清单"].values for v in row if v)
    assert old in before and new in after


def test_changed_cells_marked_and_everything_else_kept(updated):
    src, out, result, _ = updated
    a, b = openpyxl.load_workbook(src), openpyxl.load_workbook(out)
    for_person = {u.cell for u in result.undecided}
    # the copy gains the 调整说明 sheet (the rewritten items' 依据 and 理由 for qzqd adjust), nothing else
    assert [n for n in b.sheetnames if n not in a.sheetnames] == (
        ["调整说明"] if "调整说明" not in a.sheetnames else []
    )
    for name in a.sheetnames:
        if name == "调整说明":
            continue
        for row_a, row_b in zip(a[name].iter_rows(), b[name].iter_rows(), strict=True):
            for ca, cb in zip(row_a, row_b, strict=True):
                if name == "权责清单" and cb.coordinate in result.cells:
                    assert cb.value == result.cells[cb.coordinate] != ca.value
                    assert cb.fill.start_color.rgb.endswith(NEEDS_PERSON if cb.coordinate in for_person else HIGHLIGHT)
                    assert "qzqd" in cb.comment.text and "改为" in cb.comment.text
                elif name == "权责清单" and cb.coordinate in for_person:
                    assert cb.value == ca.value and cb.fill.start_color.rgb.endswith(NEEDS_PERSON)
                    assert "需要人工处理" in cb.comment.text and "改为" not in cb.comment.text
                else:
                    assert cb.value == ca.value, cb.coordinate
        assert a[name].column_dimensions["A"].width == b[name].column_dimensions["A"].width


def test_diff_shows_exactly_the_updated_cells(updated, cli):
    src, out, result, _ = updated
    r = cli("diff", src, out, "--json")
    data = json.loads(r.output)
    changed = {(int(i["old"]["序号"]) - 1, f["column"]) for i in data["items"] for f in i.get("fields", [])}
    assert changed == {(c.item, c.column) for c in result.changes}


def test_nothing_to_update_at_the_lists_own_date(sample_copy, tmp_path):
    out = tmp_path / "same.xlsx"
    result = update_citations(sample_copy, out, as_of=dt.date(2022, 7, 18))
    assert result.changes == [] and result.undecided == [] and out.exists()


def test_cli(cli, sample_copy, tmp_path):
    out = tmp_path / "新版.xlsx"
    r = cli("update-citations", sample_copy, "-o", out, "--as-of", "2025-01-01")
    assert r.exit_code == 0, r.output
    assert "已改写" in r.output and "需要人工处理" in r.output and "拆分到第五十一条、第五十二条" in r.output
    # the copy keeps the old 成文日期: say how to check it against the new laws
    assert "成文日期仍是 2022年7月18日" in r.output and "--as-of 2025-01-01" in r.output
    r = cli("update-citations", sample_copy, "-o", out, "--as-of", "2025-01-01")
    assert r.exit_code == 2 and "--force" in r.output
    r = cli("update-citations", sample_copy, "-o", out, "--as-of", "2025-01-01", "--force")
    assert r.exit_code == 0


@pytest.mark.parametrize(
    ("args", "fragment"),
    [(["--as-of", "明年"], "日期"), (["--as-of", "2025-01-01", "-o", "x.csv"], ".xlsx")],
    ids=["bad-date", "not-xlsx"],
)
def test_cli_usage_errors(cli, sample_copy, tmp_path, args, fragment):
    if "-o" not in args:
        args = [*args, "-o", str(tmp_path / "o.xlsx")]
    r = cli("update-citations", sample_copy, *args)
    assert r.exit_code == 2 and fragment in r.output


def test_refuses_to_overwrite_input(cli, sample_copy):
    r = cli("update-citations", sample_copy, "-o", sample_copy, "--as-of", "2025-01-01", "--force")
    assert r.exit_code == 2 and "输入文件" in r.output


def test_text_input_refused(cli, tmp_path):
    from tests.conftest import SEED_TXT

    r = cli("update-citations", SEED_TXT, "-o", tmp_path / "o.xlsx", "--as-of", "2025-01-01")
    assert r.exit_code == 2 and "qzqd import" in r.output


@needs_soffice
def test_output_opens_in_libreoffice(updated, tmp_path):
    _, out, _, _ = updated
    csv = soffice_convert(out, "csv:Text - txt - csv (StarCalc):44,34,76", tmp_path)
    assert "第六十二条" in csv.read_text(encoding="utf-8", errors="replace")


def test_clerk_note_survives_update_and_annotate(tmp_path):
    """A clerk's comment on a cell that update-citations rewrites keeps its text and author, also through a
    later validate --annotate and a second update."""
    from openpyxl.comments import Comment

    from tests.conftest import SAMPLE_2022
    from toolkit.validate import validate
    from toolkit.validate.annotate import annotate_workbook

    src = tmp_path / "2022.xlsx"
    shutil.copy(SAMPLE_2022, src)
    probe = update_citations(src, tmp_path / "probe.xlsx", as_of=AS_OF)
    address = sorted(probe.cells)[0]
    wb = openpyxl.load_workbook(src)
    wb["权责清单"][address].comment = Comment("科长：此处依据待法规科确认", "张三")
    wb.save(src)
    updated_path = tmp_path / "2025.xlsx"
    update_citations(src, updated_path, as_of=AS_OF)
    cell = openpyxl.load_workbook(updated_path)["权责清单"][address]
    assert cell.comment.author == "张三"
    assert cell.comment.text.startswith("科长：此处依据待法规科确认\n\n【qzqd 引用更新】\n")
    assert "\nqzqd 更新了本格的法律依据：\n" in cell.comment.text
    annotated = tmp_path / "2025-检查.xlsx"
    annotate_workbook(updated_path, validate(updated_path), annotated)
    cell = openpyxl.load_workbook(annotated)["权责清单"][address]
    assert "科长：此处依据待法规科确认" in cell.comment.text and "【qzqd 引用更新】" in cell.comment.text
    assert cell.comment.author == "张三"
    again = tmp_path / "again.xlsx"
    update_citations(annotated, again, as_of=AS_OF)
    text = openpyxl.load_workbook(again)["权责清单"][address].comment.text
    assert text.count("科长：此处依据待法规科确认") == 1


def test_clerk_layout_kept_in_rewritten_cells(tmp_path):
    """Blank lines and indentation a clerk typed into a cell survive the rewrite of its citations."""
    from tests.conftest import SAMPLE_2022

    src = tmp_path / "2022.xlsx"
    shutil.copy(SAMPLE_2022, src)
    probe = update_citations(src, tmp_path / "probe.xlsx", as_of=AS_OF)
    address = next(a for a in sorted(probe.cells) if "\n" in probe.cells[a])
    wb = openpyxl.load_workbook(src)
    cell = wb["权责清单"][address]
    paragraphs = cell.value.split("\n")
    cell.value = "\n\n".join("\u3000\u3000" + p for p in paragraphs)  # indented, a blank line between
    wb.save(src)
    update_citations(src, tmp_path / "new.xlsx", as_of=AS_OF)
    value = openpyxl.load_workbook(tmp_path / "new.xlsx")["权责清单"][address].value
    assert value == "\n\n".join("\u3000\u3000" + p for p in probe.cells[address].split("\n"))


def test_rewritten_cells_lose_outdated_findings(tmp_path):
    """Annotate the old list as of the new laws (stale-article findings on the cells), then update: the cells
    it rewrites no longer carry those findings; cells it leaves alone keep them."""
    from tests.conftest import SAMPLE_2022
    from toolkit.validate import Options, validate
    from toolkit.validate.annotate import annotate_workbook

    src = tmp_path / "2022.xlsx"
    shutil.copy(SAMPLE_2022, src)
    annotated = tmp_path / "2022-检查.xlsx"
    annotate_workbook(src, validate(src, Options(as_of=AS_OF)), annotated)
    result = update_citations(annotated, tmp_path / "2025.xlsx", as_of=AS_OF)
    ws_before = openpyxl.load_workbook(annotated)["权责清单"]
    ws_after = openpyxl.load_workbook(tmp_path / "2025.xlsx")["权责清单"]
    flagged = [a for a in result.cells if ws_before[a].comment is not None and "QZ401" in ws_before[a].comment.text]
    assert flagged, "expected stale-article findings on rewritten cells"
    for address in flagged:
        text = ws_after[address].comment.text
        assert "【qzqd 检查】" not in text and "【qzqd 引用更新】" in text
    kept = [
        c.coordinate
        for row in ws_before.iter_rows()
        for c in row
        if c.comment is not None and "【qzqd 检查】" in c.comment.text and c.coordinate not in result.cells
    ]
    assert kept and all("【qzqd 检查】" in ws_after[a].comment.text for a in kept)
