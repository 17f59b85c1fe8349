"""The built-in law library: one binary file (``data/laws.bin``) built by ``scripts/build_laws.py``.

Layout: a magic line, the length of the index, the index (zlib-compressed JSON: every law with its name,
category, history, versions and their computed article maps), then one zlib-compressed JSON block per
version's text. Loading reads only the index; a version's text is decompressed when one of its articles is
first asked for, so the registry is ready in a few tens of milliseconds and the package stays small.

>>> laws = load_base()
>>> law = next(x for x in laws if x.name == "中华人民共和国行政许可法")
>>> law.version_at(None).article(1).text[:8]
'为了规范行政许可'
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import struct
import zlib
from collections.abc import Iterable
from pathlib import Path

from .model import Article, Law, LawDataError, LawVersion, MapEntry, Mapping

DATA_FILE = Path(__file__).resolve().parent / "data" / "laws.bin"
MAGIC = b"QZQD-LAWS 1\n"
FORMAT = 1
CHUNK = 40  # articles per compressed block: one article is found by decompressing one small block


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def encode_articles(articles: Iterable[Article], appendix: str = "", preamble: str = "") -> bytes:
    """Some articles of a version as a compressed block (headings stored once, articles as short rows)."""
    heads: dict[str | None, int] = {None: 0}
    rows = []
    for a in articles:
        idx = [heads.setdefault(h, len(heads)) for h in (a.part, a.chapter, a.section)]
        rows.append([a.number, a.sub, *idx, a.text])
    names = [h for h in heads if h is not None]
    body: dict = {"h": names, "a": rows}
    if appendix:
        body["x"] = appendix
    if preamble:
        body["p"] = preamble
    return zlib.compress(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 9)


def encode_version(articles: list[Article], appendix: str = "", preamble: str = "") -> list[tuple[int, int, bytes]]:
    """A version's text as blocks of :data:`CHUNK` articles: (first number, first sub, block)."""
    if not articles:
        return [(0, 0, encode_articles([], appendix, preamble))]
    out = []
    for k in range(0, len(articles), CHUNK):
        part = articles[k : k + CHUNK]
        last = k + CHUNK >= len(articles)
        out.append(
            (part[0].number, part[0].sub, encode_articles(part, appendix if last else "", preamble if k == 0 else ""))
        )
    return out


def decode_articles(block: bytes) -> list[Article]:
    from ..citations.parse import cn_numeral

    body = json.loads(zlib.decompress(block))
    heads = [None, *body["h"]]
    return [
        Article(
            n, text, heads[c], heads[s], f"第{cn_numeral(n)}条" + (f"之{cn_numeral(sub)}" if sub else ""), sub, heads[p]
        )
        for n, sub, p, c, s, text in body["a"]
    ]


def write_store(path: Path, laws: list[dict], blocks: list[bytes]) -> None:
    """Write the library file: ``laws`` is the index (each version's ``blob`` an index into ``blocks``)."""
    offsets = []
    pos = 0
    for b in blocks:
        offsets.append((pos, len(b)))
        pos += len(b)
    for law in laws:
        for v in law["versions"]:
            if v.get("blocks") is not None:
                v["blocks"] = [[n, sub, *offsets[i]] for n, sub, i in v["blocks"]]
    index = zlib.compress(
        json.dumps({"format": FORMAT, "laws": laws}, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 9
    )
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        fh.write(MAGIC)
        fh.write(struct.pack("<I", len(index)))
        fh.write(index)
        for b in blocks:
            fh.write(b)
    tmp.replace(path)


class StoredText:
    """A version's text in the library file, read block by block on demand (the file is opened per read:
    nothing stays open). ``get`` decompresses only the block holding the article asked for."""

    def __init__(self, path: Path, base: int, blocks: list[list[int]]) -> None:
        self.path = path
        self.base = base
        self.blocks = blocks  # [first number, first sub, offset, length], in article order
        self._loaded: dict[int, list[Article]] = {}

    def _block(self, i: int) -> list[Article]:
        hit = self._loaded.get(i)
        if hit is None:
            _, _, offset, length = self.blocks[i]
            with self.path.open("rb") as fh:
                fh.seek(self.base + offset)
                hit = self._loaded[i] = decode_articles(fh.read(length))
        return hit

    def all(self) -> list[Article]:
        return [a for i in range(len(self.blocks)) for a in self._block(i)]

    def get(self, number: int, sub: int = 0) -> Article | None:
        i = bisect.bisect_right([(b[0], b[1]) for b in self.blocks], (number, sub)) - 1
        if i < 0:
            return None
        return next((a for a in self._block(i) if a.number == number and a.sub == sub), None)


def load_base(path: Path = DATA_FILE) -> list[Law]:
    """Every law of the built-in library (the base layer), without reading any article text yet."""
    try:
        with path.open("rb") as fh:
            if fh.read(len(MAGIC)) != MAGIC:
                raise LawDataError(f"法律库数据文件 {path} 不是 qzqd 的法律库格式，请重新安装 qzqd。")
            (n,) = struct.unpack("<I", fh.read(4))
            index = json.loads(zlib.decompress(fh.read(n)))
    except (OSError, zlib.error, ValueError, struct.error) as e:
        raise LawDataError(f"法律库数据文件 {path} 无法读取（{e}），请重新安装 qzqd。") from e
    base = len(MAGIC) + 4 + n
    return [law_from_index(d, path, base) for d in index["laws"]]


def law_from_index(d: dict, path: Path, base: int) -> Law:
    versions = []
    for v in d["versions"]:
        blocks = v.get("blocks")
        versions.append(
            LawVersion(
                adopted=_date(v.get("adopted")),
                effective=_date(v.get("effective")),
                order=v.get("order", ""),
                kind=v.get("kind", ""),
                count=v.get("count"),
                source=v.get("source", ""),
                stored=StoredText(path, base, blocks) if blocks else None,
            )
        )
    mappings = [
        Mapping(
            _date(m["from"]),  # type: ignore[arg-type]
            _date(m["to"]),  # type: ignore[arg-type]
            {old: MapEntry(old, tuple(new), conf, note, score) for old, new, conf, score, note in m["rows"]},
            computed=True,
        )
        for m in d.get("maps", [])
    ]
    return Law(
        name=d["name"],
        category=d["category"],
        short_names=tuple(d.get("short", ())),
        versions=versions,
        mappings=mappings,
        layer="base",
        history=tuple(d.get("history", ())),
        problems=tuple(d.get("problems", ())),
    )
