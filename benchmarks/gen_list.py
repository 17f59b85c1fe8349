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

from toolkit.citations.parse import cn_numeral  # noqa: E402
from toolkit.model import CATEGORIES, COLUMN_NAMES, MULTILINE_COLUMNS, NOTICE_FIELDS, NOTICE_SHEET  # noqa: E402
from toolkit.reading import import_file  # noqa: E402

SEED = ROOT / "tests" / "fixtures" / "seed.txt"
COUNTIES = ["兴安县", "灵川县", "全州县", "阳朔县", "龙胜各族自治县", "资源县", "平乐县", "荔浦市", "恭城瑶族自治县"]
SUBJECTS = [
    "国家秘密载体",
    "涉密会议",
    "涉密信息系统",
    "保密要害部门部位",
    "涉密人员",
    "定密工作",
    "保密宣传教育",
    "涉密测绘成果",
    "涉密档案",
    "密码设备",
    "泄密事件",
    "涉密工程",
]
ACTIONS = ["行政强制", "行政检查", "监督检查", "行政确认", "行政处罚", "审查", "备案"]
_ARTICLE_RE = re.compile(r"第[零一二三四五六七八九十百]+条")
_NUMBER_RE = re.compile(r"^\d+(—\d+)?．")


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
            "子项名称": f"{name}（{cn_numeral(rng.randint(1, 5))}）" if rng.random() < 0.2 else "",
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
                p = _ARTICLE_RE.sub(lambda _m: f"第{cn_numeral(rng.randint(1, 120))}条", p)
                p = p.replace("兴安县", county)
                paras.append(f"{len(paras) + 1}．{p}")
                size += len(paras[-1]) + 1
            item[col] = "\n".join(paras)
        rows.append([item.get(c, "") for c in COLUMN_NAMES])
    return rows


# --- realistic lists (default) ---------------------------------------------------------------------------------

# Laws with text in the shipped registry, cited with their current label and issuing order; the list is dated
# 2025-01-10 (its 成文日期), so the version in force then is the one quoted.
LIST_DATE = "2025年1月10日"
_LAWS = (
    ("中华人民共和国保守国家秘密法", "法律", "2024年主席令第20号修订", 5),
    ("中华人民共和国保守国家秘密法实施条例", "行政法规", "2024年国务院令第786号修订", 5),
    ("中华人民共和国行政强制法", "法律", "2011年主席令第49号公布", 3),
    ("中华人民共和国立法法", "法律", "2023年主席令第3号修正", 1),
)
_ORGS = ["国家保密局", "保密办", "保密技术服务中心", "机要保密局"]
_OBJECTS = [
    *SUBJECTS,
    "涉密计算机",
    "涉密网络",
    "涉密采购",
    "涉密科研项目",
    "涉密展览",
    "涉密出版物",
    "涉密会议室",
    "涉密通信",
    "保密自查自评",
    "保密责任制",
    "涉密载体销毁",
    "涉密人员离岗",
    "保密技术防护",
    "涉密资质单位",
    "保密教育培训",
    "涉密业务外包",
]
_DOING = [
    "管理",
    "使用",
    "保管",
    "复制",
    "传递",
    "销毁",
    "维修",
    "携带外出",
    "审查",
    "登记",
    "备案",
    "审批",
    "定期检查",
    "风险评估",
    "专项整治",
    "信息公开前保密审查",
]
_ACTIONS = ["行政检查", "行政强制", "行政处罚", "行政确认", "监督检查", "行政指导", "其他行政权力"]
_DUTY_ROLES = [
    "受理",
    "审查",
    "决定",
    "送达",
    "告知",
    "检查",
    "调查",
    "处理",
    "监督",
    "整改",
    "复查",
    "归档",
    "执行",
    "报告",
    "指导",
    "培训",
]


_FULL_PUNCT = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）"})


