"""Validation rules that need the law registry (QZ4xx): stale article numbers, misquotes, unknown articles,
category labels that disagree with the registry, chapters that do not hold the article, unknown laws.

The rules see the cells :mod:`.screen` could not prove silent (parsed once, shared with the QZ3xx rules);
their citations are checked once per citation content against the registry (``law_findings``) and each rule
only filters the results.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from ..citations import parse_list
from ..citations.check import CitationCheck, check_list, content_checks, label_matches, list_date, named_version
from ..citations.parse import Citation, cn_numeral
from ..citations.registry import Law, LawVersion, load_registry, parse_date
from ..noticefields import cn_date  # re-exported: update.py and cli_laws.py name dates with it
from .citation_rules import citations
from .registry import Context, Hit, rule

MAX_DIFFS = 3
CHECKED_KEY = "citation_checks"  # Context.cache: citation content -> (check, its fields), shared with .screen


def law_checks(ctx: Context) -> list[tuple[int, str, CitationCheck]]:
    """(item, column, result) for every citation of the list, checked at the list's date (computed once)."""

    def make() -> list[tuple[int, str, CitationCheck]]:
        cites = ctx.memo("all_citations", lambda: parse_list(ctx.pl))
        registry = load_registry(tuple(ctx.options.law_dirs))
        return check_list(cites, registry, list_date(ctx.pl, ctx.options.as_of))

    return ctx.memo("law_checks", make)  # type: ignore[no-any-return]


def cn_article(n: int) -> str:
    return f"第{cn_numeral(n)}条"


def which(c: Citation) -> str:
    """How a message names a citation: its number, else its law and article."""
    article = c.article_text or ""
    if c.number:
        return f"依据“{c.number}”《{c.law}》{article}"
    return f"《{c.law}》{article}"


def version_name(law: Law, v: LawVersion) -> str:
    """ "2014年1月17日版（2014年3月1日起施行，国务院令第646号）"; "现行版本（…）" for single-version laws."""
    order = f"，{v.order}" if v.order else ""
    name = f"{cn_date(v.adopted)}版" if len(law.versions) > 1 and v.adopted else "现行版本"
    return f"{name}（{cn_date(v.in_force_from)}起施行{order}）"


def stale_detail(r: CitationCheck) -> str:
    """What became of a stale article: its new number(s), a split, a merge, or deletion."""
    c = r.cite
    assert c.article is not None
    old = cn_article(c.article)
    if r.entry is None:
        return f"法律库没有新旧条文对照表，现行版本的条数少于{old[1:-1]}条，请对照现行文本核对条号"
    new = r.entry.new
    if not new:
        return f"现行版本已无与原{old}对应的条款"
    names = "、".join(cn_article(n) for n in new)
    if len(new) > 1:
        return f"原{old}的内容已拆分到{names}" + ("" if r.entry.confident else "（程序自动对照，请核对）")
    merged = r.mapping.merged_with(c.article) if r.mapping is not None else []
    unsure = "" if r.entry.confident else "（新旧条文对照由程序按文字自动生成，可信度低，请对照条文核对）"
    if merged:
        others = "、".join(cn_article(n) for n in merged)
        return f"原{old}现为{names}（与原{others}合并）{unsure}"
    return f"原{old}现为{names}{unsure}"


def law_findings(ctx: Context) -> list[tuple[int, str, CitationCheck]]:
    """The (item, column, result) entries some law rule may report, in list order (computed once).

    A correct citation (the vast majority) is passed over with a few attribute tests; the rules then look
    only at these entries, each in the order of the cells and of the citations inside them.
    """

    def make() -> list[tuple[int, str, CitationCheck]]:
        cites = citations(ctx)
        registry = load_registry(tuple(ctx.options.law_dirs))
        out = []
        # Results are shared per citation content; a citation's own result object is built only here.
        as_of = list_date(ctx.pl, ctx.options.as_of)
        for item, column, c, r, fields in content_checks(cites, registry, as_of, ctx.memo(CHECKED_KEY, dict)):
            if reportable(c, r):
                out.append((item, column, r if r.cite is c else CitationCheck(c, *fields)))
        return out

    return ctx.memo("law_findings", make)  # type: ignore[no-any-return]


