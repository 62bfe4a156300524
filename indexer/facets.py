"""Facets of a search (how many hits per report, language, year, session and outermost
section, and per tag value of recommendations: State, position, theme, persons) and the
orders other than relevance (newest report first, or document order).

Both need every unit a query matches, not one page of ranked hits. Each backend lists them
(`MatchedUnit`, up to MAX_MATCHES) the same way it searches, and the counting and sorting
are written once here, so the embedded and the cluster backends answer alike.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from corpus.symbols import symbol_session
from indexer.tags import TAG_FIELDS, Tags

FACETS = ("symbol", "lang", "year", "session", "section", *TAG_FIELDS)
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
    item: str | None = None  # a recommendation's label
    tags: Tags | None = None  # a recommendation's States, position, themes, persons


def facet_values(unit: MatchedUnit, facet: str) -> list[str]:
    """The unit's values for a facet (none: it is not counted there; a recommendation may
    have several States or themes)."""
    if facet in TAG_FIELDS:
        return (unit.tags or {}).get(facet, [])
    if facet == "year":
        return [str(unit.year)] if unit.year is not None else []
    if facet == "session":
        session = symbol_session(unit.symbol)
        return [session] if session is not None else []
    if facet == "section":
        return [unit.section[0]] if unit.section else []
    return [str(getattr(unit, facet))]


def count_facets(units: Iterable[MatchedUnit]) -> dict[str, list[dict[str, object]]]:
    """Per facet, its values with their hit counts, most hits first (years newest first)."""
    counters = {facet: Counter[str]() for facet in FACETS}
    for unit in units:
        for facet, counter in counters.items():
            counter.update(facet_values(unit, facet))
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
