"""qzqd validate --annotate: comments, fills, the 检查结果 sheet; the input untouched; LibreOffice opens it."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.styles import PatternFill

from toolkit.errors import OutputError, UnsupportedFormatError
from toolkit.validate import validate
from toolkit.validate.annotate import RESULT_SHEET, annotate_workbook

from .office import needs_soffice, soffice_convert

FIX = Path(__file__).resolve().parent / "fixtures" / "validate"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def annotated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The sample annotated through the CLI: (input copy, output, input digest before)."""
    from click.testing import CliRunner

    from toolkit.cli import main

    folder = tmp_path_factory.mktemp("annotate")
    src = folder / "sample.xlsx"
    shutil.copy(Path(__file__).resolve().parent.parent / "workbooks" / "xingan-2022.xlsx", src)
    before = _digest(src)
    out = folder / "sample-检查.xlsx"
    result = CliRunner().invoke(main, ["validate", str(src), "--annotate", str(out)], catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "已另存带批注的副本" in result.output
    return src, out, before


def test_input_is_not_modified(annotated: tuple[Path, Path, str]) -> None:
    src, _, before = annotated
    assert _digest(src) == before


def test_findings_become_comments_and_fills(annotated: tuple[Path, Path, str]) -> None:
    _, out, _ = annotated
    ws = load_workbook(out)["权责清单"]
    j6 = ws["J6"]
    assert j6.comment is not None and j6.comment.text.startswith("【qzqd 检查】\nQZ202 错误：两个编号写在了同一段")
    assert j6.fill.fgColor.rgb.endswith("FFC7CE")  # error: red
    k3 = ws["K3"]
    assert "QZ304 错误" in k3.comment.text and "人民政府令第24号" in k3.comment.text
    h6 = ws["H6"]
    assert "QZ205 警告" in h6.comment.text and h6.fill.fgColor.rgb.endswith("FFEB9C")  # warning: yellow
    i4 = ws["I4"]
    assert "QZ204 提示" in i4.comment.text
    assert ws["C3"].comment is None  # a correct cell stays as it was
    assert ws["J6"].value.startswith("因不履行或不正确履行行政职责")  # content kept


def test_several_findings_in_one_cell_are_combined(tmp_path: Path) -> None:
    src = tmp_path / "two.xlsx"
    shutil.copy(FIX / "clean.xlsx", src)
    wb = load_workbook(src)
    # fused points (error) and a half-width parenthesis (warning) in one cell
    ws = wb["权责清单"]
    ws["H3"] = ws["H3"].value.replace("。\n2．", "。2．").replace("（县国家保密局）", "(县国家保密局)", 1)
    wb.save(src)
    out = tmp_path / "two-检查.xlsx"
    annotate_workbook(src, validate(src), out)
    text = load_workbook(out)["权责清单"]["H3"].comment.text
    lines = text.split("\n")
    assert (
        lines[0] == "【qzqd 检查】"
        and lines[1].startswith("QZ202 错误")
        and any(line.startswith("QZ209 警告") for line in lines)
    )


def test_info_only_cell_gets_a_comment_but_no_fill(tmp_path: Path) -> None:
    src = tmp_path / "info.xlsx"
    shutil.copy(FIX / "clean.xlsx", src)
    wb = load_workbook(src)
    wb["权责清单"]["C3"] = "对泄密案件的 调查处理"  # stray space: QZ210, info
    wb.save(src)
    out = tmp_path / "info-检查.xlsx"
    annotate_workbook(src, validate(src), out)
    c3 = load_workbook(out)["权责清单"]["C3"]
    assert c3.comment.text.startswith("【qzqd 检查】\nQZ210 提示") and c3.fill.fill_type is None


def test_result_sheet_lists_findings_with_links(annotated: tuple[Path, Path, str]) -> None:
    _, out, _ = annotated
    wb = load_workbook(out)
    assert wb.sheetnames[-1] == RESULT_SHEET
    ws = wb[RESULT_SHEET]
    assert ws["A1"].value.startswith("检查结果：错误 5 个")
    rows = list(ws.iter_rows(min_row=4, values_only=True))
    report = validate(out)  # the copy reads like the original: same list, same findings
    assert len(rows) == len(report.findings)
    assert rows[0][0] == "错误"  # errors first
    j6 = next(r for r in range(4, 4 + len(rows)) if ws.cell(r, 4).value == "J6")
    link = ws.cell(j6, 4).hyperlink
    assert link is not None and link.location == "'权责清单'!J6"


def test_formulas_become_the_values_they_showed(tmp_path: Path) -> None:
    src = tmp_path / "reading.xlsx"
    shutil.copy(FIX / "reading.xlsx", src)
    out = tmp_path / "reading-检查.xlsx"
    annotate_workbook(src, validate(src), out)
    ws = load_workbook(out)["权责清单"]
    assert load_workbook(src)["权责清单"]["M5"].value == '="见"&"附件"'  # the input keeps its formula
    assert (ws["M5"].value, ws["M5"].data_type) == ("见附件", "s")  # the copy holds no live formula
    assert "QZ002" in ws["M5"].comment.text
    assert "QZ001" in ws["N2"].comment.text
    assert "QZ012" in ws["A3"].comment.text  # a row-level finding (a banner row) sits on the row's first cell


def test_annotating_an_annotated_copy_replaces_the_results(tmp_path: Path) -> None:
    first = tmp_path / "a.xlsx"
    annotate_workbook(FIX / "clean.xlsx", validate(FIX / "clean.xlsx"), first)
    second = tmp_path / "b.xlsx"
    annotate_workbook(first, validate(first), second)
    wb = load_workbook(second)
    assert wb.sheetnames.count(RESULT_SHEET) == 1
    assert wb[RESULT_SHEET]["A4"].value == "未发现问题。"


def test_refuses_existing_output_without_force(tmp_path: Path, cli) -> None:
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"old")
    result = cli("validate", FIX / "clean.xlsx", "--annotate", out)
    assert result.exit_code == 2 and "--force" in result.output
    assert out.read_bytes() == b"old"
    result = cli("validate", FIX / "clean.xlsx", "--annotate", out, "--force")
    assert result.exit_code == 0 and load_workbook(out)[RESULT_SHEET]


