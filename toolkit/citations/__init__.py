"""Legal citations: the parser and the law registry.

>>> from toolkit.citations import parse_citations
>>> parse_citations("1．【法律】《中华人民共和国保守国家秘密法》第五条：……")[0].article
5
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .parse import Citation, chinese_number, number_key, parse_citations

if TYPE_CHECKING:
    from ..model import PowerList

# The columns whose cells hold legal citations.
CITATION_COLUMNS: tuple[str, ...] = ("实施依据", "责任事项依据", "追责依据")

__all__ = ["CITATION_COLUMNS", "Citation", "chinese_number", "number_key", "parse_citations", "parse_list"]


def parse_list(pl: PowerList) -> dict[tuple[int, str], list[Citation]]:
    """Citations of every citation cell of a list, keyed by (0-based item index, column name).

    Cells that are empty or absent are left out. Validation shares the result between rules through
    ``ctx.memo("citations", lambda: parse_list(ctx.pl))`` so each cell is parsed once.

    >>> from toolkit.model import PowerList
    >>> pl = PowerList.from_records([{"实施依据": "1．【法律】《某法》第三条：甲。"}])
    >>> [c.article for c in parse_list(pl)[(0, "实施依据")]]
    [3]
    """
    out: dict[tuple[int, str], list[Citation]] = {}
    for column in CITATION_COLUMNS:
        if column not in pl.columns:
            continue
        for i, value in enumerate(pl.column(column)):
            if value:
                cites = parse_citations(str(value))
                if cites:
                    out[(i, column)] = cites
    return out
