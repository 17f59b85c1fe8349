"""Title line breaking (GB/T 9704 §7.3.3) and the other sizing decisions made in Python."""

from __future__ import annotations

import pytest

from toolkit.render.layout import body_paragraph, column_widths, mark_size_pt
from toolkit.render.title import NO_LINE_END, NO_LINE_START, break_title, text_width

SEED_TITLE = "兴安县国家保密局关于调整公布《中共兴安县委办公室（兴安县国家保密局）权责清单》的通知"

CASES = {
    # id: (title, expected lines)
    "seed": (
        SEED_TITLE,
        ["兴安县国家保密局关于", "调整公布《中共兴安县委办公室", "（兴安县国家保密局）权责清单》的通知"],
    ),
    "fits-one-line": ("关于印发《兴安县权责清单管理办法》的通知", ["关于印发《兴安县权责清单管理办法》的通知"]),
    "book-title-kept-whole": (
        "关于印发《中华人民共和国保守国家秘密法实施条例》配套制度汇编的通知",
        ["关于印发", "《中华人民共和国保守国家秘密法实施条例》", "配套制度汇编的通知"],
    ),
    "break-after-issuer": (
        "广西壮族自治区人民政府关于印发广西壮族自治区权责清单管理办法的通知",
        ["广西壮族自治区人民政府关于印发", "广西壮族自治区权责清单管理办法的通知"],
    ),
    "phrase-not-split": (
        "自治区党委编办关于做好市县乡三级权责清单动态调整工作的通知",
        ["自治区党委编办关于做好", "市县乡三级权责清单动态调整工作的通知"],
    ),
    "number-kept": (
        "兴安县国家保密局关于公布2024年度权责清单调整情况的通知",
        ["兴安县国家保密局关于公布", "2024年度权责清单调整情况的通知"],
    ),
    "organisation-kept": (
        "中共兴安县委员会机构编制委员会办公室关于公布各乡（镇）人民政府、县直相关单位权责清单的通知",
        ["中共兴安县委员会机构编制委员会办公室", "关于公布各乡（镇）人民政府、", "县直相关单位权责清单的通知"],
    ),
}


@pytest.mark.parametrize(("title", "expected"), list(CASES.values()), ids=list(CASES))
def test_break_title(title, expected):
    assert break_title(title, 20) == expected


LONG_TITLES = [
    SEED_TITLE,
    *(t for t, _ in CASES.values()),
    "关于转发《国家保密局关于进一步加强保密宣传教育工作的意见》的通知",
    "关于开展2024年度全县保密自查自评工作和保密要害部门部位专项检查的通知",
]


@pytest.mark.parametrize("title", LONG_TITLES, ids=[f"t{i}" for i in range(len(LONG_TITLES))])
@pytest.mark.parametrize("width", [14, 18, 20], ids=["w14", "w18", "w20"])
def test_break_rules_hold(title, width):
    lines = break_title(title, width)
    assert "".join(lines) == title  # nothing lost, nothing added
    assert all(text_width(line) <= width for line in lines)
    for a, b in zip(lines, lines[1:], strict=False):
        assert b[0] not in NO_LINE_START and a[-1] not in NO_LINE_END  # no orphaned punctuation
    if len(lines) >= 3:  # no hourglass: a middle line clearly shorter than both neighbours
        for x, y, z in zip(lines, lines[1:], lines[2:], strict=False):
            assert not (text_width(y) + 2 < text_width(x) and text_width(y) + 2 < text_width(z)), lines