def _quotes(law_name: str) -> list[tuple[int, str, str]]:
    """(article, chapter, quote) for each article of the version in force at the list date."""
    import datetime as dt

    from toolkit.citations.registry import load_registry

    law = load_registry(env=False).find(law_name)
    assert law is not None, law_name
    v = law.version_at(dt.date(2025, 1, 10))
    assert v is not None
    out = []
    for n, a in v.articles.items():
        paras = [p for p in a.text.split("\n") if p.strip()]
        if not paras:
            continue
        q = paras[0]
        if q.rstrip().endswith(("：", ":")) and len(paras) > 1:
            q += paras[1]
        q = q.translate(_FULL_PUNCT)  # some shipped texts keep half-width marks; lists use full-width ones
        if len(q) > 160:  # quote the first sentences, as clerks do
            cut = q.find("。", 60)
            q = q[: cut + 1] if 0 < cut < 200 else q[:160] + "……"
        out.append((n, a.chapter or "", q))
    return out


class _Citer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.laws = [(name, label, issued, w, _quotes(name)) for name, label, issued, w in _LAWS]
        self.weights = [w for *_, w, _ in self.laws]

    def cite(self, number: str) -> str:
        name, label, issued, _, arts = self.rng.choices(self.laws, self.weights)[0]
        n, _, quote = self.rng.choice(arts)
        return f"{number}【{label}】《{name}》（{issued}）第{cn_numeral(n)}条：{quote}"


def _unique_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = f"对{rng.choice(_OBJECTS)}{rng.choice(_DOING)}的{rng.choice(_ACTIONS)}"
        if name in used:  # real lists tell items apart by their object: add a distinguishing qualifier
            name = f"对{rng.choice(COUNTIES)[:-1]}{rng.choice(_OBJECTS)}{rng.choice(_DOING)}的{rng.choice(_ACTIONS)}"
        if name not in used:
            used.add(name)
            return name


def _strip_party(p: str) -> str:
    return re.sub(r"[（(][^（）()]*[）)][。]?$|。?[（(][^（）()]*[）)]$", "", p).rstrip("。")


def make_realistic(n: int, seed: int = 1, defects: float = 0.015) -> list[list[str]]:
    """``n`` realistic items: unique names, parties named, numbering consistent, citations quoting the shipped
    law texts at the right article; about ``defects`` of the multi-paragraph cells carry one deliberate defect."""
    rng = random.Random(seed)
    records = import_file(SEED).records()
    pools = _pools(records)
    duty_pool = [_strip_party(p) for p in pools["责任事项"] if "：" in p[:8]]
    acc_pool = [
        _strip_party(p) for p in pools["追责情形"] if not p.startswith("因不履行") and not re.search(r"。\d+．", p)
    ]
    citer = _Citer(rng)
    used: set[str] = set()
    rows: list[list[str]] = []
    for i in range(n):
        county = rng.choice(COUNTIES)
        party = f"（{rng.choice(['县', county])}{rng.choice(_ORGS)}）"
        name = _unique_name(rng, used)
        obj = rng.choice(_OBJECTS)

        def vary(p: str, obj: str = obj, county: str = county) -> str:
            return p.replace("国家秘密载体", obj).replace("兴安县", county)

        duties = [vary(p) for p in rng.sample(duty_pool, rng.randint(4, 6))]
        duties = [f"{k}．{p}{party}。" for k, p in enumerate(duties, 1)]
        accs = [vary(p) for p in rng.sample(acc_pool, rng.randint(4, 6))]
        accs = ["因不履行或不正确履行行政职责，有下列情形的，行政机关及相关工作人员应承担相应的责任："] + [
            f"{k}．{p}{party}。" for k, p in enumerate(accs, 1)
        ]
        item = {
            "序号": str(i + 1),
            "权力分类": rng.choice(CATEGORIES[:8] + ("行政检查", "行政强制", "其他行政权力")),
            "项目名称": name,
            "子项名称": f"{name}（{cn_numeral(rng.randint(1, 5))}）" if rng.random() < 0.1 else "",
            "实施主体": f"中共{county}委员会办公室（{county}国家保密局）",
            "承办的内设机构": rng.choice(["", "", "保密科", "综合股"]),
            "实施依据": "\n".join(citer.cite(f"{k}．") for k in range(1, rng.randint(3, 5))),
            "责任事项": "\n".join(duties),
            "责任事项依据": "\n".join(citer.cite(f"{k}．") for k in range(1, min(len(duties), rng.randint(3, 5)) + 1)),
            "追责情形": "\n".join(accs),
            "追责依据": "\n".join(
                citer.cite(f"{k}—{j}．")
                for k in range(1, rng.randint(3, len(accs)))
                for j in range(1, rng.randint(2, 4))
            ),
            "免责事项": "法律法规规定的免责情形；自治区党委、自治区人民政府有关文件中明确的免责情形。",
            "备注": rng.choice(["", "", "", "根据2024年修订的保密法调整"]),
        }
        for col in MULTILINE_COLUMNS:
            if col in item and item[col] and rng.random() < defects:
                item[col] = _defect(rng, col, item[col])
        rows.append([item.get(c, "") for c in COLUMN_NAMES])
    return rows


