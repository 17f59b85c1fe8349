"""The per-sheet plan of an .xlsx: every sheet measured, and the far-away cells calamine must not be given
(a copy of the workbook without them)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CorruptWorkbookError, LimitError
from ..zipread import open_member
from .budget import Limits, current, refuse
from .scan import NS, T_RE, InexactBound, Unusual, column_number, pieces, scan_sheet_patterns
from .sharedstrings import shared_lengths
from .zipcheck import check_zip

# A gap this wide of empty rows (columns) parts the list from cells that are not part of it.
ROW_GAP = 1000
COLUMN_GAP = 100
MAX_FAR_CELLS = 1000


def _core(values: set[int], gap: int) -> int:
    """The last value before the first gap wider than ``gap`` (values past it are far away)."""
    last = 0
    for v in sorted(values):
        if last and v - last > gap:
            return last
        last = v
    return last


def _fits(rows: int, cols: int, limits: Limits) -> bool:
    # calamine lays a sheet out as a dense grid from A1 to its last cell: the area counts, not the cells.
    return rows <= limits.rows and cols <= limits.columns and rows * cols <= limits.cells


def list_block(rows: set[int], cols: set[int], path: Path, sheet: str) -> tuple[int, int] | None:
    """None when the grid from A1 to the last cell with content is within the limits; else the last row and
    column of the list itself (cells past a wide gap left out), or a LimitError when even that is too big."""
    limits = current()
    if _fits(max(rows, default=0), max(cols, default=0), limits):
        return None
    last_row, last_col = _core(rows, ROW_GAP), _core(cols, COLUMN_GAP)
    if not _fits(last_row, last_col, limits):
        if last_row > limits.rows:
            raise refuse("rows", f"{last_row:,}", path, sheet=sheet, what="清单所占的行数")
        if last_col > limits.columns:
            raise refuse("columns", f"{last_col:,}", path, sheet=sheet, what="清单所占的列数")
        raise refuse("cells", f"{last_row:,} 行 × {last_col:,} 列", path, sheet=sheet, what="清单所占的区域")
    return last_row, last_col


@dataclass
class XlsxPlan:
    """What :func:`check_xlsx` found: sheets whose far-away cells must be left out before calamine reads them
    (sheet name -> the last row and column of the list block), and those cells (sheet -> [(cell, text)])."""

    path: Path
    cut: dict[str, tuple[int, int]] = field(default_factory=dict)
    members: dict[str, str] = field(default_factory=dict)  # sheet name -> zip member
    far: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # sheet name -> its formula cells and hidden rows (toolkit.reading.sheetxml.scan_sheet's answer), for the
    # sheets the patterns measured (not those read with the XML parser)
    layout: dict[str, tuple[dict[str, bool], set[int]]] = field(default_factory=dict)

    def open_for_calamine(self) -> io.BytesIO | None:
        """A copy of the workbook without the far cells (None when nothing needs leaving out)."""
        if not self.cut:
            return None
        return _trimmed(self)


def _sheets(zf: zipfile.ZipFile) -> dict[str, str]:
    from ..reading.sheetxml import sheet_member, sheet_names

    out: dict[str, str] = {}
    for name in sheet_names(zf):
        member = sheet_member(zf, name)
        if member is not None and member in zf.NameToInfo:
            out[name] = member
    return out


def _plan_sheets(zf: zipfile.ZipFile, plan: XlsxPlan, shared: list[int], *, exact: bool) -> None:
    path = plan.path
    for sheet, member in _sheets(zf).items():
        try:
            with open_member(zf, member) as fh:
                stats = scan_sheet_patterns(fh, path, sheet, shared, exact=exact)
        except Unusual:
            from .xmlparser import scan_sheet_xml

            with zf.open(member) as fh:
                stats = scan_sheet_xml(fh, path, sheet, shared, exact=exact)
        if not stats.parsed:
            plan.layout[sheet] = (stats.formulas, stats.hidden)
        block = list_block(stats.rows, stats.columns, path, sheet)
        if block is None:
            continue
        # Cells placed by position cannot be left out one by one; the copy without the far cells is written
        # by the patterns, which read only the plain syntax.
        if stats.unaddressed or stats.parsed:
            why = "单元格没有写明地址" if stats.unaddressed else "XML 写法不寻常（不是 Excel、WPS 保存的写法）"
            raise LimitError(
                f"有单元格远在清单之外（第 {max(stats.rows):,} 行、第 {max(stats.columns):,} 列），"
                f"而这个工作簿的{why}，无法跳过它们读取（读取时会占用数 GB 内存）。",
                path=path,
                sheet=sheet,
                hint="请在 Excel 或 WPS 中打开，删除清单以外的单元格后另存为 .xlsx 再试。",
            )
        plan.cut[sheet] = block
        plan.members[sheet] = member


def check_xlsx(path: Path, *, zip_checked: bool = False) -> XlsxPlan:
    """Measure every sheet of an .xlsx against the limits; returns what calamine must not be given.
    ``zip_checked``: the caller has run :func:`check_zip` on ``path`` already.

    >>> check_xlsx(Path("workbooks/xingan-2022.xlsx")).cut
    {}
    """
    if not zip_checked:
        check_zip(path)
    plan = XlsxPlan(path)
    try:
        with zipfile.ZipFile(path) as zf:
            try:
                # Shared strings measured with their markup (cheap): a workbook within the limits by that
                # upper bound is within them; one over them is measured again, exactly, before refusing.
                _plan_sheets(zf, plan, shared_lengths(zf, path), exact=False)
            except InexactBound:
                plan = XlsxPlan(path)
                _plan_sheets(zf, plan, shared_lengths(zf, path, exact=True), exact=True)
    except (zipfile.BadZipFile, KeyError, EOFError) as exc:
        if isinstance(exc, zipfile.BadZipFile) and "CRC" in str(exc):
            raise CorruptWorkbookError("工作簿已损坏（压缩数据校验失败），无法读取。", path=path) from exc
        return plan  # calamine reports the damage in its own words
    return plan


# BIFF8 records (an .xls workbook stream) that put a value in a cell: LABELSST, LABEL, NUMBER, RK, BOOLERR,


_CELL_ELEMENT_RE = re.compile(
    rb"<" + NS + rb'c\s[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]*?(?:/>|(?<!/)>.*?</' + NS + rb"c>)", re.S
)


def _trimmed(plan: XlsxPlan) -> io.BytesIO:
    import html

    out = io.BytesIO()
    by_member = {plan.members[s]: (s, cut) for s, cut in plan.cut.items()}
    with zipfile.ZipFile(plan.path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zout:
        for info in zin.infolist():
            if info.filename not in by_member:
                zout.writestr(info, zin.read(info.filename), compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
                continue
            sheet, (last_row, last_col) = by_member[info.filename]
            far: list[tuple[str, str]] = []

            def drop(
                m: re.Match[bytes],
                last_row: int = last_row,
                last_col: int = last_col,
                far: list[tuple[str, str]] = far,
                sheet: str = sheet,
            ) -> bytes:
                row, col = int(m.group(2)), column_number(m.group(1))
                if row <= last_row and col <= last_col:
                    return m.group(0)
                if len(far) >= MAX_FAR_CELLS:
                    raise LimitError(
                        f"清单以外远处（隔着上千个空行或上百个空列）有超过 {MAX_FAR_CELLS:,} 个有内容的单元格，"
                        "不像是误填的几个单元格，未处理。",
                        path=plan.path,
                        sheet=sheet,
                        hint="请在 Excel 或 WPS 中打开，删除清单以外的单元格（或把它们移到另一个工作表）后再试。",
                    )
                text = html.unescape(b"".join(T_RE.findall(m.group(0))).decode("utf-8", "replace"))
                if not text:
                    v = re.search(rb"<" + NS + rb"v>([^<]*)<", m.group(0))
                    text = v.group(1).decode("utf-8", "replace") if v else ""
                far.append((f"{m.group(1).decode()}{row}", text))
                return b""

            with zin.open(info) as fh, zout.open(info.filename, "w") as dst:
                for piece in pieces(fh, b"row", plan.path, sheet):
                    dst.write(_CELL_ELEMENT_RE.sub(drop, piece))
            plan.far[sheet] = far
    out.seek(0)
    return out
