"""A saved web page or a .docx holding the list as several tables — one per 权力类型, each under a heading
(“一、行政强制（共2项）”), numbered 1..n per table, as many units publish it — is read as one list: the tables
that share the header are its sections, each heading fills the 权力分类 of its items. A table that is a list
with another header is not read and is named (QZ013, by position and heading; import exits 1), never dropped
silently. The tables are built from the sample's real items, split by category."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pytest

from toolkit import import_file, write_workbook

from .lossless import lost, norm

NUMERALS = "一二三四五六七八九"
COLUMNS = ["序号", "项目名称", "实施主体", "实施依据", "责任事项", "追责情形", "追责依据"]  # no 权力分类 column


def _sections(records: list[dict[str, str]]) -> list[tuple[str, list[dict[str, str]]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for r in records:
        out.setdefault(r["权力分类"], []).append(r)
    return list(out.items())


def _tables(records, other: bool, title_inside: bool) -> list[tuple[str, list[str], list[list[str]], bool]]:
    """(heading, header, rows, heading inside the table) per table; ``other`` adds a table with another header."""
    out = []
    for k, (category, items) in enumerate(_sections(records)):
        heading = f"{NUMERALS[k]}、{category}（共{len(items)}项）"
        rows = [[str(i), *(r[c] for c in COLUMNS[1:])] for i, r in enumerate(items, start=1)]
        out.append((heading, COLUMNS, rows, title_inside and k == 1))
    if other:
        out.append(
            (
                f"{NUMERALS[len(out)]}、行政检查事项办理时限",
                ["序号", "事项名称", "权力类型", "实施依据", "办理时限"],
                [["1", "保密检查", "行政检查", "《中华人民共和国保守国家秘密法》第四十五条", "即时"]],
                False,
            )
        )
    return out


def _page(path: Path, tables) -> None:
    parts = [
        "<html><head><meta charset='utf-8'><title>权责清单</title></head><body>",
        "<p>兴安县国家保密局权责清单</p>",
    ]
    for heading, header, rows, inside in tables:
        cells = "".join(f"<td>{html.escape(h)}</td>" for h in header)
        top = f"<tr><td colspan='{len(header)}'>{html.escape(heading)}</td></tr>" if inside else ""
        if not inside:
            parts.append(f"<p>{html.escape(heading)}</p>")
        body = "".join(
            "<tr>" + "".join("<td>" + "<br>".join(map(html.escape, c.split("\n"))) + "</td>" for c in r) + "</tr>"
            for r in rows
        )
        parts.append(f"<table border='1'>{top}<tr>{cells}</tr>{body}</table>")
    parts.append("</body></html>")
    path.write_text("".join(parts), encoding="utf-8")


def _docx(path: Path, tables) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("兴安县国家保密局权责清单")
    for heading, header, rows, inside in tables:
        if not inside:
            d.add_paragraph(heading)
        t = d.add_table(rows=len(rows) + 1 + inside, cols=len(header))
        if inside:
            t.cell(0, 0).merge(t.cell(0, len(header) - 1)).text = heading
        for c, h in enumerate(header):
            t.cell(inside, c).text = h
        for r, row in enumerate(rows, start=1 + inside):
            for c, value in enumerate(row):
                cell = t.cell(r, c)
                cell.text = ""
                for n, para in enumerate(value.split("\n")):
                    (cell.paragraphs[0] if n == 0 else cell.add_paragraph()).add_run(para)
    d.save(str(path))


def _tabs(path: Path, tables) -> None:
    """The page as a browser copies it: a heading a line, then each table's rows, TABs between cells (a cell's
    own line breaks kept, as browsers do)."""
    lines = ["兴安县国家保密局权责清单"]
    for heading, header, rows, _inside in tables:
        lines.append(heading)
        lines.extend("\t".join(r) for r in [header, *rows])
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _xlsx(path: Path, tables) -> None:
    """The page pasted into one worksheet: each heading a row merged across, each table's header repeated."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["兴安县国家保密局权责清单"])
    width = max(len(h) for _, h, _, _ in tables)
    for heading, header, rows, _inside in tables:
        ws.append([heading])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=width)
        for r in [header, *rows]:
            ws.append(r)
    wb.save(path)


