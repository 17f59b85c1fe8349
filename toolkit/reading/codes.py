"""The codes of the findings raised while reading a list (QZ001-QZ013), with their severity and docs.

The validator registers them as rules, so ``qzqd rules`` and docs/rules.md list them with the others.

>>> READ_CODES["QZ004"][0], READ_SUMMARIES["QZ004"][:7]
('info', '分组标题、注释')
"""

from __future__ import annotations

# Codes of the findings raised while reading (the validator lists them with its own rules).
READ_CODES: dict[str, tuple[str, str]] = {
    "QZ001": ("warning", "Header column outside the standard ones (kept as an extra column), or a duplicate one."),
    "QZ002": ("warning", "Cell holds a formula; its cached value was used."),
    "QZ003": ("warning", "A standard column is missing from the header; treated as empty."),
    "QZ004": ("info", "Row skipped as a section title, footnote or column-number row."),
    "QZ005": ("error", "Cell holds a formula without a cached value; it reads as empty."),
    "QZ006": ("error", "Cell text no workbook can hold (XML-forbidden control character or over 32,767 characters)."),
    "QZ007": ("warning", "The 发文信息 sheet is missing, found under another name, or has rows that were not read."),
    "QZ008": ("warning", "An item's row is hidden in the workbook; it is read, checked and typeset all the same."),
    "QZ009": ("warning", "Import: content placed by inference, kept without a header, or a table left out; check it."),
    "QZ010": ("warning", "Cells far outside the list (past a wide gap of empty rows or columns) were not read."),
    "QZ011": ("info", "No sheet is named 权责清单: the list was read from the sheet named in the finding."),
    "QZ012": ("info", "How a layout was read: banner rows, a department row, step rows folded, cards, split cells."),
    "QZ013": (
        "warning",
        "Other sheets of the workbook (or tables of a web page / Word file, with another header) hold a list too; "
        "only one was read, the others are named.",
    ),
}

# The same, in the words a clerk reads in `qzqd rules` (the findings themselves name the cell and the text).
READ_SUMMARIES: dict[str, str] = {
    "QZ001": "表头中有不属于标准 13 列的列（按原列名作为附加列保留），或同一列出现两次（后一列作为附加列保留）。",
    "QZ002": "单元格里是公式：读取的是 Excel 保存的计算结果。",
    "QZ003": "表头缺少某个标准列：按该列全部为空处理。",
    "QZ004": "分组标题、注释、落款或列序号行：已跳过，不作为事项。",
    "QZ005": "单元格里是公式但没有保存计算结果：读作空白，请在 Excel 中打开后保存。",
    "QZ006": "单元格含有工作簿不允许的控制字符，或超过 32767 个字符。",
    "QZ007": "“发文信息”工作表找不到、名称不同，或其中有没有读取的行（不认识的字段名、重复的字段）。",
    "QZ009": "导入时需要核对：某些内容是推断后归入的（如按写法拆分的“追责情形及追责依据”，按相同的序号和名称"
    "把连续几行合并为一个事项），某列没有列名，或 Word 文档中有表格没有并入清单。导入的退出码为 1。",
    "QZ010": "清单之外远处（隔着上千个空行或上百个空列）的单元格：没有读取，逐个列出，请删除或移入清单。",
    "QZ011": "没有名为“权责清单”的工作表：清单从表头可以识别的另一个工作表读取，提示中写明是哪一个。",
    "QZ012": "版式的读法：分组行（如“一、行政许可”）的内容填入其下事项，表格上方的填报单位填入实施主体，"
    "一个事项分几行写的办理环节合并为一个事项，卡片式表格，按“依据”字样拆分的单元格。",
    "QZ013": "工作簿中有几个工作表都像一份清单，或网页、Word 文档中有表头不同的几个清单表格：只读取了其中一个，"
    "其余的逐个列出（请分别存为单独的文件再导入；表头相同的几个表格作为同一清单的各部分一起读取）。"
    "导入的退出码为 1。",
    "QZ008": "事项所在的行在 Excel 中是隐藏的：仍作为事项读取；已取消的事项请删除这一行。",
}

# Findings that make `qzqd import` exit 1: something was placed by a guess, has no header to go by, or was
# not read (cells far outside the list, other sheets that hold a list too).
REVIEW_CODES = frozenset({"QZ009", "QZ010", "QZ013"})


def needs_review(pl: object) -> bool:
    """Whether an imported list holds something a clerk must check (a finding in :data:`REVIEW_CODES`).

    >>> from toolkit.model import Finding, PowerList
    >>> pl = PowerList.empty(); pl.warnings = [Finding("QZ009", "warning", "推断")]
    >>> needs_review(pl)
    True
    """
    return any(w.code in REVIEW_CODES for w in getattr(pl, "warnings", []))
