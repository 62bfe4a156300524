"""Session fixtures that start real nodes of every distribution (cluster/nodes.py:
OpenSearch and Elasticsearch) and stop them after; each cluster test runs on each.

The tests here are the proof that the cluster backend works against a real server, so
nothing is faked: without Java they skip, naming why, and any other start failure is an
error with the node's log. A cluster, once started, serves the rest of the session (in
whatever order the tests run) and is stopped at its end.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from cluster.distribution import JavaMissing, java_executable
from cluster.nodes import DISTRIBUTIONS, Cluster, start_cluster
from corpus.symbols import symbol_from_filename
from indexer.backend import Backend
from indexer.cluster_backend import ClusterBackend, ClusterConfig
from indexer.ingest import ingest_file

ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS = [
    ROOT / "corpus" / "sample" / "A_HRC_28_56_ar.txt",
    *sorted((ROOT / "tests" / "fixtures" / "synthetic").glob("synthetic_A_HRC_*.txt")),
]


@pytest.fixture(scope="session")
def node_pool() -> Iterator[dict[tuple[str, int], Cluster]]:
    """The clusters started so far, by (distribution, size); all stopped at session end."""
    pool: dict[tuple[str, int], Cluster] = {}
    yield pool
    for cluster in pool.values():
        cluster.stop()


def started(pool: dict[tuple[str, int], Cluster], distribution: str, size: int) -> Cluster:
    """The pool's cluster of `size` nodes of `distribution`, started when first asked for."""
    if (distribution, size) not in pool:
        try:
            java_executable()
            pool[distribution, size] = start_cluster(
                size, distribution=DISTRIBUTIONS[distribution],
                cluster_name=f"fiqra-{distribution}-{size}",
            )
        except JavaMissing as missing:
            pytest.skip(f"cluster tests need Java and Maven: {missing}")
    return pool[distribution, size]


@pytest.fixture(scope="session", params=list(DISTRIBUTIONS))
def single_node(
    request: pytest.FixtureRequest, node_pool: dict[tuple[str, int], Cluster]
) -> Cluster:
    """One node of each distribution."""
    return started(node_pool, request.param, 1)


@pytest.fixture(scope="session", params=list(DISTRIBUTIONS))
def three_nodes(
    request: pytest.FixtureRequest, node_pool: dict[tuple[str, int], Cluster]
) -> Cluster:
    """Three nodes in one cluster, of each distribution (for replica and failover tests)."""
    return started(node_pool, request.param, 3)


def wipe(url: str) -> None:
    """Delete fiqra's indices so each test starts from an empty cluster (by name:
    Elasticsearch refuses to delete by wildcard)."""
    listing = f"{url}/_cat/indices/fiqra-*?format=json&h=index&expand_wildcards=all"
    with urllib.request.urlopen(listing, timeout=60) as response:
        names = [row["index"] for row in json.load(response)]
    if names:
        request = urllib.request.Request(f"{url}/{','.join(names)}", method="DELETE")
        with urllib.request.urlopen(request, timeout=60):
            pass


def fresh_backend(single: Cluster) -> ClusterBackend:
    """A ClusterBackend on a session's node, with no fiqra index in it yet."""
    wipe(single.url)
    return ClusterBackend(ClusterConfig(urls=[single.url]))


@pytest.fixture
def cluster_backend(single_node: Cluster) -> Iterator[ClusterBackend]:
    """A ClusterBackend on the session's node of each distribution, empty."""
    backend = fresh_backend(single_node)
    yield backend
    backend.close()


def ingest_corpus(*backends: Backend) -> None:
    """The bundled report and the synthetic fixture reports (named synthetic_<symbol>)."""
    for path in CORPUS:
        symbol, lang = symbol_from_filename(path.name.removeprefix("synthetic_"))
        for backend in backends:
            ingest_file(backend, path, symbol=symbol, lang=lang)
