"""Importing a web system's "Excel export" that is really an HTML table named .xls."""

from __future__ import annotations

import html
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


def test_validate_points_to_import(cli, tmp_path: Path, sample_list):
    src = tmp_path / "导出.xls"
    src.write_bytes(_export(sample_list.records()))
    r = cli("validate", src)
    assert r.exit_code == 2 and "网页（HTML）格式" in r.output and "qzqd import" in r.output


def test_xml_prolog_and_utf16(tmp_path: Path, sample_list):
    records = sample_list.records()
    page = _export(records).decode("utf-8")
    src = tmp_path / "prolog.xls"
    src.write_bytes(b'<?xml version="1.0" encoding="utf-8"?>\n' + page.encode("utf-8"))
    assert import_file(src).records() == records
    src16 = tmp_path / "utf16.xls"
    src16.write_bytes(b"\xff\xfe" + page.replace("charset=utf-8", "charset=utf-16").encode("utf-16-le"))
    assert import_file(src16).records() == records
