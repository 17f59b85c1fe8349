"""A column's cells joined into one text, and the facts one numpy pass over that text gives the content rules.

The content rules look at megabytes of text (a 10,000-item list holds ~23 M characters, most in the seven
multi-paragraph columns) and find little: nearly every cell is numbered 1．2．3．…, holds no invisible
character, no half-width punctuation. So each column is joined once (:func:`joined`) and looked at whole:
a literal-first regex over the joined text (:func:`candidate_cells`), or one pass of numpy over its code
units (:func:`column_scan`) that several rules share, where a regex would stop at every line break.

>>> from toolkit.model import PowerList
>>> cells = [{"责任事项": "1．甲\\n2．乙"}, {"责任事项": "1、丙"}, {"责任事项": "1 ．丁"}]
>>> scan = column_scan(Context(PowerList.from_records(cells)), "责任事项")
>>> scan.numbering, [label_tuples(key) for key in scan.labels.values()], scan.invisible
([2, -2, -1], [[('1', '', '', '、')]], False)
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, repeat
from operator import add
from typing import TYPE_CHECKING

from ..model import MULTILINE_COLUMNS
from ..textchars import INVISIBLE
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
        found = {bisect_right(self.starts, p) - 1 for p in positions}
        found.discard(-1)  # the leading separator belongs to no cell (an empty column holds only it)
        return sorted(found)

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


Raw = tuple[str, str, str, str]  # a label as START_RE's findall gives it: (major, dash, minor, point)

# The labels the numpy pass reads itself: one to three ASCII digits (no leading zero), optionally a dash and
# one to three more, then "．", "、" or "." (not followed by a digit), nothing between. Anything else after a
# line break that could be part of a label (a blank, a leading zero, a digit of another script: ``\d`` is
# any Unicode decimal digit) sends the cell to the regex.
DASHES = "—－\\-–―─~～"  # as written in a regex character class ("\\-" is the hyphen)
_DASH_CHARS = [c for c in DASHES if re.fullmatch(f"[{DASHES}]", c)]
_POINTS = "．、."
READ_BY_REGEX, READ_HERE = -1, -2


@dataclass
class ColumnScan:
    """What one pass over a column's code units tells (see :func:`column_scan`)."""

    # (the label fields are empty for a column not read for labels, see column_scan)
    # per cell: n when its paragraph-start labels are exactly "1．" … "n．" (0: no label), READ_HERE when
    # they are other labels this pass read (see labels), READ_BY_REGEX when a cell needs the regex
    numbering: list[int]
    labels: dict[int, bytes]  # the READ_HERE cells' labels, one int32 code each (see label_tuples)
    regex_items: list[int]  # the READ_BY_REGEX cells
    # where a "．" stands that does not end a label read here: a point fused into a paragraph ("。2．") can
    # only stand at one of these (the cells left to the regex keep some label ends among them)
    loose_dots: list[int]
    # the characters below U+3001 the text holds (ASCII, Latin, general punctuation, the ideographic space)
    # and U+FEFF: Chinese text holds few of them, so looking one up here replaces a scan of the text
    chars: frozenset[str]

    @property
    def invisible(self) -> bool:
        """Whether any cell holds a character of :data:`~toolkit.textchars.INVISIBLE`."""
        return not self.chars.isdisjoint(INVISIBLE)

    def holds(self, ch: str, text: str) -> bool:
        """Whether ``text`` (the text scanned) holds the character ``ch``."""
        return ch in self.chars if ch < _FEW or ch == "\ufeff" else ch in text


def column_scan(ctx: Context, column: str) -> ColumnScan:
    """The numpy facts of one column, computed once per validation (the code units are not kept); the
    labels only of the multi-paragraph columns (the others hold no numbered paragraphs to check)."""

    def make() -> ColumnScan:
        return scan_joined(joined(ctx, column), labels=column in MULTILINE_COLUMNS)

    return ctx.memo(f"scan:{column}", make)  # type: ignore[no-any-return]


