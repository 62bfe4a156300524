"""The real UPR Working Group report A/HRC/28/15 (g1423930.pdf, as the UN publishes it) and
its real OHCHR thematic list: paragraph 115 holds recommendations 115.1–115.163, each with
the States the thematic list names for it, and every row of the list attaches."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from corpus.model import Report
from corpus.readers import load_report
from corpus.readers.thematic_list import read_thematic_list
from corpus.recommendations import is_recommendation
from indexer.hit_stream import search_all
from indexer.ingest import ingest_file
from indexer.sets import SetStore
from indexer.sqlite_backend import SQLiteBackend

REAL = Path(__file__).resolve().parent / "data" / "real"
REPORT = REAL / "g1423930.pdf"
THEMATIC_LIST = REAL / "UPR20__Slovenia_ThematicListRecommendations_E.docx"


@pytest.fixture(scope="module")
def report() -> Report:
    return load_report(REPORT)


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SQLiteBackend]:
    store = SQLiteBackend(tmp_path_factory.mktemp("a_hrc_28_15"))
    ingest_file(store, REPORT)
    yield store
    store.close()


def test_paragraph_115_holds_163_recommendations(report: Report) -> None:
    assert report.symbol == "A/HRC/28/15"
    paragraph = report.paragraph(115)
    assert paragraph is not None
    assert [i.label for i in paragraph.items] == [f"115.{n}" for n in range(1, 164)]
    items = {i.label: i for i in paragraph.items}
    assert items["115.3"].states == ["Portugal", "Slovakia"]
    assert items["115.8"].states == [
        "Senegal", "Sierra Leone", "Venezuela (Bolivarian Republic of)", "Peru", "Uruguay"
    ]
    assert items["115.72"].states == ["the former Yugoslav Republic of Macedonia"]
    assert items["115.163"].text == (
        "Establish conventions that will guarantee the non-violation of migrants’ rights"
        " (Nigeria)."
    )
    # No other paragraph of the report is a list of recommendations (paragraph 3 has
    # lettered items).
    assert [p.number for p in report.paragraphs
            if any(is_recommendation(i) for i in p.items)] == [115]


def test_states_agree_with_the_thematic_list(report: Report) -> None:
    """Two documents published apart name the same States for every recommendation."""
    listed = read_thematic_list(THEMATIC_LIST.read_bytes(), THEMATIC_LIST.name)
    assert listed is not None and listed.symbol == report.symbol
    paragraph = report.paragraph(115)
    assert paragraph is not None
    read = {i.label: i.states for i in paragraph.items}
    assert {i.label: i.states for i in listed.items} == read


def test_thematic_list_attaches_and_filters(backend: SQLiteBackend) -> None:
    outcome = ingest_file(backend, THEMATIC_LIST)
    assert outcome.found["recommendation_list"] == {"rows": 163, "attached": 163}
    stored = backend.get_report("A/HRC/28/15")
    assert stored is not None
    items = stored.paragraph(115).items  # type: ignore[union-attr]
    assert all(i.position in ("supported", "noted") for i in items)
    france = [i.label for i in items if "France" in i.states]
    assert france
    found = backend.search("state:France", limit=200)
    assert sorted(h.item for h in found.hits) == sorted(france)
    supported = backend.search("position:supported", limit=200)
    assert supported.total == 142
    assert backend.search("position:supported", facets=True).facets["position"] == [
        {"value": "supported", "count": 142}, {"value": "noted", "count": 21}
    ]
    norms = backend.search('theme:"Acceptance of international norms"', limit=200)
    assert norms.total == 19
    assert {h.item for h in norms.hits} >= {"115.1", "115.2", "115.3", "115.4"}
    for query in ("A/HRC/28/15 para. 115.3", "A/HRC/28/15, 115.3"):
        [hit] = backend.search(query).hits
        assert (hit.paragraph, hit.item, hit.kind) == (115, "115.3", "recommendation")
        assert hit.text.startswith("Ratify the Optional Protocol to the Rights of the Child")


def test_a_set_from_a_query_holds_the_recommendations_found(
    backend: SQLiteBackend, tmp_path: Path
) -> None:
    """Built from a query, a set holds exactly the search's hits: each recommendation with its
    label and text (not its whole paragraph 115), each once; editable and exported as such."""
    query = "ratify convention"
    hits = list(search_all(backend, query))
    found = [(h.paragraph, h.item if h.kind == "recommendation" else None) for h in hits]
    recommendations = [(h.paragraph, h.item, h.text) for h in hits if h.kind == "recommendation"]
    assert len(recommendations) >= 5
    client = TestClient(create_app(backend, SetStore(tmp_path / "sets.db")))
    made = client.post("/sets", json={"name": "protocols", "query": {"q": query}})
    assert made.status_code == 201, made.text
    held = client.get(f"/sets/{made.json()['id']}").json()["items"]
    assert len(held) == made.json()["size"] == len(dict.fromkeys(found))
    assert [(i["paragraph"], i["item"], i["text"]) for i in held if i["item"]] == recommendations
    whole = backend.get_paragraph("A/HRC/28/15", "en", 115).text  # type: ignore[union-attr]
    assert all(i["text"] != whole for i in held if i["item"])
    first = next(i for i in held if i["item"])
    assert first["citation"] == f"A/HRC/28/15, para. {first['item']}"
    # A recommendation is addressed by its label: moved, removed, added back on its own.
    address = {k: first[k] for k in ("symbol", "lang", "paragraph", "item")}
    set_id = made.json()["id"]
    assert client.post(f"/sets/{set_id}/items/move", json={"item": address, "to": 0}).is_success
    removed = client.post(f"/sets/{set_id}/items/remove", json={"items": [address]})
    assert removed.is_success and removed.json()["size"] == len(held) - 1
    added = client.post(f"/sets/{set_id}/items", json={"items": [address]})
    assert added.is_success and added.json()["size"] == len(held)
    gone = client.post(f"/sets/{set_id}/items", json={"items": [{**address, "item": "115.999"}]})
    assert gone.status_code == 400 and "para. 115.999" in gone.json()["detail"]
    exported = client.get(f"/sets/{set_id}/export", params={"format": "csv"}).text
    assert f"A/HRC/28/15, para. {first['item']}" in exported
