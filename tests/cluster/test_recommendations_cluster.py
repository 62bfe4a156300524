"""Recommendations on a real OpenSearch node, against the embedded backend: the same
filters, facets and citations (tests/recommendation_search.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.cluster_backend import ClusterBackend
from indexer.sqlite_backend import SQLiteBackend
from tests.recommendation_search import check_recommendations

pytestmark = pytest.mark.cluster


def test_recommendations_list_first_on_cluster(
    cluster_backend: ClusterBackend, tmp_path: Path
) -> None:
    embedded = SQLiteBackend(tmp_path / "embedded")
    try:
        check_recommendations(cluster_backend, embedded, tmp_path)
    finally:
        embedded.close()


def test_recommendations_list_last_on_cluster(
    cluster_backend: ClusterBackend, tmp_path: Path
) -> None:
    embedded = SQLiteBackend(tmp_path / "embedded")
    try:
        check_recommendations(embedded, cluster_backend, tmp_path)
    finally:
        embedded.close()
