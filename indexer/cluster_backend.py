"""The search-cluster backend: the same `Backend` on OpenSearch or Elasticsearch.

Analysis stays in fiqra. Each unit is sent with its analyzed forms (analyzers.analyze ->
Token.norm / Token.stem, space-joined) in the fields `norm` and `stem`, which the cluster
maps with a bare whitespace analyzer; queries are expanded with analyzers.query_forms and
sent as `term` queries on those fields. So the cluster needs no Arabic plugin, a query
matches exactly the forms it matches on the embedded backend, and indexer.ranking's BM25
(per clause a `dis_max` of weighted term queries) is what Lucene computes natively.
Snippets are cut from the original text by indexer.units, like the embedded backend does,
rather than by the cluster's highlighter, which only sees the analyzed forms.

Indices: `fiqra-reports` is the store of record (one document per report and language,
the whole report as JSON); units and citations live in versioned indices
(`fiqra-paragraphs-v<N>`, `fiqra-citations-v<N>`) behind the aliases `fiqra-paragraphs` and
`fiqra-citations`. `reindex` builds version N+1 from the store of record and swaps both
aliases in one `_aliases` call, so searches never see a missing or half-filled index.

Configuration: FIQRA_SEARCH_URL (comma-separated node URLs), FIQRA_SEARCH_API_KEY,
FIQRA_SEARCH_USER / FIQRA_SEARCH_PASSWORD, FIQRA_SEARCH_CA_CERT, and optionally
FIQRA_SEARCH_DISTRIBUTION ("opensearch" or "elasticsearch"; else the server is asked).
"""

from __future__ import annotations

import base64
import json
import os
import ssl
import time
import urllib.error
import urllib.request
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from corpus.model import Paragraph, RecommendationList, Report, plain
from corpus.recommendations import attach
from corpus.symbols import base_symbol, canonical_symbol, document_url
from indexer.analysis import ReportAnalysis, analyze_report
from indexer.backend import (
    Citation,
    Hit,
    IngestOutcome,
    ReportSummary,
    SearchResults,
    list_outcome,
)
from indexer.budget import check_budget
from indexer.citation_index import CitedTarget, document_key, report_citations
from indexer.facets import MAX_MATCHES, MatchedUnit
from indexer.query import (
    Node,
    Not,
    ParsedQuery,
    Phrase,
    QueryError,
    Term,
    phrase_forms,
    query_words,
)
from indexer.ranking import (
    LUCENE_BM25_SCALE,
    MODEL,
    Alternative,
    Clause,
    engine_contributions,
    explain_scores,
    query_clauses,
    synonym_phrases,
    term_alternatives,
)
from indexer.report_fields import indexed_section_forms, section_forms
from indexer.search_plan import PlannedSearch, SearchPlan, citing_hit
from indexer.tags import filter_terms, tag_terms
from indexer.units import Unit, explain_hit, report_units, snippet, unit_paragraph

PREFIX = "fiqra"
REPORTS = f"{PREFIX}-reports"
PARAGRAPHS = f"{PREFIX}-paragraphs"
CITATIONS = f"{PREFIX}-citations"
# indexer.ranking's fields as the unit index names them. The model's BM25 k1 and b are
# Lucene's defaults, which the indices use.
FIELD_NAMES = {"norm": "norm", "stem": "stem", "section": "section_forms"}
LISTS = f"{PREFIX}-recommendation-lists"  # OHCHR thematic lists, store of record
MAX_RESULTS = 10_000  # the cluster's default result window
CITING_BATCH = MAX_RESULTS  # citing paragraphs grouped per request (all are read)
LISTING_OMITS = ["doc.paragraphs", "doc.blocks", "doc.sections"]  # a listing needs metadata
BULK_CHUNK = 500
BULK_RETRIES = 3

# The forms arrive analyzed: the cluster only splits them at spaces.
FORMS_ANALYZER = {
    "analysis": {"analyzer": {"forms": {"type": "custom", "tokenizer": "whitespace"}}}
}
FORMS = {"type": "text", "analyzer": "forms"}
KEYWORD = {"type": "keyword"}
INTEGER = {"type": "integer"}
STORED = {"type": "text", "index": False}

UNIT_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "symbol": KEYWORD, "lang": KEYWORD, "paragraph": INTEGER, "kind": KEYWORD,
        "position": INTEGER, "section": {"type": "keyword", "index": False},
        "section_forms": FORMS, "text": STORED, "norm": FORMS, "stem": FORMS,
        "year": INTEGER, "sha256": KEYWORD, "data": {"type": "object", "enabled": False},
        "item": KEYWORD, "tags": {"type": "object", "enabled": False}, "tag_terms": KEYWORD,
    },
}
CITATION_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "symbol": KEYWORD, "lang": KEYWORD, "paragraph": INTEGER, "seq": INTEGER,
        "target": KEYWORD, "target_symbol": KEYWORD, "target_base": KEYWORD, "kind": KEYWORD,
        "target_paragraphs": INTEGER, "text": STORED, "url": {"type": "keyword", "index": False},
        "locator": {"type": "keyword", "index": False}, "sha256": KEYWORD,
    },
}
LIST_MAPPING = {
    "dynamic": "strict",
    "properties": {"symbol": KEYWORD, "sha256": KEYWORD,
                   "doc": {"type": "object", "enabled": False}},
}
REPORT_MAPPING = {
    "dynamic": "strict",
    "properties": {
        "symbol": KEYWORD, "lang": KEYWORD, "title": STORED, "sha256": KEYWORD,
        "year": INTEGER, "paragraphs": INTEGER, "ingested_at": {"type": "date"},
        "doc": {"type": "object", "enabled": False},
    },
}


