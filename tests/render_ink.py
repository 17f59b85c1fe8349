"""Geometry of rendered PDFs measured from ink: pages rasterised with pdftoppm, coloured and black pixels found.

pdfplumber's character boxes come from the fonts' ascent and descent, not the glyphs: a check built on them
passes when the printed page is millimetres off. Everything here reads the pixels a printer would put down.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

MM_PER_INCH = 25.4
DPI = 300


@dataclass(frozen=True)
class Raster:
    """One page as arrays (rows top to bottom) and its scale."""

    rgb: np.ndarray
    dpi: int
    portrait: bool
    sheet: bool = False  # a turned table page brought upright (see unturn)

    def mm(self, px: float) -> float:
        return px * MM_PER_INCH / self.dpi

    def px(self, mm: float) -> int:
        return round(mm * self.dpi / MM_PER_INCH)

    @property
    def dark(self) -> np.ndarray:
        """Black ink (text, rules): dark and not coloured (a grey raster cannot tell colours apart)."""
        if self.rgb.ndim == 2:
            return self.rgb < 140
        r, g, b = (self.rgb[..., i].astype(int) for i in range(3))
        return (r < 140) & (g < 140) & (b < 140)

    @property
    def red(self) -> np.ndarray:
        if self.rgb.ndim == 2:
            raise ValueError("a grey raster has no colours")
        r, g, b = (self.rgb[..., i].astype(int) for i in range(3))
        return (r > 150) & (g < 110) & (b < 110)

    @property
    def ink(self) -> np.ndarray:
        return (self.rgb if self.rgb.ndim == 2 else self.rgb.min(axis=2)) < 160

    @property
    def grey(self) -> np.ndarray:
        return self.rgb if self.rgb.ndim == 2 else self.rgb.min(axis=2)


@lru_cache(maxsize=8)
def raster(pdf: Path, page: int, dpi: int = DPI) -> Raster:
    """Page ``page`` (1-based) of ``pdf`` at ``dpi``."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        prefix = Path(folder) / "p"
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                str(dpi),
                "-png",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(pdf),
                str(prefix),
            ],
            check=True,
        )
        img = Image.open(f"{prefix}.png").convert("RGB")
        arr = np.asarray(img).copy()
    return Raster(arr, dpi, arr.shape[0] > arr.shape[1])


def page_count(pdf: Path) -> int:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def rows_with(mask: np.ndarray) -> np.ndarray:
    return np.flatnonzero(mask.any(axis=1))


def cols_with(mask: np.ndarray) -> np.ndarray:
    return np.flatnonzero(mask.any(axis=0))


def runs(indices: np.ndarray, gap: int = 1) -> list[tuple[int, int]]:
    """Consecutive index runs ``(first, last)`` (neighbours at most ``gap`` apart)."""
    out: list[tuple[int, int]] = []
    for i in indices.tolist():
        if out and i - out[-1][1] <= gap:
            out[-1] = (out[-1][0], i)
        else:
            out.append((i, i))
    return out


# --- page frame (mm) -----------------------------------------------------------------------------------------

# Portrait pages: type area top 37, left 28, 156 × 225 mm. Landscape table pages (render --landscape): the
# type area turned. A table turned onto a portrait page (§8) and brought upright again (unturn): the portrait
# type area seen with the paper's left edge on top.
PORTRAIT_AREA = (37.0, 28.0, 37.0 + 225.0, 28.0 + 156.0)  # top, left, bottom, right
LANDSCAPE_AREA = (26.0, 37.0, 26.0 + 156.0, 37.0 + 225.0)
SHEET_AREA = (28.0, 297.0 - 262.0, 28.0 + 156.0, 297.0 - 37.0)


def type_area(r: Raster) -> tuple[float, float, float, float]:
    if r.sheet:
        return SHEET_AREA
    return PORTRAIT_AREA if r.portrait else LANDSCAPE_AREA


def unturn(r: Raster) -> Raster:
    """A portrait page holding a turned table (head toward the left edge) as the table's sheet, upright: the
    raster turned a quarter clockwise."""
    return Raster(np.rot90(r.rgb, k=-1).copy(), r.dpi, portrait=False, sheet=True)


