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
