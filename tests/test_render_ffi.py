"""WeasyPrint imported with its C declarations pre-parsed (toolkit.render.wpffi): same PDF, safe fallbacks.

Each case runs in a fresh interpreter (the import happens once per process) with its own cache folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.render_helpers import norm, pdffonts, pdftotext
from toolkit.render.wpffi import weasyprint_cdef

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import json, sys
from toolkit.render.pdf import html_to_pdf
html_to_pdf('<p style="font-family: Noto Serif CJK SC">权责清单：行政许可 ABC 123</p>', sys.argv[1])
import weasyprint.text.ffi as wpffi
print(json.dumps({"ffi": type(wpffi.ffi).__name__, "cffi_patched": __import__("cffi").FFI.__name__}))
"""


def run(tmp_path: Path, out: Path, **env: str) -> dict[str, str]:
    full_env = {k: v for k, v in os.environ.items() if k != "QZQD_NO_FFI_CACHE"}
    full_env.update(XDG_CACHE_HOME=str(tmp_path / "cache"), **env)
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(out)], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count("\n") == 1, proc.stdout  # nothing else on stdout (cffi's "generating ..." included)
    return json.loads(proc.stdout)


def test_declarations_are_read_from_weasyprint() -> None:
    cdef = weasyprint_cdef()
    assert cdef is not None
    assert "pango_layout_set_text" in cdef and "hb_subset_or_fail" in cdef


@pytest.fixture(scope="module")
def plain_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("plain")
    out = tmp / "plain.pdf"
    assert run(tmp, out, QZQD_NO_FFI_CACHE="1")["ffi"] == "FFI"
    return out


def same_pdf(a: Path, b: Path) -> bool:
    fonts = lambda p: [(f["name"].split("+")[-1], f["emb"], f["sub"]) for f in pdffonts(p)]  # noqa: E731
    return norm(pdftotext(a)) == norm(pdftotext(b)) and fonts(a) == fonts(b)


def test_cached_table_gives_the_same_pdf(tmp_path: Path, plain_pdf: Path) -> None:
    first = run(tmp_path, tmp_path / "first.pdf")  # builds the table
    tables = list((tmp_path / "cache" / "qzqd").glob("weasyprint-ffi-*.py"))
    second = run(tmp_path, tmp_path / "second.pdf")  # reads it
    assert first == second == {"ffi": "PrebuiltFFI", "cffi_patched": "FFI"}
    assert len(tables) == 1
    assert norm(pdftotext(plain_pdf)) == "权责清单：行政许可ABC123"
    assert same_pdf(tmp_path / "first.pdf", plain_pdf) and same_pdf(tmp_path / "second.pdf", plain_pdf)


@pytest.mark.parametrize(
    "damage",
    ["unwritable", "corrupt"],
    ids=["cache-folder-is-a-file", "damaged-table"],
)
def test_cache_trouble_falls_back(tmp_path: Path, plain_pdf: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    if damage == "unwritable":
        cache.write_text("not a folder")
        expected = "FFI"
    else:
        run(tmp_path, tmp_path / "build.pdf")
        (table,) = (cache / "qzqd").glob("weasyprint-ffi-*.py")
        table.write_text("ffi = _cffi_backend.FFI(b'\\x00' +", encoding="utf-8")
        expected = "PrebuiltFFI"  # rebuilt
    got = run(tmp_path, tmp_path / "out.pdf")
    assert got["ffi"] == expected
    assert same_pdf(tmp_path / "out.pdf", plain_pdf)


NOTICE_SCRIPT = """
import json, sys
from toolkit import read_workbook
from toolkit.render import render
render(read_workbook("workbooks/xingan-2022.xlsx"), sys.argv[1], jobs=1, force=True)
import weasyprint.text.ffi as wpffi
print(json.dumps({"ffi": type(wpffi.ffi).__name__}))
"""


def test_one_process_notice_render_uses_the_cached_table(tmp_path: Path) -> None:
    """The notice's own layout step (toolkit.render.html.lay_out) must not import a WeasyPrint module before
    WeasyPrint is imported with the cached table: that import would parse the declarations the plain way."""
    env = {k: v for k, v in os.environ.items() if k != "QZQD_NO_FFI_CACHE"}
    env.update(XDG_CACHE_HOME=str(tmp_path / "cache"))
    for attempt in ("builds the table", "loads it"):
        proc = subprocess.run(
            [sys.executable, "-c", NOTICE_SCRIPT, str(tmp_path / "n.pdf")],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout.splitlines()[-1]) == {"ffi": "PrebuiltFFI"}, attempt
