"""The law library's base layer: the corpus parser, the built store, computed article maps, repealed laws, and
lists of other units (real citations of other provinces) checked against it."""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest

from toolkit.citations.parse import chinese_number
from toolkit.citations.registry import DATA_DIR, load_registry, read_mapping
from toolkit.laws.align import align_articles
from toolkit.laws.lawtext import parse_law_file, parse_law_text
from toolkit.laws.model import LawDataError
from toolkit.laws.status import repealed_table
from toolkit.model import Notice, PowerList
from toolkit.validate import Options, validate

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "tests" / "fixtures" / "citations" / "real_citations.tsv"


@pytest.fixture(scope="module")
def reg():
    return load_registry((), env=False)


def findings(records: list[dict[str, str]], date: str, **opts) -> list:
    pl = PowerList.from_records(records, notice=Notice(date=date))
    return [f for f in validate(pl, Options(**opts)).findings if f.code.startswith("QZ4")]


# -- the parser ------------------------------------------------------------------------------------------------

HEADER = "# 中华人民共和国甲法\n\n2010年1月1日 第十一届全国人民代表大会常务委员会通过\n\n<!-- INFO END -->\n\n"


@pytest.mark.parametrize(
    ("body", "numbers", "problem"),
    [
        ("第一条 甲。\n\n笫二条 乙。\n\n第三条 丙。\n", [(1, 0), (2, 0), (3, 0)], "笫为错字"),
        ("第一条 甲。\n\n第二 条乙。\n\n第三条 丙。\n", [(1, 0), (2, 0), (3, 0)], "条号中有空格"),
        (
            "第一条 甲。\n\n第一条之一 甲一。\n\n第一条之二 甲二。\n\n第二条 乙。\n",
            [(1, 0), (1, 1), (1, 2), (2, 0)],
            None,
        ),
        ("第一条 甲。\n\n第三条 丙。\n\n第四条 丁。\n", [(1, 0), (3, 0), (4, 0)], "缺第二条"),
        ("第一条 甲。\n\n第一条 所称甲，是指乙。\n\n第二条 乙。\n", [(1, 0), (2, 0)], None),
        ("第一条 甲。\n\n第二条规定的事项，依照本法。\n\n第二条 乙。\n", [(1, 0), (2, 0)], None),
    ],
    ids=["typo-di", "space-in-heading", "zhiyi-articles", "gap-reported-rest-kept", "repeated-number", "reference"],
)
def test_parser_reads_odd_headings_and_reports_them(body, numbers, problem):
    t = parse_law_text(HEADER + body)
    assert [a.key for a in t.articles] == numbers
    if problem is None:
        assert not t.problems
    else:
        assert any(problem in p for p in t.problems), t.problems
    # nothing lost: every paragraph of the body is in some article
    text = "".join(a.text for a in t.articles)
    for para in body.split("\n\n"):
        assert para.split(" ", 1)[-1].split("条", 1)[-1].strip() in text


def test_parser_headings_at_any_depth_and_appendix():
    body = (
        "## 第一编 总则\n\n### 第一章 一般规定\n\n#### 第一节 甲\n\n第一条 甲。\n\n"
        "### 第二章 乙\n\n第二条 乙。\n\n（一）项一；\n\n## 第二编 分则\n\n### 第一章 丙\n\n第三条 丙。\n\n"
        "附件：收费标准\n\n| 项目 | 标准 |\n"
    )
    t = parse_law_text(HEADER + body)
    a1, a2, a3 = t.articles
    assert (a1.part, a1.chapter, a1.section) == ("第一编 总则", "第一章 一般规定", "第一节 甲")
    assert (a2.part, a2.chapter, a2.section) == ("第一编 总则", "第二章 乙", None)
    assert a2.text == "乙。\n（一）项一；"
    assert (a3.part, a3.chapter) == ("第二编 分则", "第一章 丙")
    assert a3.text == "丙。" and t.appendix.startswith("附件：收费标准") and "| 项目 | 标准 |" in t.appendix


