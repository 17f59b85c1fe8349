"""What measuring a workbook before reading it costs (toolkit.limits.check_xlsx), against calamine's own read
and qzqd's whole read (which includes the measuring), on one file.

Each step runs in its own subprocess (imports before the clock), repeated and interleaved; the best wall and
the best CPU (user+sys) time are kept, CPU being the figure that holds on a shared machine.

    .venv/bin/python benchmarks/gen_list.py -n 10000          # once: benchmarks/data/list-10000.xlsx
    .venv/bin/python benchmarks/bench_limits.py [FILE] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "benchmarks" / "data" / "list-10000.xlsx"
STEPS = ("calamine", "measure", "read")


def child(step: str, path: str) -> None:
    sys.path.insert(0, str(ROOT))
    import python_calamine

    from toolkit.limits import check_xlsx
    from toolkit.reading.xlsx import read_workbook

    r0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    if step == "calamine":
        python_calamine.CalamineWorkbook.from_path(path).get_sheet_by_name("权责清单").to_python(skip_empty_area=False)
    elif step == "measure":
        check_xlsx(Path(path))
    else:
        read_workbook(path)
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    print(json.dumps({"wall": wall, "cpu": cpu, "peak_mb": r1.ru_maxrss / 1024}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    best: dict[str, dict[str, float]] = {}
    for _ in range(args.repeat):
        for step in STEPS:
            out = subprocess.run(
                [sys.executable, __file__, "--child", step, str(args.path)], capture_output=True, text=True, check=True
            ).stdout
            r = json.loads(out.strip().splitlines()[-1])
            b = best.setdefault(step, dict(r))
            b["wall"], b["cpu"] = min(b["wall"], r["wall"]), min(b["cpu"], r["cpu"])
    print(f"{args.path.name}: best of {args.repeat}")
    for step in STEPS:
        b = best[step]
        print(f"  {step:9} wall {b['wall']:6.2f} s  cpu {b['cpu']:6.2f} s  peak {b['peak_mb']:5.0f} MB")
    m, r = best["measure"], best["read"]
    print(
        f"  measuring is {m['cpu'] / r['cpu']:.0%} of the read's CPU time ({m['wall'] / r['wall']:.0%} of its wall time)"
    )


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        main()
