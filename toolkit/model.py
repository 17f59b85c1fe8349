"""The data model every feature shares: the 13 standard columns, the notice fields and PowerList.

Columns, categories and notice fields are described once here, as data; the reader, the schema, the
templates and the diff all read these descriptions instead of repeating names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas is imported on first use of PowerList.items: reading and checking need none of it
    import pandas as pd

LIST_SHEET = "权责清单"
NOTICE_SHEET = "发文信息"
HELP_SHEET = "填表说明"
# Sheets of the annual adjustment (qzqd adjust): the clerk's 调整类型/理由/监管措施, and the 请示's own fields.
# They have field labels in column A too, so the reader never takes them for a renamed 发文信息.
NOTES_SHEET = "调整说明"
REQUEST_SHEET = "请示"

POWER_GROUP = "权力清单"
DUTY_GROUP = "责任清单"


@dataclass(frozen=True)
class Column:
    """One standard catalogue column."""

    id: str  # English identifier, stable, used in code and file names
    name: str  # the standard Chinese header (DataFrame label)
    group: str | None  # 权力清单 / 责任清单 / None for stand-alone columns
    required: bool = False  # value must be non-empty
    multiline: bool = False  # cells hold several paragraphs
    width: float = 12.0  # Excel column width (characters) in the master workbook
    help: str = ""  # Chinese explanation for the 填表说明 sheet


COLUMNS: tuple[Column, ...] = (
    Column("seq", "序号", None, True, False, 6, "事项序号，从 1 起连续编号，不重复、不跳号。"),
    Column(
        "category",
        "权力分类",
        None,
        True,
        False,
        10,
        "从下拉列表选择：行政许可、行政处罚、行政强制、行政征收、行政给付、行政检查、行政确认、行政奖励、行政裁决、其他行政权力（本地另有分类时，检查时加参数 --category 分类名，例如 qzqd validate 主表.xlsx --category 公共服务）。",
    ),
    Column(
        "name",
        "项目名称",
        POWER_GROUP,
        True,
        False,
        18,
        "权力事项（主项）名称。同一主项下有多个子项时，可合并单元格或每行重复填写。",
    ),
    Column(
        "subitem",
        "子项名称",
        POWER_GROUP,
        False,
        False,
        16,
        "子项名称；没有子项的留空。",
    ),
    Column(
        "body",
        "实施主体",
        POWER_GROUP,
        True,
        False,
        14,
        "实施该权力的机关全称。",
    ),
    Column(
        "department",
        "承办的内设机构",
        POWER_GROUP,
        False,
        False,
        12,
        "具体承办的内设机构，可留空。",
    ),
    Column(
        "basis",
        "实施依据",
        POWER_GROUP,
        True,
        True,
        40,
        "法律依据，每条一段，格式：1．【法律】《法律名称》第X条：条文内容。",
    ),
    Column(
        "duties",
        "责任事项",
        DUTY_GROUP,
        True,
        True,
        34,
        "每项责任一段，编号 1．2．3．；没有“责任主体”列时，在括号中写明责任主体，例如：（责任单位）。",
    ),
    Column(
        "duty_basis",
        "责任事项依据",
        DUTY_GROUP,
        False,
        True,
        40,
        "责任事项的法律依据，编号与责任事项对应（1．、2—1．、2—2．）。",
    ),
    Column(
        "accountability",
        "追责情形",
        DUTY_GROUP,
        True,
        True,
        34,
        "追究责任的情形，每种情形一段，写明内部追责主体。",
    ),
    Column(
        "accountability_basis",
        "追责依据",
        DUTY_GROUP,
        True,
        True,
        40,
        "追究责任的法律依据，格式同实施依据。",
    ),
    Column("exemption", "免责事项", DUTY_GROUP, False, True, 20, "免于追责的情形，可留空。"),
    Column("remarks", "备注", None, False, True, 10, "其他需要说明的事项，可留空。"),
)

CODE_COLUMN = Column(
    "code",
    "事项编码",
    None,
    False,
    False,
    14,
    "可选：事项的统一编码。两个版本都有编码时，比对按编码匹配事项。",
)

COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)
COLUMN_BY_NAME: dict[str, Column] = {c.name: c for c in (*COLUMNS, CODE_COLUMN)}
REQUIRED_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)
MULTILINE_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.multiline)

# The ten national categories, then the local variants some provinces add.
CATEGORIES: tuple[str, ...] = (
    "行政许可",
    "行政处罚",
    "行政强制",
    "行政征收",
    "行政给付",
    "行政检查",
    "行政确认",
    "行政奖励",
    "行政裁决",
    "其他行政权力",
)
LOCAL_CATEGORIES: tuple[str, ...] = ("行政征用", "行政备案", "公共服务")


@dataclass(frozen=True)
class NoticeField:
    attr: str
    name: str  # label in column A of the 发文信息 sheet
    multiline: bool = False
    help: str = ""


NOTICE_FIELDS: tuple[NoticeField, ...] = (
    NoticeField("issuer_mark", "发文机关标志", help="版头红色机关名称，如“××县××局文件”；没有可留空。"),
    NoticeField("doc_number", "发文字号", help="如：×发〔2025〕1号（年份用六角括号〔〕）。"),
    NoticeField("title", "标题", help="通知标题，一行写完，排版时自动分行。"),
    NoticeField("recipients", "主送机关", help="如：各乡（镇）、县直各单位"),
    NoticeField("body", "正文", True, "正文，多段时在单元格内换行（Alt+Enter）。"),
    NoticeField("attachment", "附件名称", help="附件标题，如：某某单位权责清单"),
    NoticeField("signature", "发文机关署名", help="落款处的发文机关全称，如“××县××局”；排在成文日期上方。"),
    NoticeField("date", "成文日期", help="如：2022年7月18日"),
    NoticeField("cc", "抄送机关", help="可留空。"),
    NoticeField("printer", "印发机关", help="版记中的印发机关，可留空。"),
    NoticeField("print_date", "印发日期", help="如：2022年7月18日，可留空。"),
    # Not part of the notice: which rules `qzqd validate` applies to this list (toolkit/validate/profiles/).
    NoticeField(
        "profile",
        "检查规则",
        help="qzqd validate 采用的检查规则：留空为“全国通用”；按广西2022年写法编制的清单填“广西2022”。"
        "qzqd rules --profile 名称 查看每套规则。",
    ),
)
NOTICE_FIELD_BY_NAME: dict[str, NoticeField] = {f.name: f for f in NOTICE_FIELDS}


@dataclass
class Notice:
    """The fields of the formal notice (the 发文信息 sheet). Paragraphs are joined by newlines."""

    issuer_mark: str = ""
    doc_number: str = ""
    title: str = ""
    recipients: str = ""
    body: str = ""
    attachment: str = ""
    signature: str = ""
    date: str = ""
    cc: str = ""
    printer: str = ""
    print_date: str = ""
    profile: str = ""  # the validation profile the list names (not typeset)

    def as_dict(self) -> dict[str, str]:
        """Fields keyed by their Chinese label, in sheet order."""
        return {f.name: getattr(self, f.attr) for f in NOTICE_FIELDS}

    @property
    def paragraphs(self) -> list[str]:
        return split_paragraphs(self.body)


@dataclass
class Source:
    """Where a list was read from, so that findings can point at Excel cells."""

    path: Path | None = None
    sheet: str = LIST_SHEET
    header_rows: tuple[int, ...] = (1, 2)  # 1-based Excel rows of the header
    letters: dict[str, str] = field(default_factory=dict)  # column name -> Excel column letter
    notice_sheet: str | None = NOTICE_SHEET
    notice_rows: dict[str, int] = field(default_factory=dict)  # notice label -> Excel row
    # Merged ranges of the list sheet spanning several rows, as (first row, last row) pairs of 1-based Excel rows
    # per column letter: a value filled down from one is reported once, at the range's top cell.
    merges: dict[str, list[tuple[int, int]]] = field(default_factory=dict)


# Where a source column went: a standard column, an extra column under its own header, or nowhere (layout).
PLACED_STANDARD = "standard"
PLACED_EXTRA = "extra"
PLACED_LAYOUT = "layout"


@dataclass(frozen=True)
class Placement:
    """One source column and where its cells went, for the import report.

    >>> Placement("执法依据／法律", PLACED_STANDARD, "实施依据", "每段前加“【法律】”").describe()
    '实施依据（每段前加“【法律】”）'
    """

    source: str  # the header as the source wrote it (“执法依据／法律” for a sub-column)
    kind: str  # PLACED_STANDARD, PLACED_EXTRA or PLACED_LAYOUT
    target: str = ""  # the column it went to (a standard name, or the extra column's name)
    note: str = ""  # how: joined with a label, split, chosen …
    inferred: bool = False  # placed by a guess the clerk should check

    def describe(self) -> str:
        """The destination in the words of the import report."""
        if self.kind == PLACED_LAYOUT:
            where = "版式，已略过"
        elif self.kind == PLACED_EXTRA:
            where = f"附加列“{self.target}”"
        else:
            where = self.target
        return f"{where}（{self.note}）" if self.note else where


class PowerList:
    """A unit's list: the notice plus one row per item.

    The items are held as columns: ``column(name)`` gives one column's values, every value a ``str`` ("" when
    empty), paragraphs inside a cell joined by "\\n"; the standard 13 columns come first, then 事项编码 when
    the source has it. ``items`` gives the same table as a pandas DataFrame (Chinese column labels), built on
    first access; from then on the DataFrame is the list's content, so changes made to it are seen by
    ``column`` and ``records`` too. ``rows`` holds, per item, the 1-based Excel row it came from (``None``
    for lists that did not come from a sheet).

    Columns outside the standard 13 and 事项编码 that the source had are carried as **extra columns**
    (``extra_columns``, their names in order, after the standard ones): read, written, compared and
    checked for what every cell must be, never dropped. ``column_map`` says where each source column went
    (import prints it). ``catalogue`` is True for a 目录 (items only: 序号, 权力分类, 项目名称, 子项名称,
    备注, no legal basis and no duties): checks do not ask it for what a catalogue never has.

    >>> pl = PowerList.from_columns({"序号": ["1"], "项目名称": ["对保密工作的检查"]})
    >>> len(pl), pl.column("项目名称"), pl.column("备注")
    (1, ['对保密工作的检查'], [''])
    """

    def __init__(
        self,
        items: pd.DataFrame | None = None,
        notice: Notice | None = None,
        rows: list[int | None] | None = None,
        source: Source | None = None,
        extra_columns: list[str] | None = None,
        warnings: list[Finding] | None = None,
    ) -> None:
        self._frame: pd.DataFrame | None = items
        self._cols: dict[str, list[str]] | None = None if items is not None else {c: [] for c in COLUMN_NAMES}
        self._len = 0
        self.notice = notice if notice is not None else Notice()
        self.rows: list[int | None] = rows if rows is not None else []
        self.source = source if source is not None else Source()
        self.extra_columns: list[str] = (
            extra_columns if extra_columns is not None else []
        )  # in order, after the standard
        self.warnings: list[Finding] = warnings if warnings is not None else []  # found while reading
        self.column_map: list[Placement] = []  # where each source column went (filled by the readers)
        self.catalogue = False  # a 目录: items without legal basis or duties, on purpose
        # 0-based indices of the items that start a section (a banner row above them, a new part of the
        # table): a 序号 that restarts there is the list's own numbering, not a mistake.
        self.sections: list[int] = []

    @classmethod
    def from_columns(
        cls,
        columns: Mapping[str, Sequence[str]],
        *,
        notice: Notice | None = None,
        rows: list[int | None] | None = None,
        source: Source | None = None,
        extra_columns: list[str] | None = None,
        warnings: list[Finding] | None = None,
    ) -> PowerList:
        """A list from its columns (name -> cleaned ``str`` values), without pandas.

        Standard columns missing from ``columns`` are filled with "", 事项编码 is kept when given; the
        values are taken as they are (clean them with :func:`clean_cell` first). ``rows`` defaults to
        ``None`` per item.

        >>> PowerList.from_columns({"项目名称": ["甲", "乙"]}, rows=[3, 4]).records()[1]["项目名称"]
        '乙'
        """
        lengths = {len(v) for v in columns.values()}
        if len(lengths) > 1:
            raise ValueError(f"columns of different lengths: {sorted(lengths)}")
        extras = list(extra_columns or [])
        unknown = [c for c in columns if c not in COLUMN_BY_NAME and c not in extras]
        if unknown:
            raise ValueError(f"not a standard column nor named in extra_columns: {unknown}")
        clash = [c for c in extras if c in COLUMN_BY_NAME]
        if clash or len(set(extras)) != len(extras):
            raise ValueError(f"extra column names must be new and unique: {extras}")
        n = lengths.pop() if lengths else 0
        order = [*COLUMN_NAMES, *([CODE_COLUMN.name] if CODE_COLUMN.name in columns else []), *extras]
        pl = cls(
            notice=notice,
            rows=rows if rows is not None else [None] * n,
            source=source,
            extra_columns=extras,
            warnings=warnings,
        )
        pl._cols = {c: list(columns[c]) if c in columns else [""] * n for c in order}
        pl._len = n
        return pl

    @classmethod
    def empty(cls) -> PowerList:
        return cls.from_columns({})

    @classmethod
    def from_records(cls, records: list[dict[str, str]], notice: Notice | None = None) -> PowerList:
        """Build a list from dicts keyed by Chinese column names (missing columns become "").

        Keys that are not standard columns become extra columns, in the order first met.

        >>> PowerList.from_records([{"项目名称": "甲", "办理时限": "20个工作日"}]).extra_columns
        ['办理时限']
        """
        cols = list(COLUMN_NAMES)
        if any(r.get(CODE_COLUMN.name) for r in records):
            cols.append(CODE_COLUMN.name)
        extras = list(dict.fromkeys(k for r in records for k in r if k not in COLUMN_BY_NAME))
        data = {c: [clean_cell(r.get(c, "")) for r in records] for c in (*cols, *extras)}
        return cls.from_columns(data, notice=notice, extra_columns=extras)

    @property
    def items(self) -> pd.DataFrame:
        """The items as a DataFrame (built on first access; from then on the list's content)."""
        if self._frame is None:
            import pandas as pd

            cols = self._cols or {}
            self._frame = pd.DataFrame(cols, columns=list(cols), index=pd.RangeIndex(self._len), dtype=object)
            self._cols = None
        return self._frame

    @items.setter
    def items(self, frame: pd.DataFrame) -> None:
        self._frame, self._cols = frame, None

    def __len__(self) -> int:
        return self._len if self._frame is None else len(self._frame)

    def __repr__(self) -> str:
        return f"PowerList({len(self)} items, columns={self.columns!r}, source={self.source.path!s})"

    @property
    def kind(self) -> str:
        """ "catalogue" for a 目录 (``catalogue`` is True), else "list": what validate checks it for.

        >>> pl = PowerList.empty(); pl.catalogue = True; pl.kind
        'catalogue'
        """
        return "catalogue" if self.catalogue else "list"

    @kind.setter
    def kind(self, value: str) -> None:
        self.catalogue = value == "catalogue"

    @property
    def has_code(self) -> bool:
        return CODE_COLUMN.name in self.columns

    @property
    def columns(self) -> list[str]:
        if self._frame is None:
            return list(self._cols or {})
        return [str(c) for c in self._frame.columns]

    def column(self, name: str) -> list[str]:
        """One column's values, item by item (a new list; ``KeyError`` when the list has no such column).

        >>> PowerList.from_records([{"项目名称": " 甲 "}]).column("项目名称")
        ['甲']
        """
        if self._frame is None:
            return list((self._cols or {})[name])
        return self._frame[name].tolist()  # type: ignore[no-any-return]

    def records(self) -> list[dict[str, str]]:
        """One dict per item, column name -> value, in column order."""
        if self._frame is not None:
            return self._frame.to_dict("records")  # type: ignore[return-value]
        cols = self._cols or {}
        names = list(cols)
        return [dict(zip(names, values, strict=True)) for values in zip(*cols.values(), strict=True)]

    def reading_warnings(self) -> list[Finding]:
        """What reading the workbook warned about and changes what the list holds (hidden rows read, unknown
        columns left out, formulas without a value, notice rows not read); the notes of severity info (a
        renamed sheet found) are left out. Render and diff show these, as validate reports them.

        >>> pl = PowerList.empty()
        >>> pl.warnings = [Finding("QZ008", "warning", "隐藏"), Finding("QZ006", "info", "改名")]
        >>> [w.code for w in pl.reading_warnings()]
        ['QZ008']
        """
        return [w for w in self.warnings if w.severity != "info"]

    def cell_ref(self, index: int, column: str) -> tuple[int | None, str | None]:
        """Excel (row, cell address) of item ``index``'s ``column``, when known."""
        row = self.rows[index] if index < len(self.rows) else None
        letter = self.source.letters.get(column)
        if row is None or letter is None:
            return row, None
        return row, f"{letter}{row}"


@dataclass(frozen=True)
class Finding:
    """One problem found in a list, pointing at a cell when it can."""

    code: str
    severity: str  # "error" | "warning" | "info"
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    cell: str | None = None
    item: int | None = None  # 0-based item index, when the finding is about an item

    def place_text(self, source: str = "") -> str:
        """The finding as one line: ``[source ]工作表“发文信息” 单元格 A11：message``, its place named once.

        ``source`` names the workbook when there are two (diff: 旧版“a.xlsx”). A message that names its cell
        already is not given it again; a cell named only inside a longer address (A1 in A11) does not count.

        >>> Finding("QZ007", "warning", "不认识的字段“甲”", sheet="发文信息", cell="A11").place_text("新版“b.xlsx”")
        '新版“b.xlsx” 工作表“发文信息” 单元格 A11：不认识的字段“甲”'
        >>> Finding("QZ005", "warning", "单元格 H3（“责任事项”列）是公式", sheet="权责清单", cell="H3").place_text()
        '工作表“权责清单”：单元格 H3（“责任事项”列）是公式'
        """
        sheet = f"工作表“{self.sheet}”" if self.sheet else ""
        named = (
            self.cell is not None
            and re.search(rf"(?<![A-Za-z0-9]){re.escape(self.cell)}(?![0-9])", self.message) is not None
        )
        cell = "" if named or not self.cell else f"单元格 {self.cell}"
        place = " ".join(p for p in (source, sheet, cell) if p)
        return f"{place}：{self.message}" if place else self.message

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity,
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "cell": self.cell,
            "message": self.message,
        }


