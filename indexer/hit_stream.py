"""Every hit of a query, page by page: what "add all hits to a set" and query exports read.

A backend answers one page at a time; a broad query can match the whole corpus, so the hits
are streamed page after page and never held in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterator

from indexer.backend import Backend, Hit
from indexer.sets import MAX_SYMBOL_LENGTH, Excerpt
from indexer.text_input import checked_text

SEARCH_PAGE = 200
MAX_QUERY_LENGTH = 2000


def search_all(
    backend: Backend, query: str, *, lang: str | None = None, symbol: str | None = None
) -> Iterator[Hit]:
    """Every hit of a query in result order; TextError for a query or symbol no one can type."""
    query = checked_text(query, "a query", max_length=MAX_QUERY_LENGTH, one_line=False)
    if symbol is not None:
        symbol = checked_text(symbol, "a document symbol", max_length=MAX_SYMBOL_LENGTH)
    offset = 0
    while True:
        page = backend.search(query, lang=lang, symbol=symbol, limit=SEARCH_PAGE, offset=offset)
        yield from page.hits
        offset += len(page.hits)
        if not page.hits or offset >= page.total:
            return


def query_excerpts(
    backend: Backend,
    query: str,
    *,
    lang: str | None = None,
    symbol: str | None = None,
    footnotes: bool = False,
) -> Iterator[Excerpt]:
    """Every numbered paragraph a search finds, in result order, page by page.

    With `footnotes`, each paragraph is read from the corpus for its footnotes (exports).
    """
    for hit in search_all(backend, query, lang=lang, symbol=symbol):
        if hit.paragraph is None:
            continue
        stored = backend.get_paragraph(hit.symbol, hit.lang, hit.paragraph) if footnotes else None
        yield Excerpt(hit.symbol, hit.lang, hit.paragraph, hit.section, hit.text,
                      stored.footnotes if stored else [])
