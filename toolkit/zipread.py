"""Read one member of a zip file (a part of an .xlsx) fast, for the size check.

The size check inflates the shared strings and the sheets before calamine reads them (65 MB for a
10,000-item list). With the ``isal`` package (ISA-L's inflate and CRC, wheels for Windows, Linux and macOS)
that takes half the time of zlib's inflate and a third of its CRC; without it, zlib does the same work. Either
way the member is read as Python's zipfile reads it: never more than its declared size (the size
:func:`toolkit.limits.check_zip` has measured), a member that inflates to more or less, or whose CRC differs,
raises ``zipfile.BadZipFile`` ("Bad CRC-32") or ``EOFError`` as zipfile does. Encrypted members and other
compression methods are left to zipfile.

>>> with zipfile.ZipFile("workbooks/xingan-2022.xlsx") as zf, open_member(zf, "xl/workbook.xml") as fh:
...     fh.read(5)
b'<work'
"""

from __future__ import annotations

import struct
import zipfile
from types import TracebackType
from typing import IO

try:
    from isal import isal_zlib as _zlib
except ImportError:  # pragma: no cover - isal is a dependency; zlib does the same, slower
    import zlib as _zlib  # type: ignore[no-redef]

_READ = 1 << 16  # compressed bytes read at a time (what inflates past a read is copied again at each read)
_LOCAL_HEADER = struct.Struct("<4s22xHH")


class _Member:
    """A deflated or stored member, read front to back with :meth:`read` (what :func:`~toolkit.limits.pieces`
    needs)."""

    def __init__(self, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
        assert zf.filename is not None
        self._info = info
        self._file = open(zf.filename, "rb")  # noqa: SIM115 - closed by close()/__exit__
        self._file.seek(info.header_offset)
        magic, name_len, extra_len = _LOCAL_HEADER.unpack(self._file.read(_LOCAL_HEADER.size))
        if magic != b"PK\x03\x04":
            self._file.close()
            raise zipfile.BadZipFile(f"Bad magic number for file header of {info.filename}")
        self._file.seek(name_len + extra_len, 1)
        self._compressed_left = info.compress_size
        self._left = info.file_size  # bytes still to give: the declared size bounds the output
        self._crc = 0
        self._inflate = _zlib.decompressobj(-15) if info.compress_type == zipfile.ZIP_DEFLATED else None
        self._pending = b""  # inflated input not yet given

    def read(self, n: int) -> bytes:
        if self._left <= 0:
            self._finish()
            return b""
        n = min(n, self._left)
        if self._inflate is None:
            data = self._file.read(min(n, self._compressed_left))
            self._compressed_left -= len(data)
        else:
            data = self._inflated(n)
        if not data:
            raise EOFError(f"the data of {self._info.filename} ends before its declared size")
        self._left -= len(data)
        self._crc = _zlib.crc32(data, self._crc)
        if self._left <= 0:
            self._finish()
        return data

    def _inflated(self, n: int) -> bytes:
        assert self._inflate is not None
        out: list[bytes] = []
        size = 0
        try:
            while size < n and not self._inflate.eof:
                if self._inflate.unconsumed_tail:
                    chunk = self._inflate.decompress(self._inflate.unconsumed_tail, n - size)
                elif self._compressed_left > 0:
                    raw = self._file.read(min(_READ, self._compressed_left))
                    if not raw:
                        break
                    self._compressed_left -= len(raw)
                    chunk = self._inflate.decompress(raw, n - size)
                else:
                    # All the input is in: what the inflater holds back (ISA-L keeps output past the limit)
                    chunk = self._inflate.decompress(b"", n - size)
                    if not chunk:
                        break
                out.append(chunk)
                size += len(chunk)
        except _zlib.error as exc:  # type: ignore[misc]  # damaged deflate data: calamine says so (limits)
            raise zipfile.BadZipFile(f"damaged data in {self._info.filename!r}: {exc}") from exc
        return b"".join(out) if len(out) != 1 else out[0]

    def _finish(self) -> None:
        """At the declared size, the CRC of what was read must match (zipfile's check: a member that inflates
        to more than it says is cut at its size and fails it)."""
        if self._crc != self._info.CRC:
            raise zipfile.BadZipFile(f"Bad CRC-32 for file {self._info.filename!r}")

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> _Member:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


def open_member(zf: zipfile.ZipFile, name: str) -> IO[bytes]:
    """The member ``name`` of ``zf``, to read with ``read(n)`` (a ``zf.open`` for encrypted members and
    compression methods other than deflate and store)."""
    info = zf.getinfo(name)
    plain = info.compress_type in (zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED) and not info.flag_bits & 0x1
    if not plain or zf.filename is None:
        return zf.open(info)
    return _Member(zf, info)  # type: ignore[return-value]


__all__ = ["open_member"]
