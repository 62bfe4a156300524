"""The backend-neutral half of a search: what the query asks for, and the answer to a
query that is a citation.

Both backends start a search here, so they read filters, recognise `A/69/262 para. 9` and
answer it (the cited paragraphs when the document is in the corpus, else the paragraphs
citing it, else a notice saying why there is nothing) the same way; only word search is
theirs.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from analyzers import LANGUAGES, script_mismatch
from corpus.model import Paragraph
from corpus.symbols import canonical_symbol
from indexer.backend import Backend, Hit, SearchResults, hit_address
from indexer.backends import INGEST_HINT
from indexer.citation_index import CitedTarget, citation_query
from indexer.facets import MAX_MATCHES, SORTS, MatchedUnit, count_facets, sort_units
from indexer.query import ParsedQuery, QueryError, check_filter, parse_query, query_words
from indexer.tags import TAG_FIELDS, filter_terms, item_tags
from indexer.units import explain_hit, snippet

MAX_RESULT_WINDOW = 10_000  # offset + limit of one search (as a cluster's result window)
# Totals are exact up to this; past it a search says "more than this many" (a cluster counts
# no further: `track_total_hits`), on every backend alike.
TOTAL_CAP = MAX_RESULT_WINDOW
CitedParagraphs = Callable[[str, Sequence[int], str | None], list[Hit]]


@dataclass
class SearchPlan:
    """What a search is of: the parsed query, the languages and reports it is limited to
    (any of them; none: all), and the citation it is, if it is one."""

    parsed: ParsedQuery
    langs: list[str]
    symbols: list[str]
    cited: CitedTarget | None

    @property
    def lang(self) -> str | None:
        """The one language searched, if one."""
        return self.langs[0] if len(self.langs) == 1 else None

    @property
    def symbol(self) -> str | None:
        """The one report searched, if one."""
        return self.symbols[0] if len(self.symbols) == 1 else None


def plan_search(
    query: str, *, lang: str | None, symbol: str | None, filters: dict[str, str] | None = None
) -> SearchPlan:
    """Parse `query` and merge its filters with the explicit ones (which win)."""
    parsed = parse_query(query)
    parsed.filters.update({k: [check_filter(k, v)] for k, v in (filters or {}).items() if v})
    if lang is not None and lang not in LANGUAGES:
        raise QueryError(f"language is one of {', '.join(LANGUAGES)}, not {lang!r}")
    langs = [lang] if lang else parsed.filters.get("lang", [])
    symbols = [symbol] if symbol else parsed.filters.get("symbol", [])
    only_scope = not parsed.filters.keys() - {"lang", "symbol"}
    cited = citation_query(parsed.text) if only_scope and parsed.text else None
    if cited is None and parsed.root is None and not filter_terms(parsed.filters):
        raise QueryError("type a word to search for" if not parsed.filters
                         else "the query has no words to search for, only filters"
                              " (state:, position:, theme: and person: may stand alone)")
    return SearchPlan(parsed, langs, list(dict.fromkeys(canonical_symbol(s) for s in symbols)),
                      cited)


CitingPage = Callable[[CitedTarget, str | None, int, int], tuple[int, list[Hit]]]


def answer_citation(
    backend: Backend,
    cited: CitedTarget,
    lang: str | None,
    *,
    offset: int,
    limit: int,
    cited_paragraphs: CitedParagraphs,
    citing_page: CitingPage,
    explain: bool = False,
) -> SearchResults:
    """The paragraphs a citation names, or those citing it, or a notice of why none;
    `explain` says for each hit that it is the cited paragraph or which reference cites."""
    notice = None
    if cited.items and backend.languages(cited.symbol):
        found = cited_items(backend, cited, lang)
        if not found:
            where = f" in {lang}" if lang else ""
            notice = f"{cited.symbol} has no recommendation {', '.join(cited.items)}{where}"
        total, page = len(found), found[offset : offset + limit]
    elif backend.languages(cited.symbol):
        found = cited_paragraphs(cited.symbol, cited.paragraphs, lang)
        if not found:
            pins = ", ".join(map(str, cited.paragraphs))
            where = f" in {lang}" if lang else ""
            notice = f"{cited.symbol} has no paragraph {pins}{where} in the corpus"
        total, page = len(found), found[offset : offset + limit]
    else:
        total, page = citing_page(cited, lang, offset, limit)
        notice = (f"{cited.label} is not in the corpus: these paragraphs cite it" if total
                  else f"{cited.label} is not in the corpus, and no paragraph in it cites it")
    for hit in page:
        if not explain:
            hit.explain = None
        elif hit.explain is None:
            named = f"{hit.symbol}, para. {hit_address(hit)}"
            hit.explain = [
                {"word": cited.label, "forms": [], "matched": [{"text": named, "why": ["cited"]}]}
            ]
    return SearchResults(total, page, notice)


def cited_items(backend: Backend, cited: CitedTarget, lang: str | None) -> list[Hit]:
    """The recommendations a citation pinpoints (`115.3`; in the 2010 layout, item `3` of
    paragraph 115), in each language of the report."""
    hits = []
    for code in [lang] if lang else backend.languages(cited.symbol):
        for number in cited.paragraphs:
            paragraph = backend.get_paragraph(cited.symbol, code, number)
            for item in paragraph.items if paragraph else []:
                if any(item.label in (label, label.partition(".")[2]) for label in cited.items):
                    hits.append(Hit(cited.symbol, code, number, paragraph.section_path,
                                    item.text, snippet(item.text, code, []), 1.0,
                                    kind="recommendation", item=item.label,
                                    tags=item_tags(item) or None))
    return hits


def citing_hit(
    symbol: str, lang: str, number: int, written: str, paragraph: Paragraph, cited: CitedTarget
) -> Hit:
    """A paragraph citing the target, the reference as `written` marked and explained."""
    at = paragraph.text.find(written)  # -1: the reference is in a footnote
    spans = [(at, at + len(written))] if at >= 0 else []
    return Hit(
        symbol,
        lang,
        number,
        paragraph.section_path,
        paragraph.text,
        snippet(paragraph.text, lang, [], spans),
        1.0,
        [{"word": cited.label, "forms": [], "matched": [{"text": written, "why": ["cites"]}]}],
    )


def why_nothing(backend: Backend, plan: SearchPlan) -> str | None:
    """Why a word search found nothing, when the corpus can say: it is empty, it lacks the
    language asked for, or the query is written in a script none of its languages use
    (English on an Arabic corpus). None: the words are simply not there."""
    present = backend.languages(plan.symbol)
    if not backend.languages():
        return f"the corpus is empty: ingest reports with `{INGEST_HINT}`"
    scope = f"{plan.symbol} has" if plan.symbol else "the corpus has"
    if plan.lang and plan.lang not in present:
        return f"{scope} no {plan.lang} text (languages: {', '.join(present)})"
    written = [script_mismatch(plan.parsed.text, lang) for lang in present]
    if present and all(written):
        return (f"the query is in {written[0]}, and {scope} text in {', '.join(present)} only:"
                f" search in {' or '.join(present)}")
    return None


def unit_hit(unit: MatchedUnit, parsed: ParsedQuery, explain: bool, snippets: bool = True
             ) -> Hit:
    """A matched unit as a hit (score 0: it was ordered by date or document, not rank)."""
    words = query_words(parsed.root, unit.lang)
    return Hit(unit.symbol, unit.lang, unit.paragraph, list(unit.section), unit.text,
               snippet(unit.text, unit.lang, words) if snippets else "", 0.0,
               explain_hit(unit.text, unit.lang, words) if explain else None, kind=unit.kind,
               item=unit.item, tags=unit.tags)


class PlannedSearch(ABC):
    """`Backend.search` for both backends: the plan and citation answers are shared, the
    word search (`_search_words`) and citation lookup (`_cited_paragraphs`) are theirs.
    Totals are cut at `total_cap` here, for every kind of search."""

    total_cap = TOTAL_CAP

    def search(
        self,
        query: str,
        *,
        lang: str | None = None,
        symbol: str | None = None,
        limit: int = 10,
        offset: int = 0,
        explain: bool = False,
        include_blocks: bool = False,
        filters: dict[str, str] | None = None,
        sort: str = "relevance",
        facets: bool = False,
        snippets: bool = True,
    ) -> SearchResults:
        if sort not in SORTS:
            raise QueryError(f"sort is one of {', '.join(SORTS)}, not {sort!r}")
        if offset + limit > MAX_RESULT_WINDOW:
            raise QueryError(
                f"offset + limit is {offset + limit}; results beyond the first"
                f" {MAX_RESULT_WINDOW} cannot be paged to (result window): narrow the query"
            )
        plan = plan_search(query, lang=lang, symbol=symbol, filters=filters)
        if plan.cited:
            return self._capped(answer_citation(
                self,  # type: ignore[arg-type]  # the subclass is a Backend
                plan.cited,
                plan.lang,
                offset=offset,
                limit=limit,
                cited_paragraphs=self._cited_paragraphs,
                citing_page=self._citing_page,
                explain=explain,
            ))
        matched = (self._matched_units(plan, include_blocks=include_blocks)
                   if facets or sort != "relevance" else [])
        if sort == "relevance":
            results = self._search_words(
                plan, limit=limit, offset=offset, explain=explain, include_blocks=include_blocks,
                snippets=snippets,
            )
        else:
            ordered = sort_units(matched, sort)
            results = SearchResults(len(ordered), [
                unit_hit(u, plan.parsed, explain, snippets)
                for u in ordered[offset : offset + limit]],
                total_capped=len(ordered) >= MAX_MATCHES)
        if facets:
            results.facets = count_facets(matched)
            for name in TAG_FIELDS.keys() & plan.parsed.filters.keys():
                results.facets[name] = self._values_to_add(plan, name, include_blocks)
        if results.total == 0:
            results.notice = why_nothing(self, plan)  # type: ignore[arg-type]
        return self._capped(results)

    def _capped(self, results: SearchResults) -> SearchResults:
        if results.total > self.total_cap:
            results.total, results.total_capped = self.total_cap, True
        return results

    def _values_to_add(self, plan: SearchPlan, name: str, include_blocks: bool
                       ) -> list[dict[str, Any]]:
        """A tag facet the query filters on, counted as if it did not: a value added to
        the filter widens the search to hits with either (two values of a filter mean
        either), so each value's count is of the hits it brings, as a ticked facet's.
        When the filter is all the query searches for, without it: every recommendation
        (within the query's other filters)."""
        filters = {k: v for k, v in plan.parsed.filters.items() if k != name}
        if plan.parsed.root is None and not filter_terms(filters):
            filters["kind"] = ["recommendation"]  # the units tags are on
        wider = replace(plan, parsed=replace(plan.parsed, filters=filters))
        return count_facets(self._matched_units(wider, include_blocks=include_blocks))[name]

    @abstractmethod
    def _search_words(
        self, plan: SearchPlan, *, limit: int, offset: int, explain: bool, include_blocks: bool,
        snippets: bool = True,
    ) -> SearchResults:
        """Ranked hits for a query of words (no citation)."""

    @abstractmethod
    def _citing_page(
        self, cited: CitedTarget, lang: str | None, offset: int, limit: int
    ) -> tuple[int, list[Hit]]:
        """(how many paragraphs cite `cited`, counted up to one past `total_cap`; those of
        the page asked for): each citing paragraph once, by its first reference, ordered by
        symbol, language (Arabic first) and paragraph."""

    @abstractmethod
    def _matched_units(self, plan: SearchPlan, *, include_blocks: bool) -> list[MatchedUnit]:
        """Every unit a query of words matches (up to MAX_MATCHES), in no particular order:
        what facets count and the non-relevance orders sort."""

    @abstractmethod
    def _cited_paragraphs(self, target: str, numbers: Sequence[int], lang: str | None) -> list[Hit]:
        """The paragraphs of `target` (those numbered, when given) in the corpus."""