def test_header_events():
    t = parse_law_text(
        "# 中华人民共和国乙条例\n\n2004年4月30日 中华人民共和国国务院令第406号公布\n\n"
        "2016年2月6日 《国务院关于修改部分行政法规的决定》第二次修订　\n\n2016年3月1日 施行\n\n<!-- INFO END -->\n\n第一条 甲。\n"
    )
    assert [(e.date.isoformat(), e.kind, e.order) for e in t.events] == [
        ("2004-04-30", "公布", "国务院令第406号"),
        ("2016-02-06", "修订", ""),
        ("2016-03-01", "施行", ""),
    ]


# -- the built library -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "count", "article", "fragment"),
    [
        ("中华人民共和国民法典", 1260, 1260, "《中华人民共和国婚姻法》"),  # a code split over eight files
        ("中华人民共和国行政许可法", 83, 1, "为了规范行政许可的设定和实施"),
        ("中华人民共和国安全生产法", 119, 1, "为了加强安全生产工作"),
        ("中华人民共和国道路运输条例", 82, 1, "为了维护道路运输市场秩序"),
        ("中华人民共和国农民专业合作社法", 74, 54, "清算组成员应当忠"),  # 笫五十四条 in the source
        ("中华人民共和国刑事诉讼法", 308, 128, "侦查人员对于"),  # 第一百二十八 条 in the source
    ],
    ids=["civil-code", "licensing", "work-safety", "road-transport", "typo-di", "space-in-heading"],
)
def test_base_layer_texts(reg, name, count, article, fragment):
    law = reg.find(name)
    assert law is not None and law.layer == "base"
    v = law.version_at(None)
    assert len(v.articles) == count
    assert fragment in v.article(article).text


def test_zhiyi_articles_of_the_criminal_law(reg):
    v = reg.find("刑法").version_at(None)
    art = v.article(120, 1)
    assert art is not None and art.heading == "第一百二十条之一" and "资助恐怖活动" in art.text


def test_history_facts_and_short_names(reg):
    law = reg.find("行政处罚法")
    assert [v.adopted.isoformat() for v in law.versions] == ["1996-03-17", "2009-08-27", "2017-09-01", "2021-01-22"]
    current = law.version_at(dt.date(2022, 1, 1))
    assert (current.effective, current.order) == (dt.date(2021, 7, 15), "主席令第70号")
    assert law.version_at(dt.date(2021, 3, 1)).adopted == dt.date(2017, 9, 1)  # revised, not yet in force
    assert reg.find("政务处分法").name == "中华人民共和国公职人员政务处分法"


def test_reviewed_laws_stay_on_top_of_the_base(reg):
    law = reg.find("保密法")
    assert law.layer == "reviewed" and not law.mappings[0].computed


def test_user_folder_on_top_of_everything(tmp_path):
    d = tmp_path / "xk"
    d.mkdir()
    (d / "law.toml").write_text(
        'name = "中华人民共和国行政许可法"\ncategory = "法律"\n[[versions]]\nadopted = 2019-04-23\ntext = "t.md"\n',
        encoding="utf-8",
    )
    (d / "t.md").write_text("第一条 用户的文本。\n", encoding="utf-8")
    law = load_registry([tmp_path], env=False).find("行政许可法")
    assert law.user and law.version_at(None).article(1).text == "用户的文本。"


def test_every_computed_map_is_complete_and_points_at_real_articles(reg):
    maps = 0
    for law in reg.laws:
        for m in law.mappings:
            if not m.computed:
                continue
            old = next(v for v in law.versions if v.adopted == m.source)
            new = next(v for v in law.versions if v.adopted == m.target)
            assert sorted(m.entries) == sorted(old.articles), law.name
            for e in m.entries.values():
                assert set(e.new) <= set(new.articles), (law.name, e)
                assert e.confidence in ("high", "low")
            maps += 1
    assert maps >= 60


def test_corpus_report_is_committed():
    text = (ROOT / "docs" / "laws-corpus.md").read_text(encoding="utf-8")
    share = float(re.search(r"([\d.]+)% 的文件读出了全部条文", text).group(1))
    assert share >= 99.0
    assert "笫五十四条" in text and "飞行基本规则" in text  # what was tolerated and what is missing are named


