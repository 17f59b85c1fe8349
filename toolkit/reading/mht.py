"""A web page saved as a single file (.mht / .mhtml, “网页，单个文件”; also Word's and WPS's “单个文件网页”).

The file is a MIME message whose HTML part holds the page; that part is read like a saved .html page
(:func:`toolkit.reading.html.read_html_text`).

>>> looks_like_mht(b"MIME-Version: 1.0\\r\\nContent-Type: multipart/related; boundary=x")
True
"""

from __future__ import annotations

import email
import email.policy
from pathlib import Path

from ..errors import ImportFormatError
from ..model import PowerList
from .html import decode_html, read_html_text


def looks_like_mht(head: bytes) -> bool:
    """Whether a file starts like a saved single-file web page (a MIME message with a multipart body)."""
    text = head[:2048].decode("latin-1").lower()
    return "mime-version:" in text and "multipart/related" in text


def read_mht(path: str | Path) -> PowerList:
    """The list in a single-file web page's HTML part."""
    path = Path(path)
    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() != "text/html":
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        charset = part.get_content_charset()
        text = None
        if charset:
            try:
                text = payload.decode("gb18030" if charset.lower() in ("gb2312", "gbk") else charset)
            except (LookupError, UnicodeDecodeError):
                text = None
        return read_html_text(text if text is not None else decode_html(payload), path=path)
    raise ImportFormatError(
        "这是单个文件的网页（.mht），但其中没有网页正文（text/html 部分）。",
        path=path,
        hint="请在浏览器中打开，另存为“网页，仅 HTML”（.html）后再导入。",
    )


__all__ = ["looks_like_mht", "read_mht"]
