"""Untrusted cell and notice text: escaped in HTML, printed as text in the PDF, never fetched."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.model import Notice, PowerList
from toolkit.render import build, pdf, render

from .render_helpers import norm, pdftotext

HOSTILE = {
    "img-file": '<img src="file:///etc/passwd">',
    "img-http": '<img src="http://127.0.0.1:9/x.png">',
    "css-import": "<style>@import url(http://127.0.0.1:9/a.css);</style>",
    "link": '<link rel="stylesheet" href="file:///etc/passwd">',
    "plain-url": "详见 http://127.0.0.1:9/law 与 file:///etc/passwd",
}


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> list:
    """Every URL fetcher the renderer creates, to inspect what WeasyPrint asked it for."""
    made: list = []
    original = pdf.make_fetcher

    def recording(*args, **kwargs):
        fetcher = original(*args, **kwargs)
        made.append(fetcher)
        return fetcher

    monkeypatch.setattr(pdf, "make_fetcher", recording)
    return made


def _hostile_list(text: str) -> PowerList:
    record = {
        "序号": "1",
        "权力分类": "行政检查",
        "项目名称": text,
        "实施主体": "县国家保密局",
        "实施依据": f"1．依据。\n{text}",
        "责任事项": "1．检查责任（县国家保密局）。",
        "追责情形": text,
        "追责依据": "1．【法律】《中华人民共和国保守国家秘密法》第五十九条。",
    }
    notice = Notice(
        doc_number="兴保发〔2024〕1号",
        title=f"关于{text}的通知",
        recipients="各单位",
        body=f"正文{text}",
        attachment="权责清单",
        signature="县国家保密局",
        date="2024年1月2日",
    )
    return PowerList.from_records([record], notice=notice)


@pytest.mark.parametrize("text", list(HOSTILE.values()), ids=list(HOSTILE))
def test_markup_in_cells_is_text_and_nothing_is_fetched(text, tmp_path: Path, spy: list):
    out = tmp_path / "x.pdf"
    html_out = tmp_path / "x.html"
    render(_hostile_list(text), out, html_out, jobs=1)
    assert spy, "the renderer must use the safe fetcher"
    asked = [url for f in spy for url in f.requested]
    assert asked == [], f"WeasyPrint was asked to fetch {asked}"
    page_text = norm(pdftotext(out))
    assert norm(text) in page_text  # the markup is printed literally, in the table and in the notice
    preview = html_out.read_text(encoding="utf-8")
    assert "<img" not in preview and "<link" not in preview.split("</head>", 1)[1]
    assert "&lt;" in preview or "<" not in text


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.com/a.css",
        "data:text/css,p{}",
        "ftp://example.com/x",
        "file:///work/main/templates/../pyproject.toml",
    ],
    ids=["file-outside", "http", "https", "data", "ftp", "dotdot-escape"],
)
def test_fetcher_refuses_everything_outside_templates(url):
    fetcher = pdf.make_fetcher()
    with pytest.raises(pdf.FetchRefused):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_fetcher_serves_files_under_its_folder(tmp_path: Path):
    (tmp_path / "a.css").write_text("p { color: red }", encoding="utf-8")
    fetcher = pdf.make_fetcher(tmp_path)
    response = fetcher.fetch((tmp_path / "a.css").as_uri())
    assert response.read() == b"p { color: red }"
    assert fetcher.refused == []


def test_html_to_pdf_refuses_resources_outside_base(tmp_path: Path):
    """Raw HTML with resources (as a caller could pass): the outside file and the network are refused."""
    (tmp_path / "ok.css").write_text("p { font-size: 20pt }", encoding="utf-8")
    fetcher = pdf.make_fetcher(tmp_path)
    html = (
        '<link rel="stylesheet" href="ok.css"><img src="file:///etc/passwd">'
        '<img src="http://127.0.0.1:9/x.png"><p>你好</p>'
    )
    out = pdf.html_to_pdf(html, tmp_path / "raw.pdf", base=tmp_path, fetcher=fetcher)
    assert out.exists() and "你好" in pdftotext(out)
    assert fetcher.refused == ["file:///etc/passwd", "http://127.0.0.1:9/x.png"]
    assert fetcher.requested[0].endswith("/ok.css")


def test_failed_render_leaves_no_output(tmp_path: Path, sample_list, monkeypatch: pytest.MonkeyPatch):
    out = tmp_path / "x.pdf"

    def boom(*args, **kwargs):
        raise RuntimeError("layout failed")

    monkeypatch.setattr(pdf, "render_document", boom)
    with pytest.raises(RuntimeError):
        build.render(sample_list, out, jobs=1)
    assert list(tmp_path.iterdir()) == []
