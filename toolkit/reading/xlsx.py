"""Read the master workbook (sheets 权责清单 and 发文信息) and published workbooks.

Values are read with python-calamine, several times faster than openpyxl; the grid it gives is turned into a
:class:`PowerList` by :mod:`toolkit.reading.grid`, which holds the tolerance for real-world layouts. What
calamine does not give (formulas, for which it has only the cached values; hidden rows; the merges of an
.ods) is read from the sheet XML by :mod:`toolkit.reading.sheetxml`. Writing lives in :mod:`toolkit.writer`.

>>> pl = read_workbook("workbooks/xingan-2022.xlsx")
>>> len(pl), pl.source.sheet, pl.notice.doc_number
(5, '权责清单', '兴保发〔2022〕1号')
"""

from __future__ import annotations

import gc
import re
import threading
import zipfile
from pathlib import Path
from typing import Any

import python_calamine as calamine

from ..errors import (
    CorruptWorkbookError,
    EncryptedWorkbookError,
    MissingSheetError,
    NotAWorkbookError,
    UnsupportedFormatError,
)
from ..fsutil import check_input
from ..limits import XlsxPlan, check_ods, check_xls, check_xlsx, check_zip
from ..model import (
    HELP_SHEET,
    LIST_SHEET,
    NOTES_SHEET,
    NOTICE_FIELD_BY_NAME,
    NOTICE_FIELDS,
    NOTICE_SHEET,
    REQUEST_SHEET,
    Finding,
    Notice,
    NoticeField,
    PowerList,
    clean_cell,
    normalize_header,
)
from .catalogue import CATALOGUE_KIND, KIND_LABEL, LIST_KIND
from .codes import READ_CODES
from .grid import Merge, clip, format_value, grid_to_list, looks_like_list
from .sheetxml import ods_layout, scan_sheet

_NOTICE_ALIASES = {
    "版头": "发文机关标志",
    "发文机关": "发文机关标志",
    "文号": "发文字号",
    "发文文号": "发文字号",
    "通知标题": "标题",
    "主送": "主送机关",
    "主送单位": "主送机关",
    "附件": "附件名称",
    "附件标题": "附件名称",
    "署名": "发文机关署名",
    "落款": "发文机关署名",
    "日期": "成文日期",
    "发文日期": "成文日期",
    "抄送": "抄送机关",
    "印发单位": "印发机关",
}
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b", b"BM", b"MZ")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


_DOCUMENT_SUFFIXES = frozenset({".doc", ".docx", ".docm", ".dot", ".dotx", ".rtf", ".wps", ".wpt", ".odt"})
_LOCK_FILE_MAX = 4096  # Excel's and WPS's owner files hold a user name: 162 or 165 bytes


def refuse_lock_file(path: Path) -> None:
    """Raise a Chinese error for the lock file Excel/WPS (“~$清单.xlsx”) or LibreOffice (“.~lock.清单.xlsx#”)
    keeps beside an open workbook: it sorts next to the workbook and is easily picked by mistake.
    """
    name = path.name
    if name.startswith("~$") and path.stat().st_size <= _LOCK_FILE_MAX:
        app, tail, mark = "Excel/WPS", name[2:], "开头没有“~$”"
    elif name.startswith(".~lock.") and name.endswith("#"):
        app, tail, mark = "LibreOffice", name[len(".~lock.") : -1], "前后没有“.~lock.”和“#”"
    else:
        return
    # Word (and WPS Writer) leave the same “~$” file beside an open document: name the program and the kind.
    kind = "工作簿"
    if Path(tail).suffix.lower() in _DOCUMENT_SUFFIXES:
        kind = "文档"
        app = "Word/WPS" if app == "Excel/WPS" else app
    # Excel drops the first two characters of a long name to make room for "~$": match on the rest.
    real = [tail] if (path.parent / tail).is_file() else []
    real = real or sorted(
        p.name for p in path.parent.glob("*" + glob_escape(tail)) if not p.name.startswith("~$") and p.is_file()
    )
    target = f"“{real[0]}”" if len(real) == 1 else f"{kind}本身（文件名{mark}的那个文件）"
    raise NotAWorkbookError(
        f"这是 {app} 打开{kind}时自动生成的锁定文件（只有 {path.stat().st_size} 字节），不是{kind}本身。",
        path=path,
        hint=f"请改用同一文件夹中的{target}。锁定文件在关闭{kind}后会自动删除；"
        "如果它在程序异常退出后残留，可以直接删除。",
    )


