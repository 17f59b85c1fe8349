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
from pathlib import Path

from .errors import CorruptWorkbookError, LimitError, UsageError

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
    merges: int = 50_000  # merged ranges in one sheet


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


def _refuse(name: str, found: str | None, path: Path, *, sheet: str | None = None, what: str = "") -> LimitError:
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


def check_file_size(path: Path) -> None:
    """A plain file (text, HTML, .xls) no larger than the ``bytes`` limit."""
    size = path.stat().st_size
    if size > current().bytes:
        raise _refuse("bytes", f"{size:,}", path, what="文件大小（字节）")


_MAX_MEMBERS = 10_000


def check_zip(path: Path) -> None:
    """The zip directory of an .xlsx/.docx/.ods: total uncompressed size and each part's compression ratio.

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
            raise _refuse("bytes", f"{total:,}（部件 {info.filename} 处）", path)
        if info.file_size > 10 * MB and info.file_size > limits.ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise _refuse("ratio", f"{ratio:,}:1（部件 {info.filename}，解压后 {info.file_size:,} 字节）", path)


# --- the sheets of an .xlsx ------------------------------------------------------------------------------

_CHUNK = 1 << 22
_MAX_PIECE = 64 * MB  # a row's XML is never longer (13 cells of 32,767 entity-escaped characters: 3.4 MB)
_NS = rb"(?:[A-Za-z_][\w.-]*:)?"
# The opening tag of a cell that holds something (not <c …/> nor <c …></c>): calamine places it in the grid.
_VALUED_RE = re.compile(rb"<" + _NS + rb'c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*(?<!/)>(?!\s*</)')
_ANY_CELL_RE = re.compile(rb"<" + _NS + rb"c[\s>/]")
_REF_CELL_RE = re.compile(rb"<" + _NS + rb'c\s[^>]*?\br="')
_ROW_OPEN_RE = re.compile(rb"<" + _NS + rb"row\b")
_MERGE_RE = re.compile(rb"<" + _NS + rb"mergeCell\b")
_SHARED_RE = re.compile(rb"<" + _NS + rb'c\s[^>]*?\bt="s"[^>]*>\s*<' + _NS + rb"v>\s*([0-9]+)\s*<")
_TEXT_RE = re.compile(rb"<" + _NS + rb"(?:t|v)(?:\s[^>]*)?>([^<]+)")
_SI_RE = re.compile(rb"<" + _NS + rb"si>(.*?)</" + _NS + rb"si>", re.S)
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


def pieces(fh: io.BufferedIOBase, local: bytes, path: Path, sheet: str | None) -> Iterator[bytes]:
    """The stream cut after the last ``</local>`` of each chunk: an element is never split between pieces.
    Linear in the stream's length (no buffer re-copied per chunk); a piece longer than 64 MB is refused."""
    parts: list[bytes] = []
    held = 0
    while True:
        chunk = fh.read(_CHUNK)
        if not chunk:
            if parts:
                yield b"".join(parts)
            return
        cut = _last_end(chunk, local)
        if cut < 0:
            parts.append(chunk)
            held += len(chunk)
            if held > _MAX_PIECE:
                raise _refuse("cell_chars", f"超过 {_MAX_PIECE // MB} MB", path, sheet=sheet, what="一行的内容")
            continue
        parts.append(chunk[:cut])
        yield b"".join(parts)
        parts = [chunk[cut:]]
        held = len(parts[0])


def _col_number(letters: bytes) -> int:
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
    unaddressed: bool = False  # cells without an r="A1" attribute: placed by position (extent not measured)

    @property
    def extent(self) -> tuple[int, int]:
        return (max(self.rows, default=0), max(self.columns, default=0))


def _shared_lengths(zf: zipfile.ZipFile, path: Path) -> list[int]:
    name = next((n for n in zf.namelist() if n.lower() == "xl/sharedstrings.xml"), None)
    if name is None:
        return []
    lengths: list[int] = []
    with zf.open(name) as fh:
        for piece in pieces(fh, b"si", path, None):
            lengths.extend(_chars(b"".join(_T_RE.findall(m.group(1)))) for m in _SI_RE.finditer(piece))
    return lengths