def _defect(rng: random.Random, col: str, text: str) -> str:
    """One deliberate defect of the kinds clerks make (a validator finding each)."""
    lines = text.split("\n")
    k = rng.randrange(len(lines))
    line = lines[k]
    if "【" in line:  # a citation: misquote, wrong article, wrong label or missing label
        kind = rng.choice(["misquote", "article", "label", "nolabel"])
        if kind == "misquote" and "：" in line:
            head, quote = line.split("：", 1)
            if len(quote) > 10:
                j = rng.randrange(2, len(quote) - 2)
                line = f"{head}：{quote[:j]}{'不' if quote[j] != '不' else '未'}{quote[j + 1 :]}"
        elif kind == "article":
            line = re.sub(r"第[零一二三四五六七八九十百]+条", f"第{cn_numeral(rng.randint(150, 199))}条", line, count=1)
        elif kind == "label":
            line = line.replace("【法律】", "【行政法规】").replace("【行政法规】", "【地方性法规】", 1)
        else:
            line = re.sub(r"【[^】]*】", "", line, count=1)
    elif k > 0 and rng.random() < 0.5:  # two points fused on one line
        lines[k - 1] += line
        del lines[k]
        return "\n".join(lines)
    else:  # the party left out, or half-width punctuation
        line = re.sub(r"[（(][^（）()]*[）)]。$", "。", line) if rng.random() < 0.5 else line.replace("，", ",", 1)
    lines[k] = line
    return "\n".join(lines)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _sheet_xml(rows: list[list[object]], strings: dict[str, int], merges: tuple[str, ...] = ()) -> str:
    out = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    ]
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
        out.append(
            f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>"
        )
    out.append("</worksheet>")
    return "".join(out)


def write_list(rows: list[list[str]], path: Path, date: str = "") -> None:
    """Write the list the way Excel and WPS do: shared strings in UTF-8, official merged two-row header.

    (openpyxl writes inline strings with every CJK character as a numeric entity, a file three times larger
    than Excel's, which would make the benchmark measure XML bloat instead of realistic files.)
    """
    strings: dict[str, int] = {}
    header = [
        ["序号", "权力分类", "权力清单", None, None, None, None, "责任清单", None, None, None, None, "备注"],
        [None, None, *COLUMN_NAMES[2:12], None],
    ]
    body: list[list[object]] = [[int(r[0]), *r[1:]] for r in rows]
    sheet1 = _sheet_xml([*header, *body], strings, ("A1:A2", "B1:B2", "C1:G1", "H1:L1", "M1:M2"))
    notice = [
        ["字段", "内容"],
        *(
            [
                f.name,
                {
                    "发文字号": "兴保发〔2026〕1号",
                    "标题": "关于公布权责清单的通知",
                    "正文": "现将本单位权责清单予以公布。",
                    "成文日期": date or None,
                }.get(f.name),
            ]
            for f in NOTICE_FIELDS
        ),
    ]
    sheet2 = _sheet_xml(notice, strings)
    sst = [
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main" count="{len(strings)}" uniqueCount="{len(strings)}">'
    ]
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
    ap.add_argument("--defects", type=float, default=0.015, help="share of multi-paragraph cells with a defect")
    ap.add_argument("--legacy", action="store_true", help="the old generator: random article numbers, repeated names")
    args = ap.parse_args()
    t0 = time.perf_counter()
    if args.legacy:
        rows = make_items(args.items, args.seed)
        write_list(rows, args.output)
    else:
        rows = make_realistic(args.items, args.seed, args.defects)
        write_list(rows, args.output, LIST_DATE)
    chars = sum(len(v) for r in rows for v in r)
    print(
        f"{args.items} items, {chars / args.items:.0f} characters per item, "
        f"{args.output.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - t0:.1f} s -> {args.output}"
    )


if __name__ == "__main__":
    main()
