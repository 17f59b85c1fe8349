"""Each validation rule, firing and not firing, on small workbooks written from the clean fixture records."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.model import PowerList
from toolkit.validate import RULES, Context, Options, Report, load_profile, validate
from toolkit.writer import write_workbook

HERE = Path(__file__).resolve().parent / "fixtures" / "validate"
_spec = importlib.util.spec_from_file_location("validate_fixtures", HERE / "make_fixtures.py")
assert _spec is not None and _spec.loader is not None
fx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fx)

# Rules of this feature (the law rules QZ4xx are tested with the law registry).
MY_CODES = sorted(c for c in RULES if c < "QZ400")
Edit = Callable[[list[dict[str, str]]], None]


def edit(item: int, column: str, old: str | None, new: str) -> Edit:
    """Replace ``old`` by ``new`` in one cell (the whole cell when ``old`` is None)."""

    def apply(records: list[dict[str, str]]) -> None:
        value = records[item][column]
        if old is None:
            records[item][column] = new
        else:
            assert old in value, (old, value)
            records[item][column] = value.replace(old, new)

    return apply


def check(tmp_path: Path, *edits: Edit, options: Options | None = None) -> Report:
    records = fx.good_records()
    for e in edits:
        e(records)
    path = tmp_path / "list.xlsx"
    write_workbook(PowerList.from_records(records, notice=fx.NOTICE), path, force=True)
    return validate(path, options)


def where(report: Report, code: str) -> list[str | None]:
    return [f.cell for f in report.findings if f.code == code]


D = fx.DUTIES
FIRING = [
    # id, edit, code, cell
    ("seq-not-number", edit(1, "序号", None, "二"), "QZ102", "A4"),
    ("seq-gap", edit(1, "序号", None, "3"), "QZ103", "A4"),
    ("seq-duplicate", edit(1, "序号", None, "1"), "QZ103", "A4"),
    ("category-unknown", edit(0, "权力分类", None, "行政审批"), "QZ104", "B3"),
    ("category-local", edit(0, "权力分类", None, "公共服务"), "QZ105", "B3"),
    ("required-empty", edit(0, "实施主体", None, ""), "QZ106", "E3"),
    ("required-empty-basis", edit(1, "追责依据", None, ""), "QZ106", "K4"),
    ("numbering-gap", edit(0, "责任事项", "3．", "4．"), "QZ201", "H3"),
    ("numbering-repeat", edit(0, "责任事项", "2．", "1．"), "QZ201", "H3"),
    ("numbering-not-from-1", edit(0, "追责依据", "1．【", "0．【"), "QZ201", "K3"),
    ("sub-numbering-gap", edit(0, "责任事项依据", "2—2．", "2—3．"), "QZ201", "I3"),
    ("fused-points", edit(0, "责任事项", "。\n2．", "。2．"), "QZ202", "H3"),
    ("fused-after-paren", edit(1, "追责情形", "）。\n2．", "）2．"), "QZ202", "J4"),
    ("mixed-point-width", edit(0, "责任事项", "2．", "2."), "QZ203", "H3"),
    ("mixed-dash", edit(0, "责任事项依据", "2—2．", "2－2．"), "QZ203", "I3"),
    ("list-dash-style", edit(0, "责任事项依据", "—", "－"), "QZ204", "I3"),
    ("duty-party-missing", edit(0, "责任事项", "来源（县国家保密局）", "来源"), "QZ205", "H3"),
    ("duty-party-none", edit(1, "责任事项", None, "1．受理责任：依法受理。\n2．调查责任：组织调查。"), "QZ205", "H4"),
    ("accountability-party", edit(0, "追责情形", "受理的（县国家保密局）", "受理的"), "QZ206", "J3"),
    ("duplicate-item", edit(1, "项目名称", None, "对泄密案件的调查处理"), "QZ207", "C4"),
    ("duplicate-item-width", edit(1, "项目名称", None, "对泄密案件的调查处理 "), "QZ207", "C4"),
    ("docno-round", edit(0, "责任事项依据", "〔2013〕", "（2013）"), "QZ208", "I3"),
    ("docno-half-round", edit(0, "责任事项依据", "〔2013〕", "(2013)"), "QZ208", "I3"),
    ("docno-square", edit(0, "责任事项依据", "〔2013〕", "[2013]"), "QZ208", "I3"),
    ("docno-lenticular", edit(0, "责任事项依据", "〔2013〕", "【2013】"), "QZ208", "I3"),
    ("half-width-parens", edit(0, "责任事项", "（县国家保密局）", "(县国家保密局)"), "QZ209", "H3"),
    ("half-width-comma", edit(0, "项目名称", "的", ",的"), "QZ209", "C3"),
    ("stray-space", edit(0, "项目名称", "的", "的 "), "QZ210", "C3"),
    ("basis-beyond-points", edit(0, "追责依据", "2．同1．", "2．同1．\n3．同1．"), "QZ211", "K3"),
    ("right-to-left-override", edit(0, "项目名称", "的", "的\u202e"), "QZ220", "C3"),
    ("zero-width-space", edit(1, "追责情形", "）。\n2．", "）\u200b。\n2．"), "QZ221", "J4"),
    ("citation-no-label", edit(0, "实施依据", "1．【法律】", "1．"), "QZ305", "G3"),
    ("citation-no-law", edit(0, "实施依据", "《中华人民共和国保守国家秘密法》", ""), "QZ309", "G3"),
    ("citation-unclosed-title", edit(0, "实施依据", "秘密法》", "秘密法"), "QZ301", "G3"),
    ("citation-back-ref-unknown", edit(1, "追责依据", "2．同1．", "2．同3．"), "QZ301", "K4"),
    ("citation-label-brackets", edit(0, "实施依据", "【法律】", "[法律]"), "QZ302", "G3"),
    ("citation-no-colon", edit(0, "实施依据", "第五条：", "第五条"), "QZ306", "G3"),
    (
        "citation-no-quote",
        edit(
            0,
            "实施依据",
            "第五条：国家保密行政管理部门主管全国的保密工作。县级以上地方各级保密行政管理部门主管本行政区域的保密工作。",
            "第五条：",
        ),
        "QZ307",
        "G3",
    ),
    (
        "citation-no-article",
        edit(
            0,
            "实施依据",
            "第五条：国家保密行政管理部门主管全国的保密工作。县级以上地方各级保密行政管理部门主管本行政区域的保密工作。",
            "",
        ),
        "QZ308",
        "G3",
    ),
    ("citation-unknown-label", edit(0, "实施依据", "【法律】", "【法条】"), "QZ303", "G3"),
    ("label-gov-order", edit(0, "责任事项依据", "【地方政府规章】", "【地方性法规】"), "QZ304", "I3"),
    ("label-bureau-order", edit(0, "实施依据", "【部门规章】", "【行政法规】"), "QZ304", "G3"),
    ("label-national-law", edit(1, "实施依据", "【法律】", "【行政法规】"), "QZ304", "G4"),
    ("label-docno", edit(0, "责任事项依据", "【规范性文件】", "【部门规章】"), "QZ304", "I3"),
    ("label-presidential", edit(1, "追责依据", "【部门规章】", "【规范性文件】"), "QZ304", "K4"),
]


@pytest.mark.parametrize(("edit_", "code", "cell"), [c[1:] for c in FIRING], ids=[c[0] for c in FIRING])
def test_rule_fires(tmp_path: Path, edit_: Edit, code: str, cell: str) -> None:
    report = check(tmp_path, edit_)
    assert cell in where(report, code), [(f.code, f.cell, f.message) for f in report.findings]
    f = next(f for f in report.findings if f.code == code and f.cell == cell)
    assert f.sheet == "权责清单" and f.row == int(cell[1:]) and f.message
    # the fixtures name the sample's profile (广西2022): its severities
    assert f.severity == load_profile("广西2022").severity(code, RULES[code].severity)


NOT_FIRING = [
    # id, edit, code, options: near misses that must stay quiet
    ("local-category-allowed", edit(0, "权力分类", None, "公共服务"), "QZ105", Options(extra_categories=("公共服务",))),
    ("extra-category-allowed", edit(0, "权力分类", None, "行政审批"), "QZ104", Options(extra_categories=("行政审批",))),
    ("point-text-starts-with-a-year", edit(0, "责任事项", "2．调查责任", "2．2017年起调查责任"), "QZ201", None),
    ("decimal-is-not-a-point", edit(0, "免责事项", None, "1．甲。\n2.5倍以内的不予追究。"), "QZ201", None),
    ("unnumbered-single-basis", edit(0, "实施依据", "\n2．【部门规章】", "\n【部门规章】"), "QZ201", None),
    ("quoted-number-not-next", edit(0, "实施依据", "保密工作。县级", "保密工作。5．县级"), "QZ202", None),
    ("back-reference", edit(1, "追责依据", "2．同1．", "2．同1．"), "QZ202", None),
    ("party-after-full-stop", edit(0, "责任事项", "来源（县国家保密局）。", "来源。（县国家保密局）"), "QZ205", None),
    ("party-inside-point", edit(0, "责任事项", "1．受理责任：", "1．受理责任（县国家保密局）："), "QZ205", None),
    ("sub-item-differs", edit(1, "项目名称", None, "对泄密案件的调查处理"), "QZ207", None),
    ("year-not-docno", edit(0, "免责事项", None, "依照（2013年修订）的规定免责。"), "QZ208", None),
    ("full-width-punctuation", edit(0, "项目名称", "的", "，的"), "QZ209", None),
    ("space-in-number", edit(0, "备注", None, "见 2022 年文件"), "QZ210", None),
    (
        "label-provincial-congress",
        edit(
            0,
            "实施依据",
            "【部门规章】《泄密案件查处办法》（2017年国家保密局令第2号）",
            "【地方性法规】《广西壮族自治区保密条例》（广西壮族自治区人民代表大会常务委员会公告第5号）",
        ),
        "QZ304",
        None,
    ),
]


@pytest.mark.parametrize(("edit_", "code", "options"), [c[1:] for c in NOT_FIRING], ids=[c[0] for c in NOT_FIRING])
def test_rule_stays_quiet(tmp_path: Path, edit_: Edit, code: str, options: Options | None) -> None:
    edits = [edit_]
    if code == "QZ207":  # same name, but a different sub-item: another item, not a duplicate
        edits.append(edit(1, "子项名称", None, "子项一"))
    report = check(tmp_path, *edits, options=options)
    assert code not in report.codes(), [(f.code, f.cell, f.message) for f in report.findings]


def test_clean_list_fires_nothing(tmp_path: Path) -> None:
    report = check(tmp_path)
    assert report.findings == []
    assert (report.errors, report.warnings) == (0, 0)


def test_every_content_rule_has_a_firing_case() -> None:
    covered = {c[2] for c in FIRING}
    reading = {c for c in MY_CODES if c < "QZ100"}  # tested with fixture workbooks in test_validate.py
    # rules on the 发文信息 sheet: tested in test_validate_notice.py and test_notice_fields_and_results_sheet.py
    notice = {"QZ212", "QZ213", "QZ214", "QZ215"}
    # QZ101 needs a list without the column (below); QZ107 a catalogue (test_validate_profiles.py)
    assert set(MY_CODES) - covered - reading - notice == {"QZ101", "QZ107"}


def test_missing_required_column_in_memory() -> None:
    pl = PowerList.from_records(fx.good_records())
    pl.items = pl.items.drop(columns=["追责依据"])
    report = validate(pl)
    assert [(f.code, f.column) for f in report.findings if f.code == "QZ101"] == [("QZ101", "追责依据")]
    assert validate(fx.good_list()).codes() == []


def test_fused_message_quotes_the_cell(tmp_path: Path) -> None:
    report = check(tmp_path, edit(0, "责任事项", "。\n2．", "。2．"))
    (f,) = [f for f in report.findings if f.code == "QZ202"]
    assert "“2．”应另起一段" in f.message and "来源" not in f.message
    assert "（县国家保密局）。2．调查" in f.message


def test_duplicate_names_both_rows(tmp_path: Path) -> None:
    report = check(tmp_path, edit(1, "项目名称", None, "对泄密案件的调查处理"))
    (f,) = [f for f in report.findings if f.code == "QZ207"]
    assert f.row == 4 and "第 3 行" in f.message and "序号 1" in f.message


def test_label_mismatch_message(tmp_path: Path) -> None:
    report = check(tmp_path, edit(0, "责任事项依据", "【地方政府规章】", "【地方性法规】"))
    (f,) = [f for f in report.findings if f.code == "QZ304"]
    assert "【地方性法规】" in f.message and "人民政府令第24号" in f.message and "【地方政府规章】" in f.message


def test_notice_doc_number_brackets(tmp_path: Path) -> None:
    records = fx.good_records()
    notice = fx.Notice(doc_number="兴保发[2022]1号", date="2022年7月18日")
    path = tmp_path / "n.xlsx"
    write_workbook(PowerList.from_records(records, notice=notice), path)
    (f,) = [f for f in validate(path).findings if f.code == "QZ208"]
    assert (f.sheet, f.cell) == ("发文信息", "B3") and "兴保发〔2022〕1号" in f.message


def test_skip_option_disables_a_rule(tmp_path: Path) -> None:
    report = check(tmp_path, edit(0, "权力分类", None, "公共服务"), options=Options(disabled=("QZ105",)))
    assert "QZ105" not in report.codes()


def test_json_round_trip(tmp_path: Path) -> None:
    report = check(tmp_path, edit(0, "实施主体", None, ""), edit(0, "权力分类", None, "公共服务"))
    data = json.loads(report.to_json())
    assert list(data) == ["errors", "warnings", "findings", "profile"]
    assert (data["errors"], data["warnings"], data["profile"]) == (1, 1, "guangxi-2022")
    assert all(list(f) == ["code", "severity", "sheet", "row", "column", "cell", "message"] for f in data["findings"])


@pytest.mark.parametrize(
    ("cells", "fused"),
    [
        (["1．甲（县局）。2．乙（县局）"], [(0, "2．")]),
        (["1．甲（县局）", "1．甲（县局）。\n2．乙（县局）。3．丙（县局）"], [(1, "3．")]),
        (["1．甲（县局）\n2．乙（县局）", "1．丙（县局）"], []),
        (["1．甲（县局）。1.5万元", "1．乙（县局）。2.丙（县局）"], [(1, "2.")]),
    ],
    ids=["one-cell", "second-cell", "every-dot-a-label", "half-width-point"],
)
def test_fused_points_found_whether_or_not_the_column_has_other_points(cells, fused):
    from toolkit.validate.numbering import column_points
    from toolkit.validate.registry import Context

    cp = column_points(Context(PowerList.from_records([{"责任事项": c} for c in cells])))["责任事项"]
    assert [(item, p.label) for item, pts in sorted(cp.fused.items()) for p in pts if p.fused] == fused


def _found(records, code):
    return [(f.item, f.message) for f in validate(PowerList.from_records(records)).findings if f.code == code]


def test_list_style_reports_a_canonical_cell_where_most_use_another_point():
    records = [{"项目名称": f"甲{i}", "责任事项": "1、受理（县局）。\n2、审查（县局）。"} for i in range(3)]
    records.append({"项目名称": "乙", "责任事项": "1．受理（县局）。\n2．审查（县局）。"})
    assert _found(records, "QZ204") == [
        (3, "编号写法与清单中多数单元格不同：此处用“1．”（全角点），多数用“1、”（顿号），建议统一。")
    ]


def test_duplicates_keep_the_three_fields_apart():
    records = [
        {"权力分类": "行政处罚", "项目名称": "对甲的处罚", "子项名称": ""},
        {"权力分类": "行政处罚", "项目名称": "对甲的", "子项名称": "处罚"},
        {"权力分类": "行政处罚", "项目名称": "对甲的 处罚", "子项名称": ""},
    ]
    assert [item for item, _ in _found(records, "QZ207")] == [2]


@pytest.mark.parametrize(
    "cells", [["甲", "", "乙\n丙"], ["", "甲"], ["甲", ""], [""], []], ids=["middle", "first", "last", "one", "none"]
)
def test_schema_reads_cell_lengths_off_the_joined_column(cells):
    # The schema hands pandera a text column as its cells' lengths, taken from the joined column's offsets.
    from toolkit.validate.schema import cell_lengths

    pl = PowerList.from_columns({"实施依据": cells, "项目名称": cells}) if cells else PowerList.empty()
    ctx = Context(pl)
    for column in ("实施依据", "项目名称"):
        assert cell_lengths(ctx, column).tolist() == [len(c) for c in cells]


def test_schema_reads_the_sample_lengths(sample_list):
    from toolkit.validate.schema import cell_lengths

    ctx = Context(sample_list)
    for column in sample_list.columns:
        assert cell_lengths(ctx, column).tolist() == list(map(len, sample_list.column(column))), column


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.integers(0, 12).map(str), st.sampled_from(["007", "1234567890", "12.", "", "a", "１"]))))
def test_seq_checks_read_plain_digits_as_every_seq(values):
    # A 序号 column of plain digits skips the per-value reading (_seq_number): same masks as reading each.
    import numpy as np
    import pandas as pd

    from toolkit.validate import schema

    s = pd.Series(values, dtype=object)
    texts = [schema._seq_number(v) for v in values]
    numbers = np.array([float(t) if schema._NUMBER.fullmatch(t) else np.nan for t in texts], float)
    following = np.concatenate([[1.0], numbers[:-1] + 1])[: len(numbers)]
    in_order = np.isnan(numbers) | np.isnan(following) | (numbers == following)
    is_number = [bool(schema._POSITIVE.fullmatch(t)) or v == "" for v, t in zip(values, texts, strict=True)]
    assert schema._seq_in_order(s).tolist() == in_order.tolist()
    assert schema._seq_is_number(s).tolist() == is_number
