"""Hostile files, generated at test time: small on disk, huge when read.

Each maker writes one file into a folder and returns its path. Zip bombs are written without compressing
gigabytes: the repeated block is deflated once with a full flush (which resets the compressor, so every
further copy of the block deflates to the same bytes) and the compressed block is written again and again.
"""

from __future__ import annotations

import re
import shutil
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "workbooks" / "xingan-2022.xlsx"
LIST_MEMBER = "xl/worksheets/sheet1.xml"


class _Repeat:
    """A stand-in for zipfile's compressor: every write of the same block yields the same deflated bytes."""

    def __init__(self, block: bytes) -> None:
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        self.deflated = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
        self.block = block
        self.tail = c.flush()

    def compress(self, data: bytes) -> bytes:
        if data is self.block:
            return self.deflated
        c = zlib.compressobj(9, zlib.DEFLATED, -15)  # a one-off piece: deflated on its own, byte-aligned
        return c.compress(data) + c.flush(zlib.Z_FULL_FLUSH)

    def flush(self) -> bytes:
        return self.tail


def _copy_zip(src: Path, dst: Path, replace: dict[str, Callable[[zipfile.ZipFile], None]]) -> Path:
    """``src`` with some members written by callbacks (in the same position, so readers find them)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in replace:
                replace[info.filename](zout)
            else:
                zout.writestr(info.filename, zin.read(info.filename))
    return dst


def _bomb_member(zf: zipfile.ZipFile, name: str, head: bytes, block: bytes, copies: int, tail: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    rep = _Repeat(block)
    with zf.open(info, "w", force_zip64=True) as fh:
        fh._compressor = rep  # type: ignore[attr-defined]
        fh.write(head)
        for _ in range(copies):
            fh.write(block)
        fh.write(tail)


def _sample_sheet() -> bytes:
    with zipfile.ZipFile(SAMPLE) as zf:
        return zf.read(LIST_MEMBER)


def _with_sheet(dst: Path, xml: bytes, src: Path = SAMPLE) -> Path:
    return _copy_zip(src, dst, {LIST_MEMBER: lambda zf: zf.writestr(LIST_MEMBER, xml)})


def _append_rows(xml: bytes, rows: bytes) -> bytes:
    return xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)


def _inline(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


def lying_dimension(folder: Path) -> Path:
    """The sample with ``<dimension ref="A1:XFD1048576"/>``: the tag lies, the cells are the sample's."""
    xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', _sample_sheet())
    return _with_sheet(folder / "lying-dimension.xlsx", xml)


def far_corner_cell(folder: Path) -> Path:
    """The sample plus one cell at XFD1048576 (python-calamine allocated 512 GiB for it)."""
    xml = _append_rows(_sample_sheet(), b'<row r="1048576">' + _inline("XFD1048576", "远处") + b"</row>")
    return _with_sheet(folder / "far-corner.xlsx", xml)


def far_within_limits(folder: Path) -> Path:
    """The sample plus one cell at AHH90000: row and column each within the limits, but the grid from A1 to it
    is 80 million cells (python-calamine lays a sheet out densely)."""
    xml = _append_rows(_sample_sheet(), b'<row r="90000">' + _inline("AHH90000", "远处") + b"</row>")
    return _with_sheet(folder / "far-within-limits.xlsx", xml)


def unaddressed_far_cell(folder: Path) -> Path:
    """The sample with no r="A1" on its cells (readers place them by position), plus one at row 1048576."""
    plain = re.sub(rb'(<c) r="[A-Z]+[0-9]+"', rb"\1", _sample_sheet())
    xml = _append_rows(plain, b'<row r="1048576"><c t="inlineStr"><is><t>x</t></is></c></row>')
    return _with_sheet(folder / "unaddressed-far.xlsx", xml)


def xls_far_cell(folder: Path) -> Path:
    """An .xls with one cell at IV65536 (tests/hostile/fixtures/README.md says how it was made)."""
    return Path(shutil.copy(Path(__file__).parent / "fixtures" / "far-cell.xls", folder / "far-cell.xls"))


def stray_cell(folder: Path) -> Path:
    """The sample plus one stray cell at A1048576, far below the list."""
    xml = _append_rows(_sample_sheet(), b'<row r="1048576">' + _inline("A1048576", "备注") + b"</row>")
    return _with_sheet(folder / "stray-cell.xlsx", xml)