class ClusterError(ValueError):
    """The cluster refused or failed an operation; the message says which and why."""


class BulkError(ClusterError):
    """Some documents of a bulk write failed; `failed` maps document id -> reason."""

    def __init__(self, what: str, failed: dict[str, str]) -> None:
        shown = "; ".join(f"{doc}: {why}" for doc, why in list(failed.items())[:10])
        more = f" (and {len(failed) - 10} more)" if len(failed) > 10 else ""
        super().__init__(f"{what}: {len(failed)} document(s) failed: {shown}{more}")
        self.failed = failed


@dataclass
class ClusterConfig:
    """Where the cluster is and how to log in."""

    urls: list[str]
    api_key: str | None = None
    user: str | None = None
    password: str | None = None
    ca_cert: str | None = None
    distribution: str | None = None
    shards: int = 1
    replicas: int = 0

    @classmethod
    def from_env(cls) -> ClusterConfig:
        urls = [u.strip() for u in os.environ.get("FIQRA_SEARCH_URL", "").split(",") if u.strip()]
        if not urls:
            raise ClusterError("FIQRA_SEARCH_URL is not set: give the cluster's URL")
        return cls(
            urls=urls,
            api_key=os.environ.get("FIQRA_SEARCH_API_KEY") or None,
            user=os.environ.get("FIQRA_SEARCH_USER") or None,
            password=os.environ.get("FIQRA_SEARCH_PASSWORD") or None,
            ca_cert=os.environ.get("FIQRA_SEARCH_CA_CERT") or None,
            distribution=os.environ.get("FIQRA_SEARCH_DISTRIBUTION") or None,
            replicas=int(os.environ.get("FIQRA_SEARCH_REPLICAS", "0")),
        )

    def headers(self) -> dict[str, str]:
        if self.api_key:
            return {"Authorization": f"ApiKey {self.api_key}"}
        if self.user:
            token = base64.b64encode(f"{self.user}:{self.password or ''}".encode()).decode()
            return {"Authorization": f"Basic {token}"}
        return {}


def server_distribution(config: ClusterConfig) -> str:
    """Ask the first reachable node what it is: "opensearch" or "elasticsearch"."""
    context = ssl.create_default_context(cafile=config.ca_cert) if config.ca_cert else None
    errors = []
    for url in config.urls:
        request = urllib.request.Request(url.rstrip("/") + "/", headers=config.headers())
        try:
            with urllib.request.urlopen(request, timeout=10, context=context) as response:
                info = json.load(response)
        except (OSError, ValueError) as error:
            errors.append(f"{url}: {error}")
            continue
        return str(info.get("version", {}).get("distribution") or "elasticsearch")
    raise ClusterError(f"no search node answers: {'; '.join(errors)}")


@dataclass
class _Client:
    """The thin layer where the two client libraries differ; everything above is shared.

    Both libraries take the same `index=`, `id=`, `body=` arguments for the calls used here;
    they differ in how they connect, in their bulk helper and in their exception classes.
    """

    raw: Any
    distribution: str
    streaming_bulk: Callable[..., Iterator[tuple[bool, dict[str, Any]]]]
    not_found: type[Exception]
    failures: tuple[type[Exception], ...]
    # The search arguments that make each hit's `matched_queries` a map of the named
    # queries' scores (a URL parameter the two libraries take differently).
    named_scores: dict[str, Any] = field(default_factory=dict)


def _connect(config: ClusterConfig) -> _Client:
    distribution = config.distribution or server_distribution(config)
    verify = {"ca_certs": config.ca_cert} if config.ca_cert else {}
    if distribution == "opensearch":
        import opensearchpy
        from opensearchpy import helpers

        auth = {"http_auth": (config.user, config.password or "")} if config.user else {}
        headers = {"headers": config.headers()} if config.api_key else {}
        raw = opensearchpy.OpenSearch(
            config.urls, timeout=60, retry_on_timeout=True, max_retries=3,
            **auth, **headers, **verify,
        )
        return _Client(
            raw, distribution, helpers.streaming_bulk, opensearchpy.NotFoundError,
            (opensearchpy.OpenSearchException,),
            {"params": {"include_named_queries_score": "true"}},
        )
    if distribution == "elasticsearch":
        import elasticsearch
        from elasticsearch import helpers as es_helpers

        es_auth: dict[str, Any] = {}
        if config.api_key:
            es_auth["api_key"] = config.api_key
        elif config.user:
            es_auth["basic_auth"] = (config.user, config.password or "")
        raw = elasticsearch.Elasticsearch(
            config.urls, request_timeout=60, retry_on_timeout=True, max_retries=3,
            **es_auth, **verify,
        )
        return _Client(
            raw, distribution, es_helpers.streaming_bulk, elasticsearch.NotFoundError,
            (elasticsearch.ApiError, elasticsearch.TransportError),
            {"include_named_queries_score": True},
        )
    raise ClusterError(f"unknown search distribution {distribution!r}")


@dataclass
class ReindexOutcome:
    """What `reindex` did: the indices before and after, and how much it wrote."""

    old_version: int | None
    new_version: int
    reports: int
    units: int
    citations: int
    seconds: float
    removed: list[str] = field(default_factory=list)


