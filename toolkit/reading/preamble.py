"""The notice fields (发文信息) in the paragraphs before the list's table, shared by the .txt and .docx importers.

The preamble of a published notice runs: [发文机关标志] 发文字号, 标题 (wrapped over several lines), 主送机关
(ending in a colon), 正文 paragraphs, 附件说明 (`附件：…`), 发文机关署名, 成文日期, then `附件` and the
attachment title. The 版记 after the list (抄送, 印发机关 and 印发日期) is read by :func:`parse_trailer`.
"""

from __future__ import annotations

import re

from ..model import Notice

_DOC_NO_RE = re.compile(r"^\S{1,20}[〔\[［(（【]\s*\d{4}\s*[〕\]］)）】]\s*\d+\s*号$")
_DATE_RE = re.compile(
    r"^(\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d〇○零一二三四五六七八九十]{1,3}\s*月\s*[\d〇○零一二三四五六七八九十]{1,3}\s*日$"
)
_PRINT_RE = re.compile(r"^(?P<who>.+?)\s+(?P<date>\d{4}年\d{1,2}月\d{1,2}日)\s*印发$")
_WS = " \t\u3000\u00a0"


def parse_preamble(lines: list[str]) -> Notice:
    """The notice fields found in the preamble's lines (one paragraph or wrapped line each).

    >>> n = parse_preamble(["兴保发〔2022〕1号", "关于调整公布", "权责清单的通知", "各单位：", "现公布如下。",
    ...                     "附件：权责清单", "兴安县国家保密局", "2022年7月18日"])
    >>> n.doc_number, n.title, n.recipients, n.body, n.attachment, n.signature, n.date
    ('兴保发〔2022〕1号', '关于调整公布权责清单的通知', '各单位', '现公布如下。', '权责清单', '兴安县国家保密局', '2022年7月18日')
    """
    notice = Notice()
    paras = [line.strip(_WS) for line in lines]
    paras = [p for p in paras if p]
    i = 0
    # 发文机关标志 (a line ending in 文件) and 发文字号 come first.
    while i < len(paras) and not _DOC_NO_RE.match(paras[i]):
        if paras[i].endswith("文件") and not notice.issuer_mark:
            notice.issuer_mark = paras[i]
        i += 1
    if i == len(paras):
        i = 0  # no document number: the title starts the preamble
    else:
        notice.doc_number = paras[i]
        i += 1
    title: list[str] = []
    while i < len(paras) and not paras[i].endswith(("：", ":")):
        title.append(paras[i])
        i += 1
    if i == len(paras):
        notice.title = "".join(title)
        return notice
    notice.title = "".join(title)
    notice.recipients = paras[i].rstrip("：:")
    i += 1
    body: list[str] = []
    while i < len(paras) and not re.match(r"^附\s*件\s*[：:]", paras[i]):
        body.append(paras[i])
        i += 1
    notice.body = "\n".join(body)
    if i < len(paras):
        notice.attachment = re.sub(r"^附\s*件\s*[：:]\s*", "", paras[i])
        i += 1
    rest = paras[i:]
    for j, p in enumerate(rest):
        if _DATE_RE.match(p.replace(" ", "")) and not notice.date:
            notice.date = p.replace(" ", "")
            if j > 0 and not notice.signature:
                notice.signature = rest[j - 1]
        elif p.startswith("抄送"):
            notice.cc = re.sub(r"^抄送\s*[：:]\s*", "", p).rstrip("。")
        elif m := _PRINT_RE.match(p):
            notice.printer, notice.print_date = m.group("who"), m.group("date")
        elif p in ("附件", "附 件") and j + 1 < len(rest) and not notice.attachment:
            notice.attachment = rest[j + 1]
    return notice


def is_trailer_line(line: str) -> bool:
    """Whether a line opens the 版记 after the list: ``抄送：…`` or ``… 2022年7月18日印发``."""
    p = line.strip(_WS)
    return bool(re.match(r"^抄\s*送\s*[：:]", p) or _PRINT_RE.match(p))


def parse_trailer(lines: list[str], notice: Notice) -> Notice:
    """Fill 抄送机关, 印发机关 and 印发日期 from the 版记 lines after the list (when present)."""
    for line in lines:
        p = line.strip(_WS)
        if p.startswith("抄送") and not notice.cc:
            notice.cc = re.sub(r"^抄送\s*[：:]\s*", "", p).rstrip("。")
        elif (m := _PRINT_RE.match(p)) and not notice.printer:
            notice.printer, notice.print_date = m.group("who"), m.group("date")
    return notice
