"""Short documents rendered by a worker forked before WeasyPrint loads (toolkit.render.worker).

The worker lays out the whole document once, so its PDF must show the same pages as the one-process render:
same count, same text page by page, same page numbers and title, every font embedded and subset.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.render_helpers import folio, norm, pages, pdffonts, pdftotext
from toolkit.render import pdf


def page_texts(path: Path) -> list[str]:
    count = len(pages(path))
    return [norm(pdftotext(path, first=i, last=i)) for i in range(1, count + 1)]


def title(path: Path) -> str:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return next((line.split(":", 1)[1].strip() for line in out.splitlines() if line.startswith("Title:")), "")


@pytest.mark.parametrize(
    "jobs, env, free, expect_worker",
    [(1, "", True, False), (2, "1", True, False), (2, "", False, False), (2, "", True, True)],
    ids=["jobs-1", "QZQD_NO_FORK", "no-idle-core", "worker"],
)
def test_worker_only_when_asked_and_a_core_is_idle(
    tmp_path: Path, sample_list, monkeypatch, jobs: int, env: str, free: bool, expect_worker: bool
) -> None:
    from toolkit.render import build, worker

    calls: list[str] = []
    monkeypatch.setattr(pdf, "core_free", lambda: free)
    monkeypatch.setenv("QZQD_NO_FORK", env)
    monkeypatch.setattr(worker, "render_in_worker", lambda *a, **k: calls.append("worker") or 13)
    monkeypatch.setattr(pdf, "render_document", lambda html: calls.append("here") or _Pages(13))
    monkeypatch.setattr(pdf, "write_document", lambda *a, **k: None)
    result = build.render(sample_list, tmp_path / "x.pdf", jobs=jobs)
    assert calls == (["worker"] if expect_worker else ["here"])
    assert result.jobs == (2 if expect_worker else 1)


class _Pages:
    def __init__(self, count: int) -> None:
        self.pages = [None] * count


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
    assert title(result.pdf) == title(rendered_sample.pdf) != ""
    assert (tmp_path / "w.html").read_text(encoding="utf-8") == rendered_sample.html.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.html", "w.pdf"]


def _fails_in_child(real):
    parent = os.getpid()

    def layout(html, **kwargs):
        if os.getpid() != parent:
            raise RuntimeError("worker cannot lay out")
        return real(html, **kwargs)

    return layout


@pytest.mark.parametrize(
    "line, cpus, expected",
    [
        ("0.00 0.01 0.05 1/88 4242", 2, True),  # only this process runs
        ("1.90 1.80 1.70 1/88 4242", 2, True),  # busy a minute ago, idle now
        ("0.10 0.10 0.10 2/88 4242", 2, False),  # another task runs now
        ("0.10 0.10 0.10 3/90 4242", 4, True),
        ("0.10 0.10 0.10 1/88 4242", 1, False),  # one CPU: never a worker
    ],
    ids=["idle", "busy-before", "busy-now", "four-cpus", "one-cpu"],
)
def test_idle_core_reads_runnable_tasks(line: str, cpus: int, expected: bool) -> None:
    assert pdf.idle_core(line, cpus) is expected
