"""`qzqd render` and the HTML diff report: the notice checks before typesetting, cleanup when interrupted,
printable 调整对照表."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from toolkit import PowerList
from toolkit.model import Notice
from toolkit.render.checks import NoticeMissingError, check_notice, notice_findings

from .conftest import ONE_ITEM as ITEM
from .render_helpers import norm, pdftotext

NOTICE = Notice(
    doc_number="兴保发〔2026〕1号",
    title="关于调整权责清单的通知",
    recipients="各单位",
    body="现将调整后的权责清单印发给你们，请遵照执行。",
    attachment="权责清单",
    signature="县国家保密局",
    date="2026年3月18日",
)


def _drop_sheet(path: Path, name: str) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    del wb[name]
    wb.save(path)


# --- the notice must have 标题 and 正文 -----------------------------------------------------------------------


def test_workbook_without_notice_sheet_is_refused(write_list, tmp_path: Path, cli):
    src = write_list("无通知.xlsx", [ITEM], notice=NOTICE)
    _drop_sheet(src, "发文信息")
    result = cli("render", src, "-o", tmp_path / "x.pdf", "--jobs", "1")
    assert result.exit_code == 2, result.output
    assert "无通知.xlsx" in result.output and "没有“发文信息”工作表" in result.output
    assert "已排版" not in result.output
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("blank", "expected"),
    [({"title": ""}, ["标题"]), ({"body": ""}, ["正文"]), ({"title": "", "body": ""}, ["标题", "正文"])],
)
def test_notice_without_title_or_body_is_refused(blank, expected, write_list, tmp_path: Path, cli):
    src = write_list("空.xlsx", [ITEM], notice=replace(NOTICE, **blank))
    result = cli("render", src, "-o", tmp_path / "x.pdf", "--html", tmp_path / "x.html", "--jobs", "1")
    assert result.exit_code == 2, result.output
    text = result.output
    assert "工作表“发文信息”" in text and "无法排出正式通知" in text
    for name in expected:
        assert name in text
    assert "B" in text  # the empty cell is named
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "x.html").exists()


def test_render_api_refuses_an_empty_notice(tmp_path: Path):
    from toolkit.render import render

    with pytest.raises(NoticeMissingError, match="标题、正文"):
        render(PowerList.from_records([ITEM]), tmp_path / "x.pdf", jobs=1)
    check_notice(PowerList.from_records([ITEM], notice=NOTICE))  # complete: no error


# --- invalid 发文信息 values: warned about, typeset as written -------------------------------------------------


def test_notice_findings_name_the_cells(write_list):
    from toolkit import read_workbook

    bad = replace(NOTICE, doc_number="兴保发[2026]1号", date="2026年2月30日", print_date="3月19日", printer="县保密局")
    found = notice_findings(read_workbook(write_list("bad.xlsx", [ITEM], notice=bad)))
    assert [(f.code, f.column) for f in found] == [("QZ208", "发文字号"), ("QZ212", "成文日期"), ("QZ212", "印发日期")]
    assert all(f.sheet == "发文信息" and f.cell and f.cell.startswith("B") for f in found)
    assert "法律依据" not in "".join(f.message for f in found)  # validate's law-check remark is not render's


def test_clean_notice_has_no_findings_and_does_not_load_validate(write_list):
    import subprocess
    import sys

    src = write_list("ok.xlsx", [ITEM], notice=NOTICE)
    code = (
        "import sys; from toolkit import read_workbook; from toolkit.render.checks import notice_findings; "
        f"print(notice_findings(read_workbook({str(src)!r})), 'toolkit.validate' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["[]", "False"]


def test_render_warns_about_invalid_notice_values_and_keeps_them(write_list, tmp_path: Path, cli):
    bad = replace(NOTICE, doc_number="兴保发[2026]1号", date="2026年2月30日")
    src = write_list("bad.xlsx", [ITEM], notice=bad)
    pdf = tmp_path / "x.pdf"
    result = cli("render", src, "-o", pdf, "--jobs", "1")
    assert result.exit_code == 0, result.output  # a draft is still wanted
    text = result.output
    assert "QZ208" in text and "QZ212" in text and "单元格 B" in text and "工作表“发文信息”" in text
    assert "已按原样排版" in text
    page = norm(pdftotext(pdf, first=1, last=1))
    assert "兴保发[2026]1号" in page and "2026年2月30日" in page  # not silently "fixed"


def test_render_shows_reading_warnings_that_change_what_is_typeset(write_list, tmp_path: Path, cli):
    """A hidden row is typeset all the same and an unknown column left out: render says so, as validate would."""
    import openpyxl

    src = write_list("hidden.xlsx", [ITEM, {**ITEM, "序号": "2"}], notice=NOTICE)
    wb = openpyxl.load_workbook(src)
    ws = wb["权责清单"]
    ws.row_dimensions[4].hidden = True
    ws.cell(row=2, column=ws.max_column + 1, value="联系电话")
    wb.save(src)
    result = cli("render", src, "-o", tmp_path / "x.pdf", "--jobs", "1")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if line.startswith("警告")]
    assert any("QZ008" in line and "工作表“权责清单”" in line and "第 4 行" in line for line in lines), lines
    assert any("QZ001" in line and "联系电话" in line for line in lines), lines


@pytest.mark.parametrize(
    ("written", "typeset"),
    [
        ("各乡（镇）人民政府\n县直各单位", "各乡（镇）人民政府，县直各单位"),
        ("县委办、\n县政府办\n", "县委办、县政府办"),
        ("各单位", "各单位"),
    ],
    ids=["one-per-line", "own-punctuation", "one-line"],
)
def test_organ_names_one_per_line_joined_with_commas(written, typeset):
    from toolkit.render.html import join_names

    assert join_names(written) == typeset


def test_recipients_and_cc_on_several_rows_typeset_as_one_run(tmp_path: Path):
    """主送机关/抄送机关 written one organ per line (Alt+Enter or continuation rows) read as a list, not spaces."""
    from toolkit.render import render

    notice = replace(NOTICE, recipients="各乡（镇）人民政府\n县直各单位", cc="县委办公室\n县人民政府办公室")
    pdf = render(PowerList.from_records([ITEM], notice=notice), tmp_path / "x.pdf", jobs=1).pdf
    text = norm(pdftotext(pdf))
    assert "各乡（镇）人民政府，县直各单位：" in text
    assert "抄送：县委办公室，县人民政府办公室。" in text


# --- SIGTERM while rendering: nothing left behind --------------------------------------------------------------

_INTERRUPT = """
import importlib, os, signal, sys, time
pdf = importlib.import_module("toolkit.render.pdf")  # toolkit.render is also a function

