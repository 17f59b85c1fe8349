"""QZ103 explains a 序号 merged over a project's 子项 rows (a common habit) instead of only saying 'duplicate'."""

from __future__ import annotations

import json

import pytest


@pytest.mark.parametrize(
    ("second", "hint"),
    [({"子项名称": "子项二"}, True), ({"项目名称": "另一个项目", "子项名称": "子项二"}, False)],
    ids=["sub-item-of-same-project", "different-project"],
)
def test_duplicate_seq_hint(cli, write_list, sample_list, second, hint):
    first = dict(sample_list.records()[0], 子项名称="子项一")
    records = [first, dict(first, **second)]
    path = write_list("merged.xlsx", records)
    # the sample's rules (广西2022) give every 子项 a 序号 of its own; the default lets 子项 share it (issue 12)
    r = cli("validate", path, "--json", "--profile", "广西2022")
    (f,) = [f for f in json.loads(r.output)["findings"] if f["code"] == "QZ103"]
    assert f["cell"] == "A4" and "与上一项重复" in f["message"]
    assert ("各占一个序号" in f["message"]) is hint
    default = [f for f in json.loads(cli("validate", path, "--json").output)["findings"] if f["code"] == "QZ103"]
    assert bool(default) is not hint
