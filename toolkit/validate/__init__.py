"""Check a 权责清单: the pandera schema, content rules, citation rules and law rules, as one report.

>>> from toolkit.validate import validate
>>> report = validate("workbooks/xingan-2022.xlsx")  # doctest: +SKIP
>>> report.errors, report.summary()  # doctest: +SKIP
(5, '错误 5 个，警告 8 个，提示 2 个')
"""

from __future__ import annotations

import gc
from pathlib import Path

from ..model import PowerList
from . import citation_rules, law_rules, notice_rules, rules, schema, text_rules  # noqa: F401  (registers rules)
from .parallel import run_split
from .profile import Profile, ProfileError, load_profile
from .registry import RULES, Context, Hit, Options, Rule, rule, run_rules
from .report import MERGES_KEY, Report, collapse_filled_down, finding_sort_key, print_report, vertical_merges

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")
UNKNOWN_PROFILE_KEY = "unknown_profile"  # Context.cache: the name a workbook gives that no profile has


def load(source: str | Path) -> PowerList:
    """Read a list exactly as ``qzqd import`` reads it (one reader: the file's content decides), so that
    validate never refuses what import accepts; a master workbook keeps its cell positions.

    >>> load("tests/fixtures/seed.txt").rows[:2]  # doctest: +SKIP
    [None, None]
    """
    from ..reading import import_file

    return import_file(Path(source))


def validate(source: PowerList | str | Path, options: Options | None = None) -> Report:
    """Check a list (a :class:`PowerList` or a path) with every registered rule.

    Reading findings (unknown columns, formulas …) are included as rules QZ001-QZ004.

    >>> from toolkit.model import PowerList
    >>> validate(PowerList.from_records([{"序号": "1"}])).errors > 0
    True
    """
    options = options or Options()
    profile = load_profile(options.profile) if options.profile else None  # a bad --profile stops here
    pl = source if isinstance(source, PowerList) else load(source)
    named = pl.notice.profile.strip()
    unknown_named = None
    if profile is None:
        try:
            profile = load_profile(named or None)
        except ProfileError:
            unknown_named, profile = named, load_profile()
    unknown_codes = sorted(set(profile.rules) - set(RULES))
    if unknown_codes:
        raise ProfileError(
            f"检查规则“{profile.name}”中写了不存在的规则：{'、'.join(unknown_codes)}。用“qzqd rules”查看全部规则代码。"
        )
    ctx = Context(pl=pl, options=options, profile=profile)
    if unknown_named is not None:
        ctx.cache[UNKNOWN_PROFILE_KEY] = unknown_named
    # Checking a large list creates ~10^5 small objects (citations, check results) and hardly any reference
    # cycles; the collector's passes over them cost ~40 % of the time, so it waits until the end.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        active = [r for r in sorted(RULES.values(), key=lambda x: x.code) if ctx.active(r.code)]
        findings = run_split(ctx, active)
        merges = ctx.cache.get(MERGES_KEY)  # read by a rule already (QZ207), or None
        # Freed by reference counting while the collector still waits: its first pass after re-enabling
        # then has far less to look at (~40 ms less on 10,000 items).
        ctx.cache.clear()
    finally:
        if gc_was_enabled:
            gc.enable()
    registered = set(RULES)
    # A reading finding whose code no rule claims still reaches the user.
    findings += [w for w in pl.warnings if w.code not in registered and w.code not in ctx.options.disabled]
    findings.sort(key=finding_sort_key)
    findings = collapse_filled_down(findings, pl, lambda: vertical_merges(pl) if merges is None else merges)
    return Report(findings=findings, path=pl.source.path, pl=pl, profile=profile)


__all__ = [
    "RULES",
    "Context",
    "Hit",
    "Options",
    "Profile",
    "load_profile",
    "Report",
    "Rule",
    "load",
    "print_report",
    "rule",
    "run_rules",
    "validate",
    "vertical_merges",
]
