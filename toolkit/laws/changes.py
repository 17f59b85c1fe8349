"""What changed in a law after a date, and which citations of a list it touches: the trigger report of the
annual adjustment (动态调整), behind ``qzqd laws changes``.

Two levels:

- :func:`law_changes` — for one law, every revision (and its repeal) after a date, each able to say where an
  article of the version in force at that date went: "law X was revised on D by 主席令第N号, in force from E;
  article A became B".
- :func:`list_changes` — for a whole list, the laws it cites that were revised or repealed after the list's
  date, with the cells and citations that cite them and what became of each cited article.

>>> import datetime as dt
>>> from toolkit.citations.registry import load_registry
>>> law = load_registry(()).find("保密法")
>>> [c.sentence(45) for c in law_changes(law, dt.date(2022, 7, 18))]
['《中华人民共和国保守国家秘密法》于2024年2月27日修订（主席令第20号），自2024年5月1日起施行；原第四十五条已并入第五十二条']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from ..citations.parse import Citation, cn_numeral
from ..citations.quotes import normalize
from ..noticefields import cn_date
from .model import Law, LawVersion

# What became of an article (ArticleChange.kind), in Chinese for the reports.
KINDS = {
    "unchanged": "未改动",
    "text": "条号未变，条文有改动",
    "renumbered": "条号改变，条文未变",
    "renumbered-text": "条号改变，条文有改动",
    "split": "拆分",
    "merged": "与其他条合并",
    "deleted": "已删除",
    "unknown": "法律库没有两个版本的条文，无法比对",
    "repealed": "整部废止",
}


def _art(n: int) -> str:
    return f"第{cn_numeral(n)}条"


@dataclass(frozen=True)
class ArticleChange:
    """Where article ``old`` of the earlier version stands in the later one."""

    old: int
    new: tuple[int, ...]  # article numbers in the later version (empty: deleted, or unknown)
    kind: str  # a key of KINDS
    confident: bool = True  # False: the map row was computed and is not sure (a person confirms)
    missing: str = ""  # for "unknown": "after" (no text of the revision yet), "before", or "article"

    @property
    def text(self) -> str:
        """Chinese: "原第四十五条现为第五十二条（条文有改动）"."""
        old, news = _art(self.old), "、".join(_art(n) for n in self.new)
        sure = "" if self.confident else "（自动对照，请核对）"
        if self.kind == "unchanged":
            return f"{old}未改动"
        if self.kind == "text":
            return f"{old}条号未变，条文有改动"
        if self.kind == "renumbered":
            return f"原{old}现为{news}{sure}"
        if self.kind == "renumbered-text":
            return f"原{old}现为{news}（条文有改动）{sure}"
        if self.kind == "split":
            return f"原{old}已拆分为{news}{sure}"
        if self.kind == "merged":
            return f"原{old}已并入{news}{sure}"
        if self.kind == "deleted":
            return f"原{old}已删除{sure}"
        if self.kind == "repealed":
            return "整部法律已废止"
        if self.missing == "after":
            return f"{old}：法律库还没有修订后的条文，请对照新文本核对（可用 qzqd laws add 添加新文本）"
        if self.missing == "before":
            return f"{old}：法律库没有修订前的条文，无法比对，请对照新文本核对"
        return f"{old}：{KINDS['unknown']}"


@dataclass
class LawChange:
    """One event after the date: a revision (``kind`` 修订/修正) or the repeal (``kind`` 废止) of ``law``.

    ``before`` is the version in force on the date asked about, ``after`` the revised version (None for a
    repeal). ``article(n)`` says where article n of ``before`` went.
    """

    law: Law
    kind: str  # 修订, 修正, 废止
    date: dt.date  # adopted (revision) or first day no longer in force (repeal)
    effective: dt.date | None = None  # in force from (revisions)
    order: str = ""  # 主席令第20号 …
    replaced_by: str = ""  # repeals: the law that replaced it
    before: LawVersion | None = None
    after: LawVersion | None = None

    def article(self, number: int) -> ArticleChange:
        """Where article ``number`` of ``before`` stands after this event.

        >>> from toolkit.citations.registry import load_registry
        >>> law = load_registry(()).find("保密法")
        >>> law_changes(law, dt.date(2022, 1, 1))[0].article(44).text
        '原第四十四条已拆分为第五十一条、第五十二条'
        """
        if self.kind == "废止":
            return ArticleChange(number, (), "repealed")
        before, after = self.before, self.after
        if after is None or not after.has_text:
            return ArticleChange(number, (), "unknown", missing="after")
        if before is None or not before.has_text:
            return ArticleChange(number, (), "unknown", missing="before")
        old = before.article(number)
        if old is None:
            return ArticleChange(number, (), "unknown")
        mapping = self.law.mapping(before, after)
        entry = mapping.entries.get(number) if mapping is not None else None
        if entry is None:
            if mapping is None and after.article(number) is None:
                return ArticleChange(number, (), "unknown")
            new: tuple[int, ...] = (number,)
            sure = True
        else:
            new, sure = entry.new, entry.confident
        if not new:
            return ArticleChange(number, (), "deleted", sure)
        if len(new) > 1:
            return ArticleChange(number, new, "split", sure)
        if mapping is not None and mapping.merged_with(number):
            return ArticleChange(number, new, "merged", sure)
        target = after.article(new[0])
        same = target is not None and normalize(target.text) == normalize(old.text)
        if new == (number,):
            return ArticleChange(number, new, "unchanged" if same else "text", sure)
        return ArticleChange(number, new, "renumbered" if same else "renumbered-text", sure)

    @property
    def headline(self) -> str:
        """Chinese: "于2024年2月27日修订（主席令第20号），自2024年5月1日起施行"."""
        if self.kind == "废止":
            by = f"，由《{self.replaced_by}》取代" if self.replaced_by else ""
            return f"自{cn_date(self.date)}起废止{by}"
        order = f"（{self.order}）" if self.order else ""
        start = f"，自{cn_date(self.effective)}起施行" if self.effective else "，施行日期未录入"
        return f"于{cn_date(self.date)}{self.kind}{order}{start}"

    def sentence(self, number: int | None = None) -> str:
        """The whole statement, optionally about one article: "《…》于…修订（主席令第20号），自…起施行；原第四十五条现为第五十二条"."""
        text = f"《{self.law.name}》{self.headline}"
        if number is not None and self.kind != "废止":
            text += "；" + self.article(number).text
        return text


def law_changes(law: Law, since: dt.date, until: dt.date | None = None) -> list[LawChange]:
    """Every revision of ``law`` adopted or coming into force after ``since`` (up to ``until``, default: no
    limit), oldest first, and its repeal when that falls after ``since``; each compares against the version in
    force on ``since``, so ``change.article(n)`` follows an article cited by a list dated ``since``.

    This is the library call of the annual adjustment: "law X was revised on D by 主席令第N号, in force from
    E; article A became B" is ``c.law.name, c.date, c.order, c.effective, c.article(A).new`` (or
    ``c.sentence(A)`` in Chinese).

    >>> from toolkit.citations.registry import load_registry
    >>> reg = load_registry(())
    >>> c = law_changes(reg.find("保密法实施条例"), dt.date(2022, 7, 18))[0]
    >>> c.date, c.order, c.effective, c.article(36).new
    (datetime.date(2024, 7, 10), '国务院令第786号', datetime.date(2024, 9, 1), (62,))
    >>> law_changes(reg.find("行政监察法"), dt.date(2017, 1, 1))[0].headline
    '自2018年3月20日起废止，由《中华人民共和国监察法》取代'
    """
    before = law.version_at(since)
    out = []
    for v in law.versions:
        if v is before or v.adopted is None:
            continue
        start = v.in_force_from or v.adopted
        if not (v.adopted > since or start > since):
            continue
        if until is not None and v.adopted > until:
            continue
        kind = v.kind if v.kind in ("修订", "修正") else "修订"
        out.append(LawChange(law, kind, v.adopted, v.in_force_from, v.order, before=before, after=v))
    if law.repealed is not None and law.repealed > since and (until is None or law.repealed <= until):
        out.append(LawChange(law, "废止", law.repealed, replaced_by=law.replaced_by, before=before))
    return out


@dataclass
class CitingCell:
    """A citation of a changed law in a list."""

    item: int
    column: str
    cell: str | None  # "G4"
    where: str  # Chinese: "工作表“权责清单”G4（序号 3 实施依据）"
    citation: str  # the citation as written
    article: int | None


@dataclass
class ChangedLaw:
    """A law the list cites that changed after the list's date: the events and the citations they touch."""

    law: Law
    changes: list[LawChange]
    cited: list[CitingCell] = field(default_factory=list)

    def rows(self) -> list[dict[str, str]]:
        """One row per (citation, event): what the report shows."""
        out = []
        for c in self.cited:
            for ch in self.changes:
                out.append(
                    {
                        "法律": self.law.name,
                        "变化": ch.headline,
                        "位置": c.where,
                        "单元格": c.cell or "",
                        "引用": c.citation,
                        "条号": _art(c.article) if c.article else "",
                        "条文变化": ch.article(c.article).text
                        if (c.article and ch.kind != "废止")
                        else ("整部法律已废止" if ch.kind == "废止" else "未引用具体条号"),
                    }
                )
        return out


