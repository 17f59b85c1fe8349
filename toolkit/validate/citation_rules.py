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
    P_NO_LABEL,
    P_NO_LAW,
    P_UNBALANCED_TITLE,
    P_UNREADABLE,
)
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

_ERROR_PROBLEMS = (P_UNREADABLE, P_NO_LAW, P_UNBALANCED_TITLE, P_NO_LABEL, P_BACK_REF_UNKNOWN)


def citations(ctx: Context) -> dict[tuple[int, str], list[Citation]]:
    """The parsed citations of every cell some citation or law rule may report (see :mod:`.screen`)."""
    from .screen import reportable_citations

    return reportable_citations(ctx)


def reportable(c: Citation) -> bool:
    """Whether a QZ3xx rule may report this citation (False proves it silent for QZ301-QZ304)."""
    if c.problems or c.continuation or c.back_ref is not None or c.label is None:
        return True
    label = c.label.strip()
    if label not in LABELS:
        return True
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
    "法律依据格式不正确：{details}。应写作“1．【类别】《名称》第X条：条文内容”。",
    "A citation lacks what makes it readable: category label 【…】, law name 《…》, or a known back reference.",
    title="依据格式错误",
)
def _malformed(ctx: Context) -> Iterator[Hit]:
    yield from _problem_hits(ctx, error=True)


@rule(
    "QZ302",
    "warning",
    "法律依据格式不规范：{details}。",
    "A citation's form is off: brackets other than 【】/《》, no article number, no colon, no quoted text.",
    title="依据格式不规范",
)
def _untidy(ctx: Context) -> Iterator[Hit]:
    yield from _problem_hits(ctx, error=False)


def _problem_hits(ctx: Context, *, error: bool) -> Iterator[Hit]:
    # One finding per cell: a list written without labels would otherwise repeat it for every citation.
    for (item, column), cites in citations(ctx).items():
        details = []
        for c in cites:
            if not c.problems:  # the common case: a well-formed citation
                continue
            problems = [p for p in c.problems if (p in _ERROR_PROBLEMS) == error]
            if problems:
                details.append(f"{_which(c)}{'，'.join(problems)}")
        if details:
            more = f"等 {len(details)} 处" if len(details) > 3 else ""
            yield Hit(item=item, column=column, args={"details": "；".join(details[:3]) + more})


@rule(
    "QZ303",
    "warning",
    "{which}的类别标注【{label}】不是常用类别（{known}）。",
    "A citation's category label is not one of the 立法法 categories (法律, 行政法规, 地方性法规 …).",
    title="类别标注未知",
)
def _unknown_label(ctx: Context) -> Iterator[Hit]:
    known = "、".join(LABELS[:3] + LABELS[5:8])
    for (item, column), cites in citations(ctx).items():
        for c in cites:
            if c.label is not None and c.label.strip() not in LABELS:
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
            if label not in LABELS:
                continue  # QZ303's business
            found = issued_as(c.issuance, c.law)
            if found is None:
                continue
            category, evidence = found
            if label == category or label in _ACCEPTED.get(category, ()):
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
