"""Read and write the master workbook (sheets 权责清单, 发文信息, 填表说明).

Reading is tolerant of what real files look like (one- or two-row headers, header wording variants,
vertical merges, blank rows, formulas, legacy .xls); values are read with python-calamine, which is several
times faster than openpyxl. Writing uses openpyxl, always through a temporary file.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import python_calamine as calamine
from openpyxl.utils import get_column_letter

from .errors import (
    CorruptWorkbookError,
    EmptyListError,
    EncryptedWorkbookError,
    MissingColumnsError,
    MissingSheetError,
    NotAWorkbookError,
    UnsupportedFormatError,
)
from .fsutil import check_input
from .model import (
    CODE_COLUMN,
    COLUMN_NAMES,
    DUTY_GROUP,
    LIST_SHEET,
    NOTICE_FIELD_BY_NAME,
    NOTICE_FIELDS,
    NOTICE_SHEET,
    POWER_GROUP,
    REQUIRED_COLUMNS,
    Finding,
    Notice,
    PowerList,
    Source,
    clean_cell,
    match_column,
    normalize_header,
)

import pandas as pd

HEADER_SCAN_ROWS = 15
_GROUP_LABELS = {normalize_header(POWER_GROUP), normalize_header(DUTY_GROUP)}
_NOTICE_ALIASES = {
    "版头": "发文机关标志", "发文机关": "发文机关标志", "文号": "发文字号", "发文文号": "发文字号",
    "通知标题": "标题", "主送": "主送机关", "主送单位": "主送机关", "附件": "附件名称", "附件标题": "附件名称",
    "署名": "发文机关署名", "落款": "发文机关署名", "日期": "成文日期", "发文日期": "成文日期",
    "抄送": "抄送机关", "印发单位": "印发机关",
}


def sniff_format(path: Path) -> str:
    """'xlsx', 'xls', 'encrypted', 'docx', 'pdf' or 'unknown', from the file's first bytes."""
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, EOFError):
            return "broken-zip"
        if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
            return "xlsx"
        if "word/document.xml" in names:
            return "docx"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        try:
            import olefile

            with olefile.OleFileIO(str(path)) as ole:
                if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
                    return "encrypted"
                if ole.exists("WordDocument"):
                    return "doc"
        except OSError:
            return "broken-ole"
        return "xls"
    if head.startswith(b"%PDF"):
        return "pdf"
    return "unknown"


def open_workbook(path: str | Path) -> calamine.CalamineWorkbook:
    """Open an .xlsx/.xls with calamine, or raise a Chinese error that says what the file is instead."""
    path = check_input(path)
    kind = sniff_format(path)
    if kind == "encrypted":
        raise EncryptedWorkbookError(
            "工作簿设置了打开密码（已加密），qzqd 无法读取。", path=path,
            hint="在 Excel 或 WPS 中打开，选择“文件→信息→保护工作簿→用密码进行加密”，清空密码后另存为 .xlsx。",
        )
    if kind in ("docx", "doc"):
        raise NotAWorkbookError(
            "这是 Word 文档，不是 Excel 工作簿。", path=path,
            hint="用“qzqd import 文件 -o 主表.xlsx”把发布的清单导入为主表工作簿。",
        )
    if kind == "broken-zip" or kind == "broken-ole":
        raise CorruptWorkbookError(
            "工作簿已损坏或不完整（可能下载或复制时被截断），无法打开。", path=path,
            hint="请重新获取原文件，或在 Excel/WPS 中打开后“另存为”新的 .xlsx。",
        )
    if kind not in ("xlsx", "xls"):
        raise NotAWorkbookError(
            "不是 Excel 工作簿（.xlsx 或 .xls）。", path=path,
            hint="请确认文件类型；如是从网页或 Word 复制的内容，请用“qzqd import”导入。",
        )
    try:
        return calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for every kind of damage
        text = str(exc)
        if kind == "xls" and ("password" in text.lower() or "encrypt" in text.lower()):
            raise EncryptedWorkbookError(
                "旧版 .xls 工作簿设置了密码，qzqd 无法读取。", path=path,
                hint="在 Excel 或 WPS 中去掉密码后另存为 .xlsx。",
            ) from exc
        if kind == "xls":
            raise UnsupportedFormatError(
                f"无法读取旧版 .xls 工作簿（{text}）。", path=path,
                hint="请在 Excel 或 WPS 中打开，另存为“Excel 工作簿（*.xlsx）”后再试。",
            ) from exc
        raise CorruptWorkbookError(
            f"工作簿已损坏，无法读取（{text}）。", path=path,
            hint="请在 Excel/WPS 中打开并另存为新的 .xlsx，或重新获取原文件。",
        ) from exc