def reportable(c: Citation, r: CitationCheck) -> bool:
    """Whether a law rule may report citation ``c`` with result ``r`` (False proves it silent for QZ4xx)."""
    law = r.law
    return (
        law is None
        or law.repealed is not None
        or r.stale
        or r.unknown_article
        or r.unknown_clause
        or r.chapter_mismatch is not None
        or r.unchecked is not None
        or (r.quote_match is not None and bool(r.quote_match.missing))
        or (c.label is not None and c.label != law.category)
    )


def _hits(ctx: Context, args_of: Callable[[CitationCheck], dict[str, Any] | None]) -> Iterator[Hit]:
    """A hit in every cell holding a citation whose result ``args_of`` turns into message args (None: fine)."""
    for item, column, r in law_findings(ctx):
        args = args_of(r)
        if args is not None:
            yield Hit(item=item, column=column, args=args)


@rule(
    "QZ401",
    "warning",
    "{which}：引用的是旧版条号。《{law}》已于{revised}修订{order}，自{effective}起施行；{detail}。",
    "The article number belongs to a version superseded before the list's date; names the version in force, "
    "its effective date and the new article number(s).",
    title="引用的条号已过时",
)
def _stale(ctx: Context) -> Iterator[Hit]:
    def args(r: CitationCheck) -> dict[str, Any] | None:
        if not r.stale or r.law is None or r.current is None:
            return None
        return {
            "which": which(r.cite),
            "law": r.cite.law,
            "revised": cn_date(r.current.adopted),
            "order": f"（{r.current.order}）" if r.current.order else "",
            "effective": cn_date(r.current.in_force_from),
            "detail": stale_detail(r),
        }

    return _hits(ctx, args)


def diff_text(r: CitationCheck) -> str:
    m = r.quote_match
    assert m is not None
    parts = [f"“{q}”应为“{a}”" if a else f"“{q}”在条文中找不到" for q, a in m.diffs[:MAX_DIFFS]]
    if not parts and r.elsewhere is not None:
        return f"引文是{cn_article(r.elsewhere)}的内容，条号可能写错了"
    if not parts:
        parts = [f"“{s}”在条文中找不到" for s in m.missing[:MAX_DIFFS]]
    more = "等" if len(m.diffs) > MAX_DIFFS else ""
    return "；".join(parts) + more


@rule(
    "QZ402",
    "warning",
    "{which}：引文与{version}的条文不一致：{diffs}（比对时已忽略标点和空格）{earlier}。",
    "The quoted text differs from the cited article in the version in force at the list's date (punctuation "
    "and whitespace ignored; partial quotes, item selections and ellipses allowed); when the library has no "
    "text of the versions before it, says the quote may follow the text before the revision.",
    title="引文与条文不符",
)
def _misquote(ctx: Context) -> Iterator[Hit]:
    def args(r: CitationCheck) -> dict[str, Any] | None:
        if r.quote_match is None or r.quote_match.ok or r.law is None:
            return None
        v = r.current if r.current is not None and r.cite.article in r.current.articles else r.version
        assert v is not None
        return {
            "which": which(r.cite),
            "version": f"《{r.cite.law}》{version_name(r.law, v)}",
            "diffs": diff_text(r),
            "earlier": earlier_note(r.law, v),
        }

    return _hits(ctx, args)


def earlier_note(law: Law, v: LawVersion) -> str:
    """ "；该版本是2020年6月20日修订的，法律库没有修订前的条文，引文可能是按修订前的条文写的" when ``v`` is the
    oldest text the library has of a law revised before (a list quoting the old text cannot be told from a
    misquote); "" otherwise."""
    if v.adopted is None or any(x.has_text and x.adopted and x.adopted < v.adopted for x in law.versions):
        return ""
    if not any(x.adopted and x.adopted < v.adopted for x in law.versions):
        return ""
    done = v.kind if v.kind in ("修正", "修订") else "修订"
    return f"；该版本是{cn_date(v.adopted)}{done}的，法律库没有{done}前的条文，引文可能是按{done}前的条文写的"


