"""Content rules: reading findings (QZ001-QZ004) and the rules that look inside cells (QZ2xx).

Each rule works over whole cells with compiled regular expressions; the numbered points of every
multi-paragraph cell are parsed once per list (:func:`~toolkit.validate.numbering.column_points`) and shared
by the numbering rules.

>>> bool(PARTY_RE.search("1．受理责任：依法及时受理（县国家保密局）。"))
True
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Iterator
from functools import partial
from itertools import compress, count
from operator import and_, eq, not_

from ..model import MULTILINE_COLUMNS, PowerList, normalize_header
from ..reading.codes import READ_CODES
from .columns import candidate_cells, cell_values, joined, literal_finders
from .numbering import DASHES, Point, Raw, column_points, segments, snippet
from .registry import Context, Hit, rule
from .report import MERGES_KEY, vertical_merges

# --- reading findings -------------------------------------------------------------------------------------


def _reading(code: str) -> Callable[[Context], Iterator[Hit]]:
    def check(ctx: Context) -> Iterator[Hit]:
        required = ctx.profile.required_columns
        for w in ctx.pl.warnings:
            if w.code == code:
                severity, message = w.severity, w.message
                if code == "QZ003" and required and w.column:
                    # Which columns a list cannot do without is the profile's to say: a list published without
                    # its 责任清单 half, or with a column set of its own, is not wrong for lacking one.
                    severity = "error" if w.column in required else "warning"
                    if severity == "error" and ctx.profile.id != "default":
                        message += (
                            f"{ctx.profile.title}要求有这一列；清单不按这一写法编制时，用 --profile 全国通用 检查。"
                        )
                yield Hit(
                    item=w.item,
                    column=w.column,
                    sheet=w.sheet,
                    row=w.row,
                    cell=w.cell,
                    severity=severity,
                    args={"message": message},
                )

    return check


# The reader describes its own codes (readcodes.READ_CODES); registering them lists and documents them with
# the rules, and lets --skip silence them. Messages come from the reader, with the cell they concern.
_READ_TITLES = {
    "QZ001": "标准以外的列",
    "QZ002": "公式单元格",
    "QZ003": "缺少列",
    "QZ004": "跳过的行",
    "QZ005": "公式没有计算结果",
    "QZ006": "单元格内容无法保存",
    "QZ007": "发文信息读取问题",
    "QZ008": "隐藏的行",
    "QZ009": "导入需核对",
    "QZ010": "清单之外的单元格",
    "QZ011": "清单所在的工作表",
    "QZ012": "版式的读法",
}
for _code, (_severity, _doc) in sorted(READ_CODES.items()):
    rule(_code, _severity, "{message}", _doc, title=_READ_TITLES.get(_code, "读取问题"))(_reading(_code))


# --- numbered points inside cells --------------------------------------------------------------------------


@rule(
    "QZ201",
    "error",
    "编号不连续或重复：{detail}。",
    "Numbered points inside a cell run 1．2．3． (sub-points 2—1．2—2．) without gaps or repeats.",
    title="单元格内编号不连续",
)
def _numbering_order(ctx: Context) -> Iterator[Hit]:
    for column, cp in column_points(ctx).items():
        in_order: dict[int, bool] = {}  # cells numbered alike share one raw list (numbering._signature_raw)
        for item in compress(count(), map(not_, cp.canonical)):  # a canonical cell is in order
            raw = cp.raw[item]
            if not raw:
                continue
            if item not in cp.fused:
                ok = in_order.get(id(raw))
                if ok is None:
                    ok = in_order[id(raw)] = _raw_in_order(raw)
                if ok:
                    continue
            problems = _order_problems(cp.fused.get(item) or cp.raw_points(item))
            if problems:
                detail = "；".join(problems[:3]) + ("等" if len(problems) > 3 else "")
                yield Hit(item=item, column=column, args={"detail": detail})


def _raw_in_order(raw: list[tuple[str, str, str, str]]) -> bool:
    # Point.follows on findall's string tuples, without building points (most sub-numbered cells are fine).
    prev_major, prev_minor = 0, -1
    for major_s, _, minor_s, _ in raw:
        major, minor = int(major_s), int(minor_s) if minor_s else None
        if minor is None:
            ok = major == prev_major + 1
        elif major == prev_major and prev_major:
            ok = minor == max(prev_minor, 0) + 1
        else:
            ok = major == prev_major + 1 and minor == 1
        if not ok:
            return False
        prev_major, prev_minor = major, (minor if minor is not None else -1)
    return True


def _order_problems(points: list[Point]) -> list[str]:
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
    return problems


@rule(
    "QZ202",
    "error",
    "两个编号写在了同一段：“{snippet}”，“{label}”应另起一段。",
    "Two numbered points are fused on one line (e.g. '…的（责任单位）。5．对…').",
    title="编号连写",
)
def _numbering_fused(ctx: Context) -> Iterator[Hit]:
    for column, cp in column_points(ctx).items():
        for item in sorted(cp.fused):
            for p in cp.fused[item]:
                if p.fused:
                    yield Hit(
                        item=item, column=column, args={"snippet": snippet(cp.values[item], p.start), "label": p.label}
                    )


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
    for column, cp in column_points(ctx).items():
        hits: list[tuple[int, str]] = []
        for group in cp.groups:  # canonical cells use one style
            if group.labels < 2:
                continue
            names = [_DELIM_NAMES[d] for d in sorted(group.delims)] if len(group.delims) > 1 else []
            names += [_dash_name(d) for d in sorted(group.dashes)] if len(group.dashes) > 1 else []
            if names:
                hits += [(item, "和".join(names)) for item in group.items]
        for item, styles in sorted(hits):
            yield Hit(item=item, column=column, args={"styles": styles})


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
    dash_votes: Counter[str] = Counter()
    delim_votes: Counter[str] = Counter()
    canonical_cells = 0
    columns = column_points(ctx)
    for cp in columns.values():
        canonical_cells += sum(map(bool, compress(cp.raw, cp.canonical)))
        for group in cp.groups:  # each cell of a group votes alike
            if len(group.delims) == 1:
                (d,) = group.delims
                delim_votes[d] += len(group.items)
            if len(group.dashes) == 1:
                (d,) = group.dashes
                dash_votes[d] += len(group.items)
    if canonical_cells:
        delim_votes[CANONICAL_DELIM] += canonical_cells

    def usual(votes: Counter[str], canonical: str) -> str | None:
        if not votes:
            return None
        top = max(votes.values())
        winners = [s for s, n in votes.items() if n == top]
        return canonical if canonical in winners else sorted(winners)[0]

    main_delim, main_dash = usual(delim_votes, CANONICAL_DELIM), usual(dash_votes, CANONICAL_DASH)
    for column, cp in columns.items():
        hits: list[tuple[int, str, str]] = []
        for group in cp.groups:
            delims, dashes = group.delims, group.dashes
            # Cells mixing styles themselves are QZ203's; here only cells consistently using another style.
            if len(delims) == 1 and main_delim and delims != {main_delim}:
                (d,) = delims
                here, usual_style = _DELIM_NAMES[d], _DELIM_NAMES[main_delim]
            elif len(dashes) == 1 and main_dash and dashes != {main_dash}:
                (d,) = dashes
                here, usual_style = _dash_name(d), _dash_name(main_dash)
            else:
                continue
            hits += [(item, here, usual_style) for item in group.items]
        if main_delim and main_delim != CANONICAL_DELIM:
            # the canonical cells (1．2．…, no dash) use "．" too, where most cells use another point
            numbered = compress(count(), map(and_, cp.canonical, map(bool, cp.raw)))
            here, usual_style = _DELIM_NAMES[CANONICAL_DELIM], _DELIM_NAMES[main_delim]
            hits += [(item, here, usual_style) for item in numbered]
        for item, here, usual_style in sorted(hits):
            yield Hit(item=item, column=column, args={"here": here, "usual": usual_style})


# --- responsible parties -----------------------------------------------------------------------------------

_ORG = (
    r"(?:局|委员会|委|办公室|办|厅|部|处|科|室|所|站|队|中心|政府|机关|单位|院|会|组|馆|司|府|股|部门|机构|窗口"
    r"|人员|领导|负责人)"
)
# A point names its party when a parenthesised text in it ends like an organisation (or its staff): （县国家保密局）,
# （承办科室、分管领导）. Other parenthesised text is not a party: （不予受理应当告知理由）, （2017年修订）.
PARTY_RE = re.compile(r"[（(][^（）()\n]{0,40}" + _ORG + r"(?:等)?[）)]")
_PARTY_NAME_RE = re.compile(r"[（(]([^（）()\n]{1,40}" + _ORG + r")(?:等)?[）)]")
# A numbered paragraph that names no organisation in parentheses.
_BAD_PARAGRAPH_RE = re.compile(
    r"\n([1-9]\d{0,2}(?:[" + DASHES + r"]\d{1,3})?)[ \t]*(?:．|、|\.(?!\d))"
    r"(?![^\n\x00]*[（(][^（）()\n\x00]{0,40}" + _ORG + r"(?:等)?[）)])"
)
# Headers that give each item's owner a column of its own: then the points need no owner in parentheses.
OWNER_HEADERS = ("责任主体", "责任单位", "责任科室", "责任部门", "追责主体", "责任人")
PARTY_PLACEHOLDER = "责任单位"


def _missing_parties(text: str, points: list[Point]) -> list[str]:
    return [p.number if p else "" for p, seg in segments(text, points) if PARTY_RE.search(seg.rstrip()) is None]


def has_owner_column(pl: PowerList) -> bool:
    """Whether the list names owners in a column of their own (责任主体 …), read or carried as an extra column."""
    # the reader's record of where each source column went (PowerList.column_map) names the source's headers
    sources = [getattr(p, "source", "") for p in getattr(pl, "column_map", None) or ()]
    headers = [*pl.columns, *pl.extra_columns, *sources]
    # the whole header, its bracketed note aside: “责任事项（明确责任主体）” is no owner column
    return any(normalize_header(name) in OWNER_HEADERS for name in headers)


def party_example(ctx: Context, column: str) -> str:
    """The party an example in a message names: the one the list itself writes most often in parentheses,
    else its 发文机关署名, else a neutral placeholder (never the name of another unit)."""

    def make() -> str:
        votes = Counter(_PARTY_NAME_RE.findall(joined(ctx, column).text))  # one pass over the whole column
        if votes:
            return votes.most_common(1)[0][0]
        return ctx.pl.notice.signature.strip() or PARTY_PLACEHOLDER

    return ctx.memo(f"party_example:{column}", make)  # type: ignore[no-any-return]


def _party_hits(ctx: Context, column: str) -> Iterator[Hit]:
    cp = column_points(ctx).get(column)
    if cp is None or has_owner_column(ctx.pl):
        return
    # One pass over the column finds the numbered paragraphs without a party. When each point of a cell is
    # exactly one paragraph (at most an introduction before point 1), those are the answer; otherwise (a
    # point going on over several paragraphs, fused points, no numbering) the exact per-point check decides.
    j = joined(ctx, column)
    bad: dict[int, list[str]] = {}
    for m in _BAD_PARAGRAPH_RE.finditer(j.text):
        bad.setdefault(bisect_right(j.starts, m.start()) - 1, []).append(m.group(1))
    for item, (text, raw) in enumerate(zip(cp.values, cp.raw, strict=True)):
        if not text or (raw and item not in cp.fused and item not in bad):
            continue
        if raw and item not in cp.fused and _one_paragraph_per_point(text, len(raw)):
            missing, total = bad[item], len(raw)
        else:
            points = cp.points(item)
            missing, total = _missing_parties(text, points), len(points)
        if missing:
            if not total:
                which = "本单元格"
            elif len(missing) == total and total > 1:
                which = "各点均"
            else:
                which = f"第 {'、'.join(missing)} 点"
            args = {"which": which, "example": party_example(ctx, column), "profile": ctx.profile.title}
            yield Hit(item=item, column=column, args=args)


def _one_paragraph_per_point(text: str, points: int) -> bool:
    unnumbered = text.count("\n") + 1 - points
    return unnumbered == 0 or (unnumbered == 1 and not text[:1].isdigit())


@rule(
    "QZ205",
    "warning",
    "责任事项未写明责任主体：{which}没有在括号中注明负责的机关，例如“（{example}）”（{profile}的写法）。",
    "Convention (profile): each numbered 责任事项 names its responsible party in parentheses, e.g. （责任单位）; "
    "not checked when the list has an owner column (责任主体).",
    title="责任事项缺责任主体",
)
def _duty_party(ctx: Context) -> Iterator[Hit]:
    yield from _party_hits(ctx, "责任事项")


@rule(
    "QZ206",
    "warning",
    "追责情形未写明追责主体：{which}没有在括号中注明机关，例如“（{example}）”（{profile}的写法）。",
    "Convention (profile): each numbered 追责情形 names the body held accountable in parentheses; not checked "
    "when the list has an owner column (责任主体).",
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
    columns = ctx.pl.columns
    if not {"权力分类", "项目名称"} <= set(columns) or len(ctx.pl) < 2:
        return
    parts = [cell_values(ctx, c) for c in ("权力分类", "项目名称", "子项名称") if c in columns]
    keys = _duplicate_keys(parts)
    first: dict[str, int] = {}
    # each item's first item with the same key (C-level loops: nearly every list has no duplicate)
    firsts = list(map(first.setdefault, keys, count()))
    if all(map(eq, firsts, count())):
        return
    names = cell_values(ctx, "项目名称")
    dup = [f != i and names[i] != "" for i, f in enumerate(firsts)]
    seqs = cell_values(ctx, "序号") if "序号" in columns else None
    subs = cell_values(ctx, "子项名称") if "子项名称" in columns else None
    for item, is_dup in enumerate(dup):
        if is_dup:
            column = _duplicate_column(ctx, item, subs, seqs)
            yield Hit(item=item, column=column, args={"other": _item_name(ctx.pl, seqs, first[keys[item]])})


def _duplicate_column(ctx: Context, item: int, subs: list[str] | None, seqs: list[str] | None) -> str:
    """The cell that marks a duplicate: its 项目名称, unless that is part of a merged range.

    A 项目名称 merged over the original and its duplicate (C4:C6) would put the mark on the range's top-left
    cell, the original's row. The duplicate's own 子项名称 (when filled) or 序号 says "this row" instead.
    """
    pl = ctx.pl
    row = pl.rows[item] if item < len(pl.rows) else None
    letter = pl.source.letters.get("项目名称")
    if row is None or letter is None:
        return "项目名称"
    merges = ctx.memo(MERGES_KEY, lambda: vertical_merges(pl))

    def merged(column: str) -> bool:
        col = pl.source.letters.get(column)
        return col is None or any(first < row <= last for first, last in merges.get(col, ()))

    if not merged("项目名称"):
        return "项目名称"
    if subs is not None and subs[item] and not merged("子项名称"):
        return "子项名称"
    if seqs is not None and not merged("序号"):
        return "序号"
    return "项目名称"


def _duplicate_keys(parts: list[list[str]]) -> list[str]:
    """Each item's 权力分类/项目名称/子项名称 normalised (NFKC, no whitespace), as one key (the fields apart:
    “对甲的处罚”+“” is another item than “对甲的”+“处罚”).

    Column by column, in few C calls: NFKC only where a C-level check says it changes anything, and then
    mostly on full-width ASCII forms （ ） Ａ, which become their ASCII letters by a translation (their whole
    compatibility decomposition, so NFKC of the result is NFKC of the cell); the blanks of a whole column in
    one split over its values joined by U+0001 (no blank itself; a cell holding it is caught by the count).
    """
    return list(map("\x1f".join, zip(*map(_normal_forms, parts), strict=True)))


_WIDE_ASCII = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}


def _normal_forms(values: list[str]) -> list[str]:
    is_nfkc = partial(unicodedata.is_normalized, "NFKC")
    out = list(values)
    for i in compress(count(), map(not_, map(is_nfkc, out))):
        narrow = out[i].translate(_WIDE_ASCII)
        out[i] = narrow if is_nfkc(narrow) else unicodedata.normalize("NFKC", narrow)
    squeezed = "".join("\x01".join(out).split()).split("\x01")
    return squeezed if len(squeezed) == len(out) else ["".join(v.split()) for v in out]


def _item_name(pl: PowerList, seqs: list[str] | None, index: int) -> str:
    row = pl.rows[index] if index < len(pl.rows) else None
    seq = seqs[index] if seqs is not None else ""
    where = f"第 {row} 行" if row else f"第 {index + 1} 项"
    return f"{where}（序号 {seq}）" if seq else where


# --- document numbers, punctuation, spaces ------------------------------------------------------------------

TEXT_COLUMNS = ("项目名称", "子项名称", "实施主体", "承办的内设机构", *MULTILINE_COLUMNS)
DOCNO_RE = re.compile(
    r"([\u4e00-\u9fff]{0,8})([\[［【（(﹝〖{｛])\s*((?:19|20)\d{2})\s*([\]］】）)﹞〗}｝])\s*(第?\s*\d{1,5}\s*号)"
)
# Only cells with a closing bracket right after a four-digit year are searched with DOCNO_RE.
_CLOSING = r"[\]］】）)﹞〗}｝]"
# Only cells with "<closing bracket>[第]digits号" are searched with DOCNO_RE; scanning for the literal 号 and
# looking behind is one fast pass per column.
_DOCNO_FINDERS = [
    (
        "号",
        re.compile(
            # "国务院令第646号", in nearly every citation of a list, is ruled out by one or two look-behinds
            # instead of all eight below (令 is no closing bracket)
            r"号(?<!令第\d号)(?<!令第\d\d号)(?<!令第\d{3}号)(?:"
            + "|".join(f"(?<={_CLOSING}{d}{n}号)" for d in ("", "第") for n in (r"\d", r"\d\d", r"\d{3}", r"\d{4}"))
            + ")"
        ),
    )
]


@rule(
    "QZ208",
    "warning",
    "文号“{bad}”的年份应使用六角括号〔〕：{good}。",
    "Document numbers put the year in 六角括号: 国保发〔2013〕14号, not [2013], (2013), 【2013】 or （2013）.",
    title="文号括号不规范",
)
def _docno(ctx: Context) -> Iterator[Hit]:
    for column, item, text in candidate_cells(ctx, TEXT_COLUMNS, _DOCNO_FINDERS):
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
_HALF_FINDERS = literal_finders(",;:?!(")


@rule(
    "QZ209",
    "warning",
    "中文里用了半角标点：“{snippet}”（共 {count} 处），应使用全角标点，如“，”“；”“：”“（）”。",
    "Half-width punctuation (, ; : ( )) inside Chinese text should be full-width.",
    title="半角标点",
)
def _half_width(ctx: Context) -> Iterator[Hit]:
    for column, item, text in candidate_cells(ctx, TEXT_COLUMNS, _HALF_FINDERS):
        found = [m.start() for m in HALF_PUNCT_RE.finditer(text)]
        if found:
            yield Hit(item=item, column=column, args={"snippet": snippet(text, found[0], 6, 8), "count": len(found)})


SPACE_RE = re.compile(rf"(?<=[{CJK}，。；：、（）《》“”])[ \t\u3000\u00a0]+(?=[{CJK}，。；：、（）《》“”])")
_SPACE_FINDERS = literal_finders(" \t\u3000\u00a0")


@rule(
    "QZ210",
    "info",
    "中文之间有多余的空格：“{snippet}”（共 {count} 处）。",
    "Stray spaces between Chinese characters (often left over from copying out of Word or PDF).",
    title="多余空格",
)
def _spaces(ctx: Context) -> Iterator[Hit]:
    for column, item, text in candidate_cells(ctx, TEXT_COLUMNS, _SPACE_FINDERS):
        found = [m.start() for m in SPACE_RE.finditer(text)]
        if found:
            yield Hit(item=item, column=column, args={"snippet": snippet(text, found[0], 6, 6), "count": len(found)})


# --- numbering that must match another column ---------------------------------------------------------------

BASIS_OF = {"责任事项依据": "责任事项", "追责依据": "追责情形"}


@rule(
    "QZ211",
    "warning",
    "依据编号“{label}”超出了“{target}”的条数（共 {count} 条），编号应与之对应。",
    "Convention (profile): the numbers of 责任事项依据 / 追责依据 refer to existing points of 责任事项 / 追责情形.",
    title="依据编号无对应",
)
def _basis_numbers(ctx: Context) -> Iterator[Hit]:
    cols = column_points(ctx)
    for basis, target in BASIS_OF.items():
        if basis not in cols or target not in cols:
            continue
        b, t = cols[basis], cols[target]
        first_over: dict[tuple[int, int], Raw | None] = {}  # cells numbered alike share one raw list
        for item, (braw, traw) in enumerate(zip(b.raw, t.raw, strict=True)):
            if not braw or not traw:
                continue
            # canonical numbering 1．…n．: the highest number is the count (the common, cheap case)
            points = len(traw) if t.canonical[item] else max(t.majors(item))
            if b.canonical[item] and len(braw) <= points:
                continue
            key = (id(braw), points)
            if key in first_over:
                over = first_over[key]
            else:
                over = first_over[key] = next((r for r in braw if int(r[0]) > points), None)
            if over is not None:
                label = f"{over[0]}{over[1]}{over[2]}{over[3]}" if over[2] else f"{over[0]}{over[3]}"
                yield Hit(item=item, column=basis, args={"label": label, "target": target, "count": points})