def test_refuses_output_onto_input(tmp_path: Path) -> None:
    src = tmp_path / "x.xlsx"
    shutil.copy(FIX / "clean.xlsx", src)
    before = _digest(src)
    with pytest.raises(OutputError):
        annotate_workbook(src, validate(src), src, force=True)
    assert _digest(src) == before


def test_refuses_macro_output_and_legacy_input(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match=r"\.xlsx"):
        annotate_workbook(FIX / "clean.xlsx", validate(FIX / "clean.xlsx"), tmp_path / "x.xlsm")
    legacy = tmp_path / "old.xls"
    legacy.write_bytes(b"")
    with pytest.raises(UnsupportedFormatError, match="另存为"):
        annotate_workbook(legacy, validate(FIX / "clean.xlsx"), tmp_path / "x.xlsx")


def test_no_partial_output_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from openpyxl.workbook.workbook import Workbook

    def boom(self, filename):  # type: ignore[no-untyped-def]
        Path(filename).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(Workbook, "save", boom)
    out = tmp_path / "out.xlsx"
    with pytest.raises(OSError):
        annotate_workbook(FIX / "clean.xlsx", validate(FIX / "clean.xlsx"), out)
    assert list(tmp_path.iterdir()) == []


@needs_soffice
def test_libreoffice_opens_the_annotated_copy(annotated: tuple[Path, Path, str], tmp_path: Path) -> None:
    _, out, _ = annotated
    src = tmp_path / "annotated.xlsx"
    shutil.copy(out, src)
    pdf = soffice_convert(src, "pdf", tmp_path)
    assert pdf.stat().st_size > 1000
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "检查结果" in text and "QZ202" in text


def _fake_xlsm(src: Path, dst: Path) -> None:
    """A copy of ``src`` dressed as a macro workbook: macro-enabled content type and a vbaProject.bin part."""
    import zipfile

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                ).replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            if name == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdVBA" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject"'
                    b' Target="vbaProject.bin"/></Relationships>',
                )
            zout.writestr(name, data)
        zout.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really a macro")


def test_macro_workbook_gives_a_macro_free_copy(tmp_path: Path) -> None:
    import zipfile

    src = tmp_path / "list.xlsm"
    _fake_xlsm(FIX / "clean.xlsx", src)
    before = _digest(src)
    out = tmp_path / "list-检查.xlsx"
    annotate_workbook(src, validate(src), out)
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        types = zf.read("[Content_Types].xml")
    assert not any("vbaProject" in n for n in names)
    assert b"macroEnabled" not in types and b"vbaProject" not in types
    assert _digest(src) == before
    assert load_workbook(out)[RESULT_SHEET]["A4"].value == "未发现问题。"


