"""The header vocabulary: what real lists call their columns, read from ``headers.tsv`` (data, not code).

Each wording leads to a :class:`Target`: a standard column, a choice of two (实施机构: the 实施主体 when
the table has none, else the department), a column holding two (追责情形及追责依据), a known column
outside the standard 13 (carried under its own header), the steps column of a list written one row per
办理环节, or a group label over other columns. docs/headers.md is generated from the same table.

>>> match_header("责任事项（明确责任主体）").columns, match_header("执法类别").columns
(('责任事项',), ('权力分类',))
>>> match_header("追责情形及追责依据").kind, match_header("办理时限").kind, match_header("说明文字")
('combined', 'extra', None)
>>> match_header("行政处罚内容").column, match_header("行政处罚内容").category
('项目名称', '行政处罚')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..model import CATEGORIES, COLUMN_BY_NAME, LOCAL_CATEGORIES, normalize_header

STANDARD = "standard"
CHOICE = "choice"  # A|B: the first of the two that no other header names
COMBINED = "combined"  # A+B: one column holding both
EXTRA = "extra"  # 附加: kept under its own header
STEPS = "steps"  # 环节: one row per step of an item
GROUP = "group"  # 分组: a label over other columns


@dataclass(frozen=True)
class Target:
    """Where a header's column goes."""

    kind: str
    columns: tuple[str, ...] = ()  # standard columns (one; two for CHOICE and COMBINED)
    note: str = ""  # where the wording was seen
    category: str = ""  # a header naming the category of every item (行政处罚内容)

    @property
    def column(self) -> str:
        return self.columns[0] if self.columns else ""


@dataclass(frozen=True)
class Entry:
    wording: str
    target: Target


_KINDS = {"附加": EXTRA, "环节": STEPS, "分组": GROUP}


def _parse(text: str) -> list[Entry]:
    out: list[Entry] = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        wording, target, *rest = line.split("\t") + [""]
        note = rest[0] if rest else ""
        if target in _KINDS:
            t = Target(_KINDS[target], (), note)
        elif "|" in target or "+" in target:
            cols = tuple(re.split(r"[|+]", target))
            t = Target(CHOICE if "|" in target else COMBINED, cols, note)
        else:
            cols = (target,)
            t = Target(STANDARD, cols, note)
        unknown = [c for c in t.columns if c not in COLUMN_BY_NAME]
        if unknown:
            raise ValueError(f"headers.tsv line {n}: not a standard column: {unknown}")
        out.append(Entry(wording, t))
    return out


@lru_cache(maxsize=1)
def entries() -> tuple[Entry, ...]:
    """The vocabulary in file order."""
    text = resources.files(__package__).joinpath("headers.tsv").read_text("utf-8")
    return tuple(_parse(text))


@lru_cache(maxsize=1)
def _index() -> dict[str, Target]:
    index: dict[str, Target] = {}
    for e in entries():
        index.setdefault(normalize_header(e.wording), e.target)
    return index


_OPEN_BRACKET_RE = re.compile(r"[（(【\[]")
_CLOSE_BRACKETS = "）)】]"


@lru_cache(maxsize=4096)
def match_header(text: object) -> Target | None:
    """Where a header cell's column goes, or None for a wording the vocabulary does not know.

    Bracketed notes are ignored, an unclosed one too (“责任事项（明确责任主体”), and so is a trailing colon.

    >>> match_header("实施机构").kind, match_header("实施机构").columns
    ('choice', ('实施主体', '承办的内设机构'))
    """
    if not isinstance(text, str):
        return None
    key = normalize_header(text).rstrip("：:").lstrip(_CLOSE_BRACKETS)
    if not key:
        return None
    target = _index().get(key)
    if target is None:
        m = _OPEN_BRACKET_RE.search(text)
        if m and m.start() > 0:
            target = _index().get(normalize_header(text[: m.start()]).rstrip("：:"))
    if target is None:
        m = _CATEGORY_NAME_RE.match(key)
        if m:  # 行政处罚内容, 行政许可事项名称: the item's name, and the category of every item
            target = Target(STANDARD, ("项目名称",), category=m.group(1))
    return target


_CATEGORY_NAME_RE = re.compile(
    "^("
    + "|".join(sorted((*CATEGORIES, *LOCAL_CATEGORIES), key=len, reverse=True))
    + ")(?:事项|项目)?(?:内容|名称|事项)$"
)


def standard_column(text: object) -> str | None:
    """The standard column a header names directly (a standard or choice wording: its first column).

    >>> standard_column("设定依据"), standard_column("实施机构"), standard_column("办理时限")
    ('实施依据', '实施主体', None)
    """
    t = match_header(text)
    return t.column if t is not None and t.kind in (STANDARD, CHOICE) else None


def is_header_word(text: object) -> bool:
    """Whether a cell's text is a known header wording of any kind (for telling header rows from items).

    >>> is_header_word("法律"), is_header_word("执法依据"), is_header_word("行政许可")
    (False, True, False)
    """
    return match_header(text) is not None


def markdown() -> str:
    """The vocabulary as the Markdown page docs/headers.md (generated; a test keeps it current)."""
    by_target: dict[str, list[Entry]] = {}
    for e in entries():
        t = e.target
        key = {
            STANDARD: t.column,
            CHOICE: "｜".join(t.columns),
            COMBINED: "＋".join(t.columns),
        }.get(t.kind, {EXTRA: "附加列", STEPS: "办理环节（一行一个环节）", GROUP: "分组（表头第一行）"}.get(t.kind, ""))
        by_target.setdefault(key, []).append(e)
    lines = [
        "# 能识别的列名",
        "",
        "<!-- 由 toolkit/reading/headers.tsv 生成：qzqd headers --markdown > docs/headers.md -->",
        "",
        "导入和检查时，表头中的列名按下表归入标准列。比较时不计空格和括号中的说明"
        "（“责任事项（明确责任主体）”即“责任事项”）。",
        "",
        "- **A｜B**：表中没有其他列叫 A 时归入 A，否则归入 B（如“实施机构”：表中已有“实施主体”时是承办的内设机构）。",
        "- **A＋B**：一列同时写了两项内容：能按“依据”等字样分开的分开，分不开的整格放入 A，导入时说明。",
        "- **附加列**：标准 13 列以外、各地常见的列，按原列名原样保留在主表最后（检查、比对、更新引用时保留）。",
        "- 表中其他不认识的列同样作为附加列保留，导入时列出。",
        "- **分组**：表头第一行跨几列的标签；分组下的小列按各自列名归入。标准列名跨几列时"
        "（如“执法依据”下分“法律｜行政法规｜地方性法规”），各小列合并到该标准列，每段前加小列名（“【法律】…”）。",
        "",
        "| 归入 | 列名 | 见于 |",
        "|---|---|---|",
    ]
    for key, items in by_target.items():
        words = "、".join(e.wording for e in items)
        notes = "；".join(f"{e.wording}：{e.target.note}" for e in items if e.target.note)
        lines.append(f"| {key} | {words} | {notes} |")
    return "\n".join(lines) + "\n"


__all__ = ["Target", "entries", "is_header_word", "markdown", "match_header", "standard_column"]
