"""The report and section headings Markdown and DOCX write between paragraphs (each once
where the order allows), and a paragraph's text split at its footnote marks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from exports.rows import ExportMeta, Row, first_excerpt, report_label
from indexer.sets import Excerpt


@dataclass(frozen=True)
class Heading:
    """A heading to write: a report's (level 1: `text` is its symbol, in `report_languages`)
    or a section title (`text` in the paragraphs' language `lang`)."""

    level: int
    text: str
    lang: str = "en"
    report_languages: tuple[str, ...] = ()

    def label(self, frame: str) -> str:
        """The heading's words, a report's in the export's frame language."""
        if self.report_languages:
            return report_label(self.text, self.report_languages, frame)
        return self.text


class Grouping:
    """Which headings a row needs: the report when it changes, then the changed sections."""

    def __init__(self) -> None:
        self.report: tuple[str, str] | None = None
        self.section: list[str] = []

    def headings(self, row: Row, meta: ExportMeta) -> list[Heading]:
        """The headings to write before `row`, outermost first."""
        first = first_excerpt(row)
        lang = meta.languages[0] if meta.languages else first.lang
        report = (first.symbol, lang)
        out: list[Heading] = []
        if report != self.report:
            self.report, self.section = report, []
            out.append(Heading(1, first.symbol, report_languages=meta.languages or (lang,)))
        shared = 0
        while (shared < min(len(first.section), len(self.section))
               and first.section[shared] == self.section[shared]):
            shared += 1
        out += [Heading(level + 2, title, first.lang)
                for level, title in enumerate(first.section[shared:], start=shared)]
        self.section = list(first.section)
        return out


def split_at_footnotes(excerpt: Excerpt) -> Iterator[tuple[str, str | None]]:
    """(text, footnote text or None) pieces: each known footnote after the text it marks."""
    start = 0
    for note in sorted((f for f in excerpt.footnotes if f.text), key=lambda f: f.offset):
        offset = min(max(note.offset, start), len(excerpt.text))
        yield excerpt.text[start:offset], note.text
        start = offset
    yield excerpt.text[start:], None
