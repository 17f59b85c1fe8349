"""qzqd validate on the seed and on fixture workbooks: findings, exit codes, JSON, reading findings, rules docs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from toolkit.model import PowerList
from toolkit.validate import RULES, Options, Report, validate
from toolkit.validate.report import rules_markdown

ROOT = Path(__file__).resolve().parent.parent
FIX = Path(__file__).resolve().parent / "fixtures" / "validate"
SAMPLE = ROOT / "workbooks" / "xingan-2022.xlsx"

# Every error the seed really has: the 人民政府令 labelled 【地方性法规】 (four times) and the fused 4．…5．.
SEED_ERRORS = {("QZ304", "K3"), ("QZ304", "K4"), ("QZ304", "K5"), ("QZ304", "K7"), ("QZ202", "J6")}
# Warnings of this feature's rules, each a real defect: item 4's duties name no party at all; item 5's
# 追责情形 1-4 name none while 5 does.
SEED_WARNINGS = {("QZ205", "H6"), ("QZ206", "J7")}
# Info: I4 and I7 number sub-points 1—1． while the other cells of the list use 1－1．.
SEED_INFOS = {("QZ204", "I4"), ("QZ204", "I7")}


@pytest.fixture(scope="module")
def seed_report() -> Report:
    return validate(SAMPLE)


def _pairs(report: Report, severity: str, below: str = "QZ400") -> set[tuple[str, str | None]]:
    return {(f.code, f.cell) for f in report.findings if f.severity == severity and f.code < below}


def test_seed_errors_are_the_real_defects(seed_report: Report) -> None:
    # All rules, law rules included: nothing else in the seed is an error.
    assert _pairs(seed_report, "error", below="QZ999") == SEED_ERRORS
    assert seed_report.errors == len(SEED_ERRORS)


def test_seed_warnings_and_infos(seed_report: Report) -> None:
    assert _pairs(seed_report, "warning") == SEED_WARNINGS
    assert _pairs(seed_report, "info") == SEED_INFOS


def test_seed_mislabelled_citation_message(seed_report: Report) -> None:
    f = next(f for f in seed_report.findings if (f.code, f.cell) == ("QZ304", "K3"))
    assert (f.sheet, f.row, f.column) == ("权责清单", 3, "追责依据")
    assert "2－2．" in f.message and "广西壮族自治区人民政府令第24号" in f.message and "【地方政府规章】" in f.message


def test_seed_fused_points_message(seed_report: Report) -> None:
    f = next(f for f in seed_report.findings if f.code == "QZ202")
    assert (f.cell, f.row, f.column) == ("J6", 6, "追责情形")
    assert "（县国家保密局）。5．对存在" in f.message


def test_seed_back_references_are_fine(seed_report: Report) -> None:
    # K6 is "1．【部门规章】…\n2．同1．\n3．同1．…": no finding of this feature's rules.
    assert not [f for f in seed_report.findings if f.cell == "K6" and f.code < "QZ400"]


def test_seed_text_import_gives_the_same_findings(seed_list: PowerList, seed_report: Report) -> None:
    # The list imported from the Word text has no cells, but the same findings per item and column (the text
    # names no profile: the workbook's is given).
    from_text = validate(seed_list, Options(profile="guangxi-2022"))
    key = lambda r: sorted((f.code, f.item, f.column) for f in r.findings if f.code < "QZ400")  # noqa: E731
    assert key(from_text) == key(seed_report)
    assert all(f.cell is None for f in from_text.findings)


def test_clean_fixture_has_no_findings() -> None:
    report = validate(FIX / "clean.xlsx")
    assert report.findings == [] and report.ok


def test_reading_findings_are_reported() -> None:
    expected = json.loads((FIX / "expected-reading.json").read_text("utf-8"))
    report = validate(FIX / "reading.xlsx")
    got = [{k: getattr(f, k) for k in e} for e in expected for f in report.findings if f.code == e["code"]]
    assert got == expected
    assert report.errors == 0


def test_reading_finding_can_be_skipped() -> None:
    report = validate(FIX / "reading.xlsx", Options(disabled=("QZ001", "QZ002", "QZ004", "QZ012")))
    assert report.findings == []


# --- CLI -----------------------------------------------------------------------------------------------------


def test_cli_seed_exit_1_and_grouped_output(cli) -> None:
    result = cli("validate", SAMPLE)
    assert result.exit_code == 1
    out = result.output
    assert "第 6 行 · 序号 4 · 对泄密案件的调查处理" in out
    assert "J6 追责情形" in out and "QZ202" in out
    assert "错误 5 个，警告" in out.splitlines()[-1]
    # errors come first inside a group
    group = out.split("第 6 行")[1].split("\n\n")[0]
    assert group.index("错误") < group.index("警告")


def test_cli_clean_exit_0(cli) -> None:
    result = cli("validate", FIX / "clean.xlsx")
    assert result.exit_code == 0, result.output
    assert "错误 0 个，警告 0 个" in result.output


def test_cli_json(cli) -> None:
    result = cli("validate", SAMPLE, "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert list(data) == ["errors", "warnings", "findings", "profile"] and data["profile"] == "guangxi-2022"
    assert data["errors"] == sum(1 for f in data["findings"] if f["severity"] == "error") == 5
    assert data["warnings"] == sum(1 for f in data["findings"] if f["severity"] == "warning")
    assert {
        "code": "QZ202",
        "severity": "error",
        "sheet": "权责清单",
        "row": 6,
        "column": "追责情形",
        "cell": "J6",
        "message": next(f["message"] for f in data["findings"] if f["code"] == "QZ202"),
    } in data["findings"]
    assert any(f["severity"] == "info" for f in data["findings"])  # listed, counted in neither


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (("{tmp}/missing.xlsx",), "文件不存在"),
        (("{sample}", "--as-of", "2024-13-01"), "--as-of 的日期"),
        (("{sample}", "--skip", "QZ999"), "没有这条规则"),
        (("{sample}", "--annotate", "{tmp}/out.xls"), ".xlsx"),
        (("{sample}", "--annotate", "{sample}"), "与输入文件相同"),
    ],
    ids=["missing-file", "bad-date", "unknown-rule", "annotate-not-xlsx", "annotate-onto-input"],
)
def test_cli_usage_and_input_errors_exit_2(cli, tmp_path: Path, args: tuple[str, ...], text: str) -> None:
    result = cli("validate", *(a.format(tmp=tmp_path, sample=SAMPLE) for a in args))
    assert result.exit_code == 2
    assert text in result.output
    assert "Traceback" not in result.output


def test_cli_not_a_workbook_exit_2(cli, tmp_path: Path) -> None:
    bad = tmp_path / "list.xlsx"
    bad.write_text("这不是工作簿", encoding="utf-8")
    result = cli("validate", bad)
    assert result.exit_code == 2 and "不是 Excel 工作簿" in result.output


def test_cli_truncated_workbook_exit_2(cli, tmp_path: Path) -> None:
    bad = tmp_path / "cut.xlsx"
    bad.write_bytes(SAMPLE.read_bytes()[:4000])
    result = cli("validate", bad)
    assert result.exit_code == 2 and "损坏" in result.output


def test_cli_options_reach_the_rules(cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import importlib

    # the module, even when toolkit/__init__ exports the function under the same name
    v = importlib.import_module("toolkit.validate")

    seen: list[Options] = []
    real = v.validate

    def spy(source, options=None):  # type: ignore[no-untyped-def]
        seen.append(options)
        return real(source, options)

    monkeypatch.setattr(v, "validate", spy)
    laws = tmp_path / "laws"
    laws.mkdir()
    result = cli(
        "validate",
        FIX / "clean.xlsx",
        "--as-of",
        "2024-09-01",
        "--laws",
        laws,
        "--category",
        "公共服务",
        "--skip",
        "qz204",
    )
    assert result.exit_code in (0, 1), result.output
    (opts,) = seen
    import datetime as dt

    assert opts.as_of == dt.date(2024, 9, 1)
    assert opts.law_dirs == (str(laws),)
    assert opts.extra_categories == ("公共服务",)
    assert opts.disabled == ("QZ204",)


def test_cli_category_option_allows_a_category(cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "c.xlsx"
    shutil.copy(FIX / "clean.xlsx", path)
    wb = load_workbook(path)
    wb["权责清单"]["B3"] = "公共服务"
    wb.save(path)
    assert "QZ105" in cli("validate", path, "--json").output
    assert "QZ105" not in cli("validate", path, "--json", "--category", "公共服务").output


def test_cli_rules_lists_every_rule(cli) -> None:
    result = cli("rules")
    assert result.exit_code == 0
    for code in RULES:
        assert code in result.output
    assert f"共 {len(RULES)} 条规则" in result.output
    # Clerks read the Chinese wording of each message, not the English docs (those are in docs/rules.md)
    assert "Half-width punctuation" not in result.output and "Unknown or duplicate header" not in result.output
    flat = "".join(line.strip("│ ") for line in result.output.splitlines())
    assert "半角标点" in flat and "单元格里是公式" in flat


def test_rules_markdown_is_committed_and_current(cli) -> None:
    committed = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert cli("rules", "--markdown").output == rules_markdown() == committed, (
        "docs/rules.md is out of date: run `qzqd rules --markdown > docs/rules.md`"
    )


def test_every_rule_is_documented() -> None:
    for r in RULES.values():
        assert r.severity in ("error", "warning", "info")
        assert r.doc.strip() and "\n" not in r.doc, r.code
        assert r.title and r.message


def test_cli_validates_a_word_text_list(cli) -> None:
    # Not a workbook: imported on the fly; findings name item and column but no cell.
    result = cli("validate", ROOT / "tests" / "fixtures" / "seed.txt", "--json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    fused = next(f for f in data["findings"] if f["code"] == "QZ202")
    assert fused["column"] == "追责情形" and fused["cell"] is None


def test_cli_output_is_capped_unless_all(cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "many.xlsx"
    shutil.copy(FIX / "clean.xlsx", path)
    wb = load_workbook(path)
    ws = wb["权责清单"]
    for row in range(5, 5 + 400):  # 400 more items, each with an unknown category (one error each)
        for col in range(1, 14):
            ws.cell(row=row, column=col, value=ws.cell(row=3, column=col).value)
        ws.cell(row=row, column=1, value=row - 2)
        ws.cell(row=row, column=2, value="行政审批")
        ws.cell(row=row, column=3, value=f"事项{row}")
    wb.save(path)
    capped = cli("validate", path, "--skip", "QZ207")
    assert capped.exit_code == 1
    assert "个问题未显示" in capped.output and capped.output.count("QZ104") <= 300
    assert "错误 400 个" in capped.output.splitlines()[-1]
    full = cli("validate", path, "--skip", "QZ207", "--all")
    assert full.output.count("QZ104") == 400 and "未显示" not in full.output
