"""The built wheel: it must carry what the package reads at run time (templates, law texts) and work alone."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    # Build from a copy so the checkout gets no build/ or egg-info folders.
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "toolkit", src / "toolkit", ignore=ignore)
    shutil.copytree(ROOT / "templates", src / "templates", ignore=ignore)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "--no-build-isolation", "-q", "-w", str(dist)],
        check=True,
        capture_output=True,
    )
    return next(dist.glob("qzqd-*.whl"))


def test_wheel_ships_templates_and_law_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    templates = sorted(p.name for p in (ROOT / "templates").iterdir() if p.suffix in (".j2", ".css"))
    assert templates, "no templates found in the checkout"
    missing = [t for t in templates if f"toolkit/templates/{t}" not in names]
    for data in (ROOT / "toolkit" / "citations" / "data", ROOT / "toolkit" / "laws" / "data"):
        missing += [
            p.relative_to(ROOT).as_posix()
            for p in data.rglob("*")
            if p.is_file() and p.relative_to(ROOT).as_posix() not in names
        ]
    assert not missing, missing
    assert "toolkit/laws/data/laws.bin" in names


def test_wheel_is_small(wheel):
    # The whole law library ships in the package: it must stay small to install (target 15 MB).
    assert wheel.stat().st_size < 15_000_000, wheel.stat().st_size


def test_wheel_renders_without_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(ROOT / "workbooks" / "xingan-2022.xlsx", work / "sample.xlsx")
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = subprocess.run(
        [sys.executable, "-c", "from toolkit.render import pdf as p; print(p.__file__); print(p.TEMPLATES_DIR)"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    module_file, templates_dir = probe.stdout.split()
    assert Path(module_file).is_relative_to(site) and Path(templates_dir).is_relative_to(site)
    out = subprocess.run(
        [sys.executable, "-m", "toolkit", "render", "sample.xlsx", "-o", "sample.pdf", "--jobs", "1"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    text = subprocess.run(["pdftotext", "sample.pdf", "-"], cwd=work, capture_output=True, text=True, check=True).stdout
    assert "附件" in text and "权责清单" in text


def test_checkout_without_symlinks_uses_the_top_level_templates(tmp_path):
    """git on Windows without symlink support writes toolkit/templates as a text file holding the link."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "templates")
    shutil.copytree(ROOT / "toolkit", tmp_path / "toolkit", ignore=ignore)
    (tmp_path / "toolkit" / "templates").write_text("../templates", encoding="utf-8")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    probe = subprocess.run(
        [sys.executable, "-c", "from toolkit.render import pdf; print(pdf.TEMPLATES_DIR)"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(probe.stdout.strip()) == (tmp_path / "templates").resolve()


def test_wheel_knows_the_law_library_without_the_checkout(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    out = subprocess.run(
        [sys.executable, "-m", "toolkit", "laws", "show", "行政许可法", "第一条"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(site)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert "为了规范行政许可的设定和实施" in out.stdout
