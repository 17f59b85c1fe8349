"""Run qzqd in a subprocess under an address-space limit and a timeout; measure its time and peak memory."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GB = 1 << 30
ADDRESS_SPACE = int(1.5 * GB)  # the interpreter, pandas, calamine and WeasyPrint fit; a 512 GiB allocation does not


@dataclass
class Run:
    code: int | None  # None: killed at the timeout
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float  # peak resident set size of the process (wait4's ru_maxrss)
    cpu: float = 0.0  # user + system seconds of the process: what it cost, whatever the machine's load

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _limits(address_space: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort must not write a core file


class Process(subprocess.Popen):
    """Popen that keeps the child's resource usage from wait4 (for its peak RSS)."""

    rusage: resource.struct_rusage | None = None

    def _try_wait(self, wait_flags):  # type: ignore[no-untyped-def]
        try:
            pid, status, rusage = os.wait4(self.pid, wait_flags)
        except ChildProcessError:
            return (self.pid, 0)
        if pid == self.pid:
            self.rusage = rusage
        return (pid, status)


def command(args: Sequence[str | os.PathLike[str]]) -> list[str]:
    return [sys.executable, "-m", "toolkit", *map(os.fsdecode, args)]


def script(code: str, args: Sequence[str | os.PathLike[str]] = ()) -> list[str]:
    """``python -c code args…``: qzqd with a part of it replaced (to stop it at a chosen point)."""
    return [sys.executable, "-c", code, *map(os.fsdecode, args)]


def start(
    argv: list[str], *, cwd: Path = ROOT, address_space: int = ADDRESS_SPACE, env: dict[str, str] | None = None
) -> Process:
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200", **(env or {})}
    return Process(
        argv,
        cwd=cwd,
        env=full_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: _limits(address_space),
    )


def finish(proc: Process, *, timeout: float, started: float) -> Run:
    try:
        out, err = proc.communicate(timeout=max(0.1, started + timeout - time.monotonic()))
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        out, err = proc.communicate()
        code = None
    usage = proc.rusage
    peak = usage.ru_maxrss / 1024 if usage is not None and code is not None else 0.0
    cpu = usage.ru_utime + usage.ru_stime if usage is not None else 0.0
    text = (out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))
    return Run(code, *text, time.monotonic() - started, peak, cpu)


def run(argv: list[str], *, timeout: float = 30, **kwargs: object) -> Run:
    started = time.monotonic()
    return finish(start(argv, **kwargs), timeout=timeout, started=started)  # type: ignore[arg-type]


def qzqd(args: Sequence[str | os.PathLike[str]], *, timeout: float = 30, **kwargs: object) -> Run:
    """``python -m toolkit *args`` to its end (killed after ``timeout`` s)."""
    return run(command(args), timeout=timeout, **kwargs)