def glob_escape(text: str) -> str:
    """``text`` as a literal in a glob pattern (file names may hold [ ] * ?)."""
    return re.sub(r"([\[\]*?])", r"[\1]", text)


def sniff_format(path: Path) -> str:
    """What a file really is, from its content (never from its name).

    An Excel/WPS/LibreOffice lock file is refused here, so that every command says what it is
    (:func:`refuse_lock_file`).

    One of 'xlsx', 'ods', 'xls', 'encrypted', 'docx', 'doc', 'pdf', 'zip', 'broken-zip', 'broken-ole',
    'empty', 'binary' or 'text'.

    >>> sniff_format(Path("workbooks/xingan-2022.xlsx"))  # doctest: +SKIP
    'xlsx'
    """
    refuse_lock_file(path)
    with path.open("rb") as fh:
        head = fh.read(4096)
    if not head:
        return "empty"
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
                mimetype = zf.read("mimetype") if "mimetype" in names else b""
        except (zipfile.BadZipFile, OSError, EOFError, KeyError):
            return "broken-zip"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        if "word/document.xml" in names:
            return "docx"
        if b"opendocument.spreadsheet" in mimetype:
            return "ods"
        return "zip"
    if head.startswith(_OLE_MAGIC):
        try:
            import olefile

            with olefile.OleFileIO(str(path)) as ole:
                if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
                    return "encrypted"
                if ole.exists("WordDocument"):
                    return "doc"
                if not (ole.exists("Workbook") or ole.exists("Book")):
                    return "broken-ole"
        except Exception:  # olefile raises OSError, ValueError ("bytes length not a multiple of item size") …
            return "broken-ole"
        return "xls"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(_BINARY_MAGIC):
        return "binary"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with a byte-order mark, as Notepad saves "Unicode"
    return "binary" if b"\x00" in head else "text"


def other_document(path: Path) -> bool:
    """Whether ``path`` is clearly not an .xlsx workbook: a real .xls/.ods/Word file, or a file named otherwise
    whose content is not an .xlsx. A broken or encrypted ".xlsx" is not: the reader says what is wrong with it.

    >>> other_document(Path("workbooks/xingan-2022.xlsx"))  # doctest: +SKIP
    False
    """
    if not path.is_file():
        return path.suffix.lower() not in (".xlsx", ".xlsm")  # check_input reports a missing file
    kind = sniff_format(path)
    return kind in ("xls", "ods", "doc", "docx") or (kind != "xlsx" and path.suffix.lower() not in (".xlsx", ".xlsm"))


_SUFFIXES_OF = {"xlsx": (".xlsx", ".xlsm"), "xls": (".xls",), "ods": (".ods",)}


def open_workbook(path: str | Path) -> calamine.CalamineWorkbook:
    """Open an .xlsx/.xls with calamine, or raise a Chinese error that says what the file is instead.

    >>> open_workbook("workbooks/xingan-2022.xlsx").sheet_names  # doctest: +SKIP
    ['权责清单', '发文信息', '填表说明']
    """
    return _open(path)[0]


