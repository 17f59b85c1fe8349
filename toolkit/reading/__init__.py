"""Reading published lists and master workbooks: every source form, every layout, one reader.

Where things live (one module per source form, one per layout rule):

- ``dispatch`` — :func:`import_file`: what a file really is (by content) and which reader takes it.
- ``xlsx`` — .xlsx, .xls and .ods through calamine (:func:`read_workbook`); ``xlsx_open`` — opening the file:
  sniffing what it really is, the refusals, the size check; ``notice_sheet`` — the 发文信息 sheet.
- ``sheetxml`` — what calamine does not give: formulas and hidden rows of an .xlsx, merges of an .ods.
- ``html`` — a web page or a web system's "Excel export" (an HTML table named .xls).
- ``docx`` / ``docx_text`` — a Word document's tables and paragraphs (numbering and tracked changes included).
- ``word_text`` — text copied out of Word (a TAB starts each table cell); ``preamble`` — the notice fields
  before the table and the 版记 after it.
- ``grid`` — any grid of cells (worksheet, Word or HTML table) into a :class:`~toolkit.model.PowerList`:
  header detection, merged cells, skipped rows, cell cleaning.
- ``numbering`` — the 序号 column as the number meant.
- ``codes`` — the codes of the findings raised while reading (QZ001–QZ009).

Nothing here imports the validator, the diff or the renderer: imports point one way, into the model.

>>> import toolkit.reading as reading
>>> reading.read_workbook("workbooks/xingan-2022.xlsx").notice.doc_number  # doctest: +SKIP
'兴保发〔2022〕1号'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .dispatch import import_file
    from .word_text import read_text
    from .xlsx import open_workbook, read_notice, read_workbook, sniff_format

# Public name -> module: imported on first use, so that importing one reading module (the writer needs
# grid's cell limits) does not pull in calamine, lxml and python-docx.
_LAZY = {
    "import_file": "dispatch",
    "read_text": "word_text",
    "read_workbook": "xlsx",
    "open_workbook": "xlsx",
    "read_notice": "xlsx",
    "sniff_format": "xlsx",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = ["import_file", "open_workbook", "read_notice", "read_text", "read_workbook", "sniff_format"]
