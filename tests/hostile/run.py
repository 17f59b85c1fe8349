"""Run a qzqd command in a subprocess under an address-space limit and a timeout; measure time and peak RSS."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GB = 1 << 30


@dataclass
class Run:
    code: int | None  # None: killed on timeout
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float  # peak resident set size of the command's process

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _limit(address_space: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort must not write a core file


def start(args: list[str | Path], *, cwd: Path, address_space: int = 2 * GB, env: dict[str, str] | None = None):
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200", **(env or {})}
    return subprocess.Popen(
        [sys.executable, "-m", "toolkit", *[os.fsdecode(a) if isinstance(a, Path) else a for a in args]],
        cwd=cwd,
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: _limit(address_space),
    )


def finish(proc: subprocess.Popen, *, timeout: float, started: float | None = None) -> Run:
    started = time.monotonic() if started is None else started
    deadline = started + timeout
    out_parts: list[bytes] = []
    err_parts: list[bytes] = []
    try:
        out, err = proc.communicate(timeout=max(0.1, deadline - time.monotonic()))
        out_parts.append(out)
        err_parts.append(err)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate()
        out_parts.append(out)
        err_parts.append(err)
        seconds = time.monotonic() - started
        return Run(
            None,
            b"".join(out_parts).decode("utf-8", "replace"),
            b"".join(err_parts).decode("utf-8", "replace"),
            seconds,
            0.0,
        )
    seconds = time.monotonic() - started
    peak = _peak_of(proc)
    return Run(
        proc.returncode,
        b"".join(out_parts).decode("utf-8", "replace"),
        b"".join(err_parts).decode("utf-8", "replace"),
        seconds,
        peak,
    )


def _peak_of(proc: subprocess.Popen) -> float:
    rusage = getattr(proc, "_qzqd_rusage", None)
    return rusage.ru_maxrss / 1024 if rusage is not None else 0.0


class _Popen(subprocess.Popen):
    """Popen that keeps the child's resource usage (its peak RSS) from wait4."""

    def _try_wait(self, wait_flags):  # type: ignore[no-untyped-def]
        try:
            pid, sts, rusage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return (self.pid, 0)
        if pid == self.pid:
            self._qzqd_rusage = rusage
        return (pid, sts)


subprocess_Popen = _Popen


def qzqd(
    args: list[str | Path],
    *,
    cwd: Path,
    timeout: float = 20,
    address_space: int = 2 * GB,
    env: dict[str, str] | None = None,
) -> Run:
    """Run ``python -m toolkit *args`` to its end (or kill it after ``timeout`` s)."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200", **(env or {})}
    started = time.monotonic()
    proc = _Popen(
        [sys.executable, "-m", "toolkit", *[os.fsdecode(a) if isinstance(a, Path) else a for a in args]],
        cwd=cwd,
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: _limit(address_space),
    )
    return finish(proc, timeout=timeout, started=started)
