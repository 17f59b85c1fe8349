"""Automatic article maps against the reviewed ones qzqd ships (保密法 2010→2024, 实施条例 2014→2024).

Pair precision and recall: every (old article, new article) pair of a map, a deletion counting as the pair
(old, deleted). "Confident wrong" counts rows the aligner marks high that disagree with the reviewed map:
those would be rewritten by update-citations without a person, so the target is 0.

    PYTHONPATH=. python benchmarks/bench_align.py [-v]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.citations.registry import read_mapping  # noqa: E402
from toolkit.laws.align import align_articles  # noqa: E402
from toolkit.laws.lawtext import parse_law_file  # noqa: E402

DATA = ROOT / "toolkit" / "citations" / "data" / "laws"
CASES = [
    ("保密法 2010→2024", "baomifa", "2010-04-29", "2024-02-27"),
    ("实施条例 2014→2024", "baomifa-shishitiaoli", "2014-01-17", "2024-07-10"),
]


def pairs_of(rows: dict[int, tuple[int, ...]]) -> set[tuple[int, int | str]]:
    return {(o, n) for o, news in rows.items() for n in (news or ("deleted",))}


def main(verbose: bool = False) -> int:
    total_p = total_r = 0.0
    bad_total = 0
    print("| 对照表 | 旧条数 | 成对精确率 | 成对召回率 | 高可信行 | 高可信但错误 | 低可信行 | 用时 |")
    print("|---|---|---|---|---|---|---|---|")
    for label, folder, a, b in CASES:
        old = [(x.number, x.text) for x in parse_law_file(DATA / folder / f"{a}.md") if not x.sub]
        new = [(x.number, x.text) for x in parse_law_file(DATA / folder / f"{b}.md") if not x.sub]
        ref = read_mapping(DATA / folder / f"{a}_to_{b}.tsv")
        truth = {n: ref[n].new if n in ref else (n,) for n, _ in old}
        t0 = time.perf_counter()
        rows = align_articles(old, new)
        took = time.perf_counter() - t0
        auto = {r.old: r.new for r in rows}
        tp, ap = pairs_of(truth), pairs_of(auto)
        precision = len(tp & ap) / len(ap)
        recall = len(tp & ap) / len(tp)
        high = [r for r in rows if r.confidence == "high"]
        wrong = [r for r in high if tuple(sorted(r.new)) != tuple(sorted(truth[r.old]))]
        bad_total += len(wrong)
        total_p += precision
        total_r += recall
        print(
            f"| {label} | {len(old)} | {precision:.3f} | {recall:.3f} | {len(high)} | {len(wrong)} | "
            f"{len(rows) - len(high)} | {took * 1000:.0f} ms |"
        )
        if verbose:
            for r in rows:
                if tuple(sorted(r.new)) != tuple(sorted(truth[r.old])) or r.confidence != "high":
                    print(f"    {r.old}: auto {r.new} {r.confidence} {r.score} {r.note}  reviewed {truth[r.old]}")
    return 1 if bad_total else 0


if __name__ == "__main__":
    raise SystemExit(main("-v" in sys.argv))
