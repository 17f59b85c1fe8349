"""Reading rendered PDFs back for the render tests: text, fonts, page geometry."""

from __future__ import annotations

import re
import subprocess
from functools import lru_cache
from pathlib import Path

from toolkit.model import Notice

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
    """Per page: width, height, chars (text, fontname, size, x0, x1, top, bottom), rects, and where they are.

    A table page turned onto a portrait page (GB/T 9704 §8: ``turned``) is given as its sheet, the table
    upright: ``width``/``height`` are the sheet's (landscape), its turned chars and rects are in the sheet's
    frame, and its upright chars (the page number) are in ``folio_chars`` in the paper's frame. ``paper`` is
    the physical page's (width, height) in points; on other pages ``folio_chars`` are all the chars.
    """
    import pdfplumber

    keys = ("text", "fontname", "size", "x0", "x1", "top", "bottom", "non_stroking_color")
    result = []
    with pdfplumber.open(str(path)) as pdf:
        for p in pdf.pages:
            w, h = float(p.width), float(p.height)
            chars = [{k: c[k] for k in keys} | {"upright": bool(c["upright"])} for c in p.chars]
            rects = [{k: r[k] for k in ("x0", "x1", "top", "bottom", "non_stroking_color")} for r in p.rects]
            turned = any(not c["upright"] for c in chars)
            page = {"width": w, "height": h, "paper": (w, h), "turned": turned, "chars": chars, "rects": rects}
            page["folio_chars"] = chars
            if turned:
                page.update(
                    width=h,
                    height=w,
                    # (pdfminer gives a turned char's size along the page's height: its advance)
                    chars=[unturn_box(c, h) | {"size": c["x1"] - c["x0"]} for c in chars if not c["upright"]],
                    rects=[unturn_box(r, h) for r in rects],
                    folio_chars=[c for c in chars if c["upright"]],
                )
            result.append(page)
    return tuple(result)


def unturn_box(box: dict, paper_height: float) -> dict:
    """A box on a turned page (head toward the left edge) in the frame of the upright sheet: the page turned
    a quarter clockwise, so the paper's left edge is the sheet's top and its bottom edge the sheet's left."""
    return box | {
        "x0": paper_height - box["bottom"],
        "x1": paper_height - box["top"],
        "top": box["x0"],
        "bottom": box["x1"],
    }


# Margins (mm: top, right, bottom, left) around the type area in the frame of a page's chars: a portrait page,
# a landscape table page (render --landscape), a turned table page seen upright (the portrait margins turned).
PORTRAIT_MARGINS = (37.0, 26.0, 35.0, 28.0)
LANDSCAPE_MARGINS = (26.0, 35.0, 28.0, 37.0)
SHEET_MARGINS = (28.0, 37.0, 26.0, 35.0)


def margins(page: dict) -> tuple[float, float, float, float]:
    """The type area's margins (mm) in the frame of ``page["chars"]`` (see :func:`pages`)."""
    if page["turned"]:
        return SHEET_MARGINS
    return PORTRAIT_MARGINS if page["height"] > page["width"] else LANDSCAPE_MARGINS


def folio(page: dict) -> tuple[int | None, float, float]:
    """The page number printed below the type area: (number, x0, x1) of the '— N —' text, on the paper."""
    width, height = page["paper"]
    bottom_margin = 35 if height > width else 28  # portrait page / landscape table page
    foot = [c for c in page["folio_chars"] if c["top"] > height - bottom_margin * MM + 1]
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


# A notice with every field filled, as a 县 unit writes one (the render tests' usual notice).
FULL_NOTICE = Notice(
    issuer_mark="兴安县国家保密局文件",
    doc_number="兴保发〔2024〕3号",
    title="兴安县国家保密局关于公布2024年度权责清单调整情况的通知",
    recipients="各乡（镇）、县直各单位",
    body="根据有关规定，现将调整后的权责清单公布如下。\n一、总体要求。请各单位遵照执行。\n（一）工作步骤\n特此通知。",
    attachment="兴安县国家保密局权责清单",
    signature="兴安县国家保密局",
    date="2024年3月1日",
    cc="县委办公室，县人民政府办公室",
    printer="兴安县国家保密局办公室",
    print_date="2024年3月1日",
)
