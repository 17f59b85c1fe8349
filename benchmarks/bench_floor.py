"""How fast could read + validate be at best? A lower bound with a columnar reader and vectorised rules.

The foundation target asks for read + validate ≤ 1.5× the time python-calamine takes to read the file. This
script measures the cheapest design we know for the same job, without building it: fastexcel (calamine
into Arrow, no Python object per cell) and polars (Rust, both cores) for every whole-column scan, Python only
where the rules are Python (the citation parse and the law checks, once per distinct paragraph), and the
pandera schema on the polars frame. It leaves out everything a real implementation also needs (header
detection, merged cells, formulas, the exact rules on the cells the scans flag, QZ204 votes, QZ207, QZ211,
building findings), so the figure it prints is a floor, not an estimate.

Needs two packages qzqd does not depend on; install them beside the venv, not into it:

    .venv/bin/pip install --target /tmp/qzqd-floor fastexcel polars
    PYTHONPATH=/tmp/qzqd-floor .venv/bin/python benchmarks/bench_floor.py [FILE] [--repeat 3]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT / "benchmarks" / "data" / "list-10000.xlsx"
NAMES = [
    "序号", "权力分类", "项目名称", "子项名称", "实施主体", "承办的内设机构", "实施依据",
    "责任事项", "责任事项依据", "追责情形", "追责依据", "免责事项", "备注",
]  # fmt: skip
REQUIRED = ["权力分类", "项目名称", "实施主体", "实施依据", "责任事项", "追责情形", "追责依据"]
MULTILINE = ["实施依据", "责任事项", "责任事项依据", "追责情形", "追责依据", "免责事项", "备注"]
CITATION = ["实施依据", "责任事项依据", "追责依据"]


def child_calamine(path: str) -> dict[str, float]:
    import python_calamine

    t = time.perf_counter()
    wb = python_calamine.CalamineWorkbook.from_path(path)
    wb.get_sheet_by_name("权责清单").to_python(skip_empty_area=False)
    return {"calamine": time.perf_counter() - t}


def child_floor(path: str) -> dict[str, float]:
    import gc

    import fastexcel
    import pandera.polars as pa
    import polars as pl

    sys.path.insert(0, str(ROOT))
    from toolkit.citations.check import check_citation
    from toolkit.citations.parse import simple_line
    from toolkit.citations.registry import load_registry
    from toolkit.model import CATEGORIES, LOCAL_CATEGORIES
    from toolkit.validate import citation_rules, law_rules

    registry = load_registry(())
    as_of = dt.date(2025, 1, 10)  # gen_list.py's 成文日期
    gc.disable()  # as validate does
    laps: dict[str, float] = {}
    t = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        laps[name] = now - t
        t = now

    sheet = fastexcel.read_excel(path).load_sheet_by_name("权责清单", header_row=None, dtypes="string")
    df = pl.DataFrame(sheet)  # Arrow C stream: no copy, no Python objects
    lap("read (fastexcel → polars)")

    df = df.slice(2).rename(dict(zip(df.columns, NAMES, strict=True))).with_columns(pl.all().fill_null(""))
    forbidden = r"[\x00-\x08\x0b\x0c\x0e-\x1f]|^\s|\s$|\r|[ \t\u3000]\n|\n[ \t\u3000]|\n\n"
    df.select([(pl.col(c).str.contains(forbidden) | (pl.col(c).str.len_chars() > 32767)).sum() for c in NAMES])
    lap("reading checks (QZ006, cleaning)")

    known = [*CATEGORIES, *LOCAL_CATEGORIES]
    checks = {c: [pa.Check(lambda d: d.lazyframe.select(pl.col(d.key).str.len_chars() > 0))] for c in REQUIRED}
    checks["权力分类"].append(pa.Check(lambda d: d.lazyframe.select(pl.col(d.key).is_in(known))))
    seq = [
        pa.Check(lambda d: d.lazyframe.select(pl.col(d.key).str.contains(r"^[1-9]\d{0,8}$"))),
        pa.Check(lambda d: d.lazyframe.select(pl.col(d.key).cast(pl.Int64, strict=False).diff().fill_null(1) == 1)),
    ]
    schema = pa.DataFrameSchema(
        {"序号": pa.Column(str, checks=seq)} | {c: pa.Column(str, checks=checks[c]) for c in REQUIRED}
    )
    with contextlib.suppress(pa.errors.SchemaErrors):
        schema.validate(df, lazy=True)
    lap("schema (pandera.polars, first run)")

    labels = df.select(
        [pl.col(c).str.extract_all(r"(?m)^\d{1,3}(?:[—－-]\d{1,3})?[．.、]").alias(c) for c in MULTILINE]
    )
    # canonical numbering 1．2．…n． in every cell; the others go to the exact rules
    in_order = (pl.element() == pl.int_range(1, pl.len() + 1).cast(pl.String) + "．").all()
    labels.select([pl.col(c).list.eval(in_order).list.first().alias(c) for c in MULTILINE])
    lap("numbering scan (QZ201-204, 211)")

    party_end = r"[（(][^（）()\n]{2,40}[）)][\s。；;，,.]*$"
    lines = df.select(pl.int_range(pl.len()).alias("i"), "责任事项", "追责情形").unpivot(index="i")
    lines = lines.with_columns(pl.col("value").str.split("\n")).explode("value")
    lines.filter(pl.col("value").str.contains(r"^\d") & ~pl.col("value").str.contains(party_end))
    lap("parties scan (QZ205, 206)")

    rare = r"[,;:?!(]|[ \t\u3000\u00a0]|[\]］】）)﹞〗}｝]第?\d{1,4}号"
    df.select([pl.col(c).str.contains(rare).sum() for c in NAMES[2:]])
    lap("punctuation scans (QZ208-210)")

    cites = df.select(pl.int_range(pl.len()).alias("i"), *CITATION).unpivot(index="i")
    cites = cites.with_columns(pl.col("value").str.split("\n")).explode("value")
    distinct = cites["value"].unique().to_list()
    lap("distinct citation paragraphs (polars)")

    silent = []
    for line in distinct:
        c = simple_line(line)
        if c is None or citation_rules.reportable(c) or c.law is None:
            continue
        if not law_rules.reportable(c, check_citation(c, registry, as_of, issuance=c.issuance)):
            silent.append(line)
    lap("parse + law check per distinct paragraph (Python)")
    cites.filter(~pl.col("value").is_in(silent))
    lap("flag citation cells (polars)")
    return laps


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        kind, path = args.child
        print(json.dumps(child_calamine(path) if kind == "calamine" else child_floor(path), ensure_ascii=False))
        return
    best: dict[str, float] = {}
    for _ in range(args.repeat):
        for kind in ("calamine", "floor"):
            out = subprocess.run(
                [sys.executable, __file__, "--child", kind, str(args.file)], capture_output=True, text=True, check=True
            )
            for name, seconds in json.loads(out.stdout.strip().splitlines()[-1]).items():
                best[name] = min(seconds, best.get(name, seconds))
    base = best.pop("calamine")
    print(f"{args.file.name}: best of {args.repeat} runs per part")
    print(f"{'python-calamine alone (to_python)':<52}{base:>7.3f} s")
    for name, seconds in best.items():
        print(f"  {name:<50}{seconds:>7.3f} s")
    total = sum(best.values())
    print(f"{'floor of read + validate (sum of the parts)':<52}{total:>7.3f} s = {total / base:.2f}× calamine")


if __name__ == "__main__":
    main()
