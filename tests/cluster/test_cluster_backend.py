"""The cluster backend on a real node of each distribution, checked against the embedded one."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from corpus.readers import load_report
from indexer import cluster_backend as cluster_backend_module
from indexer.cluster_backend import CITATIONS, BulkError, ClusterBackend
from indexer.ingest import ingest_file
from indexer.sqlite_backend import SQLiteBackend
from tests.cluster.conftest import ingest_corpus
from tests.test_ingest_workers import check_reingest_reads_only_new_files

pytestmark = pytest.mark.cluster


def _put(url: str, path: str, body: dict[str, object]) -> None:
    request = urllib.request.Request(
        f"{url}/{path}", data=json.dumps(body).encode(), method="PUT",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30):
        pass


def test_ingest_read_search_delete(
    cluster_backend: ClusterBackend, sample_path: Path, sample_backend: SQLiteBackend,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert ingest_file(cluster_backend, sample_path).status == "added"
    assert ingest_file(cluster_backend, sample_path).status == "unchanged"
    report = load_report(sample_path)
    assert cluster_backend.get_report(report.symbol) == sample_backend.get_report(report.symbol)
    assert cluster_backend.get_paragraph(report.symbol, "ar", 9) == report.paragraph(9)
    [summary] = cluster_backend.list_reports()
    assert (summary.symbol, summary.paragraphs) == (report.symbol, len(report.paragraphs))
    assert cluster_backend.citations(report.symbol) == sample_backend.citations(report.symbol)
    results = cluster_backend.search("الأطفال", limit=5)
    assert results.total == sample_backend.search("الأطفال").total
    # Past the cap (10,000; 3 here) both say "more than that", counting no further.
    monkeypatch.setattr(cluster_backend, "total_cap", 3)
    monkeypatch.setattr(sample_backend, "total_cap", 3)
    capped = [(r.total, r.total_capped) for r in (cluster_backend.search("الأطفال"),
                                                    sample_backend.search("الأطفال"))]
    assert capped == [(3, True), (3, True)]
    monkeypatch.undo()
    assert all("<mark>" in hit.snippet for hit in results.hits)
    cited = cluster_backend.search("A/HRC/28/56 para. 9")
    assert [(h.symbol, h.paragraph) for h in cited.hits] == [(report.symbol, 9)]
    assert cluster_backend.delete(report.symbol) == 1
    assert cluster_backend.list_reports() == []
    assert cluster_backend.search("الأطفال").total == 0


def test_incoming_citations_match_embedded(
    cluster_backend: ClusterBackend, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedded = SQLiteBackend(tmp_path)
    ingest_corpus(cluster_backend, embedded)
    for summary in embedded.list_reports():
        assert cluster_backend.citations(summary.symbol) == embedded.citations(summary.symbol)
    assert cluster_backend.all_citations() == embedded.all_citations()
    symbol = "A/HRC/28/56"
    assert cluster_backend.cited_by_counts(symbol) == embedded.cited_by_counts(symbol)
    # A cited document outside the corpus: both answer with the paragraphs citing it, the
    # cluster grouping them in batches (of two here, to read several) however many cite it.
    monkeypatch.setattr(cluster_backend_module, "CITING_BATCH", 2)
    for query in ("A/69/262", "A/69/262 para. 9", "HRC res. 7/13"):
        for offset, limit in ((0, 10), (1, 2), (3, 100)):
            ours = cluster_backend.search(query, offset=offset, limit=limit)
            theirs = embedded.search(query, offset=offset, limit=limit)
            assert theirs.hits or offset, query
            assert ours.total == theirs.total, query
            assert [(h.symbol, h.paragraph, h.snippet) for h in ours.hits] == [
                (h.symbol, h.paragraph, h.snippet) for h in theirs.hits
            ]
    embedded.close()


def test_partial_bulk_failure_is_reported_and_undone(
    cluster_backend: ClusterBackend, single_node, sample_path: Path
) -> None:
    # A write block on the citations index makes only the citation documents fail.
    _put(single_node.url, f"{CITATIONS}/_settings", {"index.blocks.write": True})
    try:
        with pytest.raises(BulkError) as failure:
            ingest_file(cluster_backend, sample_path)
    finally:
        _put(single_node.url, f"{CITATIONS}/_settings", {"index.blocks.write": False})
    assert failure.value.failed
    assert all("|c" in doc for doc in failure.value.failed)
    assert "document(s) failed" in str(failure.value)
    assert cluster_backend.list_reports() == []
    assert cluster_backend.search("الأطفال").total == 0
    assert ingest_file(cluster_backend, sample_path).status == "added"


def test_reingest_never_shows_two_versions(
    cluster_backend: ClusterBackend, sample_path: Path, tmp_path: Path
) -> None:
    """Searches running while a report is replaced see the old or the new version."""
    import threading

    ingest_file(cluster_backend, sample_path)
    edited = tmp_path / sample_path.name
    edited.write_text(sample_path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    seen: list[int] = []
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            seen.append(cluster_backend.search('"خطوط المساعدة"', limit=50).total)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for _ in range(3):
            assert ingest_file(cluster_backend, edited).status == "replaced"
            assert ingest_file(cluster_backend, sample_path).status == "replaced"
    finally:
        done.set()
        watcher.join()
    once = cluster_backend.search('"خطوط المساعدة"', limit=50).total
    assert seen and set(seen) == {once}
    cluster_backend.delete("A/HRC/28/56")


def test_reingest_reads_only_new_files(cluster_backend: ClusterBackend, tmp_path: Path) -> None:
    check_reingest_reads_only_new_files(cluster_backend, tmp_path)
