"""The citation screen: the rules see only cells it cannot prove silent, and report exactly what they report
when every cell is parsed (the detailed path is the reference)."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from toolkit.citations import CITATION_COLUMNS, parse_list
from toolkit.model import PowerList
from toolkit.validate import RULES, Options, screen, validate
from toolkit.validate.registry import Context


def _every_cell(ctx: Context):
    return ctx.memo("citations", lambda: parse_list(ctx.pl))


def _findings(pl: PowerList, options: Options) -> list[dict[str, object]]:
    return [f.as_dict() for f in validate(pl, options).findings]


# Variants of a citation line: defects the law and citation rules report, and forms only a cell's context
# decides (continuations, back references), next to the correct lines they are mixed with.
MUTATIONS = [
    lambda s: s,
    lambda s: s,
    lambda s: s.replace("【法律】", "【行政法规】", 1),
    lambda s: s.replace("【行政法规】", "【地方性法规】", 1),
    lambda s: s.replace("【", "[", 1).replace("】", "]", 1),
    lambda s: s.replace("【法律】", "", 1),
    lambda s: s.replace("第四十四条", "第九百条", 1),
    lambda s: s.replace("保密", "保秘", 1),
    lambda s: s.replace("《中华人民共和国", "《某某", 1),
    lambda s: s.split("：", 1)[0],
    lambda s: s.replace("：", "", 1),
    lambda s: "同1．",
    lambda s: "第四十四条：保密行政管理部门对机关、单位遵守保密制度的情况进行检查，有关机关、单位应当配合。",
    lambda s: s + "。第五条：国家保密行政管理部门主管全国的保密工作。",
    lambda s: s + "  ",
    lambda s: "",
]


def _mixed_list(seed_list: PowerList, seed: int) -> PowerList:
    rng = random.Random(seed)
    lines = [p for c in CITATION_COLUMNS for cell in seed_list.column(c) for p in cell.split("\n") if p]
    bodies = [p.split("．", 1)[1] if "．" in p[:6] else p for p in lines]
    columns: dict[str, list[str]] = {c: [] for c in CITATION_COLUMNS}
    for _ in range(60):
        for c in CITATION_COLUMNS:
            paras = []
            for n in range(1, rng.randint(1, 5) + 1):
                body = rng.choice(MUTATIONS if rng.random() < 0.3 else MUTATIONS[:2])(rng.choice(bodies))
                paras.append(body if rng.random() < 0.1 or body.startswith(("同", "第")) else f"{n}．{body}")
            columns[c].append("\n".join(paras))
    base = seed_list.records()
    records = [{**base[i % len(base)], **{c: columns[c][i] for c in CITATION_COLUMNS}} for i in range(60)]
    for i, r in enumerate(records):
        r["序号"] = str(i + 1)
        r["项目名称"] += str(i)
    pl = PowerList.from_columns({k: [r[k] for r in records] for k in base[0]})
    pl.notice = seed_list.notice
    return pl


@pytest.mark.parametrize("as_of", [None, dt.date(2025, 1, 1)], ids=["list-date", "2025"])
@pytest.mark.parametrize("seed", [1, 2, 3], ids=["mix1", "mix2", "mix3"])
def test_screen_reports_what_every_cell_reports(seed_list, monkeypatch, as_of, seed):
    pl = _mixed_list(seed_list, seed)
    options = Options(as_of=as_of)
    screened = _findings(pl, options)
    monkeypatch.setattr(screen, "reportable_citations", _every_cell)
    reference = _findings(pl, options)
    assert screened == reference
    assert {f["code"][:3] for f in reference} >= {"QZ3", "QZ4"}  # the mix does hold citation findings


@pytest.mark.parametrize("as_of", [None, dt.date(2025, 1, 1)], ids=["list-date", "2025"])
def test_screen_on_the_seed_list(seed_list, monkeypatch, as_of):
    options = Options(as_of=as_of)
    screened = _findings(seed_list, options)
    monkeypatch.setattr(screen, "reportable_citations", _every_cell)
    assert screened == _findings(seed_list, options)


def test_correct_cells_are_left_out(seed_list):
    good = "1．【法律】《中华人民共和国行政强制法》（2011年主席令第49号公布）第六章第六十一条：行政机关实施行政强制，有下列情形之一的，由上级行政机关或者有关部门责令改正，对直接负责的主管人员和其他直接责任人员依法给予处分：（一）没有法律、法规依据的。"
    bad = good.replace("【法律】", "【行政法规】")
    pl = PowerList.from_records([{"实施依据": good}, {"实施依据": good + "\n" + bad.replace("1．", "2．")}])
    pl.notice = seed_list.notice
    assert list(screen.reportable_citations(Context(pl))) == [(1, "实施依据")]


def test_skipping_the_law_rules_skips_the_registry(seed_list, monkeypatch):
    law_codes = tuple(c for c in RULES if c.startswith("QZ4"))
    options = Options(disabled=law_codes)
    expected = _findings(seed_list, options)

    def broken(*args, **kwargs):
        raise AssertionError("the registry was loaded")

    monkeypatch.setattr(screen, "load_registry", broken)
    assert _findings(seed_list, options) == expected
    assert not any(f["code"].startswith("QZ4") for f in expected)
    assert any(f["code"].startswith("QZ3") for f in expected)


def test_a_list_without_items_is_checked():
    # No cell to screen: the empty columns flag nothing (an empty column once made the screen look up item 0).
    report = validate(PowerList.empty())
    assert [f.code for f in report.findings if f.code.startswith(("QZ3", "QZ4"))] == []


@pytest.mark.parametrize(
    "odd",
    ["1．【法律】《某法》第五条：甲\x00", "\x00", "000．", "1．甲\n000．\n2．乙"],
    ids=["nul", "nul-only", "sentinel", "sentinel-inside"],
)
def test_screen_reads_cells_holding_the_joined_columns_marks(seed_list, monkeypatch, odd):
    # The screen reads a column's paragraphs off its joined text (a NUL after each cell, a sentinel paragraph
    # before it); a cell holding either is screened from the cells: same findings as every cell parsed.
    records = seed_list.records()
    records[1]["实施依据"] = odd + "\n" + records[1]["实施依据"]
    records[2]["追责依据"] += "\n" + odd
    pl = PowerList.from_records(records, notice=seed_list.notice)
    options = Options()
    screened = _findings(pl, options)
    monkeypatch.setattr(screen, "reportable_citations", _every_cell)
    assert screened == _findings(pl, options)
