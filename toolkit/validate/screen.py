"""Which citation cells the citation and law rules (QZ3xx, QZ4xx) need to look at.

A real list repeats the same few hundred citation lines, under other numbers, in thousands of cells, and
nearly all of them are correct. A paragraph that is exactly one self-contained citation (numbered or
labelled, no continuation of the previous citation, no back reference ``同1．``) is parsed the same way
wherever it stands, so whether any rule may report it is decided once per distinct paragraph: its parse
(:func:`toolkit.citations.parse.simple_line`) passes :func:`.citation_rules.reportable` and, checked
against the law registry at the list's date, :func:`.law_rules.reportable`. A cell made only of such
paragraphs cannot produce a finding, so only the other cells are parsed as a whole and handed to the
rules; what the rules report is exactly what they report when given every cell.

The same citation stands under many numbers ("1．", "2—1．" …): a paragraph in the common form is decided
once per text after its number (:func:`toolkit.citations.parse.common_line` reads it the same under any
number), and each distinct citation content is checked against the registry once, the results shared with
the law rules (:func:`toolkit.citations.check.checked_content`).

>>> from toolkit.model import PowerList
>>> from toolkit.validate.registry import Context
>>> pl = PowerList.from_records([{"实施依据": "1．【法律】《某法》第三条：甲。"}, {"实施依据": "《某法》"}])
>>> sorted(reportable_citations(Context(pl)))
[(0, '实施依据'), (1, '实施依据')]
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate, compress, count, repeat
from operator import add

from ..citations import CITATION_COLUMNS, Citation, parse_citations
from ..citations.check import checked_content, list_date
from ..citations.parse import NUMBERED, common_line, simple_line
from ..citations.registry import load_registry
from . import citation_rules, law_rules
from .columns import SEPARATOR, cell_values, joined
from .registry import RULES, Context


def reportable_citations(ctx: Context) -> dict[tuple[int, str], list[Citation]]:
    """(item, column) -> parsed citations of every citation cell some QZ3xx/QZ4xx rule may report, in the
    order :func:`toolkit.citations.parse_list` gives them (computed once per validation)."""
    return ctx.memo("citations", lambda: _screen(ctx))  # type: ignore[no-any-return]


def _screen(ctx: Context) -> dict[tuple[int, str], list[Citation]]:
    # With every law rule skipped (--skip QZ401 …), the registry is neither loaded nor consulted.
    laws = any(code.startswith("QZ4") and ctx.active(code) for code in RULES)
    problems = citation_rules.active_problems(ctx)
    profile = ctx.profile
    registry = load_registry(tuple(ctx.options.law_dirs)) if laws else None
    as_of = list_date(ctx.pl, ctx.options.as_of)
    checked = ctx.memo(law_rules.CHECKED_KEY, dict)  # citation content -> its check, shared with the law rules

    silent: dict[str, bool] = {}  # distinct paragraph -> no rule can report it (shared by the columns)
    # A paragraph in the common form without its number ("【法律】《某法》第五条：…") -> no rule can report
    # it: the same citation stands under many numbers, and its number is not what a rule may report.
    common: dict[str, bool] = {}
    uncommon: set[str] = set()  # the same, out of the common form

    def line_silent(line: str) -> bool:
        ok = silent.get(line)
        if ok is None:
            ok = silent[line] = _line_silent(line)
        return ok

    def _line_silent(line: str) -> bool:
        m = NUMBERED.match(line)
        if m is None:
            return _parsed_silent(line)
        body = line[m.end() :]
        ok = common.get(body)
        if ok is None:
            if body in uncommon:
                return _parsed_silent(line)
            try:
                t = common_line(line)
            except Exception:  # noqa: BLE001 - as in _parsed_silent
                return False
            if t is None:  # not in the common form (under any number): its number may matter
                uncommon.add(body)
                return _parsed_silent(line)
            ok = common[body] = _citation_silent(t)
        return ok

    def _parsed_silent(line: str) -> bool:
        try:
            t = simple_line(line)
        except Exception:  # noqa: BLE001 - parse_citations turns this into an unreadable citation: reportable
            return False
        return t is not None and _citation_silent(t)

    def _citation_silent(t: Citation) -> bool:
        if citation_rules.reportable(t, problems, profile) or t.law is None:
            return False
        if registry is None:
            return True
        return not law_rules.reportable(t, checked_content(checked, t, registry, as_of, t.issuance)[0])

    out: dict[tuple[int, str], list[Citation]] = {}
    columns = ctx.pl.columns
    for column in CITATION_COLUMNS:
        if column not in columns:
            continue
        values = cell_values(ctx, column)
        flagged = _flagged_cells(ctx, column, values, line_silent)
        for i in flagged:
            value = values[i]
            if not value:
                continue
            cites = parse_citations(str(value))
            if cites:
                out[(i, column)] = cites
    return out


_END, _SENTINEL, _ = SEPARATOR.split("\n")  # how a joined column ends a cell's last paragraph and opens the next


def _flagged_cells(ctx: Context, column: str, values: list[str], line_silent: Callable[[str], bool]) -> list[int]:
    """The cells of ``column`` holding a paragraph that is not ``line_silent``, in item order.

    Every paragraph of the column is looked at once (C-level split and set; strings cache their hash, so the
    membership tests cost no rehashing), in the column's joined text (:func:`.columns.joined`, which the
    content rules read too): its paragraphs are each cell's, the last one ending in a NUL, each cell opened by
    a sentinel paragraph. Read from the joined text, the cells themselves are not touched (in validate's forked
    worker, touching a cell copies its memory page, see .parallel), unless one of them holds a NUL or the
    sentinel: then from the cells.
    """
    if not values:
        return []
    j = joined(ctx, column)
    # No cell holds a NUL, or a sentinel paragraph: then every NUL ends a cell, and every sentinel opens one.
    if j.text.count(_END) == len(values) + 1 and j.text.count(_SENTINEL + "\n") == len(values):
        lines = j.text.split("\n")
        distinct = set(lines)
        distinct.discard(_SENTINEL)
        marks = {line for line in distinct if not line_silent(line[:-1] if line.endswith(_END) else line)}
        if not marks:
            return []
        marks.add(_SENTINEL)
        cells: set[int] = set()
        cell = -1  # the paragraph before the first sentinel belongs to no cell
        for line in compress(lines, map(marks.__contains__, lines)):  # the sentinels and the bad paragraphs
            if line == _SENTINEL:
                cell += 1
            else:
                cells.add(cell)
        cells.discard(-1)
        return sorted(cells)
    lines = "\n".join(values).split("\n")
    bad = {line for line in set(lines) if not line_silent(line)}
    if not bad:
        return []
    # Line k belongs to the cell whose first line index is the last start <= k (empty cells have one).
    starts = list(map(add, accumulate(map(str.count, values, repeat("\n")), initial=0), count()))
    return sorted({bisect_right(starts, k) - 1 for k in compress(count(), map(bad.__contains__, lines))})
