"""Find a table's header and decide where each of its columns goes.

The header is the row among the first ones that names most standard columns (by the vocabulary,
:mod:`toolkit.reading.vocabulary`), with the rows above and below that belong to it: a group row
(权力清单 | 责任清单), a row of sub-columns under a label spanning several columns (执法依据 over
法律 | 行政法规 | 地方性法规 | 规章), a row that names further columns where the main row is empty, a row
of header words only (a header renamed by hand, left with its old second row).

Every column with a label is placed (:class:`Column`): into a standard column, as a sub-column joined into
one with its label, as a column holding two standard columns, as the steps of an item, or as an extra
column under its own header. Nothing is dropped here: a column with no label at all is placed by the
grid reader once it knows whether the column holds anything.

>>> h = detect_header([["序号", "执法类别", "职权名称", "执法依据", None, "办理时限"],
...                    [None, None, None, "法律", "行政法规", None]],
...                   merges=[((0, 3), (0, 4))])
>>> h.rows, [(c.kind, c.target, c.label) for c in h.columns.values()][2:5]
((0, 1), [('standard', '项目名称', ''), ('sub', '实施依据', '法律'), ('sub', '实施依据', '行政法规')])
>>> h.columns[5].kind, h.columns[5].target
('extra', '办理时限')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model import COLUMN_BY_NAME, normalize_header
from .vocabulary import CHOICE, COMBINED, EXTRA, GROUP, STANDARD, STEPS, Target, match_header

HEADER_SCAN_ROWS = 15
Merge = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first col), (last row, last col)), 0-based

# Labels of sub-columns under a spanning header: the kinds of legal basis (执法依据 over 法律 | 行政法规 …).
_SUB_LABEL_RE = re.compile(
    r"^(?:法律|行政法规|地方性法规|部门规章|部委规章|国务院部门规章|政府规章|地方政府规章|规章|规范性文件|其他规范性文件"
    r"|党内法规|国务院决定|国务院文件|自治条例|单行条例|法规|法律法规|其他|其他依据|部门文件|政策文件|上级文件)$"
)


def is_sub_label(text: str) -> bool:
    """Whether a header cell is a sub-column label of the kinds of legal basis (法律, 行政法规 …).

    >>> is_sub_label("地方性法规"), is_sub_label("实施依据")
    (True, False)
    """
    return _SUB_LABEL_RE.match(normalize_header(text)) is not None


# Column kinds
SUB = "sub"  # one of several source columns joined into a standard column, each paragraph labelled


@dataclass
class Column:
    """Where one source column goes."""

    kind: str  # STANDARD, SUB, COMBINED, STEPS or EXTRA
    target: str  # the standard column (the first of two for COMBINED), or the extra column's name
    source: str  # the header as written (“执法依据／法律” for a sub-column)
    label: str = ""  # SUB: the sub-header, put before each paragraph as 【label】
    second: str = ""  # COMBINED: the other standard column
    note: str = ""  # how it was chosen, for the report
    wording: Target | None = None
    duplicate_of: str = ""  # EXTRA: the standard column an earlier header already names


@dataclass
class Header:
    rows: tuple[int, ...]  # 0-based row indices of the header
    columns: dict[int, Column]  # 0-based column index -> where it goes
    found: list[str] = field(default_factory=list)  # all header texts, for messages

    def standard(self) -> dict[int, str]:
        """Columns read straight into a standard column: column index -> standard name."""
        return {c: col.target for c, col in self.columns.items() if col.kind == STANDARD}

    def targets(self) -> set[str]:
        """Every standard column some source column feeds."""
        out = {col.target for col in self.columns.values() if col.kind in (STANDARD, SUB, COMBINED)}
        out |= {col.second for col in self.columns.values() if col.kind == COMBINED}
        return out


def text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _label(value: Any) -> str:
    return text(value).replace("\r", "").replace("\n", "")


def _named(row: list[Any]) -> dict[int, Target]:
    out: dict[int, Target] = {}
    for c, v in enumerate(row):
        if isinstance(v, str) and v:
            t = match_header(v)
            if t is not None:
                out[c] = t
    return out


def _score(named: dict[int, Target]) -> int:
    cols: set[str] = set()
    for t in named.values():
        if t.kind in (STANDARD, CHOICE):
            cols.add(t.column)
        elif t.kind == COMBINED:
            cols.update(t.columns)
    if len(cols) == 2 and cols == {"序号", "项目名称"}:
        return 3  # the smallest catalogue: 序号 | 行政处罚内容 (a number and a name) is a list too
    return len(cols)


def _is_group_row(row: list[Any]) -> bool:
    return any(t.kind == GROUP for t in _named(row).values())


def _spans(rows: list[list[Any]], r: int, merges: list[Merge]) -> dict[int, tuple[int, str]]:
    """Column -> (first column, label) of the labels in row ``r`` that span several columns."""
    out: dict[int, tuple[int, str]] = {}
    for (r1, c1), (r2, c2) in merges:
        if r1 <= r < r2 + 1 and c2 > c1 and r1 == r:
            label = _label(rows[r][c1]) if c1 < len(rows[r]) else ""
            for c in range(c1, c2 + 1):
                out[c] = (c1, label)
    return out


def _is_header_like(row: list[Any], labels: dict[int, str]) -> bool:
    """A row of header words only: sub-column labels, known wordings, or the labels above repeated."""
    filled = [(c, _label(v)) for c, v in enumerate(row) if _label(v)]
    if len(filled) < 2:
        return False
    known = 0
    for c, t in filled:
        if match_header(t) is not None or _SUB_LABEL_RE.match(normalize_header(t)) or t == labels.get(c):
            known += 1
    return known == len(filled)


def _sub_labels_only(below: list[Any], main: list[Any], spans: dict[int, tuple[int, str]]) -> bool:
    """A second header row of sub-labels (省 | 市 | 县 under 行使层级): short texts, each under a label of the
    row above that spans several columns (or, without merge information, under an empty cell right of a
    label), nothing under the row's single-column labels."""
    filled = [(c, _label(v)) for c, v in enumerate(below) if _label(v)]
    if len(filled) < 2 or any(len(t) > 8 or t.isdigit() for _, t in filled):
        return False
    for c, _t in filled:
        above = _label(main[c]) if c < len(main) else ""
        if c in spans:
            continue
        if above or c == 0 or not any(_label(main[k]) for k in range(c)):
            return False
    return True


