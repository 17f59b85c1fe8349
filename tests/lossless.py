"""Whether an import lost anything: every non-empty paragraph of every source cell is found in the master
workbook it wrote, or (layout only: titles, 填报单位, 制表人) in the import report. White space and
full/half-width forms are ignored; a paragraph may gain a label (【法律】) or a number, not lose text.
"""

from __future__ import annotations

import csv
import email
import email.policy
import io
import re
import unicodedata
from pathlib import Path

import python_calamine

from toolkit.model import PowerList

_DROP_RE = re.compile(r"[\s\u3000\u00a0\ufeff“”\"'‘’]+")


def norm(text: str) -> str:
    """Text compared without white space, quotes and width differences (full-width ，．：（） as ASCII)."""
    return _DROP_RE.sub("", unicodedata.normalize("NFKC", text))


def _html_cells(text: str) -> list[str]:
    import lxml.html

    from toolkit.reading.html import html_grid

    root = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", text))
    out: list[str] = []
    for table in root.iter("table"):
        if any(t is not table for t in table.iter("table")):
            continue  # a layout table around the list: its own cells are the inner tables'
        rows, _ = html_grid(table)
        out.extend(c for r in rows for c in r)
    return out


def source_cells(path: Path) -> list[str]:
    """The text of every cell of a source file (tables only; a .txt: every TAB-separated field a cell)."""
    from toolkit.reading.html import decode_html
    from toolkit.reading.textfile import decode_text
    from toolkit.reading.xlsx import sniff_format

    kind = sniff_format(path)
    if kind in ("xlsx", "xls", "ods"):
        wb = python_calamine.CalamineWorkbook.from_path(str(path))
        out = []
        for name in wb.sheet_names:
            for row in wb.get_sheet_by_name(name).to_python():
                out.extend(str(v) for v in row if v not in (None, ""))
        return out
    if kind == "docx":
        import docx

        d = docx.Document(str(path))
        return [c.text for t in d.tables for r in t.rows for c in r.cells]
    raw = path.read_bytes()
    head = raw[:2048].decode("latin-1").lower()
    if "mime-version:" in head:
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        for part in msg.walk():
            if part.get_content_type() == "text/html":
                payload = part.get_payload(decode=True)
                assert isinstance(payload, bytes)
                return _html_cells(decode_html(payload))
    text = decode_text(raw, path)
    if re.match(r"^\s*(?:<!doctype|<html|<table|<head|<body|<meta)", text, re.I):
        return _html_cells(text)
    if path.suffix.lower() == ".csv":
        return [c for r in csv.reader(io.StringIO(text)) for c in r]
    return [f for line in text.splitlines() for f in line.split("\t")]


def workbook_text(path: Path) -> str:
    """Every cell of every sheet of the written workbook, normalised and joined."""
    wb = python_calamine.CalamineWorkbook.from_path(str(path))
    parts = []
    for name in wb.sheet_names:
        for row in wb.get_sheet_by_name(name).to_python():
            parts.extend(str(v) for v in row if v not in (None, ""))
    return norm("\x1f".join(parts))


def report_text(pl: PowerList) -> str:
    """What import reports: findings and the column map."""
    parts = [w.message for w in pl.warnings]
    parts += [f"{p.source} {p.describe()}" for p in pl.column_map]
    return norm("\x1f".join(parts))


def lost(source: Path, pl: PowerList, written: Path) -> list[str]:
    """The source paragraphs found neither in the written workbook nor (at least their start) in the report."""
    from toolkit.reading.vocabulary import match_header

    book = workbook_text(written)
    unlabelled = _LABEL_RE.sub("", book)  # sub-column labels (【法律】) are added, not source text
    report = report_text(pl)
    missing: list[str] = []
    for cell in source_cells(source):
        for para in str(cell).splitlines():
            p = norm(para)
            if not p or p in book or p in unlabelled:
                continue
            m = _MARKER_RE.match(p) or _SPACED_RE.match(para.strip())
            if m and match_header(m.group(1)) is not None and norm(m.group(2)) in book:
                continue  # “追责依据：…”, “序号 8”: the label names the column the text went into
            if p[:12].rstrip("…") in report:
                continue
            missing.append(para)
    return missing


_LABEL_RE = re.compile(r"【[^】]{1,12}】")
_MARKER_RE = re.compile(r"^([^:]{1,12}):(.*)$")
_SPACED_RE = re.compile(r"^(\S{2,16}?)[\s\u3000]+(\S.*)$")
