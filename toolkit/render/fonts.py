"""Font roles of an official document, resolved to installed faces through fontconfig.

GB/T 9704 names faces by role (小标宋 for titles, 仿宋 for the body, 黑体/楷体 for headings, 宋体 for page
numbers). Offices usually have the real faces (方正小标宋简体, 仿宋_GB2312 …); a Linux box usually has only
free ones. Each role lists the real faces first and free look-alikes after; the first one installed wins,
unless the user names a family for the role (option or config file).

Nothing here is notice-specific: any HTML that uses the ``ff-<role>`` classes from :func:`font_css`
(or reads :attr:`FontChoice.css_family`) gets the resolved faces.
"""

from __future__ import annotations

import configparser
import functools
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import QzqdError


class FontError(QzqdError):
    """No usable CJK font, or a font named by the user that is not installed (exit 2)."""


INSTALL_HINT = (
    "请安装中文字体后重试。Debian/Ubuntu：sudo apt-get install fonts-noto-cjk fonts-lxgw-wenkai "
    "fonts-arphic-gkai00mp，或以管理员权限运行 scripts/setup.sh（另装 Fandol 仿宋、黑体、楷体）；也可以把单位的公文字体（方正小标宋简体、仿宋_GB2312、黑体、楷体_GB2312）"
    "复制到 ~/.local/share/fonts/ 后运行 fc-cache -f。"
)


@dataclass(frozen=True)
class Role:
    id: str  # ascii id, used in CSS class names (ff-<id>) and in English code
    name: str  # the Chinese role name users write in options and config files
    use: str  # what the role is for (shown by `qzqd fonts`)
    preferred: tuple[tuple[str, int], ...]  # (family, CSS weight): the real faces, best first
    fallback: tuple[tuple[str, int], ...]  # free faces, best first
    generic: str  # CSS generic family appended last


ROLES: tuple[Role, ...] = (
    Role(
        "xbs",
        "小标宋",
        "标题、发文机关标志",
        (
            ("方正小标宋简体", 400),
            ("方正小标宋_GBK", 400),
            ("FZXiaoBiaoSong-B05S", 400),
            ("FZXiaoBiaoSong-B05", 400),
            ("华文中宋", 400),
            ("STZhongsong", 400),
        ),
        (("Noto Serif CJK SC", 700), ("Source Han Serif SC", 700), ("AR PL SungtiL GB", 400)),
        "serif",
    ),
    Role(
        "fs",
        "仿宋",
        "正文、主送机关、署名、日期、版记、附件表格正文",
        (
            ("仿宋_GB2312", 400),
            ("FangSong_GB2312", 400),
            ("仿宋", 400),
            ("FangSong", 400),
            ("方正仿宋_GBK", 400),
            ("华文仿宋", 400),
            ("STFangsong", 400),
        ),
        # FandolFang: a free 仿宋 (scripts/setup.sh installs it), far closer to 仿宋_GB2312 than a Song face.
        (("FandolFang", 400), ("Noto Serif CJK SC", 400), ("Source Han Serif SC", 400), ("AR PL SungtiL GB", 400)),
        "serif",
    ),
    Role(
        "hei",
        "黑体",
        "“附件”字样、一级标题、表头",
        (
            ("黑体", 400),
            ("SimHei", 400),
            ("方正黑体_GBK", 400),
            ("方正黑体简体", 400),
            ("华文黑体", 400),
            ("STHeiti", 400),
        ),
        (("FandolHei", 400), ("Noto Sans CJK SC", 400), ("Source Han Sans SC", 400), ("WenQuanYi Zen Hei", 400)),
        "sans-serif",
    ),
    Role(
        "kai",
        "楷体",
        "二级标题",
        (
            ("楷体_GB2312", 400),
            ("KaiTi_GB2312", 400),
            ("楷体", 400),
            ("KaiTi", 400),
            ("方正楷体_GBK", 400),
            ("华文楷体", 400),
            ("STKaiti", 400),
        ),
        (("FandolKai", 400), ("AR PL KaitiM GB", 400), ("LXGW WenKai", 400), ("Noto Serif CJK SC", 400)),
        "serif",
    ),
    Role(
        "song",
        "宋体",
        "页码",
        (
            ("宋体", 400),
            ("SimSun", 400),
            ("方正书宋_GBK", 400),
            ("华文宋体", 400),
            ("STSong", 400),
        ),
        (("FandolSong", 400), ("Noto Serif CJK SC", 400), ("Source Han Serif SC", 400), ("AR PL SungtiL GB", 400)),
        "serif",
    ),
)
ROLE_BY_KEY: dict[str, Role] = {k: r for r in ROLES for k in (r.id, r.name)}
# Common ways users write a role name.
ROLE_BY_KEY.update(
    {
        "方正小标宋": ROLE_BY_KEY["xbs"],
        "标题": ROLE_BY_KEY["xbs"],
        "正文": ROLE_BY_KEY["fs"],
        "页码": ROLE_BY_KEY["song"],
    }
)


