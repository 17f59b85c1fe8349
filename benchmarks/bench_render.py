"""Render benchmark: cold `qzqd render` of the sample, qzqd vs a naive WeasyPrint table, and a 1,000-item list.

    .venv/bin/python benchmarks/bench_render.py            # all three (about 10 minutes on 2 cores)
    .venv/bin/python benchmarks/bench_render.py cold side  # pick parts: cold, phases, side, mid, big
    .venv/bin/python benchmarks/bench_render.py cold big --base /path/to/other/checkout
                                                          # each render also run by another checkout of
                                                          # qzqd (same interpreter), alternating: same-run ratios

* cold: the whole `qzqd render` process on workbooks/xingan-2022.xlsx (new interpreter each run; best and
  median of 5), by default (two processes when a CPU is idle) and with `--jobs 1` (one process).
* phases: where the time of that render goes, each step timed in one fresh interpreter (CPU and wall).
* side: the same seed-like 200-item list rendered by `qzqd render` (parallel, fixed widths) and by the naive
  way — one process, one WeasyPrint document, an automatic-layout table of the 13 columns — one after the
  other in this run.
* mid: 40 seed-like items with `--jobs 1`, the checkouts taking turns (3 runs each): CPU medians (not in the
  default parts).
* big: `qzqd render` on 1,000 seed-like items: wall time and peak memory of the process tree (sampled).

Lists come from benchmarks/gen_list.py (seed-like items, ~2,300 characters each) into benchmarks/data/.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"
# The running interpreter with the checkout first on the path (works in any worktree, with or without .venv).
PY = sys.executable
QZQD = [PY, "-m", "toolkit"]
TREES = {"this": ROOT}  # --base adds "base": the reference checkout, run by the same interpreter
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def _tree_rss(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


CPU: dict[str, float] = {}


def run(cmd: list[str], tree: Path = ROOT) -> tuple[float, int]:
    """Wall seconds and peak resident memory (process tree, sampled every 0.2 s) of a command run with the
    checkout ``tree`` first on the path (and as its working folder).

    The CPU seconds of the whole tree (user + system, workers included) go to ``CPU["last"]``: on a shared
    machine wall time depends on the load, CPU time much less.
    """
    import os

    env = {**os.environ, "PYTHONPATH": str(tree)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, cwd=tree)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while proc.poll() is None:
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    wall = time.perf_counter() - start
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU["last"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    return wall, peak


def pages(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def make_list(n: int) -> Path:
    path = DATA / f"render-{n}.xlsx"
    if not path.exists():
        from gen_list import make_items, write_list  # the shared seed-like generator

        DATA.mkdir(parents=True, exist_ok=True)
        write_list(make_items(n, 1), path)
    return path


NAIVE = """
import sys, html, time
from pathlib import Path
sys.path.insert(0, {root!r})
import weasyprint
from toolkit.reading.xlsx import read_workbook
from toolkit.model import COLUMN_NAMES
pl = read_workbook(Path({src!r}))
cells = lambda r: "".join("<td>" + "<br>".join(html.escape(p) for p in r[c].split("\\n")) + "</td>" for c in COLUMN_NAMES)
rows = "".join("<tr>" + cells(r) + "</tr>" for r in pl.records())
head = "".join("<th>" + c + "</th>" for c in COLUMN_NAMES)
doc = ("<style>@page {{ size: A4 landscape; margin: 26mm 35mm 28mm 37mm }} body {{ font: 9pt 'Noto Serif CJK SC' }}"
       " table {{ border-collapse: collapse; width: 100% }} td, th {{ border: 0.5pt solid; vertical-align: top }}</style>"
       "<table><thead><tr>" + head + "</tr></thead><tbody>" + rows + "</tbody></table>")
