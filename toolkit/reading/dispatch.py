"""Which reader takes a file: its content decides, not its name (a web page named .xls, an .xlsx named .xls).

>>> SUPPORTED.split("、")[0]
'.txt（从 Word 或网页复制的文字）'
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ImportFormatError, NotAWorkbookError, QzqdError, UnsupportedFormatError
from ..fsutil import check_input
from ..limits import check_file_size, check_zip
from ..model import PowerList
from .csv_file import read_csv
from .html import looks_like_html, read_html_table, refuse_xml_spreadsheet
from .mht import looks_like_mht, read_mht
from .textfile import decode_text
from .web_text import is_tab_table, read_web_text
from .word_text import read_text
from .xlsx import read_workbook, sniff_format

__all__ = ["import_file", "read_text"]

_WORKBOOK_KINDS = ("xlsx", "xls", "ods", "encrypted", "broken-zip", "broken-ole")
_WHAT = {
    "text": "纯文本文件",
    "binary": "图片或其他二进制文件",
    "pdf": "PDF 文件",
    "docx": "Word 文档",
    "doc": "旧版 Word 文档",
    "zip": "压缩包",
    "xlsx": "Excel 工作簿",
    "xls": "旧版 Excel 工作簿",
}


SUPPORTED = ".txt（从 Word 或网页复制的文字）、.docx、.xlsx、.xls、.ods、.csv、.html、.mht"


def import_file(src: str | Path) -> PowerList:
    """Read a published list in any supported format (the file's content decides, not its name).

    >>> pl = import_file("tests/fixtures/seed.txt")  # doctest: +SKIP
    >>> len(pl), pl.notice.doc_number  # doctest: +SKIP
    (5, '兴保发〔2022〕1号')
    """
    path = check_input(src)
    kind = sniff_format(path)
    suffix = path.suffix.lower()
    # Measured before a parser sees it (toolkit.limits); workbooks are measured by the workbook reader.
    if kind == "docx":
        check_zip(path, parsed_whole=("word/document.xml",))
    elif kind in ("text", "binary"):
        check_file_size(path, parsed_whole=True)
    if kind == "text":
        with path.open("rb") as fh:
            head = fh.read(4096)
        if looks_like_mht(head):
            return read_mht(path)  # a page saved as a single file (.mht), or Word's "单个文件网页"
        if looks_like_html(path):
            return read_html_table(path)  # a saved page, or a web system's "Excel export" named .xls
        refuse_xml_spreadsheet(path)
    claimed = {".xlsx": "Excel 工作簿", ".xlsm": "Excel 工作簿", ".xls": "Excel 工作簿", ".docx": "Word 文档"}
    if suffix in claimed and kind in ("text", "binary", "pdf", "zip", "empty"):
        what = "空文件（0 字节）" if kind == "empty" else _WHAT.get(kind, "其他类型的文件")
        raise NotAWorkbookError(
            f"文件扩展名是 {suffix}，但内容不是 {claimed[suffix]}，而是{what}。",
            path=path,
            hint="请确认选对了文件，或在 Excel/WPS/Word 中打开后重新保存。",
        )
    if kind == "docx":
        from .docx import read_docx

        return read_docx(path)
    if kind in _WORKBOOK_KINDS:
        if suffix in (".et", ".ett"):
            return _read_wps_sheet(path)
        return read_workbook(path, strict=False)
    if kind == "doc":
        if suffix in (".wps", ".wpt"):
            raise UnsupportedFormatError(
                "WPS 文字文件（.wps）无法直接导入。",
                path=path,
                hint="请在 WPS 中打开，选择“文件→另存为”，文件类型选“Word 文档（*.docx）”，再导入 .docx 文件。",
            )
        raise UnsupportedFormatError(
            "旧版 Word .doc 文件无法直接导入。", path=path, hint="请在 Word 或 WPS 中打开，另存为 .docx 后再导入。"
        )
    if kind == "empty":
        raise ImportFormatError("文件是空的（0 字节）。", path=path)
    if kind in ("pdf", "zip", "binary"):
        raise NotAWorkbookError(
            f"不支持导入{_WHAT[kind]}（支持 {SUPPORTED}）。",
            path=path,
            hint="PDF 请先在 WPS 中转换为 Word；也可以把表格文字复制到 .txt 文件后导入。",
        )
    if suffix in (".csv", ".tsv"):
        return read_csv(path)
    return read_plain_text(path)


def read_plain_text(path: Path) -> PowerList:
    """A .txt: text copied out of Word (a TAB starts each cell's line) or out of a web page (TABs between the
    cells of a row, or one cell a line)."""
    text = decode_text(path.read_bytes(), path)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    word = any(line.startswith("\t") for line in lines) and not is_tab_table(lines)
    if word:
        return read_text(text, path=path)
    return read_web_text(text, path=path)


def _read_wps_sheet(path: Path) -> PowerList:
    try:
        return read_workbook(path, strict=False)
    except QzqdError as exc:
        raise UnsupportedFormatError(
            "WPS 表格文件（.et）无法直接读取。",
            path=path,
            hint="请在 WPS 中打开，选择“文件→另存为”，文件类型选“Excel 工作簿（*.xlsx）”，再导入 .xlsx 文件。",
        ) from exc
