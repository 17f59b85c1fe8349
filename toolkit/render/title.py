"""Break an official title into balanced centred lines (GB/T 9704 §7.3.3: 梯形或菱形, 词意完整).

A title is cut only between characters. Every gap gets a penalty: cheap where official titles naturally
divide (around 关于, before 《 and after 》, after a closing bracket or an enumeration comma, before 的通知),
dear inside a word, and prohibitive inside 《书名》 or （…） unless that span is longer than a line — then its
own natural gaps (after ）, before （, after 、) are used. Among the cuts that fit the line width, the one with
the lowest penalty plus imbalance wins; an hourglass (middle line shorter than both neighbours) is avoided.

>>> break_title("兴安县国家保密局关于调整公布《中共兴安县委办公室（兴安县国家保密局）权责清单》的通知", 20)
['兴安县国家保密局关于', '调整公布《中共兴安县委办公室', '（兴安县国家保密局）权责清单》的通知']
"""

from __future__ import annotations

import functools
import math
import unicodedata

# Punctuation that may not start a line, and that may not end one: the same rules as the body's lines.
from .justify import NO_END as NO_LINE_END
from .justify import NO_START as NO_LINE_START

OPEN_SPANS = {"《": "》", "（": "）", "(": ")", "〔": "〕", "【": "】", "“": "”"}

# Words after which (or before which) a title divides naturally, and document-type endings.
BREAK_AFTER = ("关于", "印发", "转发", "公布", "调整", "做好", "加强", "进一步", "开展", "实施")
BREAK_BEFORE = ("关于", "印发", "转发", "调整公布", "公布", "调整", "做好", "加强", "进一步", "开展")
DOC_TYPES = (
    "的通知",
    "的通报",
    "的决定",
    "的意见",
    "的批复",
    "的报告",
    "的请示",
    "的函",
    "的公告",
    "的通告",
    "的命令",
    "的决议",
    "的纪要",
    "的方案",
    "的办法",
    "的规定",
)
# Endings of organisation names: a cut right after them keeps the name whole.
# (Single place characters 县/市/乡 are left out: 市县乡三级 is one phrase.)
ORG_SUFFIXES = ("委员会", "办公室", "人民政府", "政府", "保密局", "局", "厅", "委", "办", "部", "院", "中心", "街道")

# Words a cut must not split (beyond what the cues above protect).
WORDS = (
    "调整公布",
    "权责清单",
    "责任清单",
    "权力清单",
    "保密局",
    "委员会",
    "办公室",
    "人民政府",
    "自治区",
    "机构编制",
    "编办",
    "动态调整",
    "进一步",
    "管理办法",
    "实施办法",
    "宣传教育",
    "县直",
    "相关单位",
    "通用目录",
    "规范化",
    "党委",
    "县委",
    "国家",
    "工作",
    "委员会办公室",
)

FORBIDDEN = 10_000.0  # a gap that must never be used
INSIDE_SPAN = 400.0  # inside 《…》/（…）: only when the span cannot fit on one line


def char_width(ch: str) -> float:
    """Width in ems: full-width characters 1, half-width (Latin, digits) 0.5."""
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 0.5


def text_width(text: str) -> float:
    return sum(char_width(c) for c in text)


