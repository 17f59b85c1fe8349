"""Content rules: reading findings (QZ001-QZ004) and the rules that look inside cells (QZ2xx).

Each rule works over whole cells with compiled regular expressions; the numbered points of every
multi-paragraph cell are parsed once per list (:func:`cell_points`) and shared by the numbering rules.

>>> [(p.label, p.fused) for p in parse_points("说明：\\n1．甲（县局）。2．乙\\n3．丙")]
[('1．', False), ('2．', True), ('3．', False)]
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import MULTILINE_COLUMNS, PowerList
from .registry import Context, Hit, rule

# --- reading findings -------------------------------------------------------------------------------------


def _reading(code: str):  # type: ignore[no-untyped-def]
    def check(ctx: Context) -> Iterator[Hit]:
        for w in ctx.pl.warnings:
            if w.code == code:
                yield Hit(
                    item=w.item,
                    column=w.column,
                    sheet=w.sheet,
                    row=w.row,
                    cell=w.cell,
                    severity=w.severity,
                    args={"message": w.message},
                )

    return check


rule("QZ001", "warning", "{message}", "An unknown extra column was found in the header and ignored.", title="未知的列")(
    _reading("QZ001")
)
rule("QZ002", "warning", "{message}", "A cell holds a formula; its cached value was used.", title="公式单元格")(
    _reading("QZ002")
)
rule(
    "QZ003",
    "warning",
    "{message}",
    "A standard column is missing and was treated as empty (error for columns whose values are required).",
    title="缺少列",
)(_reading("QZ003"))
rule(
    "QZ004",
    "info",
    "{message}",
    "A row with a single filled cell was skipped as a section title or footnote.",
    title="跳过的行",
)(_reading("QZ004"))

# --- numbered points inside cells --------------------------------------------------------------------------

DASHES = "—－\\-–―─~～"
DELIMS = "．.、"
_NUM = rf"(\d{{1,3}})(?:[ \t]*([{DASHES}])[ \t]*(\d{{1,3}}))?[ \t]*([{DELIMS}])(?!\d)"
START_RE = re.compile(r"(?m)^" + _NUM)
# A number right after the end of a sentence, inside a paragraph: a candidate for two fused points.
FUSED_RE = re.compile(r"(?<=[。；;！？）)])[ \t]*" + _NUM.replace(f"[{DELIMS}]", "[．.]"))


@dataclass(frozen=True)
class Point:
    """A numbered point (``3．`` or ``2—1．``) inside a cell."""

    major: int
    minor: int | None
    dash: str | None
    delim: str
    start: int  # offset of the number in the cell
    fused: bool  # found inside a paragraph instead of at its start

    @property
    def number(self) -> str:
        return f"{self.major}{self.dash}{self.minor}" if self.minor is not None else str(self.major)

    @property
    def label(self) -> str:
        return (
            f"{self.major}{self.dash}{self.minor}{self.delim}"
            if self.minor is not None
            else f"{self.major}{self.delim}"
        )

    def follows(self, prev: Point | None) -> bool:
        """Whether this point is a valid successor of ``prev`` (None: first point)."""
        if prev is None:
            return self.major == 1 and self.minor in (None, 1)
        if self.minor is None:
            return self.major == prev.major + 1
        if self.major == prev.major:
            return self.minor == (prev.minor or 0) + 1
        return self.major == prev.major + 1 and self.minor == 1


def _point(m: re.Match[str], fused: bool) -> Point:
    minor = m.group(3)
    return Point(
        int(m.group(1)), int(minor) if minor else None, m.group(2) if minor else None, m.group(4), m.start(1), fused
    )


def parse_points(text: str) -> list[Point]:
    """The numbered points of a cell, including a point fused onto the previous one's line."""
    if not text:
        return []
    points = [_point(m, False) for m in START_RE.finditer(text)]
    if not points or FUSED_RE.search(text) is None:
        return points
    # A mid-paragraph number counts as a fused point only when it continues the numbering, so "第2号）3．"
    # style accidents inside quoted law text are not taken for points.
    candidates = sorted(points + [_point(m, True) for m in FUSED_RE.finditer(text)], key=lambda p: p.start)
    accepted: list[Point] = []
    for p in candidates:
        if not p.fused or accepted and p.follows(accepted[-1]) and not _line_has_number_after(text, p, points):
            accepted.append(p)
    return accepted


def _line_has_number_after(text: str, p: Point, starts: list[Point]) -> bool:
    # If the next paragraph already starts with the same number, the mid-line one is not a point.
    return any(s.start > p.start and (s.major, s.minor) == (p.major, p.minor) for s in starts)


