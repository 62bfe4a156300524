"""The assembled OpenSearch node starts, answers and says who it is."""

from __future__ import annotations

import json
import urllib.request

import pytest

from cluster.nodes import OPENSEARCH_VERSION, Cluster, health

pytestmark = pytest.mark.cluster


def test_single_node_answers(single_node: Cluster) -> None:
    with urllib.request.urlopen(single_node.url, timeout=10) as response:
        info = json.load(response)
    assert info["version"]["distribution"] == "opensearch"
    assert info["version"]["number"] == OPENSEARCH_VERSION
    assert health(single_node.url)["status"] in ("green", "yellow")
