"""Text copied out of a web page (most county lists are published as pages), pasted into a .txt file.

A browser copies a table in one of two ways:

- **tabs**: one line per row, cells separated by TABs; a cell holding line breaks continues on the next
  lines (a line without a TAB continues the cell before it); a banner spanning the table is a line of its
  own; a cell merged down (rowspan) is left out of the rows below it, which then come short by that cell;
- **one cell per line**: the header's words one a line, then each row's cells one a line.

Both are turned into a grid and read by :func:`toolkit.reading.grid.grid_to_list` like any table (cards
too: “序号\\t1”, “权力类型：行政许可” …). Lines above the header are kept for the report (title, 填报单位).

>>> pl = read_web_text("序号\\t权力类型\\t事项名称\\t实施依据\\n1\\t行政许可\\t甲\\t1．《法》第一条\\n2．《条例》第二条\\n2\\t行政检查\\t乙\\t《法》")
>>> pl.column("实施依据")
['1．《法》第一条\\n2．《条例》第二条', '《法》']
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import ImportFormatError
from ..model import Finding, PowerList, Source
from .banners import banner
from .grid import grid_to_list
from .header import HEADER_SCAN_ROWS, detect_header, is_sub_label
from .vocabulary import CHOICE, COMBINED, EXTRA, GROUP, STANDARD, Target, match_header

_NO_TARGET = Target("")
_SEQ_RE = re.compile(r"^\d{1,4}(?:\s*[-－—]\s*\d{1,3})?\s*[.．、]?$")
_LABEL_COLON_RE = re.compile(r"^\s*([^：:\t]{1,16})\s*[：:]\s*(.*)$")


def is_tab_table(lines: list[str]) -> bool:
    """Whether text is a table copied with TABs between cells (several TABs a line), not Word's copy (a TAB
    at the start of each cell's line)."""
    multi = sum(1 for line in lines if line.count("\t") >= 2)
    word = sum(1 for line in lines if line.startswith("\t") and line.count("\t") == 1)
    return multi >= 2 and multi >= word


def _header_row(lines: list[str], i: int) -> tuple[list[str], int]:
    """The header row starting at line ``i``, a header cell broken over lines joined again (项目 / 名称), and
    the index of the line after it."""
    row = lines[i].split("\t")
    j = i + 1
    while j < len(lines) and lines[j].strip():
        first = lines[j].split("\t")[0]
        last = row[-1].strip()
        joined = last + first.strip()
        if match_header(joined) is None and (not last or match_header(last) is not None or len(last) > 8):
            break
        row[-1] = joined
        row.extend(lines[j].split("\t")[1:])
        j += 1
    return row, j


def _spanning_cell(main: list[str], subs: list[str]) -> int | None:
    """Which header cell the sub-labels of the row below stand under (a browser copy drops the span)."""
    targets = [match_header(t) for t in main]
    if all(is_sub_label(t) for t in subs):
        want = "实施依据"
    elif {match_header(t).column for t in subs if match_header(t)} >= {"项目名称", "子项名称"}:  # type: ignore[union-attr]
        want = "项目名称"
    else:
        loose = [k for k, t in enumerate(targets) if main[k].strip() and (t is None or t.kind == EXTRA)]
        return loose[0] if len(loose) == 1 else None
    found = [k for k, t in enumerate(targets) if t is not None and t.column == want]
    return found[0] if len(found) == 1 else None


def _same_start(text: str, name: str, least: int = 4) -> bool:
    """Whether a lone line starts like the item's name (a 子项 of it), not like more text of a cell."""
    return bool(text) and bool(name) and len(text) <= 60 and text[:least] == name[:least] and text != name


