"""One base error with specific subclasses; the CLI turns them into Chinese messages and exit codes.

Exit codes: 0 ok, 1 findings/errors in the data, 2 unusable input or usage.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path


class QzqdError(Exception):
    """Base of every error qzqd raises on purpose. ``str()`` is the Chinese message a user sees."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.sheet = sheet
        self.cell = cell
        self.hint = hint
        super().__init__(self.format())

    def format(self) -> str:
        where = []
        if self.path is not None:
            where.append(f"文件“{display_path(self.path)}”")
        if self.sheet:
            where.append(f"工作表“{self.sheet}”")
        if self.cell:
            where.append(f"单元格 {self.cell}")
        text = ("，".join(where) + "：" if where else "") + self.message
        if self.hint:
            text += f"\n提示：{self.hint}"
        return text


class InputError(QzqdError):
    """The input cannot be used at all (exit 2)."""


class FileMissingError(InputError):
    pass


class NotAWorkbookError(InputError):
    pass


class CorruptWorkbookError(InputError):
    pass


class EncryptedWorkbookError(InputError):
    pass


class UnsupportedFormatError(InputError):
    pass


class MissingSheetError(InputError):
    pass


class MissingColumnsError(InputError):
    pass


class EmptyListError(InputError):
    pass


class LimitError(InputError):
    """An input over a size limit (toolkit.limits): refused before any work, with the option that raises it."""


class CellContentError(InputError):
    """A cell that no workbook can hold (forbidden control characters, over 32,767 characters)."""


class ImportFormatError(InputError):
    """A source document whose layout the importer does not recognise."""


class OutputError(QzqdError):
    """An output that cannot be written: exists without --force, folder missing, no permission."""


class UsageError(QzqdError):
    pass


class DataError(QzqdError):
    """The data is readable but wrong in a way that stops the command (exit 1)."""

    exit_code = 1


def display_path(path: str | Path) -> str:
    """A path as it can be printed: bytes of a name that is not UTF-8 shown as \\xNN, never an encoding error.

    >>> display_path(Path(b"\\xb9\\xd8.xlsx".decode("utf-8", "surrogateescape")))
    '\\\\xb9\\\\xd8.xlsx'
    """
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text


# The system errors a clerk can meet, in Chinese (the rest keep the system's own words).
OS_ERRORS = {
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "超出了磁盘配额",
    errno.EFBIG: "文件超过了文件系统允许的大小",
    errno.ENAMETOOLONG: "文件名或路径太长",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "磁盘或目录是只读的",
    errno.EIO: "磁盘读写出错",
    errno.ENOENT: "文件或目录不存在",
    errno.EISDIR: "这是一个目录",
    errno.EMFILE: "打开的文件太多",
    errno.ENOMEM: "内存不足",
}


def os_error_text(exc: OSError) -> str:
    """The Chinese words for a system error (“磁盘空间已满”), else the system's own message.

    >>> os_error_text(OSError(errno.ENOSPC, "No space left on device"))
    '磁盘空间已满'
    """
    return OS_ERRORS.get(exc.errno or -1, exc.strerror or str(exc))


def from_os_error(exc: OSError) -> QzqdError:
    """A :class:`QzqdError` for a system error met anywhere (the CLI's last resort before “内部错误”)."""
    name = exc.filename if isinstance(exc.filename, (str, bytes, os.PathLike)) else None
    path = Path(os.fsdecode(name)) if name is not None else None
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return OutputError(f"{os_error_text(exc)}，无法完成；没有留下不完整的文件。请清理磁盘后再试。", path=path)
    return InputError(f"{os_error_text(exc)}，无法完成。", path=path)
