"""Glyph advances read straight from TrueType/OpenType files, with the little of shaping that changes them in
Chinese text (the substitutions HarfBuzz always applies, script runs as Pango itemizes them): what
:mod:`toolkit.render.justify` needs to know how wide a line of the notice will be in the PDF.

Fonts are read directly (a few tables of the sfnt file, with ``struct``): fontTools would decode the whole
character map and metrics of a 65,000-glyph CJK face, ~0.3 s per face, while a body needs a few hundred
characters looked up.

>>> metrics_for(None) is None
True
"""

from __future__ import annotations

import functools
import struct
import unicodedata
from bisect import bisect_left
from pathlib import Path

from .fonts import FontChoice


class FontMetrics:
    """Horizontal advances (in em) of one face of a TrueType/OpenType file or collection, and the little of
    OpenType shaping that changes them in Chinese text.

    HarfBuzz (through Pango) applies some glyph substitutions whatever the CSS says: ``locl`` gives digits
    after Latin letters other widths in Noto CJK (Pango shapes that run as English) and makes “—” a full
    em in Chinese, ``ccmp`` joins “——” into one glyph. Single substitutions and ligatures of those features
    are applied here, per script run as Pango itemizes it; a glyph that any other kind of lookup could
    touch makes the text unmeasurable (None).
    """

    def __init__(
        self, cmap: bytes, cmap_format: int, hmtx: bytes, metrics: int, units_per_em: int, gsub: bytes = b""
    ) -> None:
        self._cmap = cmap
        self._format = cmap_format
        self._hmtx = hmtx
        self._metrics = metrics
        self._upem = float(units_per_em)
        self._gsub = gsub
        self._lookups: dict[str, list[_Lookup] | None] = {}
        self._cache: dict[int, int] = {}
        if cmap_format == 12:
            (count,) = struct.unpack_from(">I", cmap, 12)
            self._starts = [struct.unpack_from(">I", cmap, 16 + 12 * i)[0] for i in range(count)]
        else:
            (seg2,) = struct.unpack_from(">H", cmap, 6)
            self._ends = list(struct.unpack_from(f">{seg2 // 2}H", cmap, 14))

    def advance(self, ch: str) -> float | None:
        """The advance of ``ch`` alone (no substitution) in em, or None when the face has no glyph for it."""
        gid = self.glyph(ch)
        return self.glyph_advance(gid) if gid else None

    def glyph_advance(self, gid: int) -> float:
        (adv,) = struct.unpack_from(">H", self._hmtx, 4 * min(gid, self._metrics - 1))
        return adv / self._upem

    def glyph(self, ch: str) -> int:
        code = ord(ch)
        if code not in self._cache:
            self._cache[code] = self._glyph(code)
        return self._cache[code]

    def shape(self, text: str) -> list[tuple[int, float]] | None:
        """``text`` as one text box: its glyph clusters as (characters, advance in em), or None."""
        runs = script_runs(text)
        if runs is None:
            return None
        out: list[tuple[int, float]] = []
        for start, end, script in runs:
            glyphs = [self.glyph(ch) for ch in text[start:end]]
            if not all(glyphs):
                return None
            sizes = [1] * len(glyphs)
            lookups = self._lookups_for(script)
            if lookups is None:
                return None
            for lookup in lookups:
                if not lookup.apply(glyphs, sizes):
                    return None
            out.extend((n, self.glyph_advance(g)) for g, n in zip(glyphs, sizes, strict=True))
        return out

    def _lookups_for(self, script: str) -> list[_Lookup] | None:
        if script not in self._lookups:
            try:
                self._lookups[script] = _gsub_lookups(self._gsub, script) if self._gsub else []
            except (struct.error, IndexError, ValueError):
                self._lookups[script] = None
        return self._lookups[script]

    def _glyph(self, code: int) -> int:
        data = self._cmap
        if self._format == 12:
            i = bisect_left(self._starts, code + 1) - 1
            if i < 0:
                return 0
            start, end, first = struct.unpack_from(">III", data, 16 + 12 * i)
            return first + code - start if code <= end else 0
        if code > 0xFFFF:
            return 0
        seg = len(self._ends)
        i = bisect_left(self._ends, code)
        if i >= seg:
            return 0
        start_at = 16 + 2 * seg + 2 * i
        (start,) = struct.unpack_from(">H", data, start_at)
        if code < start:
            return 0
        (delta,) = struct.unpack_from(">h", data, start_at + 2 * seg)
        range_at = start_at + 4 * seg
        (range_offset,) = struct.unpack_from(">H", data, range_at)
        if range_offset == 0:
            return (code + delta) & 0xFFFF
        (gid,) = struct.unpack_from(">H", data, range_at + range_offset + 2 * (code - start))
        return (gid + delta) & 0xFFFF if gid else 0


