"""Facets of a search (how many hits per report, language, year, session and outermost
section) and the orders other than relevance (newest report first, or document order).

Both need every unit a query matches, not one page of ranked hits. Each backend lists them
(`MatchedUnit`, up to MAX_MATCHES) the same way it searches, and the counting and sorting
are written once here, so the embedded and the cluster backends answer alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from corpus.symbols import symbol_session

FACETS = ("symbol", "lang", "year", "session", "section")
SORTS = ("relevance", "date", "document")
MAX_MATCHES = 10_000  # facets and the non-relevance orders cover this many hits at most


@dataclass(frozen=True)
class MatchedUnit:
    """One unit a query matched, with what facets count and the orders sort on."""

    symbol: str
    lang: str
    paragraph: int | None
    kind: str
    position: int
    year: int | None
    section: tuple[str, ...]
    text: str


def facet_value(unit: MatchedUnit, facet: str) -> str | None:
    """The unit's value for a facet (None: it has none, and is not counted there)."""
    if facet == "year":
        return str(unit.year) if unit.year is not None else None
    if facet == "session":
        return symbol_session(unit.symbol)
    if facet == "section":
        return unit.section[0] if unit.section else None
    return str(getattr(unit, facet))


def count_facets(units: Iterable[MatchedUnit]) -> dict[str, list[dict[str, object]]]:
    """Per facet, its values with their hit counts, most hits first (years newest first)."""
    counters = {facet: Counter[str]() for facet in FACETS}
    for unit in units:
        for facet, counter in counters.items():
            if (value := facet_value(unit, facet)) is not None:
                counter[value] += 1
    out: dict[str, list[dict[str, object]]] = {}
    for facet, counter in counters.items():
        if facet == "year":
            ordered = sorted(counter.items(), key=lambda kv: kv[0], reverse=True)
        else:
            ordered = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
        out[facet] = [{"value": value, "count": count} for value, count in ordered]
    return out


def sort_units(units: Sequence[MatchedUnit], order: str) -> list[MatchedUnit]:
    """`date`: newest report first (undated last), each in document order; `document`: by
    symbol, then each report in document order (language versions one after another)."""
    in_document = sorted(units, key=lambda u: (u.symbol, u.lang != "ar", u.lang, u.position))
    if order == "date":
        return sorted(in_document, key=lambda u: -(u.year or 0))
    return in_document
