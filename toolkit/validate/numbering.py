"""Numbered points inside cells (``1．`` ``2—1．``) and fast whole-column text scans for the content rules.

Speed matters (10,000-item lists, ~23 M characters): each multi-paragraph cell is scanned once with
``findall`` (tuples built in C), the common well-formed case is accepted with cheap comparisons, and only
the few unusual cells get the exact, slower :func:`parse_points`. Rare patterns (odd brackets, half-width
punctuation, spaces) are looked for in one joined string per column with literal-first regexes, which the
regex engine scans at memchr speed, and only the cells they hit are examined further.

>>> [(p.label, p.fused) for p in parse_points("说明：\\n1．甲（县局）。2．乙\\n3．丙")]
[('1．', False), ('2．', True), ('3．', False)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import compress, count
from operator import not_
from typing import NamedTuple

from ..model import MULTILINE_COLUMNS
from .columns import (  # noqa: F401 - cell_values, joined … are imported from here by other modules
    DASHES,
    MAX_CANONICAL,
    READ_BY_REGEX,
    READ_HERE,
    SEPARATOR,
    ColumnScan,
    Joined,
    Raw,
    candidate_cells,
    cell_values,
    column_scan,
    joined,
    label_tuples,
    literal_finders,
)
from .registry import Context

# After a half-width "." a digit means a decimal (1.5万元), not a point; "3．2017年…" is point 3.
_DELIM = r"(．|、|\.(?!\d))"
_NUM = rf"(\d{{1,3}})(?:[ \t]*([{DASHES}])[ \t]*(\d{{1,3}}))?[ \t]*{_DELIM}"
# Used on "\n" + text: a literal first character lets the engine skip ahead fast; a (?m)^ anchor is tried
# at every position and costs several times more.
START_RE = re.compile(r"\n" + _NUM)
# The same, as one string per label ("1．", "2—1．"): the cheap signature of a cell's numbering. Written as
# three disjoint cases (point right after the number, a dash, spaces), the common first one is tried first;
# the engine matches it ~40 % faster than \d{1,3}(?:…[dash]…)?[ \t]*(?:…) and finds the same labels.
_POINT = r"(?:[．、]|\.(?!\d))"
LABEL_RE = re.compile(
    r"\n(\d{1,3}"
    + _POINT
    + r"|\d{1,3}[ \t]*["
    + DASHES
    + r"][ \t]*\d{1,3}[ \t]*"
    + _POINT
    + r"|\d{1,3}[ \t]+"
    + _POINT
    + ")"
)
# A number right after the end of a sentence, inside a paragraph: a candidate for two fused points.
FUSED_RE = re.compile(r"[。；;！？）)][ \t]*" + _NUM.replace(_DELIM, r"(．|\.(?!\d))"))


class Point(NamedTuple):
    """A numbered point (``3．`` or ``2—1．``) inside a cell."""

    major: int
    minor: int | None
    dash: str | None
    delim: str
    start: int  # offset of the number in the cell
    fused: bool  # found inside a paragraph instead of at its start

    @property
    def number(self) -> str:
        return f"{self.major}{self.dash}{self.minor}" if self.minor is not None else str(self.major)

    @property
    def label(self) -> str:
        return f"{self.number}{self.delim}"

    def follows(self, prev: Point | None) -> bool:
        """Whether this point is a valid successor of ``prev`` (None: first point)."""
        if prev is None:
            return self.major == 1 and self.minor in (None, 1)
        if self.minor is None:
            return self.major == prev.major + 1
        if self.major == prev.major:
            return self.minor == (prev.minor or 0) + 1
        return self.major == prev.major + 1 and self.minor == 1


def _point(m: re.Match[str], fused: bool, shift: int = 0) -> Point:
    major, dash, minor, delim = m.group(1, 2, 3, 4)
    return Point(int(major), int(minor) if minor else None, dash if minor else None, delim, m.start(1) - shift, fused)


def _may_have_fused(text: str, starts: int) -> bool:
    # Every mid-paragraph "N．" adds a point character beyond those of the paragraph starts.
    return text.count("．") + text.count(".") > starts


def parse_points(text: str) -> list[Point]:
    """The numbered points of a cell, including a point fused onto the previous one's line (exact, slower)."""
    if not text:
        return []
    points = [_point(m, False, 1) for m in START_RE.finditer("\n" + text)]
    if not points or not _may_have_fused(text, sum(1 for p in points if p.delim != "、")):
        return points
    # A mid-paragraph number counts as a fused point only when it continues the numbering, so "第2号）3．"
    # accidents inside quoted law text are not taken for points.
    mids = [_point(m, True) for m in FUSED_RE.finditer(text)]
    if not mids:
        return points
    accepted: list[Point] = []
    for p in sorted(points + mids, key=lambda p: p.start):
        if not p.fused or (
            accepted and (p.follows(accepted[-1]) or _skips_one(p, accepted[-1])) and not _repeated_later(p, points)
        ):
            accepted.append(p)
    return accepted