def _sheet_rows(wb: calamine.CalamineWorkbook, name: str, path: Path) -> tuple[list[list[Any]], Any]:
    try:
        sheet = wb.get_sheet_by_name(name)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as exc:
        raise CorruptWorkbookError(f"工作表内容损坏，无法读取（{exc}）。", path=path, sheet=name) from exc
    return rows, sheet


@dataclass
class _Header:
    rows: tuple[int, ...]  # 0-based row indices of the header
    columns: dict[int, str]  # 0-based column index -> standard column name
    unknown: dict[int, str]  # 0-based column index -> header text not recognised
    found: list[str]  # all header texts, for messages


def _detect_header(rows: list[list[Any]]) -> _Header | None:
    best, best_count = -1, 0
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        count = len({m for m in (match_column(v) for v in row) if m})
        if count > best_count:
            best, best_count = r, count
    if best_count < 3:
        return None
    header_rows = [best]
    above = rows[best - 1] if best > 0 else []
    below = rows[best + 1] if best + 1 < len(rows) else []
    # The official header has a group row (权力清单/责任清单) above or below the sub-column names.
    if any(normalize_header(v) in _GROUP_LABELS for v in above):
        header_rows = [best - 1, best]
    elif any(normalize_header(v) in _GROUP_LABELS for v in rows[best]) and any(match_column(v) for v in below):
        header_rows = [best, best + 1]
    columns: dict[int, str] = {}
    unknown: dict[int, str] = {}
    found: list[str] = []
    width = max(len(rows[r]) for r in header_rows)
    for c in range(width):
        texts = [str(rows[r][c]).strip() if c < len(rows[r]) and rows[r][c] not in (None, "") else "" for r in header_rows]
        # The lowest non-empty header cell names the column (row 2 under a group label, row 1 when merged).
        name = None
        label = ""
        for t in reversed(texts):
            if t and normalize_header(t) not in _GROUP_LABELS:
                label = t
                name = match_column(t)
                break
        if label:
            found.append(label.replace("\n", ""))
        if name and name not in columns.values():
            columns[c] = name
        elif label and not name:
            unknown[c] = label.replace("\n", "")
    return _Header(tuple(header_rows), columns, unknown, found)


def _formula_cells(path: Path, sheet_name: str) -> set[str]:
    """Addresses of cells holding formulas in an .xlsx sheet (calamine gives only their cached values)."""
    try:
        with zipfile.ZipFile(path) as zf:
            wb_xml = zf.read("xl/workbook.xml").decode("utf-8", "replace")
            rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
            m = re.search(r'<sheet\b[^>]*name="' + re.escape(_xml_escape(sheet_name)) + r'"[^>]*r:id="([^"]+)"', wb_xml)
            if not m:
                m = re.search(r'<sheet\b[^>]*r:id="([^"]+)"[^>]*name="' + re.escape(_xml_escape(sheet_name)) + '"', wb_xml)
            if not m:
                return set()
            t = re.search(r'<Relationship\b[^>]*Id="' + re.escape(m.group(1)) + r'"[^>]*Target="([^"]+)"', rels)
            if not t:
                t = re.search(r'<Relationship\b[^>]*Target="([^"]+)"[^>]*Id="' + re.escape(m.group(1)) + '"', rels)
            if not t:
                return set()
            target = t.group(1).lstrip("/")
            member = target if target.startswith("xl/") else "xl/" + target
            data = zf.read(member)
    except (KeyError, zipfile.BadZipFile, OSError):
        return set()
    if b"<f" not in data:
        return set()
    return {m.group(1).decode() for m in re.finditer(rb'<c r="([A-Z]+[0-9]+)"[^>]*>\s*<f[\s>/]', data)}


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def _format_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