WRITERS: dict[str, Callable[[Path, list], None]] = {
    "页面.html": _page,
    "清单.docx": _docx,
    "网页复制.txt": _tabs,
    "粘贴.xlsx": _xlsx,
}
IDS = ["html", "docx", "tabs", "xlsx"]


@pytest.mark.parametrize(
    ("name", "title_inside"),
    [
        *((name, False) for name in WRITERS),
        # a heading inside the table (a merged first row): only tables have a boundary to be inside of
        ("页面.html", True),
        ("清单.docx", True),
    ],
    ids=[*(f"{i}-heading-above" for i in IDS), "html-heading-in-table", "docx-heading-in-table"],
)
def test_tables_sharing_the_header_are_sections_of_one_list(tmp_path, sample_list, cli, name, title_inside):
    records = sample_list.records()
    src = tmp_path / name
    WRITERS[name](src, _tables(records, other=False, title_inside=title_inside))
    pl = import_file(src)
    got = pl.records()
    assert [(r["权力分类"], r["项目名称"]) for r in got] == [(r["权力分类"], r["项目名称"]) for r in records]
    for g, r in zip(got, records, strict=True):
        for c in COLUMNS[1:]:
            assert norm(g[c]) == norm(r[c]), c
    sections = _sections(records)
    assert [r["序号"] for r in got] == [str(i) for _, items in sections for i in range(1, len(items) + 1)]
    starts = [sum(len(items) for _, items in sections[:k]) for k in range(1, len(sections))]
    assert pl.sections == starts  # numbering restarts per section: not reported as wrong
    assert not [w for w in pl.warnings if w.code in ("QZ009", "QZ013")]
    out = tmp_path / "主表.xlsx"
    write_workbook(pl, out)
    assert lost(src, pl, out) == []
    assert cli("import", src, "-o", tmp_path / "cli.xlsx").exit_code == 0


@pytest.mark.parametrize("name", list(WRITERS), ids=IDS)
def test_a_list_table_with_another_header_is_named_not_dropped(tmp_path, sample_list, cli, name):
    records = sample_list.records()
    src = tmp_path / name
    tables = _tables(records, other=True, title_inside=False)
    WRITERS[name](src, tables)
    pl = import_file(src)
    assert len(pl) == len(records)  # the sections sharing the header are read
    found = [w for w in pl.warnings if w.code == "QZ013"]
    assert len(found) == 1
    if name.endswith((".html", ".docx")):  # tables: named by position and heading
        assert f"第 {len(tables)} 个表格" in found[0].message and tables[-1][0] in found[0].message
    else:  # rows: named by the row where the other header starts
        assert "另一个表头不同的表格" in found[0].message and "序号　事项名称　权力类型" in found[0].message
    assert "保密检查" in found[0].message
    out = tmp_path / "主表.xlsx"
    write_workbook(pl, out)
    unread = {c for c in (*tables[-1][1], *tables[-1][2][0])}
    assert [p for p in lost(src, pl, out) if p not in unread] == []
    result = cli("import", src, "-o", tmp_path / "cli.xlsx")
    assert result.exit_code == 1
    assert "还有别的清单（工作表或表格）没有读取（QZ013）" in result.output


def test_a_header_repeated_in_other_words_is_the_same_table():
    """A header repeated on a later page in other words (编号 → 序号, 项目名称 → 事项名称) is skipped and the list
    read on; only a header naming other columns in its places is another table (QZ013)."""
    from toolkit.reading.grid import grid_to_list

    rows = [
        ["编号", "项目名称", "设定依据", "权力类型"],
        ["1", "甲", "《中华人民共和国保守国家秘密法》第四十五条", "行政检查"],
        ["序号", "事项名称", "实施依据", "权力分类"],
        ["2", "乙", "《中华人民共和国保守国家秘密法》第五十二条", "行政检查"],
        ["序号", "实施依据", "权力分类", "事项名称"],
        ["3", "《中华人民共和国保守国家秘密法》第五条", "行政强制", "丙"],
    ]
    pl = grid_to_list(rows, strict=False)
    assert pl.column("项目名称") == ["甲", "乙"]
    (other,) = [w.message for w in pl.warnings if w.code == "QZ013"]
    assert "第 5 行起" in other and "丙" in other
