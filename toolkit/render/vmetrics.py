"""Where the ink of a line of text lands: a face's vertical metrics as Pango uses them, and its glyphs' ink.

GB/T 9704 measures the 发文机关标志 (its top 35 mm below the type area), the red rule (4 mm below the 发文字号)
and the page number's dashes (7 mm below the type area) from what is printed, not from font boxes. A CJK
face's line box is much taller than its glyphs: Noto CJK's ascent is 1.151 em while a hanzi's ink reaches only
~0.84 em above the baseline (its ideographic character face, ICF). WeasyPrint sets a line's baseline from the
face's ascent and descent and the line height; this module gives both so the templates can put the glyphs,
not the boxes, where the standard wants them.

The ICF comes from the face's BASE table (``icft``/``icfb``, present in Noto/Source Han) or, without one,
from the ideographic em box (−0.12 … 0.88 em) less the usual side bearing. The ink of a particular glyph (the
page number's “—”) is read from its outline with fontTools, kept in the user's cache folder afterwards.

>>> m = VMetrics(1.151, 0.286, 0.838, 0.078)
>>> round(m.baseline(28.99, 16), 2)  # 16 pt text in a 28.99 pt line box: baseline 21.4 pt below its top
21.41
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path

from .fonts import FontChoice

# Pango's defaults and the ideographic em box when a face cannot be read (Noto CJK's values).
_DEFAULT_ASCENT, _DEFAULT_DESCENT = 1.151, 0.286
_IDEO_TOP, _IDEO_BOTTOM = 0.88, 0.12
_ICF_INSET = 0.04  # a hanzi's ink sits this far inside the ideographic em box (Noto: 0.042 top, 0.042 bottom)


@dataclass(frozen=True)
class VMetrics:
    """A face's vertical metrics in em: Pango's ascent and descent, the hanzi ink's top and bottom (ICF)."""

    ascent: float
    descent: float  # below the baseline, positive
    icf_top: float  # above the baseline
    icf_bottom: float  # below the baseline, positive

    def baseline(self, line: float, size: float) -> float:
        """The baseline's distance (pt) below the top of a line box ``line`` pt tall, text ``size`` pt.

        CSS half-leading: the face's ascent + descent box is centred in the line box.
        """
        return (line + (self.ascent - self.descent) * size) / 2

    def ink_top(self, line: float, size: float) -> float:
        """Distance (pt) from a line box's top to its hanzi's ink top."""
        return self.baseline(line, size) - self.icf_top * size

    def ink_bottom(self, line: float, size: float) -> float:
        """Distance (pt) from a line box's top to its hanzi's ink bottom."""
        return self.baseline(line, size) + self.icf_bottom * size


DEFAULT = VMetrics(_DEFAULT_ASCENT, _DEFAULT_DESCENT, _IDEO_TOP - _ICF_INSET, _IDEO_BOTTOM - _ICF_INSET)


def vmetrics_for(choice: FontChoice | None) -> VMetrics:
    """The vertical metrics of a resolved face (Noto CJK's when it cannot be read)."""
    if choice is None or choice.file is None:
        return DEFAULT
    return _load(str(choice.file), choice.family, choice.weight) or DEFAULT


@functools.lru_cache(maxsize=16)
def _load(path: str, family: str, weight: int) -> VMetrics | None:
    from .sfnt import find_face, read_table

    try:
        with open(path, "rb") as fh:
            tables = find_face(fh, family, weight)
            if tables is None:
                return None
            upem = float(struct.unpack_from(">H", read_table(fh, tables, "head"), 18)[0])
            hhea = read_table(fh, tables, "hhea")
            os2 = read_table(fh, tables, "OS/2") if "OS/2" in tables else b""
            base = read_table(fh, tables, "BASE") if "BASE" in tables else b""
    except (OSError, KeyError, struct.error, IndexError, UnicodeDecodeError):
        return None
    if not upem:
        return None
    asc, desc = struct.unpack_from(">hh", hhea, 4)
    typo = None
    if len(os2) >= 72:
        selection = struct.unpack_from(">H", os2, 62)[0]
        t_asc, t_desc = struct.unpack_from(">hh", os2, 68)
        typo = (t_asc, t_desc)
        if selection & (1 << 7) or not asc:  # USE_TYPO_METRICS: HarfBuzz (so Pango) takes these instead
            asc, desc = t_asc, t_desc
    ascent, descent = asc / upem, -desc / upem
    coords = _base_coords(base) if base else {}
    if "icft" in coords and "icfb" in coords and 0.8 <= (coords["icft"] - coords["icfb"]) / upem <= 1.0:
        # (Fandol's BASE says −0.005 … 0.765 em while its hanzi reach −0.18 … 0.80: implausible boxes are ignored)
        return VMetrics(ascent, descent, coords["icft"] / upem, -coords["icfb"] / upem)
    if "ideo" in coords:
        bottom = -coords["ideo"] / upem
        top = coords["idtp"] / upem if "idtp" in coords else 1.0 - bottom
    elif typo is not None and abs(typo[0] - typo[1] - upem) <= upem * 0.02:  # a CJK face's typo box is its em box
        top, bottom = typo[0] / upem, -typo[1] / upem
    else:
        top, bottom = _IDEO_TOP, _IDEO_BOTTOM
    return VMetrics(ascent, descent, top - _ICF_INSET, bottom - _ICF_INSET)