def million_rows(folder: Path) -> Path:
    """The sample's header plus 1,048,574 rows of one short cell each."""

    def member(zf: zipfile.ZipFile) -> None:
        xml = _sample_sheet()
        head = xml[: xml.index(b'<row r="3"')]
        tail = xml[xml.index(b"</sheetData>") :]
        info = zipfile.ZipInfo(LIST_MEMBER, (2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(info, "w") as fh:
            fh._compressor = zlib.compressobj(1, zlib.DEFLATED, -15)  # type: ignore[attr-defined]
            fh.write(head)
            for start in range(3, 1048577, 4096):
                fh.write(
                    b"".join(
                        b'<row r="%d"><c r="C%d" t="inlineStr"><is><t>x</t></is></c></row>' % (r, r)
                        for r in range(start, min(start + 4096, 1048577))
                    )
                )
            fh.write(tail)

    return _copy_zip(SAMPLE, folder / "million-rows.xlsx", {LIST_MEMBER: member})


def huge_cells(folder: Path, rows: int = 1000, chars: int = 32767) -> Path:
    """``rows`` items whose 13 cells each hold the same ``chars``-character shared string (a tiny file)."""
    xml = _sample_sheet()
    head = xml[: xml.index(b'<row r="3"')]
    tail = xml[xml.index(b"</sheetData>") :]
    body = b"".join(
        b'<row r="%d">' % r
        + b"".join(b'<c r="%s%d" t="s"><v>0</v></c>' % (c.encode(), r) for c in "ABCDEFGHIJKLM")
        + b"</row>"
        for r in range(3, rows + 3)
    )
    sst = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        f' count="1" uniqueCount="1"><si><t>{"法" * chars}</t></si></sst>'
    ).encode()

    def extra(zf: zipfile.ZipFile) -> None:
        zf.writestr(LIST_MEMBER, head + body + tail)
        zf.writestr("xl/sharedStrings.xml", sst)

    dst = _copy_zip(SAMPLE, folder / "huge-cells.xlsx", {LIST_MEMBER: extra})
    return _add_shared_strings_rel(dst)


def _add_shared_strings_rel(path: Path) -> Path:
    tmp = path.with_suffix(".tmp")
    rel = (
        b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    )
    ctype = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", rel)
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", ctype)
            zout.writestr(info, data)
    tmp.replace(path)
    return path


def many_merges(folder: Path, count: int = 100_000, name: str = "many-merges") -> Path:
    """The sample plus ``count`` two-row merged ranges in column N below the list."""
    refs = b"".join(b'<mergeCell ref="N%d:N%d"/>' % (r, r + 1) for r in range(10, 10 + 2 * count, 2))
    xml = _sample_sheet()
    if b"<mergeCells" in xml:
        xml = re.sub(rb"<mergeCells[^>]*>", b"<mergeCells>" + refs, xml, count=1)
    else:
        xml = xml.replace(b"</sheetData>", b"</sheetData><mergeCells>" + refs + b"</mergeCells>", 1)
    return _with_sheet(folder / f"{name}.xlsx", xml)


def sheet_bomb(folder: Path, gigabytes: float = 1.5) -> Path:
    """A ~1 MB .xlsx whose list sheet XML is ``gigabytes`` GB: one cell whose text never ends (no ``</c>``)."""
    xml = _sample_sheet()
    head = xml[: xml.index(b'<row r="3"')] + b'<row r="3"><c r="C3" t="inlineStr"><is><t>'
    block = b"A" * (1 << 20)
    copies = int(gigabytes * 1024)

    def member(zf: zipfile.ZipFile) -> None:
        _bomb_member(zf, LIST_MEMBER, head, block, copies, b"</t></is></c></row></sheetData></worksheet>")

    return _copy_zip(SAMPLE, folder / "sheet-bomb.xlsx", {LIST_MEMBER: member})


def _declare_size(path: Path, member: str, size: int) -> None:
    """Write ``size`` as the uncompressed size of ``member`` in its local header and in the central directory
    (32-bit fields: the member must not use zip64)."""
    data = bytearray(path.read_bytes())
    name = member.encode()
    at = data.find(name)
    while at >= 0:
        if data[at - 30 : at - 26] == b"PK\x03\x04":
            struct.pack_into("<I", data, at - 30 + 22, size)
        elif data[at - 46 : at - 42] == b"PK\x01\x02":
            struct.pack_into("<I", data, at - 46 + 24, size)
        at = data.find(name, at + 1)
    path.write_bytes(bytes(data))


def shared_strings_bomb(folder: Path, gigabytes: float = 1.5, *, lying: bool = False) -> Path:
    """A workbook whose shared strings inflate to ``gigabytes`` GB of one string; ``lying``: the zip directory
    says the part is 1,000 bytes (python-calamine starts reading the shared strings while qzqd measures the
    sheets: its zip reader must stop at the declared size, as Python's does)."""
    scratch = folder / ("shared-bomb-lying" if lying else "shared-bomb")
    scratch.mkdir()
    src = huge_cells(scratch, rows=10, chars=10)  # a workbook with a shared-strings part
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        b'2006/main" count="1" uniqueCount="1"><si><t>'
    )
    block = "法".encode() * (1 << 18)

    def member(zf: zipfile.ZipFile) -> None:
        info = zipfile.ZipInfo("xl/sharedStrings.xml", date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        rep = _Repeat(block)
        with zf.open(info, "w", force_zip64=not lying) as fh:
            fh._compressor = rep  # type: ignore[attr-defined]
            fh.write(head)
            for _ in range(int(gigabytes * 1365)):
                fh.write(block)
            fh.write(b"</t></si></sst>")

    name = "shared-bomb-lying.xlsx" if lying else "shared-bomb.xlsx"
    dst = _copy_zip(src, folder / name, {"xl/sharedStrings.xml": member})
    shutil.rmtree(scratch)
    if lying:
        _declare_size(dst, "xl/sharedStrings.xml", 1000)
    return dst


def docx_bomb(folder: Path, gigabytes: float = 1.5) -> Path:
    """A .docx whose document.xml is ``gigabytes`` GB of one paragraph's text."""
    path = folder / "docx-bomb.docx"
    ctypes = (
        b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
        b'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.'
        b'main+xml"/></Types>'
    )
    rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", ctypes)
        zf.writestr("_rels/.rels", rels)
        _bomb_member(
            zf,
            "word/document.xml",
            head,
            "权".encode() * (1 << 18),
            int(gigabytes * 1365),
            b"</w:t></w:r></w:p></w:body></w:document>",
        )
    return path


def ole_garbage(folder: Path) -> Path:
    """An OLE compound-file signature followed by random bytes, named .xlsx (olefile raised ValueError on it:
    an internal error on every command)."""
    import random

    rng = random.Random(1)
    path = folder / "ole.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rng.randrange(256) for _ in range(4000)))
    return path


def ods_repeated_rows(folder: Path) -> Path:
    """A 1 KB .ods: a header, then one row of text that ``number-rows-repeated`` repeats 1,048,575 times
    (calamine expands it: past 60 s)."""
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )

    def cell(text: str) -> str:
        return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'

    head = (
        "<table:table-row>"
        + "".join(cell(h) for h in ("序号", "权力分类", "项目名称", "实施主体", "实施依据"))
        + "</table:table-row>"
    )
    body = '<table:table-row table:number-rows-repeated="1048575">' + cell("对保密工作的检查") + "</table:table-row>"
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} office:version="1.2"><office:body>'
        f'<office:spreadsheet><table:table table:name="权责清单">{head}{body}</table:table></office:spreadsheet>'
        "</office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
        'xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
        'manifest:media-type="text/xml"/></manifest:manifest>'
    )
    path = folder / "ods-repeated-rows.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content)
        zf.writestr("META-INF/manifest.xml", manifest)
    return path