# --- OpenType substitutions HarfBuzz applies whatever the CSS says ------------------------------------

# Features HarfBuzz always applies to horizontal Han and Latin text, less those the CSS of set paragraphs
# turns off (kern, liga, clig, calt: font-kerning and font-variant-ligatures none).
_ALWAYS = frozenset((b"ccmp", b"locl", b"rlig", b"rclt", b"rvrn", b"ltra", b"ltrm"))
# OpenType script and language systems HarfBuzz picks: Pango shapes Han runs in the document's language
# (zh-CN: ZHS), Latin runs as English (Chinese does not use the Latin script), runs of only digits and
# punctuation in the document's language and no script.
_SYSTEMS = {"hani": ((b"hani",), b"ZHS "), "latn": ((b"latn",), b"ENG "), "zyyy": ((), b"ZHS ")}


class _Lookup:
    """One GSUB lookup: single substitutions, ligatures, or glyphs that another kind would touch."""

    def __init__(self) -> None:
        self.single: dict[int, int] = {}
        self.ligatures: dict[int, list[tuple[tuple[int, ...], int]]] = {}
        self.touched: set[int] = set()

    def apply(self, glyphs: list[int], sizes: list[int]) -> bool:
        """Substitute in place (``sizes``: characters per glyph); False if a glyph is touched otherwise."""
        if self.touched.intersection(glyphs):
            return False
        if self.single:
            glyphs[:] = [self.single.get(g, g) for g in glyphs]
        if self.ligatures:
            i = 0
            while i < len(glyphs):
                for components, ligature in self.ligatures.get(glyphs[i], ()):
                    n = len(components)
                    if tuple(glyphs[i + 1 : i + 1 + n]) == components:
                        glyphs[i : i + 1 + n] = [ligature]
                        sizes[i : i + 1 + n] = [sum(sizes[i : i + 1 + n])]
                        break
                i += 1
        return True


def _coverage(data: bytes, at: int) -> list[int]:
    fmt, count = struct.unpack_from(">HH", data, at)
    if fmt == 1:
        return list(struct.unpack_from(f">{count}H", data, at + 4))
    glyphs: list[int] = []
    for i in range(count):
        start, end, _index = struct.unpack_from(">HHH", data, at + 4 + 6 * i)
        glyphs.extend(range(start, end + 1))
    return glyphs


