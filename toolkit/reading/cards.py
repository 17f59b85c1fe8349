"""The card layout: one block of label–value rows per item (四川“表2-157”式, 一事项一表).

Some lists give each item a small table of its own: 序号 | 1, 权力类型 | 行政许可, 权力项目名称 | …,
责任主体 | …, 责任事项 | …, 追责情形 | … (a label column, the value beside it, often merged across). The
labels are header wordings (:mod:`toolkit.reading.vocabulary`). The blocks are turned into an ordinary grid
— one header row of the labels in the order met, one row per item — which the grid reader then reads like
any table, so the same vocabulary, extra columns and checks apply. A new block starts where a label comes
again (or at 序号). A row with a value and no label continues the value above (a label merged down).

>>> grid, titles = cards_grid([["表2-1 权责清单", None], ["序号", 1], ["权力类型", "行政许可"], ["权力项目名称", "甲"],
...                            ["责任主体", "县局"], ["序号", 2], ["权力类型", "行政检查"], ["权力项目名称", "乙"],
...                            ["责任主体", "县局"]])
>>> grid, titles
([['序号', '权力类型', '权力项目名称', '责任主体'], ['1', '行政许可', '甲', '县局'], ['2', '行政检查', '乙', '县局']], ['表2-1 权责清单'])
"""

from __future__ import annotations

import re
from typing import Any

from ..model import clean_cell, normalize_header
from .cells import format_value
from .vocabulary import CHOICE, COMBINED, GROUP, STANDARD, match_header

_MIN_LABELS = 3  # distinct standard columns the labels must name
# A title between cards (“表2-158 …”, “一、行政许可”), not more lines of the value above.
_TITLE_RE = re.compile(r"^(?:表\s*\d|[一二三四五六七八九十]+\s*[、.．]|第[一二三四五六七八九十\d]+[部分类章节])")


def _text(v: Any) -> str:
    return clean_cell(format_value(v)) if v is not None else ""


def _label_column(rows: list[list[Any]]) -> int | None:
    best, best_n = None, 0
    width = min(4, max((len(r) for r in rows), default=0))
    for c in range(width):
        named: set[str] = set()
        for row in rows:
            t = match_header(row[c]) if c < len(row) and isinstance(row[c], str) else None
            if t is not None and t.kind in (STANDARD, CHOICE, COMBINED):
                named.update(t.columns)
        if len(named) > best_n:
            best, best_n = c, len(named)
    return best if best_n >= _MIN_LABELS else None


def _pairs(cells: list[str]) -> list[tuple[str, str]]:
    """A card row after its label column: the value, and further label–value pairs on the same row
    (实施主体 | 交通局 | 行使层级 | 本级保留)."""
    out: list[tuple[str, str]] = [("", "")]
    for k, text in enumerate(cells):
        if not text:
            continue
        more = any(cells[k + 1 :])
        t = match_header(text) if out[-1][1] and more else None
        if t is not None and t.kind != GROUP:
            out.append((text, ""))
            continue
        label, value = out[-1]
        if text != value:  # a value merged across several columns comes once
            out[-1] = (label, f"{value}\n{text}" if value else text)
    return out


def cards_grid(rows: list[list[Any]]) -> tuple[list[list[str]], list[str]] | None:
    """The grid (header row, one row per item) the cards make, and the lines that were titles; or None when
    the rows are not cards.

    A line standing alone before a card (a row spanning the card, or a paragraph above it) is the item's
    name when the cards have no 项目名称 label of their own; the lines before it are titles. A card that
    repeats the one before it word for word is read once (said in the titles).
    """
    lc = _label_column(rows)
    if lc is None:
        return None
    blocks: list[dict[str, str]] = []
    headings: list[list[str]] = []  # per block, the lone lines before it
    order: list[str] = []
    shown: dict[str, str] = {}
    titles: list[str] = []
    current: dict[str, str] = {}
    pending: list[str] = []
    last = ""

    def close() -> None:
        nonlocal current
        if current:
            blocks.append(current)
            current = {}

    for row in rows:
        texts = [_text(v) for v in row]
        label = texts[lc] if lc < len(texts) else ""
        pairs = _pairs(texts[lc + 1 :])
        value = pairs[0][1]
        before = [t for t in texts[:lc] if t]
        if not label and not any(v for _, v in pairs):
            continue
        if not label:
            if last and current and not _TITLE_RE.match(value):
                current[last] = f"{current[last]}\n{value}" if current[last] else value
            else:
                close()
                pending.append(value)
                last = ""
            continue
        t = match_header(label)
        if len(pairs) == 1 and not value and (t is None or t.kind == GROUP):
            close()
            pending.append(" ".join([*before, label]))  # a title, or the name of the card below
            last = ""
            continue
        key = normalize_header(label) or label
        if current and (key in current or (t is not None and t.column == "序号")):
            close()
        if not current:
            headings.append(pending)
            pending = []
        for k, (lab, val) in enumerate(pairs):
            name = key if k == 0 else (normalize_header(lab) or lab)
            if name not in order:
                order.append(name)
                shown[name] = label if k == 0 else lab  # the label as the card writes it, for the header
            current[name] = val
            last = name
    close()
    titles.extend(pending)
    if not blocks:
        return None
    named = any(match_header(k) is not None and match_header(k).column == "项目名称" for k in order)  # type: ignore[union-attr]
    out_blocks: list[dict[str, str]] = []
    for block, lines in zip(blocks, headings, strict=True):
        if not named and lines:
            titles.extend(lines[:-1])
            block = {"项目名称": lines[-1], **block}
        else:
            titles.extend(lines)
        if (
            out_blocks
            and block == out_blocks[-1]
            or (out_blocks and not named and not lines and _same(block, out_blocks[-1]))
        ):
            titles.append(f"与上一个相同的卡片（{next(iter(block.values()), '')[:20]}）")
            continue
        out_blocks.append(block)
    if not named and any("项目名称" in b for b in out_blocks):
        order.insert(0, "项目名称")
    grid = [[shown.get(k, k) for k in order]] + [[b.get(k, "") for k in order] for b in out_blocks]
    return grid, titles


def _same(block: dict[str, str], other: dict[str, str]) -> bool:
    """A card repeating the one before it (its name, given above the first, not repeated)."""
    return all(other.get(k) == v for k, v in block.items())


__all__ = ["cards_grid"]
