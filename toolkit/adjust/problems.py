"""What keeps an adjustment package a draft, as data: code, severity, Chinese message, English doc.

Errors make ``qzqd adjust`` exit 1 (the files are still written, marked 草稿); warnings are listed.

>>> problem("QZ812", "取消 第2项 甲", "取消").message
'取消 第2项 甲：取消的事项须填写监管措施（取消后如何监管），请在新版工作簿的“调整说明”表中填写'
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Finding


@dataclass(frozen=True)
class ProblemKind:
    code: str
    severity: str  # error | warning
    message: str  # Chinese, with {} placeholders
    doc: str


PROBLEMS: tuple[ProblemKind, ...] = (
    ProblemKind("QZ801", "warning", "{}", "the 调整说明 sheet has no recognisable header"),
    ProblemKind("QZ802", "warning", "{}", "a 调整说明 cell outside the known columns (not used)"),
    ProblemKind("QZ803", "warning", "{}", "a 调整类型 that is none of the seven types"),
    ProblemKind("QZ804", "warning", "{}", "a 请示 sheet field qzqd does not know (not used)"),
    ProblemKind(
        "QZ805", "warning", "调整后权责清单：{}", "formulas of the new workbook left out of the package's copy"
    ),
    ProblemKind(
        "QZ810",
        "error",
        "{}：缺少调整依据（文件、文号、条款），请在新版工作簿的“调整说明”表中填写",
        "an adjustment without 调整依据",
    ),
    ProblemKind(
        "QZ811", "error", "{}：缺少调整理由，请在新版工作簿的“调整说明”表中填写", "an adjustment without 调整理由"
    ),
    ProblemKind(
        "QZ812",
        "error",
        "{}：{}的事项须填写监管措施（{}后如何监管），请在新版工作簿的“调整说明”表中填写",
        "a 取消 or 下放 without 监管措施",
    ),
    ProblemKind(
        "QZ813",
        "error",
        "调整说明{}：在两个版本的比对结果中找不到这个事项（按事项编码、项目名称和子项名称对应），这一行没有用上",
        "a 调整说明 row that matches no adjustment (its words would be lost)",
    ),
    ProblemKind(
        "QZ814",
        "error",
        "调整说明{}：调整类型写的是“{}”，与比对结果“{}”不符，请核对",
        "a declared 调整类型 the diff contradicts",
    ),
    ProblemKind(
        "QZ815",
        "error",
        "调整说明{}：与前面的行是同一项调整（{}），这一行没有用上，请合并为一行",
        "two 调整说明 rows for one adjustment",
    ),
    ProblemKind(
        "QZ816",
        "warning",
        "{}：实施主体改为乡镇（街道）一级，是否属于“{}”？如是，请在“调整说明”表中写明调整类型和监管措施",
        "a 变更 that looks like a 下放",
    ),
    ProblemKind(
        "QZ817",
        "error",
        "{}：{}的理由须由经办人说明（按法律库填写的只是所引条款的变化），请在“调整说明”表中填写调整理由",
        "a merge or split whose only 理由 is the law library's (it does not say why)",
    ),
    ProblemKind(
        "QZ820",
        "error",
        "{}：实施依据所引法律法规均已废止（{}），建议取消该事项或更新实施依据",
        "an item of the new list whose every legal basis is repealed",
    ),
    ProblemKind("QZ830", "error", "请示：{}", "a 请示 field missing or against the rules of a 请示"),
)
PROBLEM_BY_CODE: dict[str, ProblemKind] = {p.code: p for p in PROBLEMS}


def problem(code: str, *args: str, sheet: str | None = None, row: int | None = None) -> Finding:
    """A Finding of ``code`` with its message filled from ``args``."""
    kind = PROBLEM_BY_CODE[code]
    if code == "QZ812":  # the type appears twice in the message
        args = (args[0], args[1], args[1])
    return Finding(code, kind.severity, kind.message.format(*args), sheet=sheet, row=row)
