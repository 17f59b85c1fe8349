"""Page geometry of GB/T 9704-2012 and the sizing decisions the templates need (all in millimetres/points).

Decisions that depend on the text (column widths, signature indents, the size of the issuer mark) are made
here in Python so the templates stay declarative and every number can be tested.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ..model import COLUMN_NAMES
from .fonts import FontChoice

if TYPE_CHECKING:
    from .table import Measure
from .title import text_width
from .vmetrics import VMetrics, glyph_ink, text_ink, vmetrics_for

MM = 72 / 25.4  # points per millimetre

# Portrait notice pages: margins top / outer(right) / bottom / binding(left).
PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_TOP, MARGIN_RIGHT, MARGIN_BOTTOM, MARGIN_LEFT = 37.0, 26.0, 35.0, 28.0
TYPE_W, TYPE_H = 156.0, 225.0
LINES, CHARS = 22, 28
LINE_PT = TYPE_H * MM / LINES  # 28.99 pt line pitch
CHAR_PT = TYPE_W * MM / CHARS  # 15.79 pt character pitch
BODY_PT = 16.0  # 3号
TITLE_PT = 22.0  # 2号
FOLIO_PT = 14.0  # 4号
LETTER_SPACING_PT = CHAR_PT - BODY_PT  # -0.21 pt: 28 characters of 16 pt fill 156 mm exactly
FOLIO_GAP_MM = 7.0  # page number's top 7 mm below the type area

# The attachment table is set on landscape pages: the portrait type area turned a quarter (225 × 156 mm),
# so the page number keeps its distance below the type area.
LAND_MARGINS = (26.0, 35.0, 28.0, 37.0)  # top, right, bottom, left
LAND_TYPE_W = 297.0 - LAND_MARGINS[1] - LAND_MARGINS[3]  # 225 mm

_SAMPLE = 400  # rows looked at when sizing columns: plenty to know a list's shape
EMPTY_MIN_EM = 2.0  # an empty column: two characters (its header label breaks between words)
# A column with text: three characters a line. Four (a 4-character word whole) cost the benchmark's
# 1,000-item list 14 % more pages than three (375 against 328 pages per 150 items), the samples one page each.
TEXT_MIN_EM = 3.0
# Columns whose short values break well between 2-character words (行政/检查, 兴安县/国家/保密局): narrower.
TEXT_MIN_EM_BY_COLUMN = {"序号": 1.0, "权力分类": 2.0, "实施主体": 3.0}
RUN_CAP_EM = 8.0  # an unbreakable run longer than this (a URL) may be cut anywhere rather than widen its column


def column_widths(
    records: Sequence[dict[str, str]],
    columns: Sequence[str] = COLUMN_NAMES,
    total_mm: float = LAND_TYPE_W,
    *,
    measure: Measure | None = None,
    head_measure: Measure | None = None,
    labels: Mapping[str, str] | None = None,
) -> list[float]:
    """Widths (mm) summing to ``total_mm`` that make the table as short as they can.

    Each column is at least as wide as its longest run that no line may break (a 4-character word, a
    document number such as 〔2013〕, capped at 8 characters), its header's longest word and, when it is
    empty in the whole list, two characters. The rest goes where it shortens the table: a row is as tall as
    its fullest cell, so the widths minimise the summed row heights (a smooth maximum over each row's cells,
    from the text's measured width) by exponentiated-gradient steps. Legal-text columns come out wide and
    序号 narrow. ``measure`` gives the body face's advances (None: a CJK em each), ``head_measure`` the
    header's, ``labels`` the header labels where they differ from the column names.

    >>> w = column_widths([{"序号": "1", "实施依据": "法" * 600, "备注": ""}])
    >>> round(sum(w), 3), w[0] < 10 < w[6]
    (225.0, True)
    """
    from .table import CELL_PAD_H, HEAD_PAD_H, RULE, SAFETY, TABLE_PT, Measure, label_words, longest_run
    from .widthsearch import best_widths, pairwise_sum

    measure = measure or Measure(None, TABLE_PT)
    head_measure = head_measure or measure
    labels = labels or {}
    char_mm = TABLE_PT / MM
    pad = (2 * CELL_PAD_H + RULE + SAFETY) / MM
    head_pad = (2 * HEAD_PAD_H + RULE + SAFETY) / MM
    rows = list(records)
    if len(rows) > _SAMPLE:
        step = len(rows) / _SAMPLE
        rows = [rows[int(i * step)] for i in range(_SAMPLE)]
    chars = [[0.0] * len(columns) for _ in range(max(len(rows), 1))]
    paras = [[0.0] * len(columns) for _ in chars]
    runs = [0.0] * len(columns)
    longest = [0.0] * len(columns)
    for i, r in enumerate(rows):
        for j, c in enumerate(columns):
            for para in (r.get(c, "") or "").split("\n"):
                if not para:
                    continue
                width = measure.text(para) / TABLE_PT
                chars[i][j] += width
                paras[i][j] += 1
                longest[j] = max(longest[j], width)
                if width > runs[j]:
                    runs[j] = max(runs[j], longest_run(para, measure, RUN_CAP_EM * TABLE_PT) / TABLE_PT)
    mins = [0.0] * len(columns)
    for j, c in enumerate(columns):
        word = max(head_measure.text(w) for w in label_words(labels.get(c, c))) / MM + head_pad
        least = TEXT_MIN_EM_BY_COLUMN.get(c, TEXT_MIN_EM)
        text = max(runs[j], min(least, longest[j])) if longest[j] else EMPTY_MIN_EM
        mins[j] = max(word, text * char_mm + pad) + 0.05  # a hair over: rounding must not drop a word
    least_total = pairwise_sum(mins)  # summed as numpy sums (toolkit.render.widthsearch)
    if least_total >= total_mm:
        return [round(m * total_mm / least_total, 3) for m in mins]
    if not any(any(row) for row in chars):
        chars = [[1.0] * len(columns) for _ in chars]
    best_w = best_widths(chars, paras, mins, total_mm - least_total, char_mm, pad)
    rows_paras = [[[p for p in (r.get(c, "") or "").split("\n") if p] for c in columns] for r in rows]
    refined = _refine(best_w, mins, rows_paras, measure)
    widths = [round(x, 3) for x in refined[:-1]]
    return widths + [round(total_mm - sum(widths), 3)]


_REFINE_ROWS = 60  # rows the line-exact search looks at (evenly spread)
_REFINE_ROUNDS = 20


def _refine(widths: list[float], mins: list[float], rows: list[list[list[str]]], measure: Measure) -> list[float]:
    """Move width between columns while that saves printed lines, counting lines as the table will break
    them (the smooth estimate above only approximates Chinese line breaking and whole lines): best single
    move of 1, then 0.5 mm each round."""
    from .table import CELL_PAD_H, RULE, break_lines, running_widths

    if len(rows) > _REFINE_ROWS:
        step = len(rows) / _REFINE_ROWS
        rows = [rows[int(i * step)] for i in range(_REFINE_ROWS)]
    cache: dict[tuple[int, float], list[int]] = {}
    # Each paragraph is broken for many trial widths: its running widths are summed once.
    paras = [[[(p, running_widths(p, measure)) for p in cell] for cell in row] for row in rows]

    def counts(j: int, w: float) -> list[int]:
        key = (j, round(w, 3))
        if key not in cache:
            room = w * MM - 2 * CELL_PAD_H - RULE
            cache[key] = [sum(len(break_lines(p, room, measure, acc)) for p, acc in row[j]) for row in paras]
        return cache[key]

    def total(ws: list[float]) -> float:
        per = [counts(j, w) for j, w in enumerate(ws)]
        return float(sum(max(col[i] for col in per) for i in range(len(rows))))

    best = total(widths)
    for delta in (1.0, 0.5):
        for _ in range(_REFINE_ROUNDS):
            move: tuple[float, list[float]] | None = None
            for d in range(len(widths)):
                if widths[d] - delta < mins[d]:
                    continue
                for r in range(len(widths)):
                    if r == d:
                        continue
                    trial = list(widths)
                    trial[d] -= delta
                    trial[r] += delta
                    t = total(trial)
                    if t < best and (move is None or t < move[0]):
                        move = (t, trial)
            if move is None:
                break
            best, widths = move
    return widths


@dataclass(frozen=True)
class Masthead:
    """Where the 版头 goes (pt below the type area's top), with every later line on the 22-line grid.

    ``mark_top``/``docno_top`` are the tops of their line boxes (``mark_line`` and LINE_PT tall),
    ``rule_top`` the red rule's top edge, ``height`` the grid lines the 版头 takes before the title.
    """

    mark_pt: float
    mark_top: float
    mark_line: float
    docno_top: float
    rule_top: float
    height: float


RULE_MM = 0.5  # the red rule's thickness (not fixed by the standard; 0.35–0.5 mm in practice)
MARK_TOP_MM = 35.0  # 7.2.4: the 发文机关标志's top edge below the type area's top
RULE_GAP_MM = 4.0  # 7.2.7: the red rule below the 发文字号


def masthead(mark: str, docno: str, fonts: Mapping[str, FontChoice]) -> Masthead | None:
    """Positions of the 发文机关标志, 发文字号 and red rule, measured from the glyphs' ink (their ideographic
    character face), not the faces' line boxes: Noto CJK's ascent (1.151 em) would put every ink edge
    several points off. None without a mark and a number: the title then starts on the first line.

    7.2.4: the mark's top 35 mm below the type area's top; 7.2.5: the 发文字号 two blank lines below the mark,
    on a line of the grid; 7.2.7: the rule 4 mm below the 发文字号; 7.3.3: the title two blank lines below the
    rule, on the first grid line that leaves them.

    >>> from toolkit.render.fonts import resolve_fonts
    >>> m = masthead("", "兴保发〔2022〕1号", resolve_fonts())  # doctest: +SKIP
    >>> round(m.height / LINE_PT)  # doctest: +SKIP
    3
    """
    if not mark and not docno:
        return None
    xbs = _inked(fonts.get("xbs"), mark)
    fs = _inked(fonts.get("fs"), docno)
    mark_pt = mark_size_pt(mark) if mark else 0.0
    mark_top = MARK_TOP_MM * MM - xbs.ink_top(mark_pt, mark_pt) if mark else 0.0
    last_ink = mark_top + xbs.ink_bottom(mark_pt, mark_pt) if mark else 0.0
    docno_top = 0.0
    if docno:
        if mark:  # two blank lines between the mark's ink and the number's, on the grid
            want = last_ink + 2 * LINE_PT - fs.ink_top(LINE_PT, BODY_PT)
            docno_top = math.ceil(want / LINE_PT - 0.02) * LINE_PT
        last_ink = docno_top + fs.ink_bottom(LINE_PT, BODY_PT)
    rule_top = last_ink + RULE_GAP_MM * MM
    rule_bottom = rule_top + RULE_MM * MM
    title_ink = vmetrics_for(fonts.get("xbs")).ink_top(LINE_PT, TITLE_PT)
    lines = math.ceil((rule_bottom + 2 * LINE_PT - 3.0 - title_ink) / LINE_PT)  # 1 mm short still counts
    return Masthead(
        round(mark_pt, 2),
        round(mark_top, 2),
        round(mark_pt, 2),
        round(docno_top, 2),
        round(rule_top, 2),
        round(lines * LINE_PT, 3),
    )


def _inked(choice: FontChoice | None, text: str) -> VMetrics:
    """The face's metrics with ``text``'s own ink as its top and bottom (the ideographic face's when the
    outlines cannot be read)."""
    vm = vmetrics_for(choice)
    ink = text_ink(choice, text) if text else None
    return replace(vm, icf_top=ink[1], icf_bottom=-ink[0]) if ink else vm


def folio_padding(fonts: Mapping[str, FontChoice]) -> float:
    """Padding (pt) above the page number's line (FOLIO_PT tall) that puts its dashes' ink top 7 mm below the
    type area (7.5: 一字线上距版心下边缘 7 mm)."""
    choice = fonts.get("song")
    vm = vmetrics_for(choice)
    ink = glyph_ink(choice, "—")
    dash_top = ink[1] if ink else 0.3
    return round(FOLIO_GAP_MM * MM - vm.baseline(FOLIO_PT, FOLIO_PT) + dash_top * FOLIO_PT, 2)


def mark_size_pt(mark: str) -> float:
    """Font size of the red 发文机关标志: 初号 when it fits the type area's width, smaller otherwise."""
    width = text_width(mark) or 1.0
    return round(min(42.0, TYPE_W * MM / width * 0.98), 2)


_H1 = re.compile(r"^[一二三四五六七八九十百]+、")
_H2 = re.compile(r"^（[一二三四五六七八九十百]+）")


def body_paragraph(text: str) -> tuple[str, str, str]:
    """Split a body paragraph into (heading face role, heading text, rest).

    GB/T 9704 §7.3.4: 一、 headings in 黑体, （一） headings in 楷体; a heading that runs on into the
    paragraph ends at its first full stop.

    >>> body_paragraph("一、总体要求。按照……")
    ('hei', '一、总体要求。', '按照……')
    >>> body_paragraph("根据……")
    ('', '', '根据……')
    """
    for pattern, role in ((_H1, "hei"), (_H2, "kai")):
        if pattern.match(text):
            end = text.find("。")
            if 0 < end < 40:
                return role, text[: end + 1], text[end + 1 :]
            if len(text) <= 40:
                return role, text, ""
    return "", "", text
