"""Character-level diff that keeps paragraphs, and the format-only normalisation."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.diff.textdiff import char_diff, new_text, normalize_text, old_text, side_ops

# Small alphabets make overlapping texts (the interesting case) likely.
TEXT = st.text(alphabet="甲乙丙丁第条十五\n．，", max_size=30)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
def test_ops_rebuild_both_texts(a: str, b: str) -> None:
    ops = char_diff(a, b)
    assert old_text(ops) == a
    assert new_text(ops) == b
    assert all(text for _, text in ops), "no empty ops"
    assert all(ops[k][0] != ops[k + 1][0] for k in range(len(ops) - 1)), "adjacent ops are merged"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "第四十五条：收缴",
            "第五十二条：收缴",
            [("equal", "第"), ("delete", "四十五"), ("insert", "五十二"), ("equal", "条：收缴")],
        ),
        ("1．甲\n2．乙", "1．甲\n2．乙\n3．丙", [("equal", "1．甲\n2．乙"), ("insert", "\n3．丙")]),
        ("1．甲\n2．乙\n3．丙", "1．甲\n3．丙", [("equal", "1．甲\n"), ("delete", "2．乙\n"), ("equal", "3．丙")]),
        ("", "新增", [("insert", "新增")]),
        ("取消", "", [("delete", "取消")]),
        ("相同", "相同", [("equal", "相同")]),
    ],
    ids=["renumbered-article", "paragraph-added", "paragraph-removed", "from-empty", "to-empty", "equal"],
)
def test_char_diff_examples(old: str, new: str, expected: list[tuple[str, str]]) -> None:
    assert char_diff(old, new) == expected


def test_unchanged_paragraphs_stay_whole() -> None:
    old = "1．【法律】《保密法》第五条：甲。\n2．【行政法规】《条例》第三十六条：乙。\n3．丙。"
    new = "1．【法律】《保密法》第六条：甲。\n2．【行政法规】《条例》第三十六条：乙。\n3．丙。"
    ops = char_diff(old, new)
    changed = [t for tag, t in ops if tag != "equal"]
    assert changed == ["五", "六"]
    # the untouched second and third paragraphs come through as one equal run, newlines included
    assert ops[-1] == ("equal", "条：甲。\n2．【行政法规】《条例》第三十六条：乙。\n3．丙。")


def test_side_ops_show_one_side_each() -> None:
    ops = char_diff("甲乙丙", "甲丁丙")
    assert "".join(t for _, t in side_ops(ops, "old")) == "甲乙丙"
    assert "".join(t for _, t in side_ops(ops, "new")) == "甲丁丙"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("第5条（一）", "第５条(一)", True),
        ("对 泄密案件\u3000的调查", "对泄密案件的调查", True),
        ("2—1．依据", "2－1.依据", True),
        ("“保密”", '"保密"', True),
        ("甲\n乙", "甲乙", True),
        ("第五条", "第六条", False),
        ("收缴", "收缴。", False),
    ],
    ids=["width", "spaces", "dashes", "quotes", "paragraph-break", "digit", "added-full-stop"],
)
def test_normalize_text(a: str, b: str, same: bool) -> None:
    assert (normalize_text(a) == normalize_text(b)) is same


def test_long_rewritten_paragraph_aligns_sentences() -> None:
    """A long paragraph with edits far apart stays a readable, exact character diff."""
    sentences = [
        f"第{n}句：保密行政管理部门依法开展保密检查和案件调查处理工作，应当遵守国家有关规定和程序{n}。"
        for n in range(40)
    ]
    old = "".join(sentences)
    edited = list(sentences)
    edited[3] = edited[3].replace("依法", "依照法律")
    edited[30] = edited[30].replace("程序", "时限")
    del edited[20]
    new = "".join(edited)
    ops = char_diff(old, new)
    assert old_text(ops) == old and new_text(ops) == new
    changed = [(tag, t) for tag, t in ops if tag != "equal"]
    assert ("insert", "照法律") in changed or ("insert", "依照法律") in changed
    assert ("delete", sentences[20]) in changed or any(tag == "delete" and sentences[20] in t for tag, t in changed)
    assert sum(len(t) for _, t in changed) < 120  # only the edits, not the whole paragraph


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="甲乙丙。；\n", max_size=40), st.text(alphabet="甲乙丙。；\n", max_size=40))
def test_sentence_path_rebuilds_both_texts(a: str, b: str) -> None:
    from toolkit.diff import textdiff

    saved = textdiff._CHAR_WORK
    textdiff._CHAR_WORK = 4  # force the sentence alignment and the whole-replacement guard on short texts
    try:
        ops = char_diff(a, b)
    finally:
        textdiff._CHAR_WORK = saved
    assert old_text(ops) == a and new_text(ops) == b
    assert all(text for _, text in ops)
