"""The result of a validation: findings, counts, JSON and the grouped terminal view.

>>> from toolkit.model import Finding
>>> r = Report([Finding("QZ106", "error", "“项目名称”不能为空。", "权责清单", 3, "项目名称", "C3", 0)])
>>> r.errors, r.warnings, r.to_dict()["findings"][0]["cell"]
(1, 0, 'C3')
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from rich.cells import cell_len
from rich.console import Console
from rich.text import Text

from ..model import COLUMN_NAMES, Finding, PowerList
from .profile import Profile

SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}
SEVERITY_LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_COLUMN_RANK = {c: i for i, c in enumerate(COLUMN_NAMES)}


def finding_sort_key(f: Finding) -> tuple[int, int, str, str]:
    """Sheet-level findings first, then by row (item for lists not read from a sheet), column order and code."""
    place = f.row if f.row is not None else (f.item + 1 if f.item is not None else -1)
    return (place, _COLUMN_RANK.get(f.column or "", 99), f.code, f.cell or "")


_CELL_RE = re.compile(r"([A-Z]{1,3})(\d+)")
MERGES_KEY = "vertical_merges"  # Context.cache key of vertical_merges(ctx.pl)


def collapse_filled_down(
    findings: list[Finding], pl: PowerList, merges: Callable[[], Mapping[str, list[tuple[int, int]]]]
) -> list[Finding]:
    """One finding per merged range: the same finding on a value the reader filled down is reported once.

    A vertically merged cell (项目名称 C4:C6) is read as the same value on each of its rows, so a rule finds
    the same problem on each of them; the clerk has one cell to fix. A finding on a row below the range's
    first row is dropped when the first row has the same finding (code, column and message), which then
    stands for the range at its top-left cell. Findings whose messages differ (they depend on the row) stay,
    and so does a finding the first row does not have. ``merges`` (column letter -> [(first row, last row)],
    :func:`vertical_merges`) is called only when some finding repeats on neighbouring items.

    >>> f = lambda row: Finding("QZ104", "error", "…", "权责清单", row, "权力分类", f"B{row}", row - 3)
    >>> pl = PowerList.from_columns({"权力分类": ["监督检查"] * 3}, rows=[3, 4, 5])
    >>> [x.cell for x in collapse_filled_down([f(3), f(4), f(5)], pl, lambda: {"B": [(3, 4)]})]
    ['B3', 'B5']
    """
    groups: dict[tuple[str, str, str | None, str], list[int]] = {}
    for n, f in enumerate(findings):
        if f.item is not None and f.cell is not None and f.sheet == pl.source.sheet:
            groups.setdefault((f.code, f.severity, f.column, f.message), []).append(n)
    # Rows of one merged range are neighbouring items holding the same value (the reader copied it); without
    # such a repeat there is nothing to look up.
    values: dict[str, list[str]] = {}
    repeats = []
    for (_code, _severity, column, _message), ns in groups.items():
        if len(ns) < 2 or column is None or column not in pl.columns:
            continue
        items = {findings[n].item for n in ns}
        if not any(i is not None and i + 1 in items for i in items):
            continue
        if column not in values:
            values[column] = pl.column(column)
        cells = values[column]
        if any(i is not None and i + 1 in items and cells[i] == cells[i + 1] for i in items):
            repeats.append(ns)
    if not repeats:
        return findings
    ranges = merges()
    if not ranges:
        return findings
    drop: set[int] = set()
    for ns in repeats:
        marked = {findings[n].cell for n in ns}
        for n in ns:
            m = _CELL_RE.fullmatch(findings[n].cell or "")
            if m is None:
                continue
            letter, row = m.group(1), int(m.group(2))
            top = next((first for first, last in ranges.get(letter, ()) if first < row <= last), None)
            if top is not None and f"{letter}{top}" in marked:
                drop.add(n)
    return [f for n, f in enumerate(findings) if n not in drop] if drop else findings


def vertical_merges(pl: PowerList) -> dict[str, list[tuple[int, int]]]:
    """The list sheet's merged ranges spanning several rows: first column letter -> [(first row, last row)].

    The reader copies such a range's value into the rows below it (``tablegrid.fill_merged``) and keeps the
    ranges in ``pl.source.merges`` (.xlsx, .xls and .ods alike); a list not read from a worksheet has none, and
    its findings then stay per row.

    >>> vertical_merges(PowerList.empty())
    {}
    """
    return pl.source.merges


@dataclass
class Report:
    """Findings of one validation. ``errors``/``warnings`` count by severity; info findings count in neither."""

    findings: list[Finding] = field(default_factory=list)
    path: Path | None = None
    pl: PowerList | None = field(default=None, repr=False)
    profile: Profile | None = field(default=None, repr=False)  # the profile the list was checked by

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def infos(self) -> int:
        return sum(1 for f in self.findings if f.severity == "info")

    @property
    def ok(self) -> bool:
        return self.errors == 0

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"errors": self.errors, "warnings": self.warnings}
        out["findings"] = [f.as_dict() for f in self.findings]
        if self.profile is not None:
            out["profile"] = self.profile.id
        return out

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def summary(self) -> str:
        text = f"错误 {self.errors} 个，警告 {self.warnings} 个"
        return text + (f"，提示 {self.infos} 个" if self.infos else "")


def _group_title(pl: PowerList | None, f: Finding, seqs: list[str], names: list[str]) -> str:
    if f.row is None and f.item is None:
        return f"工作表“{f.sheet}”" if f.sheet else "整个清单"
    if pl is not None and f.item is not None and f.item < len(pl):
        name = names[f.item] if names else ""
        name = name if len(name) <= 30 else name[:29] + "…"
        where = f"第 {f.row} 行" if f.row is not None else f"第 {f.item + 1} 项"
        return f"{where} · 序号 {(seqs[f.item] if seqs else '') or '？'} · {name}"
    return f"工作表“{f.sheet}” 第 {f.row} 行" if f.sheet else f"表格第 {f.row} 行"


def group_findings(findings: Iterable[Finding], pl: PowerList | None) -> list[tuple[str, list[Finding]]]:
    """Findings grouped by sheet and row (item), groups in sheet order, errors first inside a group.

    >>> group_findings([Finding("QZ106", "error", "…", "权责清单", 3, "项目名称", "C3", 0)], None)[0][0]
    '工作表“权责清单” 第 3 行'
    """
    groups: dict[tuple[str, int, int], list[Finding]] = {}
    titles: dict[tuple[str, int, int], str] = {}
    list_sheet = pl.source.sheet if pl is not None else None
    columns = pl.columns if pl is not None else []
    seqs = pl.column("序号") if pl is not None and "序号" in columns else []
    names = pl.column("项目名称") if pl is not None and "项目名称" in columns else []
    for f in sorted(findings, key=finding_sort_key):
        place = f.row if f.row is not None else (f.item + 1 if f.item is not None else -1)
        # A list read from a web page or Word file has no sheet rows: its items are counted, its header is a
        # table row. Row 1 and item 1 are then different places (kind 0: a row or the whole list, 1: an item).
        kind = 1 if f.row is None and f.item is not None else 0
        key = (f"{0 if f.sheet in (None, list_sheet) else 1}{f.sheet or ''}", kind, place)
        groups.setdefault(key, []).append(f)
        if key not in titles:
            titles[key] = _group_title(pl, f, seqs, names)
    out = []
    for key in sorted(groups):
        items = sorted(groups[key], key=lambda f: (SEVERITY_RANK.get(f.severity, 3), finding_sort_key(f)))
        out.append((titles[key], items))
    return out


def _where(f: Finding) -> str:
    where = f.cell or (f"第{f.row}行" if f.row else "")
    return f"{where} {f.column}".strip() if f.column else where


DEFAULT_LIMIT = 300


def print_report(report: Report, console: Console, *, limit: int | None = DEFAULT_LIMIT) -> None:
    """The grouped, coloured terminal view; ends with the summary line.

    At most ``limit`` findings are printed (whole groups; None: all): thousands of lines help nobody in a
    terminal, the annotated copy or the JSON holds them all.
    """
    if report.path is not None:
        about = [f"{len(report.pl)} 个事项"] if report.pl is not None else []
        if report.profile is not None:
            about.append(f"检查规则：{report.profile.name}")
        console.print(f"检查：{report.path}" + (f"（{'，'.join(about)}）" if about else ""))
    shown = 0
    for title, findings in group_findings(report.findings, report.pl):
        if limit is not None and shown >= limit:
            console.print()
            console.print(
                Text(
                    f"……另有 {len(report.findings) - shown} 个问题未显示。用 --all 显示全部，"
                    "或用 --annotate 另存带批注的副本、--json 导出全部结果。",
                    style="dim",
                )
            )
            break
        shown += len(findings)
        console.print()
        console.print(Text(title, style="bold"))
        width = max(cell_len(_where(f)) for f in findings)
        for f in findings:
            line = Text("  ")
            line.append(SEVERITY_LABEL.get(f.severity, f.severity), style=SEVERITY_STYLE.get(f.severity, ""))
            line.append(f" {f.code} ", style="dim")
            where = _where(f)
            line.append(where + " " * (width - cell_len(where) + 2), style="bold")
            line.append(f.message)
            console.print(line, soft_wrap=True)
    console.print()
    style = "bold red" if report.errors else ("yellow" if report.warnings else "green")
    summary = report.summary() + ("：未发现问题。" if not report.findings else "")
    console.print(Text(summary, style=style))


def rules_markdown() -> str:
    """docs/rules.md: every registered rule and every shipped profile, generated from the rule table and the
    profile files (``qzqd rules --markdown``).

    >>> "| QZ304 | 类别标注与发布形式不符 | 错误 | 错误 |" in rules_markdown()
    True
    """
    from .profile import OFF, builtin_profiles, load_profile
    from .registry import RULES

    profiles = [load_profile(p) for p in builtin_profiles()]
    lines = [
        "# 检查规则（qzqd validate）",
        "",
        "本文件由 `qzqd rules --markdown` 从代码（规则表）和 `toolkit/validate/profiles/*.toml`（检查规则）生成，请勿手工修改。",
        "级别：错误（error）使 `qzqd validate` 以退出码 1 结束；警告（warning）和提示（info）只列出，不影响退出码；"
        "“—”表示这套检查规则不适用该规则。",
        "清单按哪套检查规则检查：`--profile`，否则“发文信息”工作表中“检查规则”一栏，都没有时为“全国通用”。"
        "可用 `--skip 代码` 跳过某条规则。",
        "",
        "| 代码 | 名称 | " + " | ".join(p.name for p in profiles) + " | 说明（英文） |",
        "|---|---|" + "---|" * len(profiles) + "---|",
    ]
    for r in sorted(RULES.values(), key=lambda r: r.code):
        doc = r.doc.replace("|", "\\|")
        levels = []
        for p in profiles:
            level = p.severity(r.code, r.severity)
            levels.append("—" if level == OFF else SEVERITY_LABEL[level])
        lines.append(f"| {r.code} | {r.title} | " + " | ".join(levels) + f" | {doc} |")
    lines += ["", "## 检查规则", ""]
    for p in profiles:
        where = f"toolkit/validate/profiles/{p.id}.toml"
        lines += [f"### {p.name}（`--profile {p.id}`，`{where}`）", "", p.summary, ""]
        lines.append(
            "- 同一项目的各子项"
            + ("可以共用项目的序号（合并的序号单元格）" if p.sub_items_share_seq else "各占一个序号")
        )
        if p.required_columns:
            lines.append(f"- 必须有的列（表头缺少时 QZ003 为错误，缺少其他列为警告）：{'、'.join(p.required_columns)}")
        if p.categories:
            lines.append(f"- 权力分类：{'、'.join(p.categories)}")
        if p.local_categories:
            lines.append(f"- 地方分类（QZ105 警告，可用 `--category` 允许）：{'、'.join(p.local_categories)}")
        subs = "；".join(f"{main}：{'、'.join(allowed)}" for main, allowed in p.sub_categories.items())
        lines.append(f"- 子类（如“其他行政权力-备案”）：{subs or '按主分类检查，子类不限'}")
        if p.labels:
            lines.append(f"- 依据的类别标注：{'、'.join(p.labels)}")
        if p.label_synonyms:
            same = "、".join(f"{k}（即{v}）" for k, v in p.label_synonyms.items())
            lines.append(f"- 同义的类别标注：{same}")
        if p.broad_labels:
            lines.append(f"- 不指明单一类别的标注（不与发布形式比对）：{'、'.join(p.broad_labels)}")
        lines += [f"- 依据的写法（提示中的示例）：`{p.form}`", ""]
    lines += [
        '自己的检查规则：复制一个 .toml 文件，写上 `base = "default"` 和要改的内容（规则级别、分类、子类、类别标注），'
        "用 `--profile 文件路径` 或在“检查规则”一栏写文件路径使用。",
    ]
    return "\n".join(lines) + "\n"
