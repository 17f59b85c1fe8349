"""Benchmark `qzqd diff` against daff on two 10,000-item seed-like revisions with ~10 % of items changed.

    .venv/bin/python benchmarks/bench_diff.py [-n 10000] [--skip-cli]

The second revision gets: citation edits inside paragraphs, added duty paragraphs, renamed items (same
duties, one term changed), removed items, added items, and reordering (a tenth of the items moved, every
序号 renumbered). Both go to benchmarks/data/ as real workbooks. Timed in one run on the same data:
  * reading both workbooks (read_workbook);
  * the diff itself: toolkit.diff.diff(old, new) on the read lists, character-level diffs included;
  * daff on the same two tables (13 columns without 序号, keyed by 权力分类+项目名称+子项名称), the
    comparison plus the highlighted diff table it produces;
  * the whole command `qzqd diff OLD NEW -o x.xlsx` in a fresh process.
"""

from __future__ import annotations

import argparse
import copy
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from toolkit.diff import diff  # noqa: E402
from toolkit.model import COLUMN_NAMES  # noqa: E402
from toolkit.reading.xlsx import read_workbook  # noqa: E402

DATA = ROOT / "benchmarks" / "data"
_ARTICLE_RE = re.compile(r"第[零一二三四五六七八九十百]+条")


def seed_like(n: int, seed: int) -> list[list[str]]:
    """Seed-like items from gen_list (another benchmark's generator), names made unique as in a real list."""
    from gen_list import make_items

    rows = make_items(n, seed)
    name_col = COLUMN_NAMES.index("项目名称")
    sub_col = COLUMN_NAMES.index("子项名称")
    for i, row in enumerate(rows):
        row[name_col] = f"{row[name_col]}（{seed}-{i + 1}）"  # unique, like the real names of one unit's list
        if row[sub_col]:
            row[sub_col] = f"{row[sub_col]}{i + 1}"
    return rows


def revise(rows: list[list[str]], rng: random.Random, share: float = 0.10) -> tuple[list[list[str]], dict[str, int]]:
    """A second revision with about ``share`` of the items changed."""
    c = {name: COLUMN_NAMES.index(name) for name in COLUMN_NAMES}
    n = len(rows)
    new = copy.deepcopy(rows)
    k = int(n * share / 5)  # five kinds of change, equal shares
    picked = rng.sample(range(n), 4 * k)
    edits, paras, renames, removals = (picked[i * k : (i + 1) * k] for i in range(4))
    for i in edits:  # a citation renumbered, a quoted sentence reworded
        basis = new[i][c["实施依据"]]
        new[i][c["实施依据"]] = _ARTICLE_RE.sub("第九十九条", basis, count=1).replace("应当", "必须", 1)
    for i in paras:  # a duty paragraph added in the middle
        duties = new[i][c["责任事项"]].split("\n")
        duties.insert(len(duties) // 2, "整改责任：发现存在泄露国家秘密隐患的，要求限期整改（县国家保密局）。")
        new[i][c["责任事项"]] = "\n".join(duties)
    for i in renames:  # renamed, duties unchanged except one term
        new[i][c["项目名称"]] = "更名后的" + new[i][c["项目名称"]].replace("的", "之", 1)
        new[i][c["责任事项"]] = new[i][c["责任事项"]].replace("国家秘密", "国家秘密事项", 1)
    removed = set(removals)
    new = [r for i, r in enumerate(new) if i not in removed]
    for row in seed_like(k, seed=99):  # additions
        new.insert(rng.randrange(len(new) + 1), row)
    moved = rng.sample(range(len(new)), len(new) // 10)  # reordering
    moving = [new[i] for i in moved]
    keep = set(moved)
    new = [r for i, r in enumerate(new) if i not in keep]
    for r in moving:
        new.insert(rng.randrange(len(new) + 1), r)
    for seq, r in enumerate(new, start=1):
        r[0] = str(seq)
    return new, {"edits": 2 * k, "renames": k, "removed": k, "added": k, "moved": len(moving)}


def run_daff(old: list[list[str]], new: list[list[str]]) -> tuple[float, int]:
    import daff

    header = list(COLUMN_NAMES[1:])
    t1 = daff.PythonTableView([header, *[r[1:] for r in old]])
    t2 = daff.PythonTableView([header, *[r[1:] for r in new]])
    t0 = time.perf_counter()
    flags = daff.CompareFlags()
    for key in ("权力分类", "项目名称", "子项名称"):
        flags.addPrimaryKey(key)
    align = daff.Coopy.compareTables(t1, t2, flags).align()
    out: list[list[str]] = []
    daff.TableDiff(align, flags).hilite(daff.PythonTableView(out))
    return time.perf_counter() - t0, len(out) - 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", "--items", type=int, default=10000)
    ap.add_argument("--skip-cli", action="store_true", help="do not time the whole command")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each tool (best time kept)")
    ap.add_argument("--reuse", action="store_true", help="reuse the generated workbooks in benchmarks/data/")
    args = ap.parse_args()
    from gen_list import write_list

    rng = random.Random(2024)
    t0 = time.perf_counter()
    old_rows = seed_like(args.items, seed=1)
    new_rows, made = revise(old_rows, rng)
    old_path, new_path = DATA / f"diff-old-{args.items}.xlsx", DATA / f"diff-new-{args.items}.xlsx"
    if not (args.reuse and old_path.exists() and new_path.exists()):
        write_list(old_rows, old_path)
        write_list(new_rows, new_path)
    chars = sum(len(v) for r in old_rows for v in r) / len(old_rows)
    print(
        f"generated {args.items} items ({chars:.0f} characters each), changes {made} in {time.perf_counter() - t0:.1f} s"
    )

    t0 = time.perf_counter()
    old, new = read_workbook(old_path), read_workbook(new_path)
    t_read = time.perf_counter() - t0
    # The machine is shared: run both tools alternately and keep each one's best time.
    t_diff, t_daff = float("inf"), float("inf")
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        d = diff(old, new)
        t_diff = min(t_diff, time.perf_counter() - t0)
        t, rows = run_daff(old_rows, new_rows)
        t_daff = min(t_daff, t)
    s = d.summary()
    renamed = sum(1 for it in d.items if it.how == "similar")
    ops = sum(len(f.ops) for it in d.items for f in it.fields)
    print(f"read both workbooks: {t_read:.2f} s")
    print(
        f"qzqd diff (library, after reading, best of {args.repeat}): {t_diff:.2f} s — {s}, renamed pairs {renamed}, "
        f"{ops} char-level ops"
    )
    print(f"daff (keyed, same tables, best of {args.repeat}): {t_daff:.2f} s — {rows} diff rows")
    print(f"ratio qzqd/daff: {t_diff / t_daff:.2f}")

    if not args.skip_cli:
        out = DATA / f"diff-{args.items}.xlsx"
        qzqd = Path(sys.executable).parent / "qzqd"
        t0 = time.perf_counter()
        proc = subprocess.run(
            [str(qzqd), "diff", str(old_path), str(new_path), "-o", str(out), "--force"], capture_output=True, text=True
        )
        t_cli = time.perf_counter() - t0
        print(
            f"qzqd diff … -o x.xlsx (whole command): {t_cli:.2f} s, exit {proc.returncode}, "
            f"{out.stat().st_size / 1e6:.1f} MB"
        )
        if proc.returncode not in (0, 1):
            print(proc.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
