"""Hostile files made once per session, and every command run on them in parallel (two at a time)."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from . import make
from .run import Run, qzqd

SAMPLE = make.SAMPLE
NEWER = make.ROOT / "workbooks" / "xingan-2025.xlsx"

# What each command does with a workbook, writing into ``out`` (a folder of its own).
COMMANDS = {
    "validate": lambda src, out: ["validate", src],
    "annotate": lambda src, out: ["validate", src, "--annotate", out / "检查.xlsx"],
    "diff": lambda src, out: ["diff", SAMPLE, src, "-o", out / "对照.xlsx"],
    "textconv": lambda src, out: ["textconv", src],
    "update-citations": lambda src, out: ["update-citations", src, "-o", out / "新.xlsx", "--as-of", "2025-01-01"],
    "import": lambda src, out: ["import", src, "-o", out / "主表.xlsx"],
    "render": lambda src, out: ["render", src, "-o", out / "通知.pdf", "--jobs", "1"],
}
ALL = tuple(COMMANDS)

# file -> (the commands run on it, what must happen: "refused" or "read"). Every command meets the files that
# crashed it or ran it out of time and memory (issue 10); a refusal is the reader's, shared by all commands.
CASES: dict[str, tuple[tuple[str, ...], str]] = {
    "far-corner": (ALL, "read"),  # every command aborted (calamine: 512 GiB)
    "sheet-bomb": (ALL, "refused"),  # every command ran past 60 s at 1.5 GB
    "shared-bomb": (("validate",), "refused"),
    # The zip directory lies (1,000 bytes for 1.5 GB): calamine, opening the workbook while the sheets are
    # measured, must stop at the declared size.
    "shared-bomb-lying": (("validate", "import"), "refused"),
    "stray-cell": (("validate", "annotate", "update-citations", "import"), "read"),
    "million-rows": (("validate", "update-citations"), "refused"),
    "huge-cells": (("textconv", "update-citations"), "refused"),
    "many-merges": (("update-citations",), "refused"),
    "merges-5k": (("annotate", "update-citations"), "read"),  # within the limit: one lookup per marked cell
    "ole": (("validate", "import"), "refused"),
    "docx-bomb": (("import",), "refused"),
    "ods-repeated-rows": (("validate",), "refused"),
    "lying-dimension": (("validate",), "read"),
    "far-within-limits": (("validate",), "read"),  # 90,000 rows × 892 columns from A1: left out, named
    "xls-far-cell": (("validate", "import"), "refused"),
    "unaddressed-far": (
        ("validate",),
        "refused",
    ),  # cells without r=: placed by position, cannot be left out  # 26 s, 1.3 GB; an .xls cannot be read without it
}
PAIRS = [(name, cmd) for name, (cmds, _) in CASES.items() for cmd in cmds]


@pytest.fixture(scope="session")
def hostile_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return make.make_all(folder, CASES)


@pytest.fixture(scope="session")
def runs(
    hostile_files: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str], tuple[Run, Path]]:
    """Every (file, command) pair, and the sample under validate --annotate for the memory baseline."""
    jobs: dict[tuple[str, str], tuple[list[object], Path]] = {}
    for name, cmd in PAIRS:
        out = tmp_path_factory.mktemp(f"{name}-{cmd}")
        jobs[(name, cmd)] = (COMMANDS[cmd](hostile_files[name], out), out)
    out = tmp_path_factory.mktemp("sample-annotate")
    jobs[("sample", "annotate")] = (COMMANDS["annotate"](SAMPLE, out), out)
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {key: pool.submit(qzqd, args, timeout=60) for key, (args, _) in jobs.items()}
        return {key: (fut.result(), jobs[key][1]) for key, fut in futures.items()}


@pytest.fixture
def sample_in(tmp_path: Path) -> Path:
    src = tmp_path / "in" / "主表.xlsx"
    src.parent.mkdir()
    shutil.copy(SAMPLE, src)
    return src
