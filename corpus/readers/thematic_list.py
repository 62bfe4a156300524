"""OHCHR thematic lists of UPR recommendations (Word tables) -> a RecommendationList.

OHCHR publishes, for each review, a Word table of the recommendations made to the State:
one row per recommendation (`115.3 Ratify … (Portugal, Slovakia);` and the line `Source of
position: A/HRC/28/15/Add.1 - Para. 3`), the State's position (`Supported`, `Noted`), and
the themes (`A12 Acceptance of international norms`) followed by `Affected persons:` and
`- children` lines. Rows are grouped under `Theme: …` rows spanning the table. The list
names its report only through the source of the positions (the report's addendum), so
the report is that addendum's base symbol.

The columns are found by their headings (`Recommendation`, `Position`, `… themes`), so a
list with the columns in another order or with more columns reads the same.
"""

from __future__ import annotations

import re

from corpus.model import ListItem, ParseError, RecommendationList
from corpus.readers.docx import read_table_rows
from corpus.recommendations import recommending_states
from corpus.symbols import SYMBOL_RE, base_symbol

_LABEL_RE = re.compile(r"^\s*(\d{1,4}\.\d{1,4})\s+(.*)$", re.DOTALL)
_SOURCE_RE = re.compile(r"^\s*Source of position\s*:\s*(?P<source>.*)$", re.IGNORECASE)
_PERSONS_RE = re.compile(r"^\s*Affected persons\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_THEME_CODE_RE = re.compile(r"^[A-Z]\d{1,3}\s+")
_SPACES = re.compile(r"\s+")


def is_thematic_list(rows: list[list[str]]) -> bool:
    """A table whose heading row has a `Position` column and whose rows are numbered
    recommendations."""
    return bool(rows) and _columns(rows[0]) is not None and any(
        _LABEL_RE.match(row[0]) for row in rows[1:] if row
    )


def _columns(heading: list[str]) -> tuple[int, int, int] | None:
    """(recommendation, position, themes) column indices, from the heading row."""
    names = [_SPACES.sub(" ", cell).strip().lower() for cell in heading]
    position = next((i for i, n in enumerate(names) if n.startswith("position")), None)
    themes = next((i for i, n in enumerate(names) if "theme" in n), None)
    recommendation = next((i for i, n in enumerate(names) if n.startswith("recommendation")),
                          None)
    if position is None or themes is None or recommendation is None:
        return None
    return recommendation, position, themes


def read_thematic_list(data: bytes, name: str = "list.docx") -> RecommendationList | None:
    """The list in a Word file, or None when the file is not a thematic list (a report)."""
    rows = read_table_rows(data, name)
    if not is_thematic_list(rows):
        return None
    columns = _columns(rows[0])
    assert columns is not None
    items: dict[str, ListItem] = {}
    sources: set[str] = set()
    for row in rows[1:]:
        item, source = _row_item(row, columns)
        if item is not None and item.label not in items:
            items[item.label] = item
            sources.update(source)
    symbols = sorted({base_symbol(s) for s in sources})
    if len(symbols) != 1:
        raise ParseError(
            f"{name}: a thematic list of recommendations, but the report it belongs to "
            f"cannot be told from its sources of position ({', '.join(symbols) or 'none'})"
        )
    ordered = sorted(items.values(), key=lambda i: [int(n) for n in i.label.split(".")])
    return RecommendationList(symbols[0], ordered, name)


def _row_item(row: list[str], columns: tuple[int, int, int]) -> tuple[ListItem | None, set[str]]:
    recommendation, position, themes = columns
    if len(row) <= max(columns):
        return None, set()
    match = _LABEL_RE.match(row[recommendation])
    if not match:  # a `Theme: …` row spanning the table
        return None, set()
    body, sources = [], set()
    for line in match[2].splitlines():
        if found := _SOURCE_RE.match(line):
            sources.update(m.group() for m in SYMBOL_RE.finditer(found["source"]))
        else:
            body.append(line)
    text = _SPACES.sub(" ", " ".join(body)).strip()
    theme_names, persons = _themes_and_persons(row[themes])
    item = ListItem(
        match[1], text, states=recommending_states(text),
        position=_SPACES.sub(" ", row[position]).strip().lower() or None,
        themes=theme_names, persons=persons,
    )
    return item, sources


def _themes_and_persons(cell: str) -> tuple[list[str], list[str]]:
    """`A12 Acceptance of international norms` lines, then `Affected persons:` and
    `- children` lines -> (theme names without their codes, affected persons)."""
    themes: list[str] = []
    persons: list[str] = []
    into = themes
    for raw in cell.splitlines():
        line = raw.strip()
        if found := _PERSONS_RE.match(line):
            into, line = persons, found["rest"].strip()
        line = _SPACES.sub(" ", line.lstrip("-–• ")).strip()
        if not line:
            continue
        value = _THEME_CODE_RE.sub("", line) if into is themes else line
        if value not in into:
            into.append(value)
    return themes, persons
