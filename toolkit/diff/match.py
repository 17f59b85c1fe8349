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
# Jaccard of the 4-gram sets needed to call two items one renamed item: at least MIN_SIMILARITY and clearly
# ahead of every other candidate of either item (by MARGIN), or SURE_SIMILARITY. Items of one list share
# much boilerplate, so a merely high similarity between two unrelated items is common; a rename stands out.
MIN_SIMILARITY = 0.5
MARGIN = 0.2
SURE_SIMILARITY = 0.8
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
    left = (list(range(len(old))), list(range(len(new))))
    if old.has_code and new.has_code:
        left = _pair_by(
            old, rec_old, new, rec_new, left, lambda r: normalize_text(r[CODE_COLUMN.name]), "事项编码", "code", pairs
        )
    # Exact keys first (nearly every item), then normalised keys for the rest: normalising is the costly part.
    left = _pair_by(old, rec_old, new, rec_new, left, _raw_key, KEY_WHAT, "key", pairs)
    left = _pair_by(old, rec_old, new, rec_new, left, _norm_key, KEY_WHAT, "key", pairs)
    old_left, new_left = left
    similar = pair_similar(rec_old, old.columns, old_left, rec_new, new.columns, new_left)
    pairs.extend(similar)
    used_old = {p.old for p in similar}
    used_new = {p.new for p in similar}
    return pairs, [i for i in old_left if i not in used_old], [j for j in new_left if j not in used_new]


KEY_WHAT = "权力分类、项目名称、子项名称"


def _raw_key(r: dict[str, str]) -> Hashable:
    return (r["权力分类"], r["项目名称"], r["子项名称"])


def _norm_key(r: dict[str, str]) -> Hashable:
    return item_key(r["权力分类"], r["项目名称"], r["子项名称"])


def _pair_by(
    old: PowerList,
    rec_old: list[dict[str, str]],
    new: PowerList,
    rec_new: list[dict[str, str]],
    left: tuple[list[int], list[int]],
    keyfunc: Callable[[dict[str, str]], Hashable],
    what: str,
    how: str,
    pairs: list[Pair],
) -> tuple[list[int], list[int]]:
    """Pair the items left on both sides that share a key; return the items still left."""
    old_keys = _index_by(old, rec_old, left[0], keyfunc, what)
    new_keys = _index_by(new, rec_new, left[1], keyfunc, what)
    used_old, used_new = set(), set()
    for key, i in old_keys.items():
        j = new_keys.get(key)
        if j is not None:
            pairs.append(Pair(i, j, how))
            used_old.add(i)
            used_new.add(j)
    return [i for i in left[0] if i not in used_old], [j for j in left[1] if j not in used_new]


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


def content_text(record: dict[str, str], columns: list[str]) -> str:
    """The text a renamed item keeps: its legal basis and duties. The accountability columns are left out
    because most items of a list share them word for word, which would make unrelated items look alike."""
    text = "\n".join(record.get(c, "") for c in CONTENT_COLUMNS)
    if text.strip():
        return text
    return "\n".join(record[c] for c in columns if c not in IGNORED_FOR_CONTENT)


def shingles(text: str) -> np.ndarray:
    """Sorted unique 64-bit hashes of the text's character 4-grams (whitespace ignored).

    Width and punctuation variants are not folded here: they change a few shingles at most, and folding
    long texts would cost more than all the rest of the rename search.
    """
    return np.unique(_shingle_hashes(text))


def _shingle_hashes(text: str) -> np.ndarray:
    t = "".join(text.split())
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
    return h


_K = BANDS * ROWS
_NO_VALUE = (np.uint64(2**64 - 1), np.uint64(2**64 - 2))  # empty bins: different per side, never equal


