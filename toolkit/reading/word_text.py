"""Import a notice copied out of Word as plain text (the seed's format).

In such text a table cell starts on a line that begins with a TAB; the lines after it, up to the next
TAB-started line, are further paragraphs of the same cell (separated by blank lines). The preamble before the
table holds the notice fields. Rows are not marked, so they are found by content: a row starts where the
序号 sequence continues (the number as a whole cell, a category in the next cell), and the header (the cells
before item 1) gives the number of columns; the first header row ends at the first empty cell (the vertically
merged 序号/权力分类 leave row 2 starting empty). What stands between rows and belongs to no item (a
repeated header, a column-number row, a category heading, a note under the table) is skipped with a QZ004
note; a row whose cells still do not add up is refused, naming the item and line, rather than imported
shifted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ImportFormatError
from ..model import (
    CATEGORIES,
    LOCAL_CATEGORIES,
    Finding,
    PowerList,
    Source,
    clean_cell,
    normalize_header,
)
from .grid import clip, grid_to_list
from .preamble import is_trailer_line, parse_preamble, parse_trailer
from .textfile import decode_text
from .vocabulary import standard_column

_GROUPS = {"权力清单", "责任清单"}
_WS = " \t\u3000\u00a0"


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
    notes: list[Finding] = []
    parse_trailer(_split_after_table(cells[-1], notes), notice)
    first = _first_row(cells)
    if first is None:
        raise ImportFormatError(
            "表格中找不到第 1 项（序号为 1 的单元格，其后一个单元格为权力分类）。",
            path=path,
            hint="请确认复制了整个表格（含表头和全部事项）。",
        )
    head = cells[:first]
    _strip_tail(head, [], notes, where="表头下")
    header_labels, width = _split_header(head, path)
    anchors = _row_starts(cells, first, width)
    header_texts = [c.text for c in head]
    grid: list[list[str]] = [header_labels]
    rows_at: list[int] = []
    for k, a in enumerate(anchors):
        last = k == len(anchors) - 1
        row = cells[a : anchors[k + 1]] if not last else cells[a:]
        seq = row[0].text
        if len(row) > width:
            _strip_tail(row, header_texts, notes, where=f"第 {seq} 项后", keep=width)
        if len(row) > width:
            _join_stray_tabs(row, width, seq, notes, path)
        if len(row) < width - (1 if last else 0):  # Word's text may stop before the table's last (empty) cell
            raise ImportFormatError(
                f"第 {seq} 项（第 {row[0].line_no} 行起）只有 {len(row)} 个单元格，应有 {width} 个："
                "表格可能没有完整复制，或某个单元格开头的制表符（Tab）丢失了。",
                path=path,
                hint="请在 Word 中全选表格重新复制；或直接导入 .docx 文件。",
            )
        texts = [cell.text for cell in row] + [""] * (width - len(row))
        if not any(texts):
            continue
        grid.append(texts)
        rows_at.append(row[0].line_no)
    pl = grid_to_list(grid, path=path, sheet="", strict=False, where="表格", excel_refs=False)
    pl.notice = notice
    pl.rows = [None] * len(pl)
    pl.source = Source(path=path, sheet="", header_rows=(), letters={})
    pl.source_lines = rows_at  # type: ignore[attr-defined]
    pl.warnings[:0] = notes
    return pl


_CATEGORY_SET = frozenset((*CATEGORIES, *LOCAL_CATEGORIES))
_SEQ_RE = re.compile(r"\d+(?:\s*[-－—–]\s*\d+)*[.．、]?")  # 3, 3．, 3-1 (a sub-item)
_CATEGORY_NAMES = "|".join(sorted(_CATEGORY_SET, key=len, reverse=True))
# A category heading row (“一、行政强制（共1项）”, “二、行政检查类”) or a 续表 mark between parts of the table.
_HEADING_RE = re.compile(
    rf"^(?:[一二三四五六七八九十百]+\s*[、.．]\s*)?(?:{_CATEGORY_NAMES})类?\s*(?:[（(]\s*共?\s*\d+\s*项\s*[)）])?$"
    r"|^[（(]?\s*续\s*(?:表|上表|前表)?\s*[)）]?$"
)
# A note under the table: “注：…”, “注1：…”, “说明：…”, “备注：…”.
_NOTE_RE = re.compile(r"^(?:注\s*[\d１-９]*|说\s*明|备\s*注|附\s*注)\s*[：:]")


def _is_heading(text: str) -> bool:
    return bool(text) and "\n" not in text and _HEADING_RE.match(text.replace(" ", "")) is not None


def _first_row(cells: list[_Cell]) -> int | None:
    """Where item 1's row starts: a cell 序号 1 followed by a category (a column-number row 1 2 3 … is not)."""
    ones = [i for i in range(len(cells) - 1) if _SEQ_RE.fullmatch(cells[i].text) and _seq(cells[i].text) == 1]
    known = [i for i in ones if cells[i + 1].text in _CATEGORY_SET]
    other = [i for i in ones if cells[i + 1].text and not cells[i + 1].text.isdigit()]  # a local category
    return next(iter(known or other), None)


