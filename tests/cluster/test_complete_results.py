"""Every match, once: the pages of a search, a query export and a set built from a query hold
exactly the paragraphs counted in `total`, on every backend (embedded, each distribution).

The corpus is SYNTHETIC and generated here: reports of near-duplicate paragraphs (a few
sentences, repeated with small changes), so scores tie by the hundred and more paragraphs
match than any ranking window holds — where pages overlapped and exports dropped matches.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from cluster.nodes import DISTRIBUTIONS
from corpus.model import Paragraph, Report
from indexer.backend import Backend
from indexer.hit_stream import query_excerpts, query_excerpts_by_report
from indexer.sets import SetStore
from indexer.sqlite_backend import SQLiteBackend
from tests.cluster.conftest import fresh_backend, started

pytestmark = pytest.mark.slow

REPORTS, PARAGRAPHS = 14, 40  # 560 Arabic paragraphs, and English versions of 4 reports
ARABIC = [
    "تؤكد المقررة الخاصة أهمية حماية الأطفال من الاستغلال",
    "تؤكد المقررة الخاصة أهمية حماية الأطفال من الاستغلال الجنسي",
    "توصي المقررة الخاصة الدول بحماية الأطفال",
    "حماية الأطفال واجب على الدول",
    "تدعو المقررة الخاصة إلى التعاون الدولي",
]
ENGLISH = [
    "The Special Rapporteur stresses the protection of children from exploitation",
    "The Special Rapporteur recommends that States protect children",
    "International cooperation protects children",
]
QUERIES = ["الأطفال", "حماية الأطفال", "استغل*", "المقررة OR children", "الدول NOT التعاون"]


def near_duplicates() -> Iterator[Report]:
    """SYNTHETIC reports whose paragraphs are the sentences above, seeded."""
    rng = random.Random(15)
    for index in range(REPORTS):
        symbol = f"A/HRC/95/{index + 1}"
        for lang, pool in (("ar", ARABIC), ("en", ENGLISH)):
            if lang == "en" and index % 4:
                continue
            paragraphs = [
                Paragraph(n, rng.choice(pool) + (" " + rng.choice(pool) if n % 7 == 0 else ""),
                          ["SYNTHETIC"])
                for n in range(1, PARAGRAPHS + 1)
            ]
            yield Report(symbol, lang, title=f"SYNTHETIC near-duplicates {index + 1}",
                         paragraphs=paragraphs, metadata={"synthetic": True})


@pytest.fixture(params=["embedded", *DISTRIBUTIONS])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """Every backend (embedded, a node of each distribution), holding the near-duplicates."""
    if request.param == "embedded":
        chosen: Backend = SQLiteBackend(tmp_path / "data")
    else:
        chosen = fresh_backend(started(request.getfixturevalue("node_pool"), request.param, 1))
    for report in near_duplicates():
        digest = hashlib.sha256(json.dumps(report.to_dict()).encode()).hexdigest()
        chosen.ingest(report, digest)
    yield chosen
    chosen.close()


def _paged(backend: Backend, query: str, size: int) -> tuple[int, list[tuple]]:
    total, keys, offset = None, [], 0
    while True:
        page = backend.search(query, limit=size, offset=offset)
        total = page.total if total is None else total
        assert page.total == total, "the total changed between pages"
        keys += [(h.symbol, h.lang, h.paragraph, h.kind) for h in page.hits]
        offset += size
        if offset >= total:
            return total, keys


@pytest.mark.parametrize("query", QUERIES)
def test_pages_hold_every_match_once(backend: Backend, query: str) -> None:
    total, by_seven = _paged(backend, query, 7)
    assert total > 200, "the corpus must match more paragraphs than a ranking window"
    assert len(by_seven) == total
    assert len(set(by_seven)) == total, "pages overlap"
    _, by_hundred = _paged(backend, query, 100)
    assert by_hundred == by_seven, "the order depends on the page size"


@pytest.mark.parametrize("query", QUERIES)
def test_exports_and_sets_hold_every_match(backend: Backend, query: str, tmp_path: Path) -> None:
    total, keys = _paged(backend, query, 100)
    paragraphs = {(s, lang, n) for s, lang, n, _ in keys}
    streamed = [(e.symbol, e.lang, e.paragraph) for e in query_excerpts(backend, query)]
    assert len(streamed) == len(paragraphs) and set(streamed) == paragraphs
    by_report = [(e.symbol, e.lang, e.paragraph) for e in query_excerpts_by_report(backend, query)]
    assert sorted(by_report) == sorted(paragraphs)

    client = TestClient(create_app(backend, SetStore(tmp_path / "sets.db")))
    exported = client.get("/export", params={"q": query, "format": "jsonl"})
    assert exported.status_code == 200, exported.text
    rows = [json.loads(line) for line in exported.text.splitlines()]
    assert sorted((r["symbol"], r["lang"], r["paragraph"]) for r in rows) == sorted(paragraphs)
    created = client.post("/sets", json={"name": "all", "query": {"q": query}})
    assert created.status_code == 201, created.text
    assert created.json()["size"] == len(paragraphs) == total