weasyprint.HTML(string=doc).write_pdf({out!r})
"""


# `qzqd` as the console script runs it, but leaving with os._exit after flushing: what the process would
# take without the interpreter's teardown (freeing every module: ~0.3 s once WeasyPrint and numpy are loaded).
FAST_EXIT = """
import os, sys
from toolkit.cli import main
try:
    main(sys.argv[1:], prog_name="qzqd")
    code = 0
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 1
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
"""


NOTO = ["--font", "仿宋=Noto Serif CJK SC", "--font", "黑体=Noto Sans CJK SC", "--font", "楷体=Noto Serif CJK SC"]
NOTO += ["--font", "宋体=Noto Serif CJK SC"]


def bench_cold(runs: int = 5) -> dict[str, float]:
    """Best and median of ``runs`` cold renders per variant and checkout; the variants take turns (a load that
    comes and goes on a shared machine then hits them alike)."""
    DATA.mkdir(parents=True, exist_ok=True)
    out = DATA / "cold.pdf"
    variants = [
        ("default", QZQD, []),
        ("--jobs 1", QZQD, ["--jobs", "1"]),
        ("default, Noto faces", QZQD, NOTO),  # the faces a machine without Fandol gets
        ("default, no interpreter teardown", [PY, "-c", FAST_EXIT], []),
    ]
    keys = [(name, label) for name in TREES for label, _, _ in variants]
    walls: dict[tuple[str, str], list[float]] = {k: [] for k in keys}
    cpus: dict[tuple[str, str], list[float]] = {k: [] for k in keys}
    peaks: dict[tuple[str, str], list[int]] = {k: [] for k in keys}
    counts: dict[tuple[str, str], int] = {}
    for _ in range(runs):
        for label, prog, extra in variants:
            for name, tree in TREES.items():
                cmd = [*prog, "render", str(ROOT / "workbooks" / "xingan-2022.xlsx"), "-o", str(out), "--force"]
                wall, peak = run([*cmd, *extra], tree)
                walls[name, label].append(wall)
                cpus[name, label].append(CPU["last"])
                peaks[name, label].append(peak)
                counts[name, label] = pages(out)
    for key in keys:
        w = walls[key]
        print(
            f"cold sample [{key[0]}] ({key[1]}): best {min(w):.2f} s, median {statistics.median(w):.2f} s wall "
            f"(runs: {' '.join(f'{x:.2f}' for x in w)}), CPU median {statistics.median(cpus[key]):.2f} s, "
            f"{counts[key]} pages, peak {max(peaks[key]) / 1e6:.0f} MB"
        )
    if "base" in TREES:
        for label, _, _ in variants:
            this, base = statistics.median(cpus["this", label]), statistics.median(cpus["base", label])
            wall_ratio = statistics.median(walls["this", label]) / statistics.median(walls["base", label])
            print(f"cold sample ({label}) this/base: CPU {this / base:.2f}, wall {wall_ratio:.2f} (medians)")
    return {f"{k[0]} {k[1]}": min(w) for k, w in walls.items()}


PHASES = """
import time
t0 = (time.process_time(), time.perf_counter())
marks = []
def mark(name):
    marks.append((name, time.process_time(), time.perf_counter()))
import toolkit.cli
mark("import toolkit.cli (click, rich)")
from toolkit.render.build import render
from toolkit.render.fonts import resolve_fonts
from toolkit.reading.xlsx import read_workbook
mark("import render command modules")
fonts = resolve_fonts()
mark("resolve fonts (fc-list)")
pl = read_workbook({src!r})
mark("read workbook (calamine)")
from toolkit.render.html import build_context, whole_html
html = whole_html(build_context(pl, fonts))
mark("HTML: column widths (numpy) + jinja2")
from toolkit.render.pdf import _weasyprint, render_document
_weasyprint()
mark("import WeasyPrint (cached FFI table)")
document = render_document(html)
mark("layout, 13 pages")
document.write_pdf({out!r})
mark("draw + write the PDF (13 pages, 3 CJK faces subset)")
cut = (len(document.pages) + 1) // 2
document.copy(document.pages[:cut]).write_pdf({out!r} + ".head")
mark("(tried, dropped) draw + write pages 1-7 alone")
prev = t0
for name, cpu, wall in marks:
    print(f"  {{name:<52}} {{cpu - prev[0]:5.2f}} s CPU {{wall - prev[1]:5.2f}} s wall")
    prev = (cpu, wall)
