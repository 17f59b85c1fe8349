"""update-citations and the CLI options: items named by 序号, one --as-of parser, default date, file names."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from toolkit import PowerList

from .conftest import SAMPLE_2022


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


# --- one parser for every --as-of ---------------------------------------------------------------------------


@pytest.mark.parametrize("spelling", ["2025-01-01", "2025/1/1", "2025.1.1", "2025年1月1日", "二〇二五年一月一日"])
def test_validate_as_of_accepts_the_spellings_of_cheng_wen_ri_qi(spelling, cli):
    reference = cli("validate", SAMPLE_2022, "--as-of", "2025-01-01", "--json").output
    result = cli("validate", SAMPLE_2022, "--as-of", spelling, "--json")
    assert result.exit_code in (0, 1), result.output
    assert result.output == reference


@pytest.mark.parametrize("command", ["validate", "update-citations"])
@pytest.mark.parametrize("bad", ["2025-1-011", "2025年2月30日", "明年"])
def test_every_as_of_rejects_what_is_not_one_real_date(command, bad, cli, tmp_path: Path):
    args = ["-o", tmp_path / "x.xlsx"] if command == "update-citations" else []
    result = cli(command, SAMPLE_2022, *args, "--as-of", bad)
    assert result.exit_code == 2, result.output
    assert f"--as-of 的日期“{bad}”无法识别" in result.output and "2024年9月1日" in result.output
    assert not (tmp_path / "x.xlsx").exists()


# --- update-citations without --as-of: today's laws -------------------------------------------------------------


def test_update_citations_defaults_to_today_and_says_so(sample_copy: Path, tmp_path: Path, cli):
    from toolkit.validate.law_rules import cn_date

    out = tmp_path / "new.xlsx"
    result = cli("update-citations", sample_copy, "-o", out)
    assert result.exit_code == 0, result.output
    assert f"按{cn_date(dt.date.today())}（今天" in result.output
    assert "成文日期仍是 2022年7月18日" in result.output  # the reminder stays
    assert f"--as-of {dt.date.today().isoformat()}" in result.output
    assert out.exists()


def test_update_citations_names_the_date_given(sample_copy: Path, tmp_path: Path, cli):
    result = cli("update-citations", sample_copy, "-o", tmp_path / "new.xlsx", "--as-of", "2025年1月1日")
    assert result.exit_code == 0, result.output
    assert "按2025年1月1日（--as-of 指定）" in result.output


# --- a wrong output suffix names the file given -----------------------------------------------------------------


@pytest.mark.parametrize("command", ["import", "update-citations"])
def test_wrong_output_suffix_names_the_file(command, tmp_path: Path, cli):
    from .conftest import SEED_TXT

    src = SEED_TXT if command == "import" else SAMPLE_2022
    out = tmp_path / "清单-新.csv"
    result = cli(command, src, "-o", out)
    assert result.exit_code == 2, result.output
    assert f"“{out}”" in result.output and ".xlsx" in result.output
    assert not out.exists()
