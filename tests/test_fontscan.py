"""Finding Chinese faces without fc-list (Windows, macOS): the font folders read with fontTools."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from toolkit.render.fontscan import scan_cjk_faces

NOTO = Path("/usr/share/fonts/opentype/noto")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture(scope="module")
def system_faces():
    return scan_cjk_faces([Path("/usr/share/fonts"), Path("/usr/local/share/fonts")])  # setup.sh puts Fandol there


def test_finds_the_same_families_as_fc_list(system_faces):
    if shutil.which("fc-list") is None:
        pytest.skip("fc-list is needed as the reference")
    out = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True).stdout
    expected = {name.strip() for line in out.splitlines() for name in line.split(",") if name.strip()}
    found = {name for families, _w, _f in system_faces for name in families}
    assert expected, "no Chinese font installed: run scripts/setup.sh"
    # Every family fontconfig lists is found (fontconfig adds no names; the scan may add style-named ones).
    assert expected <= found, expected - found


def test_weights_and_files(system_faces):
    serif = {(w, f.name) for families, w, f in system_faces if "Noto Serif CJK SC" in families}
    assert serif == {(400, "NotoSerifCJK-Regular.ttc"), (700, "NotoSerifCJK-Bold.ttc")}


def test_skips_broken_and_latin_fonts(tmp_path):
    (tmp_path / "broken.ttf").write_bytes(b"\x00\x01\x00\x00" + b"garbage" * 50)
    (tmp_path / "empty.otf").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not a font", encoding="utf-8")
    if DEJAVU.exists():
        shutil.copy(DEJAVU, tmp_path / "DejaVuSans.ttf")
    kai = Path("/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf")
    if not kai.exists():
        pytest.skip("fonts-arphic-gkai00mp not installed")
    sub = tmp_path / "sub"
    sub.mkdir()
    shutil.copy(kai, sub / "kai.ttf")
    faces = scan_cjk_faces([tmp_path, tmp_path / "missing-folder"])
    assert [(f[0][0], f[1], f[2].name) for f in faces] == [("AR PL KaitiM GB", 400, "kai.ttf")]
    assert "文鼎ＰＬ简中楷" in faces[0][0]  # the Chinese name of the face is known too


def test_fonts_resolve_without_fc_list(monkeypatch):
    """Where fc-list is missing (Windows), the roles still resolve, to the same faces fontconfig gives."""
    from toolkit.render import fonts

    fonts.cjk_faces.cache_clear()
    with_fc = {k: (c.family, c.weight, c.file) for k, c in fonts.resolve_fonts().items()}
    fonts.cjk_faces.cache_clear()
    real_which = shutil.which
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None if name == "fc-list" else real_which(name))
    try:
        without = {k: (c.family, c.weight, c.file) for k, c in fonts.resolve_fonts().items()}
    finally:
        fonts.cjk_faces.cache_clear()
    assert without == with_fc
