"""The raw law corpus (one Markdown file per law and version) read into laws with versions and a report.

Used at build time by ``scripts/build_laws.py`` (the corpus is not available at run time) and by
``qzqd laws add`` for a Markdown file in the corpus format. Files are grouped into laws by their title; a
code split over several files (民法典: one file per 编) is read as one text, its numbering running on from
file to file. Each file is a version: its date is the one in its name (``X(2021-01-22).md``), else the
latest adoption or revision in its header. Header events without a text of their own become versions
without text, so that the history is complete.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> (root / "行政法").mkdir()
>>> _ = (root / "行政法" / "甲法(2020-01-01).md").write_text(
...     "# 中华人民共和国甲法\\n\\n2010年1月1日 通过\\n\\n2020年1月1日 修正\\n\\n<!-- INFO END -->\\n\\n第一条 甲。\\n",
...     encoding="utf-8")
>>> [law] = read_corpus(root).laws
>>> law.name, [(v.adopted.isoformat(), v.kind, len(v.articles)) for v in law.versions]
('中华人民共和国甲法', [('2010-01-01', '通过', 0), ('2020-01-01', '修正', 1)])
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .lawtext import Event, ParsedText, parse_law_text
from .model import Article, normalize_name

# Corpus folders -> registry category; folders not listed are laws (法律) by branch of law.
FOLDER_CATEGORY = {"行政法规": "行政法规", "部门规章": "部门规章", "宪法": "宪法", "其他": "规范性文件"}
# Files in the corpus that are not legal texts (a guide), skipped and named in the report.
NOT_LAW = ("攻略",)
# A code split over files: the order of its parts (file stems), the numbering runs on through them.
SPLIT_CODES = {
    "中华人民共和国民法典": ("总则", "物权编", "合同编", "人格权编", "婚姻家庭编", "继承编", "侵权责任编", "附则")
}
_FILE_DATE = re.compile(r"\((\d{4})-(\d{2})-(\d{2})\)$")


@dataclass
class CorpusVersion:
    adopted: dt.date | None
    effective: dt.date | None = None
    order: str = ""
    kind: str = ""
    articles: list[Article] = field(default_factory=list)
    appendix: str = ""
    preamble: str = ""
    files: list[str] = field(default_factory=list)  # corpus paths, relative to the root
    has_text: bool = False


@dataclass
class CorpusLaw:
    name: str
    category: str
    versions: list[CorpusVersion] = field(default_factory=list)  # oldest first
    history: list[str] = field(default_factory=list)  # header lines, as written (newest text's header)


@dataclass
class FileReport:
    path: str
    articles: int
    problems: list[str]
    structured: bool = True  # False: a decision or amendment written as 一、二、… (no 第X条)


@dataclass
class Corpus:
    laws: list[CorpusLaw] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why)


def _category(rel: Path) -> str:
    return FOLDER_CATEGORY.get(rel.parts[0], "法律") if len(rel.parts) > 1 else "法律"


def _file_date(path: Path) -> dt.date | None:
    m = _FILE_DATE.search(path.stem)
    if not m:
        return None
    try:
        return dt.date(*(int(g) for g in m.groups()))
    except ValueError:
        return None


def version_from(parsed: ParsedText, date: dt.date | None) -> CorpusVersion:
    """The version a parsed text is: dated ``date`` (its file name), else by its latest adoption or revision;
    its 施行日期 when the header states one on or after that date, and its order when the event names one."""
    adopting = [e for e in parsed.events if e.adopts]
    if date is None and adopting:
        date = max(e.date for e in adopting)
    event = next((e for e in reversed(adopting) if e.date == date), None)
    kind = event.kind if event else ""
    order = next((e.order for e in parsed.events if e.date == date and e.order), "")
    later_adoptions = [e.date for e in adopting if date and e.date > date]
    effective = None
    for e in parsed.events:
        if e.kind == "施行" and date and e.date >= date and not any(d <= e.date for d in later_adoptions):
            effective = e.date
    if effective is None and event is not None and "施行" in event.line and "起施行" not in event.line:
        effective = date  # "公布施行": in force the day it is published
    return CorpusVersion(
        date,
        effective if effective != date else (date if effective else None),
        order,
        kind,
        parsed.articles,
        parsed.appendix,
        parsed.preamble,
        has_text=bool(parsed.articles) or bool(parsed.preamble),
    )


def read_corpus(root: Path) -> Corpus:
    """Every law of the corpus at ``root`` with its versions, and a per-file report of what was not read."""
    corpus = Corpus()
    groups: dict[str, list[tuple[Path, ParsedText, str]]] = {}
    names: dict[str, str] = {}
    split_parts: dict[str, dict[str, tuple[Path, str]]] = {}
    for path in sorted(root.rglob("*.md")):
        rel = path.relative_to(root)
        if path.name.startswith("_") or path.name == "README.md":
            continue
        if any(w in path.stem for w in NOT_LAW):
            corpus.skipped.append((rel.as_posix(), "不是法律文本"))
            continue
        text = path.read_text(encoding="utf-8-sig")
        title = next((ln[2:].strip() for ln in text.splitlines() if ln.startswith("# ")), "")
        if not title:
            corpus.skipped.append((rel.as_posix(), "没有标题"))
            continue
        if title in SPLIT_CODES:
            split_parts.setdefault(title, {})[path.stem] = (path, text)
            continue
        parsed = parse_law_text(text)
        corpus.files.append(_report(rel, parsed))
        key = normalize_name(title)
        names.setdefault(key, title)
        groups.setdefault(key, []).append((rel, parsed, _category(rel)))
    for title, parts in split_parts.items():
        _read_split(corpus, root, title, parts, groups, names)
    for key, files in groups.items():
        corpus.laws.append(_law(names[key], files))
    corpus.laws.sort(key=lambda law: law.name)
    return corpus


def _report(rel: Path, parsed: ParsedText) -> FileReport:
    problems = list(parsed.problems)
    structured = bool(parsed.articles)
    if not parsed.articles and not parsed.preamble:
        problems.append("没有读到任何条文")
    return FileReport(rel.as_posix(), len(parsed.articles), problems, structured)


def _read_split(corpus: Corpus, root: Path, title: str, parts: dict, groups: dict, names: dict) -> None:
    order = SPLIT_CODES[title]
    last = 0
    merged = ParsedText(title=title)
    first_rel = None
    for stem in [*order, *sorted(set(parts) - set(order))]:
        if stem not in parts:
            if stem in order:
                corpus.skipped.append((f"{title}/{stem}", "缺少这一编的文件"))
            continue
        path, text = parts[stem]
        rel = path.relative_to(root)
        first_rel = first_rel or rel
        parsed = parse_law_text(text, start=last)
        corpus.files.append(_report(rel, parsed))
        if parsed.articles and parsed.articles[0].number != last + 1:
            corpus.files[-1].problems.append(f"第一条的条号不接续上一编（上一编到第{last}条）")
        merged.events = merged.events or parsed.events
        merged.articles.extend(parsed.articles)
        merged.problems.extend(parsed.problems)
        last = parsed.last or last
    key = normalize_name(title)
    names.setdefault(key, title)
    assert first_rel is not None
    groups.setdefault(key, []).append((first_rel, merged, _category(first_rel)))


def _law(name: str, files: list[tuple[Path, ParsedText, str]]) -> CorpusLaw:
    by_date: dict[dt.date | None, CorpusVersion] = {}
    events: dict[tuple[dt.date, str], Event] = {}
    newest_header: tuple[dt.date, list[str]] | None = None
    category = files[0][2]
    for rel, parsed, _ in files:
        v = version_from(parsed, _file_date(rel))
        v.files.append(rel.as_posix())
        if v.adopted in by_date and by_date[v.adopted].has_text:
            continue  # the same version twice (history/ and the main folder): the first one read is kept
        by_date[v.adopted] = v
        for e in parsed.events:
            events.setdefault((e.date, e.kind), e)
        if v.adopted and (newest_header is None or v.adopted >= newest_header[0]):
            newest_header = (v.adopted, [e.line for e in parsed.events])
    # The history without a text of its own: earlier adoptions and revisions.
    for e in _adoptions(sorted(events.values(), key=lambda e: e.date), by_date):
        if e.date not in by_date:
            by_date[e.date] = CorpusVersion(e.date, None, e.order, e.kind)
    for v in by_date.values():
        for (date, kind), e in events.items():
            if v.adopted == date and e.order and not v.order and kind != "施行":
                v.order = e.order
    versions = sorted(by_date.values(), key=lambda v: v.adopted or dt.date.min)
    for a, b in zip(versions, versions[1:], strict=False):
        if a.effective and b.adopted and a.effective > b.adopted:
            a.effective = None  # a 施行 line that belongs to a later version
    return CorpusLaw(name, category, versions, newest_header[1] if newest_header else [])


def _adoptions(events: list[Event], by_date: dict[dt.date | None, CorpusVersion]) -> list[Event]:
    """The adoptions and revisions of a history, one per text: a regulation 通过 at a State Council meeting (or
    批准 by it) and 公布/发布 some days later is one version (dated as a text file dates it, else by its 公布)."""
    out: list[Event] = []
    for e in events:
        if not e.adopts:
            continue
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind in ("通过", "批准")
            and e.kind in ("公布", "发布", "批准")
            and e.kind != prev.kind
            and 0 <= (e.date - prev.date).days <= 90
        ):
            keep = prev if prev.date in by_date else e
            out[-1] = Event(keep.date, keep.kind, e.order or prev.order, keep.line)
            continue
        if any(
            d is not None
            and d != e.date
            and 0 < (e.date - d).days <= 90
            and by_date[d].kind == "通过"
            and e.kind in ("公布", "发布")
            for d in by_date
        ):
            continue  # the publication of a text version already dated by its adoption
        out.append(e)
    return out
