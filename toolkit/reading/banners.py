"""Rows that carry a value for the rows below them, and the department named above the table.

A banner row is a row with one text across the table (“一、行政许可（共5项）”, “职权类别：行政征收”,
“实施主体：县交通运输局”): the 权力分类 or 实施主体 of the items below it, up to the next banner. The
department row above the header (“填报单位：县交通运输局”) is often the only place a list names its agency.
Their text goes into the items' cells (where those are empty), so nothing is lost, and the reader says so.

>>> banner("一、行政许可（共5项）"), banner("职权类别：行政征收"), banner("实施主体：县交通运输局")
(('权力分类', '行政许可'), ('权力分类', '行政征收'), ('实施主体', '县交通运输局'))
>>> banner("注：本表依据……"), department("填报单位（盖章）：县交通运输局"), department("县交通运输局权责清单")
(None, '县交通运输局', None)
"""

from __future__ import annotations

import re
from typing import Any

from ..model import CATEGORIES, LOCAL_CATEGORIES, PLACED_LAYOUT, PLACED_STANDARD, Finding, Placement
from .cells import clean_value, clip

_TITLE_CATEGORIES = (*CATEGORIES, *LOCAL_CATEGORIES)

_NUMBER = r"(?:[一二三四五六七八九十百]+\s*[、.．]|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十\d]+[部分类章节]\s*|\d{1,2}\s*[、.．])?\s*"
_COUNT = r"\s*(?:[（(]\s*(?:共|计)?\s*\d+\s*(?:项|个|条)\s*[）)])?\s*$"
_KNOWN = "|".join(sorted((*CATEGORIES, *LOCAL_CATEGORIES, "其他权力", "其他职权", "行政备案"), key=len, reverse=True))
# A category: a known one, or one in the form categories take (行政XX, 其他XX权力), with an optional 类.
_CATEGORY_RE = re.compile(
    rf"^{_NUMBER}(?:(?:职权|权力|事项|权责|执法)?(?:类别|类型|分类)\s*[：:]\s*|[\u4e00-\u9fff、及和]{{1,20}}类)?"
    rf"(?P<cat>{_KNOWN}|行政[\u4e00-\u9fff]{{2,4}}|其他[\u4e00-\u9fff]{{0,4}}(?:权力|职权))类?(?:事项)?{_COUNT}"
)
_BODY_RE = re.compile(
    rf"^{_NUMBER}(?:实施主体|责任主体|执法主体|行使主体|实施机关|实施部门|实施单位|责任单位)\s*[：:]\s*(?P<body>\S.{{1,40}}?)\s*$"
)
_DEPARTMENT_RE = re.compile(
    r"^(?:填报单位|填报部门|单位名称|部门名称|报送单位|编制单位|单位|部门|实施主体|责任主体)\s*(?:[（(][^）)]*[）)])?\s*[：:]\s*"
    r"(?P<name>[^\s：:]{2,40}?)\s*(?:(?:填报|报送)?(?:日期|时间)\s*[：:].*)?$"
)
# Names of agencies end like these (a text ending otherwise is not taken for one).
_AGENCY_END_RE = re.compile(
    r"(?:局|委员会|委|办公室|办|厅|院|中心|站|所|队|部|府|政府|街道办事处|镇|乡|处|会|馆|社|署)$"
)


def banner(text: str) -> tuple[str, str] | None:
    """(column, value) a banner row gives the rows below it, or None when the text is not one."""
    t = text.strip().replace("\n", "")
    if not t or len(t) > 60:
        return None
    m = _CATEGORY_RE.match(t)
    if m:
        return "权力分类", m.group("cat")
    m = _BODY_RE.match(t)
    if m and _AGENCY_END_RE.search(m.group("body")):
        return "实施主体", m.group("body")
    return None


def department(text: str) -> str | None:
    """The agency a line above the table names (填报单位：…), or None."""
    t = text.strip().replace("\n", " ")
    m = _DEPARTMENT_RE.match(t)
    if m and _AGENCY_END_RE.search(m.group("name")):
        return m.group("name")
    return None


def title_category(line: str) -> str | None:
    """The one category a title names for the whole list (“…区行政许可事项清单”), or None.

    >>> title_category("杭州市西湖区行政许可事项清单(2022年)"), title_category("县交通运输局权责清单")
    ('行政许可', None)
    """
    named = [c for c in _TITLE_CATEGORIES if c in line]
    return named[0] if len(named) == 1 and ("清单" in line or "目录" in line) else None


