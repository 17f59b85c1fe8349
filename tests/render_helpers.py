"""Reading rendered PDFs back for the render tests: text, fonts, page geometry."""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache
from pathlib import Path

MM = 72 / 25.4
_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    """Text without any whitespace (PDF extraction wraps lines and spaces glyphs freely)."""
    return _WS.sub("", text.replace("\u3000", ""))


def pdftotext(path: Path, *, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return subprocess.run([*args, str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdffonts(path: Path) -> list[dict[str, str]]:
    """Rows of ``pdffonts``: name, type, emb, sub, uni."""
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = []
    for line in out.splitlines()[2:]:
        parts = line.split()
        # name, type words..., encoding, emb, sub, uni, object, id
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


@lru_cache(maxsize=8)
def pages(path: Path) -> tuple[dict, ...]:
    """Per page: width, height, chars (text, fontname, size, x0, x1, top, bottom), rects."""
    import pdfplumber

    result = []
    with pdfplumber.open(str(path)) as pdf:
        for p in pdf.pages:
            chars = [
                {k: c[k] for k in ("text", "fontname", "size", "x0", "x1", "top", "bottom", "non_stroking_color")}
                for c in p.chars
            ]
            rects = [{k: r[k] for k in ("x0", "x1", "top", "bottom", "non_stroking_color")} for r in p.rects]
            result.append({"width": float(p.width), "height": float(p.height), "chars": chars, "rects": rects})
    return tuple(result)


def folio(page: dict) -> tuple[int | None, float, float]:
    """The page number printed below the type area: (number, x0, x1) of the '— N —' text."""
    bottom_margin = 35 if page["height"] > page["width"] else 28  # portrait notice / landscape table
    foot = [c for c in page["chars"] if c["top"] > page["height"] - bottom_margin * MM + 1]
    foot.sort(key=lambda c: c["x0"])
    text = "".join(c["text"] for c in foot)
    m = re.fullmatch(r"\s*—\s*(\d+)\s*—\s*", text)
    if not m:
        return None, 0.0, 0.0
    return int(m.group(1)), foot[0]["x0"], foot[-1]["x1"]


@lru_cache(maxsize=8)
def pdf_font(role: str) -> str:
    """How the face resolved for ``role`` (“hei”, “fs” …) is named in the PDF's fonts: its family with hyphens
    for spaces (“Noto-Sans-CJK-SC”, “FandolHei”), whichever faces this machine has."""
    from toolkit.render.fonts import resolve_fonts

    return resolve_fonts()[role].family.replace(" ", "-")
