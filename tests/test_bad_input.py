"""Bad input: a clear Chinese message naming file/sheet/cell, exit 2, no traceback, no output, input untouched."""

from __future__ import annotations

import base64
import hashlib
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from toolkit import read_workbook
from toolkit.errors import (
    CorruptWorkbookError,
    EmptyListError,
    EncryptedWorkbookError,
    FileMissingError,
    MissingColumnsError,
    MissingSheetError,
    NotAWorkbookError,
    QzqdError,
    UnsupportedFormatError,
)

from .conftest import SAMPLE_2022, SEED_TXT
from .workbook_helpers import ONE_ROW_HEADER, item, patch_sheet, rows_for, write_rows

FIX = Path(__file__).parent / "fixtures" / "workbook"
# A real 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def _txt_as_xlsx(d: Path) -> Path:
    p = d / "清单.xlsx"
    p.write_text("这不是工作簿，只是文字。\n", encoding="utf-8")
    return p


def _png_as_xlsx(d: Path) -> Path:
    p = d / "截图.xlsx"
    p.write_bytes(PNG)
    return p


def _png(d: Path) -> Path:
    p = d / "截图.png"
    p.write_bytes(PNG)
    return p


def _empty_file(d: Path) -> Path:
    p = d / "空.xlsx"
    p.write_bytes(b"")
    return p