@rule(
    "QZ403",
    "error",
    "{which}：{cause}《{law}》{version}没有{what}（该版本共{count}条）{advice}。",
    "The cited article (or one of several cited, a 之一 article, a clause or an item) does not exist in the version "
    "of the law in force at the list's date; when "
    "the citation's issuing information names a later revision that has it, says that this revision is not yet "
    "in force at that date.",
    title="条款不存在",
)
def _unknown_article(ctx: Context) -> Iterator[Hit]:
    on = list_date(ctx.pl, ctx.options.as_of)
    if ctx.options.as_of is not None:
        date_name, advice = f"检查日期{cn_date(on)}（--as-of）", "请核对 --as-of 的日期"
    elif parse_date(ctx.pl.notice.date, whole=True) is not None:
        date_name, advice = f"成文日期{cn_date(on)}", "请核对成文日期，或用 --as-of {iso} 按该版本检查"
    else:
        date_name, advice = f"检查所用的日期{cn_date(on)}", "请填写成文日期，或用 --as-of {iso} 按该版本检查"
    for item, column, r in law_findings(ctx):
        if not (r.unknown_article or r.unknown_clause) or r.law is None or r.version is None:
            continue
        c = r.cite
        assert c.article is not None
        what = "、".join(r.missing) if r.missing else cn_article(c.article)
        if r.unknown_clause and not r.unknown_article:
            what = cn_article(c.article)
            if c.clauses:
                what += f"第{cn_numeral(max(c.clauses))}款"
            if c.items:
                what += f"第（{cn_numeral(max(c.items))}）项"
        args = {
            "which": which(c),
            "cause": "",
            "law": c.law,
            "version": version_name(r.law, r.version),
            "what": what,
            "count": len(r.version.articles),
            "advice": "",
        }
        later = _later_version(ctx, item, column, r, on) if r.unknown_article else None
        if later is not None and later.in_force_from is not None:
            # A citation rewritten for a revision (update-citations) on a list still dated before it: the cause
            # is the date, not the article number.
            done = "公布" if later is r.law.versions[0] else "修订"
            order = f"（{later.order}）" if later.order else ""
            args["cause"] = (
                f"引用的是{cn_date(later.adopted)}{done}的版本{order}，该版本自{cn_date(later.in_force_from)}起施行，"
                f"晚于{date_name}；按这一日期适用的"
            )
            args["advice"] = "；" + advice.format(iso=later.in_force_from.isoformat())
        yield Hit(item=item, column=column, args=args)


def _later_version(ctx: Context, item: int, column: str, r: CitationCheck, on: dt.date) -> LawVersion | None:
    """The version the citation's issuing information names when it is not yet in force on ``on`` and has the
    cited article (a continuation uses the issuing information of the citation it continues)."""
    assert r.law is not None
    issuance = r.cite.issuance
    if issuance is None and r.cite.continuation:
        for c in citations(ctx).get((item, column), []):
            if c is r.cite:
                break
            if not c.continuation:
                issuance = c.issuance
    later = [v for v in r.law.versions if v.in_force_from is not None and v.in_force_from > on]
    named = named_version(later, issuance)
    if named is None or (named.has_text and r.cite.article not in named.articles):
        return None
    return named


