"""Word files shaped like the national law database's downloads (国家法律法规数据库, flk.npc.gov.cn): title,
题注 in full-width parentheses, 目录, then 章/节 headings and articles with full-width spaces."""

from __future__ import annotations

from pathlib import Path

from toolkit.citations.parse import cn_numeral


def write_law_docx(path: Path, title: str, note: str, articles: list, *, toc: bool = True) -> Path:
    """``articles``: toolkit Article objects (their chapter/section headings are written where they change)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = docx.Document()
    p = doc.add_paragraph(title)
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(note)
    chapters = list(dict.fromkeys(a.chapter for a in articles if a.chapter))
    if toc and chapters:
        doc.add_paragraph("目　　录")
        for c in chapters:
            doc.add_paragraph(c.replace(" ", "　"))
    chapter = section = None
    for a in articles:
        if a.chapter and a.chapter != chapter:
            doc.add_paragraph(a.chapter.replace(" ", "　")).alignment = WD_ALIGN_PARAGRAPH.CENTER
        if a.section and a.section != section:
            doc.add_paragraph(a.section.replace(" ", "　")).alignment = WD_ALIGN_PARAGRAPH.CENTER
        chapter, section = a.chapter, a.section
        paras = a.text.split("\n")
        doc.add_paragraph(f"第{cn_numeral(a.number)}条　{paras[0]}")
        for para in paras[1:]:
            doc.add_paragraph(para)
    doc.save(str(path))
    return path
