"""The 调整对照表 as a self-contained HTML page, and the same table typeset as PDF with WeasyPrint.

Cell text is untrusted: Jinja2 autoescapes everything, the page loads nothing from outside (CSS inlined,
filter done in CSS with radio buttons), and the PDF is rendered through toolkit.render.pdf, whose URL
fetcher refuses every resource outside the templates folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .. import __version__
from ..fsutil import atomic_output
from ..render.pdf import TEMPLATES_DIR, html_to_pdf
from .core import ADDED, CHANGED, REMOVED, UNCHANGED, Diff
from .table import Row, table_rows

TEMPLATE = "diff.html.j2"
SCREEN_CSS = "diff.css"
PRINT_CSS = "diff-print.css"
TITLE = "权责清单调整对照表"

_TAGS = {"delete": "del", "insert": "ins"}


def segment(kind: str, text: str) -> Markup:
    """One piece of a cell as escaped HTML: deletions in <del>, insertions in <ins>, labels in bold."""
    if kind in _TAGS:
        tag = _TAGS[kind]
        return Markup(f"<{tag}>%s</{tag}>") % text
    if kind == "head":
        return Markup('<span class="head">%s</span>') % text
    return Markup("%s") % text


def _env(templates: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(["html", "j2", "html.j2"], default_for_string=True, default=True),
        undefined=StrictUndefined,
        trim_blocks=False,
    )
    env.globals["segment"] = segment
    return env


def render_html(
    d: Diff,
    *,
    show_format: bool = False,
    for_print: bool = False,
    title: str = TITLE,
    templates: Path = TEMPLATES_DIR,
    rows: list[Row] | None = None,
    reason_header: str = "调整理由",
    draft: str = "",
    summary_text: str = "",
    head: bool = True,
    tail: bool = True,
) -> str:
    """The report page as a string; ``for_print`` leaves out the screen CSS and the filter controls.
    ``rows`` (default :func:`table_rows`): rows whose 调整理由 toolkit.adjust filled; ``draft``: a line
    saying the report is a draft and why (printed above the table). ``head``/``tail``: the title block and
    the closing line (a table laid out in parts has the first only in its first part, the second in its last).

    >>> "<ins>" in render_html(diff("旧.xlsx", "新.xlsx"))  # doctest: +SKIP
    True
    """
    rows = rows if rows is not None else table_rows(d, show_format=show_format)
    counts = {k: sum(1 for r in rows if r.kind == k) for k in (ADDED, REMOVED, CHANGED, UNCHANGED)}
    # Our own stylesheet, inlined: Markup keeps autoescape from turning its quotes into entities.
    css = "" if for_print else Markup((templates / SCREEN_CSS).read_text(encoding="utf-8"))
    context: dict[str, Any] = {
        "title": title,
        "version": __version__,
        "old": _revision(d.old),
        "new": _revision(d.new),
        "summary": d.summary(),
        "counts": counts,
        "rows": rows,
        "keep": [_short(r) for r in rows],
        "show_format": show_format,
        "interactive": not for_print,
        "css": css,
        "reason_header": reason_header,
        "draft": draft,
        "summary_text": summary_text,
        "head": head,
        "tail": tail,
    }
    return _env(templates).get_template(TEMPLATE).render(**context)


# A row whose longest text cell is under this many characters fits in well under half a printed page
# (the 调整前/调整后 columns hold ~20 characters a line at 9 pt, ~38 lines a page): such rows are kept whole
# when printed; longer ones may cross a page, or every page before them would end half empty.
KEEP_WHOLE_CHARS = 300


def _short(row: Row) -> bool:
    return max(sum(len(text) for _, text in row.before), sum(len(text) for _, text in row.after)) < KEEP_WHOLE_CHARS


def write_html(
    d: Diff, path: str | Path, *, force: bool = False, show_format: bool = False, rows: list[Row] | None = None
) -> Path:
    """Write the self-contained HTML report atomically."""
    path = Path(path)
    html = render_html(d, show_format=show_format, rows=rows)
    with atomic_output(path, force=force, inputs=_inputs(d)) as tmp:
        tmp.write_text(html, encoding="utf-8")
    return path


def print_css(templates: Path = TEMPLATES_DIR) -> str:
    """The PDF stylesheet with the CJK faces the render module resolves (Noto CJK when nothing better)."""
    css = (templates / PRINT_CSS).read_text(encoding="utf-8")
    body, head = '"Noto Serif CJK SC", serif', '"Noto Sans CJK SC", sans-serif'
    try:
        from ..render.fonts import resolve_fonts

        fonts = resolve_fonts()
        body, head = fonts["song"].css_family, fonts["hei"].css_family
    except Exception:  # no fontconfig answer: keep the Noto defaults installed by setup.sh
        pass
    return css + f"\nbody {{ font-family: {body}; }}\nh1, th {{ font-family: {head}; }}\n"


def write_pdf(
    d: Diff, path: str | Path, *, force: bool = False, show_format: bool = False, rows: list[Row] | None = None
) -> Path:
    """Typeset the report as an A4 landscape PDF (header row repeated, CJK fonts embedded), atomically."""
    html = render_html(d, show_format=show_format, for_print=True, rows=rows)
    return html_to_pdf(html, path, stylesheets=[print_css()], force=force, inputs=_inputs(d))


def _revision(pl) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {
        "name": pl.source.path.name if pl.source.path else "清单",
        "doc_number": pl.notice.doc_number,
        "date": pl.notice.date,
    }


def _inputs(d: Diff) -> tuple[Path, ...]:
    return tuple(p for p in (d.old.source.path, d.new.source.path) if p)
