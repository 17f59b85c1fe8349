"""Hostile and huge files: every command refuses them with a Chinese message (exit 2), or reads what they
really hold, in bounded time and memory: no abort, no traceback, no output left behind by a refusal.

The files are generated (tests/hostile/make.py): small on disk, huge when read. Each command runs in its own
process under a 1.5 GB address-space limit (python-calamine tried to allocate 512 GiB for a cell at
XFD1048576; a 1.5 GB sheet XML was read whole) and a timeout.
"""

from __future__ import annotations

import pytest

from .conftest import CASES, PAIRS

GROWTH_MB = 500  # over validate --annotate on the sample
RENDER_MB = 200  # what WeasyPrint, its fonts and a laid-out sample add (measured: 245 MB against 115 MB)


def _baseline(runs, cmd: str) -> float:  # type: ignore[no-untyped-def]
    return runs[("sample", "annotate")][0].peak_mb + (RENDER_MB if cmd == "render" else 0)


@pytest.mark.parametrize(("name", "cmd"), PAIRS, ids=[f"{n}-{c}" for n, c in PAIRS])
def test_hostile_file_is_refused_or_read_within_bounds(runs, name: str, cmd: str) -> None:  # type: ignore[no-untyped-def]
    run, out = runs[(name, cmd)]
    assert run.code is not None, f"still running after {run.seconds:.0f} s"
    assert run.code >= 0, f"killed by signal {-run.code}: {run.stderr[-500:]}"
    assert "Traceback" not in run.output and "内部错误" not in run.output, run.output[-800:]
    assert run.peak_mb - _baseline(runs, cmd) <= GROWTH_MB, (run.peak_mb, _baseline(runs, cmd))
    if CASES[name][1] == "refused":
        assert run.code == 2, run.output[-800:]
        assert "错误：" in run.stderr and name.split("-")[0] not in ("",)
        assert list(out.iterdir()) == []  # nothing written, nothing half-written
    else:
        assert run.code in (0, 1), run.output[-800:]
        if cmd in ("validate", "import", "diff", "render") and name.startswith(("far-", "stray-")):
            assert "QZ010" in run.output  # the far cell was left out and named, not dropped silently
        if cmd in ("annotate", "diff", "update-citations", "import", "render"):
            assert len(list(out.iterdir())) == 1  # the output, and no temporary file


def test_a_limit_message_names_the_limit_and_how_to_raise_it(runs) -> None:  # type: ignore[no-untyped-def]
    run, _ = runs[("million-rows", "validate")]
    assert "工作表“权责清单”" in run.stderr and "rows" in run.stderr and "--limit rows=" in run.stderr
    run, _ = runs[("sheet-bomb", "validate")]
    assert "xl/worksheets/sheet1.xml" in run.stderr and "bytes" in run.stderr
