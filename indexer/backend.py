"""The interface every index backend implements (embedded SQLite, or a search cluster).

Everything above this line (CLI, API, exports, benchmarks) talks only to `Backend`, so
the same code runs on one machine or on Elasticsearch/OpenSearch.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from corpus.model import Paragraph, RecommendationList, Report
from corpus.recommendations import item_address
from indexer.analysis import ReportAnalysis


@dataclass
class IngestOutcome:
    """What an ingest did: `status` is "added", "replaced" or "unchanged"."""

    symbol: str
    lang: str
    status: str
    paragraphs: int
    warnings: list[str] = field(default_factory=list)
    found: dict[str, Any] = field(default_factory=dict)  # corpus.ingest_summary.describe


def list_outcome(found: RecommendationList, status: str, attached: int) -> IngestOutcome:
    """What ingesting a thematic list did: its rows and how many attached to its report's
    recommendations (0 until the report is in the corpus)."""
    return IngestOutcome(found.symbol, "", status, 0, found={
        "recommendation_list": {"rows": len(found.items), "attached": attached}
    })


@dataclass
class ReportSummary:
    symbol: str
    lang: str
    title: str
    paragraphs: int
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class Hit:
    """One search result: a numbered paragraph, a footnote of one, or (paragraph None) an
    unnumbered block."""

    symbol: str
    lang: str
    paragraph: int | None
    section: list[str]
    text: str
    snippet: str
    score: float
    explain: list[dict[str, Any]] | None = None
    kind: str = "paragraph"  # or "footnote"/"recommendation" (of that paragraph), or a block's kind
    item: str | None = None  # a recommendation's label (`115.3`)
    tags: dict[str, list[str]] | None = None  # a recommendation's States, position, themes…


def hit_address(hit: Hit) -> str:
    """What follows `para.` when a hit is cited: `9`, or a recommendation's `115.3`."""
    if hit.item is None or hit.paragraph is None:
        return str(hit.paragraph)
    return item_address(hit.paragraph, hit.item)


@dataclass
class SearchResults:
    """A page of hits out of `total`, exact up to the cap (indexer.search_plan.TOTAL_CAP);
    `total_capped`: more match (shown "10,000+"). `notice` says why nothing
    was found; `facets` (when asked) counts every hit per report, language, year, session
    and section, and per tag value of recommendations: State, position, theme, persons (see
    indexer.facets)."""

    total: int
    hits: list[Hit]
    notice: str | None = None
    facets: dict[str, list[dict[str, Any]]] | None = None
    total_capped: bool = False


@dataclass
class Citation:
    """A reference from one paragraph to a document or resolution, with both ends.

    `target` is canonical (`A/69/262`, `HRC res. 7/13`) and `target_symbol` the document it
    is (`A/HRC/RES/7/13` for that resolution); `resolved` is whether that document is in
    the corpus; `text` is the reference as written.
    """

    symbol: str
    lang: str
    paragraph: int | None
    target: str
    kind: str
    target_paragraphs: list[int]
    resolved: bool
    text: str
    url: str | None = None
    target_symbol: str | None = None  # the document the target is (a resolution's symbol)
    locator: str | None = None  # a part other than paragraphs: "annex", "chap. II"


class Backend(Protocol):
    """Store and search reports; every method is atomic per report."""

    def ingest(self, report: Report, source_sha256: str,
               analysis: ReportAnalysis | None = None) -> IngestOutcome:
        """Store and index `report`, replacing the same symbol+lang; same bytes: no-op.
        `analysis` is the report's, when it was analyzed already (in a worker process)."""
        ...

    def unchanged(self, source_sha256: str, source: str) -> IngestOutcome | None:
        """`unchanged` for the file named `source` whose bytes (hash `source_sha256`) are
        stored already, known without reading it again; None when they are not."""
        ...

    def ingest_list(self, found: RecommendationList, source_sha256: str) -> IngestOutcome:
        """Store a thematic list and attach it to its report's recommendations (now, and
        whenever that report is ingested again); same bytes: no-op."""
        ...

    def recommendation_list(self, symbol: str) -> RecommendationList | None:
        """The stored thematic list of the report `symbol`."""
        ...

    def batch(self) -> AbstractContextManager[None]:
        """Ingest many reports inside `with backend.batch():`, committing to the index
        once in a while rather than after each report; all is searchable at the end."""
        ...

    def delete(self, symbol: str, lang: str | None = None) -> int:
        """Remove a report (one language or all); return how many versions went."""
        ...

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
        """Ranked hits for fiqra's query language (see indexer.query); numbered
        paragraphs only unless `include_blocks`; QueryError for a malformed query.
        `filters` are the query language's (`year`, `session`, `section` …, they win over
        the query's own); `sort` is relevance, date or document (indexer.facets.SORTS);
        `facets` counts every hit by report, language, year, session and section;
        `snippets` False leaves each hit's snippet empty (who reads every hit, not a page,
        needs none: each re-analyzes its text)."""
        ...

    def get_report(self, symbol: str, lang: str | None = None) -> Report | None: ...

    def get_paragraph(self, symbol: str, lang: str, number: int) -> Paragraph | None: ...

    def list_reports(self) -> list[ReportSummary]: ...

    def report_count(self) -> int:
        """How many reports (a symbol in one language each) the corpus holds."""
        ...

    def languages(self, symbol: str | None = None) -> list[str]:
        """Languages present in the corpus (or of one report)."""
        ...

    def citations(
        self, symbol: str, paragraph: int | None = None
    ) -> tuple[list[Citation], list[Citation]]:
        """(outgoing, incoming) citations of a report, or of one of its paragraphs."""
        ...

    def all_citations(self, symbols: list[str] | None = None) -> list[Citation]:
        """Every stored citation made by the given reports (all when None): the graph."""
        ...

    def cited_by_counts(self, symbol: str) -> dict[int, int]:
        """Paragraph number -> how many citing paragraphs point at it."""
        ...

    def close(self) -> None: ...
