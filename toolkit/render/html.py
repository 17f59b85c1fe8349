"""The notice and its attachment as HTML (jinja2, autoescaped), in whole or in parts for parallel layout."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

if TYPE_CHECKING:
    import jinja2

from ..model import COLUMNS, Notice, PowerList, split_paragraphs
from .fonts import FontChoice, font_css
from .justify import Line, set_paragraph
from .layout import (
    BODY_PT,
    CHAR_PT,
    FOLIO_PT,
    LINE_PT,
    MM,
    TYPE_W,
    body_paragraph,
    column_widths,
    folio_padding,
    masthead,
)
from .pdf import TEMPLATES_DIR
from .table import RULE, TableLayout, TablePage, layout_table, measure_for
from .title import break_title

TITLE_WIDTH = 20.0  # characters of 22 pt in the 156 mm type area
ATT_TITLE_WIDTH = 28.0  # characters of 22 pt in the landscape pages' 225 mm
ATT_TITLE_GAP = 14.0  # pt between the attachment's title and its table (notice.css .att-title)
HEADER_LABELS = {"责任事项": "责任事项（明确责任主体）", "追责情形": "追责情形（明确内部追责主体）"}
CENTRED = ("序号", "权力分类")


@functools.lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    import jinja2  # on first use: a small render builds its HTML while WeasyPrint loads in the worker

    # Autoescape every template whatever its name: cell text is untrusted.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["names"] = join_names
    return env


_NAME_END = tuple("、，,；;：:。")


def join_names(text: str) -> str:
    r"""Organ names written one per line (主送机关, 抄送机关) as one run: a line break would show as a space.
    GB/T 9704 §7.4.2 separates 抄送机关 with commas; a line already ending in punctuation is joined as it is.

    >>> join_names("各乡（镇）人民政府\n县直各单位"), join_names("县委办、\n县政府办")
    ('各乡（镇）人民政府，县直各单位', '县委办、县政府办')
    """
    out = ""
    for line in (part.strip() for part in text.splitlines()):
        if line:
            out += line if not out or out.endswith(_NAME_END) else "，" + line
    return out


@functools.lru_cache(maxsize=4)
def _stylesheet(*names: str) -> str:
    return "\n".join((TEMPLATES_DIR / n).read_text(encoding="utf-8") for n in names)


def folio_css(fonts: Mapping[str, FontChoice], start: int | None = 1) -> str:
    """Page numbers ``— N —`` in 4号 宋体, their dashes' ink 7 mm below the type area, odd pages right and even
    pages left.

    ``start`` is the number of the first page (None: no page numbers). WeasyPrint decides left/right by
    the page's position in its own document, so a part that starts on an even number swaps the rules.
    """
    if start is None:
        return ""
    family = fonts["song"].css_family
    box = (
        f'content: "— " counter(page) " —"; font-family: {family}; font-size: {FOLIO_PT}pt; '
        f"font-weight: normal; letter-spacing: 0; color: #000; vertical-align: top; line-height: {FOLIO_PT}pt; "
        f"padding-top: {folio_padding(fonts)}pt;"
    )
    odd, even = (":right", ":left") if start % 2 == 1 else (":left", ":right")
    css = [
        f"@page {odd} {{ @bottom-right {{ {box} text-align: right; padding-right: {FOLIO_PT}pt; }} "
        "@bottom-left { content: none; } }",
        f"@page {even} {{ @bottom-left {{ {box} text-align: left; padding-left: {FOLIO_PT}pt; }} "
        "@bottom-right { content: none; } }",
    ]
    if start != 1:
        css.append(f"@page :first {{ counter-reset: page {start}; }}")
    return "\n".join(css) + "\n"


def folio_overlay_html(fonts: Mapping[str, FontChoice], count: int, start: int, *, landscape: bool = False) -> str:
    """``count`` empty table pages (portrait, or ``landscape``) that carry only page numbers from ``start``
    (stamped onto table pages laid out in parts)."""
    css = _stylesheet("notice.css") + folio_css(fonts, start)
    kind = "attachment first-part" + (" landscape" if landscape else "")
    pages = f'<div class="{kind}" style="break-after: page"></div>' * (count - 1)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><style>{css}</style></head><body>{pages}"
        f'<div class="{kind}"></div></body></html>'
    )


@dataclass
class Part:
    """What one HTML document holds: the notice, some of the table's pages (the first with the attachment
    heading), 版记."""

    notice: bool = False
    pages: list[TablePage] | None = None
    heading: bool = False
    banji: bool = False
    folio_start: int | None = 1


@dataclass
class NoticeContext:
    """Everything the templates need that does not depend on the part being rendered."""

    notice: Notice
    fonts: Mapping[str, FontChoice]
    widths: list[float]
    rows: list[list[list[str]]]
    table: TableLayout
    attachment_title: list[str]
    list_only: bool = False  # the list alone under its title: no notice, no “附件” label, no 版记
    landscape: bool = False  # table pages landscape (on screen) instead of turned on portrait pages (§8)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_banji(self) -> bool:
        n = self.notice
        return not self.list_only and bool(n.cc or n.printer or n.print_date)


def table_columns(pl: PowerList, *, extra: bool = False) -> list[tuple[str, str | None, str]]:
    """The attachment table's columns as (name, group, header label): the 13 standard ones, then, with
    ``extra``, the list's extra columns (carried from the source under their own headers) after 备注.

    >>> [c[0] for c in table_columns(PowerList.from_records([{"项目名称": "甲", "联系电话": "1"}]), extra=True)][-2:]
    ['备注', '联系电话']
    """
    columns: list[tuple[str, str | None, str]] = [(c.name, c.group, HEADER_LABELS.get(c.name, c.name)) for c in COLUMNS]
    if extra:
        columns += [(name, None, name) for name in pl.extra_columns]
    return columns


def table_rows(pl: PowerList, *, extra: bool = False) -> list[list[list[str]]]:
    """Every item as one cell per column of :func:`table_columns`, each cell a list of paragraphs (empty list
    for an empty cell)."""
    names = [c[0] for c in table_columns(pl, extra=extra)]
    return [[split_paragraphs(str(rec.get(c, "") or "")) for c in names] for rec in pl.records()]


def build_context(
    pl: PowerList,
    fonts: Mapping[str, FontChoice],
    rows: list[list[list[str]]] | None = None,
    *,
    list_only: bool = False,
    extra: bool = False,
    landscape: bool = False,
) -> NoticeContext:
    """Compute once what all parts share: column widths, the table set in lines and cut into pages
    (``rows``: already made by :func:`table_rows`). ``list_only``: the list alone, its title on the first
    line of its first page. ``extra``: the list's extra columns printed after 备注. ``landscape``: the table
    on landscape pages rather than turned on portrait ones.

    >>> ctx = build_context(PowerList.empty(), {})  # doctest: +SKIP
    """
    rows = table_rows(pl, extra=extra) if rows is None else rows
    columns = table_columns(pl, extra=extra)
    names = [c[0] for c in columns]
    records = [{n: "\n".join(cell) for n, cell in zip(names, row, strict=True)} for row in rows]
    body, head = measure_for(fonts, "fs"), measure_for(fonts, "hei")
    # The table's left rule is drawn outside its columns: the columns take the type area less that rule, so
    # the table's ink ends on the type area's edge (turned, that edge is the top one, with no margin to spare).
    # The rule comes off the widest column: narrow columns sit at their minimum (a whole number of characters:
    # a hair less sets them a character shorter a line), and sizing all columns for the narrower total lands
    # the width search elsewhere (the 1,000-item list: 2,367 and 2,293 table pages against 2,221).
    widths = column_widths(records, names, measure=body, head_measure=head, labels=HEADER_LABELS)
    widest = widths.index(max(widths))
    widths[widest] = math.floor((widths[widest] - RULE / MM) * 1000) / 1000
    title = break_title(pl.notice.attachment or "权责清单", ATT_TITLE_WIDTH)
    heading = (len(title) + (0 if list_only else 2)) * LINE_PT + ATT_TITLE_GAP
    table = layout_table(rows, columns, widths, fonts, heading)
    return NoticeContext(pl.notice, fonts, widths, rows, table, title, list_only, landscape)


# As in notice.css: the paragraphs' letter spacing, the body's 2-character indent, the attachment note's
# 2-character indent and its hanging indent after “附件：”.
NOTICE_SPACING = -0.21
BODY_INDENT = 2 * CHAR_PT
ATT_FIRST, ATT_HANG = 2 * CHAR_PT, 5 * CHAR_PT


@dataclass(frozen=True)
class BodyParagraph:
    """A body paragraph: its heading run (face role, text) and the rest; ``lines`` when set edge to edge."""

    role: str
    head: str
    rest: str
    lines: list[Line] | None


def body_paragraphs(text: str, fonts: Mapping[str, FontChoice]) -> list[BodyParagraph]:
    """The notice's body paragraphs, each broken into justified lines when its fonts can be measured."""
    out = []
    for p in split_paragraphs(text):
        role, head, rest = body_paragraph(p)
        runs = [(r, t) for r, t in ((role, head), ("", rest)) if t]
        width = TYPE_W * MM
        lines = set_paragraph(runs, fonts, first=width - BODY_INDENT, rest=width, size=BODY_PT, spacing=NOTICE_SPACING)
        out.append(BodyParagraph(role, head, rest, lines))
    return out