@dataclass(frozen=True)
class FontChoice:
    """The face a role resolved to."""

    role: Role
    family: str  # the family name handed to CSS / Pango
    weight: int
    file: Path | None  # where fontconfig found it
    how: str  # "公文字体" (a real face), "替代字体" (free look-alike) or "用户指定"

    @property
    def css_family(self) -> str:
        """A CSS font-family list: the chosen face, then the free CJK faces so no glyph is ever missing."""
        names = [self.family] + [f for f, _ in self.role.fallback if f != self.family]
        names += ["Noto Serif CJK SC", "Noto Sans CJK SC"]
        seen: list[str] = []
        for n in names:
            if n not in seen:
                seen.append(n)
        return ", ".join(f'"{n}"' for n in seen) + f", {self.role.generic}"

    @property
    def is_substitute(self) -> bool:
        return self.how == "替代字体"


@dataclass(frozen=True)
class _Face:
    families: tuple[str, ...]
    weight: int  # CSS weight (fontconfig weight mapped)
    file: Path


def _css_weight(fc_weight: int) -> int:
    # fontconfig: 50 light, 80 regular, 100 medium, 180 semibold, 200 bold, 210 black
    if fc_weight >= 195:
        return 700
    if fc_weight >= 170:
        return 600
    if fc_weight >= 90:
        return 500
    return 400