def _open(path: str | Path) -> tuple[calamine.CalamineWorkbook, XlsxPlan | None]:
    """:func:`open_workbook`, with what the size check found (far-away cells left out, see toolkit.limits)."""
    path = check_input(path)
    kind = sniff_format(path)
    if kind == "encrypted":
        raise EncryptedWorkbookError(
            "工作簿设置了打开密码（已加密），qzqd 无法读取。",
            path=path,
            hint="在 Excel 中打开，选择“文件→信息→保护工作簿→用密码进行加密”，清空密码后保存"
            "（WPS：“文件→文档加密→密码加密”，清空打开密码）。",
        )
    if kind in ("docx", "doc"):
        raise NotAWorkbookError(
            "这是 Word 文档，不是 Excel 工作簿。",
            path=path,
            hint="用“qzqd import 文件 -o 主表.xlsx”把发布的清单导入为主表工作簿。",
        )
    if kind in ("broken-zip", "broken-ole"):
        raise CorruptWorkbookError(
            "工作簿已损坏或不完整（可能下载或复制时被截断），无法打开。",
            path=path,
            hint="请重新获取原文件，或在 Excel/WPS 中打开后“另存为”新的 .xlsx。",
        )
    if kind == "empty":
        raise NotAWorkbookError("文件是空的（0 字节），不是 Excel 工作簿。", path=path)
    if kind == "text":
        from .html import looks_like_html, refuse_xml_spreadsheet

        refuse_xml_spreadsheet(path)
        if looks_like_html(path):
            raise NotAWorkbookError(
                f"这是网页（HTML）格式的文件，扩展名虽是 {path.suffix or '（无）'}，但不是真正的 Excel 工作簿"
                "（网上系统的“导出 Excel”常是这样）。",
                path=path,
                hint="用“qzqd import 文件 -o 主表.xlsx”把它转为主表工作簿，或在 Excel/WPS 中打开后“另存为”.xlsx。",
            )
    if kind not in ("xlsx", "xls", "ods"):
        what = {"pdf": "PDF 文件", "binary": "图片或其他二进制文件", "text": "纯文本文件", "zip": "压缩包"}.get(
            kind, ""
        )
        raise NotAWorkbookError(
            f"不是 Excel 工作簿（.xlsx 或 .xls）{'，而是' + what if what else ''}。",
            path=path,
            hint="请确认选对了文件；从网页或 Word 复制的清单文字请用“qzqd import”导入。",
        )
    # Measured before calamine sees the file: it would abort the process on a far-away cell (toolkit.limits).
    direct = path.suffix.lower() in _SUFFIXES_OF[kind] and _utf8_name(path)
    plan: XlsxPlan | None = None
    opening: _Opening | None = None
    if kind == "xlsx":
        check_zip(path)
        if direct:
            opening = _Opening(path)  # calamine reads the shared strings while the sheets are measured
        try:
            plan = check_xlsx(path, zip_checked=True)
        except BaseException:
            if opening is not None:
                opening.discard()
            raise
    elif kind == "ods":
        check_ods(path)
    elif kind == "xls":
        check_xls(path)
    try:
        # The copy without the far cells (a refusal of too many of them is a LimitError of its own).
        trimmed = plan.open_for_calamine() if plan is not None else None
    except BaseException:
        if opening is not None:
            opening.discard()
        raise
    try:
        if trimmed is not None:
            if opening is not None:
                opening.discard()  # the whole workbook was opened: calamine gets the copy without the far cells
            return calamine.CalamineWorkbook.from_filelike(trimmed), plan
        if opening is not None:
            return opening.result(), plan
        if not direct:
            # Renamed files are common (an .xlsx saved as "清单.xls" opens fine in Excel and WPS); calamine
            # picks its reader by the name, so give it the content and let it look at the bytes instead (so
            # too for a name calamine cannot take: one that is not UTF-8).
            with path.open("rb") as fh:
                return calamine.CalamineWorkbook.from_filelike(fh), plan
        return calamine.CalamineWorkbook.from_path(str(path)), plan
    except Exception as exc:  # calamine raises its own error types for every kind of damage
        text = str(exc)
        if kind == "xls" and ("password" in text.lower() or "encrypt" in text.lower()):
            raise EncryptedWorkbookError(
                "旧版 .xls 工作簿设置了密码，qzqd 无法读取。",
                path=path,
                hint="在 Excel 或 WPS 中去掉密码后另存为 .xlsx。",
            ) from exc
        if kind == "xls":
            raise UnsupportedFormatError(
                f"无法读取这个旧版 .xls 工作簿（{text}）。",
                path=path,
                hint="请在 Excel 或 WPS 中打开，“另存为”→“Excel 工作簿（*.xlsx）”后再试；"
                "或运行 soffice --headless --convert-to xlsx 文件.xls。",
            ) from exc
        raise CorruptWorkbookError(
            f"工作簿已损坏，无法读取（{text}）。",
            path=path,
            hint="请在 Excel/WPS 中打开并另存为新的 .xlsx，或重新获取原文件。",
        ) from exc
    finally:
        if opening is not None:
            opening.discard()  # nothing once result() has handed the workbook over


