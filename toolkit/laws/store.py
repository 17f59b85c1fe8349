"""The built-in law library: one binary file (``data/laws.bin``) built by ``scripts/build_laws.py``.

Layout: a magic line, the length of the index, the index (compressed JSON: every law's name, category and short
names, where its block is, and where the shared dictionary is), then the blocks: per law one with its versions,
history and map references; each version's articles in blocks of about :data:`BLOCK_CHARS` characters, and its
preamble and appendix in one of their own; the computed maps; the shared dictionary the article blocks are
compressed against (see ``packing.py``). Loading reads only the index; a law's block is read when the law is
first used, an article's block when one of its articles is first asked for (and the shared dictionary with the
first of them), so the registry is ready in a few tens of milliseconds and the package stays small.

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
from .packing import SharedDictionary, pack, pack_shared, unpack, unpack_shared

DATA_FILE = Path(__file__).resolve().parent / "data" / "laws.bin"
MAGIC = b"QZQD-LAWS 3\n"
FORMAT = 3
# Characters of article text per block (a longer article is a block alone): an article is found by decompressing
# one block, ~0.2 ms; see packing.py for why small blocks cost little space.
BLOCK_CHARS = 2000
DICTIONARY_CHARS = 1 << 18  # the shared dictionary (512 KiB as UTF-16): each doubling saves ~7 % of the text blocks


def _date(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def encode_articles(articles: Iterable[Article], shared: SharedDictionary) -> bytes:
    """Some articles of a version as a compressed block (headings stored once, articles as short rows)."""
    heads: dict[str | None, int] = {None: 0}
    rows = []
    for a in articles:
        idx = [heads.setdefault(h, len(heads)) for h in (a.part, a.chapter, a.section)]
        rows.append([a.number, a.sub, *idx, a.text])
    names = [h for h in heads if h is not None]
    return pack_shared(json.dumps({"h": names, "a": rows}, ensure_ascii=False, separators=(",", ":")), shared)


def encode_version(articles: list[Article], shared: SharedDictionary) -> list[tuple[int, int, bytes]]:
    """A version's articles as blocks of about :data:`BLOCK_CHARS` characters: (first number, first sub, block)."""
    out: list[tuple[int, int, bytes]] = []
    part: list[Article] = []
    size = 0
    for a in [*articles, None]:
        if part and (a is None or size + len(a.text) > BLOCK_CHARS):
            out.append((part[0].number, part[0].sub, encode_articles(part, shared)))
            part, size = [], 0
        if a is not None:
            part.append(a)
            size += len(a.text)
    return out


def encode_extra(appendix: str, preamble: str, shared: SharedDictionary) -> bytes | None:
    """What a version has besides its articles (the preamble, or the whole text of a decision; the appendix) as a
    block of its own, so that reading an article never decompresses it."""
    body = {k: v for k, v in (("p", preamble), ("x", appendix)) if v}
    return pack_shared(json.dumps(body, ensure_ascii=False, separators=(",", ":")), shared) if body else None


def decode_articles(block: bytes, shared: SharedDictionary) -> list[Article]:
    body = json.loads(unpack_shared(block, shared))
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


