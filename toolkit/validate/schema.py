"""The pandera schema of the standard columns (rules QZ101-QZ106).

The schema is built from :data:`toolkit.model.COLUMNS` and validated lazily once per list; each rule below
picks the failure cases of its own checks and turns them into hits that point at cells.

>>> from toolkit.model import PowerList
>>> pl = PowerList.from_records([{"序号": "1", "权力分类": "行政许可"}])
>>> sorted({code for code, _, _ in schema_failures(pl, ())})
['QZ106']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..model import CATEGORIES, COLUMNS, LOCAL_CATEGORIES, MULTILINE_COLUMNS, PowerList
from ..reading.numbering import normalize_seq
from .columns import SEPARATOR, cell_values, joined
from .profile import Profile, split_category
from .registry import Context, Hit, rule

if TYPE_CHECKING:
    import pandera.pandas as pa

# pandera (~0.4 s to import) is imported on first use, so commands that do not validate start faster.

SEQ = "序号"
CATEGORY = "权力分类"
# A catalogue (目录) lists items without legal basis or duties: what it must fill in.
CATALOGUE = "catalogue"
CATALOGUE_REQUIRED = ("序号", "权力分类", "项目名称")

# pandera check name -> rule code
_CHECK_CODES = {
    "column_in_dataframe": "QZ101",
    "seq_is_number": "QZ102",
    "seq_in_order": "QZ103",
    "category_known": "QZ104",
    "category_standard": "QZ105",
    "not_empty": "QZ106",
}


_SEQ_POINT = re.compile(r"^([0-9０-９]{1,9})[．.、]$")


def _seq_number(value: str) -> str:
    # 序号 written as a point (1．, 1., 1、) is still the number: a way of writing, not a wrong 序号.
    m = _SEQ_POINT.match(value)
    return normalize_seq(m.group(1)) if m else normalize_seq(value)


def _seq_text(s: pd.Series) -> pd.Series:
    # Full-width digits (３, １２) are the same number: the reader writes them half-width, a list built
    # otherwise (from records, an import) may still hold them.
    return s.astype(str).map(_seq_number)


def _seq_numbers(s: pd.Series) -> pd.Series:
    text = _seq_text(s)
    return pd.to_numeric(text.where(text.str.fullmatch(r"\d{1,9}"), None), errors="coerce")


# The checks below are vectorised over plain Python strings when a column holds only ASCII str values (the
# reader's 序号 column), and otherwise run through pandas' string methods; both give the same mask.
_POSITIVE = re.compile(r"[1-9][0-9]{0,8}")
_NUMBER = re.compile(r"[0-9]{1,9}")


def _ascii_texts(s: pd.Series) -> list[str] | None:
    """The values of ``s`` when every one is an ASCII str (then regex and number semantics are plain)."""
    values = s.tolist()
    if set(map(type, values)) <= {str} and all(map(str.isascii, values)):
        return values
    return None


def _ascii_seq_texts(values: list[str]) -> list[str]:
    """:func:`_seq_number` of each ASCII value; a column of plain digits (the usual case) is its own."""
    # Plain ASCII digits hold no point (．.、) and nothing to normalise: _seq_number returns them unchanged.
    return values if all(map(str.isdigit, values)) else list(map(_seq_number, values))


def _seq_is_number(s: pd.Series) -> pd.Series:
    values = _ascii_texts(s)
    if values is None:
        return (s == "") | _seq_text(s).str.fullmatch(r"[1-9]\d{0,8}")
    ok = map(bool, map(_POSITIVE.fullmatch, _ascii_seq_texts(values)))
    return pd.Series(np.fromiter(ok, bool, len(values)) | (s.to_numpy() == ""), index=s.index)


def _seq_in_order(s: pd.Series) -> pd.Series:
    # Each 序号 must be the previous one plus 1 (the first must be 1); this blames exactly the row after a
    # gap and the second of two equal numbers. Non-numbers are QZ102's business.
    values = _ascii_texts(s)
    if values is None:
        n = _seq_numbers(s)
        expected = n.shift(1) + 1
        if len(expected):
            expected.iloc[0] = 1
        return n.isna() | expected.isna() | (n == expected)
    texts = _ascii_seq_texts(values)
    if texts is values and max(map(len, texts), default=0) <= 9:  # plain digits: each one is a number
        numbers = np.fromiter(map(float, texts), float, len(texts))
    else:
        numbers = np.fromiter((float(t) if _NUMBER.fullmatch(t) else np.nan for t in texts), float, len(texts))
    following = np.empty_like(numbers)
    following[1:] = numbers[:-1] + 1
    following[:1] = 1
    return pd.Series(np.isnan(numbers) | np.isnan(following) | (numbers == following), index=s.index)


def _not_empty(s: pd.Series) -> pd.Series:
    if s.dtype.kind in "iu":  # a text column handed over as its cells' lengths (see schema_failures)
        return s > 0
    # Values are str (PowerList's contract): no astype(str), which with pyarrow installed converts every long
    # text cell to an Arrow string (~0.2 s on 10,000 items); a str's truth is its being non-empty.
    values = s.to_numpy()
    if set(map(type, values)) <= {str}:
        return pd.Series(values.astype(bool), index=s.index)
    return s.map(bool, na_action="ignore").fillna(False).astype(bool)


def build_schema(
    extra_categories: tuple[str, ...] = (), profile: Profile | None = None, required: tuple[str, ...] | None = None
) -> pa.DataFrameSchema:
    """A pandera schema of the 13 standard columns; ``extra_categories`` are allowed besides the profile's
    categories (default profile: the national ten); ``required``: the columns whose values are required
    (default: every required standard column).

    >>> sorted(build_schema(("公共服务",)).columns)[:3]
    ['免责事项', '备注', '子项名称']
    """
    import pandera.pandas as pa

    categories = profile.categories if profile is not None and profile.categories else CATEGORIES
    local = profile.local_categories if profile is not None else LOCAL_CATEGORIES
    standard = [*categories, *extra_categories]
    known = [*standard, *local]
    columns: dict[str, pa.Column] = {}
    for col in COLUMNS:
        checks: list[pa.Check] = []
        is_required = col.required if required is None else col.name in required
        if is_required:
            checks.append(pa.Check(_not_empty, name="not_empty"))
        if col.name == SEQ:
            checks.append(pa.Check(_seq_is_number, name="seq_is_number"))
            checks.append(pa.Check(_seq_in_order, name="seq_in_order"))
        if col.name == CATEGORY:
            checks.append(pa.Check(lambda s, k=known: (s == "") | s.isin(k), name="category_known"))
            checks.append(
                pa.Check(lambda s, st=standard: ~s.isin(LOCAL_CATEGORIES) | s.isin(st), name="category_standard")
            )
        # Only the columns whose values are required must be present; the others may be missing (e.g. the
        # 10-column Guangxi city layout).
        columns[col.name] = pa.Column(None, checks=checks, required=is_required, nullable=True)
    return pa.DataFrameSchema(columns, strict=False, coerce=False)


def is_catalogue(pl: PowerList) -> bool:
    """Whether the reader marked the list as a catalogue (目录: items without legal basis or duties).

    The reader's flag is ``pl.catalogue``; ``pl.kind == "catalogue"`` is accepted as well.
    """
    return getattr(pl, "catalogue", False) is True or getattr(pl, "kind", "") == CATALOGUE


def required_columns(pl: PowerList) -> tuple[str, ...]:
    """The columns whose values a list must fill: every required standard column, or for a catalogue (a list
    of items without legal basis, ``pl.kind == "catalogue"``) only what a catalogue has.

    A column the source sheet does not have at all is not asked for item by item: the reader reports it once
    (QZ003), and a list published without, say, its 责任清单 half would otherwise get an error per item.
    """
    if is_catalogue(pl):
        return CATALOGUE_REQUIRED
    absent = {w.column for w in pl.warnings if w.code == "QZ003"}
    return tuple(c.name for c in COLUMNS if c.required and c.name not in absent)


def schema_failures(
    pl: PowerList,
    extra_categories: tuple[str, ...],
    profile: Profile | None = None,
    values: Callable[[str], list[str]] | None = None,
    lengths: Callable[[str], np.ndarray | None] | None = None,
) -> list[tuple[str, str | None, int | None]]:
    """(rule code, column, 0-based item index or None) of every schema failure, in frame order.

    ``values``, ``lengths``: a column's values and its cells' lengths (None: not all of them are str), when
    the caller has them at hand (default: ``pl.column`` and :func:`text_lengths`).
    """
    import pandera.pandas as pa

    # Only the columns that carry checks (the required ones) are handed to pandera: the others could only
    # fail by being absent, which the schema allows.
    present = set(pl.columns)
    required = required_columns(pl)
    checked = [c.name for c in COLUMNS if c.name in required and c.name in present]
    index = pd.RangeIndex(len(pl))
    data: dict[str, pd.Series] = {}
    column = values or pl.column
    for c in checked:
        # The columns but 序号 and 权力分类 are only checked for being filled: they are handed over as their
        # cells' lengths. A frame of the texts costs a reference to each of 10,000s of long strings, and in
        # validate's forked worker (see .parallel) a copied memory page for nearly each one.
        n = None if c in (SEQ, CATEGORY) else (lengths or (lambda c: text_lengths(column(c))))(c)
        if n is not None:
            data[c] = pd.Series(n, index=index)
            continue
        cells = column(c)
        if c == CATEGORY and profile is not None:
            # 其他行政权力-备案: the main category is checked; a sub-category only where the profile lists
            # them. Once per distinct value: a list uses a handful of categories.
            main = {v: _main_category(v, profile) for v in set(cells)}
            cells = list(map(main.__getitem__, cells))
        data[c] = pd.Series(cells, index=index, dtype=object)
    frame = pd.DataFrame(data, columns=checked, index=index)
    try:
        build_schema(extra_categories, profile, required).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return []
    out: list[tuple[str, str | None, int | None]] = []
    for check, column, index, failure in zip(
        cases["check"], cases["column"], cases["index"], cases["failure_case"], strict=True
    ):
        name = str(check).split("(")[0]
        code = _CHECK_CODES.get(name)
        if code is None:  # a pandera-internal failure we did not ask for: show it rather than hide it
            code = "QZ106"
        if code == "QZ101":
            out.append((code, str(failure), None))
        else:
            out.append((code, str(column), None if pd.isna(index) else int(index)))
    return out


_SEVERAL = re.compile(r"[、，,/／;；]")


def _main_category(value: str, profile: Profile) -> str:
    """The category the schema checks for a 权力分类 value: the main category of 其他行政权力-备案 (when the
    profile allows its sub-category), the first of 行政检查、行政处罚 (when each one is known), else the value."""
    parts = [p.strip() for p in _SEVERAL.split(value)] if _SEVERAL.search(value) else [value]
    mains = []
    for part in parts:
        main, sub = split_category(part, profile)
        if sub is not None:
            allowed = profile.sub_categories.get(main)
            main = main if allowed is None or sub in allowed else part
        mains.append(main)
    known = set(profile.categories or CATEGORIES) | set(profile.local_categories)
    if len(mains) > 1 and not all(m in known for m in mains):
        return value
    return mains[0]


def text_lengths(values: list[str]) -> np.ndarray | None:
    """The lengths of ``values`` when every one is a str, else None.

    >>> text_lengths(["甲乙", ""]).tolist(), text_lengths(["甲", None])
    ([2, 0], None)
    """
    if not set(map(type, values)) <= {str}:
        return None
    return np.fromiter(map(len, values), np.int64, len(values))


def cell_lengths(ctx: Context, column: str) -> np.ndarray | None:
    """:func:`text_lengths` of a column; for a multi-paragraph column, taken from the offsets of its joined
    text (:func:`.columns.joined`, which the content rules read anyway) without touching a cell.

    >>> from toolkit.model import PowerList
    >>> cell_lengths(Context(PowerList.from_records([{"实施依据": "甲乙"}, {"实施依据": ""}])), "实施依据").tolist()
    [2, 0]
    """
    if column not in MULTILINE_COLUMNS:
        return text_lengths(cell_values(ctx, column))
    j = joined(ctx, column)  # its text is every cell after a SEPARATOR, and a NUL after the last one
    if not j.starts:
        return np.zeros(0, np.int64)
    ends = np.array([*j.starts[1:], len(j.text) - 1 + len(SEPARATOR) - 1], np.int64)
    return ends - np.array(j.starts, np.int64) - len(SEPARATOR)


def _failures(ctx: Context, code: str) -> Iterator[tuple[str | None, int | None]]:
    all_failures = ctx.memo(
        "schema",
        lambda: schema_failures(
            ctx.pl,
            ctx.options.extra_categories,
            ctx.profile,
            lambda c: cell_values(ctx, c),
            lambda c: cell_lengths(ctx, c),
        ),
    )
    for c, column, item in all_failures:
        if c == code:
            yield column, item


def _value(ctx: Context, item: int, column: str) -> str:
    return str(cell_values(ctx, column)[item])


@rule(
    "QZ101",
    "error",
    "缺少必需的列“{column}”。",
    "A column whose values are required is missing from the sheet.",
    title="缺少必需列",
)
def _missing_column(ctx: Context) -> Iterator[Hit]:
    for column, _ in _failures(ctx, "QZ101"):
        row = ctx.pl.source.header_rows[-1] if ctx.pl.source.path and ctx.pl.source.header_rows else None
        yield Hit(column=column, row=row, args={"column": column})


@rule("QZ102", "error", "序号“{value}”不是正整数。", "序号 must be a positive whole number.", title="序号不是数字")
def _seq_not_number(ctx: Context) -> Iterator[Hit]:
    for column, item in _failures(ctx, "QZ102"):
        if item is not None and column:
            yield Hit(item=item, column=column, args={"value": _value(ctx, item, column)})


@rule(
    "QZ103",
    "error",
    "序号不连续或重复：{detail}。",
    "序号 runs 1, 2, 3 … without gaps or duplicates; it may restart at 1 where the reader found a section start.",
    title="序号不连续",
)
def _seq_order(ctx: Context) -> Iterator[Hit]:
    # The reader records where sections start (PowerList.sections); a 序号 that restarts at 1 exactly there is
    # the list's own numbering. A gap or duplicate inside a section, or a restart elsewhere, is still reported.
    sections = set(ctx.pl.sections)
    for column, item in _failures(ctx, "QZ103"):
        if item is None or not column:
            continue
        value = _value(ctx, item, column)
        if item in sections and _seq_number(value) == "1":
            continue  # numbered per section (a banner row, a new category above it): the list's own numbering
        if item == 0:
            detail = f"第一项的序号是 {value}，应为 1"
        else:
            prev = _value(ctx, item - 1, column)
            if prev == value:
                detail = f"序号 {value} 与上一项重复"
                sub_item = _is_sub_item_of_previous(ctx, item)
                if sub_item and ctx.profile.sub_items_share_seq:
                    continue  # 子项 numbered with their 项目 (one merged 序号 cell): the profile allows it
                if sub_item:
                    # A 序号 cell merged over a project's 子项 rows is read into each row: say what to do.
                    detail += "（同一项目的各个子项也要各占一个序号；合并的序号单元格请取消合并后逐行编号）"
            else:
                expected = int(prev) + 1 if prev.isdigit() else "上一项加 1"
                detail = f"上一项序号是 {prev}，此处是 {value}，应为 {expected}"
        yield Hit(item=item, column=column, args={"detail": detail})


def _is_sub_item_of_previous(ctx: Context, item: int) -> bool:
    name, sub = "项目名称", "子项名称"
    if item < 1 or name not in ctx.pl.columns or sub not in ctx.pl.columns:
        return False
    same_project = _value(ctx, item, name) == _value(ctx, item - 1, name) != ""
    return same_project and _value(ctx, item, sub) != _value(ctx, item - 1, sub)


@rule(
    "QZ104",
    "error",
    "权力分类“{value}”不在{profile}的分类中（{allowed}）{why}。本地确有此分类时，用 --category {value} 允许，"
    "或用 --profile 选用本地的检查规则（qzqd rules --profile 名称 查看）。",
    "权力分类 must be one of the profile's categories (default: the ten national ones) or one allowed with "
    "--category; a sub-category (其他行政权力-备案) counts by its main category unless the profile lists them.",
    title="权力分类未知",
)
def _category_unknown(ctx: Context) -> Iterator[Hit]:
    p = ctx.profile
    allowed = "、".join([*(p.categories or CATEGORIES), *ctx.options.extra_categories])
    for column, item in _failures(ctx, "QZ104"):
        if item is not None and column:
            value = _value(ctx, item, column)
            main, sub = split_category(value, p)
            why = ""
            if sub is not None and main in p.sub_categories:
                why = f"；“{main}”的子类只有{'、'.join(p.sub_categories[main]) or '（无）'}"
            args = {"value": value, "allowed": allowed, "profile": p.title, "why": why}
            yield Hit(item=item, column=column, args=args)


@rule(
    "QZ105",
    "warning",
    "权力分类“{value}”是地方分类，不在全国十类之中；如本地确有此分类，可用 --category {value} 允许，"
    "或用 --profile 选用包含它的检查规则。",
    "A local category (行政征用, 行政备案, 公共服务) is used without being allowed explicitly.",
    title="地方权力分类",
)
def _category_local(ctx: Context) -> Iterator[Hit]:
    for column, item in _failures(ctx, "QZ105"):
        if item is not None and column:
            yield Hit(item=item, column=column, args={"value": _value(ctx, item, column)})


@rule(
    "QZ106",
    "error",
    "“{column}”不能为空。",
    "Required values are filled in: 权力分类, 项目名称, 实施主体, 实施依据, 责任事项, 追责情形, 追责依据.",
    title="必填项为空",
)
def _empty(ctx: Context) -> Iterator[Hit]:
    partners = combined_partners(ctx.pl)
    for column, item in _failures(ctx, "QZ106"):
        if item is not None and column:
            partner = partners.get(column)
            if partner is not None and _value(ctx, item, partner):
                continue  # one source cell held both (追责情形及依据); the reader says it could not split it
            yield Hit(item=item, column=column, args={"column": column})


def combined_partners(pl: PowerList) -> dict[str, str]:
    """Columns the reader filled from one combined source column (追责情形及依据 -> 追责情形＋追责依据), each with
    the other column of the pair; from the reader's record of where each source column went.

    >>> from types import SimpleNamespace
    >>> pl = PowerList.empty(); pl.column_map = [SimpleNamespace(target="追责情形＋追责依据")]
    >>> combined_partners(pl)
    {'追责情形': '追责依据', '追责依据': '追责情形'}
    """
    out: dict[str, str] = {}
    for placement in getattr(pl, "column_map", None) or ():
        parts = str(getattr(placement, "target", "")).split("＋")
        if len(parts) == 2:
            out[parts[0]], out[parts[1]] = parts[1], parts[0]
    return out


@rule(
    "QZ107",
    "info",
    "这是一份目录（{kind}），没有实施依据、责任事项、追责情形等内容，只检查序号、权力分类和事项名称；"
    "依据和责任的各项检查不适用。",
    "A catalogue (items without legal basis or duties) is checked for 序号, 权力分类 and 项目名称 only; said once.",
    title="目录清单",
)
def _catalogue(ctx: Context) -> Iterator[Hit]:
    if not is_catalogue(ctx.pl):
        return
    columns = [c for c in ("序号", "权力分类", "项目名称", "子项名称", "备注") if ctx.pl.source.letters.get(c)]
    kind = "、".join(columns) if columns else "只有事项名称等列"
    yield Hit(row=ctx.pl.source.header_rows[-1] if ctx.pl.source.header_rows else None, args={"kind": kind})