def _row_starts(cells: list[_Cell], first: int, width: int) -> list[int]:
    """Where each item's row starts: a 序号 as a whole cell, at least a row's worth of cells after the last
    start, followed by a category (or, for a category the list does not know, the next number).

    Rows are found by their content rather than by counting cells, so a paragraph inside a cell that happens
    to start with a TAB cannot shift every later cell into the wrong column (:func:`_join_stray_tabs`).
    """
    starts = [first]
    for i in range(first + 1, len(cells) - 1):
        text = cells[i].text
        if i - starts[-1] < width - 1 or not _SEQ_RE.fullmatch(text):
            continue
        if cells[i + 1].text in _CATEGORY_SET or _seq(text) == _seq(cells[starts[-1]].text) + 1:
            starts.append(i)
    return starts


def _seq(text: str) -> int:
    return int(re.match(r"\d+", text).group())  # type: ignore[union-attr]


def _strip_tail(row: list[_Cell], header: list[str], notes: list[Finding], *, where: str, keep: int = 0) -> None:
    """Remove what stands between two rows of the list and is not part of an item, with a QZ004 note each:
    a repeated header (a table continued on a new page or a second table), a column-number row (1 2 3 …),
    a category heading row, a note row. Only cells beyond ``keep`` (the row's own cells) are looked at."""
    n = len(header)
    while len(row) > keep:
        texts = [c.text for c in row]
        if n and len(row) - n >= keep and texts[-n:] == header:
            notes.append(_skip(f"{where}重复的表头（第 {row[-n].line_no} 行起），已跳过。"))
            del row[-n:]
            _drop_heading_lines(row[-1], notes)
            continue
        run = _number_run(texts, keep)
        if run:
            notes.append(_skip(f"{where}第 {row[-run].line_no} 行起是列序号行（1、2、3……），已跳过。"))
            del row[-run:]
            continue
        if _is_heading(texts[-1]) or _NOTE_RE.match(texts[-1]):
            notes.append(_skip(f"{where}第 {row[-1].line_no} 行（“{clip(texts[-1])}”）视为分组标题或注释，已跳过。"))
            del row[-1]
            continue
        break


def _number_run(texts: list[str], keep: int) -> int:
    """How many cells at the end are a column-number row 1, 2, 3 … m (0 if they are not)."""
    m = 0
    while m < len(texts) - keep and texts[len(texts) - 1 - m].isdigit():
        m += 1
    for run in range(m, 2, -1):  # at least 1 2 3: a lone number is a cell's content
        if texts[len(texts) - run :] == [str(n) for n in range(1, run + 1)]:
            return run
    return 0


def _drop_heading_lines(cell: _Cell, notes: list[Finding]) -> None:
    """A category heading typed as a paragraph between two tables lands at the end of the cell before it."""
    for j in range(1, len(cell.lines)):
        text = cell.lines[j].strip(_WS)
        if _is_heading(text) and not cell.lines[j - 1].strip(_WS):
            notes.append(_skip(f"第 {cell.line_no + j} 行（“{clip(text)}”）视为分组标题，已跳过。"))
            del cell.lines[j:]
            return


