"""Body paragraphs set edge to edge (两端对齐): every line but a paragraph's last reaches the right edge."""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pytest

from toolkit import read_workbook
from toolkit.model import Notice, PowerList, split_paragraphs
from toolkit.render import render
from toolkit.render.fonts import resolve_fonts
from toolkit.render.html import NOTICE_SPACING, BodyParagraph, attachment_lines, body_paragraphs
from toolkit.render.justify import NO_END, NO_START, set_paragraph
from toolkit.render.layout import CHAR_PT, LINE_PT, TYPE_W

from .conftest import ROOT
from .render_helpers import MM, norm, pages, pdftotext

LEFT, RIGHT = 28 * MM, (28 + TYPE_W) * MM
WIDTH = TYPE_W * MM
SAMPLE_2025 = ROOT / "workbooks" / "xingan-2025.xlsx"
TOLERANCE = 0.5  # pt

DENSE = Notice(
    title="关于调整公布权责清单的通知",
    recipients="各乡（镇）、县直各单位",
    body=(
        "根据《中华人民共和国保守国家秘密法》（2024年2月27日修订）第52条和GB/T 9704-2012的规定，结合本局实际，"
        "现将2025年度权责清单（共646项，其中行政许可12项、行政处罚318项、行政强制7项）的调整情况通知如下。\n"
        "一、调整范围。按照“放管服”改革和《广西壮族自治区权责清单管理办法》（桂政发〔2019〕55号）的要求，"
        "对ISO 9001、GB/T 19001—2016等标准中涉及的12个事项逐项核对——删除3项、合并5项、更名4项……\n"
        "（一）工作步骤\n"
        "（二）时间安排。各单位于2025年3月31日前报送，逾期未报送的，视为无调整意见；"
        "联系电话：0773-6213456，电子邮箱：bmj@xingan.gov.cn。\n"
        "特此通知。"
    ),
    attachment="中共兴安县委办公室（兴安县国家保密局）2025年度权责清单及调整事项说明（含GB/T 9704-2012对照表）",
    signature="兴安县国家保密局",
    date="2025年3月18日",
)


def _item() -> list[dict[str, str]]:
    return [
        {
            "序号": "1",
            "权力分类": "行政检查",
            "项目名称": "对保密工作的监督检查",
            "实施主体": "兴安县国家保密局",
            "实施依据": "1．【法律】《中华人民共和国保守国家秘密法》第52条。",
            "责任事项": "1．检查责任。",
            "追责情形": "1．未依法履行职责的。",
            "追责依据": "1．【法律】《中华人民共和国公务员法》。",
        }
    ]


@pytest.fixture(scope="module")
def fonts():
    return resolve_fonts()


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    pl = read_workbook(SAMPLE_2025)
    out = tmp_path_factory.mktemp("justify") / "sample.pdf"
    render(pl, out, jobs=1)
    return out, split_paragraphs(pl.notice.body)


@pytest.fixture(scope="module")
def dense_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    out = tmp_path_factory.mktemp("justify") / "dense.pdf"
    render(PowerList.from_records(_item(), notice=DENSE), out, jobs=1)
    return out, split_paragraphs(DENSE.body)


# --- reading the lines back ------------------------------------------------------------------------------


def _lines(pdf: Path) -> list[dict]:
    """Lines of 3号 text on the portrait (notice) pages, in reading order. ``bottom`` is the bottom of the
    line's characters in the body face (None for a line all in a heading face, which sits a little off)."""
    out = []
    doc = pages(pdf)
    fonts = Counter(c["fontname"] for p in doc for c in p["chars"] if abs(c["size"] - 16) < 0.2)
    body_face = fonts.most_common(1)[0][0]
    for number, page in enumerate(doc):
        if page["width"] > page["height"]:
            continue
        rows: list[list[dict]] = []
        for c in sorted(page["chars"], key=lambda c: c["bottom"]):
            if abs(c["size"] - 16) < 0.2 and c["text"].strip():
                if rows and c["bottom"] - rows[-1][0]["bottom"] < 8:
                    rows[-1].append(c)
                else:
                    rows.append([c])
        for row in rows:
            cs = sorted(row, key=lambda c: c["x0"])
            body = [c["bottom"] for c in cs if c["fontname"] == body_face]
            out.append(
                {
                    "page": number,
                    "bottom": body[0] if body else None,
                    "x0": cs[0]["x0"],
                    "x1": cs[-1]["x1"],
                    "text": "".join(c["text"] for c in cs),
                }
            )
    return out


