"""update-citations and the CLI options: items named by 序号, one --as-of parser, default date, file names."""

from __future__ import annotations

import datetime as dt

from toolkit import PowerList


def test_undecided_citations_are_named_by_their_seq_number(sample_list: PowerList):
    from toolkit.update import plan_updates

    records = sample_list.records()
    for i, rec in enumerate(records):
        rec["序号"] = str(i + 7)  # numbering that is not the position (a list continued from another)
    pl = PowerList.from_records(records, notice=sample_list.notice)
    result = plan_updates(pl, as_of=dt.date(2025, 1, 1))
    assert result.undecided
    for u in result.undecided:
        assert f"（序号 {u.item + 7} {u.column}）" in u.where, u.where
        assert f"第{u.item + 1}项" not in u.where
