"""The law registry: laws, their versions, article texts and old→new article mappings, read from data files.

Each law is a folder holding ``law.toml`` (name, short names, category, versions, mappings), one Markdown
file per version with the article texts, and one TSV per old→new mapping. The package ships a few laws in
``toolkit/citations/data/laws``; users add their own folders elsewhere (``--laws DIR`` or the ``QZQD_LAWS``
environment variable, several folders separated by ``os.pathsep``). A user law with the same name as a
shipped one replaces it. The format is described in docs/laws.md.

>>> reg = load_registry()
>>> law = reg.find("保密法")
>>> law.name, law.category
('中华人民共和国保守国家秘密法', '法律')
>>> law.version_at(dt.date(2025, 1, 1)).article(52).number
52
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..errors import QzqdError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib
from .parse import NUMERAL, chinese_number

DATA_DIR = Path(__file__).resolve().parent / "data" / "laws"
ENV_VAR = "QZQD_LAWS"
LAW_FILE = "law.toml"
CATEGORIES = (
    "法律",
    "行政法规",
    "地方性法规",
    "自治条例和单行条例",
    "部门规章",
    "地方政府规章",
    "规范性文件",
    "司法解释",
    "党内法规",
)


class LawDataError(QzqdError):
    """A law data file cannot be read."""


@dataclass(frozen=True)
class Article:
    """One article of one version: number, text (paragraphs joined by "\\n"), chapter heading."""

    number: int
    text: str
    chapter: str | None = None  # "第五章 法律责任"
    section: str | None = None  # "第二节 查封、扣押"
    heading: str = ""  # the article number as written: "第五十二条"

    @property
    def chapter_number(self) -> int | None:
        m = re.match(r"第(" + NUMERAL + ")章", self.chapter or "")
        return chinese_number(m.group(1)) if m else None


@dataclass
class LawVersion:
    """One version (original or revision) of a law."""

    adopted: dt.date | None  # date adopted / revised / issued
    effective: dt.date | None  # date in force (defaults to ``adopted``)
    order: str = ""  # issuing order as usually cited: "主席令第20号", "国务院令第786号"
    text_path: Path | None = None
    note: str = ""

    @property
    def in_force_from(self) -> dt.date | None:
        return self.effective or self.adopted

    @property
    def has_text(self) -> bool:
        return self.text_path is not None

    @cached_property
    def articles(self) -> dict[int, Article]:
        """Articles by number, read on first use."""
        if self.text_path is None:
            return {}
        return parse_law_markdown(self.text_path)

    def article(self, number: int) -> Article | None:
        return self.articles.get(number)

    @property
    def label(self) -> str:
        """How the version is named in messages: "2024年2月27日修订版"."""
        d = self.adopted or self.effective
        return f"{d.year}年{d.month}月{d.day}日版" if d else "未注明日期的版本"


@dataclass(frozen=True)
class MapEntry:
    """Where an old article went in a newer version."""

    old: int
    new: tuple[int, ...]  # empty: no counterpart (deleted)
    confidence: str = ""
    note: str = ""


@dataclass
class Mapping:
    """Old→new article numbers between two versions of one law."""

    source: dt.date
    target: dt.date
    entries: dict[int, MapEntry] = field(default_factory=dict)

    @cached_property
    def _targets(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for e in self.entries.values():
            for n in e.new:
                out.setdefault(n, []).append(e.old)
        return out

    def one_to_one(self, old: int) -> int | None:
        """The new number when ``old`` maps to exactly one article that no other old article maps to."""
        e = self.entries.get(old)
        if e is None or len(e.new) != 1:
            return None
        return e.new[0] if len(self._targets.get(e.new[0], [])) == 1 else None

    def merged_with(self, old: int) -> list[int]:
        """Other old articles mapped into the same new article(s) as ``old``."""
        e = self.entries.get(old)
        if e is None:
            return []
        return sorted({o for n in e.new for o in self._targets.get(n, []) if o != old})


@dataclass
class Law:
    """A law, regulation, rule or normative document known to the registry."""

    name: str
    category: str
    short_names: tuple[str, ...] = ()
    issuer: str = ""
    versions: list[LawVersion] = field(default_factory=list)  # oldest first
    mappings: list[Mapping] = field(default_factory=list)
    folder: Path | None = None
    note: str = ""
    user: bool = False  # from a user folder, not shipped with qzqd

    @property
    def has_text(self) -> bool:
        return any(v.has_text for v in self.versions)

    def version_at(self, date: dt.date | None) -> LawVersion | None:
        """The version in force on ``date`` (the newest version when ``date`` is None)."""
        found = None
        for v in self.versions:
            start = v.in_force_from
            if date is None or start is None or start <= date:
                found = v
        return found

    def newer_versions(self, version: LawVersion) -> list[LawVersion]:
        i = self.versions.index(version)
        return self.versions[i + 1 :]

    def mapping(self, old: LawVersion, new: LawVersion) -> Mapping | None:
        """The article mapping from ``old`` to ``new``, composed through intermediate versions if needed."""
        if old.adopted is None or new.adopted is None:
            return None
        direct = {(m.source, m.target): m for m in self.mappings}
        if (old.adopted, new.adopted) in direct:
            return direct[(old.adopted, new.adopted)]
        chain = self.versions[self.versions.index(old) : self.versions.index(new) + 1]
        steps = [
            direct.get((a.adopted, b.adopted))
            for a, b in zip(chain, chain[1:], strict=False)
            if a.adopted and b.adopted
        ]
        if not steps or any(s is None for s in steps):
            return None
        result = Mapping(old.adopted, new.adopted)
        first = steps[0]
        assert first is not None
        for e in first.entries.values():
            targets: tuple[int, ...] = e.new
            notes = [e.note] if e.note else []
            for s in steps[1:]:
                assert s is not None
                nxt: list[int] = []
                for t in targets:
                    m = s.entries.get(t)
                    if m is None:
                        nxt.append(t)
                    else:
                        nxt.extend(m.new)
                        if m.note:
                            notes.append(m.note)
                targets = tuple(dict.fromkeys(nxt))
            result.entries[e.old] = MapEntry(e.old, targets, e.confidence, "；".join(notes))
        return result

    def maps_to(self, old: LawVersion, new: LawVersion, number: int) -> tuple[int, ...] | None:
        """Where article ``number`` of ``old`` stands in ``new``: its article numbers (empty: deleted), or None
        when no mapping between the two versions is known or it does not list the article.

        >>> law = load_registry(()).find("保密法")
        >>> law.maps_to(law.versions[-2], law.versions[-1], 45)
        (52,)
        """
        mapping = self.mapping(old, new)
        entry = mapping.entries.get(number) if mapping else None
        return entry.new if entry is not None else None


# -- names ---------------------------------------------------------------------------------------------------

_NAME_NOISE = re.compile(r"[\s《》〈〉<>\u3000]")


def normalize_name(name: str) -> str:
    """A law name for lookup: no spaces or title marks, ASCII parentheses made full-width."""
    n = _NAME_NOISE.sub("", name)
    return n.replace("(", "（").replace(")", "）")


@dataclass
class LawRegistry:
    """All known laws, looked up by full or short name."""

    laws: list[Law] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # Chinese notes about ignored/ambiguous data

    @cached_property
    def _index(self) -> dict[str, Law | None]:
        # A name claimed by two laws maps to None (ambiguous): better no answer than a wrong one.
        index: dict[str, Law | None] = {}
        full = {normalize_name(law.name): law for law in self.laws}
        for law in self.laws:
            for alias in self._aliases(law):
                key = normalize_name(alias)
                if key in full and full[key] is not law:
                    continue  # a full name always wins over someone else's short name
                if key in index and index[key] is not law:
                    index[key] = None
                else:
                    index[key] = law
        index.update(full)
        return index

    @staticmethod
    def _aliases(law: Law) -> list[str]:
        out = list(law.short_names)
        if law.name.startswith("中华人民共和国"):
            out.append(law.name[len("中华人民共和国") :])
        return out

    def find(self, name: str | None) -> Law | None:
        """The law with this full or short name (with or without 《》), None when unknown or ambiguous."""
        if not name:
            return None
        return self._index.get(normalize_name(name))

    def ambiguous(self, name: str) -> list[Law]:
        """Laws sharing the short name ``name`` (empty unless the name is ambiguous)."""
        key = normalize_name(name)
        if self._index.get(key, 0) is not None:
            return []
        return [law for law in self.laws if key in {normalize_name(a) for a in self._aliases(law)}]


# -- loading -------------------------------------------------------------------------------------------------


def read_text(path: Path) -> str:
    """A data file's text: UTF-8 with or without the BOM Windows Notepad adds; GBK gets a clear message."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise LawDataError(f"法律库文件 {path} 不是 UTF-8 编码，请用记事本“另存为”并选择 UTF-8 编码。") from e


