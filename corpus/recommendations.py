"""Numbered recommendations inside one paragraph, and the States that made them.

A Universal Periodic Review (UPR) Working Group report lists the recommendations made to
the State under review inside one numbered paragraph: `115. The following
recommendations … : 115.1 Ratify … (France); 115.2 … (Spain, Portugal); …`. The 2010
layout numbers them `1.`, `2.` … at the start of their own lines inside the paragraph.
Each recommendation is what staff cite (`A/HRC/28/15, para. 115.3`) and filter by
recommending State, so each becomes an item of its paragraph (corpus.model.ListItem) with
its label, its text and its States.

Labels are told from numbers in the text by their sequence (115.1, 115.2, … in order)
and by where they stand: at the start of the paragraph's list, or after the end of the
previous recommendation (`;`, `.`, `:` or its closing parenthesis).
"""

from __future__ import annotations

import re

from corpus.model import ListItem, Paragraph, RecommendationList, Report

# A recommendation ends where the next label starts; before a label comes the end of the
# previous recommendation (or the paragraph's introduction).
_ENDS_BEFORE_LABEL = (";", ".", ":", ")", "؛", "،")
_FOLLOWED = r"(?=[\s\u00a0])"
_MIN_ITEMS = 2
# A State's name as printed in the recommending parenthesis: capitalised words, its own
# parenthesis allowed (`Iran (Islamic Republic of)`), no digits.
_STATE_RE = re.compile(r"^[^\W\d_][^\d()]*(?:\([^\d()]+\))?$")
_MAX_STATE_WORDS = 9
_SPACES = re.compile(r"\s+")


def with_recommendations(paragraph: Paragraph) -> Paragraph:
    """`paragraph` with its numbered recommendations as items (unchanged when it has
    lettered items already or no numbered list)."""
    if paragraph.items:
        return paragraph
    text = paragraph.text
    # Cheap looks first: dotted labels carry `N.`, a list of lines needs two lines.
    found = _dotted_items(paragraph) if f"{paragraph.number}." in text else []
    if not found and "\n" in text:
        found = _line_items(text)
    if found:
        paragraph.items = found
    return paragraph


def _dotted_items(paragraph: Paragraph) -> list[ListItem]:
    """`115.1 …; 115.2 …`: labels that carry the paragraph's own number."""
    pattern = re.compile(rf"(?<![\w.]){paragraph.number}\.(\d{{1,3}}){_FOLLOWED}")
    return _sequence(paragraph.text, pattern, f"{paragraph.number}.")


def _line_items(text: str) -> list[ListItem]:
    """The 2010 layout: `1.`, `2.` … at the start of lines of the paragraph."""
    return _sequence(text, re.compile(rf"(?m)^[ \t]*(\d{{1,3}})\.{_FOLLOWED}"), "")


def _sequence(text: str, pattern: re.Pattern[str], prefix: str) -> list[ListItem]:
    """The labels 1, 2, 3 … (with `prefix`) found in order, each where an item may start;
    the items' texts run from one label to the next."""
    starts: list[tuple[int, int, str]] = []  # (label start, text start, label)
    for match in pattern.finditer(text):
        if int(match[1]) != len(starts) + 1:
            continue
        before = text[: match.start()].rstrip()
        if starts and not before.endswith(_ENDS_BEFORE_LABEL):
            continue
        starts.append((match.start(), match.end(), f"{prefix}{match[1]}"))
    if len(starts) < _MIN_ITEMS:
        return []
    items = []
    for i, (_, begin, label) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        body = _SPACES.sub(" ", text[begin:end]).strip()
        items.append(ListItem(label, body, states=recommending_states(body)))
    return items


def recommending_states(text: str) -> list[str]:
    """The States named in the parenthesis that ends a recommendation:
    `… (Senegal, Venezuela (Bolivarian Republic of), Peru);` -> three States."""
    body = text.rstrip().rstrip(";.,؛،").rstrip()
    if not body.endswith(")"):
        return []
    depth = 0
    for i in range(len(body) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(body[i], 0)
        if depth == 0:
            return _names(body[i + 1 : -1])
    return []


def _names(inside: str) -> list[str]:
    names, depth, current = [], 0, ""
    for char in inside:
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth == 0:
            names.append(current)
            current = ""
        else:
            current += char
    names.append(current)
    names = [_SPACES.sub(" ", n).strip() for n in names]
    if all(_is_state(n) for n in names):
        return names
    return []


def _is_state(name: str) -> bool:
    """`France`, `Iran (Islamic Republic of)`, `the former Yugoslav Republic of Macedonia`."""
    return (
        bool(_STATE_RE.match(name))
        and len(name.split()) <= _MAX_STATE_WORDS
        and not name.isupper()  # `(ICRMW)`: an acronym, not a State
        and (name.startswith("the ") or not name[0].islower())
    )


def is_recommendation(item: ListItem) -> bool:
    """A numbered item (`115.3`, `1`), not a lettered one (`(a)`)."""
    return item.label[:1].isdigit()


def item_address(number: int, label: str) -> str:
    """How an item is cited after `para.`: `115.3` for a label that carries its paragraph
    number, else `9 (a)` / `111 (1)`."""
    if label.startswith(f"{number}."):
        return label
    return f"{number} {label}" if label.startswith("(") else f"{number} ({label})"


def attach(report: Report, found: RecommendationList) -> int:
    """Give each item of `report` the position, themes and persons the thematic list
    gives its label (replacing what an earlier list gave); returns how many matched."""
    by_label = {item.label: item for item in found.items}
    attached = 0
    for paragraph in report.paragraphs:
        for item in paragraph.items:
            row = by_label.get(item.label)
            if row is not None:
                item.position, item.themes, item.persons = (
                    row.position, list(row.themes), list(row.persons)
                )
                attached += 1
    return attached


def open_list_number(text: str) -> int | None:
    """The last number of a `1.`, `2.` … list at line starts that `text` holds, so that
    the structure parser reads the next one as an item, not as a paragraph number."""
    if "\n" not in text:  # one line holds one label at most, and a list needs two
        return None
    items = _line_items(text)
    return len(items) if items else None