def _paragraph_lines(pdf: Path, paragraphs: list[str]) -> list[list[dict]]:
    """The PDF lines of each paragraph (paragraphs follow each other); fails if the text differs."""
    lines = _lines(pdf)
    out, i = [], 0
    for para in paragraphs:
        target = norm(para)
        while i < len(lines) and not target.startswith(norm(lines[i]["text"])):
            i += 1
        got, text = [], ""
        while i < len(lines) and len(text) < len(target):
            text += norm(lines[i]["text"])
            got.append(lines[i])
            i += 1
        assert text == target, f"paragraph text differs in the PDF:\n{text}\n{target}"
        out.append(got)
    return out


def _check_edges(paragraph: list[dict], first_x: float, rest_x: float) -> None:
    for k, line in enumerate(paragraph):
        start = first_x if k == 0 else rest_x
        assert line["x0"] == pytest.approx(start, abs=TOLERANCE), f"line starts off the edge: {line['text']}"
        if k < len(paragraph) - 1:
            assert line["x1"] == pytest.approx(RIGHT, abs=TOLERANCE), (
                f"line ends {(RIGHT - line['x1']) / MM:.2f} mm short of the right edge: {line['text']}"
            )
        else:
            assert line["x1"] <= RIGHT + TOLERANCE


def _check_pitch(paragraphs: list[list[dict]]) -> None:
    lines = [line for p in paragraphs for line in p]
    steps = [
        b["bottom"] - a["bottom"]
        for a, b in zip(lines, lines[1:], strict=False)
        if a["page"] == b["page"] and a["bottom"] and b["bottom"]
    ]
    assert steps
    assert all(s == pytest.approx(LINE_PT, abs=0.05) for s in steps), steps


# --- the rendered notices --------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["sample_pdf", "dense_pdf"])
def test_body_lines_reach_both_edges(which, request):
    pdf, paragraphs = request.getfixturevalue(which)
    found = _paragraph_lines(pdf, paragraphs)
    assert sum(len(p) > 1 for p in found) >= 1
    for para in found:
        _check_edges(para, LEFT + 2 * CHAR_PT, LEFT)
    _check_pitch(found)


@pytest.mark.parametrize("which", ["sample_pdf", "dense_pdf"])
def test_pdf_text_is_the_body_text(which, request):
    pdf, paragraphs = request.getfixturevalue(which)
    notice_pages = sum(1 for p in pages(pdf) if p["height"] > p["width"])
    text = re.sub(r"—\d+—", "", norm(pdftotext(pdf, first=1, last=notice_pages)))  # page numbers
    assert norm("".join(paragraphs)) in text


def test_attachment_note_wraps_under_the_name(dense_pdf):
    pdf, _ = dense_pdf
    [note] = _paragraph_lines(pdf, ["附件：" + DENSE.attachment])
    assert len(note) >= 2
    _check_edges(note, LEFT + 2 * CHAR_PT, LEFT + 5 * CHAR_PT)


def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(dense_pdf):
    pdf, paragraphs = dense_pdf
    for para in _paragraph_lines(pdf, paragraphs):
        for a, b in zip(para, para[1:], strict=False):
            assert b["text"][0] not in NO_START and a["text"][-1] not in NO_END
            joined = norm(a["text"]) + norm(b["text"])
            cut = len(norm(a["text"]))
            source = norm("".join(paragraphs))
            # a Latin or digit run is broken only where the text has a space
            if re.match(r"[!-~]{2}", joined[cut - 1 : cut + 1]):
                spaced = r"\s*".join(map(re.escape, joined[:cut])) + " " + r"\s*".join(map(re.escape, joined[cut:]))
                assert re.search(spaced, "".join(paragraphs))
            assert joined in source


# --- line breaking ---------------------------------------------------------------------------------------

_PIECES = (
    list("权责清单事项调整公布的和是中国")
    + list("，。、；：？！）》”")
    + list("（《“")
    + [
        "2024",
        "646",
        "GB/T",
        " ",
        "——",
        "……",
        "ISO",
    ]
)


def _width(line, fonts) -> float:
    """Where the last glyph of a justified line ends: each run shaped as its own text box (as WeasyPrint
    lays out each span), its spacing drawn in whole thousandths of an em, truncated towards zero."""
    from toolkit.render.justify import metrics_for

    clusters = []
    for role, text, sp in line.runs:
        shaped = metrics_for(fonts[role or "fs"]).shape(text)
        chars = 0
        for n, em in shaped:
            clusters.append((text[chars : chars + n], em * 16, int(sp * 1000 / 16) * 16 / 1000))
            chars += n
    while clusters[-1][0] == " ":
        clusters.pop()
    return sum(adv for _t, adv, _sp in clusters) + sum(sp for _t, _adv, sp in clusters[:-1])