"""


def bench_phases() -> None:
    script = PHASES.format(src=str(ROOT / "workbooks" / "xingan-2022.xlsx"), out=str(DATA / "phases.pdf"))
    start = time.perf_counter()
    proc = subprocess.run([PY, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    print(f"phases of the sample render, one process (whole script {time.perf_counter() - start:.2f} s wall):")
    print(proc.stdout, end="")


def bench_side(n: int = 200) -> dict[str, float]:
    src = make_list(n)
    ours_pdf, naive_pdf = DATA / f"qzqd-{n}.pdf", DATA / f"naive-{n}.pdf"
    ours, ours_peak = run([*QZQD, "render", str(src), "-o", str(ours_pdf), "--force"])
    ours_cpu = CPU["last"]
    print(
        f"{n} items, qzqd render: {ours:.1f} s wall, {ours_cpu:.1f} s CPU, {pages(ours_pdf)} pages, "
        f"peak {ours_peak / 1e6:.0f} MB",
        flush=True,
    )
    script = NAIVE.format(root=str(ROOT), src=str(src), out=str(naive_pdf))
    naive, naive_peak = run([PY, "-c", script])
    naive_cpu = CPU["last"]
    print(
        f"{n} items, naive WeasyPrint table: {naive:.1f} s wall, {naive_cpu:.1f} s CPU, {pages(naive_pdf)} pages, "
        f"peak {naive_peak / 1e6:.0f} MB"
    )
    print(f"speed-up: {naive / ours:.1f}x wall, {naive_cpu / ours_cpu:.1f}x CPU")
    return {"ours": ours, "naive": naive}


def bench_mid(n: int = 40, runs: int = 3) -> dict[str, float]:
    """``n`` seed-like items (about two table pages each) rendered with ``--jobs 1``, the checkouts taking
    turns: CPU medians, and the ratio to --base (the table's share of a render, without the parallel split)."""
    src = make_list(n)
    cpus: dict[str, list[float]] = {name: [] for name in TREES}
    for _ in range(runs):
        for name, tree in TREES.items():
            out = DATA / f"qzqd-{n}-{name}.pdf"
            run([*QZQD, "render", str(src), "-o", str(out), "--force", "--jobs", "1"], tree)
            cpus[name].append(CPU["last"])
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    for name in TREES:
        out = DATA / f"qzqd-{n}-{name}.pdf"
        runs_text = " ".join(f"{x:.2f}" for x in cpus[name])
        print(
            f"{n} items, --jobs 1 [{name}]: CPU median {statistics.median(cpus[name]):.2f} s (runs: {runs_text}), "
            f"{pages(out)} pages, load after {load}"
        )
    if "base" in TREES:
        print(f"{n} items this/base: CPU {statistics.median(cpus['this']) / statistics.median(cpus['base']):.2f}")
    return {name: statistics.median(c) for name, c in cpus.items()}


def bench_big(n: int = 1000) -> dict[str, float]:
    src = make_list(n)
    result = {}
    for name, tree in TREES.items():
        out = DATA / f"qzqd-{n}-{name}.pdf"
        wall, peak = run([*QZQD, "render", str(src), "-o", str(out), "--force"], tree)
        load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
        print(
            f"{n} items, qzqd render [{name}]: {wall:.1f} s wall, {CPU['last']:.1f} s CPU, {pages(out)} pages, "
            f"peak {peak / 1e9:.2f} GB (process tree), load after {load}",
            flush=True,
        )
        result[name] = wall
    return result


def main() -> None:
    args = sys.argv[1:]
    if "--base" in args:
        at = args.index("--base")
        TREES["base"] = Path(args[at + 1]).resolve()
        del args[at : at + 2]
    parts = args or ["cold", "phases", "side", "big"]
    load = Path("/proc/loadavg").read_text().split()[:3]
    print(f"load average before: {' '.join(load)}")
    for part in parts:
        parts_by_name = {
            "cold": bench_cold,
            "phases": bench_phases,
            "side": bench_side,
            "mid": bench_mid,
            "big": bench_big,
        }
        parts_by_name[part]()
    print(f"load average after: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")


if __name__ == "__main__":
    main()