# -- alignment against the reviewed maps -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("folder", "old", "new"),
    [("baomifa", "2010-04-29", "2024-02-27"), ("baomifa-shishitiaoli", "2014-01-17", "2024-07-10")],
    ids=["baomifa", "tiaoli"],
)
def test_alignment_agrees_with_the_reviewed_map(folder, old, new):
    def arts(date):
        return [(a.number, a.text) for a in parse_law_file(DATA_DIR / folder / f"{date}.md") if not a.sub]

    a, b = arts(old), arts(new)
    ref = read_mapping(DATA_DIR / folder / f"{old}_to_{new}.tsv")
    truth = {n: (ref[n].new if n in ref else (n,)) for n, _ in a}
    rows = align_articles(a, b)

    def pairs(m):
        return {(o, x) for o, news in m.items() for x in (news or ("deleted",))}

    auto = {r.old: r.new for r in rows}
    tp, ap = pairs(truth), pairs(auto)
    assert len(tp & ap) / len(ap) >= 0.97 and len(tp & ap) / len(tp) >= 0.97
    wrong = [r for r in rows if r.confidence == "high" and sorted(r.new) != sorted(truth[r.old])]
    assert not wrong


# -- repealed laws ---------------------------------------------------------------------------------------------


def test_repealed_table_agrees_with_the_replacing_laws(reg):
    """Where the replacing law's text is in the library, the article the note names says so."""
    checked = 0
    for row in repealed_table():
        m = re.match(r"《(.+?)》(?:（(\d+)年）)?第(.+?)条", row["note"])
        law = reg.find(m.group(1)) if m else None
        if law is None:
            continue
        versions = [v for v in law.versions if v.has_text and (not m.group(2) or str(v.adopted.year) == m.group(2))]
        if not versions:
            continue  # the version the note names (食品安全法 2009) is not in the library
        texts = [a.text for v in versions if (a := v.article(chinese_number(m.group(3)))) is not None]
        assert any(row["name"].removeprefix("中华人民共和国") in t for t in texts), row["name"]
        assert reg.find(row["replaced_by"]) is not None, row["replaced_by"]
        checked += 1
    assert checked >= 20


@pytest.mark.parametrize(
    ("date", "expected"),
    [("2024年3月1日", True), ("2017年3月1日", False)],
    ids=["after-repeal", "before-repeal"],
)
def test_repealed_law_is_an_error_naming_its_replacement(date, expected):
    found = findings([{"追责依据": "1．【法律】《中华人民共和国行政监察法》第二十三条：监察机关对……"}], date)
    hits = [f for f in found if f.code == "QZ408"]
    assert bool(hits) == expected
    if expected:
        assert hits[0].severity == "error" and "《中华人民共和国监察法》取代" in hits[0].message
    assert not [f for f in found if f.code == "QZ405"]  # a repealed law is known, not "not in the library"


USER_REPEAL = (
    'name = "广西壮族自治区某某管理条例"\ncategory = "地方性法规"\nrepealed = 2023-06-01\n{extra}'
    "[[versions]]\nadopted = 2010-01-01\n"
)


@pytest.mark.parametrize(
    ("extra", "date", "fragments"),
    [
        (
            'replaced_by = "《广西壮族自治区某某条例》"\nrepealed_by = "公告第5号"\n',
            "2024年3月1日",
            ["已由《广西壮族自治区某某条例》取代", "（公告第5号）"],
        ),
        ('repealed_by = "公告第5号"\n', "2024年3月1日", ["已于2023年6月1日废止", "（公告第5号）"]),
        ("", "2023年5月31日", None),
    ],
    ids=["replaced", "repealed-by-decision", "before-the-repeal"],
)
def test_user_folder_can_mark_a_law_repealed(tmp_path, extra, date, fragments):
    d = tmp_path / "gx"
    d.mkdir()
    (d / "law.toml").write_text(USER_REPEAL.format(extra=extra), encoding="utf-8")
    cite = [{"实施依据": "1．【地方性法规】《广西壮族自治区某某管理条例》第五条：对某某事项实施监督检查。"}]
    found = findings(cite, date, law_dirs=(str(tmp_path),))
    hits = [f for f in found if f.code == "QZ408"]
    if fragments is None:
        assert not hits
    else:
        assert len(hits) == 1 and all(x in hits[0].message for x in fragments), hits
    assert not [f for f in found if f.code == "QZ405"]  # known: the user's folder


