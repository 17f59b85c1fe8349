"""Every command that writes: stopped by SIGTERM or Ctrl+C, it removes its temporary file, leaves the input and
the earlier output as they were, prints one line and exits 128 + the signal (143, 130) at once; two runs
writing one output: exactly one wins without --force; a full disk is said in Chinese, nothing left behind.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import time
from pathlib import Path

import pytest

from tests.conftest import SEED_TXT

from .conftest import NEWER, SAMPLE
from .run import finish, run, script, start

# The command is stopped where a stop hurts most: its output complete in the temporary file, about to be
# put in place. The signal is sent by the process itself, so the test does not race the command.
_STOP_AT_CLAIM = """
import os, signal, sys, time
import toolkit.fsutil as fsutil

def claim(tmp, path, *, force):
    assert tmp.exists() and tmp.stat().st_size > 0
    with open(os.environ["QZQD_TEST_SIGNALLED"], "w") as fh:
        fh.write(repr(time.monotonic()))
    os.kill(os.getpid(), signal.{sig})
    time.sleep(60)

fsutil.claim = claim
from toolkit.cli import run
run()
"""

WRITERS = {
    "init": lambda src, out: ["init", out / "主表.xlsx", "--force"],
    "import": lambda src, out: ["import", src.with_name("通知.txt"), "-o", out / "主表.xlsx", "--force"],
    "annotate": lambda src, out: ["validate", src, "--annotate", out / "检查.xlsx", "--force"],
    "update-citations": lambda src, out: ["update-citations", src, "-o", out / "新.xlsx", "--force"],
    "diff": lambda src, out: ["diff", src, NEWER, "-o", out / "对照.xlsx", "--force"],
    "render": lambda src, out: ["render", src, "-o", out / "通知.pdf", "--force"],
}
SIGNALS = [(name, "SIGTERM", 143) for name in WRITERS] + [
    ("update-citations", "SIGINT", 130),
]


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture
def place(tmp_path: Path) -> tuple[Path, Path]:
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    out.mkdir()
    shutil.copy(SAMPLE, inputs / "主表.xlsx")
    shutil.copy(SEED_TXT, inputs / "通知.txt")
    return inputs / "主表.xlsx", out


@pytest.mark.parametrize(("name", "sig", "code"), SIGNALS, ids=[f"{n}-{s}" for n, s, _ in SIGNALS])
def test_a_stopped_command_leaves_no_file_and_the_old_ones_intact(
    place: tuple[Path, Path], tmp_path: Path, name: str, sig: str, code: int
) -> None:
    src, out = place
    args = WRITERS[name](src, out)
    (out / Path(args[-2]).name).write_bytes(b"an earlier output")  # --force: it would be replaced on success
    before_in, before_out = _digest(src.parent), _digest(out)
    marker = tmp_path / "signalled"
    result = run(script(_STOP_AT_CLAIM.format(sig=sig), args), env={"QZQD_TEST_SIGNALLED": str(marker)})
    ended = time.monotonic()
    assert result.code == code, result.output[-800:]
    assert ended - float(marker.read_text()) < 3  # ~0.1 s: the unwinding is short, the watchdog is at 1.5 s
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines[-1].startswith("已中断（收到 ") and "Traceback" not in result.stderr, result.stderr
    assert _digest(src.parent) == before_in  # the input untouched
    assert _digest(out) == before_out  # the earlier output untouched, no temporary file left


_WAIT_FOR_EACH_OTHER = """
import os, pathlib, sys, time
import toolkit.fsutil as fsutil
real = fsutil.claim

def claim(tmp, path, *, force):
    here = pathlib.Path(os.environ["QZQD_TEST_BARRIER"])
    (here / str(os.getpid())).touch()
    end = time.monotonic() + 30
    while len(list(here.iterdir())) < 2 and time.monotonic() < end:
        time.sleep(0.02)
    real(tmp, path, force=force)