def _skips_one(p: Point, prev: Point) -> bool:
    # "…不予受理。 2.送达… 4.事后…": a list whose points were run together lost point 3 as well; the number
    # after a gap of one, written alike, is still a point (QZ201 then reports the gap).
    return p.minor is None and prev.minor is None and p.major == prev.major + 2 and p.delim == prev.delim


def _repeated_later(p: Point, starts: list[Point]) -> bool:
    # If a later paragraph starts with the same number, the mid-line one is not a point.
    return any(s.start > p.start and (s.major, s.minor) == (p.major, p.minor) for s in starts)


# The canonical numbering "1．2．3．…" as findall returns it: a cell whose raw list equals one of these
# (a C-level list comparison) needs no further look.
_CANON: list[list[Raw]] = [[(str(i), "", "", "．") for i in range(1, n + 1)] for n in range(MAX_CANONICAL + 1)]
_CANON_OR_NOT: list[list[Raw]] = [*_CANON, [], []]
assert (READ_HERE, READ_BY_REGEX) == (-2, -1)
_CANON_SIG: dict[str, int] = {"\x01".join(f"{i}．" for i in range(1, n + 1)): n for n in range(MAX_CANONICAL + 1)}
# "N．" right after the end of a sentence: found by scanning for the (rare) point character first and then
# looking behind, which is far faster than FUSED_RE's scan over all sentence ends.
_FUSED_HINTS = [
    (
        dot,
        re.compile(
            re.escape(dot)
            # a paragraph's own number ("\n1．", "\n12．", nearly every point character of a column) is ruled
            # out by one look behind instead of all those below
            + rf"(?<!\n\d{re.escape(dot)})(?<!\n\d\d{re.escape(dot)})"
            + "(?:"
            + "|".join(
                f"(?<=[。；;！？）)]{sp}{num}{re.escape(dot)})"
                for sp in ("", "[ \t]")
                # every number FUSED_RE takes without blanks: \d{1,3}, optionally a dash and \d{1,3}
                for num in [
                    *(r"\d" * a for a in (1, 2, 3)),
                    *(r"\d" * a + f"[{DASHES}]" + r"\d" * b for a in (1, 2, 3) for b in (1, 2, 3)),
                ]
            )
            + ")"
        ),
    )
    for dot in ("．", ".")
]
# Up to this many "．" outside the labels the numpy pass read, their cells are read exactly (parse_points, a
# few µs each) instead of screening the column (~10 ms per million characters).
_FEW_LOOSE_DOTS = 500
# The forms the look-behinds above cannot take (FUSED_RE allows any run of blanks: after the sentence end, around
# the dash, before the point character): a blank among the digits and dashes just before a point character.
# Blanks are rare in Chinese text, so this scan is cheap; a cell it finds is read exactly by parse_points.
_BLANK_HINT = re.compile(rf"[ \t][\d{DASHES} \t]{{0,8}}[．.]")


@dataclass
class ColumnPoints:
    """The numbering of one column: raw findall tuples per cell, and exact points where a cell needs them."""

    column: str
    values: list[str]
    raw: list[list[Raw]]
    canonical: list[bool]  # numbered exactly 1．2．3．… (or not numbered at all)
    fused: dict[int, list[Point]] = field(default_factory=dict)  # cells with a point fused into a paragraph

    def points(self, item: int) -> list[Point]:
        """Exact points of one cell (fused points included)."""
        return self.fused.get(item) or parse_points(self.values[item])

    def raw_points(self, item: int) -> list[Point]:
        """Points from the raw tuples, without offsets (start -1): enough to check the order."""
        return [Point(int(a), int(c) if c else None, b if c else None, d, -1, False) for a, b, c, d in self.raw[item]]

    def styles(self, item: int) -> tuple[set[str], set[str]]:
        """(point characters, dash characters) used by the cell's numbering."""
        if item in self.fused:
            pts = self.fused[item]
            return {p.delim for p in pts}, {p.dash for p in pts if p.dash}
        return _raw_styles(self.raw[item])

    def majors(self, item: int) -> list[int]:
        return [int(t[0]) for t in self.raw[item]]

    @cached_property
    def groups(self) -> list[NumberedAlike]:
        """The numbered cells that are not canonical, those numbered alike (one shared raw list) together; a
        cell with a fused point is a group of its own. A rule decides once per group (few on any list)."""
        alike: dict[int, list[int]] = {}
        raw, fused = self.raw, self.fused
        for item in compress(count(), map(not_, self.canonical)):
            if raw[item] and item not in fused:
                alike.setdefault(id(raw[item]), []).append(item)
        out = [NumberedAlike(items, *_raw_styles(raw[items[0]]), len(raw[items[0]])) for items in alike.values()]
        out += [NumberedAlike([item], *self.styles(item), len(raw[item])) for item in sorted(fused) if raw[item]]
        return out


class NumberedAlike(NamedTuple):
    """Cells of one column numbered alike (see :attr:`ColumnPoints.groups`)."""

    items: list[int]  # in order
    delims: set[str]  # point characters used
    dashes: set[str]  # dash characters used
    labels: int  # how many paragraph-start labels each cell has


