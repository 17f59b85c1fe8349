"""Pair the items of two revisions: by 事项编码, then by normalised name key, then renamed items by content.

Everything here is near-linear in the number of items: dictionaries for the codes and keys, and for the
renamed items MinHash signatures bucketed by band (locality-sensitive hashing), so only items that share a
band are ever compared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

import numpy as np

from ..errors import InputError
from ..model import CODE_COLUMN, PowerList
from .textdiff import normalize_text

KEY_COLUMNS = ("权力分类", "项目名称", "子项名称")
# Columns whose text says what an item does; a renamed item keeps most of it.
CONTENT_COLUMNS = ("实施依据", "责任事项", "责任事项依据")
IGNORED_FOR_CONTENT = ("序号", CODE_COLUMN.name)

SHINGLE = 4  # characters per shingle
BANDS, ROWS = 16, 3  # LSH: a pair collides in some band with high probability when Jaccard >= ~0.5
MIN_SIMILARITY = 0.5  # Jaccard of the 4-gram sets needed to call two items one renamed item
MAX_BUCKET = 64  # bands this crowded hold boilerplate every item shares; they tell nothing


class DuplicateItemError(InputError):
    """Two items of one revision with the same code or key: the diff cannot tell which is which."""


@dataclass(frozen=True)
class Pair:
    old: int
    new: int
    how: str  # "code", "key" or "similar"
    similarity: float | None = None


def item_key(category: str, name: str, subitem: str) -> tuple[str, str, str]:
    """The normalised (权力分类, 项目名称, 子项名称) key.

    >>> item_key("行政强制", "对 非法获取（载体）", "") == item_key("行政强制", "对非法获取(载体)", "")
    True
    """
    return normalize_text(category), normalize_text(name), normalize_text(subitem)


def match_items(
    old: PowerList,
    new: PowerList,
    rec_old: list[dict[str, str]] | None = None,
    rec_new: list[dict[str, str]] | None = None,
) -> tuple[list[Pair], list[int], list[int]]:
    """Pairs of matched items, then the indices of removed (old) and added (new) items.

    >>> from toolkit.model import PowerList
    >>> a = PowerList.from_records([{"权力分类": "行政检查", "项目名称": "甲"}])
    >>> match_items(a, a)[0]
    [Pair(old=0, new=0, how='key', similarity=None)]
    """
    rec_old = rec_old if rec_old is not None else old.records()
    rec_new = rec_new if rec_new is not None else new.records()
    pairs: list[Pair] = []
    old_left = list(range(len(old)))
    new_left = list(range(len(new)))
    if old.has_code and new.has_code:
        old_codes = _index_by(old, rec_old, old_left, lambda r: normalize_text(r[CODE_COLUMN.name]), "事项编码")
        new_codes = _index_by(new, rec_new, new_left, lambda r: normalize_text(r[CODE_COLUMN.name]), "事项编码")
        for code, i in old_codes.items():
            j = new_codes.get(code)
            if j is not None:
                pairs.append(Pair(i, j, "code"))
        used_old = {p.old for p in pairs}
        used_new = {p.new for p in pairs}
        old_left = [i for i in old_left if i not in used_old]
        new_left = [j for j in new_left if j not in used_new]

    def key_of(r: dict[str, str]) -> tuple[str, str, str]:
        return item_key(r["权力分类"], r["项目名称"], r["子项名称"])

    old_keys = _index_by(old, rec_old, old_left, key_of, "权力分类、项目名称、子项名称")
    new_keys = _index_by(new, rec_new, new_left, key_of, "权力分类、项目名称、子项名称")
    for key, i in old_keys.items():
        j = new_keys.get(key)
        if j is not None:
            pairs.append(Pair(i, j, "key"))
    used_old = {p.old for p in pairs}
    used_new = {p.new for p in pairs}
    old_left = [i for i in old_left if i not in used_old]
    new_left = [j for j in new_left if j not in used_new]

    similar = pair_similar(rec_old, old.columns, old_left, rec_new, new.columns, new_left)
    pairs.extend(similar)
    used_old = {p.old for p in similar}
    used_new = {p.new for p in similar}
    return pairs, [i for i in old_left if i not in used_old], [j for j in new_left if j not in used_new]


def _index_by(
    pl: PowerList,
    records: list[dict[str, str]],
    indices: list[int],
    keyfunc: Callable[[dict[str, str]], Hashable],
    what: str,
) -> dict[Hashable, int]:
    """key -> item index over ``indices``; two items with one key raise :class:`DuplicateItemError`."""
    seen: dict[Hashable, int] = {}
    for i in indices:
        r = records[i]
        key = keyfunc(r)
        if what == "事项编码" and not key:
            continue  # items without a code are matched by their name key
        if key in seen:
            first = seen[key]
            raise DuplicateItemError(
                f"第 {_row_label(pl, first)}与第 {_row_label(pl, i)}是同一事项（{what}相同：{_describe(records[i], what)}），"
                "无法确定两个版本中的事项如何对应。",
                path=pl.source.path,
                sheet=pl.source.sheet if pl.source.path else None,
                hint="请合并重复的事项，或用子项名称（或事项编码）把它们区分开，然后再比对。",
            )
        seen[key] = i
    return seen


def _row_label(pl: PowerList, i: int) -> str:
    row = pl.rows[i] if i < len(pl.rows) else None
    return f"{row} 行" if row is not None else f"{i + 1} 项"


def _describe(r: dict[str, str], what: str) -> str:
    if what == "事项编码":
        return f"“{r[CODE_COLUMN.name]}”"
    return "，".join(f"{c}“{r[c]}”" for c in KEY_COLUMNS if r[c]) or "均为空"


# ---- renamed items: MinHash + LSH -------------------------------------------------------------------------

_rng = np.random.default_rng(20240501)  # fixed seed: the same inputs always give the same pairs
_A = _rng.integers(1, 2**63 - 1, size=BANDS * ROWS, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, 2**63 - 1, size=BANDS * ROWS, dtype=np.uint64)


def content_text(record: dict[str, str], columns: list[str]) -> str:
    """The text a renamed item keeps: its legal basis and duties. The accountability columns are left out
    because most items of a list share them word for word, which would make unrelated items look alike."""
    text = "\n".join(record.get(c, "") for c in CONTENT_COLUMNS)
    if text.strip():
        return text
    return "\n".join(record[c] for c in columns if c not in IGNORED_FOR_CONTENT)


def shingles(text: str) -> np.ndarray:
    """Sorted unique 64-bit hashes of the text's character 4-grams (after format normalisation)."""
    t = normalize_text(text)
    if not t:
        return np.zeros(0, dtype=np.uint64)
    codes = np.frombuffer(t.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < SHINGLE:
        codes = np.concatenate([codes, np.zeros(SHINGLE - len(codes), dtype=np.uint64)])
    n = len(codes) - SHINGLE + 1
    h = np.zeros(n, dtype=np.uint64)
    mult = np.uint64(0x100000001B3)
    for k in range(SHINGLE):
        h = (h * mult) ^ codes[k : k + n]
    return np.unique(h)


def minhash(sh: np.ndarray) -> np.ndarray:
    if not len(sh):
        return np.zeros(BANDS * ROWS, dtype=np.uint64)
    # Affine hashing modulo 2**64 (unsigned overflow wraps in numpy arrays), then a splitmix64 finaliser so
    # that the minimum depends on all bits; one minimum per hash function.
    x = (sh[None, :] * _A[:, None]) + _B[:, None]
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x.min(axis=1)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    if not len(a) and not len(b):
        return 1.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def pair_similar(
    rec_old: list[dict[str, str]],
    cols_old: list[str],
    old_idx: list[int],
    rec_new: list[dict[str, str]],
    cols_new: list[str],
    new_idx: list[int],
) -> list[Pair]:
    """Pair leftover items whose content is still largely the same (a renamed or re-categorised item)."""
    if not old_idx or not new_idx:
        return []
    sh_old = {i: shingles(content_text(rec_old[i], cols_old)) for i in old_idx}
    sh_new = {j: shingles(content_text(rec_new[j], cols_new)) for j in new_idx}
    buckets: dict[tuple[int, bytes], tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for side, table in ((0, sh_old), (1, sh_new)):
        for idx, sh in table.items():
            sig = minhash(sh)
            for b in range(BANDS):
                buckets[(b, sig[b * ROWS : (b + 1) * ROWS].tobytes())][side].append(idx)
    candidates: set[tuple[int, int]] = set()
    for olds, news in buckets.values():
        if olds and news and len(olds) + len(news) <= MAX_BUCKET:
            candidates.update((i, j) for i in olds for j in news)
    scored = []
    for i, j in candidates:
        s = jaccard(sh_old[i], sh_new[j])
        if s >= MIN_SIMILARITY:
            same_cat = rec_old[i]["权力分类"] == rec_new[j]["权力分类"]
            scored.append((s, same_cat, -i, -j))
    scored.sort(reverse=True)
    pairs: list[Pair] = []
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    for s, _, mi, mj in scored:  # greedy, most similar first: each item pairs at most once
        i, j = -mi, -mj
        if i in taken_old or j in taken_new:
            continue
        taken_old.add(i)
        taken_new.add(j)
        pairs.append(Pair(i, j, "similar", round(s, 3)))
    return pairs
