"""The streamed scan of an .xlsx sheet's XML with C-level patterns: what one sheet really holds (rows, cells,
columns, characters, merges), checked against the limits as it is read."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import IO

from .budget import MB, Limits, current, refuse

# Bytes inflated at a time. Small enough that each piece's buffers (inflated, without continuation bytes, split)
# come back from memory freed by the piece before: 4 MB pieces took fresh pages from the system for each one
# (21,600 page faults measuring the 10,000-item list, 6,300 at 256 KB; 0.36 -> 0.33 s CPU).
_CHUNK = 1 << 18
_MAX_PIECE = 64 * MB  # a row's XML is never longer (13 cells of 32,767 entity-escaped characters: 3.4 MB)
NS = rb"(?:[A-Za-z_][\w.-]*:)?"
# The opening tag of a cell that holds something (not <c …/> nor <c …></c>): calamine places it in the grid.
_PREFIX_RE = re.compile(rb"<([A-Za-z_][\w.-]*:)?worksheet\b")


class _Patterns:
    """The scanning patterns for one namespace prefix (b"" or b"x:"): each starts with a literal, which the
    regex engine finds with a fast search (an optional prefix group made the scan five times slower)."""

    def __init__(self, p: bytes) -> None:
        e = re.escape(p)
        # The opening tag of a cell that holds something (not <c …/> nor <c …></c>): calamine places it in
        # the grid. Writers put r= first; a file that does not is scanned with the general pattern.
        # The same cells, with a third group: the index of a shared string written as Excel and WPS write it
        # (t="s" first or after the style, the index in a plain <v>), else empty. One pass finds both;
        # :func:`scan_sheet_patterns` takes the indexes from it only where they are every t="s" of the piece.
        self.valued = re.compile(
            rb"<" + e + rb'c r="([A-Z]{1,3})([0-9]{1,7})"'
            rb'(?:(?: s="[0-9]+")? t="s"><' + e + rb"v>([0-9]+)</" + e + rb"v>|[^>]*(?<!/)>(?!\s*</))"
        )
        self.valued_any = re.compile(rb"<" + e + rb'c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*(?<!/)>(?!\s*</)')
        self.with_ref = re.compile(rb"<" + e + rb'c\s[^>]*?\br="')
        self.text = re.compile(rb"<" + e + rb"t(?:>| [^>]*>)([^<]+)")
        self.formula_text = re.compile(rb"<" + e + rb"f(?:>| [^>]*>)([^<]+)")
        self.value_text = re.compile(rb"<" + e + rb"v>([^<]+)")
        self.shared = re.compile(rb"<" + e + rb'c\s[^>]*?\bt="s"[^>]*>\s*<' + e + rb"v>\s*([0-9]+)\s*<")
        # How writers put a shared string's index (t last, no space): found with a literal search, 4 times faster.
        # Used only where it finds every t="s" of the piece; it may find more than the general pattern (a
        # t="s" on another element): more characters counted, never fewer.
        self.shared_plain = re.compile(rb't="s"><' + e + rb"v>([0-9]+)</" + e + rb"v>")
        self.t_shared = b't="s"'
        self.cell_open, self.cell_bare = b"<" + p + b"c ", b"<" + p + b"c>"
        self.cell_r = b"<" + p + b'c r="'
        self.row_open, self.row_bare = b"<" + p + b"row ", b"<" + p + b"row>"
        self.data_open, self.data_close = b"<" + p + b"sheetData", b"</" + p + b"sheetData"
        self.merge = b"<" + p + b"mergeCell "
        self.row_element = re.compile(rb"<" + e + rb"row\b([^>]*?)(?:/>|>(.*?)</" + e + rb"row>)", re.S)
        self.cell_element = re.compile(rb"<" + e + rb"c\b([^>]*?)(?:/>|>(.*?)</" + e + rb"c>)", re.S)
        # An element of the cell data under another prefix: calamine goes by local names (see _plain_syntax).
        self.foreign = re.compile(rb":(?:c|row|v|is|t|f|r)[\s/>]") if not p else None

    def sheet_data(self, piece: bytes) -> bytes:
        """``piece`` without what stands before ``<sheetData>`` and after ``</sheetData>`` (the XML declaration,
        page headers with their "&" codes …): calamine reads cells only inside it."""
        lo, hi = piece.find(self.data_open), piece.rfind(self.data_close)
        if lo < 0 and hi < 0:
            return piece
        return piece[max(lo, 0) : hi if hi >= 0 else len(piece)]


_first, _second, _third = itemgetter(0), itemgetter(1), itemgetter(2)
_R_ROW_RE = re.compile(rb'\br="([0-9]{1,7})"')
_R_CELL_RE = re.compile(rb'\br="([A-Z]{1,3})[0-9]{1,7}"')


def _place_by_position(piece: bytes, pat: _Patterns, stats: SheetStats) -> None:
    """Rows and columns of the cells of ``piece`` as a reader places them when ``r=`` is left out: the row
    after the previous one, the column after the previous cell."""
    for row in pat.row_element.finditer(piece):
        r = _R_ROW_RE.search(row.group(1))
        stats.last_row = int(r.group(1)) if r else stats.last_row + 1
        col = 0
        for cell in pat.cell_element.finditer(row.group(2) or b""):
            c = _R_CELL_RE.search(cell.group(1))
            col = column_number(c.group(1)) if c else col + 1
            inner = cell.group(2) or b""
            if inner.strip() and (b"<v" in inner or b"<is" in inner or b":v" in inner or b":is" in inner):
                stats.rows.add(stats.last_row)
                stats.columns.add(col)
                if not c:
                    stats.cells += 1


T_RE = re.compile(rb"<" + NS + rb"t(?:\s[^>]*)?>([^<]*)")
CONTINUATION = bytes(range(0x80, 0xC0))


def _chars(data: bytes) -> int:
    """Characters of UTF-8 text (an entity such as ``&#24207;`` counts as its length: an upper bound)."""
    return len(data.translate(None, CONTINUATION))


def _last_end(chunk: bytes, local: bytes) -> int:
    """The offset just past the last closing tag ``</local>`` (or ``</prefix:local>``) in ``chunk``, or -1."""
    tail = local + b">"
    idx = chunk.rfind(tail)
    while idx >= 0:
        j = chunk.rfind(b"</", 0, idx)
        between = chunk[j + 2 : idx] if j >= 0 else b"-"
        if j >= 0 and (not between or (between.endswith(b":") and re.fullmatch(rb"[A-Za-z_][\w.-]*:", between))):
            return idx + len(tail)
        idx = chunk.rfind(tail, 0, idx)
    return -1


def pieces(fh: IO[bytes], local: bytes, path: Path, sheet: str | None, *, characters: bool = False) -> Iterator[bytes]:
    """The stream cut after the last ``</local>`` of each chunk: an element is never split between pieces.
    Linear in the stream's length (no buffer re-copied per chunk); a piece longer than 64 MB is refused.

    ``characters``: the pieces without UTF-8 continuation bytes (one byte a character, the markup unchanged),
    dropped from each chunk as it is read, so that the cutting and joining copy a third of the bytes of
    Chinese text."""
    parts: list[bytes] = []
    held = 0  # bytes of the stream in parts
    while True:
        raw = fh.read(_CHUNK)
        if not raw:
            if parts:
                yield b"".join(parts)
            return
        chunk = raw.translate(None, CONTINUATION) if characters else raw
        cut = _last_end(chunk, local)
        if cut < 0:
            parts.append(chunk)
            held += len(raw)
            if held > _MAX_PIECE:
                raise refuse("cell_chars", f"超过 {_MAX_PIECE // MB} MB", path, sheet=sheet, what="一行的内容")
            continue
        parts.append(chunk[:cut])
        yield b"".join(parts) if len(parts) > 1 else parts[0]
        tail = chunk[cut:]
        parts = [tail] if tail else []
        held = len(raw) * len(tail) // max(len(chunk), 1)  # the tail's share of the bytes read


def column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


@dataclass
class SheetStats:
    """What one sheet really holds (rows and columns 1-based)."""

    rows: set[int] = field(default_factory=set)  # rows with a cell holding something
    columns: set[int] = field(default_factory=set)
    cells: int = 0
    chars: int = 0
    merges: int = 0
    row_tags: int = 0
    last_row: int = 0  # the row a <row> without r= follows
    unaddressed: bool = False  # cells without an r="A1" attribute: placed by position (extent not measured)
    parsed: bool = False  # measured by the XML parser (toolkit.limits.xmlparser): not in the syntax the patterns read
    # What the reader needs of the sheet besides calamine's values (toolkit.reading.sheetxml.scan_sheet), found
    # on the same pieces by the patterns' scan: formula cells (address -> cached value saved) and hidden rows.
    formulas: dict[str, bool] = field(default_factory=dict)
    hidden: set[int] = field(default_factory=set)

    @property
    def extent(self) -> tuple[int, int]:
        return (max(self.rows, default=0), max(self.columns, default=0))


class InexactBound(Exception):
    """A shared string's upper bound is over a limit: its exact length decides."""


class Unusual(Exception):
    """A part is written in a syntax the scanning patterns do not read (it is measured with an XML parser)."""


# Bytes the scanning patterns never meet outside cell text in XML as Excel, WPS, LibreOffice and openpyxl
# write it: a quote of an attribute value (r='XFD1048576'), an entity (r="&#88;FD1"), a comment or CDATA
# section, a tab or line break inside a tag.
_ODD_BYTES = b"'&!\t\r\n"
_NOT_ODD = bytes(sorted(set(range(256)) - set(_ODD_BYTES)))


def _plain_syntax(piece: bytes, texts: list[bytes], pat: _Patterns) -> bool:
    """Whether the patterns read ``piece`` (the cell data of a run of whole rows) as an XML parser would, as
    calamine does.

    calamine (quick-xml) reads attributes in single quotes, with spaces around "=", written with entities, and
    elements under any namespace prefix (it goes by local names). The patterns read only the plain syntax:
    a far-away cell written otherwise (``<c r='XFD1048576'>``) was not seen, and calamine aborted the process.
    So a piece is scanned by the patterns only when, outside the text of its elements (``texts`` of its
    ``<t>``, and those of its ``<f>`` and ``<v>``), it holds none of the bytes of another syntax and no space
    beside an "=", and no element of cell data has another prefix; anything else is measured by
    :func:`toolkit.limits.xmlparser.scan_sheet_xml`. (A shared-string index the patterns cannot read, behind
    ``<v a="1">`` or ``<f>``, is caught where the indexes are counted.) C-level scans: ~10 ms for the 3.8 MB
    sheet of a 10,000-item list (the texts are looked at only when needed).
    """
    if pat.foreign is None:  # a prefixed worksheet (x:c …): rare, and a second prefix is not looked for
        return False
    odd = piece.translate(None, _NOT_ODD)
    if odd or b"= " in piece or b" =" in piece:
        # Text nodes end at the next "<": each is a span of its own, so what they hold can be subtracted.
        inner = b"".join(texts + pat.formula_text.findall(piece) + pat.value_text.findall(piece))
        if sorted(odd) != sorted(inner.translate(None, _NOT_ODD)):
            return False
        if piece.count(b"= ") != inner.count(b"= ") or piece.count(b" =") != inner.count(b" ="):
            return False
    return pat.foreign.search(piece) is None  # cell text holding ":t>" or the like: measured by the parser too


def scan_sheet_patterns(fh: IO[bytes], path: Path, sheet: str, shared: list[int], *, exact: bool = True) -> SheetStats:
    """What one sheet holds; ``shared`` are the lengths of the shared strings, upper bounds unless ``exact``
    (then a count over a limit raises :class:`InexactBound` instead of refusing: the exact count decides)."""
    from ..reading.sheetxml import scan_part

    limits = current()
    stats = SheetStats()
    pat: _Patterns | None = None
    shared_chars = 0  # of stats.chars, from shared strings (upper bounds unless exact)
    for piece in pieces(fh, b"row", path, sheet):
        if pat is None:
            m = _PREFIX_RE.search(piece)
            pat = _Patterns(m.group(1) or b"" if m else b"")
        texts = pat.text.findall(piece)
        if not _plain_syntax(pat.sheet_data(piece), texts, pat):
            raise Unusual
        scan_part(piece, stats.formulas, stats.hidden)
        opened = piece.count(pat.cell_open)
        with_indexes = piece.count(pat.cell_r) == opened  # refs are (letters, number, shared-string index)
        if with_indexes:
            refs = pat.valued.findall(piece)
            addressed = opened
        else:
            refs = pat.valued_any.findall(piece)
            addressed = len(pat.with_ref.findall(piece))
        if addressed != opened or pat.cell_bare in piece:
            stats.unaddressed = True  # cells placed by position: walked one by one (rare: few writers omit r=)
            _place_by_position(piece, pat, stats)
        stats.cells += len(refs)
        if refs:
            # C-level maps over the (letters, number) pairs (zip(*refs) unpacked 100,000 arguments: 4 times slower)
            stats.rows.update(map(int, set(map(_second, refs))))
            stats.columns.update(map(column_number, set(map(_first, refs))))
        stats.row_tags += piece.count(pat.row_open) + piece.count(pat.row_bare)
        stats.merges += piece.count(pat.merge)
        if texts:
            stats.chars += _chars(b"".join(texts))
            longest = max(texts, key=len)
            if len(longest) > limits.cell_chars:  # bytes >= characters: only then count them exactly
                import html

                n = len(html.unescape(longest.decode("utf-8", "replace")))
                if n > limits.cell_chars:
                    raise refuse("cell_chars", f"{n:,}", path, sheet=sheet)
        typed = piece.count(pat.t_shared) if shared else 0
        if typed:
            # The indexes found with the cells are those of every t="s" of the piece (each such cell holds one):
            # then they are what the literal search below finds too.
            index_texts = list(filter(None, map(_third, refs))) if with_indexes else []
            if len(index_texts) != typed:
                index_texts = pat.shared_plain.findall(piece)
            if len(index_texts) != typed:
                index_texts = pat.shared.findall(piece)
                if len(index_texts) != typed - b"".join(texts).count(pat.t_shared):
                    raise Unusual  # a shared-string cell whose index the patterns do not find (<f> before <v> …)
            try:
                found = list(map(shared.__getitem__, map(int, index_texts)))
            except IndexError:  # a reference to no string: calamine's to report
                found = [shared[i] for i in map(int, index_texts) if i < len(shared)]
            if found:
                total = sum(found)
                stats.chars += total
                shared_chars += total
                n = max(found)
                if n > limits.cell_chars:
                    if not exact:
                        raise InexactBound
                    raise refuse("cell_chars", f"{n:,}", path, sheet=sheet)
        check_totals(stats, limits, path, sheet, shared_chars=shared_chars, exact=exact)
    check_totals(stats, limits, path, sheet, shared_chars=shared_chars, exact=exact, final=True)
    return stats


def check_totals(
    stats: SheetStats,
    limits: Limits,
    path: Path,
    sheet: str,
    *,
    shared_chars: int,
    exact: bool,
    final: bool = False,
) -> None:
    """Refuse a sheet whose counts so far are over a limit (the columns only once it is all read, ``final``);
    :class:`InexactBound` where only the shared strings' upper bounds are over (their exact count decides)."""
    if stats.cells > limits.cells:
        raise refuse("cells", None, path, sheet=sheet)
    if len(stats.rows) > limits.rows or (stats.unaddressed and stats.row_tags > limits.rows):
        raise refuse("rows", None, path, sheet=sheet)
    if stats.chars > limits.chars:
        if not exact and stats.chars - shared_chars <= limits.chars:
            raise InexactBound
        raise refuse("chars", None, path, sheet=sheet)
    if stats.merges > limits.merges:
        raise refuse("merges", None, path, sheet=sheet)
    if final and len(stats.columns) > limits.columns:
        raise refuse("columns", f"{len(stats.columns):,}", path, sheet=sheet)
