"""The CLI shell: help, version, python -m toolkit, error mapping and --debug."""

from __future__ import annotations

import subprocess
import sys

import pytest

from toolkit import __version__
from toolkit.errors import QzqdError

from .conftest import SAMPLE_2022, SEED_TXT


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


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["frob"], "没有名为 frob 的命令"),
        (["validate"], "缺少参数 主表.xlsx"),
        (["validate", "--nope", "x.xlsx"], "没有选项 --nope"),
        (["validate", "a.xlsx", "b.xlsx"], "多出了参数：b.xlsx"),
        (["import", "x.txt", "-o"], "选项 -o 后面需要给出一个值"),
        (["import", "x.txt"], "缺少选项 -o（--output）"),
        (["valdate", "x.xlsx"], "没有名为 valdate 的命令。是不是想用：validate？"),
        (["render", "x.xlsx", "-o", "x.pdf", "--jobs", "0"], "--jobs 的值不对：0 不在允许的范围"),
        (["render", "x.xlsx", "-o", "x.pdf", "--jobs", "abc"], "--jobs 的值不对：“abc”不是整数"),
    ],
    ids=[
        "unknown-command",
        "missing-argument",
        "unknown-option",
        "extra-argument",
        "option-without-value",
        "missing-option",
        "misspelt-command",
        "out-of-range",
        "not-an-integer",
    ],
)
def test_click_usage_errors_are_chinese(cli, args, expected):
    result = cli(*args)
    assert result.exit_code == 2
    assert expected in result.output
    assert "错误：" in result.output
    # click's English wording must not leak through
    for english in ("Usage:", "Error:", "Try '", "Missing", "No such", "Invalid value"):
        assert english not in result.output


def test_help_layout_is_chinese(cli):
    import re

    from toolkit.cli_i18n import display_width

    result = cli("render", "--help")
    assert result.exit_code == 0
    assert result.output.startswith("用法：") and "render [选项] 主表.xlsx" in result.output
    assert "选项：" in result.output and "显示本帮助并退出。" in result.output and "[必填]" in result.output
    assert "Options" not in result.output and "Show this message" not in result.output
    # help texts start in one column, also after a Chinese metavar (two columns per character)
    starts = {display_width(m.group(1)) for m in re.finditer(r"(?m)^(  -\S.*?\S {2,})\S", result.output)}
    assert len(starts) == 1, starts
    assert "--font 角色=字体" in result.output


def test_subprocess_usage_error_is_chinese():
    out = subprocess.run([sys.executable, "-m", "toolkit", "validate"], capture_output=True, text=True, check=False)
    assert out.returncode == 2
    assert "缺少参数 主表.xlsx" in out.stderr and "Usage:" not in out.stderr


def test_output_survives_a_narrow_console_encoding(tmp_path):
    """A console or file that cannot encode some characters gets replacements, not a crash after the work."""
    import os

    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    out = subprocess.run(
        [sys.executable, "-m", "toolkit", "validate", str(SAMPLE_2022)], capture_output=True, env=env, check=False
    )
    assert out.returncode == 1, out.stderr.decode("ascii", "replace")
    assert b"Traceback" not in out.stderr and b"QZ304" in out.stdout


@pytest.mark.parametrize(
    "args",
    [["--debug", "validate", "{missing}"], ["validate", "{missing}", "--debug"], ["validate", "--debug", "{missing}"]],
    ids=["before-command", "at-the-end", "after-command"],
)
def test_debug_anywhere_shows_the_traceback(tmp_path, args):
    missing = str(tmp_path / "没有.xlsx")
    argv = [a.format(missing=missing) for a in args]
    out = subprocess.run([sys.executable, "-m", "toolkit", *argv], capture_output=True, text=True, check=False)
    assert out.returncode == 2  # the error's own exit code, traceback or not
    assert "Traceback" in out.stderr and "FileMissingError" in out.stderr


def test_debug_after_double_dash_is_an_argument():
    from toolkit.cli import _debug_first

    assert _debug_first(["validate", "--", "--debug"]) == ["validate", "--", "--debug"]
    assert _debug_first(["validate", "x", "--debug"]) == ["--debug", "validate", "x"]


def test_fast_exit_keeps_all_output():
    """The console entry point ends with os._exit after a normal run: piped output must still be complete."""
    import json

    out = subprocess.run(
        [sys.executable, "-m", "toolkit", "validate", str(SAMPLE_2022), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 1
    data = json.loads(out.stdout)
    assert data["errors"] == len([f for f in data["findings"] if f["severity"] == "error"]) > 0


def test_no_arguments_shows_help(cli):
    result = cli()
    assert result.exit_code == 0, result.output
    assert result.output.startswith("用法：") and "错误" not in result.output and "validate" in result.output
