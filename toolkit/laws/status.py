"""Hand-written facts on top of the corpus: repealed laws and what replaced them (``data/repealed.toml``),
and 施行日期, issuing orders and short names of the most cited laws (``data/facts.toml``).

>>> [law.replaced_by for law in repealed_laws() if law.name == "中华人民共和国行政监察法"]
['中华人民共和国监察法']
"""

from __future__ import annotations

import datetime as dt
import sys
from functools import lru_cache
from pathlib import Path

from .model import Law, LawDataError, LawVersion, normalize_name

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

DATA = Path(__file__).resolve().parent / "data"
REPEALED_FILE = DATA / "repealed.toml"
FACTS_FILE = DATA / "facts.toml"


@lru_cache(maxsize=4)
def _table(path: Path) -> list[dict]:
    from .store import cached_table

    try:
        raw = path.read_bytes()
        cached = cached_table(path.name, raw)
        if cached is not None:
            return cached
        return parse_table(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise LawDataError(f"法律库数据文件 {path} 无法读取：{e}") from e


def parse_table(text: str) -> list[dict]:
    """The [[law]] rows of a hand-written table."""
    return list(tomllib.loads(text).get("law", []))


def repealed_table() -> list[dict]:
    """The rows of data/repealed.toml (name, category, adopted, repealed, replaced_by, note)."""
    return _table(REPEALED_FILE)


def repealed_laws() -> list[Law]:
    """A :class:`Law` (without text) for every repealed law of the table."""
    out = []
    for row in repealed_table():
        adopted = row.get("adopted")
        out.append(
            Law(
                name=row["name"],
                category=row["category"],
                short_names=tuple(row.get("short_names", ())),
                versions=[LawVersion(adopted, None)] if isinstance(adopted, dt.date) else [],
                layer="base",
                repealed=row["repealed"],
                replaced_by=row.get("replaced_by", ""),
                status_note=row.get("note", ""),
            )
        )
    return out


def apply_status(by_name: dict[str, Law]) -> None:
    """Mark the laws the table lists as repealed (whatever layer they come from); ``by_name``: laws by
    normalised name."""
    for key, row in _repealed_index().items():
        law = by_name.get(key)
        if law is not None and law.repealed is None:
            law.repealed = row["repealed"]
            law.replaced_by = row.get("replaced_by", "")
            law.status_note = row.get("note", "")


@lru_cache(maxsize=1)
def _repealed_index() -> dict[str, dict]:
    return {normalize_name(r["name"]): r for r in repealed_table()}


def apply_facts(laws: list[Law], *, versions: bool = True) -> None:
    """Fill in short names (and with ``versions``, 施行日期 and orders of the versions) from data/facts.toml.

    A fact for a version the library lacks adds that version (without text), so the history is complete.
    The built-in library applies the short names when it loads and the version facts when a law is first used.
    """
    by_name = {normalize_name(law.name): law for law in laws}
    for row in _table(FACTS_FILE):
        law = by_name.get(normalize_name(row["name"]))
        if law is None:
            continue
        law.short_names = tuple(dict.fromkeys([*law.short_names, *row.get("short_names", ())]))
        if not versions:
            continue
        for fact in row.get("versions", []):
            v = next((x for x in law.versions if x.adopted == fact["adopted"]), None)
            if v is None:
                v = LawVersion(fact["adopted"], None, kind=fact.get("kind", "修订"))
                law.versions.append(v)
                law.versions.sort(key=lambda x: x.adopted or dt.date.min)
            if fact.get("effective"):
                v.effective = fact["effective"]
            if fact.get("order"):
                v.order = fact["order"]