fsutil.claim = claim
from toolkit.cli import run
run()
"""


@pytest.mark.parametrize("force", [False, True], ids=["without-force", "with-force"])
def test_two_writers_to_one_output(place: tuple[Path, Path], tmp_path: Path, force: bool) -> None:
    """Both finish their work before either puts its output in place (a barrier): without --force the second
    to claim the name fails with 已存在; with --force both succeed and the file is one complete workbook."""
    from openpyxl import load_workbook

    src, out = place
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    args = ["update-citations", src, "-o", out / "新.xlsx", "--as-of", "2025-01-01", *(["--force"] if force else [])]
    t0 = time.monotonic()
    procs = [start(script(_WAIT_FOR_EACH_OTHER, args), env={"QZQD_TEST_BARRIER": str(barrier)}) for _ in range(2)]
    results = [finish(p, timeout=60, started=t0) for p in procs]
    codes = sorted(r.code for r in results)
    if force:
        assert codes == [0, 0], [r.output[-500:] for r in results]
    else:
        assert codes == [0, 2], [r.output[-500:] for r in results]
        assert "已存在" in next(r for r in results if r.code == 2).stderr
    assert [p.name for p in out.iterdir()] == ["新.xlsx"]  # no temporary file left by the loser
    assert load_workbook(out / "新.xlsx")["权责清单"]["C3"].value  # one complete workbook


def _disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl.workbook.workbook import Workbook

    def save(self, filename):  # type: ignore[no-untyped-def]
        Path(filename).write_bytes(b"PK half a workbook")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(filename))

    monkeypatch.setattr(Workbook, "save", save)


@pytest.mark.parametrize("name", ["init", "import", "annotate", "update-citations", "diff"])
def test_a_full_disk_is_said_in_chinese_and_leaves_nothing(
    place: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    cli,
    name: str,  # type: ignore[no-untyped-def]
) -> None:
    src, out = place
    _disk_full(monkeypatch)
    result = cli(*WRITERS[name](src, out)[:-1])  # without --force: no earlier output here
    assert result.exit_code == 2, result.output
    assert "磁盘空间已满" in result.output and "内部错误" not in result.output
    assert list(out.iterdir()) == []


def test_the_temporary_name_never_makes_a_legal_name_too_long(tmp_path: Path, cli) -> None:  # type: ignore[no-untyped-def]
    longest = tmp_path / ("清" * 83 + ".xlsx")  # 254 bytes: legal; its temporary name must be too
    assert len(longest.name.encode()) == 254
    assert cli("init", longest).exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == [longest.name]
    too_long = tmp_path / ("清" * 85 + ".xlsx")
    result = cli("init", too_long)
    assert result.exit_code == 2 and "文件名太长（260 字节" in result.output


def test_names_that_are_not_utf8_are_read_and_written(tmp_path: Path) -> None:
    """A name copied from an old GBK system (关.xlsx in GBK) is a name like any other."""
    src = tmp_path / os.fsdecode(b"\xb9\xd8.xlsx")
    out = tmp_path / os.fsdecode(b"\xd0\xc2.xlsx")
    shutil.copy(SAMPLE, src)
    from .run import qzqd

    result = qzqd(["update-citations", src, "-o", out, "--as-of", "2025-01-01"])
    assert result.code == 0, result.output
    assert out.is_file() and "已改写" in result.stdout  # read (not "corrupt") and written


def test_sigterm_from_outside_stops_a_render_at_once(place: tuple[Path, Path]) -> None:
    """A real signal from another process, while render works: gone within two seconds, nothing left."""
    src, out = place
    proc = start(script("from toolkit.cli import run\nrun()", ["render", src, "-o", out / "通知.pdf", "--jobs", "2"]))
    time.sleep(1.5)  # importing, reading, laying out
    sent = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    result = finish(proc, timeout=30, started=sent)
    if result.code == 0:
        pytest.skip("render finished before the signal")  # a fast machine: nothing to stop
    assert result.code == 143, result.output
    assert result.seconds < 3, result.seconds
    assert list(out.iterdir()) == []


def test_without_hard_links_the_name_is_still_claimed_exclusively(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    """On a FAT USB drive os.link fails: the name is claimed by an exclusive create instead."""

    def no_links(src, dst):  # type: ignore[no-untyped-def]
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    out = tmp_path / "主表.xlsx"
    assert cli("init", out).exit_code == 0
    from toolkit import fsutil

    assert cli("init", out).exit_code == 2  # exists now
    other = tmp_path / "另一个.xlsx"
    with pytest.raises(fsutil.OutputError, match="已存在"), fsutil.atomic_output(other, force=False) as tmp:
        other.write_bytes(b"the other run's file")  # another run takes the name while this one works
        tmp.write_bytes(b"this run's file")
    assert other.read_bytes() == b"the other run's file"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["主表.xlsx", "另一个.xlsx"])  # no temporary file


# The package's files are written one after another over a few seconds (two PDFs among them): stopped on the
# third, a folder that mixed this run's first two files with an earlier run's others would be worse than none.
_STOP_AT_THIRD_FILE = """
import os, signal, sys, time
import toolkit.fsutil as fsutil
real = fsutil.claim
done = []

def claim(tmp, path, *, force):
    done.append(path)
    if len(done) == 3:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(60)
    real(tmp, path, force=force)

fsutil.claim = claim
from toolkit.cli import run
run()
"""


def _package_args(src: Path, folder: Path) -> list[object]:
    return ["adjust", src, NEWER, "-o", folder, "--force", "--to", "中共××县委编办", "--signer", "张三"]


def test_a_stopped_adjust_leaves_the_earlier_package_whole(place: tuple[Path, Path]) -> None:
    src, out = place
    folder = out / "调整材料"
    first = run(script("from toolkit.cli import run\nrun()", _package_args(src, folder)))
    assert first.code in (0, 1), first.output[-800:]
    for p in folder.iterdir():
        p.write_bytes(b"an earlier run's " + p.name.encode())  # marks every file of the earlier package
    before = _digest(folder)
    result = run(script(_STOP_AT_THIRD_FILE, _package_args(src, folder)))
    assert result.code == 143, result.output[-800:]
    assert _digest(folder) == before  # none of this run's files moved in
    assert sorted(p.name for p in out.iterdir()) == ["调整材料"]  # the staging folder is gone too


def test_a_failing_adjust_leaves_no_staging_folder(
    place: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    cli,  # type: ignore[no-untyped-def]
) -> None:
    from toolkit.adjust import package

    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    src, out = place
    monkeypatch.setattr("toolkit.adjust.request.write_request", broken)
    result = cli(*_package_args(src, out / "调整材料"))
    assert result.exit_code != 0, result.output
    assert package.REQUEST not in {p.name for p in (out / "调整材料").iterdir()}
    assert [p.name for p in out.iterdir()] == ["调整材料"]
    assert list((out / "调整材料").iterdir()) == []