def _tab_rows(
    lines: list[str], notes: list[Finding]
) -> tuple[list[list[str]], list[tuple[tuple[int, int], tuple[int, int]]]]:
    """Rows of a table copied with TABs: the header (cells broken over lines joined, sub-labels put under
    their spanning label), then each row, a cell's further lines joined into it."""
    found = None
    for i in range(min(len(lines), HEADER_SCAN_ROWS * 2)):
        if "\t" not in lines[i]:
            continue
        main, j = _header_row(lines, i)
        if detect_header([main]) is not None:
            found = (i, main, j)
            break
    if found is None:  # cards (label TAB value), or no table at all: the grid reader decides
        return [line.split("\t") if "\t" in line else _label_value(line) for line in lines if line.strip()], []
    i, main, start = found
    out = [[line] for line in lines[:i] if line.strip()]
    spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
    width = len(main)
    header_rows = [main]
    if start < len(lines):
        subs = [t for t in lines[start].split("\t")]
        nxt = lines[start + 1].split("\t")[0].strip() if start + 1 < len(lines) else ""
        after = lines[start + 1] if start + 1 < len(lines) else ""
        if len(subs) >= 2 and all(0 < len(t.strip()) <= 8 for t in subs) and (_SEQ_RE.match(nxt) or "\t" not in after):
            k = _spanning_cell(main, subs)
            if k is not None:
                m = len(subs)
                top = [*main[: k + 1], *([""] * (m - 1)), *main[k + 1 :]]
                second = [*([""] * k), *subs, *([""] * (len(main) - k - 1))]
                header_rows = [top, second]
                spans.append(((len(out), k), (len(out), k + m - 1)))
                width = len(top)
                start += 1
    # A label spanning two columns without labels below (事项名称 over 主项 | 子项) gives one header cell
    # for two data cells: the rows say how many cells there are.
    # A page of several tables copies as several headers, each with its rows: this table ends at the next one.
    stop = next((k for k in range(start, len(lines)) if _is_header_line(lines[k])), len(lines))
    longest = max((line.count("\t") + 1 for line in lines[start:stop] if "\t" in line), default=width)
    merges = spans
    sub_col: int | None = None
    name_col: int | None = None
    if len(header_rows) == 1 and longest > width:
        names = [k for k, t in enumerate(main) if (match_header(t) or _NO_TARGET).column == "项目名称"]
        if len(names) == 1:
            k, extra = names[0], longest - width
            main = [*main[: k + 1], *([""] * extra), *main[k + 1 :]]
            header_rows = [main]
            merges.append(((len(out), k), (len(out), k + extra)))
            width = len(main)
            name_col, sub_col = k, k + 1
    out.extend(header_rows)
    current: list[str] | None = None
    for n, line in enumerate(lines[start:], start=start + 1):
        if not line.strip() and current is None:
            continue
        parts = line.split("\t")
        if _is_header_line(line):
            # The list's header repeated, or the next table's header: a row of its own, and the rows below
            # it have that table's width (the grid reader tells the two apart).
            if current is not None and len(current) < width:
                _close_short(current, out, width, n - 1, notes)
            current = None
            out.append(parts)
            if len(parts) != width:
                width, name_col, sub_col = len(parts), None, None
            continue
        if current is not None and len(current) < width:
            # A line that would overfill the row cannot continue it: a new row (the one before it came short
            # of the cells merged down from above).
            starts_row = len(parts) >= 2 and (
                _SEQ_RE.match(parts[0].strip()) is not None or len(current) + len(parts) - 1 > width
            )
            if not starts_row:
                current[-1] = f"{current[-1]}\n{parts[0]}"
                current.extend(parts[1:])
                continue
            _close_short(current, out, width, n - 1, notes)
        if len(parts) == 1:
            text = parts[0].strip()
            if (
                current is not None
                and sub_col is not None
                and name_col is not None
                and _same_start(text, current[name_col])
            ):
                # a further 子项 of the item above (主项 merged down): a row of its own
                current = [""] * sub_col + [text] + [""] * (width - sub_col - 1)
                out.append(current)
                notes.append(
                    Finding(
                        "QZ009",
                        "warning",
                        f"第 {n} 行“{text[:20]}”单独一行，按上一事项的又一个子项读取（网页中向下合并的单元格复制时只出现一次）；请核对。",
                    )
                )
                continue
            if current is not None and text and banner(text) is None:
                current[-1] = f"{current[-1]}\n{parts[0]}"  # more lines of the row's last cell
                continue
            current = None
            if text:
                out.append([text])  # a banner or a note on a line of its own
            continue
        current = parts
        out.append(current)
    if current is not None and len(current) < width:
        _close_short(current, out, width, len(lines), notes)
    return out, merges


def _is_header_line(line: str) -> bool:
    """A copied row that is a table's header (three or more cells naming standard columns)."""
    return line.count("\t") >= 2 and detect_header([line.split("\t")]) is not None


