"""Safe file output: never overwrite by accident, never leave a half-written file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import FileMissingError, OutputError


@contextlib.contextmanager
def atomic_output(path: str | Path, *, force: bool = True, inputs: tuple[Path, ...] = ()) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; on success it is renamed onto ``path``.

    On any error the temporary file is removed, so the destination is either the old file or the complete
    new one, never a half-written one.

    >>> with atomic_output("/tmp/qzqd-doctest.txt") as tmp:
    ...     _ = tmp.write_text("ok")
    """
    path = Path(path)
    check_output(path, force=force, inputs=inputs)
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=f".part{path.suffix}", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"无法在目录“{path.parent}”中写入文件（{exc.strerror}）。", path=path) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        try:
            os.replace(tmp, path)
        except OSError as exc:
            # On Windows the usual cause: the old file is open in Excel or WPS, which locks it.
            raise OutputError(
                f"无法保存（{exc.strerror or exc}）。如果该文件正在 Excel 或 WPS 中打开，请先关闭它再运行。",
                path=path,
            ) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def check_output(path: Path, *, force: bool, inputs: tuple[Path, ...] = ()) -> None:
    """Refuse an output that would overwrite an input, an existing file without force, or a missing folder."""
    for src in inputs:
        with contextlib.suppress(OSError):
            if path.exists() and path.samefile(src):
                raise OutputError("输出文件与输入文件相同；qzqd 不会改动输入文件，请换一个输出文件名。", path=path)
    if path.is_dir():
        raise OutputError("这是一个目录，不是文件名。", path=path)
    if path.exists() and not force:
        raise OutputError("文件已存在，未覆盖。如需覆盖，请加 --force。", path=path)
    if not path.parent.exists():
        raise OutputError(f"目录“{path.parent}”不存在，请先建立该目录或换一个位置。", path=path)
    if not path.parent.is_dir():
        raise OutputError(f"“{path.parent}”是一个文件，不是目录，无法在其中保存。", path=path)
    if not os.access(path.parent, os.W_OK):
        raise OutputError(f"没有权限写入目录“{path.parent}”。", path=path)


def check_input(path: str | Path) -> Path:
    """An existing, readable file, or a Chinese error saying what is wrong."""
    path = Path(path)
    if not path.exists():
        raise FileMissingError("文件不存在，请检查路径和文件名。", path=path)
    if path.is_dir():
        raise FileMissingError("这是一个目录，不是文件。", path=path)
    if not os.access(path, os.R_OK):
        raise FileMissingError("没有权限读取该文件。", path=path)
    return path
