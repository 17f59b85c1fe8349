"""Build workbooks/xingan-2025.xlsx: the 2022 sample list adjusted after the 2024 secrecy law revisions.

Run from the repository root:  .venv/bin/python workbooks/make_2025.py [--force]

The adjustments are what the unit would do after 《保守国家秘密法》 (revised 2024-02-27, in force 2024-05-01)
and its 实施条例 (revised 2024-07-10, 国务院令第786号, in force 2024-09-01): cited articles renumbered and
quoted texts updated (old → new numbers from the mapping tables), one item renamed to the revised law's
wording, one item merged into another (cancelled), one new power from the new 第五十二条第一款.
Every replacement checks that the text it replaces is there, so a changed 2022 sample fails loudly.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from toolkit import read_workbook, write_workbook
from toolkit.model import Notice, PowerList

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "workbooks" / "xingan-2022.xlsx"
DST = ROOT / "workbooks" / "xingan-2025.xlsx"

LAW = "《中华人民共和国保守国家秘密法》"
REG = "《中华人民共和国保守国家秘密法实施条例》"
REG_2024 = "（2024年7月10日国务院令第786号修订）"
OLD_REG_RE = re.compile(r"（2014年(?:1月17日)?国务院令第646号(?:公布)?）")

# Quoted texts of the revised articles (copied from the official texts of the two revisions).
LAW_34 = (
    "网络运营者应当加强对其用户发布的信息的管理，配合监察机关、保密行政管理部门、公安机关、国家安全机关对涉嫌泄露国家秘密"
    "案件进行调查处理；发现利用互联网及其他公共信息网络发布的信息涉嫌泄露国家秘密的，应当立即停止传输该信息，保存有关记录，"
    "向保密行政管理部门或者公安机关、国家安全机关报告；应当根据保密行政管理部门或者公安机关、国家安全机关的要求，删除涉及泄露"
    "国家秘密的信息，并对有关设备进行技术处理。"
)
LAW_49 = (
    "保密行政管理部门依法组织开展保密宣传教育、保密检查、保密技术防护、保密违法案件调查处理工作，对保密工作进行指导和"
    "监督管理。"
)
LAW_51 = (
    "保密行政管理部门依法对机关、单位遵守保密法律法规和相关制度的情况进行检查；涉嫌保密违法的，应当及时调查处理或者组织、"
    "督促有关机关、单位调查处理；涉嫌犯罪的，应当依法移送监察机关、司法机关处理。"
)
LAW_52_1 = (
    "保密行政管理部门在保密检查和案件调查处理中，可以依法查阅有关材料、询问人员、记录情况，先行登记保存有关设施、设备、"
    "文件资料等；必要时，可以进行保密技术检测。"
)
LAW_52_2 = (
    "保密行政管理部门对保密检查和案件调查处理中发现的非法获取、持有的国家秘密载体，应当予以收缴；发现存在泄露国家秘密隐患的，"
    "应当要求采取措施，限期整改；对存在泄露国家秘密隐患的设施、设备、场所，应当责令停止使用。"
)
LAW_59 = "网络运营者违反本法第三十四条规定的，由公安机关、国家安全机关、电信主管部门、保密行政管理部门按照各自职责分工依法予以处罚。"
REG_58 = (
    "机关、单位应当对遵守保密法律法规和相关制度情况开展自查自评。保密行政管理部门依法对下列情况进行检查：（一）保密工作责任制"
    "落实情况；（二）保密制度建设情况；（三）保密宣传教育培训情况；（四）涉密人员保密管理情况；（五）国家秘密确定、变更、解除"
    "情况；（六）国家秘密载体管理情况；（七）信息系统和信息设备保密管理情况；（八）互联网使用保密管理情况；（九）涉密场所及保密"
    "要害部门、部位管理情况；（十）采购涉及国家秘密的工程、货物、服务，或者委托企业事业单位从事涉密业务管理情况；（十一）涉及"
    "国家秘密会议、活动管理情况；（十二）信息公开保密审查情况；（十三）其他遵守保密法律法规和相关制度的情况。"
)
REG_59 = (
    "保密行政管理部门依法开展保密检查和案件调查处理，查阅有关材料、询问人员、记录情况，对有关设施、设备、文件资料等登记保存，"
    "进行保密技术检测，应当遵守国家有关规定和程序。"
)
REG_60 = (
    "保密行政管理部门对涉嫌保密违法的线索和案件，应当依法及时调查处理或者组织、督促有关机关、单位调查处理；发现需要采取补救措施的，"
    "应当立即责令有关机关、单位和人员停止违法行为，采取有效补救措施。调查工作结束后，有违反保密法律法规的事实，需要追究责任的，"
    "保密行政管理部门应当依法作出行政处罚决定或者提出处理建议；涉嫌犯罪的，应当依法移送监察机关、司法机关处理。有关机关、单位"
    "应当及时将处理结果书面告知同级保密行政管理部门。"
)
REG_60_HEAD = "保密行政管理部门对涉嫌保密违法的线索和案件，应当依法及时调查处理或者组织、督促有关机关、单位调查处理。"
REG_66 = "保密行政管理部门及其工作人员应当按照法定的职权和程序开展工作，做到严格规范公正文明执法，依法接受监督。"


def sub(text: str, old: str, new: str, count: int = 0) -> str:
    """Replace ``old`` (which must occur) by ``new``."""
    if old not in text:
        raise SystemExit(f"make_2025: text not found in the 2022 sample: {old[:40]!r}")
    return text.replace(old, new) if not count else text.replace(old, new, count)


def renumber_citations(text: str) -> str:
    """Point every citation of the two revised acts at the 2024 article numbers and texts."""
    text = OLD_REG_RE.sub(REG_2024, text)
    pairs = [  # 实施条例 2014 → 2024 (tiaoli_2014_to_2024.tsv), each with the revised text where it changed
        (f"{REG_2024}第三十六条", f"{REG_2024}第六十二条"),
        (f"{REG_2024}第五章第四十四条", f"{REG_2024}第五章第七十二条"),
        (f"{REG_2024}第四章第三十八条", f"{REG_2024}第四章第六十六条"),
    ]
    for old, new in pairs:
        text = text.replace(old, new)
    text = re.sub(re.escape(REG_2024) + r"第三十八条：[^\n]*", lambda m: f"{REG_2024}第六十六条：{REG_66}", text)
    text = re.sub(
        re.escape(REG_2024) + r"第四章第六十六条：[^\n]*", lambda m: f"{REG_2024}第四章第六十六条：{REG_66}", text
    )
    text = re.sub(re.escape(REG_2024) + r"第三十三条：[^\n]*", lambda m: f"{REG_2024}第五十九条：{REG_59}", text)
    text = re.sub(re.escape(REG_2024) + r"第三十二条：[^\n]*", lambda m: f"{REG_2024}第五十八条：{REG_58}", text)
    # 第三十五条 is quoted whole in one item and by its first sentence in others.
    text = re.sub(
        re.escape(REG_2024) + r"第三十五条：保密行政管理部门对公民举报[^\n]*?调查处理。调查工作结束后[^\n]*",
        lambda m: f"{REG_2024}第六十条：{REG_60}",
        text,
    )
    text = re.sub(re.escape(REG_2024) + r"第三十五条：[^\n]*", lambda m: f"{REG_2024}第六十条：{REG_60_HEAD}", text)
    # 保密法 2010 → 2024 (baomifa_2010_to_2024.tsv).
    text = text.replace(f"{LAW}第五条：", f"{LAW}第六条：")
    text = re.sub(r"第四十五条：保密行政管理部门对保密检查中发现的[^\n]*", f"第五十二条第二款：{LAW_52_2}", text)
    text = re.sub(
        r"第四十四条：保密行政管理部门对机关、单位遵守保密制度的情况进行检查[^\n]*?(?=\n|$)",
        f"第五十一条：{LAW_51}",
        text,
    )
    text = re.sub(r"第四十二条：保密行政管理部门依法组织开展[^\n]*?(?=第五十一条|\n|$)", f"第四十九条：{LAW_49}", text)
    text = re.sub(r"第二十八条：互联网及其他公共信息网络运营商[^\n]*", f"第三十四条：{LAW_34}", text)
    text = re.sub(r"第五十条：互联网及其他公共信息网络运营商[^\n]*", f"第五十九条：{LAW_59}", text)
    return text


def adjust(pl: PowerList) -> PowerList:
    records = pl.records()
    for r in records:
        for c in ("实施依据", "责任事项依据", "追责依据"):
            r[c] = renumber_citations(r[c])
    seizure, hazard, inspection, cases, network = records

    # 第3项 absorbs the cancelled 第2项: the revised 第五十二条第二款 makes hazard rectification part of inspection.
    d = inspection["责任事项"]
    d = sub(d, "4．监管责任", "5．监管责任")
    d = sub(d, "5．其他法律法规", "6．其他法律法规")
    d = sub(
        d,
        "重大案件应组织集体审议（县国家保密局）。\n",
        "重大案件应组织集体审议（县国家保密局）。\n4．整改责任：发现存在泄露国家秘密隐患的，要求受检机关、单位采取措施，"
        "限期整改；对存在泄露国家秘密隐患的设施、设备、场所，责令停止使用（县国家保密局）。\n",
    )
    inspection["责任事项"] = d
    b = inspection["责任事项依据"]
    b = sub(b, "4－1．", "5－1．")
    b = sub(b, "4－2．", "5－2．")
    b = sub(b, "\n5－1．", f"\n4．【法律】{LAW}第五十二条第二款：{LAW_52_2}\n5－1．")
    inspection["责任事项依据"] = b
    inspection["备注"] = "原第2项“对保密检查中发现的泄密隐患的行政强制”并入本项。"

    # Renamed to the revised 第三十四条's wording; the duties stay, with the same new term.
    network["项目名称"] = "要求网络运营者删除涉及泄露国家秘密的信息"
    for c in ("责任事项", "追责情形"):
        network[c] = network[c].replace("有关运营商、服务商", "有关网络运营者").replace("运营商、服务商", "网络运营者")

    # A new power from the revised law's new 第五十二条第一款 (先行登记保存).
    body = seizure["实施主体"]
    registration = {
        "权力分类": "行政强制",
        "项目名称": "对保密检查和案件调查处理中有关设施、设备、文件资料的先行登记保存",
        "子项名称": "",
        "实施主体": body,
        "承办的内设机构": "",
        "实施依据": (
            f"1．【法律】{LAW}第六条：国家保密行政管理部门主管全国的保密工作。县级以上地方各级保密行政管理部门主管本行政区域"
            f"的保密工作。\n第五十二条第一款：{LAW_52_1}\n2．【行政法规】{REG}{REG_2024}第五十九条：{REG_59}"
        ),
        "责任事项": (
            "1．审批责任：在保密检查或者案件调查处理中，发现有关设施、设备、文件资料需要先行登记保存的，报保密行政管理部门负责人"
            "批准（县国家保密局）。\n"
            "2．执行责任：执法人员不少于两人，出示执法证件，当场清点登记，制作登记保存清单，由当事人和执法人员签名或者盖章"
            "（县国家保密局）。\n"
            "3．保管责任：对登记保存的设施、设备和文件资料妥善保管，保持设备中存储信息的原始状态，不得改写、删除（县国家保密局）。\n"
            "4．处理责任：及时作出处理决定，对不再需要登记保存的，及时解除登记保存（县国家保密局）。\n"
            "5．其他法律法规规章文件规定应履行的责任（县国家保密局）。"
        ),
        "责任事项依据": (
            f"1．【法律】{LAW}第五十二条第一款：{LAW_52_1}\n"
            f"2．【行政法规】{REG}{REG_2024}第五十九条：{REG_59}\n"
            "3．【规范性文件】《保密检查工作规定》（国保发〔2013〕14号）第二十条：检查中发现泄密隐患的，检查人员可以查阅有关材料、"
            "询问人员、记录情况，并向组织检查的保密行政管理部门报告；对有关设施、设备、场所和文件资料，采取责令停止使用或者登记保存"
            "等行政处置措施，必要时进行保密技术检测。对登记保存的设备和文件资料应当妥善保管，保持设备中存储信息的原始状态，不得对其"
            "进行改写、删除等操作。"
        ),
        "追责情形": seizure["追责情形"].replace("调查处理和行政强制", "先行登记保存"),
        "追责依据": seizure["追责依据"],
        "免责事项": seizure["免责事项"],
        "备注": "依据2024年修订的保守国家秘密法第五十二条第一款新增。",
    }
    items = [seizure, registration, inspection, cases, network]
    for n, r in enumerate(items, start=1):
        r["序号"] = str(n)
    del hazard  # cancelled: merged into 第3项
    notice = Notice(**{**pl.notice.__dict__})
    notice.doc_number = "兴保发〔2025〕1号"
    notice.date = "2025年3月18日"
    notice.print_date = "2025年3月18日" if notice.print_date else ""
    notice.body = (
        "根据2024年2月27日第十四届全国人民代表大会常务委员会第八次会议修订的《中华人民共和国保守国家秘密法》（自2024年5月1日起施行）"
        "和2024年7月10日国务院令第786号修订的《中华人民共和国保守国家秘密法实施条例》（自2024年9月1日起施行），按照《广西壮族自治区"
        "人民政府关于印发广西壮族自治区权责清单管理办法的通知》（桂政发〔2019〕55号）关于权责清单动态调整的要求，我局对《中共兴安县委"
        "办公室（兴安县国家保密局）权责清单》（兴保发〔2022〕1号）进行了调整：更新实施依据、责任事项依据和追责依据中引用的条款序号和"
        "条文内容；新增“对保密检查和案件调查处理中有关设施、设备、文件资料的先行登记保存”1项；将“对保密检查中发现的泄密隐患的行政强制”"
        "并入“对保密工作的监督检查”；将“要求互联网及其他公共信息网络运营商、服务商删除涉及泄露国家秘密的信息”更名为“要求网络运营者"
        "删除涉及泄露国家秘密的信息”。现将调整后的权责清单公布如下。"
    )
    return PowerList.from_records(items, notice=notice)


# What the clerk writes for `qzqd adjust` (the package for the 编办): the reason for the merge, which the law
# library cannot give (the renumbered citations' 依据 and 理由 it fills itself), and the 请示's own fields.
# The names are invented for the example.
MERGE_NOTE = {
    "序号": "3",
    "项目名称": "对保密工作的监督检查",
    "调整类型": "合并",
    "调整理由": "修订后的保密法第五十二条第二款把泄密隐患的整改（要求限期整改、责令停止使用）纳入保密检查和案件调查处理，"
    "原第2项“对保密检查中发现的泄密隐患的行政强制”作为第3项的整改责任履行，不再单列",
}
REQUEST = {
    "发文字号": "兴保呈〔2025〕1号",
    "签发人": "李明",
    "主送机关": "中共兴安县委机构编制委员会办公室",
    "成文日期": "2025年3月10日",
    "联系人": "王芳",
    "联系电话": "0773-6221234",
}


def add_adjustment_sheets(path: Path) -> None:
    """Fill the 调整说明 and 请示 sheets write_workbook leaves empty."""
    import openpyxl

    from toolkit.adjust.sheets import NOTES_SHEET, REQUEST_SHEET, append_note, write_request_sheet
    from toolkit.fsutil import atomic_output

    wb = openpyxl.load_workbook(path)
    append_note(wb[NOTES_SHEET], MERGE_NOTE)
    write_request_sheet(wb[REQUEST_SHEET], REQUEST)
    with atomic_output(path, force=True) as tmp:
        wb.save(tmp)


def main(argv: list[str]) -> int:
    pl = adjust(read_workbook(SRC))
    write_workbook(pl, DST, force="--force" in argv)
    add_adjustment_sheets(DST)
    print(f"wrote {DST.relative_to(ROOT)}: {len(pl)} items, {pl.notice.doc_number}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
