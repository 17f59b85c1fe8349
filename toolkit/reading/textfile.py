"""The text of a plain-text file as a clerk saved it: UTF-8 (with or without BOM), GBK/GB18030, or UTF-16
(Notepad's “Unicode”).

>>> decode_text("甲".encode("gb18030"), None), decode_text("\\ufeff乙".encode("utf-8"), None)
('甲', '乙')
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ImportFormatError


def decode_text(raw: bytes, path: Path | None) -> str:
    """Decode ``raw``; a Chinese error when no encoding fits."""
    # Notepad saves "Unicode" as UTF-16 with a byte-order mark; GBK would decode some of it as garbage.
    encodings = ("utf-16",) if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "gb18030")
    for enc in encodings:
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ImportFormatError("无法识别文本文件的编码（应为 UTF-8 或 GBK）。", path=path)


__all__ = ["decode_text"]
