"""Law library speed: how long until the registry is ready, and how long one article's text takes.

Each measurement runs in a fresh subprocess (so nothing is cached from an earlier one); imports of the package
are done before the clock starts. Article lookups: 300 (law, article) pairs drawn at random (seed 1) from
every version with text; "cold" is the first lookup in its block (read and decompress one block of ~2,000
characters), "warm" a second lookup of the same article. "First in the process" is the very first article read
(law 中华人民共和国行政许可法 第十条), which also reads the shared dictionary the blocks are compressed against.

    PYTHONPATH=. python benchmarks/bench_laws.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def child() -> None:
    import random
    import time

    sys.path.insert(0, str(ROOT))
    import toolkit.citations.registry as registry
    import toolkit.laws.store  # noqa: F401 - imports outside the clock

    t0, c0 = time.perf_counter(), time.process_time()
    reg = registry.load_registry((), env=False)
    assert reg.find("行政许可法") is not None  # the name index is built on the first lookup
    ready, ready_cpu = time.perf_counter() - t0, time.process_time() - c0
    t, c = time.perf_counter(), time.process_time()
    permit = reg.find("中华人民共和国行政许可法")
    assert permit is not None and permit.version_at(None).article(10) is not None
    first, first_cpu = time.perf_counter() - t, time.process_time() - c
    pairs = [(v, n) for law in reg.laws for v in law.versions if v.has_text and v.count for n in range(1, v.count + 1)]
    rng = random.Random(1)
    sample = rng.sample(pairs, 300)
    cold, warm, cold_cpu = [], [], []
    for v, n in sample:
        t, c = time.perf_counter(), time.process_time()
        a = v.article(n)
        cold.append(time.perf_counter() - t)
        cold_cpu.append(time.process_time() - c)
        t = time.perf_counter()
        b = v.article(n)
        warm.append(time.perf_counter() - t)
        assert a is not None and b is not None
    t = time.perf_counter()
    law = reg.find("中华人民共和国民法典")
    assert law is not None
    civil = law.version_at(None).article(1260)
    civil_t = time.perf_counter() - t
    assert civil is not None
    print(
        json.dumps(
            {
                "ready": ready,
                "ready_cpu": ready_cpu,
                "first": first,
                "first_cpu": first_cpu,
                "cold_cpu": cold_cpu,
                "laws": len(reg.laws),
                "cold": cold,
                "warm": warm,
                "civil_code_1260": civil_t,
            }
        )
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--child", action="store_true")
    args = ap.parse_args()
    if args.child:
        child()
        return
    runs = []
    for _ in range(args.repeat):
        out = subprocess.run([sys.executable, __file__, "--child"], capture_output=True, text=True, check=True)
        runs.append(json.loads(out.stdout))
    ready = sorted(r["ready"] for r in runs)
    ready_cpu = sorted(r["ready_cpu"] for r in runs)
    cold_cpu = sorted(x for r in runs for x in r["cold_cpu"])
    cold = sorted(x for r in runs for x in r["cold"])
    warm = sorted(x for r in runs for x in r["warm"])
    size = (ROOT / "toolkit" / "laws" / "data" / "laws.bin").stat().st_size

    def ms(x: float) -> str:
        return f"{x * 1000:.2f} ms"

    print(f"library file: {size / 1e6:.1f} MB; laws in the registry: {runs[0]['laws']}")
    print(
        f"registry ready (load_registry + first find, {args.repeat} fresh processes): best {ms(ready[0])}, median {ms(statistics.median(ready))}, worst {ms(ready[-1])}"
    )
    print(f"  CPU time: best {ms(ready_cpu[0])}, median {ms(statistics.median(ready_cpu))}, worst {ms(ready_cpu[-1])}")
    first = sorted(r["first"] for r in runs)
    first_cpu = sorted(r["first_cpu"] for r in runs)
    print(
        f"first article in the process (with the shared dictionary): median {ms(statistics.median(first))}, CPU median {ms(statistics.median(first_cpu))}, worst CPU {ms(first_cpu[-1])}"
    )
    print(
        f"one article, cold, CPU time: median {ms(statistics.median(cold_cpu))}, p95 {ms(cold_cpu[int(len(cold_cpu) * 0.95)])}, max {ms(cold_cpu[-1])}"
    )
    print(
        f"one article, cold ({len(cold)} lookups): median {ms(statistics.median(cold))}, p95 {ms(cold[int(len(cold) * 0.95)])}, max {ms(cold[-1])}"
    )
    print(f"one article, warm: median {ms(statistics.median(warm))}, max {ms(warm[-1])}")
    print(
        f"民法典 第一千二百六十条 (find + version + article, cold): median {ms(statistics.median(r['civil_code_1260'] for r in runs))}"
    )


if __name__ == "__main__":
    main()
