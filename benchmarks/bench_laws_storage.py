"""Law library storage candidates: bytes of the article blocks, and the time to read one article the first time.

Every version's articles are read from the built library (``toolkit/laws/data/laws.bin``) and stored again under
each candidate: block size, compressor, text encoding, shared dictionary. For each: the bytes of all article
blocks plus the dictionary as stored; the build time (CPU seconds to train the dictionary and compress every
block); and, for 2,000 articles drawn at random (seed 1) from all 53,000, the CPU time of a first read: decompress
the block holding the article and parse it (the file read is left out: the same for all).

    PYTHONPATH=. python benchmarks/bench_laws_storage.py [--only NAME]

Needs liblzma (for the shared-dictionary encoder, as the build does); ``brotli`` is measured when installed.
"""

from __future__ import annotations

import argparse
import json
import lzma
import random
import statistics
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toolkit.laws import packing, store  # noqa: E402

Rows = list[list]  # [number, sub, part, chapter, section, text] (head indexes into the block's "h")


def versions() -> list[list[tuple]]:
    out = []
    for law in store.load_base():
        for v in law.versions:
            if v.stored is not None:
                out.append([(a.number, a.sub, a.part, a.chapter, a.section, a.text) for a in v.stored.all()])
    return out


def block_json(arts: list[tuple]) -> str:
    heads: dict[str | None, int] = {None: 0}
    rows = [[n, sub, *(heads.setdefault(h, len(heads)) for h in (p, c, s)), t] for n, sub, p, c, s, t in arts]
    return json.dumps({"h": [h for h in heads if h], "a": rows}, ensure_ascii=False, separators=(",", ":"))


def by_count(k: int) -> Callable[[list[tuple]], list[list[tuple]]]:
    return lambda arts: [arts[i : i + k] for i in range(0, len(arts), k)]


def by_chars(limit: int) -> Callable[[list[tuple]], list[list[tuple]]]:
    def split(arts: list[tuple]) -> list[list[tuple]]:
        out: list[list[tuple]] = [[]]
        size = 0
        for a in arts:
            if out[-1] and size + len(a[-1]) > limit:
                out.append([])
                size = 0
            out[-1].append(a)
            size += len(a[-1])
        return out

    return split


_LZMA_MAIN = [{"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME}]  # main before this change


def candidates(texts: list[list[str]]) -> dict[str, tuple]:
    """name -> (splitter, setup() -> (dictionary bytes as stored, encode, decode))."""

    def lzma_main():  # type: ignore[no-untyped-def]
        return (
            b"",
            lambda s: lzma.compress(s.encode("utf-16-le"), format=lzma.FORMAT_RAW, filters=_LZMA_MAIN),
            lambda b: lzma.decompress(b, format=lzma.FORMAT_RAW, filters=_LZMA_MAIN).decode("utf-16-le"),
        )

    def lzma_plain():  # type: ignore[no-untyped-def]
        return b"", packing.pack, packing.unpack

    def zlib_plain():  # type: ignore[no-untyped-def]
        return b"", lambda s: zlib.compress(s.encode(), 9), lambda b: zlib.decompress(b).decode()

    def zlib_zdict():  # type: ignore[no-untyped-def]
        zdict = packing.train(texts, 12000).encode()[-32768:]

        def enc(s: str) -> bytes:
            c = zlib.compressobj(9, zlib.DEFLATED, -15, 9, zdict=zdict)
            return c.compress(s.encode()) + c.flush()

        def dec(b: bytes) -> str:
            return zlib.decompressobj(-15, zdict=zdict).decompress(b).decode()

        return zlib.compress(zdict, 9), enc, dec

    def brotli_plain():  # type: ignore[no-untyped-def]
        import brotli

        return b"", lambda s: brotli.compress(s.encode(), quality=11), lambda b: brotli.decompress(b).decode()

    def lzma_shared(chars: int):  # type: ignore[no-untyped-def]
        def setup():  # type: ignore[no-untyped-def]
            shared = packing.SharedDictionary(packing.train(texts, chars))
            return (
                packing.pack(shared.data.decode("utf-16-le")),
                lambda s: packing.pack_shared(s, shared),
                lambda b: packing.unpack_shared(b, shared),
            )

        return setup

    out = {
        "lzma-9e utf-16, 160 articles (main)": (by_count(160), lzma_main),
        "zlib-9 utf-8, 40 articles (before)": (by_count(40), zlib_plain),
        "zlib-9 utf-8 + 32 KB zdict, 2000 chars": (by_chars(2000), zlib_zdict),
        "lzma utf-16 lc0/lp1/pb1, 2000 chars": (by_chars(2000), lzma_plain),
        "lzma utf-16 + 128K-char dict, 2000 chars": (by_chars(2000), lzma_shared(1 << 17)),
        "lzma utf-16 + 256K-char dict, 2000 chars (shipped)": (by_chars(2000), lzma_shared(1 << 18)),
        "lzma utf-16 + 256K-char dict, 4000 chars": (by_chars(4000), lzma_shared(1 << 18)),
    }
    try:
        import brotli  # noqa: F401

        out["brotli-11 utf-8, 2000 chars"] = (by_chars(2000), brotli_plain)
    except ImportError:
        pass
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default="")
    ap.add_argument("--lookups", type=int, default=2000)
    args = ap.parse_args()
    vs = versions()
    texts = [[a[-1] for a in arts] for arts in vs]
    print(f"{len(vs)} versions, {sum(map(len, vs))} articles, {sum(len(t) for x in texts for t in x)} characters")
    rng = random.Random(1)
    picks = rng.sample([(i, k) for i, arts in enumerate(vs) for k in range(len(arts))], args.lookups)
    print("| candidate | article blocks + dictionary | blocks | build (CPU) | first read median / p95 / max (CPU) |")
    print("|---|---|---|---|---|")
    for name, (split, setup) in candidates(texts).items():
        if args.only and args.only not in name:
            continue
        c0 = time.process_time()
        stored, enc, dec = setup()
        where: dict[tuple[int, int], bytes] = {}
        total, nblocks = len(stored), 0
        for i, arts in enumerate(vs):
            k = 0
            for part in split(arts):
                block = enc(block_json(part))
                total += len(block)
                nblocks += 1
                for j in range(k, k + len(part)):
                    where[i, j] = block
                k += len(part)
        build = time.process_time() - c0
        times = []
        for i, k in picks:
            t = time.process_time()
            body = json.loads(dec(where[i, k]))
            assert body["a"][0][-1] is not None
            times.append(time.process_time() - t)
        times.sort()
        print(
            f"| {name} | {total / 1e6:.3f} MB | {nblocks} | {build:.0f} s | "
            f"{statistics.median(times) * 1e3:.2f} / {times[int(len(times) * 0.95)] * 1e3:.2f} / {times[-1] * 1e3:.2f} ms |",
            flush=True,
        )


if __name__ == "__main__":
    main()
