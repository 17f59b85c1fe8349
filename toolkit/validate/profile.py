"""Profiles: which rules bind a list, at which severity, with which categories and citation labels.

The rules every list must meet form the ``default`` profile (全国通用); a region's own conventions (the
sample's 广西2022 style: labels on every citation, a colon after 第X条, owners in parentheses …) form a named
profile. Profiles are small TOML files in ``toolkit/validate/profiles/`` (one per profile; a user may pass
the path of their own): a rule code with the severity it has there or ``"off"``, the allowed categories and
sub-categories, the citation labels. A profile with ``base = "default"`` changes only what it names.

A workbook names its profile in the 发文信息 sheet (field 检查规则); ``qzqd validate --profile`` overrides it.

>>> p = load_profile("广西2022")
>>> p.id, p.severity("QZ305", "error"), load_profile("default").severity("QZ305", "error")
('guangxi-2022', 'error', 'off')
>>> split_category("其他行政权力-备案", p)
('其他行政权力', '备案')
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

from ..errors import UsageError

PROFILE_DIR = Path(__file__).resolve().parent / "profiles"
DEFAULT = "default"
OFF = "off"
LEVELS = ("error", "warning", "info", OFF)


class ProfileError(UsageError):
    """A profile that does not exist or cannot be read (a usage error: exit 2, with a Chinese message)."""


@dataclass(frozen=True)
class Profile:
    """One profile: what differs from the rule table, and the vocabularies the rules check against."""

    id: str  # "guangxi-2022"
    name: str  # Chinese name shown to users: "广西2022"
    summary: str = ""
    rules: Mapping[str, str] = field(default_factory=dict)  # code -> error | warning | info | off
    categories: tuple[str, ...] = ()  # allowed without any finding
    local_categories: tuple[str, ...] = ()  # known, but a warning unless allowed (--category)
    sub_categories: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # main -> allowed (absent: any)
    labels: tuple[str, ...] = ()  # category labels a citation may carry
    label_synonyms: Mapping[str, str] = field(default_factory=dict)  # 部委规章 -> 部门规章
    broad_labels: tuple[str, ...] = ()  # known labels naming no single category (规章, 法规, 其他依据)
    required_columns: tuple[str, ...] = ()  # a source without one of these is wrong (QZ003 error); () = all required
    form: str = "《法律名称》第X条"  # a well-formed citation, as messages show it
    path: Path | None = None

    def severity(self, code: str, default: str) -> str:
        """The severity of rule ``code`` here (``"off"``: the rule does not apply)."""
        return self.rules.get(code, default)

    def applies(self, code: str, default: str) -> bool:
        return self.severity(code, default) != OFF

    def knows_label(self, label: str) -> bool:
        """Whether a citation's category label is one the profile knows (QZ303 reports the others)."""
        label = label.strip()
        return label in self.labels or label in self.label_synonyms or label in self.broad_labels

    def label_category(self, label: str) -> str | None:
        """The category a known label names (部委规章 -> 部门规章); None for a broad label (规章, 其他).

        >>> p = load_profile(); p.label_category("政府规章"), p.label_category("规章"), p.label_category("法律")
        ('地方政府规章', None, '法律')
        """
        label = label.strip()
        if label in self.broad_labels:
            return None
        return self.label_synonyms.get(label, label)

    @property
    def title(self) -> str:
        """How messages name the profile: 检查规则“广西2022”."""
        return f"检查规则“{self.name}”"


def builtin_profiles() -> list[str]:
    """Ids of the profiles shipped with qzqd, the default first.

    >>> builtin_profiles()[0]
    'default'
    """
    ids = sorted(p.stem for p in PROFILE_DIR.glob("*.toml"))
    return [DEFAULT, *[i for i in ids if i != DEFAULT]]


def _key(name: str) -> str:
    return re.sub(r"[\s_－—–]", "-", name.strip()).lower()