def folio_box(r: Raster) -> tuple[float, float] | None:
    """Left and right edge (mm from the paper's left edge) of the ink below the type area: the page number."""
    _top, left, bottom, right = type_area(r)
    region = r.dark[r.px(bottom + 1.0) : r.px(bottom + 20.0)]
    cols = cols_with(region)
    return (r.mm(cols[0]), r.mm(cols[-1] + 1)) if len(cols) else None


@dataclass(frozen=True)
class Masthead:
    mark_top: float | None  # mm below the type area's top
    docno_bottom: float | None  # mm below the type area's top
    rule_top: float | None
    rule_bottom: float | None


def masthead(r: Raster) -> Masthead:
    """The red mark, the red rule and the black 发文字号 above it (mm below the type area's top)."""
    top, left, _bottom, right = type_area(r)
    red = r.red
    width = r.px(right) - r.px(left)
    full = np.flatnonzero(red.sum(axis=1) > 0.9 * width)
    if not len(full):
        return Masthead(None, None, None, None)
    rule = runs(full)[0]
    above = red[: rule[0] - 2]
    mark_rows = rows_with(above)
    mark_top = r.mm(mark_rows[0]) - top if len(mark_rows) else None
    first_mark_bottom = runs(mark_rows, gap=r.px(3))[-1][1] if len(mark_rows) else r.px(top) - 1
    dark = r.dark[first_mark_bottom + 1 : rule[0] - 1, r.px(left) : r.px(right)]
    dark_rows = rows_with(dark)
    docno_bottom = r.mm(first_mark_bottom + 1 + dark_rows[-1] + 1) - top if len(dark_rows) else None
    return Masthead(mark_top, docno_bottom, r.mm(rule[0]) - top, r.mm(rule[1] + 1) - top)


def folio_dash_gap(r: Raster) -> float | None:
    """Distance (mm) from the type area's bottom edge to the top of the page number's first dash's ink."""
    _top, left, bottom, right = type_area(r)
    y0 = r.px(bottom + 1.0)
    region = r.dark[y0 : r.px(bottom + 20.0), r.px(left - 5) : r.px(right + 5)]
    cols = cols_with(region)
    if not len(cols):
        return None
    first = runs(cols, gap=2)[0]  # the leftmost glyph: the dash
    dash = region[:, first[0] : first[1] + 1]
    return r.mm(y0 + rows_with(dash)[0]) - bottom


def text_lines(r: Raster, box: tuple[float, float, float, float], min_gap_mm: float = 1.0) -> list[tuple[float, float]]:
    """Ink line bands (top, bottom in mm of the page) inside ``box`` (top, left, bottom, right mm)."""
    top, left, bottom, right = box
    region = r.dark[r.px(top) : r.px(bottom), r.px(left) : r.px(right)]
    bands = runs(rows_with(region), gap=r.px(min_gap_mm))
    return [(top + r.mm(a), top + r.mm(b + 1)) for a, b in bands]


def outside_type_area(r: Raster, below_mm: float = 1.0) -> int:
    """Ink pixels outside the type area, except the page number's band below it."""
    top, left, bottom, right = type_area(r)
    ink = r.ink.copy()
    # one pixel of slack on each side: the pixel row or column that straddles the edge
    ink[r.px(top) - 1 : r.px(bottom) + 1, r.px(left) - 1 : r.px(right) + 1] = False
    ink[r.px(bottom + below_mm) : r.px(bottom + 20)] = False  # the page number's band
    return int(ink.sum())


def every_page(pdf: Path, dpi: int) -> Iterator[Raster]:
    """All pages of ``pdf`` at ``dpi`` in grey, rasterised by one pdftoppm run (each run re-reads the CJK
    fonts; raw PGM, PNG encoding costs five times the rendering), one page in memory at a time."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", str(pdf), str(Path(folder) / "p")], check=True)
        for pgm in sorted(Path(folder).glob("p-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
            arr = np.asarray(Image.open(pgm)).copy()
            yield Raster(arr, dpi, arr.shape[0] > arr.shape[1])