def minhash(hashes: np.ndarray, side: int = 0) -> np.ndarray:
    """A one-permutation MinHash signature: each shingle goes to one of _K bins, each bin keeps its minimum.

    Two signatures agree in about the Jaccard share of their bins, at the cost of one hash per shingle
    (instead of one per shingle and bin).
    """
    sig = np.full(_K, _NO_VALUE[side], dtype=np.uint64)
    if not len(hashes):
        return sig
    x = hashes + np.uint64(0x9E3779B97F4A7C15)  # splitmix64 finaliser: every output bit depends on every input bit
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    np.minimum.at(sig, (x % np.uint64(_K)).astype(np.intp), x // np.uint64(_K))
    return sig


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard similarity of two sorted unique hash arrays."""
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
    sh_old = {i: _shingle_hashes(content_text(rec_old[i], cols_old)) for i in old_idx}
    sh_new = {j: _shingle_hashes(content_text(rec_new[j], cols_new)) for j in new_idx}
    sig_old = {i: minhash(sh, 0) for i, sh in sh_old.items()}
    sig_new = {j: minhash(sh, 1) for j, sh in sh_new.items()}
    buckets: dict[tuple[int, bytes], tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for side, sigs in ((0, sig_old), (1, sig_new)):
        for idx, sig in sigs.items():
            for b in range(BANDS):
                buckets[(b, sig[b * ROWS : (b + 1) * ROWS].tobytes())][side].append(idx)
    candidates: set[tuple[int, int]] = set()
    for olds, news in buckets.values():
        if olds and news and len(olds) + len(news) <= MAX_BUCKET:
            candidates.update((i, j) for i in olds for j in news)
    if not candidates:
        return []
    cand = sorted(candidates)
    # The share of equal MinHash values estimates the Jaccard similarity, for all candidates at once; the exact
    # value is computed only for the pairs finally chosen.
    pos_old = {i: k for k, i in enumerate(sig_old)}
    pos_new = {j: k for k, j in enumerate(sig_new)}
    mat_old = np.stack(list(sig_old.values()))
    mat_new = np.stack(list(sig_new.values()))
    rows_old = np.fromiter((pos_old[i] for i, _ in cand), dtype=np.intp, count=len(cand))
    rows_new = np.fromiter((pos_new[j] for _, j in cand), dtype=np.intp, count=len(cand))
    agree = (mat_old[rows_old] == mat_new[rows_new]).mean(axis=1)
    sims = dict(zip(cand, agree.tolist(), strict=True))
    # The best other candidate of each item: a pair counts only when it stands out from the alternatives.
    top_old: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    top_new: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0])
    for (i, j), s in sims.items():
        _keep_top2(top_old[i], s)
        _keep_top2(top_new[j], s)
    scored = []
    for (i, j), s in sims.items():
        if s < MIN_SIMILARITY:
            continue
        runner_up = max(_other(top_old[i], s), _other(top_new[j], s))
        if s >= SURE_SIMILARITY or s - runner_up >= MARGIN:
            same_cat = rec_old[i]["权力分类"] == rec_new[j]["权力分类"]
            scored.append((s, same_cat, -i, -j))
    scored.sort(reverse=True)
    pairs: list[Pair] = []
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    for _est, _, mi, mj in scored:  # greedy, most similar first: each item pairs at most once
        i, j = -mi, -mj
        if i in taken_old or j in taken_new:
            continue
        exact = jaccard(np.unique(sh_old[i]), np.unique(sh_new[j]))
        if exact < MIN_SIMILARITY:
            continue
        taken_old.add(i)
        taken_new.add(j)
        pairs.append(Pair(i, j, "similar", round(exact, 3)))
    return pairs


def _keep_top2(top: list[float], value: float) -> None:
    if value > top[0]:
        top[0], top[1] = value, top[0]
    elif value > top[1]:
        top[1] = value


def _other(top: list[float], own: float) -> float:
    """The best value other than ``own`` (which is one of the item's values)."""
    return top[1] if own == top[0] else top[0]


# ---- merged and split items: one-to-many -------------------------------------------------------------------

# Share of an absorbed (or split-off) item's content shingles found in its counterpart. A part of a merged
# item keeps its basis and duties almost word for word inside the merged item; unrelated items of one list
# share boilerplate (the same 追责 and 职责 wording) but far less than this.
CONTAIN = 0.6
CONTAIN_MARGIN = 0.15  # the counterpart must stand out from the item's next best candidate
GAIN = 0.2  # a merged item holds this much more of the absorbed item's content than it did before (splits: lost)
# A clerk's remark naming the other item: “原第2项“甲”并入本项”, “由原“甲”拆分”.
MERGE_WORDS = ("并入", "合并")
SPLIT_WORDS = ("拆分", "分设", "分解")


@dataclass(frozen=True)
class GroupMatch:
    """A merge (several old items became one new item) or a split (one old item became several new ones)."""

    kind: str  # "merge" | "split"
    old: tuple[int, ...]
    new: tuple[int, ...]
    how: str  # "content" (shingle containment) | "remark" (the 备注 names the other item)


def find_groups(
    rec_old: list[dict[str, str]],
    cols_old: list[str],
    rec_new: list[dict[str, str]],
    cols_new: list[str],
    pairs: dict[int, int],
    removed: list[int],
    added: list[int],
    changed_new: set[int],
) -> list[GroupMatch]:
    """Merges and splits among the items that changed: ``pairs`` maps each matched new item to its old item,
    ``changed_new`` are the matched new items whose content changed.

    Only a removed item can have been absorbed into another (merge), and only an added item can have been
    split off (split); an unchanged item can be neither's counterpart, so the search stays among the few items
    an annual revision touches. Remarks naming the other item count first, then content containment.
    """
    old_of = dict(pairs)
    targets = sorted(set(added) | changed_new)
    groups: list[GroupMatch] = []
    used_removed: set[int] = set()
    used_added: set[int] = set()
    # -- merges: removed items whose content (or whose name, in a remark) lives on in a changed or added item
    absorbed: dict[int, list[tuple[int, str]]] = defaultdict(list)
    by_remark = _named_in_remarks(rec_new, targets, rec_old, removed, MERGE_WORDS)
    for r, t in by_remark.items():
        absorbed[t].append((r, "remark"))
    rest = [r for r in removed if r not in by_remark]
    for r, t in _best_containers(rec_old, cols_old, rest, rec_new, cols_new, targets).items():
        # into a changed item: only when that item gained the removed item's content (it was not there before)
        if t in old_of and _gain(rec_old, cols_old, r, rec_new, cols_new, t, rec_old, cols_old, old_of[t]) < GAIN:
            continue
        absorbed[t].append((r, "content"))
    for t in sorted(absorbed):
        parts = [r for r, _ in absorbed[t]]
        if t in old_of:
            parts = [old_of[t], *parts]
        if len(parts) < 2:
            continue
        how = "remark" if any(h == "remark" for _, h in absorbed[t]) else "content"
        groups.append(GroupMatch("merge", tuple(sorted(parts)), (t,), how))
        used_removed.update(r for r, _ in absorbed[t])
        if t not in old_of:
            used_added.add(t)
    # -- splits: added items that came out of a removed or changed old item
    sources = sorted({r for r in removed if r not in used_removed} | {old_of[t] for t in changed_new})
    new_of = {o: n for n, o in pairs.items()}
    spun: dict[int, list[tuple[int, str]]] = defaultdict(list)
    free_added = [a for a in added if a not in used_added]
    by_remark = _named_in_remarks(rec_new, free_added, rec_old, sources, SPLIT_WORDS)
    for a, s in ((a, s) for s, a in by_remark.items()):
        spun[s].append((a, "remark"))
    rest_added = [a for a in free_added if a not in by_remark.values()]
    for a, s in _best_containers(rec_new, cols_new, rest_added, rec_old, cols_old, sources).items():
        # from a changed item: only when that item lost the added item's content (else nothing was split off)
        if s in new_of and _gain(rec_new, cols_new, a, rec_old, cols_old, s, rec_new, cols_new, new_of[s]) < GAIN:
            continue
        spun[s].append((a, "content"))
    for s in sorted(spun):
        parts = [a for a, _ in spun[s]]
        if s in new_of:
            parts = [new_of[s], *parts]
        if len(parts) < 2:
            continue
        how = "remark" if any(h == "remark" for _, h in spun[s]) else "content"
        groups.append(GroupMatch("split", (s,), tuple(sorted(parts)), how))
    return groups


def _named_in_remarks(
    rec_remark: list[dict[str, str]],
    holders: list[int],
    rec_named: list[dict[str, str]],
    candidates: list[int],
    words: tuple[str, ...],
) -> dict[int, int]:
    """candidate -> holder: the holder's 备注 names the candidate's 项目名称 (with its 子项名称 when it has one)
    and says one of ``words``."""
    out: dict[int, int] = {}
    if not candidates:
        return out
    for h in holders:
        remark = normalize_text(rec_remark[h].get("备注", ""))
        if not remark or not any(w in remark for w in words):
            continue
        for c in candidates:
            name = normalize_text(rec_named[c].get("项目名称", ""))
            sub = normalize_text(rec_named[c].get("子项名称", ""))
            if name and name in remark and (not sub or sub in remark) and c not in out:
                out[c] = h
    return out


def _best_containers(
    rec_a: list[dict[str, str]],
    cols_a: list[str],
    parts: list[int],
    rec_b: list[dict[str, str]],
    cols_b: list[str],
    containers: list[int],
) -> dict[int, int]:
    """part -> container: the item of ``containers`` that holds at least CONTAIN of the part's content,
    clearly more than any other container.

    Shingles are weighted by rarity among the containers (inverse document frequency): the wording many
    items share (the same 职责 and 依据 boilerplate) counts for little, the part's own wording for much.
    """
    if not parts or not containers:
        return {}
    sh_b = [np.unique(_shingle_hashes(content_text(rec_b[c], cols_b))) for c in containers]
    hashes = np.concatenate(sh_b) if sh_b else np.zeros(0, dtype=np.uint64)
    owner = np.repeat(np.arange(len(containers)), [len(s) for s in sh_b])
    order = np.argsort(hashes, kind="stable")
    hashes, owner = hashes[order], owner[order]
    n = len(containers)
    out: dict[int, int] = {}
    for p in parts:
        sh = np.unique(_shingle_hashes(content_text(rec_a[p], cols_a)))
        if not len(sh):
            continue
        lo = np.searchsorted(hashes, sh, "left")
        hi = np.searchsorted(hashes, sh, "right")
        df = hi - lo
        weight = np.log((n + 1.0) / (df + 1.0)) + 0.05 if n > 2 else np.ones(len(sh))
        keep = df > 0
        if not keep.any():
            continue
        lo_k, df_k, w_k = lo[keep], df[keep], weight[keep]
        starts = np.repeat(lo_k - np.concatenate(([0], np.cumsum(df_k)[:-1])), df_k)
        idx = starts + np.arange(int(df_k.sum()))
        scores = np.bincount(owner[idx], weights=np.repeat(w_k, df_k), minlength=n) / float(weight.sum())
        best = int(np.argmax(scores))
        top = float(scores[best])
        scores[best] = 0.0
        if top >= CONTAIN and top - float(scores.max(initial=0.0)) >= CONTAIN_MARGIN:
            out[p] = containers[best]
    return out


def _containment(
    rec_a: list[dict[str, str]], cols_a: list[str], a: int, rec_b: list[dict[str, str]], cols_b: list[str], b: int
) -> float:
    """Share of item a's content shingles found in item b."""
    sa = np.unique(_shingle_hashes(content_text(rec_a[a], cols_a)))
    if not len(sa):
        return 0.0
    sb = np.unique(_shingle_hashes(content_text(rec_b[b], cols_b)))
    return len(np.intersect1d(sa, sb, assume_unique=True)) / len(sa)


def _gain(
    rec_p: list[dict[str, str]],
    cols_p: list[str],
    p: int,
    rec_x: list[dict[str, str]],
    cols_x: list[str],
    x: int,
    rec_y: list[dict[str, str]],
    cols_y: list[str],
    y: int,
) -> float:
    """How much more of part p's content item x holds than item y (x's counterpart in the other revision)."""
    return _containment(rec_p, cols_p, p, rec_x, cols_x, x) - _containment(rec_p, cols_p, p, rec_y, cols_y, y)