class _Opening:
    """``CalamineWorkbook.from_path`` run in a thread while :func:`~toolkit.limits.check_xlsx` measures the
    sheets: python-calamine releases the GIL while it reads the zip directory, the workbook part, the styles
    and the shared strings (0.25 s of the 10,000-item list), and the check spends most of its time in zlib,
    which releases it too; with a core free the two take the time of the longer one.

    Safe because nothing calamine does before :meth:`result` returns depends on what the check measures:
    ``from_path`` parses no sheet (the far-away cells and the repeated long shared strings the check guards
    against cost memory only when a sheet is laid out, in ``get_sheet_by_name``, which runs after the check
    has passed). What it reads is bounded by the zip directory, which :func:`~toolkit.limits.check_zip` has
    measured before the thread starts: calamine's zip reader stops a part that inflates past its declared
    size ("File is larger than its declared uncompressed size", tried on a 1.5 GB shared-strings bomb
    declared as 1,000 bytes), as Python's zipfile does. A workbook the check refuses has cost at most what an
    accepted workbook of the same size costs.

    The thread never outlives :func:`_open` (:meth:`result` and :meth:`discard` join it): validate and render
    fork workers only when no other thread runs.
    """

    def __init__(self, path: Path) -> None:
        self._workbook: calamine.CalamineWorkbook | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(str(path),), name="qzqd-open", daemon=True)
        self._thread.start()

    def _run(self, path: str) -> None:
        try:
            self._workbook = calamine.CalamineWorkbook.from_path(path)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread by result()
            self._error = exc

    def result(self) -> calamine.CalamineWorkbook:
        """The workbook (handed over: the caller closes it), or calamine's error raised here."""
        self._thread.join()
        workbook, self._workbook = self._workbook, None
        if self._error is not None:
            raise self._error
        assert workbook is not None
        return workbook

    def discard(self) -> None:
        """Wait for the thread and close what it opened unless :meth:`result` handed it over (the check
        refused the file or left cells out of it, or reading stopped)."""
        self._thread.join()
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None


