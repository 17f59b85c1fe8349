"""``qzqd laws add``: put a law (a new one, or a new version of a known one) into the user's law folder.

The file is a .docx as downloaded from the national law database or Markdown in the corpus format. The law's
folder (``<law folder>/<name>/``) gets the version's text, ``law.toml`` and the article maps between
consecutive versions. When qzqd already knows the law (built-in library, reviewed laws, or this folder), its
earlier versions are written into the folder too, so the folder holds the whole law and replaces the shipped
one (see docs/laws.md); the map from the previous version to the new one is computed
(:mod:`toolkit.laws.align`) with a confidence per row: ``low`` rows are shown for a person to confirm and
are never applied by ``update-citations``.

>>> result = add_law("某条例.docx", "我的法律库", effective=dt.date(2025, 1, 1), order="国务院令第800号")  # doctest: +SKIP
>>> result.folder, result.version.adopted, len(result.maps)  # doctest: +SKIP
(PosixPath('我的法律库/中华人民共和国某条例'), datetime.date(2024, 11, 1), 1)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..citations.parse import cn_numeral
from ..errors import InputError, UsageError
from .align import Row, align_articles
from .corpus import version_from
from .lawtext import ParsedText, parse_law_text, read_text
from .model import CATEGORIES, Article, Law, LawVersion, MapEntry, normalize_name

LAW_FILE = "law.toml"


@dataclass
class AddResult:
    """What :func:`add_law` wrote."""

    folder: Path
    law_name: str
    category: str
    version: LawVersion  # the version added (its text in ``folder``)
    articles: int
    problems: list[str]  # what the parser could not read (Chinese)
    maps: list[tuple[str, list[Row]]] = field(default_factory=list)  # (tsv file name, rows)
    replaced_known: bool = False  # qzqd knew the law: its earlier versions were copied into the folder

    @property
    def unsure(self) -> list[tuple[str, Row]]:
        """Map rows a person should confirm (low confidence)."""
        return [(name, r) for name, rows in self.maps for r in rows if r.confidence != "high"]


def read_law_file(path: Path) -> ParsedText:
    """Parse a .docx (national law database) or a Markdown file in the corpus format."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        from .docxlaw import docx_paragraphs_to_markdown, read_docx_paragraphs

        try:
            paragraphs = read_docx_paragraphs(path)
        except Exception as e:  # noqa: BLE001 - python-docx raises many kinds on a damaged file
            raise InputError(f"无法读取 Word 文件（{e.__class__.__name__}），请确认是 .docx 格式。", path=path) from e
        text = docx_paragraphs_to_markdown(paragraphs)
    elif suffix in (".md", ".txt"):
        text = read_text(path)
    else:
        raise UsageError(
            "只能添加 .docx（国家法律法规数据库下载的 Word 文件）或 .md（语料格式）的法律文本。", path=path
        )
    parsed = parse_law_text(text)
    if not parsed.title:
        raise InputError("文件中没有找到法律名称（.docx 的第一段、.md 的“# 名称”一行）。", path=path)
    if not parsed.articles:
        raise InputError("文件中没有读到任何条文（以“第一条”开头的段落）。", path=path)
    return parsed


def guess_category(parsed: ParsedText) -> str | None:
    """The category the header shows: 主席令/全国人大 -> 法律, 国务院令 -> 行政法规, … (None: cannot tell)."""
    head = " ".join(e.line for e in parsed.events)
    if "国务院令" in head or "国务院常务会议" in head:
        return "行政法规"
    if "全国人民代表大会" in head or "主席令" in head:
        return "法律"
    if "人民代表大会常务委员会" in head:
        return "地方性法规"
    if "人民政府令" in head:
        return "地方政府规章"
    return None