def _pick_list_sheet(wb: calamine.CalamineWorkbook, path: Path) -> str:
    names = list(wb.sheet_names)
    if LIST_SHEET in names:
        return LIST_SHEET
    for name in names:
        if name.strip() == LIST_SHEET:
            return name
    # A published list often has one unnamed sheet: accept the first whose header we recognise.
    for name in names:
        if name in (NOTICE_SHEET,):
            continue
        rows, _ = _sheet_rows(wb, name, path)
        if _detect_header(rows):
            return name
    raise MissingSheetError(
        f"找不到工作表“{LIST_SHEET}”，其他工作表中也没有可识别的清单表头。现有工作表：{'、'.join(names) or '（无）'}。",
        path=path,
        hint=f"请把清单所在的工作表命名为“{LIST_SHEET}”，表头第二行包含“项目名称”“实施依据”“责任事项”等列名。",
    )


def read_workbook(path: str | Path, *, sheet: str | None = None, strict: bool = True) -> PowerList:
    """Read a master (or published) workbook into a :class:`PowerList`.

    ``strict`` requires every column whose values are required (权力分类, 项目名称, 实施主体, 实施依据,
    责任事项, 追责情形, 追责依据); with ``strict=False`` missing columns are added empty.

    >>> pl = read_workbook("workbooks/兴安县国家保密局权责清单（2022）.xlsx")  # doctest: +SKIP
    >>> pl.items.loc[0, "项目名称"]  # doctest: +SKIP
    '对非法获取、持有国家秘密载体的行政强制'
    """
    path = check_input(path)
    wb = open_workbook(path)
    try:
        name = sheet or _pick_list_sheet(wb, path)
        if name not in wb.sheet_names:
            raise MissingSheetError(
                f"找不到工作表“{name}”。现有工作表：{'、'.join(wb.sheet_names)}。", path=path)
        rows, sh = _sheet_rows(wb, name, path)
        header = _detect_header(rows)
        if header is None:
            raise MissingColumnsError(
                "找不到清单表头：前 15 行中没有一行包含“序号”“权力分类”“项目名称”等列名。", path=path, sheet=name,
                hint="主表第 1、2 行应为官方两行表头；可用“qzqd init 新文件.xlsx”生成空白主表作参照。",
            )
        missing = [c for c in COLUMN_NAMES if c not in header.columns.values()]
        missing_required = [c for c in missing if c in REQUIRED_COLUMNS]
        if strict and missing_required:
            row_no = header.rows[-1] + 1
            raise MissingColumnsError(
                f"缺少必需的列：{'、'.join(missing_required)}。表头（第 {row_no} 行）中找到的列：{'、'.join(header.found)}。",
                path=path, sheet=name, cell=f"第 {'、'.join(str(r + 1) for r in header.rows)} 行",
                hint="请检查列名是否写错，或用“qzqd init”生成的空白主表核对表头。",
            )
        data_start = header.rows[-1] + 1
        _fill_merged(rows, sh, data_start)
        formulas = _formula_cells(path, name) if sniff_format(path) == "xlsx" else set()
        pl = _rows_to_list(rows, header, data_start, name, path, formulas)
        pl.items = pl.items.reindex(columns=[*COLUMN_NAMES, *([CODE_COLUMN.name] if CODE_COLUMN.name in pl.items.columns else [])], fill_value="")
        for c in missing:
            pl.warnings.append(Finding(
                "QZ003", "warning" if c not in REQUIRED_COLUMNS else "error",
                f"缺少“{c}”列，已按空列处理。", sheet=name, row=header.rows[-1] + 1,
            ))
        if not len(pl):
            raise EmptyListError(
                f"清单中没有任何事项（表头在第 {header.rows[-1] + 1} 行，其下没有数据）。", path=path, sheet=name)
        if NOTICE_SHEET in wb.sheet_names:
            notice_rows, _ = _sheet_rows(wb, NOTICE_SHEET, path)
            pl.notice, pl.source.notice_rows = _read_notice(notice_rows)
            pl.source.notice_sheet = NOTICE_SHEET
        else:
            pl.source.notice_sheet = None
        return pl
    finally:
        wb.close()


