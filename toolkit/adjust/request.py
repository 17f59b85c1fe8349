"""The covering 请示 to the 编办 as a GB/T 9704-2012 PDF, typeset with render's fonts, body justification and
title breaking.

A 请示 has rules of its own (党政机关公文处理工作条例; GB/T 9704-2012 §7.2.6, §7.3.7): one subject (一文一事),
one 主送机关, the 签发人 in the header beside the 发文字号 (上行文), a request sentence at the end (“妥否，
请批示。”), and the contact person and telephone in the 附注. Its fields come from the new workbook's 请示
sheet, then options, then defaults from the 发文信息 sheet; what a final 请示 lacks is a problem (QZ830).

>>> info = request_info(plan, summary, {"签发人": "张三"})  # doctest: +SKIP
>>> info.body[-1]  # doctest: +SKIP
'妥否，请批示。'
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from ..model import Finding
from ..noticefields import cn_date
from .plan import Plan
from .problems import problem
from .summary import Summary

TEMPLATE = "request.html.j2"
REQUEST_SENTENCE = "妥否，请批示。"
# How a 请示 ends: a request for instruction or approval.
_ENDS_WITH_REQUEST = re.compile(r"(请|予以|恳请|望)[^。！!]{0,6}(批示|审批|批复|批准|审定|审核|核准|同意)[。！!]?$")


@dataclass
class RequestInfo:
    mark: str = ""
    doc_number: str = ""
    signer: str = ""
    title: str = ""
    recipient: str = ""
    body: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)
    signature: str = ""
    date: str = ""
    contact: str = ""
    phone: str = ""

    @property
    def fuzhu(self) -> str:
        """The 附注: “（联系人：张三，联系电话：0773-6221234）”."""
        parts = [
            p
            for p in (
                f"联系人：{self.contact}" if self.contact else "",
                f"联系电话：{self.phone}" if self.phone else "",
            )
            if p
        ]
        return f"（{'，'.join(parts)}）" if parts else ""


def unit_name(plan: Plan) -> str:
    n = plan.diff.new.notice
    return n.signature or re.sub(r"文件$", "", n.issuer_mark) or "本单位"


def request_info(
    plan: Plan, summary: Summary, fields: dict[str, str], *, today: dt.date | None = None
) -> tuple[RequestInfo, list[Finding]]:
    """The 请示's fields (``fields``: the 请示 sheet and options, by field name) and what a final one lacks."""
    notice = plan.diff.new.notice
    unit = unit_name(plan)
    info = RequestInfo(
        mark=fields.get("发文机关标志") or notice.issuer_mark,
        doc_number=fields.get("发文字号", ""),
        signer=fields.get("签发人", ""),
        title=fields.get("标题") or f"关于调整{unit}权责清单的请示",
        recipient=fields.get("主送机关", ""),
        signature=fields.get("发文机关署名") or notice.signature or unit,
        date=fields.get("成文日期") or cn_date(today or dt.date.today()),
        contact=fields.get("联系人", ""),
        phone=fields.get("联系电话", ""),
    )
    info.body = [p for p in (fields.get("正文") or "").split("\n") if p.strip()] or generated_body(plan, summary)
    att = fields.get("附件", "")
    info.attachments = [re.sub(r"^\d+[．.、]\s*", "", a).strip() for a in att.split("\n") if a.strip()] or [
        f"{unit}权责清单调整对照表",
        f"{unit}权责清单调整申请表",
        f"调整后的{unit}权责清单",
    ]
    return info, check_request(info)


def check_request(info: RequestInfo) -> list[Finding]:
    out = []

    def add(text: str, severity: str = "error") -> None:
        f = problem("QZ830", text)
        out.append(Finding(f.code, severity, f.message))

    if not info.signer:
        add("缺少签发人（请示是上行文，版头须标注签发人，GB/T 9704-2012 7.2.6），请在“请示”表或用 --signer 填写")
    if not info.doc_number:
        add("缺少发文字号（如“×呈〔2025〕1号”），请在“请示”表或用 --doc-number 填写")
    if not info.recipient:
        add("缺少主送机关（报送的机构编制部门，如“中共××县委机构编制委员会办公室”），请在“请示”表或用 --to 填写")
    elif re.search(r"[、，,；;\n]", info.recipient):
        add(f"主送机关“{info.recipient}”不止一个：请示只主送一个上级机关，其他机关用抄送")
    if "请示" not in info.title:
        add(f"标题“{info.title}”没有以“请示”为文种")
    elif "报告" in info.title:
        add(f"标题“{info.title}”把请示和报告混用：请示与报告是两个文种")
    if not info.body or not _ENDS_WITH_REQUEST.search(info.body[-1].strip()):
        add(f"正文没有以请示语（如“{REQUEST_SENTENCE}”）结尾")
    if not info.contact or not info.phone:
        add("附注中缺少联系人或联系电话（请示须注明），请在“请示”表或用 --contact、--phone 填写", "warning")
    return out


