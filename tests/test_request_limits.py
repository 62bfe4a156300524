"""Bounded work per request: every cap answers a 4xx that names it, a request past its time
budget stops with 503, and a 422 never echoes the input back.

The large corpus is SYNTHETIC, built here: 10,001 short paragraphs that one word matches.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.limits import MAX_BODY_BYTES
from corpus.model import Paragraph, Report
from indexer.hit_stream import MAX_QUERY_HITS
from indexer.query import MAX_CLAUSES, MAX_PREFIXES
from indexer.search_plan import MAX_RESULT_WINDOW
from indexer.sets import MAX_ITEMS_PER_CHANGE, MAX_SET_ITEMS, SetStore
from indexer.sqlite_backend import SQLiteBackend

SYMBOL = "A/HRC/28/56"
ITEM = {"symbol": SYMBOL, "lang": "ar", "paragraph": 9}


@pytest.fixture
def client(sample_backend: SQLiteBackend, tmp_path: Path) -> TestClient:
    return TestClient(create_app(sample_backend, SetStore(tmp_path / "sets.db")))


def test_body_larger_than_the_cap_is_413(client: TestClient) -> None:
    set_id = client.post("/sets", json={"name": "s"}).json()["id"]
    big = b'{"items": [' + b",".join([b'{"symbol":"A/HRC/28/56","lang":"ar","paragraph":9}']
                                      * (MAX_BODY_BYTES // 40)) + b"]}"
    answer = client.put(f"/sets/{set_id}/items", content=big,
                        headers={"Content-Type": "application/json"})
    assert answer.status_code == 413 and "max body size" in answer.json()["detail"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        for start in range(0, len(big), 65536):
            yield big[start:start + 65536]

    answer = client.put(f"/sets/{set_id}/items", content=chunks(),
                        headers={"Content-Type": "application/json"})
    assert answer.status_code == 413
    assert client.get(f"/sets/{set_id}").json()["size"] == 0


def test_items_per_request_capped_and_422_does_not_echo(client: TestClient) -> None:
    set_id = client.post("/sets", json={"name": "s"}).json()["id"]
    answer = client.post(f"/sets/{set_id}/items",
                         json={"items": [ITEM] * (MAX_ITEMS_PER_CHANGE + 1)})
    assert answer.status_code == 422
    assert str(MAX_ITEMS_PER_CHANGE) in answer.text and len(answer.content) < 2000
    marker = "ا" * 200_000
    answer = client.post("/sets", json={"name": "t", "items": [{**ITEM, "symbol": marker}]})
    assert answer.status_code == 422
    assert marker[:100] not in answer.text and len(answer.content) < 2000


@pytest.mark.parametrize(
    ("query", "named"),
    [
        (" ".join(f"كلمة{n}" for n in range(MAX_CLAUSES + 1)), "clauses per query"),
        (" ".join(f"كلم{n}*" for n in range(MAX_PREFIXES + 1)), "prefix expansions"),
    ],
)
def test_query_caps_are_named(client: TestClient, query: str, named: str) -> None:
    answer = client.get("/search", params={"q": query})
    assert answer.status_code == 400 and named in answer.json()["detail"]


def test_result_window_is_named(client: TestClient) -> None:
    answer = client.get("/search", params={"q": "الأطفال", "offset": MAX_RESULT_WINDOW - 50,
                                           "limit": 100})
    assert answer.status_code == 400 and "result window" in answer.json()["detail"]
    assert client.get("/search", params={"q": "الأطفال", "offset": MAX_RESULT_WINDOW - 100,
                                         "limit": 100}).status_code == 200


def test_time_budget_stops_long_work_with_503(
    sample_backend: SQLiteBackend, tmp_path: Path
) -> None:
    app = create_app(sample_backend, SetStore(tmp_path / "sets.db"), request_seconds=0)
    client = TestClient(app)
    answer = client.get("/export", params={"q": "الأطفال", "format": "csv"})
    assert answer.status_code == 503 and "time budget" in answer.json()["detail"]
    answer = client.post("/sets", json={"name": "all", "query": {"q": "الأطفال"}})
    assert answer.status_code == 503
    assert client.get("/sets").json() == []  # nothing half made
    assert client.get("/search", params={"q": "الأطفال"}).status_code == 200


@pytest.fixture(scope="module")
def broad(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """SYNTHETIC: 10,001 paragraphs in 11 reports, each holding the word حماية."""
    data = tmp_path_factory.mktemp("broad")
    backend = SQLiteBackend(data)
    for index in range(11):
        count = 1000 if index < 10 else 1
        paragraphs = [Paragraph(n, f"حماية الفقرة رقم {n}", ["SYNTHETIC"])
                      for n in range(1, count + 1)]
        backend.ingest(Report(f"A/HRC/93/{index + 1}", "ar", title="SYNTHETIC broad",
                              paragraphs=paragraphs), f"{index:064d}")
    yield TestClient(create_app(backend, SetStore(data / "sets.db")))
    backend.close()


@pytest.mark.slow
def test_export_and_set_size_caps_are_named(broad: TestClient) -> None:
    found = broad.get("/search", params={"q": "حماية"}).json()
    assert (found["total"], found["total_capped"]) == (MAX_QUERY_HITS, True)  # "10,000+"
    found = broad.get("/search", params={"q": "حماية", "symbol": "A/HRC/93/1"}).json()
    assert (found["total"], found["total_capped"]) == (1000, False)
    answer = broad.get("/export", params={"q": "حماية", "format": "jsonl"})
    assert answer.status_code == 400 and "export size" in answer.json()["detail"]
    answer = broad.post("/sets", json={"name": "all", "query": {"q": "حماية"}})
    assert answer.status_code == 400 and "export size" in answer.json()["detail"]
    narrowed = broad.get("/export", params={"q": "حماية", "symbol": "A/HRC/93/1",
                                            "format": "jsonl"})
    assert narrowed.status_code == 200 and len(narrowed.text.splitlines()) == 1000
    set_id = broad.post("/sets", json={"name": "big"}).json()["id"]
    for index in range(10):
        added = broad.post(f"/sets/{set_id}/query",
                           json={"q": "حماية", "symbol": f"A/HRC/93/{index + 1}"})
        assert added.status_code == 200, added.text
    full = broad.post(f"/sets/{set_id}/query", json={"q": "حماية", "symbol": "A/HRC/93/11"})
    assert full.status_code == 400 and "set size" in full.json()["detail"]
    assert broad.get(f"/sets/{set_id}", params={"limit": 1}).json()["size"] == MAX_SET_ITEMS
