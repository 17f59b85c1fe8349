"""Safe file output: never overwrite by accident, never leave a half-written file."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import FileMissingError, OutputError, os_error_text

_NAME_MAX = 255  # bytes in one file name on every file system qzqd is used on (ext4, NTFS counts UTF-16 units)


def name_max(folder: Path) -> int:
    try:
        return int(os.pathconf(folder, "PC_NAME_MAX"))
    except (OSError, ValueError, AttributeError):  # Windows has no pathconf
        return _NAME_MAX


def temp_prefix(path: Path) -> str:
    """The prefix of the temporary file beside ``path``: a dot and as much of the stem as fits, so that the
    temporary name (prefix + 8 random characters + ".part" + suffix) is never longer than ``path``'s own
    name allows. A name that is legal for the output is legal for its temporary file.

    >>> temp_prefix(Path("清单.xlsx")), len(temp_prefix(Path("清" * 80 + ".xlsx")).encode())
    ('.清单.', 236)
    """
    budget = name_max(path.parent) - len(f"XXXXXXXX.part{path.suffix}".encode()) - 2
    stem = path.stem
    while len(stem.encode("utf-8", "surrogateescape")) > budget and stem:
        stem = stem[:-1]
    return f".{stem}."


@contextlib.contextmanager
def atomic_output(path: str | Path, *, force: bool = True, inputs: tuple[Path, ...] = ()) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; when the block succeeds it becomes ``path``.

    Without ``force`` the final name is claimed exclusively (a hard link of the finished temporary file, which
    fails if the name exists): of two runs writing one output, the second fails with “已存在” however their
    work overlaps. With ``force`` the finished file replaces ``path`` in one rename: the last run to finish
    wins, and a reader never sees a mix. On any error or signal the temporary file is removed, so the
    destination is either the old file or the complete new one, never a half-written one.

    >>> with atomic_output("/tmp/qzqd-doctest.txt") as tmp:
    ...     _ = tmp.write_text("ok")
    """
    path = Path(path)
    check_output(path, force=force, inputs=inputs)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=temp_prefix(path), suffix=f".part{path.suffix}", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"无法在目录“{path.parent}”中写入文件（{os_error_text(exc)}）。", path=path) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    from . import cleanup

    cleanup.register(tmp)
    try:
        try:
            yield tmp
            os.chmod(tmp, 0o644)
        except OSError as exc:
            if exc.errno not in _WRITE_ERRORS:
                raise
            raise OutputError(f"无法保存（{os_error_text(exc)}），没有留下不完整的文件。", path=path) from exc
        claim(tmp, path, force=force)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
        cleanup.unregister(tmp)


def claim(tmp: Path, path: Path, *, force: bool) -> None:
    """Put the finished ``tmp`` at ``path``: exclusively (a hard link) unless ``force``, else by a rename."""
    try:
        if not force:
            try:
                os.link(tmp, path)
                return
            except FileExistsError:
                raise OutputError(EXISTS, path=path) from None
            except OSError:
                # No hard links here (FAT and exFAT USB drives, some network shares): claim the name with an
                # exclusive create, then rename over the empty file this run owns.
                try:
                    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
                except FileExistsError:
                    raise OutputError(EXISTS, path=path) from None
        os.replace(tmp, path)
    except OSError as exc:
        # On Windows the usual cause: the old file is open in Excel or WPS, which locks it.
        raise OutputError(
            f"无法保存（{os_error_text(exc)}）。如果该文件正在 Excel 或 WPS 中打开，请先关闭它再运行。",
            path=path,
        ) from exc


# Failures of the write itself: said as such (the others, e.g. a font that cannot be read, propagate).
_WRITE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO, errno.ENAMETOOLONG})
EXISTS = "文件已存在，未覆盖。如需覆盖，请加 --force。"


def check_output(path: Path, *, force: bool, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse an output that would overwrite an input, an existing file without force, or a missing folder."""
    length = len(path.name.encode("utf-8", "surrogateescape"))
    if length > name_max(path.parent if path.parent.is_dir() else Path(".")):
        raise OutputError(
            f"文件名太长（{length} 字节，系统最多允许 {name_max(path.parent if path.parent.is_dir() else Path('.'))} 字节；"
            "一个汉字占 3 字节），请换一个短一些的文件名。",
            path=path,
        )
    for src in inputs:
        with contextlib.suppress(OSError):
            if path.exists() and path.samefile(src):
                raise OutputError("输出文件与输入文件相同；qzqd 不会改动输入文件，请换一个输出文件名。", path=path)
    if path.is_dir():
        raise OutputError("这是一个目录，不是文件名。", path=path)
    if path.exists() and not force:
        raise OutputError(EXISTS, path=path)
    if not path.parent.exists():
        raise OutputError(f"目录“{path.parent}”不存在，请先建立该目录或换一个位置。", path=path)
    if not path.parent.is_dir():
        raise OutputError(f"“{path.parent}”是一个文件，不是目录，无法在其中保存。", path=path)
    if not os.access(path.parent, os.W_OK):
        raise OutputError(f"没有权限写入目录“{path.parent}”。", path=path)


def check_input(path: str | Path) -> Path:
    """An existing, readable file, or a Chinese error saying what is wrong."""
    path = Path(path)
    length = len(path.name.encode("utf-8", "surrogateescape"))
    if length > _NAME_MAX:
        raise FileMissingError(
            f"文件名太长（{length} 字节，系统最多允许 {_NAME_MAX} 字节），这样的文件不存在。", path=path
        )
    if not path.exists():
        raise FileMissingError("文件不存在，请检查路径和文件名。", path=path)
    if path.is_dir():
        raise FileMissingError("这是一个目录，不是文件。", path=path)
    if not os.access(path, os.R_OK):
        raise FileMissingError("没有权限读取该文件。", path=path)
    return path
