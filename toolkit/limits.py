"""Size limits, checked before any work: a hostile or huge input is refused in seconds, with a Chinese message.

A workbook is measured, never trusted: the zip directory gives each member's size and compression ratio, and
the sheet XML is streamed once (bounded memory, C-speed regexes) to count what it really holds: rows and
cells with content, the columns they span, characters per cell and in all, merged ranges. A ``<dimension>``
tag is not read at all. python-calamine lays a sheet out as a dense grid from its first to its last cell, so a
single cell at XFD1048576 makes it try to allocate 512 GiB (the process aborts); :func:`check_xlsx` finds such
far-away cells before calamine sees the file and gives it a copy without them (they are named in a QZ010
finding: nothing is dropped silently).

Defaults fit the largest real lists with room (a county unit's list has tens to hundreds of items, a city's
catalogue a few thousand); a province's million items is a batch job, not one workbook. They are raised with
``qzqd --limit rows=300000 …`` or the environment variable ``QZQD_LIMITS="rows=300000,cells=5000000"``.

>>> current().rows
100000
>>> with raised("rows=5"):
...     current().rows
5
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter, methodcaller
from pathlib import Path
from typing import IO

from .errors import CorruptWorkbookError, LimitError, UsageError
from .zipread import open_member

MB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """What one input may hold (see the module docstring for how to raise them)."""

    bytes: int = 200 * MB  # uncompressed size of a workbook or document (all its parts), or of a text file
    ratio: int = 200  # compression ratio of one part of a workbook or document (parts over 10 MB)
    rows: int = 100_000  # rows holding content in one sheet
    columns: int = 1_000  # columns spanned by the content of one sheet
    cells: int = 2_000_000  # non-empty cells in one sheet
    cell_chars: int = 100_000  # characters in one cell (over Excel's 32,767 is QZ006; far over it, refused)
    chars: int = 50_000_000  # characters in one sheet
    # Merged ranges in one sheet: a large real list has one to three per item. openpyxl (annotate and
    # update-citations copy the workbook with it) spends ~0.3 ms on each when it loads the workbook.
    merges: int = 20_000


# name -> (what it limits, in Chinese)
LIMIT_TEXT: dict[str, str] = {
    "bytes": "解压后的大小（字节）",
    "ratio": "压缩比",
    "rows": "有内容的行数",
    "columns": "有内容的列数",
    "cells": "有内容的单元格数",
    "cell_chars": "单个单元格的字数",
    "chars": "一个工作表的总字数",
    "merges": "合并单元格的个数",
}

ENV = "QZQD_LIMITS"
_override: Limits | None = None


def parse(spec: str, base: Limits | None = None) -> Limits:
    """``base`` with the values of ``spec`` ("rows=300000,cells=5e6"), or a Chinese UsageError.

    >>> parse("rows=300000, cells=5e6").cells
    5000000
    """
    base = base or Limits()
    values: dict[str, int] = {}
    for part in re.split(r"[,，;；\s]+", spec.strip()):
        if not part:
            continue
        name, sep, value = part.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or name not in LIMIT_TEXT:
            raise UsageError(
                f"限额“{part}”无法识别，应写作 名称=数值，名称为：{'、'.join(f'{k}（{v}）' for k, v in LIMIT_TEXT.items())}。"
            )
        try:
            number = int(float(value.strip().upper().replace("M", "e6").replace("K", "e3")))
        except (ValueError, OverflowError):
            number = 0
        if number <= 0:
            raise UsageError(f"限额“{part}”的数值应为正整数，如 rows=300000。")
        values[name] = number
    return dataclasses.replace(base, **values)


def current() -> Limits:
    """The limits in force: the defaults, raised by ``QZQD_LIMITS`` and by the ``--limit`` options."""
    if _override is not None:
        return _override
    env = os.environ.get(ENV, "")
    return parse(env) if env.strip() else Limits()


def configure(specs: tuple[str, ...] | list[str]) -> None:
    """Set the limits for the rest of this process (the CLI's ``--limit`` options, applied over the env)."""
    global _override
    limits = current()
    for spec in specs:
        limits = parse(spec, limits)
    _override = limits


@contextlib.contextmanager
def raised(spec: str) -> Iterator[Limits]:
    """Limits changed by ``spec`` inside a ``with`` block (for the library and tests)."""
    global _override
    before = _override
    _override = parse(spec, current())
    try:
        yield _override
    finally:
        _override = before


def refuse(name: str, found: str | None, path: Path, *, sheet: str | None = None, what: str = "") -> LimitError:
    limit = getattr(current(), name)
    measured = f"为 {found}，" if found else ""
    return LimitError(
        f"{what or LIMIT_TEXT[name]}{measured}超过了限额 {limit:,}（{name}）：文件过大，或是损坏、恶意构造的文件，未处理。",
        path=path,
        sheet=sheet,
        hint=f"如确实需要处理这么大的文件，可加 --limit {name}=更大的数值（写在命令中任意位置），"
        f"或设置环境变量 {ENV}；大批量的清单请按单位分成多个工作簿。",
    )


# --- files and zip containers ---------------------------------------------------------------------------


# Text, HTML and a .docx's document.xml are parsed whole into memory (a str, an lxml tree ~10 times the text):
# they get a quarter of the ``bytes`` limit (50 MB by default: a real list is a few MB).
WHOLE_PARSE_SHARE = 4


def check_file_size(path: Path, *, parsed_whole: bool = False) -> None:
    """A plain file (.xls; text and HTML with ``parsed_whole``) no larger than the ``bytes`` limit (a quarter
    of it when the file is parsed whole into memory)."""
    size = path.stat().st_size
    limit = current().bytes // (WHOLE_PARSE_SHARE if parsed_whole else 1)
    if size > limit:
        what = "文件大小（字节）" + (f"（整个读入内存，限额为 bytes 的 1/{WHOLE_PARSE_SHARE}）" if parsed_whole else "")
        raise LimitError(
            f"{what}为 {size:,}，超过了限额 {limit:,}：文件过大，或是损坏、恶意构造的文件，未处理。",
            path=path,
            hint=f"如确实需要处理这么大的文件，可加 --limit bytes=更大的数值（写在命令中任意位置），或设置环境变量 {ENV}。",
        )


_MAX_MEMBERS = 10_000


def check_zip(path: Path, *, parsed_whole: tuple[str, ...] = ()) -> None:
    """The zip directory of an .xlsx/.docx/.ods: total uncompressed size and each part's compression ratio;
    the parts named in ``parsed_whole`` (a .docx's word/document.xml) get a quarter of the ``bytes`` limit.

    Only the directory is read (no decompression). Sizes written in the directory are what Python's zipfile
    enforces when reading (a part that inflates beyond its stated size fails its CRC check).
    """
    limits = current()
    try:
        with path.open("rb") as fh:
            end = zipfile._EndRecData(fh)  # type: ignore[attr-defined]
        if end is not None and end[zipfile._ECD_ENTRIES_TOTAL] > _MAX_MEMBERS:  # type: ignore[attr-defined]
            count = end[zipfile._ECD_ENTRIES_TOTAL]  # type: ignore[attr-defined]
            raise LimitError(
                f"压缩包中有 {count:,} 个部件（工作簿或文档不会超过 {_MAX_MEMBERS:,} 个）：文件已损坏或是恶意构造的，未处理。",
                path=path,
            )
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return  # the reader says what is wrong with a damaged file
    total = 0
    for info in infos:
        total += info.file_size
        if total > limits.bytes:
            raise refuse("bytes", f"{total:,}（部件 {info.filename} 处）", path)
        if info.filename in parsed_whole and info.file_size > limits.bytes // WHOLE_PARSE_SHARE:
            raise LimitError(
                f"部件 {info.filename} 解压后为 {info.file_size:,} 字节，超过了限额 {limits.bytes // WHOLE_PARSE_SHARE:,}"
                f"（它要整个读入内存，限额为 bytes 的 1/{WHOLE_PARSE_SHARE}）：文件过大，或是损坏、恶意构造的文件，未处理。",
                path=path,
                hint=f"如确实需要处理这么大的文件，可加 --limit bytes=更大的数值（写在命令中任意位置），或设置环境变量 {ENV}。",
            )
        if info.file_size > 10 * MB and info.file_size > limits.ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise refuse("ratio", f"{ratio:,}:1（部件 {info.filename}，解压后 {info.file_size:,} 字节）", path)


# --- the sheets of an .xlsx ------------------------------------------------------------------------------

# Bytes inflated at a time. Small enough that each piece's buffers (inflated, without continuation bytes, split)
# come back from memory freed by the piece before: 4 MB pieces took fresh pages from the system for each one
# (21,600 page faults measuring the 10,000-item list, 6,300 at 256 KB; 0.36 -> 0.33 s CPU).
_CHUNK = 1 << 18
_MAX_PIECE = 64 * MB  # a row's XML is never longer (13 cells of 32,767 entity-escaped characters: 3.4 MB)
_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
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
        # (t="s" first or after the style, the index in a plain <v>), else empty. One pass finds both; :func:`_scan`
        # takes the indexes from it only where they are every t="s" of the piece.
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


_T_RE = re.compile(rb"<" + _NS + rb"t(?:\s[^>]*)?>([^<]*)")
_CONTINUATION = bytes(range(0x80, 0xC0))


def _chars(data: bytes) -> int:
    """Characters of UTF-8 text (an entity such as ``&#24207;`` counts as its length: an upper bound)."""
    return len(data.translate(None, _CONTINUATION))


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
        chunk = raw.translate(None, _CONTINUATION) if characters else raw
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
    parsed: bool = False  # measured by the XML parser (toolkit.limits_xml): not in the syntax the patterns read
    # What the reader needs of the sheet besides calamine's values (toolkit.reading.sheetxml.scan_sheet), found
    # on the same pieces by the patterns' scan: formula cells (address -> cached value saved) and hidden rows.
    formulas: dict[str, bool] = field(default_factory=dict)
    hidden: set[int] = field(default_factory=set)

    @property
    def extent(self) -> tuple[int, int]:
        return (max(self.rows, default=0), max(self.columns, default=0))


_TAG_RE = re.compile(rb"<[^>]*>")
_SST_PREFIX_RE = re.compile(rb"<([A-Za-z_][\w.-]*:)?sst\b")


def _shared_lengths(zf: zipfile.ZipFile, path: Path, *, exact: bool = False) -> list[int]:
    """The length in characters of each shared string (what a ``t="s"`` cell refers to by index): an upper
    bound that counts the string's markup too, unless ``exact``.

    The bound costs one split and one C-level count per piece (the 65 MB of shared strings of a 10,000-item
    list: ~0.1 s besides inflating them); the exact count also strips every tag (three more passes over the
    text), so :func:`check_xlsx` asks for it only when a bound is over a limit.
    """
    name = next((n for n in zf.namelist() if n.lower() == "xl/sharedstrings.xml"), None)
    if name is None:
        return []
    try:
        return _shared_lengths_plain(zf, name, path, exact=exact)
    except _Unusual:
        from .limits_xml import shared_lengths_xml

        with zf.open(name) as fh:
            return shared_lengths_xml(fh, path)


def _plain_strings(piece: bytes) -> bool:
    """Whether no comment or CDATA section could hide or fake a string and no ``si`` element has a prefix
    (~20 ms for the 65 MB of shared strings of a 10,000-item list)."""
    return not (b"!" in piece and b"<!" in piece) and b":si" not in piece


_FIRST_BYTE = itemgetter(0)


def _shared_lengths_plain(zf: zipfile.ZipFile, name: str, path: Path, *, exact: bool) -> list[int]:
    lengths: list[int] = []
    first = True
    strip = methodcaller("translate", None, _CONTINUATION)
    with open_member(zf, name) as fh:
        for piece in pieces(fh, b"si", path, None, characters=not exact):
            if first:
                m = _SST_PREFIX_RE.search(piece)
                if m and m.group(1):
                    raise _Unusual  # a prefixed sst (x:si): rare, read by the parser
                first = False
            # Each string's text, found without a Python step per string (60,000 strings of a 10,000-item list).
            # A piece ends just after a </si>, so the text before its first <si> belongs to no string.
            if not _plain_strings(piece):
                raise _Unusual
            # Split at "<si": a string that does not open with a plain "<si>" (<si/>, which calamine counts as
            # a string too, or attributes) is read by the parser.
            parts = piece.split(b"<si")
            del parts[0]
            try:
                opens = bytes(map(_FIRST_BYTE, parts))  # C-level: 4 times faster than a startswith per part
            except IndexError:  # "<si<si": written by no program
                raise _Unusual from None
            if opens.count(b">") != len(opens):
                raise _Unusual
            if exact:
                # Drop every tag: phonetic runs and entities still count (an upper bound).
                lengths.extend(n - 1 for n in map(len, map(strip, map(_TAG_RE.sub, repeat(b""), parts))))
            else:
                # The string's markup counts as characters too (~30 of them a string, and the ">" of its
                # "<si>"). The piece holds one byte a character already.
                lengths.extend(map(len, parts))
    return lengths


class InexactBound(Exception):
    """A shared string's upper bound is over a limit: its exact length decides."""


class _Unusual(Exception):
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
    :func:`toolkit.limits_xml.scan_sheet_xml`. (A shared-string index the patterns cannot read, behind
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


def _scan(fh: IO[bytes], path: Path, sheet: str, shared: list[int], *, exact: bool = True) -> SheetStats:
    """What one sheet holds; ``shared`` are the lengths of the shared strings, upper bounds unless ``exact``
    (then a count over a limit raises :class:`InexactBound` instead of refusing: the exact count decides)."""
    from .reading.sheetxml import scan_part

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
            raise _Unusual
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
        if shared and b't="s"' in piece:
            # The indexes found with the cells are those of every t="s" of the piece (each such cell holds one):
            # then they are what the literal search below finds too.
            index_texts = list(filter(None, map(_third, refs))) if with_indexes else []
            if len(index_texts) != piece.count(pat.t_shared):
                index_texts = pat.shared_plain.findall(piece)
            if len(index_texts) != piece.count(pat.t_shared):
                index_texts = pat.shared.findall(piece)
                if len(index_texts) != piece.count(pat.t_shared) - b"".join(texts).count(pat.t_shared):
                    raise _Unusual  # a shared-string cell whose index the patterns do not find (<f> before <v> …)
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


# A gap this wide of empty rows (columns) parts the list from cells that are not part of it.
ROW_GAP = 1000
COLUMN_GAP = 100
MAX_FAR_CELLS = 1000


def _core(values: set[int], gap: int) -> int:
    """The last value before the first gap wider than ``gap`` (values past it are far away)."""
    last = 0
    for v in sorted(values):
        if last and v - last > gap:
            return last
        last = v
    return last


def _fits(rows: int, cols: int, limits: Limits) -> bool:
    # calamine lays a sheet out as a dense grid from A1 to its last cell: the area counts, not the cells.
    return rows <= limits.rows and cols <= limits.columns and rows * cols <= limits.cells


def _list_block(rows: set[int], cols: set[int], path: Path, sheet: str) -> tuple[int, int] | None:
    """None when the grid from A1 to the last cell with content is within the limits; else the last row and
    column of the list itself (cells past a wide gap left out), or a LimitError when even that is too big."""
    limits = current()
    if _fits(max(rows, default=0), max(cols, default=0), limits):
        return None
    last_row, last_col = _core(rows, ROW_GAP), _core(cols, COLUMN_GAP)
    if not _fits(last_row, last_col, limits):
        if last_row > limits.rows:
            raise refuse("rows", f"{last_row:,}", path, sheet=sheet, what="清单所占的行数")
        if last_col > limits.columns:
            raise refuse("columns", f"{last_col:,}", path, sheet=sheet, what="清单所占的列数")
        raise refuse("cells", f"{last_row:,} 行 × {last_col:,} 列", path, sheet=sheet, what="清单所占的区域")
    return last_row, last_col


@dataclass
class XlsxPlan:
    """What :func:`check_xlsx` found: sheets whose far-away cells must be left out before calamine reads them
    (sheet name -> the last row and column of the list block), and those cells (sheet -> [(cell, text)])."""

    path: Path
    cut: dict[str, tuple[int, int]] = field(default_factory=dict)
    members: dict[str, str] = field(default_factory=dict)  # sheet name -> zip member
    far: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # sheet name -> its formula cells and hidden rows (toolkit.reading.sheetxml.scan_sheet's answer), for the
    # sheets the patterns measured (not those read with the XML parser)
    layout: dict[str, tuple[dict[str, bool], set[int]]] = field(default_factory=dict)

    def open_for_calamine(self) -> io.BytesIO | None:
        """A copy of the workbook without the far cells (None when nothing needs leaving out)."""
        if not self.cut:
            return None
        return _trimmed(self)


def _sheets(zf: zipfile.ZipFile) -> dict[str, str]:
    from .reading.sheetxml import sheet_member, sheet_names

    out: dict[str, str] = {}
    for name in sheet_names(zf):
        member = sheet_member(zf, name)
        if member is not None and member in zf.NameToInfo:
            out[name] = member
    return out


def _plan_sheets(zf: zipfile.ZipFile, plan: XlsxPlan, shared: list[int], *, exact: bool) -> None:
    path = plan.path
    for sheet, member in _sheets(zf).items():
        try:
            with open_member(zf, member) as fh:
                stats = _scan(fh, path, sheet, shared, exact=exact)
        except _Unusual:
            from .limits_xml import scan_sheet_xml

            with zf.open(member) as fh:
                stats = scan_sheet_xml(fh, path, sheet, shared, exact=exact)
        if not stats.parsed:
            plan.layout[sheet] = (stats.formulas, stats.hidden)
        block = _list_block(stats.rows, stats.columns, path, sheet)
        if block is None:
            continue
        # Cells placed by position cannot be left out one by one; the copy without the far cells is written
        # by the patterns, which read only the plain syntax.
        if stats.unaddressed or stats.parsed:
            why = "单元格没有写明地址" if stats.unaddressed else "XML 写法不寻常（不是 Excel、WPS 保存的写法）"
            raise LimitError(
                f"有单元格远在清单之外（第 {max(stats.rows):,} 行、第 {max(stats.columns):,} 列），"
                f"而这个工作簿的{why}，无法跳过它们读取（读取时会占用数 GB 内存）。",
                path=path,
                sheet=sheet,
                hint="请在 Excel 或 WPS 中打开，删除清单以外的单元格后另存为 .xlsx 再试。",
            )
        plan.cut[sheet] = block
        plan.members[sheet] = member


def check_xlsx(path: Path, *, zip_checked: bool = False) -> XlsxPlan:
    """Measure every sheet of an .xlsx against the limits; returns what calamine must not be given.
    ``zip_checked``: the caller has run :func:`check_zip` on ``path`` already.

    >>> check_xlsx(Path("workbooks/xingan-2022.xlsx")).cut
    {}
    """
    if not zip_checked:
        check_zip(path)
    plan = XlsxPlan(path)
    try:
        with zipfile.ZipFile(path) as zf:
            try:
                # Shared strings measured with their markup (cheap): a workbook within the limits by that
                # upper bound is within them; one over them is measured again, exactly, before refusing.
                _plan_sheets(zf, plan, _shared_lengths(zf, path), exact=False)
            except InexactBound:
                plan = XlsxPlan(path)
                _plan_sheets(zf, plan, _shared_lengths(zf, path, exact=True), exact=True)
    except (zipfile.BadZipFile, KeyError, EOFError) as exc:
        if isinstance(exc, zipfile.BadZipFile) and "CRC" in str(exc):
            raise CorruptWorkbookError("工作簿已损坏（压缩数据校验失败），无法读取。", path=path) from exc
        return plan  # calamine reports the damage in its own words
    return plan


# BIFF8 records (an .xls workbook stream) that put a value in a cell: LABELSST, LABEL, NUMBER, RK, BOOLERR,
# FORMULA, RSTRING; MULRK holds several. BLANK/MULBLANK hold none (calamine skips them).
_XLS_VALUES = frozenset({0x00FD, 0x0204, 0x0203, 0x027E, 0x0205, 0x0006, 0x00D6})
_XLS_MULRK, _XLS_BOF, _XLS_EOF, _XLS_SHEET, _XLS_MERGES = 0x00BD, 0x0809, 0x000A, 0x0085, 0x00E5


def _xls_cells(data: bytes) -> Iterator[tuple[int, int, int]]:
    """(stream offset of the sheet's BOF, row, column) of every cell record holding a value (0-based)."""
    import struct

    unpack = struct.unpack_from
    pos, end, sheet = 0, len(data), -1
    while pos + 4 <= end:
        kind, size = unpack("<HH", data, pos)
        body = pos + 4
        if kind in _XLS_VALUES and size >= 4:
            row, col = unpack("<HH", data, body)
            yield sheet, row, col
        elif kind == _XLS_MULRK and size >= 6:
            row, first = unpack("<HH", data, body)
            (last,) = unpack("<H", data, body + size - 2)
            for col in range(first, last + 1):
                yield sheet, row, col
        elif kind == _XLS_BOF:
            sheet = pos
        pos = body + size


def check_xls(path: Path) -> None:
    """Measure every sheet of an .xls (BIFF8) against the limits, from its cell records.

    calamine lays out an .xls sheet as a dense grid too: one cell at IV65536 made it hold 16.7 million
    cells (26 s, 1.3 GB). An .xls cannot be given to it without such cells, so they are named in the refusal.
    """
    check_file_size(path)
    try:
        import olefile

        with olefile.OleFileIO(str(path)) as ole:
            stream = "Workbook" if ole.exists("Workbook") else "Book"
            data = ole.openstream(stream).read()
    except Exception:  # noqa: BLE001 - damage is calamine's to report, in its words
        return
    import struct

    names: dict[int, str] = {}
    pos = 0
    while pos + 4 <= len(data):  # the workbook globals: each sheet's name and the offset of its BOF
        kind, size = struct.unpack_from("<HH", data, pos)
        if kind == _XLS_SHEET and size >= 8:
            (offset,) = struct.unpack_from("<I", data, pos + 4)
            length = data[pos + 10]
            raw = data[pos + 12 : pos + 12 + length * (2 if data[pos + 11] & 1 else 1)]
            names[offset] = raw.decode("utf-16-le" if data[pos + 11] & 1 else "latin-1", "replace")
        if kind == _XLS_EOF:
            break
        pos += 4 + size
    limits = current()
    rows: dict[int, set[int]] = {}
    cols: dict[int, set[int]] = {}
    cells: dict[int, int] = {}
    for sheet, row, col in _xls_cells(data):
        rows.setdefault(sheet, set()).add(row + 1)
        cols.setdefault(sheet, set()).add(col + 1)
        cells[sheet] = cells.get(sheet, 0) + 1
        if cells[sheet] > limits.cells:
            raise refuse("cells", None, path, sheet=names.get(sheet))
    for sheet in rows:
        name = names.get(sheet, "")
        if len(rows[sheet]) > limits.rows:
            raise refuse("rows", None, path, sheet=name)
        block = _list_block(rows[sheet], cols[sheet], path, name)
        if block is None:
            continue
        from .reading.grid import get_column_letter

        far = [
            f"{get_column_letter(c + 1)}{r + 1}"
            for s, r, c in _xls_cells(data)
            if s == sheet and (r + 1 > block[0] or c + 1 > block[1])
        ]
        shown = "、".join(far[:10]) + ("……" if len(far) > 10 else "")
        raise LimitError(
            f"有 {len(far)} 个单元格远在清单之外（{shown}），旧版 .xls 工作簿无法跳过它们读取（读取时会占用数 GB 内存）。",
            path=path,
            sheet=name,
            hint="请在 Excel 或 WPS 中删除这些单元格（或把工作簿另存为 .xlsx，qzqd 会跳过它们并逐个列出）后再试。",
        )


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _repeat(value: str | None) -> int:
    try:
        return max(int(value), 1) if value else 1
    except ValueError:
        return 1


def check_ods(path: Path) -> None:
    """Measure every sheet of an .ods against the limits, counting repeated rows and cells as calamine expands
    them (a row repeated a million times with one cell of text is a million cells), without expanding them.

    Streamed (lxml iterparse, each row freed once counted).
    """
    check_zip(path)
    from lxml import etree

    limits = current()
    t, o = _ODS_TABLE, _ODS_OFFICE
    try:
        with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
            sheet, depth = "", 0
            rows = cells = chars = merges = last_row = last_col = 0
            r = c = row_cells = row_chars = row_last_col = 0
            for event, el in etree.iterparse(
                fh,
                events=("start", "end"),
                tag=(t + "table", t + "table-row", t + "table-cell", t + "covered-table-cell"),
                resolve_entities=False,
                no_network=True,
                huge_tree=True,
            ):
                tag = el.tag[len(t) :]
                if tag == "table":
                    depth += 1 if event == "start" else -1
                    if event == "start" and depth == 1:
                        sheet = el.get(t + "name") or ""
                        rows = cells = chars = merges = last_row = last_col = r = 0
                    continue
                if depth != 1:
                    continue
                if tag == "table-row":
                    if event == "start":
                        c = row_cells = row_chars = row_last_col = 0
                        continue
                    rep = _repeat(el.get(t + "number-rows-repeated"))
                    if row_cells:
                        rows += rep
                        cells += rep * row_cells
                        chars += rep * row_chars
                        last_row = r + rep
                        last_col = max(last_col, row_last_col)
                    r += rep
                    el.clear(keep_tail=False)
                    while el.getprevious() is not None:
                        del el.getparent()[0]
                    for name, value in (("rows", rows), ("cells", cells), ("chars", chars), ("merges", merges)):
                        if value > getattr(limits, name):
                            raise refuse(name, None, path, sheet=sheet)
                    if last_row > limits.rows or last_col > limits.columns:
                        name = "rows" if last_row > limits.rows else "columns"
                        found = last_row if name == "rows" else last_col
                        raise refuse(
                            name,
                            f"{found:,}",
                            path,
                            sheet=sheet,
                            what=f"清单所占的{'行' if name == 'rows' else '列'}数",
                        )
                    continue
                if event == "start":
                    continue
                rep = _repeat(el.get(t + "number-columns-repeated"))
                if (
                    int(el.get(t + "number-rows-spanned") or 1) > 1
                    or int(el.get(t + "number-columns-spanned") or 1) > 1
                ):
                    merges += 1
                if el.get(o + "value-type") or len(el):
                    n = len("".join(el.itertext()))
                    if n > limits.cell_chars:
                        raise refuse("cell_chars", f"{n:,}", path, sheet=sheet)
                    row_cells += rep
                    row_chars += rep * n
                    row_last_col = c + rep
                c += rep
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, etree.XMLSyntaxError, ValueError):
        return  # calamine reports the damage in its own words


_CELL_ELEMENT_RE = re.compile(
    rb"<" + _NS + rb'c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(?:/>|(?<!/)>.*?</' + _NS + rb"c>)", re.S
)


def _trimmed(plan: XlsxPlan) -> io.BytesIO:
    import html

    out = io.BytesIO()
    by_member = {plan.members[s]: (s, cut) for s, cut in plan.cut.items()}
    with zipfile.ZipFile(plan.path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for info in zin.infolist():
            if info.filename not in by_member:
                zout.writestr(info, zin.read(info.filename), compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
                continue
            sheet, (last_row, last_col) = by_member[info.filename]
            far: list[tuple[str, str]] = []

            def drop(
                m: re.Match[bytes],
                last_row: int = last_row,
                last_col: int = last_col,
                far: list[tuple[str, str]] = far,
                sheet: str = sheet,
            ) -> bytes:
                row, col = int(m.group(2)), column_number(m.group(1))
                if row <= last_row and col <= last_col:
                    return m.group(0)
                if len(far) >= MAX_FAR_CELLS:
                    raise LimitError(
                        f"清单以外远处（隔着上千个空行或上百个空列）有超过 {MAX_FAR_CELLS:,} 个有内容的单元格，"
                        "不像是误填的几个单元格，未处理。",
                        path=plan.path,
                        sheet=sheet,
                        hint="请在 Excel 或 WPS 中打开，删除清单以外的单元格（或把它们移到另一个工作表）后再试。",
                    )
                text = html.unescape(b"".join(_T_RE.findall(m.group(0))).decode("utf-8", "replace"))
                if not text:
                    v = re.search(rb"<" + _NS + rb"v>([^<]*)<", m.group(0))
                    text = v.group(1).decode("utf-8", "replace") if v else ""
                far.append((f"{m.group(1).decode()}{row}", text))
                return b""

            with zin.open(info) as fh, zout.open(info.filename, "w") as dst:
                for piece in pieces(fh, b"row", plan.path, sheet):
                    dst.write(_CELL_ELEMENT_RE.sub(drop, piece))
            plan.far[sheet] = far
    out.seek(0)
    return out


__all__ = [
    "Limits",
    "check_xls",
    "LIMIT_TEXT",
    "check_file_size",
    "check_xlsx",
    "check_zip",
    "configure",
    "current",
    "parse",
    "raised",
]
