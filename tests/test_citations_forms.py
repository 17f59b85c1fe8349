"""Citations as people write them: lead-ins, short names, 款/项, 之一, articles inside the title marks, annexed
items, editions after the name, lists and ranges; each parsed and then checked against the law library."""

from __future__ import annotations

import datetime as dt

import pytest

from toolkit.citations import parse_citations
from toolkit.citations.check import check_citation
from toolkit.citations.parse import P_NO_COLON, P_NO_LABEL
from toolkit.citations.registry import load_registry
from toolkit.model import Notice, PowerList
from toolkit.validate import Options, validate

XZQZ = "中华人民共和国行政强制法"
BAOMI = "中华人民共和国保守国家秘密法"

FORMS = [
    # id, text, (law, articles, sub_article, clauses, items, annex_item, issuance)
    ("lead-in-yiju", "依据《中华人民共和国行政强制法》第十条", (XZQZ, (10,), None, (), (), None, None)),
    ("lead-in-genju", "根据《中华人民共和国行政强制法》第十条的规定", (XZQZ, (10,), None, (), (), None, None)),
    ("lead-in-anzhao-no-article", "按照《中华人民共和国行政强制法》规定", (XZQZ, (), None, (), (), None, None)),
    ("lead-in-after-number", "1．依据《中华人民共和国行政强制法》第十条：甲", (XZQZ, (10,), None, (), (), None, None)),
    ("lead-in-after-label", "【法律】依据《中华人民共和国行政强制法》第十条", (XZQZ, (10,), None, (), (), None, None)),
    ("short-name", "《行政强制法》第三十条", ("行政强制法", (30,), None, (), (), None, None)),
    ("clause-item", "《行政强制法》第三十条第二款第（三）项", ("行政强制法", (30,), None, (2,), (3,), None, None)),
    ("item-without-parens", "《行政强制法》第三十条第三项", ("行政强制法", (30,), None, (), (3,), None, None)),
    ("clause-list", "《行政强制法》第三十条第一款、第二款", ("行政强制法", (30,), None, (1, 2), (), None, None)),
    ("item-list", "《行政强制法》第十三条第（一）、（二）项", ("行政强制法", (13,), None, (), (1, 2), None, None)),
    ("sub-article", "《中华人民共和国刑法》第一百二十条之一", ("中华人民共和国刑法", (120,), 1, (), (), None, None)),
    ("article-inside-title", "《中华人民共和国行政强制法第十条》", (XZQZ, (10,), None, (), (), None, None)),
    (
        "annex-item",
        "《国务院对确需保留的行政审批项目设定行政许可的决定》附件第112项",
        ("国务院对确需保留的行政审批项目设定行政许可的决定", (), None, (), (), 112, None),
    ),
    (
        "edition-after-name",
        "《中华人民共和国行政强制法》（2017修正本）第二条",
        (XZQZ, (2,), None, (), (), None, "2017修正本"),
    ),
    (
        "edition-inside-title",
        "《中华人民共和国行政强制法（2011年）》第二条",
        (XZQZ, (2,), None, (), (), None, "2011年"),
    ),
    ("list", "《行政强制法》第二十一条、第二十二条", ("行政强制法", (21, 22), None, (), (), None, None)),
    ("list-without-di", "《行政强制法》第二十一条、二十二条", ("行政强制法", (21, 22), None, (), (), None, None)),
    ("list-inside-one-tiao", "《行政强制法》第二十一、二十二条", ("行政强制法", (21, 22), None, (), (), None, None)),
    ("range", "《行政强制法》第三十条至第三十三条", ("行政强制法", (30, 31, 32, 33), None, (), (), None, None)),
    ("range-arabic-dash", "《行政强制法》第30-32条", ("行政强制法", (30, 31, 32), None, (), (), None, None)),
    (
        "list-with-clause",
        "《行政强制法》第三十条第一款、第三十一条",
        ("行政强制法", (30, 31), None, (1,), (), None, None),
    ),
    (
        "list-by-spaces",
        "《行政强制法》第七条 第二十九条 第三十一条第三十六条",
        ("行政强制法", (7, 29, 31, 36), None, (), (), None, None),
    ),
    ("numbered-in-parens", "(1)《行政强制法》第十七条", ("行政强制法", (17,), None, (), (), None, None)),
    (
        "article-on-next-line",
        "1．《行政强制法》（主席令第49号）\n    第二十七条",
        ("行政强制法", (27,), None, (), (), None, "主席令第49号"),
    ),
    ("annex-on-next-line", "《某决定》\n附件第336项", ("某决定", (), None, (), (), 336, None)),
    (
        "plus-format",
        "《某办法》+2016年民政部令第58号+第三条",
        ("某办法", (3,), None, (), (), None, "2016年民政部令第58号"),
    ),
    (
        "plus-abbreviated-list",
        "《某条例》(2007年)+某省人大常委会会议+第十七、十九条",
        ("某条例", (17, 19), None, (), (), None, "2007年，某省人大常委会会议"),
    ),
    (
        "no-title-marks",
        "中华人民共和国土地管理法第五十七条",
        ("中华人民共和国土地管理法", (57,), None, (), (), None, None),
    ),
]


