"""Import a notice copied out of Word as plain text (the seed's format).

In such text a table cell starts on a line that begins with a TAB; the lines after it, up to the next
TAB-started line, are further paragraphs of the same cell. The preamble before the table holds the notice
fields. Rows are not marked, so they are recovered from the header: the first header row ends at the first
empty cell (the vertically merged 序号/权力分类 leave row 2 starting empty), the second ends before the first
data 序号, and every data row has as many cells as the second header row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import ImportFormatError
from ..model import COLUMN_NAMES, PowerList, Source, clean_cell, match_column, normalize_header
from ..tablegrid import content_findings
from .preamble import is_trailer_line, parse_preamble, parse_trailer

_GROUPS = {"权力清单", "责任清单"}


@dataclass
class _Cell:
    lines: list[str]
    line_no: int  # 1-based line number in the source text

    @property
    def text(self) -> str:
        return clean_cell("\n".join(self.lines))


def read_text(text: str, *, path: Path | None = None) -> PowerList:
    """Parse text copied out of Word into a :class:`PowerList`.

    >>> pl = read_text(open("tests/fixtures/seed.txt", encoding="utf-8").read())  # doctest: +SKIP
    >>> pl.notice.doc_number  # doctest: +SKIP
    '兴保发〔2022〕1号'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    first_tab = next((i for i, line in enumerate(lines) if line.startswith("\t")), None)
    if first_tab is None:
        raise ImportFormatError(
            "文本中没有找到表格：从 Word 复制的表格中，每个单元格应以制表符（Tab）开头。",
            path=path,
            hint="请在 Word 中全选表格后复制，粘贴到纯文本文件；或直接导入 .docx 文件。",
        )
    notice = parse_preamble(lines[:first_tab])
    cells = _cells(lines, first_tab)
    parse_trailer(_split_trailer(cells[-1]), notice)
    header_names, data_start, width = _split_header(cells, path)
    items: list[dict[str, str]] = []
    rows_at: list[int] = []
    data = cells[data_start:]
    for start in range(0, len(data), width):
        chunk = data[start : start + width]
        if len(chunk) < width - 1:
            raise ImportFormatError(
                f"第 {chunk[0].line_no} 行开始的表格行只有 {len(chunk)} 个单元格，应有 {width} 个：表格可能没有完整复制。",
                path=path,
            )
        record = {name: "" for name in COLUMN_NAMES}
        for name, cell in zip(header_names, chunk, strict=False):  # the last row may lack its last cell
            if name:
                record[name] = cell.text
        if not any(record.values()):
            continue
        items.append(record)
        rows_at.append(chunk[0].line_no)
    pl = PowerList.from_records(items, notice)
    pl.rows = [None] * len(items)
    pl.source = Source(path=path, sheet="", header_rows=(), letters={})
    pl.source_lines = rows_at  # type: ignore[attr-defined]
    cols = pl.columns
    pl.warnings.extend(content_findings([list(pl.items[c]) for c in cols], cols, {}, pl.rows, ""))
    return pl


def _split_trailer(last: _Cell) -> list[str]:
    """Remove and return the 版记 (抄送, 印发) that Word's text puts after the table's last cell."""
    for j, line in enumerate(last.lines[1:], start=1):
        if is_trailer_line(line):
            trailer = last.lines[j:]
            del last.lines[j:]
            return trailer
    return []


def read_text_file(path: str | Path) -> PowerList:
    """Read a .txt copied out of Word, saved as UTF-8, GBK/GB18030 or UTF-16 (Notepad's "Unicode")."""
    path = Path(path)
    raw = path.read_bytes()
    # Notepad saves "Unicode" as UTF-16 with a byte-order mark; GBK would decode some of it as garbage.
    encodings = ("utf-16",) if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "gb18030")
    for enc in encodings:
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFormatError("无法识别文本文件的编码（应为 UTF-8 或 GBK）。", path=path)
    return read_text(text, path=path)


def _cells(lines: list[str], first: int) -> list[_Cell]:
    cells: list[_Cell] = []
    for i in range(first, len(lines)):
        line = lines[i]
        if line.startswith("\t"):
            cells.append(_Cell([line[1:]], i + 1))
        else:
            cells[-1].lines.append(line)
    # Word puts the text after the table (版记, notes) after the last cell; nothing to strip here because
    # the seed ends inside the table. A trailing 版记 is recognised by the preamble parser's patterns.
    return cells


def _split_header(cells: list[_Cell], path: Path | None) -> tuple[list[str | None], int, int]:
    texts = [c.text for c in cells]
    first_data = next((i for i, t in enumerate(texts) if t in ("1", "1．", "1.")), None)
    if first_data is None:
        raise ImportFormatError("表格中找不到第 1 项（序号为 1 的单元格）。", path=path)
    header = texts[:first_data]
    two_rows = any(normalize_header(t) in _GROUPS for t in header)
    if two_rows:
        end1 = next((i for i, t in enumerate(header) if not t), len(header))
        row1, row2 = header[:end1], header[end1:]
        standalone = [t for t in row1 if normalize_header(t) not in _GROUPS]
        names: list[str | None] = []
        for t in row2:
            if t:
                names.append(match_column(t))
            else:
                names.append(match_column(standalone.pop(0)) if standalone else None)
    else:
        names = [match_column(t) for t in header]
    width = len(names)
    found = [n for n in names if n]
    if len(found) < 3:
        raise ImportFormatError(
            f"无法识别表头：只认出 {len(found)} 个标准列名（{'、'.join(found) or '无'}）。", path=path
        )
    return names, first_data, width