def cell_points(ctx: Context) -> dict[str, list[list[Point]]]:
    """Per multi-paragraph column, the points of every cell (computed once per validation)."""

    def make() -> dict[str, list[list[Point]]]:
        items = ctx.pl.items
        return {c: [parse_points(v) for v in items[c].tolist()] for c in MULTILINE_COLUMNS if c in items.columns}

    return ctx.memo("points", make)  # type: ignore[no-any-return]


def _segments(text: str, points: list[Point]) -> list[tuple[Point | None, str]]:
    """The text of each point (up to the next one); a cell without numbering is one segment."""
    if not points:
        return [(None, text)] if text else []
    ends = [p.start for p in points[1:]] + [len(text)]
    return [(p, text[p.start : e]) for p, e in zip(points, ends, strict=True)]


def _snippet(text: str, pos: int, before: int = 12, after: int = 10) -> str:
    a, b = max(0, pos - before), min(len(text), pos + after)
    return ("…" if a else "") + text[a:b].replace("\n", "⏎") + ("…" if b < len(text) else "")


@rule(
    "QZ201",
    "error",
    "编号不连续或重复：{detail}。",
    "Numbered points inside a cell run 1．2．3． (sub-points 2—1．2—2．) without gaps or repeats.",
    title="单元格内编号不连续",
)
def _numbering_order(ctx: Context) -> Iterator[Hit]:
    for column, cells in cell_points(ctx).items():
        for item, points in enumerate(cells):
            problems: list[str] = []
            prev: Point | None = None
            seen: set[tuple[int, int | None]] = set()
            for p in points:
                key = (p.major, p.minor)
                if not p.follows(prev):
                    if key in seen:
                        problems.append(f"“{p.label}”重复")
                    elif prev is None:
                        problems.append(f"第一个编号是“{p.label}”，应从 1 开始")
                    else:
                        problems.append(f"“{prev.label}”之后是“{p.label}”")
                seen.add(key)
                prev = p
            if problems:
                yield Hit(
                    item=item,
                    column=column,
                    args={"detail": "；".join(problems[:3]) + ("等" if len(problems) > 3 else "")},
                )


@rule(
    "QZ202",
    "error",
    "两个编号写在了同一段：“{snippet}”，“{label}”应另起一段。",
    "Two numbered points are fused on one line (e.g. '…（县国家保密局）。5．对…').",
    title="编号连写",
)
def _numbering_fused(ctx: Context) -> Iterator[Hit]:
    items = ctx.pl.items
    for column, cells in cell_points(ctx).items():
        values = None
        for item, points in enumerate(cells):
            for p in points:
                if p.fused:
                    if values is None:
                        values = items[column].tolist()
                    yield Hit(
                        item=item, column=column, args={"snippet": _snippet(values[item], p.start), "label": p.label}
                    )


def _styles(points: list[Point]) -> tuple[set[str], set[str]]:
    return {p.delim for p in points}, {p.dash for p in points if p.dash}


_DELIM_NAMES = {"．": "“1．”（全角点）", ".": "“1.”（半角点）", "、": "“1、”（顿号）"}


def _dash_name(d: str) -> str:
    return f"“1{d}1．”"


@rule(
    "QZ203",
    "warning",
    "编号格式不统一：同时使用了{styles}。",
    "Numbering in one cell mixes full-/half-width points (1． vs 1.) or dash styles (1－1． vs 1—1．).",
    title="编号格式混用",
)
def _numbering_mixed(ctx: Context) -> Iterator[Hit]:
    for column, cells in cell_points(ctx).items():
        for item, points in enumerate(cells):
            if len(points) < 2:
                continue
            delims, dashes = _styles(points)
            names = [_DELIM_NAMES[d] for d in sorted(delims)] if len(delims) > 1 else []
            names += [_dash_name(d) for d in sorted(dashes)] if len(dashes) > 1 else []
            if names:
                yield Hit(item=item, column=column, args={"styles": "和".join(names)})


# The style the domain documents use; it wins ties.
CANONICAL_DASH = "—"
CANONICAL_DELIM = "．"


