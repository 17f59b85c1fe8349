"""How the blocks of the law library file are compressed: raw LZMA2 over UTF-16, and the article texts against a
dictionary of legal prose shared by all of them.

Chinese text takes 2 bytes a character in UTF-16 (3 in UTF-8), and LZMA's literal coder with ``lp=1, pb=1, lc=0``
fits 2-byte units. An article is read by decompressing the small block that holds it (a few thousand
characters), so small blocks keep a lookup fast; alone, a small block compresses badly (it must spell out every
phrase once), so each is compressed as the continuation of a *shared dictionary* — a few hundred thousand
characters of articles chosen for the phrases they share with the rest of the corpus (:func:`train`).

Python's ``lzma`` module cannot pass a preset dictionary, but the LZMA2 format can carry one: an LZMA2 stream may
start with uncompressed chunks, which fill the decoder's dictionary. The decoder (stdlib only) feeds the shared
dictionary as uncompressed chunks, then the block, and drops the dictionary from the output. The encoder, used
only by ``scripts/build_laws.py``, calls liblzma through ctypes with the dictionary as ``preset_dict`` (it writes
exactly the chunks that continue such a dictionary).

>>> shared = SharedDictionary("第一条　为了规范行政许可的设定和实施，保护公民、法人和其他组织的合法权益。")
>>> unpack_shared(pack_shared("第二条　行政许可的设定和实施，适用本法。", shared), shared)
'第二条　行政许可的设定和实施，适用本法。'
"""

from __future__ import annotations

import collections
import functools
import lzma
from collections.abc import Iterable

_PLAIN = [{"id": lzma.FILTER_LZMA2, "preset": 9 | lzma.PRESET_EXTREME, "dict_size": 1 << 20, "lc": 0, "lp": 1, "pb": 1}]
_LC, _LP, _PB = 0, 1, 1
# Encoder settings for the shared-dictionary blocks: the hash-chain match finder inserts the dictionary into its
# tables for every block ~5× faster than the binary tree (build 30 s instead of 150 s) for 0.7 % more bytes.
_PRESET, _MF_HC4, _DEPTH, _NICE_LEN = 6, 0x04, 200, 273
_CHUNK = 1 << 16  # the largest uncompressed LZMA2 chunk
GRAM = 8  # characters: the phrases the dictionary is trained on


def pack(text: str) -> bytes:
    """A block compressed on its own (the index, each law's versions and history, the maps)."""
    return lzma.compress(text.encode("utf-16-le"), format=lzma.FORMAT_RAW, filters=_PLAIN)


def unpack(block: bytes) -> str:
    """The text of a block written by :func:`pack`."""
    return lzma.decompress(block, format=lzma.FORMAT_RAW, filters=_PLAIN).decode("utf-16-le")


class SharedDictionary:
    """The dictionary every article block is compressed against, ready for decoding: its bytes as the uncompressed
    LZMA2 chunks a block's stream continues."""

    def __init__(self, text: str, window: int | None = None) -> None:
        self.data = text.encode("utf-16-le")
        # The window (the decoder's dictionary size, as the encoder's) must hold the dictionary and a block; blocks
        # are a few KB, 256 KiB leaves room. Kept in the library file, so that a change here cannot break it.
        self.window = window or max(len(self.data) + (1 << 18), 1 << 16)
        chunks = []
        for i in range(0, len(self.data), _CHUNK):
            part = self.data[i : i + _CHUNK]
            # control byte 1: uncompressed chunk resetting the dictionary (the first), 2: without reset
            chunks.append(bytes([1 if i == 0 else 2]) + (len(part) - 1).to_bytes(2, "big") + part)
        self.prefix = b"".join(chunks)
        self.filters = [{"id": lzma.FILTER_LZMA2, "dict_size": self.window}]


def unpack_shared(block: bytes, shared: SharedDictionary) -> str:
    """The text of a block written by :func:`pack_shared` with the same dictionary."""
    if not shared.data:
        return unpack(block)
    out = lzma.decompress(shared.prefix + block, format=lzma.FORMAT_RAW, filters=shared.filters)
    return out[len(shared.data) :].decode("utf-16-le")