class ClusterBackend(PlannedSearch):
    """Backend on an OpenSearch or Elasticsearch cluster (see the module docstring)."""

    def __init__(self, config: ClusterConfig) -> None:
        self.config = config
        self.client = _connect(config)
        self._batch = 0
        self._guard(self._ensure_indices)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Ingest many reports with one refresh at the end rather than one per report
        (a replaced report's old version is found by refreshing first, as ever)."""
        self._batch += 1
        try:
            yield
        finally:
            self._batch -= 1
            if not self._batch:
                self._refresh()

    @classmethod
    def from_env(cls) -> ClusterBackend:
        return cls(ClusterConfig.from_env())

    # -- plumbing --------------------------------------------------------------

    def _guard(self, call: Callable[[], Any]) -> Any:
        """Run a client call; a cluster failure becomes a ClusterError for a person."""
        try:
            return call()
        except self.client.failures as error:
            raise ClusterError(f"search cluster at {self.config.urls[0]}: {error}") from error

    def _settings(self) -> dict[str, Any]:
        # No periodic refresh: a report's new version and the removal of its old one
        # become visible together at the one explicit refresh that ends each write.
        return {
            "number_of_shards": self.config.shards,
            "number_of_replicas": self.config.replicas,
            "refresh_interval": "-1",
            **FORMS_ANALYZER,
        }

    def _ensure_indices(self) -> None:
        indices = self.client.raw.indices
        for name, mapping in ((REPORTS, REPORT_MAPPING), (LISTS, LIST_MAPPING)):
            if not indices.exists(index=name):
                indices.create(index=name, body={"settings": self._settings(), "mappings": mapping})
        if not indices.exists_alias(name=PARAGRAPHS):
            self._create_version(1)
            self.client.raw.indices.update_aliases(
                body={"actions": [
                    {"add": {"index": f"{PARAGRAPHS}-v1", "alias": PARAGRAPHS}},
                    {"add": {"index": f"{CITATIONS}-v1", "alias": CITATIONS}},
                ]}
            )

    def _create_version(self, version: int) -> None:
        for name, mapping in ((PARAGRAPHS, UNIT_MAPPING), (CITATIONS, CITATION_MAPPING)):
            self.client.raw.indices.create(
                index=f"{name}-v{version}",
                body={"settings": self._settings(), "mappings": mapping},
            )

    def current_version(self) -> int:
        """The version number the `fiqra-paragraphs` alias points at."""
        aliases = self._guard(lambda: self.client.raw.indices.get_alias(name=PARAGRAPHS))
        return max(int(name.rsplit("-v", 1)[1]) for name in aliases)

    def _refresh(self) -> None:
        every = f"{REPORTS},{PARAGRAPHS},{CITATIONS}"
        self._guard(lambda: self.client.raw.indices.refresh(index=every))

    def _bulk(self, what: str, actions: Iterable[dict[str, Any]]) -> int:
        """Send `actions` in chunks, retrying rejected ones; raise BulkError naming failures."""
        failed: dict[str, str] = {}
        done = 0
        try:
            for ok, item in self.client.streaming_bulk(
                self.client.raw, actions, chunk_size=BULK_CHUNK, max_retries=BULK_RETRIES,
                initial_backoff=1, max_backoff=8, raise_on_error=False,
                raise_on_exception=True,
            ):
                result = next(iter(item.values()))
                if ok:
                    done += 1
                else:
                    reason = result.get("error") or result.get("status")
                    if isinstance(reason, dict):
                        reason = f"{reason.get('type')}: {reason.get('reason')}"
                    failed[str(result.get("_id"))] = str(reason)
        except self.client.failures as error:
            raise ClusterError(f"{what}: the cluster failed the bulk request: {error}") from error
        if failed:
            raise BulkError(what, failed)
        return done

    def _search_all(
        self, index: str, query: dict[str, Any], source: Any = True, size: int = MAX_RESULTS
    ) -> list[dict[str, Any]]:
        body = {"query": query, "size": size, "_source": source}
        found = self._guard(lambda: self.client.raw.search(index=index, body=body))
        return [h["_source"] for h in found["hits"]["hits"]]

    # -- writing ---------------------------------------------------------------

    def recommendation_list(self, symbol: str) -> RecommendationList | None:
        found = self._get(LISTS, canonical_symbol(symbol))
        return RecommendationList.from_dict(found["doc"]) if found else None

    def ingest_list(self, found: RecommendationList, source_sha256: str) -> IngestOutcome:
        old = self._get(LISTS, found.symbol)
        records = self._reports(_bool(filter=[{"term": {"symbol": found.symbol}}]))
        reports = [(r, Report.from_dict(r["doc"])) for r in records]
        attached = max((attach(report, found) for _, report in reports), default=0)
        if old and old["sha256"] == source_sha256:
            return list_outcome(found, "unchanged", attached)
        record = {"symbol": found.symbol, "sha256": source_sha256, "doc": found.to_dict()}
        self._guard(lambda: self.client.raw.index(index=LISTS, id=found.symbol, body=record))
        # The reports it belongs to are indexed again with its tags: same source, same
        # unit ids, so each unit is overwritten in place.
        for stored, report in reports:
            units = list(report_units(report))
            self._bulk(f"attach the thematic list to {report.symbol} ({report.lang})",
                       _unit_actions(PARAGRAPHS, units, stored.get("year"), stored["sha256"],
                                     report.lang))
            stored["doc"] = report.to_dict()
            key = _report_id(report.symbol, report.lang)
            self._guard(lambda k=key, r=stored: self.client.raw.index(index=REPORTS, id=k, body=r))
        self._refresh()
        return list_outcome(found, "replaced" if old else "added", attached)

    def unchanged(self, source_sha256: str, source: str) -> IngestOutcome | None:
        rows = self._search_all(REPORTS, {"term": {"sha256": source_sha256}},
                                ["symbol", "lang", "paragraphs", "doc.metadata.source"])
        return next((IngestOutcome(r["symbol"], r["lang"], "unchanged", r["paragraphs"])
                     for r in rows if r["doc"]["metadata"].get("source") == source), None)

    def ingest(self, report: Report, source_sha256: str,
               analysis: ReportAnalysis | None = None) -> IngestOutcome:
        key = _report_id(report.symbol, report.lang)
        old = self._get(REPORTS, key)
        if old and old["sha256"] == source_sha256:
            return IngestOutcome(report.symbol, report.lang, "unchanged", len(report.paragraphs))
        if stored := self.recommendation_list(report.symbol):
            attach(report, stored)
            analysis = None  # the list's tags are in the units: analyze the report with them
        analysis = analysis or analyze_report(report)
        units, year = analysis.units, analysis.year
        actions = [
            *_unit_actions(PARAGRAPHS, units, year, source_sha256, report.lang),
            *_citation_actions(CITATIONS, report, source_sha256),
        ]
        # The new version goes in beside the old one (ids carry the source hash); only when
        # all of it is in does the report record switch and the old version go. A failure
        # removes what was written, so a reader never sees half a report.
        try:
            self._bulk(f"ingest {report.symbol} ({report.lang})", actions)
        except ClusterError:
            self._delete_versions(report.symbol, report.lang, keep=None, only=source_sha256)
            raise
        record = {
            "symbol": report.symbol, "lang": report.lang, "title": report.title,
            "sha256": source_sha256, "year": year,
            "paragraphs": len(report.paragraphs),
            "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "doc": report.to_dict(),
        }
        self._guard(lambda: self.client.raw.index(index=REPORTS, id=key, body=record))
        if old:
            if self._batch:  # the old version may be unrefreshed: found by a search
                self._refresh()
            self._delete_versions(report.symbol, report.lang, keep=source_sha256)
        if not self._batch:
            self._refresh()
        status = "replaced" if old else "added"
        return IngestOutcome(report.symbol, report.lang, status, len(report.paragraphs))

    def _delete_versions(
        self, symbol: str, lang: str | None, *, keep: str | None, only: str | None = None
    ) -> None:
        """Delete units and citations of a report (except version `keep`, or only `only`)."""
        query = _bool(filter=_report_filter(symbol, lang))
        if keep:
            query["bool"]["must_not"] = [{"term": {"sha256": keep}}]
        if only:
            query["bool"]["filter"].append({"term": {"sha256": only}})
        self._delete_where(f"{PARAGRAPHS},{CITATIONS}", query, unseen=only is not None)

    def _delete_where(self, index: str, query: dict[str, Any], *, unseen: bool = False) -> int:
        """Delete every document `query` finds (ids by search, then bulk deletes: works
        without the delete-by-query module, on both distributions).

        Nothing is refreshed here unless `unseen` documents (written since the last
        refresh) must be found: the deletions become visible with the caller's refresh,
        together with whatever the caller wrote."""
        if unseen:
            self._refresh()
        targets: list[dict[str, Any]] = []
        after: list[Any] | None = None
        while True:
            body: dict[str, Any] = {
                "query": query, "size": MAX_RESULTS, "_source": False, "sort": ["_doc"],
            }
            if after is not None:
                body["search_after"] = after
            found = self._guard(lambda b=body: self.client.raw.search(index=index, body=b))
            hits = found["hits"]["hits"]
            if not hits:
                break
            targets.extend({"_op_type": "delete", "_index": h["_index"], "_id": h["_id"]}
                           for h in hits)
            after = hits[-1]["sort"]
        return self._bulk(f"delete from {index}", targets) if targets else 0

    def delete(self, symbol: str, lang: str | None = None) -> int:
        symbol = canonical_symbol(symbol)
        removed = self._delete_where(REPORTS, _bool(filter=_report_filter(symbol, lang)))
        self._delete_versions(symbol, lang, keep=None)
        self._refresh()
        return removed

    # -- reading ---------------------------------------------------------------

    def _get(self, index: str, key: str) -> dict[str, Any] | None:
        try:
            found = self.client.raw.get(index=index, id=key)
        except self.client.not_found:
            return None
        except self.client.failures as error:
            raise ClusterError(f"search cluster at {self.config.urls[0]}: {error}") from error
        return dict(found["_source"])

    def _reports(self, query: dict[str, Any], source: Any = True) -> list[dict[str, Any]]:
        rows = self._search_all(REPORTS, query, source)
        return sorted(rows, key=lambda r: (r["symbol"], r["lang"]))

    def report_count(self) -> int:
        return int(self._guard(lambda: self.client.raw.count(index=REPORTS))["count"])

    def list_reports(self) -> list[ReportSummary]:
        return [
            ReportSummary(
                r["symbol"], r["lang"], r["title"], r["paragraphs"], r["doc"].get("metadata", {})
            )
            for r in self._reports({"match_all": {}}, {"excludes": LISTING_OMITS})
        ]

    def languages(self, symbol: str | None = None) -> list[str]:
        query = {"term": {"symbol": canonical_symbol(symbol)}} if symbol else {"match_all": {}}
        body = {"query": query, "size": 0, "aggs": {"langs": {"terms": {"field": "lang"}}}}
        found = self._guard(lambda: self.client.raw.search(index=REPORTS, body=body))
        return sorted(b["key"] for b in found["aggregations"]["langs"]["buckets"])

    def get_report(self, symbol: str, lang: str | None = None) -> Report | None:
        rows = self._reports(_bool(filter=_report_filter(canonical_symbol(symbol), lang)))
        rows.sort(key=lambda r: (r["lang"] != "ar", r["lang"]))
        return Report.from_dict(rows[0]["doc"]) if rows else None

    def get_paragraph(self, symbol: str, lang: str, number: int) -> Paragraph | None:
        filters = [*_report_filter(canonical_symbol(symbol), lang),
                   {"term": {"paragraph": number}}, {"term": {"kind": "paragraph"}}]
        body = {"query": _bool(filter=filters), "size": 1, "_source": ["data"]}
        found = self._guard(lambda: self.client.raw.search(index=PARAGRAPHS, body=body))
        hits = found["hits"]["hits"]
        return Paragraph.from_dict(hits[0]["_source"]["data"]) if hits else None

    # -- searching -------------------------------------------------------------

    def _search_words(
        self, plan: SearchPlan, *, limit: int, offset: int, explain: bool, include_blocks: bool,
        snippets: bool = True,
    ) -> SearchResults:
        parsed = plan.parsed
        if offset + limit > MAX_RESULTS:
            raise QueryError(f"results beyond the first {MAX_RESULTS} cannot be paged to")
        branches = self._branches(plan, include_blocks)
        if not branches:
            return SearchResults(0, [])
        body = {
            "query": _bool(should=branches, minimum_should_match=1),
            "from": offset, "size": limit, "track_total_hits": self.total_cap + 1,
            # (symbol, lang, position) names one unit: ties on the score always break the
            # same way, so pages are slices of one order, never overlapping.
            "sort": ["_score", {"symbol": "asc"}, {"lang": "asc"}, {"position": "asc"}],
            "_source": ["symbol", "lang", "paragraph", "kind", "section", "text", "item", "tags"],
        }
        # The same shard copies answer every page of a query: a replica's statistics (its
        # deleted documents) can differ from its primary's, and with them the scores.
        copies = f"fiqra-{zlib.crc32(plan.parsed.text.encode())}"
        named = self.client.named_scores if explain else {}
        found = self._guard(lambda: self.client.raw.search(
            index=PARAGRAPHS, body=body, preference=copies, **named))
        words: dict[str, Any] = {}
        clauses: dict[str, list[Clause]] = {}
        hits = []
        for h in found["hits"]["hits"]:
            s = h["_source"]
            lw = words.setdefault(s["lang"], query_words(parsed.root, s["lang"]))
            why: list[dict[str, object]] = []
            if explain:
                lc = clauses.setdefault(s["lang"], query_clauses(parsed.root, s["lang"]))
                scores = h.get("matched_queries")
                why = _explain_scores(lc, scores if isinstance(scores, dict) else {},
                                      s.get("kind", "paragraph"))
            hits.append(Hit(
                symbol=s["symbol"], lang=s["lang"], paragraph=s.get("paragraph"),
                section=list(s.get("section") or []), text=s["text"],
                snippet=snippet(s["text"], s["lang"], lw) if snippets else "",
                score=round(float(h["_score"] or 0.0) / LUCENE_BM25_SCALE, 6),
                explain=explain_hit(s["text"], s["lang"], lw, why) if explain else None,
                kind=s.get("kind", "paragraph"), item=s.get("item"), tags=s.get("tags"),
            ))
        return SearchResults(int(found["hits"]["total"]["value"]), hits)

    def _branches(self, plan: SearchPlan, include_blocks: bool) -> list[dict[str, Any]]:
        """One query per language searched (the asked one, else every one present)."""
        return [
            branch
            for language in (plan.langs or self.languages(plan.symbol))
            if (branch := _language_query(plan.parsed, language, plan.symbols, include_blocks))
        ]

    def _matched_units(self, plan: SearchPlan, *, include_blocks: bool) -> list[MatchedUnit]:
        branches = self._branches(plan, include_blocks)
        if not branches:
            return []
        rows = self._search_all(
            PARAGRAPHS, _bool(should=branches, minimum_should_match=1),
            ["symbol", "lang", "paragraph", "kind", "position", "year", "section", "text", "item",
             "tags"],
            size=MAX_MATCHES,
        )
        return [MatchedUnit(r["symbol"], r["lang"], r.get("paragraph"), r.get("kind", "paragraph"),
                            r["position"], r.get("year"), tuple(r.get("section") or ()), r["text"],
                            r.get("item"), r.get("tags"))
                for r in rows]

    def _cited_paragraphs(
        self, target: str, numbers: Sequence[int], lang: str | None
    ) -> list[Hit]:
        """The paragraphs a citation query names, when that report is in the corpus."""
        filters = _report_filter(canonical_symbol(target), lang)
        filters.append({"term": {"kind": "paragraph"}})
        if numbers:
            filters.append({"terms": {"paragraph": list(numbers)}})
        rows = self._search_all(PARAGRAPHS, _bool(filter=filters))
        rows.sort(key=lambda r: (r["lang"] != "ar", r["lang"], r["paragraph"]))
        return [
            Hit(r["symbol"], r["lang"], r["paragraph"], list(r.get("section") or []), r["text"],
                snippet(r["text"], r["lang"], []), 1.0)
            for r in rows
        ]

    def _citing_page(
        self, cited: CitedTarget, lang: str | None, offset: int, limit: int
    ) -> tuple[int, list[Hit]]:
        """(how many paragraphs cite `cited`, up to one past the cap; the page asked for),
        as the embedded store lists them: each citing paragraph once, by its first
        reference, ordered by symbol, language (Arabic first) and paragraph. The cluster
        groups them (a composite aggregation, in that order, read a batch of groups at a
        time: past the first result window too), and only the page's paragraphs are read."""
        symbol = document_key(cited.symbol)
        column = "target_base" if base_symbol(symbol) == symbol else "target_symbol"
        filters: list[dict[str, Any]] = [{"term": {column: symbol}},
                                         {"exists": {"field": "paragraph"}}]
        if lang:
            filters.append({"term": {"lang": lang}})
        if cited.paragraphs:
            filters.append({"terms": {"target_paragraphs": list(cited.paragraphs)}})
        query = _bool(filter=filters, must_not=[{"term": {"symbol": symbol}}])
        groups: list[tuple[str, str, int, int]] = []
        after: dict[str, Any] | None = None
        while True:
            check_budget(f"listing the paragraphs citing {cited.label}")
            composite: dict[str, Any] = {
                "size": CITING_BATCH,
                "sources": [{k: {"terms": {"field": k}}} for k in ("symbol", "lang", "paragraph")],
            }
            if after:
                composite["after"] = after
            body = {"query": query, "size": 0, "aggs": {"citing": {
                "composite": composite, "aggs": {"first": {"min": {"field": "seq"}}}}}}
            found = self._guard(lambda b=body: self.client.raw.search(index=CITATIONS, body=b))
            buckets = found["aggregations"]["citing"]["buckets"]
            groups.extend((b["key"]["symbol"], b["key"]["lang"], int(b["key"]["paragraph"]),
                           int(b["first"]["value"])) for b in buckets)
            after = found["aggregations"]["citing"].get("after_key")
            if len(buckets) < CITING_BATCH or not after or len(groups) > self.total_cap:
                break
        total = min(len(groups), self.total_cap + 1)
        page = groups[offset : offset + limit]
        if not page:
            return total, []
        first = [_bool(filter=[{"term": {"symbol": s}}, {"term": {"lang": code}},
                               {"term": {"paragraph": n}}, {"term": {"seq": seq}}])
                 for s, code, n, seq in page]
        written = {(r["symbol"], r["lang"], r["paragraph"]): r["text"] for r in self._search_all(
            CITATIONS, _bool(should=first, minimum_should_match=1),
            ["symbol", "lang", "paragraph", "text"], size=len(page))}
        units = [_bool(filter=[{"term": {"symbol": s}}, {"term": {"lang": code}},
                               {"term": {"paragraph": n}}, {"term": {"kind": "paragraph"}}])
                 for s, code, n, _ in page]
        paragraphs = {(r["symbol"], r["lang"], r["paragraph"]): Paragraph.from_dict(r["data"])
                      for r in self._search_all(
                          PARAGRAPHS, _bool(should=units, minimum_should_match=1),
                          ["symbol", "lang", "paragraph", "data"], size=len(page))}
        return total, [
            citing_hit(s, code, n, written[key], paragraphs[key], cited)
            for s, code, n, _ in page
            if (key := (s, code, n)) in paragraphs and key in written
        ]

    # -- citations -------------------------------------------------------------

    def citations(
        self, symbol: str, paragraph: int | None = None
    ) -> tuple[list[Citation], list[Citation]]:
        symbol = document_key(symbol)
        out_filter: list[dict[str, Any]] = [{"term": {"symbol": symbol}}]
        if paragraph is not None:
            out_filter.append({"term": {"paragraph": paragraph}})
        outgoing = self._search_all(CITATIONS, _bool(filter=out_filter))
        outgoing.sort(key=lambda r: (r["lang"] != "ar", *_nulls_first(r["paragraph"]), r["seq"]))
        # A whole report is also cited through its addenda and corrigenda; a paragraph only
        # by pinpoints to that very document.
        if paragraph is None:
            target = _bool(should=[{"term": {"target_symbol": symbol}},
                                   {"term": {"target_base": symbol}}], minimum_should_match=1)
            in_filter = [target]
        else:
            in_filter = [{"term": {"target_symbol": symbol}},
                         {"term": {"target_paragraphs": paragraph}}]
        incoming = self._search_all(
            CITATIONS, _bool(filter=in_filter, must_not=[{"term": {"symbol": symbol}}])
        )
        incoming.sort(key=lambda r: (r["symbol"], r["lang"] != "ar",
                                     *_nulls_first(r["paragraph"]), r["seq"]))
        return self._citations(outgoing), self._citations(incoming)

    def all_citations(self, symbols: list[str] | None = None) -> list[Citation]:
        """Every stored citation (of the given citing reports): the corpus's graph."""
        query = (
            {"terms": {"symbol": [canonical_symbol(s) for s in symbols]}}
            if symbols else {"match_all": {}}
        )
        rows = self._search_all(CITATIONS, query)
        rows.sort(key=lambda r: (r["symbol"], r["lang"], *_nulls_first(r["paragraph"]), r["seq"]))
        return self._citations(rows)

    def cited_by_counts(self, symbol: str) -> dict[int, int]:
        """How many citing paragraphs point at each paragraph of `symbol`."""
        symbol = document_key(symbol)
        rows = self._search_all(CITATIONS, _bool(
            filter=[{"term": {"target_symbol": symbol}}],
            must_not=[{"term": {"symbol": symbol}}],
        ))
        citing: dict[int, set[tuple[str, int | None]]] = {}
        for r in rows:
            for n in r["target_paragraphs"]:
                citing.setdefault(int(n), set()).add((r["symbol"], r["paragraph"]))
        return {n: len(who) for n, who in citing.items()}

    def _citations(self, rows: list[dict[str, Any]]) -> list[Citation]:
        targets = sorted({r["target_symbol"] for r in rows if r.get("target_symbol")})
        present = (
            {r["symbol"] for r in self._search_all(REPORTS, {"terms": {"symbol": targets}},
                                                    ["symbol"])}
            if targets else set()
        )
        return [
            Citation(
                symbol=r["symbol"], lang=r["lang"], paragraph=r["paragraph"], target=r["target"],
                kind=r["kind"], target_paragraphs=list(r["target_paragraphs"]),
                resolved=r.get("target_symbol") in present, text=r["text"],
                url=r.get("url")
                or (document_url(r["target_symbol"]) if r.get("target_symbol") else None),
                target_symbol=r.get("target_symbol"),
                locator=r.get("locator"),
            )
            for r in rows
        ]

    def close(self) -> None:
        self.client.raw.close()


# -- documents ------------------------------------------------------------------


def _report_id(symbol: str, lang: str) -> str:
    return f"{symbol}|{lang}"


def _unit_actions(
    index: str, units: list[Unit], year: int | None, sha256: str, lang: str
) -> Iterator[dict[str, Any]]:
    for u in units:
        yield {
            "_index": index,
            "_id": f"{u.symbol}|{u.lang}|{sha256[:16]}|{u.position}",
            "_source": {
                "symbol": u.symbol, "lang": u.lang, "paragraph": u.paragraph, "kind": u.kind,
                "position": u.position, "section": u.section,
                "section_forms": indexed_section_forms(u.section, lang), "text": u.text,
                "norm": u.norm, "stem": u.stem, "year": year, "sha256": sha256,
                "data": plain(unit_paragraph(u.paragraph, u.text, u.section, u.data))
                if u.kind == "paragraph" and u.paragraph is not None else None,
                "item": u.item, "tags": u.tags, "tag_terms": tag_terms(u.tags),
            },
        }


def _citation_actions(index: str, report: Report, sha256: str) -> Iterator[dict[str, Any]]:
    for seq, c in enumerate(report_citations(report)):
        yield {
            "_index": index,
            "_id": f"{report.symbol}|{report.lang}|{sha256[:16]}|c{seq}",
            "_source": {
                "symbol": report.symbol, "lang": report.lang, "paragraph": c.paragraph,
                "seq": seq, "target": c.ref.target, "target_symbol": c.target_symbol,
                "target_base": base_symbol(c.target_symbol) if c.target_symbol else None,
                "kind": c.ref.kind, "target_paragraphs": list(c.ref.target_paragraphs),
                "locator": c.ref.locator,
                "text": c.ref.text, "url": c.ref.url, "sha256": sha256,
            },
        }


# -- queries --------------------------------------------------------------------


def _bool(**parts: Any) -> dict[str, Any]:
    return {"bool": {k: v for k, v in parts.items() if v not in (None, [])}}


def _nulls_first(value: int | None) -> tuple[bool, int]:
    return (value is not None, value or 0)


def _report_filter(symbol: str, lang: str | None) -> list[dict[str, Any]]:
    filters: list[dict[str, Any]] = [{"term": {"symbol": symbol}}]
    if lang:
        filters.append({"term": {"lang": lang}})
    return filters


def _phrase(field_name: str, forms: Iterable[str]) -> dict[str, Any]:
    return {"match_phrase": {field_name: {"query": " ".join(forms)}}}


def _match(node: Node | None, lang: str) -> dict[str, Any] | None:
    """Which units `node` matches in `lang` (the embedded backend's match expression)."""
    if node is None:
        return None
    if isinstance(node, Term):
        alts = [
            {"prefix": {FIELD_NAMES[a.field]: a.terms[0]}} if a.prefix
            else {"term": {FIELD_NAMES[a.field]: a.terms[0]}} if len(a.terms) == 1
            else _phrase(FIELD_NAMES[a.field], a.terms)
            for a in term_alternatives(node, lang)
        ]
        return _bool(should=alts, minimum_should_match=1) if alts else None
    if isinstance(node, Phrase):
        forms = phrase_forms(node, lang)
        return _phrase("norm", forms) if forms else None
    if isinstance(node, Not):
        return _match(node.child, lang)
    positives = [m for c in node.children if not isinstance(c, Not) if (m := _match(c, lang))]
    negatives = [m for c in node.children if isinstance(c, Not) if (m := _match(c, lang))]
    if not positives:
        return None
    # Synonym phrases of multi-word thesaurus terms the words spell (see indexer.ranking).
    positives.extend(_phrase("stem", p) for p in synonym_phrases(node, lang))
    if node.op == "AND":
        return _bool(filter=positives, must_not=negatives)
    return _bool(should=positives, minimum_should_match=1, must_not=negatives)


def _alternative(a: Alternative, name: str) -> dict[str, Any]:
    """One weighted alternative of a clause as a Lucene query, named for explain."""
    field_name = FIELD_NAMES[a.field]
    if a.prefix:
        # The summed BM25 of the (at most 1000) index terms the prefix expands to, as
        # indexer.ranking scores a prefix.
        return {"prefix": {field_name: {"value": a.terms[0], "boost": a.weight,
                                        "rewrite": "top_terms_1000", "_name": name}}}
    if len(a.terms) == 1:
        return {"term": {field_name: {"value": a.terms[0], "boost": a.weight, "_name": name}}}
    # A sloppy phrase (slop > 0) scores Lucene's sloppy frequency, as indexer.ranking does.
    return {"match_phrase": {field_name: {"query": " ".join(a.terms), "slop": a.slop,
                                          "boost": a.weight, "_name": name}}}


def _scoring(clauses: list[Clause]) -> list[dict[str, Any]]:
    """indexer.ranking's clauses as Lucene queries: each clause is the best (`dis_max`, with
    the clause's tie breaker) of its weighted alternatives, a unit's score the sum over
    clauses. Alternative j of clause i is named `c{i}.{j}` (see `_explain_scores`)."""
    return [
        {"dis_max": {
            "queries": [_alternative(a, f"c{i}.{j}") for j, a in enumerate(clause.alternatives)],
            "tie_breaker": clause.tie,
        }}
        for i, clause in enumerate(clauses)
    ]


def _explain_scores(
    clauses: list[Clause], named: dict[str, float], kind: str
) -> list[dict[str, object]]:
    """Each clause's share of a hit (a unit of `kind`), from the scores the cluster gives
    the named alternatives (`include_named_queries_score`), on the scale of fiqra's scores."""
    return explain_scores(engine_contributions(
        clauses, lambda i, j: named.get(f"c{i}.{j}", 0.0) / LUCENE_BM25_SCALE,
        MODEL.unit_weight(kind),
    ))


def _language_query(
    parsed: ParsedQuery, lang: str, symbols: list[str], include_blocks: bool
) -> dict[str, Any] | None:
    """One language's part of a search: its filters (each any of its values), its match
    and its scoring."""
    match = _match(parsed.root, lang)
    tags = [{"terms": {"tag_terms": terms}} for terms in filter_terms(parsed.filters)]
    # `kind` is no filter of the query language: a search counting tag facets sets it.
    tags += [{"terms": {"kind": kinds}} for kinds in [parsed.filters.get("kind")] if kinds]
    if match is None and not tags:
        return None
    filters: list[dict[str, Any]] = [{"term": {"lang": lang}}, *([match] if match else []),
                                     *tags]
    if symbols:
        filters.append({"terms": {"symbol": symbols}})
    if not include_blocks:
        filters.append({"exists": {"field": "paragraph"}})
    if years := parsed.filters.get("year"):
        filters.append({"terms": {"year": [int(year) for year in years]}})
    if sessions := parsed.filters.get("session"):
        filters.append(_either([{"prefix": {"symbol": s + "/"}} for s in sessions]))
    if sections := parsed.filters.get("section"):
        phrases = [_phrase("section_forms", forms) for section in sections
                   if (forms := section_forms([section], lang).split())]
        if len(phrases) == len(sections):  # a title with no words matches every unit
            filters.append(_either(phrases))
    scoring = _scoring(query_clauses(parsed.root, lang))
    return _weighed_by_kind(_bool(filter=filters, should=scoring))


def _weighed_by_kind(query: dict[str, Any]) -> dict[str, Any]:
    """`query` with each unit's score times its kind's weight (indexer.ranking's
    `unit_weight`), a `function_score` that leaves the other units' scores as they are."""
    weights = MODEL.kind_weights()
    if not weights:
        return query
    return {"function_score": {
        "query": query,
        "functions": [{"filter": {"term": {"kind": k}}, "weight": w} for k, w in weights.items()],
        "score_mode": "first", "boost_mode": "multiply",
    }}


def _either(queries: list[dict[str, Any]]) -> dict[str, Any]:
    return queries[0] if len(queries) == 1 else {
        "bool": {"should": queries, "minimum_should_match": 1}}


# -- index lifecycle --------------------------------------------------------------


def reindex(backend: ClusterBackend) -> ReindexOutcome:
    """Rebuild units and citations from the stored reports into a new index version, then
    swap the aliases in one atomic `_aliases` call and delete the old version.

    Searches keep running on the old version until the swap (the `fiqra reindex` command;
    run it after the analyzers or the citation extractor change). Do not ingest meanwhile:
    writes go through the alias to the old version, which the swap then drops."""
    started = time.monotonic()
    client = backend.client.raw
    old = backend.current_version()
    new = old + 1
    backend._guard(lambda: backend._create_version(new))
    fresh = f"{PARAGRAPHS}-v{new},{CITATIONS}-v{new}"
    reports = units = cites = 0
    try:
        for record in _scan(backend, REPORTS):
            report = Report.from_dict(record["doc"])
            batch = list(report_units(report))
            units += len(batch)
            actions = [
                *_unit_actions(f"{PARAGRAPHS}-v{new}", batch, record.get("year"),
                               record["sha256"], report.lang),
                *_citation_actions(f"{CITATIONS}-v{new}", report, record["sha256"]),
            ]
            cites += len(actions) - len(batch)
            backend._bulk(f"reindex {report.symbol} ({report.lang})", actions)
            reports += 1
        backend._guard(lambda: client.indices.refresh(index=fresh))
    except BaseException:
        backend._guard(lambda: client.indices.delete(index=fresh))
        raise
    actions = []
    for alias in (PARAGRAPHS, CITATIONS):
        current = list(backend._guard(lambda a=alias: client.indices.get_alias(name=a)))
        actions.extend({"remove": {"index": name, "alias": alias}} for name in current)
        actions.append({"add": {"index": f"{alias}-v{new}", "alias": alias}})
    backend._guard(lambda: client.indices.update_aliases(body={"actions": actions}))
    removed = [a["remove"]["index"] for a in actions if "remove" in a]
    backend._guard(lambda: client.indices.delete(index=",".join(removed)))
    return ReindexOutcome(old, new, reports, units, cites, time.monotonic() - started, removed)


def _scan(backend: ClusterBackend, index: str, batch: int = 50) -> Iterator[dict[str, Any]]:
    """Every document of `index`, in pages sorted by id (search_after: no scroll state)."""
    after: list[Any] | None = None
    while True:
        body: dict[str, Any] = {
            "query": {"match_all": {}}, "size": batch,
            "sort": [{"symbol": "asc"}, {"lang": "asc"}],
        }
        if after:
            body["search_after"] = after
        page = backend._guard(lambda b=body: backend.client.raw.search(index=index, body=b))
        hits = page["hits"]["hits"]
        if not hits:
            return
        yield from (h["_source"] for h in hits)
        after = hits[-1]["sort"]
