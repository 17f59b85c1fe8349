"""Turn a grid of cell values (a worksheet or a Word table) into a :class:`PowerList`, tolerantly.

Both the workbook reader and the .docx importer produce a grid (a list of rows, each a list of values, with
the coordinates of merged ranges) and hand it to :func:`grid_to_list`, so real-world layouts are handled the
same way whatever the source: title rows above the header, one- or two-row headers, header wording
variants, vertically merged cells, section-title and footnote rows, blank rows.

Problems that do not stop reading become :class:`~toolkit.model.Finding` objects in ``PowerList.warnings``;
their codes are listed in :data:`toolkit.reading.codes.READ_CODES`. The 序号 column is read as the number meant
(:mod:`toolkit.reading.numbering`).

>>> rows = [["序号", "权力分类", "项目名称", "子项名称"], [1, "行政许可", "甲", "子项一"], [2, None, None, "子项二"]]
>>> pl = grid_to_list(rows, merges=[((1, 1), (2, 1)), ((1, 2), (2, 2))], strict=False)  # B2:B3, C2:C3
>>> pl.column("项目名称"), pl.source.merges
(['甲', '甲'], {'B': [(2, 3)], 'C': [(2, 3)]})
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import contains
from pathlib import Path
from typing import Any

from ..errors import CellContentError, EmptyListError, MissingColumnsError
from ..model import (
    COLUMN_NAMES,
    DUTY_GROUP,
    POWER_GROUP,
    REQUIRED_COLUMNS,
    STRIP_CHARS,
    Finding,
    PowerList,
    Source,
    clean_cell,
    match_column,
    normalize_header,
)
from .numbering import SEQ, normalize_seq_column, seq_from_dates

HEADER_SCAN_ROWS = 15
EXCEL_CELL_LIMIT = 32767
# XML 1.0 forbids these; no workbook can hold them.
ILLEGAL_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


_GROUP_LABELS = {normalize_header(POWER_GROUP), normalize_header(DUTY_GROUP)}
_OPEN_BRACKET_RE = re.compile(r"[（(【\[]")
# A lone cell that opens like these is a section title or a note, not an item.
_TITLE_RE = re.compile(
    r"^(?:[一二三四五六七八九十百]+\s*[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十\d]+[部分类章节]"
    r"|注\s*[\d１-９]*\s*[：:]|备注\s*[：:]|说明\s*[：:]|附\s*[：:]|填表|制表|填报|审核|联系人|联系电话|单位负责人)"
    r"|共\s*\d+\s*项"
)
# A signature line under a table (制表人：…, 审核人：…, 联系电话：…), possibly spread over several cells.
_SIGNATURE_RE = re.compile(r"^(?:填表|制表|填报|审核|审批|经办|联系人|联系电话|单位负责人|负责人|单位\s*[（(]?盖章)")

Merge = tuple[tuple[int, int], tuple[int, int]]  # ((first row, first col), (last row, last col)), 0-based


def get_column_letter(index: int) -> str:
    """Excel column letters of a 1-based column index (as openpyxl's, without importing openpyxl).

    >>> get_column_letter(1), get_column_letter(26), get_column_letter(28), get_column_letter(703)
    ('A', 'Z', 'AB', 'AAA')
    """
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def match_header(text: object) -> str | None:
    """The standard column a header cell names, tolerating an unclosed bracketed note.

    >>> match_header("责任事项（明确责任主体"), match_header("子项"), match_header("说明文字")
    ('责任事项', '子项名称', None)
    """
    name = match_column(text)
    if name is None and isinstance(text, str):
        m = _OPEN_BRACKET_RE.search(text)
        if m and m.start() > 0:
            name = match_column(text[: m.start()])
    return name


_NOT_FORBIDDEN_ASCII = bytes(range(32, 128)) + b"\t\n\r"


def may_hold_forbidden(text: str) -> bool:
    r"""Whether ``text`` may hold a character XML forbids: a fast C-level screen (no false negatives).

    Forbidden characters are ASCII controls and U+FFFE/U+FFFF; dropping everything non-ASCII first makes
    the scan about twice as fast as a regex or ``str.isprintable`` over mostly Chinese text.

    >>> may_hold_forbidden("甲\n乙\t丙"), may_hold_forbidden("甲\x07乙")
    (False, True)
    """
    return (
        bool(text.encode("ascii", "ignore").translate(None, _NOT_FORBIDDEN_ASCII))
        or "\ufffe" in text
        or "\uffff" in text
    )


def check_cell_text(
    text: str, *, where: str, path: Path | None = None, sheet: str | None = None, cell: str | None = None
) -> None:
    """Raise a Chinese :class:`CellContentError` for text no workbook can hold.

    >>> check_cell_text("正常文字", where="第 1 项“备注”")
    """
    m = ILLEGAL_CHARS_RE.search(text)
    if m:
        raise CellContentError(
            f"{where}含有 Excel 不允许的控制字符（U+{ord(m.group()):04X}，位于第 {m.start() + 1} 个字符），无法写入工作簿。",
            path=path,
            sheet=sheet,
            cell=cell,
            hint="这类字符通常来自复制粘贴，请在源文件中删除后重试。",
        )
    if len(text) > EXCEL_CELL_LIMIT:
        raise CellContentError(
            f"{where}有 {len(text)} 个字符，超过 Excel 单元格上限 {EXCEL_CELL_LIMIT} 个字符，无法写入工作簿。",
            path=path,
            sheet=sheet,
            cell=cell,
            hint="请把过长的内容拆分到多个事项，或精简文字。",
        )


@dataclass
class Header:
    rows: tuple[int, ...]  # 0-based row indices of the header
    columns: dict[int, str]  # 0-based column index -> standard column name
    unknown: dict[int, str]  # 0-based column index -> header text not recognised
    duplicates: dict[int, str] = field(default_factory=dict)  # column index -> name already taken
    found: list[str] = field(default_factory=list)  # all header texts, for messages


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _names(row: list[Any]) -> dict[int, str]:
    out: dict[int, str] = {}
    for c, v in enumerate(row):
        if isinstance(v, str) and v:
            name = match_header(v)
            if name:
                out[c] = name
    return out


def _is_group_row(row: list[Any]) -> bool:
    return any(isinstance(v, str) and normalize_header(v) in _GROUP_LABELS for v in row)


def detect_header(rows: list[list[Any]]) -> Header | None:
    """Find the header among the first rows: the row naming most standard columns, plus its partner row.

    A two-row header is recognised when the neighbour row carries the group labels (权力清单/责任清单), or
    names further standard columns in positions the main row leaves empty (vertically merged 序号 etc.).
    """
    best, best_names = -1, dict[int, str]()
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        names = _names(row)
        if len(set(names.values())) > len(set(best_names.values())):
            best, best_names = r, names
    if len(set(best_names.values())) < 3:
        return None
    main = rows[best]

    def complements(other: list[Any]) -> bool:
        extra = _names(other)
        return any(c not in best_names and _text(main[c] if c < len(main) else "") == "" for c in extra)

    header_rows = [best]
    if best > 0 and (_is_group_row(rows[best - 1]) or complements(rows[best - 1])):
        header_rows = [best - 1, best]
    elif best + 1 < len(rows):
        below = rows[best + 1]
        below_names = _names(below)
        fills_gaps = [c for c in below_names if c not in best_names]
        if (_is_group_row(main) and below_names) or len(fills_gaps) >= 2:
            header_rows = [best, best + 1]
    columns: dict[int, str] = {}
    unknown: dict[int, str] = {}
    duplicates: dict[int, str] = {}
    found: list[str] = []
    width = max(len(rows[r]) for r in header_rows)
    for c in range(width):
        # The lowest non-empty header cell names the column (row 2 under a group label, row 1 when merged).
        label = ""
        for r in reversed(header_rows):
            t = _text(rows[r][c]) if c < len(rows[r]) else ""
            if t and normalize_header(t) not in _GROUP_LABELS:
                label = t.replace("\r", "").replace("\n", "")
                break
        if not label:
            continue
        found.append(label)
        name = match_header(label)
        if name is None:
            unknown[c] = label
        elif name in columns.values():
            duplicates[c] = label
        else:
            columns[c] = name
    return Header(tuple(header_rows), columns, unknown, duplicates, found)


def format_value(value: Any) -> Any:
    """Values that are not text, as a clerk would read them (dates in Chinese)."""
    if isinstance(value, (dt.datetime, dt.date)):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def _header_cell(c: int, header_row: int, excel_refs: bool) -> str:
    return f"单元格 {get_column_letter(c + 1)}{header_row}：" if excel_refs else "表头中"


def fill_merged(rows: list[list[Any]], merges: list[Merge], data_start: int) -> None:
    """Copy the value of a vertically merged cell into the empty cells below it (data rows only)."""
    for (r1, c1), (r2, _c2) in merges:
        if r2 <= r1 or r1 < data_start or r1 >= len(rows):
            continue
        value = rows[r1][c1] if c1 < len(rows[r1]) else None
        for r in range(r1 + 1, min(r2, len(rows) - 1) + 1):
            row = rows[r]
            if c1 < len(row) and row[c1] in (None, ""):
                row[c1] = value


def vertical_ranges(merges: list[Merge], data_start: int) -> dict[str, list[tuple[int, int]]]:
    """Merged ranges spanning several rows that start in the data area (0-based row ``data_start`` on), as
    :attr:`~toolkit.model.Source.merges` keeps them: first column letter -> [(first row, last row)], 1-based.

    :func:`fill_merged` copies such a range's value into the rows below its first; the validator reports a
    finding on the copies once, at the range's top cell.

    >>> vertical_ranges([((0, 0), (1, 0)), ((3, 2), (5, 3)), ((4, 1), (4, 6)), ((2, 27), (3, 27))], 2)
    {'AB': [(3, 4)], 'C': [(4, 6)]}
    """
    refs = {(get_column_letter(c1 + 1), r1 + 1, r2 + 1) for (r1, c1), (r2, _c2) in merges if r2 > r1 >= data_start}
    out: dict[str, list[tuple[int, int]]] = {}
    for letter, first, last in sorted(refs):
        out.setdefault(letter, []).append((first, last))
    return out


def _wide_merge_rows(merges: list[Merge], min_cols: int) -> set[int]:
    rows: set[int] = set()
    for (r1, c1), (r2, c2) in merges:
        if c2 - c1 + 1 >= min_cols:
            rows.update(range(r1, r2 + 1))
    return rows


def clip(text: str, limit: int = 30) -> str:
    """A quote of skipped text in a message: cut with an ellipsis, so a cut phone number is not misread."""
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_column_number_row(values: list[str]) -> bool:
    filled = [v for v in values if v]
    if len(filled) < max(3, len(values) // 2) or not all(v.isdigit() for v in filled):
        return False
    nums = [int(v) for v in filled]
    return nums[0] == 1 and nums == list(range(1, len(nums) + 1))


_STRIP = STRIP_CHARS  # a local name: clean_value is the hot path of reading


_ENDS = _STRIP + "\n"
# A line break with another line break or a strippable character on either side.
_DIRTY_BREAK_RE = re.compile("\n(?:[\n" + _STRIP + "]|(?<=[" + _STRIP + "]\n))")


def clean_value(v: Any) -> str:
    r""":func:`~toolkit.model.clean_cell`, with fast paths for text that is already clean (most cells).

    >>> clean_value(" 1 "), clean_value(2.0), clean_value("甲\r\n\r\n\u3000乙 "), clean_value("甲\n乙")
    ('1', '2', '甲\n乙', '甲\n乙')
    """
    if type(v) is not str:
        if type(v) is float and v.is_integer():  # numbers stored as numbers (序号): clean_cell's result
            return str(int(v))
        return clean_cell(format_value(v))
    if "\r" in v:
        return clean_cell(v)
    if "\n" not in v:
        return v.strip(_STRIP)
    if v[0] not in _ENDS and v[-1] not in _ENDS and _DIRTY_BREAK_RE.search(v) is None:
        return v  # the common case: no paragraph starts or ends with a strippable character or is blank
    lines = v.split("\n")
    stripped = [p.strip(_STRIP) for p in lines]
    if "" in stripped:
        return "\n".join([p for p in stripped if p])
    return v if stripped == lines else "\n".join(stripped)


def clean_column(values: Sequence[Any]) -> list[str]:
    r"""Every value of a column, cleaned as :func:`~toolkit.model.clean_cell` does.

    >>> clean_column([" 1 ", 2.0, "甲\r\n\r\n\u3000乙 ", None, ""])
    ['1', '2', '甲\n乙', '', '']
    """
    if set(map(type, values)) - {str}:
        values = [v if type(v) is str else clean_value(v) for v in values]  # cleaned when converted
    if not any(map(contains, values, repeat("\n"))) and not any(map(contains, values, repeat("\r"))):
        return list(map(str.strip, values, repeat(_STRIP)))  # one-line text (most columns): a C-level map
    return [clean_value(v) for v in values]


def grid_to_list(
    rows: list[list[Any]],
    *,
    merges: list[Merge] | None = None,
    path: Path | None = None,
    sheet: str = "",
    strict: bool = True,
    formulas: dict[str, bool] | None = None,
    where: str = "表格",
    excel_refs: bool = True,
    date_system: str = "excel",
    hidden_rows: set[int] | None = None,
) -> PowerList:
    """Build a :class:`PowerList` from a grid of cell values (0-based rows and columns).

    ``excel_refs=False`` is for grids that are not worksheets (Word tables): findings then name the item
    and column instead of an Excel cell. ``date_system`` ("excel" or "ods") says how the source counts day
    serials, to read back a 序号 cell formatted as a date (:func:`seq_from_date`). ``hidden_rows`` (1-based)
    are read like the others, with a finding each (QZ008): hiding a row is how many clerks "remove" an item.

    >>> pl = grid_to_list([["序号", "权力分类", "项目名称", "实施依据"], [1.0, "行政许可", "甲", "《法》"]], strict=False)
    >>> pl.items.loc[0, "序号"], pl.rows
    ('1', [2])
    """
    merges = merges or []
    header = detect_header(rows)
    if header is None:
        raise MissingColumnsError(
            f"找不到清单表头：{where}前 {HEADER_SCAN_ROWS} 行中没有一行包含“序号”“权力分类”“项目名称”等列名。",
            path=path,
            sheet=sheet or None,
            hint="主表第 1、2 行应为官方两行表头；可用“qzqd init 新文件.xlsx”生成空白主表作参照。",
        )
    header_row = header.rows[-1] + 1  # 1-based, for messages
    missing = [c for c in COLUMN_NAMES if c not in header.columns.values()]
    missing_required = [c for c in missing if c in REQUIRED_COLUMNS]
    if strict and missing_required:
        raise MissingColumnsError(
            f"缺少必需的列：{'、'.join(missing_required)}。表头（第 {'、'.join(str(r + 1) for r in header.rows)} 行）中找到的列："
            f"{'、'.join(header.found) or '（无）'}。",
            path=path,
            sheet=sheet or None,
            hint="请检查列名是否写错，或用“qzqd init”生成的空白主表核对表头。",
        )
    data_start = header.rows[-1] + 1
    fill_merged(rows, merges, data_start)
    cols = sorted(header.columns)
    names = [header.columns[c] for c in cols]
    letters = {header.columns[c]: get_column_letter(c + 1) for c in cols}
    wide = _wide_merge_rows(merges, 3)
    body = rows[data_start:]
    # Column by column: the cleaning is the main cost of reading, and clean_value skips clean text fast.
    if body and len(set(map(len, body))) == 1 and cols[-1] < len(body[0]):  # a rectangular grid (calamine's)
        by_column = list(zip(*body, strict=True))
        columns = [clean_column(by_column[c]) for c in cols]
        del by_column
    else:
        columns = [clean_column([row[c] if c < len(row) else "" for row in body]) for c in cols]
    if SEQ in names:
        i = names.index(SEQ)
        c = cols[i]
        raw = [row[c] if c < len(row) else None for row in body]
        if any(isinstance(v, dt.date) for v in raw):
            columns[i] = clean_column(seq_from_dates(raw, date_system))
        columns[i] = normalize_seq_column(columns[i])
    keep: list[int] = []
    warnings: list[Finding] = []
    width = len(cols)
    for k, values in enumerate(zip(*columns, strict=True)):
        filled_count = width - values.count("")
        if not filled_count:
            continue
        r = data_start + k
        skip = ""
        if filled_count <= 2:
            filled = [v for v in values if v]
            if len(filled) == 1 and not filled[0].isdigit() and (r in wide or _TITLE_RE.search(filled[0])):
                skip = f"{where}第 {r + 1} 行只有一个单元格有内容（“{clip(filled[0])}”），视为分组标题或注释，已跳过。"
            elif all(_TITLE_RE.match(v) for v in filled) and not values[0].isdigit():
                skip = f"{where}第 {r + 1} 行（“{clip(filled[0])}”）是表格的注释或落款，已跳过。"
        if not skip and filled_count <= 4 and not values[0].isdigit():
            filled = [v for v in values if v]
            if all(_SIGNATURE_RE.match(v) for v in filled):
                skip = f"{where}第 {r + 1} 行（“{clip('　'.join(filled))}”）是表格的落款，已跳过。"
        if not skip and not keep and _is_column_number_row(list(values)):
            skip = f"{where}第 {r + 1} 行是列序号行（1、2、3……），已跳过。"
        if skip:
            warnings.append(Finding("QZ004", "info", skip, sheet=sheet, row=r + 1))
            continue
        keep.append(k)
    data = columns if len(keep) == len(body) else [[col[k] for k in keep] for col in columns]
    excel_rows: list[int | None] = [data_start + k + 1 for k in keep] if excel_refs else [None] * len(keep)
    if not excel_rows:
        raise EmptyListError(
            f"清单中没有任何事项（表头在第 {header_row} 行，其下没有数据）。",
            path=path,
            sheet=sheet or None,
            hint=f"请从第 {header_row + 1} 行起每行填写一个事项。",
        )
    if not excel_refs:
        letters = {}
    warnings.extend(content_findings(data, names, letters, excel_rows, sheet))
    warnings.extend(_formula_findings(formulas or {}, letters, names, data_start, sheet))
    if hidden_rows:
        warnings.extend(_hidden_findings(hidden_rows, excel_rows, sheet))

    def label_row(c: int) -> int:
        # The header row whose cell holds the text (the top one of a merged N1:N2 header cell).
        return next((r + 1 for r in header.rows if c < len(rows[r]) and str(rows[r][c] or "").strip()), header_row)

    for c, label in header.unknown.items():
        at = label_row(c)
        warnings.append(
            Finding(
                "QZ001",
                "warning",
                f"{_header_cell(c, at, excel_refs)}未知的列“{label}”，不属于标准目录的 13 列，已忽略。",
                sheet=sheet,
                row=at,
                cell=f"{get_column_letter(c + 1)}{at}" if excel_refs else None,
            )
        )
    for c, label in header.duplicates.items():
        at = label_row(c)
        warnings.append(
            Finding(
                "QZ001",
                "warning",
                f"{_header_cell(c, at, excel_refs)}列“{label}”与前面的“{match_header(label)}”列重复，已忽略这一列。",
                sheet=sheet,
                row=at,
                cell=f"{get_column_letter(c + 1)}{at}" if excel_refs else None,
            )
        )
    for miss in missing:
        warnings.append(
            Finding(
                "QZ003",
                "error" if miss in REQUIRED_COLUMNS else "warning",
                f"表头（第 {header_row} 行）缺少“{miss}”列，已按空列处理。",
                sheet=sheet,
                row=header_row,
            )
        )
    source = Source(
        path=path,
        sheet=sheet,
        header_rows=tuple(r + 1 for r in header.rows),
        letters=letters,
        merges=vertical_ranges(merges, data_start) if excel_refs else {},
    )
    return PowerList.from_columns(
        dict(zip(names, data, strict=True)),
        rows=excel_rows,
        source=source,
        extra_columns=[*header.unknown.values(), *header.duplicates.values()],
        warnings=warnings,
    )


def content_findings(
    data: list[list[str]], names: list[str], letters: dict[str, str], excel_rows: list[int | None], sheet: str
) -> list[Finding]:
    out: list[Finding] = []
    for values, name in zip(data, names, strict=True):
        # One C-level scan per column; only columns with a hit are looked at cell by cell.
        bad_chars = may_hold_forbidden("".join(values))
        too_long = max(map(len, values), default=0) > EXCEL_CELL_LIMIT
        if not (bad_chars or too_long):
            continue
        for i, v in enumerate(values):
            m = ILLEGAL_CHARS_RE.search(v)
            if m:
                msg = f"含有 Excel 不允许的控制字符（U+{ord(m.group()):04X}，第 {m.start() + 1} 个字符），请删除。"
            elif len(v) > EXCEL_CELL_LIMIT:
                msg = f"有 {len(v)} 个字符，超过 Excel 单元格上限 {EXCEL_CELL_LIMIT} 个字符。"
            else:
                continue
            row = excel_rows[i]
            where = f"单元格 {letters[name]}{row}（“{name}”列）" if row else f"第 {i + 1} 项的“{name}”"
            out.append(
                Finding(
                    "QZ006",
                    "error",
                    where + msg,
                    sheet=sheet,
                    row=row,
                    column=name,
                    cell=f"{letters[name]}{row}" if row else None,
                    item=i,
                )
            )
    out.sort(key=lambda f: (f.row or 0, names.index(f.column or "")))
    return out


def _hidden_findings(hidden: set[int], excel_rows: list[int | None], sheet: str) -> list[Finding]:
    return [
        Finding(
            "QZ008",
            "warning",
            f"第 {row} 行在 Excel 中是隐藏的，仍作为事项读取（检查、比对、排版都包括它）；"
            "如该事项已取消，请删除这一行，否则请取消隐藏。",
            sheet=sheet,
            row=row,
            item=i,
        )
        for i, row in enumerate(excel_rows)
        if row in hidden
    ]


_ADDR_RE = re.compile(r"^([A-Z]+)(\d+)$")


def _formula_findings(
    formulas: dict[str, bool], letters: dict[str, str], names: list[str], data_start: int, sheet: str
) -> list[Finding]:
    if not formulas:
        return []
    by_letter = {letters[n]: n for n in names}
    out: list[Finding] = []
    for addr, cached in formulas.items():
        m = _ADDR_RE.match(addr)
        if not m or m.group(1) not in by_letter or int(m.group(2)) <= data_start:
            continue
        row = int(m.group(2))
        if cached:
            out.append(
                Finding(
                    "QZ002",
                    "warning",
                    f"单元格 {addr}（“{by_letter[m.group(1)]}”列）是公式，已使用 Excel 保存的计算结果；建议改为直接填写文字。",
                    sheet=sheet,
                    row=row,
                    column=by_letter[m.group(1)],
                    cell=addr,
                )
            )
        else:
            out.append(
                Finding(
                    "QZ005",
                    "error",
                    f"单元格 {addr}（“{by_letter[m.group(1)]}”列）是公式，但文件里没有保存计算结果（通常是程序生成、未在 Excel/WPS 中打开保存过），读到的是空值。"
                    "请在 Excel/WPS 中打开并保存一次，或改为直接填写文字。",
                    sheet=sheet,
                    row=row,
                    column=by_letter[m.group(1)],
                    cell=addr,
                )
            )
    out.sort(key=lambda f: (f.row or 0, f.cell or ""))
    return out
