"""One base error with specific subclasses; the CLI turns them into Chinese messages and exit codes.

Exit codes: 0 ok, 1 findings/errors in the data, 2 unusable input or usage.
"""

from __future__ import annotations

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
            where.append(f"文件“{self.path}”")
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
