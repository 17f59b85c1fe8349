"""Law rules QZ401-QZ406 on the seed and on small hand-made lists."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from toolkit.citations import parse_list
from toolkit.model import Notice, PowerList
from toolkit.validate import Options, validate

USER_LAWS = Path(__file__).parent / "fixtures" / "laws" / "user"
BAOMIFA = "中华人民共和国保守国家秘密法"
TIAOLI = "中华人民共和国保守国家秘密法实施条例"

# Old -> new article numbers stated in docs/domain.md, as the stale message must phrase them.
EXPECTED_NEW = {
    (BAOMIFA, 5): "现为第六条",
    (BAOMIFA, 28): "现为第三十四条",
    (BAOMIFA, 42): "现为第四十九条",
    (BAOMIFA, 44): "拆分到第五十一条、第五十二条",
    (BAOMIFA, 45): "现为第五十二条",
    (BAOMIFA, 50): "现为第五十九条",
    (TIAOLI, 32): "现为第五十八条",
    (TIAOLI, 33): "现为第五十九条",
    (TIAOLI, 35): "现为第六十条",
    (TIAOLI, 36): "现为第六十二条",
    (TIAOLI, 38): "现为第六十六条",
    (TIAOLI, 44): "现为第七十二条",
}

# Misquotes the seed really has (checked by hand against the law texts; see docs/laws.md).
SEED_MISQUOTES = {
    (TIAOLI, 35, "“查或组织”应为“查或者组织”"),
    (TIAOLI, 38, "“谋取私利”应为“谋取利益”"),
    ("中华人民共和国行政强制法", 68, "“违法本法”应为“违反本法”"),
}


def law_findings(pl, **opts):
    return [f for f in validate(pl, Options(**opts)).findings if f.code.startswith("QZ4")]


def one(text: str, column: str = "实施依据", date: str = "2022年7月18日") -> PowerList:
    return PowerList.from_records([{column: text}], notice=Notice(date=date))


@pytest.fixture(scope="module")
def seed_2025(seed_list):
    return law_findings(seed_list, as_of=dt.date(2025, 1, 1))


@pytest.mark.parametrize("as_of", [None, dt.date(2022, 7, 18)], ids=["notice-date", "explicit"])
def test_seed_has_no_stale_citations_at_its_date(seed_list, as_of):
    assert not [f for f in law_findings(seed_list, as_of=as_of) if f.code == "QZ401"]


def test_seed_2025_reports_every_old_citation_with_new_numbers(seed_list, seed_2025):
    stale = [f for f in seed_2025 if f.code == "QZ401"]
    expected = []
    for (item, column), cites in parse_list(seed_list).items():
        for c in cites:
            if c.law in (BAOMIFA, TIAOLI):
                expected.append((item, column, c.law, c.article))
    assert len(expected) > 20
    assert len(stale) == len(expected)
    remaining = list(stale)
    for item, column, law, article in expected:
        match = [
            f
            for f in remaining
            if f.item == item
            and f.column == column
            and f"《{law}》第" in f.message
            and EXPECTED_NEW[(law, article)] in f.message
        ]
        assert match, (item, column, law, article)
        remaining.remove(match[0])
    assert not remaining


def test_stale_message_names_version_in_force(seed_2025):
    f = next(f for f in seed_2025 if f.code == "QZ401" and "第四十五条" in f.message)
    assert "2024年2月27日修订（主席令第20号），自2024年5月1日起施行" in f.message
    assert "现为第五十二条（与原第四十四条合并）" in f.message
    f = next(f for f in seed_2025 if f.code == "QZ401" and "第三十六条" in f.message)
    assert "2024年7月10日修订（国务院令第786号），自2024年9月1日起施行" in f.message


def test_seed_misquotes_are_only_the_real_ones(seed_list):
    found = set()
    for f in law_findings(seed_list):
        if f.code == "QZ402":
            law = TIAOLI if TIAOLI in f.message else BAOMIFA if BAOMIFA in f.message else "中华人民共和国行政强制法"
            n = {"第三十五条": 35, "第三十八条": 38, "第六十八条": 68}[re.search(r"》(第.+?条)", f.message).group(1)]
            diff = next(d for d in (m[2] for m in SEED_MISQUOTES) if d in f.message)
            found.add((law, n, diff))
    assert found == SEED_MISQUOTES


def test_seed_has_no_other_law_findings(seed_list):
    assert {f.code for f in law_findings(seed_list)} == {"QZ402"}


def _correct_seed_quotes(seed_list):
    bad = {(law, n) for law, n, _ in SEED_MISQUOTES}
    out = {}
    for cites in parse_list(seed_list).values():
        for c in cites:
            if c.law in (BAOMIFA, TIAOLI, "中华人民共和国行政强制法") and (c.law, c.article) not in bad and c.quote:
                out[(c.law, c.article, c.quote)] = c
    return list(out.values())


def test_altering_one_character_of_any_correct_quote_is_caught(seed_list):
    cites = _correct_seed_quotes(seed_list)
    assert len(cites) >= 8
    for c in cites:
        pos = next(i for i in range(len(c.quote) // 2, len(c.quote)) if "\u4e00" <= c.quote[i] <= "\u9fff")
        changed = c.quote[:pos] + ("甲" if c.quote[pos] != "甲" else "乙") + c.quote[pos + 1 :]
        head = c.text[: len(c.text) - len(c.quote)]
        if c.continuation:
            head = f"1．【法律】《{c.law}》{head}"
        intact = law_findings(one(head + c.quote))
        assert not [f for f in intact if f.code == "QZ402"], c.text
        hits = [f for f in law_findings(one(head + changed)) if f.code == "QZ402"]
        assert len(hits) == 1, c.text
        assert "甲" in hits[0].message or "乙" in hits[0].message


QZ = "1．【法律】《中华人民共和国行政强制法》"
PARTIAL_OK = [
    ("one-sentence", QZ + "第六十八条：违反本法规定，构成犯罪的，依法追究刑事责任。"),
    (
        "items-skipped",
        QZ + "第六十一条：行政机关实施行政强制，有下列情形之一的，由上级行政机关或者有关部门责令改正，"
        "对直接负责的主管人员和其他直接责任人员依法给予处分：（二）改变行政强制对象、条件、方式的；（六）有其他违法实施行政强制情形的。",
    ),
    ("ellipsis", QZ + "第六十一条：行政机关实施行政强制……（一）没有法律、法规依据的；"),
    ("ascii-punctuation", QZ + "第六十八条:违反本法规定,构成犯罪的,依法追究刑事责任."),
    ("spaces", QZ + "第六十八条： 违反本法规定， 构成犯罪的， 依法追究 刑事责任。"),
    ("no-quote", QZ + "第六十八条"),
]


@pytest.mark.parametrize("text", [p[1] for p in PARTIAL_OK], ids=[p[0] for p in PARTIAL_OK])
def test_partial_quotes_are_not_misquotes(text):
    assert law_findings(one(text)) == []


def test_unknown_article_and_clause():
    codes = [(f.code, f.severity) for f in law_findings(one(QZ + "第八十条：甲。"))]
    assert codes == [("QZ403", "error")]
    f = law_findings(one(QZ + "第八十条：甲。"))[0]
    assert "没有第八十条" in f.message and "共71条" in f.message
    f = law_findings(one(QZ + "第六十八条第三款：违反本法规定，构成犯罪的，依法追究刑事责任。"))
    assert [x.code for x in f] == ["QZ403"] and "没有第六十八条第三款" in f[0].message


def test_label_disagrees_with_registry():
    f = law_findings(one("1．【法律】《保密检查工作规定》第十二条：对存在严重泄密隐患的机关。"))
    assert [(x.code, x.severity) for x in f] == [("QZ404", "error")]
    assert "【规范性文件】" in f[0].message and "国保发〔2013〕14号" in f[0].message


def test_label_reported_once_when_issuance_settles_it(seed_list):
    report = validate(seed_list, Options())
    guangxi = [f for f in report.findings if "广西壮族自治区行政过错责任追究办法" in f.message]
    assert {f.code for f in guangxi} == {"QZ304"}


def test_unknown_law_reported_once_as_info():
    pl = PowerList.from_records(
        [
            {
                "实施依据": "1．【地方性法规】《某某省保密条例》第三条：甲。\n2．【地方性法规】《某某省保密条例》第四条：乙。"
            },
            {"追责依据": "1．【地方性法规】《某某省保密条例》第九条：丙。"},
        ],
        notice=Notice(date="2022年7月18日"),
    )
    f = law_findings(pl)
    assert [(x.code, x.severity, x.item) for x in f] == [("QZ405", "info", 0)]
    assert "--laws" in f[0].message


def test_chapter_mismatch():
    f = law_findings(one(QZ + "第五章第六十八条：违反本法规定，构成犯罪的，依法追究刑事责任。"))
    assert [x.code for x in f] == ["QZ406"] and "第六章 法律责任" in f[0].message


def test_current_citation_in_2025_is_clean():
    text = (
        "1．【法律】《中华人民共和国保守国家秘密法》第五十二条：保密行政管理部门对保密检查和案件调查处理中"
        "发现的非法获取、持有的国家秘密载体，应当予以收缴。"
    )
    assert law_findings(one(text, date="2025年1月1日")) == []


def test_version_named_by_issuing_order():
    # No quote: the issuing order says the citation means the 2024 version, so 第六十二条 is current.
    text = "1．【行政法规】《中华人民共和国保守国家秘密法实施条例》（2024年7月10日国务院令第786号修订）第六十二条"
    assert law_findings(one(text), as_of=dt.date(2025, 1, 1)) == []
    old = "1．【行政法规】《中华人民共和国保守国家秘密法实施条例》（2014年国务院令第646号）第三十六条"
    assert [f.code for f in law_findings(one(old), as_of=dt.date(2025, 1, 1))] == ["QZ401"]


def test_changed_text_with_same_number_is_a_misquote_not_stale():
    old_text = "1．【法律】《保密法》第二条：国家秘密是关系国家安全和利益，依照法定程序确定，在一定时间内只限一定范围的人员知悉的事项。"
    assert law_findings(one(old_text, date="2025年1月1日")) == []  # unchanged article, same number
    changed = (
        "1．【法律】《保密法》第四条：保守国家秘密的工作（以下简称保密工作），实行积极防范、突出重点、依法管理的方针。"
    )
    f = law_findings(one(changed, date="2025年1月1日"))
    assert [x.code for x in f] == ["QZ402"]


def test_continuation_inherits_law_and_issuance():
    text = (
        "1．【行政法规】《中华人民共和国保守国家秘密法实施条例》（2014年国务院令第646号）第三十三条：甲。\n第三十六条"
    )
    f = law_findings(one(text), as_of=dt.date(2025, 1, 1))
    assert sorted(x.message.split("：")[0] for x in f if x.code == "QZ401") == [
        "《中华人民共和国保守国家秘密法实施条例》第三十六条",
        "依据“1．”《中华人民共和国保守国家秘密法实施条例》第三十三条",
    ]


def test_user_law_folder_and_stale_in_it():
    text = "1．【地方政府规章】《档案保密办法》第二条：市保密行政管理部门主管全市档案保密工作。"
    assert law_findings(one(text))[0].code == "QZ405"  # not known without the folder
    f = law_findings(one(text, date="2024年1月1日"), law_dirs=(str(USER_LAWS),))
    assert [x.code for x in f] == ["QZ401"] and "现为第三条" in f[0].message
    assert law_findings(one(text, date="2021年1月1日"), law_dirs=(str(USER_LAWS),)) == []


def test_date_falls_back_to_today_without_notice_date():
    text = "1．【法律】《中华人民共和国保守国家秘密法》第四十五条：保密行政管理部门对保密检查中发现的非法获取、持有的国家秘密载体，应当予以收缴。"
    assert [f.code for f in law_findings(one(text, date=""))] == ["QZ401"]


def test_findings_point_at_cells(sample_list):
    f = law_findings(sample_list, as_of=dt.date(2025, 1, 1))
    stale = [x for x in f if x.code == "QZ401"]
    assert stale and all(x.cell and x.sheet == "权责清单" for x in stale)


def test_cli_validate_as_of(cli):
    from tests.conftest import SAMPLE_2022

    r = cli("validate", SAMPLE_2022, "--as-of", "2025-01-01")
    assert "QZ401" in r.output and "第五十二条" in r.output
    r = cli("validate", SAMPLE_2022)
    assert "QZ401" not in r.output


def test_cli_validate_with_user_laws(cli, write_list):
    path = write_list(
        "list.xlsx",
        [
            {
                "序号": "1",
                "实施依据": "1．【地方政府规章】《档案保密办法》第二条：市保密行政管理部门主管全市档案保密工作。",
            }
        ],
    )
    assert "QZ405" in cli("validate", path, "--as-of", "2024-01-01").output
    r = cli("validate", path, "--as-of", "2024-01-01", "--laws", USER_LAWS)
    assert "QZ401" in r.output and "现为第三条" in r.output and "QZ405" not in r.output


def test_mapping_lists_only_renumbered_articles(tmp_path):
    d = tmp_path / "law"
    d.mkdir()
    (d / "2000.md").write_text("第一条 甲。\n\n第二条 乙。\n\n第三条 丙。\n", encoding="utf-8")
    (d / "2010.md").write_text("第一条 甲。\n\n第二条 新增。\n\n第三条 乙。\n\n第四条 丙。\n", encoding="utf-8")
    (d / "m.tsv").write_text("old\tnew\n第二条\t第三条\n第三条\t第四条\n", encoding="utf-8")
    (d / "law.toml").write_text(
        'name = "条号法"\ncategory = "法律"\n[[versions]]\nadopted = 2000-01-01\ntext = "2000.md"\n'
        '[[versions]]\nadopted = 2010-01-01\ntext = "2010.md"\n'
        '[[mappings]]\nfrom = 2000-01-01\nto = 2010-01-01\nfile = "m.tsv"\n',
        encoding="utf-8",
    )
    dirs = (str(tmp_path),)
    unchanged = "1．【法律】《条号法》第一条：甲。"
    assert law_findings(one(unchanged, date="2020年1月1日"), law_dirs=dirs) == []
    moved = "1．【法律】《条号法》第三条：丙。"
    f = law_findings(one(moved, date="2020年1月1日"), law_dirs=dirs)
    assert [x.code for x in f] == ["QZ401"] and "现为第四条" in f[0].message


def test_stale_without_mapping(tmp_path):
    d = tmp_path / "law"
    d.mkdir()
    (d / "2000.md").write_text("第一条 甲。\n\n第二条 乙。\n\n第三条 丙。\n", encoding="utf-8")
    (d / "2010.md").write_text("第一条 甲。\n\n第二条 乙丙。\n", encoding="utf-8")
    (d / "law.toml").write_text(
        'name = "无表法"\ncategory = "法律"\n[[versions]]\nadopted = 2000-01-01\ntext = "2000.md"\n'
        '[[versions]]\nadopted = 2010-01-01\ntext = "2010.md"\n',
        encoding="utf-8",
    )
    f = law_findings(one("1．【法律】《无表法》第三条：丙。", date="2020年1月1日"), law_dirs=(str(tmp_path),))
    assert [x.code for x in f] == ["QZ401"] and "没有新旧条文对照表" in f[0].message
    f = law_findings(one("1．【法律】《无表法》第二条：乙。", date="2020年1月1日"), law_dirs=(str(tmp_path),))
    assert f == []  # same number, quote still in the current text


def test_quote_of_another_article_names_it():
    text = QZ + "第六十七条：违反本法规定，构成犯罪的，依法追究刑事责任。"
    f = law_findings(one(text))
    assert [x.code for x in f] == ["QZ402"] and "引文是第六十八条的内容，条号可能写错了" in f[0].message


def test_unrelated_quote_is_reported_without_alignment():
    text = QZ + "第六十八条：本法所称的各项制度由国务院另行规定并组织实施。"
    f = law_findings(one(text))
    assert [x.code for x in f] == ["QZ402"] and "在条文中找不到" in f[0].message