def layout(html, **kwargs):  # stands in for a long layout: the user's SIGTERM arrives meanwhile
    os.kill(int(os.environ["QZQD_TEST_PARENT"]), signal.SIGTERM)
    time.sleep(60)

pdf.render_document = layout
pdf.can_fork = lambda: {fork}
os.environ["QZQD_TEST_PARENT"] = str(os.getpid())
from toolkit.cli import main
main(["render", *sys.argv[1:]])
"""


@pytest.mark.parametrize("fork", [True, False], ids=["worker", "one-process"])
def test_sigterm_leaves_no_temporary_or_partial_files(fork, sample_copy: Path, tmp_path: Path):
    import os
    import subprocess
    import sys
    import time

    tmp = tmp_path / "tmp"
    out = tmp_path / "out"
    tmp.mkdir()
    out.mkdir()
    env = {**os.environ, "TMPDIR": str(tmp)}
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", _INTERRUPT.format(fork=fork), str(sample_copy), "-o", str(out / "x.pdf")]
        + ["--html", str(out / "x.html"), "--jobs", "2"],
        capture_output=True,
        text=True,
        env=env,
        timeout=50,
    )
    assert time.monotonic() - start < 40  # the handler raised: nobody waited for the 60 s "layout"
    assert proc.returncode == 143, proc.stderr  # 128 + SIGTERM
    assert "已中断" in proc.stderr
    assert list(tmp.iterdir()) == []  # qzqd-render-* removed
    assert list(out.iterdir()) == []  # neither the PDF, nor a .part file, nor the HTML preview


def test_html_preview_written_only_after_the_pdf(sample_list, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from toolkit.render import pdf, render

    def fail(*args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(pdf, "render_document", fail)
    monkeypatch.setattr(pdf, "can_fork", lambda: False)
    with pytest.raises(RuntimeError):
        render(sample_list, tmp_path / "x.pdf", tmp_path / "x.html", jobs=1)
    assert list(tmp_path.iterdir()) == []


# --- the HTML 调整对照表 printed from a browser ----------------------------------------------------------------


def test_html_diff_prints_on_a4_landscape_with_wide_text_columns(tmp_path: Path):
    """The page as a browser prints it (WeasyPrint stands in): A4 landscape, 调整前/调整后 a quarter of the width
    each, the header row on every page."""
    from toolkit.diff import diff
    from toolkit.diff.html import write_html
    from toolkit.render.pdf import render_document

    from .conftest import ROOT
    from .render_helpers import pages

    html = write_html(
        diff(ROOT / "workbooks" / "xingan-2022.xlsx", ROOT / "workbooks" / "xingan-2025.xlsx"), tmp_path / "d.html"
    )
    pdf = tmp_path / "d.pdf"
    render_document(html.read_text(encoding="utf-8")).write_pdf(pdf)  # only the page's own inlined CSS
    doc = pages(pdf)
    assert len(doc) > 2
    assert all(round(p["width"]) == 842 and round(p["height"]) == 595 for p in doc)  # A4 landscape, in pt

    def header_x(page: dict, word: str) -> float:
        text = "".join(c["text"] for c in page["chars"])
        at = text.index(word)
        return float(page["chars"][at]["x0"])

    for page in doc:  # every page repeats the header; the text columns are wide enough to read
        before, after, reason = (header_x(page, w) for w in ("调整前", "调整后", "调整理由"))
        assert after - before > 150 and reason - after > 150


def test_html_diff_keeps_only_short_rows_whole():
    from toolkit.diff.html import KEEP_WHOLE_CHARS, _short
    from toolkit.diff.table import Row

    short = Row(1, "changed", "变更", "行政检查", "甲", "", "实施依据", [("equal", "短")], [("insert", "短文")])
    long = Row(2, "added", "新增", "行政检查", "乙", "", "", [], [("insert", "法" * KEEP_WHOLE_CHARS)])
    assert _short(short) and not _short(long)