@dataclass
class ChangesReport:
    """:func:`list_changes`'s result: the date compared from and the changed laws the list cites."""

    since: dt.date
    until: dt.date | None
    laws: list[ChangedLaw] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "since": self.since.isoformat(),
            "until": self.until.isoformat() if self.until else None,
            "laws": [
                {
                    "law": c.law.name,
                    "category": c.law.category,
                    "changes": [
                        {
                            "kind": ch.kind,
                            "date": ch.date.isoformat(),
                            "effective": ch.effective.isoformat() if ch.effective else None,
                            "order": ch.order,
                            "replaced_by": ch.replaced_by,
                            "text": ch.sentence(),
                        }
                        for ch in c.changes
                    ],
                    "cited": [
                        {
                            "item": x.item,
                            "column": x.column,
                            "cell": x.cell,
                            "where": x.where,
                            "citation": x.citation,
                            "article": x.article,
                            "effects": [
                                {
                                    "kind": ch.article(x.article).kind if x.article else None,
                                    "new": list(ch.article(x.article).new) if x.article else [],
                                    "confident": ch.article(x.article).confident if x.article else True,
                                    "text": ch.article(x.article).text if x.article else "",
                                }
                                for ch in c.changes
                            ],
                        }
                        for x in c.cited
                    ],
                }
                for c in self.laws
            ],
        }


