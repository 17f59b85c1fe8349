"""The law registry: shipped data integrity, lookup by name, versions by date, mappings, user folders."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from toolkit.citations.registry import (
    DATA_DIR,
    LawDataError,
    load_registry,
    parse_date,
    parse_law_markdown,
)

USER_LAWS = Path(__file__).parent / "fixtures" / "laws" / "user"
BAOMIFA = "中华人民共和国保守国家秘密法"
TIAOLI = "中华人民共和国保守国家秘密法实施条例"


@pytest.fixture(scope="module")
def reg():
    return load_registry(env=False)


# Article counts stated in docs/domain.md and by the texts' last article ("本法自…起施行").
COUNTS = [
    (BAOMIFA, dt.date(2010, 4, 29), 53),
    (BAOMIFA, dt.date(2024, 2, 27), 65),
    (TIAOLI, dt.date(2014, 1, 17), 45),
    (TIAOLI, dt.date(2024, 7, 10), 74),
    ("中华人民共和国行政强制法", dt.date(2011, 6, 30), 71),
    ("中华人民共和国立法法", dt.date(2023, 3, 13), 120),
]


@pytest.mark.parametrize(("name", "adopted", "count"), COUNTS, ids=[f"{c[0][-8:]}-{c[1]}" for c in COUNTS])
def test_article_counts(reg, name, adopted, count):
    law = reg.find(name)
    (version,) = [v for v in law.versions if v.adopted == adopted]
    assert sorted(version.articles) == list(range(1, count + 1))
    assert "施行" in version.articles[count].text


def test_every_shipped_mapping_is_complete_and_points_at_real_articles(reg):
    checked = 0
    for law in reg.laws:
        if law.layer == "base":
            continue  # computed maps: tests/test_laws_library.py
        for m in law.mappings:
            old = next(v for v in law.versions if v.adopted == m.source)
            new = next(v for v in law.versions if v.adopted == m.target)
            assert sorted(m.entries) == sorted(old.articles), law.name
            for e in m.entries.values():
                assert set(e.new) <= set(new.articles), (law.name, e)
                assert not e.confidence.upper().startswith("LOW"), (law.name, e)
            checked += 1
    assert checked == 2


# Old -> new numbers given in docs/domain.md (independent of the shipped TSV files).
DOMAIN_MAPPINGS = [
    (BAOMIFA, 5, (6,)),
    (BAOMIFA, 28, (34,)),
    (BAOMIFA, 42, (49,)),
    (BAOMIFA, 44, (51, 52)),
    (BAOMIFA, 45, (52,)),
    (BAOMIFA, 50, (59,)),
    (TIAOLI, 32, (58,)),
    (TIAOLI, 33, (59,)),
    (TIAOLI, 35, (60,)),
    (TIAOLI, 36, (62,)),
    (TIAOLI, 38, (66,)),
    (TIAOLI, 44, (72,)),
]


@pytest.mark.parametrize(("name", "old", "new"), DOMAIN_MAPPINGS, ids=[f"{m[0][-4:]}-{m[1]}" for m in DOMAIN_MAPPINGS])
def test_domain_mappings(reg, name, old, new):
    law = reg.find(name)
    m = law.mapping(law.versions[0], law.versions[1])
    assert m.entries[old].new == new


def test_one_to_one_and_merges(reg):
    law = reg.find(BAOMIFA)
    m = law.mapping(law.versions[0], law.versions[1])
    assert m.one_to_one(5) == 6
    assert m.one_to_one(44) is None  # split
    assert m.one_to_one(45) is None  # merged with old 44 into new 52
    assert m.merged_with(45) == [44]
    assert m.merged_with(5) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("保密法", BAOMIFA),
        ("《保密法》", BAOMIFA),
        ("保守国家秘密法", BAOMIFA),
        (f"《{BAOMIFA}》", BAOMIFA),
        ("保密法实施条例", TIAOLI),
        ("保守国家秘密法实施条例", TIAOLI),
        ("行政强制法", "中华人民共和国行政强制法"),
        ("保密检查工作规定", "保密检查工作规定"),
        ("实施条例", None),
        ("不存在的法", None),
        ("", None),
    ],
    ids=[
        "short",
        "short-marks",
        "no-prefix",
        "full-marks",
        "tiaoli-short",
        "tiaoli-no-prefix",
        "qiangzhi",
        "no-text-law",
        "ambiguous-generic",
        "unknown",
        "empty",
    ],
)
def test_find(reg, name, expected):
    law = reg.find(name)
    assert (law.name if law else None) == expected


@pytest.mark.parametrize(
    ("name", "category"),
    [
        ("保密检查工作规定", "规范性文件"),
        ("泄密案件查处办法", "部门规章"),
        ("广西壮族自治区行政过错责任追究办法", "地方政府规章"),
        (BAOMIFA, "法律"),
        (TIAOLI, "行政法规"),
    ],
    ids=["jiancha", "xiemi", "guangxi", "baomifa", "tiaoli"],
)
def test_categories(reg, name, category):
    assert reg.find(name).category == category


def test_version_at(reg):
    law = reg.find(BAOMIFA)
    assert law.version_at(dt.date(2024, 4, 30)).adopted == dt.date(2010, 4, 29)
    assert law.version_at(dt.date(2024, 5, 1)).adopted == dt.date(2024, 2, 27)
    assert law.version_at(None).adopted == dt.date(2024, 2, 27)
    assert law.version_at(dt.date(2000, 1, 1)) is None


def test_chapters_recorded(reg):
    old = reg.find(TIAOLI).versions[0]
    assert old.article(44).chapter == "第五章 法律责任"
    assert old.article(44).chapter_number == 5
    qz = reg.find("行政强制法").versions[0]
    assert qz.article(23).section.startswith("第二节")


def test_user_folder_adds_a_law(reg):
    user = load_registry([USER_LAWS], env=False)
    law = user.find("档案保密办法")
    assert law is not None and law.user
    assert reg.find("档案保密办法") is None
    assert user.find(BAOMIFA) is not None  # shipped laws are still there


def test_env_var_adds_a_law(monkeypatch):
    monkeypatch.setenv("QZQD_LAWS", str(USER_LAWS))
    assert load_registry().find("示例市档案保密管理办法") is not None


def test_article_numbering_must_follow_on():
    arts = parse_law_markdown(USER_LAWS / "shili-banfa" / "2020-01-10.md")
    assert sorted(arts) == [1, 2, 3, 4, 5]
    assert arts[3].text.endswith("包括开放审查和利用审查。")  # the "第三条 所称…" paragraph stays in 第三条


def test_user_law_replaces_shipped_one(tmp_path):
    d = tmp_path / "mine"
    d.mkdir()
    (d / "law.toml").write_text(
        f'name = "{BAOMIFA}"\ncategory = "法律"\nshort_names = ["保密法"]\n[[versions]]\nadopted = 2024-02-27\n'
        'effective = 2024-05-01\norder = "主席令第20号"\ntext = "t.md"\n',
        encoding="utf-8",
    )
    (d / "t.md").write_text("第一条 甲。\n\n第二条 乙。\n", encoding="utf-8")
    law = load_registry([tmp_path], env=False).find("保密法")
    assert law.user and len(law.versions) == 1 and sorted(law.versions[0].articles) == [1, 2]


@pytest.mark.parametrize(
    ("toml", "files", "fragment"),
    [
        ("name = \n", {}, "无法读取"),
        ('name = "甲法"\n', {}, "category"),
        ('name = "甲法"\ncategory = "法规"\n', {}, "类别"),
        ('name = "甲法"\ncategory = "法律"\n[[versions]]\nadopted = 2024-01-01\ntext = "none.md"\n', {}, "不存在"),
        ('name = "甲法"\ncategory = "法律"\n[[versions]]\nadopted = "去年"\n', {}, "日期"),
        (
            'name = "甲法"\ncategory = "法律"\n[[mappings]]\nfrom = 2020-01-01\nto = 2021-01-01\nfile = "m.tsv"\n',
            {"m.tsv": "old\tnew\n甲\t第一条\n"},
            "第2行",
        ),
    ],
    ids=["bad-toml", "no-category", "bad-category", "missing-text", "bad-date", "bad-mapping"],
)
def test_bad_user_data(tmp_path, toml, files, fragment):
    d = tmp_path / "bad"
    d.mkdir()
    (d / "law.toml").write_text(toml, encoding="utf-8")
    for name, text in files.items():
        (d / name).write_text(text, encoding="utf-8")
    with pytest.raises(LawDataError) as e:
        load_registry([tmp_path], env=False)
    assert fragment in str(e.value)
    assert str(d / "law.toml") in str(e.value) or "m.tsv" in str(e.value)


def test_missing_user_folder(tmp_path):
    with pytest.raises(LawDataError, match="不存在"):
        load_registry([tmp_path / "nope"], env=False)


def test_ambiguous_short_name(tmp_path):
    for slug, name in (("a", "甲省保密条例"), ("b", "乙省保密条例")):
        (tmp_path / slug).mkdir()
        (tmp_path / slug / "law.toml").write_text(
            f'name = "{name}"\ncategory = "地方性法规"\nshort_names = ["保密条例"]\n', encoding="utf-8"
        )
    reg = load_registry([tmp_path], env=False)
    assert reg.find("保密条例") is None
    assert {law.name for law in reg.ambiguous("保密条例")} == {"甲省保密条例", "乙省保密条例"}
    assert reg.find("甲省保密条例").name == "甲省保密条例"


def test_shipped_data_is_inside_the_package():
    assert DATA_DIR.is_dir() and DATA_DIR.is_relative_to(Path(__file__).resolve().parent.parent / "toolkit")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2022年7月18日", dt.date(2022, 7, 18)),
        ("二〇二二年七月十八日", dt.date(2022, 7, 18)),
        ("2025-01-01", dt.date(2025, 1, 1)),
        ("2022年2月30日", None),
        ("", None),
        ("七月", None),
    ],
    ids=["arabic", "chinese", "iso", "impossible", "empty", "partial"],
)
def test_parse_date(text, date):
    assert parse_date(text) == date


def test_mappings_compose_through_intermediate_versions(tmp_path):
    d = tmp_path / "three"
    d.mkdir()
    versions = ""
    for year in (2000, 2010, 2020):
        versions += f'[[versions]]\nadopted = {year}-01-01\ntext = "{year}.md"\n'
        (d / f"{year}.md").write_text("".join(f"第{n}条 文{year}-{n}。\n\n" for n in range(1, 6)), encoding="utf-8")
    maps = ""
    for a, b, rows in (
        (2000, 2010, "第一条\t第二条\n第二条\t第三条、第四条\n"),
        (2010, 2020, "第二条\t第五条\n第四条\t\n"),
    ):
        (d / f"{a}-{b}.tsv").write_text("old\tnew\n" + rows, encoding="utf-8")
        maps += f'[[mappings]]\nfrom = {a}-01-01\nto = {b}-01-01\nfile = "{a}-{b}.tsv"\n'
    (d / "law.toml").write_text(f'name = "三版法"\ncategory = "法律"\n{versions}{maps}', encoding="utf-8")
    law = load_registry([tmp_path], env=False).find("三版法")
    m = law.mapping(law.versions[0], law.versions[2])
    assert m.entries[1].new == (5,)  # 1 -> 2 -> 5
    assert m.entries[2].new == (3,)  # 2 -> 3 (kept) and 4 (deleted later)
    assert law.mapping(law.versions[1], law.versions[2]).entries[4].new == ()


def test_notepad_bom_and_gbk(tmp_path):
    d = tmp_path / "bom"
    d.mkdir()
    (d / "law.toml").write_text(
        'name = "带签名法"\ncategory = "法律"\n[[versions]]\nadopted = 2020-01-01\ntext = "t.md"\n'
        '[[mappings]]\nfrom = 2020-01-01\nto = 2020-01-01\nfile = "m.tsv"\n',
        encoding="utf-8-sig",
    )
    (d / "t.md").write_text("第一条 甲。\n", encoding="utf-8-sig")
    (d / "m.tsv").write_text("old\tnew\n第一条\t第一条\n", encoding="utf-8-sig")
    law = load_registry([tmp_path], env=False).find("带签名法")
    assert law.versions[0].article(1).text == "甲。" and law.mappings[0].entries[1].new == (1,)
    gbk = tmp_path / "gbk"
    shutil.copytree(tmp_path / "bom", gbk / "law")
    (gbk / "law" / "t.md").write_text("第一条 甲。\n", encoding="gbk")
    with pytest.raises(LawDataError, match="UTF-8"):
        _ = load_registry([gbk], env=False).find("带签名法").versions[0].articles
