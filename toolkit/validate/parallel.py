"""Run the schema, citation and law rules (QZ1xx, QZ3xx, QZ4xx) in a forked process while this one runs the
others (reading findings, numbering and text rules: QZ0xx, QZ2xx).

On a large list the two halves cost about the same (the citation screen and the parse of the cells it keeps,
plus the pandera schema with its first-call costs, against the numbering and whole-column text scans); both
only read the list, and only their findings (few on a real list) travel back. Used only where it pays and is
safe: a list of at least :data:`MIN_ITEMS` items, ``fork`` available (Linux, macOS), an idle CPU (see
:func:`core_free`), and no other thread running.

After the fork, every memory page is shared copy-on-write: a write to a page the other process still maps
copies it (~3 µs), and a reference-count change on a cell's string is such a write. So what both halves
read in bulk (every column's values and joined text) is built before forking (:func:`prepare_shared`), and
the rules of either half read cells through it (a split of the joined text, the offsets of its cells), not
one by one: the worker copies a few thousand pages instead of ~30,000.
Whenever the child fails, its rules run here instead, so errors surface exactly as in a serial run.

>>> split([])
([], [])
"""

from __future__ import annotations

import multiprocessing as mp
import os
import pickle
import sys
import threading
import traceback
from collections.abc import Iterable
from multiprocessing.connection import Connection

from ..cpu import core_free
from ..model import Finding
from .columns import joined
from .registry import Context, Rule, run_rules

MIN_ITEMS = 2000
HEAVY_PREFIXES = ("QZ1", "QZ3", "QZ4")
SCHEMA_PREFIXES = ("QZ1",)  # the rules that need pandera


def split(rules: Iterable[Rule], *, schema_only: bool = False) -> tuple[list[Rule], list[Rule]]:
    """(rules run here, rules run in the worker), each in the given order; with ``schema_only`` the worker
    takes only the schema rules (see :func:`schema_engine_loaded`)."""
    rules = list(rules)
    prefixes = SCHEMA_PREFIXES if schema_only else HEAVY_PREFIXES
    heavy = [r for r in rules if r.code.startswith(prefixes)]
    return [r for r in rules if not r.code.startswith(prefixes)], heavy


def schema_engine_loaded() -> bool:
    """Whether pandera is imported already. Its import (~0.3 s, more where hypothesis is installed) comes with
    the first schema check: while it is to come, the worker imports it and runs the schema rules alone, and
    the citation and law rules run here with the others, so that neither half waits for the other."""
    return "pandera.pandas" in sys.modules


def worth_forking(ctx: Context) -> bool:
    return (
        len(ctx.pl) >= MIN_ITEMS
        and "fork" in mp.get_all_start_methods()
        and threading.active_count() == 1
        and os.environ.get("QZQD_NO_FORK", "") == ""
        and core_free()
    )


def run_split(ctx: Context, rules: list[Rule]) -> list[Finding]:
    """Findings of ``rules`` (sorted by code), the heavy ones computed in a forked child when possible."""
    light, heavy = split(rules, schema_only=not schema_engine_loaded())
    if not heavy or not worth_forking(ctx):
        return list(run_rules(ctx, rules))
    prepare_shared(ctx)
    try:
        fork = mp.get_context("fork")
        receiver, sender = fork.Pipe(duplex=False)
        child = fork.Process(target=_child, args=(ctx, heavy, sender), daemon=True)
        child.start()
        sender.close()
    except OSError:  # no process to spare: run serially
        return list(run_rules(ctx, rules))
    try:
        found = list(run_rules(ctx, light))
    except BaseException:
        child.kill()
        child.join()
        raise
    heavy_found: list[Finding] | None = None
    try:
        payload = receiver.recv_bytes()
        ok, value = pickle.loads(payload)
        if ok:
            heavy_found = value
    except (EOFError, OSError, pickle.UnpicklingError):
        pass
    except BaseException:  # a stop signal: the child is not waited for
        child.kill()
        raise
    finally:
        receiver.close()
        child.join()
    if heavy_found is None:  # the child failed: run its rules here, raising what they raise
        heavy_found = list(run_rules(ctx, heavy))
    return found + heavy_found


def prepare_shared(ctx: Context) -> None:
    """Build, before forking, the column data both halves read: every column's values and joined text
    (:func:`.columns.joined`), from which the rules read the cells in bulk.

    After a fork every page is shared copy-on-write, and building these touches every cell's string (its
    reference count), which copies the page holding it: built in the child or the parent after the fork,
    they cost ~3 µs a page (~10,000 pages per long text column) in the process that builds them, and both
    halves build some. Built before, they cost ~25 ms once, and both halves only read them.
    """
    for column in ctx.pl.columns:
        joined(ctx, column)


def _child(ctx: Context, rules: list[Rule], sender: Connection) -> None:
    try:
        payload = pickle.dumps((True, list(run_rules(ctx, rules))), protocol=pickle.HIGHEST_PROTOCOL)
    except BaseException:  # noqa: BLE001 - reported back; the parent reruns the rules and raises properly
        payload = pickle.dumps((False, traceback.format_exc()))
    sender.send_bytes(payload)
    sender.close()
