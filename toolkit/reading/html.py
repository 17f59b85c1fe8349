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
from ..model import PowerList, Source
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
    >>> _ = open(p, "wb").write(b"<html><body><table></table></body></html>")
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
    """Read the list from the first table of an HTML "Excel export" that has the standard header.

    >>> read_html_table("导出.xls").records()[0]["权力分类"]  # doctest: +SKIP
    '行政检查'
    """
    import lxml.html

    path = Path(path)
    try:
        # lxml refuses str input that still carries an XML encoding declaration
        text = re.sub(r"^\s*<\?xml[^>]*\?>", "", _decode(path.read_bytes()))
        root = lxml.html.document_fromstring(text)
    except (OSError, ValueError) as exc:
        raise ImportFormatError(f"网页格式的导出文件无法解析（{exc}）。", path=path) from exc
    for table in root.iter("table"):
        rows, merges = html_grid(table)
        if rows and detect_header(rows) is not None:
            pl = grid_to_list(
                rows, merges=merges, path=path, sheet="", strict=False, where="网页表格", excel_refs=False
            )
            pl.rows = [None] * len(pl)
            pl.source = Source(path=path, sheet="", header_rows=(), letters={}, notice_sheet=None)
            return pl
    raise ImportFormatError(
        "这是网页（HTML）格式的导出文件，但其中没有找到清单表格（表头应包含“序号”“权力分类”“项目名称”等列名）。",
        path=path,
        hint="请在 Excel 或 WPS 中打开，“另存为”.xlsx 后再导入。",
    )
