"""Without colours (a pipe, a file) the terminal diff marks changes as [-deleted-]{+inserted+}."""

from __future__ import annotations

from .conftest import ROOT


def test_plain_output_marks_changes(cli):
    result = cli("diff", ROOT / "workbooks" / "xingan-2022.xlsx", ROOT / "workbooks" / "xingan-2025.xlsx")
    assert result.exit_code == 1
    assert "《中华人民共和国保守国家秘密法》第[-五-]{+六+}条" in result.output
    assert "第[-四十五条-]{+五十二条第二款+}" in result.output
