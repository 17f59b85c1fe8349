"""Import a list exported by a web system as an HTML table saved under an .xls name.

Many online government systems (政务服务网, 权责清单管理系统) offer "导出 Excel" that writes an HTML page with a
``<table>`` and names it ``.xls``; Excel and WPS open it with a warning, calamine cannot read it. Its table is
turned into a grid (``rowspan``/``colspan`` as merged ranges, ``<br>`` and block elements as paragraph
breaks) and read by :func:`toolkit.reading.grid.grid_to_list` like a worksheet or a Word table.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..errors import ImportFormatError, UnsupportedFormatError
from ..model import Finding, PowerList, Source
from .banners import banner, department, title_category
from .cells import clip
from .docx_text import int_value
from .grid import Merge, detect_header, grid_to_list

_HTML_START = re.compile(
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|table|meta|style|title|link|div|p)\b",
    re.I | re.S,
)
_BLOCKS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}


def looks_like_html(path: Path) -> bool:
    """Whether the file starts like an HTML page (what web systems export as "Excel").

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "x.xls")
    >>> _ = Path(p).write_bytes(b"<html><body><table></table></body></html>")
    >>> looks_like_html(Path(p))
    True
    """
    with path.open("rb") as fh:
        head = fh.read(4096)
    head = head.removeprefix(b"\xef\xbb\xbf")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", "ignore").encode("utf-8")
    return bool(_HTML_START.match(head))


_SEGMENT_BREAK = "\x1f"  # stands for a line break in the page source until its neighbours are known
_CJK_RE = r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"


def _source_text(text: str) -> str:
    # Runs of white space in the page source are layout: one space, or a marked line break.
    text = re.sub(r"[ \t\r\f]*\n[ \t\r\n\f]*", _SEGMENT_BREAK, text)
    return re.sub(r"[ \t\r\f]+", " ", text)


def refuse_xml_spreadsheet(path: Path) -> None:
    """Raise a Chinese error for an "XML 表格 2003" workbook (Excel's old XML format, often named .xls)."""
    with path.open("rb") as fh:
        if b"urn:schemas-microsoft-com:office:spreadsheet" not in fh.read(4096):
            return
    raise UnsupportedFormatError(
        "这是 Excel 2003 的 XML 表格格式，qzqd 不能直接读取。",
        path=path,
        hint="请在 Excel 或 WPS 中打开，“另存为”→“Excel 工作簿（*.xlsx）”后再使用。",
    )


def _cell_text(cell: Any) -> str:
    """A cell's text as a browser shows it: ``<br>`` and blocks make paragraphs; line breaks in the page
    source do not (between Chinese characters they vanish, elsewhere they are a space)."""
    parts: list[str] = []

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("script", "style"):
            return
        if tag == "br" or (tag in _BLOCKS and parts and not parts[-1].endswith("\n")):
            parts.append("\n")
        if el.text:
            parts.append(_source_text(el.text))
        for child in el:
            walk(child)
            if child.tail:
                parts.append(_source_text(child.tail))
        if tag in _BLOCKS:
            parts.append("\n")

    walk(cell)
    text = "".join(parts).replace("\xa0", " ")
    text = re.sub(rf"(?<={_CJK_RE}){_SEGMENT_BREAK}+(?={_CJK_RE})", "", text)
    text = re.sub(rf"[ {_SEGMENT_BREAK}]+", " ", text)
    return "\n".join(line.strip(" ") for line in text.split("\n"))


def html_grid(table: Any) -> tuple[list[list[str]], list[Merge]]:
    """The cell texts of an HTML table on its grid and its merged ranges (0-based, inclusive)."""
    grid: dict[tuple[int, int], str] = {}
    taken: set[tuple[int, int]] = set()
    merges: list[Merge] = []
    rows = [tr for tr in table.iter("tr") if tr.getparent() is table or tr.getparent().getparent() is table]
    for r, tr in enumerate(rows):
        last_row = len(rows) - 1  # a rowspan reaching past the table's end stops there, as in a browser
        c = 0
        for cell in tr:
            if not isinstance(cell.tag, str) or cell.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rowspan = min(max(1, int_value(cell.get("rowspan"), 1)), last_row - r + 1)
            colspan = max(1, int_value(cell.get("colspan"), 1))
            grid[(r, c)] = _cell_text(cell)
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            if rowspan > 1 or colspan > 1:
                merges.append(((r, c), (r + rowspan - 1, c + colspan - 1)))
            c += colspan
    if not taken:
        return [], []
    height = max(r for r, _ in taken) + 1
    width = max(c for _, c in taken) + 1
    return [[grid.get((r, c), "") for c in range(width)] for r in range(height)], merges


_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


def _decode(data: bytes) -> str:
    """The page's text. Pages that declare gb2312 are usually GBK (characters such as “镕” or “—” beyond
    GB2312), so the Chinese code pages are read as GB18030, which contains them all."""
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(codec, "replace").lstrip("\ufeff")
    try:
        return data.decode("utf-8")  # valid UTF-8 is UTF-8, whatever the page declares (copied templates lie)
    except UnicodeDecodeError:
        pass
    m = _CHARSET_RE.search(data[:4096])
    declared = m.group(1).decode("ascii", "ignore").lower() if m else ""
    if declared in ("gb2312", "gbk", "gb18030", "x-gbk", "cp936"):
        return data.decode("gb18030", "replace")
    try:
        return data.decode(declared or "utf-8")
    except (LookupError, UnicodeDecodeError):
        return data.decode("gb18030", "replace")


def read_html_table(path: str | Path) -> PowerList:
    """Read the list from an HTML page or "Excel export" (:func:`read_html_text` on the file's text).

    >>> read_html_table("导出.xls").records()[0]["权力分类"]  # doctest: +SKIP
    '行政检查'
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFormatError(f"网页文件无法读取（{exc}）。", path=path) from exc
    return read_html_text(decode_html(data), path=path)


def decode_html(data: bytes) -> str:
    """The text of a page's bytes, by its byte-order mark, UTF-8 or its declared Chinese code page."""
    return _decode(data)


def read_html_text(text: str, *, path: Path | None = None) -> PowerList:
    """Read the list from a page's tables: the first table with the list's header (or cards), and the later
    tables that continue it with the same header (a page per category, a table per page). A heading above a
    table that names a category (“二、行政处罚（共23项）”) fills the 权力分类 of that table's items, as a banner
    row would; a line above the list naming the unit (“填报单位：县交通运输局”) or a title naming the
    category (“…行政许可事项清单”) counts as the rows above a worksheet's header do. A later table that is a
    list with another header is named (QZ013), another table holding text is reported (QZ009): never
    dropped silently.

    >>> html = "<table><tr><td>序号</td><td>权力类型</td><td>事项名称</td><td>实施依据</td></tr>"
    >>> html += "<tr><td>1</td><td>行政许可</td><td>甲</td><td>《法》</td></tr></table>"
    >>> read_html_text(html).column("项目名称")
    ['甲']
    """
    import lxml.html

    from .cards import cards_grid

    try:
        # lxml refuses str input that still carries an XML encoding declaration
        root = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", text) or "<html></html>")
    except (ValueError, lxml.etree.ParserError) as exc:
        raise ImportFormatError(f"网页格式的文件无法解析（{exc}）。", path=path) from exc
    grid: list[list[str]] | None = None
    merges: list[Merge] = []
    header_labels: list[str] = []
    others: list[str] = []
    lists: list[str] = []
    before: list[str] = []
    notes: list[str] = []
    joined = 0
    lines: list[str] = []  # the page's lines since the previous table
    n = 0
    for kind, part in _page_parts(root):
        if kind == "line":
            lines.append(part)
            continue
        table = part
        n += 1
        above, lines = lines, []
        rows, table_merges = html_grid(table)
        if not any(any(c.strip() for c in r) for r in rows):
            continue
        caption = _caption(table)
        header = detect_header(rows, table_merges)
        if grid is None:
            if header is not None:
                top = [[line] for line in above if department(line) or title_category(line)]
                grid, merges = _shift(rows, table_merges, len(top), top)
                header_labels = _header_labels(rows, header)
                heading = _heading(caption, above)
                if heading:
                    _insert_banner(grid, merges, len(top) + header.rows[-1] + 1, heading)
            elif cards_grid(rows) is not None:
                # Cards: the page's lines around them count (an item's name above its card), and every
                # later table is a further card.
                grid, merges = _document_rows(root), []
                break
            else:
                before.append(f"第 {n} 个表格（{_table_text(rows)}）")  # page chrome: 索引号, 发布机构 …
            continue
        if header is not None and _header_labels(rows, header) == header_labels:
            start = header.rows[-1] + 1
            heading = _heading(caption, above)
            for r in range(header.rows[0]):  # rows above a later part's header: its heading, or named
                cells = list(dict.fromkeys(c.strip() for c in rows[r] if c.strip()))
                if len(cells) == 1 and banner(cells[0]):
                    heading = cells[0]
                elif cells:
                    notes.append(f"网页中第 {n} 个表格表头上方的“{clip('　'.join(cells))}”是标题或说明，已略过。")
            if heading:
                _insert_banner(grid, merges, len(grid), heading)
            offset = len(grid) - start
            grid.extend(rows[start:])
            merges.extend(((r1 + offset, c1), (r2 + offset, c2)) for (r1, c1), (r2, c2) in table_merges if r1 >= start)
            joined += 1
            continue
        named = _named_table(n, caption or (above[-1] if above else ""), rows)
        if header is not None or cards_grid(rows) is not None:
            lists.append(named)
        else:
            others.append(named)
    if grid is None:
        raise ImportFormatError(
            "这是网页（HTML）格式的文件，但其中没有找到清单表格（表头应包含“序号”“权力分类”“项目名称”等列名）。",
            path=path,
            hint="请在 Excel 或 WPS 中打开，“另存为”.xlsx 后再导入。",
        )
    pl = grid_to_list(grid, merges=merges, path=path, sheet="", strict=False, where="网页表格", excel_refs=False)
    pl.rows = [None] * len(pl)
    pl.source = Source(path=path, sheet="", header_rows=(), letters={}, notice_sheet=None)
    if joined:
        pl.warnings.append(
            Finding("QZ012", "info", f"网页中后面 {joined} 个表格的表头与第一个相同，已接在清单后面读取。")
        )
    for what in before:
        pl.warnings.append(Finding("QZ004", "info", f"网页中清单前面的{what}不是清单，已略过。"))
    for note in notes:
        pl.warnings.append(Finding("QZ004", "info", note))
    if lists:
        pl.warnings.append(
            Finding(
                "QZ013",
                "warning",
                f"网页中还有 {len(lists)} 个表格也像一份清单，但表头与已读取的清单表格不同，没有读取："
                f"{'；'.join(lists)}。请把它们分别存为单独的文件（或复制到 Excel，每个工作簿一份清单）再逐个导入；"
                "若它们与已读取的表格是同一份清单，请把表头改得一致后重新导入。",
            )
        )
    for what in others:
        pl.warnings.append(
            Finding("QZ009", "warning", f"网页中的{what}不是清单的接续（表头不同），没有导入；请核对是否需要。")
        )
    return pl


def _named_table(n: int, caption: str, rows: list[list[str]]) -> str:
    """A table as a finding names it: its position, its heading (if any) and the start of its text."""
    heading = f"，标题“{clip(caption)}”" if caption else ""
    return f"第 {n} 个表格{heading}（{_table_text(rows, 80)}）"


def _caption(table: Any) -> str:
    cap = table.find("caption")
    return _cell_text(cap).strip().replace("\n", " ") if cap is not None else ""


_DECORATED_RE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|\d{1,2}\s*[、.．]|第.{1,3}[部分类])"
    r"|[（(]?\s*[共计]\s*\d+\s*项|[：:]"
)


