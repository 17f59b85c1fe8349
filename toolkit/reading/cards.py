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


def cards_grid(rows: list[list[Any]]) -> tuple[list[list[str]], list[str]] | None:
    """The grid (header row, one row per item) the cards make, and the lines that were titles; or None when
    the rows are not cards."""
    lc = _label_column(rows)
    if lc is None:
        return None
    blocks: list[dict[str, str]] = []
    order: list[str] = []
    titles: list[str] = []
    current: dict[str, str] = {}
    last = ""
    for row in rows:
        label = _text(row[lc]) if lc < len(row) else ""
        values = list(dict.fromkeys(t for t in (_text(v) for v in row[lc + 1 :]) if t))
        value = "\n".join(values)
        before = [t for t in (_text(v) for v in row[:lc]) if t]
        if not label and not value:
            continue
        if not label:
            if last and not _TITLE_RE.match(value):
                current[last] = f"{current[last]}\n{value}" if current[last] else value
            else:
                titles.append(value)
            continue
        t = match_header(label)
        if not value and (t is None or t.kind == GROUP):
            titles.append(" ".join([*before, label]))  # a title or a heading between cards
            continue
        key = normalize_header(label) or label
        if current and (key in current or (t is not None and t.column == "序号")):
            blocks.append(current)
            current = {}
        if key not in order:
            order.append(key)
        current[key] = value
        last = key
    if current:
        blocks.append(current)
    if not blocks:
        return None
    grid = [list(order)] + [[b.get(k, "") for k in order] for b in blocks]
    return grid, titles


__all__ = ["cards_grid"]
