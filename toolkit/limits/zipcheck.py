"""Size checks of whole files and of zip containers (.xlsx/.docx/.ods): the zip directory's total
uncompressed size and each part's compression ratio, read without decompressing."""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import LimitError
from .budget import ENV, MB, current, refuse

# Text, HTML and a .docx's document.xml are parsed whole into memory (a str, an lxml tree ~10 times the text):
# they get a quarter of the ``bytes`` limit (50 MB by default: a real list is a few MB).
WHOLE_PARSE_SHARE = 4


def check_file_size(path: Path, *, parsed_whole: bool = False) -> None:
    """A plain file (.xls; text and HTML with ``parsed_whole``) no larger than the ``bytes`` limit (a quarter
    of it when the file is parsed whole into memory)."""
    size = path.stat().st_size
    limit = current().bytes // (WHOLE_PARSE_SHARE if parsed_whole else 1)
    if size > limit:
        what = "文件大小（字节）" + (f"（整个读入内存，限额为 bytes 的 1/{WHOLE_PARSE_SHARE}）" if parsed_whole else "")
        raise LimitError(
            f"{what}为 {size:,}，超过了限额 {limit:,}：文件过大，或是损坏、恶意构造的文件，未处理。",
            path=path,
            hint=f"如确实需要处理这么大的文件，可加 --limit bytes=更大的数值（写在命令中任意位置），或设置环境变量 {ENV}。",
        )


_MAX_MEMBERS = 10_000


def check_zip(path: Path, *, parsed_whole: tuple[str, ...] = ()) -> None:
    """The zip directory of an .xlsx/.docx/.ods: total uncompressed size and each part's compression ratio;
    the parts named in ``parsed_whole`` (a .docx's word/document.xml) get a quarter of the ``bytes`` limit.

    Only the directory is read (no decompression). Sizes written in the directory are what Python's zipfile
    enforces when reading (a part that inflates beyond its stated size fails its CRC check).
    """
    limits = current()
    try:
        with path.open("rb") as fh:
            end = zipfile._EndRecData(fh)  # type: ignore[attr-defined]
        if end is not None and end[zipfile._ECD_ENTRIES_TOTAL] > _MAX_MEMBERS:  # type: ignore[attr-defined]
            count = end[zipfile._ECD_ENTRIES_TOTAL]  # type: ignore[attr-defined]
            raise LimitError(
                f"压缩包中有 {count:,} 个部件（工作簿或文档不会超过 {_MAX_MEMBERS:,} 个）：文件已损坏或是恶意构造的，未处理。",
                path=path,
            )
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return  # the reader says what is wrong with a damaged file
    total = 0
    for info in infos:
        total += info.file_size
        if total > limits.bytes:
            raise refuse("bytes", f"{total:,}（部件 {info.filename} 处）", path)
        if info.filename in parsed_whole and info.file_size > limits.bytes // WHOLE_PARSE_SHARE:
            raise LimitError(
                f"部件 {info.filename} 解压后为 {info.file_size:,} 字节，超过了限额 {limits.bytes // WHOLE_PARSE_SHARE:,}"
                f"（它要整个读入内存，限额为 bytes 的 1/{WHOLE_PARSE_SHARE}）：文件过大，或是损坏、恶意构造的文件，未处理。",
                path=path,
                hint=f"如确实需要处理这么大的文件，可加 --limit bytes=更大的数值（写在命令中任意位置），或设置环境变量 {ENV}。",
            )
        if info.file_size > 10 * MB and info.file_size > limits.ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise refuse("ratio", f"{ratio:,}:1（部件 {info.filename}，解压后 {info.file_size:,} 字节）", path)
