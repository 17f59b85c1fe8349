"""How the table is cut into chunks for parallel layout, and the sample laid out by default on two workers."""

from __future__ import annotations

import pytest

from toolkit.model import COLUMNS, split_paragraphs
from toolkit.render import build, render
from toolkit.render.build import _chunks, balanced_bounds
from toolkit.render.fonts import resolve_fonts
from toolkit.render.html import build_context

from .render_helpers import folio, norm, pages
from .test_render_pdf import _assert_in_order, _table_columns


@pytest.mark.parametrize(
    ("weights", "parts", "expected"),
    [
        ([2014, 2924, 2754, 1727, 2134], 2, [(0, 2), (2, 5)]),
        ([5] * 10, 3, [(0, 3), (3, 7), (7, 10)]),
        ([1, 1, 1, 100], 2, [(0, 3), (3, 4)]),
        ([100, 1, 1, 1], 2, [(0, 1), (1, 4)]),
        ([1, 1, 1], 5, [(0, 1), (1, 2), (2, 3)]),
        ([7], 2, [(0, 1)]),
    ],
    ids=["sample-like", "even", "heavy-last", "heavy-first", "more-parts-than-items", "one-item"],
)
def test_balanced_bounds(weights, parts, expected):
    bounds = balanced_bounds(weights, parts)
    assert bounds == expected
    # contiguous, complete, none empty
    assert bounds[0][0] == 0 and bounds[-1][1] == len(weights)
    assert all(a < b for a, b in bounds)
    assert all(b == a2 for (_, b), (a2, _) in zip(bounds, bounds[1:], strict=False))


def test_sample_is_cut_in_one_chunk_per_worker(sample_list):
    ctx = build_context(sample_list, resolve_fonts())
    bounds = _chunks(ctx, 2)
    assert len(bounds) == 2
    assert bounds[-1][1] == len(sample_list.items)


@pytest.fixture(scope="module")
def default_parallel(tmp_path_factory: pytest.TempPathFactory, sample_list):
    """The sample through the default chunking on two workers, as if it were long enough to go parallel."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(build, "PARALLEL_MIN_PAGES", 1)
        return render(sample_list, tmp_path_factory.mktemp("chunks") / "sample.pdf", jobs=2)


def test_short_list_is_not_cut_into_chunks(sample_list, tmp_path, monkeypatch):
    # Chunks would add a part-empty page at each cut; a short list is laid out as one document (its PDF may
    # still be written by two processes, see test_render_split.py).
    monkeypatch.setattr(build, "_render_parallel", lambda *a, **k: pytest.fail("chunked a short list"))
    assert render(sample_list, tmp_path / "one.pdf", jobs=2).pages == 13


def test_sample_uses_both_workers_with_continuous_page_numbers(default_parallel):
    assert default_parallel.jobs == 2
    shown = [folio(page)[0] for page in pages(default_parallel.pdf)]
    assert shown == list(range(1, default_parallel.pages + 1))


def test_sample_chunks_keep_every_paragraph_in_order(default_parallel, sample_list):
    widths = build_context(sample_list, resolve_fonts()).widths
    streams = _table_columns(default_parallel.pdf, widths)
    for j, col in enumerate(COLUMNS):
        paragraphs = [norm(p) for rec in sample_list.records() for p in split_paragraphs(rec[col.name])]
        _assert_in_order(streams[j], paragraphs, f"column {col.name}")


@pytest.mark.parametrize(
    ("items", "jobs", "expected"),
    [(200, 2, 6), (200, 3, 6), (1000, 2, 22), (30, 2, 2)],
    ids=["200-on-2", "200-on-3", "1000-on-2", "30-on-2"],
)
def test_long_lists_get_whole_rounds_of_equal_chunks(items, jobs, expected):
    from toolkit.model import PowerList

    text = "依据《中华人民共和国保守国家秘密法》第十条规定，" * 95  # ~2,300 characters, like a seed item
    pl = PowerList.from_records([{"序号": str(i + 1), "实施依据": text} for i in range(items)])
    bounds = _chunks(build_context(pl, resolve_fonts()), jobs)
    assert len(bounds) == expected and len(bounds) % jobs == 0
    sizes = [b - a for a, b in bounds]
    assert max(sizes) - min(sizes) <= 1
