"""Check a 权责清单: the pandera schema, content rules, citation rules and law rules, as one report.

>>> from toolkit.validate import validate
>>> report = validate("workbooks/xingan-2022.xlsx")  # doctest: +SKIP
>>> report.errors, report.summary()  # doctest: +SKIP
(5, '错误 5 个，警告 8 个，提示 2 个')
"""

from __future__ import annotations

import gc
import re
import zipfile
from pathlib import Path

from ..model import PowerList
from . import citation_rules, law_rules, notice_rules, rules, schema  # noqa: F401  (importing registers the rules)
from .parallel import run_split
from .registry import RULES, Context, Hit, Options, Rule, rule, run_rules
from .report import Report, collapse_filled_down, finding_sort_key, print_report

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def load(source: str | Path) -> PowerList:
    """Read a master workbook, or import another published format (.txt/.docx) without cell positions.

    >>> load("tests/fixtures/seed.txt").rows[:2]  # doctest: +SKIP
    [None, None]
    """
    path = Path(source)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from ..workbook import read_workbook

        return read_workbook(path)
    from ..importers import import_file

    return import_file(path)


def validate(source: PowerList | str | Path, options: Options | None = None) -> Report:
    """Check a list (a :class:`PowerList` or a path) with every registered rule.

    Reading findings (unknown columns, formulas …) are included as rules QZ001-QZ004.

    >>> from toolkit.model import PowerList
    >>> validate(PowerList.from_records([{"序号": "1"}])).errors > 0
    True
    """
    pl = source if isinstance(source, PowerList) else load(source)
    ctx = Context(pl=pl, options=options or Options())
    # Checking a large list creates ~10^5 small objects (citations, check results) and hardly any reference
    # cycles; the collector's passes over them cost ~40 % of the time, so it waits until the end.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        active = [r for r in sorted(RULES.values(), key=lambda x: x.code) if r.code not in ctx.options.disabled]
        findings = run_split(ctx, active)
        # Freed by reference counting while the collector still waits: its first pass after re-enabling
        # then has far less to look at (~40 ms less on 10,000 items).
        ctx.cache.clear()
    finally:
        if gc_was_enabled:
            gc.enable()
    registered = set(RULES)
    # A reading finding whose code no rule claims still reaches the user.
    findings += [w for w in pl.warnings if w.code not in registered and w.code not in ctx.options.disabled]
    findings.sort(key=finding_sort_key)
    findings = collapse_filled_down(findings, pl, lambda: vertical_merges(pl))
    return Report(findings=findings, path=pl.source.path, pl=pl)


_MERGE_REF_RE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})(\d+):[A-Z]{1,3}(\d+)"')


def vertical_merges(pl: PowerList) -> dict[str, list[tuple[int, int]]]:
    """The list sheet's merged ranges spanning several rows: first column letter -> [(first row, last row)].

    The reader copies such a range's value into the rows below it (``tablegrid.fill_merged``) but does not keep
    the ranges, so they are read here, only when a finding repeats on neighbouring items. For an .xlsx the
    sheet XML is streamed for its ``<mergeCell>`` elements (~50 ms for 10,000 items written with shared
    strings); an .xls goes through calamine. Any failure means "no merges": the findings then stay per row.

    >>> vertical_merges(PowerList.empty())
    {}
    """
    path = pl.source.path
    if path is None or Path(path).suffix.lower() not in WORKBOOK_SUFFIXES:
        return {}
    from ..workbook import _sheet_member, sniff_format

    refs: set[tuple[str, int, int]] = set()
    try:
        kind = sniff_format(Path(path))
        if kind == "xlsx":
            with zipfile.ZipFile(path) as zf:
                member = _sheet_member(zf, pl.source.sheet)
                if member is None:
                    return {}
                tail = b""
                with zf.open(member) as fh:
                    while chunk := fh.read(1 << 22):
                        buf = tail + chunk
                        if b"mergeCell" in buf:
                            refs.update((m[1].decode(), int(m[2]), int(m[3])) for m in _MERGE_REF_RE.finditer(buf))
                        tail = buf[-200:]  # a tag cut by the chunk boundary is found whole next time
        elif kind == "xls":
            import python_calamine as calamine
            from openpyxl.utils import get_column_letter

            wb = calamine.CalamineWorkbook.from_path(str(path))
            try:
                ranges = wb.get_sheet_by_name(pl.source.sheet).merged_cell_ranges or []
            finally:
                wb.close()
            refs.update((get_column_letter(c1 + 1), r1 + 1, r2 + 1) for (r1, c1), (r2, _c2) in ranges)
    except Exception:  # noqa: BLE001 - merges only tidy the report; an unreadable file was reported by the reader
        return {}
    out: dict[str, list[tuple[int, int]]] = {}
    for letter, first, last in sorted(refs):
        if last > first:
            out.setdefault(letter, []).append((first, last))
    return out


__all__ = [
    "RULES",
    "Context",
    "Hit",
    "Options",
    "Report",
    "Rule",
    "load",
    "print_report",
    "rule",
    "run_rules",
    "validate",
]
