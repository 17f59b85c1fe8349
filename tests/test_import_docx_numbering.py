"""Importing a .docx keeps what Word shows: automatic list numbers, tracked insertions (not deletions)."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml

from toolkit import import_file
from toolkit.citations.parse import cn_numeral
from toolkit.reading.docx_text import format_number

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
COLUMNS = ["序号", "权力分类", "项目名称", "实施主体", "实施依据", "责任事项", "追责情形", "追责依据"]


def _add_list(
    d: docx.document.Document,
    num_id: int,
    fmt: str,
    text: str,
    *,
    start_override: int | None = None,
    abstract_id: int | None = None,
    levels: list[tuple[str, str]] | None = None,
) -> int:
    """Add a list definition (abstractNum + num) to the document's numbering part; return the numId."""
    numbering = d.part.numbering_part.element
    abstract_id = num_id + 100 if abstract_id is None else abstract_id
    if not any(a.get(f"{{{numbering.nsmap['w']}}}abstractNumId") == str(abstract_id) for a in numbering.iterchildren()):
        lvls = "".join(
            f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{f}"/><w:lvlText w:val="{t}"/></w:lvl>'
            for i, (f, t) in enumerate(levels or [(fmt, text)])
        )
        # abstractNum elements must precede num elements
        first_num = next((c for c in numbering.iterchildren() if c.tag.endswith("}num")), None)
        element = parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
        if first_num is not None:
            first_num.addprevious(element)
        else:
            numbering.append(element)
    override = (
        f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start_override}"/></w:lvlOverride>'
        if start_override is not None
        else ""
    )
    numbering.append(
        parse_xml(f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override}</w:num>')
    )
    return num_id