def _truncated(d: Path) -> Path:
    data = SAMPLE_2022.read_bytes()
    p = d / "截断.xlsx"
    p.write_bytes(data[: len(data) // 2])
    return p


def _broken_sheet(d: Path) -> Path:
    p = d / "坏表.xlsx"
    with zipfile.ZipFile(SAMPLE_2022) as src, zipfile.ZipFile(p, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(
                info, b"<worksheet><sheetData><row><c r=" if info.filename == "xl/worksheets/sheet1.xml" else data
            )
    return p


def _broken_docx(d: Path) -> Path:
    p = d / "坏文档.docx"
    with (
        zipfile.ZipFile(Path(__file__).parent / "fixtures" / "import" / "seed.docx") as src,
        zipfile.ZipFile(p, "w") as dst,
    ):
        for info in src.infolist():
            dst.writestr(info, b"<w:document" if info.filename == "word/document.xml" else src.read(info))
    return p


def _encrypted(d: Path) -> Path:
    return Path(shutil.copy(FIX / "encrypted.xlsx", d / "加密.xlsx"))


def _unreadable_xls(d: Path) -> Path:
    """A legacy .xls whose workbook stream is garbage (an OLE file calamine cannot parse)."""
    import olefile

    p = Path(shutil.copy(FIX / "published.xls", d / "旧表.xls"))
    with olefile.OleFileIO(str(p), write_mode=True) as ole:
        size = ole.get_size("Workbook")
        ole.write_stream("Workbook", b"\x09\x08" + b"\xff" * (size - 2))
    return p


def _docx_as_workbook(d: Path) -> Path:
    return Path(shutil.copy(Path(__file__).parent / "fixtures" / "import" / "seed.docx", d / "通知.xlsx"))


def _no_list_sheet(d: Path) -> Path:
    return write_rows(d / "无清单.xlsx", [["说明"], ["这里没有表格"]], sheet="封面", extra_sheets={"统计": [[1, 2, 3]]})


def _header_only(d: Path) -> Path:
    return write_rows(d / "空清单.xlsx", [ONE_ROW_HEADER, [""] * 13, []])


def _seed_with(d: Path, old: str, new: str, name: str) -> Path:
    text = SEED_TXT.read_text(encoding="utf-8")
    assert old in text
    p = d / name
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    return p


def _control_chars(d: Path) -> Path:
    return _seed_with(
        d, "对非法获取、持有国家秘密载体的行政强制", "对非法获取、持有国家\x07秘密载体的行政强制", "控制字符.txt"
    )


def _too_long(d: Path) -> Path:
    return _seed_with(d, "对非法获取、持有国家秘密载体的行政强制", "很长" * 17000, "超长.txt")


# id -> (make input, expected message fragments)
IMPORT_CASES: dict[str, tuple[Callable[[Path], Path], tuple[str, ...]]] = {
    "txt-renamed-xlsx": (_txt_as_xlsx, ("清单.xlsx", "扩展名是 .xlsx", "纯文本")),
    "png-renamed-xlsx": (_png_as_xlsx, ("截图.xlsx", "图片")),
    "png": (_png, ("截图.png", "不支持导入图片")),
    "empty-file": (_empty_file, ("空.xlsx", "空文件")),
    "truncated-xlsx": (_truncated, ("截断.xlsx", "已损坏或不完整")),
    "corrupted-sheet-xml": (_broken_sheet, ("坏表.xlsx", "工作表“权责清单”", "损坏")),
    "encrypted": (_encrypted, ("加密.xlsx", "密码", "提示")),
    "broken-docx": (_broken_docx, ("坏文档.docx", "Word 文档已损坏")),
    "unreadable-xls": (_unreadable_xls, ("旧表.xls", "无法读取这个旧版 .xls", "另存为")),
    "no-list-sheet": (_no_list_sheet, ("无清单.xlsx", "找不到工作表“权责清单”", "封面、统计")),
    "empty-list": (_header_only, ("空清单.xlsx", "工作表“权责清单”", "没有任何事项", "第 1 行")),
    "control-characters": (_control_chars, ("控制字符.txt", "第 1 项（序号 1）的“项目名称”", "U+0007")),
    "cell-over-32767": (_too_long, ("超长.txt", "第 1 项（序号 1）的“项目名称”", "34000 个字符", "32767")),
}


def _snapshot(d: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in d.iterdir() if p.is_file()}


@pytest.mark.parametrize("case", list(IMPORT_CASES), ids=list(IMPORT_CASES))
def test_import_bad_input(case, cli, tmp_path):
    make, fragments = IMPORT_CASES[case]
    src_dir, out_dir = tmp_path / "in", tmp_path / "out"
    src_dir.mkdir()
    out_dir.mkdir()
    src = make(src_dir)
    before = _snapshot(src_dir)
    r = cli("import", src, "-o", out_dir / "主表.xlsx")
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output and "内部错误" not in r.output
    assert r.output.startswith("错误：")
    for frag in fragments:
        assert frag in r.output, (frag, r.output)
    assert list(out_dir.iterdir()) == []  # not even a temporary file
    assert _snapshot(src_dir) == before


LIBRARY_CASES = {
    "txt-renamed-xlsx": (_txt_as_xlsx, NotAWorkbookError, "纯文本文件"),
    "png-renamed-xlsx": (_png_as_xlsx, NotAWorkbookError, "图片"),
    "truncated-xlsx": (_truncated, CorruptWorkbookError, "截断"),
    "corrupted-sheet-xml": (_broken_sheet, CorruptWorkbookError, "工作表“权责清单”"),
    "encrypted": (_encrypted, EncryptedWorkbookError, "打开密码"),
    "unreadable-xls": (_unreadable_xls, UnsupportedFormatError, "Excel 工作簿（*.xlsx）"),
    "docx-renamed-xlsx": (_docx_as_workbook, NotAWorkbookError, "Word 文档"),
    "no-list-sheet": (_no_list_sheet, MissingSheetError, "现有工作表：封面、统计"),
    "empty-list": (_header_only, EmptyListError, "没有任何事项"),
}


@pytest.mark.parametrize("case", list(LIBRARY_CASES), ids=list(LIBRARY_CASES))
def test_read_workbook_bad_input(case, tmp_path):
    make, error, fragment = LIBRARY_CASES[case]
    src = make(tmp_path)
    with pytest.raises(error) as exc:
        read_workbook(src)
    assert fragment in str(exc.value) and src.name in str(exc.value)
    assert exc.value.exit_code == 2


def test_missing_sheet_by_name():
    with pytest.raises(MissingSheetError, match="找不到工作表“不存在”。现有工作表：权责清单、发文信息、填表说明"):
        read_workbook(SAMPLE_2022, sheet="不存在")


def test_missing_required_column_named_with_headers_found(tmp_path, cli):
    header = [h for h in ONE_ROW_HEADER if h != "追责依据"]
    src = write_rows(tmp_path / "缺列.xlsx", [header, *rows_for([item(1)], header)])
    with pytest.raises(MissingColumnsError) as exc:
        read_workbook(src)
    msg = str(exc.value)
    assert "缺少必需的列：追责依据" in msg and "序号、权力分类、项目名称" in msg and "缺列.xlsx" in msg
    # Import accepts published layouts with fewer columns, saying what is missing: written, but exit 1 (an error
    # to correct in the master workbook, not a clean import).
    r = cli("import", src, "-o", tmp_path / "out.xlsx")
    assert r.exit_code == 1 and "缺少“追责依据”列" in r.output and (tmp_path / "out.xlsx").is_file()


def test_unknown_column_is_carried_as_an_extra_column(tmp_path, cli):
    header = [*ONE_ROW_HEADER, "经办人意见"]
    src = write_rows(tmp_path / "多列.xlsx", [header, *rows_for([item(1, 经办人意见="同意")], header)])
    r = cli("import", src, "-o", tmp_path / "out.xlsx")
    assert r.exit_code == 0, r.output
    assert "QZ001" in r.output and "N1" in r.output and "经办人意见" in r.output
    assert "经办人意见 → 附加列“经办人意见”" in r.output  # the column map
    # A column the vocabulary knows (办理时限, 咨询电话 …) is carried the same way, without a warning.
    back = read_workbook(tmp_path / "out.xlsx")
    assert back.extra_columns == ["经办人意见"] and back.column("经办人意见") == ["同意"]


def test_forbidden_characters_in_a_workbook_cell_are_reported(tmp_path):
    src = write_rows(
        tmp_path / "m.xlsx", [ONE_ROW_HEADER, *rows_for([item(1, 备注="_x0007_响铃"), item(2, 实施依据="LONG")])]
    )
    pl = read_workbook(patch_sheet(src, "LONG", "长" * 33000))
    assert [(w.code, w.cell, w.severity) for w in pl.warnings] == [("QZ006", "M2", "error"), ("QZ006", "G3", "error")]
    assert "U+0007" in pl.warnings[0].message and "单元格 M2" in pl.warnings[0].message
    assert "33000 个字符" in pl.warnings[1].message


OUTPUT_CASES = {
    "missing-folder": (lambda d: d / "没有这个目录" / "主表.xlsx", "不存在"),
    "path-under-a-file": (lambda d: d / "seed.txt" / "主表.xlsx", "不是目录"),
    "exists-without-force": (lambda d: d / "已有.xlsx", "--force"),
}


@pytest.mark.parametrize("case", list(OUTPUT_CASES), ids=list(OUTPUT_CASES))
def test_output_cannot_be_written(case, cli, tmp_path):
    src = Path(shutil.copy(SEED_TXT, tmp_path / "seed.txt"))
    (tmp_path / "已有.xlsx").write_bytes(b"old")
    before = _snapshot(tmp_path)
    out, fragment = OUTPUT_CASES[case]
    r = cli("import", src, "-o", out(tmp_path))
    assert r.exit_code == 2, r.output
    assert fragment in r.output and "Traceback" not in r.output
    assert _snapshot(tmp_path) == before


def test_output_locked_by_another_program(cli, tmp_path, monkeypatch):
    """Windows refuses to replace a file Excel holds open: the old file stays, no temp file is left."""
    import os

    src = Path(shutil.copy(SEED_TXT, tmp_path / "seed.txt"))
    (tmp_path / "已有.xlsx").write_bytes(b"old")
    before = _snapshot(tmp_path)

    def locked(src_path, dst_path):
        raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。")

    monkeypatch.setattr(os, "replace", locked)
    r = cli("import", src, "-o", tmp_path / "已有.xlsx", "--force")
    assert r.exit_code == 2, r.output
    assert "已有.xlsx" in r.output and "Excel 或 WPS 中打开" in r.output and "Traceback" not in r.output
    assert _snapshot(tmp_path) == before


def test_output_same_as_input_even_with_force(cli, sample_copy):
    before = sample_copy.read_bytes()
    r = cli("import", sample_copy, "-o", sample_copy, "--force")
    assert r.exit_code == 2 and "输出文件与输入文件相同" in r.output
    assert sample_copy.read_bytes() == before


def test_input_does_not_exist(cli, tmp_path):
    r = cli("import", tmp_path / "没有.txt", "-o", tmp_path / "out.xlsx")
    assert r.exit_code == 2 and "没有.txt" in r.output and "文件不存在" in r.output
    assert not (tmp_path / "out.xlsx").exists()
    with pytest.raises(FileMissingError):
        read_workbook(tmp_path / "没有.xlsx")


def test_debug_shows_traceback(cli, tmp_path):
    src = _txt_as_xlsx(tmp_path)
    with pytest.raises(QzqdError):
        cli("--debug", "import", src, "-o", tmp_path / "out.xlsx")


VALIDATE_CASES = {
    "txt-renamed-xlsx": (_txt_as_xlsx, ("清单.xlsx", "纯文本文件")),
    "png-renamed-xlsx": (_png_as_xlsx, ("截图.xlsx", "图片")),
    "truncated-xlsx": (_truncated, ("截断.xlsx", "已损坏或不完整")),
    "corrupted-sheet-xml": (_broken_sheet, ("坏表.xlsx", "工作表“权责清单”", "损坏")),
    "encrypted": (_encrypted, ("加密.xlsx", "打开密码")),
    "no-list-sheet": (_no_list_sheet, ("无清单.xlsx", "现有工作表：封面、统计")),
    "empty-list": (_header_only, ("空清单.xlsx", "没有任何事项")),
}


@pytest.mark.parametrize("case", list(VALIDATE_CASES), ids=list(VALIDATE_CASES))
def test_validate_bad_input(case, cli, tmp_path):
    make, fragments = VALIDATE_CASES[case]
    src_dir = tmp_path / "in"
    src_dir.mkdir()
    src = make(src_dir)
    before = _snapshot(src_dir)
    out = tmp_path / "检查.xlsx"
    r = cli("validate", src, "--annotate", out)
    assert r.exit_code == 2, r.output
    assert "Traceback" not in r.output and "内部错误" not in r.output
    for frag in fragments:
        assert frag in r.output, (frag, r.output)
    assert not out.exists() and _snapshot(src_dir) == before


def test_validate_missing_required_column(cli, tmp_path):
    header = [h for h in ONE_ROW_HEADER if h != "追责依据"]
    src = write_rows(tmp_path / "缺列.xlsx", [header, *rows_for([item(1)], header)])
    r = cli("validate", src)
    # validate reads what import reads: the list is read (not refused, exit 2) and the missing column is
    # reported (QZ003). By the default rules a list may lack 追责依据 (a warning, exit 0); the sample's rules
    # (广西2022) require the column (an error that names the switch, exit 1).
    assert r.exit_code == 0 and "缺少“追责依据”列" in r.output and "Traceback" not in r.output
    r = cli("validate", src, "--profile", "广西2022")
    assert r.exit_code == 1 and "缺少“追责依据”列" in r.output and "--profile 全国通用" in r.output


def test_validate_reports_read_findings_with_cells(cli, tmp_path):
    header = [*ONE_ROW_HEADER, "联系电话"]
    rows = [header, *rows_for([item(1, 联系电话="1"), item(2, 备注="_x0007_响铃")], header)]
    rows[2][0] = "=A2+1"
    src = write_rows(tmp_path / "m.xlsx", rows)
    r = cli("validate", src, "--json")
    import json

    found = {(f["code"], f["cell"]) for f in json.loads(r.output)["findings"]}
    assert {("QZ001", "N1"), ("QZ005", "A3"), ("QZ006", "M3")} <= found
    assert r.exit_code == 1  # QZ005/QZ006 are errors
