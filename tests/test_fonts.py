"""Font roles: fontconfig resolution, fallbacks, user overrides, and the no-CJK-font error."""

from __future__ import annotations

from pathlib import Path

import pytest

from toolkit.render import fonts
from toolkit.render.fonts import FontError, font_css, parse_overrides, read_fonts_config, resolve_fonts

ROLE_IDS = ["xbs", "fs", "hei", "kai", "song"]


def _face(family: str, weight: int = 400, file: str = "/fonts/x.ttf"):
    return fonts._Face((family,), weight, Path(file))


@pytest.fixture
def fake_faces(monkeypatch: pytest.MonkeyPatch):
    """Replace fontconfig's answer with a chosen set of installed faces."""

    def install(*faces):
        monkeypatch.setattr(fonts, "cjk_faces", lambda: tuple(faces))

    return install


def test_every_role_resolves_on_this_machine():
    resolved = resolve_fonts()
    assert list(resolved) == ROLE_IDS
    for choice in resolved.values():
        assert choice.file is not None and choice.file.exists()
        assert choice.how in ("公文字体", "替代字体")


@pytest.mark.parametrize(
    ("installed", "role", "family", "weight", "how"),
    [
        ([("Noto Serif CJK SC", 400), ("Noto Serif CJK SC", 700)], "xbs", "Noto Serif CJK SC", 700, "替代字体"),
        ([("方正小标宋简体", 400), ("Noto Serif CJK SC", 700)], "xbs", "方正小标宋简体", 400, "公文字体"),
        ([("FangSong", 400), ("仿宋_GB2312", 400)], "fs", "仿宋_GB2312", 400, "公文字体"),
        ([("SimHei", 400), ("Noto Sans CJK SC", 400)], "hei", "SimHei", 400, "公文字体"),
        ([("LXGW WenKai", 400), ("AR PL KaitiM GB", 400)], "kai", "AR PL KaitiM GB", 400, "替代字体"),
        ([("LXGW WenKai", 400)], "kai", "LXGW WenKai", 400, "替代字体"),
        ([("WenQuanYi Micro Hei", 400)], "song", "WenQuanYi Micro Hei", 400, "替代字体"),
    ],
    ids=[
        "noto-bold-for-xbs",
        "real-xbs",
        "gb2312-before-fangsong",
        "simhei",
        "arphic-kai-first",
        "wenkai-fallback",
        "any-cjk-face-beats-boxes",
    ],
)
def test_preference_order(fake_faces, installed, role, family, weight, how):
    fake_faces(*[_face(f, w) for f, w in installed])
    choice = resolve_fonts()[role]
    assert (choice.family, choice.weight, choice.how) == (family, weight, how)


def test_no_cjk_font_is_a_clear_chinese_error(fake_faces):
    fake_faces()
    with pytest.raises(FontError) as err:
        resolve_fonts()
    message = str(err.value)
    assert "中文字体" in message and "apt-get install fonts-noto-cjk" in message
    assert err.value.exit_code == 2


def test_override_by_option_and_unknown_family(fake_faces):
    fake_faces(_face("Noto Serif CJK SC"), _face("LXGW WenKai"))
    chosen = resolve_fonts(parse_overrides(["仿宋=LXGW WenKai"]))
    assert (chosen["fs"].family, chosen["fs"].how) == ("LXGW WenKai", "用户指定")
    with pytest.raises(FontError, match="没有安装"):
        resolve_fonts({"fs": "仿宋_GB2312"})


@pytest.mark.parametrize(
    ("pair", "message"),
    [("正文字体=Noto", "未知的字体角色"), ("仿宋", "角色=字体名"), ("仿宋=", "角色=字体名")],
    ids=["unknown-role", "no-equals", "empty-family"],
)
def test_bad_override_text(pair, message):
    with pytest.raises(FontError, match=message):
        parse_overrides([pair])


def test_config_file(tmp_path: Path):
    cfg = tmp_path / "fonts.ini"
    cfg.write_text("# 单位字体\n[fonts]\n仿宋 = 仿宋_GB2312\nxbs = 方正小标宋简体\n", encoding="utf-8")
    assert read_fonts_config(cfg) == {"fs": "仿宋_GB2312", "xbs": "方正小标宋简体"}
    bare = tmp_path / "bare.ini"
    bare.write_text("黑体 = SimHei\n", encoding="utf-8")
    assert read_fonts_config(bare) == {"hei": "SimHei"}
    with pytest.raises(FontError, match="无法读取"):
        read_fonts_config(tmp_path / "missing.ini")


def test_font_css_lists_fallbacks_after_the_choice():
    css = font_css(resolve_fonts())
    for role in ROLE_IDS:
        assert f".ff-{role} {{" in css
    # a glyph missing from the chosen face still finds a CJK face: never a box
    assert css.count('"Noto Serif CJK SC"') >= 5


def test_fonts_command(cli):
    result = cli("fonts")
    assert result.exit_code == 0
    for name in ("小标宋", "仿宋", "黑体", "楷体", "宋体"):
        assert name in result.output


def test_fonts_command_bad_role(cli):
    result = cli("fonts", "--font", "标宋体=X")
    assert result.exit_code == 2
    assert "未知的字体角色" in result.output
