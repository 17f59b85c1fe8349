"""The schema, citation and law rules run in a forked child on large lists: same findings as a serial run,
errors surface."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from toolkit.errors import QzqdError
from toolkit.validate import Options, parallel, validate
from toolkit.validate.registry import RULES, Hit, rule


def _dicts(report):
    return [f.as_dict() for f in report.findings]


@pytest.mark.parametrize("as_of", [None, dt.date(2025, 1, 1)], ids=["list-date", "2025"])
def test_forked_run_matches_serial(sample_list, monkeypatch, as_of):
    options = Options(as_of=as_of)
    monkeypatch.setenv("QZQD_NO_FORK", "1")
    serial = validate(sample_list, options)
    monkeypatch.delenv("QZQD_NO_FORK")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "core_free", lambda: True)
    forked = validate(sample_list, options)
    assert _dicts(forked) == _dicts(serial)
    assert any(f["code"].startswith("QZ4") for f in _dicts(forked))
    assert any(f["code"].startswith("QZ2") for f in _dicts(forked))


def test_heavy_rules_run_in_another_process(sample_list, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "core_free", lambda: True)

    @rule("QZ498", "info", "{pid}", "Test rule reporting its process.", title="测试")
    def _pid(ctx):
        yield Hit(item=0, column="实施依据", args={"pid": os.getpid()})

    try:
        pids = {f.message for f in validate(sample_list).findings if f.code == "QZ498"}
    finally:
        RULES.pop("QZ498")
    assert pids and pids != {str(os.getpid())}


def test_small_lists_do_not_fork(sample_list):
    from toolkit.validate.registry import Context

    assert not parallel.worth_forking(Context(pl=sample_list))


def test_child_error_is_raised_in_parent(sample_list, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "core_free", lambda: True)

    @rule("QZ499", "error", "{x}", "Test rule that fails.", title="测试")
    def _fails(ctx):
        raise QzqdError("法律库文件损坏（测试）")
        yield Hit()  # pragma: no cover

    try:
        with pytest.raises(QzqdError, match="法律库文件损坏"):
            validate(sample_list)
    finally:
        RULES.pop("QZ499")


@pytest.mark.parametrize("source", ["proc", "loadavg"], ids=["runnable-tasks", "load-average"])
def test_busy_machine_does_not_fork(sample_list, monkeypatch, tmp_path, source):
    from toolkit import cpu
    from toolkit.validate.registry import Context

    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    cpus = os.cpu_count() or 1
    proc = tmp_path / "loadavg"
    monkeypatch.setattr(cpu, "LOADAVG", proc if source == "proc" else tmp_path / "missing")
    proc.write_text(f"0.10 0.10 0.10 {cpus + 3}/300 4242\n")  # more runnable tasks than CPUs right now
    monkeypatch.setattr(os, "getloadavg", lambda: (64.0, 64.0, 64.0))
    assert not parallel.worth_forking(Context(pl=sample_list))
    proc.write_text("3.50 3.00 2.00 1/300 4242\n")  # busy a minute ago, idle now: /proc wins
    monkeypatch.setattr(os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert parallel.worth_forking(Context(pl=sample_list)) == (cpus >= 2)


def test_split_keeps_code_order():
    rules = sorted(RULES.values(), key=lambda r: r.code)
    light, heavy = parallel.split(rules)
    assert [r.code for r in heavy] == sorted(r.code for r in rules if r.code[:3] in ("QZ1", "QZ3", "QZ4"))
    assert all(r.code[:3] in ("QZ0", "QZ2") for r in light)
    assert heavy and light and not set(light) & set(heavy)


def test_worker_imports_the_schema_engine_alone_when_it_is_to_come(sample_list, monkeypatch):
    # Before pandera is imported, the worker runs only the schema rules (and pays the import) while the
    # citation and law rules run in this process: same findings as serially.
    monkeypatch.setenv("QZQD_NO_FORK", "1")
    serial = _dicts(validate(sample_list))
    monkeypatch.delenv("QZQD_NO_FORK")
    monkeypatch.setattr(parallel, "MIN_ITEMS", 1)
    monkeypatch.setattr(parallel, "core_free", lambda: True)
    monkeypatch.setattr(parallel, "schema_engine_loaded", lambda: False)

    @rule("QZ198", "info", "{pid}", "Test rule reporting its process.", title="测试")
    def _schema_pid(ctx):
        yield Hit(item=0, column="实施依据", args={"pid": os.getpid()})

    @rule("QZ497", "info", "{pid}", "Test rule reporting its process.", title="测试")
    def _law_pid(ctx):
        yield Hit(item=0, column="实施依据", args={"pid": os.getpid()})

    try:
        findings = _dicts(validate(sample_list))
    finally:
        RULES.pop("QZ198")
        RULES.pop("QZ497")
    pids = {f["code"]: f["message"] for f in findings if f["code"] in ("QZ198", "QZ497")}
    assert pids["QZ497"] == str(os.getpid()) != pids["QZ198"]
    assert [f for f in findings if f["code"] not in ("QZ198", "QZ497")] == serial


def test_split_gives_the_worker_only_the_schema_before_pandera():
    rules = sorted(RULES.values(), key=lambda r: r.code)
    light, heavy = parallel.split(rules, schema_only=True)
    assert heavy and all(r.code.startswith("QZ1") for r in heavy)
    assert [r.code for r in light] == [r.code for r in rules if not r.code.startswith("QZ1")]
