"""Profiles: the default rules bind every list; the sample's Guangxi 2022 conventions only lists that name them."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from toolkit.model import Notice, PowerList
from toolkit.validate import Options, load_profile, validate
from toolkit.validate.profile import ProfileError, builtin_profiles, split_category
from toolkit.writer import write_workbook

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "workbooks" / "xingan-2022.xlsx"
HERE = Path(__file__).resolve().parent / "fixtures" / "validate"
_spec = importlib.util.spec_from_file_location("validate_fixtures", HERE / "make_fixtures.py")
assert _spec is not None and _spec.loader is not None
fx = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fx)

# What the sample's conventions add to the rules that bind everyone (its real defects stay in both).
SAMPLE_DEFECTS = {("QZ304", "K3"), ("QZ304", "K4"), ("QZ304", "K5"), ("QZ304", "K7"), ("QZ202", "J6")}
SAMPLE_CONVENTIONS = {("QZ205", "H6"), ("QZ206", "J7")}


def _pairs(report, severity=None):
    return {(f.code, f.cell) for f in report.findings if severity is None or f.severity == severity}


def test_sample_workbook_names_its_profile() -> None:
    report = validate(SAMPLE)
    assert report.profile is not None and report.profile.id == "guangxi-2022"
    assert _pairs(report, "error") == SAMPLE_DEFECTS
    assert _pairs(report, "warning") >= SAMPLE_CONVENTIONS


def test_sample_under_default_profile_keeps_its_real_defects_only() -> None:
    report = validate(SAMPLE, Options(profile="default"))
    assert _pairs(report, "error") == SAMPLE_DEFECTS
    assert not SAMPLE_CONVENTIONS & _pairs(report)
    # the misquotes (three, in six cells) are found under any profile
    assert len([f for f in report.findings if f.code == "QZ402"]) == 6


def _unlabelled_records() -> list[dict[str, str]]:
    """The clean items written another province's way: no labels, no colon after 第X条, no quote, no owners in
    parentheses, 依据 not numbered after the points."""
    out = []
    for r in fx.good_records():
        r = dict(r)
        r["实施依据"] = "1.依据《中华人民共和国保守国家秘密法》第五条\n2.《泄密案件查处办法》第七条"
        r["责任事项"] = "1.受理责任：对涉嫌泄露国家秘密的案件线索依法及时受理。\n2.调查责任：组织调查。"
        r["责任事项依据"] = "《中华人民共和国保守国家秘密法》第四十五条、第四十四条"
        r["追责情形"] = (
            "1.对应当依法及时受理的线索而不依法及时受理的。\n2.其他违反法律法规规章的行为（不予受理应当告知理由）。"
        )
        r["追责依据"] = "《行政机关公务员处分条例》第二十条；《泄密案件查处办法》第六十条"
        out.append(r)
    return out


def test_other_provinces_style_has_no_errors_under_default(tmp_path: Path) -> None:
    path = tmp_path / "other.xlsx"
    write_workbook(PowerList.from_records(_unlabelled_records(), notice=Notice(date="2022年7月18日")), path)
    report = validate(path)
    assert report.profile is not None and report.profile.id == "default"
    assert report.errors == 0, [(f.code, f.cell, f.message) for f in report.findings]
    assert not {"QZ205", "QZ206", "QZ211", "QZ305", "QZ306", "QZ307"} & set(report.codes())


def test_same_list_under_guangxi_profile_reports_the_conventions(tmp_path: Path) -> None:
    pl = PowerList.from_records(_unlabelled_records(), notice=Notice(date="2022年7月18日"))
    report = validate(pl, Options(profile="广西2022"))
    codes = set(report.codes())
    assert {"QZ205", "QZ206", "QZ305", "QZ307"} <= codes
    (f,) = [f for f in report.findings if f.code == "QZ305" and f.item == 0 and f.column == "实施依据"]
    assert f.severity == "error" and "--profile" in f.message  # an error a switch fixes names the switch


def test_not_an_owner_in_parentheses() -> None:
    records = _unlabelled_records()
    pl = PowerList.from_records(records, notice=Notice(date="2022年7月18日"))
    found = [f for f in validate(pl, Options(profile="广西2022")).findings if f.code == "QZ206"]
    # point 2 ends with （不予受理应当告知理由）: no owner either
    assert found and all("各点均" in f.message for f in found)


def test_owner_example_is_the_lists_own_unit_or_a_placeholder() -> None:
    records = _unlabelled_records()
    records[1]["追责情形"] = "1.甲的（某某县交通运输局）。\n2.乙的（某某县交通运输局）。"
    pl = PowerList.from_records(records, notice=Notice(date="2022年7月18日"))
    msgs = [f.message for f in validate(pl, Options(profile="广西2022")).findings if f.code == "QZ206"]
    assert msgs and all("（某某县交通运输局）" in m for m in msgs)
    assert not any("县国家保密局" in m for m in msgs)
    pl = PowerList.from_records(_unlabelled_records())  # no party anywhere, no signature
    msgs = [f.message for f in validate(pl, Options(profile="广西2022")).findings if f.code == "QZ205"]
    assert msgs and all("（责任单位）" in m for m in msgs)


def test_owner_column_makes_parentheses_unnecessary() -> None:
    pl = PowerList.from_records(_unlabelled_records(), notice=Notice(date="2022年7月18日"))
    assert "QZ205" in validate(pl, Options(profile="广西2022")).codes()
    pl.extra_columns = ["责任主体"]
    assert "QZ205" not in validate(pl, Options(profile="广西2022")).codes()
    # the reader says which source header went where (column_map): 责任主体 read into 实施主体
    from types import SimpleNamespace

    pl.extra_columns = []
    pl.column_map = [SimpleNamespace(source="责任主体", target="实施主体")]
    assert "QZ205" not in validate(pl, Options(profile="广西2022")).codes()


@pytest.mark.parametrize(
    ("value", "profile_rows", "code"),
    [
        ("其他行政权力-备案", None, None),
        ("其他行政权力（备案）", None, None),
        ("行政许可—子项", None, None),
        ("行政审批", None, "QZ104"),
        ("其他行政权力-备案", {"其他行政权力": ["审核转报"]}, "QZ104"),
        ("其他行政权力-审核转报", {"其他行政权力": ["审核转报"]}, None),
    ],
    ids=["dash", "parens", "em-dash", "unknown-main", "restricted-sub", "allowed-sub"],
)
def test_sub_categories(tmp_path: Path, value: str, profile_rows, code) -> None:
    records = fx.good_records()
    records[0]["权力分类"] = value
    options = Options()
    if profile_rows is not None:
        toml = tmp_path / "mine.toml"
        subs = "\n".join(
            f"{json.dumps(k, ensure_ascii=False)} = {json.dumps(v, ensure_ascii=False)}"
            for k, v in profile_rows.items()
        )
        toml.write_text(f'base = "default"\nname = "本地"\n[sub_categories]\n{subs}\n', encoding="utf-8")
        options = Options(profile=str(toml))
    found = {
        f.code for f in validate(PowerList.from_records(records), options).findings if f.code in ("QZ104", "QZ105")
    }
    assert found == ({code} if code else set())


def test_unknown_category_message_names_the_switches() -> None:
    records = fx.good_records()
    records[0]["权力分类"] = "行政审批"
    (f,) = [f for f in validate(PowerList.from_records(records)).findings if f.code == "QZ104"]
    assert "--category 行政审批" in f.message and "--profile" in f.message


def test_profile_by_id_name_or_file(tmp_path: Path) -> None:
    assert builtin_profiles()[0] == "default" and "guangxi-2022" in builtin_profiles()
    assert load_profile("广西2022") == load_profile("guangxi-2022")
    mine = tmp_path / "mine.toml"
    mine.write_text('base = "guangxi-2022"\nname = "本地"\n[rules]\nQZ205 = "off"\nQZ402 = "error"\n', "utf-8")
    p = load_profile(str(mine))
    assert p.severity("QZ205", "warning") == "off" and p.severity("QZ305", "warning") == "error"
    assert p.severity("QZ402", "warning") == "error"
    with pytest.raises(ProfileError, match="没有检查规则“广东”"):
        load_profile("广东")
    bad = tmp_path / "bad.toml"
    bad.write_text('[rules]\nQZ205 = "loud"\n', "utf-8")
    with pytest.raises(ProfileError, match="级别"):
        load_profile(str(bad))
    with pytest.raises(ProfileError, match="不存在"):
        load_profile(str(tmp_path / "none.toml"))
    typo = tmp_path / "typo.toml"
    typo.write_text('[rules]\nQZ999 = "off"\n', "utf-8")
    with pytest.raises(ProfileError, match="QZ999"):
        validate(PowerList.from_records(fx.good_records()), Options(profile=str(typo)))


def test_split_category() -> None:
    p = load_profile()
    assert split_category("其他行政权力：备案", p) == ("其他行政权力", "备案")
    assert split_category("不是分类-备案", p) == ("不是分类-备案", None)


def test_workbook_naming_an_unknown_profile(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    write_workbook(
        PowerList.from_records(fx.good_records(), notice=Notice(date="2022年7月18日", profile="广东2030")), path
    )
    report = validate(path)
    (f,) = [f for f in report.findings if f.code == "QZ215"]
    assert f.sheet == "发文信息" and f.cell and "广东2030" in f.message and "--profile" in f.message
    assert report.profile is not None and report.profile.id == "default"


def test_catalogue_is_not_asked_for_legal_basis() -> None:
    records = [{"序号": str(i), "权力分类": "行政许可", "项目名称": f"事项{i}"} for i in (1, 2, 3)]
    pl = PowerList.from_records(records)
    assert "QZ106" in validate(pl).codes()  # a full list must fill its basis and duties
    pl.catalogue = True  # the reader's flag (the attribute exists once the reader sets it)
    report = validate(pl)
    assert report.codes() == ["QZ107"] and report.errors == 0


# --- CLI -----------------------------------------------------------------------------------------------------


def test_cli_profile_overrides_the_workbook(cli) -> None:
    data = json.loads(cli("validate", SAMPLE, "--json", "--profile", "全国通用").output)
    assert data["profile"] == "default" and "QZ205" not in {f["code"] for f in data["findings"]}


def test_cli_unknown_profile_exit_2(cli) -> None:
    result = cli("validate", SAMPLE, "--profile", "广东")
    assert result.exit_code == 2 and "没有检查规则“广东”" in result.output and "Traceback" not in result.output


def test_cli_rules_profile_shows_what_applies(cli) -> None:
    default = cli("rules").output
    guangxi = cli("rules", "--profile", "广西2022").output
    assert "全国通用" in default and "不适用" in default and "QZ305 缺少类别标注" in default
    assert "广西2022" in guangxi
    flat = "".join(line.strip("│ ") for line in guangxi.splitlines())
    assert "缺少类别标注" in flat


@pytest.mark.parametrize("command", ["init", "import"])
def test_init_and_import_write_the_profile(cli, tmp_path: Path, command: str) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "m.xlsx"
    args = [out] if command == "init" else [ROOT / "tests" / "fixtures" / "seed.txt", "-o", out]
    result = cli(command, *args, "--profile", "guangxi-2022")
    assert result.exit_code == 0, result.output
    ws = load_workbook(out)["发文信息"]
    assert {row[0]: row[1] for row in ws.iter_rows(values_only=True)}["检查规则"] == "广西2022"
    assert cli(command, *args, "--profile", "无此规则", "--force").exit_code == 2


# --- real lists of other provinces ---------------------------------------------------------------------------

REAL = ROOT / "tests" / "fixtures" / "real"
# (fixture, source file, errors it really has): lists written as their provinces write them get no error of
# any rule under the default profile; the ones listed are true of the published text (see each SOURCE.md).
REAL_LISTS = [
    ("ah-guichi-mulu", "source.xlsx", set()),
    ("ah-mingguang-mingnan", "source.html", set()),
    ("bj-huairou-weijian-mulu", "source.xlsx", set()),
    ("gd-minzheng-zhiquan", "source.html", set()),
    ("gx-qu-dangan", "source.html", {"QZ103"}),  # an extract: its one item is item 3 of the list
    ("gz-liupanshui-minzheng", "source.html", set()),
    ("he-sjz-shichang-card", "source.txt", set()),
    ("he-zjk-jiaotong-card", "source.xlsx", set()),
    ("hn-huarong-jiaotong-card", "source.xlsx", set()),
    ("hn-huarong-shijian-card", "source.html", set()),
    ("hn-xiangyin-jiaoyu", "source.xlsx", set()),  # 子项 sharing their 项目's 序号
    ("jl-jingyu-gongxin", "source.txt", set()),
    ("jx-guotu-zhifaquan", "source.txt", set()),
    ("jx-nanchang-yingji", "source.html", set()),
    ("ln-benxi-fagai-zhifa", "source.xlsx", set()),
    ("ln-laobian-jiaotong", "source.xlsx", set()),
    ("ln-xinbin-yingji", "source.xlsx", {"QZ201", "QZ202"}),  # points 1. 2. 4. 5. run together: 3 is missing
    ("nm-wuhai-shichang-card", "source.html", set()),
    ("nx-xiji-renshe", "source.xlsx", set()),  # 序号 written 1.
    ("qh-xinghai-dangan", "source.html", set()),  # 追责情形及依据 in one column
    ("sc-guangyuan-linye", "source.xlsx", set()),
    ("sc-linye-card", "source.xlsx", {"QZ103"}),  # an extract: one card, item 8
    ("sn-yangling-jiaotong-mulu", "source.txt", set()),
    ("xx-weiji-mulu", "source.txt", {"QZ207"}),  # items 2 and 4 have the same name in the published list
    ("zj-hangzhou-xihu-xuke", "source.html", set()),  # a second number column (the national list's 序号)
    ("sd-jinan-linye-card", "source.txt", set()),  # a card with section headings
]


@pytest.mark.parametrize(("slug", "name", "errors"), REAL_LISTS, ids=[r[0] for r in REAL_LISTS])
def test_real_list_has_no_errors_under_default(slug: str, name: str, errors: set[str]) -> None:
    report = validate(REAL / slug / name)
    assert report.profile is not None and report.profile.id == "default"
    assert {f.code for f in report.findings if f.severity == "error"} == errors, [
        (f.code, f.column, f.message) for f in report.findings if f.severity == "error"
    ]


def test_real_list_under_the_sample_profile_is_held_to_its_conventions() -> None:
    # the same real list, checked by the sample's rules, fails them: the default must not
    report = validate(REAL / "gz-liupanshui-minzheng" / "source.html", Options(profile="广西2022"))
    assert report.errors > 0
    assert "QZ003" in {f.code for f in report.findings if f.severity == "error"}


def test_missing_column_said_once_not_per_item() -> None:
    from toolkit.model import Finding

    pl = PowerList.from_records(fx.good_records())
    pl.warnings = [Finding("QZ003", "error", "表头缺少“追责依据”列", column="追责依据")]
    for r in ("追责依据",):
        pl.items[r] = ""
    report = validate(pl)
    assert [(f.code, f.severity) for f in report.findings if f.column == "追责依据"] == [("QZ003", "warning")]
    report = validate(pl, Options(profile="广西2022"))
    assert [(f.code, f.severity) for f in report.findings if f.column == "追责依据"] == [("QZ003", "error")]


@pytest.mark.parametrize(
    ("column", "value", "code"),
    [
        ("序号", "1.", None),
        ("序号", "１．", None),
        ("序号", "一", "QZ102"),
        ("权力分类", "行政检查、行政处罚", None),
        ("权力分类", "行政检查、行政审批", "QZ104"),
    ],
    ids=["seq-point", "seq-full-width-point", "seq-chinese", "two-categories", "two-categories-one-unknown"],
)
def test_ways_of_writing_that_are_not_errors(column: str, value: str, code: str | None) -> None:
    records = fx.good_records()
    records[0][column] = value
    found = {f.code for f in validate(PowerList.from_records(records)).findings if f.code in ("QZ102", "QZ104")}
    assert found == ({code} if code else set())


def test_real_defects_are_still_found_under_default() -> None:
    records = _unlabelled_records()
    records[0]["责任事项"] = "2.受理责任：依法受理。\n3.调查责任：组织调查。"  # point 1. missing
    records[1]["实施依据"] = "依据《中华人民共和国行政强制法》第九十九条"  # the law has 71 articles
    records[1]["责任事项依据"] = (
        "根据《中华人民共和国行政强制法》第六十八条：违法本法规定，给他人造成损失的，依法给予赔偿。"
    )
    report = validate(PowerList.from_records(records, notice=Notice(date="2022年7月18日")))
    found = {(f.code, f.item, f.severity) for f in report.findings}
    assert ("QZ201", 0, "error") in found
    assert ("QZ403", 1, "error") in found
    assert ("QZ402", 1, "warning") in found


@pytest.mark.parametrize(
    ("label", "codes"),
    [
        ("部委规章", set()),  # another word for 部门规章: checked as such
        ("政府规章", {"QZ304"}),  # = 地方政府规章, but the source was issued by a 部门令
        ("规章", set()),  # a broad label: known, names no single category
        ("其他依据", set()),
        ("法规规章", {"QZ303"}),  # unknown
    ],
    ids=["synonym", "synonym-wrong", "broad", "broad-other", "unknown"],
)
def test_labels_from_sub_column_headers(label: str, codes: set[str]) -> None:
    records = fx.good_records()
    records[0]["实施依据"] = records[0]["实施依据"].replace("2．【部门规章】", f"2．【{label}】")
    report = validate(PowerList.from_records(records, notice=Notice(date="2022年7月18日")))
    found = {f.code for f in report.findings if f.item == 0 and f.column == "实施依据"}
    assert found & {"QZ303", "QZ304", "QZ404"} == codes


def test_column_required_by_a_profile_names_the_switch() -> None:
    report = validate(REAL / "gz-liupanshui-minzheng" / "source.html", Options(profile="广西2022"))
    (f, *_) = [f for f in report.findings if f.code == "QZ003" and f.severity == "error"]
    assert "--profile 全国通用" in f.message


def test_header_note_mentioning_owners_is_no_owner_column() -> None:
    from types import SimpleNamespace

    pl = PowerList.from_records(_unlabelled_records(), notice=Notice(date="2022年7月18日"))
    pl.column_map = [SimpleNamespace(source="责任事项（明确责任主体）", target="责任事项")]
    assert "QZ205" in validate(pl, Options(profile="广西2022")).codes()


def test_sub_items_may_share_their_items_number_under_default() -> None:
    records = fx.good_records()
    records[1].update(序号="1", 项目名称=records[0]["项目名称"], 子项名称="子项二")
    records[0]["子项名称"] = "子项一"
    pl = PowerList.from_records(records, notice=Notice(date="2022年7月18日"))
    assert "QZ103" not in validate(pl).codes()
    assert "QZ103" in validate(pl, Options(profile="广西2022")).codes()


def test_a_web_page_header_row_is_not_grouped_with_its_first_item() -> None:
    """A page has no sheet rows: the header's findings (table row 1) and item 1's are two groups."""
    from toolkit.validate.report import group_findings

    report = validate(REAL / "gx-qu-dangan" / "source.html")
    groups = dict(group_findings(report.findings, report.pl))
    header = groups["表格第 1 行"]
    assert header and {f.code for f in header} == {"QZ003"}
    item = next(findings for title, findings in groups.items() if title.startswith("第 1 项"))
    assert "QZ003" not in {f.code for f in item} and "QZ103" in {f.code for f in item}
