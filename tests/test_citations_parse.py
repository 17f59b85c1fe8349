"""The citation parser: every citation of the seed (table-driven), edge cases, and property tests."""

from __future__ import annotations

import csv
import dataclasses
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


# Text that follows a head's first character in each of _MID_BODY's alternatives (numbers, labels, 《…》 with
# an article, a bare continuation, a lead-in word).
_MID_BODY_TAILS = (
    "1．【法律】《某法》",
    "1）【法律】《",
    "法律］《某法》",
    "．【法律】《",
    "法律】《某法》",
    "某法》第一条：甲",
    "一条：甲",
    "据《某法》第一条",
)


def test_sentence_heads_are_screened_by_every_first_character_mid_body_can_start_with():
    # line_starts only tries _MID_BODY after a sentence end followed by one of MID_BODY_FIRST: a character
    # missing from that set would silently lose citation starts.
    import re

    from toolkit.citations.segments import _MID_BODY, MID_BODY_FIRST

    first = re.compile("[" + MID_BODY_FIRST + "]")
    starters = {
        c
        for c in map(chr, range(0x10000))
        if not 0xD800 <= ord(c) <= 0xDFFF and any(_MID_BODY.match(c + tail) for tail in _MID_BODY_TAILS)
    }
    assert starters  # the probe reaches every alternative
    assert {c for c in starters if not first.match(c)} == set()
    assert {"1", "１", "（", "【", "［", "《", "第", "依", "根"} <= starters


# Slot by slot, the common form "1．【法律】《某法》（…）第五条：…" and what may stand in its place.
_COMMON_SLOTS = [
    ["", "1．", "12．", "１．", "2—1．", "3-2.", "4、", "1 ．", "1234．", "（1）", "同1．", " "],
    ["", "【法律】", "【 行政法规 】", "[法律]", "【】", "【法律", " "],
    [
        "《中华人民共和国保守国家秘密法》",
        "《 某法 》",
        "《某法（2017年修正）》",
        "《某法第十条》",
        "《》",
        "《某法",
        "某法",
        "",
    ],
    ["", "（2024年主席令第20号修订）", "（国务院令第646号（2014年））", "(2011年)", "（", "+2016年+", "\n"],
    [
        "第五条",
        "第一百二十条",
        "第12条",
        "第五条之一",
        "第五条第二款",
        "第 五 条",
        "第五章第三条",
        "第五条、第六条",
        "第零条",
        "",
    ],
    ["：", ":", "规定：", " ：", "", "，"],
    ["国家秘密受法律保护。", "", " \n", "同上", "第六条：甲", "1．【法律】《乙法》第一条：乙"],
]


@settings(max_examples=800, deadline=None)
# Each slot keeps its common text half the time, so that enough cases take the one-match reading.
@given(st.tuples(*(st.one_of(st.just(slot[1]), st.sampled_from(slot)) for slot in _COMMON_SLOTS)).map("".join))
def test_common_form_reads_as_the_full_parser(seg):
    # The one-match reading of "1．【法律】《某法》（…）第五条：…" must give exactly what the full reading gives;
    # text it is unsure of it leaves to the full reading (None).
    from toolkit.citations.parse import _parse_common, _parse_segment_full

    text = "甲。\n" + seg
    fast = _parse_common(seg, 3)
    assert fast is None or fast == _parse_segment_full(text, 3, len(text), None, [])


def test_common_form_covers_real_lines(seed_list):
    from toolkit.citations.parse import _parse_common, _parse_segment_full

    lines = {
        line.rstrip()
        for column in CITATION_COLUMNS
        if column in seed_list.columns
        for value in seed_list.column(column)
        for line in value.split("\n")
    }
    fast = {line: _parse_common(line, 0) for line in lines}
    assert sum(c is not None for c in fast.values()) >= 10
    for line, c in fast.items():
        assert c is None or c == _parse_segment_full(line, 0, len(line), None, []), line


def test_common_form_is_read_in_one_match():
    from toolkit.citations.parse import _parse_common

    c = _parse_common("2—1．【法律】《某法》（2024年主席令第20号修订）第十二条：甲。", 0)
    assert c is not None
    assert (c.number, c.label, c.law, c.issuance, c.article, c.quote) == (
        "2—1．",
        "法律",
        "某法",
        "2024年主席令第20号修订",
        12,
        "甲。",
    )
    assert _parse_common("【法律】《某法》第十二条之一：甲。", 0) is None


@settings(max_examples=500, deadline=None)
@given(
    st.tuples(*(st.one_of(st.just(slot[1]), st.sampled_from(slot)) for slot in _COMMON_SLOTS)).map("".join),
    st.sampled_from(
        ["", "。第六条：乙", "。【法律】《乙法》第一条：乙", "；1．【法律】《乙法》第一条：乙", "  ", "【注】"]
    ),
)
def test_simple_line_skips_the_head_scan_only_where_it_finds_nothing(line, tail):
    # simple_line reads a common-form line without line_starts when nothing else can start a citation in it;
    # it must answer exactly as the definition: one citation starting at the first character, no other head.
    from toolkit.citations.parse import _segment_template, simple_line
    from toolkit.citations.segments import line_starts

    line = (line + tail).replace("\n", " ")
    first, later = line_starts(line)
    t = _segment_template(line.rstrip()) if first == (0,) and later == (0,) else None
    expected = None if t is None or t.back_ref is not None or (t.number, t.label, t.law) == (None,) * 3 else t
    assert simple_line.__wrapped__(line) == expected


_NUMBERS = ["1．", "12．", "１．", "2—1．", "3-2.", "4、", "1234．", "12—3—4．", "９～１．", "1 ．", "（1）", ""]


@settings(max_examples=500, deadline=None)
@given(
    st.tuples(*(st.one_of(st.just(slot[1]), st.sampled_from(slot)) for slot in _COMMON_SLOTS[1:])).map("".join),
    st.sampled_from(["", "。第六条：乙", "。【法律】《乙法》第一条：乙", "；1．【法律】《乙法》第一条：乙", "  "]),
    st.sampled_from(_NUMBERS),
    st.sampled_from(_NUMBERS),
)
def test_common_line_reads_the_same_citation_under_any_number(body, tail, a, b):
    # The screen decides once per common-form line without its number: under another number the line must
    # read the same (or be out of the common form as well), but for the number and the text.
    from toolkit.citations.parse import NUMBERED, _common_line, common_line

    body = (body + tail).replace("\n", " ")
    first, second = a + body, b + body
    assert common_line(first) == _common_line(first)  # the shared reading of the body is the line's own
    if not (NUMBERED.match(first) and NUMBERED.match(second)):
        return
    one, other = _common_line(first), _common_line(second)
    assert (one is None) == (other is None)
    if one is not None and other is not None:
        assert (one.number, other.number) == (a, b)
        assert dataclasses.replace(one, number=b, text=other.text) == other