def _number(paragraph, num_id: int, ilvl: int = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _fill(cell, paragraphs: list[str], num_id: int | None = None, ilvl: int = 0) -> None:
    cell.text = paragraphs[0]
    if num_id is not None:
        _number(cell.paragraphs[0], num_id, ilvl)
    for text in paragraphs[1:]:
        p = cell.add_paragraph(text)
        if num_id is not None:
            _number(p, num_id, ilvl)


@pytest.fixture
def numbered_docx(tmp_path: Path) -> Path:
    d = docx.Document()
    for line in ("兴保发〔2025〕3号", "关于公布权责清单的通知", "各单位：", "现予公布。"):
        d.add_paragraph(line)
    table = d.add_table(rows=3, cols=len(COLUMNS))
    for j, name in enumerate(COLUMNS):
        table.cell(0, j).text = name
    # 序号 with the numbering button (one list over the whole column), as many clerks do it
    seq = _add_list(d, 40, "decimal", "%1.")
    # 责任事项: each cell restarts its own "1．2．" list (Word's "restart numbering")
    duties = [
        _add_list(d, 41, "decimal", "%1．", abstract_id=200),
        _add_list(d, 42, "decimal", "%1．", abstract_id=200, start_override=1),
    ]
    # 追责情形: Chinese counting in brackets
    cases = _add_list(d, 43, "chineseCounting", "（%1）")
    for r in (1, 2):
        row = table.rows[r].cells
        _fill(row[0], [""], seq)
        row[1].text = "行政检查"
        row[2].text = f"事项{r}"
        row[3].text = "县国家保密局"
        row[4].text = "【法律】《中华人民共和国保守国家秘密法》第五十二条"
        _fill(row[5], ["检查责任：依法检查（县国家保密局）。", "处理责任：依法处理（县国家保密局）。"], duties[r - 1])
        _fill(row[6], ["不履行职责的；", "滥用职权的。"], cases)
        row[7].text = "【法律】《中华人民共和国公务员法》"
    # a second-level list "1.1" in the last paragraph of item 2's 追责依据
    multi = _add_list(d, 44, "decimal", "", levels=[("decimal", "%1."), ("decimal", "%1.%2")])
    cell = table.rows[2].cells[7]
    _number(cell.add_paragraph("上级条款"), multi, 0)
    _number(cell.add_paragraph("下级条款"), multi, 1)
    path = tmp_path / "numbered.docx"
    d.save(str(path))
    return path


def test_automatic_numbers_are_imported(numbered_docx):
    records = import_file(numbered_docx).records()
    assert [r["序号"] for r in records] == ["1", "2"]
    for r in records:
        assert r["责任事项"].split("\n") == [
            "1．检查责任：依法检查（县国家保密局）。",
            "2．处理责任：依法处理（县国家保密局）。",
        ]
    assert records[0]["追责情形"].split("\n") == ["（一）不履行职责的；", "（二）滥用职权的。"]
    # the same list continues in the next row's cell, as Word shows it
    assert records[1]["追责情形"].split("\n") == ["（三）不履行职责的；", "（四）滥用职权的。"]
    assert records[1]["追责依据"].split("\n")[-2:] == ["1.上级条款", "1.1下级条款"]


def _one_item(tmp_path: Path, build, before=None) -> dict[str, str]:
    """Import a one-item list built by ``build(document, row_cells)``; ``before(document)`` adds paragraphs
    ahead of the table."""
    d = docx.Document()
    if before is not None:
        before(d)
    table = d.add_table(rows=2, cols=len(COLUMNS))
    for j, name in enumerate(COLUMNS):
        table.cell(0, j).text = name
    row = table.rows[1].cells
    values = ["1", "行政检查", "事项", "县国家保密局", "【法律】《保密法》", "", "不履行的。", "【法律】《公务员法》"]
    for j, value in enumerate(values):
        row[j].text = value
    build(d, row)
    path = tmp_path / "one.docx"
    d.save(str(path))
    return import_file(path).records()[0]


def test_tracked_changes_accepted(tmp_path):
    def build(d, row):
        row[2].text = "对保密工作的监督检查"
        p = row[2].paragraphs[0]._p
        p.append(
            parse_xml(
                f'<w:ins {W_NS} w:id="1" w:author="张三" w:date="2025-03-01T00:00:00Z"><w:r><w:t>及处置</w:t></w:r></w:ins>'
            )
        )
        p.append(
            parse_xml(
                f'<w:del {W_NS} w:id="2" w:author="张三" w:date="2025-03-01T00:00:00Z"><w:r><w:delText>（已删）</w:delText></w:r></w:del>'
            )
        )

    assert _one_item(tmp_path, build)["项目名称"] == "对保密工作的监督检查及处置"


def test_numbering_switched_off_and_bullets(tmp_path):
    def build(d, row):
        cell = row[5]
        cell.text = "检查（县国家保密局）。"
        p = cell.add_paragraph("不编号", style="List Number")
        _number(p, 0)  # numId 0: "None" chosen in Word's numbering menu
        cell.add_paragraph("带圆点", style="List Bullet")

    got = _one_item(tmp_path, build, before=lambda d: d.add_paragraph("序号前", style="List Number"))
    assert got["责任事项"].split("\n") == ["检查（县国家保密局）。", "不编号", "带圆点"]


@pytest.mark.parametrize(
    ("n", "fmt", "expected"),
    [
        (7, "decimal", "7"),
        (7, "decimalZero", "07"),
        (12, "decimalFullWidth", "１２"),
        (3, "chineseCounting", "三"),
        (15, "chineseCountingThousand", "十五"),
        (3, "decimalEnclosedCircle", "③"),
        (2, "decimalEnclosedParen", "⑵"),
        (2, "ideographTraditional", "乙"),
        (28, "lowerLetter", "bb"),
        (14, "upperRoman", "XIV"),
        (4, "none", ""),
    ],
    ids=lambda v: str(v),
)
def test_number_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "一"), (10, "十"), (19, "十九"), (40, "四十"), (105, "一百零五"), (999, "九百九十九")],
    ids=lambda v: str(v),
)
def test_chinese_numbers(n, expected):
    assert cn_numeral(n) == expected


# --- odd documents found in review: each must import as Word shows the final text ---------------------------

W_URI = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _deleted_numbered_paragraph(d, cell):
    n = _add_list(d, 41, "decimal", "%1．")
    _fill(cell, ["检查责任：甲。", "删掉的一段", "处理责任：乙。"], n)
    p = cell.paragraphs[1]._p
    run = p.findall(f"{{{W_URI}}}r")[0]
    deleted = parse_xml(f'<w:del {W_NS} w:id="1" w:author="张三" w:date="2025-01-01T00:00:00Z"/>')
    run.addprevious(deleted)
    deleted.append(run)
    for t in run.iter(f"{{{W_URI}}}t"):
        t.tag = f"{{{W_URI}}}delText"
    p.get_or_add_pPr().append(
        parse_xml(f'<w:rPr {W_NS}><w:del w:id="2" w:author="张三" w:date="2025-01-01T00:00:00Z"/></w:rPr>')
    )