def pack_shared(text: str, shared: SharedDictionary) -> bytes:
    """``text`` compressed as the continuation of the shared dictionary (build time: needs liblzma, see the module
    docstring)."""
    if not shared.data:
        return pack(text)
    import ctypes

    options, filt = _structs()
    lib = _liblzma()
    opts = options()
    if lib.lzma_lzma_preset(ctypes.byref(opts), _PRESET):
        raise RuntimeError("liblzma rejected the preset")
    opts.dict_size, opts.lc, opts.lp, opts.pb = shared.window, _LC, _LP, _PB
    opts.mf, opts.depth, opts.nice_len = _MF_HC4, _DEPTH, _NICE_LEN
    keep = ctypes.create_string_buffer(shared.data, len(shared.data))
    opts.preset_dict, opts.preset_dict_size = ctypes.cast(keep, ctypes.c_void_p), len(shared.data)
    filters = (filt * 2)(filt(0x21, ctypes.cast(ctypes.pointer(opts), ctypes.c_void_p)), filt(2**64 - 1, None))
    data = text.encode("utf-16-le")
    out = ctypes.create_string_buffer(len(data) + len(data) // 2 + 1024)
    pos = ctypes.c_size_t(0)
    ret = lib.lzma_raw_buffer_encode(filters, None, data, len(data), out, ctypes.byref(pos), len(out))
    if ret != 0:
        raise RuntimeError(f"liblzma failed to compress a block (lzma_ret {ret})")
    return out.raw[: pos.value]


def train(texts: Iterable[list[str]], chars: int) -> str:
    """A shared dictionary of about ``chars`` characters from ``texts`` (the articles of each version): the
    articles richest in phrases (:data:`GRAM`-character sequences) that recur in many versions, each adding
    phrases the ones before it lack; the richest last, where references to it are shortest. Deterministic.

    >>> train([["应当依法办理登记手续。", "甲"], ["应当依法办理登记手续。"], ["应当依法办理登记手续。乙"]], 20)
    '应当依法办理登记手续。'
    """
    versions = [list(t) for t in texts]
    freq: collections.Counter[str] = collections.Counter()
    for arts in versions:
        freq.update({a[i : i + GRAM] for a in arts for i in range(len(a) - GRAM + 1)})
    scored = []
    for a in sorted({a for arts in versions for a in arts}):
        grams = {a[i : i + GRAM] for i in range(len(a) - GRAM + 1)}
        gain = sum(freq[g] - 1 for g in grams if freq[g] > 2)
        if gain:
            scored.append((-gain / (len(a) + 20), a))
    scored.sort()
    covered: set[str] = set()
    chosen, size = [], 0
    for neg, a in scored:
        grams = {a[i : i + GRAM] for i in range(len(a) - GRAM + 1)}
        gain = sum(freq[g] - 1 for g in grams - covered if freq[g] > 2)
        if gain / (len(a) + 20) < -neg / 2:  # half its phrases are in the dictionary already
            continue
        chosen.append(a)
        covered |= grams
        size += len(a) + 1
        if size >= chars:
            break
    return "\n".join(reversed(chosen))[-chars:]


@functools.cache
def _liblzma():  # type: ignore[no-untyped-def]
    import ctypes
    import ctypes.util

    options, filt = _structs()
    name = ctypes.util.find_library("lzma")
    if name is None:
        raise RuntimeError("building the law library needs liblzma (the xz library), which was not found")
    lib = ctypes.CDLL(name)
    lib.lzma_lzma_preset.argtypes = [ctypes.POINTER(options), ctypes.c_uint32]
    lib.lzma_raw_buffer_encode.argtypes = [
        ctypes.POINTER(filt),
        ctypes.c_void_p,
        ctypes.c_char_p,
        ctypes.c_size_t,
        ctypes.c_char_p,
        ctypes.POINTER(ctypes.c_size_t),
        ctypes.c_size_t,
    ]
    return lib


@functools.cache
def _structs():  # type: ignore[no-untyped-def]
    # ctypes is imported only when a block is written (at build time), not when the library is read.
    import ctypes

    class Options(ctypes.Structure):  # lzma_options_lzma (lzma/lzma12.h), with its reserved tail
        _fields_ = [
            ("dict_size", ctypes.c_uint32),
            ("preset_dict", ctypes.c_void_p),
            ("preset_dict_size", ctypes.c_uint32),
            ("lc", ctypes.c_uint32),
            ("lp", ctypes.c_uint32),
            ("pb", ctypes.c_uint32),
            ("mode", ctypes.c_int),
            ("nice_len", ctypes.c_uint32),
            ("mf", ctypes.c_int),
            ("depth", ctypes.c_uint32),
            ("reserved", ctypes.c_uint32 * 16),
            ("reserved_ptr", ctypes.c_void_p * 4),
        ]

    class Filter(ctypes.Structure):  # lzma_filter
        _fields_ = [("id", ctypes.c_uint64), ("options", ctypes.c_void_p)]

    return Options, Filter