def attachment_lines(name: str, fonts: Mapping[str, FontChoice]) -> list[Line] | None:
    """The 附件说明 “附件：name” in justified lines (wrapped lines hang under the name), or None."""
    if not name:
        return None
    width = TYPE_W * MM
    return set_paragraph(
        [("", f"附件：{name}")],
        fonts,
        first=width - ATT_FIRST,
        rest=width - ATT_HANG,
        size=BODY_PT,
        spacing=NOTICE_SPACING,
    )


def part_html(ctx: NoticeContext, part: Part) -> str:
    """One self-contained HTML document (CSS inlined: the preview opens anywhere, the PDF fetches nothing)."""
    n = ctx.notice
    template = environment().get_template("notice.html.j2")
    body = body_paragraphs(n.body, ctx.fonts) if part.notice else []
    att_lines = attachment_lines(n.attachment, ctx.fonts) if part.notice else None
    return template.render(
        notice=n,
        part=part,
        # Trusted CSS made here (font names come from fontconfig or the user's own config, never from cells).
        css=Markup(_stylesheet("notice.css", "table.css")),
        font_css=Markup(font_css(ctx.fonts)),
        folio_css=Markup(folio_css(ctx.fonts, part.folio_start)),
        masthead=masthead(n.issuer_mark, n.doc_number, ctx.fonts) if part.notice else None,
        title_lines=break_title(n.title, TITLE_WIDTH),
        body=body,
        att_lines=att_lines,
        attachment_title=ctx.attachment_title,
        list_only=ctx.list_only,
        landscape=ctx.landscape,
        table=ctx.table,
        centred={i for i, c in enumerate(COLUMNS) if c.name in CENTRED},
        cell_role="fs",
        head_role="hei",
    )


