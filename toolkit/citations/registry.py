"""The law registry: every law qzqd knows, in three layers, looked up by full or short name.

1. The base layer: every national law and administrative regulation of the corpus (toolkit/laws/data/laws.bin,
   built by scripts/build_laws.py), with hand-written facts (toolkit/laws/data/facts.toml) and the repealed
   laws (toolkit/laws/data/repealed.toml).
2. The hand-reviewed laws shipped in ``toolkit/citations/data/laws``: one folder per law holding ``law.toml``
   (name, short names, category, versions, mappings), one Markdown file per version and one TSV per
   old→new mapping. A reviewed law replaces the base law of the same name.
3. The user's folders in the same format (``--laws DIR`` or the ``QZQD_LAWS`` environment variable, several
   folders separated by ``os.pathsep``), replacing laws of the same name in the layers below.

The format is described in docs/laws.md; the classes live in :mod:`toolkit.laws.model`.

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
from pathlib import Path

from ..laws.lawtext import parse_law_file, read_text
from ..laws.model import (
    CATEGORIES,
    Article,
    Law,
    LawDataError,
    LawRegistry,
    LawVersion,
    MapEntry,
    Mapping,
    normalize_name,
)

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib
from .parse import NUMERAL, chinese_number

DATA_DIR = Path(__file__).resolve().parent / "data" / "laws"
ENV_VAR = "QZQD_LAWS"
LAW_FILE = "law.toml"


# -- loading -------------------------------------------------------------------------------------------------


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


_BASE: list[Law] = []


def base_laws() -> list[Law]:
    """The base layer: the built-in library with its hand-written facts, and the repealed laws (loaded once)."""
    if not _BASE:
        from ..laws.status import apply_facts, repealed_laws
        from ..laws.store import DATA_FILE, load_base

        laws = load_base() if DATA_FILE.is_file() else []
        apply_facts(laws, versions=False)  # a law's version facts are applied when it is first used
        known = {normalize_name(law.name) for law in laws}
        laws += [law for law in repealed_laws() if normalize_name(law.name) not in known]
        _BASE.extend(laws)
    return _BASE


def _load(user_dirs: list[Path]) -> LawRegistry:
    from ..laws.status import apply_status

    top: dict[str, Law] = {}
    for law in _load_folder(DATA_DIR, user=False):
        top[normalize_name(law.name)] = law  # hand-reviewed data replaces the base of the same law
    for d in user_dirs:
        if not d.is_dir():
            raise LawDataError(f"法律库目录不存在：{d}")
        for law in _load_folder(d, user=True):
            top[normalize_name(law.name)] = law  # user data replaces shipped data of the same law
    apply_status(top)
    return LayeredRegistry(top)


class LayeredRegistry(LawRegistry):
    """The registry of :func:`load_registry`: the reviewed and user laws at once, the base layer (a thousand
    laws) joined on first need — a lookup by a full name the upper layers hold does not need it (a list that
    cites only the clerk's own and the reviewed laws never loads it)."""

    def __init__(self, top: dict[str, Law]) -> None:
        super().__init__([])
        del self.__dict__["laws"]  # built on first access (__getattr__)
        self._top = top

    def __getattr__(self, name: str) -> object:
        if name != "laws":
            raise AttributeError(name)
        from ..laws.status import apply_status

        by_name = {normalize_name(law.name): law for law in base_laws()}
        by_name.update(self._top)
        apply_status(by_name)
        rank = {c: i for i, c in enumerate(CATEGORIES)}
        laws = sorted(by_name.values(), key=lambda x: (x.layer == "base", rank.get(x.category, 99), x.name))
        self.__dict__["laws"] = laws
        return laws

    def find(self, name: str | None) -> Law | None:
        if name and "laws" not in self.__dict__:
            # A full name of an upper-layer law is the answer whatever the base holds (full names win).
            hit = self._top.get(normalize_name(name))
            if hit is not None and normalize_name(hit.name) == normalize_name(name):
                return hit
        return super().find(name)


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
    # A repeal recorded by the user (the same keys as data/repealed.toml, and ``repealed_by``: by what, as
    # written): QZ408 and the adjustment read it from the law like the shipped table's.
    repealed = _date(data.get("repealed"), str(path))
    replaced_by = str(data.get("replaced_by", "")).strip().strip("《》")
    repealed_by = str(data.get("repealed_by", "")).strip()
    if repealed is None and (replaced_by or repealed_by):
        raise LawDataError(
            f"法律库文件 {path}：写了 replaced_by 或 repealed_by，但没有写废止日期 repealed（如 repealed = 2024-01-01）"
        )
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
        layer="user" if user else "reviewed",
        repealed=repealed,
        replaced_by=replaced_by,
        status_note=repealed_by,
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


def parse_law_markdown(path: Path) -> dict[int, Article]:
    """Articles of a law text in the registry's Markdown format (see docs/laws.md), by number (第X条之一
    articles are read too, see :func:`toolkit.laws.lawtext.parse_law_text`, but left out of this dict).

    A line ``第N条 text`` starts article N only when N follows the previous article number, so a paragraph
    that happens to begin with an article reference stays part of its article.
    """
    return {a.number: a for a in parse_law_file(path) if not a.sub}


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
