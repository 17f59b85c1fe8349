"""`qzqd render`: outputs, overwrite protection, bad input, font options, HTML preview."""

from __future__ import annotations

from pathlib import Path

import pytest

from .render_helpers import norm, pdftotext


@pytest.fixture(scope="module")
def rendered_by_cli(tmp_path_factory: pytest.TempPathFactory):
    """`qzqd render` of a copy of the sample into output/ (an existing folder: render creates none)."""
    import shutil

    from click.testing import CliRunner

    from toolkit.cli import main

    from .conftest import SAMPLE_2022

    root = tmp_path_factory.mktemp("cli-render")
    src = root / "sample.xlsx"
    shutil.copy(SAMPLE_2022, src)
    before = src.read_bytes()
    pdf, html = root / "output" / "通知.pdf", root / "output" / "通知.html"
    pdf.parent.mkdir()
    result = CliRunner().invoke(
        main, ["render", str(src), "-o", str(pdf), "--html", str(html), "--jobs", "1"], catch_exceptions=False
    )
    return result, src, before, pdf, html


def test_render_writes_pdf_and_html(rendered_by_cli, sample_list):
    result, src, before, pdf, html = rendered_by_cli
    assert result.exit_code == 0, result.output
    assert "已排版 5 个事项" in result.output
    assert src.read_bytes() == before  # the input is never modified
    assert pdf.read_bytes().startswith(b"%PDF")
    text = norm(pdftotext(pdf))
    assert norm(sample_list.notice.title) in text
    page = html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "兴保发〔2022〕1号" in page
    # one table with its two header rows once (WeasyPrint repeats them on every page); qzqd's page breaks
    # are on each page's first row (class "pb"); each item starts in one row, its continuations on later
    # pages are rows of class "cont"
    assert page.count('<table class="list') == 1
    assert page.count('<tr class="h0">') == page.count('<tr class="h1">') == 1
    starts = page.count("<tr>") + page.count('<tr class="pb">')
    assert starts == len(sample_list) and page.count('class="pb') >= 4
    assert sorted(p.name for p in pdf.parent.iterdir()) == sorted(["通知.pdf", "通知.html"])  # no temp files