def test_user_repeal_needs_its_date(tmp_path):
    d = tmp_path / "gx"
    d.mkdir()
    (d / "law.toml").write_text(
        USER_REPEAL.replace("repealed = 2023-06-01\n", 'replaced_by = "乙法"\n').format(extra=""), encoding="utf-8"
    )
    with pytest.raises(LawDataError, match="repealed") as e:
        load_registry([tmp_path], env=False)
    assert str(d / "law.toml") in str(e.value)


# -- a clerk's list of another unit ------------------------------------------------------------------------------

CLERK = [
    # correct: silent
    "1．【法律】《中华人民共和国行政许可法》第三十八条第一款：申请人的申请符合法定条件、标准的，行政机关应当依法作出准予行政许可的书面决定。",
    # misquote
    "1．【法律】《中华人民共和国行政许可法》第三十八条：申请人的申请符合法定条件的，行政机关应当作出准予行政许可的决定。",
    # no such article
    "1．【法律】《中华人民共和国行政许可法》第九十条：本法自2004年7月1日起施行。",
    # a regulation, misquoted (县级 for 设区的市级)
    "1．【行政法规】《中华人民共和国道路运输条例》第七条：国务院交通运输主管部门主管全国道路运输管理工作。",
    # short name of a regulation, correct
    "1．【法律】《安全生产法》第三条：安全生产工作坚持中国共产党的领导。",
    # repealed
    "1．【法律】《中华人民共和国行政监察法》第二十三条：监察机关对监察事项涉及的单位和个人有权进行查询。",
]


def test_a_clerks_list_gets_its_laws_checked():
    found = findings([{"实施依据": t} for t in CLERK], "2024年3月1日")
    by_item = {}
    for f in found:
        by_item.setdefault(f.item, set()).add(f.code)
    assert by_item.get(0) is None
    assert by_item[1] == {"QZ402"}
    assert by_item[2] == {"QZ403"}
    assert by_item.get(3) is None  # 第七条's first paragraph quoted whole: a partial quote is fine
    assert by_item.get(4) is None
    assert by_item[5] == {"QZ408"}


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def _real(law: str, articles: str) -> dict[str, str]:
    with REAL.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            if row["law"] == law and row["articles"] == articles:
                return row
    raise AssertionError((law, articles))


@pytest.mark.parametrize(
    ("law", "articles", "date", "code", "fragment"),
    [
        # 宁夏 西吉: the 2009 text of 劳动法 art. 15 and 权力 for 权利 (real misquotes), checked in 2024
        ("中华人民共和国劳动法", "第十五条", "2024年1月1日", "QZ402", "权利"),
        # 殡葬管理条例 art. 8 writes 自治区 where the regulation says 自治州
        ("殡葬管理条例", "第八条", "2024年1月1日", "QZ402", "自治州"),
        # a 2022 list still citing 环境噪声污染防治法 (repealed 2022-06-05)
        ("中华人民共和国环境噪声污染防治法", "", "2023年1月1日", "QZ408", "噪声污染防治法》取代"),
        # 四川 lists of 2016 citing 行政监察法, checked as of today's law
        ("中华人民共和国行政监察法", "", "2024年1月1日", "QZ408", "《中华人民共和国监察法》取代"),
        # a 民政 list citing 婚姻法 and 收养法, repealed by 民法典
        ("中华人民共和国婚姻法", "第八条", "2024年1月1日", "QZ408", "《中华人民共和国民法典》取代"),
        ("中华人民共和国收养法", "第十五条", "2024年1月1日", "QZ408", "《中华人民共和国民法典》取代"),
        # a 部门规章 replaced in 2023
        ("食品经营许可管理办法", "", "2024年1月1日", "QZ408", "《食品经营许可和备案管理办法》取代"),
    ],
    ids=[
        "labour-law-old-text",
        "funeral-regulation",
        "repealed-noise-law",
        "repealed-supervision-law",
        "repealed-marriage-law",
        "repealed-adoption-law",
        "repealed-food-licence-rule",
    ],
)
def test_real_citations_of_other_units(law, articles, date, code, fragment):
    row = _real(law, articles)  # the source_url of each is in the fixture
    found = findings([{"实施依据": row["text"]}], date)
    hits = [f for f in found if f.code == code]
    assert hits, (row["source_url"], [f.message for f in found])
    assert fragment in _nfkc(hits[0].message)