@rule(
    "QZ204",
    "info",
    "编号写法与清单中多数单元格不同：此处用{here}，多数用{usual}，建议统一。",
    "A cell's numbering style (point or dash) differs from the one most cells of the list use.",
    title="编号写法不一致",
)
def _numbering_list_style(ctx: Context) -> Iterator[Hit]:
    cells = cell_points(ctx)
    per_cell: list[tuple[str, int, set[str], set[str]]] = []
    dash_votes: Counter[str] = Counter()
    delim_votes: Counter[str] = Counter()
    for column, col_cells in cells.items():
        for item, points in enumerate(col_cells):
            if not points:
                continue
            delims, dashes = _styles(points)
            per_cell.append((column, item, delims, dashes))
            if len(delims) == 1:
                delim_votes.update(delims)
            if len(dashes) == 1:
                dash_votes.update(dashes)

    def usual(votes: Counter[str], canonical: str) -> str | None:
        if not votes:
            return None
        top = max(votes.values())
        winners = [s for s, n in votes.items() if n == top]
        return canonical if canonical in winners else sorted(winners)[0]

    main_delim, main_dash = usual(delim_votes, CANONICAL_DELIM), usual(dash_votes, CANONICAL_DASH)
    for column, item, delims, dashes in per_cell:
        # Cells mixing styles themselves are QZ203's; here only cells consistently using another style.
        if len(delims) == 1 and main_delim and delims != {main_delim}:
            (d,) = delims
            yield Hit(item=item, column=column, args={"here": _DELIM_NAMES[d], "usual": _DELIM_NAMES[main_delim]})
        elif len(dashes) == 1 and main_dash and dashes != {main_dash}:
            (d,) = dashes
            yield Hit(item=item, column=column, args={"here": _dash_name(d), "usual": _dash_name(main_dash)})


# --- responsible parties -----------------------------------------------------------------------------------

_ORG = r"(?:局|委员会|委|办公室|办|厅|部|处|科|室|所|站|队|中心|政府|机关|单位|院|会|组|馆|司|府|股)"
# A parenthesised name at the end of the point, or one that ends like an organisation anywhere in it.
PARTY_RE = re.compile(r"[（(][^（）()\n]{2,40}[）)][\s。；;，,.]*$|[（(][^（）()\n]{0,40}" + _ORG + r"[）)]")


def _missing_parties(text: str, points: list[Point]) -> list[str]:
    missing = []
    for p, seg in _segments(text, points):
        if PARTY_RE.search(seg.rstrip()) is None:
            missing.append(p.number if p else "")
    return missing


def _party_hits(ctx: Context, column: str) -> Iterator[Hit]:
    cells = cell_points(ctx).get(column)
    if cells is None:
        return
    values = ctx.pl.items[column].tolist()
    for item, (text, points) in enumerate(zip(values, cells, strict=True)):
        if not text:
            continue
        missing = _missing_parties(text, points)
        if missing:
            if not points:
                which = "本单元格"
            elif len(missing) == len(points) and len(points) > 1:
                which = "各点均"
            else:
                which = f"第 {'、'.join(missing)} 点"
            yield Hit(item=item, column=column, args={"which": which})


@rule(
    "QZ205",
    "warning",
    "责任事项未写明责任主体：{which}没有在括号中注明负责的机关，例如“（县国家保密局）”。",
    "Each numbered 责任事项 names its responsible party in parentheses, e.g. （县国家保密局）.",
    title="责任事项缺责任主体",
)
def _duty_party(ctx: Context) -> Iterator[Hit]:
    yield from _party_hits(ctx, "责任事项")


@rule(
    "QZ206",
    "warning",
    "追责情形未写明追责主体：{which}没有在括号中注明机关，例如“（县国家保密局）”。",
    "Each numbered 追责情形 names the body held accountable in parentheses.",
    title="追责情形缺追责主体",
)
def _accountability_party(ctx: Context) -> Iterator[Hit]:
    yield from _party_hits(ctx, "追责情形")


# --- duplicates ---------------------------------------------------------------------------------------------


@rule(
    "QZ207",
    "error",
    "与{other}是同一事项（权力分类、项目名称、子项名称都相同）。",
    "Two items have the same 权力分类 + 项目名称 + 子项名称 (after normalising spaces and width).",
    title="重复事项",
)
def _duplicates(ctx: Context) -> Iterator[Hit]:
    items = ctx.pl.items
    if not {"权力分类", "项目名称"} <= set(items.columns) or len(items) < 2:
        return
    parts = [items[c].astype(str) for c in ("权力分类", "项目名称", "子项名称") if c in items.columns]
    key = parts[0]
    for p in parts[1:]:
        key = key + "\x1f" + p
    key = key.str.normalize("NFKC").str.replace(r"\s+", "", regex=True)
    named = items["项目名称"].astype(str) != ""
    dup = key.duplicated(keep="first") & named
    if not dup.any():
        return
    first: dict[str, int] = {}
    for i, k in enumerate(key.tolist()):
        first.setdefault(k, i)
    keys = key.tolist()
    for item in dup[dup].index:
        j = first[keys[item]]
        yield Hit(item=int(item), column="项目名称", args={"other": _item_name(ctx.pl, j)})


def _item_name(pl: PowerList, index: int) -> str:
    row = pl.rows[index] if index < len(pl.rows) else None
    seq = str(pl.items["序号"].iat[index]) if "序号" in pl.items.columns else ""
    where = f"第 {row} 行" if row else f"第 {index + 1} 项"
    return f"{where}（序号 {seq}）" if seq else where


# --- document numbers, punctuation, spaces ------------------------------------------------------------------

