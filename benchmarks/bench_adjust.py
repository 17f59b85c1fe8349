"""Benchmark `qzqd adjust` (the submission package) on two 1,000-item seed-like revisions.

    .venv/bin/python benchmarks/bench_adjust.py [-n 1000]

The second revision is bench_diff's (≈10 % of the items edited, renamed, removed, added; a tenth moved;
every 序号 renumbered), plus merges (two items became one) and splits (one became two), and a 调整说明
sheet with the clerk's 依据/理由 for half of the adjustments. Timed in one run, each in a fresh process:
  * the reference: `qzqd diff OLD NEW -o 调整对照表.pdf` (the plain 对照表 as PDF, the heaviest document);
  * `qzqd adjust OLD NEW -o DIR` (the whole package: 对照表 xlsx + PDF, 申请表, 请示, record), target ≤ 60 s;
and, in this process after reading, the steps of the package.
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from toolkit.model import COLUMN_NAMES  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
C = {name: COLUMN_NAMES.index(name) for name in COLUMN_NAMES}
CONTENT = ("实施依据", "责任事项", "责任事项依据")


def merge_and_split(rows: list[list[str]], rng: random.Random, count: int) -> list[list[str]]:
    """``count`` merges (two neighbours become one item holding both's content) and ``count`` splits (an
    item's paragraphs shared between two items)."""
    rows = [list(r) for r in rows]
    for _ in range(count):
        i = rng.randrange(len(rows) - 1)
        a, b = rows[i], rows.pop(i + 1)
        merged = list(a)
        merged[C["项目名称"]] = a[C["项目名称"]] + "及相关事项"
        for col in CONTENT:
            merged[C[col]] = a[C[col]] + "\n" + b[C[col]]
        rows[i] = merged
    for _ in range(count):
        i = rng.randrange(len(rows))
        src = rows[i]
        first, second = list(src), list(src)
        for col in CONTENT:
            paras = src[C[col]].split("\n")
            half = max(1, len(paras) // 2)
            first[C[col]], second[C[col]] = "\n".join(paras[:half]), "\n".join(paras[half:]) or paras[0]
        first[C["项目名称"]] = src[C["项目名称"]] + "（一）"
        second[C["项目名称"]] = src[C["项目名称"]] + "（二）"
        rows[i : i + 1] = [first, second]
    for seq, r in enumerate(rows, start=1):
        r[0] = str(seq)
    return rows


def add_notes(path: Path, rows: list[list[str]], old_rows: list[list[str]], rng: random.Random) -> int:
    """A 调整说明 sheet with 依据/理由 for half of the items whose name is not in the old list."""
    import openpyxl

    from toolkit.adjust.sheets import NOTES_SHEET, write_notes_sheet

    old_names = {r[C["项目名称"]] for r in old_rows}
    new_items = [r for r in rows if r[C["项目名称"]] not in old_names]
    picked = rng.sample(new_items, len(new_items) // 2)
    notes = [
        {
            "项目名称": r[C["项目名称"]],
            "子项名称": r[C["子项名称"]],
            "调整依据": "《某法》第十条",
            "调整理由": "职能调整",
        }
        for r in picked
    ]
    wb = openpyxl.load_workbook(path)
    write_notes_sheet(wb.create_sheet(NOTES_SHEET), notes)
    wb.save(path)
    return len(notes)


def run(args: list[str]) -> tuple[float, int]:
    qzqd = Path(sys.executable).parent / "qzqd"
    t0 = time.perf_counter()
    proc = subprocess.run([str(qzqd), *args], capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        print(proc.stdout, proc.stderr)
    return time.perf_counter() - t0, proc.returncode


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", "--items", type=int, default=1000)
    args = ap.parse_args()
    from bench_diff import revise, seed_like
    from gen_list import write_list

    rng = random.Random(2025)
    DATA.mkdir(exist_ok=True)
    old_rows = seed_like(args.items, seed=1)
    new_rows, made = revise(old_rows, rng)
    new_rows = merge_and_split(new_rows, rng, max(1, args.items // 200))
    old_path, new_path = DATA / f"adjust-old-{args.items}.xlsx", DATA / f"adjust-new-{args.items}.xlsx"
    write_list(old_rows, old_path)
    write_list(new_rows, new_path)
    notes = add_notes(new_path, new_rows, old_rows, rng)
    print(
        f"generated {args.items} → {len(new_rows)} items, changes {made}, merges/splits {args.items // 200} each, {notes} notes"
    )

    out = DATA / f"adjust-{args.items}"
    shutil.rmtree(out, ignore_errors=True)
    t_ref, rc_ref = run(
        ["diff", str(old_path), str(new_path), "-o", str(DATA / f"adjust-ref-{args.items}.pdf"), "--force"]
    )
    t_pkg, rc_pkg = run(["adjust", str(old_path), str(new_path), "-o", str(out), "--force", "--date", "2025-03-10"])
    pages = subprocess.run(["pdfinfo", str(out / "调整对照表.pdf")], capture_output=True, text=True).stdout
    pages = next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages")), "?")
    print(f"reference `qzqd diff … -o 调整对照表.pdf` (whole command): {t_ref:.1f} s, exit {rc_ref}")
    print(f"`qzqd adjust … -o DIR` (whole command): {t_pkg:.1f} s, exit {rc_pkg}; 对照表 PDF {pages} pages")
    print(f"ratio adjust / diff-to-PDF: {t_pkg / t_ref:.2f}")

    # Steps, in this process (reading once).
    from toolkit import read_workbook
    from toolkit.adjust.application import build_application
    from toolkit.adjust.plan import plan_adjustments
    from toolkit.adjust.sheets import read_sheets
    from toolkit.adjust.summary import summarize
    from toolkit.diff import diff

    t0 = time.perf_counter()
    old, new = read_workbook(old_path), read_workbook(new_path)
    t_read = time.perf_counter() - t0
    t0 = time.perf_counter()
    d = diff(old, new)
    t_diff = time.perf_counter() - t0
    t0 = time.perf_counter()
    plan = plan_adjustments(d, read_sheets(new_path))
    t_plan = time.perf_counter() - t0
    t0 = time.perf_counter()
    build_application(plan, summarize(plan), unit="某单位", date="2025年3月10日")
    t_app = time.perf_counter() - t0
    kinds = summarize(plan).by_kind
    print(
        f"read {t_read:.1f} s, diff {t_diff:.2f} s ({len(d.groups)} merges/splits found), plan {t_plan:.2f} s, 申请表 {t_app:.2f} s"
    )
    print(f"adjustments {sum(kinds.values())}: {kinds}; problems {len(plan.problems)}")
    return 0 if rc_pkg in (0, 1) else 1


if __name__ == "__main__":
    sys.exit(main())
