"""Reading a law's text in the corpus Markdown format: title, header history, headings, articles, appendices.

The format (docs/laws.md): ``# title``, one line per event of the text's history (``2021年1月22日 第十三届…
修订``, sometimes ``… 施行``), ``<!-- INFO END -->``, then ``#``-headings for 编/章/节 at any depth and one
paragraph per article (``第X条 …``; 款 as following paragraphs, 项 as ``（一）…``).

The reader is tolerant and says what it tolerated: typos in article headings (``笫五十四条``, ``第一百二十八 条``)
are read and reported, a gap in the numbering is read and reported (never the rest of the law lost), a
paragraph that begins like an earlier article number stays in its article, and what follows the last article
under an 附件/附表 heading (or a 附件： line) is kept as the version's appendix.

>>> t = parse_law_text("# 甲法\\n\\n2020年1月1日 通过\\n\\n<!-- INFO END -->\\n\\n## 第一章 总则\\n\\n"
...                    "第一条 甲。\\n\\n笫二条 乙。\\n\\n第二条之一 丙。\\n")
>>> [(a.number, a.sub, a.text) for a in t.articles], t.problems
([(1, 0, '甲。'), (2, 0, '乙。'), (2, 1, '丙。')], ['第二条：条号写作“笫二条”（笫为错字），已按“第二条”读取'])
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..citations.parse import NUMERAL, chinese_number, cn_numeral
from .model import Article, LawDataError

INFO_END = "<!-- INFO END -->"
# 笫 (a common OCR/typing slip for 第) and a space inside the heading are read and reported.
_ARTICLE = re.compile(
    r"^(?P<di>[第笫])\s*(?P<n>"
    + NUMERAL
    + r")(?P<gap>\s*)条(?:之(?P<sub>"
    + NUMERAL
    + r"))?(?P<sep>[ \u3000\t]*)(?P<rest>.*)$"
)
_HEADING = re.compile(r"^(#+)\s*(.*?)\s*$")
_DIVISION = re.compile(r"^[第笫]\s*(" + NUMERAL + r")\s*([编分章节])")
_APPENDIX = re.compile(r"^(?:附件|附表|附录|附：|附:)")
# Inside an article, a line that opens an attachment or a table ends the articles (what follows is appendix).
_APPENDIX_START = re.compile(r"^(?:(?:附件|附表|附录)[一二三四五六七八九十0-9]*(?:[：:\s]|$)|附[：:]|\|)")
_DATE = re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ORDER = re.compile(r"(?:中华人民共和国)?(主席令|国务院令)\s*(?:（[^）]*）)?\s*第\s*(" + NUMERAL + r")\s*号")
EVENT_KINDS = ("修订", "修正", "通过", "公布", "发布", "批准", "施行")


@dataclass(frozen=True)
class Event:
    """One line of a text's history: "2019年4月23日 …修正" -> (2019-04-23, "修正", order, line)."""

    date: dt.date
    kind: str  # 通过, 公布, 发布, 批准 (adoption), 修正, 修订, 施行
    order: str = ""  # "主席令第20号" when the line states it
    line: str = ""

    @property
    def adopts(self) -> bool:
        """Whether the event makes a new text (adoption or revision), not only a date of entry into force."""
        return self.kind != "施行"


@dataclass
class ParsedText:
    """What :func:`parse_law_text` read from one file."""

    title: str = ""
    events: list[Event] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    appendix: str = ""  # 附件 and tables after the last article, as written
    preamble: str = ""  # text before the first article (序言 of the Constitution, a decision's body)
    problems: list[str] = field(default_factory=list)  # Chinese, one per thing not read as it should be
    last: int = 0  # the last article number read (a code split over files continues from it)


def parse_events(lines: list[str]) -> list[Event]:
    """The dated history lines of a header (undated lines and lines of other kinds are left out).

    >>> [(e.date.isoformat(), e.kind, e.order) for e in parse_events(["2004年4月30日 中华人民共和国国务院令第406号公布"])]
    [('2004-04-30', '公布', '国务院令第406号')]
    """
    out = []
    for line in lines:
        m = _DATE.match(line)
        if not m:
            continue
        try:
            date = dt.date(*(int(g) for g in m.groups()))
        except ValueError:
            continue
        body = line[m.end() :].strip()
        tail = re.sub(r"[\s\u3000。，,]+$", "", body)
        kind = next((k for k in EVENT_KINDS if tail.endswith(k)), "")
        if not kind:
            kind = next((k for k in EVENT_KINDS if k in tail[-12:]), "")
        if not kind:
            continue
        om = _ORDER.search(body)
        order = ""
        if om:
            n = chinese_number(om.group(2))
            order = f"{om.group(1)}第{n}号" if n is not None else ""
        out.append(Event(date, kind, order, line.strip()))
    return out