def generated_body(plan: Plan, summary: Summary) -> list[str]:
    """The body from the summary: what was adjusted, on what grounds, what needs saying, the request."""
    old = plan.diff.old.notice
    ref = "原权责清单"
    if old.doc_number:
        ref = f"{old.doc_number}公布的权责清单"
    paras = [
        "根据法律法规立改废释和职能调整情况，按照权责清单动态调整的要求，我单位对"
        f"{ref}进行了全面梳理，拟对部分事项进行调整，现将有关情况请示如下。",
        "一、调整情况",
    ]
    changed = [(c, a, b) for c, a, b in summary.by_category if a != b]
    cats = (
        "按权力分类，" + "，".join(f"{c}由{a}项调整为{b}项" for c, a, b in changed) + "。"
        if changed
        else "各类权力事项的数量没有变化。"
    )
    kinds = "，".join(f"{k}{n}项" for k, n in summary.by_kind.items())
    paras.append(
        f"调整前共有权责事项{summary.before}项，调整后共有{summary.after}项。本次共调整{summary.total}项，其中{kinds}。{cats}"
    )
    paras.append("二、调整依据")
    if plan.revisions:
        laws = "；".join(r.title for r in plan.revisions)
        paras.append(f"本次调整主要依据：{laws}。各事项的调整依据和理由详见调整对照表和调整申请表。")
    else:
        paras.append("各事项的调整依据和理由详见调整对照表和调整申请表。")
    paras.append("三、需要说明的事项")
    out = [a for a in plan.adjustments if a.kind in ("取消", "下放")]
    if out:
        done = sum(1 for a in out if a.supervision)
        text = "、".join(
            f"{k}{sum(1 for a in out if a.kind == k)}项" for k in ("取消", "下放") if any(a.kind == k for a in out)
        )
        tail = "均已明确事中事后监管措施" if done == len(out) else f"其中{len(out) - done}项的监管措施尚待明确"
        paras.append(f"本次调整涉及{text}，{tail}，详见调整申请表。")
    else:
        paras.append("本次调整不涉及取消、下放事项。")
    consulted = sum(1 for a in plan.adjustments if a.opinions)
    if consulted:
        paras.append(f"涉及其他部门的{consulted}项调整已征求相关部门意见，意见详见调整申请表。")
    paras.append(REQUEST_SENTENCE)
    return paras


def request_html(info: RequestInfo, *, draft: bool, fonts=None) -> str:  # type: ignore[no-untyped-def]
    """The 请示 as one self-contained HTML document (the templates autoescape every field)."""
    from ..render.fonts import font_css, resolve_fonts
    from ..render.html import body_paragraphs, environment, folio_css
    from ..render.layout import masthead
    from ..render.title import break_title

    fonts = fonts if fonts is not None else resolve_fonts()
    # The 发文字号 line carries the 签发人 too; a draft without a number keeps the line's place all the same.
    head = masthead(info.mark, info.doc_number or "〔　〕号", fonts)
    return (
        environment()
        .get_template(TEMPLATE)
        .render(
            info=info,
            draft=draft,
            css=Markup(_css()),
            font_css=Markup(font_css(fonts)),
            folio_css=Markup(folio_css(fonts, 1)),
            masthead=head,
            title_lines=break_title(info.title, 20.0),
            body=body_paragraphs("\n".join(info.body), fonts),
        )
    )


def _css() -> str:
    from ..render.pdf import TEMPLATES_DIR

    return "\n".join((TEMPLATES_DIR / n).read_text(encoding="utf-8") for n in ("notice.css", "request.css"))


def write_request(
    info: RequestInfo, path: Path, *, draft: bool, force: bool = False, inputs: tuple[Path, ...] = ()
) -> Path:
    from ..render.pdf import html_to_pdf

    return html_to_pdf(request_html(info, draft=draft), path, force=force, inputs=inputs)
