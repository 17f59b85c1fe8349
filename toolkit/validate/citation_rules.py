"""Citation rules (QZ3xx): each citation well formed, its category label agreeing with how the source was issued.

Citations are parsed once per list, only in the cells :mod:`.screen` could not prove silent, and shared
through ``ctx.memo`` with the law rules.

>>> issued_as("广西壮族自治区人民政府令第24号，2007年4月25日公布", "某办法")
('地方政府规章', '广西壮族自治区人民政府令第24号')
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ..citations import Citation
from ..citations.parse import (
    P_BACK_REF_UNKNOWN,
    P_BAD_LABEL_BRACKETS,
    P_BAD_TITLE_MARKS,
    P_NO_ARTICLE,
    P_NO_COLON,
    P_NO_LABEL,
    P_NO_LAW,
    P_NO_QUOTE,
    P_UNBALANCED_TITLE,
    P_UNREADABLE,
)
from .profile import Profile, load_profile
from .registry import Context, Hit, rule

# Labels the 立法法 and common practice know; 地方性法规 covers 自治条例 and 单行条例 as well.
LABELS = (
    "法律",
    "行政法规",
    "地方性法规",
    "自治条例",
    "单行条例",
    "部门规章",
    "地方政府规章",
    "规范性文件",
    "司法解释",
    "党内法规",
    "国际条约",
)
_ACCEPTED = {"地方性法规": {"地方性法规", "自治条例", "单行条例"}}

# How a source was issued -> its category (domain.md's table). Order matters: the first match wins.
ISSUANCE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("法律", re.compile(r"(?:国家)?主席令(?:第?\s*\d+\s*号)?|全国人民代表大会(?:常务委员会)?(?:公告|通过)")),
    ("行政法规", re.compile(r"国务院令(?:第?\s*\d+\s*号)?")),
    ("地方政府规章", re.compile(r"[\u4e00-\u9fff]{0,12}人民政府令(?:\s*\d{4}\s*年)?(?:第?\s*\d+\s*号)?")),
    (
        "地方性法规",
        re.compile(
            r"[\u4e00-\u9fff]{0,12}人民代表大会(?:常务委员会)?公告(?:第?\s*\d+\s*号)?|[\u4e00-\u9fff]{0,10}人大(?:常委会)?公告(?:第?\s*\d+\s*号)?"
        ),
    ),
    (
        "部门规章",
        re.compile(
            r"[\u4e00-\u9fff]{0,12}(?:部|局|委员会|委|署|总局|银行|办公厅)令(?:\s*\d{4}\s*年)?(?:第?\s*\d+\s*号)?"
        ),
    ),
    (
        "规范性文件",
        re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[［【（(﹝]\s*(?:19|20)\d{2}\s*[〕\]］】）)﹞]\s*第?\s*\d+\s*号"),
    ),
)
# A 《中华人民共和国…法》 is always a 法律, whatever the brackets say (but not a …办法).
NATIONAL_LAW_RE = re.compile(r"^中华人民共和国[\u4e00-\u9fff、]+(?<!办)法(?:修正案)?$")

# Which rule reports which parse problem. QZ301/QZ302 bind every list; QZ305-QZ308 are conventions a profile
# turns on (labels, colons, quoted text, an article for every citation); QZ309 is text that names no law.
PROBLEM_RULES: dict[str, str] = {
    P_UNBALANCED_TITLE: "QZ301",
    P_BACK_REF_UNKNOWN: "QZ301",
    P_BAD_LABEL_BRACKETS: "QZ302",
    P_BAD_TITLE_MARKS: "QZ302",
    P_NO_LABEL: "QZ305",
    P_NO_COLON: "QZ306",
    P_NO_QUOTE: "QZ307",
    P_NO_ARTICLE: "QZ308",
    P_UNREADABLE: "QZ309",
    P_NO_LAW: "QZ309",
}


def citations(ctx: Context) -> dict[tuple[int, str], list[Citation]]:
    """The parsed citations of every cell some citation or law rule may report (see :mod:`.screen`)."""
    from .screen import reportable_citations

    return reportable_citations(ctx)


def active_problems(ctx: Context) -> frozenset[str]:
    """The parse problems some active rule reports under the list's profile (computed once)."""
    return ctx.memo(  # type: ignore[no-any-return]
        "active_problems", lambda: frozenset(p for p, code in PROBLEM_RULES.items() if ctx.active(code))
    )


