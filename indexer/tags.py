"""Tag filters and facets: the one place that lists them (`state:`, `position:`,
`theme:`, `person:`) and turns a unit's tags into indexed terms.

A recommendation (corpus.recommendations) carries the States that made it and, once its
OHCHR thematic list is in the corpus, the reviewed State's position, its themes and the
persons it affects. Every backend indexes the same terms for these, and indexer.facets counts
their values as printed, so a filter means the same on each; a new tag field is one line
in TAG_FIELDS.
"""

from __future__ import annotations

import re

from corpus.model import ListItem

# Filter name -> the ListItem attribute it reads (a list of values, or one value).
TAG_FIELDS = {"state": "states", "position": "position", "theme": "themes", "person": "persons"}
_SPACES = re.compile(r"\s+")

Tags = dict[str, list[str]]


def item_tags(item: ListItem) -> Tags:
    """An item's tag values by field, as printed (the facets show these)."""
    tags: Tags = {}
    for name, attribute in TAG_FIELDS.items():
        value = getattr(item, attribute)
        values = value if isinstance(value, list) else [value] if value else []
        if values:
            tags[name] = list(values)
    return tags


def fold(value: str) -> str:
    """A tag value as matched: case and spacing do not matter (`state:france` finds
    `France`)."""
    return _SPACES.sub(" ", value).strip().casefold()


def tag_term(name: str, value: str) -> str:
    """One tag value as an exact-match term of a keyword field: `state:france`."""
    return f"{name}:{fold(value)}"


def tag_terms(tags: Tags | None) -> list[str]:
    return [tag_term(name, v) for name, values in (tags or {}).items() for v in values]


def filter_terms(filters: dict[str, list[str]]) -> list[list[str]]:
    """The terms a query's tag filters require: one of each list (a filter's values)."""
    return [[tag_term(name, value) for value in values]
            for name, values in filters.items() if name in TAG_FIELDS]