@lru_cache(maxsize=32)
def load_profile(name: str | Path | None = None) -> Profile:
    """The profile named ``name``: a shipped profile's id or Chinese name, or the path of a TOML file.

    ``None`` or "" gives the default profile. Raises :class:`ProfileError` (a usage error) when there is no
    such profile or its file cannot be read.

    >>> load_profile().name, load_profile("GUANGXI-2022").name
    ('全国通用', '广西2022')
    """
    if name is None or not str(name).strip():
        name = DEFAULT
    text = str(name).strip()
    path = Path(text)
    if text.lower().endswith(".toml"):
        if not path.is_file():
            raise ProfileError(f"检查规则文件“{text}”不存在，请检查路径和文件名。")
        return _read(path)
    wanted = _key(text)
    for pid in builtin_profiles():
        p = _read(PROFILE_DIR / f"{pid}.toml")
        if wanted in (_key(p.id), _key(p.name)):
            return p
    known = "、".join(f"{load_profile(i).name}（{i}）" for i in builtin_profiles())
    raise ProfileError(
        f"没有检查规则“{text}”。可用的有：{known}，或自己写的 .toml 文件的路径；“qzqd rules --profile 名称”查看每套规则。"
    )


def _read(path: Path, seen: tuple[Path, ...] = ()) -> Profile:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ProfileError(f"检查规则文件 {path} 无法读取：{e}") from e
    base: Profile | None = None
    if data.get("base"):
        base_name = str(data["base"])
        base_path = PROFILE_DIR / f"{base_name}.toml"
        if not base_path.is_file():
            base_path = (path.parent / base_name).resolve()
        if base_path in seen or base_path == path.resolve():
            raise ProfileError(f"检查规则文件 {path}：base 循环引用了“{base_name}”。")
        if not base_path.is_file():
            raise ProfileError(f"检查规则文件 {path}：base 指向的“{base_name}”不存在。")
        base = _read(base_path, (*seen, path.resolve()))
    return _build(path, data, base)


def _strings(value: Any, where: str, path: Path) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ProfileError(f'检查规则文件 {path}：{where} 应为字符串列表，如 ["行政许可", "行政处罚"]。')
    return tuple(v.strip() for v in value if v.strip())


def _build(path: Path, data: dict[str, Any], base: Profile | None) -> Profile:
    rules = dict(base.rules) if base else {}
    for code, level in (data.get("rules") or {}).items():
        level = str(level).strip().lower()
        if level not in LEVELS:
            raise ProfileError(
                f"检查规则文件 {path}：规则 {code} 的级别“{level}”不对，应为 error、warning、info 或 off。"
            )
        rules[str(code).upper()] = level
    cats = data.get("categories") or {}
    subs = dict(base.sub_categories) if base else {}
    for main, allowed in (data.get("sub_categories") or {}).items():
        subs[str(main)] = _strings(allowed, f"sub_categories.{main}", path)
    cites = data.get("citations") or {}
    cols = data.get("columns") or {}
    pid = str(data.get("id") or path.stem)
    return Profile(
        id=pid,
        name=str(data.get("name") or pid),
        summary=str(data.get("summary") or ""),
        rules=rules,
        categories=_strings(cats["standard"], "categories.standard", path)
        if "standard" in cats
        else (base.categories if base else ()),
        local_categories=_strings(cats["local"], "categories.local", path)
        if "local" in cats
        else (base.local_categories if base else ()),
        sub_categories=subs,
        labels=_strings(cites["labels"], "citations.labels", path)
        if "labels" in cites
        else (base.labels if base else ()),
        label_synonyms={
            **(base.label_synonyms if base else {}),
            **{str(k): str(v) for k, v in (cites.get("synonyms") or {}).items()},
        },
        broad_labels=_strings(cites["broad"], "citations.broad", path)
        if "broad" in cites
        else (base.broad_labels if base else ()),
        form=str(cites.get("form") or (base.form if base else "《法律名称》第X条")),
        required_columns=_strings(cols["required"], "columns.required", path)
        if "required" in cols
        else (base.required_columns if base else ()),
        path=path,
    )


# 其他行政权力-备案, 其他行政权力—备案, 其他行政权力（备案）, 其他行政权力(备案), 其他行政权力：备案
_SUB_RE = re.compile(r"^(.+?)\s*(?:[-－—–―~～:：/／]\s*(.+)|[（(]\s*(.+?)\s*[）)])$")


def split_category(value: str, profile: Profile) -> tuple[str, str | None]:
    """(main category, sub-category or None) of a 权力分类 value; only a known main category is split off.

    >>> split_category("行政许可", load_profile()), split_category("其他行政权力（备案）", load_profile())
    (('行政许可', None), ('其他行政权力', '备案'))
    """
    m = _SUB_RE.match(value)
    if m is None:
        return value, None
    main = m.group(1).strip()
    if main not in profile.categories and main not in profile.local_categories:
        return value, None
    return main, (m.group(2) or m.group(3) or "").strip() or None
