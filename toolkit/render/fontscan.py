"""Find installed Chinese faces without fontconfig's ``fc-list`` (Windows, macOS without Homebrew's fontconfig).

WeasyPrint resolves font-family names itself (through the fontconfig bundled with its Pango runtime), but
qzqd must know which families are installed to pick one per role (仿宋_GB2312 or a substitute). Where
``fc-list`` is missing, the usual font folders are read with fontTools (a WeasyPrint dependency): the
families a face calls itself in every language (Windows names 仿宋 "FangSong" as well as "仿宋"), its
weight, and whether it covers Chinese.
"""

from __future__ import annotations

import os
import struct
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
_MIN_CJK_GLYPHS = 6000
_CJK_IDEOGRAPHS = 1 << (59 - 32)  # OS/2 ulUnicodeRange2, Unicode range bit 59: CJK Unified Ideographs
# OS/2 ulCodePageRange1 bits 18 (GB2312) and 20 (Big5): the Fandol faces claim Chinese only there.
_CHINESE_CODE_PAGES = (1 << 18) | (1 << 20)


def font_dirs() -> list[Path]:
    """The folders the operating system installs fonts into, for this user and for everyone.

    >>> all(isinstance(p, Path) for p in font_dirs())
    True
    """
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library" / "Fonts"]
    data = Path(os.environ.get("XDG_DATA_HOME", home / ".local" / "share"))
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), data / "fonts", home / ".fonts"]


def _font_files(dirs: Iterable[Path]) -> Iterator[Path]:
    for d in dirs:
        if not d.is_dir():
            continue
        for root, _subdirs, files in os.walk(d):
            for name in sorted(files):
                if name.lower().endswith(FONT_SUFFIXES):
                    yield Path(root) / name


def _families(font: object) -> tuple[str, ...]:
    names: list[str] = []
    table = font["name"]  # type: ignore[index]
    # 16/17 typographic family first (a bold face's own family is often "X Bold"), then legacy 1.
    for name_id in (16, 1):
        for record in table.names:
            if record.nameID != name_id:
                continue
            try:
                text = record.toUnicode().strip()
            except UnicodeDecodeError:
                continue
            if text and text not in names:
                names.append(text)
    return tuple(names)


def _weight(font: object) -> int:
    try:
        value = int(font["OS/2"].usWeightClass)  # type: ignore[index]
    except (KeyError, AttributeError):
        return 400
    return 700 if value >= 650 else 600 if value >= 550 else 500 if value >= 450 else 400


def _covers_chinese(font: object) -> bool:
    # The OS/2 table says it in its Unicode-range or code-page fields; reading the cmap instead costs seconds per large CJK collection.
    try:
        os2 = font["OS/2"]  # type: ignore[index]
    except KeyError:
        return False
    code_pages = getattr(os2, "ulCodePageRange1", 0)  # OS/2 version 1 and later
    if not (os2.ulUnicodeRange2 & _CJK_IDEOGRAPHS or code_pages & _CHINESE_CODE_PAGES):
        return False
    # Some Latin faces set that bit for a handful of symbols; GB2312 alone has 6,763 hanzi.
    return int(font["maxp"].numGlyphs) >= _MIN_CJK_GLYPHS  # type: ignore[index]


def scan_cjk_faces(dirs: Iterable[Path] | None = None) -> list[tuple[tuple[str, ...], int, Path]]:
    """``(families, CSS weight, file)`` of every face under ``dirs`` that covers Chinese.

    Unreadable or broken font files are skipped: one bad file in C:\\Windows\\Fonts must not stop rendering.

    >>> faces = scan_cjk_faces([Path("/usr/share/fonts/opentype/noto")])  # doctest: +SKIP
    >>> ("Noto Serif CJK SC" in faces[0][0], faces[0][1])  # doctest: +SKIP
    (True, 400)
    """
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    found: list[tuple[tuple[str, ...], int, Path]] = []
    for path in _font_files(font_dirs() if dirs is None else dirs):
        try:
            with path.open("rb") as fh:  # lazy tables are read while the file is open, then it is closed
                if path.suffix.lower() in (".ttc", ".otc"):
                    fonts = list(TTCollection(fh, lazy=True).fonts)
                else:
                    fonts = [TTFont(fh, lazy=True)]
                for font in fonts:
                    if "name" in font and _covers_chinese(font):
                        families = _families(font)
                        if families:
                            found.append((families, _weight(font), path))
        except (OSError, TTLibError, KeyError, ValueError, AssertionError, struct.error):
            continue
    return found
