"""Open a workbook file: find what it really is from its content, refuse with a Chinese error what is not a
readable workbook (a lock file, a Word document, a web page, an encrypted or damaged file), measure it
(:mod:`toolkit.limits`) and open it with python-calamine; then take a sheet's grid out of the opened workbook.
Reading the list and the notice from the grids is :mod:`toolkit.reading.xlsx`.
"""

from __future__ import annotations

import re
import threading
import zipfile
from pathlib import Path
from typing import Any

import python_calamine as calamine

from ..errors import (
    CorruptWorkbookError,
    EncryptedWorkbookError,
    NotAWorkbookError,
    UnsupportedFormatError,
)
from ..fsutil import check_input
from ..limits import XlsxPlan, check_ods, check_xls, check_xlsx, check_zip
from ..model import Finding
from .grid import Merge, clip

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
    return open_with_plan(path)[0]


def open_with_plan(path: str | Path) -> tuple[calamine.CalamineWorkbook, XlsxPlan | None]:
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

    The thread never outlives :func:`open_with_plan` (:meth:`result` and :meth:`discard` join it): validate and
    render fork workers only when no other thread runs.
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


def far_cells(plan: XlsxPlan | None, sheet: str) -> list[Finding]:
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


def sheet_grid(wb: calamine.CalamineWorkbook, name: str, path: Path) -> tuple[list[list[Any]], list[Merge]]:
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
