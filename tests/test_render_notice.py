"""A notice with every field (red issuer mark, 版记) and edge cases: no items, long lists in parallel parts."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from toolkit.model import PowerList
from toolkit.render import render
from toolkit.render.layout import LINE_PT

from .render_helpers import FULL_NOTICE, MM, folio, norm, pages, pdf_font, pdftotext

LEFT, RIGHT, BOTTOM = 28 * MM, (28 + 156) * MM, (37 + 225) * MM

FULL = FULL_NOTICE


def _items(n: int) -> list[dict[str, str]]:
    return [
        {
            "序号": str(i + 1),
            "权力分类": "行政检查",
            "项目名称": f"对第{i + 1}类涉密事项的检查",
            "实施主体": "兴安县国家保密局",
            "实施依据": f"1．【法律】《中华人民共和国保守国家秘密法》第{i + 1}条。",
            "责任事项": "1．检查责任（县国家保密局）。\n2．处置责任（县国家保密局）。",
            "追责情形": "1．未依法履行职责的（县国家保密局）。",
            "追责依据": "1．【法律】《中华人民共和国公务员法》。",
        }
        for i in range(n)
    ]


@pytest.fixture(scope="module", params=["single", "parallel"], ids=["one-process", "parallel-chunks"])
def full_notice(request, tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("full") / "full.pdf"
    pl = PowerList.from_records(_items(3), notice=FULL)
    if request.param == "single":
        return render(pl, out, jobs=1)
    return render(pl, out, jobs=2, chunk_items=1)


def test_issuer_mark_is_red_and_centred(full_notice):
    page = pages(full_notice.pdf)[0]
    mark = [c for c in page["chars"] if c["text"] in "兴安县国家保密局文件" and c["size"] > 30]
    assert "".join(c["text"] for c in mark) == FULL.issuer_mark
    assert all(c["non_stroking_color"][0] > 0.8 and max(c["non_stroking_color"][1:]) < 0.2 for c in mark)
    mid = (min(c["x0"] for c in mark) + max(c["x1"] for c in mark)) / 2
    assert mid == pytest.approx((LEFT + RIGHT) / 2, abs=2)
    # its top edge 35 mm below the type area's top (within the font's internal leading)
    assert min(c["top"] for c in mark) == pytest.approx((37 + 35) * MM, abs=8)


def test_headings_use_their_faces(full_notice):
    # “（一）工作步骤” stands alone above 特此通知, which goes to page 2 with the signature: so does the heading.
    fonts = {
        c["text"]: c["fontname"]
        for page in pages(full_notice.pdf)[:2]
        for c in page["chars"]
        if c["size"] == pytest.approx(16, abs=0.1)
    }
    assert pdf_font("hei") in fonts["总"]  # 一、总体要求。 in 黑体
    assert pdf_font("kai") in fonts["步"]  # （一）… in 楷体 (not 仿宋)


def test_banji_at_the_foot_of_the_last_page(full_notice):
    doc = pages(full_notice.pdf)
    last = doc[-1]
    assert last["height"] > last["width"]  # portrait again after the landscape table
    text = norm(pdftotext(full_notice.pdf, first=len(doc), last=len(doc)))
    assert "抄送：县委办公室，县人民政府办公室。" in text
    assert "兴安县国家保密局办公室" in text and "2024年3月1日印发" in text
    rules = sorted((r for r in last["rects"] if r["x1"] - r["x0"] > 150 * MM), key=lambda r: r["top"])
    assert len(rules) == 3
    assert rules[-1]["bottom"] == pytest.approx(BOTTOM, abs=1.5)  # last rule on the type area's bottom edge
    assert all(r["x0"] == pytest.approx(LEFT, abs=0.5) and r["x1"] == pytest.approx(RIGHT, abs=0.5) for r in rules)


def test_page_numbers_run_through_all_parts(full_notice):
    doc = pages(full_notice.pdf)
    numbers = [folio(p)[0] for p in doc]
    assert len(numbers) == full_notice.pages
    # 版记 on 封四: an even last page, numbered unless a blank page had to go before it (then neither is, §7.5)
    assert len(doc) % 2 == 0
    if numbers[-2] is None:
        assert not norm(pdftotext(full_notice.pdf, first=len(doc) - 1, last=len(doc) - 1))  # the blank page
        assert numbers[-1] is None
        numbered = numbers[:-2]
    else:
        numbered = numbers
    assert numbered == list(range(1, len(numbered) + 1))


@pytest.mark.parametrize("items", [0, 1, 2, 3], ids=lambda n: f"{n}-items")
def test_banji_always_on_an_even_page(tmp_path: Path, items: int):
    result = render(PowerList.from_records(_items(items), notice=FULL), tmp_path / "b.pdf", jobs=1)
    doc = pages(result.pdf)
    assert len(doc) % 2 == 0
    assert "印发" in norm(pdftotext(result.pdf, first=len(doc), last=len(doc)))
    blank_before = not norm(pdftotext(result.pdf, first=len(doc) - 1, last=len(doc) - 1))
    assert folio(doc[-1])[0] == (None if blank_before else len(doc))  # §7.5


def test_signature_never_alone_on_a_page(tmp_path: Path):
    """Whatever the body's length, 署名 and 成文日期 share their page with the end of the body (§7.3.5)."""
    from dataclasses import replace

    base = "根据有关法律法规的修订情况，我局对权责清单进行了调整，请各单位遵照执行。"  # 37 characters
    alone = []
    for extra in range(8):  # body lengths across a page end: one of them used to leave the signature alone
        notice = replace(
            FULL,
            body="\n".join([base * 3] * (4 + extra // 2) + [base * (1 + extra % 2)]),
            cc="",
            printer="",
            print_date="",
        )
        result = render(PowerList.from_records([], notice=notice), tmp_path / f"s{extra}.pdf", jobs=1)
        doc = pages(result.pdf)
        for n in range(1, len(doc) + 1):
            text = norm(pdftotext(result.pdf, first=n, last=n))
            if FULL.date in text:
                body_text = (
                    text.replace(FULL.signature, "").replace(FULL.date, "").replace("—", "").strip("0123456789 ")
                )
                if not body_text:
                    alone.append(extra)
    assert not alone, alone


def test_notice_without_items(tmp_path: Path):
    result = render(PowerList.from_records([], notice=FULL), tmp_path / "n.pdf", jobs=1)
    doc = pages(result.pdf)
    assert all(p["height"] > p["width"] for p in doc)  # no attachment pages
    text = norm(pdftotext(result.pdf))
    assert "附件：兴安县国家保密局权责清单" in text and "序号" not in text


def test_heading_runs_keep_the_line_grid(tmp_path: Path):
    """“一、” (黑体) and “（一）” (楷体) heading runs do not push later 仿宋 lines off the 22-line grid."""
    notice = dataclasses.replace(FULL, body="甲。\n一、总体要求。\n（一）工作步骤\n乙。\n丙。")
    result = render(PowerList.from_records(_items(1), notice=notice), tmp_path / "grid.pdf", jobs=1)
    page = pages(result.pdf)[0]
    start = next(c for c in page["chars"] if c["text"] == "各" and abs(c["size"] - 16) < 0.1)
    same_face = [c for c in page["chars"] if c["fontname"] == start["fontname"] and abs(c["size"] - 16) < 0.1]
    tops = sorted({round(c["top"], 2) for c in same_face if c["top"] >= start["top"]})
    after_headings = [t for t in tops if any(c["text"] == "乙" and round(c["top"], 2) == t for c in same_face)]
    assert after_headings, "the line after the headings is not on the first page"
    offsets = [(t - tops[0]) / LINE_PT for t in tops]
    assert all(abs(o - round(o)) * LINE_PT < 0.3 for o in offsets), offsets


HEADED_BODY = (
    "为进一步规范权责清单管理，现将有关事项通知如下。\n一、调整范围\n本次调整涉及保密法修订后的条款。\n"
    "（一）条款序号更新。按照修订后的保密法更新条款序号，涉及多项内容。\n（二）事项合并。将泄密隐患的行政强制并入监督检查。\n"
    "1．第一项。具体内容如下所述。\n二、工作要求\n各单位要认真对照执行，确保权责清单准确。"
)


def test_heading_line_never_ends_a_page(sample_list, tmp_path: Path):
    """With the sample's 版头 this body's “二、工作要求” falls on the last line of page 1: it goes over with the
    paragraph it heads instead of standing alone at the foot of the page."""
    pl = PowerList.from_records(sample_list.records(), notice=dataclasses.replace(sample_list.notice, body=HEADED_BODY))
    result = render(pl, tmp_path / "headed.pdf", jobs=1)
    texts = [norm(pdftotext(result.pdf, first=i, last=i)) for i in (1, 2)]
    where = [i for i, t in enumerate(texts) if "二、工作要求" in t]
    assert where, texts
    assert "各单位要认真对照执行" in texts[where[0]]
