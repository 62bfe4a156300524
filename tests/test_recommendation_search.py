"""Recommendations on the embedded backend: tag filters, facets, citations, and the
thematic list ingested before or after its report (tests/recommendation_search.py)."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

from exports import ExportMeta, export, export_format, query_export_excerpts
from indexer.ingest import ingest_file
from indexer.sqlite_backend import SQLiteBackend
from tests.recommendation_search import REPORT, check_recommendations


def test_recommendations_embedded(tmp_path: Path) -> None:
    first, second = SQLiteBackend(tmp_path / "first"), SQLiteBackend(tmp_path / "second")
    try:
        check_recommendations(first, second, tmp_path)
    finally:
        first.close()
        second.close()


def test_exports_cite_recommendations(tmp_path: Path) -> None:
    """A query export holds each recommendation found on its own, cited `para. 3.1`."""
    backend = SQLiteBackend(tmp_path)
    try:
        ingest_file(backend, REPORT)
        out = BytesIO()
        excerpts = query_export_excerpts(backend, "state:France")
        export(export_format("jsonl"), excerpts, backend, out, ExportMeta("state:France"))
        records = [json.loads(line) for line in out.getvalue().decode().splitlines()]
        assert [(r["citation"], r["item"]) for r in records] == [
            ("A/HRC/99/15, para. 3.1", "3.1"), ("A/HRC/99/15, para. 3.3", "3.3")
        ]
        assert records[0]["text"] == (
            "Ratify the Optional Protocol to the Convention against Torture (France);"
        )
    finally:
        backend.close()
