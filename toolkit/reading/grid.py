"""Turn a grid of cell values (a worksheet, a Word or web table, text) into a :class:`PowerList`, tolerantly.

Every reader produces a grid (a list of rows, each a list of values, with the coordinates of merged ranges)
and hands it to :func:`grid_to_list`, so real-world layouts are handled the same way whatever the source:
title and department rows above the header, one- to three-row headers (:mod:`~toolkit.reading.header`),
header wordings (:mod:`~toolkit.reading.vocabulary`), sub-columns joined, combined columns split
(:mod:`~toolkit.reading.combined`), vertically merged cells, banner rows (:mod:`~toolkit.reading.banners`),
one row per 办理环节 (:mod:`~toolkit.reading.steps`), cards (:mod:`~toolkit.reading.cards`), catalogues
(:mod:`~toolkit.reading.catalogue`), section-title, repeated-header and footnote rows, blank rows.

Nothing is dropped: a column outside the standard ones is carried as an extra column under its own header;
a row that is not an item is named in a finding (QZ004), a banner's text goes into the items below it.
Problems that do not stop reading become :class:`~toolkit.model.Finding` objects in ``PowerList.warnings``;
their codes are listed in :data:`toolkit.reading.codes.READ_CODES`. ``PowerList.column_map`` says where each
source column went. The 序号 column is read as the number meant (:mod:`toolkit.reading.numbering`).

>>> rows = [["序号", "权力分类", "项目名称", "子项名称"], [1, "行政许可", "甲", "子项一"], [2, None, None, "子项二"]]
>>> pl = grid_to_list(rows, merges=[((1, 1), (2, 1)), ((1, 2), (2, 2))], strict=False)  # B2:B3, C2:C3
>>> pl.column("项目名称"), pl.source.merges
(['甲', '甲'], {'B': [(2, 3)], 'C': [(2, 3)]})
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from ..errors import EmptyListError, MissingColumnsError
from ..model import (
    CATEGORIES,
    COLUMN_NAMES,
    LOCAL_CATEGORIES,
    PLACED_LAYOUT,
    REQUIRED_COLUMNS,
    Finding,
    Placement,
    PowerList,
    Source,
    normalize_header,
)
from .assemble import assemble
from .banners import above_table, banner, fill_category, fill_from_banners
from .cards import cards_grid
from .catalogue import catalogue_note, is_catalogue
from .cells import (
    EXCEL_CELL_LIMIT,
    ILLEGAL_CHARS_RE,
    check_cell_text,
    clean_and_screen,
    clean_column,
    clean_value,
    clip,
    format_value,
    get_column_letter,
    may_hold_forbidden,
)
from .findings import content_findings, formula_findings, hidden_findings
from .header import HEADER_SCAN_ROWS, Column, Header, Merge, detect_header, is_sub_label
from .numbering import SEQ, category_restarts, normalize_seq_column, seq_from_dates, split_fused_numbers
from .steps import fold_steps, spread_items
from .vocabulary import EXTRA, STANDARD, match_header

# A lone cell that opens like these is a section title or a note, not an item.
_TITLE_RE = re.compile(
    r"^(?:[一二三四五六七八九十百]+\s*[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十\d]+[部分类章节]"
    r"|注\s*[\d１-９]*\s*[：:]|备注\s*[：:]|说明\s*[：:]|附\s*[：:]|填表|制表|填报|审核|联系人|联系电话|单位负责人)"
    r"|共\s*\d+\s*项"
)
_TITLE_CATEGORIES = (*CATEGORIES, *LOCAL_CATEGORIES)
# A signature line under a table (制表人：…, 审核人：…, 联系电话：…), possibly spread over several cells.
_SIGNATURE_RE = re.compile(r"^(?:填表|制表|填报|审核|审批|经办|联系人|联系电话|单位负责人|负责人|单位\s*[（(]?盖章)")


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


def _is_column_number_row(values: list[str]) -> bool:
    filled = [v for v in values if v]
    if len(filled) < max(3, len(values) // 2) or not all(v.isdigit() for v in filled):
        return False
    nums = [int(v) for v in filled]
    return nums[0] == 1 and nums == list(range(1, len(nums) + 1))


def _is_numbering(values: list[Any]) -> bool:
    """Whether a column's values are item numbers: 1, 2, 3 … (sub-numbers and blanks between allowed)."""
    texts = [clean_value(v) for v in values]
    nums = [t for t in texts if t]
    if not nums or not all(_SEQ_TEXT_RE.match(t) for t in nums):
        return False
    return int(re.match(r"\d+", nums[0]).group()) <= 1  # type: ignore[union-attr]


