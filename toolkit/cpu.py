"""Whether a second CPU is free right now: render and validate use it only then.

On a busy machine two processes would take turns on one core, and a fork's extra work (copied pages, a
second set of caches) makes the job slower, not faster.
"""

from __future__ import annotations

import os
from pathlib import Path

LOADAVG = Path("/proc/loadavg")


def core_free() -> bool:
    """Whether another CPU is idle.

    On Linux this asks how many tasks are runnable right now (this one included): qzqd's jobs take seconds,
    and the one-minute load average lags behind, so back-to-back runs would read their own past load.
    Elsewhere the one-minute load average stands in.

    >>> isinstance(core_free(), bool)
    True
    """
    cpus = os.cpu_count() or 1
    try:
        return idle_core(LOADAVG.read_text(), cpus)
    except (OSError, ValueError, IndexError):
        pass
    try:
        load = os.getloadavg()[0]
    except (OSError, AttributeError):  # not available (Windows): assume a free core when there are several
        load = 1.0
    return cpus >= 2 and load < cpus - 0.5


def idle_core(loadavg: str, cpus: int) -> bool:
    """From a /proc/loadavg line: fewer runnable tasks (the reader included) than CPUs.

    >>> idle_core("1.20 0.90 0.70 1/88 4242", 2), idle_core("0.30 0.20 0.10 2/88 4242", 2)
    (True, False)
    """
    return int(loadavg.split()[3].split("/")[0]) < cpus
