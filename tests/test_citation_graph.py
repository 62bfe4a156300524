"""Citations stored with both ends: a synthetic mandate series in two languages, the
bundled report's outgoing references, and the surfaces (CLI, API) that walk them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from indexer.ingest import ingest_file, ingest_paths
from indexer.sqlite_backend import SQLiteBackend

SERIES = Path(__file__).parent / "fixtures" / "synthetic" / "series"


@pytest.fixture(scope="module")
def series_dir(tmp_path_factory: pytest.TempPathFactory, sample_path: Path) -> Path:
    data = tmp_path_factory.mktemp("series")
    backend = SQLiteBackend(data)
    done, failed = ingest_paths(backend, [SERIES])
    assert not failed and len(done) == 7
    ingest_file(backend, sample_path)
    backend.close()
    return data


@pytest.fixture
def backend(series_dir: Path) -> Iterator[SQLiteBackend]:
    b = SQLiteBackend(series_dir)
    yield b
    b.close()


def edges(cites: list) -> set[tuple]:
    return {(c.symbol, c.lang, c.paragraph, c.target, tuple(c.target_paragraphs)) for c in cites}


def test_cited_by_is_paragraph_precise_in_both_languages(backend: SQLiteBackend) -> None:
    _, incoming = backend.citations("A/HRC/91/40", 3)
    assert edges(incoming) == {
        ("A/HRC/94/41", "ar", 1, "A/HRC/91/40", (2, 3)),
        ("A/HRC/94/41", "en", 1, "A/HRC/91/40", (2, 3)),
        ("A/HRC/94/41", "ar", 2, "A/HRC/91/40", (3,)),
        ("A/HRC/94/41", "en", 2, "A/HRC/91/40", (3,)),
    }
    assert all(c.resolved for c in incoming)
    _, to_four = backend.citations("A/HRC/91/40", 4)
    assert {(c.symbol, c.paragraph) for c in to_four} == {("A/HRC/97/42", 1), ("A/HRC/97/42", 2)}
    assert backend.cited_by_counts("A/HRC/91/40") == {2: 2, 3: 2, 4: 2}


def test_addendum_is_linked_to_its_base(backend: SQLiteBackend) -> None:
    outgoing, incoming = backend.citations("A/HRC/94/41")
    assert ("A/HRC/94/41", "en", 3, "A/HRC/94/41/Add.1", ()) in edges(outgoing)
    assert any(c.symbol == "A/HRC/94/41/Add.1" and c.target_paragraphs == [3] for c in incoming)
    assert all(c.symbol != "A/HRC/94/41" for c in incoming)


def test_reingest_replaces_outgoing_citations(tmp_path: Path) -> None:
    b = SQLiteBackend(tmp_path / "d")
    ingest_paths(b, [SERIES])
    edited = tmp_path / "A_HRC_97_42_en.txt"
    text = (SERIES / "A_HRC_97_42_en.txt").read_text(encoding="utf-8")
    edited.write_text(
        text.replace("A/HRC/91/40, para. 4", "A/HRC/91/40, para. 2"), encoding="utf-8"
    )
    assert ingest_file(b, edited).status == "replaced"
    outgoing, _ = b.citations("A/HRC/97/42", 2)
    assert {(c.lang, tuple(c.target_paragraphs)) for c in outgoing} == {("en", (2,)), ("ar", (4,))}
    b.close()


def test_series_predecessor_and_successor(
    series_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--data", str(series_dir), "report", "A/HRC/94/41", "--json"]) == 0
    related = json.loads(capsys.readouterr().out)["related"]
    assert related["predecessor"] == "A/HRC/91/40"
    assert related["successor"] == "A/HRC/97/42"
    assert related["addenda"] == ["A/HRC/94/41/Add.1"]
    assert main(["--data", str(series_dir), "report", "A/HRC/94/41/Add.1", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["related"]["base"] == "A/HRC/94/41"


def test_cli_citations_contract(series_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--data", str(series_dir), "citations", "A/HRC/28/56", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["incoming"] == []
    for item in data["outgoing"]:
        assert {"paragraph", "target", "target_paragraphs", "kind", "resolved"} <= item.keys()
    by_para = {(o["paragraph"], o["target"]): o for o in data["outgoing"]}
    assert by_para[(9, "A/69/262")]["target_paragraphs"] == list(range(8, 21))
    assert by_para[(9, "A/69/262")]["resolved"] is False
    assert by_para[(1, "HRC res. 7/13")]["kind"] == "resolution"
    assert (1, "HRC res. 25/6") in by_para


def test_api_graph_and_citations(backend: SQLiteBackend) -> None:
    client = TestClient(create_app(backend))
    data = client.get("/reports/A/HRC/91/40/citations", params={"paragraph": 3}).json()
    assert {c["symbol"] for c in data["incoming"]} == {"A/HRC/94/41"}
    graph = client.get("/citations/graph", params={"symbols": "A/HRC/97/42,A/HRC/94/41"}).json()
    pairs = {(e["source"], e["target"]) for e in graph["edges"]}
    assert {
        ("A/HRC/97/42", "A/HRC/91/40"),
        ("A/HRC/97/42", "A/HRC/94/41"),
        ("A/HRC/94/41", "A/HRC/91/40"),
    } <= pairs
    csv = client.get("/citations/graph", params={"format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0] == "source,target,kind,resolved,weight,paragraphs"
    assert "A/HRC/28/56,A/69/262,document,false" in csv.text


def test_fixtures_are_marked_synthetic() -> None:
    for path in SERIES.iterdir():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert "SYNTHETIC" in first or "اصطناعية" in first
