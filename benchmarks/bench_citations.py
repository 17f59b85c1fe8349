"""Citation-check benchmark: what the law rules (QZ401-QZ406) add to ``qzqd validate`` on a 10,000-item list.

One process reads the list once, then times, interleaved and repeated (best of N kept, every cache cleared
before each run so no run profits from another):

- validate without the law rules (``--skip`` QZ401…QZ406; the QZ3xx citation rules still parse every cell),
- validate with every rule,
- the law rules' own parts: parsing all citation cells, loading the registry, checking the citations.

The list comes from benchmarks/gen_list.py (seed-like items whose article numbers are drawn at random, so many
quotes do not match and the slow path — aligning a misquote — runs often). Two lists are measured: that one,
and one built from the seed's own cells (true citations, the realistic case: stale numbers, correct quotes).

    .venv/bin/python benchmarks/gen_list.py -n 10000          # once: benchmarks/data/list-10000.xlsx
    .venv/bin/python benchmarks/bench_citations.py [FILE] [--repeat 3] [--as-of 2025-01-01]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit import import_file, read_workbook  # noqa: E402
from toolkit.citations import parse as parse_mod  # noqa: E402
from toolkit.citations import parse_list  # noqa: E402
from toolkit.citations import quotes as quotes_mod  # noqa: E402
from toolkit.citations import registry as registry_mod  # noqa: E402
from toolkit.citations import segments as segments_mod  # noqa: E402
from toolkit.citations.check import check_list  # noqa: E402
from toolkit.model import PowerList  # noqa: E402
from toolkit.validate import RULES, Options, validate  # noqa: E402

DEFAULT = ROOT / "benchmarks" / "data" / "list-10000.xlsx"
LAW_CODES = tuple(sorted(c for c in RULES if c.startswith("QZ4")))


# One process: CPU time must include the citation rules, which validate would otherwise fork off on big lists.
os.environ["QZQD_NO_FORK"] = "1"


def clear_caches() -> None:
    parse_mod._parse_cached.cache_clear()
    parse_mod._segment_template.cache_clear()
    segments_mod.line_starts.cache_clear()
    parse_mod.simple_line.cache_clear()
    parse_mod.chinese_number.cache_clear()
    quotes_mod.match_quote.cache_clear()
    quotes_mod.quote_score.cache_clear()
    quotes_mod._normalized_article.cache_clear()
    quotes_mod.segments.cache_clear()
    registry_mod._CACHE.clear()


def timed(fn, clear: bool = True) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """(wall, CPU) seconds of one run. CPU time is what the comparison uses: the machine is shared, and
    other jobs inflate wall time unevenly between runs."""
    if clear:
        clear_caches()
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def seed_list(n: int) -> PowerList:
    """``n`` items cycling through the seed's five items (its real, mostly correct citations)."""
    records = import_file(ROOT / "tests" / "fixtures" / "seed.txt").records()
    rows = []
    for i in range(n):
        r = dict(records[i % len(records)])
        r["序号"] = str(i + 1)
        r["项目名称"] = f"{r['项目名称']}（{i}）"
        rows.append(r)
    pl = PowerList.from_records(rows)
    pl.notice.date = "2022年7月18日"
    return pl


def measure(name: str, pl: PowerList, as_of: dt.date, repeat: int) -> dict[str, float]:
    without = Options(as_of=as_of, disabled=LAW_CODES)
    full = Options(as_of=as_of)
    steps = {
        "validate without law rules": lambda: validate(pl, without),
        "validate with law rules": lambda: validate(pl, full),
        "  parse all citation cells": lambda: parse_list(pl),
        "  load law registry (cold)": lambda: (
            registry_mod.load_registry(env=False).find("保密法").versions[-1].articles
        ),
        "  check citations (parsed, registry loaded)": None,
    }
    cites = parse_list(pl)
    reg = registry_mod.load_registry(env=False)

    def check_only() -> None:
        # Registry texts stay loaded (cached_property on the versions); the quote caches are cold.
        quotes_mod.match_quote.cache_clear()
        quotes_mod.quote_score.cache_clear()
        check_list(cites, reg, as_of)

    best: dict[str, tuple[float, float]] = {}
    for _ in range(repeat):
        for label, fn in steps.items():
            t = timed(check_only, clear=False) if fn is None else timed(fn)
            old = best.get(label, (float("inf"), float("inf")))
            best[label] = (min(t[0], old[0]), min(t[1], old[1]))
    report = validate(pl, full)
    counts: dict[str, int] = {}
    for f in report.findings:
        if f.code in LAW_CODES:
            counts[f.code] = counts.get(f.code, 0) + 1
    n_cites = sum(len(v) for v in cites.values())
    print(
        f"\n{name}: {len(pl)} items, {n_cites} citations, as of {as_of}; law findings: "
        + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    )
    print(f"  {'':<46}{'wall':>8}  {'CPU':>8}")
    for label, (wall, cpu) in best.items():
        print(f"  {label:<46}{wall:8.2f}  {cpu:8.2f} s")
    base, with_law = best["validate without law rules"][1], best["validate with law rules"][1]
    print(
        f"  {'law rules add (CPU)':<46}{with_law - base:18.2f} s = {100 * (with_law - base) / base:.0f} % of validate"
    )
    return {label: cpu for label, (_, cpu) in best.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--as-of", default="2025-01-01")
    ap.add_argument("-n", "--items", type=int, default=10000, help="items of the seed-cell list")
    args = ap.parse_args()
    as_of = dt.date.fromisoformat(args.as_of)
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, best of {args.repeat}")
    if args.file.exists():
        t0 = time.process_time()
        pl = read_workbook(args.file)
        read_s = time.process_time() - t0
        print(f"{args.file.name}: read_workbook {read_s:.2f} s CPU")
        best = measure(f"generated list ({args.file.name})", pl, as_of, args.repeat)
        base, with_law = best["validate without law rules"], best["validate with law rules"]
        print(
            f"  read + validate (the qzqd validate command, CPU): {read_s + base:.2f} s -> {read_s + with_law:.2f} s "
            f"(+{100 * (with_law - base) / (read_s + base):.0f} %)"
        )
    else:
        print(f"{args.file} not found: run benchmarks/gen_list.py first (measuring the seed-cell list only)")
    measure("seed cells list", seed_list(args.items), as_of, args.repeat)


if __name__ == "__main__":
    main()