TEXT_COLUMNS = ("项目名称", "子项名称", "实施主体", "承办的内设机构", *MULTILINE_COLUMNS)
DOCNO_RE = re.compile(
    r"([\u4e00-\u9fff]{0,8})([\[［【（(﹝〖{｛])\s*((?:19|20)\d{2})\s*([\]］】）)﹞〗}｝])\s*(第?\s*\d{1,5}\s*号)"
)


@rule(
    "QZ208",
    "warning",
    "文号“{bad}”的年份应使用六角括号〔〕：{good}。",
    "Document numbers put the year in 六角括号: 国保发〔2013〕14号, not [2013], (2013), 【2013】 or （2013）.",
    title="文号括号不规范",
)
def _docno(ctx: Context) -> Iterator[Hit]:
    items = ctx.pl.items
    for column in TEXT_COLUMNS:
        if column not in items.columns:
            continue
        for item, text in enumerate(items[column].tolist()):
            if text and "号" in text:
                for m in DOCNO_RE.finditer(text):
                    yield Hit(item=item, column=column, args=_docno_args(m))
    notice = ctx.pl.notice
    sheet = ctx.pl.source.notice_sheet
    found = DOCNO_RE.search(notice.doc_number)
    if found:
        row = ctx.pl.source.notice_rows.get("发文字号")
        yield Hit(sheet=sheet, row=row, cell=f"B{row}" if row else None, column="发文字号", args=_docno_args(found))


def _docno_args(m: re.Match[str]) -> dict[str, str]:
    number = re.sub(r"\s+", "", m.group(5))
    return {"bad": m.group(0), "good": f"{m.group(1)}〔{m.group(3)}〕{number}"}


CJK = r"\u4e00-\u9fff"
HALF_PUNCT_RE = re.compile(rf"(?<=[{CJK}])[,;:?!](?!\d)|[,;:?!](?=[{CJK}])|\([^()\n]*[{CJK}][^()\n]*\)")
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}


@rule(
    "QZ209",
    "warning",
    "中文里用了半角标点：“{snippet}”（共 {count} 处），应使用全角标点，如“，”“；”“：”“（）”。",
    "Half-width punctuation (, ; : ( )) inside Chinese text should be full-width.",
    title="半角标点",
)
def _half_width(ctx: Context) -> Iterator[Hit]:
    items = ctx.pl.items
    for column in TEXT_COLUMNS:
        if column not in items.columns:
            continue
        for item, text in enumerate(items[column].tolist()):
            if not text:
                continue
            found = HALF_PUNCT_RE.findall(text)
            if found:
                first = HALF_PUNCT_RE.search(text)
                assert first is not None
                yield Hit(
                    item=item, column=column, args={"snippet": _snippet(text, first.start(), 6, 8), "count": len(found)}
                )


SPACE_RE = re.compile(rf"(?<=[{CJK}，。；：、（）《》“”])[ \t\u3000\u00a0]+(?=[{CJK}，。；：、（）《》“”])")


@rule(
    "QZ210",
    "info",
    "中文之间有多余的空格：“{snippet}”（共 {count} 处）。",
    "Stray spaces between Chinese characters (often left over from copying out of Word or PDF).",
    title="多余空格",
)
def _spaces(ctx: Context) -> Iterator[Hit]:
    items = ctx.pl.items
    for column in TEXT_COLUMNS:
        if column not in items.columns:
            continue
        for item, text in enumerate(items[column].tolist()):
            if text and (" " in text or "\u3000" in text or "\u00a0" in text or "\t" in text):
                found = SPACE_RE.findall(text)
                if found:
                    where = SPACE_RE.search(text)
                    assert where is not None
                    yield Hit(
                        item=item,
                        column=column,
                        args={"snippet": _snippet(text, where.start(), 6, 6), "count": len(found)},
                    )


# --- numbering that must match another column ---------------------------------------------------------------

BASIS_OF = {"责任事项依据": "责任事项", "追责依据": "追责情形"}


@rule(
    "QZ211",
    "warning",
    "依据编号“{label}”超出了“{target}”的条数（共 {count} 条），编号应与之对应。",
    "The numbers of 责任事项依据 / 追责依据 refer to existing points of 责任事项 / 追责情形.",
    title="依据编号无对应",
)
def _basis_numbers(ctx: Context) -> Iterator[Hit]:
    cells = cell_points(ctx)
    for basis, target in BASIS_OF.items():
        if basis not in cells or target not in cells:
            continue
        for item, (bpoints, tpoints) in enumerate(zip(cells[basis], cells[target], strict=True)):
            if not bpoints or not tpoints:
                continue
            count = max(p.major for p in tpoints)
            over = next((p for p in bpoints if p.major > count), None)
            if over is not None:
                yield Hit(item=item, column=basis, args={"label": over.label, "target": target, "count": count})