def law_dirs_from_env() -> list[Path]:
    value = os.environ.get(ENV_VAR, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


_CACHE: dict[tuple[str, ...], LawRegistry] = {}


def load_registry(dirs: tuple[str | Path, ...] | list[str | Path] = (), *, env: bool = True) -> LawRegistry:
    """The shipped laws plus those in ``dirs`` (and in ``$QZQD_LAWS`` when ``env``); cached per folder list.

    Raises :class:`LawDataError` (Chinese message naming the file) when a data file is malformed.
    """
    folders = [*(law_dirs_from_env() if env else []), *(Path(d) for d in dirs)]
    key = tuple(str(p.resolve()) for p in folders)
    if key not in _CACHE:
        _CACHE[key] = _load(folders)
    return _CACHE[key]


def _load(user_dirs: list[Path]) -> LawRegistry:
    by_name: dict[str, Law] = {}
    for law in _load_folder(DATA_DIR, user=False):
        by_name[normalize_name(law.name)] = law
    for d in user_dirs:
        if not d.is_dir():
            raise LawDataError(f"法律库目录不存在：{d}")
        for law in _load_folder(d, user=True):
            by_name[normalize_name(law.name)] = law  # user data replaces shipped data of the same law
    return LawRegistry(
        sorted(
            by_name.values(), key=lambda x: (CATEGORIES.index(x.category) if x.category in CATEGORIES else 99, x.name)
        )
    )


def _load_folder(root: Path, *, user: bool) -> list[Law]:
    files = [root / LAW_FILE] if (root / LAW_FILE).is_file() else sorted(root.glob(f"*/{LAW_FILE}"))
    return [load_law(f, user=user) for f in files]


def _date(value: object, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    parsed = parse_date(str(value))
    if parsed is None:
        raise LawDataError(f"{where}：日期“{value}”无法识别，请写成 2024-05-01 的形式")
    return parsed


def load_law(path: Path, *, user: bool = False) -> Law:
    """Read one ``law.toml`` and the files it names."""
    try:
        data = tomllib.loads(read_text(path))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise LawDataError(f"法律库文件 {path} 无法读取：{e}") from e
    folder = path.parent
    name = str(data.get("name", "")).strip()
    category = str(data.get("category", "")).strip()
    if not name or not category:
        raise LawDataError(f"法律库文件 {path} 缺少 name（法律名称）或 category（类别）")
    if category not in CATEGORIES:
        raise LawDataError(f"法律库文件 {path}：类别“{category}”不是 {'、'.join(CATEGORIES)} 之一")
    versions = []
    for i, v in enumerate(data.get("versions", [])):
        where = f"{path} 第{i + 1}个 [[versions]]"
        text = v.get("text")
        text_path = folder / text if text else None
        if text_path is not None and not text_path.is_file():
            raise LawDataError(f"{where}：条文文件 {text_path} 不存在")
        versions.append(
            LawVersion(
                adopted=_date(v.get("adopted"), where),
                effective=_date(v.get("effective"), where),
                order=str(v.get("order", "")),
                text_path=text_path,
                note=str(v.get("note", "")),
            )
        )
    versions.sort(key=lambda v: v.in_force_from or dt.date.min)
    mappings = []
    for i, m in enumerate(data.get("mappings", [])):
        where = f"{path} 第{i + 1}个 [[mappings]]"
        src, dst = _date(m.get("from"), where), _date(m.get("to"), where)
        if src is None or dst is None or not m.get("file"):
            raise LawDataError(f"{where}：需要 from、to 和 file 三项")
        mappings.append(Mapping(src, dst, read_mapping(folder / str(m["file"]))))
    return Law(
        name=name,
        category=category,
        short_names=tuple(str(s) for s in data.get("short_names", [])),
        issuer=str(data.get("issuer", "")),
        versions=versions,
        mappings=mappings,
        folder=folder,
        note=str(data.get("note", "")),
        user=user,
    )


def _article_numbers(text: str) -> tuple[int, ...]:
    return tuple(n for n in (chinese_number(x) for x in re.findall("第(" + NUMERAL + ")条", text)) if n is not None)


def read_mapping(path: Path) -> dict[int, MapEntry]:
    """Read a mapping TSV: columns old, new (several joined by 、, empty when deleted), confidence, note."""
    try:
        rows = list(csv.DictReader(read_text(path).splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    except (OSError, UnicodeDecodeError) as e:
        raise LawDataError(f"条文对照表 {path} 无法读取：{e}") from e
    out: dict[int, MapEntry] = {}
    for n, row in enumerate(rows, start=2):
        old = _article_numbers(row.get("old") or "")
        if len(old) != 1:
            raise LawDataError(f"条文对照表 {path} 第{n}行：old 列应为一个条号，如“第四十五条”")
        out[old[0]] = MapEntry(
            old[0],
            _article_numbers(row.get("new") or ""),
            (row.get("confidence") or "").strip(),
            (row.get("note") or "").strip(),
        )
    return out


# -- article texts -------------------------------------------------------------------------------------------

_ARTICLE_LINE = re.compile(r"^(第(" + NUMERAL + r")条(?:之(" + NUMERAL + r"))?)[ \u3000\t]+(.*)$")
_CHAPTER_LINE = re.compile(r"^#{2}\s*(第" + NUMERAL + r"[章编].*)$")
_SECTION_LINE = re.compile(r"^#{3,}\s*(第" + NUMERAL + r"节.*)$")


def parse_law_markdown(path: Path) -> dict[int, Article]:
    """Articles of a law text in the registry's Markdown format (see docs/laws.md).

    A line ``第N条 text`` starts article N only when N follows the previous article number, so a paragraph
    that happens to begin with an article reference stays part of its article.
    """
    try:
        lines = read_text(path).splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise LawDataError(f"条文文件 {path} 无法读取：{e}") from e
    if "<!-- INFO END -->" in lines:
        lines = lines[lines.index("<!-- INFO END -->") + 1 :]
    articles: dict[int, Article] = {}
    chapter = section = None
    current: tuple[int, str] | None = None
    paras: list[str] = []
    last = 0

    def flush() -> None:
        if current is not None:
            articles[current[0]] = Article(current[0], "\n".join(paras), chapter_at_start, section_at_start, current[1])

    chapter_at_start = section_at_start = None
    for raw in lines:
        line = raw.strip().strip("\u3000")
        if not line or line.startswith("<!--"):
            continue
        m = _CHAPTER_LINE.match(line)
        if m:
            chapter, section = re.sub(r"\s+", " ", m.group(1)), None
            continue
        m = _SECTION_LINE.match(line)
        if m:
            section = re.sub(r"\s+", " ", m.group(1))
            continue
        if line.startswith("#"):
            continue
        m = _ARTICLE_LINE.match(line)
        n = chinese_number(m.group(2)) if m else None
        if m and n is not None and not m.group(3) and n == last + 1:
            flush()
            current, paras, last = (n, m.group(1)), [m.group(4).strip()], n
            chapter_at_start, section_at_start = chapter, section
            continue
        if current is not None:
            paras.append(line)
    flush()
    return articles


# -- dates ---------------------------------------------------------------------------------------------------

_CN_DATE = re.compile(
    r"([0-9０-９〇○零一二三四五六七八九]{4})\s*年\s*(" + NUMERAL + r")\s*月\s*(" + NUMERAL + r")\s*日"
)
_ISO_DATE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")


def parse_date(text: str, *, whole: bool = False) -> dt.date | None:
    """A date written "2022年7月18日", "二〇二二年七月十八日" or "2022-07-18" (also 2022/7/18, 2022.7.18);
    None when there is none or it does not exist (2022年2月30日).

    By default the date is found anywhere in ``text`` ("2022年7月18日印发" gives 2022-07-18). With ``whole``
    the text, stripped of surrounding spaces, must be the date and nothing else: "2026-3-181" is then no
    date rather than 2026-03-18, as a typed option or a 成文日期 cell must be read.

    >>> parse_date("2022年7月18日"), parse_date("二〇二二年七月十八日"), parse_date("2025-01-01")
    (datetime.date(2022, 7, 18), datetime.date(2022, 7, 18), datetime.date(2025, 1, 1))
    >>> parse_date("2026-3-181"), parse_date("2026-3-181", whole=True), parse_date(" 2026-3-18 ", whole=True)
    (datetime.date(2026, 3, 18), None, datetime.date(2026, 3, 18))
    """
    text = (text or "").strip() if whole else text or ""
    find = _CN_DATE.fullmatch if whole else _CN_DATE.search
    m = find(text)
    parts: tuple[int | None, ...]
    if m:
        parts = tuple(chinese_number(g) for g in m.groups())
    else:
        m = _ISO_DATE.fullmatch(text) if whole else _ISO_DATE.search(text)
        if not m:
            return None
        parts = tuple(int(g) for g in m.groups())
    y, mo, d = parts
    if y is None or mo is None or d is None:
        return None
    try:
        return dt.date(y, mo, d)
    except ValueError:
        return None