def whole_html(ctx: NoticeContext) -> str:
    """The complete document in one HTML file: notice, attachment table, 版记 (the preview, and small lists)."""
    pages = ctx.table.pages or None  # no items: the notice alone, no empty attachment
    part = Part(notice=not ctx.list_only, pages=pages, heading=True, banji=ctx.has_banji, folio_start=1)
    return part_html(ctx, part)


def lay_out(html: str) -> Any:
    """Lay out a notice document (WeasyPrint ``Document``), page numbers as GB/T 9704 §7.5 wants them.

    The 版记 goes on the last, even page; when a blank page had to be inserted before it, neither page is
    numbered (§7.5), otherwise the 版记 page is. CSS cannot tell the two apart (the blank page appears only
    during layout), so the page after a blank page loses its page-number boxes here. Nothing else in a
    notice follows a blank page.
    """
    from .pdf import render_document
    from .wpffi import import_weasyprint

    # First WeasyPrint with its cached FFI table (toolkit.render.wpffi): importing one of its modules before
    # would import it the plain way, parsing its C declarations and probing for libraries (~0.5–0.9 s).
    import_weasyprint()
    from weasyprint.formatting_structure.boxes import MarginBox

    document = render_document(html)
    for before, page in zip(document.pages, document.pages[1:], strict=False):
        box = getattr(page, "_page_box", None)
        if box is not None and before._page_box.page_type.blank:
            box.children = [c for c in box.children if not isinstance(c, MarginBox)]
    return document


def chunk_bounds(count: int, size: int) -> Sequence[tuple[int, int]]:
    """Item ranges of at most ``size`` items covering ``count`` items.

    >>> chunk_bounds(5, 2)
    [(0, 2), (2, 4), (4, 5)]
    """
    return [(a, min(a + size, count)) for a in range(0, count, max(size, 1))]
