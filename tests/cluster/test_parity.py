"""The two backends rank alike: the same corpus in both, top-10 overlap per query.

The cluster receives fiqra's own analyzed forms and scores indexer.ranking's clauses with
Lucene's BM25, so the result lists should nearly coincide (ties and Lucene's one-byte
length norms may reorder a few)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cluster.nodes import DISTRIBUTIONS, Cluster
from indexer.cluster_backend import ClusterBackend
from indexer.sqlite_backend import SQLiteBackend
from tests.cluster.conftest import fresh_backend, ingest_corpus, started

pytestmark = pytest.mark.cluster

QUERIES = [
    "الأطفال",
    "استغلال الأطفال في المواد الإباحية",
    '"بيع الأطفال"',
    "الإنترنت AND الأطفال",
    "تكنولوجيا*",
    "استغل*",
    "الاغواء",
    "A/HRC/28/56 para. 9",
    "حماية الضحايا",
    "السياحة الجنسية",
    "الاتجار بالأطفال NOT الإنترنت",
    "=الطفل",
    "المقررة الخاصة",
    "children exploitation",
    "education right",
    "التعليم",
    "section:مقدمة الأطفال",
]
MIN_OVERLAP = 0.9


def _top(results: list) -> list[tuple[str, str, int | None]]:
    return [(h.symbol, h.lang, h.paragraph) for h in results]


def test_top10_overlap(
    cluster_backend: ClusterBackend, tmp_path: Path
) -> None:
    embedded = SQLiteBackend(tmp_path)
    ingest_corpus(cluster_backend, embedded)
    low = []
    for query in QUERIES:
        ours, theirs = embedded.search(query, limit=10), cluster_backend.search(query, limit=10)
        a, b = _top(ours.hits), _top(theirs.hits)
        overlap = len(set(a) & set(b)) / max(len(a), len(b)) if a or b else 1.0
        print(f"overlap {overlap:.2f}  totals {ours.total}/{theirs.total}  {query}")
        assert ours.total == theirs.total, query
        if overlap < MIN_OVERLAP:
            low.append((query, overlap))
    embedded.close()
    assert not low, f"top-10 overlap below {MIN_OVERLAP}: {low}"


def test_facets_filters_and_orders_agree(cluster_backend: ClusterBackend, tmp_path: Path) -> None:
    """Facet counts, the session filter and the date and document orders are the same on
    the cluster as embedded (both list the matched units; indexer.facets counts them)."""
    embedded = SQLiteBackend(tmp_path)
    ingest_corpus(cluster_backend, embedded)
    try:
        for query in ("الأطفال", "children exploitation", "section:مقدمة الأطفال"):
            ours = embedded.search(query, facets=True)
            theirs = cluster_backend.search(query, facets=True)
            assert ours.facets == theirs.facets, query
            assert ours.facets and sum(f["count"] for f in ours.facets["symbol"]) == ours.total
            for order in ("date", "document"):
                mine = embedded.search(query, sort=order, limit=30, offset=5)
                other = cluster_backend.search(query, sort=order, limit=30, offset=5)
                assert _top(mine.hits) == _top(other.hits), (query, order)
        session = {"session": "A/HRC/28"}
        ours = embedded.search("الأطفال", filters=session, facets=True)
        theirs = cluster_backend.search("الأطفال", filters=session, facets=True)
        assert ours.total == theirs.total > 0
        assert {f["value"] for f in theirs.facets["session"]} == {"A/HRC/28"}  # type: ignore[index]
    finally:
        embedded.close()


def test_distributions_rank_alike(node_pool: dict[tuple[str, int], Cluster]) -> None:
    """OpenSearch and Elasticsearch (both Lucene 9.12) return the same hits with the same
    scores: fiqra's queries mean the same on either."""
    backends = [fresh_backend(started(node_pool, name, 1)) for name in DISTRIBUTIONS]
    ingest_corpus(*backends)
    for query in QUERIES:
        first, *others = (backend.search(query, limit=10) for backend in backends)
        expected = [(h.symbol, h.lang, h.paragraph, round(h.score, 4)) for h in first.hits]
        for other in others:
            assert other.total == first.total, query
            assert [(h.symbol, h.lang, h.paragraph, round(h.score, 4)) for h in other.hits] == (
                expected
            ), query
    for backend in backends:
        backend.close()