def _text_box(d, cell):
    cell.text = "检查责任："
    box = (
        f'<w:r {W_NS} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:v="urn:schemas-microsoft-com:vml">'
        '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData '
        'uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:txbx><w:txbxContent>'
        "<w:p><w:r><w:t>框内文字</w:t></w:r></w:p></w:txbxContent></wps:txbx></wps:wsp></a:graphicData></a:graphic>"
        "</wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>"
        "<w:t>框内文字</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    cell.paragraphs[0]._p.append(parse_xml(box))


def _hidden_text(d, cell):
    cell.text = "检查责任：甲。"
    cell.paragraphs[0]._p.append(parse_xml(f"<w:r {W_NS}><w:rPr><w:vanish/></w:rPr><w:t>隐藏批注</w:t></w:r>"))


def _level_redefined_on_the_list(d, cell):
    n = _add_list(d, 45, "decimal", "%1.")
    num = next(x for x in d.part.numbering_part.element.iterchildren() if x.get(f"{{{W_URI}}}numId") == "45")
    num.append(
        parse_xml(
            f'<w:lvlOverride {W_NS} w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="%1、"/></w:lvl></w:lvlOverride>'
        )
    )
    _fill(cell, ["甲。", "乙。"], n)


def _list_through_a_style(d, cell):
    numbering = d.part.numbering_part.element
    first_num = next(c for c in numbering.iterchildren() if c.tag.endswith("}num"))
    first_num.addprevious(
        parse_xml(
            f'<w:abstractNum {W_NS} w:abstractNumId="300"><w:styleLink w:val="MyList"/><w:lvl w:ilvl="0">'
            '<w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%1）"/></w:lvl></w:abstractNum>'
        )
    )
    first_num.addprevious(
        parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="301"><w:numStyleLink w:val="MyList"/></w:abstractNum>')
    )
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="60"><w:abstractNumId w:val="300"/></w:num>'))
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="61"><w:abstractNumId w:val="301"/></w:num>'))
    d.styles.element.append(
        parse_xml(
            f'<w:style {W_NS} w:type="numbering" w:styleId="MyList"><w:name w:val="MyList"/>'
            '<w:pPr><w:numPr><w:numId w:val="60"/></w:numPr></w:pPr></w:style>'
        )
    )
    _fill(cell, ["甲。", "乙。"], 61)


def _legal_numbers(d, cell):
    _fill(cell, ["甲。", "乙。"], _add_list(d, 46, "chineseLegalSimplified", "%1、"))


def _missing_definition(d, cell):
    d.part.numbering_part.element.append(
        parse_xml(f'<w:num {W_NS} w:numId="70"><w:abstractNumId w:val="999"/></w:num>')
    )
    _fill(cell, ["甲。", "乙。"], 70)


def _odd_grid_span(d, cell):
    cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:gridSpan {W_NS} w:val="1.0"/>'))
    cell.text = "甲"


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        (_deleted_numbered_paragraph, "1．检查责任：甲。\n2．处理责任：乙。"),
        (_text_box, "检查责任：\n框内文字"),
        (_hidden_text, "检查责任：甲。"),
        (_level_redefined_on_the_list, "一、甲。\n二、乙。"),
        (_list_through_a_style, "（一）甲。\n（二）乙。"),
        (_legal_numbers, "壹、甲。\n贰、乙。"),
        (_missing_definition, "甲。\n乙。"),
        (_odd_grid_span, "甲"),
    ],
    ids=[
        "deleted-numbered-paragraph",
        "text-box-once",
        "hidden-text",
        "level-redefined-on-the-list",
        "list-through-a-style",
        "legal-numbers",
        "missing-list-definition",
        "grid-span-1.0",
    ],
)
def test_odd_documents(tmp_path: Path, build, expected):
    assert _one_item(tmp_path, lambda d, row: build(d, row[5]))["责任事项"] == expected