@functools.lru_cache(maxsize=1)
def cjk_faces() -> tuple[_Face, ...]:
    """Every installed face that covers Chinese, read with one ``fc-list`` call.

    Without ``fc-list`` (Windows, macOS without fontconfig) the system font folders are read instead.
    """
    if shutil.which("fc-list") is None:
        from .fontscan import scan_cjk_faces

        return tuple(_Face(families, weight, path) for families, weight, path in scan_cjk_faces())
    out = subprocess.run(
        ["fc-list", ":lang=zh", "--format", "%{family}\t%{weight}\t%{file}\n"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    ).stdout
    faces = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 3:
            continue
        families = tuple(f.strip() for f in parts[0].split(",") if f.strip())
        try:
            weight = int(float(parts[1].split()[0].strip("[]")))
        except (ValueError, IndexError):
            weight = 80
        faces.append(_Face(families, _css_weight(weight), Path(parts[2])))
    return tuple(faces)


def _find(family: str, weight: int, faces: tuple[_Face, ...]) -> _Face | None:
    """The installed face of ``family`` closest to ``weight`` (family names compared case-insensitively)."""
    key = family.casefold()
    matches = [f for f in faces if any(n.casefold() == key for n in f.families)]
    if not matches:
        return None
    return min(matches, key=lambda f: abs(f.weight - weight))


def read_fonts_config(path: str | Path) -> dict[str, str]:
    """Role overrides from a config file: a ``[fonts]`` section of ``角色 = 字体名`` lines.

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "fonts.ini")
    >>> from pathlib import Path
    >>> _ = Path(p).write_text("[fonts]\\n仿宋 = FangSong\\n", encoding="utf-8")
    >>> read_fonts_config(p)
    {'fs': 'FangSong'}
    """
    path = Path(path)
    parser = configparser.ConfigParser(interpolation=None, comment_prefixes=("#", ";"))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keep case of names
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise FontError(f"无法读取字体配置文件（{exc.strerror}）。", path=path) from exc
    if not re.search(r"^\s*\[", text, re.MULTILINE):  # a bare list of lines: the [fonts] header is optional
        text = "[fonts]\n" + text
    try:
        parser.read_string(text)
    except configparser.Error as exc:
        raise FontError(
            f"字体配置文件格式不对：{exc.message if hasattr(exc, 'message') else exc}",
            path=path,
            hint="格式示例：\n[fonts]\n仿宋 = 仿宋_GB2312\n小标宋 = 方正小标宋简体",
        ) from exc
    if not parser.has_section("fonts"):
        raise FontError("字体配置文件中没有 [fonts] 一节。", path=path, hint="格式示例：\n[fonts]\n仿宋 = 仿宋_GB2312")
    return parse_overrides([f"{k}={v}" for k, v in parser.items("fonts")], source=path)


def parse_overrides(pairs: list[str] | tuple[str, ...], *, source: str | Path | None = None) -> dict[str, str]:
    """``["仿宋=FangSong", …]`` → ``{"fs": "FangSong"}``; unknown roles raise a Chinese error.

    >>> parse_overrides(["小标宋=方正小标宋简体", "body=Noto Serif CJK SC"])
    Traceback (most recent call last):
    ...
    toolkit.render.fonts.FontError: 未知的字体角色“body”。可用的角色：小标宋、仿宋、黑体、楷体、宋体。
    """
    out: dict[str, str] = {}
    for pair in pairs:
        role_key, sep, family = pair.partition("=")
        role_key, family = role_key.strip(), family.strip().strip("\"'")
        if not sep or not family:
            raise FontError(
                f"字体设置“{pair}”应写成 角色=字体名，例如 仿宋=仿宋_GB2312。", path=source if source else None
            )
        role = ROLE_BY_KEY.get(role_key)
        if role is None:
            names = "、".join(r.name for r in ROLES)
            raise FontError(f"未知的字体角色“{role_key}”。可用的角色：{names}。", path=source if source else None)
        out[role.id] = family
    return out


def resolve_fonts(overrides: Mapping[str, str] | None = None) -> dict[str, FontChoice]:
    """Resolve every role to an installed face; ``overrides`` maps role (id or Chinese name) → family.

    >>> fonts = resolve_fonts()  # doctest: +SKIP
    >>> fonts["fs"].family  # doctest: +SKIP
    'Noto Serif CJK SC'
    """
    faces = cjk_faces()
    if not faces:
        raise FontError("系统中没有任何中文字体，无法排版（否则中文会显示成方框）。", hint=INSTALL_HINT)
    wanted = {ROLE_BY_KEY[k].id if k in ROLE_BY_KEY else k: v for k, v in (overrides or {}).items()}
    result: dict[str, FontChoice] = {}
    for role in ROLES:
        if role.id in wanted:
            family = wanted[role.id]
            weight = next((w for f, w in role.preferred + role.fallback if f.casefold() == family.casefold()), 400)
            face = _find(family, weight, faces)
            if face is None:
                raise FontError(
                    f"为“{role.name}”指定的字体“{family}”没有安装，或不含中文字形。",
                    hint="用 fc-list :lang=zh family 查看已安装的中文字体；不指定则自动选择。",
                )
            result[role.id] = FontChoice(role, family, weight, face.file, "用户指定")
            continue
        for how, candidates in (("公文字体", role.preferred), ("替代字体", role.fallback)):
            chosen = next(((f, w, face) for f, w in candidates if (face := _find(f, w, faces))), None)
            if chosen:
                family, weight, face = chosen
                result[role.id] = FontChoice(role, family, weight, face.file, how)
                break
        else:
            # Any CJK face beats boxes: take the first installed one.
            face = faces[0]
            result[role.id] = FontChoice(role, face.families[0], 400, face.file, "替代字体")
    return result


def font_css(fonts: Mapping[str, FontChoice]) -> str:
    """CSS rules ``.ff-<role> { font-family; font-weight }`` for the resolved roles.

    >>> "ff-fs" in font_css(resolve_fonts())  # doctest: +SKIP
    True
    """
    rules = []
    for choice in fonts.values():
        rules.append(f".ff-{choice.role.id} {{ font-family: {choice.css_family}; font-weight: {choice.weight}; }}")
    return "\n".join(rules) + "\n"
