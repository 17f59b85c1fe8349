"""A column's cells joined into one text, and the facts one numpy pass over that text gives the content rules.

The content rules look at megabytes of text (a 10,000-item list holds ~23 M characters, most in the seven
multi-paragraph columns) and find little: nearly every cell is numbered 1．2．3．…, holds no invisible
character, no half-width punctuation. So each column is joined once (:func:`joined`) and looked at whole:
a literal-first regex over the joined text (:func:`candidate_cells`), or one pass of numpy over its code
units (:func:`column_scan`) that several rules share, where a regex would stop at every line break.

>>> from toolkit.model import PowerList
>>> scan = column_scan(Context(PowerList.from_records([{"责任事项": "1．甲\\n2．乙"}, {"责任事项": "1、丙"}])), "责任事项")
>>> scan.canonical, scan.invisible
([2, -1], False)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import accumulate, repeat
from operator import add
from typing import TYPE_CHECKING

from ..textchars import units_have_invisible
from .registry import Context

if TYPE_CHECKING:
    import numpy as np

# Opens every cell in the joined text: a NUL ends the previous cell (no pattern crosses it), then a
# paragraph numbered "000．" that START_RE finds and that no real list has, then the cell on its own line.
SEPARATOR = "\x00\n000．\n"
SENTINEL_LABEL = "000．"
# Above this many points a cell is never taken as canonical (numbering._CANON lists 1．…200．).
MAX_CANONICAL = 200
_DOT = ord("．")


@dataclass
class Joined:
    """One column's cells joined with :data:`SEPARATOR`, so a single regex pass covers the whole column."""

    values: list[str]
    text: str
    starts: list[int]  # offset of the "\n" right before each cell

    def cells(self, positions: Iterable[int]) -> list[int]:
        """Sorted item indices of the cells holding the given offsets of ``text``."""
        return sorted({bisect_right(self.starts, p) - 1 for p in positions})

    def window(self, item: int) -> tuple[int, int]:
        """(start, end) of ``"\\n" + cell`` in ``text``: the bounds for a regex reading one cell in place."""
        start = self.starts[item]
        return start, start + 1 + len(self.values[item])


def cell_values(ctx: Context, column: str) -> list[str]:
    """A column's values as a list, made once per validation."""
    return ctx.memo(f"values:{column}", lambda: ctx.pl.column(column))  # type: ignore[no-any-return]


def joined(ctx: Context, column: str) -> Joined:
    def make() -> Joined:
        values = cell_values(ctx, column)  # every value is a str (PowerList's contract)
        sep = len(SEPARATOR)
        # sep - 1 + the lengths (each plus a separator) of the cells before: C-level iterators only
        starts = list(accumulate(map(add, map(len, values), repeat(sep)), initial=sep - 1))[:-1]
        # SEPARATOR + SEPARATOR.join(values) + "\x00", built by one join (a column is megabytes long)
        text = SEPARATOR.join(["", *values[:-1], values[-1] + "\x00"]) if values else SEPARATOR + "\x00"
        return Joined(values, text, starts)

    return ctx.memo(f"joined:{column}", make)  # type: ignore[no-any-return]


@dataclass
class ColumnScan:
    """What one pass over a column's code units tells (see :func:`column_scan`)."""

    # per cell: n when its paragraphs are numbered exactly "1．" … "n．" (0: none numbered), -1 when a
    # paragraph starts otherwise with a digit (2、, 2—1．, 2024年…, １．): such a cell is read by regex
    canonical: list[int]
    dots: int  # how many "．" the joined text holds
    invisible: bool  # whether any cell holds a character of textchars.INVISIBLE
    ascii: bytes  # the ASCII characters of the joined text, in order


def column_scan(ctx: Context, column: str) -> ColumnScan:
    """The numpy facts of one column, computed once per validation (the code units are not kept)."""
    return ctx.memo(f"scan:{column}", lambda: scan_joined(joined(ctx, column)))  # type: ignore[no-any-return]


def scan_joined(j: Joined) -> ColumnScan:
    import numpy as np

    units = code_units(j.text)
    dots = int(np.count_nonzero(units == _DOT))
    ascii_bytes = units[units < 0x80].astype(np.uint8).tobytes()
    return ColumnScan(_canonical_counts(j, units), dots, units_have_invisible(units), ascii_bytes)


def code_units(text: str) -> np.ndarray:
    """``text`` as an array with one element per character: UTF-16 code units (half the memory of UTF-32),
    or UTF-32 where a character beyond the BMP would take two units and shift every offset after it."""
    import numpy as np

    units = np.frombuffer(text.encode("utf-16-le", "surrogatepass"), dtype=np.uint16)
    if len(units) != len(text):
        units = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return units