@rule(
    "QZ404",
    "error",
    "{which}标注为【{label}】，但《{law}》属于【{category}】{order}。",
    "The citation's category label disagrees with the registry's category for that law (checked when the "
    "issuing information alone does not settle it, see QZ304).",
    title="类别标注与法律库不符",
)
def _label_vs_registry(ctx: Context) -> Iterator[Hit]:
    from .citation_rules import issued_as

    def args(r: CitationCheck) -> dict[str, Any] | None:
        c = r.cite
        if r.law is None or c.label is None or c.continuation:
            return None
        label = c.label.strip()
        named = ctx.profile.label_category(label) if ctx.profile.knows_label(label) else label
        if named is None or label_matches(named, r.law.category):
            return None  # a broad label (规章, 其他依据) names no single category
        found = issued_as(c.issuance, c.law)
        if found is not None and not label_matches(named, found[0]):
            return None  # QZ304 already reports this label from the issuing information
        orders = [v.order for v in r.law.versions if v.order]
        return {
            "which": which(c),
            "label": label,
            "law": r.law.name,
            "category": r.law.category,
            "order": f"（{orders[-1]}）" if orders else "",
        }

    return _hits(ctx, args)


@rule(
    "QZ405",
    "info",
    "《{law}》{reason}",
    "A cited law the registry does not know (reported once per law); its citations are not checked.",
    title="法律库中没有该法律",
)
def _unknown_law(ctx: Context) -> Iterator[Hit]:
    seen: set[str] = set()
    for item, column, r in law_findings(ctx):
        name = r.cite.law
        if r.law is not None or not name or name in seen:
            continue
        seen.add(name)
        if r.ambiguous:
            reason = "可能指" + "、".join(f"《{law.name}》" for law in r.ambiguous) + "，请写全称；未核对其条号和条文。"
        else:
            reason = "不在法律库中，未核对其条号和条文（可用 --laws 目录补充该法律，见 docs/laws.md）。"
        yield Hit(item=item, column=column, args={"law": name, "reason": reason})


@rule(
    "QZ406",
    "warning",
    "{which}：写的是“{cited}”，但该条在《{law}》的“{actual}”。",
    "The chapter written before the article number is not the chapter holding that article.",
    title="章与条不对应",
)
def _chapter(ctx: Context) -> Iterator[Hit]:
    def args(r: CitationCheck) -> dict[str, Any] | None:
        if r.chapter_mismatch is None:
            return None
        return {"which": which(r.cite), "cited": r.cite.chapter, "law": r.cite.law, "actual": r.chapter_mismatch}

    return _hits(ctx, args)


@rule(
    "QZ407",
    "info",
    "{which}：未能核对，{reason}。",
    "A citation of a known law that could not be checked (an annexed list's item, a law not yet in force at the "
    "list's date); said so rather than passed over.",
    title="引用未能核对",
)
def _unchecked(ctx: Context) -> Iterator[Hit]:
    def args(r: CitationCheck) -> dict[str, Any] | None:
        if r.unchecked is None:
            return None
        c = r.cite
        which_ = f"依据“{c.number}”《{c.law}》" if c.number else f"《{c.law}》"
        return {"which": which_, "reason": r.unchecked}

    return _hits(ctx, args)


@rule(
    "QZ408",
    "error",
    "{which}：《{law}》已于{repealed}废止{replacement}，不能再作为依据{note}。",
    "The cited law or regulation was repealed on or before the list's date (data/repealed.toml, or a user law.toml's "
    "``repealed``); names the law that replaced it, if any.",
    title="引用的法律已废止",
)
def _repealed(ctx: Context) -> Iterator[Hit]:
    on = list_date(ctx.pl, ctx.options.as_of)
    seen: set[tuple[int, str, str]] = set()  # one finding per cell and law
    for item, column, r in law_findings(ctx):
        law = r.law
        if law is None or law.repealed is None or law.repealed > on:
            continue
        key = (item, column, law.name)
        if key in seen:
            continue
        seen.add(key)
        yield Hit(
            item=item,
            column=column,
            args={
                "which": which(r.cite),
                "law": law.name,
                "repealed": cn_date(law.repealed),
                "replacement": f"，已由《{law.replaced_by}》取代" if law.replaced_by else "",
                "note": f"（{law.status_note}）" if law.status_note else "",
            },
        )