def scan_joined(j: Joined, labels: bool = True) -> ColumnScan:
    """One pass over ``j.text`` in slices that stay in the CPU cache (never the whole column as an array):
    each slice counts its "．", notes the few characters below U+3001 it holds and keeps, for each line
    break followed by what may be a digit, the characters that follow it, from which :func:`_line_labels`
    reads the labels (the line breaks of the separators' own "\n000．" lines are no cell's: left out)."""
    import numpy as np

    text, kind = j.text, _kinds()
    # the separators' "\n000．" line breaks (an empty column still opens with one)
    separators = np.asarray(j.starts or [len(SEPARATOR) - 1], dtype=np.int64) - (len(SEPARATOR) - 2)
    breaks, follow, dots = [], [], []
    bom = False
    few = np.zeros(ord(_FEW), dtype=np.int64)
    for i in range(0, len(text), _SLICE):
        # a slice and the characters a label starting at its end may take (the text ends with a NUL)
        units = code_units(text[i : i + _SLICE + _FOLLOW])
        own = units[:_SLICE]
        # the few characters below U+3001 (one in ten of a Chinese text), the line breaks among them
        low_at = np.flatnonzero(own < len(few))
        low = own[low_at]
        few += np.bincount(low, minlength=len(few))
        at = low_at[low == 10] if labels else low_at[:0]
        first = units[at + 1]  # a line break is never the last character
        digit = kind[np.minimum(first, 0xFFFF)]
        keep = (digit == _DIGIT) | (digit == _WIDE_DIGIT) | (first > 0xFFFF)
        at = at[keep]
        if len(separators):
            k = np.minimum(np.searchsorted(separators, at + i), len(separators) - 1)
            at = at[separators[k] != at + i]
        breaks.append(at + i)
        follow.append(np.take(units, at[:, None] + np.arange(1, _FOLLOW + 1), mode="clip").astype(np.int32))
        if labels:
            dots.append(np.flatnonzero(own == _DOT) + i)
        bom = bom or bool((own == 0xFEFF).any())
    chars = frozenset(map(chr, np.flatnonzero(few).tolist())) | ({"\ufeff"} if bom else set())
    if not labels:
        return ColumnScan([], {}, [], [], chars)
    pos = np.concatenate(breaks) if breaks else np.zeros(0, dtype=np.int64)
    after = np.concatenate(follow) if follow else np.zeros((0, _FOLLOW), dtype=np.int32)
    numbering, read, regex_items, label_ends = _line_labels(j, pos, after)
    dot_at = np.concatenate(dots) if dots else np.zeros(0, dtype=np.int64)
    for known in (label_ends, separators + 4):  # the labels read here, the separators' own "000．"
        if len(known) and len(dot_at):
            k = np.minimum(np.searchsorted(known, dot_at), len(known) - 1)
            dot_at = dot_at[known[k] != dot_at]
    return ColumnScan(numbering, read, regex_items, dot_at.tolist(), chars)


_SLICE = 1 << 18  # 1 MB of UTF-32: fits the CPU cache, few enough slices for the Python loop
_FEW = "\u3001"  # ColumnScan.chars holds the characters below this one
_FOLLOW = 9  # the longest label without blanks, "123—123．", and the character after its point


def code_units(text: str) -> np.ndarray:
    """``text`` as an array of code points, one element per character (numpy copies a str in as UTF-32,
    faster than any codec encodes it)."""
    import numpy as np

    units = np.array(text).reshape(1).view(np.uint32) if text else np.zeros(0, np.uint32)
    if len(units) != len(text):  # pragma: no cover - numpy keeps every character, NULs included
        units = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return units


def label_tuples(key: bytes) -> list[Raw]:
    """The labels of a cell as :data:`ColumnScan.labels` holds them, as START_RE's findall gives them."""
    return _label_tuples(key)


