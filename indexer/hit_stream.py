"""Every hit of a query, page by page: what "add all hits to a set" and query exports read.

A backend answers one page at a time; a broad query can match the whole corpus, so the hits
are streamed page after page and never held in memory at once. A footnote is found under its
paragraph's number (`Hit.kind == "footnote"`), so both read paragraphs: each paragraph once,
with its own text, however many of its parts matched.
"""

from __future__ import annotations

from collections.abc import Iterator

from indexer.backend import Backend, Hit
from indexer.budget import check_budget
from indexer.search_plan import MAX_RESULT_WINDOW
from indexer.sets import MAX_SYMBOL_LENGTH, Excerpt, ParagraphRef, SetError, current_excerpt
from indexer.text_input import checked_text

SEARCH_PAGE = 200
MAX_QUERY_HITS = MAX_RESULT_WINDOW  # what a query export or a set from a query may take
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
        check_budget(f"reading the hits of {query[:100]!r}")
        page = backend.search(query, lang=lang, symbol=symbol, limit=SEARCH_PAGE, offset=offset,
                              snippets=False)
        if page.total_capped:
            raise SetError(
                f"the query {query[:100]!r} finds more than {page.total:,} paragraphs; exports"
                f" and sets built from a query take at most {MAX_QUERY_HITS:,} (export size):"
                " narrow it with lang:, symbol:, year: or more words"
            )
        yield from page.hits
        offset += len(page.hits)
        if not page.hits or offset >= page.total:
            return


def paragraph_hits(
    backend: Backend, query: str, *, lang: str | None = None, symbol: str | None = None,
    items: bool = False,
) -> Iterator[tuple[Hit, int]]:
    """(hit, paragraph number) of each numbered paragraph a search finds, once, at its best
    hit (its own text's, a footnote's or a recommendation's; with `items`, each
    recommendation once on its own): unnumbered blocks are left out. Holds the (symbol,
    language, number, item) of every one yielded, not their texts."""
    seen: set[tuple[str, str, int, str | None]] = set()
    for hit in search_all(backend, query, lang=lang, symbol=symbol):
        if hit.paragraph is None:
            continue
        key = (hit.symbol, hit.lang, hit.paragraph, _item(hit) if items else None)
        if key not in seen:
            seen.add(key)
            yield hit, hit.paragraph


def query_excerpts(
    backend: Backend,
    query: str,
    *,
    lang: str | None = None,
    symbol: str | None = None,
    footnotes: bool = False,
) -> Iterator[Excerpt]:
    """Every numbered paragraph a search finds, and every recommendation on its own (its
    label and text, as the search counts it), once each, in result order, page by page.

    A footnote hit stands for its paragraph, read from the corpus (the hit's text is the
    note's); with `footnotes`, every paragraph is read for its footnotes (exports).
    """
    for hit, number in paragraph_hits(backend, query, lang=lang, symbol=symbol, items=True):
        if hit.kind == "recommendation":
            yield Excerpt(hit.symbol, hit.lang, number, hit.section, hit.text, item=hit.item)
            continue
        if not footnotes and hit.kind == "paragraph":
            yield Excerpt(hit.symbol, hit.lang, number, hit.section, hit.text)
            continue
        excerpt = current_excerpt(backend, ParagraphRef(hit.symbol, hit.lang, number))
        if excerpt is not None:
            if not footnotes:
                excerpt.footnotes = []
            yield excerpt


def query_excerpts_by_report(
    backend: Backend, query: str, *, lang: str | None = None, symbol: str | None = None
) -> Iterator[Excerpt]:
    """Every numbered paragraph (or recommendation, on its own) a search finds, with its
    footnotes, in reading order: reports
    in the order of their best hit (a report's languages likewise), and within one the
    paragraphs by number, so a report's sections come once each, as in the report.

    Collects the (symbol, language, number) of every hit first, then reads the paragraphs
    one at a time: memory grows with the number of hits, not with their text.
    """
    reports: dict[str, dict[str, list[tuple[int, str | None]]]] = {}
    for hit, number in paragraph_hits(backend, query, lang=lang, symbol=symbol, items=True):
        reports.setdefault(hit.symbol, {}).setdefault(hit.lang, []).append((number, _item(hit)))
    for report, versions in reports.items():
        for version, numbers in versions.items():
            # A paragraph, then its recommendations in their order (`115.2` before `115.10`).
            for number, item in sorted(numbers, key=lambda n: (n[0], _item_order(n[1]))):
                excerpt = current_excerpt(backend, ParagraphRef(report, version, number, item))
                if excerpt is not None:
                    yield excerpt


def _item(hit: Hit) -> str | None:
    return hit.item if hit.kind == "recommendation" else None


def _item_order(item: str | None) -> list[int]:
    return [] if item is None else [int(n) if n.isdigit() else 0 for n in item.split(".")]
