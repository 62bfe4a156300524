"""What every export format shares: the rows (one paragraph, or one per language side by
side), the UN-style citation of a paragraph, the export's own words in its frame language
(Arabic when every paragraph is Arabic), and what the export is of (ExportMeta).

Order: document order, not rank or basket order: reports in the order of their best hit
(a query) or first paragraph (a set), and within one its paragraphs by number, so each
heading comes once; a set keeps its own order only when asked (`document_order`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from analyzers import LANGUAGES
from corpus.recommendations import item_address
from exports.sections import SectionNumbers
from indexer.backend import Backend
from indexer.budget import check_budget
from indexer.hit_stream import query_excerpts_by_report
from indexer.sets import Excerpt, ParagraphRef, current_excerpt

RTL_LANGUAGES = ("ar",)
LANGUAGE_NAMES = {
    "ar": "Arabic", "en": "English", "fr": "French", "es": "Spanish", "ru": "Russian",
    "zh": "Chinese",
}
_ARABIC_LANGUAGE_NAMES = {
    "ar": "العربية", "en": "الإنكليزية", "fr": "الفرنسية", "es": "الإسبانية", "ru": "الروسية",
    "zh": "الصينية",
}
_ARABIC_MONTHS = (
    "كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو",
    "حزيران/يونيه", "تموز/يوليه", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر",
    "تشرين الثاني/نوفمبر", "كانون الأول/ديسمبر",
)  # as UN documents in Arabic date them: 29 تشرين الثاني/نوفمبر 2026
_PARAGRAPH_WORDS = {
    "ar": "{symbol}، الفقرة {n}",
    "en": "{symbol}, para. {n}",
    "fr": "{symbol}, par. {n}",
    "es": "{symbol}, párr. {n}",
    "ru": "{symbol}, п. {n}",
    "zh": "{symbol}，第{n}段",
}

Row = tuple[Excerpt | None, ...]
"""One export row: one excerpt, or one per language side by side (None: no such version)."""


class ExportError(ValueError):
    """An export cannot be made as asked (unknown format, nothing to export …)."""


def citation_label(symbol: str, lang: str, paragraph: int | None, item: str | None = None) -> str:
    """The UN-style citation of a paragraph in its own language: `A/HRC/28/56, para. 9`,
    or of a recommendation in it: `A/HRC/28/15, para. 115.3`."""
    if paragraph is None:
        return symbol
    n = item_address(paragraph, item) if item else str(paragraph)
    return _PARAGRAPH_WORDS.get(lang, _PARAGRAPH_WORDS["en"]).format(symbol=symbol, n=n)


def frame_language(paragraph_languages: set[str]) -> str:
    """The language of an export's own words (title page, report headings): Arabic when
    every paragraph is Arabic, otherwise English."""
    return "ar" if paragraph_languages == {"ar"} else "en"


def date_label(day: date, lang: str) -> str:
    """`29 November 2026`, or in Arabic `29 تشرين الثاني/نوفمبر 2026`."""
    month = _ARABIC_MONTHS[day.month - 1] if lang == "ar" else day.strftime("%B")
    return f"{day.day} {month} {day.year}"


def report_label(symbol: str, languages: tuple[str, ...], lang: str) -> str:
    """A report heading: `A/HRC/28/56 (Arabic)`, in Arabic `A/HRC/28/56 (العربية)`."""
    if lang == "ar":
        return f"{symbol} ({'، '.join(_ARABIC_LANGUAGE_NAMES[n] for n in languages)})"
    return f"{symbol} ({', '.join(LANGUAGE_NAMES[n] for n in languages)})"


def side_by_side_label(languages: tuple[str, ...], lang: str) -> str:
    if lang == "ar":
        return "جنباً إلى جنب: " + "، ".join(_ARABIC_LANGUAGE_NAMES[n] for n in languages)
    return "Side by side: " + ", ".join(LANGUAGE_NAMES[n] for n in languages)


@dataclass
class ExportMeta:
    """What the export is of: shown on the DOCX title page and in the Markdown heading."""

    title: str
    languages: tuple[str, ...] = ()
    day: date = field(default_factory=date.today)
    site: str | None = None  # fiqra's address (`http://host:8000/`), when the server exports


def reader_url(site: str, excerpt: Excerpt) -> str:
    """The paragraph's place in fiqra's page: its reader, in its language."""
    return f"{site.rstrip('/')}/#/read/{excerpt.lang}/{excerpt.paragraph}/{excerpt.symbol}"


def parse_side_by_side(value: str | None) -> tuple[str, ...]:
    """`ar,en` -> ("ar", "en"); empty -> (); anything else -> ExportError."""
    if not value:
        return ()
    langs = tuple(part.strip() for part in value.split(","))
    if len(langs) != 2 or langs[0] == langs[1] or not set(langs) <= set(LANGUAGES):
        raise ExportError(
            f"side by side takes two different languages such as ar,en (from "
            f"{', '.join(LANGUAGES)}), not {value!r}"
        )
    return langs


def query_export_excerpts(
    backend: Backend,
    query: str,
    *,
    lang: str | None = None,
    symbol: str | None = None,
    languages: tuple[str, ...] = (),
) -> Iterator[Excerpt]:
    """What exporting a query exports: every paragraph found (by its text or a footnote's),
    once, with its footnotes, in reading order (see the module docstring); side by side
    without a language filter, the hits in the first language (the other is paired)."""
    return query_excerpts_by_report(
        backend, query, lang=lang or (languages[0] if languages else None), symbol=symbol
    )


def document_order(excerpts: Iterable[Excerpt]) -> list[Excerpt]:
    """A set's paragraphs in document order: reports (and their language versions) in the
    order they first appear, each one's paragraphs by number."""
    first_seen: dict[tuple[str, str], int] = {}
    listed = list(excerpts)
    for excerpt in listed:
        first_seen.setdefault((excerpt.symbol, excerpt.lang), len(first_seen))
    return sorted(listed, key=lambda e: (first_seen[(e.symbol, e.lang)], e.paragraph or 0))


SET_ORDERS = ("document", "set")


def set_order(excerpts: Iterable[Excerpt], order: str) -> Iterable[Excerpt]:
    """A set's paragraphs in document order, or as the set lists them (`order="set"`)."""
    return excerpts if order == "set" else document_order(excerpts)


def rows(
    excerpts: Iterable[Excerpt], backend: Backend, languages: tuple[str, ...] = ()
) -> Iterator[Row]:
    """Single rows, or with `languages` each paragraph paired with its other-language version;
    section titles numbered as their report prints them (exports.sections).

    An excerpt right after its own counterpart (the set holds both) is not repeated.
    """
    numbers = SectionNumbers(backend)
    previous: tuple[str, int | None, str | None] | None = None
    for excerpt in excerpts:
        check_budget("writing the export")
        if not languages:
            yield (numbers.numbered(excerpt),)
            continue
        key = (excerpt.symbol, excerpt.paragraph, excerpt.item)
        if key == previous:
            continue
        previous = key
        row = tuple(_version(excerpt, lang, backend) for lang in languages)
        if all(version is None for version in row):
            raise ExportError(
                f"{citation_label(excerpt.symbol, 'en', excerpt.paragraph)} has no "
                f"{' or '.join(LANGUAGE_NAMES[n] for n in languages)} version to put side by side"
            )
        yield tuple(numbers.numbered(v) if v else None for v in row)


def _version(excerpt: Excerpt, lang: str, backend: Backend) -> Excerpt | None:
    if excerpt.lang == lang:
        return excerpt
    if excerpt.paragraph is None:
        return None
    return current_excerpt(backend, ParagraphRef(excerpt.symbol, lang, excerpt.paragraph,
                                                 excerpt.item))


def first_excerpt(row: Row) -> Excerpt:
    return next(e for e in row if e is not None)
