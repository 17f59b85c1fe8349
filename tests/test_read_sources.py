"""Every way a clerk gets the text: .csv, a page saved as one file (.mht), WPS files, text copied from a web page
(TABs, rows short of merged-down cells, one cell a line); the file's content decides the reader."""

from __future__ import annotations

import base64

import pytest

from toolkit import import_file
from toolkit.errors import QzqdError

from .lossless import lost

HEADER = ["序号", "权力类型", "事项名称", "实施依据", "办理时限"]
ROWS = [
    ["1", "行政许可", "道路运输经营许可", "1．《道路运输条例》第十条\n2．《行政许可法》第十二条", "20个工作日"],
    ["2", "行政检查", "对道路运输的监督检查", "《道路运输条例》第五十八条", ""],
]


def _check(pl):
    assert pl.column("项目名称") == ["道路运输经营许可", "对道路运输的监督检查"]
    assert pl.column("实施依据")[0].split("\n") == ["1．《道路运输条例》第十条", "2．《行政许可法》第十二条"]
    assert pl.extra_columns == ["办理时限"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv(tmp_path, encoding):
    import csv

    src = tmp_path / "清单.csv"
    with src.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows([HEADER, *ROWS])
    _check(import_file(src))


def _html() -> str:
    cells = "".join(f"<td>{h}</td>" for h in HEADER)
    body = "".join("<tr>" + "".join(f"<td>{c.replace(chr(10), '<br>')}</td>" for c in r) + "</tr>" for r in ROWS)
    return f"<html><head><meta charset='utf-8'></head><body><table><tr>{cells}</tr>{body}</table></body></html>"


def test_mht_single_file_page(tmp_path):
    payload = base64.encodebytes(_html().encode("utf-8")).decode("ascii")
    mht = (
        'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart"\r\n\r\n'
        '------=_NextPart\r\nContent-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
        f"{payload}\r\n------=_NextPart--\r\n"
    )
    src = tmp_path / "清单.mht"
    src.write_text(mht, encoding="ascii")
    _check(import_file(src))


def test_web_copy_with_tabs_and_a_cell_merged_down(tmp_path, cli):
    # A browser's copy: cells between TABs, a cell's second paragraph on its own line, and the category cell
    # merged over both rows appearing only in the first.
    text = "\t".join(HEADER) + "\n"
    text += "1\t行政许可\t道路运输经营许可\t1．《道路运输条例》第十条\n2．《行政许可法》第十二条\t20个工作日\n"
    text += "2\t对道路运输的监督检查\t《道路运输条例》第五十八条\t\n"
    src = tmp_path / "网页复制.txt"
    src.write_text(text, encoding="utf-8")
    pl = import_file(src)
    assert pl.column("项目名称")[0] == "道路运输经营许可" and len(pl) == 2
    assert any(w.code == "QZ009" for w in pl.warnings)  # the short row was completed by a guess: said
    out = tmp_path / "主表.xlsx"
    assert cli("import", src, "-o", out).exit_code == 1
    assert lost(src, pl, out) == []


def test_web_copy_one_cell_a_line(tmp_path):
    lines = ["某县交通运输局权力清单", "", *[x for h in HEADER for x in (h, "")]]
    for r in ROWS:
        for c in r:
            if c:  # an empty cell takes no line in such a copy
                lines.extend([*c.split("\n"), ""])
    src = tmp_path / "一格一行.txt"
    src.write_text("\n".join(lines), encoding="utf-8")
    pl = import_file(src)
    assert len(pl) == 2 and pl.column("项目名称")[0] == "道路运输经营许可"
    assert pl.column("实施依据")[0].count("\n") == 1


def test_wps_writer_file_gets_a_chinese_way_out(tmp_path, monkeypatch):
    import toolkit.reading.dispatch as dispatch

    src = tmp_path / "通知.wps"
    src.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    monkeypatch.setattr(dispatch, "sniff_format", lambda path: "doc")  # what a WPS writer file sniffs as
    with pytest.raises(QzqdError) as exc:
        import_file(src)
    assert "WPS" in str(exc.value) and ".docx" in (exc.value.hint or "")


def test_text_without_any_table_says_how_to_get_one(tmp_path):
    src = tmp_path / "随便.txt"
    src.write_text("这是一段说明文字。\n没有表格。\n", encoding="utf-8")
    with pytest.raises(QzqdError) as exc:
        import_file(src)
    assert "另存为 .html" in (exc.value.hint or "")


def test_sources_are_read_through_one_reader(tmp_path, cli):
    # validate reads what import reads: the same .csv is checked, not refused.
    import csv

    src = tmp_path / "清单.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *ROWS])
    r = cli("validate", src)
    assert r.exit_code in (0, 1) and "Traceback" not in r.output