def reportable(
    c: Citation, problems: frozenset[str] = frozenset(PROBLEM_RULES), profile: Profile | None = None
) -> bool:
    """Whether a QZ3xx rule may report this citation (False proves it silent for QZ301-QZ309).

    ``problems``: the parse problems some active rule reports; ``profile``: whose label vocabulary applies.
    """
    if c.continuation or c.back_ref is not None:
        return True
    if c.problems and not problems.isdisjoint(c.problems):
        return True
    if c.label is None:
        return False
    if profile is None:
        profile = load_profile()
    if not profile.knows_label(c.label):
        return True
    label = profile.label_category(c.label)
    if label is None:
        return False
    found = issued_as(c.issuance, c.law)
    return found is not None and label != found[0] and label not in _ACCEPTED.get(found[0], ())


@lru_cache(maxsize=4096)  # lists repeat the same few laws and issuing orders in every cell
def issued_as(issuance: str | None, law: str | None) -> tuple[str, str] | None:
    """(category, evidence) inferred from the issuing information, or from a national law's name; else None."""
    if issuance:
        for category, pattern in ISSUANCE_PATTERNS:
            m = pattern.search(issuance)
            if m:
                return category, m.group(0).strip()
    if law and NATIONAL_LAW_RE.match(law):
        return "法律", f"《{law}》"
    return None


def _which(c: Citation) -> str:
    if c.number:
        return f"依据“{c.number}”"
    if c.law:
        return f"《{c.law}》"
    return "依据"


@rule(
    "QZ301",
    "error",
    "法律依据无法读懂：{details}。",
    "A citation is broken: 书名号《》 not closed, or 同X． pointing at a number the cell does not have.",
    title="依据格式错误",
)
def _malformed(ctx: Context) -> Iterator[Hit]:
    yield from _problem_hits(ctx, "QZ301")


@rule(
    "QZ302",
    "warning",
    "法律依据的符号不规范：{details}。",
    "A citation uses other brackets than 【】 for its category label or 《》 for the law's name.",
    title="依据格式不规范",
)
def _untidy(ctx: Context) -> Iterator[Hit]:
    yield from _problem_hits(ctx, "QZ302")


@rule(
    "QZ305",
    "error",
    "法律依据缺少类别标注：{details}。{profile}要求每条依据写明类别，如“{form}”；"
    "本清单不采用这一写法时，用 --profile 全国通用 检查（或改发文信息中的“检查规则”）。",
    "Convention (profile): every citation carries a category label 【法律】, 【行政法规】 ….",
    title="缺少类别标注",
)
def _no_label(ctx: Context) -> Iterator[Hit]:
    yield from _problem_hits(ctx, "QZ305")


@rule(
    "QZ306",
    "warning",
    "条号后缺少冒号“：”：{details}。{profile}的写法是“{form}”。",
    "Convention (profile): the article number is followed by a colon and the quoted text (第X条：…).",
    title="条号后缺冒号",
)
def _no_colon(ctx: Context) -> Iterator[Hit]:
    yield from _problem_hits(ctx, "QZ306")


@rule(
    "QZ307",
    "warning",
    "未引用条文内容：{details}。{profile}的写法是“{form}”。",
    "Convention (profile): the article's text is quoted after 第X条：.",
    title="未引用条文",
)
def _no_quote(ctx: Context) -> Iterator[Hit]:
    yield from _problem_hits(ctx, "QZ307")


