"""The law library file's compression: blocks against a shared dictionary (toolkit/laws/packing.py) and the limits
the shipped file must keep."""

from __future__ import annotations

import ctypes.util
import lzma
import random

import pytest

from toolkit.laws import packing, store

needs_liblzma = pytest.mark.skipif(ctypes.util.find_library("lzma") is None, reason="the encoder needs liblzma")

ARTICLES = [
    "县级以上地方人民政府应当加强对本行政区域内安全生产工作的领导，建立健全安全生产工作协调机制。",
    "国务院有关部门依照本法和其他有关法律、行政法规的规定，在各自的职责范围内对有关行业、领域的安全生产工作实施监督管理。",
    "违反本法规定，有下列行为之一的，责令限期改正，处十万元以下的罚款；逾期未改正的，责令停产停业整顿。",
]


@needs_liblzma
@pytest.mark.parametrize(
    "text",
    [
        "",
        "第一条",
        ARTICLES[1] + ARTICLES[0],
        "\u0000\uffff" + "𠀀" * 3,
        "".join(random.Random(3).choices("法律条款第一二三", k=70000)),
    ],
    ids=["empty", "short", "phrases-of-the-dictionary", "odd-characters", "longer-than-a-chunk"],
)
def test_block_round_trips_through_the_shared_dictionary(text):
    shared = packing.SharedDictionary("\n".join(ARTICLES) * 2000)  # > 64 KiB: several uncompressed chunks
    assert packing.unpack_shared(packing.pack_shared(text, shared), shared) == text


@needs_liblzma
def test_shared_dictionary_makes_a_block_smaller():
    text = ARTICLES[0] + ARTICLES[2]
    alone = len(packing.pack(text))
    shared = packing.SharedDictionary("\n".join(ARTICLES))
    assert len(packing.pack_shared(text, shared)) < alone / 2


@needs_liblzma
def test_block_read_with_another_dictionary_is_not_the_text():
    block = packing.pack_shared(ARTICLES[0], packing.SharedDictionary(ARTICLES[0] + ARTICLES[1]))
    try:
        got: str | None = packing.unpack_shared(block, packing.SharedDictionary(ARTICLES[2] + ARTICLES[1]))
    except (lzma.LZMAError, UnicodeDecodeError):
        got = None
    assert got != ARTICLES[0]


def test_training_keeps_recurring_phrases_and_is_deterministic():
    versions = [[ARTICLES[0], f"第{i}条 其他内容{i}"] for i in range(5)] + [[ARTICLES[1]]]
    first = packing.train(versions, 200)
    assert ARTICLES[0] in first and "其他内容" not in first and ARTICLES[1] not in first
    assert packing.train(list(reversed(versions)), 200) == first


def test_shipped_file_is_under_the_tracked_file_limit():
    # The repository refuses tracked files over 5120 KiB; the library must not be split to get under it.
    assert store.DATA_FILE.stat().st_size <= 5120 * 1024


def test_every_article_block_of_the_shipped_file_is_small():
    laws = random.Random(1).sample(store.load_base(), 80)
    blocks = [v.stored._block(i) for law in laws for v in law.versions if v.stored for i in range(len(v.stored.blocks))]
    # A block holds up to BLOCK_CHARS characters of articles, or one longer article alone.
    assert len(blocks) > 80
    assert all(sum(len(a.text) for a in b) <= store.BLOCK_CHARS or len(b) == 1 for b in blocks)
