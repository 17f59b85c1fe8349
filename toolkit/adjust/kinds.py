"""The adjustment types (调整类型) as units and 编办 name them, and what each requires: data, not code.

>>> KIND_BY_NAME["取消"].needs_supervision, KIND_BY_NAME["新增"].needs_supervision
(True, False)
>>> aspect_of("实施依据"), aspect_of("项目名称")
('依据', '名称')
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str  # 调整类型 as written in the 对照表 and 申请表
    needs_supervision: bool  # the item leaves the unit's hands: the 编办 asks how it is supervised after
    statuses: tuple[str, ...]  # the diff statuses a clerk may declare this type for (see notes.py)
    doc: str  # one-line English description


KINDS: tuple[Kind, ...] = (
    Kind("新增", False, ("added",), "a power the unit did not list before (a new law, a new function)"),
    Kind("取消", True, ("removed",), "a power the unit no longer exercises (law repealed, power abolished)"),
    Kind("变更", False, ("changed",), "the same power with another name, basis, body or duties"),
    Kind("下放", True, ("removed", "changed"), "the power handed to a lower level (乡镇, 街道, 开发区)"),
    Kind("承接", False, ("added", "changed"), "a power taken over from a higher level or another unit"),
    Kind("合并", False, ("removed", "added", "changed"), "several items became one"),
    Kind("拆分", False, ("removed", "added", "changed"), "one item became several"),
)
KIND_BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS}
KIND_NAMES: tuple[str, ...] = tuple(k.name for k in KINDS)
# What a clerk writes for a type, read as the type: “调整”, “修改” are 变更; “删除”, “废止” are 取消 …
KIND_ALIASES: dict[str, str] = {
    "增加": "新增",
    "新设": "新增",
    "删除": "取消",
    "减少": "取消",
    "废止": "取消",
    "调整": "变更",
    "修改": "变更",
    "更名": "变更",
    "名称变更": "变更",
    "依据变更": "变更",
    "下沉": "下放",
    "委托": "下放",
    "赋权": "下放",
    "划入": "承接",
    "划转": "承接",
    "整合": "合并",
    "分设": "拆分",
}

# What changed in a 变更, by column: the words the 申请表's 调整内容 uses.
ASPECTS: dict[str, str] = {
    "项目名称": "名称",
    "子项名称": "名称",
    "权力分类": "权力分类",
    "实施主体": "实施主体",
    "承办的内设机构": "实施主体",
    "实施依据": "依据",
    "责任事项依据": "依据",
    "追责依据": "依据",
    "责任事项": "责任事项",
    "追责情形": "追责情形",
    "免责事项": "免责事项",
    "备注": "备注",
    "事项编码": "事项编码",
}
ASPECT_ORDER: tuple[str, ...] = tuple(dict.fromkeys(ASPECTS.values()))


def aspect_of(column: str) -> str:
    return ASPECTS.get(column, column)


def kind_name(text: str) -> str | None:
    """The 调整类型 a clerk's word names, or None.

    >>> kind_name(" 下放 "), kind_name("修改"), kind_name("改革")
    ('下放', '变更', None)
    """
    t = "".join(text.split())
    if t in KIND_BY_NAME:
        return t
    if t in KIND_ALIASES:
        return KIND_ALIASES[t]
    for k in KIND_NAMES:  # “取消（并入第3项）”, “变更名称”
        if t.startswith(k):
            return k
    return None