def _join_stray_tabs(row: list[_Cell], width: int, seq: str, notes: list[Finding], path: Path | None) -> None:
    """Give back to their cell the paragraphs that start with a TAB inside a cell (Word copies them so).

    Word's text separates the paragraphs of a cell by a blank line and starts the next cell right after the
    cell's last paragraph (a blank line itself when that paragraph is empty, so then two blank lines). A
    TAB-started line after one blank line that follows text is therefore a paragraph of the same cell. Only when exactly as many such lines as surplus cells are found is
    the row repaired; otherwise the row is refused, naming where it breaks.
    """
    surplus = len(row) - width
    stray = [i for i in range(2, len(row)) if _after_paragraph_break(row[i - 1].lines)]
    if len(stray) != surplus:
        lines = "、".join(str(row[i].line_no) for i in stray) or "（无法确定）"
        raise ImportFormatError(
            f"第 {seq} 项（第 {row[0].line_no} 行起）有 {len(row)} 个单元格，应有 {width} 个："
            f"可能是某个单元格中的段落以制表符（Tab）开头，被当成了新的单元格（可疑的行：第 {lines} 行）。"
            "为避免内容错位，没有导入。",
            path=path,
            hint="请删除这些行开头的制表符（单元格内的段落不要以 Tab 开头）后重新导入；或直接导入 .docx 文件。",
        )
    for i in reversed(stray):
        cell = row.pop(i)
        prev = row[i - 1]
        notes.append(
            Finding(
                "QZ009",  # placed by inference: the clerk checks it
                "warning",
                f"第 {cell.line_no} 行以制表符开头（“{clip(cell.text)}”），按第 {seq} 项上一单元格中的一段读取，"
                "不作为新的单元格；请核对。",
            )
        )
        prev.lines.extend(cell.lines)


def _after_paragraph_break(lines: list[str]) -> bool:
    return len(lines) >= 2 and not lines[-1].strip(_WS) and bool(lines[-2].strip(_WS))


def _skip(message: str) -> Finding:
    return Finding("QZ004", "info", message)


def _split_after_table(last: _Cell, notes: list[Finding]) -> list[str]:
    """Remove the text Word's copy puts after the table's last cell: notes (“注：…”, reported as skipped) and
    the 版记 (抄送, 印发), which is returned for the notice."""
    for j, line in enumerate(last.lines[1:], start=1):
        if is_trailer_line(line):
            trailer = last.lines[j:]
            del last.lines[j:]
            break
    else:
        trailer = []
    for j, line in enumerate(last.lines[1:], start=1):
        if _NOTE_RE.match(line.strip(_WS)) and not last.lines[j - 1].strip(_WS):
            text = clean_cell("\n".join(last.lines[j:]))
            notes.append(
                Finding(
                    "QZ004", "info", f"表格后第 {last.line_no + j} 行的注释（“{clip(text)}”）不属于任何事项，已跳过。"
                )
            )
            del last.lines[j:]
            break
    return trailer


def read_text_file(path: str | Path) -> PowerList:
    """Read a .txt copied out of Word, saved as UTF-8, GBK/GB18030 or UTF-16 (Notepad's "Unicode")."""
    path = Path(path)
    return read_text(decode_text(path.read_bytes(), path), path=path)


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


def _split_header(cells: list[_Cell], path: Path | None) -> tuple[list[str], int]:
    """The header's label per column: of a two-row header (权力清单 | 责任清单 over their columns), the second
    row's labels with the first row's stand-alone labels (序号, 权力分类, 备注) where the second is empty."""
    header = [c.text for c in cells]
    two_rows = any(normalize_header(t) in _GROUPS for t in header)
    if two_rows:
        end1 = next((i for i, t in enumerate(header) if not t), len(header))
        row1, row2 = header[:end1], header[end1:]
        standalone = [t for t in row1 if normalize_header(t) not in _GROUPS]
        labels = [t if t else (standalone.pop(0) if standalone else "") for t in row2]
    else:
        labels = header
    found = [n for n in map(standard_column, labels) if n]
    if len(set(found)) < 3:
        raise ImportFormatError(
            f"无法识别表头：只认出 {len(found)} 个标准列名（{'、'.join(found) or '无'}）。", path=path
        )
    return labels, len(labels)