def test_book_title_split_only_when_longer_than_a_line():
    # 《…》 of 24 characters cannot fit a 20-character line: it is split once, at a natural point
    lines = break_title("关于转发《国家保密局关于进一步加强保密宣传教育工作的意见》的通知", 20)
    inside = [i for i, line in enumerate(lines) if "《" in line or "》" in line]
    assert len(inside) == 2 and inside[1] == inside[0] + 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一、总体要求。按照规定执行。", ("hei", "一、总体要求。", "按照规定执行。")),
        ("（二）工作步骤", ("kai", "（二）工作步骤", "")),
        ("根据有关规定，现通知如下。", ("", "", "根据有关规定，现通知如下。")),
    ],
    ids=["level-1-heading", "level-2-heading", "plain"],
)
def test_body_headings(text, expected):
    assert body_paragraph(text) == expected


def test_mark_size_shrinks_for_long_names():
    assert mark_size_pt("兴安县国家保密局文件") == 42.0
    long = mark_size_pt("中共兴安县委员会机构编制委员会办公室文件")
    assert long < 42.0 and long * text_width("中共兴安县委员会机构编制委员会办公室文件") <= 442.3


def test_column_widths_follow_the_content(sample_list):
    widths = column_widths(sample_list.records())
    assert sum(widths) == pytest.approx(225.0, abs=0.01)
    by = dict(zip(sample_list.columns, widths, strict=False))
    assert by["序号"] < 10 and by["备注"] < 10
    legal = ["实施依据", "责任事项依据", "追责依据"]
    assert min(by[c] for c in legal) > max(by[c] for c in ("序号", "权力分类", "子项名称", "备注"))
    assert by["追责依据"] > by["免责事项"]


def test_column_widths_without_text_are_even():
    widths = column_widths([])
    assert sum(widths) == pytest.approx(225.0, abs=0.01)
    assert all(w > 5 for w in widths)


def _search_case(rows: int, columns: int, seed: int) -> tuple:
    import random

    rng = random.Random(seed)
    chars = [[rng.random() * 400 if rng.random() < 0.7 else 0.0 for _ in range(columns)] for _ in range(rows)]
    paras = [[float(rng.randint(1, 5)) if c else 0.0 for c in row] for row in chars]
    mins = [rng.uniform(4.0, 12.0) for _ in range(columns)]
    return chars, paras, mins


@pytest.mark.parametrize(
    ("rows", "columns", "seed"),
    [(1, 13, 1), (5, 13, 2), (7, 9, 3), (40, 13, 4), (61, 15, 5), (3, 20, 6)],
    ids=["one-row", "sample-size", "few-columns", "forty-items", "extra-columns", "many-columns"],
)
def test_width_search_in_plain_python_matches_numpy_to_the_last_bit(rows, columns, seed):
    # Small lists skip importing numpy: the widths (and so the pages) must not depend on which search ran.
    from toolkit.render.widthsearch import pairwise_sum, search_numpy, search_plain

    chars, paras, mins = _search_case(rows, columns, seed)
    spare = 225.0 - pairwise_sum(mins)
    assert search_plain(chars, paras, mins, spare, 3.175, 1.2) == search_numpy(chars, paras, mins, spare, 3.175, 1.2)


@pytest.mark.parametrize("n", [1, 7, 8, 13, 16, 17, 128, 129, 1000], ids=lambda n: f"{n}-values")
def test_pairwise_sum_is_numpys_sum(n):
    import random

    import numpy as np

    from toolkit.render.widthsearch import pairwise_sum

    values = [random.Random(i).random() * 10 ** (i % 7 - 3) for i in range(n)]
    assert pairwise_sum(values) == float(np.array(values).sum())


def test_a_small_list_is_laid_out_without_numpy():
    # importing numpy costs ~0.11 s CPU, a twentieth of a cold render of the sample
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys\n"
        "from toolkit import read_workbook\n"
        "from toolkit.render.fonts import resolve_fonts\n"
        "from toolkit.render.html import build_context, whole_html\n"
        "whole_html(build_context(read_workbook('workbooks/xingan-2022.xlsx'), resolve_fonts()))\n"
        "print('numpy' in sys.modules)\n"
    )
    root = Path(__file__).resolve().parent.parent
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True)
    assert out.stdout.strip() == "False"
