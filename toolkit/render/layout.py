"""Page geometry of GB/T 9704-2012 and the sizing decisions the templates need (all in millimetres/points).

Decisions that depend on the text (column widths, signature indents, the size of the issuer mark) are made
here in Python so the templates stay declarative and every number can be tested.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

from ..model import COLUMN_NAMES
from .title import text_width

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
TABLE_PT = 9.0  # 小五
TABLE_LINE = 1.32  # line-height factor in table cells
CELL_PAD_MM = 0.8  # horizontal padding on each side of a cell
HEADER_PT = 9.0

# Narrowest useful width of each column, in characters of TABLE_PT (header words may wrap).
_MIN_CHARS: dict[str, float] = {
    "序号": 2.0,
    "权力分类": 2.0,
    "项目名称": 4.0,
    "子项名称": 2.0,
    "实施主体": 3.0,
    "承办的内设机构": 2.0,
    "实施依据": 4.0,
    "责任事项": 4.0,
    "责任事项依据": 4.0,
    "追责情形": 4.0,
    "追责依据": 4.0,
    "免责事项": 2.0,
    "备注": 2.0,
}
_SAMPLE = 2000  # rows looked at when sizing columns: plenty to know a list's shape


def column_widths(
    records: Sequence[dict[str, str]], columns: Sequence[str] = COLUMN_NAMES, total_mm: float = LAND_TYPE_W
) -> list[float]:
    """Widths (mm) summing to ``total_mm`` that make the table as short as they can.

    A row is as tall as its fullest cell, so the widths minimise the summed row heights (a smooth maximum
    over each row's cells, estimated from character counts) by exponentiated-gradient steps, each column
    kept at least at its minimum. Legal-text columns come out wide and 序号 narrow.

    >>> w = column_widths([{"序号": "1", "实施依据": "法" * 600, "备注": ""}])
    >>> round(sum(w), 3), w[0] < 10 < w[6]
    (225.0, True)
    """
    import numpy as np  # here, not at start-up: a small render imports it while WeasyPrint loads elsewhere

    char_mm = TABLE_PT / MM
    pad = 2 * CELL_PAD_MM + 0.2
    mins = np.array([_MIN_CHARS.get(c, 2.0) * char_mm + pad for c in columns])
    if mins.sum() >= total_mm:
        return [round(float(m), 3) for m in mins * total_mm / mins.sum()]
    rows = list(records)
    if len(rows) > _SAMPLE:
        step = len(rows) / _SAMPLE
        rows = [rows[int(i * step)] for i in range(_SAMPLE)]
    chars = np.zeros((max(len(rows), 1), len(columns)))
    paras = np.zeros_like(chars)
    for i, r in enumerate(rows):
        for j, c in enumerate(columns):
            ps = [p for p in (r.get(c, "") or "").split("\n") if p]
            chars[i, j] = sum(text_width(p) for p in ps)
            paras[i, j] = len(ps)
    if not chars.any():
        chars[:] = 1.0

    def heights(w: np.ndarray) -> np.ndarray:
        # lines a cell needs: characters over characters-per-line, plus half a line lost per paragraph end
        return chars * char_mm / (w - pad) + 0.5 * paras

    p = 8.0  # smooth maximum (p-norm) so that the gradient reaches every nearly-full cell
    spare = total_mm - mins.sum()
    w = mins + spare * (chars.mean(axis=0) + 1e-6) / (chars.mean(axis=0) + 1e-6).sum()
    best_w, best = w, float("inf")
    for _ in range(120):
        h = heights(w) + 1e-9
        norm = (h**p).sum(axis=1, keepdims=True) ** (1 / p)
        real = float(np.ceil(heights(w)).max(axis=1).sum())
        if real < best:
            best_w, best = w, real
        dh = -chars * char_mm / (w - pad) ** 2
        grad = ((norm ** (1 - p)) * h ** (p - 1) * dh).sum(axis=0)
        extra = (w - mins) * np.exp(-0.5 * grad / (np.abs(grad).max() + 1e-12))
        w = mins + spare * (extra + 1e-9) / (extra + 1e-9).sum()
    widths = [round(float(x), 3) for x in best_w[:-1]]
    return widths + [round(total_mm - sum(widths), 3)]


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
