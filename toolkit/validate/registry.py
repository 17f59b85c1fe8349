"""Validation rules as data: code, severity, Chinese message template, one-line English doc, check function.

A check function receives a :class:`Context` and yields :class:`Hit` objects; :func:`run_rules` turns hits
into :class:`~toolkit.model.Finding` objects that point at Excel cells. Rules register themselves with the
:func:`rule` decorator; modules holding rules are imported by ``toolkit.validate``.

>>> @rule("QZ999", "warning", "示例：{what}", "Example rule.", title="示例")
... def _example(ctx):
...     yield Hit(item=0, column="项目名称", args={"what": "x"})
>>> RULES.pop("QZ999").code
'QZ999'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model import Finding, PowerList
from .profile import Profile, load_profile

SEVERITIES = ("error", "warning", "info")


@dataclass
class Options:
    """Settings that change what the rules check."""

    extra_categories: tuple[str, ...] = ()  # categories allowed besides the standard ones
    as_of: dt.date | None = None  # the list's date for law checks (default: 成文日期)
    law_dirs: tuple[str, ...] = ()  # user folders of extra laws
    disabled: tuple[str, ...] = ()  # rule codes to skip
    profile: str | None = None  # profile id, Chinese name or .toml path; None: the one the workbook names


@dataclass
class Context:
    """What a check sees: the list, the options and a cache shared by rules (e.g. parsed citations)."""

    pl: PowerList
    options: Options = field(default_factory=Options)
    cache: dict[str, Any] = field(default_factory=dict)
    profile: Profile = field(default_factory=load_profile)

    def severity(self, r: Rule) -> str:
        """Rule ``r``'s severity under this context's profile ("off": it does not apply)."""
        return self.profile.severity(r.code, r.severity)

    def active(self, code: str) -> bool:
        """Whether rule ``code`` runs: applies under the profile and is not skipped (--skip)."""
        r = RULES.get(code)
        return r is not None and code not in self.options.disabled and self.severity(r) != "off"

    def memo(self, key: str, make: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]


@dataclass
class Hit:
    """One occurrence found by a rule. ``item`` is the 0-based item index (None: the whole list/sheet)."""

    item: int | None = None
    column: str | None = None
    args: dict[str, Any] = field(default_factory=dict)
    sheet: str | None = None  # default: the list sheet
    row: int | None = None  # default: the item's Excel row
    cell: str | None = None  # default: derived from item and column
    severity: str | None = None  # override the rule's severity for this hit


@dataclass(frozen=True)
class Rule:
    code: str
    severity: str
    message: str  # Chinese str.format template filled from Hit.args
    doc: str  # one line of English documentation
    title: str  # short Chinese name
    check: Callable[[Context], Iterable[Hit]]

    def format(self, args: dict[str, Any]) -> str:
        return self.message.format(**args)


RULES: dict[str, Rule] = {}


def rule(
    code: str, severity: str, message: str, doc: str, *, title: str
) -> Callable[[Callable[[Context], Iterable[Hit]]], Callable[[Context], Iterable[Hit]]]:
    """Register a check function as rule ``code``."""
    assert severity in SEVERITIES, severity

    def deco(fn: Callable[[Context], Iterable[Hit]]) -> Callable[[Context], Iterable[Hit]]:
        if code in RULES:
            raise ValueError(f"duplicate rule code {code}")
        RULES[code] = Rule(code, severity, message, doc, title, fn)
        return fn

    return deco


def to_finding(r: Rule, hit: Hit, pl: PowerList, severity: str | None = None) -> Finding:
    sheet = hit.sheet if hit.sheet is not None else pl.source.sheet
    row, cell = hit.row, hit.cell
    if hit.item is not None and hit.column is not None and row is None and cell is None:
        row, cell = pl.cell_ref(hit.item, hit.column)
    elif hit.item is not None and row is None:
        row = pl.rows[hit.item] if hit.item < len(pl.rows) else None
    return Finding(
        code=r.code,
        severity=hit.severity or severity or r.severity,
        message=r.format(hit.args),
        sheet=sheet,
        row=row,
        column=hit.column,
        cell=cell,
        item=hit.item,
    )


def run_rules(ctx: Context, rules: Iterable[Rule] | None = None) -> Iterator[Finding]:
    for r in rules if rules is not None else sorted(RULES.values(), key=lambda x: x.code):
        severity = ctx.severity(r)
        if r.code in ctx.options.disabled or severity == "off":
            continue
        for hit in r.check(ctx):
            yield to_finding(r, hit, ctx.pl, severity)
