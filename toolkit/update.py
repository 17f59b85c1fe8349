"""``qzqd update-citations``: a new revision of a workbook whose stale citations cite the law in force.

Where a revised law moved an old article whole to one new article (the mapping is one-to-one), the citation's
article number is rewritten, its chapter follows the article, its issuing info gains the revising order, and
its quote is kept when every quoted piece still reads the same in the new article, else replaced with the
new article's full text. Split, merged or deleted articles are left alone and listed for a person. Each
changed cell is highlighted and carries a comment saying what changed; a cell that still holds a stale
citation a person must update takes another colour, and its comment names each such citation and why. The
input is never modified; the output is a copy of the input workbook (formatting, other sheets, column widths
kept), written atomically.

>>> import datetime as dt
>>> result = update_citations("workbooks/xingan-2022.xlsx", "/tmp/x.xlsx", as_of=dt.date(2025, 1, 1))  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import comments
from .citations import parse_list
from .citations.check import CitationCheck, check_list, list_date
from .citations.parse import cn_numeral
from .citations.quotes import segments
from .citations.registry import LawVersion, load_registry, parse_date
from .errors import InputError, UsageError
from .formulas import neutralise
from .fsutil import atomic_output, check_input, check_output
from .model import STRIP_CHARS, PowerList

HIGHLIGHT = "FFF2CC"  # light yellow: every stale citation in the cell was rewritten
# Light orange: the cell still holds a stale citation qzqd could not rewrite. Distinct from HIGHLIGHT and from
# validate --annotate's FFC7CE (error) / FFEB9C (warning), which annotate also leaves alone as not its own.
NEEDS_PERSON = "F8CBAD"
AUTHOR = comments.AUTHOR


@dataclass(frozen=True)
class Change:
    """One rewritten citation."""

    item: int
    column: str
    cell: str
    start: int  # offset of the citation in the cell text before the update
    old: str  # the citation as it was
    new: str  # the citation as rewritten
    note: str  # Chinese: what changed and why


@dataclass(frozen=True)
class Undecided:
    """A stale citation a person must update (split, merged or deleted article)."""

    item: int
    column: str
    cell: str | None  # "G4"; None when the list was not read from a workbook
    where: str  # "工作表“权责清单”G4（序号 2 实施依据）"
    citation: str  # "依据“1．”《…》第四十四条"
    reason: str  # Chinese


@dataclass
class UpdateResult:
    """What :func:`update_citations` (or :func:`plan_updates`) did: the citations rewritten (``changes``), the
    stale ones left for a person (``undecided``), the new text of each rewritten cell, and the copy's
    成文日期, which is never changed.

    >>> result = update_citations("workbooks/xingan-2022.xlsx", "主表-2025.xlsx", as_of=dt.date(2025, 1, 1))  # doctest: +SKIP
    >>> len(result.changes), len(result.cells), len(result.undecided)  # doctest: +SKIP
    (21, 13, 5)
    >>> result.changes[0].cell, result.changes[0].note  # doctest: +SKIP
    ('G3', '按2024年2月27日修订、2024年5月1日起施行的版本：原第五条改为第六条')
    >>> result.notice_date, result.notice_date_stale  # doctest: +SKIP
    ('2022年7月18日', True)
    """

    changes: list[Change] = field(default_factory=list)
    undecided: list[Undecided] = field(default_factory=list)
    cells: dict[str, str] = field(default_factory=dict)  # cell address -> new cell text
    notice_date: str = ""  # the list's 成文日期 as written (unchanged in the copy)
    notice_sheet: str | None = None  # the 发文信息 sheet as it is called in the workbook (None: there is none)
    as_of: dt.date | None = None  # the date whose laws in force the citations were brought up to
    formulas: list[str] = field(default_factory=list)  # input formulas written as their values (工作表!A1)

    @property
    def notice_date_stale(self) -> bool:
        """Whether the copy's 成文日期 no longer dates what it cites: citations were rewritten for the laws in
        force on ``as_of``, but the 成文日期 (left as it was) reads as another date, or as none.

        validate dates a list by its 成文日期 (else 印发日期, else today), so the new copy would be checked
        against the laws of that date: check it with ``as_of`` (``--as-of``), or write the new notice's
        date into 成文日期 first. False when nothing was rewritten.

        >>> UpdateResult(notice_date="2022年7月18日", as_of=dt.date(2025, 1, 1)).notice_date_stale  # nothing rewritten
        False
        >>> change = Change(0, "实施依据", "G3", 0, "第五条", "第六条", "")
        >>> UpdateResult([change], notice_date="2022年7月18日", as_of=dt.date(2025, 1, 1)).notice_date_stale
        True
        >>> UpdateResult([change], notice_date="2025年1月1日", as_of=dt.date(2025, 1, 1)).notice_date_stale
        False
        """
        # The same reading of 成文日期 as list_date(), which dates the list for validate's law checks.
        return bool(self.changes) and parse_date(self.notice_date, whole=True) != self.as_of


def update_citations(
    src: str | Path,
    dst: str | Path,
    *,
    as_of: dt.date | None = None,
    law_dirs: tuple[str, ...] = (),
    force: bool = False,
) -> UpdateResult:
    """Write ``dst``: a copy of workbook ``src`` with its stale one-to-one citations brought up to date.

    ``as_of`` picks the laws in force on that day (default: the list's own date, see ``list_date``; the CLI
    passes today); ``law_dirs`` adds law folders to the bundled ones. ``dst`` must end in .xlsx and may not
    exist unless ``force`` (UsageError, OutputError); ``src`` is never modified. Split, merged or deleted
    articles are not rewritten but listed in the result's ``undecided`` and marked in the copy.

    >>> result = update_citations("workbooks/xingan-2022.xlsx", "主表-2025.xlsx", as_of=dt.date(2025, 1, 1))  # doctest: +SKIP
    >>> [(u.where, u.reason) for u in result.undecided][:1]  # doctest: +SKIP
    [('工作表“权责清单”G3（序号 1 实施依据）', '按2024年2月27日修订的版本，原第四十五条现为第五十二条（与原第四十四条合并），请人工确定新条号和引文')]
    >>> if result.notice_date_stale:  # doctest: +SKIP
    ...     print(f"检查新文件时请加 --as-of 2025-01-01：成文日期仍是 {result.notice_date}")
    """
    from .reading.xlsx import read_workbook

    dst = Path(dst)
    if dst.suffix.lower() != ".xlsx":  # the copy is an .xlsx workbook whatever it is called: say so in its name
        raise UsageError("输出文件必须是 .xlsx（Excel 工作簿），请换一个以 .xlsx 结尾的文件名。", path=dst)
    src = check_input(src)
    from .reading.xlsx import other_document

    if other_document(src):  # the content decides: an .xlsx renamed .xls is fine
        raise InputError("只能更新 .xlsx 主表工作簿；其他格式请先用“qzqd import”导入为主表。", path=src)
    check_output(dst, force=force, inputs=(src,))
    pl = read_workbook(src)
    result = plan_updates(pl, as_of=as_of, law_dirs=law_dirs)
    _write(src, dst, pl, result, force=force)
    return result


def plan_updates(pl: PowerList, *, as_of: dt.date | None = None, law_dirs: tuple[str, ...] = ()) -> UpdateResult:
    """Decide every rewrite without touching any file (new cell texts keyed by cell address)."""
    from .validate.law_rules import which

    date = list_date(pl, as_of)
    checks = check_list(parse_list(pl), load_registry(law_dirs), date)
    result = UpdateResult(notice_date=pl.notice.date, notice_sheet=pl.source.notice_sheet, as_of=date)
    by_cell: dict[tuple[int, str], list[tuple[CitationCheck, str, str]]] = {}
    seqs = pl.column("序号") if "序号" in pl.columns else []
    for item, column, r in checks:
        if not r.stale:
            continue
        row, cell = pl.cell_ref(item, column)
        where = f"工作表“{pl.source.sheet}”{cell or ''}（{_item_label(item, row, seqs)} {column}）"
        new_text, note = rewrite(r)
        if new_text is None:
            result.undecided.append(Undecided(item, column, cell, where, which(r.cite), note))
            continue
        by_cell.setdefault((item, column), []).append((r, new_text, note))
    for (item, column), rewrites in by_cell.items():
        _, cell = pl.cell_ref(item, column)
        if cell is None:
            continue
        text = str(pl.items.at[item, column])
        for r, new_text, note in sorted(rewrites, key=lambda x: -x[0].cite.start):
            c = r.cite
            text = text[: c.start] + new_text + text[c.start + len(c.text) :]
            result.changes.append(Change(item, column, cell, c.start, c.text, new_text, note))
        result.cells[cell] = text
    result.changes.sort(key=lambda ch: (ch.item, ch.column, ch.start))
    return result


def _item_label(item: int, row: int | None, seqs: list[str]) -> str:
    """The item as validate names it: by its 序号 (a clerk's numbering, not the position), else its row.

    >>> _item_label(7, 10, ["1"] * 7 + ["8"]), _item_label(0, 3, [""]), _item_label(0, None, [])
    ('序号 8', '第 3 行', '第 1 项')
    """
    seq = seqs[item].strip() if item < len(seqs) else ""
    if seq:
        return f"序号 {seq}"
    return f"第 {row} 行" if row is not None else f"第 {item + 1} 项"


def rewrite(r: CitationCheck) -> tuple[str | None, str]:
    """The citation rewritten for the version in force, or (None, why a person must decide)."""
    from .validate.law_rules import cn_article, cn_date, stale_detail

    c, law, current = r.cite, r.law, r.current
    assert c.article is not None and law is not None and current is not None
    # The reason names the revision: the cell comment is read long after the run, without the terminal.
    revised = f"按{cn_date(current.adopted)}修订的版本，" if current.adopted else ""
    if len(c.articles) > 1:
        return None, f"一处引用了多个条号，{revised}{stale_detail(r)}，请逐条核对"
    new = r.one_to_one
    if new is None:
        return None, f"{revised}{stale_detail(r)}，请人工确定新条号和引文"
    if r.entry is not None and not r.entry.confident:
        # A computed map row the aligner is not sure of: shown, never applied without a person.
        return None, f"{revised}{stale_detail(r)}，请人工确定新条号和引文"
    art = current.article(new)
    assert art is not None
    quote = c.quote
    head = c.text[: len(c.text) - len(quote)] if quote else c.text
    notes = [f"原{cn_article(c.article)}改为{cn_article(new)}"]
    assert c.article_text is not None
    head = head.replace(c.article_text, cn_article(new), 1)
    if c.chapter and art.chapter_number is not None:
        chapter = f"第{cn_numeral(art.chapter_number)}章"
        if not c.chapter.startswith(chapter) or "节" in c.chapter:
            head = head.replace(c.chapter, chapter, 1)
    if c.issuance and not c.continuation:
        issuance = _add_revision(c.issuance, current)
        if issuance != c.issuance:
            head = head.replace(c.issuance, issuance, 1)
            notes.append("文号补写修订令")
    if quote:
        text = normalize_all(art.text)
        if not all(s in text for s in segments(quote)):
            old_art = r.version.article(c.article) if r.version is not None else None
            whole = old_art is not None and normalize_all(old_art.text) == normalize_all(quote)
            quote = art.text.replace("\n", "")
            notes.append("引文换为现行条文全文" + ("" if whole else "（原引文为节选，请核对是否仍需节选）"))
    version = f"{cn_date(current.adopted)}修订、{cn_date(current.in_force_from)}起施行的版本"
    return head + quote, f"按{version}：" + "，".join(notes)


def normalize_all(text: str) -> str:
    from .citations.quotes import normalize

    return normalize(text)


def _add_revision(issuance: str, current: LawVersion) -> str:
    """ "2014年国务院令第646号公布" -> "…，2024年7月10日国务院令第786号修订" (unless it names it already)."""
    from .citations.check import order_key
    from .validate.law_rules import cn_date

    if not current.order or order_key(current.order) in order_key(issuance):
        return issuance
    return f"{issuance}，{cn_date(current.adopted)}{current.order}修订"


_BREAK_RE = re.compile(r"\r\n|\r|\n")


def keep_layout(raw: str | None, old: str, new: str) -> str:
    r"""``new`` written with the clerk's layout of ``raw``: blank lines, indentation and line ends kept.

    ``old`` is ``raw`` as qzqd read it (paragraphs stripped, blank lines dropped) and ``new`` the same
    paragraphs after the rewrite; when the paragraphs do not line up one to one, ``new`` is used as it is.

    >>> keep_layout("\u3000\u30001．甲第五条\r\n\r\n2．乙", "1．甲第五条\n2．乙", "1．甲第六条\n2．乙")
    '\u3000\u30001．甲第六条\r\n\r\n2．乙'
    """
    if not raw:
        return new
    lines = _BREAK_RE.split(raw)
    breaks = _BREAK_RE.findall(raw)
    filled = [i for i, line in enumerate(lines) if line.strip(STRIP_CHARS)]
    old_paras, new_paras = old.split("\n"), new.split("\n")
    if len(filled) != len(old_paras) or len(new_paras) != len(old_paras):
        return new
    if any(lines[i].strip(STRIP_CHARS) != p for i, p in zip(filled, old_paras, strict=True)):
        return new
    for i, para in zip(filled, new_paras, strict=True):
        line = lines[i]
        lead = len(line) - len(line.lstrip(STRIP_CHARS))
        tail = len(line.rstrip(STRIP_CHARS))
        lines[i] = line[:lead] + para + line[tail:]
    out = lines[0]
    for brk, line in zip(breaks, lines[1:], strict=True):
        out += brk + line
    return out


PERSON_HEAD = "需要人工处理：以下引用的条号已过时，qzqd 不能自动确定新条号，未改："
CHANGED_HEAD = "qzqd 更新了本格的法律依据："


def comment_body(changed: list[str], undecided: list[str]) -> str:
    """The 【qzqd 引用更新】 section of one cell: the citations left for a person first, then what was changed.

    >>> print(comment_body(["按…的版本：原第五条改为第六条"], ["《保密法》第四十四条：按…，请人工确定新条号和引文"]))
    需要人工处理：以下引用的条号已过时，qzqd 不能自动确定新条号，未改：
    《保密法》第四十四条：按…，请人工确定新条号和引文
    <BLANKLINE>
    qzqd 更新了本格的法律依据：
    按…的版本：原第五条改为第六条
    """
    parts = []
    if undecided:
        parts.append("\n".join([PERSON_HEAD, *undecided]))
    if changed:
        parts.append("\n".join([CHANGED_HEAD, *changed]))
    return "\n\n".join(parts)


def _earlier_changes(section: str) -> list[str]:
    """The change lines of an earlier run's 【qzqd 引用更新】 section (they follow its "qzqd 更新了…" line).

    >>> _earlier_changes(comment_body(["原第五条改为第六条"], ["第四十四条：拆分"]))
    ['原第五条改为第六条']
    """
    lines = section.split("\n")
    for i, line in enumerate(lines):
        if line.startswith("qzqd 更新了"):
            return [x for x in lines[i + 1 :] if x.strip()]
    return []


def _write(src: Path, dst: Path, pl: PowerList, result: UpdateResult, *, force: bool) -> None:
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    with src.open("rb") as fh:  # a file object: openpyxl refuses names that do not end in .xlsx
        wb = openpyxl.load_workbook(fh)
    result.formulas = neutralise(wb, src=src)
    ws = wb[pl.source.sheet]

    # Per target cell, in list order: what was changed and what is left for a person (each line once: the
    # rows of a merged range all land on its top-left cell).
    changed: dict[str, dict[str, None]] = {}
    undecided: dict[str, dict[str, None]] = {}
    old_text: dict[str, str] = {}
    for ch in result.changes:
        changed.setdefault(comments.anchor(ws, ch.cell), {})[ch.note] = None
        old_text[ch.cell] = str(pl.items.at[ch.item, ch.column])
    for u in result.undecided:
        if u.cell is not None:
            undecided.setdefault(comments.anchor(ws, u.cell), {})[f"{u.citation}：{u.reason}"] = None
    for address, text in result.cells.items():
        cell = ws[comments.anchor(ws, address)]
        raw = cell.value if isinstance(cell.value, str) else None
        cell.value = keep_layout(raw, old_text.get(address, ""), text)
        cell.data_type = "s"  # never a formula, whatever the text starts with
    # An input that is itself an earlier run's output may mark cells for a person that no longer need one
    # (the clerk fixed them): they are revisited so the mark goes, and only cells that still need a person
    # keep it.
    marked = [
        c.coordinate
        for c in list(ws._cells.values())  # the cells that exist: a far-away one costs nothing
        if c.comment is not None and PERSON_HEAD in (c.comment.text or "") and c.coordinate not in undecided
    ]
    fills = {color: PatternFill("solid", start_color=color, end_color=color) for color in (HIGHLIGHT, NEEDS_PERSON)}
    for address in dict.fromkeys([*changed, *undecided, *marked]):
        cell = ws[address]
        old = cell.comment
        # The clerk's note (and its author) stays; this run's note replaces an earlier run's.
        text = old.text or "" if old else ""
        author = old.author if old else None
        if address in changed:
            # Findings of an earlier --annotate describe the text just replaced: they no longer hold.
            text = comments.compose(text, comments.CHECK, None, author)
            done = list(changed[address])
        else:  # nothing rewritten this time: what an earlier run rewrote still describes the cell
            done = _earlier_changes(comments.split(text, author)[1].get(comments.UPDATE, ""))
        if address in undecided:
            cell.fill = fills[NEEDS_PERSON]
        elif address in changed or _fill_rgb(cell).endswith(NEEDS_PERSON):
            cell.fill = fills[HIGHLIGHT] if done else PatternFill(fill_type=None)
        text = comments.compose(text, comments.UPDATE, comment_body(done, list(undecided.get(address, {}))), author)
        if not text:
            cell.comment = None
            continue
        lines = sum(1 + len(line) // 22 for line in text.split("\n"))
        cell.comment = Comment(text, comments.clerk_author(old), height=min(600, max(160, 20 + 18 * lines)), width=360)
    if result.changes and result.as_of is not None:
        # The 调整说明 rows of the rewritten items: qzqd adjust reads their 依据 and 理由 for the package.
        from .adjust.plan import citation_notes
        from .adjust.sheets import record_notes

        rewritten = {(ch.item, ch.column): str(pl.items.at[ch.item, ch.column]) for ch in result.changes}
        for item, column in rewritten:
            _, where = pl.cell_ref(item, column)
            if where is not None and where in result.cells:
                rewritten[(item, column)] = result.cells[where]
        record_notes(wb, citation_notes(pl, rewritten, result.as_of))
    with atomic_output(dst, force=force, inputs=(src,)) as tmp:
        wb.save(tmp)


def _fill_rgb(cell: object) -> str:
    fill = getattr(cell, "fill", None)
    if fill is None or fill.fill_type is None or fill.fgColor is None:
        return ""
    rgb = fill.fgColor.rgb
    return rgb if isinstance(rgb, str) else ""