def _heading(caption: str, above: list[str]) -> str:
    """The category heading of a table: its caption, else the nearest line above it (since the previous
    table) that reads as a numbered or labelled banner (“二、行政处罚（共23项）”, “职权类别：行政征收”). A bare
    category word is not taken from the page: a menu of categories (行政许可 / 行政处罚 …) stands there too."""
    if caption and banner(caption):
        return caption
    return next((line for line in reversed(above) if banner(line) and _DECORATED_RE.search(line)), "")


def _shift(
    rows: list[list[str]], merges: list[Merge], by: int, top: list[list[str]]
) -> tuple[list[list[str]], list[Merge]]:
    """``top`` rows put above a table's grid, its merged ranges moved down."""
    return [*top, *rows], [((r1 + by, c1), (r2 + by, c2)) for (r1, c1), (r2, c2) in merges]


def _insert_banner(grid: list[list[str]], merges: list[Merge], at: int, text: str) -> None:
    """A banner row (the heading's text in the first cell) inserted before grid row ``at``."""
    grid.insert(at, [text])
    merges[:] = [((r1 + (r1 >= at), c1), (r2 + (r2 >= at), c2)) for (r1, c1), (r2, c2) in merges]


def _page_parts(root: Any) -> list[tuple[str, Any]]:
    """The page in reading order: ("line", text) for each line outside the tables, ("table", element) for
    each table that holds no other table (layout tables around the list are looked into)."""
    parts: list[tuple[str, Any]] = []

    def add(text: str | None) -> None:
        if text and text.strip():
            parts.extend(("line", line.strip()) for line in _source_text(text).split(_SEGMENT_BREAK) if line.strip())

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("script", "style", "head", "title"):
            return
        if tag == "table" and not any(t is not el for t in el.iter("table")):
            parts.append(("table", el))
            return
        if tag in _BLOCKS and not any(True for _ in el.iter("table")):
            text = _cell_text(el).strip()
            parts.extend(("line", line.strip()) for line in text.split("\n") if line.strip())
            return
        add(el.text)
        for child in el:
            walk(child)
            add(child.tail)

    walk(root)
    return parts


