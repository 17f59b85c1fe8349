"""Short documents on two cores: a worker forked before WeasyPrint is imported lays out and writes the PDF.

A small render is mostly fixed costs that run one after the other: importing WeasyPrint (~0.4 s), building
the HTML (~0.1 s: column widths, lines and pages, jinja2), laying out (one WeasyPrint document: page breaks
depend on everything before them, so layout cannot be split without changing the pages), drawing and
writing the PDF. Here the worker imports WeasyPrint while this process builds the HTML (and writes the
preview); the worker then lays out and writes the whole document exactly as a one-process render would.

Writing the PDF in two halves from two processes was tried and dropped: each half pays the fixed costs of
a write (reading the ~25 MB CJK font files, subsetting each face) and the forked writer copies the pages it
touches, so two halves took 1.3–1.5 s against 0.9 s for one write.

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


def _work(conn: Connection, out: str) -> None:
    try:
        from .html import lay_out
        from .wpffi import import_weasyprint

        import_weasyprint()  # while the parent builds the HTML
        document = lay_out(conn.recv())
        document.write_pdf(out)
        conn.send(("ok", len(document.pages)))
    except BaseException as exc:  # noqa: BLE001 - reported; the parent renders in-process and raises there
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
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
        part = Path(folder) / "document.pdf"
        here, there = fork.Pipe()
        worker = fork.Process(target=_work, args=(there, str(part)), daemon=True)
        try:
            worker.start()
        except OSError:  # no process to spare
            return None
        there.close()
        try:
            here.send(make_html())
            try:
                status, value = here.recv()
            except EOFError:  # the worker died without a word
                return None
        except BaseException:
            worker.kill()
            raise
        finally:
            here.close()
            worker.join()
        if status != "ok" or not part.is_file():
            return None
        with atomic_output(pdf_path, force=force, inputs=inputs) as tmp:
            tmp.write_bytes(part.read_bytes())
        return int(value)