def test_existing_comment_is_kept(tmp_path: Path) -> None:
    from openpyxl.comments import Comment

    src = tmp_path / "noted.xlsx"
    shutil.copy(FIX / "clean.xlsx", src)
    wb = load_workbook(src)
    ws = wb["权责清单"]
    ws["H3"] = ws["H3"].value.replace("。\n2．", "。2．")
    ws["H3"].comment = Comment("请法规科核对", "张三")
    wb.save(src)
    out = tmp_path / "noted-检查.xlsx"
    annotate_workbook(src, validate(src), out)
    text = load_workbook(out)["权责清单"]["H3"].comment.text
    assert text.startswith("请法规科核对") and "QZ202 错误" in text


def test_annotating_again_clears_fixed_cells_and_keeps_notes(tmp_path: Path) -> None:
    """Fix a cell in the annotated copy, annotate that copy: the fixed cell loses its red fill and message,
    a clerk's note written next to a finding stays (with its author), the still-wrong cell keeps its finding."""
    from openpyxl.comments import Comment

    src = tmp_path / "two.xlsx"
    shutil.copy(FIX / "clean.xlsx", src)
    wb = load_workbook(src)
    ws = wb["权责清单"]
    clean_h3 = ws["H3"].value
    ws["H3"] = clean_h3.replace("。\n2．", "。2．")  # QZ202 error in H3
    ws["E3"] = ""  # QZ106 error: 实施主体 empty
    ws["H3"].comment = Comment("请法规科核对", "张三")
    wb.save(src)
    first = tmp_path / "two-检查.xlsx"
    annotate_workbook(src, validate(src), first)
    wb = load_workbook(first)
    ws = wb["权责清单"]
    assert ws["E3"].comment is not None and ws["E3"].fill.fgColor.rgb.endswith("FFC7CE")
    assert "QZ202" in ws["H3"].comment.text and ws["H3"].comment.author == "张三"
    ws["H3"] = clean_h3  # the clerk fixes H3 but not E3
    wb.save(tmp_path / "fixed.xlsx")
    second = tmp_path / "fixed-检查.xlsx"
    annotate_workbook(tmp_path / "fixed.xlsx", validate(tmp_path / "fixed.xlsx"), second)
    ws = load_workbook(second)["权责清单"]
    h3 = ws["H3"]
    assert h3.comment is not None and h3.comment.text == "请法规科核对" and h3.comment.author == "张三"
    assert h3.fill.fill_type is None
    assert "QZ106" in ws["E3"].comment.text and ws["E3"].fill.fgColor.rgb.endswith("FFC7CE")
    assert ws["E3"].comment.text.count("【qzqd 检查】") == 1


def test_clerk_fill_is_kept(tmp_path: Path) -> None:
    """A cell the clerk coloured keeps the colour when it gets a finding, and after the finding is fixed."""
    src = tmp_path / "coloured.xlsx"
    shutil.copy(FIX / "clean.xlsx", src)
    wb = load_workbook(src)
    ws = wb["权责清单"]
    clean_h3 = ws["H3"].value
    ws["H3"] = clean_h3.replace("。\n2．", "。2．")  # QZ202 error
    ws["H3"].fill = PatternFill("solid", fgColor="FFC6EFCE")  # the clerk's green: "checked by 法规科"
    wb.save(src)
    first = tmp_path / "c-检查.xlsx"
    annotate_workbook(src, validate(src), first)
    h3 = load_workbook(first)["权责清单"]["H3"]
    assert "QZ202" in h3.comment.text and h3.fill.fgColor.rgb == "FFC6EFCE"
    wb = load_workbook(first)
    wb["权责清单"]["H3"] = clean_h3
    wb.save(tmp_path / "fixed.xlsx")
    annotate_workbook(tmp_path / "fixed.xlsx", validate(tmp_path / "fixed.xlsx"), tmp_path / "f-检查.xlsx")
    h3 = load_workbook(tmp_path / "f-检查.xlsx")["权责清单"]["H3"]
    assert h3.comment is None and h3.fill.fgColor.rgb == "FFC6EFCE"
