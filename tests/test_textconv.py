"""`qzqd textconv`: a stable line-oriented text of a workbook, used by git as a diff driver."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from toolkit import read_workbook
from toolkit.diff.reports import textconv
from toolkit.model import Notice, PowerList

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_2022 = ROOT / "workbooks" / "xingan-2022.xlsx"
SAMPLE_2025 = ROOT / "workbooks" / "xingan-2025.xlsx"


def test_textconv_blocks_and_paragraphs() -> None:
    pl = PowerList.from_records(
        [
            {
                "序号": "1",
                "权力分类": "行政强制",
                "项目名称": "对非法获取的行政强制",
                "实施依据": "1．甲法第五条\n2．乙条例第六条",
            },
            {
                "序号": "2",
                "权力分类": "行政检查",
                "项目名称": "对保密工作的监督检查",
                "子项名称": "子项一",
                "责任事项": "1．检查",
            },
        ],
        notice=Notice(doc_number="兴保发〔2025〕1号"),
    )
    assert textconv(pl) == (
        "# 发文信息\n发文字号: 兴保发〔2025〕1号\n\n"
        "## 1 行政强制 对非法获取的行政强制\n项目名称: 对非法获取的行政强制\n实施依据:\n  1．甲法第五条\n  2．乙条例第六条\n\n"
        "## 2 行政检查 对保密工作的监督检查 子项一\n项目名称: 对保密工作的监督检查\n子项名称: 子项一\n责任事项: 1．检查\n"
    )


def test_cli_textconv_is_stable(cli) -> None:
    first = cli("textconv", SAMPLE_2022)
    second = cli("textconv", SAMPLE_2022)
    assert first.exit_code == 0
    assert first.stdout == second.stdout
    assert first.stdout.count("\n## ") == 5  # five items after the notice block
    assert "发文字号: 兴保发〔2022〕1号" in first.stdout


def test_cli_textconv_bad_file(cli, tmp_path: Path) -> None:
    bad = tmp_path / "x.xlsx"
    bad.write_text("不是工作簿", encoding="utf-8")
    result = cli("textconv", bad)
    assert result.exit_code == 2
    assert "不是 Excel 工作簿" in result.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")
def test_git_diff_shows_list_changes(tmp_path: Path) -> None:
    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args],
            cwd=tmp_path,
            check=True,
            capture_output=True,
            text=True,
            env={
                "GIT_CONFIG_GLOBAL": "/dev/null",
                "GIT_CONFIG_NOSYSTEM": "1",
                "HOME": str(tmp_path),
                "PATH": "/usr/bin:/bin",
            },
        ).stdout

    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    # The same driver line the docs give, with the interpreter spelled out (the venv is not on PATH here).
    git("config", "diff.qzqd.textconv", f"{sys.executable} -m toolkit textconv")
    (tmp_path / ".gitattributes").write_text((ROOT / ".gitattributes").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "workbooks").mkdir()
    target = tmp_path / "workbooks" / "list.xlsx"
    shutil.copy(SAMPLE_2022, target)
    git("add", ".")
    git("commit", "-q", "-m", "2022")
    shutil.copy(SAMPLE_2025, target)
    out = git("diff")
    assert "Binary files" not in out
    assert "-发文字号: 兴保发〔2022〕1号" in out
    assert "+发文字号: 兴保发〔2025〕1号" in out
    assert "+## 2 行政强制 对保密检查和案件调查处理中有关设施、设备、文件资料的先行登记保存" in out


def test_textconv_other_workbooks_show_every_cell(cli, tmp_path: Path) -> None:
    """A workbook that is no list (an empty master, a diff report) is dumped sheet by sheet, not refused."""
    empty = tmp_path / "空白.xlsx"
    assert cli("init", empty).exit_code == 0
    result = cli("textconv", empty)
    assert result.exit_code == 0
    assert result.stdout.startswith("# 工作表 权责清单\n")
    assert "# 工作表 发文信息" in result.stdout

    report = tmp_path / "调整对照表.xlsx"
    cli("diff", SAMPLE_2022, SAMPLE_2025, "-o", report)
    text = cli("textconv", report).stdout
    assert "序号\t调整类型\t权力分类\t项目名称\t子项名称\t调整内容\t调整前\t调整后\t调整理由" in text
    assert "第五十二条第二款" in text  # the 调整后 column is kept, not dropped as an unknown column


def _set_cell(src: Path, dst: Path, sheet: str, ref: str, value: str) -> Path:
    import openpyxl

    wb = openpyxl.load_workbook(src)
    wb[sheet][ref] = value
    wb.save(dst)
    return dst


def test_textconv_shows_the_adjust_package_sheets(cli, tmp_path: Path) -> None:
    """调整说明 and 请示 of an adjustment workbook are part of what git compares: a change there shows."""
    text = cli("textconv", SAMPLE_2025).stdout
    assert text.count("\n## ") == len(read_workbook(SAMPLE_2025))  # the list is still shown as blocks, once
    for sheet in ("调整说明", "请示"):
        assert f"\n# 工作表 {sheet}\n" in text
    assert "合并\t\t修订后的保密法第五十二条第二款" in text
    assert "签发人\t李明" in text
    assert "\n# 工作表 权责清单\n" not in text and "\n# 工作表 发文信息\n" not in text  # shown as the list
    changed = _set_cell(SAMPLE_2025, tmp_path / "改.xlsx", "请示", "B4", "张三")
    after = cli("textconv", changed).stdout
    assert "签发人\t张三" in after and "签发人\t李明" not in after


def test_textconv_names_cells_far_from_the_list(cli, tmp_path: Path) -> None:
    """Cells left out of the list for being far from it (QZ010) are shown with their reference, so a change
    to one is not hidden from git diff."""
    from .hostile.make import far_within_limits

    far = far_within_limits(tmp_path)
    text = cli("textconv", far).stdout
    assert "# 工作表 权责清单：远在清单之外、没有读取的单元格\nAHH90000\t远处\n" in text
    assert text.count("\n## ") == len(read_workbook(SAMPLE_2022))  # the list itself is read as before
    plain = cli("textconv", SAMPLE_2022).stdout
    assert "远在清单之外" not in plain
