"""Citation lists a person types to name paragraphs (`A/HRC/28/56, paras. 8-10; …`), read
strictly.

corpus.citations reads running report text and rightly skips what it cannot read. A list
typed to fill or edit a set is different: a piece skipped or a range misread would silently
drop or add paragraphs. So here every piece of the list must be a citation or a separator,
every range must run forwards and stay small, or the whole list is refused with the piece
named.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from corpus.citations import CitationError, Reference, extract_citations, paragraph_ranges
from corpus.symbols import find_symbols
from indexer.sets import MAX_ITEMS_PER_CHANGE, ParagraphRef, SetError
from indexer.text_input import checked_text

MAX_LIST_LENGTH = 50_000
MAX_SHOWN = 60
# What may stand between citations: spaces, punctuation of the six languages, brackets, "and".
_SEPARATORS_RE = re.compile(
    r"(?:[\s,،;؛、，；.。()（）\[\]]|(?<!\w)(?:and|et|y|и)(?!\w)|و|和|及)*", re.IGNORECASE
)
_LONG_NUMBER_RE = re.compile(r"\d{5,}")

LanguageOf = Callable[[str], str]
"""The language version to collect for a symbol (when the list does not fix one)."""


def parse_citation_list(text: str, lang: str | LanguageOf) -> list[ParagraphRef]:
    """Addresses from citations such as `A/HRC/28/56, para. 9` or `A/HRC/28/56، الفقرات 8-20`.

    Any UN language's citation style is read; `lang` says which language version of the
    paragraphs to collect, for every symbol or per symbol. SetError (or TextError) names
    the first piece that is not a citation, a reversed or oversized range, or a list
    naming more than MAX_ITEMS_PER_CHANGE paragraphs.
    """
    text = checked_text(text, "a citation list", max_length=MAX_LIST_LENGTH, one_line=False)
    try:
        references = extract_citations(text, lang if isinstance(lang, str) else "en")
    except CitationError as exc:
        raise SetError(str(exc)) from None
    _check_all_read(text, references)
    refs: dict[ParagraphRef, None] = {}
    for reference in references:
        if reference.kind != "document":
            raise SetError(f"{reference.text!r} cites a resolution, not a report paragraph")
        version = lang if isinstance(lang, str) else lang(reference.target)
        for number in _paragraphs(reference):
            refs[ParagraphRef.checked(reference.target, version, number)] = None
        if len(refs) > MAX_ITEMS_PER_CHANGE:
            raise SetError(f"the citation list names more than {MAX_ITEMS_PER_CHANGE} "
                           "paragraphs; split it up")
    if not refs:
        raise SetError("no citation of a report paragraph found (write `A/HRC/28/56, para. 9`)")
    return list(refs)


def _check_all_read(text: str, references: list[Reference]) -> None:
    """SetError naming the first stretch of `text` that is neither citation nor separator."""
    start, previous = 0, None
    for end, following in [*((r.start, r) for r in references), (len(text), None)]:
        piece = text[start:end]
        if not _SEPARATORS_RE.fullmatch(piece):
            shown = piece.strip()
            shown = shown if len(shown) <= MAX_SHOWN else shown[: MAX_SHOWN - 1] + "…"
            where = f" after {previous.text!r}" if previous else ""
            hint = ("paragraph numbers have at most 4 digits"
                    if _LONG_NUMBER_RE.search(piece)
                    else "write citations such as `A/HRC/28/56, paras. 8-10`")
            raise SetError(f"cannot read {shown!r}{where} in the citation list ({hint})")
        if following is not None:
            start, previous = following.end, following


def _paragraphs(reference: Reference) -> list[int]:
    """The paragraphs a document reference pinpoints, every range checked."""
    if not reference.target_paragraphs:
        raise SetError(f"{reference.text!r} names no paragraph (write `para. 9`)")
    pinpoint = reference.text
    for symbol in find_symbols(reference.text):  # the symbol's own digits are no paragraphs
        pinpoint = pinpoint.replace(symbol.group(), " ")
    numbers: list[int] = []
    for first, last in paragraph_ranges(pinpoint):
        if last < first:
            raise SetError(f"{reference.text!r}: the range {first}-{last} runs backwards "
                           f"(write {last}-{first})")
        if last - first >= MAX_ITEMS_PER_CHANGE:
            raise SetError(f"{reference.text!r}: the range {first}-{last} spans "
                           f"{last - first + 1} paragraphs; at most {MAX_ITEMS_PER_CHANGE} "
                           "can be added at once")
        numbers.extend(range(first, last + 1))
    return numbers
