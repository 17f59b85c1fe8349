"""The built-in law library: one binary file (``data/laws.bin``) built by ``scripts/build_laws.py``.

Layout: a magic line, the length of the index, the index (compressed JSON, see :func:`pack`: every law with its name,
category, history, versions and their computed article maps), then one compressed JSON block per
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
import hashlib
import json
import lzma
import struct
from collections.abc import Iterable
from pathlib import Path

from ..citations.parse import cn_numeral
from .model import Article, Law, LawDataError, LawVersion, MapEntry, Mapping

DATA_FILE = Path(__file__).resolve().parent / "data" / "laws.bin"
MAGIC = b"QZQD-LAWS 2\n"
FORMAT = 2
CHUNK = 160  # articles per compressed block: one article is found by decompressing one block (1–2 ms)
# Raw LZMA2 over UTF-16: Chinese text takes 2 bytes a character there (3 in UTF-8), and LZMA finds the long
# repeats of legal prose that deflate's 32 KB window misses. Measured on the corpus: 6.6 MB as zlib/UTF-8 blocks
# of 40 articles, 5.2 MB as this (blocks of 160).
_FILTERS = [{"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME}]


def pack(text: str) -> bytes:
    """One block of the library file: ``text`` (JSON) compressed."""
    return lzma.compress(text.encode("utf-16-le"), format=lzma.FORMAT_RAW, filters=_FILTERS)


def unpack(block: bytes) -> str:
    """The JSON text of a block written by :func:`pack`."""
    return lzma.decompress(block, format=lzma.FORMAT_RAW, filters=_FILTERS).decode("utf-16-le")


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
    return pack(json.dumps(body, ensure_ascii=False, separators=(",", ":")))


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
    body = json.loads(unpack(block))
    heads = [None, *body["h"]]
    return [
        Article(
            n, text, heads[c], heads[s], f"第{cn_numeral(n)}条" + (f"之{cn_numeral(sub)}" if sub else ""), sub, heads[p]
        )
        for n, sub, p, c, s, text in body["a"]
    ]


# The hand-written tables (data/*.toml) as parsed when the library was built, by file name: {"sha256", "rows"}.
# tomllib takes ~40 ms for them; the copy is used while the file's hash still matches (see status._table).
TABLES: dict[str, dict] = {}


def _plain(value: object) -> object:
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _undated(value: object) -> object:
    if isinstance(value, dict):
        if len(value) == 1 and "$date" in value:
            return dt.date.fromisoformat(value["$date"])
        return {k: _undated(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_undated(v) for v in value]
    return value


def table_entry(text: bytes, rows: list[dict]) -> dict:
    """What the library file keeps of a hand-written table: its hash and its rows (dates as {"$date": …})."""
    return {"sha256": hashlib.sha256(text).hexdigest(), "rows": _plain(rows)}


def cached_table(name: str, text: bytes) -> list[dict] | None:
    """The rows of table ``name`` as built into the library, when ``text`` (the file now) is what was built."""
    entry = TABLES.get(name)
    if entry is None or entry["sha256"] != hashlib.sha256(text).hexdigest():
        return None
    return _undated(entry["rows"])  # type: ignore[return-value]


def write_store(path: Path, laws: list[dict], blocks: list[bytes], tables: dict | None = None) -> None:
    """Write the library file. ``laws``: one dict per law (name, category, short, versions, maps, history,
    problems), version ``blocks`` and map references being indexes into ``blocks``. The index keeps only what a
    lookup by name needs (name, category, short names); the rest of each law is a block of its own, read when
    the law is first used."""
    blocks = list(blocks)
    offsets = []
    pos = 0
    for b in blocks:
        offsets.append((pos, len(b)))
        pos += len(b)
    names = []
    for law in laws:
        for v in law["versions"]:
            if v.get("blocks") is not None:
                v["blocks"] = [[n, sub, *offsets[i]] for n, sub, i in v["blocks"]]
        for m in law.get("maps", []):
            m[2:] = offsets[m[2]]
        meta = {k: law[k] for k in ("versions", "maps", "history", "problems") if law.get(k)}
        block = pack(json.dumps(meta, ensure_ascii=False, separators=(",", ":")))
        names.append([law["name"], law["category"], law.get("short", []), pos, len(block)])
        blocks.append(block)
        pos += len(block)
    index = pack(
        json.dumps({"format": FORMAT, "laws": names, "tables": tables or {}}, ensure_ascii=False, separators=(",", ":"))
    )
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as fh:
        fh.write(MAGIC)
        fh.write(struct.pack("<I", len(index)))
        fh.write(index)
        for b in blocks:
            fh.write(b)
    tmp.replace(path)


def _read(path: Path, base: int, offset: int, length: int) -> bytes:
    with path.open("rb") as fh:
        fh.seek(base + offset)
        return fh.read(length)


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
            hit = self._loaded[i] = decode_articles(_read(self.path, self.base, offset, length))
        return hit

    def all(self) -> list[Article]:
        return [a for i in range(len(self.blocks)) for a in self._block(i)]

    def get(self, number: int, sub: int = 0) -> Article | None:
        i = bisect.bisect_right([(b[0], b[1]) for b in self.blocks], (number, sub)) - 1
        if i < 0:
            return None
        return next((a for a in self._block(i) if a.number == number and a.sub == sub), None)


def encode_map(rows: list[list]) -> bytes:
    """A computed map's rows ([old, [new…], confidence, score, note]) as a compressed block."""
    return pack(json.dumps(rows, ensure_ascii=False, separators=(",", ":")))