@pytest.mark.parametrize(("text", "expected"), [f[1:] for f in FORMS], ids=[f[0] for f in FORMS])
def test_form_is_parsed(text: str, expected: tuple) -> None:
    (c,) = parse_citations(text)
    got = (c.law, c.articles, c.sub_article, c.clauses, c.items, c.annex_item, c.issuance)
    assert got == expected
    assert c.article == (expected[1][0] if expected[1] else None)


def test_several_citations_in_one_paragraph_without_colons() -> None:
    cites = parse_citations("《中华人民共和国公务员法》第五十九条、第六十一条；《行政机关公务员处分条例》第二十条")
    assert [(c.law, c.articles, c.quote) for c in cites] == [
        ("中华人民共和国公务员法", (59, 61), ""),
        ("行政机关公务员处分条例", (20,), ""),
    ]
    assert all(P_NO_COLON not in c.problems for c in cites)


def test_continuation_paragraph_without_colon_inherits_the_law() -> None:
    cites = parse_citations("《某条例》第七条：甲。\n第八条第一款 乙。\n第四十九条已经领取的，注销。")
    assert [(c.law, c.article, c.continuation) for c in cites] == [
        ("某条例", 7, False),
        ("某条例", 8, True),
        ("某条例", 49, True),
    ]


def test_law_named_inside_a_quote_is_not_a_new_citation() -> None:
    (c,) = parse_citations("1．【法律】《某法》第九条：甲；依照《中华人民共和国行政处罚法》第三十条的规定处罚。")
    assert c.quote.endswith("第三十条的规定处罚。")


def test_no_label_is_a_parse_fact_not_an_error() -> None:
    # the parser says what it saw; whether a missing label matters is the profile's business (QZ305)
    (c,) = parse_citations("依据《中华人民共和国行政强制法》第十条")
    assert P_NO_LABEL in c.problems


# --- checked against the law library ------------------------------------------------------------------------

REG = load_registry()
ON = dt.date(2022, 7, 18)


def _check(text: str):
    (c,) = parse_citations(text)
    return check_citation(c, REG, ON)


def test_short_name_found_in_registry() -> None:
    r = _check("《行政强制法》第十条：行政强制措施由法律设定。")
    assert r.law is not None and r.law.name == XZQZ and not r.unknown_article


def test_range_beyond_the_law_is_reported() -> None:
    r = _check(f"《{BAOMI}》第五十条至第五十五条")  # the 2010 law has 53 articles
    assert r.unknown_article and r.missing == ("第五十四条", "第五十五条")


def test_list_member_missing_is_reported() -> None:
    r = _check(f"《{BAOMI}》第五条、第九十条")
    assert r.unknown_article and r.missing == ("第九十条",)


def test_quote_over_a_list_of_articles_is_compared_with_all_of_them() -> None:
    art = REG.find(XZQZ).version_at(ON)
    text = art.article(10).text.split("。")[0] + "。" + art.article(11).text.split("。")[0] + "。"
    r = _check(f"《{XZQZ}》第十条、第十一条：{text}")
    assert r.quote_match is not None and r.quote_match.ok
    r = _check(f"《{XZQZ}》第十条、第十一条：{text}违法本法")
    assert r.quote_match is not None and not r.quote_match.ok


def test_article_inside_title_is_checked() -> None:
    r = _check(f"《{XZQZ}第九十九条》")
    assert r.unknown_article and r.missing == ("第九十九条",)


def test_sub_article_missing_is_reported() -> None:
    r = _check(f"《{XZQZ}》第十条之一")
    assert r.unknown_article and r.missing == ("第十条之一",)


def test_item_beyond_the_article_is_reported() -> None:
    r = _check(f"《{XZQZ}》第九条第（九）项")  # 第九条 lists five measures
    assert r.unknown_clause
    assert not _check(f"《{XZQZ}》第九条第（二）项").unknown_clause


def _findings(text: str, date: str = "2022年7月18日") -> list:
    pl = PowerList.from_records([{"实施依据": text}], notice=Notice(date=date))
    return [f for f in validate(pl, Options()).findings if f.code.startswith("QZ4")]


def test_lead_in_citation_with_wrong_article_is_an_error() -> None:
    (f,) = [f for f in _findings(f"依据《{XZQZ}》第九十九条") if f.code == "QZ403"]
    assert f.severity == "error" and "第九十九条" in f.message


def test_annex_item_is_said_to_be_unchecked() -> None:
    from toolkit.citations.registry import Law, LawRegistry, LawVersion

    law = Law(name="某决定", category="行政法规", versions=[LawVersion(dt.date(2004, 6, 29), None)])
    (c,) = parse_citations("《某决定》附件第112项")
    r = check_citation(c, LawRegistry([law]), ON)
    assert r.unchecked is not None and "附件第112项" in r.unchecked


def test_law_not_yet_in_force_is_said_to_be_unchecked() -> None:
    (f,) = [f for f in _findings(f"《{XZQZ}》第十条", date="2010年1月1日") if f.code == "QZ407"]
    assert "尚未施行" in f.message and f.severity == "info"


@pytest.mark.parametrize("text", ["无", "/", "——", "暂无"])
def test_nothing_cited_on_purpose(text: str) -> None:
    assert parse_citations(text) == []
