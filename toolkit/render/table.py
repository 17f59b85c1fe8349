"""The attachment table set line by line and page by page here, with the fonts' own advances.

WeasyPrint breaks a table wherever a page ends: a record's 序号 could be left alone in a sliver of a row at
the foot of a page, a long record continued without its number, and a column too narrow for a word printed
its characters across the border. Here every cell paragraph is broken into lines with the widths of the very
font file the PDF uses (:mod:`toolkit.render.sfnt`, as the body justifier does), so each row's height is known
before layout. The pages are then cut here:

* a record that fits on the page stays whole; one that does not goes to the next page whole unless it is
  tall, and a tall one is split between two lines of its cells (never leaving fewer than
  :data:`MIN_SPLIT_LINES` lines on either side);
* every page carries the two-row header; a continued record shows its 序号 again, marked 续;
* a line never runs past its cell: a run that cannot break (a number, a Latin word) longer than the cell is
  the only thing cut between any two characters.

WeasyPrint then lays out the pages as given: one table whose header it repeats, a forced page break before
each page's first row (every row fits its page by construction).

>>> m = Measure(None, 9.0)
>>> break_lines("依据《中华人民共和国保守国家秘密法》第十条", 9.0 * 7 + 1, m)  # 7 characters a line
['依据《中华人民', '共和国保守国家', '秘密法》第十条']
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate

from .fonts import FontChoice
from .justify import NO_END, NO_START
from .sfnt import FontMetrics, metrics_for

MM = 72 / 25.4
TABLE_PT = 9.0  # 小五
CELL_LINE = round(TABLE_PT * 1.32, 2)  # 11.88 pt line pitch in body cells
HEAD_LINE = round(TABLE_PT * 1.15, 2)  # 10.35 pt in the header
RULE = 0.5  # pt, every cell's right and bottom border; the table's top and left
CELL_PAD_V, CELL_PAD_H = 0.6 * MM, 0.5 * MM
HEAD_PAD_V, HEAD_PAD_H = 0.4 * MM, 0.5 * MM
# Room left unused on each line: Pango positions glyphs in 1/1024 pt and a few characters' widths depend
# on their neighbours (locl, see Measure); a line this much shorter than its cell can never wrap or overflow.
SAFETY = 0.3
MIN_SPLIT_LINES = 3  # a record split between pages keeps at least this many lines on each side
CONTINUED = "续"

_ASCII = frozenset(chr(c) for c in range(0x21, 0x7F))


class Measure:
    """Advances (pt) of single characters in one face at one size, cached.

    A character's width may depend on its neighbours (Noto CJK: “—” is a full em next to hanzi, digits after
    Latin letters are shaped as Latin), so each character counts with the widest of its shapes alone, after
    a hanzi and after a Latin letter. Characters the face lacks (Pango takes them from a fallback face)
    count as a full em, Latin ones as 0.6 em.
    """

    def __init__(self, face: FontMetrics | None, size: float) -> None:
        self.face = face
        self.size = size
        self._cache: dict[str, float] = {}

    def __call__(self, ch: str) -> float:
        w = self._cache.get(ch)
        if w is None:
            w = self._cache[ch] = self._width(ch) * self.size
        return w

    def _width(self, ch: str) -> float:
        face = self.face
        default = 0.6 if ch in _ASCII else 1.0
        if ch == " ":
            default = 0.25
        if face is None:
            return default
        alone = face.advance(ch)
        if alone is None:
            return default
        if "\u3400" <= ch <= "\u9fff":  # a hanzi: no substitution changes its width
            return alone
        widths = [alone]
        for before in ("中", "a"):
            shaped = face.shape(before + ch)
            if shaped and len(shaped) == 2:
                widths.append(shaped[1][1])
        return max(widths)

    def widths(self, text: str) -> list[float]:
        """The advance (pt) of each character of ``text``."""
        cache = self._cache
        try:
            return [cache[ch] for ch in text]
        except KeyError:
            for ch in set(text):
                self(ch)
            return [cache[ch] for ch in text]

    def text(self, text: str) -> float:
        return sum(self.widths(text))


def measure_for(fonts: Mapping[str, FontChoice], role: str, size: float = TABLE_PT) -> Measure:
    return Measure(metrics_for(fonts.get(role)), size)


def _can_break(prev: str, ch: str) -> bool:
    """May a line end between ``prev`` and ``ch``? (the body justifier's rules: no closing punctuation at a
    line's start, no opening at its end, Latin/digit runs and ——/…… whole)."""
    if ch in NO_START or prev in NO_END or ch == " ":
        return False
    if prev in _ASCII and ch in _ASCII:
        return False
    return not (prev == ch and ch in "—…")


def running_widths(text: str, measure: Measure) -> list[float]:
    """The width (pt) of each prefix of ``text``: ``[0, w0, w0 + w1, …]`` (what :func:`break_lines` bisects)."""
    return list(accumulate(measure.widths(text), initial=0.0))


def break_lines(text: str, room: float, measure: Measure, acc: Sequence[float] | None = None) -> list[str]:
    """``text`` in lines no wider than ``room`` pt (less :data:`SAFETY`), broken greedily where Chinese
    line-breaking rules allow; a run with no break in it wider than a line is cut between any characters.

    Each line's end is found by bisection on the running widths, then moved back to the nearest allowed
    break: a few steps per line instead of a test per character (a 1,000-item list has 2.3 million).
    ``acc``: the text's :func:`running_widths`, when the caller breaks the same text for many widths.
    """
    room -= SAFETY
    n = len(text)
    if acc is None:
        acc = running_widths(text, measure)
    lines: list[str] = []
    start = 0
    while start < n:
        end = bisect_right(acc, acc[start] + room + 1e-9) - 1  # text[start:end] fits
        if end >= n:
            lines.append(text[start:])
            break
        while end < n and text[end] == " ":  # spaces at a line's end take no room
            end += 1
        if end >= n:
            lines.append(text[start:].rstrip(" ") or text[start:])
            break
        cut = end
        while cut > start and not _can_break(text[cut - 1], text[cut]):
            cut -= 1
        if cut == start:  # nowhere to break: cut the run where the line is full
            cut = max(end, start + 1)
        lines.append(text[start:cut].rstrip(" ") or text[start:cut])
        start = cut
        while start < n and text[start] == " ":  # nor at its start
            start += 1
    return lines


_NE = "[" + re.escape("".join(sorted(NO_END))) + "]"
_NS = "[" + re.escape("".join(sorted(NO_START))) + "]"
_UNIT = r"(?:[!-~]+|——|……|.)"
# Stretches of two or more characters no line may break inside: opening punctuation held to what follows,
# closing punctuation to what precedes, Latin/digit runs, the doubled marks.
_GLUED = re.compile(f"{_NE}+{_UNIT}{_NS}*|{_UNIT}{_NS}+|[!-~]{{2,}}|——|……", re.DOTALL)


def longest_run(text: str, measure: Measure, cap: float) -> float:
    """Width (pt) of the widest stretch of ``text`` no line may break inside (a number, a Latin word, a
    character with the punctuation held to it), at most ``cap``."""
    best = max(measure.widths(text[:1]) or [0.0])
    for m in _GLUED.finditer(text):
        best = max(best, measure.text(m.group()))
    return min(best, cap)


# --- header labels --------------------------------------------------------------------------------------

# Words a header label may break between (and nowhere else): 承办的/内设/机构, never 承办/的内/设机/构.
HEADER_WORDS = (
    "承办的", "内设", "机构", "责任", "事项", "依据", "权力", "分类", "项目", "名称", "子项", "实施", "主体",
    "追责", "情形", "免责", "备注", "序号", "明确", "内部", "清单",
)  # fmt: skip
_WORD = re.compile("|".join(sorted(HEADER_WORDS, key=len, reverse=True)) + "|.", re.DOTALL)


def label_words(label: str) -> list[str]:
    """A header label cut into the words it may break between; brackets stay with their words.

    >>> label_words("追责情形（明确内部追责主体）")
    ['追责', '情形', '（明确', '内部', '追责', '主体）']
    """
    words: list[str] = []
    glue = False
    for token in _WORD.findall(label):
        if words and (glue or token in NO_START):
            words[-1] += token
        else:
            words.append(token)
        glue = token in NO_END
    return words


def break_label(label: str, room: float, measure: Measure) -> list[str]:
    """A header label in lines of whole words no wider than ``room``: the fewest lines, then the fewest
    breaks outside a bracket's edge (责任事项/（明确责任/主体） before 责任/事项（明确/责任主体）), then the
    narrowest widest line.

    >>> break_label("承办的内设机构", 9.0 * 3 + 1, Measure(None, 9.0))
    ['承办的', '内设', '机构']
    """
    words = label_words(label)
    widths = [measure.text(w) for w in words]
    room -= SAFETY
    if any(w > room for w in widths):  # a column narrower than a word: characters, as a last resort
        return break_lines(label, room + SAFETY, measure)
    best: tuple[tuple[int, int, float], list[str]] | None = None

    def search(at: int, lines: list[str], bad: int, widest: float) -> None:
        # every way to cut a label's few words into lines: exhaustive search is cheap
        nonlocal best
        if at == len(words):
            key = (len(lines), bad, widest)
            if best is None or key < best[0]:
                best = (key, list(lines))
            return
        if best is not None and len(lines) >= best[0][0]:
            return
        width = 0.0
        for end in range(at, len(words)):
            width += widths[end]
            if width > room:
                break
            after = end + 1
            clean = after == len(words) or words[after][0] in NO_END or words[end][-1] in NO_START
            lines.append("".join(words[at:after]))
            search(after, lines, bad + (not clean), max(widest, width))
            lines.pop()

    search(0, [], 0, 0.0)
    return best[1] if best else [label]


# --- pagination -----------------------------------------------------------------------------------------


@dataclass
class Fragment:
    """One printed row: all of a record (``part`` 0 of 1) or the lines of its cells that fit one page."""

    item: int  # index of the record in the list
    cells: list[list[list[str]]]  # per column, per paragraph (or its piece on this page), its lines
    continued: bool = False  # the record began on an earlier page (its 序号 is shown again, marked 续)
    lines: int = 0

    @property
    def height(self) -> float:
        return row_height(self.lines)


@dataclass
class TablePage:
    rows: list[Fragment] = field(default_factory=list)


def row_height(lines: int) -> float:
    """Height (pt) of a body row whose fullest cell has ``lines`` lines."""
    return lines * CELL_LINE + 2 * CELL_PAD_V + RULE


def set_cells(
    row: Sequence[Sequence[str]],
    widths_mm: Sequence[float],
    measure: Measure,
    seen: dict[tuple[str, float], list[str]] | None = None,
) -> list[list[list[str]]]:
    """Every cell's paragraphs broken into lines for the column widths (mm). ``seen`` keeps paragraphs
    already broken: lists repeat their boilerplate (免责事项, 追责情形) in every row."""
    seen = {} if seen is None else seen
    out = []
    for paragraphs, w in zip(row, widths_mm, strict=True):
        room = w * MM - 2 * CELL_PAD_H - RULE
        cell = []
        for p in paragraphs:
            lines = seen.get((p, room))
            if lines is None:
                lines = seen[(p, room)] = break_lines(p, room, measure)
            cell.append(lines)
        out.append(cell)
    return out


def _count(cell: list[list[str]]) -> int:
    return sum(len(p) for p in cell)


def _take(cell: list[list[str]], k: int) -> tuple[list[list[str]], list[list[str]]]:
    """A cell's first ``k`` lines and the rest, paragraphs cut where the line count falls."""
    head: list[list[str]] = []
    tail: list[list[str]] = []
    left = k
    for para in cell:
        if left >= len(para):
            head.append(para)
            left -= len(para)
        elif left > 0:
            head.append(para[:left])
            tail.append(para[left:])
            left = 0
        else:
            tail.append(para)
    return head, tail


def paginate(
    cells: Sequence[list[list[list[str]]]],
    first_room: float,
    room: float,
    number_column: int = 0,
) -> list[TablePage]:
    """Cut the rows (cells already in lines) into pages: ``first_room`` pt of rows on the first page (below
    the attachment's heading and the header), ``room`` on the others."""
    pages = [TablePage()]
    free = first_room

    def new_page() -> None:
        nonlocal free
        pages.append(TablePage())
        free = room

    max_lines = max(1, int((room - 2 * CELL_PAD_V - RULE) // CELL_LINE))
    for item, row in enumerate(cells):
        rest = [list(c) for c in row]
        number_lines = _count(row[number_column]) if row else 0
        continued = False
        while True:
            lines = max((_count(c) for c in rest), default=0) or 1
            if continued:
                lines = max(lines, number_lines + 1)  # the number again and 续
            if row_height(lines) <= free:
                pages[-1].rows.append(_fragment(item, rest, continued, lines, number_column, row))
                free -= row_height(lines)
                break
            fit = int((free - 2 * CELL_PAD_V - RULE) // CELL_LINE)
            # Only a tall record is split (a short one goes over whole), and never into slivers.
            tall = lines > max_lines // 3
            if pages[-1].rows and not (tall and fit >= MIN_SPLIT_LINES and lines - fit >= MIN_SPLIT_LINES):
                new_page()
                continue
            k = max(1, min(fit, lines - MIN_SPLIT_LINES))  # an empty page: the record is taller than it
            head, tail = zip(*(_take(c, k) for c in rest), strict=True)
            pages[-1].rows.append(_fragment(item, list(head), continued, k, number_column, row))
            new_page()
            rest, continued = list(tail), True
    return pages


def _fragment(
    item: int,
    cells: list[list[list[str]]],
    continued: bool,
    lines: int,
    number_column: int,
    whole: Sequence[list[list[str]]],
) -> Fragment:
    cells = [list(c) for c in cells]
    if continued:  # the 序号 again, marked 续 (its own lines were all on the first part)
        cells[number_column] = [*whole[number_column], [CONTINUED]] if whole[number_column] else [[CONTINUED]]
    return Fragment(item, cells, continued, lines)


# --- the whole table ------------------------------------------------------------------------------------

LAND_TYPE_H = 156.0  # mm: the landscape pages' type area is 225 × 156 mm
SLACK = 1.0  # pt left free on each page: WeasyPrint's own rounding of row heights


@dataclass
class Header:
    """The two-row header: each column's label in lines, the group labels, and the two rows' heights."""

    labels: list[list[str]]  # per column
    groups: list[dict[str, object]]  # {"group": name or None, "span": n, "lines": [...], "column": j}
    heights: tuple[float, float]

    @property
    def height(self) -> float:
        return self.heights[0] + self.heights[1]


@dataclass
class TableLayout:
    widths: list[float]  # mm
    header: Header
    pages: list[TablePage]


def header_for(columns: Sequence[tuple[str, str | None, str]], widths: Sequence[float], measure: Measure) -> Header:
    """``columns``: (name, group or None, label) in order."""
    labels = [
        break_label(label, w * MM - 2 * HEAD_PAD_H - RULE, measure)
        for (_n, _g, label), w in zip(columns, widths, strict=True)
    ]
    groups: list[dict[str, object]] = []
    for j, (_name, group, _label) in enumerate(columns):
        if group and groups and groups[-1]["group"] == group:
            groups[-1]["span"] = int(str(groups[-1]["span"])) + 1
            groups[-1]["width"] = float(str(groups[-1]["width"])) + widths[j]
        else:
            groups.append({"group": group, "span": 1, "column": j, "width": widths[j]})
    for g in groups:
        if g["group"]:
            room = float(str(g["width"])) * MM - 2 * HEAD_PAD_H - RULE
            g["lines"] = break_label(str(g["group"]), room, measure)

    def cell(lines: int) -> float:
        return lines * HEAD_LINE + 2 * HEAD_PAD_V + RULE

    top = max((cell(len(g["lines"])) for g in groups if g["group"]), default=0.0)  # type: ignore[arg-type]
    grouped = [j for j, c in enumerate(columns) if c[1]]
    if not grouped:  # one header row
        return Header(labels, groups, (max(cell(len(x)) for x in labels), 0.0))
    second = max(cell(len(labels[j])) for j in grouped)
    alone = max((cell(len(labels[j])) for j, c in enumerate(columns) if not c[1]), default=0.0)
    second = max(second, alone - top)  # the labels spanning both rows must fit too
    return Header(labels, groups, (round(top, 2), round(second, 2)))


def layout_table(
    rows: Sequence[Sequence[Sequence[str]]],
    columns: Sequence[tuple[str, str | None, str]],
    widths: Sequence[float],
    fonts: Mapping[str, FontChoice],
    heading: float,
    *,
    body_role: str = "fs",
    head_role: str = "hei",
) -> TableLayout:
    """Set every cell in lines and cut the table into landscape pages; ``heading`` (pt) is what the first
    page holds above the table (“附件” and the attachment's title)."""
    measure = measure_for(fonts, body_role)
    header = header_for(columns, widths, measure_for(fonts, head_role))
    seen: dict[tuple[str, float], list[str]] = {}
    cells = [set_cells(row, widths, measure, seen) for row in rows]
    room = LAND_TYPE_H * MM - RULE - header.height - SLACK
    pages = paginate(cells, room - heading, room) if cells else []
    return TableLayout(list(widths), header, pages)