def test_existing_output_needs_force(rendered_by_cli, cli):
    _, src, _, pdf, _ = rendered_by_cli
    stamp = pdf.stat().st_mtime_ns
    result = cli("render", src, "-o", pdf)
    assert result.exit_code == 2
    assert "已存在" in result.output and "--force" in result.output
    assert pdf.stat().st_mtime_ns == stamp


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.xlsx", "-o", "x.pdf"], "不存在"),
        (["{src}", "-o", "x.docx"], ".pdf"),
        (["{src}", "-o", "x.pdf", "--html", "x.txt"], ".html"),
        (["{src}", "-o", "{src}"], ".pdf"),
        (["{src}", "-o", "x.pdf", "--font", "正文字体=X"], "未知的字体角色"),
        (["{src}", "-o", "x.pdf", "--font", "仿宋=并不存在的字体"], "没有安装"),
        (["{src}", "-o", "x.pdf", "--fonts-config", "nofile.ini"], "无法读取"),
    ],
    ids=[
        "missing-workbook",
        "not-pdf",
        "html-suffix",
        "output-is-input",
        "unknown-role",
        "font-not-installed",
        "missing-config",
    ],
)
def test_bad_input_is_a_chinese_error(args, message, sample_copy: Path, cli, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(sample_copy.parent)
    result = cli("render", *[a.format(src=sample_copy) for a in args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (sample_copy.parent / "x.pdf").exists()


def test_not_a_workbook(tmp_path: Path, cli):
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook", encoding="utf-8")
    result = cli("render", bad, "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert "bad.xlsx" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_help_is_chinese(cli):
    result = cli("render", "--help")
    assert result.exit_code == 0
    assert "GB/T 9704" in result.output and "--fonts-config" in result.output


def test_list_only_prints_a_list_without_notice_text(write_list, cli, tmp_path):
    """--list-only: the table alone under its title, page numbers from 1, although the 发文信息 sheet is empty
    (without the option such a workbook is refused)."""
    from toolkit.model import Notice

    from .conftest import ONE_ITEM
    from .render_helpers import folio, pages

    src = write_list("list.xlsx", [ONE_ITEM, {**ONE_ITEM, "序号": "2"}], notice=Notice(attachment="某某局权责清单"))
    refused = cli("render", src, "-o", tmp_path / "notice.pdf", "--jobs", "1")
    assert refused.exit_code == 2 and not (tmp_path / "notice.pdf").exists()
    result = cli("render", src, "-o", tmp_path / "list.pdf", "--list-only", "--jobs", "1")
    assert result.exit_code == 0, result.output
    doc = pages(tmp_path / "list.pdf")
    assert len(doc) == 1 and doc[0]["width"] > doc[0]["height"]  # one table page, no notice page
    # the list alone is a landscape document of its own: landscape paper, text that copies in reading order
    assert not doc[0]["turned"] and doc[0]["paper"][0] > doc[0]["paper"][1]
    text = norm(pdftotext(tmp_path / "list.pdf"))
    assert text.startswith("某某局权责清单")  # the title first: no “附件” label above it
    assert "对保密工作" in text
    assert folio(doc[0])[0] == 1


def test_portrait_turns_the_table_onto_portrait_pages_also_for_the_list_alone(write_list, cli, tmp_path):
    """--portrait: GB/T 9704 §8 for a list printed on its own (to be bound with a notice made elsewhere)."""
    from toolkit.model import Notice

    from .conftest import ONE_ITEM
    from .render_helpers import folio, pages

    src = write_list("list.xlsx", [ONE_ITEM], notice=Notice(attachment="某某局权责清单"))
    result = cli("render", src, "-o", tmp_path / "list.pdf", "--list-only", "--portrait", "--jobs", "1")
    assert result.exit_code == 0, result.output
    (page,) = pages(tmp_path / "list.pdf")
    assert page["turned"] and page["paper"][1] > page["paper"][0]
    assert folio(page)[0] == 1
    text = "".join(c["text"] for c in sorted(page["chars"], key=lambda c: (round(c["top"]), c["x0"])))
    assert norm(text).startswith("某某局权责清单")


def test_list_only_of_an_empty_list_is_refused(write_list, cli, tmp_path):
    src = write_list("empty.xlsx", [])
    result = cli("render", src, "-o", tmp_path / "list.pdf", "--list-only", "--jobs", "1")
    assert result.exit_code == 2 and "没有任何事项" in result.output
    assert not (tmp_path / "list.pdf").exists()


def test_extra_columns_are_printed_after_remarks_when_asked(cli, tmp_path):
    """A column kept from the source under its own header (办理时限) is printed after 备注 with --extra-columns;
    without it the table keeps the 13 standard columns and the clerk is told which columns were left out."""
    from toolkit import PowerList, write_workbook
    from toolkit.model import Notice

    from .conftest import ONE_ITEM

    records = [{**ONE_ITEM, "办理时限": "受理之日起二十个工作日内办结"}]
    pl = PowerList.from_records(records, notice=Notice(attachment="某某局权责清单"))  # 办理时限: an extra column
    src = tmp_path / "extra.xlsx"
    write_workbook(pl, src)
    plain = cli("render", src, "-o", tmp_path / "plain.pdf", "--list-only", "--jobs", "1")
    assert plain.exit_code == 0, plain.output
    assert "附加列 “办理时限” 没有排入表格" in plain.output and "--extra-columns" in plain.output
    assert "二十个工作日" not in norm(pdftotext(tmp_path / "plain.pdf"))
    asked = cli("render", src, "-o", tmp_path / "extra.pdf", "--list-only", "--extra-columns", "--jobs", "1")
    assert asked.exit_code == 0, asked.output
    assert "没有排入" not in asked.output
    text = norm(pdftotext(tmp_path / "extra.pdf"))
    assert "办理时限" in text and "受理之日起二十个工作日内办结" in text
    assert text.index("备注") < text.index("办理时限")  # after 备注, the last standard column
