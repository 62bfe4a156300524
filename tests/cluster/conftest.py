"""Session fixtures that start real OpenSearch nodes (cluster/nodes.py) and stop them after.

The tests here are the proof that the cluster backend works against a real server, so
nothing is faked: without Java they skip, naming why, and any other start failure is an
error with the node's log.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from cluster.nodes import Cluster, JavaMissing, java_executable, start_cluster
from corpus.symbols import symbol_from_filename
from indexer.backend import Backend
from indexer.cluster_backend import ClusterBackend, ClusterConfig
from indexer.ingest import ingest_file

ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS = [
    ROOT / "corpus" / "sample" / "A_HRC_28_56_ar.txt",
    *sorted((ROOT / "tests" / "fixtures" / "synthetic").glob("synthetic_A_HRC_*.txt")),
]


def _started(size: int, name: str) -> Cluster:
    try:
        java_executable()
        return start_cluster(size, cluster_name=name)
    except JavaMissing as missing:
        pytest.skip(f"cluster tests need Java and Maven: {missing}")


@pytest.fixture(scope="session")
def single_node() -> Iterator[Cluster]:
    """One OpenSearch node for the whole session."""
    cluster = _started(1, "fiqra-single")
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def three_nodes() -> Iterator[Cluster]:
    """Three OpenSearch nodes in one cluster (for replica and failover tests)."""
    cluster = _started(3, "fiqra-three")
    yield cluster
    cluster.stop()


def wipe(url: str) -> None:
    """Delete fiqra's indices so each test starts from an empty cluster."""
    request = urllib.request.Request(
        f"{url}/fiqra-*?expand_wildcards=all&ignore_unavailable=true", method="DELETE"
    )
    with urllib.request.urlopen(request, timeout=60):
        pass


@pytest.fixture
def cluster_backend(single_node: Cluster) -> Iterator[ClusterBackend]:
    """A ClusterBackend on the session's node, with no fiqra index in it yet."""
    wipe(single_node.url)
    backend = ClusterBackend(ClusterConfig(urls=[single_node.url]))
    yield backend
    backend.close()


def ingest_corpus(*backends: Backend) -> None:
    """The bundled report and the synthetic fixture reports (named synthetic_<symbol>)."""
    for path in CORPUS:
        symbol, lang = symbol_from_filename(path.name.removeprefix("synthetic_"))
        for backend in backends:
            ingest_file(backend, path, symbol=symbol, lang=lang)
