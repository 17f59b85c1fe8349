"""An item written over several rows without a 环节 column: the layout of a 国土资源 权力清单 seen at
https://stlsj.com/html/content-538-13532-1.html (banner `职权类别:行政处罚`, `权力清单 | 责任清单 | 备注` over
`序号 | 职权名称 | 实施依据 | 实施机构 | 各环节责任事项 | 各环节责任科室`, the item's 序号 and 名称 repeated on
every row, each row one more article of 实施依据 and the next 环节's duty and office). The stored page breaks
off inside its first item, so the cells here are that page's first 实施依据 (tests/fixtures/citations) and the
step texts of a real 国土资源 责任事项 table (https://bdocx.com/doc/25418948.html); the 责任科室 are made up.

The rows of one item are folded into one (duties in order with their office, the articles of 实施依据 joined),
by inference: the import says so (QZ009, exit 1). A row copied twice is a duplicate, not a step: not folded."""

from __future__ import annotations

import openpyxl
import pytest

from toolkit import import_file, write_workbook

from .lossless import lost

ART73 = (
    "【法律】《中华人民共和国土地管理法》(国家主席令第28号,根据2004年8月28日第十届全国人民代表大会常务委员会"
    "第十一次会议《关于修改〈中华人民共和国土地管理法〉的决定》第二次修正,于2004年8月28日起施行) 第七十三条 "
    "买卖或者以其他形式非法转让土地的,由县级以上人民政府土地行政主管部门没收违法所得;"
)
STEPS = [
    "1.立案责任:通过举报、巡查,发现涉嫌伪造、变造、转让地质勘查资质证书的违法行为,予以审查。",
    "2.调查取证责任:国土资源部门对立案的案件,指定专人负责,及时组织调查取证,通过搜集证据、现场了解核实情况等进行调查,并制作笔录。",
    "3.审理责任:审理案件调查报告,对案件事实、证据、调查取证程序、法律适用、处罚种类和幅度、当事人陈述和申辩理由等方面进行审理,提出处理意见。",
]
NAME1 = "买卖或者以其他形式非法转让土地的处罚"
NAME2 = "伪造、变造、转让地质勘查资质证书的处罚"


def _write(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["职权类别:行政处罚"])
    ws.merge_cells("A1:G1")
    ws.append(["权力清单", None, None, None, "责任清单", None, "备注"])
    ws.merge_cells("A2:D2")
    ws.merge_cells("E2:F2")
    ws.append(["序号", "职权名称", "实施依据", "实施机构", "各环节责任事项", "各环节责任科室", None])
    ws.merge_cells("G2:G3")
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


ROWS = [
    ["1", NAME1, ART73, "县国土资源局", STEPS[0], "执法监察大队", None],
    [
        "1",
        NAME1,
        "【行政法规】《中华人民共和国土地管理法实施条例》第三十八条",
        "县国土资源局",
        STEPS[1],
        "执法监察大队",
        None,
    ],
    ["1", NAME1, None, "县国土资源局", STEPS[2], "法规股", None],
    ["2", NAME2, "【行政法规】《地质勘查资质管理条例》第二十一条", "县国土资源局", STEPS[0], "执法监察大队", None],
    ["2", NAME2, None, "县国土资源局", STEPS[1], "地质矿产股", None],
]


def test_rows_repeating_number_and_name_are_one_item(tmp_path, cli):
    src = _write(tmp_path / "国土.xlsx", ROWS)
    pl = import_file(src)
    first, second = pl.records()
    assert (first["序号"], first["项目名称"], first["权力分类"]) == ("1", NAME1, "行政处罚")
    assert first["实施依据"].split("\n") == [ART73.strip(), ROWS[1][2]]
    assert first["责任事项"].split("\n") == [
        f"{STEPS[0]}（责任科室：执法监察大队）",
        f"{STEPS[1]}（责任科室：执法监察大队）",
        f"{STEPS[2]}（责任科室：法规股）",
    ]
    assert first["承办的内设机构"] == "执法监察大队、法规股"
    assert second["承办的内设机构"] == "执法监察大队、地质矿产股"
    (note,) = [w for w in pl.warnings if w.code == "QZ009" and "连续几行是一个事项" in w.message]
    assert "5 行合并为 2 个事项" in note.message
    out = tmp_path / "主表.xlsx"
    write_workbook(pl, out)
    assert lost(src, pl, out) == []
    assert cli("import", src, "-o", tmp_path / "cli.xlsx").exit_code == 1  # joined by inference: to be checked


@pytest.mark.parametrize("row", [0, 3], ids=["item-1", "item-2"])
def test_a_row_copied_twice_stays_a_duplicate(tmp_path, row):
    # a clerk's copy of a row: same 序号, same name, same cells — a duplicate validate reports, not a step
    pl = import_file(_write(tmp_path / "重复.xlsx", [ROWS[row], list(ROWS[row])]))
    assert len(pl) == 2
    assert not [w for w in pl.warnings if w.code == "QZ009"]
