"""Parallel set edits on a real server (uvicorn, its worker threads): each change reads and
writes in one immediate transaction, so eight creates of one name give one set and seven
409s, and parallel appends keep positions unique and contiguous (paging skips nothing)."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from indexer.sets import ParagraphRef, SetNameTaken, SetStore, lookup
from indexer.sqlite_backend import SQLiteBackend
from tests.web_harness import serving

PARALLEL = 8
SYMBOL = "A/HRC/28/56"


@pytest.fixture
def server(sample_backend: SQLiteBackend, tmp_path: Path) -> Iterator[str]:
    with serving(create_app(sample_backend, SetStore(tmp_path / "sets.db"))) as url:
        yield url


def _together(calls: list) -> list:  # type: ignore[type-arg]
    """Run the calls in parallel threads, released at the same moment."""
    start = threading.Barrier(len(calls))

    def run(call):  # type: ignore[no-untyped-def]
        start.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def test_parallel_creates_of_one_name(server: str) -> None:
    with httpx.Client(base_url=server, timeout=60) as client:
        answers = _together([
            lambda n=n: client.post("/sets", json={
                "name": "مختارات", "items": [{"symbol": SYMBOL, "lang": "ar", "paragraph": n}]})
            for n in range(1, PARALLEL + 1)
        ])
        codes = sorted(a.status_code for a in answers)
        assert codes == [201] + [409] * (PARALLEL - 1), [a.text for a in answers]
        assert all("مختارات" in a.json()["detail"] for a in answers if a.status_code == 409)
        listed = client.get("/sets").json()
        assert [s["name"] for s in listed] == ["مختارات"] and listed[0]["size"] == 1
        # Renames to one name race the same way.
        other = [client.post("/sets", json={"name": f"s{n}"}).json()["id"] for n in range(4)]
        renamed = _together([lambda i=i: client.patch(f"/sets/{i}", json={"name": "واحد"})
                             for i in other])
        assert sorted(a.status_code for a in renamed) == [200, 409, 409, 409]


def test_parallel_appends_keep_positions_contiguous(server: str, tmp_path: Path) -> None:
    with httpx.Client(base_url=server, timeout=60) as client:
        set_id = client.post("/sets", json={"name": "سلة"}).json()["id"]
        batches = [[{"symbol": SYMBOL, "lang": "ar", "paragraph": 10 * k + n}
                    for n in range(1, 6)] for k in range(PARALLEL)]
        answers = _together([
            lambda b=b: client.post(f"/sets/{set_id}/items", json={"items": b}) for b in batches
        ])
        assert [a.status_code for a in answers] == [200] * PARALLEL
        # Inserts at the front and moves, in parallel with appends.
        front = _together([
            lambda n=n: client.post(f"/sets/{set_id}/items", json={
                "items": [{"symbol": SYMBOL, "lang": "ar", "paragraph": 80 + n}], "position": 0})
            for n in range(1, 5)
        ])
        assert [a.status_code for a in front] == [200] * 4
        size = 5 * PARALLEL + 4
        paged = [item for offset in range(0, size, 7) for item in client.get(
            f"/sets/{set_id}", params={"offset": offset, "limit": 7}).json()["items"]]
    assert [item["position"] for item in paged] == list(range(size))
    assert len({item["paragraph"] for item in paged}) == size
    with closing(sqlite3.connect(tmp_path / "sets.db")) as db:
        positions = [p for (p,) in db.execute(
            "SELECT position FROM set_items WHERE set_id = ? ORDER BY position", (set_id,))]
    assert positions == list(range(size))


def test_parallel_changes_on_one_store_many_rounds(
    sample_backend: SQLiteBackend, tmp_path: Path
) -> None:
    """The same races straight on the store, round after round (no HTTP spreading them)."""
    store = SetStore(tmp_path / "sets.db")
    excerpts = lookup([ParagraphRef(SYMBOL, "ar", n) for n in range(1, 81)], sample_backend)

    def create(name: str) -> str:
        try:
            store.create(name, excerpts[:2])
        except SetNameTaken:
            return "taken"
        return "created"

    for round_ in range(20):
        outcomes = _together([lambda r=round_: create(f"r{r}")] * PARALLEL)
        assert sorted(outcomes) == ["created"] + ["taken"] * (PARALLEL - 1)
    target = store.create("target").id
    for round_ in range(10):
        chunk = excerpts[8 * round_: 8 * round_ + 8]
        _together([lambda e=e: store.add(target, [e]) for e in chunk])
        with closing(sqlite3.connect(tmp_path / "sets.db")) as db:
            positions = [p for (p,) in db.execute(
                "SELECT position FROM set_items WHERE set_id = ? ORDER BY position", (target,))]
        assert positions == list(range(8 * round_ + 8))
