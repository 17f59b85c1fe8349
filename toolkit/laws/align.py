"""Article maps between two versions of a law, computed from the texts: where each old article went.

The aligner compares articles by their character bigrams (punctuation and spaces ignored). It first pairs
old and new articles one to one along the text's order (a dynamic programme over the similarity matrix,
so an article that kept its place wins over a look-alike elsewhere), then pairs what is left regardless of
order (an article moved to another chapter), then finds splits (a new article whose text comes mostly from
an old one already paired) and merges (an old article whose text now sits inside a new one already paired).
Each row gets a score in 0..1 and a confidence: ``high`` rows may rewrite a citation, ``low`` rows are
shown for a person to confirm (see :attr:`toolkit.laws.model.MapEntry.confident`).

>>> old = [(1, "为了保守国家秘密，制定本法。"), (2, "国家秘密受法律保护。"), (3, "本法自公布之日起施行。")]
>>> new = [(1, "为了保守国家秘密，制定本法。"), (2, "坚持中国共产党的领导。"), (3, "国家秘密受法律保护。"),
...        (4, "本法自2024年5月1日起施行。")]
>>> [(r.old, r.new, r.confidence) for r in align_articles(old, new)]
[(1, (1,), 'high'), (2, (3,), 'high'), (3, (4,), 'low')]
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_NOISE = re.compile(r"[\s\u3000，。；：、！？“”‘’（）《》〈〉,.;:!?\"'()\[\]【】—…-]")
# Thresholds, measured on the reviewed maps (benchmarks/bench_align.py): a pair below PAIR is no pair; a
# one-to-one row is high when its score reaches SURE and no other candidate comes within MARGIN of it.
PAIR = 0.30
SURE = 0.55
MARGIN = 0.12
SPLIT_COVER = 0.5  # a split part: this share of its text (weighted) comes from the old article
SPLIT_DICE = 0.18  # a split part must also resemble its old article as a whole
REACH = 6  # how far past its neighbours' partners a gap article may go
SPLIT_INTO = 0.33  # ... or into a neighbour already taken: this similar and this much of it found there
GAP = 0.17  # an article left in a gap between paired neighbours: this similar to a new one there
PART = 0.6  # a split part / merged article: this share of its bigrams found in the other side


@dataclass(frozen=True)
class Row:
    """Where old article ``old`` went: ``new`` (empty: deleted), with a score and a confidence label."""

    old: int
    new: tuple[int, ...]
    score: float
    confidence: str  # high | low
    note: str = ""


def _grams(text: str) -> frozenset[str]:
    t = _NOISE.sub("", text)
    return frozenset(t[i : i + 2] for i in range(len(t) - 1)) or frozenset([t])


def align_articles(old: list[tuple[int, str]], new: list[tuple[int, str]]) -> list[Row]:
    """One row per old article (in order): its article(s) in the new version, score and confidence."""
    og = [_grams(t) for _, t in old]
    ng = [_grams(t) for _, t in new]
    # Bigrams weighted by rarity across both versions: boilerplate (依法给予处分, 直接负责的主管人员) that many
    # articles share says little about which article became which.
    df: dict[str, int] = {}
    for g in (*og, *ng):
        for x in g:
            df[x] = df.get(x, 0) + 1
    total = len(og) + len(ng)
    weight = {x: math.log((total + 1) / (d + 0.5)) for x, d in df.items()}
    ow = [sum(weight[x] for x in g) or 1.0 for g in og]
    nw = [sum(weight[x] for x in g) or 1.0 for g in ng]
    # Candidate pairs through an inverted index of bigrams: two articles that share nothing are never compared.
    where: dict[str, list[int]] = {}
    for j, g in enumerate(ng):
        for x in g:
            where.setdefault(x, []).append(j)
    shared: list[dict[int, float]] = []
    for g in og:
        acc: dict[int, float] = {}
        for x in g:
            w = weight[x]
            for j in where.get(x, ()):
                acc[j] = acc.get(j, 0.0) + w
        shared.append(acc)

    def dice(i: int, j: int) -> float:
        k = shared[i].get(j, 0.0)
        return 2 * k / (ow[i] + nw[j]) if k else 0.0

    sims = [{j: dice(i, j) for j in shared[i]} for i in range(len(old))]
    pairs = _monotone(sims, len(old), len(new))
    used_new = set(pairs.values())
    # Moved articles: the best remaining partner, whatever its place.
    for i in range(len(old)):
        if i in pairs:
            continue
        best = max(((s, j) for j, s in sims[i].items() if j not in used_new), default=(0.0, -1))
        if best[0] >= max(PAIR + 0.15, 0.45):
            pairs[i] = best[1]
            used_new.add(best[1])
    targets: dict[int, list[int]] = {i: [j] for i, j in pairs.items()}
    guessed: set[int] = set()  # old articles paired by position in a gap only: never sure
    # Splits: a new article left over whose text comes mostly from one old article (and from no other).
    for j in range(len(new)):
        if j in used_new or len(ng[j]) < 6:
            continue
        cover = sorted(((shared[i][j] / nw[j], i) for i in range(len(old)) if shared[i].get(j)), reverse=True)
        if (
            cover
            and cover[0][0] >= SPLIT_COVER
            and (len(cover) < 2 or cover[0][0] - cover[1][0] >= 0.2)
            and sims[cover[0][1]].get(j, 0.0) >= SPLIT_DICE
        ):
            targets.setdefault(cover[0][1], []).append(j)
            used_new.add(j)
    # Splits into a neighbour another old article also went to (the two old articles merged, one of them
    # split): a new article next to the partner, much like the old article and holding much of it.
    for i, js in list(targets.items()):
        for j in (js[0] - 1, js[0] + 1):
            near = 0 <= j < len(new) and j not in js and j in used_new
            if near and sims[i].get(j, 0.0) >= SPLIT_INTO and shared[i].get(j, 0.0) / ow[i] >= SPLIT_INTO:
                js.append(j)
    # Gaps: an old article left over between two paired neighbours goes to the most similar new article
    # between their partners (a rewritten article keeps its place), or is merged into one of them.
    anchors = sorted((i, js[0]) for i, js in targets.items())
    for i in range(len(old)):
        if i in targets:
            continue
        before = [j for a, j in anchors if a < i]
        after = [j for a, j in anchors if a > i]
        lo = max(before) if before else 0
        hi = min(after) if after else len(new) - 1
        window = range(max(0, min(lo, hi) - REACH), min(len(new), max(lo, hi) + REACH + 1))

        # An old article merged into a longer new one is mostly contained in it, though not similar overall.
        def fit(j: int, i: int = i) -> float:
            return max(sims[i].get(j, 0.0), 0.8 * shared[i].get(j, 0.0) / ow[i])

        best = max(((fit(j), j) for j in window), default=(0.0, -1))
        free = max(((fit(j), j) for j in window if j not in used_new), default=(0.0, -1))
        if free[0] >= GAP and free[0] >= best[0] - 0.05:
            targets[i] = [free[1]]
            used_new.add(free[1])
            guessed.add(i)
        elif best[0] >= GAP:
            targets[i] = [best[1]]
            guessed.add(i)
        else:
            # Merges further away: an old article whose text now sits inside a new article.
            far = max(((k / ow[i], j) for j, k in shared[i].items()), default=(0.0, -1))
            if far[0] >= PART + 0.1:
                targets[i] = [far[1]]
                guessed.add(i)
    rows = []
    into: dict[int, int] = {}
    for js in targets.values():
        for j in js:
            into[j] = into.get(j, 0) + 1
    for i, (n, _) in enumerate(old):
        js = sorted(targets.get(i, []))
        if not js:
            # Deleted: never sure (a rewrite may hide it); a person confirms.
            rows.append(Row(n, (), round(1 - max(sims[i].values(), default=0.0), 3), "low", "删除"))
            continue
        s = sims[i].get(js[0], 0.0) if len(js) == 1 else max(sims[i].get(j, 0.0) for j in js)
        others = sorted((v for j, v in sims[i].items() if j not in js), reverse=True)
        rival = others[0] if others else 0.0
        # A rival from another old article claiming the same new one also lowers confidence.
        col = max((sims[k].get(js[0], 0.0) for k in range(len(old)) if k != i), default=0.0)
        sure = s >= SURE and s - rival >= MARGIN and (len(js) > 1 or s - col >= MARGIN or into[js[0]] > 1)
        if len(js) == 1 and into[js[0]] == 1 and s >= 0.9:
            sure = True
        note = "拆分" if len(js) > 1 else ("合并" if into[js[0]] > 1 else "")
        if note:
            sure = sure and s >= SURE
        if i in guessed:
            sure = False
        rows.append(Row(n, tuple(new[j][0] for j in js), round(s, 3), "high" if sure else "low", note))
    return rows


def _monotone(sims: list[dict[int, float]], n: int, m: int) -> dict[int, int]:
    """The order-preserving one-to-one pairing with the greatest total similarity (pairs below PAIR left out)."""
    # Sparse DP over candidate pairs: best[i][j] = best total using old[:i+1], new[:j+1] ending with pair (i, j).
    cands = sorted((i, j, s) for i in range(n) for j, s in sims[i].items() if s >= PAIR)
    # Longest-path over pairs increasing in both i and j, weighted by s: O(P log P) with a Fenwick tree on j.
    tree = [(0.0, -1)] * (m + 1)

    def query(j: int) -> tuple[float, int]:  # best over new indices < j
        best = (0.0, -1)
        while j > 0:
            if tree[j][0] > best[0]:
                best = tree[j]
            j -= j & -j
        return best

    def update(j: int, val: tuple[float, int]) -> None:
        j += 1
        while j <= m:
            if val[0] > tree[j][0]:
                tree[j] = val
            j += j & -j

    score: list[float] = []
    back: list[int] = []
    k = 0
    while k < len(cands):
        i = cands[k][0]
        group = []
        while k < len(cands) and cands[k][0] == i:
            group.append(k)
            k += 1
        results = []
        for idx in group:
            _, j, s = cands[idx]
            prev = query(j)
            results.append((idx, prev[0] + s, prev[1]))
        for idx, total, prev_idx in results:  # same old article: updates after all its queries
            while len(score) <= idx:
                score.append(0.0)
                back.append(-1)
            score[idx], back[idx] = total, prev_idx
            update(cands[idx][1], (total, idx))
    if not score:
        return {}
    end = max(range(len(score)), key=lambda x: score[x])
    out: dict[int, int] = {}
    while end >= 0:
        i, j, _ = cands[end]
        out[i] = j
        end = back[end]
    return out
