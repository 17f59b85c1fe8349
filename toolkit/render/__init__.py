"""Rendering: fonts by role, safe HTML → PDF, and the formal notice with its attachment table.

>>> from toolkit.render import render
>>> render(pl, "output/通知.pdf", "output/通知.html")  # doctest: +SKIP
"""

from __future__ import annotations

from .build import RenderError, RenderResult, render

__all__ = ["RenderError", "RenderResult", "render"]
