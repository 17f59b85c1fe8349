"""A catalogue (目录): the items of a list without their legal basis or duties, published on purpose.

Many units publish, besides or instead of the full 权责清单, a 目录: 序号, 权力类型, 事项名称, 子项名称,
备注 (sometimes 实施主体 and an item code) and nothing else. It is read as what it is: its items are
imported, the list is marked a catalogue (``PowerList.catalogue``, kept in the workbook's 发文信息 sheet
as 清单类型：目录), and the columns a catalogue never has are not reported missing, item by item.

>>> is_catalogue({"序号", "权力分类", "项目名称", "子项名称", "备注"}), is_catalogue({"项目名称", "实施依据", "序号"})
(True, False)
"""

from __future__ import annotations

# What a catalogue may have; it must name its items.
CATALOGUE_COLUMNS = frozenset(
    {"序号", "权力分类", "项目名称", "子项名称", "备注", "事项编码", "实施主体", "承办的内设机构"}
)
# The setting in the 发文信息 sheet that marks a catalogue.
KIND_LABEL = "清单类型"
CATALOGUE_KIND = "目录"
LIST_KIND = "权责清单"


def is_catalogue(targets: set[str]) -> bool:
    """Whether a table whose columns feed ``targets`` (standard column names) is a catalogue."""
    return "项目名称" in targets and targets <= CATALOGUE_COLUMNS


def catalogue_note(missing: list[str]) -> str:
    """The one message that says a list was read as a catalogue."""
    return (
        f"这是一份目录（只列事项，没有{'、'.join(missing)}等列），按目录导入：事项全部读取，"
        f"主表“发文信息”中记为“{KIND_LABEL}：{CATALOGUE_KIND}”，检查时不要求目录本来就没有的内容。"
    )


__all__ = ["CATALOGUE_COLUMNS", "CATALOGUE_KIND", "KIND_LABEL", "LIST_KIND", "catalogue_note", "is_catalogue"]
