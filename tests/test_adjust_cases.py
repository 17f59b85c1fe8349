"""Adjustment types on lists built for them: 合并, 拆分 (one-to-many matching), 下放, 承接, a repealed basis,
and the clerk's 调整说明 rows (kept, matched, refused when they match nothing)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from toolkit.adjust.plan import plan_adjustments
from toolkit.adjust.sheets import NOTES_SHEET, append_note, read_sheets
from toolkit.diff import diff

# Legal texts distinct enough that each item's content is its own (shared boilerplate is what real lists have
# in 追责情形/追责依据, which the content matching leaves out).
TEXTS = {
    "甲": "《中华人民共和国档案法》第四十二条：档案主管部门对档案馆和机关、团体、企业事业单位的档案工作实行监督检查，发现档案安全隐患的，应当责令限期整改。",
    "乙": "《中华人民共和国档案法》第四十三条：档案主管部门在检查中发现有关单位档案收集、整理、保管、利用工作存在违法行为的，应当责令改正并依法处理。",
    "丙一": "《中华人民共和国统计法》第三十七条：统计调查对象拒绝提供统计资料或者经催报后仍未按时提供统计资料的，由县级以上人民政府统计机构责令改正，给予警告。",
    "丙二": "《中华人民共和国统计法》第三十八条：作为统计调查对象的企业事业单位提供不真实或者不完整的统计资料的，由县级以上人民政府统计机构责令改正，可以处五万元以下的罚款。",
    "丁": "《中华人民共和国城乡规划法》第六十五条：在乡、村庄规划区内未依法取得乡村建设规划许可证进行建设的，由乡、镇人民政府责令停止建设、限期改正。",
    "戊": "《中华人民共和国土地管理法》第六十七条：县级以上人民政府自然资源主管部门对违反土地管理法律、法规的行为进行监督检查，有权要求被检查单位提供有关文件和资料。",
    "己": "《中华人民共和国测绘法》第四十七条：县级以上人民政府测绘地理信息主管部门应当对测绘单位的测绘成果质量进行监督检查，发现问题的责令改正。",
}
DUTY = "1．受理责任：依法受理、立案（县某局）。\n2．调查责任：调查取证、听取陈述申辩（县某局）。"
ACCOUNT = "1．不履行或者不正确履行职责的。\n2．滥用职权、玩忽职守、徇私舞弊的。"
ACCOUNT_BASIS = "1．【法律】《中华人民共和国公职人员政务处分法》第七条：公职人员违法的，依法给予政务处分。"


def item(seq: int, name: str, *keys: str, category: str = "行政检查", body: str = "县某局", remark: str = "") -> dict:
    return {
        "序号": str(seq),
        "权力分类": category,
        "项目名称": name,
        "实施主体": body,
        "实施依据": "\n".join(f"{n}．【法律】{TEXTS[k]}" for n, k in enumerate(keys, start=1)),
        "责任事项": DUTY,
        "追责情形": ACCOUNT,
        "追责依据": ACCOUNT_BASIS,
        "备注": remark,
    }


def add_notes(path: Path, rows: list[dict[str, str]]) -> Path:
    wb = openpyxl.load_workbook(path)
    for row in rows:
        append_note(wb[NOTES_SHEET], row)
    wb.save(path)
    return path


def plan_of(old: Path, new: Path, **kw):
    return plan_adjustments(diff(old, new), read_sheets(new), **kw)


def codes(plan) -> list[str]:
    return sorted(p.code for p in plan.problems)


def test_two_items_merged_into_one_are_one_merge(write_list):
    old = write_list(
        "old.xlsx",
        [item(1, "对档案工作的检查", "甲"), item(2, "对档案违法行为的检查", "乙"), item(3, "对测绘成果的检查", "己")],
    )
    new = write_list("new.xlsx", [item(1, "对档案工作的监督检查", "甲", "乙"), item(2, "对测绘成果的检查", "己")])
    d = diff(old, new)
    assert [(g.kind, g.old, g.new, g.how) for g in d.groups] == [("merge", (0, 1), (0,), "content")]
    p = plan_adjustments(d)
    assert [a.kind for a in p.adjustments] == ["合并"]
    assert (
        "原第1项“对档案工作的检查”、第2项“对档案违法行为的检查”合并为第1项“对档案工作的监督检查”"
        in p.adjustments[0].content
    )
    # shown as such in the 对照表, not as 取消 + 新增
    from toolkit.adjust.comparison import comparison_rows

    assert {r.label for r in comparison_rows(p)} == {"合并"}


def test_one_item_split_in_two_is_one_split(write_list):
    old = write_list("old.xlsx", [item(1, "对统计违法行为的处罚", "丙一", "丙二"), item(2, "对测绘成果的检查", "己")])
    new = write_list(
        "new.xlsx",
        [
            item(1, "对拒绝提供统计资料的处罚", "丙一", category="行政处罚"),
            item(2, "对提供不真实统计资料的处罚", "丙二", category="行政处罚"),
            item(3, "对测绘成果的检查", "己"),
        ],
    )
    d = diff(old, new)
    assert [(g.kind, g.old, g.new) for g in d.groups] == [("split", (0,), (0, 1))]
    p = plan_adjustments(d)
    assert [a.kind for a in p.adjustments] == ["拆分"]
    assert p.adjustments[0].content.startswith("原第1项“对统计违法行为的处罚”拆分为第1项")


def test_split_that_keeps_the_name_for_one_part(write_list):
    old = write_list("old.xlsx", [item(1, "对统计违法行为的处罚", "丙一", "丙二")])
    new = write_list(
        "new.xlsx", [item(1, "对统计违法行为的处罚", "丙一"), item(2, "对提供不真实统计资料的处罚", "丙二")]
    )
    d = diff(old, new)
    assert [(g.kind, g.old, g.new) for g in d.groups] == [("split", (0,), (0, 1))]


def test_merge_named_in_a_remark(write_list):
    old = write_list("old.xlsx", [item(1, "对档案工作的检查", "甲"), item(2, "对测绘成果的检查", "己")])
    remark = "原第2项“对测绘成果的检查”并入本项。"
    new = write_list("new.xlsx", [item(1, "对档案工作的检查", "甲", remark=remark)])
    d = diff(old, new)
    assert [(g.kind, g.how) for g in d.groups] == [("merge", "remark")]


def test_unrelated_removed_and_added_items_stay_what_they_are(write_list):
    old = write_list("old.xlsx", [item(1, "对档案工作的检查", "甲"), item(2, "对测绘成果的检查", "己")])
    new = write_list("new.xlsx", [item(1, "对档案工作的检查", "甲"), item(2, "对土地违法行为的检查", "戊")])
    p = plan_of(old, new)
    assert sorted(a.kind for a in p.adjustments) == ["取消", "新增"]
    # the 取消 needs 监管措施, both need 依据 or 理由 the clerk has not given (no law was revised)
    assert "QZ812" in codes(p) and "QZ811" in codes(p)


def test_handed_down_item_needs_supervision(write_list):
    old = write_list("old.xlsx", [item(1, "对乡村建设的检查", "丁"), item(2, "对档案工作的检查", "甲")])
    new = write_list("new.xlsx", [item(1, "对档案工作的检查", "甲")])
    note = {
        "项目名称": "对乡村建设的检查",
        "调整类型": "下放",
        "调整依据": "《某省赋予乡镇部分县级行政权力事项目录》（某政发〔2024〕3号）",
        "调整理由": "按省政府决定下放乡镇实施",
    }
    add_notes(new, [note])
    p = plan_of(old, new)
    assert [a.kind for a in p.adjustments] == ["下放"]
    assert codes(p) == ["QZ812"]
    assert "下放的事项须填写监管措施" in p.problems[0].message
    # with the 监管措施 filled the adjustment is complete, the clerk's words kept as written
    wb = openpyxl.load_workbook(new)
    ws = wb[NOTES_SHEET]
    ws.cell(row=2, column=9, value="县某局加强业务指导，每年抽查乡镇实施情况")
    wb.save(new)
    p = plan_of(old, new)
    a = p.adjustments[0]
    assert p.complete and (a.basis, a.reason) == (note["调整依据"], note["调整理由"])
    assert a.supervision == "县某局加强业务指导，每年抽查乡镇实施情况" and not a.auto


def test_taken_over_item(write_list):
    old = write_list("old.xlsx", [item(1, "对档案工作的检查", "甲")])
    new = write_list("new.xlsx", [item(1, "对档案工作的检查", "甲"), item(2, "对土地违法行为的检查", "戊")])
    add_notes(
        new,
        [
            {
                "项目名称": "对土地违法行为的检查",
                "调整类型": "承接",
                "调整依据": "某市政府令第5号",
                "调整理由": "承接市局下放的检查权",
            }
        ],
    )
    p = plan_of(old, new)
    assert [a.kind for a in p.adjustments] == ["承接"]
    assert p.complete  # 承接 needs no 监管措施


def test_body_moved_to_township_is_suggested_as_handed_down(write_list):
    old = write_list("old.xlsx", [item(1, "对乡村建设的检查", "丁")])
    new = write_list("new.xlsx", [item(1, "对乡村建设的检查", "丁", body="各乡（镇）人民政府")])
    p = plan_of(old, new)
    assert p.adjustments[0].kind == "变更" and "QZ816" in codes(p)


def test_declared_type_the_diff_contradicts(write_list):
    old = write_list("old.xlsx", [item(1, "对档案工作的检查", "甲")])
    new = write_list("new.xlsx", [item(1, "对档案工作的检查", "甲"), item(2, "对土地违法行为的检查", "戊")])
    add_notes(new, [{"项目名称": "对土地违法行为的检查", "调整类型": "取消", "调整理由": "…", "调整依据": "…"}])
    p = plan_of(old, new)
    assert p.adjustments[0].kind == "新增" and "QZ814" in codes(p)


def test_note_that_matches_nothing_is_not_lost(write_list):
    old = write_list("old.xlsx", [item(1, "对档案工作的检查", "甲")])
    new = write_list("new.xlsx", [item(1, "对档案工作的检查", "甲"), item(2, "对土地违法行为的检查", "戊")])
    add_notes(new, [{"项目名称": "对土地违法行为的检査", "调整理由": "写错了名称"}])  # 査 ≠ 查
    p = plan_of(old, new)
    assert "QZ813" in codes(p)
    assert any("写错了名称" not in p.message and "对土地违法行为的检査" in p.message for p in p.problems)


@pytest.fixture
def repealed_laws(tmp_path: Path) -> Path:
    """A user law folder with one law repealed in 2024."""
    folder = tmp_path / "laws" / "old-rule"
    folder.mkdir(parents=True)
    (folder / "law.toml").write_text(
        'name = "某某事项管理办法"\ncategory = "部门规章"\nrepealed = 2024-03-01\n'
        'repealed_by = "某部令2024年第1号"\n\n[[versions]]\nadopted = 2010-01-01\norder = "某部令第8号"\n',
        encoding="utf-8",
    )
    return folder.parent


def _rule_item(seq: int, name: str) -> dict:
    rec = item(seq, name, "戊")
    rec["实施依据"] = "1．【部门规章】《某某事项管理办法》（某部令第8号）第十二条：对某某事项实施监督检查。"
    return rec


def test_cancelled_item_whose_basis_was_repealed_is_explained(write_list, repealed_laws):
    old = write_list("old.xlsx", [_rule_item(1, "对某某事项的检查"), item(2, "对档案工作的检查", "甲")])
    new = write_list("new.xlsx", [item(1, "对档案工作的检查", "甲")])
    p = plan_of(old, new, law_dirs=(repealed_laws,), old_date=dt.date(2022, 1, 1), new_date=dt.date(2025, 1, 1))
    a = p.adjustments[0]
    assert a.kind == "取消"
    assert a.basis == "《某某事项管理办法》已于2024年3月1日废止（某部令2024年第1号）"
    assert "已全部废止" in a.reason and {"basis", "reason"} <= a.auto
    assert codes(p) == ["QZ812"]  # still: how is it supervised now


def test_item_kept_on_a_repealed_basis_is_proposed_for_cancelling(write_list, repealed_laws):
    old = write_list("old.xlsx", [_rule_item(1, "对某某事项的检查")])
    new = write_list("new.xlsx", [_rule_item(1, "对某某事项的检查"), item(2, "对档案工作的检查", "甲")])
    add_notes(new, [{"项目名称": "对档案工作的检查", "调整依据": "三定方案", "调整理由": "职能调整"}])
    p = plan_of(old, new, law_dirs=(repealed_laws,), old_date=dt.date(2022, 1, 1), new_date=dt.date(2025, 1, 1))
    assert codes(p) == ["QZ820"]
    assert "建议取消" in p.problems[0].message and "对某某事项的检查" in p.problems[0].message
    # before the repeal, nothing to propose
    p = plan_of(old, new, law_dirs=(repealed_laws,), old_date=dt.date(2022, 1, 1), new_date=dt.date(2023, 1, 1))
    assert codes(p) == []


def test_repeal_known_to_the_shipped_library(write_list):
    """《中华人民共和国行政监察法》 was repealed on 2018-03-20 (the library's table of repealed laws)."""
    rec = item(1, "对行政监察事项的检查", "戊")
    rec["实施依据"] = (
        "1．【法律】《中华人民共和国行政监察法》第十八条：监察机关对监察对象执行法律、法规的情况进行检查。"
    )
    old = write_list("old.xlsx", [rec, item(2, "对档案工作的检查", "甲")])
    new = write_list("new.xlsx", [item(1, "对档案工作的检查", "甲")])
    p = plan_of(old, new, old_date=dt.date(2017, 1, 1), new_date=dt.date(2019, 1, 1))
    a = p.adjustments[0]
    assert a.kind == "取消" and a.basis.startswith("《中华人民共和国行政监察法》已于2018年3月20日废止")
    assert "监察法" in a.basis and "reason" in a.auto


def test_docs_describe_every_type_code_column_and_field():
    """docs/adjust.md lists what the tables in toolkit/adjust hold (a new code or field must be documented)."""
    from toolkit.adjust.kinds import KINDS
    from toolkit.adjust.problems import PROBLEMS
    from toolkit.adjust.sheets import NOTE_COLUMNS, REQUEST_FIELD_NAMES

    doc = (Path(__file__).resolve().parent.parent / "docs" / "adjust.md").read_text(encoding="utf-8")
    for name in [*(k.name for k in KINDS), *(p.code for p in PROBLEMS), *NOTE_COLUMNS, *REQUEST_FIELD_NAMES]:
        assert f"| {name} |" in doc, name
