"""Read + validate benchmark: python-calamine alone vs qzqd read_workbook vs read + validate, one file.

Each measurement runs in its own subprocess (imports done before the clock starts), so peak memory
(ru_maxrss) is that step's own; every step is repeated, interleaved, and the best wall time and the best CPU
time (user+sys, less sensitive to other jobs on a shared machine) are kept.

    .venv/bin/python benchmarks/gen_list.py -n 10000          # once: benchmarks/data/list-10000.xlsx
    .venv/bin/python benchmarks/bench_read_validate.py [FILE] [--repeat 3] [--base DIR]

``--base DIR`` measures the same steps with the qzqd of another checkout too (a worktree of an older commit),
interleaved with these, so that a change is compared in one run on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "benchmarks" / "data" / "list-10000.xlsx"
STEPS = ("calamine", "read", "validate")


def child(step: str, path: str) -> None:
    sys.path.insert(0, os.environ.get("QZQD_BENCH_ROOT", str(ROOT)))
    # validate imports pandera on first use, and pandera imports its pandas backend (and, where the dev extras
    # installed hypothesis, ~80 hypothesis modules) on its first validation: imports stay outside the clock.
    import pandera.backends.pandas.builtin_checks  # noqa: F401
    import pandera.pandas  # noqa: F401
    import python_calamine

    try:
        from toolkit.reading.xlsx import read_workbook
    except ImportError:  # a checkout from before toolkit.reading (--base)
        from toolkit.workbook import read_workbook  # type: ignore[no-redef]
    from toolkit.validate import validate

    r0 = resource.getrusage(resource.RUSAGE_SELF)
    c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    if step == "calamine":
        wb = python_calamine.CalamineWorkbook.from_path(path)
        rows = wb.get_sheet_by_name("权责清单").to_python(skip_empty_area=False)
        n = len(rows) - 2
    elif step == "read":
        n = len(read_workbook(path))
    else:
        report = validate(read_workbook(path))
        n = len(report.pl) if report.pl is not None else -1
        extra = {"errors": report.errors, "warnings": report.warnings}
    seconds = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)  # validate forks a worker for the citation rules
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    cpu += (c1.ru_utime - c0.ru_utime) + (c1.ru_stime - c0.ru_stime)
    peak = max(r1.ru_maxrss, c1.ru_maxrss) / 1024  # the forked worker shares the parent's pages until written
    out = {"step": step, "seconds": seconds, "cpu": cpu, "peak_mb": peak, "items": n}
    if step == "validate":
        out.update(extra)
    print(json.dumps(out))


def run(step: str, path: Path, root: Path | None = None) -> dict:
    env = {**os.environ, "QZQD_BENCH_ROOT": str(root or ROOT), "PYTHONPATH": str(root or ROOT)}
    proc = subprocess.run(
        [sys.executable, __file__, "--child", step, str(path)], capture_output=True, text=True, check=True, env=env
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--steps", default=",".join(STEPS), help="comma-separated subset of: " + ", ".join(STEPS))
    ap.add_argument("--base", type=Path, help="a checkout of qzqd to measure too, in the same run (read, validate)")
    ap.add_argument("--child", nargs=2, metavar=("STEP", "FILE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(*args.child)
        return
    if not args.file.exists():
        sys.exit(f"{args.file} not found: run benchmarks/gen_list.py first")
    print(
        f"{args.file.name}: {args.file.stat().st_size / 1e6:.1f} MB, {platform.python_version()}, {os.cpu_count()} CPUs"
    )
    steps = [s for s in STEPS if s in args.steps.split(",")]
    runs = [(s, s, None) for s in steps]
    if args.base:
        runs += [(f"base {s}", s, args.base.resolve()) for s in steps if s != "calamine"]
    print("load average before:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    best: dict[str, dict] = {}
    for _ in range(args.repeat):
        for key, step, root in runs:  # interleaved, so a noisy neighbour hurts every step alike
            r = run(step, args.file, root)
            prev = best.get(key)
            if prev is None or r["seconds"] < prev["seconds"]:
                best[key] = {**r, "peak_mb": max(r["peak_mb"], prev["peak_mb"] if prev else 0)}
            best[key]["cpu"] = min(r["cpu"], prev["cpu"] if prev else r["cpu"])
    print("load average after: ", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    base = best["calamine"]["seconds"]
    cpu_base = best["calamine"]["cpu"]
    print(f"{'step':<34}{'items':>7}{'wall s':>8}{'× cal.':>8}{'CPU s':>8}{'× cal.':>8}{'peak MB':>9}")
    labels = {
        "calamine": "python-calamine alone (to_python)",
        "read": "qzqd read_workbook",
        "validate": "qzqd read_workbook + validate",
        "base read": "base: read_workbook",
        "base validate": "base: read_workbook + validate",
    }
    for key, _, _ in runs:
        r = best[key]
        print(
            f"{labels[key]:<34}{r['items']:>7}{r['seconds']:>8.2f}{r['seconds'] / base:>8.2f}"
            f"{r['cpu']:>8.2f}{r['cpu'] / cpu_base:>8.2f}{r['peak_mb']:>9.0f}"
        )
    if "validate" in best:
        v = best["validate"]
        print(f"validate found {v.get('errors')} errors, {v.get('warnings')} warnings")
        ok = v["seconds"] <= 2.5 * base and v["peak_mb"] <= 1536
        print("target (read+validate ≤ 2.5× calamine, ≤ 1.5 GB; issues 12, 13):", "met" if ok else "NOT met")
    if "read" in best and "base read" in best:
        ratio = best["read"]["seconds"] / best["base read"]["seconds"]
        print(f"read vs base: {ratio:.2f}× wall, {best['read']['cpu'] / best['base read']['cpu']:.2f}× CPU")
        print("target (read within 10 % of the base; issue 11):", "met" if ratio <= 1.10 else "NOT met")


if __name__ == "__main__":
    main()