def _subtable_into(lookup: _Lookup, data: bytes, kind: int, at: int) -> None:
    if kind == 7:  # extension: the real subtable further on
        _fmt, kind, offset = struct.unpack_from(">HHI", data, at)
        _subtable_into(lookup, data, kind, at + offset)
        return
    fmt = struct.unpack_from(">H", data, at)[0]
    if kind == 1:
        (cov_at,) = struct.unpack_from(">H", data, at + 2)
        cover = _coverage(data, at + cov_at)
        if fmt == 1:
            (delta,) = struct.unpack_from(">h", data, at + 4)
            for g in cover:
                lookup.single.setdefault(g, (g + delta) & 0xFFFF)
        else:
            subs = struct.unpack_from(f">{len(cover)}H", data, at + 6)
            for g, t in zip(cover, subs, strict=True):
                lookup.single.setdefault(g, t)
    elif kind == 4:
        cov_at, count = struct.unpack_from(">HH", data, at + 2)
        cover = _coverage(data, at + cov_at)
        for g, (set_at,) in zip(cover, struct.iter_unpack(">H", data[at + 6 : at + 6 + 2 * count]), strict=True):
            base = at + set_at
            (n,) = struct.unpack_from(">H", data, base)
            for (lig_at,) in struct.iter_unpack(">H", data[base + 2 : base + 2 + 2 * n]):
                ligature, parts = struct.unpack_from(">HH", data, base + lig_at)
                components = struct.unpack_from(f">{parts - 1}H", data, base + lig_at + 4)
                lookup.ligatures.setdefault(g, []).append((tuple(components), ligature))
    else:  # contextual, multiple, alternate: any glyph they might start on is unmeasurable
        if kind in (5, 6) and fmt == 3:
            if kind == 5:
                cov_at = struct.unpack_from(">H", data, at + 6)[0]
            else:
                (back,) = struct.unpack_from(">H", data, at + 2)
                cov_at = struct.unpack_from(">H", data, at + 6 + 2 * back)[0]
        else:
            (cov_at,) = struct.unpack_from(">H", data, at + 2)
        lookup.touched.update(_coverage(data, at + cov_at))


def _gsub_lookups(gsub: bytes, script: str) -> list[_Lookup]:
    """The lookups (in the order HarfBuzz applies them) of the always-on features for a script run."""
    _major, _minor, scripts_at, features_at, lookups_at = struct.unpack_from(">HHHHH", gsub, 0)
    tags, language = _SYSTEMS[script]
    (count,) = struct.unpack_from(">H", gsub, scripts_at)
    records = {
        tag: scripts_at + off
        for tag, off in (struct.unpack_from(">4sH", gsub, scripts_at + 2 + 6 * i) for i in range(count))
    }
    table = next((records[t] for t in (*tags, b"DFLT", b"dflt", b"latn") if t in records), None)
    if table is None:
        return []
    default_at, systems = struct.unpack_from(">HH", gsub, table)
    system = default_at and table + default_at
    for i in range(systems):
        tag, off = struct.unpack_from(">4sH", gsub, table + 4 + 6 * i)
        if tag == language:
            system = table + off
    if not system:
        return []
    _order, required, n = struct.unpack_from(">HHH", gsub, system)
    indices = list(struct.unpack_from(f">{n}H", gsub, system + 6))
    wanted: set[int] = set()
    for index in indices + ([required] if required != 0xFFFF else []):
        tag, off = struct.unpack_from(">4sH", gsub, features_at + 2 + 6 * index)
        if tag in _ALWAYS or index == required:
            feature = features_at + off
            (k,) = struct.unpack_from(">H", gsub, feature + 2)
            wanted.update(struct.unpack_from(f">{k}H", gsub, feature + 4))
    lookups = []
    for index in sorted(wanted):
        (off,) = struct.unpack_from(">H", gsub, lookups_at + 2 + 2 * index)
        at = lookups_at + off
        kind, _flag, subtables = struct.unpack_from(">HHH", gsub, at)
        lookup = _Lookup()
        for (sub_at,) in struct.iter_unpack(">H", gsub[at + 6 : at + 6 + 2 * subtables]):
            _subtable_into(lookup, gsub, kind, at + sub_at)
        lookups.append(lookup)
    return lookups


# --- script runs, as Pango itemizes a text box ---------------------------------------------------------

_PAIRED = "()<>[]{}«»‘’“”‹›〈〉《》「」『』【】〔〕〖〗〘〙〚〛"
_PAIR_INDEX = {ch: i for i, ch in enumerate(_PAIRED)}
_HAN_RANGES = (
    (0x2E80, 0x2FDF),
    (0x3005, 0x3005),
    (0x3007, 0x3007),
    (0x3021, 0x3029),
    (0x3038, 0x303B),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x3FFFF),
)
_LATIN_RANGES = (
    (0x41, 0x5A),
    (0x61, 0x7A),
    (0xAA, 0xAA),
    (0xBA, 0xBA),
    (0xC0, 0xD6),
    (0xD8, 0xF6),
    (0xF8, 0x24F),
    (0x1E00, 0x1EFF),
    (0x2160, 0x2188),
    (0xFF21, 0xFF3A),
    (0xFF41, 0xFF5A),
)


