"""The adjustments of a revision: one per reported item of the diff (one per merge or split), each with its
调整类型, 调整内容, and the 调整依据 / 调整理由 / 监管措施 the package needs — the clerk's own words from the
调整说明 sheet first, else what qzqd can say from the law library — and the problems that keep the package
a draft.

>>> p = plan_adjustments(diff("workbooks/xingan-2022.xlsx", "workbooks/xingan-2025.xlsx"))  # doctest: +SKIP
>>> [a.kind for a in p.adjustments]  # doctest: +SKIP
['变更', '新增', '合并', '变更', '变更']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..citations import CITATION_COLUMNS, parse_citations
from ..citations.check import list_date
from ..diff.core import ADDED, CHANGED, MERGE, REMOVED, Diff, ItemDiff
from ..diff.textdiff import normalize_text
from ..model import CODE_COLUMN, Finding
from . import lawinfo
from .kinds import ASPECT_ORDER, KIND_BY_NAME, aspect_of
from .problems import problem
from .sheets import Note, Sheets

# Introduces what the law library adds to a clerk's 调整理由.
LAW_PART = "所引条款随法律修订调整（qzqd 按法律库填写）："
# A 变更 whose 实施主体 moved to these levels is proposed as 下放 (the clerk confirms in 调整说明).
LOWER_LEVELS = ("乡镇", "乡（镇）", "乡(镇)", "街道", "镇人民政府", "乡人民政府", "社区", "村")


@dataclass
class Adjustment:
    """One line of the 调整申请表 (and one or more rows of the 调整对照表)."""

    kind: str
    items: list[ItemDiff]
    seq: str
    code: str
    category: str
    name: str
    subitem: str
    content: str
    aspects: list[str] = field(default_factory=list)
    basis: str = ""
    reason: str = ""
    opinions: str = ""
    supervision: str = ""
    remarks: str = ""
    auto: set[str] = field(default_factory=set)  # fields qzqd filled (the clerk should read them)
    notes: list[Note] = field(default_factory=list)
    suggested: str = ""  # a type qzqd suggests but the clerk has not confirmed (下放 from 实施主体)

    @property
    def title(self) -> str:
        """“取消 第2项 对保密检查中发现的泄密隐患的行政强制” (for messages)."""
        seq = f"第{self.seq}项 " if self.seq else ""
        name = " ".join(x for x in (self.name, self.subitem) if x)
        return f"{self.kind} {seq}{name}"


@dataclass
class Plan:
    diff: Diff
    adjustments: list[Adjustment]
    problems: list[Finding]
    old_date: dt.date
    new_date: dt.date
    revisions: list[lawinfo.Revision]  # laws cited by the list that were revised between the two dates

    @property
    def complete(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    def adjustment_of(self, it: ItemDiff) -> Adjustment | None:
        return next((a for a in self.adjustments if any(x is it for x in a.items)), None)


def plan_adjustments(
    d: Diff,
    sheets: Sheets | None = None,
    *,
    law_dirs: tuple[str | Path, ...] = (),
    old_date: dt.date | None = None,
    new_date: dt.date | None = None,
    proposals: bool = True,
) -> Plan:
    """The adjustments of ``d`` with 依据 / 理由 filled from ``sheets`` (the new workbook's 调整说明) and the
    law library; dates default to each list's 成文日期 (else today). ``proposals``: also look through the
    whole new list for items whose every basis was repealed (QZ820; the package does, the diff does not)."""
    sheets = sheets if sheets is not None else Sheets()
    old_date = old_date or list_date(d.old, None)
    new_date = new_date or list_date(d.new, None)
    reg = lawinfo.registry(law_dirs)
    adjustments = _adjustments(d)
    revisions: dict[str, lawinfo.Revision] = {}
    for a in adjustments:
        _fill_from_laws(a, reg, old_date, new_date, revisions)
    problems: list[Finding] = list(sheets.findings)
    _apply_notes(d, adjustments, sheets.notes, problems)
    for a in adjustments:
        _check(a, problems)
    if proposals:
        _repealed_items(d, reg, new_date, adjustments, problems)
    return Plan(d, adjustments, problems, old_date, new_date, list(revisions.values()))


# ---- the adjustments ---------------------------------------------------------------------------------------


def _adjustments(d: Diff) -> list[Adjustment]:
    """In the new list's order; a group stands where its first item that is in the new list stands."""
    placed: list[tuple[float, Adjustment]] = []
    done: dict[int, list] = {}  # id(group) -> [position, adjustment]
    for pos, it in enumerate(d.reported()):
        if it.format_only:
            continue
        g = it.group
        if g is not None:
            if id(g) in done:
                entry = done[id(g)]
                entry[1].items.append(it)
                if it.new_index is not None and entry[2] is None:
                    entry[2] = pos
                continue
            a = _new(it, g.label)
            done[id(g)] = [pos, a, pos if it.new_index is not None else None]
            continue
        kind = {ADDED: "新增", REMOVED: "取消", CHANGED: "变更"}[it.status]
        placed.append((float(pos), _new(it, kind)))
    for first, a, at_new in done.values():
        placed.append((float(at_new if at_new is not None else first), a))
    placed.sort(key=lambda x: x[0])
    out = [a for _, a in placed]
    old_recs = {it.old_index: it.old for it in d.items if it.old_index is not None}
    new_recs = {it.new_index: it.new for it in d.items if it.new_index is not None}
    for a in out:
        _describe(a, old_recs, new_recs)
    return out


def _new(it: ItemDiff, kind: str) -> Adjustment:
    rec = it.current
    return Adjustment(
        kind,
        [it],
        rec.get("序号", ""),
        rec.get(CODE_COLUMN.name, ""),
        rec.get("权力分类", ""),
        rec.get("项目名称", ""),
        rec.get("子项名称", ""),
        "",
    )


def _label(rec: dict[str, str] | None) -> str:
    if rec is None:
        return ""
    name = rec.get("项目名称", "") + (f"（{rec['子项名称']}）" if rec.get("子项名称") else "")
    return f"第{rec.get('序号', '')}项“{name}”"


def _describe(a: Adjustment, old_recs: dict, new_recs: dict) -> None:
    """调整内容 and the identity columns; a group takes the identity of its resulting (or source) item."""
    aspects: list[str] = []
    for it in a.items:
        for f in it.changes:
            aspect = aspect_of(f.column)
            if aspect not in aspects:
                aspects.append(aspect)
    a.aspects = sorted(aspects, key=lambda x: ASPECT_ORDER.index(x) if x in ASPECT_ORDER else 99)
    it0 = a.items[0]
    if it0.group is not None:
        g = it0.group
        olds = [old_recs[i] for i in g.old]
        news = [new_recs[j] for j in g.new]
        main = news[0] if g.kind == MERGE and news else (olds[0] if olds else it0.current)
        a.seq, a.code = main.get("序号", ""), main.get(CODE_COLUMN.name, "")
        a.category, a.name, a.subitem = main.get("权力分类", ""), main.get("项目名称", ""), main.get("子项名称", "")
        if g.kind == MERGE:
            a.content = f"原{'、'.join(_label(r) for r in olds)}合并为{_label(news[0]) if news else '一项'}"
        else:
            a.content = f"原{_label(olds[0]) if olds else '一项'}拆分为{'、'.join(_label(r) for r in news)}"
        rest = [x for x in a.aspects if x != "名称"]
        if rest:
            a.content += f"；同时调整{'、'.join(rest)}"
        return
    if it0.status == ADDED:
        a.content = "新增事项"
    elif it0.status == REMOVED:
        a.content = "取消事项"
    else:
        parts = [f"变更{'、'.join(a.aspects)}"]
        if "名称" in a.aspects and it0.old is not None:
            parts.append(f"原名称“{_label(it0.old).split('“', 1)[1].rstrip('”')}”")
        if it0.old and it0.new and it0.old.get("序号") != it0.new.get("序号"):
            parts.append(f"原第{it0.old.get('序号')}项")
        a.content = "；".join(parts)
        body = next((f for f in it0.changes if f.column == "实施主体"), None)
        if (
            body is not None
            and any(w in body.new for w in LOWER_LEVELS)
            and not any(w in body.old for w in LOWER_LEVELS)
        ):
            a.suggested = "下放"


# ---- 依据 / 理由 from the law library ---------------------------------------------------------------------------


def _cites(rec: dict[str, str] | None, columns: tuple[str, ...] = CITATION_COLUMNS) -> list:
    if rec is None:
        return []
    out = []
    for c in columns:
        if rec.get(c):
            out += [x for x in parse_citations(rec[c]) if x.law and x.back_ref is None]
    return out


def _fill_from_laws(
    a: Adjustment, reg, old_date: dt.date, new_date: dt.date, seen: dict[str, lawinfo.Revision]
) -> None:  # type: ignore[no-untyped-def]
    reasons: list[str] = []
    bases: list[str] = []
    for it in a.items:
        if it.status == CHANGED:
            r, b = _rewrites(it, reg, old_date, new_date, seen)
        elif it.status == ADDED:
            r, b = _new_basis(it, reg, old_date, new_date, seen)
        else:
            r, b = _repealed_basis(it, reg, new_date)
        reasons += [x for x in r if x not in reasons]
        bases += [x for x in b if x not in bases]
    if bases:
        a.basis = "；".join(bases)
        a.auto.add("basis")
    if reasons:
        a.reason = "；".join(reasons)
        a.auto.add("reason")


def _rewrites(it: ItemDiff, reg, old_date, new_date, seen) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """A changed item's citations that follow a law revised between the two lists: “…修订（…），第四十五条改为
    第五十二条”, and the revised laws with the articles the new list cites."""
    columns = tuple(f.column for f in it.changes if f.column in CITATION_COLUMNS)
    if not columns:
        return [], []
    old_cites, new_cites = _cites(it.old, columns), _cites(it.new, columns)
    moves: dict[str, list[tuple[int, tuple[int, ...], int | None]]] = {}
    revs: dict[str, lawinfo.Revision] = {}
    cited_new: dict[str, list[tuple[int, int | None]]] = {}
    for c in new_cites:
        law = reg.find(c.law)
        if law is not None and c.article is not None:
            cited_new.setdefault(law.name, [])
            if (c.article, c.clause) not in cited_new[law.name]:
                cited_new[law.name].append((c.article, c.clause))
    for c in old_cites:
        law = reg.find(c.law)
        rev = lawinfo.revision_between(law, old_date, new_date)
        if rev is None or c.article is None:
            continue
        revs[rev.law.name] = rev
        seen[rev.law.name] = rev
        targets = lawinfo.moved_to(rev, c.article)
        if targets is None:
            targets = (c.article,)
        if targets != (c.article,) and any(n == c.article for n, _ in cited_new.get(rev.law.name, [])):
            continue  # the new list still cites the old number: not (yet) rewritten, nothing to explain
        now = [n for n in cited_new.get(rev.law.name, []) if n[0] in targets]
        chosen = tuple(dict.fromkeys(n for n, _ in now)) or targets
        clause = now[0][1] if len(now) == 1 else None
        move = (c.article, chosen, clause)
        if move not in moves.setdefault(rev.law.name, []):
            moves[rev.law.name].append(move)
    reasons = [lawinfo.describe(rev, moves[name]) for name, rev in revs.items()]
    bases = []
    for name, rev in revs.items():
        arts = "、".join(lawinfo.article_name(n, k) for n, k in cited_new.get(name, []))
        bases.append(f"《{name}》{rev.short}{arts}")
    return reasons, bases


def _new_basis(it: ItemDiff, reg, old_date, new_date, seen) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """A new item: its 实施依据 is its 调整依据; a law revised between the lists explains it."""
    cites = _cites(it.new, ("实施依据",))
    by_law: dict[str, list[tuple[int, int | None]]] = {}
    revs: dict[str, lawinfo.Revision] = {}
    for c in cites:
        law = reg.find(c.law)
        name = law.name if law is not None else (c.law or "")
        arts = by_law.setdefault(name, [])
        if c.article is not None and (c.article, c.clause) not in arts:
            arts.append((c.article, c.clause))
        rev = lawinfo.revision_between(law, old_date, new_date)
        if rev is not None:
            revs[name] = seen[name] = rev
    bases, grounds = [], []
    for name, arts in by_law.items():
        text = "、".join(lawinfo.article_name(n, k) for n, k in arts)
        bases.append(f"《{name}》{revs[name].short if name in revs else ''}{text}")
        if name in revs:
            grounds.append(f"{revs[name].title}后的{text}")
    return ([f"依据{'，'.join(grounds)}，新增本事项"] if grounds else []), bases


def _repealed_basis(it: ItemDiff, reg, new_date) -> tuple[list[str], list[str]]:  # type: ignore[no-untyped-def]
    """A removed item whose every 实施依据 law has been repealed: the repeal is its 依据 and 理由."""
    repeals = _repeals(it.old, reg, new_date)
    if not repeals:
        return [], []
    return ["实施依据所引法律法规已全部废止，本事项取消"], [r.text for r in repeals]


def _repeals(rec: dict[str, str] | None, reg, date: dt.date) -> list[lawinfo.Repeal]:  # type: ignore[no-untyped-def]
    """The repeals of the laws a record's 实施依据 cites, when every one of them is repealed (else [])."""
    laws = {}
    for c in _cites(rec, ("实施依据",)):
        law = reg.find(c.law)
        if law is None:
            return []  # a basis the library does not know may still be in force
        laws[law.name] = law
    repeals = [lawinfo.repeal_of(law, date) for law in laws.values()]
    if not repeals or any(r is None for r in repeals):
        return []
    return [r for r in repeals if r is not None]


# ---- the clerk's words -------------------------------------------------------------------------------------


def _keys(a: Adjustment) -> list[tuple[str, ...]]:
    keys: list[tuple[str, ...]] = []
    for it in a.items:
        for rec in (it.new, it.old):
            if rec is None:
                continue
            if rec.get(CODE_COLUMN.name):
                keys.append(("code", normalize_text(rec[CODE_COLUMN.name])))
            keys.append(("name", normalize_text(rec.get("项目名称", "")), normalize_text(rec.get("子项名称", ""))))
    return keys


def _apply_notes(d: Diff, adjustments: list[Adjustment], notes: list[Note], problems: list[Finding]) -> None:
    index: dict[tuple[str, ...], Adjustment] = {}
    by_name: dict[str, list[Adjustment]] = {}
    by_seq: dict[str, Adjustment] = {}
    for adj in adjustments:
        for k in _keys(adj):
            index.setdefault(k, adj)
            if k[0] == "name":
                by_name.setdefault(k[1], [])
                if adj not in by_name[k[1]]:
                    by_name[k[1]].append(adj)
        by_seq.setdefault(adj.seq, adj)
    for note in notes:
        a: Adjustment | None = None
        if note.get("事项编码"):
            a = index.get(("code", normalize_text(note.get("事项编码"))))
        name = normalize_text(note.get("项目名称"))
        if a is None and name:
            a = index.get(("name", name, normalize_text(note.get("子项名称"))))
            if a is None and len(by_name.get(name, [])) == 1:
                a = by_name[name][0]
        if a is None and not name and note.get("序号"):
            a = by_seq.get(note.get("序号"))
        if a is None:
            problems.append(problem("QZ813", note.label, sheet="调整说明", row=note.row))
            continue
        if a.notes:
            problems.append(problem("QZ815", note.label, a.title, sheet="调整说明", row=note.row))
            continue
        a.notes.append(note)
        if note.kind and note.kind != a.kind:
            kind = KIND_BY_NAME[note.kind]
            if any(it.status in kind.statuses for it in a.items) and not (
                a.kind in ("合并", "拆分") and note.kind not in ("合并", "拆分")
            ):
                a.kind = note.kind
            else:
                problems.append(problem("QZ814", note.label, note.kind, a.title, sheet="调整说明", row=note.row))
        for column, attr in (
            ("调整依据", "basis"),
            ("调整理由", "reason"),
            ("涉及部门意见", "opinions"),
            ("监管措施", "supervision"),
            ("备注", "remarks"),
        ):
            if not note.get(column):
                continue
            words = note.get(column)
            if attr == "reason" and "reason" in a.auto and normalize_text(a.reason) not in normalize_text(words):
                # The clerk says why; the law library still says where the cited articles went: both are kept.
                words = f"{words.rstrip('。；;')}；{LAW_PART}{a.reason}"
            setattr(a, attr, words)
            a.auto.discard(attr)


def _check(a: Adjustment, problems: list[Finding]) -> None:
    if a.suggested and a.kind == "变更" and not a.notes:
        problems.append(problem("QZ816", a.title, a.suggested))
    if not a.basis:
        problems.append(problem("QZ810", a.title))
    if not a.reason:
        problems.append(problem("QZ811", a.title))
    elif a.kind in ("合并", "拆分") and "reason" in a.auto:
        # what the law library can say is where the cited articles went, not why items were merged or split
        problems.append(problem("QZ817", a.title, a.kind))
    if KIND_BY_NAME[a.kind].needs_supervision and not a.supervision:
        problems.append(problem("QZ812", a.title, a.kind))


def _repealed_items(d: Diff, reg, date: dt.date, adjustments: list[Adjustment], problems: list[Finding]) -> None:  # type: ignore[no-untyped-def]
    """Items still in the new list whose every basis was repealed: proposed for 取消."""
    for i, rec in enumerate(d.new.records()):
        repeals = _repeals(rec, reg, date)
        if repeals:
            name = " ".join(x for x in (rec.get("项目名称", ""), rec.get("子项名称", "")) if x)
            row = d.new.rows[i] if i < len(d.new.rows) else None
            problems.append(
                problem(
                    "QZ820",
                    f"第{rec.get('序号', '')}项“{name}”",
                    "；".join(r.text for r in repeals),
                    sheet=d.new.source.sheet,
                    row=row,
                )
            )


# ---- for update-citations: the 调整说明 rows of the items whose citations it rewrote -------------------------


def citation_notes(
    pl, new_cells: dict[tuple[int, str], str], as_of: dt.date, law_dirs: tuple = ()
) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    """One 调整说明 row (dict by column) per item whose citation cells ``new_cells`` rewrites ((item, column)
    -> new text): 调整类型 变更, and the 调整依据 / 调整理由 the law library gives.

    >>> citation_notes(read_workbook("workbooks/xingan-2022.xlsx"), {(3, "实施依据"): "…第六十条…"}, dt.date(2025, 1, 1))  # doctest: +SKIP
    """
    from ..diff.core import compare_records

    reg = lawinfo.registry(law_dirs)
    old_date = list_date(pl, None)
    records = pl.records()
    seqs = pl.column("序号") if "序号" in pl.columns else [""] * len(pl)
    out = []
    for item in sorted({i for i, _ in new_cells}):
        old = records[item]
        new = dict(old)
        for (i, column), text in new_cells.items():
            if i == item:
                new[column] = text
        it = ItemDiff(CHANGED, item, item, old, new, compare_records(old, new, list(CITATION_COLUMNS)))
        reasons, bases = _rewrites(it, reg, old_date, as_of, {})
        if not reasons:
            continue
        out.append(
            {
                "序号": seqs[item],
                "事项编码": old.get(CODE_COLUMN.name, ""),
                "项目名称": old.get("项目名称", ""),
                "子项名称": old.get("子项名称", ""),
                "调整类型": "变更",
                "调整依据": "；".join(bases),
                "调整理由": "；".join(reasons),
            }
        )
    return out