@lru_cache(maxsize=4096)
def _label_tuples(key: bytes) -> list[Raw]:
    # cached: cells numbered alike share one list (the rules cache per list; callers only read it)
    import numpy as np

    out = []
    for code in np.frombuffer(key, dtype=np.int32).tolist():
        rest, point = divmod(code, 3)
        rest, minor = divmod(rest, 1000)
        major, dash = divmod(rest, 16)
        out.append((str(major), _DASH_CHARS[dash - 1] if dash else "", str(minor) if minor else "", _POINTS[point]))
    return out


def _line_labels(
    j: Joined, pos: np.ndarray, after: np.ndarray
) -> tuple[list[int], dict[int, bytes], list[int], np.ndarray]:
    """The paragraph-start labels of each cell (see :class:`ColumnScan`), from the characters after each
    line break (``after[k, i]``: the character i + 1 places after line break ``pos[k]``; NUL past the end): a
    paragraph that does not start with a decimal digit holds no label."""
    import numpy as np

    n = len(j.values)
    if not n:
        return [], {}, [], np.zeros(0, dtype=np.int64)
    kind = _kinds()
    beyond_bmp = bool(len(after)) and bool(after.max() > 0xFFFF)

    def kinds_of(c: np.ndarray) -> np.ndarray:
        if not beyond_bmp:
            return kind[c]  # type: ignore[no-any-return]
        k = kind[np.minimum(c, 0xFFFF)]
        beyond = c > 0xFFFF  # a digit of some scripts (\d takes it) or nothing of a label
        k[beyond] = [_WIDE_DIGIT if chr(u).isdecimal() else _OTHER for u in c[beyond].tolist()]
        return k  # type: ignore[no-any-return]

    first = kinds_of(after[:, 0])
    # each line's cell, by counting the cells' openers before it
    starts = np.asarray(j.starts, dtype=np.int64)
    opened = np.bincount(np.searchsorted(pos, starts, side="left"), minlength=len(pos) + 1)
    cells = np.cumsum(opened[:-1]) - 1
    rows = np.arange(len(cells))

    def char(offset: np.ndarray | int) -> np.ndarray:
        """The character ``offset`` places after each line break."""
        return after[:, offset - 1] if isinstance(offset, int) else after[rows, offset - 1]

    def kinds_at(offset: np.ndarray | int) -> np.ndarray:
        return kinds_of(char(offset))

    # the number: one to three ASCII digits (a fourth, like any character but a point or dash, means no label)
    value = char(1) - 48
    width = np.ones(len(cells), dtype=np.int32)
    for k in (2, 3):
        more = (width == k - 1) & (kinds_at(k) == _DIGIT)
        value[more] = value[more] * 10 + after[more, k - 1] - 48
        width[more] = k
    follows = kinds_at(width + 1)
    point, doubt = _point(follows, kinds_at(width + 2))
    # the regex must read: a digit of another script, a blank where a label may go on, a leading zero
    unsure = (first == _WIDE_DIGIT) | doubt | ((first == _DIGIT) & (char(1) == 48))
    label = (first == _DIGIT) & (point >= 0)
    code = value * (3 * 16 * 1000) + point
    end = width + 1  # offset of the point
    # after a dash: one to three digits, then the point
    dashed = np.flatnonzero((first == _DIGIT) & (follows == _DASH))
    if len(dashed):
        rows_d, at = dashed, width[dashed] + 2  # offset of the first character after the dash

        def kinds_d(offset: np.ndarray) -> np.ndarray:
            return kinds_of(after[rows_d, offset - 1])

        minor = after[rows_d, at - 1] - 48
        minor_start = kinds_d(at)
        minor_width = (minor_start == _DIGIT).astype(np.int32)
        for k in (1, 2):
            more = (minor_width == k) & (kinds_d(at + k) == _DIGIT)
            minor[more] = minor[more] * 10 + after[rows_d[more], at[more] + k - 1] - 48
            minor_width[more] = k + 1
        end_point, end_doubt = _point(kinds_d(at + minor_width), kinds_d(at + minor_width + 1))
        found = (minor_width > 0) & (end_point >= 0)
        label[dashed] = found
        dash = _dash_numbers()[after[rows_d, width[dashed]]]
        code[dashed] = ((value[dashed] * 16 + dash) * 1000 + minor) * 3 + end_point
        end[dashed] = at + minor_width
        unsure[dashed] |= np.where(
            minor_width > 0, end_doubt, (minor_start == _BLANK) | (minor_start == _WIDE_DIGIT)
        ) | (found & (after[rows_d, at - 1] == 48))
    full_stop = label & ~unsure & (code % 3 == 0)  # a label ending in "．", read for sure
    label_ends = pos[full_stop] + end[full_stop]
    regex = np.zeros(n, dtype=bool)
    regex[cells[unsure]] = True
    label &= ~unsure & ~regex[cells]
    label_cells, codes = cells[label], code[label]
    bounds = np.searchsorted(label_cells, np.arange(n + 1), side="left")
    # canonical: every label "k．", k its rank within the cell
    rank = np.arange(1, len(label_cells) + 1) - bounds[label_cells]
    odd = np.zeros(n, dtype=bool)
    odd[label_cells[codes != rank * (3 * 16 * 1000)]] = True
    counts = np.diff(bounds)
    odd |= counts > MAX_CANONICAL
    numbering = np.where(regex, READ_BY_REGEX, np.where(odd, READ_HERE, counts))
    # the labels of each READ_HERE cell, as bytes: equal bytes, equal labels
    buffer = codes.astype(np.int32).tobytes()
    here = np.flatnonzero(odd & ~regex)
    spans = zip((bounds[here] * 4).tolist(), (bounds[here + 1] * 4).tolist(), strict=True)
    labels = {i: buffer[a:b] for i, (a, b) in zip(here.tolist(), spans, strict=True)}
    return numbering.tolist(), labels, np.flatnonzero(regex).tolist(), label_ends


