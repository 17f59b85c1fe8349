"""A law as downloaded from the national law database (国家法律法规数据库, flk.npc.gov.cn) as .docx, turned
into the corpus Markdown format (see :mod:`toolkit.laws.lawtext`).

Such a file holds the title, a 题注 in full-width parentheses listing the adoption, amendments and revisions
(``（2003年8月27日第十届全国人民代表大会常务委员会第四次会议通过　根据2019年4月23日……修正）``), an optional
目录 (the chapter headings once more), then the 编/章/节 headings and the articles, one paragraph each, with
full-width spaces (``第一章　总　　则``, ``第一条　为了……``).

>>> md = docx_paragraphs_to_markdown(["中华人民共和国甲法", "（2020年1月1日第十三届全国人民代表大会常务委员会"
...     "第一次会议通过　根据2021年1月1日第十三届全国人民代表大会常务委员会第二次会议修正）", "目　　录",
...     "第一章　总　　则", "第一章　总　　则", "第一条　为了甲，制定本法。"])
>>> print(md)
# 中华人民共和国甲法
<BLANKLINE>
2020年1月1日 第十三届全国人民代表大会常务委员会第一次会议通过
<BLANKLINE>
2021年1月1日 第十三届全国人民代表大会常务委员会第二次会议修正
<BLANKLINE>
<!-- INFO END -->
<BLANKLINE>
## 第一章 总则
<BLANKLINE>
第一条 为了甲，制定本法。
<BLANKLINE>
"""

from __future__ import annotations

import re
from pathlib import Path

from ..citations.parse import NUMERAL
from .lawtext import INFO_END

_DATE = re.compile(r"(?:根据)?\s*(\d{4}年\d{1,2}月\d{1,2}日)")
_HEADING = re.compile(r"^第\s*" + NUMERAL + r"\s*[编分章节]")
_ARTICLE = re.compile(r"^(第\s*" + NUMERAL + r"\s*条(?:之" + NUMERAL + r")?)[\s\u3000]+")
_SPACES = re.compile(r"[\s\u3000]+")


def read_docx_paragraphs(path: Path) -> list[str]:
    """The non-empty paragraphs of a .docx, in order (tables' cells after the paragraphs they follow)."""
    import docx

    doc = docx.Document(str(path))
    out = []
    body = doc.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
            if text.strip():
                out.append(text.strip())
        elif tag == "tbl":
            for row in child.iter():
                if row.tag.endswith("}tr"):
                    cells = [
                        "".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t")).strip()
                        for cell in row
                        if cell.tag.endswith("}tc")
                    ]
                    out.append("| " + " | ".join(cells) + " |")
    return out


def _events(note: str) -> list[str]:
    """The 题注 split into one "date text" line per event."""
    inner = note.strip().strip("（()）").strip()
    starts = [m.start() for m in _DATE.finditer(inner)]
    lines = []
    for a, b in zip(starts, [*starts[1:], len(inner)], strict=False):
        part = inner[a:b].strip()
        m = _DATE.match(part)
        if m:
            rest = _SPACES.sub("", part[m.end() :])
            lines.append(f"{m.group(1)} {rest}")
    return lines


def docx_paragraphs_to_markdown(paragraphs: list[str]) -> str:
    """The corpus Markdown of a law from its .docx paragraphs (see the module docstring)."""
    paras = [p for p in paragraphs if p.strip()]
    if not paras:
        return ""
    title = _SPACES.sub("", paras[0])
    rest = paras[1:]
    events: list[str] = []
    if rest and rest[0].lstrip().startswith(("（", "(")) and _DATE.search(rest[0]):
        events = _events(rest[0])
        rest = rest[1:]
    # 目录: the chapter headings listed once before the text; the text starts where the first one repeats.
    if rest and _SPACES.sub("", rest[0]) in ("目录", "目次"):
        toc = rest[1:]
        first = _SPACES.sub("", toc[0]) if toc else ""
        again = next((i for i, p in enumerate(toc[1:], 1) if _SPACES.sub("", p) == first), None)
        rest = toc[again:] if again is not None else toc
    lines = [f"# {title}", ""]
    for e in events:
        lines += [e, ""]
    lines += [INFO_END, ""]
    for p in rest:
        text = p.strip()
        if _HEADING.match(text) and len(text) <= 40 and not _ARTICLE.match(text):
            m = re.match(r"^(第\s*" + NUMERAL + r"\s*[编分章节])[\s\u3000]*(.*)$", text)
            assert m is not None
            level = "###" if "节" in m.group(1) else "##"
            lines += [f"{level} {_SPACES.sub('', m.group(1))} {_SPACES.sub('', m.group(2))}".rstrip(), ""]
            continue
        m = _ARTICLE.match(text)
        if m:
            text = f"{_SPACES.sub('', m.group(1))} {text[m.end() :].strip()}"
        lines += [text, ""]
    return "\n".join(lines)
