"""Start-up regression guards: what importing the CLI and the package pulls in (checked in a fresh interpreter).

Every `qzqd` command pays for what `import toolkit.cli` imports; pandas, pandera, openpyxl and WeasyPrint
cost about 2 s together and must load only in the commands that use them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pandas", "pandera", "openpyxl", "weasyprint", "docx", "pypdf", "toolkit.validate", "toolkit.diff")


def loaded_after(code: str) -> dict[str, object]:
    """Run ``code`` in a new interpreter; return which HEAVY modules it loaded and what it printed last."""
    script = (
        f"{code}\nimport json, sys\n"
        f"print(json.dumps({{'heavy': [m for m in {HEAVY!r} if m in sys.modules], 'result': globals().get('out')}}))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "code",
    [
        "import toolkit.cli",
        "import toolkit",
        "from toolkit import __version__",
        "from toolkit.cli import main",
    ],
    ids=["cli", "package", "version", "cli-main"],
)
def test_start_up_imports_no_feature_library(code: str) -> None:
    assert loaded_after(code)["heavy"] == []


def test_first_use_imports_the_feature() -> None:
    # The guard above could pass by accident if the names were missing: using one loads its module.
    got = loaded_after("import toolkit\nout = toolkit.init_workbook.__module__")
    assert got["result"] == "toolkit.writer"
    assert "openpyxl" in got["heavy"]


@pytest.mark.parametrize(
    "code, expected",
    [
        ("from toolkit import validate\nout = type(validate).__name__", "function"),
        ("import toolkit.validate.registry\nimport toolkit\nout = type(toolkit.validate).__name__", "function"),
        ("from toolkit.validate import Options\nimport toolkit\nout = toolkit.ValidateOptions is Options", True),
        ("import toolkit.diff.core\nimport toolkit\nout = toolkit.diff.__module__", "toolkit.diff.core"),
        ("import toolkit.render.build\nimport toolkit\nout = toolkit.render.__module__", "toolkit.render.build"),
        ("from toolkit import render\nout = render.__name__", "render"),
        ("import toolkit\nout = sorted(set(toolkit.__all__) - set(dir(toolkit)))", []),
    ],
    ids=[
        "validate-function",
        "validate-after-subpackage",
        "options",
        "diff-after-subpackage",
        "render-after-subpackage",
        "render-function",
        "dir-lists-all",
    ],
)
def test_shadowing_names_stay_functions(code: str, expected: object) -> None:
    assert loaded_after(code)["result"] == expected


def test_unknown_name_is_an_attribute_error() -> None:
    got = loaded_after("import toolkit\ntry:\n    toolkit.nope\nexcept AttributeError as e:\n    out = str(e)")
    assert got["result"] == "module 'toolkit' has no attribute 'nope'"


def test_no_private_name_imported_across_modules():
    """A ``_name`` is its module's business: another module that needs it gets a public name instead."""
    import ast

    package = Path(__file__).resolve().parents[1] / "toolkit"
    found = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module != "__future__":
                for alias in node.names:
                    if alias.name.startswith("_") and alias.name != "__version__":
                        found.append(f"{path.relative_to(package.parent)}: {alias.name} from {node.module}")
    assert not found, found
