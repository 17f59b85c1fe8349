"""qzqd laws add: a law from a national-law-database .docx (or corpus Markdown) into the user's law folder,
with computed article maps that validate and update-citations then use."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from tests.law_docx import write_law_docx
from toolkit.citations.registry import load_registry
from toolkit.model import Notice, PowerList
from toolkit.validate import Options, validate

XKF = "中华人民共和国行政许可法"
NOTE_2019 = (
    "（2003年8月27日第十届全国人民代表大会常务委员会第四次会议通过　根据2019年4月23日第十三届全国人民代表大会"
    "常务委员会第十次会议《关于修改〈中华人民共和国建筑法〉等八部法律的决定》修正）"
)
# A made-up later amendment, for the mechanics only: a new article after 第五条 renumbers the rest.
NOTE_2030 = NOTE_2019[:-1] + "　根据2030年1月1日第十六届全国人民代表大会常务委员会第一次会议修正）"
NEW_ARTICLE = "行政机关实施行政许可，应当推行网上办理。"


@pytest.fixture(scope="module")
def xkf_articles():
    v = load_registry((), env=False).find(XKF).version_at(None)
    return list(v.all_articles.values())


def renumbered(articles):
    out = []
    for a in articles:
        if a.number == 6:
            out.append(dataclasses.replace(a, number=6, text=NEW_ARTICLE))
        out.append(dataclasses.replace(a, number=a.number + 1) if a.number >= 6 else a)
    return out


def test_add_real_text_from_docx(cli, tmp_path, xkf_articles):
    docx = write_law_docx(tmp_path / "行政许可法.docx", XKF, NOTE_2019, xkf_articles)
    laws = tmp_path / "我的法律库"
    r = cli("laws", "add", docx, "--laws", laws)
    assert r.exit_code == 0, r.output
    assert "83条" in r.output and "2019年4月23日版" in r.output
    folder = laws / XKF
    assert (folder / "law.toml").is_file() and (folder / "2019-04-23.md").is_file()
    law = load_registry([laws], env=False).find("行政许可法")
    assert law.user and law.version_at(None).article(38).text == xkf_articles[37].text
    assert [v.adopted for v in law.versions][0] == dt.date(2003, 8, 27)  # the history comes along
    shown = cli("laws", "show", "行政许可法", "第三十八条", "--laws", laws)
    assert "准予行政许可的书面决定" in shown.output


def test_add_new_version_writes_a_map_that_validate_and_update_use(cli, tmp_path, xkf_articles, write_list):
    docx = write_law_docx(tmp_path / "new.docx", XKF, NOTE_2030, renumbered(xkf_articles), toc=False)
    laws = tmp_path / "laws"
    r = cli("laws", "add", docx, "--laws", laws, "--effective", "2030-03-01", "--order", "主席令第99号")
    assert r.exit_code == 0, r.output
    assert "2019-04-23_to_2030-01-01.tsv" in r.output
    law = load_registry([laws], env=False).find(XKF)
    old, new = law.version_at(dt.date(2020, 1, 1)), law.version_at(dt.date(2030, 3, 1))
    assert (new.effective, new.order) == (dt.date(2030, 3, 1), "主席令第99号")
    assert law.maps_to(old, new, 38) == (39,) and law.maps_to(old, new, 5) == (5,)
    entry = law.mapping(old, new).entries[38]
    assert entry.confident
    quote = xkf_articles[37].text.split("\n")[0]
    cite = f"1．【法律】《中华人民共和国行政许可法》第三十八条：{quote}"
    pl = PowerList.from_records([{"实施依据": cite}], notice=Notice(date="2030年6月1日"))
    stale = [f for f in validate(pl, Options(law_dirs=(str(laws),))).findings if f.code == "QZ401"]
    assert stale and "现为第三十九条" in stale[0].message and "主席令第99号" in stale[0].message


def test_add_markdown_and_category_is_asked_for(cli, tmp_path):
    md = tmp_path / "甲市档案条例.md"
    md.write_text(
        "# 甲市档案管理条例\n\n2020年1月1日 甲市人民政府常务会议通过\n\n<!-- INFO END -->\n\n"
        "## 第一章 总则\n\n第一条 为了加强档案管理，制定本条例。\n\n第二条 本条例自公布之日起施行。\n",
        encoding="utf-8",
    )
    laws = tmp_path / "laws"
    r = cli("laws", "add", md, "--laws", laws)
    assert r.exit_code == 2 and "--category" in r.output
    r = cli("laws", "add", md, "--laws", laws, "--category", "地方政府规章", "--effective", "2020年2月1日")
    assert r.exit_code == 0, r.output
    law = load_registry([laws], env=False).find("甲市档案管理条例")
    assert law.category == "地方政府规章" and law.versions[0].effective == dt.date(2020, 2, 1)
    assert len(law.versions[0].articles) == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("x.pdf", b"%PDF-1.4", ".docx"),
        ("x.docx", b"not a zip", "Word"),
        ("x.md", "# 乙法\n\n没有条文。\n".encode(), "没有读到任何条文"),
    ],
    ids=["pdf", "broken-docx", "no-articles"],
)
def test_add_refuses_unusable_files(cli, tmp_path, name, content, message):
    f = tmp_path / name
    f.write_bytes(content)
    r = cli("laws", "add", f, "--laws", tmp_path / "laws")
    assert r.exit_code == 2 and message in r.output and "Traceback" not in r.output


def test_add_needs_a_folder(cli, tmp_path, monkeypatch):
    monkeypatch.delenv("QZQD_LAWS", raising=False)
    md = tmp_path / "a.md"
    md.write_text("# 乙法\n\n第一条 甲。\n", encoding="utf-8")
    r = cli("laws", "add", md)
    assert r.exit_code == 2 and "--laws" in r.output


@pytest.mark.parametrize(("confidence", "rewritten"), [("high", True), ("low", False)], ids=["confident", "unsure"])
def test_update_citations_applies_only_confident_rows(cli, tmp_path, write_list, confidence, rewritten):
    d = tmp_path / "laws" / "yi"
    d.mkdir(parents=True)
    (d / "law.toml").write_text(
        'name = "乙法"\ncategory = "法律"\n'
        '[[versions]]\nadopted = 2020-01-01\ntext = "a.md"\n[[versions]]\nadopted = 2024-01-01\ntext = "b.md"\n'
        '[[mappings]]\nfrom = 2020-01-01\nto = 2024-01-01\nfile = "m.tsv"\n',
        encoding="utf-8",
    )
    (d / "a.md").write_text("第一条 甲。\n\n第二条 乙乙乙。\n", encoding="utf-8")
    (d / "b.md").write_text("第一条 甲。\n\n第二条 新。\n\n第三条 乙乙乙。\n", encoding="utf-8")
    (d / "m.tsv").write_text(f"old\tnew\tconfidence\n第二条\t第三条\t{confidence}\n", encoding="utf-8")
    src = write_list(
        "old.xlsx", [{"实施依据": "1．【法律】《乙法》第二条：乙乙乙。"}], notice=Notice(date="2021年1月1日")
    )
    out = tmp_path / "new.xlsx"
    r = cli("update-citations", src, "-o", out, "--as-of", "2024-06-01", "--laws", tmp_path / "laws")
    assert r.exit_code == 0, r.output
    assert ("已改写 1 处" in r.output) == rewritten
    if not rewritten:
        assert "可信度低" in r.output and "需要人工处理" in r.output
