"""Short documents on two cores: a worker forked before WeasyPrint is imported lays out and writes the PDF.

A small render is mostly fixed costs that run one after the other: importing WeasyPrint (~0.4 s), building
the HTML (numpy for the column widths, jinja2), laying out (one WeasyPrint document: page breaks depend on
everything before them, so layout itself cannot be split without changing the pages), drawing and writing
the PDF, joining. Here the worker imports WeasyPrint while this process builds the HTML and imports pypdf;
the worker then lays out the whole document once and writes its pages in two halves (a forked child writes
the first, see :func:`toolkit.render.pdf.write_parts`); this process joins the halves. The pages are those
of the one-process render: one layout, same page breaks, same page numbers.

Whenever the worker fails, :func:`render_in_worker` returns None and the caller renders in-process, so
errors surface exactly as in a one-process run.
"""

from __future__ import annotations

import multiprocessing
import tempfile
from collections.abc import Callable
from multiprocessing.connection import Connection
from pathlib import Path

from ..fsutil import atomic_output
from .pdf import join_pdfs, split_point, write_parts


def _work(conn: Connection, folder: str) -> None:
    try:
        from .pdf import _weasyprint, render_document

        _weasyprint()  # while the parent builds the HTML
        html = conn.recv()
        document = render_document(html)
        count = len(document.pages)
        cut = split_point(count)
        if cut is None:
            parts = [Path(folder) / "all.pdf"]
            document.write_pdf(parts[0])
        else:
            parts = write_parts(document, cut, Path(folder))
        conn.send(("ok", count, [str(p) for p in parts]))
    except BaseException as exc:  # noqa: BLE001 - reported; the parent renders in-process and raises there
        conn.send(("error", f"{type(exc).__name__}: {exc}", []))
    finally:
        conn.close()


def render_in_worker(
    make_html: Callable[[], str], pdf_path: Path, *, force: bool, inputs: tuple[Path, ...]
) -> int | None:
    """Render the HTML that ``make_html()`` builds (called here, while the worker starts) to ``pdf_path``.

    Returns the page count, or None when the worker failed (nothing written then).
    """
    fork = multiprocessing.get_context("fork")
    with tempfile.TemporaryDirectory(prefix="qzqd-render-") as folder:
        here, there = fork.Pipe()
        worker = fork.Process(target=_work, args=(there, folder))
        try:
            worker.start()
        except OSError:  # no process to spare
            return None
        there.close()
        try:
            here.send(make_html())
            import pypdf  # noqa: F401  # for the join, while the worker lays out

            try:
                status, count, parts = here.recv()
            except EOFError:  # the worker died without a word
                return None
        except BaseException:
            worker.kill()
            raise
        finally:
            here.close()
            worker.join()
        if status != "ok":
            return None
        with atomic_output(pdf_path, force=force, inputs=inputs) as tmp:
            if len(parts) == 1:
                tmp.write_bytes(Path(parts[0]).read_bytes())
            else:
                join_pdfs([Path(p) for p in parts], tmp)
        return int(count)
