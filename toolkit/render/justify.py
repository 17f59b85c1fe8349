"""Chinese body paragraphs set edge to edge (两端对齐), as Word and WPS set them.

WeasyPrint justifies a line only by widening its spaces, and Chinese text has none: a line holding digits
or Latin letters (proportional glyphs), or one shortened because its next character may not start a line,
stays up to two characters short of the right edge. So the notice's body paragraphs are broken into lines
here, with the advances of the very font files the PDF uses (after the glyph substitutions HarfBuzz
always applies), and every line but a paragraph's last is
emitted as its own run with the letter spacing that makes it exactly as wide as the type area (the
template ends it with a forced line break and keeps it from wrapping). The text itself is untouched:
nothing is inserted, so copying from the PDF gives the paragraph as written.

Line breaking follows the usual Chinese rules (GB/T 15834 practice, as Word's 中文版式): no line starts with
closing punctuation (，。、；：？！）》」』”’ …) and none ends with opening punctuation (（《“‘ …); Latin and
digit runs (2024, GB/T, 646) and the doubled marks —— and …… are never split; a line that cannot take its
next group is filled by widening the spacing (the group moves to the next line, 避头尾 by pushing out).

Whenever something cannot be measured (no font file, a glyph the face lacks and Pango would take from
another face, a variable face at another weight, characters whose width depends on shaping), the
paragraph is left to WeasyPrint as before: ragged, but never wrong.

The fonts are measured by :mod:`toolkit.render.sfnt`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .fonts import FontChoice
from .sfnt import FontMetrics, metrics_for

# Characters that may not begin a line (closing and pausing punctuation), or end one (opening punctuation).
NO_START = frozenset("，。、；：？！）》」』”’〕】］｝〉〗〙…—～·％‰℃,.;:?!)]}%")
NO_END = frozenset("（《「『“‘〔【［｛〈〖〘([{")
_ASCII_RUN = re.compile(r"[!-~]+")
_DOUBLED = ("——", "……")
# Glyphs whose width comes only from shaping, or that HTML would collapse or break on.
_UNSAFE_CATEGORIES = ("Mn", "Me", "Mc", "Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")

EPSILON = 0.01  # pt: a line that fits in WeasyPrint fits here too (its widths are in 1/1024 px units)
# Widest gap a full line gets (em). A line left much shorter by a long word moved down would otherwise be
# spread out letter by letter, and text extraction (copying from the PDF, pdftotext) starts reading such gaps
# between Latin letters as spaces (seen from ~0.45 em). Such a line keeps the paragraph's spacing instead.
MAX_GAP_EM = 0.25


@dataclass(frozen=True)
class Line:
    """One output line: runs of (face role or "", text, letter spacing in pt). A ``full`` line is set edge to
    edge by its runs' spacing; a paragraph's last line is not (spacing None: the paragraph's own)."""

    runs: tuple[tuple[str, str, float | None], ...]
    full: bool


# --- line breaking --------------------------------------------------------------------------------------


def _groups(chars: Sequence[tuple[str, str]]) -> list[list[int]]:
    """Indices of ``chars`` in groups no line break may fall inside (a break may follow any group)."""
    text = "".join(ch for _role, ch in chars)
    units: list[list[int]] = []
    i = 0
    while i < len(text):
        m = _ASCII_RUN.match(text, i)
        if m:
            end = m.end()
        elif text.startswith(_DOUBLED, i):
            end = i + 2
        else:
            end = i + 1
        units.append(list(range(i, end)))
        i = end
    groups: list[list[int]] = []
    glue_next = False
    for unit in units:
        first, last = text[unit[0]], text[unit[-1]]
        if groups and (glue_next or first in NO_START or first == " "):
            groups[-1].extend(unit)  # a space stays at the end of its line, where it collapses
        else:
            groups.append(list(unit))
        glue_next = last in NO_END or (last == " " and glue_next)  # “（ ” still holds on to what follows
    return groups


def _shape_runs(
    runs: Sequence[tuple[str, str]], faces: Mapping[str, FontMetrics | None], size: float
) -> list[tuple[int, float]] | None:
    """Glyph clusters (characters, advance in pt) of consecutive text boxes, each shaped on its own."""
    out: list[tuple[int, float]] = []
    for role, text in runs:
        face = faces.get(role)
        clusters = face.shape(text) if face is not None else None
        if clusters is None:
            return None
        out.extend((n, em * size) for n, em in clusters)
    return out


def set_paragraph(
    runs: Sequence[tuple[str, str]],
    fonts: Mapping[str, FontChoice],
    *,
    first: float,
    rest: float,
    size: float,
    spacing: float,
    base: str = "fs",
) -> list[Line] | None:
    """Break ``runs`` ((role, text), role "" for the paragraph's own face ``base``) into lines of ``first``
    (the first line) and ``rest`` points, each but the last set edge to edge. None: leave it to WeasyPrint.

    ``size`` is the font size and ``spacing`` the paragraph's letter spacing (pt), as in the CSS.
    """
    chars: list[tuple[str, str]] = [(role, ch) for role, text in runs for ch in text]
    if not chars or chars[0][1] == " " or chars[-1][1] == " ":
        return None
    previous = ""
    for _role, ch in chars:
        if ch.isspace() and ch not in " \u3000" or unicodedata.category(ch) in _UNSAFE_CATEGORIES:
            return None
        if ch == " " and previous == " ":  # HTML would collapse the pair
            return None
        previous = ch
    faces = {role: metrics_for(fonts.get(role or base)) for role, _text in runs}
    shaped = _shape_runs(runs, faces, size)
    if shaped is None:
        return None
    # Each character's advance; a ligature's (“——”) on its first character, the others' 0 and no spacing.
    advances: list[float] = []
    spaced: list[bool] = []
    for n, adv in shaped:
        advances += [adv] + [0.0] * (n - 1)
        spaced += [True] + [False] * (n - 1)
    groups = _groups(chars)
    starts = {g[0] for g in groups}
    if any(not spaced[i] for i in starts):
        return None  # a ligature across a break opportunity

    lines: list[list[int]] = []
    current: list[int] = []
    used, room = 0.0, first
    for group in groups:
        width = sum(advances[i] + spacing * spaced[i] for i in group)
        trailing = 0.0  # spaces at a line's end collapse: they take no room
        for i in reversed(group):
            if chars[i][1] != " ":
                break
            trailing += advances[i] + spacing
        if current and used + width - trailing > room + EPSILON:
            lines.append(current)
            current, used, room = [], 0.0, rest
        if not current and width - trailing > room + EPSILON:
            return None  # a group wider than a line (a long URL): WeasyPrint breaks it anywhere
        current.extend(group)
        used += width
    lines.append(current)

    out: list[Line] = []
    for number, line in enumerate(lines):
        room = first if number == 0 else rest
        text = [chars[i] for i in line]
        if number == len(lines) - 1:
            last = _runs([(role, ch, None) for role, ch in text])
            shaped = _shape_runs([(r, t) for r, t, _s in last], faces, size)
            if shaped is None or sum(a + spacing for _n, a in shaped) > room + EPSILON:
                return None  # would wrap once more in WeasyPrint
            out.append(Line(last, full=False))
            continue
        full = _justify(text, faces, room, size)
        if full is None:
            return None
        if any(sp is not None and sp > MAX_GAP_EM * size for _r, _t, sp in full.runs):
            full = Line(tuple((r, t, spacing) for r, t, _sp in full.runs), full=True)  # ragged, but readable
        out.append(full)
    return out


def _justify(
    text: list[tuple[str, str]], faces: Mapping[str, FontMetrics | None], room: float, size: float
) -> Line | None:
    """One full line as runs whose spacing ends its last glyph at ``room``.

    PDF text positions are whole thousandths of an em (WeasyPrint truncates each glyph's offset), so the
    gaps are whole thousandths too: a block of ``want`` gaps one wider than the others, in a run of its own.
    Where the runs split changes how Pango itemizes them (digits after Latin letters are shaped as Latin),
    so each placement of the block is measured with the runs as emitted; the first that lands on the edge
    is kept (the start of the line, then the end, then anywhere).
    """
    shown = len(text)
    while shown and text[shown - 1][1] == " ":
        shown -= 1
    limit = 0.5 * size / 1000  # half a thousandth of an em: as close as whole thousandths get

    def measure(block: tuple[int, int]) -> tuple[float, Line, list[tuple[int, float]], int] | None:
        """(error, line, clusters, wide gaps wanted) with the characters ``block`` set one wider."""
        marks = [(role, ch, block[0] <= k < block[1]) for k, (role, ch) in enumerate(text)]
        boxes = _runs(marks)
        shaped = _shape_runs([(r, t) for r, t, _w in boxes], faces, size)
        if shaped is None:
            return None
        clusters: list[tuple[int, float]] = []
        seen = got = 0
        for n, adv in shaped:
            if seen >= shown:
                break
            clusters.append((n, adv))
            got += block[0] <= seen < block[1]
            seen += n
        gaps = len(clusters) - 1
        if gaps < 1:
            return None
        got -= block[0] <= seen - clusters[-1][0] < block[1]  # the last glyph's spacing shows nowhere
        total = sum(adv for _n, adv in clusters)
        need = round((room - total) * 1000 / size)
        step, want = divmod(need, gaps)
        error = abs(total + (step * gaps + got) * size / 1000 - room)
        runs = tuple((role, t, css_spacing(step + 1 if w else step, size)) for role, t, w in boxes)
        return error, Line(runs, full=True), clusters, want

    first = measure((0, 0))
    if first is None:
        return None
    best = first
    if best[0] <= limit:
        return best[1]
    clusters, want = first[2], first[3]
    starts = [0, len(clusters) - 1 - want] + list(range(1, len(clusters) - 1 - want))
    offsets = [sum(n for n, _a in clusters[:i]) for i in range(len(clusters) + 1)]
    for start in starts:
        for _again in range(2):  # once more if the placement itself changed the count
            if not 0 <= start <= len(clusters) - 1 - want:
                break
            result = measure((offsets[start], offsets[start + want]))
            if result is None:
                return None
            if result[0] < best[0]:
                best = result
            if best[0] <= limit:
                return best[1]
            if result[3] == want:
                break
            want = result[3]
    return best[1] if best[0] <= 0.25 else None  # pt: still well below what the eye or a ruler notices


def css_spacing(thousandths: int, size: float) -> float:
    """The CSS letter spacing (pt) that WeasyPrint draws as ``thousandths`` of an em.

    A quarter thousandth away from zero: drawing truncates towards zero, and rounding noise in Pango's units
    must not cross a whole thousandth.

    >>> css_spacing(-13, 16.0), css_spacing(0, 16.0), css_spacing(65, 16.0)
    (-0.212, 0.0, 1.044)
    """
    if thousandths == 0:
        return 0.0
    return round((thousandths + math.copysign(0.25, thousandths)) * size / 1000, 5)


def _runs(chars: Sequence[tuple[str, str, Any]]) -> tuple[tuple[str, str, Any], ...]:
    """Consecutive characters of one face and the same third value (spacing) as one run."""
    runs: list[tuple[str, str, Any]] = []
    for role, ch, sp in chars:
        if runs and runs[-1][0] == role and runs[-1][2] == sp:
            runs[-1] = (role, runs[-1][1] + ch, sp)
        else:
            runs.append((role, ch, sp))
    return tuple(runs)