_SEQ_TEXT_RE = re.compile(r"^\d{1,4}(?:\s*[-－—.．]\s*\d{1,3})?[.．、]?$")


def _is_repeated_header(values: tuple[str, ...], labels: list[str]) -> bool:
    """A row of header words (a header repeated on a new page, or a second header row renamed by hand)."""
    filled = [(v, lab) for v, lab in zip(values, labels, strict=True) if v]
    if len(filled) < 3:
        return False
    known = sum(
        1
        for v, lab in filled
        if len(v) <= 20 and (match_header(v) is not None or is_sub_label(v) or normalize_header(v) == lab)
    )
    return known * 3 >= len(filled) * 2


def _another_header(values: tuple[str, ...], labels: list[str], targets: list[str]) -> bool:
    """Whether a row of header words is another table's header, not the list's repeated (in other words or
    not): two or more of its words name another column than the one they stand in (序号 | 权力类型 | 事项名称 under
    序号 | 事项名称 | 实施依据; 编号 | 项目名称 repeated as 序号 | 事项名称 is the same header)."""

    def same(v: str, lab: str, target: str) -> bool:
        t = match_header(v)
        return normalize_header(v) == lab or is_sub_label(v) or (t is not None and target in t.columns)

    filled = [(v, lab, t) for v, lab, t in zip(values, labels, targets, strict=True) if v]
    differ = sum(1 for v, lab, t in filled if not same(v, lab, t))
    return differ >= 2  # two words in the wrong place: not a typo in a repeated header


def _other_table(
    columns: list[list[str]], at: int, data_start: int, where: str, sheet: str, excel_refs: bool
) -> Finding:
    """QZ013 for a second table below the list (its own header at body row ``at``): not read, named."""
    rows = [k for k in range(at, len(columns[0])) if any(col[k] for col in columns)]
    first = "　".join(dict.fromkeys(col[at] for col in columns if col[at]))
    text = "　".join(dict.fromkeys(col[k] for k in rows[1:] for col in columns if col[k]))
    return Finding(
        "QZ013",
        "warning",
        f"{where}第 {data_start + at + 1} 行起是另一个表头不同的表格（表头“{clip(first)}”，其下 {len(rows) - 1} 行："
        f"{clip(text, 200)}），没有读取：只读取了它上面的清单。请把它分开，每个文件一份清单，再逐个导入；"
        "若是同一份清单，请把表头改得一致。",
        sheet=sheet or None,
        row=data_start + at + 1 if excel_refs else None,
    )


_BANNER_PART_RE = re.compile(r"^(?:[一二三四五六七八九十]+\s*[、.．]?|[（(]?\s*[共计]\s*\d+\s*项\s*[)）]?)$")


def _banner_cells(filled: list[str]) -> tuple[str, str] | None:
    found = [b for b in map(banner, filled) if b is not None]
    rest = [v for v in filled if banner(v) is None]
    if len(found) == 1 and all(_BANNER_PART_RE.match(v) for v in rest):
        return found[0]
    return None


def looks_like_list(rows: list[list[Any]], merges: list[Merge] | None = None) -> bool:
    """Whether a grid holds a list: a header naming three standard columns, or cards.

    >>> looks_like_list([["序号", "权力类型", "事项名称"]]), looks_like_list([["附件"]])
    (True, False)
    """
    return detect_header(rows, merges) is not None or cards_grid(rows) is not None


