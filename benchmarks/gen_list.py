"""Generate realistic, seed-like master workbooks for benchmarks.

Items are derived from the seed's five items: each multi-paragraph cell is refilled with paragraphs drawn
from the same column of all seed items (article numbers, units and places varied, numbering redone), up to
the length that column has in a randomly chosen seed item, so items average ~2,300 characters over the 13
columns and no two are alike. Written as Excel writes it (shared strings), see :func:`write_list`.

    .venv/bin/python benchmarks/gen_list.py -n 10000 -o benchmarks/data/list-10000.xlsx
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl.utils import get_column_letter  # noqa: E402

from toolkit.importers import import_file  # noqa: E402
from toolkit.model import CATEGORIES, COLUMN_NAMES, MULTILINE_COLUMNS, NOTICE_FIELDS, NOTICE_SHEET  # noqa: E402

SEED = ROOT / "tests" / "fixtures" / "seed.txt"
COUNTIES = ["兴安县", "灵川县", "全州县", "阳朔县", "龙胜各族自治县", "资源县", "平乐县", "荔浦市", "恭城瑶族自治县"]
SUBJECTS = ["国家秘密载体", "涉密会议", "涉密信息系统", "保密要害部门部位", "涉密人员", "定密工作", "保密宣传教育",
            "涉密测绘成果", "涉密档案", "密码设备", "泄密事件", "涉密工程"]
ACTIONS = ["行政强制", "行政检查", "监督检查", "行政确认", "行政处罚", "审查", "备案"]
_CN = "零一二三四五六七八九"
_ARTICLE_RE = re.compile(r"第[零一二三四五六七八九十百]+条")
_NUMBER_RE = re.compile(r"^\d+(—\d+)?．")


def cn_number(n: int) -> str:
    """1..999 in Chinese numerals: 45 -> 四十五."""
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    if n < 100:
        return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")
    rest = n % 100
    return _CN[n // 100] + "百" + ("" if not rest else ("零" + _CN[rest] if rest < 10 else cn_number(rest)))


def _pools(records: list[dict[str, str]]) -> dict[str, list[str]]:
    pools: dict[str, list[str]] = {c: [] for c in MULTILINE_COLUMNS}
    for r in records:
        for c in MULTILINE_COLUMNS:
            pools[c].extend(_NUMBER_RE.sub("", p) for p in r[c].split("\n") if p.strip())
    return {c: [p for p in ps if len(p) > 6] for c, ps in pools.items()}


def make_items(n: int, seed: int = 1) -> list[list[str]]:
    """``n`` items as rows of the 13 standard columns."""
    rng = random.Random(seed)
    records = import_file(SEED).records()
    pools = _pools(records)
    rows: list[list[str]] = []
    for i in range(n):
        base = rng.choice(records)
        county = rng.choice(COUNTIES)
        name = f"对{rng.choice(SUBJECTS)}的{rng.choice(ACTIONS)}"
        item = {
            "序号": str(i + 1),
            "权力分类": rng.choice(CATEGORIES[:8] + ("行政检查", "行政强制", "其他行政权力")),
            "项目名称": name,
            "子项名称": f"{name}（{cn_number(rng.randint(1, 5))}）" if rng.random() < 0.2 else "",
            "实施主体": f"中共{county}委员会办公室（{county}国家保密局）",
            "承办的内设机构": rng.choice(["", "", "保密科", "综合股"]),
            "备注": rng.choice(["", "", "", "根据2024年修订的保密法调整"]),
        }
        for col in MULTILINE_COLUMNS:
            if col in item:
                continue
            target = len(base[col]) * rng.uniform(0.65, 1.0)
            paras: list[str] = []
            size = 0
            while size < target and pools[col]:
                p = rng.choice(pools[col])
                p = _ARTICLE_RE.sub(lambda _m: f"第{cn_number(rng.randint(1, 120))}条", p)
                p = p.replace("兴安县", county)
                paras.append(f"{len(paras) + 1}．{p}")
                size += len(paras[-1]) + 1
            item[col] = "\n".join(paras)
        rows.append([item.get(c, "") for c in COLUMN_NAMES])
    return rows


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _sheet_xml(rows: list[list[object]], strings: dict[str, int], merges: tuple[str, ...] = ()) -> str:
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, v in enumerate(row):
            if v is None or v == "":
                continue
            ref = f"{get_column_letter(c + 1)}{r}"
            if isinstance(v, int):
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            else:
                idx = strings.setdefault(str(v), len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{idx}</v></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    out.append("</sheetData>")
    if merges:
        out.append(f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
                   + "</mergeCells>")
    out.append("</worksheet>")
    return "".join(out)


def write_list(rows: list[list[str]], path: Path) -> None:
    """Write the list the way Excel and WPS do: shared strings in UTF-8, official merged two-row header.

    (openpyxl writes inline strings with every CJK character as a numeric entity, a file three times larger
    than Excel's, which would make the benchmark measure XML bloat instead of realistic files.)
    """
    strings: dict[str, int] = {}
    header = [["序号", "权力分类", "权力清单", None, None, None, None, "责任清单", None, None, None, None, "备注"],
              [None, None, *COLUMN_NAMES[2:12], None]]
    body: list[list[object]] = [[int(r[0]), *r[1:]] for r in rows]
    sheet1 = _sheet_xml([*header, *body], strings, ("A1:A2", "B1:B2", "C1:G1", "H1:L1", "M1:M2"))
    notice = [["字段", "内容"], *([f.name, {"发文字号": "兴保发〔2026〕1号", "标题": "关于公布权责清单的通知"}.get(f.name)]
                                 for f in NOTICE_FIELDS)]
    sheet2 = _sheet_xml(notice, strings)
    sst = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
           f'spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">']
    sst.extend(f'<si><t xml:space="preserve">{_esc(s)}</t></si>' for s in strings)
    sst.append("</sst>")
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet2.xml" ContentType="{ct}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
        f'{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{main}" '
        f'xmlns:r="{rel}"><sheets><sheet name="权责清单" sheetId="1" r:id="rId1"/>'
        f'<sheet name="{NOTICE_SHEET}" sheetId="2" r:id="rId2"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/worksheet" Target="worksheets/sheet2.xml"/>'
        f'<Relationship Id="rId3" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": sheet1,
        "xl/worksheets/sheet2.xml": sheet2,
        "xl/sharedStrings.xml": "".join(sst),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in parts.items():
            zf.writestr(name, text.encode("utf-8"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-n", "--items", type=int, default=10000)
    ap.add_argument("-o", "--output", type=Path, default=ROOT / "benchmarks" / "data" / "list-10000.xlsx")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    t0 = time.perf_counter()
    rows = make_items(args.items, args.seed)
    write_list(rows, args.output)
    chars = sum(len(v) for r in rows for v in r)
    print(f"{args.items} items, {chars / args.items:.0f} characters per item, "
          f"{args.output.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - t0:.1f} s -> {args.output}")


if __name__ == "__main__":
    main()
