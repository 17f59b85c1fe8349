"""Plain reports of a Diff: the JSON document, the terminal view, and the git textconv form of a list."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.text import Text

from ..errors import UsageError
from ..model import CODE_COLUMN, NOTICE_FIELDS, PowerList, split_paragraphs
from ..textchars import visible
from .core import ADDED, CHANGED, REMOVED, STATUS_LABELS, UNCHANGED, Diff, FieldDiff, ItemDiff

if TYPE_CHECKING:
    from .table import Row

DELETE_STYLE = "red strike"
INSERT_STYLE = "green underline"


REPORT_SUFFIXES = (".xlsx", ".html", ".htm", ".pdf", ".json")


def check_report_path(path: str | Path) -> Path:
    """``path`` when its extension names a report format (.xlsx, .html, .htm, .pdf, .json), else a UsageError.

    :func:`write_report` checks it; a caller may check first, before the (slower) comparison.
    """
    path = Path(path)
    if path.suffix.lower() not in REPORT_SUFFIXES:
        raise UsageError(
            f"不支持的输出格式“{path.suffix or '（无扩展名）'}”；请用 .xlsx、.html、.pdf 或 .json。", path=path
        )
    return path


def sides(d: Diff) -> list[tuple[str, str, PowerList]]:
    """(key, label, list) of the two workbooks compared: ``("old", "旧版“2022版.xlsx”", d.old)``, then new."""
    return [
        (key, f"{label}“{Path(pl.source.path).name}”" if pl.source.path else label, pl)
        for key, label, pl in (("old", "旧版", d.old), ("new", "新版", d.new))
    ]


def to_json(d: Diff, *, show_format: bool = False) -> dict[str, Any]:
    """The JSON document (``qzqd diff --json``): summary counts, every item with its differing fields, and
    ``warnings``: what reading each workbook warned about (:meth:`PowerList.reading_warnings`), each
    ``{"workbook": "old"|"new", "file", "code", "severity", "sheet", "row", "column", "cell", "message"}``.

    >>> to_json(d)["summary"]  # doctest: +SKIP
    {'added': 1, 'removed': 1, 'changed': 4, 'unchanged': 0, 'format_only': 0}
    """
    items = []
    for it in d.items:
        fields = [
            {
                "column": f.column,
                "old": f.old,
                "new": f.new,
                "format_only": f.format_only,
                "ops": [[tag, text] for tag, text in f.ops],
            }
            for f in it.visible_fields(show_format)
        ]
        items.append(
            {
                "status": it.status,
                "old": it.ident("old"),
                "new": it.ident("new"),
                "fields": fields,
                "match": it.how,
                "similarity": it.similarity,
                "format_only": it.format_only,
                "group": None if it.group is None else it.group.kind,
            }
        )
    warnings = [
        {"workbook": key, "file": str(pl.source.path) if pl.source.path else None, **f.as_dict()}
        for key, _label, pl in sides(d)
        for f in pl.reading_warnings()
    ]
    groups = [
        {"kind": g.kind, "label": g.label, "old": list(g.old), "new": list(g.new), "how": g.how} for g in d.groups
    ]
    return {"summary": d.summary(), "items": items, "groups": groups, "warnings": warnings}


def write_report(
    d: Diff, path: str | Path, *, force: bool = False, show_format: bool = False, rows: list[Row] | None = None
) -> Path:
    """Write the report whose format ``path``'s extension names: .xlsx (调整对照表), .html/.htm, .pdf or .json
    (:func:`to_json`); any other extension is a UsageError. Written atomically; returns the path. ``rows``
    (the table's rows, :func:`toolkit.diff.table.table_rows` by default) may carry 调整理由 filled elsewhere.

    >>> write_report(diff("旧.xlsx", "新.xlsx"), "调整对照表.html")  # doctest: +SKIP
    PosixPath('调整对照表.html')
    """
    path = check_report_path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        import json

        from ..fsutil import atomic_output

        inputs = tuple(Path(p) for p in (d.old.source.path, d.new.source.path) if p)
        with atomic_output(path, force=force, inputs=inputs) as tmp:
            text = json.dumps(to_json(d, show_format=show_format), ensure_ascii=False, indent=2)
            tmp.write_text(text + "\n", encoding="utf-8")
        return path
    if suffix == ".xlsx":
        from .xlsx import write_xlsx

        return write_xlsx(d, path, force=force, show_format=show_format, rows=rows)
    from .html import write_html, write_pdf

    if suffix == ".pdf":
        return write_pdf(d, path, force=force, show_format=show_format, rows=rows)
    return write_html(d, path, force=force, show_format=show_format, rows=rows)


def summary_line(d: Diff) -> str:
    s = d.summary()
    line = "，".join(f"{STATUS_LABELS[k]} {s[k]} 项" for k in (ADDED, REMOVED, CHANGED, UNCHANGED))
    if s["format_only"]:
        line += f"（其中 {s['format_only']} 项仅有空格、全半角或标点写法差异）"
    for kind, label in (("merge", "合并"), ("split", "拆分")):
        found = [g for g in d.groups if g.kind == kind]
        if found:
            olds, news = sum(len(g.old) for g in found), sum(len(g.new) for g in found)
            line += f"；{label} {len(found)} 处（原 {olds} 项 → 现 {news} 项）"
    return line


def item_title(it: ItemDiff) -> str:
    """'变更 第3项 行政检查 对保密工作的监督检查' — the item as it is now (its old 序号 when removed)."""
    rec = it.current
    label = it.label
    seq = rec.get("序号", "")
    where = f"第{seq}项" if seq else ""
    if it.status == CHANGED and it.old and it.new and it.old.get("序号") != it.new.get("序号"):
        where = f"第{it.old.get('序号')}→{it.new.get('序号')}项"
    name = " ".join(x for x in (rec.get("权力分类", ""), rec.get("项目名称", ""), rec.get("子项名称", "")) if x)
    return visible(f"{label} {where} {name}".replace("  ", " ").strip())


def ops_text(f: FieldDiff, *, context: bool = True, indent: str = "", markers: bool = False) -> Text:
    """The field's char-level diff as rich Text: deletions red struck through, insertions green.

    With ``context`` only the paragraphs holding a change are shown, unchanged ones become "……".
    With ``markers`` (output without colours: a pipe, a file) deletions read ``[-…-]`` and insertions
    ``{+…+}``, as in ``git diff --word-diff``, so the change stays visible.
    """
    lines: list[list[tuple[str, str]]] = [[]]
    for tag, chunk in f.ops:
        for k, part in enumerate(chunk.split("\n")):
            if k:
                lines.append([])
            if part:
                lines[-1].append((tag, part))
    t = Text()
    skipped = False
    for line in lines:
        if context and all(tag == "equal" for tag, _ in line):
            skipped = True
            continue
        if skipped and t:
            t.append(f"{indent}……\n", style="dim")
        skipped = False
        t.append(indent)
        for tag, part in line:
            if markers and tag == "delete":
                part = f"[-{part}-]"
            elif markers and tag == "insert":
                part = f"{{+{part}+}}"
            # An invisible character is shown by its code point: a raw U+202E would reverse the terminal line.
            part = visible(part)
            t.append(part, style=DELETE_STYLE if tag == "delete" else INSERT_STYLE if tag == "insert" else "")
        t.append("\n")
    if skipped and t:
        t.append(f"{indent}……\n", style="dim")
    t.rstrip()
    return t


def print_terminal(d: Diff, console: Console, *, show_format: bool = False, limit: int | None = None) -> None:
    """Print the summary, then each reported item with its changed columns."""
    console.print(Text(f"比对结果：{summary_line(d)}", style="bold"))
    shown = d.reported(show_format)
    for n, it in enumerate(shown):
        if limit is not None and n >= limit:
            console.print(f"……另有 {len(shown) - limit} 项未显示，完整内容请用 -o 输出报告。")
            break
        style = {ADDED: "bold green", REMOVED: "bold red", CHANGED: "bold yellow"}.get(it.status, "bold")
        console.print()
        console.print(Text(item_title(it), style=style))
        if it.group is not None:
            from .table import group_note

            console.print(Text(f"  （{group_note(d, it, it.group)}）", style="dim"))
        if it.status in (ADDED, REMOVED):
            continue
        if it.how == "similar":
            console.print(Text(f"  （按内容相似度 {it.similarity:.0%} 认定为同一事项）", style="dim"))
        for f in it.visible_fields(show_format):
            head = Text(f"  【{f.column}】" + ("（仅格式差异）" if f.format_only else ""), style="bold")
            console.print(head)
            console.print(ops_text(f, indent="    ", markers=not console.is_terminal or console.no_color))


# ---- git textconv ------------------------------------------------------------------------------------------


def textconv(pl: PowerList) -> str:
    """A stable line-oriented text of a list, so that ``git diff`` shows list changes.

    >>> from toolkit.model import PowerList
    >>> print(textconv(PowerList.from_records([{"序号": "1", "权力分类": "行政检查", "项目名称": "甲"}])), end="")
    ## 1 行政检查 甲
    项目名称: 甲
    """
    lines: list[str] = []
    notice = [(f.name, getattr(pl.notice, f.attr)) for f in NOTICE_FIELDS if getattr(pl.notice, f.attr)]
    if notice:
        lines.append("# 发文信息")
        for name, value in notice:
            _field_lines(lines, name, value)
        lines.append("")
    columns = [c for c in pl.columns if c != "序号"]
    for r in pl.records():
        head = " ".join(
            x for x in (r.get("序号", ""), r.get("权力分类", ""), r.get("项目名称", ""), r.get("子项名称", "")) if x
        )
        lines.append(f"## {head}")
        for c in columns:
            if c == "权力分类" or (c == CODE_COLUMN.name and not r.get(c)):
                continue
            if r.get(c, ""):
                _field_lines(lines, c, r[c])
        lines.append("")
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def sheets_text(path: str | Path, *, skip: set[str | None] | frozenset[str] = frozenset()) -> str:
    """Any workbook as text: each sheet's non-empty rows, cells separated by tabs, newlines as "⏎" (the
    sheets named in ``skip`` left out)."""
    from ..reading.xlsx import open_workbook

    wb = open_workbook(path)
    lines: list[str] = []
    try:
        for name in wb.sheet_names:
            if name in skip:
                continue
            lines.append(f"# 工作表 {name}")
            for row in wb.get_sheet_by_name(name).to_python(skip_empty_area=False):
                cells = ["" if v is None else str(v).replace("\r\n", "\n").replace("\n", "⏎") for v in row]
                while cells and not cells[-1]:
                    cells.pop()
                if cells:
                    lines.append("\t".join(cells))
            lines.append("")
    finally:
        wb.close()
    return "\n".join(lines).rstrip("\n") + "\n"


def _field_lines(lines: list[str], name: str, value: str) -> None:
    paras = split_paragraphs(value)
    if len(paras) == 1:
        lines.append(f"{name}: {paras[0]}")
        return
    lines.append(f"{name}:")
    lines.extend(f"  {p}" for p in paras)


__all__ = [
    "REPORT_SUFFIXES",
    "check_report_path",
    "print_terminal",
    "sheets_text",
    "sides",
    "summary_line",
    "textconv",
    "to_json",
    "write_report",
]