def write_store(
    path: Path,
    laws: list[dict],
    blocks: list[bytes],
    tables: dict | None = None,
    shared: SharedDictionary | None = None,
) -> None:
    """Write the library file. ``laws``: one dict per law (name, category, short, versions, maps, history,
    problems), version ``blocks`` and ``extra``, and map references being indexes into ``blocks``, which were
    compressed against ``shared``. The index keeps only what a lookup by name needs (name, category, short
    names) and where the shared dictionary is; the rest of each law is a block of its own, read when the law is
    first used."""
    blocks = list(blocks)
    dictionary = None
    if shared is not None:
        blocks.append(pack(shared.data.decode("utf-16-le")))
        dictionary = [len(blocks) - 1, shared.window]
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
            if v.get("extra") is not None:
                v["extra"] = list(offsets[v["extra"]])
        for m in law.get("maps", []):
            m[2:] = offsets[m[2]]
        meta = {k: law[k] for k in ("versions", "maps", "history", "problems") if law.get(k)}
        block = pack(json.dumps(meta, ensure_ascii=False, separators=(",", ":")))
        names.append([law["name"], law["category"], law.get("short", []), pos, len(block)])
        blocks.append(block)
        pos += len(block)
    head: dict = {"format": FORMAT, "laws": names, "tables": tables or {}}
    if dictionary is not None:
        head["dict"] = [*offsets[dictionary[0]], dictionary[1]]
    index = pack(json.dumps(head, ensure_ascii=False, separators=(",", ":")))
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

    def __init__(self, path: Path, base: int, blocks: list[list[int]], shared: list[int] | None = None) -> None:
        self.path = path
        self.base = base
        self.blocks = blocks  # [first number, first sub, offset, length], in article order
        self.shared = shared  # where the shared dictionary is: [offset, length, window]
        self._loaded: dict[int, list[Article]] = {}

    def _block(self, i: int) -> list[Article]:
        hit = self._loaded.get(i)
        if hit is None:
            _, _, offset, length = self.blocks[i]
            block = _read(self.path, self.base, offset, length)
            hit = self._loaded[i] = decode_articles(block, _shared(self.path, self.base, self.shared))
        return hit

    def all(self) -> list[Article]:
        return [a for i in range(len(self.blocks)) for a in self._block(i)]

    def get(self, number: int, sub: int = 0) -> Article | None:
        i = bisect.bisect_right([(b[0], b[1]) for b in self.blocks], (number, sub)) - 1
        if i < 0:
            return None
        return next((a for a in self._block(i) if a.number == number and a.sub == sub), None)


_SHARED: dict[tuple[Path, int, int], SharedDictionary] = {}


def _shared(path: Path, base: int, where: list[int] | None) -> SharedDictionary:
    """The shared dictionary of a library file, read once per process (~10 ms) when its first article is read."""
    if where is None:
        return SharedDictionary("")
    offset, length, window = where
    key = (path, base, offset)
    hit = _SHARED.get(key)
    if hit is None:
        hit = _SHARED[key] = SharedDictionary(unpack(_read(path, base, offset, length)), window=window)
    return hit


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
    shared = index.get("dict")
    return [
        StoredLaw.make(name, category, short, path, base, offset, length, shared)
        for name, category, short, offset, length in index["laws"]
    ]


class StoredLaw(Law):
    """A law of the built-in library whose versions, maps and history are read on first use (a list checks a
    few dozen laws of a thousand: the others cost only their name)."""

    _LAZY = frozenset({"versions", "mappings", "history", "problems"})

    @classmethod
    def make(
        cls,
        name: str,
        category: str,
        short: list[str],
        path: Path,
        base: int,
        offset: int,
        length: int,
        shared: list[int] | None = None,
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
            _shared=shared,
        )
        return law

    def __getattr__(self, attr: str) -> object:
        if attr not in StoredLaw._LAZY or "_where" not in self.__dict__:
            raise AttributeError(attr)
        meta = json.loads(unpack(_read(*self.__dict__["_where"])))
        path, base = self.__dict__["_where"][:2]
        self.__dict__.update(
            versions=_versions(meta.get("versions", []), path, base, self.__dict__["_shared"]),
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


def _versions(rows: list[dict], path: Path, base: int, shared: list[int] | None) -> list[LawVersion]:
    return [
        LawVersion(
            adopted=_date(v.get("adopted")),
            effective=_date(v.get("effective")),
            order=v.get("order", ""),
            kind=v.get("kind", ""),
            count=v.get("count"),
            source=v.get("source", ""),
            # A decision or amendment written as 一、二、… has no articles to check citations against.
            stored=StoredText(path, base, v["blocks"], shared) if v.get("blocks") and v.get("count") else None,
        )
        for v in rows
    ]
