"""Importing a web system's "Excel export" that is really an HTML table named .xls."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from toolkit import import_file
from toolkit.model import COLUMN_NAMES, DUTY_GROUP, POWER_GROUP


def _export(records: list[dict[str, str]], *, encoding: str = "utf-8", merge_category: bool = False) -> bytes:
    """An HTML table as web systems write it: two-row header with rowspan/colspan, <br> inside cells."""
    power = COLUMN_NAMES[2:7]
    duty = COLUMN_NAMES[7:12]
    head = (
        "<tr><th rowspan=2>序号</th><th rowspan=2>权力分类</th>"
        f"<th colspan=5>{POWER_GROUP}</th><th colspan=5>{DUTY_GROUP}</th><th rowspan=2>备注</th></tr>"
        "<tr>" + "".join(f"<th>{c}</th>" for c in power + duty) + "</tr>"
    )
    body = []
    for i, rec in enumerate(records):
        cells = []
        for c in COLUMN_NAMES:
            if merge_category and c == "权力分类":
                if i == 0:
                    cells.append(f'<td rowspan="{len(records)}">{html.escape(rec[c])}</td>')
                continue
            paragraphs = [html.escape(p) for p in rec[c].split("\n")]
            cells.append("<td>\n  " + "<br>\n  ".join(paragraphs) + "\n</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    charset = "gb2312" if encoding == "gbk" else encoding
    page = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head>'
        f"<body><p>权责清单导出</p><table border=1>{head}{''.join(body)}</table></body></html>"
    )
    return page.encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"], ids=["utf8", "gbk"])
def test_html_export_named_xls(tmp_path: Path, sample_list, encoding):
    records = sample_list.records()
    src = tmp_path / "导出.xls"
    src.write_bytes(_export(records, encoding=encoding))
    got = import_file(src)
    assert got.records() == records


def test_rowspan_filled_down(tmp_path: Path, sample_list):
    records = sample_list.records()
    same = [dict(r, 权力分类=records[0]["权力分类"]) for r in records]
    src = tmp_path / "merged.xls"
    src.write_bytes(_export(same, merge_category=True))
    assert [r["权力分类"] for r in import_file(src).records()] == [records[0]["权力分类"]] * len(records)


def test_cli_import_and_no_table(cli, tmp_path: Path, sample_list):
    src = tmp_path / "导出.xls"
    src.write_bytes(_export(sample_list.records()))
    out = tmp_path / "主表.xlsx"
    r = cli("import", src, "-o", out)
    assert r.exit_code == 0, r.output
    assert f"已导入 {len(sample_list)} 个事项" in r.output and out.exists()
    page = tmp_path / "page.xls"
    page.write_text("<html><body><table><tr><td>姓名</td><td>电话</td></tr></table></body></html>", encoding="utf-8")
    r = cli("import", page, "-o", tmp_path / "x.xlsx")
    assert r.exit_code == 2 and "网页（HTML）格式" in r.output and not (tmp_path / "x.xlsx").exists()


def test_validate_reads_what_import_reads(cli, tmp_path: Path, sample_list):
    # One reader: an HTML "Excel export" that import accepts is checked by validate, not refused.
    src = tmp_path / "导出.xls"
    src.write_bytes(_export(sample_list.records()))
    r = cli("validate", src, "--json")
    assert r.exit_code == 1, r.output  # the sample's own errors, as in the workbook
    codes = {f["code"] for f in json.loads(r.stdout)["findings"]}
    assert codes and "QZ003" not in codes


def test_xml_prolog_and_utf16(tmp_path: Path, sample_list):
    records = sample_list.records()
    page = _export(records).decode("utf-8")
    src = tmp_path / "prolog.xls"
    src.write_bytes(b'<?xml version="1.0" encoding="utf-8"?>\n' + page.encode("utf-8"))
    assert import_file(src).records() == records
    src16 = tmp_path / "utf16.xls"
    src16.write_bytes(b"\xff\xfe" + page.replace("charset=utf-8", "charset=utf-16").encode("utf-16-le"))
    assert import_file(src16).records() == records


def _page(rows_html: str, charset: str = "utf-8") -> str:
    head = "".join(f"<th>{c}</th>" for c in COLUMN_NAMES)
    return f'<html><head><meta charset="{charset}"></head><body><table><tr>{head}</tr>{rows_html}</table></body></html>'


def _row(**cells: str) -> str:
    base = {c: "" for c in COLUMN_NAMES} | {
        "序号": "1",
        "权力分类": "行政检查",
        "项目名称": "甲",
        "实施主体": "县保密局",
    }
    base.update(cells)
    return "<tr>" + "".join(f"<td>{base[c]}</td>" for c in COLUMN_NAMES) + "</tr>"


def test_source_line_breaks_are_not_paragraphs(tmp_path: Path):
    cell = "1．检查责任：依法\n      检查（县国家保密局）。<br>\n  2．处理责任：依法处理，\n    verify later。"
    src = tmp_path / "pretty.xls"
    src.write_text(_page(_row(责任事项=cell)), encoding="utf-8")
    got = import_file(src).records()[0]["责任事项"]
    assert got == "1．检查责任：依法检查（县国家保密局）。\n2．处理责任：依法处理， verify later。"


def test_rowspan_past_the_last_row_stops_there(tmp_path: Path):
    first = _row(权力分类='<td rowspan="5">行政检查</td>').replace("<td><td", "<td").replace("</td></td>", "</td>")
    second = "<tr>" + "".join(f"<td>{v}</td>" for v in ["2", "乙", "", "县保密局", *[""] * 8]) + "</tr>"  # 12 cells
    src = tmp_path / "span.xls"
    src.write_text(_page(first + second), encoding="utf-8")
    records = import_file(src).records()
    assert [r["序号"] for r in records] == ["1", "2"]
    assert records[1]["权力分类"] == "行政检查" and records[1]["项目名称"] == "乙"


def test_utf8_page_that_declares_gb2312(tmp_path: Path):
    src = tmp_path / "lie.xls"
    src.write_bytes(_page(_row(项目名称="对保密工作的监督检查"), charset="gb2312").encode("utf-8"))
    assert import_file(src).records()[0]["项目名称"] == "对保密工作的监督检查"


def test_page_starting_with_a_style_block(tmp_path: Path):
    src = tmp_path / "styled.xls"
    src.write_text("<style>td{mso-number-format:'@'}</style>" + _page(_row()), encoding="utf-8")
    assert import_file(src).records()[0]["项目名称"] == "甲"


def test_excel_2003_xml_is_explained(cli, tmp_path: Path):
    src = tmp_path / "old.xls"
    src.write_text(
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="Sheet1"/></Workbook>',
        encoding="utf-8",
    )
    for args in (["validate", src], ["import", src, "-o", tmp_path / "x.xlsx"]):
        r = cli(*args)
        assert r.exit_code == 2 and "Excel 2003 的 XML 表格" in r.output and "另存为" in r.output
    assert not (tmp_path / "x.xlsx").exists()
