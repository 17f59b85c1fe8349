"""The limits can be raised (and lowered) with --limit anywhere in the command, or QZQD_LIMITS."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit import limits
from toolkit.errors import LimitError, UsageError
from toolkit.reading.xlsx import read_workbook

from .conftest import SAMPLE


def test_the_sample_is_within_the_default_limits() -> None:
    assert len(read_workbook(SAMPLE)) == 5


def test_a_lower_limit_refuses_the_sample_in_process() -> None:
    with limits.raised("rows=3"), pytest.raises(LimitError, match="有内容的行数超过了限额 3"):
        read_workbook(SAMPLE)
    assert len(read_workbook(SAMPLE)) == 5  # restored after the block


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["validate", SAMPLE, "--limit", "rows=3"], {}),
        (["--limit=rows=3", "validate", SAMPLE], {}),
        (["validate", SAMPLE], {"QZQD_LIMITS": "rows=3"}),
    ],
    ids=["option-at-the-end", "option-first", "environment"],
)
def test_limit_set_on_the_command_line_or_environment(
    args: list[object],
    env: dict[str, str],
    cli,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = cli(*args)
    assert result.exit_code == 2 and "有内容的行数超过了限额 3（rows）" in result.output, result.output
    monkeypatch.delenv("QZQD_LIMITS", raising=False)
    assert cli("validate", SAMPLE).exit_code == 1  # the limit lasted one command: the sample reads (its errors)


def test_an_unknown_limit_is_a_usage_error(cli) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UsageError, match="无法识别"):
        limits.parse("lines=5")
    result = cli("validate", SAMPLE, "--limit", "lines=5")
    assert result.exit_code == 2 and "无法识别" in result.output


def test_a_raised_limit_lets_a_refused_file_through(tmp_path: Path) -> None:
    from .make import many_merges

    path = many_merges(tmp_path, count=600)
    with limits.raised("merges=500"), pytest.raises(LimitError, match="merges"):
        read_workbook(path)
    with limits.raised("merges=1000"):
        assert len(read_workbook(path)) == 5
