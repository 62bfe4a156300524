"""Three nodes, one replica: losing a node loses no result, and writes go on."""

from __future__ import annotations

from pathlib import Path

import pytest

from cluster.nodes import Cluster, wait_until_healthy
from corpus.model import Paragraph, Report
from indexer.cluster_backend import ClusterBackend, ClusterConfig
from tests.cluster.conftest import ingest_corpus, wipe

pytestmark = [pytest.mark.cluster, pytest.mark.slow]
QUERIES = ["الأطفال", "حماية الضحايا", "التعليم"]


def _synthetic(symbol: str) -> Report:
    """A small SYNTHETIC report written while the cluster is degraded."""
    return Report(symbol=symbol, lang="ar", title="تقرير اصطناعي", paragraphs=[
        Paragraph(number=1, text="تقرير اصطناعي عن حماية الأطفال في التعليم."),
    ])


def _top(backend: ClusterBackend, query: str) -> tuple[int, list[tuple[str, int | None]]]:
    results = backend.search(query, limit=20)
    return results.total, [(h.symbol, h.paragraph) for h in results.hits]


def test_replica_survives_a_node(three_nodes: Cluster, tmp_path: Path) -> None:
    wipe(three_nodes.url)
    backend = ClusterBackend(ClusterConfig(urls=three_nodes.urls, replicas=1))
    ingest_corpus(backend)
    wait_until_healthy(three_nodes.nodes, expect_nodes=3, status="green")
    expected = {q: _top(backend, q) for q in QUERIES}

    manager = three_nodes.manager()
    victim = next(n for n in three_nodes.nodes if n.name != manager)
    victim.stop()
    others = [n for n in three_nodes.nodes if n is not victim]
    wait_until_healthy(others, expect_nodes=2)
    for query in QUERIES:
        assert _top(backend, query) == expected[query], query

    assert backend.ingest(_synthetic("A/HRC/99/1"), "synthetic-1").status == "added"
    victim.start()
    wait_until_healthy(three_nodes.nodes, expect_nodes=3, status="green")
    assert backend.ingest(_synthetic("A/HRC/99/2"), "synthetic-2").status == "added"
    for query in QUERIES[1:]:
        total, _ = _top(backend, query)
        assert total == expected[query][0] + 2, query
    assert {"A/HRC/99/1", "A/HRC/99/2"} <= {r.symbol for r in backend.list_reports()}
    backend.close()