_OTHER, _DIGIT, _WIDE_DIGIT, _POINT_FULL, _POINT_ENUM, _PERIOD, _DASH, _BLANK = range(8)


def _point(kind: np.ndarray, next_kind: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index in _POINTS of the point a number ends with, or -1; whether only the regex can tell): "." is
    a point unless a digit follows; after a blank or a digit of another script a label may go on."""
    import numpy as np

    point = np.full(len(kind), -1, dtype=np.int32)
    point[kind == _POINT_FULL] = 0
    point[kind == _POINT_ENUM] = 1
    point[(kind == _PERIOD) & (next_kind != _DIGIT) & (next_kind != _WIDE_DIGIT)] = 2
    return point, (kind == _BLANK) | (kind == _WIDE_DIGIT)


@lru_cache(maxsize=1)
def _kinds() -> np.ndarray:
    """What each BMP character can be in a label (``\\d`` is any Unicode decimal digit, blanks may stand
    around the dash and before the point, "." is a point unless a digit follows)."""
    import numpy as np

    kind = np.zeros(0x10000, dtype=np.int8)
    bmp = np.arange(0x10000, dtype=np.uint32)
    bmp[0xD800:0xE000] = 0x20  # surrogates cannot be decoded; none is a digit
    kind[[m.start() for m in re.finditer(r"\d", bmp.tobytes().decode("utf-32-le"))]] = _WIDE_DIGIT
    kind[48:58] = _DIGIT
    kind[ord("．")], kind[ord("、")] = _POINT_FULL, _POINT_ENUM
    kind[[ord(c) for c in _DASH_CHARS]] = _DASH
    kind[ord(".")] = _PERIOD
    kind[[ord(" "), ord("\t")]] = _BLANK
    return kind


@lru_cache(maxsize=1)
def _dash_numbers() -> np.ndarray:
    import numpy as np

    number = np.zeros(0x10000, dtype=np.int32)
    number[[ord(c) for c in _DASH_CHARS]] = np.arange(1, len(_DASH_CHARS) + 1)
    return number


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
        j, scan = joined(ctx, column), column_scan(ctx, column)
        positions = [m.start() for ch, f in finders if scan.holds(ch, j.text) for m in f.finditer(j.text)]
        for item in j.cells(positions):
            yield column, item, j.values[item]