def _utf8_name(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _far_cells(plan: XlsxPlan | None, sheet: str) -> list[Finding]:
    """QZ010: the cells far from the list that were left out (toolkit.limits), each named with its text."""
    if plan is None or not plan.far.get(sheet):
        return []
    far = plan.far[sheet]
    shown = "；".join(f"{ref}“{clip(text)}”" for ref, text in far[:20]) + ("……" if len(far) > 20 else "")
    return [
        Finding(
            "QZ010",
            "warning",
            f"有 {len(far)} 个单元格远在清单之外（隔着上千个空行或上百个空列），没有读取：{shown}。"
            "如果它们是误填的，请删除；如果属于清单，请移到清单中。",
            sheet=sheet,
            cell=far[0][0],
        )
    ]


def _sheet_grid(wb: calamine.CalamineWorkbook, name: str, path: Path) -> tuple[list[list[Any]], list[Merge]]:
    try:
        sheet = wb.get_sheet_by_name(name)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as exc:
        raise CorruptWorkbookError(f"工作表内容损坏，无法读取（{exc}）。", path=path, sheet=name) from exc
    try:
        merges = list(sheet.merged_cell_ranges or [])
    except Exception:  # some writers give no merge information
        merges = []
    return rows, merges


def _pick_list_sheet(
    wb: calamine.CalamineWorkbook, path: Path, cache: dict[str, tuple[list[list[Any]], list[Merge]]]
) -> str:
    names = list(wb.sheet_names)
    for name in names:
        if name.strip() == LIST_SHEET:
            return name
    # A published list often has a single sheet named otherwise: take the first whose header we recognise.
    for name in names:
        if name.strip() == NOTICE_SHEET:
            continue
        cache[name] = _sheet_grid(wb, name, path)
        if looks_like_list(*cache[name]):
            return name
    raise MissingSheetError(
        f"找不到工作表“{LIST_SHEET}”，其他工作表中也没有可识别的清单表头。现有工作表：{'、'.join(names) or '（无）'}。",
        path=path,
        hint=f"请把清单所在的工作表命名为“{LIST_SHEET}”，表头包含“序号”“项目名称”“实施依据”“责任事项”等列名。",
    )


def _other_lists(
    wb: calamine.CalamineWorkbook,
    path: Path,
    list_sheet: str,
    notice_sheet: str | None,
    cache: dict[str, tuple[list[list[Any]], list[Merge]]],
) -> list[Finding]:
    # One list is read per workbook: other sheets that hold a list too (one per category, per unit, a second
    # table) would otherwise be dropped without a word.
    skip = {list_sheet, notice_sheet}
    others = []
    for n in wb.sheet_names:
        if n in skip or n.strip() in (NOTICE_SHEET, HELP_SHEET, NOTES_SHEET, REQUEST_SHEET):
            continue  # qzqd's own sheets: the help sheet shows the column names, yet holds no items
        if looks_like_list(*(cache.pop(n) if n in cache else _sheet_grid(wb, n, path))):
            others.append(n)
    if not others:
        return []
    named = "、".join(f"“{n}”" for n in others)
    return [
        Finding(
            "QZ013",
            "warning",
            f"工作簿中还有 {len(others)} 个工作表也像一份清单（{named}），没有读取：只读取了工作表“{list_sheet}”。"
            "请把这些工作表分别复制到单独的工作簿（每个工作簿一份清单，清单所在的工作表命名为"
            f"“{LIST_SHEET}”）再逐个导入；若它们与“{list_sheet}”是同一份清单，请把事项合并到一个工作表中。",
            sheet=list_sheet,
        )
    ]


def read_workbook(path: str | Path, *, sheet: str | None = None, strict: bool = True) -> PowerList:
    """Read a master (or published) workbook into a :class:`PowerList`.

    ``strict`` requires every column whose values are required (权力分类, 项目名称, 实施主体, 实施依据,
    责任事项, 追责情形, 追责依据); with ``strict=False`` missing columns are added empty. Problems that do
    not stop reading are in ``pl.warnings`` (codes in :data:`toolkit.reading.codes.READ_CODES`).

    >>> pl = read_workbook("workbooks/xingan-2022.xlsx")  # doctest: +SKIP
    >>> pl.items.loc[0, "项目名称"], pl.cell_ref(0, "实施依据")  # doctest: +SKIP
    ('对非法获取、持有国家秘密载体的行政强制', (3, 'G3'))
    """
    path = check_input(path)
    kind = sniff_format(path)
    # Reading (the size check too) builds no reference cycles; collection passes over 100k cells and the
    # check's 200k index tuples cost ~10 %.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        wb, plan = _open(path)
    except BaseException:
        if gc_was_enabled:
            gc.enable()
        raise
    try:
        cache: dict[str, tuple[list[list[Any]], list[Merge]]] = {}
        if sheet is not None and sheet not in wb.sheet_names:
            raise MissingSheetError(
                f"找不到工作表“{sheet}”。现有工作表：{'、'.join(wb.sheet_names) or '（无）'}。", path=path
            )
        name = sheet or _pick_list_sheet(wb, path, cache)
        rows, merges = cache.pop(name) if name in cache else _sheet_grid(wb, name, path)
        formulas: dict[str, bool] = {}
        hidden: set[int] = set()
        if kind == "xlsx":
            # Found by the size check on the pieces it measured (one inflate of the sheet), else read here.
            formulas, hidden = plan.layout[name] if plan is not None and name in plan.layout else scan_sheet(path, name)
        elif kind == "ods":
            ods_merged, hidden = ods_layout(path, name)
            merges = merges or ods_merged
        pl = grid_to_list(
            rows,
            merges=merges,
            path=path,
            sheet=name,
            strict=strict,
            formulas=formulas,
            where="工作表",
            date_system="ods" if kind == "ods" else "excel",
            hidden_rows=hidden,
        )
        del rows
        pl.warnings.extend(_far_cells(plan, name))
        if sheet is None and name.strip() != LIST_SHEET:
            pl.warnings.append(
                Finding(
                    "QZ011",
                    "info",
                    f"没有名为“{LIST_SHEET}”的工作表，清单从工作表“{name}”读取（它的表头是清单的表头）"
                    f"；工作簿中的工作表：{'、'.join(wb.sheet_names)}。",
                    sheet=name,
                )
            )
        _read_notice_sheet(wb, path, pl, list_sheet=name, cache=cache)
        if pl.source.notice_sheet:
            pl.warnings.extend(_far_cells(plan, pl.source.notice_sheet))
        pl.warnings.extend(_other_lists(wb, path, name, pl.source.notice_sheet, cache))
        return pl
    finally:
        wb.close()
        if gc_was_enabled:
            gc.enable()


# Fields whose text may run over several rows of the sheet (one paragraph a row, column A left empty below
# the label): every field but the single values below. 标题 rows are joined into one line, as the importer
# joins a title that wraps over several paragraphs; the layout breaks it again.
_SINGLE_VALUE_FIELDS = frozenset({"发文字号", "成文日期", "印发日期"})
# Column headings of the sheet (qzqd init writes 字段 | 内容): not fields, and not worth a warning.
_NOTICE_HEADINGS = frozenset({"字段", "字段名", "字段名称", "项目", "名称", "内容", "值"})


def _notice_key(value: Any) -> str:
    key = normalize_header(value).rstrip("：:")
    return _NOTICE_ALIASES.get(key, key)


# A sheet whose column A names at least this many notice fields is the notice, whatever it is called.
_NOTICE_MIN_LABELS = 3
_NOTICE_SCAN_ROWS = 40


def _notice_labels(rows: list[list[Any]]) -> set[str]:
    return {
        f
        for row in rows[:_NOTICE_SCAN_ROWS]
        if row and (f := _notice_key(clean_cell(format_value(row[0])))) in NOTICE_FIELD_BY_NAME
    }


def _read_notice_sheet(
    wb: calamine.CalamineWorkbook,
    path: Path,
    pl: PowerList,
    *,
    list_sheet: str,
    cache: dict[str, tuple[list[list[Any]], list[Merge]]],
) -> None:
    """Read the notice into ``pl``: the sheet named 发文信息, else the one whose column A holds the field
    labels (renamed “发文信息（2022年）”, “Sheet2”), else say that there is none and what that changes."""
    names = list(wb.sheet_names)
    notice_name = next((n for n in names if n.strip() == NOTICE_SHEET), None)
    rows: list[list[Any]] = []
    if notice_name is not None:
        rows = _sheet_grid(wb, notice_name, path)[0]
    else:
        # As the list sheet is found by its header when it is named otherwise: by content, the best match.
        best: tuple[int, str, list[list[Any]]] | None = None
        for n in names:
            if n == list_sheet or n.strip() in (NOTES_SHEET, REQUEST_SHEET):
                continue
            grid = cache[n][0] if n in cache else _sheet_grid(wb, n, path)[0]
            found = len(_notice_labels(grid))
            if found >= _NOTICE_MIN_LABELS and (best is None or found > best[0]):
                best = (found, n, grid)
        if best is not None:
            _, notice_name, rows = best
            pl.warnings.append(
                Finding(
                    "QZ007",
                    "info",
                    f"没有名为“{NOTICE_SHEET}”的工作表，发文信息从工作表“{notice_name}”读取（它的 A 列是发文字号、"
                    f"标题等字段名）；建议把这个工作表改名为“{NOTICE_SHEET}”。",
                    sheet=notice_name,
                )
            )
    if notice_name is None:
        pl.source.notice_sheet = None
        others = "、".join(n for n in names if n != list_sheet)
        if not others:
            # A workbook of the list alone (a published list, one made by hand): there is no sheet that could
            # have been meant as the notice, so nothing was passed over.
            return
        pl.warnings.append(
            Finding(
                "QZ007",
                "warning",
                f"找不到工作表“{NOTICE_SHEET}”（其他工作表：{others}；其中也没有 A 列为发文字号、标题、成文日期等"
                "字段名的工作表），没有读取发文信息：不知道成文日期，检查法律依据时按今天的日期判断条文是否已修改"
                "（可用 --as-of 指定日期）；qzqd render 也无法排版通知。"
                f"请把发文信息所在的工作表命名为“{NOTICE_SHEET}”。",
            )
        )
        return
    settings: dict[str, str] = {}
    pl.notice, pl.source.notice_rows, problems = read_notice(rows, notice_name, settings)
    if settings.get(KIND_LABEL) == CATALOGUE_KIND:
        pl.catalogue = True
    pl.source.notice_sheet = notice_name
    pl.warnings.extend(problems)


def read_notice(
    rows: list[list[Any]], sheet: str = NOTICE_SHEET, settings: dict[str, str] | None = None
) -> tuple[Notice, dict[str, int], list[Finding]]:
    """The 发文信息 sheet: field label in column A, value in column B; returns the notice, label -> row, and
    the problems met (QZ007: rows that were not read).

    A row whose column A is empty continues the field above it (a multi-paragraph 正文 is often written one
    paragraph a row); a row with a label that is not a field is reported, never dropped silently. The
    list's settings (清单类型：目录) are put into ``settings`` when given.

    >>> notice, where, problems = read_notice([["字段", "内容"], ["发文字号", "兴保发〔2022〕1号"], ["正文", "甲"], [None, "乙"]])
    >>> notice.doc_number, notice.body, where, problems
    ('兴保发〔2022〕1号', '甲\\n乙', {'发文字号': 2, '正文': 3}, [])
    """
    notice = Notice()
    where: dict[str, int] = {}
    problems: list[Finding] = []
    current: NoticeField | None = None  # the field the next unlabelled row continues
    # The label row that was not read (unknown or repeated) and what to do about it: the unlabelled rows below
    # it continue that row, so their warning points at the label to correct, not at their empty column A.
    skipped: tuple[str, str] | None = None

    def problem(r: int, col: str, message: str) -> None:
        # The place is the Finding's sheet and cell, which every report prints: not repeated in the message.
        cell = f"{col}{r + 1}"
        problems.append(Finding("QZ007", "warning", message, sheet=sheet, row=r + 1, cell=cell))

    for r, row in enumerate(rows):
        label = clean_cell(format_value(row[0])) if row else ""
        value = clean_cell(format_value(row[1])) if len(row) > 1 else ""
        if not label:
            if not value:
                continue  # a blank row (or a spacer between paragraphs) ends nothing
            if current is None and not where and value in _NOTICE_HEADINGS:
                continue
            if current is None and skipped is not None:
                where_label, fix = skipped
                problem(r, "B", f"“{clip(value)}”接在{where_label}下面，没有读取；{fix}")
            elif current is None:
                problem(
                    r, "B", f"“{clip(value)}”左边 A 列没有字段名，这一行没有读取；请在 A 列填写字段名（如“正文”）。"
                )
            elif current.name in _SINGLE_VALUE_FIELDS:
                problem(
                    r,
                    "B",
                    f"“{clip(value)}”左边 A 列是空的，像是接着上面的“{current.name}”，但{current.name}只能填一项，"
                    "这一行没有读取；请在 A 列填写字段名，或删除这一行。",
                )
            else:
                before = getattr(notice, current.attr)
                joiner = "" if current.name == "标题" else "\n"
                setattr(notice, current.attr, before + joiner + value if before else value)
            continue
        key = _notice_key(label)
        if key == KIND_LABEL:
            current = skipped = None
            if settings is not None:
                settings[KIND_LABEL] = value
            if value not in ("", CATALOGUE_KIND, LIST_KIND):
                problem(
                    r, "B", f"“{KIND_LABEL}”应为“{CATALOGUE_KIND}”或留空（完整的权责清单），“{clip(value)}”不认识。"
                )
            continue
        f = NOTICE_FIELD_BY_NAME.get(key)
        cell = f"A{r + 1}"
        if f is None:
            current = skipped = None  # rows below an unknown label are not read into the field above it
            if key in _NOTICE_HEADINGS or (not where and not value):
                continue  # the column headings, or a title above the fields
            known = "、".join(x.name for x in NOTICE_FIELDS)
            problem(r, "A", f"不认识的字段“{clip(label)}”，这一行没有读取。A 列的字段名应为：{known}。")
            skipped = (f" {cell} 不认识的字段“{clip(label)}”", f"请改正 {cell} 的字段名。")
            continue
        if f.name in where:
            current = None
            first = where[f.name]
            problem(
                r,
                "A",
                f"字段“{f.name}”在第 {first} 行已经填写过，这一行没有读取；请把内容合并到第 {first} 行。",
            )
            skipped = (f" {cell} 重复的字段“{f.name}”", f"请把内容合并到第 {first} 行。")
            continue
        setattr(notice, f.attr, value)
        where[f.name] = r + 1
        current, skipped = f, None
    return notice, where, problems


__all__ = [
    "read_workbook",
    "open_workbook",
    "sniff_format",
    "read_notice",
    "NOTICE_FIELDS",
    "READ_CODES",
]
