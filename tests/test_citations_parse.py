"""The citation parser: every citation of the seed (table-driven), edge cases, and property tests."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.citations import CITATION_COLUMNS, parse_citations, parse_list
from toolkit.citations.parse import (
    P_BACK_REF_UNKNOWN,
    P_BAD_LABEL_BRACKETS,
    P_NO_ARTICLE,
    P_NO_COLON,
    P_NO_LABEL,
    P_UNBALANCED_TITLE,
    P_UNREADABLE,
    chinese_number,
    number_key,
)

TABLE = Path(__file__).parent / "fixtures" / "laws" / "seed_citations.tsv"


def _expected() -> list[dict[str, str]]:
    with TABLE.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


EXPECTED = _expected()


def _s(v: object) -> str:
    return "" if v is None else str(v)


@pytest.fixture(scope="module")
def seed_citations(seed_list):
    return parse_list(seed_list)


def test_seed_citation_count(seed_citations):
    assert sum(len(v) for v in seed_citations.values()) == len(EXPECTED) == 69


@pytest.mark.parametrize("row", EXPECTED, ids=[f"item{r['item']}-{r['column']}-{r['k']}" for r in EXPECTED])
def test_seed_citation(seed_citations, seed_list, row):
    i, col, k = int(row["item"]) - 1, row["column"], int(row["k"]) - 1
    c = seed_citations[(i, col)][k]
    got = {
        "number": _s(c.number),
        "label": _s(c.label),
        "law": _s(c.law),
        "issuance": _s(c.issuance),
        "chapter": _s(c.chapter),
        "article_text": _s(c.article_text),
        "article": _s(c.article),
        "clause": _s(c.clause),
        "item_no": _s(c.item),
        "continuation": "是" if c.continuation else "",
        "back_ref": _s(c.back_ref),
        "problems": "|".join(c.problems),
        "quote_head": c.quote[:12],
        "quote_tail": c.quote[-8:],
    }
    assert got == {key: row[key] for key in got}
    cell = seed_list.items.at[i, col]
    assert cell[c.start : c.start + len(c.text)] == c.text
    assert c.text.endswith(c.quote)


def test_seed_cells_are_covered(seed_citations, seed_list):
    """Citations of a cell cover all of its text except the separators between them."""
    for (i, col), cites in seed_citations.items():
        cell = seed_list.items.at[i, col]
        rebuilt = "".join(c.text for c in cites)
        assert rebuilt == "".join(cell.split()), (i, col)


def test_parse_list_keys(seed_list, seed_citations):
    assert {col for _, col in seed_citations} == set(CITATION_COLUMNS)
    assert len(seed_citations) == len(seed_list) * 3


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("四十五", 45),
        ("一百零二", 102),
        ("12", 12),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百", 100),
        ("一百一十", 110),
        ("一千零一", 1001),
        ("０７", 7),
        ("两", 2),
        ("", None),
        ("条", None),
        ("一二", 12),
        ("十十", None),
        ("五百百", None),
    ],
    ids=lambda v: repr(v),
)
def test_chinese_number(text, value):
    assert chinese_number(text) == value


CASES = [
    # (id, text, expected list of (number, label, law, article, clause, item, continuation, back_ref))
    ("clause-item", "1．【法律】《某法》第三条第二款第（四）项：甲。", [("1．", "法律", "某法", 3, 2, 4, False, None)]),
    (
        "same-paragraph-numbered",
        "1．【法律】《甲法》第一条：甲。2．【行政法规】《乙条例》第二条：乙。",
        [
            ("1．", "法律", "甲法", 1, None, None, False, None),
            ("2．", "行政法规", "乙条例", 2, None, None, False, None),
        ],
    ),
    (
        "items-not-citations",
        "1．【法律】《某法》第九条：有下列情形之一的：（一）甲；（二）乙；（三）违反本法第二十条规定的。",
        [("1．", "法律", "某法", 9, None, None, False, None)],
    ),
    (
        "article-in-quote-not-continuation",
        "1．【法律】《某法》第五十条：违反本法第二十八条规定的，予以处罚。",
        [("1．", "法律", "某法", 50, None, None, False, None)],
    ),
    (
        "back-ref-same",
        "1．【法律】《某法》第一条：甲。\n2．同1．\n3．同上",
        [
            ("1．", "法律", "某法", 1, None, None, False, None),
            ("2．", None, None, None, None, None, False, "1．"),
            ("3．", None, None, None, None, None, False, "上"),
        ],
    ),
    ("arabic-article", "【法律】《某法》第45条：甲。", [(None, "法律", "某法", 45, None, None, False, None)]),
    (
        "quote-over-paragraphs",
        "1．【法律】《某法》第九条：下列情形：\n（一）甲；\n（二）乙。",
        [("1．", "法律", "某法", 9, None, None, False, None)],
    ),
    (
        "chapter-continuation",
        "1．【规范性文件】《规定》（文号）第二章第八条：甲。第四章第十七条：乙。",
        [("1．", "规范性文件", "规定", 8, None, None, False, None), (None, None, "规定", 17, None, None, True, None)],
    ),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_cases(text, expected):
    got = [
        (c.number, c.label, c.law, c.article, c.clause, c.item, c.continuation, c.back_ref)
        for c in parse_citations(text)
    ]
    assert got == expected


def test_quote_over_paragraphs_keeps_text():
    text = "1．【法律】《某法》第九条：下列情形：\n（一）甲；\n（二）乙。"
    (c,) = parse_citations(text)
    assert c.quote == "下列情形：\n（一）甲；\n（二）乙。"
    assert c.text == text


def test_several_articles():
    (c,) = parse_citations("1．【法律】《某法》第四十二条、第四十四条")
    assert c.articles == (42, 44)
    assert c.quote == ""


PROBLEM_CASES = [
    ("no-label", "1．《某法》第一条：甲。", P_NO_LABEL),
    ("bad-label-brackets", "1．[法律]《某法》第一条：甲。", P_BAD_LABEL_BRACKETS),
    ("unbalanced-title", "1．【法律】《某法第一条：甲。", P_UNBALANCED_TITLE),
    ("no-article", "1．【法律】《某法》：甲。", P_NO_ARTICLE),
    ("no-colon", "1．【法律】《某法》第一条甲。", P_NO_COLON),
    ("unreadable", "依据有关规定办理。", P_UNREADABLE),
    ("dangling-back-ref", "1．【法律】《某法》第一条：甲。\n2．同3．", P_BACK_REF_UNKNOWN),
]


@pytest.mark.parametrize(("text", "problem"), [c[1:] for c in PROBLEM_CASES], ids=[c[0] for c in PROBLEM_CASES])
def test_problems(text, problem):
    cites = parse_citations(text)
    assert any(problem in c.problems for c in cites), [c.problems for c in cites]


def test_unbalanced_title_still_reads_article():
    (c,) = parse_citations("1．【法律】《某法第一条：甲。")
    assert (c.law, c.article, c.quote) == ("某法", 1, "甲。")


def test_number_key():
    assert number_key("2—1．") == number_key("2－1．") == (2, 1)
    assert number_key(None) is None


@pytest.mark.parametrize("value", [None, 5, "", " \n ", "\n\n"], ids=["none", "int", "empty", "blank", "newlines"])
def test_not_text(value):
    assert parse_citations(value) == []  # type: ignore[arg-type]


_ALPHABET = (
    st.sampled_from(list("第一二三十百零条款项章节《》【】（）()：:。；，、.．－—同上法律规章12 \n\t甲乙"))
    | st.characters()
)


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "1．",
                    "2—1．",
                    "【法律】",
                    "《某法》",
                    "（2014年国务院令第646号）",
                    "第五章",
                    "第四十五条",
                    "第二款",
                    "第（三）项",
                    "：",
                    "。",
                    "\n",
                    "同1．",
                    "第十二条：",
                    "【",
                    "《",
                ]
            ),
            st.text(_ALPHABET, max_size=6),
        ),
        max_size=25,
    ).map("".join)
)
def test_never_crashes_and_offsets_hold(text):
    cites = parse_citations(text)
    last_end = 0
    for c in cites:
        assert text[c.start : c.start + len(c.text)] == c.text
        assert c.start >= last_end
        last_end = c.start + len(c.text)
        assert c.text.strip()
        assert c.quote in c.text
        assert c.article is None or c.article >= 0


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_never_crashes_on_any_text(text):
    for c in parse_citations(text):
        assert text[c.start : c.start + len(c.text)] == c.text


def test_lead_in_before_law_name():
    text = "1．【法律】《甲法》第一条：甲。\n依据《中华人民共和国行政强制法》第六十八条：违反本法规定。\n根据本法规定的情形"
    cites = parse_citations(text)
    assert [(c.law, c.article) for c in cites] == [("甲法", 1), ("中华人民共和国行政强制法", 68)]
    assert P_NO_LABEL in cites[1].problems
    assert cites[1].quote == "违反本法规定。\n根据本法规定的情形"
