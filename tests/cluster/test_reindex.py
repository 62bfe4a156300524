"""A full reindex builds a new index version and swaps the alias while searches go on."""

from __future__ import annotations

import threading
import urllib.request

import pytest

from cluster.nodes import Cluster
from indexer.cluster_backend import PARAGRAPHS, ClusterBackend, ClusterConfig, reindex
from tests.cluster.conftest import ingest_corpus

pytestmark = pytest.mark.cluster
QUERY = "الأطفال"


def _indices(url: str) -> set[str]:
    with urllib.request.urlopen(f"{url}/_cat/indices/fiqra-*?h=index", timeout=30) as response:
        return set(response.read().decode().split())


def test_search_during_reindex(cluster_backend: ClusterBackend, single_node: Cluster) -> None:
    ingest_corpus(cluster_backend)
    before = cluster_backend.search(QUERY, limit=10)
    version = cluster_backend.current_version()
    seen: list[int] = []
    errors: list[BaseException] = []
    done = threading.Event()

    def search_until_done() -> None:
        reader = ClusterBackend(ClusterConfig(urls=[single_node.url]))
        try:
            while not done.is_set() or not seen:
                seen.append(reader.search(QUERY, limit=10).total)
        except BaseException as error:  # reported by the main thread
            errors.append(error)
        finally:
            reader.close()

    searcher = threading.Thread(target=search_until_done)
    searcher.start()
    try:
        outcome = reindex(cluster_backend)
    finally:
        done.set()
        searcher.join(60)
    assert not errors
    print(f"{len(seen)} searches during a reindex of {outcome.units} units "
          f"in {outcome.seconds:.2f}s")
    assert seen and set(seen) == {before.total}
    assert (outcome.old_version, outcome.new_version) == (version, version + 1)
    assert cluster_backend.current_version() == version + 1
    indices = _indices(single_node.url)
    assert f"{PARAGRAPHS}-v{version + 1}" in indices
    assert f"{PARAGRAPHS}-v{version}" not in indices
    after = cluster_backend.search(QUERY, limit=10)
    assert [(h.symbol, h.paragraph) for h in after.hits] == [
        (h.symbol, h.paragraph) for h in before.hits
    ]
