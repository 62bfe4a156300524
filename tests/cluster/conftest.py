"""Session fixtures that start real OpenSearch nodes (cluster/nodes.py) and stop them after.

The tests here are the proof that the cluster backend works against a real server, so
nothing is faked: without Java they skip, naming why, and any other start failure is an
error with the node's log.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cluster.nodes import Cluster, JavaMissing, java_executable, start_cluster


def _require_java() -> None:
    try:
        java_executable()
    except JavaMissing as missing:
        pytest.skip(f"cluster tests need Java: {missing}")


@pytest.fixture(scope="session")
def single_node() -> Iterator[Cluster]:
    """One OpenSearch node for the whole session."""
    _require_java()
    try:
        cluster = start_cluster(1, cluster_name="fiqra-single")
    except JavaMissing as missing:
        pytest.skip(f"cluster tests cannot assemble OpenSearch: {missing}")
    yield cluster
    cluster.stop()


@pytest.fixture(scope="session")
def three_nodes() -> Iterator[Cluster]:
    """Three OpenSearch nodes in one cluster (for replica and failover tests)."""
    _require_java()
    try:
        cluster = start_cluster(3, cluster_name="fiqra-three")
    except JavaMissing as missing:
        pytest.skip(f"cluster tests cannot assemble OpenSearch: {missing}")
    yield cluster
    cluster.stop()
