"""The header vocabulary is data (toolkit/reading/headers.tsv): well formed, documented from itself, and
covering the wordings the issue names and the real lists use."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.reading.vocabulary import COMBINED, EXTRA, STEPS, entries, markdown, match_header, standard_column

ROOT = Path(__file__).resolve().parent.parent


def test_docs_headers_md_is_generated_from_the_table(cli):
    committed = (ROOT / "docs" / "headers.md").read_text("utf-8")
    assert committed == markdown(), "docs/headers.md is out of date: run `qzqd headers --markdown > docs/headers.md`"
    result = cli("headers")
    assert result.exit_code == 0 and "执法依据 → 实施依据" in result.output


def test_each_wording_once():
    words = [e.wording for e in entries()]
    assert len(words) == len(set(words))


@pytest.mark.parametrize(
    ("header", "column"),
    [
        ("执法类别", "权力分类"),
        ("执法主体", "实施主体"),
        ("执法依据", "实施依据"),
        ("职权类型", "权力分类"),
        ("职权名称", "项目名称"),
        ("职权依据", "实施依据"),
        ("职权编码", "事项编码"),
        ("权力项目名称", "项目名称"),
        ("法定主体", "实施主体"),
        ("责任科室", "承办的内设机构"),
        ("实施机构", "实施主体"),
        ("责任事项（明确责任主体", "责任事项"),
        ("追责情形\n（明确内部追责主体）", "追责情形"),
    ],
)
def test_wordings_the_issue_names(header, column):
    assert standard_column(header) == column


@pytest.mark.parametrize(
    ("header", "kind"),
    [
        ("追责情形及追责依据", COMBINED),
        ("办理环节", STEPS),
        ("行使层级", EXTRA),
        ("基本流程", EXTRA),
        ("实施对象", EXTRA),
        ("办理时限", EXTRA),
        ("收费依据标准", EXTRA),
    ],
)
def test_combined_steps_and_known_extra_columns(header, kind):
    t = match_header(header)
    assert t is not None and t.kind == kind