def detect_header(rows: list[list[Any]], merges: list[Merge] | None = None) -> Header | None:
    """Find the header among the first rows and place its columns; None when no row names 3 standard columns.

    >>> detect_header([["甲"], ["乙"]]) is None
    True
    """
    merges = merges or []
    best, best_named, best_score = -1, dict[int, Target](), 0
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        named = _named(row)
        score = _score(named)
        if score > best_score:
            best, best_named, best_score = r, named, score
    if best_score < 3:
        return None
    main = rows[best]
    header_rows = [best]
    if best > 0:
        above = rows[best - 1]
        above_named = _named(above)
        complements = any(c not in best_named and not _label(main[c] if c < len(main) else "") for c in above_named)
        if _is_group_row(above) or complements:
            header_rows.insert(0, best - 1)
    # Rows below that belong to the header: sub-columns of a spanning label, further names, header words only.
    main_labels = {c: _label(v) for c, v in enumerate(main)}
    spans = _spans(rows, best, merges)
    r = best + 1
    while r < len(rows) and r <= best + 2:
        below = rows[r]
        below_named = _named(below)
        fills_gaps = [c for c in below_named if c not in best_named]
        under_span = any(c in spans and _label(v) for c, v in enumerate(below))
        if (
            (_is_group_row(main) and below_named)
            or len(fills_gaps) >= 2
            or (under_span and _is_header_like(below, main_labels))
            or _is_header_like(below, main_labels)
            or _sub_labels_only(below, main, spans)
        ):
            header_rows.append(r)
            r += 1
            continue
        break
    return _place(rows, tuple(header_rows), merges)


def _column_labels(rows: list[list[Any]], header_rows: tuple[int, ...], merges: list[Merge]) -> dict[int, list[str]]:
    """Per column, its header texts top to bottom, a label spanning several columns repeated over each."""
    width = max(len(rows[r]) for r in header_rows)
    out: dict[int, list[str]] = {c: [] for c in range(width)}
    for r in header_rows:
        spans = _spans(rows, r, merges)
        row = rows[r]
        for c in range(width):
            t = _label(row[c]) if c < len(row) else ""
            if not t and c in spans:
                t = spans[c][1]
            out[c].append(t)
    # Without merge information (a text copy), a standard label with empty cells to its right over
    # sub-column labels spans them.
    if len(header_rows) >= 2:
        top = len(header_rows) - 2
        for c in range(1, width):
            prev = out[c - 1][top]
            own = _label(rows[header_rows[top]][c]) if c < len(rows[header_rows[top]]) else ""
            # a label with empty cells to its right, over labels in the row below: it spans them
            if not out[c][top] and out[c][-1] and prev and not own and out[c - 1][-1] != prev:
                out[c][top] = prev
    return out


