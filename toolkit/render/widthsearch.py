"""The smooth part of the column-width search (:func:`toolkit.render.layout.column_widths`), in numpy or in
plain Python.

The search moves width between columns by exponentiated-gradient steps on a smooth estimate of the table's
height. numpy does it fast for long lists, but importing numpy takes ~0.11 s CPU: a twentieth of a whole
cold render of a 5-item list, which does a few thousand multiplications. Small searches therefore run in
plain Python, computing every number exactly as numpy does — the same IEEE operations in the same order,
numpy's pairwise summation reproduced (:func:`pairwise_sum`), ``x * x`` where numpy squares — so both give
the same widths to the last bit (tests/test_render_title.py compares them) and a list's PDF does not depend
on which one ran.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

ITERATIONS = 120
P = 8.0  # smooth maximum (p-norm) so that the gradient reaches every nearly-full cell
# Sampled rows × columns up to which plain Python costs less than importing numpy (~0.11 s) and using it:
# 5 items of 13 columns take 0.01 s, 40 items 0.06 s (numpy: 0.11 + 0.015 s), ~75 items break even.
PLAIN_MAX_CELLS = 800

Matrix = Sequence[Sequence[float]]


def best_widths(
    chars: Matrix, paras: Matrix, mins: Sequence[float], spare: float, char_mm: float, pad: float
) -> list[float]:
    """Widths (mm) for the columns: ``mins`` plus a share of ``spare``, the one of the 120 steps whose whole
    lines (each row as tall as its fullest cell) are fewest. ``chars``/``paras``: per sampled row and column,
    the text's width in characters and its paragraph count; ``pad``: a cell's padding and rules (mm).

    >>> best_widths([[10.0, 1.0]], [[1.0, 1.0]], [5.0, 5.0], 20.0, 3.0, 1.0)[0] > 15
    True
    """
    if len(chars) * len(mins) <= PLAIN_MAX_CELLS:
        return search_plain(chars, paras, mins, spare, char_mm, pad)
    return search_numpy(chars, paras, mins, spare, char_mm, pad)


def search_numpy(
    chars: Matrix, paras: Matrix, mins: Sequence[float], spare: float, char_mm: float, pad: float
) -> list[float]:
    import numpy as np  # here, not at start-up: only long lists need it

    c = np.array(chars, dtype=float)
    q = np.array(paras, dtype=float)
    m = np.array(mins, dtype=float)

    def heights(w: np.ndarray) -> np.ndarray:
        # lines a cell needs: characters over characters-per-line, plus half a line lost per paragraph end
        return c * char_mm / (w - pad) + 0.5 * q

    w = m + spare * (c.mean(axis=0) + 1e-6) / (c.mean(axis=0) + 1e-6).sum()
    best_w, best = w, math.inf
    for _ in range(ITERATIONS):
        h = heights(w) + 1e-9
        norm = (h**P).sum(axis=1, keepdims=True) ** (1 / P)
        real = float(np.ceil(heights(w)).max(axis=1).sum())
        if real < best:
            best_w, best = w, real
        dh = -c * char_mm / (w - pad) ** 2
        grad = ((norm ** (1 - P)) * h ** (P - 1) * dh).sum(axis=0)
        extra = (w - m) * np.exp(-0.5 * grad / (np.abs(grad).max() + 1e-12))
        w = m + spare * (extra + 1e-9) / (extra + 1e-9).sum()
    return [float(x) for x in best_w]


def search_plain(
    chars: Matrix, paras: Matrix, mins: Sequence[float], spare: float, char_mm: float, pad: float
) -> list[float]:
    """:func:`search_numpy`, operation for operation (see the module's docstring)."""
    rows, cols = len(chars), range(len(mins))
    # numpy sums down a column row after row (as sum() does), along a row pairwise
    shifted = [sum(row[j] for row in chars) / rows + 1e-6 for j in cols]
    total = pairwise_sum(shifted)
    w = [mins[j] + spare * shifted[j] / total for j in cols]
    best_w, best = w, math.inf
    lo, hi = 1 - P, P - 1
    for _ in range(ITERATIONS):
        room = [x - pad for x in w]
        square = [r * r for r in room]  # numpy's ** 2 multiplies (pow() may differ in the last bit)
        hw = [
            [c * char_mm / room[j] + 0.5 * q for j, c, q in zip(cols, crow, qrow, strict=True)]
            for crow, qrow in zip(chars, paras, strict=True)
        ]
        real = float(sum(max(math.ceil(x) for x in row) for row in hw))
        if real < best:
            best_w, best = w, real
        grad = [0.0 for _ in cols]
        for crow, hrow in zip(chars, hw, strict=True):
            h = [x + 1e-9 for x in hrow]
            scale = (pairwise_sum([x**P for x in h]) ** (1 / P)) ** lo  # the row's smooth maximum, to the 1 - p
            for j in cols:
                grad[j] += scale * h[j] ** hi * (-crow[j] * char_mm / square[j])
        top = max(abs(g) for g in grad) + 1e-12
        extra = [(w[j] - mins[j]) * math.exp(-0.5 * grad[j] / top) + 1e-9 for j in cols]
        total = pairwise_sum(extra)
        w = [mins[j] + spare * extra[j] / total for j in cols]
    return best_w


def pairwise_sum(values: Sequence[float]) -> float:
    """The sum numpy computes for a contiguous float64 array: below 8 values one after the other, up to 128
    in 8 running sums combined pairwise (then the rest one by one), longer ones halved recursively.

    >>> pairwise_sum([0.1] * 10) == float(sum([0.1] * 10))
    False
    """
    n = len(values)
    if n < 8:
        res = 0.0
        for v in values:
            res += v
        return res
    if n <= 128:
        r = list(values[:8])
        i = 8
        while i < n - n % 8:
            for k in range(8):
                r[k] += values[i + k]
            i += 8
        res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
        for v in values[i:]:
            res += v
        return res
    half = n // 2
    half -= half % 8
    return pairwise_sum(values[:half]) + pairwise_sum(values[half:])
