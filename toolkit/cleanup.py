"""One signal policy for every command: SIGINT (Ctrl+C), SIGTERM and SIGHUP stop the work, remove the
temporary files, leave the input and any earlier output as they were, print one line and exit 128 + the
signal's number (130 for Ctrl+C, 143 for SIGTERM) within two seconds.

The handler raises :class:`Interrupted` (a ``KeyboardInterrupt``), so every ``finally`` and ``with`` unwinds:
:func:`toolkit.fsutil.atomic_output` removes its temporary file, the render workers are killed. Temporary
files are also registered here, so that the watchdog can remove them when the unwinding does not finish
in time (a C call that does not return, an exception swallowed by a ``__del__``): it then exits anyway.
Forked workers inherit the handler and leave at once, silently (their parent cleans up after them).

>>> with installed(hard_exit=False):
...     pass
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

GRACE = 1.5  # seconds the unwinding may take before the watchdog exits on its own

_temps: set[Path] = set()
_state: dict[str, Any] = {"signum": None, "pid": None, "hard_exit": False, "say": None}
_exiting = threading.Lock()


class Interrupted(KeyboardInterrupt):
    """Raised in the main process when a stop signal arrives; ``exit_code`` is 128 + the signal number."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


def register(path: Path) -> None:
    """A temporary file to remove if the process is stopped by a signal."""
    _temps.add(Path(path))


def unregister(path: Path) -> None:
    _temps.discard(Path(path))


def remove_temporary_files() -> None:
    for path in list(_temps):
        with contextlib.suppress(OSError):
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)  # a staging folder (adjust writes its package there)
            else:
                path.unlink()
        _temps.discard(path)


_NAMES = {"SIGINT": "Ctrl+C", "SIGTERM": "SIGTERM", "SIGHUP": "SIGHUP"}


def message(signum: int) -> str:
    """The one line printed when stopped.

    >>> message(15)
    '已中断（收到 SIGTERM）：没有留下写了一半的文件，输入文件和原有的输出文件没有改动。'
    """
    name = next((label for n, label in _NAMES.items() if getattr(signal, n, None) == signum), f"信号 {signum}")
    return f"已中断（收到 {name}）：没有留下写了一半的文件，输入文件和原有的输出文件没有改动。"


def exit_code(exc: BaseException) -> int:
    """130 for Ctrl+C (a plain KeyboardInterrupt), 128 + the signal's number for the others."""
    return exc.exit_code if isinstance(exc, Interrupted) else 128 + signal.SIGINT


def signum_of(exc: BaseException) -> int:
    return exc.signum if isinstance(exc, Interrupted) else int(signal.SIGINT)


def finish(exc: BaseException, say: Callable[[str], None]) -> int:
    """Called by the CLI once the interrupted command has unwound: remove what is left, say so once, and
    (in the real CLI process) exit at once, without the interpreter's teardown of the work's objects."""
    code = exit_code(exc)
    if not _exiting.acquire(blocking=False):  # the watchdog is exiting already
        time.sleep(GRACE * 2)
        return code
    remove_temporary_files()
    say(message(signum_of(exc)))
    if _state["hard_exit"]:
        _flush()
        os._exit(code)
    return code


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()


def _watchdog(signum: int) -> None:
    time.sleep(GRACE)
    if not _exiting.acquire(blocking=False):
        return
    remove_temporary_files()
    with contextlib.suppress(Exception):
        sys.stderr.write(message(signum) + "\n")
    _flush()
    os._exit(128 + signum)


def _quiet_unraisable(unraisable: Any) -> None:
    # A KeyboardInterrupt raised inside a __del__ (WeasyPrint's FontConfiguration) is printed by Python as
    # "Exception ignored in …" with a traceback: after a stop signal that is noise, not news.
    if isinstance(unraisable.exc_value, KeyboardInterrupt):
        return
    sys.__unraisablehook__(unraisable)


def _handler(signum: int, frame: object) -> None:
    if os.getpid() != _state["pid"]:  # a forked worker: its parent cleans up after it
        os._exit(128 + signum)
    if _state["signum"] is not None:  # a second signal while unwinding: let the cleanup finish
        return
    _state["signum"] = signum
    sys.unraisablehook = _quiet_unraisable
    if _state["hard_exit"]:
        threading.Thread(target=_watchdog, args=(signum,), daemon=True).start()
    raise Interrupted(signum)


SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP")


@contextlib.contextmanager
def installed(*, hard_exit: bool) -> Iterator[None]:
    """The stop signals handled as described above while the block runs (main thread only).

    ``hard_exit``: this process is the qzqd command (not a test or a library caller), so it may end itself
    with ``os._exit`` once cleaned up, and the watchdog may end it if the unwinding hangs.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    before = dict(_state)
    _state.update(signum=None, pid=os.getpid(), hard_exit=hard_exit)
    previous = {}
    for name in SIGNALS:
        sig = getattr(signal, name, None)
        if sig is not None:
            previous[sig] = signal.signal(sig, _handler)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        _state.update(before)


def interrupted() -> int | None:
    """The signal that stopped this process, if any."""
    return _state["signum"]


__all__ = ["Interrupted", "finish", "installed", "message", "register", "remove_temporary_files", "unregister"]
