"""The annual adjustment (动态调整): from last year's list to the package the 编办 receives.

One module per job: ``kinds`` (调整类型 as data), ``sheets`` (the 调整说明 and 请示 sheets of the new
workbook), ``lawinfo`` (the law library: revisions, repeals), ``plan`` (the adjustments of a diff, with
依据/理由 filled), ``summary`` (counts), ``application`` (调整申请表), ``comparison`` (调整对照表 with 理由),
``request`` (the 请示 to the 编办), ``data`` (the package's machine-readable record and the round trip),
``package`` (writes and checks the package).

>>> from toolkit.adjust import build_package
>>> result = build_package("workbooks/xingan-2022.xlsx", "workbooks/xingan-2025.xlsx", "output/调整材料")  # doctest: +SKIP
>>> result.complete, [p.name for p in result.files]  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

__all__ = ["build_package", "check_package", "plan_adjustments"]


def __getattr__(name: str) -> Any:  # lazy: writer imports toolkit.adjust.sheets without the heavy modules
    if name in ("build_package", "check_package"):
        from . import package

        return getattr(package, name)
    if name == "plan_adjustments":
        from .plan import plan_adjustments

        return plan_adjustments
    raise AttributeError(name)