def parse_law_text(
    text: str, *, start: int = 0, heading_path: tuple[str | None, str | None] = (None, None)
) -> ParsedText:
    """Read one file of the corpus format; ``start`` is the article number before the first one (a 编 of
    民法典 continues the numbering of the previous file). Never raises on odd content: it reports it.
    """
    out = ParsedText()
    lines = text.lstrip("\ufeff").splitlines()
    body_start = 0
    if INFO_END in (s.strip() for s in lines):
        idx = next(i for i, s in enumerate(lines) if s.strip() == INFO_END)
        header, body_start = lines[:idx], idx + 1
    else:
        header = []
        for i, raw in enumerate(lines):  # no marker: the header runs to the first heading or article
            s = raw.strip()
            if (s.startswith("#") and i > 0 and not s.startswith("# ")) or _ARTICLE.match(s):
                body_start = i
                break
            header.append(raw)
        else:
            body_start = len(lines)
    for raw in header:
        s = raw.strip()
        if s.startswith("# ") and not out.title:
            out.title = s[2:].strip()
    out.events = parse_events([s.strip() for s in header])

    part: str | None = None
    chapter, section = heading_path
    last, last_sub = start, 0
    current: dict | None = None
    appendix: list[str] = []
    preamble: list[str] = []

    def flush() -> None:
        if current is not None:
            out.articles.append(
                Article(
                    current["n"],
                    "\n".join(current["paras"]),
                    current["chapter"],
                    current["section"],
                    current["heading"],
                    current["sub"],
                    current["part"],
                )
            )

    for raw in lines[body_start:]:
        line = raw.strip().strip("\u3000").strip()
        if not line or line.startswith("<!--"):
            continue
        if appendix:
            m = _ARTICLE.match(line)
            if not (m and m.group("sep") and not m.group("sub") and chinese_number(m.group("n")) == last + 1):
                appendix.append(line)
                continue
            # The next article after all: what looked like an attachment was a paragraph of the last one.
            if out.articles and current is None:
                prev = out.articles.pop()
                current = {
                    "n": prev.number,
                    "sub": prev.sub,
                    "heading": prev.heading,
                    "paras": [*(prev.text.split("\n") if prev.text else []), *appendix],
                    "chapter": prev.chapter,
                    "section": prev.section,
                    "part": prev.part,
                }
            appendix = []
        h = _HEADING.match(line)
        if h:
            title = re.sub(r"\s+", " ", h.group(2))
            d = _DIVISION.match(title)
            if d:
                kind = d.group(2)
                if kind in "编分":
                    part, chapter, section = title, None, None
                elif kind == "章":
                    chapter, section = title, None
                else:
                    section = title
            elif _APPENDIX.match(title) and (current is not None or last > start):
                flush()
                current = None
                appendix.append(line)
            elif len(h.group(1)) == 1:
                pass  # a title (# 总则 of a 民法典 part)
            elif title in ("附则", "总则", "分则"):
                chapter, section = title, None
            continue
        m = _ARTICLE.match(line)
        if m:
            n = chinese_number(m.group("n")) or 0
            sub = chinese_number(m.group("sub")) if m.group("sub") else 0
            # "第五条规定的……" is a reference, not a heading: a heading is followed by a space, or is the whole
            # line; a heading with a space inside ("第一百二十八 条侦查人员") is one too.
            ok = n > 0 and sub is not None and bool(m.group("sep") or m.group("gap") or not m.group("rest"))
            new = False
            if ok and not sub and n == last + 1 or ok and sub and n == last and sub == last_sub + 1:
                new = True
            elif ok and not sub and last < n <= last + 30 and (m.group("rest") or "").strip():
                missing = f"第{cn_numeral(last + 1)}条" + (f"至第{cn_numeral(n - 1)}条" if n - 1 > last + 1 else "")
                if last == start and not out.articles:
                    # An amendment numbered on from the previous one (宪法修正案): nothing is missing here.
                    out.problems.append(f"条号从第{cn_numeral(n)}条开始（接续此前的编号）")
                else:
                    out.problems.append(f"第{cn_numeral(n)}条：条号不连续，缺{missing}")
                new = True
            if new and sub is not None:
                heading = f"第{cn_numeral(n)}条" + (f"之{cn_numeral(sub)}" if sub else "")
                written = m.group(0)[: m.end("sub") if m.group("sub") else m.end("n") + len(m.group("gap")) + 1]
                if m.group("di") == "笫":
                    out.problems.append(f"{heading}：条号写作“{written.strip()}”（笫为错字），已按“{heading}”读取")
                elif written.strip() != heading and re.search(r"\s", written):
                    out.problems.append(f"{heading}：条号中有空格（“{written.strip()}”），已按“{heading}”读取")
                flush()
                current = {
                    "n": n,
                    "sub": sub,
                    "heading": heading,
                    "paras": [m.group("rest").strip()] if m.group("rest").strip() else [],
                    "chapter": chapter,
                    "section": section,
                    "part": part,
                }
                last, last_sub = n, sub
                continue
        if current is None:
            if last > start and _APPENDIX.match(line):
                appendix.append(line)
            else:
                preamble.append(line)
            continue
        if _APPENDIX_START.match(line):
            flush()
            current = None
            appendix.append(line)
            continue
        current["paras"].append(line)
    flush()
    out.appendix = "\n".join(appendix)
    out.preamble = "\n".join(preamble)
    out.last = last
    empty = [a.heading for a in out.articles if not a.text.strip()]
    if empty:
        out.problems.append(f"{'、'.join(empty[:5])}{'等' if len(empty) > 5 else ''}：条文为空")
    return out


def read_text(path: Path) -> str:
    """A data file's text: UTF-8 with or without the BOM Windows Notepad adds; GBK gets a clear message."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise LawDataError(f"法律库文件 {path} 不是 UTF-8 编码，请用记事本“另存为”并选择 UTF-8 编码。") from e


def parse_law_file(path: Path) -> list[Article]:
    """The articles of a law text file in the corpus format (see :func:`parse_law_text`)."""
    try:
        text = read_text(path)
    except OSError as e:
        raise LawDataError(f"条文文件 {path} 无法读取：{e}") from e
    return parse_law_text(text).articles