def add_law(
    src: str | Path,
    laws_dir: str | Path,
    *,
    effective: dt.date | None = None,
    order: str | None = None,
    category: str | None = None,
    known: Law | None = None,
) -> AddResult:
    """Add the law in ``src`` to the user folder ``laws_dir`` (created if needed) and return what was written.

    ``effective``, ``order`` and ``category`` fill in what the file does not state (a file's own 施行 line and
    order win over nothing, the options win over the file). ``known``: the law as qzqd knows it now (looked up
    by the caller in the registry), whose other versions are written into the folder too.
    Raises :class:`UsageError` when the category is unknown and not given.
    """
    src = Path(src)
    parsed = read_law_file(src)
    v = version_from(parsed, None)
    if v.adopted is None:
        raise InputError("题注中没有找到通过、修正或修订的日期，无法确定版本。", path=src)
    category = category or (known.category if known is not None else None) or guess_category(parsed)
    if category is None:
        raise UsageError("无法从文件判断类别，请用 --category 指定（如 地方性法规、部门规章）。")
    if category not in CATEGORIES:
        raise UsageError(f"类别“{category}”不是 {'、'.join(CATEGORIES)} 之一。")
    name = parsed.title
    folder = Path(laws_dir) / _folder_name(name)
    folder.mkdir(parents=True, exist_ok=True)
    new = LawVersion(
        v.adopted,
        effective or v.effective,
        order or v.order,
        kind=v.kind,
        loader=lambda: parsed.articles,
    )
    versions: list[LawVersion] = []
    texts: dict[dt.date, list[Article]] = {}
    if known is not None:
        for old in known.versions:
            if old.adopted is None or old.adopted == new.adopted:
                continue
            versions.append(old)
            if old.has_text:
                texts[old.adopted] = list(old.all_articles.values())
    versions.append(new)
    texts[new.adopted] = parsed.articles  # type: ignore[index]
    versions.sort(key=lambda x: x.adopted or dt.date.min)
    for date, arts in texts.items():
        (folder / f"{date.isoformat()}.md").write_text(articles_markdown(name, arts), encoding="utf-8")
    # Maps between consecutive versions with text: hand-made ones the known law has are kept, others computed.
    with_text = [x for x in versions if x.adopted in texts]
    maps: list[tuple[str, list[Row]]] = []
    map_files: list[tuple[dt.date, dt.date, str]] = []
    for a, b in zip(with_text, with_text[1:], strict=False):
        assert a.adopted is not None and b.adopted is not None
        file = f"{a.adopted.isoformat()}_to_{b.adopted.isoformat()}.tsv"
        existing = _known_map(known, a.adopted, b.adopted) if b is not new and a is not new else None
        if existing is not None:
            rows = [Row(e.old, e.new, e.score or 0.0, e.confidence or "high", e.note) for e in existing.values()]
        else:
            rows = align_articles(
                [(x.number, x.text) for x in texts[a.adopted] if not x.sub],
                [(x.number, x.text) for x in texts[b.adopted] if not x.sub],
            )
            maps.append((file, rows))
        (folder / file).write_text(mapping_tsv(rows), encoding="utf-8")
        map_files.append((a.adopted, b.adopted, file))
    (folder / LAW_FILE).write_text(
        law_toml(name, category, known, versions, texts, map_files, parsed), encoding="utf-8"
    )
    return AddResult(
        folder,
        name,
        category,
        new,
        sum(1 for a in parsed.articles if not a.sub),
        parsed.problems,
        maps,
        replaced_known=known is not None,
    )


def _known_map(known: Law | None, a: dt.date, b: dt.date) -> dict[int, MapEntry] | None:
    if known is None:
        return None
    m = next((m for m in known.mappings if m.source == a and m.target == b), None)
    return m.entries if m is not None else None


def _folder_name(name: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]', "", normalize_name(name)) or "law"


def articles_markdown(title: str, articles: list[Article]) -> str:
    """A version's articles written back in the corpus format (headings where the 编/章/节 change)."""
    lines = [f"# {title}", "", "<!-- INFO END -->", ""]
    part = chapter = section = None
    for a in articles:
        if a.part != part and a.part:
            lines += [f"## {a.part}", ""]
        if a.chapter != chapter and a.chapter:
            lines += [f"## {a.chapter}", ""]
        if a.section != section and a.section:
            lines += [f"### {a.section}", ""]
        part, chapter, section = a.part, a.chapter, a.section
        head = f"第{cn_numeral(a.number)}条" + (f"之{cn_numeral(a.sub)}" if a.sub else "")
        paras = a.text.split("\n") if a.text else [""]
        lines += [f"{head} {paras[0]}".rstrip(), ""]
        for p in paras[1:]:
            lines += [p, ""]
    return "\n".join(lines)


def mapping_tsv(rows: list[Row]) -> str:
    """A map in the registry's TSV format (old, new, confidence, similarity, note)."""
    out = ["old\tnew\tconfidence\tsimilarity\tnote"]
    for r in rows:
        new = "、".join(f"第{cn_numeral(n)}条" for n in r.new)
        out.append(f"第{cn_numeral(r.old)}条\t{new}\t{r.confidence}\t{r.score:.2f}\t{r.note}")
    return "\n".join(out) + "\n"


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def law_toml(
    name: str,
    category: str,
    known: Law | None,
    versions: list[LawVersion],
    texts: dict[dt.date, list[Article]],
    maps: list[tuple[dt.date, dt.date, str]],
    parsed: ParsedText,
) -> str:
    lines = [
        "# Written by qzqd laws add. Edit freely (see docs/laws.md); a re-run of qzqd laws add rewrites it.",
        f"name = {_q(name)}",
        f"category = {_q(category)}",
    ]
    if known is not None and known.short_names:
        lines.append("short_names = [" + ", ".join(_q(s) for s in known.short_names) + "]")
    history = [e.line for e in parsed.events]
    if history:
        lines.append(f"note = {_q('；'.join(history))}")
    for v in versions:
        lines += ["", "[[versions]]"]
        if v.adopted:
            lines.append(f"adopted = {v.adopted.isoformat()}")
        if v.effective:
            lines.append(f"effective = {v.effective.isoformat()}")
        if v.order:
            lines.append(f"order = {_q(v.order)}")
        if v.adopted in texts:
            lines.append(f'text = "{v.adopted.isoformat()}.md"')
    for a, b, file in maps:
        lines += ["", "[[mappings]]", f"from = {a.isoformat()}", f"to = {b.isoformat()}", f"file = {_q(file)}"]
    return "\n".join(lines) + "\n"
