"""The limits table: what one input may hold, how ``--limit`` and ``QZQD_LIMITS`` raise it, and the
Chinese refusal when a measure is over it."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..errors import LimitError, UsageError

MB = 1 << 20


@dataclass(frozen=True)
class Limits:
    """What one input may hold (see the module docstring for how to raise them)."""

    bytes: int = 200 * MB  # uncompressed size of a workbook or document (all its parts), or of a text file
    ratio: int = 200  # compression ratio of one part of a workbook or document (parts over 10 MB)
    rows: int = 100_000  # rows holding content in one sheet
    columns: int = 1_000  # columns spanned by the content of one sheet
    cells: int = 2_000_000  # non-empty cells in one sheet
    cell_chars: int = 100_000  # characters in one cell (over Excel's 32,767 is QZ006; far over it, refused)
    chars: int = 50_000_000  # characters in one sheet
    # Merged ranges in one sheet: a large real list has one to three per item. openpyxl (annotate and
    # update-citations copy the workbook with it) spends ~0.3 ms on each when it loads the workbook.
    merges: int = 20_000


# name -> (what it limits, in Chinese)
LIMIT_TEXT: dict[str, str] = {
    "bytes": "解压后的大小（字节）",
    "ratio": "压缩比",
    "rows": "有内容的行数",
    "columns": "有内容的列数",
    "cells": "有内容的单元格数",
    "cell_chars": "单个单元格的字数",
    "chars": "一个工作表的总字数",
    "merges": "合并单元格的个数",
}

ENV = "QZQD_LIMITS"
_override: Limits | None = None


def parse(spec: str, base: Limits | None = None) -> Limits:
    """``base`` with the values of ``spec`` ("rows=300000,cells=5e6"), or a Chinese UsageError.

    >>> parse("rows=300000, cells=5e6").cells
    5000000
    """
    base = base or Limits()
    values: dict[str, int] = {}
    for part in re.split(r"[,，;；\s]+", spec.strip()):
        if not part:
            continue
        name, sep, value = part.partition("=")
        name = name.strip().replace("-", "_")
        if not sep or name not in LIMIT_TEXT:
            raise UsageError(
                f"限额“{part}”无法识别，应写作 名称=数值，名称为：{'、'.join(f'{k}（{v}）' for k, v in LIMIT_TEXT.items())}。"
            )
        try:
            number = int(float(value.strip().upper().replace("M", "e6").replace("K", "e3")))
        except (ValueError, OverflowError):
            number = 0
        if number <= 0:
            raise UsageError(f"限额“{part}”的数值应为正整数，如 rows=300000。")
        values[name] = number
    return dataclasses.replace(base, **values)


def current() -> Limits:
    """The limits in force: the defaults, raised by ``QZQD_LIMITS`` and by the ``--limit`` options."""
    if _override is not None:
        return _override
    env = os.environ.get(ENV, "")
    return parse(env) if env.strip() else Limits()


def configure(specs: tuple[str, ...] | list[str]) -> None:
    """Set the limits for the rest of this process (the CLI's ``--limit`` options, applied over the env)."""
    global _override
    limits = current()
    for spec in specs:
        limits = parse(spec, limits)
    _override = limits


@contextlib.contextmanager
def raised(spec: str) -> Iterator[Limits]:
    """Limits changed by ``spec`` inside a ``with`` block (for the library and tests)."""
    global _override
    before = _override
    _override = parse(spec, current())
    try:
        yield _override
    finally:
        _override = before


def refuse(name: str, found: str | None, path: Path, *, sheet: str | None = None, what: str = "") -> LimitError:
    limit = getattr(current(), name)
    measured = f"为 {found}，" if found else ""
    return LimitError(
        f"{what or LIMIT_TEXT[name]}{measured}超过了限额 {limit:,}（{name}）：文件过大，或是损坏、恶意构造的文件，未处理。",
        path=path,
        sheet=sheet,
        hint=f"如确实需要处理这么大的文件，可加 --limit {name}=更大的数值（写在命令中任意位置），"
        f"或设置环境变量 {ENV}；大批量的清单请按单位分成多个工作簿。",
    )
