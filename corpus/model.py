"""The paragraph model every reader produces and every backend stores.

A UN report is addressed by (symbol, language, paragraph number); everything here exists
so that address stays exact: sections know their first and last paragraph, text outside
numbered paragraphs is kept as blocks, footnote marks are recorded instead of lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Footnote:
    """A footnote mark at `offset` characters into its paragraph's text.

    `number` is the mark's order in the document (1-based); `text` is the footnote body
    when the source has it (DOCX, PDF), else None (the bundled text export lost them).
    """

    number: int
    offset: int
    text: str | None = None


@dataclass
class ListItem:
    """An item of its paragraph: a lettered one such as `(أ)` or `(a)`, or a numbered
    recommendation (`115.3`, corpus.recommendations) with the States that made it.

    A recommendation's `position` (supported / noted), `themes` and `persons` (affected
    persons) come from the OHCHR thematic list of its report (corpus.readers.thematic_list),
    attached when that list is in the corpus.
    """

    label: str
    text: str
    states: list[str] = field(default_factory=list)
    position: str | None = None
    themes: list[str] = field(default_factory=list)
    persons: list[str] = field(default_factory=list)


@dataclass
class Paragraph:
    """A numbered paragraph: the unit staff cite (`A/HRC/28/56, para. 9`).

    `text` is the whole paragraph as read, list items included (one per line, label
    first), with footnote marks removed and recorded in `footnotes`.
    """

    number: int
    text: str
    section_path: list[str] = field(default_factory=list)
    items: list[ListItem] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)

    @classmethod
    def from_dict(cls, p: dict[str, Any]) -> Paragraph:
        return cls(
            number=p["number"],
            text=p["text"],
            section_path=list(p.get("section_path", [])),
            items=[ListItem(**i) for i in p.get("items", [])],
            footnotes=[Footnote(**f) for f in p.get("footnotes", [])],
        )


@dataclass
class Section:
    """A heading and what it spans.

    `label` is the heading's own numbering as printed (`أولاً`, `ألف`, `1`, `(أ)`, `I`, `A`);
    `level` is 1 for chapters, 2 for lettered sections, 3 for numbered sub-sections and 4
    for lettered sub-sub-sections; `first`/`last` are paragraph numbers (None when the
    section holds no numbered paragraph).
    """

    label: str
    title: str
    level: int
    first: int | None = None
    last: int | None = None
    children: list[Section] = field(default_factory=list)


@dataclass
class Block:
    """Text outside numbered paragraphs (title, summary, annex, table, footnote text).

    `kind` names what it is; `after` is the number of the paragraph it follows (0 when it
    comes before paragraph 1), so that its place in the document is kept.
    """

    kind: str
    text: str
    after: int = 0
    section_path: list[str] = field(default_factory=list)


@dataclass
class Report:
    """One language version of one report."""

    symbol: str
    lang: str
    title: str = ""
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    def paragraph(self, number: int) -> Paragraph | None:
        return next((p for p in self.paragraphs if p.number == number), None)

    def to_dict(self) -> dict[str, Any]:
        return plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Report:
        def section(d: dict[str, Any]) -> Section:
            return Section(**{**d, "children": [section(c) for c in d.get("children", [])]})

        return cls(
            symbol=data["symbol"],
            lang=data["lang"],
            title=data.get("title", ""),
            sections=[section(s) for s in data.get("sections", [])],
            paragraphs=[Paragraph.from_dict(p) for p in data.get("paragraphs", [])],
            blocks=[Block(**b) for b in data.get("blocks", [])],
            metadata=dict(data.get("metadata", {})),
        )


@dataclass
class RecommendationList:
    """What an OHCHR thematic list says about the recommendations of one report
    (`symbol`): per item label (`115.3`), the State's position, themes and affected
    persons. Stored on its own and attached to the report's items whichever comes first."""

    symbol: str
    items: list[ListItem] = field(default_factory=list)
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        return plain(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RecommendationList:
        return cls(data["symbol"], [ListItem(**i) for i in data.get("items", [])],
                   data.get("source", ""))


@dataclass
class SourceLine:
    """One line of a document as a format reader hands it to the structure parser.

    Plain text gives only `text`; richer formats add what they know for certain:
    `style` ("heading", "list", "footnote", "body", "header", or "running" for a page
    head or foot that names the document, such as its symbol or job number, which is
    not part of the text but checks the masthead), `level` for headings,
    `number` from Word's automatic numbering, footnote bodies in `footnotes`
    (offsets into `text`), and `indent`, where a PDF line starts from its column's
    edge in points (a list numbered `1.` inside a paragraph stands further in than the
    paragraph numbers). The parser decides structure from these and the text.
    """

    text: str
    style: str = ""
    level: int | None = None
    number: int | None = None
    footnotes: list[Footnote] = field(default_factory=list)
    indent: float | None = None


class ParseError(ValueError):
    """The input is not a report fiqra can read; the message says why, for a person."""


_ATOMS = frozenset({str, int, float, bool, type(None)})
_FIELDS: dict[type, tuple[str, ...]] = {}  # a dataclass's field names, looked up once


def plain(value: Any) -> Any:
    """A dataclass as dicts and lists (`dataclasses.asdict`, without deep-copying the
    strings and numbers it leaves as they are: reports are converted at every ingest)."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    names = _FIELDS.get(kind)
    if names is None and hasattr(kind, "__dataclass_fields__") and not isinstance(value, type):
        names = _FIELDS[kind] = tuple(kind.__dataclass_fields__)
    if names is not None:
        return {name: v if type(v := getattr(value, name)) in _ATOMS else plain(v)
                for name in names}
    if isinstance(value, list | tuple):
        return [v if type(v) in _ATOMS else plain(v) for v in value]
    if isinstance(value, dict):
        return {k: v if type(v) in _ATOMS else plain(v) for k, v in value.items()}
    return value