def _script(ch: str) -> str | None:
    """'hani', 'latn', 'zyyy' (common: digits, punctuation, symbols), or None for any other script."""
    code = ord(ch)
    if any(lo <= code <= hi for lo, hi in _HAN_RANGES):
        return "hani"
    if any(lo <= code <= hi for lo, hi in _LATIN_RANGES):
        return "latn"
    if unicodedata.category(ch)[0] in "LM":
        return None
    return "zyyy"


def script_runs(text: str) -> list[tuple[int, int, str]] | None:
    """(start, end, script) runs of ``text`` as Pango's script iterator makes them.

    Digits and punctuation belong to the run they are in (the first letter's script for a leading one);
    a closing bracket or quote to the run of its opening one.

    >>> script_runs("第52条和GB/T 9704-2012（试行）")
    [(0, 5, 'hani'), (5, 20, 'latn'), (20, 23, 'hani')]
    """
    runs: list[tuple[int, int, str]] = []
    stack: list[list] = []  # [pair index, script] of open brackets
    i, start, n = 0, 0, len(text)
    current, start_paren = "zyyy", -1
    while i < n:
        ch = text[i]
        sc = _script(ch)
        if sc is None:
            return None
        pair = _PAIR_INDEX.get(ch, -1) if sc == "zyyy" else -1
        sp = len(stack) - 1
        if pair >= 0:
            if pair % 2 == 0:
                stack.append([pair, current])
                sp += 1
            elif stack:
                while sp >= 0 and stack[sp][0] != pair - 1:
                    sp -= 1
                del stack[sp + 1 :]
                start_paren = min(start_paren, sp)
                if sp >= 0:
                    sc = stack[sp][1]
        if current == "zyyy" or sc == "zyyy" or sc == current:
            if current == "zyyy" and sc != "zyyy":
                current = sc
                for entry in stack[start_paren + 1 :]:
                    entry[1] = sc
                start_paren = len(stack) - 1
            if pair >= 0 and pair % 2 == 1 and stack:
                stack.pop()
                start_paren = min(start_paren, len(stack) - 1)
            i += 1
            continue
        runs.append((start, i, current))  # another script: the character starts the next run
        start, current, start_paren = i, "zyyy", len(stack) - 1
    if n:
        runs.append((start, n, current))
    return runs


def table_directory(fh, offset: int) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    """The table records of the font at ``offset`` of an open font file: tag → (offset, length)."""
    fh.seek(offset)
    head = fh.read(12)
    (count,) = struct.unpack_from(">H", head, 4)
    records = fh.read(16 * count)
    tables = {}
    for i in range(count):
        tag, _sum, at, length = struct.unpack_from(">4sIII", records, 16 * i)
        tables[tag.decode("latin-1")] = (at, length)
    return tables


def read_table(fh, tables: dict[str, tuple[int, int]], tag: str) -> bytes:  # type: ignore[no-untyped-def]
    """The bytes of one table (``"head"``, ``"OS/2"`` …) found by :func:`table_directory`."""
    at, length = tables[tag]
    fh.seek(at)
    return bytes(fh.read(length))


def family_names(data: bytes) -> set[str]:
    """Family names (IDs 1 and 16) in every language the name table gives them."""
    _fmt, count, strings = struct.unpack_from(">HHH", data, 0)
    names = set()
    for i in range(count):
        platform, encoding, _lang, name_id, length, at = struct.unpack_from(">6H", data, 6 + 12 * i)
        if name_id not in (1, 16):
            continue
        raw = data[strings + at : strings + at + length]
        try:
            if platform in (0, 3):
                names.add(raw.decode("utf-16-be").strip().casefold())
            elif platform == 1 and encoding == 0:
                names.add(raw.decode("mac-roman").strip().casefold())
        except UnicodeDecodeError:
            continue
    return names


