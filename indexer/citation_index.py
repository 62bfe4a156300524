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

from corpus.citations import Reference, extract_citations, resolution_symbol
from corpus.model import Report
from corpus.symbols import canonical_symbol


@dataclass
class StoredCitation:
    paragraph: int | None
    ref: Reference
    target_symbol: str | None


def report_citations(report: Report) -> Iterator[StoredCitation]:
    """Every reference in every paragraph and block of `report` to another document
    (the masthead's own symbol, or "the present report", is not a citation)."""
    units = [(p.number, p.text) for p in report.paragraphs] + [
        (None, b.text) for b in report.blocks
    ]
    for number, text in units:
        for ref in extract_citations(text, report.lang, context_symbol=report.symbol):
            target = target_document(ref)
            if target != report.symbol:
                yield StoredCitation(number, ref, target)


def target_document(ref: Reference) -> str | None:
    """The document symbol a reference points at, for linking it to the corpus."""
    if ref.kind == "document":
        return canonical_symbol(ref.target)
    return resolution_symbol(ref)


_PILCROW_RE = re.compile(r"[¶§]")
_LEFTOVER_RE = re.compile(r"[\s,،.;:()\[\]]*")


def citation_query(query: str) -> Reference | None:
    """The reference a query consists of (`A/69/262 para. 9`), or None for a text query."""
    text = _PILCROW_RE.sub("para.", query.strip())
    lang = "ar" if re.search(r"[\u0600-\u06ff]", text) else "en"
    refs = [r for r in extract_citations(text, lang) if r.kind == "document"]
    if len(refs) != 1:
        return None
    ref = refs[0]
    rest = text[: ref.start] + text[ref.end :]
    return ref if _LEFTOVER_RE.fullmatch(rest) else None
