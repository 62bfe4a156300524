"""Recommendations on a real OpenSearch node, against the embedded backend: the same
filters, facets and citations (tests/recommendation_search.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.cluster_backend import ClusterBackend
from indexer.sqlite_backend import SQLiteBackend
from tests.recommendation_search import check_recommendations

pytestmark = pytest.mark.cluster


@pytest.mark.parametrize("list_first", ["cluster", "embedded"])
def test_recommendations_on_cluster(
    cluster_backend: ClusterBackend, tmp_path: Path, list_first: str
) -> None:
    """The thematic list ingested before its report on one backend and after it on the
    other, each way round."""
    embedded = SQLiteBackend(tmp_path / "embedded")
    try:
        if list_first == "cluster":
            check_recommendations(cluster_backend, embedded, tmp_path)
        else:
            check_recommendations(embedded, cluster_backend, tmp_path)
    finally:
        embedded.close()