def _subtable(cmap: bytes) -> tuple[int, int] | None:
    """(offset, format) of the best Unicode subtable: full repertoire (format 12) before BMP (format 4)."""
    (count,) = struct.unpack_from(">H", cmap, 2)
    found: dict[tuple[int, int], int] = {}
    for i in range(count):
        platform, encoding, at = struct.unpack_from(">HHI", cmap, 4 + 8 * i)
        (fmt,) = struct.unpack_from(">H", cmap, at)
        found[(platform, encoding)] = at
        if fmt not in (4, 12):
            found.pop((platform, encoding))
    for key in ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0)):
        if key in found:
            at = found[key]
            return at, struct.unpack_from(">H", cmap, at)[0]
    return None


def _default_weight(fvar: bytes) -> float | None:
    axes_at, _res, count, size = struct.unpack_from(">HHHH", fvar, 4)
    for i in range(count):
        tag, _lo, default, _hi = struct.unpack_from(">4siii", fvar, axes_at + size * i)
        if tag == b"wght":
            return default / 65536
    return None


def find_face(fh, family: str, weight: int) -> dict[str, tuple[int, int]] | None:  # type: ignore[no-untyped-def]
    """The table directory of the face ``family`` (nearest ``weight``) in an open font file, or None.

    In a collection (.ttc) the face is the one whose family names include ``family``: Noto Serif CJK's
    file holds the JP, KR, SC, TC and HK faces, whose punctuation differs.
    """
    fh.seek(0)
    magic = fh.read(12)
    if magic[:4] == b"ttcf":
        (count,) = struct.unpack_from(">I", magic, 8)
        offsets = struct.unpack(f">{count}I", fh.read(4 * count))
    else:
        offsets = (0,)
    best: tuple[int, dict[str, tuple[int, int]]] | None = None
    for offset in offsets:
        tables = table_directory(fh, offset)
        if len(offsets) > 1 and family.casefold() not in family_names(read_table(fh, tables, "name")):
            continue
        face_weight = 400
        if "OS/2" in tables:
            face_weight = struct.unpack_from(">H", read_table(fh, tables, "OS/2"), 4)[0]
        if best is None or abs(face_weight - weight) < best[0]:
            best = (abs(face_weight - weight), tables)
    return None if best is None else best[1]


@functools.lru_cache(maxsize=16)
def load_metrics(path: str, family: str, weight: int) -> FontMetrics | None:
    """The face ``family`` (nearest ``weight``) in the font file ``path``; None when it cannot be read.

    In a collection (.ttc) the face is the one whose family names include ``family``: Noto Serif CJK's
    file holds the JP, KR, SC, TC and HK faces, whose punctuation differs.
    """
    try:
        with open(path, "rb") as fh:
            tables = find_face(fh, family, weight)
            if tables is None:
                return None
            if "fvar" in tables:  # a variable face: its default advances hold only at the default weight
                default = _default_weight(read_table(fh, tables, "fvar"))
                if default is not None and abs(default - weight) > 1:
                    return None
            cmap = read_table(fh, tables, "cmap")
            units = struct.unpack_from(">H", read_table(fh, tables, "head"), 18)[0]
            metrics = struct.unpack_from(">H", read_table(fh, tables, "hhea"), 34)[0]
            hmtx = read_table(fh, tables, "hmtx")
            gsub = read_table(fh, tables, "GSUB") if "GSUB" in tables else b""
    except (OSError, KeyError, struct.error, IndexError, UnicodeDecodeError):
        return None
    sub = _subtable(cmap)
    if sub is None or not units or not metrics:
        return None
    at, fmt = sub
    try:
        return FontMetrics(cmap[at:], fmt, hmtx, metrics, units, gsub)
    except struct.error:
        return None


def metrics_for(choice: FontChoice | None) -> FontMetrics | None:
    if choice is None or choice.file is None:
        return None
    return load_metrics(str(Path(choice.file)), choice.family, choice.weight)