def _base_coords(base: bytes) -> dict[str, int]:
    """Baseline coordinates of the BASE table's horizontal axis for Han script (else DFLT, else the first)."""
    try:
        (horiz,) = struct.unpack_from(">H", base, 4)
        if not horiz:
            return {}
        tag_list, script_list = struct.unpack_from(">HH", base, horiz)
        if not tag_list or not script_list:
            return {}
        at = horiz + tag_list
        (n_tags,) = struct.unpack_from(">H", base, at)
        tags = [base[at + 2 + 4 * i : at + 6 + 4 * i].decode("latin-1") for i in range(n_tags)]
        at = horiz + script_list
        (n_scripts,) = struct.unpack_from(">H", base, at)
        scripts = {}
        for i in range(n_scripts):
            tag = base[at + 2 + 6 * i : at + 6 + 6 * i].decode("latin-1")
            (offset,) = struct.unpack_from(">H", base, at + 6 + 6 * i)
            scripts[tag] = at + offset
        script = next((scripts[t] for t in ("hani", "DFLT") if t in scripts), None)
        if script is None and scripts:
            script = next(iter(scripts.values()))
        if script is None:
            return {}
        (values,) = struct.unpack_from(">H", base, script)
        if not values:
            return {}
        at = script + values
        _default, n_coords = struct.unpack_from(">HH", base, at)
        out = {}
        for i, tag in enumerate(tags[:n_coords]):
            (offset,) = struct.unpack_from(">H", base, at + 4 + 2 * i)
            (coord,) = struct.unpack_from(">h", base, at + offset + 2)
            out[tag] = coord
        return out
    except (struct.error, UnicodeDecodeError):
        return {}


# --- the ink of particular glyphs -------------------------------------------------------------------------


def text_ink(choice: FontChoice | None, text: str) -> tuple[float, float] | None:
    """(bottom, top) of the ink of ``text``'s characters in em above the baseline in the resolved face, or
    None when the face cannot be read or lacks one of them.

    Read from the outlines with fontTools (~0.3–0.9 s to open a CJK face), then kept in the user's cache
    folder under the font file's path, size and date, so later renders pay nothing.

    >>> text_ink(None, "—") is None
    True
    """
    if choice is None or choice.file is None or not text.strip():
        return None
    try:
        stat = os.stat(choice.file)
    except OSError:
        return None
    face = f"{choice.file}|{stat.st_size}|{stat.st_mtime_ns}|{choice.family}|{choice.weight}"
    chars = sorted({ch for ch in text if not ch.isspace()})
    keys = {ch: hashlib.sha1(f"{face}|{ch}".encode()).hexdigest() for ch in chars}
    cache = _cache_path()
    try:
        stored = json.loads(cache.read_text(encoding="utf-8"))
        if not isinstance(stored, dict):
            stored = {}
    except (OSError, ValueError):
        stored = {}
    missing = [ch for ch in chars if keys[ch] not in stored]
    if missing:
        inks = _read_ink(str(choice.file), choice.family, choice.weight, missing)
        for ch in missing:
            stored[keys[ch]] = inks.get(ch)
        try:  # written whole and renamed: a concurrent render reads the old file or the new one
            cache.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps(stored), encoding="utf-8")
            os.replace(tmp, cache)
        except OSError:
            pass
    boxes = [stored.get(keys[ch]) for ch in chars]
    if not boxes or any(not isinstance(b, list) or len(b) != 2 for b in boxes):
        return None
    return min(float(b[0]) for b in boxes), max(float(b[1]) for b in boxes)  # type: ignore[index]


def glyph_ink(choice: FontChoice | None, ch: str) -> tuple[float, float] | None:
    """(bottom, top) of ``ch``'s ink in em above the baseline (see :func:`text_ink`)."""
    return text_ink(choice, ch)


def _cache_path() -> Path:
    from .wpffi import cache_dir

    return cache_dir() / "glyph-ink.json"


def _read_ink(path: str, family: str, weight: int, chars: list[str]) -> dict[str, list[float] | None]:
    out: dict[str, list[float] | None] = {}
    opened: list[object] = []
    try:
        from fontTools.pens.boundsPen import BoundsPen
        from fontTools.ttLib import TTCollection, TTFont

        with open(path, "rb") as fh:
            collection = fh.read(4) == b"ttcf"
        if collection:
            whole = TTCollection(path, lazy=True)
            opened.append(whole)
            fonts = list(whole.fonts)
        else:
            fonts = [TTFont(path, lazy=True)]
            opened.extend(fonts)
        font = None
        for f in fonts:
            names = {r.toUnicode().strip().casefold() for r in f["name"].names if r.nameID in (1, 16)}
            nearer = font is None or abs(f["OS/2"].usWeightClass - weight) < abs(font["OS/2"].usWeightClass - weight)
            if (family.casefold() in names or len(fonts) == 1) and nearer:
                font = f
        if font is None:
            return out
        cmap = font.getBestCmap()
        glyphs = font.getGlyphSet()
        upem = float(font["head"].unitsPerEm)
        for ch in chars:
            name = cmap.get(ord(ch))
            if name is None:
                out[ch] = None
                continue
            pen = BoundsPen(glyphs)
            glyphs[name].draw(pen)
            out[ch] = [pen.bounds[1] / upem, pen.bounds[3] / upem] if pen.bounds else [0.0, 0.0]
    except Exception:  # noqa: BLE001 - any unreadable font: the caller falls back to the em box
        return {}
    finally:
        for f in opened:  # lazy fonts keep their file open until closed
            f.close()  # type: ignore[attr-defined]
    return out
