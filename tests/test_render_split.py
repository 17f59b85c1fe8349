"""Writing a laid-out document in two processes (toolkit.render.pdf.write_document with jobs=2).

The sample is laid out once; its PDF written by a forked child (first pages) and this process (the rest),
then joined, must show the same pages as the one-process render: same count, same text page by page, same
page numbers, every font embedded and subset.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.render_helpers import folio, norm, pages, pdffonts, pdftotext
from toolkit.render import pdf
from toolkit.render.fonts import resolve_fonts
from toolkit.render.html import build_context, whole_html


@pytest.fixture(scope="module")
def sample_document(sample_list):
    return pdf.render_document(whole_html(build_context(sample_list, resolve_fonts())))


def page_texts(path: Path) -> list[str]:
    count = len(pages(path))
    return [norm(pdftotext(path, first=i, last=i)) for i in range(1, count + 1)]


def title(path: Path) -> str:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Title:")), "")


@pytest.fixture
def forced_split(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Split even on a busy machine; records each split point used."""
    used: list[int] = []
    real = pdf._write_split

    def spy(document, cut, target):
        used.append(cut)
        real(document, cut, target)

    monkeypatch.setattr(pdf, "core_free", lambda: True)
    monkeypatch.delenv("QZQD_NO_FORK", raising=False)
    monkeypatch.setattr(pdf, "_write_split", spy)
    return used


@pytest.mark.parametrize("child_fails", [False, True], ids=["two-processes", "child-fails-parent-writes"])
def test_split_write_matches_one_process_render(
    tmp_path: Path, sample_document, rendered_sample, forced_split: list[int], monkeypatch, child_fails: bool
) -> None:
    if child_fails:
        parent, real = os.getpid(), pdf._write_pages

        def broken(*args):  # fails in the forked child only: the parent then writes the child's pages itself
            if os.getpid() != parent:
                raise RuntimeError("child cannot write")
            real(*args)

        monkeypatch.setattr(pdf, "_write_pages", broken)
    out = pdf.write_document(sample_document, tmp_path / "split.pdf", jobs=2)
    reference = rendered_sample.pdf
    assert forced_split == [7]  # 13 pages: the child wrote 1-7, this process 8-13
    assert len(pages(out)) == len(pages(reference)) == 13
    assert page_texts(out) == page_texts(reference)
    assert [folio(p)[0] for p in pages(out)] == list(range(1, 14))
    assert [(p["width"], p["height"]) for p in pages(out)] == [(p["width"], p["height"]) for p in pages(reference)]
    fonts = pdffonts(out)
    assert fonts and all(f["emb"] == "yes" and f["sub"] == "yes" for f in fonts)
    assert title(out) == title(reference) != ""


@pytest.mark.parametrize(
    "jobs, env, free, expect_split",
    [(1, "", True, False), (2, "1", True, False), (2, "", False, False), (2, "", True, True)],
    ids=["jobs-1", "QZQD_NO_FORK", "no-idle-core", "split"],
)
def test_split_only_when_asked_and_a_core_is_idle(
    tmp_path: Path, sample_document, monkeypatch, jobs: int, env: str, free: bool, expect_split: bool
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(pdf, "core_free", lambda: free)
    monkeypatch.setenv("QZQD_NO_FORK", env)
    monkeypatch.setattr(pdf, "_write_split", lambda document, cut, target: calls.append(cut))
    monkeypatch.setattr(type(sample_document), "write_pdf", lambda self, target: calls.append(0))
    pdf.write_document(sample_document, tmp_path / "x.pdf", jobs=jobs)
    assert calls == ([7] if expect_split else [0])


@pytest.mark.parametrize("count, expected", [(1, None), (3, None), (4, 2), (13, 7), (40, 20)], ids=str)
def test_split_point(count: int, expected: int | None) -> None:
    assert pdf.split_point(count) == expected


@pytest.mark.parametrize("worker_fails", [False, True], ids=["worker", "worker-fails-in-process"])
def test_render_in_worker_matches_one_process_render(
    tmp_path: Path, sample_list, rendered_sample, monkeypatch, worker_fails: bool
) -> None:
    from toolkit.render import build

    monkeypatch.setattr(pdf, "core_free", lambda: True)
    monkeypatch.delenv("QZQD_NO_FORK", raising=False)
    if worker_fails:
        monkeypatch.setattr(pdf, "render_document", _fails_in_child(pdf.render_document))
    result = build.render(sample_list, tmp_path / "w.pdf", tmp_path / "w.html", jobs=2)
    assert result.jobs == (1 if worker_fails else 2)
    assert result.pages == len(pages(result.pdf)) == 13
    assert page_texts(result.pdf) == page_texts(rendered_sample.pdf)
    assert [folio(p)[0] for p in pages(result.pdf)] == list(range(1, 14))
    assert all(f["emb"] == "yes" and f["sub"] == "yes" for f in pdffonts(result.pdf))
    assert (tmp_path / "w.html").read_text(encoding="utf-8") == rendered_sample.html.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.html", "w.pdf"]


def _fails_in_child(real):
    parent = os.getpid()

    def layout(html, **kwargs):
        if os.getpid() != parent:
            raise RuntimeError("worker cannot lay out")
        return real(html, **kwargs)

    return layout
