"""Citations as both backends store them: extracted once per paragraph, keyed by target.

The extractor (corpus.citations) finds references in text; this module decides what a
backend keeps — the citing paragraph, the canonical target, and the document symbol the
target resolves to (a resolution's own symbol, a corrigendum's base report) — and
recognises a query that is itself a citation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from corpus.citations import (
    Reference,
    extract_citations,
    extract_note_citations,
    resolution_symbol,
)
from corpus.model import Report
from corpus.symbols import canonical_symbol


@dataclass
class StoredCitation:
    paragraph: int | None
    ref: Reference
    target_symbol: str | None


def report_citations(report: Report) -> Iterator[StoredCitation]:
    """Every reference in every paragraph (its footnotes included: most UN references sit
    there, `Ibid.` resolved to the note before) and block of `report` to another document
    (the masthead's own symbol, or "the present report", is not a citation)."""
    def read(texts: list[tuple[int | None, str]]) -> list[tuple[int | None, list[Reference]]]:
        return [(number, extract_citations(text, report.lang, context_symbol=report.symbol))
                for number, text in texts]

    notes = [(p.number, f.text) for p in report.paragraphs for f in p.footnotes if f.text]
    in_notes = extract_note_citations([text for _, text in notes], report.lang,
                                      context_symbol=report.symbol)
    found = (read([(p.number, p.text) for p in report.paragraphs])
             + [(number, refs) for (number, _), refs in zip(notes, in_notes, strict=True)]
             + read([(None, b.text) for b in report.blocks]))
    for number, refs in found:
        for ref in refs:
            target = target_document(ref)
            if target != report.symbol:
                yield StoredCitation(number, ref, target)


def target_document(ref: Reference) -> str | None:
    """The document symbol a reference points at, for linking it to the corpus."""
    if ref.kind == "document":
        return canonical_symbol(ref.target)
    return resolution_symbol(ref)


@dataclass(frozen=True)
class CitedTarget:
    """What a citation query names: a document (a resolution's own symbol), the
    paragraphs pinpointed, and the target as staff read it (`HRC res. 7/13`)."""

    symbol: str
    paragraphs: tuple[int, ...]
    label: str
    items: tuple[str, ...] = ()  # a recommendation pinpointed: `115.3`


def document_key(target: str) -> str:
    """The document symbol a citation target names, for looking it up: a resolution
    label (`HRC res. 7/13`) becomes its symbol (`A/HRC/RES/7/13`)."""
    return resolution_symbol(target) or canonical_symbol(target)


_PILCROW_RE = re.compile(r"[¶§]")
_LEFTOVER_RE = re.compile(r"[\s,،.;:()\[\]]*")
_TYPED_SYMBOL_RE = re.compile(r"(?<![^\s(])[A-Za-z][A-Za-z.]*(?:/[A-Za-z0-9.()-]+)+")
_SUFFIX_RE = re.compile(r"/(ADD|CORR|REV|AMEND|SUMMARY)\.")


def _typed_symbols_upper(text: str) -> str:
    """`a/hrc/28/56/add.1` as staff may type it -> `A/HRC/28/56/Add.1`."""
    return _TYPED_SYMBOL_RE.sub(
        lambda m: _SUFFIX_RE.sub(lambda s: f"/{s[1].capitalize()}.", m[0].upper()), text
    )


# `A/HRC/28/15 para. 115.3`, `A/HRC/28/15, 115.3`: a recommendation of paragraph 115.
_ITEM_PIN_RE = re.compile(r"^(?P<head>.*?[\s,،])(?P<number>\d{1,4})\.(?P<sub>\d{1,4})\s*$")


def citation_query(query: str) -> CitedTarget | None:
    """The one document or resolution a query consists of (`A/69/262 para. 9`,
    `a/hrc/28/56 ¶ 87`, `HRC res. 7/13`, a recommendation `A/HRC/28/15 para. 115.3`), or
    None for a text query. `query` is the query without its filters."""
    pin = _ITEM_PIN_RE.match(query.strip())
    if pin is None:
        return _document_query(query)
    number, label = int(pin["number"]), f"{pin['number']}.{pin['sub']}"
    cited = _document_query(pin["head"] + pin["number"])
    if cited is None or cited.paragraphs != (number,):
        cited = _document_query(pin["head"].rstrip(" ,،"))
        if cited is None or cited.paragraphs:
            return None
    return CitedTarget(cited.symbol, (number,), cited.label, (label,))


def _document_query(query: str) -> CitedTarget | None:
    text = query.strip()
    if symbol := resolution_symbol(text):
        return CitedTarget(symbol, (), text)
    text = _typed_symbols_upper(_PILCROW_RE.sub("para.", text))
    lang = "ar" if re.search(r"[\u0600-\u06ff]", text) else "en"
    refs = extract_citations(text, lang)
    # `E/CN.4/2005/78, Corr.1` names the corrigendum: a base written before its own
    # suffix is not a second target.
    named = [r for r in refs if not any(o.target.startswith(r.target + "/") for o in refs)]
    if len(named) != 1:
        return None
    ref = named[0]
    symbol = target_document(ref)
    rest = text
    for r in sorted(refs, key=lambda r: -r.start):
        rest = rest[: r.start] + rest[r.end :]
    if symbol is None or not _LEFTOVER_RE.fullmatch(rest):
        return None
    return CitedTarget(symbol, tuple(ref.target_paragraphs), ref.target)
