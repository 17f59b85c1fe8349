"""toolkit.zipread reads a workbook's parts as Python's zipfile does (same bytes, same refusals), with ISA-L
or with zlib: never past a part's declared size, and a CRC that differs is an error."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import pytest

import toolkit.zipread as zipread

from . import make


@pytest.fixture(params=["isal", "zlib"])
def inflater(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "zlib":
        monkeypatch.setattr(zipread, "_zlib", zlib)
    return str(request.param)


def _read_all(zf: zipfile.ZipFile, name: str, size: int = 1 << 12) -> bytes:
    with zipread.open_member(zf, name) as fh:
        parts = []
        while chunk := fh.read(size):
            parts.append(chunk)
    return b"".join(parts)


def test_every_part_reads_as_zipfile_reads_it(inflater: str, tmp_path: Path) -> None:
    path = make.huge_cells(tmp_path, rows=20, chars=3000)  # a stored-as-deflated shared-strings part too
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            assert _read_all(zf, name) == zf.read(name), name


def _with_crc(src: Path, dst: Path, member: str, crc: int) -> Path:
    data = bytearray(src.read_bytes())
    at = data.find(member.encode())
    while at >= 0:
        if data[at - 30 : at - 26] == b"PK\x03\x04":
            struct.pack_into("<I", data, at - 30 + 14, crc)
        elif data[at - 46 : at - 42] == b"PK\x01\x02":
            struct.pack_into("<I", data, at - 46 + 16, crc)
        at = data.find(member.encode(), at + 1)
    dst.write_bytes(bytes(data))
    return dst


def test_a_part_whose_crc_differs_is_an_error(inflater: str, tmp_path: Path) -> None:
    good = make.huge_cells(tmp_path, rows=5, chars=100)
    bad = _with_crc(good, tmp_path / "bad.xlsx", "xl/sharedStrings.xml", 0x12345678)
    with zipfile.ZipFile(bad) as zf, pytest.raises(zipfile.BadZipFile, match="CRC"):
        _read_all(zf, "xl/sharedStrings.xml")


def test_a_part_is_never_read_past_its_declared_size(inflater: str, tmp_path: Path) -> None:
    bomb = make.shared_strings_bomb(tmp_path, 0.05, lying=True)  # 68 MB declared as 1,000 bytes
    with zipfile.ZipFile(bomb) as zf, zipread.open_member(zf, "xl/sharedStrings.xml") as fh:
        assert len(fh.read(600)) == 600
        with pytest.raises(zipfile.BadZipFile, match="CRC"):
            fh.read(1 << 22)  # 400 bytes more, then the CRC of the 1,000 is checked: it fails
        assert fh._left == 0  # type: ignore[attr-defined]
