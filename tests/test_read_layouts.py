"""Layouts real published lists use, read without losing a cell: grouped sub-columns, combined columns,
banner and department rows, one row per 办理环节, cards, catalogues, extra and duplicate columns, a
renamed second header row; each import says where every column went and exits 1 only when it guessed."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest

from toolkit import import_file, read_workbook, validate, write_workbook
from toolkit.diff import diff

from .lossless import lost
from .workbook_helpers import write_rows

# A 交通运输综合执法 list (辽宁式): 执法依据 over five sub-columns, 执法类别/执法主体, a 行使层级 column.
LAW = "《中华人民共和国道路运输条例》第六十三条：违反本条例的规定，未取得道路运输经营许可……"
GROUPED = [
    ["序号", "执法类别", "职权名称", "执法主体", "执法依据", None, None, None, None, "行使层级", "备注"],
    [None, None, None, None, "法律", "行政法规", "地方性法规", "部委规章", "政府规章", None, None],
    [
        1,
        "行政处罚",
        "对未取得道路运输经营许可擅自从事道路运输经营的处罚",
        "县交通运输局",
        "",
        LAW,
        "《辽宁省道路运输管理条例》第五十条",
        "1．《道路旅客运输及客运站管理规定》第八十五条\n2．《道路货物运输及站场管理规定》第五十七条",
        "",
        "县级",
        "",
    ],
    [
        2,
        "行政检查",
        "对道路运输经营活动的监督检查",
        "县交通运输局",
        "《中华人民共和国安全生产法》第六十五条",
        "",
        "",
        "",
        "",
        "市、县级",
        "与市局联合实施",
    ],
]
GROUPED_MERGES = ("A1:A2", "B1:B2", "C1:C2", "D1:D2", "E1:I1", "J1:J2", "K1:K2")


def _import(cli, src: Path, tmp_path: Path):
    out = tmp_path / "主表.xlsx"
    result = cli("import", src, "-o", out)
    assert result.exit_code in (0, 1), result.output
    return result, import_file(src), out


def test_grouped_sub_columns_are_joined_with_their_label(cli, tmp_path):
    src = write_rows(tmp_path / "交通.xlsx", GROUPED, sheet="Sheet1", merges=GROUPED_MERGES)
    result, pl, out = _import(cli, src, tmp_path)
    assert result.exit_code == 0, result.output
    basis = pl.column("实施依据")
    assert basis[0].split("\n") == [
        f"【行政法规】{LAW}",
        "【地方性法规】《辽宁省道路运输管理条例》第五十条",
        "1．【部委规章】《道路旅客运输及客运站管理规定》第八十五条",
        "2．【部委规章】《道路货物运输及站场管理规定》第五十七条",
    ]
    assert basis[1] == "【法律】《中华人民共和国安全生产法》第六十五条"
    assert pl.column("权力分类") == ["行政处罚", "行政检查"] and pl.column("实施主体")[0] == "县交通运输局"
    assert pl.extra_columns == ["行使层级"] and pl.column("行使层级") == ["县级", "市、县级"]
    assert "执法依据／地方性法规 → 实施依据" in result.output and "行使层级 → 附加列“行使层级”" in result.output
    assert lost(src, pl, out) == []
    back = read_workbook(out)
    assert back.extra_columns == ["行使层级"] and back.column("实施依据") == basis


def test_a_renamed_second_header_row_is_not_an_item(tmp_path):
    rows = [
        GROUPED[0],
        ["", "", "", "", "法律", "行政法规", "地方性法规", "部门规章", "政府规章", "", ""],
        *GROUPED[2:],
    ]
    pl = import_file(write_rows(tmp_path / "改名.xlsx", rows))  # no merges: a clerk's plain copy
    assert pl.column("序号") == ["1", "2"]
    assert pl.column("实施依据")[1].startswith("【法律】")


COMBINED_HEADER = ["序号", "权力类型", "权力项目名称", "责任主体", "责任事项", "追责情形及追责依据"]


@pytest.mark.parametrize(
    ("cell", "situation", "basis", "exit_code"),
    [
        (
            "1．对符合条件的不予受理的。\n追责依据：《中华人民共和国行政许可法》第七十二条",
            "1．对符合条件的不予受理的。",
            "《中华人民共和国行政许可法》第七十二条",
            0,
        ),
        (
            "1．对符合条件的不予受理的。\n《中华人民共和国行政许可法》第七十二条：……",
            "1．对符合条件的不予受理的。",
            "《中华人民共和国行政许可法》第七十二条：……",
            1,
        ),
        (
            "因不履行或不正确履行行政职责，依照《行政许可法》第七十二条追究责任",
            "因不履行或不正确履行行政职责，依照《行政许可法》第七十二条追究责任",
            "",
            1,
        ),
    ],
    ids=["marked", "by-form-checked", "kept-whole"],
)
def test_combined_column_split_where_the_text_allows(cli, tmp_path, cell, situation, basis, exit_code):
    rows = [COMBINED_HEADER, [1, "行政许可", "公路超限运输许可", "县交通运输局", "1．受理责任。", cell]]
    src = write_rows(tmp_path / "四川.xlsx", rows)
    result, pl, out = _import(cli, src, tmp_path)
    assert (pl.column("追责情形"), pl.column("追责依据")) == ([situation], [basis])
    assert result.exit_code == exit_code, result.output
    assert lost(src, pl, out) == []


def test_banner_and_department_rows_fill_the_items_below(cli, tmp_path):
    rows = [
        ["某县农业农村局权责清单"],
        ["填报单位（盖章）：某县农业农村局", None, None, "填报日期：2023年3月1日"],
        ["序号", "事项名称", "子项名称", "设定依据", "责任事项", "追责情形", "追责依据"],
        ["职权类别：行政许可"],
        [
            1,
            "农药经营许可",
            "",
            "《农药管理条例》第二十四条",
            "1．受理责任。",
            "1．不予受理的。",
            "《行政许可法》第七十二条",
        ],
        [
            2,
            "兽药经营许可",
            "",
            "《兽药管理条例》第二十二条",
            "1．受理责任。",
            "1．不予受理的。",
            "《行政许可法》第七十二条",
        ],
        ["二、行政处罚（共1项）"],
        [
            1,
            "对生产假农药的处罚",
            "",
            "《农药管理条例》第五十二条",
            "1．立案责任。",
            "1．未立案的。",
            "《行政处罚法》第七十六条",
        ],
    ]
    src = write_rows(tmp_path / "农业.xlsx", rows, merges=("A4:G4", "A7:G7"))
    result, pl, out = _import(cli, src, tmp_path)
    assert result.exit_code == 0, result.output
    assert pl.column("权力分类") == ["行政许可", "行政许可", "行政处罚"]
    assert pl.column("实施主体") == ["某县农业农村局"] * 3
    assert pl.sections == [2]  # 序号 restarts at the second section: the list's own numbering
    assert "某县农业农村局权责清单" in result.output  # the title row, named
    assert lost(src, pl, out) == []


def test_step_rows_fold_into_one_item(cli, tmp_path):
    rows = [
        ["序号", "权力类型", "事项名称", "办理环节", "责任科室", "责任事项", "实施依据", "追责情形", "追责依据"],
        [
            1,
            "行政许可",
            "建设项目档案验收",
            "受理",
            "办公室",
            "对申请材料进行审查",
            "《档案法》第二十四条",
            "1．不予受理的。",
            "《行政许可法》第七十二条",
        ],
        [None, None, None, "审查", "业务指导科", "组织现场验收", None, None, None],
        [None, None, None, "决定", "局长", "作出验收决定", None, None, None],
        [
            2,
            "行政检查",
            "档案工作监督检查",
            "检查",
            "业务指导科",
            "实施检查",
            "《档案法》第四十二条",
            "1．不检查的。",
            "《档案法》第四十八条",
        ],
    ]
    merges = ("A2:A4", "B2:B4", "C2:C4", "G2:G4", "H2:H4", "I2:I4")
    src = write_rows(tmp_path / "档案.xlsx", rows, merges=merges)
    result, pl, out = _import(cli, src, tmp_path)
    assert len(pl) == 2 and pl.column("序号") == ["1", "2"]
    assert pl.column("责任事项")[0].split("\n") == [
        "1．受理：对申请材料进行审查（责任科室：办公室）",
        "2．审查：组织现场验收（责任科室：业务指导科）",
        "3．决定：作出验收决定（责任科室：局长）",
    ]
    assert pl.column("实施依据")[0] == "《档案法》第二十四条"  # merged down: once, not three times
    assert pl.rows == [2, 5]
    assert lost(src, pl, out) == []


CARD_ROWS = [
    ["表2-157  行政许可类权力事项"],
    ["序号", "1"],
    ["权力类型", "行政许可"],
    ["权力项目名称", "公路建设项目施工许可"],
    ["责任主体", "县交通运输局"],
    ["责任事项", "1．受理阶段责任：公示依法应当提交的材料。\n2．审查阶段责任：对申请材料进行审查。"],
    ["追责情形", "1．对符合法定条件的申请不予受理的。"],
    ["设定依据", "《公路建设市场管理办法》第十八条"],
    ["序号", "2"],
    ["权力类型", "行政检查"],
    ["权力项目名称", "对公路建设市场的监督检查"],
    ["责任主体", "县交通运输局"],
    ["责任事项", "1．检查责任。"],
    ["追责情形", "1．不履行检查职责的。"],
    ["设定依据", "《公路法》第七十一条"],
]


def _card_docx(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("附件")
    t = d.add_table(rows=len(CARD_ROWS), cols=2)
    for r, row in enumerate(CARD_ROWS):
        if len(row) == 1:
            t.cell(r, 0).merge(t.cell(r, 1)).text = row[0]
        else:
            t.cell(r, 0).text, t.cell(r, 1).text = row
    d.save(path)
    return path


@pytest.mark.parametrize(
    "build",
    [
        lambda p: write_rows(p / "卡片.xlsx", CARD_ROWS, merges=("A1:B1",)),
        lambda p: _card_docx(p / "卡片.docx"),
        lambda p: _write(p / "卡片.txt", "\n".join("\t".join(r) for r in CARD_ROWS)),
        lambda p: _write(p / "卡片冒号.txt", "\n".join("：".join(r) for r in CARD_ROWS)),
    ],
    ids=["xlsx", "docx", "text-tabs", "text-colons"],
)
def test_cards_one_block_per_item(cli, tmp_path, build):
    src = build(tmp_path)
    result, pl, out = _import(cli, src, tmp_path)
    assert result.exit_code == 0, result.output
    assert pl.column("项目名称") == ["公路建设项目施工许可", "对公路建设市场的监督检查"]
    assert pl.column("实施依据") == ["《公路建设市场管理办法》第十八条", "《公路法》第七十一条"]
    assert pl.column("责任事项")[0].count("\n") == 1
    assert "卡片式" in result.output
    assert lost(src, pl, out) == []


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


CATALOGUE = [
    ["某县生态环境局权力事项目录"],
    ["序号", "权力类型", "事项名称", "子项名称", "备注"],
    *[[n, "行政处罚", f"对违反大气污染防治规定行为的处罚{n}", f"子项{n}", ""] for n in range(1, 6)],
]


def test_catalogue_is_read_as_a_catalogue(cli, tmp_path):
    src = write_rows(tmp_path / "目录.xlsx", CATALOGUE)
    result, pl, out = _import(cli, src, tmp_path)
    assert result.exit_code == 0, result.output
    assert pl.catalogue and len(pl) == 5
    assert [w.code for w in pl.warnings if w.severity == "error"] == []  # no missing-column errors
    assert sum("按目录导入" in w.message for w in pl.warnings) == 1  # said once, not per item or column
    back = read_workbook(out)
    assert back.catalogue and len(back) == 5  # kept in the workbook (发文信息: 清单类型：目录)
    assert lost(src, pl, out) == []


def test_extra_columns_survive_validate_diff_and_a_second_write(tmp_path):
    rows = [
        ["序号", "权力类型", "事项名称", "实施依据", "办理时限", "咨询方式"],
        [1, "行政许可", "甲", "《法》第一条", "20个工作日", "0773-1"],
        [2, "行政检查", "乙", "《法》第二条", "", "0773-2"],
    ]
    pl = import_file(write_rows(tmp_path / "附加.xlsx", rows))
    assert pl.extra_columns == ["办理时限", "咨询方式"]
    old = write_workbook(pl, tmp_path / "旧.xlsx")
    back = read_workbook(old)
    assert back.extra_columns == ["办理时限", "咨询方式"] and back.column("咨询方式") == ["0773-1", "0773-2"]
    report = validate(old)
    assert report.pl is not None and report.pl.extra_columns == ["办理时限", "咨询方式"]
    changed = back.records()
    changed[0]["办理时限"] = "15个工作日"
    from toolkit.model import PowerList

    new = write_workbook(PowerList.from_records(changed), tmp_path / "新.xlsx")
    d = diff(old, new)
    fields = [f.column for it in d.items for f in it.fields]
    assert "办理时限" in fields


def test_duplicate_header_column_is_kept(cli, tmp_path):
    rows = [
        ["序号", "权力类型", "事项名称", "实施依据", "实施依据"],
        [1, "行政许可", "甲", "《法》第一条", "《条例》第二条"],
    ]
    src = write_rows(tmp_path / "重复.xlsx", rows)
    result, pl, out = _import(cli, src, tmp_path)
    assert pl.column("实施依据（2）") == ["《条例》第二条"]
    assert "重复" in result.output and lost(src, pl, out) == []


def test_a_column_without_header_is_kept_and_import_exits_1(cli, tmp_path):
    rows = [["序号", "权力类型", "事项名称", "实施依据", None], [1, "行政许可", "甲", "《法》第一条", "手写的说明"]]
    src = write_rows(tmp_path / "无列名.xlsx", rows)
    result, pl, out = _import(cli, src, tmp_path)
    assert result.exit_code == 1 and "QZ009" in result.output
    assert pl.column("第E列") == ["手写的说明"] and lost(src, pl, out) == []


def test_update_citations_keeps_extra_columns(tmp_path):
    from toolkit import update_citations

    rows = [
        ["序号", "权力类型", "事项名称", "实施主体", "实施依据", "责任事项", "追责情形", "追责依据", "办理时限"],
        [
            1,
            "行政检查",
            "对保密工作的检查",
            "县国家保密局",
            "1．【法律】《中华人民共和国保守国家秘密法》（2010年修订）第四十一条",
            "1．检查责任。",
            "1．不履行职责的。",
            "《中华人民共和国保守国家秘密法》第四十八条",
            "20个工作日",
        ],
    ]
    src = write_workbook(import_file(write_rows(tmp_path / "附加.xlsx", rows)), tmp_path / "主表.xlsx")
    out = tmp_path / "新版.xlsx"
    update_citations(src, out, as_of=__import__("datetime").date(2025, 1, 1))
    back = read_workbook(out)
    assert back.extra_columns == ["办理时限"] and back.column("办理时限") == ["20个工作日"]
