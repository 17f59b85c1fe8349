"""qzqd laws: listing the registry and showing articles."""

from __future__ import annotations

from pathlib import Path

import pytest

USER_LAWS = Path(__file__).parent / "fixtures" / "laws" / "user"


def test_list(cli):
    r = cli("laws")
    assert r.exit_code == 0
    for text in (
        "《中华人民共和国保守国家秘密法》",
        "2024年5月1日起施行，主席令第20号，65条",
        "国务院令第786号，74条",
        "《保密检查工作规定》　规范性文件",
        "无条文",
        "（人工核对）",
        "另有自带的国家法律法规库：",
    ):
        assert text in r.output, text
    assert "《中华人民共和国行政许可法》" not in r.output  # the base layer is counted, not listed
    full = cli("laws", "--all")
    assert (
        "《中华人民共和国行政许可法》" in full.output
        and "【已于2018年3月20日废止，由《中华人民共和国监察法》取代】" in full.output
    )


def test_list_with_user_folder(cli, monkeypatch):
    r = cli("laws", "--laws", USER_LAWS)
    assert "《示例市档案保密管理办法》" in r.output and "（用户目录）" in r.output
    assert (
        int(r.output.split("共 ")[-1].split(" 部")[0]) == int(cli("laws").output.split("共 ")[-1].split(" 部")[0]) + 1
    )
    monkeypatch.setenv("QZQD_LAWS", str(USER_LAWS))
    assert "《示例市档案保密管理办法》" in cli("laws").output


SHOW = [
    (
        ["保密法", "第五十二条"],
        ["第五十二条", "2024年2月27日版", "第四章 监督管理", "应当予以收缴；发现存在泄露国家秘密隐患"],
    ),
    (
        ["保密法", "第四十五条", "--version", "2022-07-18"],
        ["2010年4月29日版", "应当予以收缴。", "在2024年2月27日版（2024年5月1日起施行）中：第五十二条"],
    ),
    (["保密法", "44", "--version", "2022年7月18日"], ["中：第五十一条、第五十二条"]),
    (["《中华人民共和国行政强制法》", "第二十三条"], ["第三章 行政强制措施实施程序　第二节 查封、扣押"]),
    (["档案保密办法", "3", "--laws", str(USER_LAWS)], ["市保密行政管理部门主管全市档案保密工作"]),
    (["保密法", "第五十二条第二款"], ["第五十二条", "应当予以收缴", "（第二款）"]),
    (["刑法", "第一百二十条之一"], ["第一百二十条之一", "资助恐怖活动"]),
    (["飞行基本规则", "第一条"], ["注意：法律库中的文本", "缺第二条至第十条", "见 docs/laws-corpus.md"]),
    # an old list's article number that now means something else is said so
    (
        ["保密法", "第四十五条"],
        ["涉密人员出境", "2010年4月29日版的第四十五条在本版中为第五十二条", "--version 2010-10-01"],
    ),
]


@pytest.mark.parametrize(
    ("args", "expected"),
    [s[:2] for s in SHOW],
    ids=["current", "old-version", "split", "section", "user-law", "clause", "zhiyi", "truncated-text", "renumbered"],
)
def test_show(cli, args, expected):
    r = cli("laws", "show", *args)
    assert r.exit_code == 0, r.output
    for text in expected:
        assert text in r.output, text


ERRORS = [
    (["实施条例", "5"], "是不是：保密法实施条例"),
    (["不存在的法", "5"], "法律库中没有《不存在的法》"),
    (["广西壮族自治区安全生产条例", "5"], "用 --laws 目录 指定"),
    (["保密检查工作规定", "5"], "没有条文"),
    (["行政强制法", "第一百条"], "没有第一百条（共71条）"),
    (["行政强制法", "abc"], "无法识别"),
    (["行政强制法", "5", "--version", "昨天"], "日期"),
    (["保密法", "5", "--version", "1990-01-01"], "还没有施行的版本"),
    (["保密法", "第五十二条第九款"], "只有二款，没有第九款"),
]


@pytest.mark.parametrize(
    ("args", "message"),
    ERRORS,
    ids=[
        "generic-short-name",
        "unknown",
        "missing-points-to-laws",
        "no-text",
        "no-article",
        "bad-article",
        "bad-date",
        "too-early",
        "no-clause",
    ],
)
def test_show_errors(cli, args, message):
    r = cli("laws", "show", *args)
    assert r.exit_code == 2
    assert message in r.output
    assert "Traceback" not in r.output