def _scan(fh: io.BufferedIOBase, path: Path, sheet: str, shared: list[int]) -> SheetStats:
    limits = current()
    stats = SheetStats()
    long_cut = re.compile(rb"<" + _NS + rb"(?:t|v)(?:\s[^>]*)?>([^<]{%d,})" % (limits.cell_chars + 1))
    for piece in pieces(fh, b"row", path, sheet):
        refs = _VALUED_RE.findall(piece)
        stats.cells += len(refs)
        stats.rows.update(map(int, {r for _, r in refs}))
        stats.columns.update(map(_col_number, {c for c, _ in refs}))
        if len(_ANY_CELL_RE.findall(piece)) != len(_REF_CELL_RE.findall(piece)):
            stats.unaddressed = True
        stats.row_tags += len(_ROW_OPEN_RE.findall(piece))
        stats.merges += len(_MERGE_RE.findall(piece))
        stats.chars += _chars(b"".join(_TEXT_RE.findall(piece)))
        for m in long_cut.finditer(piece):
            import html

            n = len(html.unescape(m.group(1).decode("utf-8", "replace")))
            if n > limits.cell_chars:
                raise _refuse("cell_chars", f"{n:,}", path, sheet=sheet)
        if shared:
            for index in map(int, _SHARED_RE.findall(piece)):
                n = shared[index] if index < len(shared) else 0
                stats.chars += n
                if n > limits.cell_chars:
                    raise _refuse("cell_chars", f"{n:,}", path, sheet=sheet)
        if stats.cells > limits.cells:
            raise _refuse("cells", None, path, sheet=sheet)
        if len(stats.rows) > limits.rows or (stats.unaddressed and stats.row_tags > limits.rows):
            raise _refuse("rows", None, path, sheet=sheet)
        if stats.chars > limits.chars:
            raise _refuse("chars", None, path, sheet=sheet)
        if stats.merges > limits.merges:
            raise _refuse("merges", None, path, sheet=sheet)
    if len(stats.columns) > limits.columns:
        raise _refuse("columns", f"{len(stats.columns):,}", path, sheet=sheet)
    return stats


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


@dataclass
class XlsxPlan:
    """What :func:`check_xlsx` found: sheets whose far-away cells must be left out before calamine reads them
    (sheet name -> the last row and column of the list block), and those cells (sheet -> [(cell, text)])."""

    path: Path
    cut: dict[str, tuple[int, int]] = field(default_factory=dict)
    members: dict[str, str] = field(default_factory=dict)  # sheet name -> zip member
    far: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

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


def check_xlsx(path: Path) -> XlsxPlan:
    """Measure every sheet of an .xlsx against the limits; returns what calamine must not be given.

    >>> check_xlsx(Path("workbooks/xingan-2022.xlsx")).cut
    {}
    """
    check_zip(path)
    limits = current()
    plan = XlsxPlan(path)
    try:
        with zipfile.ZipFile(path) as zf:
            shared = _shared_lengths(zf, path)
            for sheet, member in _sheets(zf).items():
                with zf.open(member) as fh:
                    stats = _scan(fh, path, sheet, shared)
                rows, cols = stats.extent
                if stats.unaddressed or (rows <= limits.rows and cols <= limits.columns):
                    continue
                last_row, last_col = _core(stats.rows, ROW_GAP), _core(stats.columns, COLUMN_GAP)
                if last_row > limits.rows or last_col > limits.columns:
                    what = "行" if last_row > limits.rows else "列"
                    found = f"{last_row:,}" if what == "行" else f"{last_col:,}"
                    raise _refuse(
                        "rows" if what == "行" else "columns", found, path, sheet=sheet, what=f"清单所占的{what}数"
                    )
                plan.cut[sheet] = (last_row, last_col)
                plan.members[sheet] = member
    except (zipfile.BadZipFile, KeyError, EOFError) as exc:
        if isinstance(exc, zipfile.BadZipFile) and "CRC" in str(exc):
            raise CorruptWorkbookError("工作簿已损坏（压缩数据校验失败），无法读取。", path=path) from exc
        return plan  # calamine reports the damage in its own words
    return plan


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
                row, col = int(m.group(2)), _col_number(m.group(1))
                if row <= last_row and col <= last_col:
                    return m.group(0)
                if len(far) >= MAX_FAR_CELLS:
                    raise _refuse("cells", None, plan.path, sheet=sheet, what="清单以外远处的单元格数")
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
    "LIMIT_TEXT",
    "check_file_size",
    "check_xlsx",
    "check_zip",
    "configure",
    "current",
    "parse",
    "raised",
]
