"""Stamp one PDF page onto another as a Form XObject (cheap: no content stream is parsed or rewritten).

pypdf's ``merge_page`` parses and rewrites both content streams, which costs more than the layout of a
page number; wrapping the overlay page in a Form XObject and drawing it after the page's own content
keeps the join linear and fast. Used to put page numbers on table pages laid out in parallel.
"""

from __future__ import annotations

from typing import Any

from pypdf import PageObject, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

_NAME = NameObject("/QzqdStamp")


def _stream(data: bytes) -> DecodedStreamObject:
    s = DecodedStreamObject()
    s.set_data(data)
    return s


def stamp_page(writer: PdfWriter, page: PageObject, overlay: PageObject) -> None:
    """Draw ``overlay`` (a page of another PDF) on top of ``page`` (already added to ``writer``)."""
    drawing = overlay.get_contents()  # (a ContentStream is a dict: test against None, not truthiness)
    form = _stream(drawing.get_data() if drawing is not None else b"")
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(overlay.mediabox)
    if "/Resources" in overlay:
        overlay_resources: Any = overlay["/Resources"].get_object()
        form[NameObject("/Resources")] = overlay_resources.clone(writer)
    form_ref = writer._add_object(form)

    # Pages of one WeasyPrint document share their resource dictionaries: copy before adding the stamp.
    resources: Any = page.get("/Resources")
    resources = DictionaryObject(resources.get_object()) if resources is not None else DictionaryObject()
    xobjects = resources.get("/XObject")
    xobjects = DictionaryObject(xobjects.get_object()) if xobjects is not None else DictionaryObject()
    xobjects[_NAME] = form_ref
    resources[NameObject("/XObject")] = xobjects
    page[NameObject("/Resources")] = resources

    contents: Any = page.get("/Contents")
    existing = []
    if contents is not None:
        obj = contents.get_object()
        existing = list(obj) if isinstance(obj, ArrayObject) else [contents]
    # Wrap the page's own drawing in q/Q so its graphics state cannot shift the stamp.
    before = writer._add_object(_stream(b"q\n"))
    after = writer._add_object(_stream(b"\nQ q /QzqdStamp Do Q\n"))
    page[NameObject("/Contents")] = ArrayObject([before, *existing, after])