def test_real_citations_of_national_laws_are_known(reg):
    """Every real citation of a national law or regulation resolves in the library (no QZ405)."""
    with REAL.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["law"]]
    # 部门规章 (the corpus note says so, e.g. 中外合作办学条例实施办法, a 教育部令) are outside the base layer.
    national = [
        r
        for r in rows
        if r["law"].startswith("中华人民共和国") and "省" not in r["law"] and "部门规章" not in r["note"]
    ]
    missing = sorted({r["law"] for r in national if reg.find(r["law"]) is None})
    assert not missing


def test_an_attachment_line_inside_the_law_does_not_end_it():
    t = parse_law_text(HEADER + "第一条 甲。\n\n附件：见下表。\n\n第二条 乙。\n")
    assert [a.text for a in t.articles] == ["甲。\n附件：见下表。", "乙。"] and not t.appendix


def test_built_library_is_current_with_the_hand_written_tables():
    """The library file keeps the parsed tables; after editing a table, run scripts/build_laws.py."""
    from toolkit.laws import status, store

    load_registry((), env=False)
    for path in (status.REPEALED_FILE, status.FACTS_FILE):
        assert store.cached_table(path.name, path.read_bytes()) == status.parse_table(path.read_text("utf-8")), (
            f"{path.name} changed since the library was built: run scripts/build_laws.py"
        )


def test_zhiyi_citations_are_checked_against_their_own_article(reg):
    text = reg.find("刑法").version_at(None).article(120, 1).text.split("\n")[0]
    found = findings(
        [
            {"实施依据": f"《中华人民共和国刑法》第一百二十条之一：{text}"},
            {"实施依据": "《中华人民共和国刑法》第一百二十条之一：资助恐怖组织的，处十年有期徒刑。"},
            {"实施依据": "《中华人民共和国刑法》第一百二十条之九：甲。"},
        ],
        "2024年6月1日",
    )
    assert {(f.item, f.code) for f in found} == {(1, "QZ402"), (2, "QZ403")}


@pytest.mark.parametrize(
    "text",
    [
        "1．【法律】《中华人民共和国宪法》第二条：中华人民共和国的一切权力属于人民。",  # labelled 法律, as lists do
        "1．【宪法】《中华人民共和国宪法》第二条：中华人民共和国的一切权力属于人民。",
        "1．【法律】《中华人民共和国刑法修正案（十一）》第一条：将刑法第十七条修改为……",  # written 一、二、…
    ],
    ids=["constitution-as-law", "constitution", "amendment-without-articles"],
)
def test_no_false_findings_for_the_constitution_and_amendments(text):
    assert not [f for f in findings([{"实施依据": text}], "2024年6月1日") if f.severity != "info"]


def test_revisions_the_corpus_lacks_are_known_from_the_facts(reg):
    from toolkit.laws.changes import law_changes

    [change] = law_changes(reg.find("治安管理处罚法"), dt.date(2024, 1, 1))
    assert (change.date, change.effective, change.kind) == (dt.date(2025, 6, 27), dt.date(2026, 1, 1), "修订")
    assert "法律库还没有修订后的条文" in change.article(10).text
    # before it is in force, the 2012 text is the one a list is checked against
    assert reg.find("治安管理处罚法").version_at(dt.date(2025, 12, 31)).has_text


def test_base_layer_joined_only_when_needed(tmp_path):
    d = tmp_path / "x"
    d.mkdir()
    (d / "law.toml").write_text('name = "甲市管理办法"\ncategory = "地方政府规章"\n', encoding="utf-8")
    reg = load_registry([tmp_path], env=False)
    assert reg.find("中华人民共和国保守国家秘密法").layer == "reviewed" and reg.find("甲市管理办法").user
    assert "laws" not in reg.__dict__  # answered by the upper layers
    assert reg.find("保密法").name == "中华人民共和国保守国家秘密法"  # a short name consults every layer
    assert "laws" in reg.__dict__ and reg.find("行政许可法").layer == "base"