def _span_depth(title: str) -> list[tuple[int, int]]:
    """For each gap i (between title[i-1] and title[i]): (start, end) of the innermost span around it, or (-1,-1)."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    closers = {v: k for k, v in OPEN_SPANS.items()}
    for i, ch in enumerate(title):
        if ch in OPEN_SPANS:
            stack.append(i)
        elif ch in closers and stack and title[stack[-1]] == closers[ch]:
            pairs[stack.pop()] = i
    inner: list[tuple[int, int]] = []
    for gap in range(len(title) + 1):
        best = (-1, -1)
        for s, e in pairs.items():
            if s < gap <= e and (best[0] < 0 or e - s < best[1] - best[0]):
                best = (s, e)
        inner.append(best)
    return inner


def gap_penalties(title: str, width: float) -> list[float]:
    """Penalty of cutting before title[i] for every i in 1..len-1 (index 0 and len are unused)."""
    n = len(title)
    spans = _span_depth(title)
    pen = [FORBIDDEN] * (n + 1)
    for i in range(1, n):
        before, after = title[i - 1], title[i]
        if after in NO_LINE_START or before in NO_LINE_END:
            continue  # FORBIDDEN
        p = 60.0  # an arbitrary gap may split a word
        head, tail = title[:i], title[i:]
        if after in OPEN_SPANS or before in OPEN_SPANS.values():
            p = 4.0
        elif before in "、，；":
            p = 3.0
        elif any(head.endswith(w) for w in BREAK_AFTER) or any(tail.startswith(w) for w in BREAK_BEFORE):
            p = 2.0
        elif any(tail.startswith(w) for w in DOC_TYPES):
            p = 6.0
        elif any(head.endswith(w) for w in ORG_SUFFIXES):
            p = 12.0
        elif before == "的" or after == "的":
            p = 30.0
        if before.isascii() and after.isascii() and before.isalnum() and after.isalnum():
            p += 200.0  # a number or a Latin word
        if any(0 < i - k < len(w) and title.startswith(w, k) for w in WORDS for k in range(max(0, i - len(w) + 1), i)):
            p += 100.0
        s, e = spans[i]
        if s >= 0:
            span_width = text_width(title[s : e + 1])
            if span_width <= width:
                p += INSIDE_SPAN
            else:
                # A span longer than a line must be cut; prefer its own natural gaps and its middle part.
                p += 20.0 + (30.0 if min(i - s, e + 1 - i) <= 2 else 0.0)
        pen[i] = p
    return pen


def _shape_cost(lengths: list[float], width: float) -> float:
    """Imbalance: squared shortfall of each line against the longest, plus a charge for an hourglass."""
    longest = max(lengths)
    cost = sum((longest - w) ** 2 for w in lengths) * 0.5
    for a, b, c in zip(lengths, lengths[1:], lengths[2:], strict=False):
        if b + 1 < a and b + 1 < c:
            cost += 200.0  # 沙漏形 is what the standard's 梯形/菱形 rule excludes
    if len(lengths) > 1 and lengths[-1] < 2:
        cost += 300.0  # a lone character on the last line
    return cost


def break_title(title: str, width: float = 20.0) -> list[str]:
    """Split ``title`` into centred lines of at most ``width`` ems, balanced and cut at natural points.

    >>> break_title("关于印发《兴安县权责清单管理办法》的通知", 20)
    ['关于印发《兴安县权责清单管理办法》的通知']
    """
    title = "".join(title.split())
    total = text_width(title)
    if total <= width:
        return [title] if title else []
    pen = gap_penalties(title, width)
    n = len(title)
    prefix = [0.0]
    for ch in title:
        prefix.append(prefix[-1] + char_width(ch))
    min_lines = math.ceil(total / width)

    best: tuple[float, list[str]] | None = None
    for lines in range(min_lines, min_lines + 2):
        result = _best_split(title, pen, prefix, width, lines)
        if result is None:
            continue
        cost, cuts = result
        parts = [title[a:b] for a, b in zip([0, *cuts], [*cuts, n], strict=True)]
        total_cost = cost + _shape_cost([text_width(p) for p in parts], width) + 40.0 * (lines - min_lines)
        if best is None or total_cost < best[0]:
            best = (total_cost, parts)
    if best is None:  # nothing fits (a single unbreakable run wider than a line): greedy by width
        return _greedy(title, width)
    return best[1]


def _best_split(title: str, pen: list[float], prefix: list[float], width: float, lines: int):
    """Lowest total gap penalty for exactly ``lines`` lines (shape is judged by the caller over candidates).

    Enumerates cut positions by dynamic programming that keeps, per (line count, end), the k best prefixes,
    so the caller's shape judgment sees several good alternatives rather than one.
    """
    n = len(title)

    @functools.cache
    def solve(start: int, left: int) -> tuple[tuple[float, tuple[int, ...]], ...]:
        if left == 1:
            if prefix[n] - prefix[start] <= width:
                return ((0.0, ()),)
            return ()
        options: list[tuple[float, tuple[int, ...]]] = []
        for cut in range(start + 1, n):
            if prefix[cut] - prefix[start] > width:
                break
            if pen[cut] >= FORBIDDEN:
                continue
            for cost, rest in solve(cut, left - 1):
                options.append((cost + pen[cut], (cut, *rest)))
        options.sort()
        return tuple(options[:12])

    candidates = solve(0, lines)
    if not candidates:
        return None
    scored = []
    for cost, cuts in candidates:
        parts = [title[a:b] for a, b in zip([0, *cuts], [*cuts, n], strict=True)]
        scored.append((cost + _shape_cost([text_width(p) for p in parts], width), cost, cuts))
    scored.sort()
    _, cost, cuts = scored[0]
    return cost, list(cuts)


def _greedy(title: str, width: float) -> list[str]:
    lines, line, w = [], "", 0.0
    for ch in title:
        if w + char_width(ch) > width and line:
            lines.append(line)
            line, w = "", 0.0
        line += ch
        w += char_width(ch)
    if line:
        lines.append(line)
    return lines
