"""Small builders for test workbooks (real .xlsx files written with openpyxl)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

from toolkit.model import COLUMN_NAMES

ONE_ROW_HEADER = list(COLUMN_NAMES)
# The official two-row header as published: group row over sub-column row, with its merges.
GROUP_ROW = ["序号", "权力分类", "权力清单", "", "", "", "", "责任清单", "", "", "", "", "备注"]
SUB_ROW = [
    "",
    "",
    "项目名称",
    "子项名称",
    "实施主体",
    "承办的内设机构",
    "实施依据",
    "责任事项（明确责任主体）",
    "责任事项依据",
    "追责情形（明确内部追责主体）",
    "追责依据",
    "免责事项",
    "",
]
TWO_ROW_MERGES = ("A1:A2", "B1:B2", "C1:G1", "H1:L1", "M1:M2")


def item(n: int, **over: str) -> dict[str, Any]:
    """A complete, plausible item numbered ``n``."""
    base = {
        "序号": n,
        "权力分类": "行政检查",
        "项目名称": f"对保密工作的检查{n}",
        "子项名称": "",
        "实施主体": "兴安县国家保密局",
        "承办的内设机构": "",
        "实施依据": "1．【法律】《中华人民共和国保守国家秘密法》第六条：……\n2．【行政法规】《实施条例》第三条：……",
        "责任事项": "1．检查责任：依法开展检查（县国家保密局）。\n2．处置责任：督促整改（县国家保密局）。",
        "责任事项依据": "1．《中华人民共和国保守国家秘密法》第四十五条。",
        "追责情形": "1．不履行检查职责的。",
        "追责依据": "1．【法律】《中华人民共和国公务员法》第六十一条。",
        "免责事项": "",
        "备注": "",
    }
    base.update(over)
    return base


def write_rows(
    path: Path,
    rows: list[list[Any]],
    *,
    sheet: str = "权责清单",
    merges: tuple[str, ...] = (),
    extra_sheets: dict[str, list[list[Any]]] | None = None,
) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    for name, srows in (extra_sheets or {}).items():
        other = wb.create_sheet(name)
        for r in srows:
            other.append(r)
    wb.save(path)
    return path


def rows_for(items: list[dict[str, Any]], header: list[str] | None = None) -> list[list[Any]]:
    header = header or ONE_ROW_HEADER
    return [[it.get(h, "") for h in header] for it in items]


def patch_sheet(path: Path, old: str, new: str, member: str = "xl/worksheets/sheet1.xml") -> Path:
    """Replace text in a sheet's XML: for content openpyxl refuses to write (over-long cells)."""
    import zipfile

    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == member:
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            dst.writestr(info, data)
    tmp.replace(path)
    return path