def _no_header(rows: list[list[Any]], path: Path | None, sheet: str, where: str) -> MissingColumnsError:
    return MissingColumnsError(
        f"找不到清单表头：{where}前 {HEADER_SCAN_ROWS} 行中没有一行包含“序号”“权力分类”“项目名称”等列名，"
        "也不是一个事项一组“列名—内容”的卡片式表格。",
        path=path,
        sheet=sheet or None,
        hint="主表第 1、2 行应为官方两行表头；可用“qzqd init 新文件.xlsx”生成空白主表作参照。"
        "能识别的列名见 docs/headers.md（qzqd headers）。",
    )


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

    >>> pl = grid_to_list([["序号", "权力分类", "项目名称", "实施依据", "办理时限"], [1.0, "行政许可", "甲", "《法》", "5日"]], strict=False)
    >>> pl.items.loc[0, "序号"], pl.rows, pl.extra_columns, pl.column("办理时限")
    ('1', [2], ['办理时限'], ['5日'])
    """
    merges = merges or []
    header = detect_header(rows, merges)
    if header is None:
        cards = cards_grid(rows)
        if cards is None:
            raise _no_header(rows, path, sheet, where)
        grid, titles = cards
        pl = grid_to_list(grid, path=path, sheet=sheet, strict=strict, where=where, excel_refs=False)
        pl.source = Source(path=path, sheet=sheet, header_rows=(), letters={})
        pl.warnings.insert(
            0,
            Finding(
                "QZ012",
                "info",
                f"{where}是卡片式（每个事项一组“列名—内容”）：按列名读出 {len(pl)} 个事项。",
                sheet=sheet or None,
            ),
        )
        for t in titles:
            pl.warnings.append(Finding("QZ004", "info", f"{where}中的“{clip(t)}”是标题，已略过。", sheet=sheet or None))
            pl.column_map.append(Placement(clip(t), PLACED_LAYOUT))
        return pl
    return _read_table(rows, header, merges, path, sheet, strict, formulas, where, excel_refs, date_system, hidden_rows)


def _read_table(
    rows: list[list[Any]],
    header: Header,
    merges: list[Merge],
    path: Path | None,
    sheet: str,
    strict: bool,
    formulas: dict[str, bool] | None,
    where: str,
    excel_refs: bool,
    date_system: str,
    hidden_rows: set[int] | None,
) -> PowerList:
    header_row = header.rows[-1] + 1  # 1-based, for messages
    targets = header.targets()
    catalogue = is_catalogue(targets)
    missing = [c for c in COLUMN_NAMES if c not in targets]
    missing_required = [c for c in missing if c in REQUIRED_COLUMNS]
    if strict and missing_required and not catalogue:
        raise MissingColumnsError(
            f"缺少必需的列：{'、'.join(missing_required)}。表头（第 {'、'.join(str(r + 1) for r in header.rows)} 行）中找到的列："
            f"{'、'.join(header.found) or '（无）'}。",
            path=path,
            sheet=sheet or None,
            hint="请检查列名是否写错，或用“qzqd init”生成的空白主表核对表头。",
        )
    data_start = header.rows[-1] + 1
    fill_merged(rows, merges, data_start)
    body = rows[data_start:]
    cols = dict(header.columns)
    width = max(map(len, body), default=0)
    has_seq = SEQ in targets
    for c in range(width):
        if c not in cols and any(row[c] not in (None, "") and str(row[c]).strip() for row in body if c < len(row)):
            if not has_seq and _is_numbering([row[c] if c < len(row) else None for row in body]):
                # The 序号 column often has no header of its own (an empty cell merged over the header rows).
                cols[c] = Column(STANDARD, SEQ, "", note="没有列名，内容是 1、2、3……")
                has_seq = True
                continue
            name = f"第{get_column_letter(c + 1)}列" if excel_refs else f"第{c + 1}列"
            cols[c] = Column(EXTRA, name, "", note="没有列名")
    src = sorted(cols)
    # Column by column: the cleaning is the main cost of reading, and clean_value skips clean text fast.
    # Each column is screened for characters XML forbids as it is cleaned (content_findings need not again).
    if body and len(set(map(len, body))) == 1 and src[-1] < len(body[0]):  # a rectangular grid (calamine's)
        by_column = list(zip(*body, strict=True))
        cleaned = [clean_and_screen(by_column[c]) for c in src]
        del by_column
    else:
        cleaned = [clean_and_screen([row[c] if c < len(row) else "" for row in body]) for c in src]
    columns = [col for col, _ in cleaned]
    forbidden = [bad for _, bad in cleaned]
    del cleaned
    seq_pos = next((i for i, c in enumerate(src) if cols[c].kind == STANDARD and cols[c].target == SEQ), None)
    if seq_pos is not None:
        c = src[seq_pos]
        raw = [row[c] if c < len(row) else None for row in body]
        if any(isinstance(v, dt.date) for v in raw):
            columns[seq_pos] = clean_column(seq_from_dates(raw, date_system))
        columns[seq_pos] = normalize_seq_column(columns[seq_pos])
        forbidden[seq_pos] = True  # rewritten: screened with the list's columns below
    labels = [normalize_header(cols[c].source) for c in src]
    keep: list[int] = []
    warnings: list[Finding] = []
    layout: list[Placement] = []
    banners: dict[int, dict[str, str]] = {}  # kept index -> banner values in force
    current: dict[str, str] = {}
    sections: list[int] = []
    other_at: int | None = None
    wide = _wide_merge_rows(merges, 3)
    n_src = len(src)
    for k, values in enumerate(zip(*columns, strict=True)):
        filled_count = n_src - values.count("")
        if not filled_count:
            continue
        r = data_start + k
        seq = values[seq_pos] if seq_pos is not None else ""
        skip = ""
        if filled_count <= 3 and not seq.isdigit():
            filled = [v for v in values if v]
            lone = filled[0] if len(set(filled)) == 1 else ""
            found = banner(lone) if lone and not lone.isdigit() else None
            if found is None and len(filled) > 1:
                # “一 | 行政许可 | 共3项”: a category with its number and count in cells of their own
                found = _banner_cells(filled)
                lone = " ".join(filled) if found else ""
            if found is not None:
                column, value = found
                current = {**current, column: value}
                if keep:
                    sections.append(len(keep))
                warnings.append(
                    Finding(
                        "QZ012",
                        "info",
                        f"{where}第 {r + 1} 行“{clip(lone)}”是分组行：其下事项“{column}”为空的，填为“{value}”。",
                        sheet=sheet or None,
                        row=r + 1 if excel_refs else None,
                    )
                )
                continue
            if len(filled) == 1 and not filled[0].isdigit() and (r in wide or _TITLE_RE.search(filled[0])):
                skip = f"{where}第 {r + 1} 行只有一个单元格有内容（“{clip(filled[0])}”），视为分组标题或注释，已跳过。"
            elif filled_count <= 2 and all(_TITLE_RE.match(v) for v in filled):
                skip = f"{where}第 {r + 1} 行（“{clip('　'.join(filled))}”）是表格的注释或落款，已跳过。"
        if not skip and filled_count <= 4 and not seq.isdigit():
            filled = [v for v in values if v]
            if all(_SIGNATURE_RE.match(v) for v in filled):
                skip = f"{where}第 {r + 1} 行（“{clip('　'.join(filled))}”）是表格的落款，已跳过。"
        if not skip and not seq.isdigit() and _is_repeated_header(values, labels):
            if _another_header(values, labels, [cols[c].target for c in src]):
                other_at = k  # another table's header: its rows are not this list's (named below, QZ013)
                break
            skip = f"{where}第 {r + 1} 行（“{clip('　'.join(v for v in values if v))}”）是重复的表头，已跳过。"
        if not skip and not keep and _is_column_number_row(list(values)):
            skip = f"{where}第 {r + 1} 行是列序号行（1、2、3……），已跳过。"
        if skip:
            warnings.append(Finding("QZ004", "info", skip, sheet=sheet, row=r + 1))
            continue
        if current:
            banners[len(keep)] = current
        keep.append(k)
    if other_at is not None:
        warnings.append(_other_table(columns, other_at, data_start, where, sheet, excel_refs))
    data = columns if len(keep) == len(body) else [[col[k] for k in keep] for col in columns]
    excel_rows: list[int | None] = [data_start + k + 1 for k in keep] if excel_refs else [None] * len(keep)
    if not excel_rows:
        raise EmptyListError(
            f"清单中没有任何事项（表头在第 {header_row} 行，其下没有数据）。",
            path=path,
            sheet=sheet or None,
            hint=f"请从第 {header_row + 1} 行起每行填写一个事项。",
        )

    def header_place(c: int) -> tuple[str, int | None, str | None]:
        # The header row whose cell holds the text (the top one of a merged N1:N2 header cell).
        at = next((r + 1 for r in header.rows if c < len(rows[r]) and str(rows[r][c] or "").strip()), header_row)
        if not excel_refs:
            return "表头中", None, None
        cell = f"{get_column_letter(c + 1)}{at}"
        return f"单元格 {cell}：", at, cell

    out, letters, extras, steps, placements = assemble(src, cols, data, warnings, sheet, where, header_place)
    # Findings on the cells as the source has them (before banners and steps add or fold anything).
    names = list(out)
    cell_letters = letters if excel_refs else {}
    # A column of the list that is a screened source column as it is (or its kept rows) holds nothing forbidden.
    screened = {n for n in names if any(out[n] is data[i] for i, bad in enumerate(forbidden) if not bad)}
    warnings.extend(content_findings([out[n] for n in names], names, cell_letters, excel_rows, sheet, screened))
    warnings.extend(formula_findings(formulas or {}, cell_letters, names, data_start, sheet))
    if hidden_rows:
        warnings.extend(hidden_findings(hidden_rows, excel_rows, sheet))
    if SEQ not in out and "权力分类" in out and split_fused_numbers(out, warnings, sheet):
        cats = out["权力分类"]
        sections = [k for k in range(1, len(cats)) if cats[k] != cats[k - 1]]  # numbered per category
    fill_from_banners(out, banners, len(keep))
    for c in src:
        wording = cols[c].wording
        if wording is not None and wording.category:
            fill_category(out, wording.category, len(keep), f"列名“{cols[c].source}”", warnings, sheet)
    if SEQ in out and "权力分类" in out:
        sections = sorted({*sections, *category_restarts(out[SEQ], out["权力分类"])})
    first_section = min(banners, default=len(keep))  # the items before the first banner row
    layout.extend(above_table(rows[: header.rows[0]], out, warnings, sheet, where, first_section))
    spread = steps is None and spread_items(out)
    if steps is not None or spread:
        out, starts = fold_steps(out, steps or [""] * len(keep), named=spread)
        how = (
            f"{where}同一序号、同一名称的连续几行是一个事项分几行写（各行一个环节或一条依据）：{len(keep)} 行合并为"
            f" {len(starts)} 个事项，各行的责任事项按顺序写入“责任事项”（附责任科室），其他列各行不同的内容按顺序合并。"
            if spread
            else f"{where}一个事项分几行写各个办理环节：{len(keep)} 行合并为 {len(starts)} 个事项，"
            "各环节按顺序写入“责任事项”（附责任科室）。"
        )
        # Without a step column the rows were joined by inference (their repeated 序号 and 名称): to be checked.
        warnings.append(
            Finding("QZ009" if spread else "QZ012", "warning" if spread else "info", how, sheet=sheet or None)
        )
        excel_rows = [excel_rows[i] for i in starts]
        sections = [starts.index(s) for s in sections if s in starts]
    for miss in missing:
        if miss in out or catalogue:
            continue
        warnings.append(
            Finding(
                "QZ003",
                "error" if miss in REQUIRED_COLUMNS else "warning",
                f"表头（第 {header_row} 行）缺少“{miss}”列，已按空列处理。",
                sheet=sheet,
                row=header_row,
                column=miss,  # validate asks no value of a column the source does not have (schema.py)
            )
        )
    if catalogue:
        warnings.append(Finding("QZ003", "info", catalogue_note([m for m in missing if m in REQUIRED_COLUMNS])))
    source = Source(
        path=path,
        sheet=sheet,
        header_rows=tuple(r + 1 for r in header.rows),
        letters=cell_letters,
        merges=vertical_ranges(merges, data_start) if excel_refs else {},
    )
    pl = PowerList.from_columns(out, rows=excel_rows, source=source, extra_columns=extras, warnings=warnings)
    pl.column_map = [*layout, *placements]
    pl.catalogue = catalogue
    pl.sections = sections
    return pl


__all__ = [
    "EXCEL_CELL_LIMIT",
    "HEADER_SCAN_ROWS",
    "ILLEGAL_CHARS_RE",
    "Header",
    "Merge",
    "check_cell_text",
    "clean_column",
    "clean_value",
    "clip",
    "content_findings",
    "detect_header",
    "fill_merged",
    "format_value",
    "get_column_letter",
    "grid_to_list",
    "looks_like_list",
    "may_hold_forbidden",
    "vertical_ranges",
]