@rule(
    "QZ308",
    "info",
    "依据只写了法律名称，没有写到条：{details}。写明第X条，才能核对所依据的条款。",
    "A citation names a law without an article (第X条); it cannot be checked against the law's text.",
    title="未写明条款",
)
def _no_article(ctx: Context) -> Iterator[Hit]:
    yield from _problem_hits(ctx, "QZ308")


@rule(
    "QZ309",
    "warning",
    "依据中有未写明法律名称的内容：{details}。法律依据应写明法律名称，如“{form}”。",
    "A paragraph of a legal basis column names no law 《…》 (it is not read as a citation).",
    title="依据未写明法律",
)
def _no_law(ctx: Context) -> Iterator[Hit]:
    yield from _problem_hits(ctx, "QZ309")


def _problem_hits(ctx: Context, code: str) -> Iterator[Hit]:
    # One finding per cell: a list written without labels would otherwise repeat it for every citation.
    mine = {p for p, c in PROBLEM_RULES.items() if c == code}
    extra = {"profile": ctx.profile.title, "form": ctx.profile.form}
    for (item, column), cites in citations(ctx).items():
        details = []
        for c in cites:
            if not c.problems:  # the common case: a well-formed citation
                continue
            problems = [p for p in c.problems if p in mine]
            if problems:
                details.append(f"{_which(c)}{'，'.join(problems)}" if code != "QZ309" else _snippet(c))
        if details:
            more = f"等 {len(details)} 处" if len(details) > 3 else ""
            yield Hit(item=item, column=column, args={"details": "；".join(details[:3]) + more, **extra})


def _snippet(c: Citation) -> str:
    text = c.text.strip()
    return f"“{text[:24]}…”" if len(text) > 25 else f"“{text}”"


@rule(
    "QZ303",
    "warning",
    "{which}的类别标注【{label}】不是常用类别（{known}）。",
    "A citation's category label is not one of the 立法法 categories (法律, 行政法规, 地方性法规 …).",
    title="类别标注未知",
)
def _unknown_label(ctx: Context) -> Iterator[Hit]:
    labels = ctx.profile.labels or LABELS
    known = "、".join(labels[:3] + labels[5:8])
    for (item, column), cites in citations(ctx).items():
        for c in cites:
            if c.label is not None and not ctx.profile.knows_label(c.label):
                yield Hit(item=item, column=column, args={"which": _which(c), "label": c.label, "known": known})


# Why a 《中华人民共和国…法》 is a 法律 whatever its label says (QZ304's evidence when no issuing info is written).
NATIONAL_LAW_EVIDENCE = "名为“中华人民共和国……法”（只有全国人大及其常委会制定的法律这样命名）"


@rule(
    "QZ304",
    "error",
    "{which}标注为【{label}】，但《{law}》{evidence}，属于【{category}】。",
    "The category label agrees with how the source was issued (主席令 法律, 国务院令 行政法规, 人民政府令 地方政府规章 …) "
    "or, without issuing information, with the name of a national law (《中华人民共和国…法》 is a 法律).",
    title="类别标注与发布形式不符",
)
def _label_mismatch(ctx: Context) -> Iterator[Hit]:
    for (item, column), cites in citations(ctx).items():
        for c in cites:
            if c.label is None or c.continuation or c.back_ref is not None:
                continue
            label = c.label.strip()
            if not ctx.profile.knows_label(label):
                continue  # QZ303's business
            named = ctx.profile.label_category(label)
            if named is None:
                continue  # a broad label (规章, 其他依据) names no single category
            found = issued_as(c.issuance, c.law)
            if found is None:
                continue
            category, evidence = found
            if named == category or named in _ACCEPTED.get(category, ()):
                continue
            # issued_as quotes the issuing order, or the law's own name when it decided by the name alone
            evidence = NATIONAL_LAW_EVIDENCE if evidence == f"《{c.law}》" else f"以“{evidence}”发布"
            yield Hit(
                item=item,
                column=column,
                args={
                    "which": _which(c),
                    "label": label,
                    "law": c.law or "",
                    "evidence": evidence,
                    "category": category,
                },
            )
