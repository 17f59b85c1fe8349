"""The CLI shell: help, version, python -m toolkit, error mapping and --debug."""

from __future__ import annotations

import subprocess
import sys

import pytest

from toolkit import __version__
from toolkit.errors import QzqdError

from .conftest import SEED_TXT


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert __version__ in result.output


def test_help_is_chinese(cli):
    result = cli("--help")
    assert result.exit_code == 0
    assert "权责清单" in result.output
    for command in ("init", "import"):
        assert command in result.output


def test_python_dash_m(tmp_path):
    out = subprocess.run([sys.executable, "-m", "toolkit", "--version"], capture_output=True, text=True, check=False)
    assert out.returncode == 0 and __version__ in out.stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [(["no-such-command"], 2), (["import"], 2), (["import", "x.txt"], 2)],
    ids=["unknown-command", "missing-argument", "missing-output"],
)
def test_usage_errors_exit_2(cli, args, code):
    assert cli(*args).exit_code == code


def test_missing_file_message_without_traceback(cli, tmp_path):
    result = cli("import", tmp_path / "nope.txt", "-o", tmp_path / "out.xlsx")
    assert result.exit_code == 2
    assert "文件不存在" in result.output and "nope.txt" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out.xlsx").exists()


def test_debug_reraises(tmp_path):
    from click.testing import CliRunner

    from toolkit.cli import main

    result = CliRunner().invoke(main, ["--debug", "import", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "o.xlsx")])
    assert isinstance(result.exception, QzqdError)


def test_import_then_refuse_overwrite(cli, tmp_path):
    out = tmp_path / "m.xlsx"
    first = cli("import", SEED_TXT, "-o", out)
    assert first.exit_code == 0, first.output
    before = out.read_bytes()
    second = cli("import", SEED_TXT, "-o", out)
    assert second.exit_code == 2
    assert "--force" in second.output
    assert out.read_bytes() == before
    assert cli("import", SEED_TXT, "-o", out, "--force").exit_code == 0