def _close_short(row: list[str], out: list[list[str]], width: int, line_no: int, notes: list[Finding]) -> None:
    """A row short of cells: the cells merged down from the row above (rowspan) are the leftmost ones."""
    missing = width - len(row)
    prev = next((r for r in reversed(out[:-1]) if len(r) == width), None)
    if prev is None or missing <= 0:
        return
    row[:0] = prev[:missing]
    notes.append(
        Finding(
            "QZ009",
            "warning",
            f"第 {line_no} 行附近的一行少 {missing} 个单元格（网页中向下合并的单元格复制时只出现一次），"
            f"按上一行的前 {missing} 格补齐；请核对，或把网页另存为 .html 后导入。",
        )
    )


_LABEL_SPACE_RE = re.compile(r"^\s*(\S{2,16}?)[\s\u3000]+(\S.*)$")


def _card_lines(lines: list[str]) -> list[list[str]]:
    """Cards copied as text, as [label, value] rows: “序号：1”, “序号 8”, or a label on its own line with its
    value on the lines after it (an empty value takes no line: the next label follows)."""
    rows: list[list[str]] = []
    current: list[str] | None = None
    before: set[str] = set()  # the page's lines above the first card: its header, repeated in its footer
    blank = False
    for line in lines:
        text = line.strip()
        after_blank, blank = blank, not text
        if not text:
            continue
        if current is not None and text in before and after_blank:
            rows.append([text, ""])  # the page's footer repeating its header: not more of the value above
            current = None
            continue
        t = match_header(text)
        if t is not None and t.kind not in (GROUP,) and len(text) <= 16:
            current = [text, ""]
            rows.append(current)
            continue
        pair = _label_value(text)
        if pair[0]:
            current = pair
            rows.append(current)
            continue
        m = _LABEL_SPACE_RE.match(text)
        if m and match_header(m.group(1)) is not None:
            current = [m.group(1), m.group(2)]
            rows.append(current)
            continue
        if current is not None:
            current[1] = f"{current[1]}\n{text}" if current[1] else text
        else:
            rows.append(["", text])
            before.add(text)
    return rows


def _label_value(line: str) -> list[str]:
    """A card's line: “权力类型：行政许可” as label and value; any other line continues the value above
    (or is a title, which the card reader tells)."""
    m = _LABEL_COLON_RE.match(line)
    if m and match_header(m.group(1)) is not None:
        return [m.group(1), m.group(2)]
    return ["", line]


def _header_words(texts: list[str], i: int) -> tuple[list[str], int]:
    """The header's words from line ``i`` on, a header cell broken over two or three lines joined again
    (权力 / 类型 → 权力类型), up to the first 序号 line."""
    words: list[str] = []
    j = i
    while j < len(texts) and not _SEQ_RE.match(texts[j]):
        for k in (3, 2, 1):
            cand = "".join(texts[j : j + k])
            if (
                k <= len(texts) - j
                and match_header(cand) is not None
                and not any(_SEQ_RE.match(t) for t in texts[j : j + k])
            ):
                words.append(cand)
                j += k
                break
        else:
            if len(texts[j]) > 40 or (
                (len(texts[j]) > 10 or any(ch.isdigit() for ch in texts[j])) and not _header_follows(texts, j + 1)
            ):
                break
            words.append(texts[j])  # a short header word the vocabulary does not know: an extra column
            j += 1
    return words, j


def _header_follows(texts: list[str], j: int, within: int = 3) -> bool:
    """Whether one of the next few lines (before the first 序号) is a header word: a long or numbered line
    between header words (“中央行政许可事项清单(2022年版)序号”) is a header cell too, not the first row."""
    for t in texts[j : j + within]:
        if _SEQ_RE.match(t):
            return False
        if match_header(t) is not None:
            return True
    return False