def _map_loader(path: Path, base: int, offset: int, length: int):  # type: ignore[no-untyped-def]
    def load() -> dict[int, MapEntry]:
        rows = json.loads(unpack(_read(path, base, offset, length)))
        return {old: MapEntry(old, tuple(new), conf, note, score) for old, new, conf, score, note in rows}

    return load


def load_base(path: Path = DATA_FILE) -> list[Law]:
    """Every law of the built-in library (the base layer), without reading any article text yet."""
    try:
        with path.open("rb") as fh:
            if fh.read(len(MAGIC)) != MAGIC:
                raise LawDataError(f"法律库数据文件 {path} 不是 qzqd 的法律库格式，请重新安装 qzqd。")
            (n,) = struct.unpack("<I", fh.read(4))
            index = json.loads(unpack(fh.read(n)))
    except (OSError, lzma.LZMAError, ValueError, struct.error) as e:
        raise LawDataError(f"法律库数据文件 {path} 无法读取（{e}），请重新安装 qzqd。") from e
    base = len(MAGIC) + 4 + n
    TABLES.update(index.get("tables", {}))
    return [
        StoredLaw.make(name, category, short, path, base, offset, length)
        for name, category, short, offset, length in index["laws"]
    ]


class StoredLaw(Law):
    """A law of the built-in library whose versions, maps and history are read on first use (a list checks a
    few dozen laws of a thousand: the others cost only their name)."""

    _LAZY = frozenset({"versions", "mappings", "history", "problems"})

    @classmethod
    def make(
        cls, name: str, category: str, short: list[str], path: Path, base: int, offset: int, length: int
    ) -> StoredLaw:
        law = cls.__new__(cls)
        d = law.__dict__
        d.update(
            name=name,
            category=category,
            short_names=tuple(short),
            issuer="",
            folder=None,
            note="",
            user=False,
            layer="base",
            repealed=None,
            replaced_by="",
            status_note="",
            _where=(path, base, offset, length),
        )
        return law

    def __getattr__(self, attr: str) -> object:
        if attr not in StoredLaw._LAZY or "_where" not in self.__dict__:
            raise AttributeError(attr)
        meta = json.loads(unpack(_read(*self.__dict__["_where"])))
        path, base = self.__dict__["_where"][:2]
        self.__dict__.update(
            versions=_versions(meta.get("versions", []), path, base),
            mappings=[
                Mapping(_date(m[0]), _date(m[1]), computed=True, loader=_map_loader(path, base, m[2], m[3]))  # type: ignore[arg-type]
                for m in meta.get("maps", [])
            ],
            history=tuple(meta.get("history", ())),
            problems=tuple(meta.get("problems", ())),
        )
        from .status import apply_facts

        apply_facts([self])
        return self.__dict__[attr]


def _versions(rows: list[dict], path: Path, base: int) -> list[LawVersion]:
    return [
        LawVersion(
            adopted=_date(v.get("adopted")),
            effective=_date(v.get("effective")),
            order=v.get("order", ""),
            kind=v.get("kind", ""),
            count=v.get("count"),
            source=v.get("source", ""),
            # A decision or amendment written as 一、二、… has no articles to check citations against.
            stored=StoredText(path, base, v["blocks"]) if v.get("blocks") and v.get("count") else None,
        )
        for v in rows
    ]
