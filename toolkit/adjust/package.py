"""``qzqd adjust``: write the submission package for the 编办, one file per document, and check a received one.

The package (a folder):

=====================  =====================================================================================
调整对照表.xlsx / .pdf   every adjusted item before and after, with 调整类型 and 调整依据及理由
调整申请表.xlsx          one row per adjustment (序号 … 监管措施, 备注), the unit and date block, the summary
请示.pdf                the covering 请示 to the 编办 (GB/T 9704-2012)
调整后权责清单.xlsx       the new revision's workbook, byte for byte
调整数据.json            the machine-readable record: applied to the old list it gives the new one exactly
待完善事项.txt           only for a draft: what is missing (理由, 依据, 监管措施, 请示 fields)
=====================  =====================================================================================

An incomplete package is still written, every document marked 草稿, and the result says why.

>>> result = build_package("workbooks/xingan-2022.xlsx", "workbooks/xingan-2025.xlsx", "output/调整材料", force=True)  # doctest: +SKIP
>>> result.complete  # doctest: +SKIP
False
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OutputError, os_error_text
from ..formulas import neutralise, say
from ..fsutil import atomic_output, check_input, check_output, claim
from ..model import Finding
from .plan import Plan
from .problems import problem
from .summary import Summary

COMPARISON_XLSX = "调整对照表.xlsx"
COMPARISON_PDF = "调整对照表.pdf"
APPLICATION = "调整申请表.xlsx"
REQUEST = "请示.pdf"
NEW_LIST = "调整后权责清单.xlsx"
DATA = "调整数据.json"
TODO = "待完善事项.txt"
FILES = (COMPARISON_XLSX, COMPARISON_PDF, APPLICATION, REQUEST, NEW_LIST, DATA)


@dataclass
class PackageResult:
    folder: Path
    files: list[Path]
    problems: list[Finding]  # errors keep the package a draft; warnings are listed
    plan: Plan
    summary: Summary
    reading_warnings: list[tuple[str, Finding]] = field(default_factory=list)  # (which workbook, finding)

    @property
    def complete(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def build_package(
    old: str | Path,
    new: str | Path,
    folder: str | Path,
    *,
    request_fields: dict[str, str] | None = None,
    law_dirs: tuple[str | Path, ...] = (),
    force: bool = False,
    today: dt.date | None = None,
) -> PackageResult:
    """Compare ``old`` and ``new`` and write the package into ``folder`` (created when missing).

    ``request_fields`` (签发人, 主送机关, 发文字号, 成文日期, 联系人, 联系电话 …) override the new workbook's
    请示 sheet. Existing package files are replaced only with ``force``.
    """
    from ..diff import diff
    from .application import write_application
    from .comparison import write_comparison
    from .data import record
    from .plan import plan_adjustments
    from .request import request_info, unit_name, write_request
    from .sheets import read_sheets
    from .summary import summarize

    old, new = check_input(old), check_input(new)
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError("这是一个文件，不是目录：调整材料要写入一个目录。", path=folder)
    targets = [folder / name for name in (*FILES, TODO)]
    if folder.is_dir():
        for t in targets:
            check_output(t, force=force, inputs=(old, new))
    d = diff(old, new)
    sheets = read_sheets(new)
    plan = plan_adjustments(d, sheets, law_dirs=law_dirs)
    if not plan.adjustments:
        from ..errors import DataError

        raise DataError(
            f"两个版本的事项没有实质差异（{d.summary()['format_only']} 项仅有格式差异），没有需要报送的调整，未生成材料。",
            path=new,
            hint="请确认先写旧版、后写新版，且新版是调整后的清单。",
        )
    summary = summarize(plan)
    fields = {**sheets.request, **{k: v for k, v in (request_fields or {}).items() if v}}
    info, request_problems = request_info(plan, summary, fields, today=today)
    problems = [*plan.problems, *request_problems]
    draft = any(p.severity == "error" for p in problems)
    errors = sum(1 for p in problems if p.severity == "error")
    draft_line = f"草稿：尚有 {errors} 处须完善（见“{TODO}”），完善后重新生成。" if draft else ""
    folder.mkdir(parents=True, exist_ok=True)
    inputs = (old, new)
    # Every file is written into a hidden staging folder beside the package and moved in only when all are
    # done: a run stopped half-way (Ctrl+C, a full disk, a broken PDF) leaves the folder as it was, not a mix
    # of this run's files and an earlier run's.
    with _staging(folder) as stage:
        files = write_comparison(
            plan, summary, stage / COMPARISON_XLSX, stage / COMPARISON_PDF, draft=draft_line, inputs=inputs
        )
        date = info.date or (plan.diff.new.notice.date)
        errors_only = [p for p in problems if p.severity == "error"] if draft else None
        files.append(
            write_application(
                plan, summary, stage / APPLICATION, unit=unit_name(plan), date=date, draft=errors_only, inputs=inputs
            )
        )
        files.append(write_request(info, stage / REQUEST, draft=draft, inputs=inputs))
        with atomic_output(stage / NEW_LIST, inputs=inputs) as tmp:
            formulas = _copy_without_formulas(new, tmp)
        if formulas:
            problems.append(problem("QZ805", say(formulas)))
        files.append(stage / NEW_LIST)
        doc = record(plan, summary, problems=[{**p.as_dict()} for p in problems])
        with atomic_output(stage / DATA, inputs=inputs) as tmp:
            tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        files.append(stage / DATA)
        if draft:
            with atomic_output(stage / TODO, inputs=inputs) as tmp:
                tmp.write_text(todo_text(problems), encoding="utf-8")
            files.append(stage / TODO)
        files = _publish(files, folder, force=force)
    todo = folder / TODO
    if not draft and todo.exists():
        todo.unlink()  # an earlier draft's list no longer holds
    warnings = [(label, f) for label, pl in (("旧版", d.old), ("新版", d.new)) for f in pl.reading_warnings()]
    return PackageResult(folder, files, problems, plan, summary, warnings)


@contextlib.contextmanager
def _staging(folder: Path) -> Iterator[Path]:
    """A hidden folder beside ``folder`` (same file system: moving out of it is a rename), removed afterwards
    and also when the run is stopped by a signal."""
    from .. import cleanup

    try:
        stage = Path(tempfile.mkdtemp(prefix=f".{folder.name[:40]}.qzqd-", suffix=".part", dir=folder.parent))
    except OSError as exc:
        raise OutputError(f"无法在目录“{folder.parent}”中写入（{os_error_text(exc)}）。", path=folder) from exc
    cleanup.register(stage)
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)
        cleanup.unregister(stage)


def _publish(files: list[Path], folder: Path, *, force: bool) -> list[Path]:
    """Move the staged files into ``folder`` (each by one rename; an existing file only with ``force``)."""
    out = []
    for staged in files:
        target = folder / staged.name
        claim(staged, target, force=force)
        out.append(target)
    return out


def todo_text(problems: list[Finding]) -> str:
    """待完善事项.txt: one line per problem, errors first (Windows Notepad reads UTF-8 with or without BOM)."""
    lines = [
        "调整材料尚不完整（草稿）。请在新版工作簿的“调整说明”“请示”表中补充以下内容，然后重新运行 qzqd adjust：",
        "",
    ]
    for f in sorted(problems, key=lambda f: f.severity != "error"):
        mark = "须完善" if f.severity == "error" else "提示"
        lines.append(f"[{mark}] {f.code} {f.place_text()}")
    return "\r\n".join(lines) + "\r\n"


# ---- checking a received package ---------------------------------------------------------------------------


@dataclass
class CheckResult:
    folder: Path
    problems: list[str]  # Chinese; empty when the package holds together
    items_before: int = 0
    items_after: int = 0
    adjustments: int = 0
    draft: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems


def check_package(folder: str | Path, old: str | Path) -> CheckResult:
    """Apply the package's 调整数据.json to ``old`` and compare the result with the package's 调整后权责清单
    cell for cell; check that the 申请表 lists every adjustment.

    >>> check_package("output/调整材料", "workbooks/xingan-2022.xlsx").ok  # doctest: +SKIP
    True
    """
    from ..errors import InputError
    from ..reading.xlsx import read_workbook
    from .data import apply, differences

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("调整材料目录不存在或不是目录。", path=folder)
    data_path = check_input(folder / DATA)
    try:
        doc = json.loads(data_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"调整数据无法读取（{exc}）。", path=data_path) from exc
    needed = ("format", "columns", "old", "summary", "adjustments", "items", "removed")
    if not isinstance(doc, dict) or any(k not in doc for k in needed):
        raise InputError(
            "这不是 qzqd 生成的调整数据（缺少必要的内容），无法核对；请使用调整材料中原样的文件。", path=data_path
        )
    result = CheckResult(folder, [], doc["summary"]["before"], doc["summary"]["after"], len(doc["adjustments"]))
    result.draft = any(p.get("severity") == "error" for p in doc.get("problems", []))
    missing = [name for name in FILES if not (folder / name).is_file()]
    if missing:
        result.problems.append(f"调整材料缺少文件：{'、'.join(missing)}")
    got = apply(read_workbook(old).records(), doc)
    if (folder / NEW_LIST).is_file():
        want = read_workbook(folder / NEW_LIST).records()
        result.problems += [
            f"把调整对照表应用到旧版清单，结果与调整后的清单不一致：{x}" for x in differences(got, want, doc["columns"])
        ]
    if (folder / APPLICATION).is_file():
        rows = application_count(folder / APPLICATION)
        if rows != len(doc["adjustments"]):
            result.problems.append(f"调整申请表有 {rows} 项调整，调整数据中有 {len(doc['adjustments'])} 项")
    return result


def application_count(path: Path) -> int:
    """Rows of the 申请表's table (numbered rows under the header)."""
    from ..reading.xlsx import open_workbook
    from .application import HEADER_ROW

    wb = open_workbook(path)
    try:
        rows = wb.get_sheet_by_name(wb.sheet_names[0]).to_python(skip_empty_area=False)
    finally:
        wb.close()
    count = 0
    for row in rows[HEADER_ROW:]:
        first = str(row[0]).strip() if row and row[0] is not None else ""
        if first.replace(".0", "").isdigit():
            count += 1
    return count


_FORMULA = re.compile(rb"<f[\s>/]")  # a cell's <f> element (not <firstHeader> and the like)


def _copy_without_formulas(src: Path, dest: Path) -> list[str]:
    """Copy ``src`` to ``dest``, byte for byte unless it holds formulas: the 编办 opens the package, so no formula
    from the clerk's workbook may run there (it becomes the value it showed). Returns the cells changed."""
    from ..reading.sheetxml import sheet_member, sheet_names

    with zipfile.ZipFile(src) as zf:
        members = [m for m in (sheet_member(zf, name) for name in sheet_names(zf)) if m]
        live = any(_FORMULA.search(zf.read(m)) for m in members)
    if not live:
        dest.write_bytes(src.read_bytes())
        return []
    import openpyxl

    wb = openpyxl.load_workbook(src)
    changed = neutralise(wb, src=src)
    wb.save(dest)
    return changed
