"""Turn a published list (.txt copied out of Word, .docx, .xlsx/.xls) into a PowerList."""

from __future__ import annotations

from pathlib import Path

from ..errors import ImportFormatError, NotAWorkbookError, UnsupportedFormatError
from ..fsutil import check_input
from ..limits import check_file_size, check_zip
from ..model import PowerList
from .html import looks_like_html, read_html_table, refuse_xml_spreadsheet
from .word_text import read_text, read_text_file
from .xlsx import read_workbook, sniff_format

__all__ = ["import_file", "read_text"]

_WORKBOOK_KINDS = ("xlsx", "xls", "ods", "encrypted", "broken-zip", "broken-ole")
_WHAT = {
    "text": "纯文本",
    "binary": "图片或其他二进制文件",
    "pdf": "PDF 文件",
    "docx": "Word 文档",
    "doc": "旧版 Word 文档",
    "zip": "压缩包",
    "xlsx": "Excel 工作簿",
    "xls": "旧版 Excel 工作簿",
}


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
        check_zip(path)
    elif kind in ("text", "binary"):
        check_file_size(path)
    if kind == "text" and looks_like_html(path):
        return read_html_table(path)  # a web system's "Excel export": an HTML table named .xls
    if kind == "text":
        refuse_xml_spreadsheet(path)
    claimed = {".xlsx": "Excel 工作簿", ".xlsm": "Excel 工作簿", ".xls": "Excel 工作簿", ".docx": "Word 文档"}
    if suffix in claimed and kind in ("text", "binary", "pdf", "zip", "empty"):
        what = "空文件（0 字节）" if kind == "empty" else _WHAT.get(kind, "其他类型的文件")
        raise NotAWorkbookError(
            f"文件扩展名是 {suffix}，但内容不是{claimed[suffix]}，而是{what}。",
            path=path,
            hint="请确认选对了文件，或在 Excel/WPS/Word 中打开后重新保存。",
        )
    if kind == "docx":
        from .docx import read_docx

        return read_docx(path)
    if kind in _WORKBOOK_KINDS:
        return read_workbook(path, strict=False)
    if kind == "doc":
        raise UnsupportedFormatError(
            "旧版 Word .doc 文件无法直接导入。", path=path, hint="请在 Word 或 WPS 中打开，另存为 .docx 后再导入。"
        )
    if kind == "empty":
        raise ImportFormatError("文件是空的（0 字节）。", path=path)
    if kind in ("pdf", "zip", "binary"):
        raise NotAWorkbookError(
            f"不支持导入{_WHAT[kind]}（支持 .txt、.docx、.xlsx、.xls）。",
            path=path,
            hint="PDF 请先在 WPS 中转换为 Word；也可以把表格文字复制到 .txt 文件后导入。",
        )
    return read_text_file(path)
