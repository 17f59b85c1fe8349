"""LibreOffice headless as the real spreadsheet client the tests open qzqd's files with."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")


def soffice_convert(src: Path, fmt: str, outdir: Path) -> Path:
    """Convert ``src`` with LibreOffice headless (``fmt`` like "pdf" or "csv:Text - txt - csv (StarCalc):44,34,76").

    Each call uses a private profile so parallel runs do not collide; fails the test with LibreOffice's
    output when the conversion does not produce a file.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / "lo-profile"
    proc = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(outdir)},
    )
    out = outdir / f"{src.stem}.{fmt.split(':')[0]}"
    assert proc.returncode == 0 and out.exists(), proc.stdout + proc.stderr
    return out


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
