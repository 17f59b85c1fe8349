"""Validate of the sample with the whole law library, against a checkout without it (the reference, measured
in the same run): the validate call alone (imports done before the clock) and the whole `qzqd validate`
command, each in fresh processes, alternating the two trees.

    git archive <commit before the library> | tar -x -C /tmp/base
    python benchmarks/bench_laws_validate.py /tmp/base [--repeat 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHILD = """
import sys, time, json
sys.path.insert(0, sys.argv[1])
import pandera.pandas, pandera.backends.pandas.builtin_checks  # noqa
from toolkit.reading.xlsx import read_workbook
from toolkit.validate import validate
import toolkit.citations.registry  # noqa
try:
    import toolkit.laws.store, toolkit.laws.status  # noqa: the library's modules, imported like the rest
except ImportError:
    pass
pl = read_workbook(sys.argv[1] + "/workbooks/xingan-2022.xlsx")
t, c = time.perf_counter(), time.process_time()
r = validate(pl)
print(json.dumps({"wall": time.perf_counter() - t, "cpu": time.process_time() - c, "findings": len(r.findings)}))
"""


def run(root: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(root)], capture_output=True, text=True, check=True)
    res = json.loads(out.stdout)
    t = time.perf_counter()
    cli = subprocess.run(
        [sys.executable, "-m", "toolkit", "validate", "workbooks/xingan-2022.xlsx"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    res["cli"] = time.perf_counter() - t
    res["cli_out"] = cli.stdout
    return res


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("reference", type=Path)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    runs: dict[str, list[dict]] = {"reference": [], "library": []}
    for _ in range(args.repeat):
        runs["reference"].append(run(args.reference))
        runs["library"].append(run(ROOT))
    med = {k: {m: statistics.median(r[m] for r in v) for m in ("wall", "cpu", "cli")} for k, v in runs.items()}
    same = runs["reference"][0]["cli_out"] == runs["library"][0]["cli_out"]
    print(f"| measure (median of {args.repeat}) | without the library | with it | ratio |")
    print("|---|---|---|---|")
    for m, label in (("cpu", "validate() CPU"), ("wall", "validate() wall"), ("cli", "`qzqd validate` command wall")):
        a, b = med["reference"][m], med["library"][m]
        print(f"| {label} | {a * 1000:.0f} ms | {b * 1000:.0f} ms | {b / a:.2f}× |")
    print(
        f"findings: {runs['reference'][0]['findings']} / {runs['library'][0]['findings']}; "
        f"command output identical: {same}"
    )


if __name__ == "__main__":
    main()
