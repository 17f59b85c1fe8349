"""Reading the 发文信息 sheet, .ods merges, 序号 forms, hidden rows, lock files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toolkit import read_workbook
from toolkit.model import PowerList

from .workbook_helpers import ONE_ROW_HEADER, item, rows_for, write_rows

FIX = Path(__file__).parent / "fixtures" / "reading"


def _with_notice(path: Path, notice_rows: list[list[Any]], *, notice_sheet: str = "发文信息") -> Path:
    return write_rows(path, [ONE_ROW_HEADER, *rows_for([item(1)])], extra_sheets={notice_sheet: notice_rows})


def _qz007(pl: PowerList) -> list[str]:
    return [w.message for w in pl.warnings if w.code == "QZ007"]


# --- 1. rows of 发文信息 without a label continue the field above; unknown labels are reported ------------


def test_body_paragraphs_in_rows_below_are_read(tmp_path: Path) -> None:
    path = _with_notice(
        tmp_path / "a.xlsx",
        [
            ["字段", "内容"],
            ["发文字号", "兴保发〔2026〕1号"],
            ["标题", "兴安县国家保密局关于调整公布"],
            [None, "权责清单的通知"],
            ["正文", "根据有关文件要求，现予公布。"],
            [None, "一、调整情况"],
            ["", "  本次共调整事项7项。"],
            [None, None],
            [None, "请遵照执行。"],
            ["抄送机关", "县委办"],
            [None, "县政府办"],
            ["成文日期", "2026年3月18日"],
        ],
    )
    pl = read_workbook(path)
    assert pl.notice.body == "根据有关文件要求，现予公布。\n一、调整情况\n本次共调整事项7项。\n请遵照执行。"
    assert pl.notice.title == "兴安县国家保密局关于调整公布权责清单的通知"
    assert pl.notice.cc == "县委办\n县政府办"
    assert pl.notice.date == "2026年3月18日"
    assert pl.source.notice_rows["正文"] == 5
    assert _qz007(pl) == []


def test_unknown_and_repeated_labels_are_reported_with_their_cell(tmp_path: Path, cli) -> None:
    path = _with_notice(
        tmp_path / "a.xlsx",
        [
            ["字段", "内容"],
            ["发文字号", "兴保发〔2026〕1号"],
            ["正文", "甲。"],
            ["联系人", "张三"],
            [None, "不属于任何字段的一行"],
            ["成文日期：", "2026年3月18日"],
            [None, "2027年"],
            ["正文", "乙。"],
        ],
    )
    pl = read_workbook(path)
    assert pl.notice.body == "甲。"  # neither the row under 联系人 nor the second 正文 is read into it
    assert pl.notice.date == "2026年3月18日"  # a colon after the label is tolerated
    messages = _qz007(pl)
    assert len(messages) == 4
    # The place is the finding's sheet and cell (printed by every report), not repeated in the message.
    assert messages[0].startswith("不认识的字段“联系人”，这一行没有读取")
    assert messages[1].startswith(
        "“不属于任何字段的一行”接在 A4 不认识的字段“联系人”下面，没有读取；请改正 A4 的字段名"
    )
    assert "成文日期只能填一项" in messages[2]
    assert messages[3].startswith("字段“正文”在第 3 行已经填写过")
    cells = [(w.sheet, w.cell) for w in pl.warnings if w.code == "QZ007"]
    assert cells == [("发文信息", "A4"), ("发文信息", "B5"), ("发文信息", "B7"), ("发文信息", "A8")]
    result = cli("validate", path)
    assert "QZ007 A4" in result.output and "不认识的字段“联系人”" in result.output


# --- 2. a 发文信息 sheet named otherwise is found by its labels; a missing one is reported ------------------

_NOTICE = [
    ["字段", "内容"],
    ["发文字号", "兴保发〔2022〕1号"],
    ["标题", "关于公布权责清单的通知"],
    ["成文日期", "2022年7月18日"],
]


def test_renamed_notice_sheet_is_found_by_its_labels(tmp_path: Path) -> None:
    for name in ("发文信息（2022年）", "Sheet2"):
        pl = read_workbook(_with_notice(tmp_path / "a.xlsx", _NOTICE, notice_sheet=name))
        assert pl.notice.date == "2022年7月18日"
        assert pl.source.notice_sheet == name and pl.source.notice_rows["成文日期"] == 4
        notes = [w for w in pl.warnings if w.code == "QZ007"]
        assert [(w.severity, w.sheet) for w in notes] == [("info", name)]
        assert f"发文信息从工作表“{name}”读取" in notes[0].message


def test_missing_notice_sheet_is_reported(tmp_path: Path, cli) -> None:
    # A sheet with one field label is not taken for the notice.
    path = _with_notice(tmp_path / "a.xlsx", [["说明"], ["标题", "随便写的"]], notice_sheet="备用")
    pl = read_workbook(path)
    assert pl.notice.title == "" and pl.source.notice_sheet is None
    (w,) = [w for w in pl.warnings if w.code == "QZ007"]
    assert w.severity == "warning"
    assert w.message.startswith("找不到工作表“发文信息”（其他工作表：备用；")
    assert "按今天的日期" in w.message
    result = cli("validate", path)
    assert "找不到工作表“发文信息”" in result.output


def test_workbook_of_the_list_alone_has_no_notice_and_no_finding(tmp_path: Path) -> None:
    # Nothing was passed over: a published list or a hand-made one has no sheet that could be the notice.
    pl = read_workbook(write_rows(tmp_path / "a.xlsx", [ONE_ROW_HEADER, *rows_for([item(1)])], sheet="Sheet1"))
    assert pl.source.notice_sheet is None and _qz007(pl) == []


# --- 3. merged cells of .ods workbooks ---------------------------------------------------------------------

_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _ods_cell(value: Any, **attrs: Any) -> str:
    extra = "".join(f' table:{k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    if value in (None, ""):
        return f"<table:table-cell{extra}/>"
    if isinstance(value, int):
        return f'<table:table-cell office:value-type="float" office:value="{value}"{extra}><text:p>{value}</text:p></table:table-cell>'
    paras = "".join(f"<text:p>{p}</text:p>" for p in str(value).split("\n"))
    return f'<table:table-cell office:value-type="string"{extra}>{paras}</table:table-cell>'


def write_ods(path: Path, sheets: dict[str, list[str]]) -> Path:
    """A minimal .ods, as LibreOffice writes it: ``sheets`` maps a name to its <table:table-row> elements."""
    import zipfile

    tables = "".join(f'<table:table table:name="{name}">{"".join(rows)}</table:table>' for name, rows in sheets.items())
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} office:version="1.3">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


def _ods_row(cells: list[str], **attrs: Any) -> str:
    extra = "".join(f' table:{k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f"<table:table-row{extra}>{''.join(cells)}</table:table-row>"


def _ods_list(tmp_path: Path) -> Path:
    """Item 2 has three 子项: 权力分类, 项目名称 and 实施主体 merged over its rows (covered cells below)."""
    first, second = item(1), item(2)
    covered = "<table:covered-table-cell/>"

    def cells(it: dict[str, Any], merged: bool | None) -> list[str]:
        out = []
        for name in ONE_ROW_HEADER:
            if merged is not None and name in ("权力分类", "项目名称", "实施主体"):
                out.append(_ods_cell(it[name], number_rows_spanned=3) if merged else covered)
            else:
                out.append(_ods_cell(it[name]))
        return out

    rows = [
        _ods_row([_ods_cell("附件"), '<table:table-cell table:number-columns-repeated="12"/>']),
        _ods_row(['<table:table-cell table:number-columns-repeated="13"/>'], number_rows_repeated=2),  # blank rows
        _ods_row([_ods_cell(h) for h in ONE_ROW_HEADER]),
        _ods_row(cells(first, None)),
        _ods_row(cells({**second, "子项名称": "子项甲"}, True)),
        _ods_row(cells({**second, "序号": 3, "子项名称": "子项乙"}, False)),
        _ods_row(cells({**second, "序号": 4, "子项名称": "子项丙"}, False)),
        _ods_row(['<table:table-cell table:number-columns-repeated="1024"/>'], number_rows_repeated=1048000),
    ]
    return write_ods(
        tmp_path / "清单.ods",
        {"权责清单": rows, "发文信息": [_ods_row([_ods_cell("发文字号"), _ods_cell("兴保发〔2026〕1号")])]},
    )


def test_ods_merged_cells_are_filled_down_as_in_xlsx(tmp_path: Path, cli) -> None:
    from toolkit.reading.sheetxml import ods_layout

    path = _ods_list(tmp_path)
    assert ods_layout(path, "权责清单") == ([((5, 1), (7, 1)), ((5, 2), (7, 2)), ((5, 4), (7, 4))], set())
    pl = read_workbook(path)
    assert pl.rows == [5, 6, 7, 8]
    assert pl.column("项目名称")[1:] == ["对保密工作的检查2"] * 3
    assert pl.column("权力分类")[1:] == ["行政检查"] * 3
    assert pl.column("子项名称")[1:] == ["子项甲", "子项乙", "子项丙"]
    assert pl.notice.doc_number == "兴保发〔2026〕1号"
    result = cli("validate", path)
    assert "不能为空" not in result.output


def test_ods_saved_by_libreoffice_reads_like_the_xlsx(tmp_path: Path) -> None:
    # merged.ods is the .xlsx of make_fixtures.py saved by LibreOffice (header rows, repeated empty rows).
    pl = read_workbook(FIX / "merged.ods")
    assert pl.source.header_rows == (1, 2) and pl.rows == [3, 4, 5, 6, 7]
    assert pl.column("项目名称")[1:4] == ["对保密工作的检查2"] * 3
    assert pl.column("实施主体") == ["兴安县国家保密局"] * 5
    assert pl.column("子项名称")[1:4] == ["子项甲", "子项乙", "子项丙"]


# --- 4. 序号 in full-width digits --------------------------------------------------------------------------


def _seq_codes(pl: PowerList) -> list[str]:
    from toolkit.validate.schema import schema_failures

    return [code for code, _, _ in schema_failures(pl, ()) if code in ("QZ102", "QZ103")]


def test_full_width_seq_is_read_as_the_number(tmp_path: Path, cli) -> None:
    items = [item(n) for n in range(1, 13)]
    items[2]["序号"] = "３"
    items[11]["序号"] = "１２"
    path = write_rows(tmp_path / "a.xlsx", [ONE_ROW_HEADER, *rows_for(items)])
    pl = read_workbook(path)
    assert pl.column("序号") == [str(n) for n in range(1, 13)]  # read as the number it is, half-width
    result = cli("validate", path)
    assert "QZ102" not in result.output and "QZ103" not in result.output
    text = cli("textconv", path).output  # what diff and git diff show: the item labelled with its 序号
    assert "\n## 3 行政检查" in text and "\n## 12 行政检查" in text and "３" not in text


def test_schema_accepts_full_width_seq_in_a_list_built_otherwise() -> None:
    records = [item(1), item(2, 序号="２"), item(3, 序号="３")]
    pl = PowerList.from_records([{k: str(v) for k, v in r.items()} for r in records])
    assert pl.column("序号") == ["1", "２", "３"]
    assert _seq_codes(pl) == []
    bad = PowerList.from_records([{k: str(v) for k, v in r.items()} for r in [item(1), item(2, 序号="２．")]])
    assert _seq_codes(bad) == ["QZ102"]


# --- 5. 序号 cells formatted as dates ----------------------------------------------------------------------


def test_seq_formatted_as_a_date_reads_as_its_number(tmp_path: Path, cli) -> None:
    from openpyxl import load_workbook

    numbers = [1, 2, 3, 4, 5, 59, 60, 61, 999]
    items = [item(n) for n in numbers]
    items.append(item(1000, 备注="2022年7月18日"))
    path = write_rows(tmp_path / "a.xlsx", [ONE_ROW_HEADER, *rows_for(items)])
    wb = load_workbook(path)
    ws = wb.active
    assert ws is not None
    for r in range(2, len(items) + 2):
        ws.cell(r, 1).number_format = "yyyy/m/d"
    wb.save(path)
    pl = read_workbook(path)
    assert pl.column("序号")[:9] == [str(n) for n in numbers]
    assert pl.column("序号")[9] == "1902年9月26日"  # 1000 and above: not taken for a mistaken format
    assert "1900年" not in cli("validate", path).output


def test_seq_formatted_as_a_date_in_ods(tmp_path: Path) -> None:
    date_cell = '<table:table-cell office:value-type="date" office:date-value="1900-01-04T00:00:00"><text:p>1900/1/4</text:p></table:table-cell>'
    rows = [_ods_row([_ods_cell(h) for h in ONE_ROW_HEADER])]
    for n in (1, 2, 3, 4):
        rows.append(_ods_row([_ods_cell(n if n != 4 else None), *[_ods_cell(item(n)[h]) for h in ONE_ROW_HEADER[1:]]]))
    rows.append(_ods_row([date_cell, *[_ods_cell(item(5)[h]) for h in ONE_ROW_HEADER[1:]]]))  # LibreOffice's serial 5
    pl = read_workbook(write_ods(tmp_path / "a.ods", {"权责清单": rows}))
    assert pl.column("序号") == ["1", "2", "3", "", "5"]


# --- 6. hidden rows ----------------------------------------------------------------------------------------


def test_hidden_rows_are_read_and_reported(tmp_path: Path, cli) -> None:
    from openpyxl import load_workbook

    path = write_rows(tmp_path / "a.xlsx", [ONE_ROW_HEADER, *rows_for([item(n) for n in range(1, 6)])])
    wb = load_workbook(path)
    ws = wb.active
    assert ws is not None
    ws.row_dimensions[4].hidden = True
    ws.row_dimensions[5].hidden = True
    ws.row_dimensions[20].hidden = True  # below the list: no item, no finding
    wb.save(path)
    pl = read_workbook(path)
    assert len(pl) == 5
    hidden = [w for w in pl.warnings if w.code == "QZ008"]
    assert [(w.row, w.item, w.severity) for w in hidden] == [(4, 2, "warning"), (5, 3, "warning")]
    assert hidden[0].message.startswith("第 4 行在 Excel 中是隐藏的，仍作为事项读取")
    assert "如该事项已取消，请删除这一行" in hidden[0].message
    assert "QZ008" in cli("validate", path).output


def test_hidden_rows_of_ods() -> None:
    pl = read_workbook(FIX / "merged.ods")  # LibreOffice writes table:visibility="collapse" on row 7
    assert [(w.code, w.row) for w in pl.warnings if w.code == "QZ008"] == [("QZ008", 7)]


# --- 7. the lock file Excel/WPS keeps beside an open workbook ---------------------------------------------

_OWNER_FILE = b"\x02\xd5\xc5\xc8\xfd" + b"\x00" * 50 + b"\x02\x00 _\tN" + b"\x00" * 104  # 165 bytes, as Excel


def test_excel_lock_file_is_named_as_such(tmp_path: Path, cli) -> None:
    _with_notice(tmp_path / "兴安县保密局权责清单2026.xlsx", _NOTICE)
    lock = tmp_path / "~$安县保密局权责清单2026.xlsx"  # Excel drops two characters of a long name
    lock.write_bytes(_OWNER_FILE)
    for args in (("validate", lock), ("import", lock, "-o", tmp_path / "out.xlsx"), ("diff", lock, lock)):
        result = cli(*args)
        assert result.exit_code == 2, args
        assert "Excel/WPS 打开工作簿时自动生成的锁定文件" in result.output
        assert "请改用同一文件夹中的“兴安县保密局权责清单2026.xlsx”" in result.output
        assert "图片" not in result.output
    assert not (tmp_path / "out.xlsx").exists()


def test_libreoffice_lock_file_is_named_as_such(tmp_path: Path, cli) -> None:
    lock = tmp_path / ".~lock.清单.xlsx#"
    lock.write_text(",clerk,host,28.11.2025 10:00,file:///home/clerk/.config/libreoffice/4;", encoding="utf-8")
    result = cli("validate", lock)
    assert result.exit_code == 2 and "LibreOffice 打开工作簿时自动生成的锁定文件" in result.output
    assert "文件名前后没有“.~lock.”和“#”的那个文件" in result.output  # no 清单.xlsx beside it