def renamed(src: Path, folder: Path, name: str | bytes) -> Path:
    """A copy of ``src`` under ``name`` (bytes: a name that is not UTF-8)."""
    dst = Path(folder) / (name if isinstance(name, str) else name.decode("utf-8", "surrogateescape"))
    shutil.copy(src, dst)
    return dst


ALL: dict[str, Callable[[Path], Path]] = {
    "lying-dimension": lying_dimension,
    "far-corner": far_corner_cell,
    "stray-cell": stray_cell,
    "far-within-limits": far_within_limits,
    "xls-far-cell": xls_far_cell,
    "unaddressed-far": unaddressed_far_cell,
    "million-rows": million_rows,
    "huge-cells": huge_cells,
    "many-merges": many_merges,
    "merges-5k": lambda folder: many_merges(folder, 5_000, "merges-5k"),
    "sheet-bomb": sheet_bomb,
    "shared-bomb": shared_strings_bomb,
    "shared-bomb-lying": lambda folder: shared_strings_bomb(folder, lying=True),
    "docx-bomb": docx_bomb,
    "ole": ole_garbage,
    "ods-repeated-rows": ods_repeated_rows,
}


def make_all(folder: Path, names: Iterable[str] = ALL) -> dict[str, Path]:
    return {n: ALL[n](folder) for n in names}