_SPACES = "\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff"
STRIP_CHARS = " \t" + _SPACES  # what clean_cell strips from each paragraph


def clean_cell(value: object) -> str:
    """Normalise a cell value: text, ``\\r\\n`` to ``\\n``, each paragraph stripped, blank lines dropped.

    >>> clean_cell("  1．甲\\r\\n\\r\\n\\u3000 2．乙 ")
    '1．甲\\n2．乙'
    """
    if value is None:
        return ""
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            value = int(value)
    text = str(value)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\n" not in text:
        return text.strip(STRIP_CHARS)
    return "\n".join(p for p in (line.strip(STRIP_CHARS) for line in text.split("\n")) if p)


def split_paragraphs(text: str) -> list[str]:
    """The non-empty paragraphs of a cell."""
    return [p for p in text.split("\n") if p.strip(STRIP_CHARS)]


_WS_RE = re.compile(r"[\s" + _SPACES + r"]+")


def normalize_header(text: object) -> str:
    """Header text without whitespace and without bracketed notes: '责任事项（明确责任主体）' -> '责任事项'.

    The header vocabulary (which wording names which column) is data: :mod:`toolkit.reading.vocabulary`.
    """
    t = _WS_RE.sub("", str(text or ""))
    t = re.sub(r"[（(【\[].*?[）)】\]]", "", t)
    return t.strip()
