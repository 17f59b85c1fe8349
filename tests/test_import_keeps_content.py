"""Importing never silently drops or shifts content: a list over several Word tables, and text
copied out of Word with stray TABs, notes, column-number rows, category headings and repeated headers."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK

from toolkit import import_file, read_workbook
from toolkit.model import COLUMN_NAMES

_HEAD2 = COLUMN_NAMES[2:12]


def _header(t, off: int = 0) -> None:
    """The official two-row header: 序号/权力分类/备注 merged down, 权力清单/责任清单 merged across."""
    for col, text in ((0, "序号"), (1, "权力分类"), (2, "权力清单"), (7, "责任清单"), (12, "备注")):
        t.cell(off, col).text = text
    t.cell(off, 2).merge(t.cell(off, 6))
    t.cell(off, 7).merge(t.cell(off, 11))
    for c in (0, 1, 12):
        t.cell(off, c).merge(t.cell(off + 1, c))
    for i, name in enumerate(_HEAD2):
        t.cell(off + 1, 2 + i).text = name


def _set(cell, text: str) -> None:
    paras = text.split("\n")
    cell.paragraphs[0].text = paras[0]
    for p in paras[1:]:
        cell.add_paragraph(p)


def _split_docx(path: Path, records: list[dict[str, str]], *, between: str = "", extra_col: bool = False) -> Path:
    """The seed's items in two tables (3 + 2), each with its header; ``between`` is a paragraph between them."""
    d = docx.Document()
    for line in ("兴保发〔2022〕1号", "关于调整公布权责清单的通知", "各单位：", "现公布如下。"):
        d.add_paragraph(line)
    for k, part in enumerate((records[:3], records[3:])):
        t = d.add_table(rows=len(part) + 2, cols=13 + (1 if extra_col and k else 0))
        _header(t)
        for i, rec in enumerate(part):
            for c, name in enumerate(COLUMN_NAMES):
                _set(t.cell(2 + i, c), rec[name])
        if k == 0:
            if between:
                d.add_paragraph(between)
            else:
                d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("抄送：县委办公室。")
    d.save(path)
    return path


@pytest.mark.parametrize(
    "between, extra_col, note",
    [("二、行政检查类", False, "二、行政检查类"), ("（续表）", False, None), ("", True, None)],
    ids=["category-heading", "continued", "extra-empty-column"],
)
def test_docx_list_over_two_tables_is_joined(tmp_path, seed_list, between, extra_col, note):
    path = _split_docx(tmp_path / "d.docx", seed_list.records(), between=between, extra_col=extra_col)
    pl = import_file(path)
    assert pl.items.equals(seed_list.items)
    skipped = [w.message for w in pl.warnings if w.code == "QZ004"]
    if note:
        # a category heading between the parts is read as a banner row (it fills empty 权力分类 cells), named
        (named,) = [w.message for w in pl.warnings if w.code == "QZ012" and f"“{note}”是分组行" in w.message]
        assert "行政检查" in named and skipped == []
    else:
        assert skipped == []
    assert pl.notice.cc == "县委办公室"


def test_docx_cli_reports_five_items(cli, tmp_path, seed_list):
    path = _split_docx(tmp_path / "d.docx", seed_list.records(), between="二、行政检查类")
    r = cli("import", path, "-o", tmp_path / "m.xlsx")
    assert r.exit_code == 0, r.output
    assert "已导入 5 个事项" in r.output and "二、行政检查类" in r.output
    assert read_workbook(tmp_path / "m.xlsx").items.equals(seed_list.items)