def test_bad_user_folder_is_a_clean_error(cli, tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "law.toml").write_text("name = 1 2", encoding="utf-8")
    r = cli("laws", "--laws", tmp_path)
    assert r.exit_code == 2 and "law.toml" in r.output and "Traceback" not in r.output


@pytest.mark.parametrize(
    ("args", "expected", "absent"),
    [
        (
            ["安全生产"],
            ["《中华人民共和国安全生产法》", "《安全生产许可证条例》", "找到"],
            ["《中华人民共和国行政许可法》"],
        ),
        (["search", "道路", "运输"], ["《中华人民共和国道路运输条例》"], ["《中华人民共和国安全生产法》"]),
        (["行政监察法"], ["已于2018年3月20日废止", "《中华人民共和国监察法》取代"], []),
        (["保密法", "--laws", str(USER_LAWS)], ["《中华人民共和国保守国家秘密法》"], []),
    ],
    ids=["word", "two-words", "repealed", "with-user-folder"],
)
def test_search(cli, args, expected, absent):
    r = cli("laws", *args)
    assert r.exit_code == 0, r.output
    for text in expected:
        assert text in r.output, text
    for text in absent:
        assert text not in r.output, text


def test_search_without_hits_points_to_user_folders(cli):
    r = cli("laws", "不存在的关键词甲乙")
    assert r.exit_code == 2 and "--laws" in r.output and "qzqd laws add" in r.output


SAMPLE = Path(__file__).resolve().parent.parent / "workbooks" / "xingan-2022.xlsx"


def test_changes_of_the_sample(cli, tmp_path):
    r = cli("laws", "changes", SAMPLE)
    assert r.exit_code == 0, r.output
    for text in (
        "自2022年7月18日（清单的成文日期）以来",
        "《中华人民共和国保守国家秘密法》",
        "于2024年2月27日修订（主席令第20号），自2024年5月1日起施行",
        "原第四十四条已拆分为第五十一条、第五十二条",
        "原第三十六条现为第六十二条（条文有改动）",
        "工作表“权责清单”G3（序号 1 实施依据）",
    ):
        assert text in r.output, text
    assert "行政强制法》" not in r.output  # cited, but not revised since


def test_changes_json_and_xlsx(cli, tmp_path):
    import json

    import openpyxl

    out = tmp_path / "法律变化.xlsx"
    r = cli("laws", "changes", SAMPLE, "--json", "-o", out)
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    laws = {x["law"]: x for x in data["laws"]}
    assert set(laws) == {"中华人民共和国保守国家秘密法", "中华人民共和国保守国家秘密法实施条例"}
    cited = laws["中华人民共和国保守国家秘密法"]["cited"]
    assert {k: cited[0][k] for k in ("cell", "article")} == {"cell": "G3", "article": 5}
    assert cited[0]["effects"][0] == {"kind": "renumbered", "new": [6], "confident": True, "text": "原第五条现为第六条"}
    ws = openpyxl.load_workbook(out).active
    rows = list(ws.values)
    assert rows[0][:3] == ("法律", "变化", "位置") and len(rows) - 1 == sum(len(x["cited"]) for x in data["laws"])


def test_changes_since_a_later_date_and_a_repealed_law(cli, tmp_path, write_list):
    r = cli("laws", "changes", SAMPLE, "--since", "2025-01-01")
    assert r.exit_code == 0 and "没有修订或废止" in r.output
    from toolkit.model import Notice

    src = write_list(
        "old.xlsx",
        [
            {
                "追责依据": "1．【法律】《中华人民共和国行政监察法》第二十三条：监察机关对监察事项涉及的单位和个人有权进行查询。"
            }
        ],
        notice=Notice(date="2016年5月1日"),
    )
    r = cli("laws", "changes", src)
    assert "自2018年3月20日起废止，由《中华人民共和国监察法》取代" in r.output and "整部废止" in r.output


def test_changes_refuses_other_outputs(cli, tmp_path):
    r = cli("laws", "changes", SAMPLE, "-o", tmp_path / "x.pdf")
    assert r.exit_code == 2 and ".xlsx" in r.output