def _cells_of(lines: list[str], need: int) -> tuple[list[str], bool]:
    """A row's lines as ``need`` cells: numbered paragraphs running 1．2．3． stay together in one cell;
    surplus lines go into the last cell. Returns the cells and whether they had to be forced to fit."""
    cells: list[str] = []
    number: int | None = None
    for line in lines:
        m = re.match(r"^(\d{1,2})\s*[.．、]", line)
        n = int(m.group(1)) if m else None
        if cells and n is not None and number is not None and n == number + 1:
            cells[-1] += "\n" + line
        else:
            cells.append(line)
        number = n
    exact = len(cells) == need
    if len(cells) > need:
        cells[need - 1 :] = ["\n".join(cells[need - 1 :])]
    cells.extend([""] * (need - len(cells)))
    return cells, exact


def _cell_per_line_rows(lines: list[str], notes: list[Finding]) -> list[list[str]] | None:
    """A table copied one paragraph a line (blank lines between): the header's words, then rows that start
    at the next 序号, their cells told apart by the paragraphs' numbering."""
    texts = [line.strip() for line in lines if line.strip()]
    for first in range(min(len(texts), HEADER_SCAN_ROWS * 4)):
        if match_header(texts[first]) is None or match_header(texts[first]).column != "序号":  # type: ignore[union-attr]
            continue
        header, end = _header_words(texts, first)
        standard = {match_header(w).column for w in header if _is_standard(w)}  # type: ignore[union-attr]
        if len(standard) >= 2 and end < len(texts) and texts[end].rstrip(".．、 ") == "1":
            break
    else:
        return None
    width = len(header)
    rows: list[list[str]] = [[t] for t in texts[:first]]
    rows.append(header)
    body = texts[end:]
    anchors: list[int] = []
    expected = 1
    for i, t in enumerate(body):
        if _SEQ_RE.match(t) and re.match(r"\d+", t) and int(re.match(r"\d+", t).group()) == expected:  # type: ignore[union-attr]
            anchors.append(i)
            expected += 1
    forced: list[str] = []
    for k, a in enumerate(anchors):
        stop = anchors[k + 1] if k + 1 < len(anchors) else len(body)
        cells, exact = _cells_of(body[a + 1 : stop], width - 1)
        if not exact:
            forced.append(body[a].rstrip(".．、 "))
        rows.append([body[a], *cells])
    notes.append(
        Finding(
            "QZ012",
            "info",
            f"文本是一个单元格一段、每段一行的表格：按表头的 {width} 列和序号 1、2、3……分出 {len(anchors)} 个事项，"
            "编号连续的段落（1．2．3．）算作同一个单元格。",
        )
    )
    if forced:
        shown = "、".join(forced[:10])
        notes.append(
            Finding(
                "QZ009",
                "warning",
                f"第 {shown} 项的段落数与列数对不上：多出的段落并入最后一列，缺少的列留空；请核对，"
                "或把网页另存为 .html 后导入（单元格界限更准确）。",
            )
        )
    return rows


def _is_standard(text: str) -> bool:
    t = match_header(text)
    return t is not None and t.kind in (STANDARD, CHOICE, COMBINED)


def read_web_text(text: str, *, path: Path | None = None) -> PowerList:
    """Read a table copied out of a web page (TABs between cells, or one cell a line)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
    notes: list[Finding] = []
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = []
    if is_tab_table(lines) or any("\t" in line for line in lines):
        rows, merges = _tab_rows(lines, notes)
    else:
        found = _cell_per_line_rows(lines, notes)
        rows = found if found is not None else _card_lines(lines)
    try:
        pl = grid_to_list(
            rows, merges=merges, path=path, sheet="", strict=False, where="文本中的表格", excel_refs=False
        )
    except ImportFormatError:
        raise
    except Exception as exc:  # MissingColumnsError and the like: say what text was expected
        if not hasattr(exc, "hint"):
            raise
        raise ImportFormatError(
            "文本中没有找到清单表格：既不是从 Word 复制的表格（每个单元格以制表符开头），也不是从网页复制的表格"
            "（单元格之间是制表符，或一个单元格一行、表头的列名在前）。",
            path=path,
            hint="网页上的清单：请在浏览器中按 Ctrl+S 把网页另存为 .html（或“网页，单个文件 .mht”）后导入；"
            "Word 文档：直接导入 .docx 文件。",
        ) from exc
    pl.rows = [None] * len(pl)
    pl.source = Source(path=path, sheet="", header_rows=(), letters={}, notice_sheet=None)
    pl.warnings[:0] = notes
    return pl


__all__ = ["is_tab_table", "read_web_text"]