def _canonical_counts(j: Joined, units: np.ndarray) -> list[int]:
    """Per cell, n when START_RE would read exactly the labels "1．" … "n．" from it, else -1 (unknown).

    Only the characters right after each line break matter: a paragraph that does not start with a digit
    (``\\d``: any Unicode decimal digit) holds no label; one starting "k．" (k written in one to three ASCII
    digits, no leading zero) holds label k; any other start with a digit leaves the cell to the regex.
    """
    import numpy as np

    n = len(j.values)
    if not n:
        return []
    starts = np.asarray(j.starts, dtype=np.int64)
    if len(units) != len(j.text):  # pragma: no cover - code_units keeps one unit per character
        raise AssertionError("code units do not match the text")
    # cell i spans (starts[i], ends[i]): its "\n" opener up to the NUL of the next separator
    ends = np.empty(n, dtype=np.int64)
    ends[:-1] = starts[1:] - (len(SEPARATOR) - 1)
    ends[-1] = len(units) - 1
    breaks = np.flatnonzero(units == 10)
    cells = np.searchsorted(starts, breaks, side="right") - 1
    inside = cells >= 0
    inside[inside] = breaks[inside] < ends[cells[inside]]  # the separators' own "\n000．" lines are no cell's
    breaks, cells = breaks[inside], cells[inside]
    # the four characters after each line break ("\x00" past the end: the text ends with one)
    after = [np.take(units, breaks + k, mode="clip").astype(np.int64) for k in (1, 2, 3, 4)]
    d1, d2, d3 = (a - 48 for a in after[:3])
    is1, is2, is3 = ((d >= 0) & (d <= 9) for d in (d1, d2, d3))
    one = is1 & (after[1] == _DOT)
    two = is1 & is2 & (after[2] == _DOT)
    three = is1 & is2 & is3 & (after[3] == _DOT)
    simple = (one | two | three) & (d1 != 0)
    value = np.where(one, d1, np.where(two, d1 * 10 + d2, d1 * 100 + d2 * 10 + d3))
    # a paragraph starting with any other decimal digit (ASCII, full-width, another script's) may hold a label
    digit_start = is1.copy()
    wide = after[0] >= 0x80
    if wide.any():
        codes = np.unique(after[0][wide])
        decimal = [c for c in codes.tolist() if chr(c).isdecimal()]
        if decimal:
            digit_start |= np.isin(after[0], decimal)
    unknown = np.zeros(n, dtype=bool)
    unknown[cells[digit_start & ~simple]] = True
    # the labels of each cell must run 1, 2, 3, …: a label's value is its rank within its cell
    label_cells, label_values = cells[simple], value[simple]
    rank = np.arange(len(label_cells)) - np.searchsorted(label_cells, label_cells, side="left") + 1
    unknown[label_cells[label_values != rank]] = True
    counts = np.bincount(label_cells, minlength=n)
    unknown |= counts > MAX_CANONICAL
    counts[unknown] = -1
    return counts.tolist()  # type: ignore[no-any-return]


def literal_finders(chars: str, behind: str = "") -> list[tuple[str, re.Pattern[str]]]:
    """Fast finders for single characters, optionally only where ``behind`` (fixed width) precedes them."""
    out = []
    for ch in chars:
        e = re.escape(ch)
        out.append((ch, re.compile(e + (f"(?<={behind}{e})" if behind else ""))))
    return out


def candidate_cells(
    ctx: Context, columns: Iterable[str], finders: Iterable[tuple[str, re.Pattern[str]]]
) -> Iterator[tuple[str, int, str]]:
    """(column, item, text) of the cells where any finder matches; a finder's character is looked up first."""
    finders = list(finders)
    for column in columns:
        if column not in ctx.pl.columns:
            continue
        j = joined(ctx, column)
        ascii_part = ascii_text(ctx, column)
        positions = [
            m.start()
            for ch, f in finders
            if (ch.encode() in ascii_part if ch.isascii() else ch in j.text)
            for m in f.finditer(j.text)
        ]
        for item in j.cells(positions):
            yield column, item, j.values[item]


def ascii_text(ctx: Context, column: str) -> bytes:
    """The ASCII characters of a column's joined text, in order: mostly Chinese text shrinks ~10x, so looking
    for an ASCII character here is much faster than a scan of the text (from the column's one numpy pass)."""
    return column_scan(ctx, column).ascii