def _fill_merged(rows: list[list[Any]], sheet: Any, data_start: int) -> None:
    try:
        ranges = sheet.merged_cell_ranges or []
    except Exception:  # .xls files and some writers give no merge information
        ranges = []
    for (r1, c1), (r2, c2) in ranges:
        if r2 <= r1 or r1 < data_start:
            continue
        value = rows[r1][c1] if r1 < len(rows) and c1 < len(rows[r1]) else None
        for r in range(r1 + 1, min(r2, len(rows) - 1) + 1):
            row = rows[r]
            if c1 < len(row) and row[c1] in (None, ""):
                row[c1] = value


def _rows_to_list(rows: list[list[Any]], header: _Header, data_start: int, sheet: str, path: Path,
                  formulas: set[str]) -> PowerList:
    cols = sorted(header.columns)
    names = [header.columns[c] for c in cols]
    data: dict[str, list[str]] = {n: [] for n in names}
    excel_rows: list[int | None] = []
    warnings: list[Finding] = []
    letters = {header.columns[c]: get_column_letter(c + 1) for c in cols}
    formula_cols = {letters[n]: n for n in names} if formulas else {}
    for r in range(data_start, len(rows)):
        row = rows[r]
        values = [clean_cell(_format_value(row[c])) if c < len(row) else "" for c in cols]
        filled = [v for v in values if v]
        if not filled:
            continue
        if len(filled) == 1 and values[0] == filled[0] and cols[0] == min(cols) and len(cols) > 3:
            # A lone text in the first column is a section title ("一、行政许可") or a footnote ("注：…").
            warnings.append(Finding("QZ004", "info", f"第 {r + 1} 行只有一个单元格有内容（“{filled[0][:20]}”），视为分组标题或注释，已跳过。",
                                    sheet=sheet, row=r + 1))
            continue
        for n, v in zip(names, values):
            data[n].append(v)
        excel_rows.append(r + 1)
    for addr in sorted(formulas, key=lambda a: (int(re.sub(r"\D", "", a)), a)):
        letter = re.sub(r"\d", "", addr)
        rowno = int(re.sub(r"\D", "", addr))
        if letter in formula_cols and rowno > data_start:
            warnings.append(Finding("QZ002", "warning", "单元格是公式，已使用 Excel 保存的计算结果；建议改为直接填写文字。",
                                    sheet=sheet, row=rowno, column=formula_cols[letter], cell=addr))
    for c, label in header.unknown.items():
        warnings.append(Finding("QZ001", "warning", f"未知的列“{label}”，不属于标准目录的 13 列，已忽略。",
                                sheet=sheet, row=header.rows[-1] + 1, cell=f"{get_column_letter(c + 1)}{header.rows[-1] + 1}"))
    frame = pd.DataFrame(data, columns=names, dtype=object)
    source = Source(path=path, sheet=sheet, header_rows=tuple(r + 1 for r in header.rows), letters=letters)
    return PowerList(items=frame, rows=excel_rows, source=source,
                     extra_columns=list(header.unknown.values()), warnings=warnings)


def _read_notice(rows: list[list[Any]]) -> tuple[Notice, dict[str, int]]:
    notice = Notice()
    where: dict[str, int] = {}
    for r, row in enumerate(rows):
        if not row:
            continue
        key = normalize_header(row[0])
        key = _NOTICE_ALIASES.get(key, key)
        f = NOTICE_FIELD_BY_NAME.get(key)
        if f is None or f.name in where:
            continue
        value = clean_cell(_format_value(row[1])) if len(row) > 1 else ""
        setattr(notice, f.attr, value)
        where[f.name] = r + 1
    return notice, where


__all__ = ["read_workbook", "open_workbook", "sniff_format", "NOTICE_FIELDS"]