_STYLES: dict[int, tuple[list[Raw], tuple[set[str], set[str]]]] = {}


def _raw_styles(raw: list[Raw]) -> tuple[set[str], set[str]]:
    # Many cells share one raw list (see _signature_raw): their styles are computed once (callers only read).
    hit = _STYLES.get(id(raw))
    if hit is not None and hit[0] is raw:
        return hit[1]
    styles = {t[3] for t in raw}, {t[1] for t in raw if t[2]}
    if len(_STYLES) > 10_000:
        _STYLES.clear()
    _STYLES[id(raw)] = (raw, styles)
    return styles


def column_points(ctx: Context) -> dict[str, ColumnPoints]:
    """Numbering of every multi-paragraph column, computed once per validation.

    >>> from toolkit.model import PowerList
    >>> cp = column_points(Context(PowerList.from_records([{"责任事项": "1．甲\\n2—1．乙"}])))["责任事项"]
    >>> cp.raw[0], cp.canonical[0]
    ([('1', '', '', '．'), ('2', '—', '1', '．')], False)
    """

    def make() -> dict[str, ColumnPoints]:
        out: dict[str, ColumnPoints] = {}
        for column in MULTILINE_COLUMNS:
            if column not in ctx.pl.columns:
                continue
            j = joined(ctx, column)
            scan = column_scan(ctx, column)
            raw, canonical = _scan_column(j, scan)
            cp = ColumnPoints(column, j.values, raw, canonical)
            # A "．" that ends a paragraph-start label is never a fused point (a line break, not a sentence
            # end, stands before its number): the numpy pass left out those it read; when few "．" are left,
            # their cells are read exactly, else the look-behind screen finds the candidates.
            (_, full_stop), (period, half_stop) = _FUSED_HINTS
            loose = scan.loose_dots
            if len(loose) <= _FEW_LOOSE_DOTS:
                hits = list(loose)
            else:
                hits = [m.start() for m in full_stop.finditer(j.text)]
            if scan.holds(period, j.text):
                hits += [m.start() for m in half_stop.finditer(j.text)]
            if scan.holds(" ", j.text) or scan.holds("\t", j.text):
                hits += [m.start() for m in _BLANK_HINT.finditer(j.text)]
            for item in j.cells(hits):
                pts = parse_points(j.values[item])
                if any(p.fused for p in pts):
                    cp.fused[item] = pts
                    cp.canonical[item] = False
            out[column] = cp
        return out

    return ctx.memo("points", make)  # type: ignore[no-any-return]


def _scan_column(j: Joined, scan: ColumnScan) -> tuple[list[list[Raw]], list[bool]]:
    """Each cell's raw points, and whether they are the canonical 1．2．…n．.

    The numpy pass (:func:`~toolkit.validate.columns.column_scan`) read the labels of nearly every cell: a
    canonical cell takes the shared list of its length, another one the shared list of its labels. Only the
    cells it left to the regex are read here by LABEL_RE, in place (no copy of their text); their labels,
    joined, are their signature: canonical after all, or numbered like other cells, whose tuples are then
    shared, or else read by START_RE.
    """
    labels_of, findall = LABEL_RE.findall, START_RE.findall
    text, numbering = j.text, scan.numbering
    canonical = list(map((-1).__lt__, numbering))
    # READ_HERE and READ_BY_REGEX index the placeholders at the end of _CANON_OR_NOT, replaced below
    raw: list[list[Raw]] = list(map(_CANON_OR_NOT.__getitem__, numbering))
    for item, key in scan.labels.items():
        raw[item] = label_tuples(key)
    for item in scan.regex_items:
        start, end = j.window(item)
        sig = "\x01".join(labels_of(text, start, end))
        n = _CANON_SIG.get(sig, -1)
        if n >= 0:
            canonical[item], raw[item] = True, _CANON[n]
        elif "." not in sig:
            # The tuples depend on the labels only (a "." label depends on the character after it), so
            # cells numbered alike (e.g. 1 — 1．1 — 2．) share one list.
            raw[item] = _signature_raw(sig)
        else:
            raw[item] = findall(text, start, end)
    return raw, canonical


@lru_cache(maxsize=4096)
def _signature_raw(sig: str) -> list[Raw]:
    """The findall tuples of a cell whose paragraph-start labels are ``sig`` (joined by \\x01); shared, read-only."""
    return START_RE.findall("\n" + sig.replace("\x01", "\n")) if sig else []


def segments(text: str, points: list[Point]) -> list[tuple[Point | None, str]]:
    """The text of each point (up to the next one); a cell without numbering is one segment."""
    if not points:
        return [(None, text)] if text else []
    ends = [p.start for p in points[1:]] + [len(text)]
    return [(p, text[p.start : e]) for p, e in zip(points, ends, strict=True)]


def snippet(text: str, pos: int, before: int = 12, after: int = 10) -> str:
    """A short excerpt around ``pos`` for messages (line breaks shown as ⏎)."""
    a, b = max(0, pos - before), min(len(text), pos + after)
    return ("…" if a else "") + text[a:b].replace("\n", "⏎") + ("…" if b < len(text) else "")
