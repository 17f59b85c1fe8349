"""HTML → PDF with WeasyPrint, fetching nothing but files under one trusted folder.

Cell and notice text are untrusted: the templates escape it, and this module makes sure that even markup
that slipped through cannot reach the network or the file system. The fetcher answers only ``file:`` URLs
under ``base`` (the templates folder by default) and refuses everything else: http(s), ftp, data, other
files. Outputs go through :func:`toolkit.fsutil.atomic_output`.

Nothing here knows about notices: the diff report uses the same functions with its own HTML and CSS.
"""

from __future__ import annotations

import mimetypes
import multiprocessing
import os
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..cpu import core_free, idle_core  # noqa: F401  (idle_core re-exported for tests)
from ..fsutil import atomic_output


def _templates_dir() -> Path:
    # toolkit/templates links to the repository's templates/ in a checkout and is a real folder in a built
    # wheel. A Windows checkout without symlink support turns the link into a small text file: then the
    # repository's folder is used directly. Resolved, so the fetcher's "inside the folder" test compares real
    # paths.
    package = Path(__file__).resolve().parents[1]
    inside = package / "templates"
    return (inside if inside.is_dir() else package.parent / "templates").resolve()


TEMPLATES_DIR = _templates_dir()


def _weasyprint():  # imported lazily: it costs ~0.6 s, and `qzqd fonts`/--help do not need it
    from .wpffi import import_weasyprint

    return import_weasyprint()


class FetchRefused(ValueError):
    """A resource URL outside the trusted folder (WeasyPrint logs it and renders without the resource)."""


def make_fetcher(root: Path = TEMPLATES_DIR):
    """A WeasyPrint URL fetcher that serves only files under ``root``.

    ``fetcher.requested`` lists every URL WeasyPrint asked for, ``fetcher.refused`` those it was denied.

    >>> f = make_fetcher()
    >>> try:
    ...     f.fetch("http://example.com/x.png")
    ... except FetchRefused:
    ...     pass
    >>> f.refused
    ['http://example.com/x.png']
    """
    _weasyprint()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    root = Path(root).resolve()

    class SafeFetcher(URLFetcher):
        def __init__(self) -> None:
            super().__init__(timeout=1, allowed_protocols=("file",), allow_redirects=False)
            self.root = root
            self.requested: list[str] = []
            self.refused: list[str] = []
            self._lock = threading.Lock()

        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            with self._lock:
                self.requested.append(url)
            path = self._allowed_path(url)
            if path is None:
                with self._lock:
                    self.refused.append(url)
                raise FetchRefused(f"refused to fetch {url!r}: only files under {self.root} may be loaded")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime})

        def _allowed_path(self, url: str) -> Path | None:
            parts = urlsplit(url)
            if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
                return None
            try:
                path = Path(unquote(parts.path)).resolve(strict=True)
            except (OSError, RuntimeError):
                return None
            if not path.is_file() or not path.is_relative_to(self.root):
                return None
            return path

    return SafeFetcher()


def render_document(
    html: str,
    *,
    base: Path = TEMPLATES_DIR,
    stylesheets: Sequence[str] = (),
    fetcher: object | None = None,
):
    """Lay out ``html`` (a string) into a WeasyPrint ``Document``; ``stylesheets`` are extra CSS strings.

    Relative URLs in the HTML (``notice.css``) resolve against ``base``, and only files under ``base`` load.

    >>> doc = render_document("<p>你好</p>")  # doctest: +SKIP
    >>> len(doc.pages)  # doctest: +SKIP
    1
    """
    weasyprint = _weasyprint()
    base = Path(base).resolve()
    fetcher = fetcher if fetcher is not None else make_fetcher(base)
    base_url = base.as_uri() + "/"
    css = [weasyprint.CSS(string=s, base_url=base_url, url_fetcher=fetcher) for s in stylesheets]
    doc = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    return doc.render(stylesheets=css)


def write_document(document, out: str | Path, *, force: bool = True, inputs: tuple[Path, ...] = ()) -> Path:
    """Write a laid-out document as PDF (fonts embedded and subset), atomically."""
    out = Path(out)
    with atomic_output(out, force=force, inputs=inputs) as tmp:
        document.write_pdf(tmp)
    return out


def can_fork() -> bool:
    """fork exists (not on Windows), no other thread runs (a forked copy of a lock held by another thread
    never unlocks), a CPU is idle, and the user has not turned it off with QZQD_NO_FORK=1."""
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
        and os.environ.get("QZQD_NO_FORK", "") == ""
        and core_free()
    )


def html_to_pdf(
    html: str,
    out: str | Path,
    *,
    base: Path = TEMPLATES_DIR,
    stylesheets: Sequence[str] = (),
    fetcher: object | None = None,
    force: bool = True,
    inputs: tuple[Path, ...] = (),
) -> Path:
    """Render ``html`` to the PDF file ``out``; only files under ``base`` may be loaded.

    >>> html_to_pdf("<p>你好</p>", "/tmp/hello.pdf")  # doctest: +SKIP
    PosixPath('/tmp/hello.pdf')
    """
    document = render_document(html, base=base, stylesheets=stylesheets, fetcher=fetcher)
    return write_document(document, out, force=force, inputs=inputs)


def merge_pdfs(parts: Iterable[Path], out: str | Path, *, force: bool = True, inputs: tuple[Path, ...] = ()) -> Path:
    """Concatenate PDF files into ``out`` (each part keeps its own embedded font subsets)."""
    from pypdf import PdfWriter

    out = Path(out)
    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    with atomic_output(out, force=force, inputs=inputs) as tmp, tmp.open("wb") as fh:
        writer.write(fh)
    return out