def _place(rows: list[list[Any]], header_rows: tuple[int, ...], merges: list[Merge]) -> Header:
    labels = _column_labels(rows, header_rows, merges)
    columns: dict[int, Column] = {}
    found: list[str] = []
    pending: list[tuple[int, Column]] = []
    taken: dict[str, int] = {}
    for c, texts in labels.items():
        nonempty = [t for t in texts if t]
        if not nonempty:
            continue
        # Group labels (权力清单/责任清单) above are not part of a column's name.
        words = [t for t in dict.fromkeys(nonempty) if (match_header(t) or Target("")).kind != GROUP]
        if not words:
            continue
        lowest = words[-1]
        found.append(lowest)
        lowest_t = match_header(lowest)
        upper = words[-2] if len(words) >= 2 else ""
        upper_t = match_header(upper) if upper else None
        if upper_t is not None and upper_t.kind in (STANDARD, CHOICE) and (lowest_t is None or lowest_t.kind == EXTRA):
            # A sub-column under a standard label spanning several columns: joined, labelled.
            col = Column(SUB, upper_t.column, f"{upper}／{lowest}", label=lowest, wording=upper_t)
            columns[c] = col
            continue
        source = "／".join(words)  # a label over several columns is part of each one's name (职权名称／项目)
        own = any(c < len(rows[r]) and _label(rows[r][c]) for r in header_rows)
        if not own and lowest_t is not None and lowest_t.kind in (STANDARD, CHOICE):
            # A label spanning this column with nothing of its own under it: 事项名称 over 主项 | 子项.
            if lowest_t.column == "项目名称" and "子项名称" not in taken:
                taken["子项名称"] = c
                columns[c] = Column(STANDARD, "子项名称", source, note="“事项名称”跨两列，第二列为子项")
            else:
                columns[c] = Column(SUB, lowest_t.column, source, wording=lowest_t)
            continue
        if lowest_t is None or lowest_t.kind == EXTRA:
            pending.append((c, Column(EXTRA, source, source, wording=lowest_t)))
        elif lowest_t.kind == STANDARD:
            if lowest_t.column in taken:
                pending.append((c, Column(EXTRA, source, source, duplicate_of=lowest_t.column)))
            else:
                taken[lowest_t.column] = c
                columns[c] = Column(STANDARD, lowest_t.column, source, wording=lowest_t)
        else:
            pending.append((c, Column(lowest_t.kind, "", source, wording=lowest_t)))
    sub_targets = {col.target for col in columns.values() if col.kind == SUB}
    for name in sub_targets:
        taken.setdefault(name, -1)
    extras: set[str] = set()
    for c, col in pending:
        t = col.wording
        if t is not None and t.kind == CHOICE:
            free = [x for x in t.columns if x not in taken]
            if free:
                taken[free[0]] = c
                chosen = f"表中{'已有' if free[0] != t.columns[0] else '没有'}“{t.columns[0]}”列"
                columns[c] = Column(STANDARD, free[0], col.source, note=chosen, wording=t)
                continue
        elif t is not None and t.kind == COMBINED:
            first, second = t.columns
            if first not in taken and second not in taken:
                taken[first] = taken[second] = c
                columns[c] = Column(COMBINED, first, col.source, second=second, wording=t)
                continue
            free = [x for x in t.columns if x not in taken]
            if free:
                taken[free[0]] = c
                columns[c] = Column(STANDARD, free[0], col.source, note="整列放入（另一项已有单独的列）", wording=t)
                continue
        elif t is not None and t.kind == STEPS and STEPS not in taken:
            taken[STEPS] = c
            columns[c] = Column(STEPS, "责任事项", col.source, wording=t)
            continue
        name = _extra_name(col.source, extras)
        extras.add(name)
        columns[c] = Column(EXTRA, name, col.source, note=col.note, wording=t, duplicate_of=col.duplicate_of)
    return Header(header_rows, dict(sorted(columns.items())), found)


def _extra_name(source: str, taken: set[str]) -> str:
    """A name for an extra column: its header, made unique, never a standard column's own name."""
    base = source or "无表头"
    name = base
    n = 2
    while name in taken or name in COLUMN_BY_NAME:
        name = f"{base}（{n}）"
        n += 1
    return name


__all__ = ["HEADER_SCAN_ROWS", "SUB", "Column", "Header", "Merge", "detect_header", "is_sub_label", "text"]