def _document_rows(root: Any) -> list[list[str]]:
    """The page in reading order as rows: each line of text outside the tables a row of one cell, then each
    table's rows."""
    rows: list[list[str]] = []

    def walk(el: Any) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("script", "style", "head", "title"):
            return
        if tag == "table":
            rows.extend(html_grid(el)[0])
            return
        if tag in _BLOCKS and not any(True for _ in el.iter("table")):
            text = _cell_text(el).strip()
            rows.extend([line] for line in text.split("\n") if line.strip())
            return
        for child in el:
            walk(child)

    walk(root)
    return rows


def _table_text(rows: list[list[str]], limit: int = 300) -> str:
    """A table's cell texts in one line, to name it in a finding (a page's chrome is said, not dropped)."""
    text = "　".join(dict.fromkeys(c.strip().replace("\n", " ") for r in rows for c in r if c.strip()))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _outer_tables(root: Any) -> list[Any]:
    """The page's tables that are not inside another table (layout tables around the list are looked into)."""
    tables = list(root.iter("table"))
    inner = [t for t in tables if not any(True for _ in t.iter("table") if _ is not t)]
    return inner or tables


def _header_labels(rows: list[list[str]], header: Any) -> list[str]:
    if header is None:
        return []
    return [f"{col.kind}:{col.target}:{col.label}" for col in header.columns.values()]
