"""Turn a published list (.txt copied out of Word, .docx, .xlsx/.xls) into a PowerList."""

from __future__ import annotations

from pathlib import Path

from ..errors import NotAWorkbookError, UnsupportedFormatError
from ..fsutil import check_input
from ..model import PowerList
from ..workbook import read_workbook, sniff_format
from .word_text import read_text, read_text_file

__all__ = ["import_file", "read_text"]


def import_file(src: str | Path) -> PowerList:
    """Read a published list in any supported format.

    >>> pl = import_file("../shared/seed/000_53ccd9a3c9b24361.txt")  # doctest: +SKIP
    >>> len(pl)  # doctest: +SKIP
    5
    """
    path = check_input(src)
    kind = sniff_format(path)
    if kind == "docx":
        from .docx import read_docx

        return read_docx(path)
    if kind in ("xlsx", "xls", "encrypted", "broken-zip", "broken-ole"):
        return read_workbook(path, strict=False)
    if kind == "doc":
        raise UnsupportedFormatError(
            "旧版 Word .doc 文件无法直接导入。", path=path,
            hint="请在 Word 或 WPS 中打开，另存为 .docx 后再导入。")
    if kind in ("pdf", "zip"):
        raise NotAWorkbookError(
            "不支持导入该类型的文件（支持 .txt、.docx、.xlsx、.xls）。", path=path,
            hint="PDF 请先在 WPS 中转换为 Word，或复制表格文字到 .txt 文件。")
    return read_text_file(path)
