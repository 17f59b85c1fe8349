"""update-citations fixes: undecided citations marked in the workbook, continuations checked, public API."""

from __future__ import annotations

import ast
from pathlib import Path

from toolkit.citations.check import named_version
from toolkit.citations.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent


# --- named_version is public API ------------------------------------------------------------------------------


def test_named_version_is_public_and_picks_the_latest_named_order():
    law = load_registry().find("中华人民共和国保守国家秘密法实施条例")
    assert law is not None
    assert named_version(law.versions, "2014年国务院令第646号").adopted.year == 2014
    both = "2014年国务院令第646号公布，2024年7月10日国务院令第786号修订"
    assert named_version(law.versions, both).adopted.year == 2024
    assert named_version(law.versions, "") is None and named_version(law.versions, "国务院令第1号") is None


def test_no_private_names_imported_from_citations_check():
    """Modules outside toolkit/citations/check.py use its public names only."""
    for path in (ROOT / "toolkit").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("citations.check"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not private, f"{path.relative_to(ROOT)} imports {private}"