def fill_category(
    out: dict[str, list[str]], category: str, n: int, where: str, warnings: list[Finding], sheet: str
) -> None:
    """A category named once for the whole table (in a header or the title): the empty 权力分类 cells."""
    col = out.setdefault("权力分类", [""] * n)
    empty = [k for k in range(n) if not col[k]]
    if not empty:
        return
    for k in empty:
        col[k] = category
    warnings.append(
        Finding(
            "QZ012",
            "info",
            f"{where}写明了权力分类：“权力分类”为空的 {len(empty)} 个事项填为“{category}”。",
            sheet=sheet or None,
        )
    )


def fill_from_banners(out: dict[str, list[str]], banners: dict[int, dict[str, str]], n: int) -> None:
    if not banners:
        return
    for k, values in banners.items():
        for column, value in values.items():
            col = out.setdefault(column, [""] * n)
            if not col[k]:
                col[k] = value


def above_table(
    above: list[list[Any]],
    out: dict[str, list[str]],
    warnings: list[Finding],
    sheet: str,
    where: str,
    first_section: int | None = None,
) -> list[Placement]:
    """The rows above the header: a department row fills an empty 实施主体; the heading right above the header
    (“一、行政许可（共3项）”) is the banner of the first ``first_section`` items (those before the first banner
    row below the header); a row that is another table's header is named (QZ013); every row is named."""
    from .header import detect_header

    placed: list[Placement] = []
    n = len(next(iter(out.values()), []))
    last = max((r for r, row in enumerate(above) if any(clean_value(v) for v in row)), default=-1)
    other = [r for r, row in enumerate(above) if detect_header([row]) is not None]
    if other:
        first = "　".join(t for t in (clean_value(v) for v in above[other[0]]) if t)
        warnings.append(
            Finding(
                "QZ013",
                "warning",
                f"{where}上方第 {other[0] + 1} 行起还有一个表头不同的表格（表头“{clip(first)}”），没有作为清单读取"
                f"（其各行见下面的提示）：只读取了第 {len(above) + 1} 行表头下的表格。请把它们分开，"
                "每个文件一份清单，再逐个导入；若是同一份清单，请把表头改得一致。",
                sheet=sheet or None,
                row=other[0] + 1,
            )
        )
    for r, row in enumerate(above):
        texts = list(dict.fromkeys(t for t in (clean_value(v) for v in row) if t))
        if not texts:
            continue
        line = "　".join(texts)
        heading = banner(line) if r == last and not other and len(texts) == 1 else None
        empty = [k for k in range(first_section or 0) if heading and not out.get(heading[0], [""] * n)[k]]
        if heading is not None and empty:
            column, value = heading
            col = out.setdefault(column, [""] * n)
            for k in empty:
                col[k] = value
            warnings.append(
                Finding(
                    "QZ012",
                    "info",
                    f"{where}上方第 {r + 1} 行“{clip(line)}”是第一组的分组行：其下 {len(empty)} 个事项“{column}”为空的，"
                    f"填为“{value}”。",
                    sheet=sheet or None,
                    row=r + 1,
                )
            )
            placed.append(Placement(f"第 {r + 1} 行：{clip(line)}", PLACED_STANDARD, column, "填入其下事项"))
            continue
        agency = next((a for a in map(department, texts) if a), None) or department(line)
        body = out.get("实施主体")
        if agency and (body is None or not all(body)):
            col = out.setdefault("实施主体", [""] * n)
            for k in range(n):
                if not col[k]:
                    col[k] = agency
            warnings.append(
                Finding(
                    "QZ012",
                    "info",
                    f"{where}上方第 {r + 1} 行“{clip(line)}”写明了单位：“实施主体”为空的事项填为“{agency}”。",
                    sheet=sheet or None,
                    row=r + 1,
                )
            )
            placed.append(Placement(f"第 {r + 1} 行：{clip(line)}", PLACED_STANDARD, "实施主体", "填入空的单元格"))
            continue
        category = title_category(line)
        if category:
            fill_category(out, category, n, f"{where}上方的标题“{clip(line)}”", warnings, sheet)
        warnings.append(
            Finding(
                "QZ004",
                "info",
                f"{where}上方第 {r + 1} 行（“{clip(line)}”）是标题或说明，已略过。",
                sheet=sheet or None,
                row=r + 1,
            )
        )
        placed.append(Placement(f"第 {r + 1} 行：{clip(line)}", PLACED_LAYOUT))
    return placed


__all__ = ["above_table", "banner", "department", "fill_category", "fill_from_banners", "title_category"]
