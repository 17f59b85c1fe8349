"""Lines of a web page or a Word file above the list's table count as the rows above a worksheet's header do:
the unit named there (“填报单位：…”) fills an empty 实施主体, a title naming one category (“…行政许可事项清单”)
fills an empty 权力分类 — both said in the report. Other lines (page chrome) are left alone, as before."""

from __future__ import annotations

import pytest

from toolkit import import_file

from .test_read_several_tables import _docx, _page

COLUMNS = ["序号", "项目名称", "实施依据"]


def _table(records) -> list[tuple[str, list[str], list[list[str]], bool]]:
    rows = [[r["序号"], r["项目名称"], r["实施依据"]] for r in records]
    return [("", COLUMNS, rows, False)]


@pytest.mark.parametrize(("name", "writer"), [("页面.html", _page), ("清单.docx", _docx)], ids=["html", "docx"])
def test_unit_and_category_named_above_the_table(tmp_path, sample_list, name, writer):
    records = sample_list.records()
    src = tmp_path / name
    writer(src, _table(records))
    # the writers put “兴安县国家保密局权责清单” above; add the unit line and a one-category title
    if name.endswith(".html"):
        text = src.read_text("utf-8").replace(
            "<p>兴安县国家保密局权责清单</p>",
            "<p>兴安县国家保密局行政检查事项清单</p><p>填报单位（盖章）：兴安县国家保密局</p>",
        )
        src.write_text(text, "utf-8")
    else:
        import docx

        d = docx.Document(str(src))
        d.paragraphs[0].text = "兴安县国家保密局行政检查事项清单"
        d.paragraphs[0].insert_paragraph_before("")  # page chrome: an empty line stays out
        d.paragraphs[1]._p.addnext(d.add_paragraph("填报单位（盖章）：兴安县国家保密局")._p)
        d.save(str(src))
    pl = import_file(src)
    assert pl.column("实施主体") == ["兴安县国家保密局"] * len(records)
    assert pl.column("权力分类") == ["行政检查"] * len(records)
    messages = [w.message for w in pl.warnings]
    assert any("填报单位" in m and "实施主体" in m for m in messages)
    assert any("行政检查事项清单" in m and "权力分类" in m for m in messages)


def test_page_chrome_above_the_table_is_not_taken_for_the_unit(tmp_path, sample_list):
    chrome = "<p>当前位置：首页 &gt; 政务公开 &gt; 权责清单</p><p>发布时间：2024-01-01　来源：县政府办</p>"
    pl = import_file(_page_headed_by(tmp_path / "页面.html", sample_list.records(), chrome))
    assert set(pl.column("实施主体")) == {""}
    assert not any("当前位置" in w.message for w in pl.warnings)


def test_a_menu_of_categories_above_the_table_is_not_a_heading(tmp_path, sample_list):
    menu = "<ul><li>行政许可</li><li>行政处罚</li><li>其他行政权力</li></ul>"
    assert set(
        import_file(_page_headed_by(tmp_path / "页面.html", sample_list.records(), menu)).column("权力分类")
    ) == {""}


def _page_headed_by(src, records, html):
    """A saved page of the list's table with ``html`` (a site's chrome, a menu) at the top of its body."""
    _page(src, _table(records))
    src.write_text(src.read_text("utf-8").replace("<body>", "<body>" + html), "utf-8")
    return src