def test_docx_later_table_that_is_not_the_list_is_reported(tmp_path, seed_list):
    path = _split_docx(tmp_path / "d.docx", seed_list.records())
    d = docx.Document(str(path))
    t = d.add_table(rows=2, cols=3)
    for i, text in enumerate(("联系人", "联系电话", "地址", "张三", "0773-1234567", "兴安县")):
        t.cell(i // 3, i % 3).text = text
    d.save(path)
    pl = import_file(path)
    assert pl.items.equals(seed_list.items)
    (w,) = [w for w in pl.warnings if w.code == "QZ009" and "第 3 个表格" in w.message]
    assert "“联系人”" in w.message and "没有导入" in w.message


def test_docx_later_table_with_other_columns_is_reported(tmp_path, seed_list):
    # A second table without a header and with fewer columns: neither joined by guess nor dropped silently.
    path = _split_docx(tmp_path / "d.docx", seed_list.records())
    d = docx.Document(str(path))
    t = d.add_table(rows=1, cols=5)
    for c, text in enumerate(("6", "行政检查", "对某事的检查", "", "县保密局")):
        t.cell(0, c).text = text
    d.save(path)
    pl = import_file(path)
    assert len(pl) == 5
    assert any("第 3 个表格（第一个单元格为“6”）" in w.message for w in pl.warnings)


# --- text copied out of Word -------------------------------------------------------------------------


def _read(text: str):
    from toolkit.reading import read_text

    return read_text(text)


def _notes(pl) -> list[str]:
    return [w.message for w in pl.warnings if w.code == "QZ004"]


def _before_item_1(seed_text: str, insert: list[str]) -> str:
    lines = seed_text.split("\n")
    i = lines.index("\t1")
    return "\n".join(lines[:i] + insert + lines[i:])


def test_text_tab_indented_paragraph_stays_in_its_cell(seed_text, seed_list):
    para = "第四十五条：保密行政管理部门对保密检查中发现的非法获取"
    lines = seed_text.split("\n")
    j = next(k for k, line in enumerate(lines) if line.startswith(para))
    lines[j] = "\t" + lines[j]
    pl = _read("\n".join(lines))
    assert pl.items.equals(seed_list.items)  # nothing shifted into the next column
    (note,) = [w for w in pl.warnings if w.code == "QZ009"]  # placed by inference: a warning to check
    assert note.severity == "warning"
    assert f"第 {j + 1} 行以制表符开头" in note.message and "第 1 项" in note.message


def test_text_rows_that_cannot_be_repaired_are_refused(seed_text):
    from toolkit.errors import ImportFormatError

    # Two surplus cells in item 2 but one TAB-started line that looks like a paragraph: not guessed.
    lines = seed_text.split("\n")
    i2 = lines.index("\t2")
    k = next(k for k in range(i2, len(lines)) if lines[k].startswith("第四十四条"))
    lines[k] = "\t" + lines[k]
    lines.insert(k + 1, "\t")  # and an extra empty cell
    with pytest.raises(ImportFormatError) as e:
        _read("\n".join(lines))
    msg = str(e.value)
    assert "第 2 项" in msg and f"第 {i2 + 1} 行起" in msg and f"第 {k + 1} 行" in msg and "没有导入" in msg


def test_cli_refuses_shifted_text_with_exit_2(cli, tmp_path, seed_text):
    lines = seed_text.split("\n")
    i3 = lines.index("\t3")
    lines.insert(i3 + 3, "\t多出的单元格")  # a cell too many in item 3, not after a blank line
    src = tmp_path / "t.txt"
    src.write_text("\n".join(lines), encoding="utf-8")
    r = cli("import", src, "-o", tmp_path / "m.xlsx")
    assert r.exit_code == 2 and "第 3 项" in r.output and not (tmp_path / "m.xlsx").exists()


def test_text_note_after_the_table_is_not_cell_text(seed_text, seed_list):
    pl = _read(seed_text.rstrip("\n") + "\n\n注：本清单自公布之日起施行，由县国家保密局负责解释。\n")
    assert pl.items.equals(seed_list.items)
    (note,) = _notes(pl)
    assert "注：本清单自公布之日起施行" in note and "不属于任何事项" in note


def test_text_note_and_trailer(seed_text, seed_list):
    text = seed_text.rstrip("\n") + "\n\n注：本清单由县国家保密局负责解释。\n\n抄送：县委办公室。\n"
    pl = _read(text)
    assert pl.items.equals(seed_list.items) and pl.notice.cc == "县委办公室"
    assert len(_notes(pl)) == 1


def test_text_column_number_row_is_skipped(seed_text, seed_list):
    pl = _read(_before_item_1(seed_text, [f"\t{n}" for n in range(1, 14)] + [""]))
    assert pl.items.equals(seed_list.items)
    (note,) = _notes(pl)
    assert "列序号行" in note


def test_text_category_heading_row_is_skipped(seed_text, seed_list):
    pl = _read(_before_item_1(seed_text, ["\t一、行政强制（共1项）", ""]))
    assert pl.items.equals(seed_list.items)
    (note,) = _notes(pl)
    assert "“一、行政强制（共1项）”" in note


def test_text_heading_between_items_is_skipped(seed_text, seed_list):
    lines = seed_text.split("\n")
    i = lines.index("\t3")
    pl = _read("\n".join(lines[:i] + ["\t二、行政检查（共2项）", ""] + lines[i:]))
    assert pl.items.equals(seed_list.items)
    assert any("“二、行政检查（共2项）”" in n for n in _notes(pl))


def test_text_second_table_with_repeated_header(seed_text, seed_list):
    lines = seed_text.split("\n")
    h, i1, i4 = lines.index("\t序号"), lines.index("\t1"), lines.index("\t4")
    header = lines[h:i1]
    pl = _read("\n".join(lines[:i4] + ["二、行政检查类", *header] + lines[i4:]))
    assert pl.items.equals(seed_list.items)
    notes = _notes(pl)
    assert any("重复的表头" in n for n in notes) and any("“二、行政检查类”" in n for n in notes)


def test_docx_note_after_the_list_is_reported(tmp_path, seed_list):
    path = _split_docx(tmp_path / "d.docx", seed_list.records())
    d = docx.Document(str(path))
    d.add_paragraph("注：本清单自公布之日起施行。")
    d.save(path)
    pl = import_file(path)
    assert pl.items.equals(seed_list.items) and pl.notice.cc == "县委办公室"
    assert any("“注：本清单自公布之日起施行。”不属于任何事项" in w.message for w in pl.warnings)