def test_random_paragraphs_keep_the_rules(fonts):
    rng = random.Random(9704)
    checked = exact = 0
    for _ in range(300):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(20, 120))).strip()
        text = re.sub(" +", " ", text)
        lines = set_paragraph([("", text)], fonts, first=WIDTH - 2 * CHAR_PT, rest=WIDTH, size=16, spacing=-0.21)
        assert lines is not None, text
        assert "".join(t for line in lines for _r, t, _s in line.runs) == text  # nothing added, nothing lost
        shown = ["".join(t for _r, t, _s in line.runs).rstrip(" ") for line in lines]
        for k, (a, b) in enumerate(zip(shown, shown[1:], strict=False)):
            assert b[0] not in NO_START and b[0] != " " and a[-1] not in NO_END, (a, b)
            raw = "".join(t for _r, t, _s in lines[k].runs)
            assert raw.endswith(" ") or not (re.search(r"[!-~]$", a) and re.match(r"[!-~]", b)), (a, b)
            assert not (a.endswith("—") and b.startswith("—")) and not (a.endswith("…") and b.startswith("…"))
            room = WIDTH - 2 * CHAR_PT if k == 0 else WIDTH
            assert lines[k].full
            if all(sp == -0.21 for _r, _t, sp in lines[k].runs):  # left ragged: a long Latin run moved down
                assert _width(lines[k], fonts) < room - 4 * (len(a) - 1)
                continue
            error = abs(_width(lines[k], fonts) - room)
            assert error <= 0.25  # pt; whole thousandths of an em land within 0.01 pt on almost every line
            exact += error <= 0.01
            checked += 1
        assert not lines[-1].full
    assert checked > 300 and exact >= 0.95 * checked


def test_headings_measured_in_their_own_face(fonts):
    text = "一、总体要求。" + "按照有关规定，现将调整后的权责清单公布如下，请各单位遵照执行。" * 2
    [para] = body_paragraphs(text, fonts)
    assert isinstance(para, BodyParagraph) and para.lines is not None
    first = para.lines[0]
    assert first.runs[0][:2] == ("hei", "一、总体要求。")
    assert _width(first, fonts) == pytest.approx(WIDTH - 2 * CHAR_PT, abs=0.01)


@pytest.mark.parametrize(
    "text",
    [
        "详见https://www.example.gov.cn/zwgk/qzqd/2025/0318/index.html?from=qzqd&item=12345678901234567890的说明"
        * 2,  # wider than a line in any face (Fandol's Latin letters are narrower than Noto's)
        "有两个  空格的段落" * 5,  # HTML collapses them
        "含有私用区字符\ue000的段落" * 5,  # no glyph in the face
        "含有组合符号e\u0301的段落" * 5,  # width from shaping
    ],
)
def test_unexpected_paragraphs_are_left_to_weasyprint(fonts, text):
    assert set_paragraph([("", text)], fonts, first=WIDTH, rest=WIDTH, size=16, spacing=NOTICE_SPACING) is None


def test_unmeasurable_fonts_fall_back(tmp_path):
    from toolkit.render.fonts import ROLE_BY_KEY, FontChoice

    broken = tmp_path / "broken.ttf"
    broken.write_bytes(b"not a font")
    choice = FontChoice(ROLE_BY_KEY["fs"], "Nothing", 400, broken, "用户指定")
    text = "根据有关规定，现将调整后的权责清单公布如下。" * 3
    assert set_paragraph([("", text)], {"fs": choice}, first=WIDTH, rest=WIDTH, size=16, spacing=-0.21) is None
    assert set_paragraph([("", text)], {}, first=WIDTH, rest=WIDTH, size=16, spacing=-0.21) is None
    [para] = body_paragraphs(text, {})
    assert para.lines is None and para.rest == text  # rendered as before, ragged


def test_a_line_that_fits_in_weasyprint_fits_here(fonts):
    # 26 characters after “附件：”'s 2-character indent fill the line exactly (WeasyPrint counts the spacing
    # after the last character too): one line, not a fall-back to ragged markup.
    [line] = attachment_lines("中共兴安县委办公室（兴安县国家保密局）权责清单", fonts)
    assert not line.full
    [para] = body_paragraphs("根" * 26 + "据" * 28 + "后", fonts)
    assert [len("".join(t for _r, t, _s in line.runs)) for line in para.lines] == [26, 28, 1]


def test_a_line_emptied_by_a_long_word_is_not_spread_out(fonts):
    # “GB/T 9704-2012据据” cannot follow six characters on the first line: stretching those six to the edge
    # would open 1.5-character gaps (and pdftotext reads gaps between Latin letters as spaces).
    text = "根" * 6 + "GB/T 9704-2012据据ABCDEFGHIJKLMNOP" + "据" * 30
    [para] = body_paragraphs(text, fonts)
    first = para.lines[0]
    assert first.full and all(sp == NOTICE_SPACING for _r, _t, sp in first.runs)
    assert all(sp <= 4.0 for line in para.lines if line.full for _r, _t, sp in line.runs)
