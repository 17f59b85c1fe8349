"""Matching items between revisions: codes, name keys, renamed items, duplicates, column sets."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import pytest

from toolkit.diff import ColumnMismatchError, DuplicateItemError, diff
from toolkit.diff.match import item_key, match_items
from toolkit.model import PowerList

CASES = Path(__file__).parent / "fixtures" / "diff"


def records(case: str, side: str) -> list[dict[str, str]]:
    return json.loads((CASES / case / f"{side}.json").read_text(encoding="utf-8"))


def pl(recs: list[dict[str, str]]) -> PowerList:
    return PowerList.from_records(recs)


def test_reorder_and_renumber_is_no_change() -> None:
    d = diff(pl(records("reorder", "old")), pl(records("reorder", "new")))
    assert d.summary() == {"added": 0, "removed": 0, "changed": 0, "unchanged": 4, "format_only": 0}
    assert not d.has_differences()
    assert all(it.how == "key" for it in d.items)


def test_rename_pairs_items_by_content() -> None:
    d = diff(pl(records("rename", "old")), pl(records("rename", "new")))
    (changed,) = [it for it in d.items if it.status == "changed"]
    assert changed.how == "similar"
    assert changed.similarity is not None and changed.similarity >= 0.5
    assert [f.column for f in changed.changes] == ["项目名称", "责任事项"]
    assert d.summary()["added"] == d.summary()["removed"] == 0


def test_unrelated_items_are_not_paired() -> None:
    d = diff(pl(records("add_remove", "old")), pl(records("add_remove", "new")))
    assert [it.status for it in d.items if it.status != "unchanged"] == ["removed", "added"]


def test_codes_match_across_renames_and_categories() -> None:
    d = diff(pl(records("codes", "old")), pl(records("codes", "new")))
    (changed,) = [it for it in d.items if it.status == "changed"]
    assert changed.how == "code"
    assert {f.column for f in changed.changes} == {"权力分类", "项目名称"}


def test_format_only_items_are_unchanged_but_flagged() -> None:
    d = diff(pl(records("format_only", "old")), pl(records("format_only", "new")))
    flagged = [it for it in d.items if it.format_only]
    assert len(flagged) == 2
    assert all(it.status == "unchanged" and all(f.format_only for f in it.fields) for it in flagged)
    assert not d.has_differences()
    assert d.has_differences(show_format=True)
    assert len(d.reported()) == 0 and len(d.reported(show_format=True)) == 2


def test_removed_items_keep_their_old_place() -> None:
    old = records("add_remove", "old")
    d = diff(pl(old), pl(records("add_remove", "new")))
    names = [it.current["项目名称"] for it in d.items]
    assert names.index(old[2]["项目名称"]) == 2  # the cancelled third item is listed third


def test_key_is_normalised() -> None:
    assert item_key("行政检查", "对泄密案件的调查（处理）", "") == item_key("行政检查", "对泄密案件的 调查(处理)", "")
    assert item_key("行政检查", "甲", "子项一") != item_key("行政检查", "甲", "子项二")


@pytest.mark.parametrize("side", ["old", "new"], ids=["in-old", "in-new"])
def test_duplicate_keys_name_both_rows(side: str, write_list) -> None:
    recs = records("edit", "old")
    dup = copy.deepcopy(recs)
    dup.append(copy.deepcopy(dup[1]))
    dup[-1]["序号"] = "5"
    paths = {
        "old": write_list("old.xlsx", dup if side == "old" else recs),
        "new": write_list("new.xlsx", dup if side == "new" else recs),
    }
    with pytest.raises(DuplicateItemError) as err:
        diff(paths["old"], paths["new"])
    msg = str(err.value)
    assert "第 4 行与第 7 行" in msg  # Excel rows 4 and 7: two header rows, items from row 3
    assert "对保密工作的监督检查" in msg
    assert paths[side].name in msg
    assert err.value.exit_code == 2


def test_duplicate_codes_are_an_error() -> None:
    old = records("codes", "old")
    new = copy.deepcopy(old)
    new[3]["事项编码"] = new[0]["事项编码"]
    with pytest.raises(DuplicateItemError, match="事项编码相同"):
        diff(pl(old), pl(new))


def test_different_column_sets_name_the_columns(sample_copy: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    wb = load_workbook(sample_copy)
    ws = wb["权责清单"]
    ws.delete_cols(13)  # 备注: optional, so the workbook still reads
    changed = tmp_path / "no-remarks.xlsx"
    wb.save(changed)
    with pytest.raises(ColumnMismatchError) as err:
        diff(sample_copy, changed)
    assert "新版本删除了列：备注" in str(err.value)
    with pytest.raises(ColumnMismatchError, match="新版本增加了列：备注"):
        diff(changed, sample_copy)


def test_matching_scales_to_shuffled_large_lists() -> None:
    """Thousands of items, shuffled, some renamed: every item is paired, renamed ones by content."""
    rng = random.Random(7)
    base = records("edit", "old")
    old = []
    for n in range(2000):
        r = copy.deepcopy(base[n % 4])
        r["项目名称"] = f"{r['项目名称']}{n}"
        r["责任事项"] = (
            f"{r['责任事项']}\n{n}．第{n}号责任：{'甲乙丙丁戊己庚辛'[n % 8] * 3}{n * 7919 % 10007}（县国家保密局）。"
        )
        r["实施依据"] = f"{r['实施依据']}\n{n}．依据条文{n * 104729 % 99991}：{n}号规定内容。"
        old.append(r)
    new = copy.deepcopy(old)
    renamed = set(rng.sample(range(2000), 50))
    for n in renamed:
        new[n]["项目名称"] = f"改名后的事项{n}"
    rng.shuffle(new)
    pairs, removed, added = match_items(pl(old), pl(new))
    assert not removed and not added
    assert sum(p.how == "similar" for p in pairs) == 50
    new_names = [r["项目名称"] for r in new]
    for p in pairs:
        if p.how == "similar":
            assert new_names[p.new] == f"改名后的事项{p.old}"


def _mutated(text: str, share: float, rng: random.Random) -> str:
    alphabet = "保密行政管理部门机关单位国家秘密载体检查调查处理责任依据法律法规条例规定组织开展工作应当予以"
    return "".join(rng.choice(alphabet) if rng.random() < share else ch for ch in text)


def _item(name: str, duties: str) -> dict[str, str]:
    return {"权力分类": "行政检查", "项目名称": name, "实施主体": "县国家保密局", "责任事项": duties}


def test_an_ambiguous_rename_is_not_guessed() -> None:
    """An added item about as similar to two removed items is not paired with either; alone, it is."""
    rng = random.Random(3)
    base = "".join(
        rng.choice("保密行政管理部门机关单位国家秘密载体检查调查处理责任依据法律法规条例") for _ in range(300)
    )
    twins = [_item("甲事项", _mutated(base, 0.03, rng)), _item("乙事项", _mutated(base, 0.03, rng))]
    added = [_item("丙事项", _mutated(base, 0.06, rng))]
    d = diff(PowerList.from_records(twins), PowerList.from_records(added))
    assert [it.status for it in d.items].count("changed") == 0
    d = diff(PowerList.from_records(twins[:1]), PowerList.from_records(added))
    assert [it.status for it in d.items] == ["changed"]
    assert d.items[0].how == "similar"