def list_changes(
    pl: object,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    law_dirs: tuple[str | Path, ...] = (),
) -> ChangesReport:
    """The laws a list cites that were revised or repealed after ``since`` (default: the list's 成文日期,
    else its 印发日期, else today), with the cells citing them.

    >>> from toolkit.reading.xlsx import read_workbook
    >>> report = list_changes(read_workbook("workbooks/xingan-2022.xlsx"))  # doctest: +SKIP
    >>> [c.law.name for c in report.laws][:1]  # doctest: +SKIP
    ['中华人民共和国保守国家秘密法']
    """
    from ..citations import parse_list
    from ..citations.check import check_list, list_date
    from ..citations.registry import load_registry
    from ..model import PowerList

    assert isinstance(pl, PowerList)
    date = since or list_date(pl, None)
    registry = load_registry(tuple(law_dirs))
    found: dict[str, ChangedLaw] = {}
    skip: set[str] = set()
    seqs = pl.column("序号") if "序号" in pl.columns else []
    for item, column, r in check_list(parse_list(pl), registry, date):
        law = r.law
        if law is None or law.name in skip:
            continue
        entry = found.get(law.name)
        if entry is None:
            changes = law_changes(law, date, until)
            if not changes:
                skip.add(law.name)
                continue
            entry = found[law.name] = ChangedLaw(law, changes)
        row, cell = pl.cell_ref(item, column)
        seq = seqs[item].strip() if item < len(seqs) and seqs[item] else ""
        label = f"序号 {seq}" if seq else (f"第 {row} 行" if row else f"第 {item + 1} 项")
        where = f"工作表“{pl.source.sheet}”{cell or ''}（{label} {column}）"
        entry.cited.append(CitingCell(item, column, cell, where, _short(r.cite), r.cite.article))
    return ChangesReport(date, until, list(found.values()))


def _short(c: Citation) -> str:
    text = c.text
    return text if len(text) <= 60 else text[:58] + "……"


COLUMNS = (("法律", 28), ("变化", 40), ("位置", 30), ("单元格", 8), ("引用", 50), ("条号", 12), ("条文变化", 36))


def write_changes_xlsx(report: ChangesReport, path: str | Path, *, force: bool = False, inputs: tuple = ()) -> None:
    """Write the report as an .xlsx (one row per citation and event), atomically; formulas never live."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    from ..fsutil import atomic_output

    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "法律变化"
    ws.append([name for name, _ in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for k, (_, width) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(k)].width = width
    for law in report.laws:
        for row in law.rows():
            ws.append([row[name] for name, _ in COLUMNS])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            cell.data_type = "s"  # never a formula, whatever the text starts with
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A2"
    with atomic_output(path, force=force, inputs=inputs) as tmp:
        wb.save(tmp)
