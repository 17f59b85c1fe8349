"""`qzqd adjust` on the sample's 2022 → 2025 revision: the package's documents agree with the diff, every
change carries its 依据 or 理由 (the renumbered 保密法 and 实施条例 citations from the law library), the PDFs
pass the notice's text and layout checks, drafts are marked and explained, and the round trip holds."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import openpyxl
import pytest

from toolkit import read_workbook
from toolkit.adjust.data import apply
from toolkit.adjust.package import (
    APPLICATION,
    COMPARISON_PDF,
    COMPARISON_XLSX,
    DATA,
    FILES,
    NEW_LIST,
    REQUEST,
    TODO,
    build_package,
    check_package,
)
from toolkit.citations import CITATION_COLUMNS, parse_citations
from toolkit.citations.registry import load_registry
from toolkit.diff import diff
from toolkit.render.layout import LINE_PT
from toolkit.validate.law_rules import cn_article

from .render_helpers import MM, folio, norm, pages, pdffonts, pdftotext
from .render_ink import masthead as ink_masthead
from .render_ink import outside_type_area, raster, text_lines

ROOT = Path(__file__).resolve().parent.parent
OLD = ROOT / "workbooks" / "xingan-2022.xlsx"
NEW = ROOT / "workbooks" / "xingan-2025.xlsx"
REQUEST_FIELDS = {
    "签发人": "李明",
    "主送机关": "中共兴安县委机构编制委员会办公室",
    "发文字号": "兴保呈〔2025〕1号",
    "成文日期": "2025年3月10日",
    "联系人": "王芳",
    "联系电话": "0773-6221234",
}
LEFT, TOP = 28 * MM, 37 * MM
RIGHT, BOTTOM = LEFT + 156 * MM, TOP + 225 * MM


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("adjust") / "调整材料"
    return build_package(OLD, NEW, out, request_fields=REQUEST_FIELDS)


def _table(path: Path) -> tuple[list[str], list[list[str]]]:
    """The 申请表's header and rows (as text)."""
    ws = openpyxl.load_workbook(path).active
    values = [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
    at = next(i for i, row in enumerate(values) if row[:2] == ["序号", "事项编码"])
    rows = [r for r in values[at + 1 :] if r[0].isdigit()]
    return values[at], rows


def test_package_holds_one_file_per_document(package):
    assert package.complete, [p.message for p in package.problems]
    assert sorted(p.name for p in package.files) == sorted(FILES)
    assert not (package.folder / TODO).exists()


def test_application_counts_equal_the_summary_and_the_diff(package):
    header, rows = _table(package.folder / APPLICATION)
    assert header == [
        "序号", "事项编码", "权力分类", "项目名称", "子项名称", "调整类型", "调整内容",
        "调整依据（文件、文号、条款）", "调整理由", "涉及部门意见", "监管措施", "备注",
    ]  # fmt: skip
    kinds = [r[5] for r in rows]
    assert {k: kinds.count(k) for k in set(kinds)} == package.summary.by_kind == {"新增": 1, "变更": 3, "合并": 1}
    # every reported item of the diff is in exactly one adjustment: 6 items, the merge holds two
    d = diff(OLD, NEW)
    assert sum(len(a.items) for a in package.plan.adjustments) == len(d.reported()) == 6
    ws = openpyxl.load_workbook(package.folder / APPLICATION).active
    head = "".join(str(c.value or "") for row in ws.iter_rows(max_row=3) for c in row)
    assert "填报单位（盖章）：兴安县国家保密局" in head and "填报日期：2025年3月10日" in head
    assert "调整前 5 项，调整后 5 项；本次调整 5 项：新增 1 项、变更 3 项、合并 1 项" in head


def test_every_changed_row_has_basis_or_reason(package):
    _, rows = _table(package.folder / APPLICATION)
    assert rows and all(r[7] and r[8] for r in rows)
    ws = openpyxl.load_workbook(package.folder / COMPARISON_XLSX).active
    firsts: dict[str, str] = {}
    for row in ws.iter_rows(min_row=4, values_only=True):
        firsts.setdefault(str(row[0]), str(row[8] or ""))
    assert len(firsts) == 6 and all(v.startswith(("依据：", "理由：", "见第")) for v in firsts.values()), firsts


def test_every_renumbered_citation_has_its_reason_from_the_law_library(package):
    """For each 保密法 / 实施条例 article the 2025 list no longer cites under its old number, the adjustment's
    理由 says where it went: “第四十五条改为第五十二条第二款”, and names the revision (date, order, in force)."""
    reg = load_registry()
    checked = 0
    for a in package.plan.adjustments:
        for it in a.items:
            if it.old is None or it.new is None:
                continue
            for column in CITATION_COLUMNS:
                old_cites = [c for c in parse_citations(it.old[column]) if c.law and c.article]
                new_arts = {
                    (reg.find(c.law).name, c.article)
                    for c in parse_citations(it.new[column])
                    if c.law and c.article and reg.find(c.law)
                }
                for c in old_cites:
                    law = reg.find(c.law)
                    if law is None or law.name not in (
                        "中华人民共和国保守国家秘密法",
                        "中华人民共和国保守国家秘密法实施条例",
                    ):
                        continue
                    if (law.name, c.article) in new_arts:
                        continue  # still cited under its number
                    assert f"{cn_article(c.article)}改为" in a.reason, (a.title, c.text)
                    checked += 1
    assert checked >= 10
    first = package.plan.adjustments[0]
    assert (
        "《中华人民共和国保守国家秘密法》2024年2月27日修订（主席令第20号，2024年5月1日起施行），第五条改为第六条，第四十五条改为第五十二条第二款"
        in first.reason
    )
    assert (
        "《中华人民共和国保守国家秘密法实施条例》2024年7月10日修订（国务院令第786号，2024年9月1日起施行）"
        in first.reason
    )


def test_round_trip_applies_the_comparison_to_the_old_list(package):
    doc = json.loads((package.folder / DATA).read_text(encoding="utf-8"))
    got = apply(read_workbook(OLD).records(), doc)
    assert got == read_workbook(NEW).records()
    assert (package.folder / NEW_LIST).read_bytes() == NEW.read_bytes()
    assert check_package(package.folder, OLD).ok


def test_check_refuses_another_old_list(package, tmp_path, cli):
    other = tmp_path / "other.xlsx"
    shutil.copy(OLD, other)
    wb = openpyxl.load_workbook(other)
    ws = wb["权责清单"]
    ws["D4"] = "对某事项的检查"  # 2022's item 2 renamed
    wb.save(other)
    result = cli("adjust", "--check", package.folder, other)
    assert result.exit_code == 2
    assert "不是调整所依据的版本" in result.output or "不是同一个旧版清单" in result.output
    assert cli("adjust", "--check", package.folder, OLD).exit_code == 0


def test_check_finds_an_edited_new_list(package, tmp_path, cli):
    copy = tmp_path / "pkg"
    shutil.copytree(package.folder, copy)
    wb = openpyxl.load_workbook(copy / NEW_LIST)
    wb["权责清单"]["D7"] = "改过的名称"
    wb.save(copy / NEW_LIST)
    result = cli("adjust", "--check", copy, OLD)
    assert result.exit_code == 1 and "不一致" in result.output


# ---- the 请示 (GB/T 9704, 上行文) ---------------------------------------------------------------------------


def test_request_text(package):
    text = norm(pdftotext(package.folder / REQUEST))
    for piece in (
        "兴保呈〔2025〕1号",
        "签发人：李明",
        "关于调整兴安县国家保密局权责清单的请示",
        "中共兴安县委机构编制委员会办公室：",
        "调整前共有权责事项5项，调整后共有5项。本次共调整5项，其中新增1项，变更3项，合并1项。",
        "《中华人民共和国保守国家秘密法》2024年2月27日修订（主席令第20号，2024年5月1日起施行）",
        "妥否，请批示。",
        "附件：1．兴安县国家保密局权责清单调整对照表",
        "兴安县国家保密局2025年3月10日（联系人：王芳，联系电话：0773-6221234）",
    ):
        assert norm(piece) in text, piece
    assert text.index("妥否，请批示。") < text.index("附件：")
    assert "草稿" not in text


def test_request_fonts_embedded_and_page_numbers(package):
    for path in (package.folder / REQUEST, package.folder / COMPARISON_PDF):
        fonts = pdffonts(path)
        assert fonts and all((f["emb"], f["sub"]) == ("yes", "yes") for f in fonts), path
    for index, page in enumerate(pages(package.folder / REQUEST)):
        assert folio(page)[0] == index + 1


def test_request_geometry(package):
    page = pages(package.folder / REQUEST)[0]
    assert (round(page["width"], 2), round(page["height"], 2)) == (595.28, 841.89)
    text = [c for c in page["chars"] if c["text"].strip() and c["top"] < BOTTOM]
    assert min(c["x0"] for c in text) == pytest.approx(LEFT, abs=0.5)
    assert max(c["x1"] for c in text) <= RIGHT + 1.0
    assert min(c["top"] for c in text) >= TOP and max(c["bottom"] for c in text) <= BOTTOM
    # the 发文字号 one character in from the left, 签发人 one character in from the right, on one line
    top = min(c["top"] for c in text)
    first = [c for c in text if c["top"] < top + 5]  # the 楷体 name sits a little lower than the 仿宋 text
    line = "".join(c["text"] for c in sorted(first, key=lambda c: c["x0"]))
    assert line.startswith("兴保呈〔2025〕1号") and line.endswith("签发人：李明")
    char = 156 * MM / 28
    assert min(c["x0"] for c in first) - LEFT == pytest.approx(char, abs=1.5)
    assert RIGHT - max(c["x1"] for c in first) == pytest.approx(char, abs=1.5)
    name = [c for c in first if c["text"] in "李明"]
    assert {c["fontname"] for c in name}.isdisjoint({c["fontname"] for c in first if c not in name})  # 楷体
    # measured from the ink: the red rule 4 mm under the 发文字号 line, the title two blank lines below it,
    # nothing printed outside the type area but the page number
    r = raster(package.folder / REQUEST, 1)
    head = ink_masthead(r)
    assert head.rule_top - head.docno_bottom == pytest.approx(4.0, abs=0.5)
    title_top = text_lines(r, (37 + head.rule_bottom + 1, 28, 37 + 100, 28 + 156))[0][0] - 37
    assert 2 * LINE_PT / MM - 3 <= title_top - head.rule_bottom <= 3 * LINE_PT / MM
    assert outside_type_area(r) == 0
    title = [c for c in text if round(c["size"]) == 22]
    body = sorted(
        {round(c["top"], 1) for c in text if round(c["size"]) == 16 and c["top"] > max(t["top"] for t in title)}
    )
    pitches = [b - a for a, b in zip(body, body[1:], strict=False) if 20 < b - a < 35]
    assert pitches and all(p == pytest.approx(LINE_PT, abs=0.6) for p in pitches)


def test_comparison_pdf_carries_the_reasons(package):
    text = norm(pdftotext(package.folder / COMPARISON_PDF))
    assert "调整依据及理由" in text
    assert norm("第四十五条改为第五十二条第二款") in text
    assert norm("原第2、3项合并为现第3项") in text
    page = pages(package.folder / COMPARISON_PDF)[0]
    assert page["width"] > page["height"]  # A4 landscape


# ---- drafts -------------------------------------------------------------------------------------------------


def test_incomplete_package_is_written_marked_and_explained(tmp_path, cli):
    out = tmp_path / "材料"
    bare = tmp_path / "2025.xlsx"  # the sample without its 请示 sheet
    shutil.copy(NEW, bare)
    wb = openpyxl.load_workbook(bare)
    del wb["请示"]
    wb.save(bare)
    result = cli("adjust", OLD, bare, "-o", out)
    assert result.exit_code == 1
    assert "缺少签发人" in result.output and "缺少主送机关" in result.output and "草稿" in result.output
    assert all((out / name).is_file() for name in FILES)
    todo = (out / TODO).read_text(encoding="utf-8")
    assert "QZ830" in todo and "签发人" in todo
    assert "草稿" in pdftotext(out / REQUEST) and "草稿" in pdftotext(out / COMPARISON_PDF)
    assert "草稿" in openpyxl.load_workbook(out / APPLICATION).active["A1"].value
    assert "草稿" in openpyxl.load_workbook(out / COMPARISON_XLSX).active["A1"].value
    # existing files are kept unless --force; completed, the package loses its draft list
    assert cli("adjust", OLD, bare, "-o", out).exit_code == 2
    args = [
        "--signer",
        "李明",
        "--to",
        "中共兴安县委编办",
        "--doc-number",
        "兴保呈〔2025〕1号",
        "--contact",
        "王芳",
        "--phone",
        "1",
    ]
    result = cli("adjust", OLD, bare, "-o", out, "--force", *args)
    assert result.exit_code == 0, result.output
    assert not (out / TODO).exists()
    assert "草稿" not in pdftotext(out / REQUEST)


def test_cancelled_item_needs_supervision_and_the_command_says_so(tmp_path, cli):
    """Without its 2025 remark (“原第2项…并入本项”) the sample's removed item is a plain 取消: the command
    names it and asks for its 监管措施."""
    new = tmp_path / "2025.xlsx"
    shutil.copy(NEW, new)
    wb = openpyxl.load_workbook(new)
    ws = wb["权责清单"]
    col = next(c.column for c in ws[1] if c.value == "备注")
    for row in ws.iter_rows(min_row=3):
        if row[col - 1].value and "并入本项" in str(row[col - 1].value):
            row[col - 1].value = None
    del wb["调整说明"]  # the clerk's note about the merge goes with it
    wb.save(new)
    args = [
        "--signer",
        "李明",
        "--to",
        "县委编办",
        "--doc-number",
        "兴保呈〔2025〕1号",
        "--contact",
        "王芳",
        "--phone",
        "1",
    ]
    result = cli("adjust", OLD, new, "-o", tmp_path / "out", *args)
    assert result.exit_code == 1
    assert "QZ812" in result.output and "对保密检查中发现的泄密隐患的行政强制" in result.output
    assert "取消的事项须填写监管措施" in result.output
    # the clerk writes it in the 调整说明 sheet: complete
    wb = openpyxl.load_workbook(new)
    from toolkit.adjust.sheets import write_notes_sheet

    write_notes_sheet(
        wb.create_sheet("调整说明"),
        [
            {
                "项目名称": "对保密检查中发现的泄密隐患的行政强制",
                "调整类型": "取消",
                "调整依据": "《中华人民共和国保守国家秘密法》（2024年2月27日修订，主席令第20号）第五十二条第二款",
                "调整理由": "泄密隐患整改已纳入保密检查和案件调查处理",
                "监管措施": "在保密检查中责令限期整改，整改情况纳入复查",
            }
        ],
    )
    wb.save(new)
    result = cli("adjust", OLD, new, "-o", tmp_path / "out", "--force", *args)
    assert result.exit_code == 0, result.output


def test_clerk_words_kept_and_law_library_fills_the_rest(package):
    """The sample's 调整说明 gives the merge's reason; its 依据 and the other items' come from the law library."""
    merge = next(a for a in package.plan.adjustments if a.kind == "合并")
    assert merge.reason.startswith("修订后的保密法第五十二条第二款") and merge.auto == {"basis"}
    assert (
        "；所引条款随法律修订调整（qzqd 按法律库填写）：《中华人民共和国保守国家秘密法》2024年2月27日修订"
        in merge.reason
    )
    assert all(a.auto == {"basis", "reason"} for a in package.plan.adjustments if a is not merge)
    _, rows = _table(package.folder / APPLICATION)
    assert sum("（qzqd 按法律库填写，请核对）" in r[8] for r in rows) == 4


def test_sample_request_fields_come_from_its_sheet(tmp_path, cli):
    result = cli("adjust", OLD, NEW, "-o", tmp_path / "p")
    assert result.exit_code == 0, result.output
    text = norm(pdftotext(tmp_path / "p" / REQUEST))
    assert "签发人：李明" in text and "兴保呈〔2025〕1号" in text and "2025年3月10日" in text


def test_merge_without_the_clerks_reason_is_a_draft(tmp_path, cli):
    new = tmp_path / "2025.xlsx"
    shutil.copy(NEW, new)
    wb = openpyxl.load_workbook(new)
    del wb["调整说明"]
    wb.save(new)
    result = cli("adjust", OLD, new, "-o", tmp_path / "p")
    assert result.exit_code == 1 and "QZ817" in result.output and "合并的理由须由经办人说明" in result.output


def test_missing_output_option_is_a_usage_error(cli):
    result = cli("adjust", OLD, NEW)
    assert result.exit_code == 2 and "-o" in result.output


def test_request_date_defaults_to_today(tmp_path):
    bare = tmp_path / "2025.xlsx"  # the sample without its 请示 sheet (which gives a date)
    shutil.copy(NEW, bare)
    wb = openpyxl.load_workbook(bare)
    del wb["请示"]
    wb.save(bare)
    fields = {**REQUEST_FIELDS, "成文日期": ""}
    r = build_package(OLD, bare, tmp_path / "p", request_fields=fields, today=dt.date(2026, 1, 2))
    assert "2026年1月2日" in norm(pdftotext(r.folder / REQUEST))


def test_diff_command_fills_the_reason_column(tmp_path, cli):
    """`qzqd diff -o 调整对照表.xlsx` reads the new workbook's 调整说明 and the law library too."""
    out = tmp_path / "调整对照表.xlsx"
    assert cli("diff", OLD, NEW, "-o", out).exit_code == 1
    ws = openpyxl.load_workbook(out).active
    assert ws.cell(row=3, column=9).value == "调整理由"
    reasons: dict[str, str] = {}  # 序号 -> the reason over the item's rows (long ones continue below)
    for r in range(4, ws.max_row + 1):
        seq = str(ws.cell(row=r, column=1).value)
        reasons[seq] = reasons.get(seq, "") + str(ws.cell(row=r, column=9).value or "")
    assert all(reasons.values()) and len(reasons) == 6
    assert any("修订后的保密法第五十二条第二款" in v for v in reasons.values())  # the clerk's words
    assert any("第四十五条改为第五十二条第二款" in v for v in reasons.values())  # the law library's


def test_long_comparison_laid_out_in_two_processes_is_numbered_through(tmp_path, monkeypatch):
    """The 对照表 PDF cut in two halves (forced here on the sample): every row, the title block once, and
    “第 N 页 共 M 页” running through both halves."""
    import re

    from toolkit.adjust import comparison

    monkeypatch.setattr(comparison, "PARALLEL_MIN_CHARS", 0)
    monkeypatch.setattr(comparison, "_can_fork", lambda: True)
    r = build_package(OLD, NEW, tmp_path / "p", request_fields=REQUEST_FIELDS)
    path = r.folder / COMPARISON_PDF
    whole = norm(pdftotext(path))
    assert whole.count(norm("权责清单调整对照表")) == 1
    for needle in (
        "第四十五条改为第五十二条第二款",
        "要求网络运营者删除涉及泄露国家秘密的信息",
        "修订后的保密法第五十二条第二款",
    ):
        assert norm(needle) in whole, needle
    n = len(pages(path))
    for i in range(1, n + 1):
        text = pdftotext(path, first=i, last=i)
        assert re.search(rf"第\s*{i}\s*页\s*共\s*{n}\s*页", text), (i, text[-80:])
    fonts = pdffonts(path)
    assert all((f["emb"], f["sub"]) == ("yes", "yes") for f in fonts)


def test_no_adjustment_writes_nothing(tmp_path, cli):
    result = cli("adjust", OLD, OLD, "-o", tmp_path / "p")
    assert result.exit_code == 1 and "没有需要报送的调整" in result.output
    assert not (tmp_path / "p").exists()


def test_bad_package_and_output_give_chinese_messages(tmp_path, cli):
    (tmp_path / "pkg").mkdir()
    r = cli("adjust", "--check", tmp_path / "pkg", OLD)
    assert r.exit_code == 2 and "调整数据.json" in r.output and "文件不存在" in r.output
    (tmp_path / "pkg" / DATA).write_text('{"format": "x"}', encoding="utf-8")
    r = cli("adjust", "--check", tmp_path / "pkg", OLD)
    assert r.exit_code == 2 and "不是 qzqd 生成的调整数据" in r.output
    (tmp_path / "file").write_text("x", encoding="utf-8")
    r = cli("adjust", OLD, NEW, "-o", tmp_path / "file")
    assert r.exit_code == 2 and "不是目录" in r.output
    assert "Traceback" not in r.output


def test_package_copy_of_the_new_list_holds_no_live_formula(tmp_path: Path):
    """The 编办 opens the package: a formula in the clerk's new workbook becomes the value it showed (QZ805)."""
    new = tmp_path / "新版.xlsx"
    wb = openpyxl.load_workbook(NEW)
    wb["权责清单"]["M3"] = '=HYPERLINK("http://example.invalid/x","点这里")'
    wb.save(new)
    result = build_package(OLD, new, tmp_path / "材料", request_fields=REQUEST_FIELDS)
    copy = openpyxl.load_workbook(result.folder / NEW_LIST)
    assert not [c.coordinate for ws in copy.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert copy["权责清单"]["M3"].data_type == "s"
    assert [p.code for p in result.problems if p.code == "QZ805"] == ["QZ805"]
    assert "权责清单!M3" in next(p.message for p in result.problems if p.code == "QZ805")


def test_package_copy_without_formulas_is_the_new_workbook_byte_for_byte(package):
    assert (package.folder / NEW_LIST).read_bytes() == NEW.read_bytes()
