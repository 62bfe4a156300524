"""The assembled node of each distribution starts, answers and says who it is."""

from __future__ import annotations

import json
import urllib.request

import pytest

from cluster.nodes import Cluster, health
from indexer.cluster_backend import ClusterConfig, server_distribution

pytestmark = pytest.mark.cluster


def test_single_node_answers(single_node: Cluster) -> None:
    with urllib.request.urlopen(single_node.url, timeout=10) as response:
        info = json.load(response)
    assert info["version"]["number"] == single_node.distribution.version
    config = ClusterConfig(urls=[single_node.url])
    assert server_distribution(config) == single_node.distribution.name
    assert health(single_node.url)["status"] in ("green", "yellow")
