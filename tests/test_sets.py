"""Paragraph sets through the real SQLite backend: building, editing, sharing, surviving
re-ingestion, and refusing bad input without changing what is stored (store, CLI, API)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from corpus.citations import paragraph_ranges
from exports import excerpt_record
from indexer.citation_lists import parse_citation_list
from indexer.hit_stream import query_excerpts
from indexer.sets import (
    ParagraphRef,
    SetNameTaken,
    SetNotFound,
    SetStore,
    UnknownParagraphs,
    lookup,
)
from indexer.sqlite_backend import SQLiteBackend
from tests.recommendation_search import REPORT as UPR_REPORT
from tests.sets_corpus import FOOTNOTED, footnoted_report, ingest_test_corpus

SYMBOL = "A/HRC/28/56"


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    backend = SQLiteBackend(tmp_path / "data")
    ingest_test_corpus(backend)
    backend.close()
    return tmp_path / "data"


@pytest.fixture
def backend(data_dir: Path) -> Iterator[SQLiteBackend]:
    backend = SQLiteBackend(data_dir)
    yield backend
    backend.close()


@pytest.fixture
def store(data_dir: Path) -> SetStore:
    return SetStore.in_data_dir(data_dir)


def refs(*numbers: int, symbol: str = SYMBOL, lang: str = "ar") -> list[ParagraphRef]:
    return [ParagraphRef(symbol, lang, n) for n in numbers]


def snapshot(store: SetStore) -> list[tuple[str, str, list[ParagraphRef]]]:
    return [(s.id, s.name, store.refs(s.id)) for s in store.all_sets()]


def test_citation_list_builds_an_ordered_set(store: SetStore, backend: SQLiteBackend) -> None:
    cited = parse_citation_list("A/HRC/28/56، الفقرات 38-40\nA/HRC/28/56, para. 9", "ar")
    made = store.create("الاستدراج", lookup(cited, backend))
    assert made.size == 4 and store.refs(made.id) == refs(38, 39, 40, 9)
    assert store.get("الاستدراج").id == made.id == store.get(made.id).id
    [first, *_] = store.excerpts(made.id, backend)
    assert first.text == backend.get_paragraph(SYMBOL, "ar", 38).text and not first.missing
    assert SetStore.in_data_dir(store.path.parent).refs(made.id) == refs(38, 39, 40, 9)


def test_all_hits_of_a_query_in_result_order(store: SetStore, backend: SQLiteBackend) -> None:
    hits = backend.search("الاغواء", symbol=SYMBOL, limit=100).hits
    made = store.create("hits", query_excerpts(backend, "الاغواء", symbol=SYMBOL))
    assert store.refs(made.id) == refs(*(h.paragraph for h in hits))
    assert store.add(made.id, query_excerpts(backend, "الاغواء", symbol=SYMBOL)) == 0


def test_edit_add_at_position_remove_move_reorder(
    store: SetStore, backend: SQLiteBackend
) -> None:
    made = store.create("edit", lookup(refs(1, 2, 3), backend))
    assert store.add("edit", lookup(refs(9, 2), backend), position=1) == 1
    assert store.refs(made.id) == refs(1, 9, 2, 3)
    store.move("edit", ParagraphRef(SYMBOL, "ar", 3), 0)
    assert store.refs(made.id) == refs(3, 1, 9, 2)
    assert store.remove("edit", refs(9)) == 1
    assert store.refs(made.id) == refs(3, 1, 2)
    store.reorder("edit", refs(2, 3, 1))
    assert store.refs(made.id) == refs(2, 3, 1)
    assert store.rename("edit", "edited").name == "edited" and store.get(made.id).size == 3
    store.delete(made.id)
    assert store.all_sets() == []


def test_bad_input_changes_nothing(store: SetStore, backend: SQLiteBackend) -> None:
    store.create("kept", lookup(refs(1, 2), backend))
    before = snapshot(store)
    attempts = [
        lambda: store.add("kept", lookup(refs(3, 999), backend)),
        lambda: store.create("new", lookup(refs(3, 999), backend)),
        lambda: store.create("x" * 201),
        lambda: store.create("bad\nname"),
        lambda: store.create("tab\tname"),
        lambda: store.create("   "),
        lambda: store.create("kept"),
        lambda: store.rename("kept", "a\x00b"),
        lambda: store.remove("kept", refs(1, 50)),
        lambda: store.move("kept", ParagraphRef(SYMBOL, "ar", 1), 5),
        lambda: store.move("kept", ParagraphRef(SYMBOL, "ar", 7), 0),
        lambda: store.reorder("kept", refs(1)),
        lambda: store.add("kept", lookup(refs(3), backend), position=9),
        lambda: store.add("nope", lookup(refs(3), backend)),
        lambda: store.create("q", query_excerpts(backend, '"open')),
        lambda: parse_citation_list("no symbol here", "ar"),
        lambda: ParagraphRef.checked(SYMBOL, "xx", 1),
    ]
    for attempt in attempts:
        with pytest.raises(ValueError) as caught:
            attempt()
        assert str(caught.value)
    assert snapshot(store) == before
    with pytest.raises(UnknownParagraphs, match=r"para\. 999"):
        lookup(refs(999), backend)
    with pytest.raises(SetNameTaken):
        store.create("kept")
    with pytest.raises(SetNotFound):
        store.get("missing")
    assert store.create("x" * 200).name == "x" * 200


def test_set_survives_reingestion_with_missing_flag(
    store: SetStore, backend: SQLiteBackend
) -> None:
    made = store.create("versions", lookup(refs(1, 2, 3, symbol=FOOTNOTED), backend))
    old_text = backend.get_paragraph(FOOTNOTED, "ar", 2).text
    backend.ingest(footnoted_report("ar", drop=2, revision=" (مُنقَّح)"), "new version")
    items = list(store.excerpts(made.id, backend))
    assert [(e.paragraph, e.missing) for e in items] == [(1, False), (2, True), (3, False)]
    assert items[0].text.endswith("(مُنقَّح)") and items[0].footnotes
    assert items[1].text == old_text and items[1].section == ["أولاً- مقدمة"]
    assert store.refs(made.id) == refs(1, 2, 3, symbol=FOOTNOTED)


# -- command line ---------------------------------------------------------------------


def run(data_dir: Path, *args: str) -> int:
    return main(["--data", str(data_dir), *args])


def test_cli_sets_commands(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(data_dir, "sets", "create", "مختارات", "A/HRC/28/56، الفقرات 8-10",
               "--lang", "ar") == 0
    assert run(data_dir, "sets", "add", "مختارات", "--query", "الاغواء", "--symbol", SYMBOL,
               "--at", "1") == 0
    assert run(data_dir, "sets", "move", "مختارات", "A/HRC/28/56, para. 10", "--lang", "ar",
               "--to", "1") == 0
    assert run(data_dir, "sets", "remove", "مختارات", "A/HRC/28/56, para. 8", "--lang",
               "ar") == 0
    store = SetStore.in_data_dir(data_dir)
    order = store.refs("مختارات")
    assert order[0] == ParagraphRef(SYMBOL, "ar", 10) and order[-1] == refs(9)[0]
    assert ParagraphRef(SYMBOL, "ar", 8) not in order
    capsys.readouterr()
    assert run(data_dir, "sets", "show", "مختارات") == 0
    assert "1. A/HRC/28/56، الفقرة 10 [ar]" in capsys.readouterr().out
    assert run(data_dir, "sets", "list") == 0
    assert f"{len(order):5} paragraphs  مختارات" in capsys.readouterr().out
    assert run(data_dir, "sets", "delete", "مختارات") == 0
    assert store.all_sets() == []


def test_cli_without_lang_uses_the_only_version(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(data_dir, "sets", "create", "brief") == 0
    assert run(data_dir, "sets", "add", "brief", "A/HRC/28/56, para. 9") == 0
    assert run(data_dir, "sets", "add", "brief", "A/HRC/99/20, para. 1", "--lang", "en") == 0
    assert run(data_dir, "sets", "move", "brief", "A/HRC/28/56, para. 9", "--to", "2") == 0
    store = SetStore.in_data_dir(data_dir)
    assert store.refs("brief") == [ParagraphRef(FOOTNOTED, "en", 1), ParagraphRef(SYMBOL, "ar", 9)]
    capsys.readouterr()
    assert run(data_dir, "sets", "remove", "brief", "A/HRC/99/20, para. 1") == 2
    assert "A/HRC/99/20 is in ar, en: say which language version with --lang" in (
        capsys.readouterr().err)


@pytest.mark.parametrize(
    "args",
    [
        ("sets", "create", "y" * 201),
        ("sets", "create", "bad\x07name"),
        ("sets", "create", "kept"),
        ("sets", "add", "kept", "A/HRC/28/56, para. 999", "--lang", "ar"),
        ("sets", "add", "kept", "A/HRC/99/20, para. 1"),
        ("sets", "add", "kept", "A/HRC/77/1, para. 1"),
        ("sets", "add", "kept", "A/HRC/28/56, para. 3", "--at", "0"),
        ("sets", "add", "kept", "A/HRC/28/56, para. 3", "--at", "9223372036854775808"),
        ("sets", "add", "kept", "A/HRC/28/56, paras. 20-8", "--lang", "ar"),
        ("sets", "create", "s\u202e"),
        ("sets", "create", "s\udcff"),
        ("sets", "add", "kept", "--query", "x\udcff"),
        ("sets", "add", "kept", "A/HRC/28/56, para. 3\udcff"),
        ("sets", "move", "kept", "A/HRC/28/56, para. 1", "--to", "99999999999999999999"),
        ("sets", "move", "kept", "A/HRC/28/56, paras. 1-2", "--to", "1"),
        ("sets", "add", "kept"),
        ("sets", "add", "absent", "A/HRC/28/56, para. 3", "--lang", "ar"),
        ("sets", "remove", "kept", "A/HRC/28/56, para. 40", "--lang", "ar"),
        ("sets", "move", "kept", "A/HRC/28/56, para. 1", "--lang", "ar", "--to", "9"),
        ("sets", "show", "absent"),
        ("sets", "delete", "absent"),
    ],
)
def test_cli_bad_input_exit_2_and_nothing_changes(
    data_dir: Path, args: tuple[str, ...], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(data_dir, "sets", "create", "kept", "A/HRC/28/56, paras. 1-2", "--lang", "ar") == 0
    store = SetStore.in_data_dir(data_dir)
    before = snapshot(store)
    capsys.readouterr()
    try:
        status = run(data_dir, *args)
    except SystemExit as refused:  # argparse refuses bad options itself
        status = refused.code
    assert status == 2
    assert "error: " in capsys.readouterr().err
    assert snapshot(store) == before


# -- HTTP API ---------------------------------------------------------------------------


@pytest.fixture
def client(backend: SQLiteBackend, store: SetStore) -> TestClient:
    return TestClient(create_app(backend, store), raise_server_exceptions=False)


def item(n: int, symbol: str = SYMBOL, lang: str = "ar") -> dict[str, object]:
    return {"symbol": symbol, "lang": lang, "paragraph": n}


def test_api_set_lifecycle(client: TestClient, store: SetStore) -> None:
    made = client.post("/sets", json={"name": "سلة", "items": [item(5), item(6)]})
    assert made.status_code == 201
    set_id = made.json()["id"]
    assert made.json()["url"] == f"/sets/{set_id}" and made.json()["size"] == 2
    added = client.post(f"/sets/{set_id}/items", json={"items": [item(1)], "position": 0})
    assert added.json()["changed"] == 1 and added.json()["size"] == 3
    query = client.post(f"/sets/{set_id}/query", json={"q": "الاغواء", "symbol": SYMBOL})
    assert query.status_code == 200 and query.json()["changed"] >= 3
    cited = client.post(f"/sets/{set_id}/citations",
                        json={"citations": "A/HRC/99/15, para. 2", "lang": "en"})
    assert cited.json()["changed"] == 1
    assert client.post(f"/sets/{set_id}/items/move",
                       json={"item": item(2, "A/HRC/99/15", "en"), "to": 0}).status_code == 200
    assert client.post(f"/sets/{set_id}/items/remove", json={"items": [item(6)]}).status_code == 200
    body = client.get(f"/sets/{set_id}", headers={"accept": "application/json"}).json()
    assert [(i["symbol"], i["paragraph"]) for i in body["items"][:3]] == [
        ("A/HRC/99/15", 2), (SYMBOL, 1), (SYMBOL, 5)]
    assert body["items"][0]["citation"] == "A/HRC/99/15, para. 2"
    assert body["items"][1]["citation"] == "A/HRC/28/56، الفقرة 1"
    assert body["items"][1]["missing"] is False and body["items"][1]["text"]
    order = [{k: i[k] for k in ("symbol", "lang", "paragraph")} for i in body["items"]]
    assert client.put(f"/sets/{set_id}/items", json={"items": order[::-1]}).status_code == 200
    assert store.refs(set_id)[0] == ParagraphRef(order[-1]["symbol"], order[-1]["lang"],
                                                 order[-1]["paragraph"])
    page = client.get(f"/sets/{set_id}", params={"offset": 1, "limit": 1}).json()
    assert [i["position"] for i in page["items"]] == [1]
    assert client.patch(f"/sets/{set_id}", json={"name": "basket"}).json()["name"] == "basket"
    assert [s["name"] for s in client.get("/sets").json()] == ["basket"]
    assert client.delete(f"/sets/{set_id}").status_code == 204
    assert client.get(f"/sets/{set_id}").status_code == 404


def test_api_create_from_query_and_citations(client: TestClient, store: SetStore) -> None:
    made = client.post("/sets", json={
        "name": "mixed", "query": {"q": "الاغواء", "symbol": SYMBOL},
        "citations": {"citations": "A/HRC/28/56، الفقرة 9", "lang": "ar"}})
    assert made.status_code == 201
    assert store.refs(made.json()["id"])[-1] == ParagraphRef(SYMBOL, "ar", 9)


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("post", "/sets", {"name": "z" * 201}, 400),
        ("post", "/sets", {"name": "line\nbreak"}, 400),
        ("post", "/sets", {"name": "kept"}, 409),
        ("post", "/sets", {"name": "new", "items": [item(999)]}, 400),
        ("post", "/sets", {"name": "new", "items": [item(1, "not a symbol")]}, 400),
        ("post", "/sets", {"name": "new", "items": [item(1, lang="xx")]}, 422),
        ("post", "/sets", {"name": "new", "query": {"q": '"open'}}, 400),
        ("post", "/sets", {"name": "new", "query": {"q": "كلمةغيرموجودةأبدا"}}, 400),
        ("post", "/sets", {"name": "new", "citations": {"citations": "nothing", "lang": "ar"}},
         400),
        ("post", "/sets/{id}/items", {"items": [item(3), item(999)]}, 400),
        ("post", "/sets/{id}/items", {"items": [item(3)], "position": 7}, 400),
        ("post", "/sets/{id}/items", {"items": []}, 422),
        ("post", "/sets/absent/items", {"items": [item(3)]}, 404),
        ("post", "/sets/{id}/items/remove", {"items": [item(30)]}, 400),
        ("post", "/sets/{id}/items/move", {"item": item(1), "to": 2}, 400),
        ("put", "/sets/{id}/items", {"items": [item(1)]}, 400),
        ("patch", "/sets/{id}", {"name": "\x1b[31m"}, 400),
        ("post", "/sets", {"name": "s\u202e"}, 400),
        ("post", "/sets", {"name": "s\u200b"}, 400),
        ("post", "/sets", {"name": "s\ud800"}, 400),
        ("post", "/sets", {"name": "new", "items": [{"symbol": "\ud800"}]}, 400),
        ("patch", "/sets/{id}", {"name": "\udfff"}, 400),
        ("post", "/sets/{id}/query", {"q": "a\ud800"}, 400),
        ("post", "/sets/{id}/query", {"q": "الاغواء", "symbol": "A/HRC/28/56\ud800"}, 400),
        ("post", "/sets/{id}/citations",
         {"citations": "A/HRC/28/56, para. 3\ud800", "lang": "ar"}, 400),
        ("post", "/sets/{id}/items", {"items": [item(3, "A/HRC/28/56\ud800")]}, 400),
        ("post", "/sets/{id}/items", {"items": [item(3, "A/HRC/28/56\u202e")]}, 400),
        ("post", "/sets/{id}/items", {"items": [item(3)], "position": 2**63}, 422),
        ("post", "/sets/{id}/items", {"items": [item(2**63)]}, 422),
        ("post", "/sets/{id}/items/move", {"item": item(1), "to": 2**63}, 422),
        ("post", "/sets/{id}/items/move", {"item": item(2**63), "to": 0}, 422),
        ("get", "/sets/{id}?offset=9223372036854775808", None, 422),
        ("get", "/sets/{id}?limit=9223372036854775808", None, 422),
        ("post", "/sets/{id}/citations",
         {"citations": "A/HRC/28/56, paras. 1-100000", "lang": "ar"}, 400),
        ("post", "/sets/{id}/citations", {"citations": "A/HRC/28/56, paras. 20-8", "lang": "ar"},
         400),
        ("post", "/sets/{id}/citations",
         {"citations": "A/HRC/28/56, paras. 99999999999999999999", "lang": "ar"}, 400),
        ("post", "/sets/{id}/citations",
         {"citations": "A/HRC/28/56, paras. 3-5008", "lang": "ar"}, 400),
        ("delete", "/sets/absent", None, 404),
    ],
)
def test_api_bad_requests_4xx_and_nothing_changes(
    client: TestClient, store: SetStore, method: str, path: str, body: object, status: int
) -> None:
    set_id = client.post("/sets", json={"name": "kept", "items": [item(1), item(2)]}).json()["id"]
    before = snapshot(store)
    response = client.request(  # json.dumps escapes lone surrogates as JSON allows
        method, path.format(id=set_id), content=None if body is None else json.dumps(body),
        headers={"content-type": "application/json", "accept": "application/json"})
    assert response.status_code == status, response.text
    assert response.json()["detail"]
    assert snapshot(store) == before


def test_api_without_a_set_store_says_so(backend: SQLiteBackend) -> None:
    client = TestClient(create_app(backend), raise_server_exceptions=False)
    response = client.get("/sets")
    assert response.status_code == 503 and "sets" in response.json()["detail"]



# -- citation lists, text and numbers -------------------------------------------------------


@pytest.mark.parametrize(
    ("citations", "message"),
    [
        ("A/HRC/28/56, paras. 1-100000", "cannot read '-100000' after 'A/HRC/28/56, paras. 1'"),
        ("A/HRC/28/56, paras. 20-8", "the range 20-8 runs backwards (write 8-20)"),
        ("A/HRC/28/56, paras. 99999999999999999999",
         "cannot read ', paras. 99999999999999999999' after 'A/HRC/28/56'"),
        ("A/HRC/28/56, paras. 1-5001", "spans 5001 paragraphs"),
        ("A/HRC/28/56, paras. 1-3000; A/HRC/28/57, paras. 1-3000", "more than 5000 paragraphs"),
        ("see A/HRC/28/56, para. 9", "cannot read 'see'"),
        ("A/HRC/28/56, para. 9 and so on", "cannot read 'and so on' after 'A/HRC/28/56, para. 9'"),
        ("Human Rights Council resolution 7/13", "cites a resolution"),
        ("A/HRC/28/56", "names no paragraph"),
        ("A/HRC/28/56, para. 9\ud800", "lone surrogate (U+D800)"),
    ],
)
def test_citation_list_refuses_what_it_cannot_read(citations: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_citation_list(citations, "ar")
    assert message in str(caught.value)


def test_citation_list_reads_every_style_and_keeps_order() -> None:
    cited = parse_citation_list(
        "A/HRC/28/56 (para. 9); A/69/262، الفقرات ٨ و٩;\nparagraph 3 of A/HRC/28/56 and "
        "A/HRC/28/56，第5段", "ar")
    assert cited == [*refs(9), *refs(8, 9, symbol="A/69/262"), *refs(3, 5)]
    assert len(parse_citation_list("A/HRC/28/56, paras. 1-5000", "en")) == 5000


def test_paragraph_ranges_as_written() -> None:
    assert paragraph_ranges("8-20, 25 and 30") == [(8, 20), (25, 25), (30, 30)]
    assert paragraph_ranges("20-8") == [(20, 8)]
    assert paragraph_ranges("الفقرات ٨-١٠") == [(8, 10)]


@pytest.mark.parametrize(
    ("name", "kept"),
    [("نامه\u200cها", True), ("a\u200db", True), ("s\u202e", False), ("a\u2066b", False),
     ("a\u00adb", False), ("a\u2028b", False), ("a\x85b", False), ("a\udcffb", False)],
)
def test_set_names_refuse_control_and_format_characters(
    store: SetStore, name: str, kept: bool
) -> None:
    if kept:
        assert store.create(name).name == name
    else:
        with pytest.raises(ValueError, match=r"U\+[0-9A-F]{4}"):
            store.create(name)
        assert store.all_sets() == []


def test_store_bounds_offsets_and_paragraph_numbers(
    store: SetStore, backend: SQLiteBackend
) -> None:
    made = store.create("bounded", lookup(refs(1), backend))
    with pytest.raises(ValueError, match="offset"):
        list(store.excerpts(made.id, backend, offset=2**63))
    with pytest.raises(ValueError, match="not a paragraph number"):
        ParagraphRef.checked(SYMBOL, "ar", 2**63)
    with pytest.raises(ValueError, match="lone surrogate"):
        store.get("\ud800")


def test_api_set_items_are_export_records(client: TestClient, backend: SQLiteBackend) -> None:
    made = client.post("/sets", json={"name": "notes", "items": [item(1, FOOTNOTED)]}).json()
    [got] = client.get(f"/sets/{made['id']}", headers={"accept": "application/json"}
                       ).json()["items"]
    [excerpt] = lookup([ParagraphRef(FOOTNOTED, "ar", 1)], backend)
    assert got == {"position": 0, **excerpt_record(excerpt)} and got["footnotes"]


def test_a_sets_file_from_before_recommendation_items_keeps_its_sets(
    tmp_path: Path, backend: SQLiteBackend
) -> None:
    """A sets.db written before sets held recommendations on their own gains the label
    column (each old item: its whole paragraph) and keeps every set and order."""
    path = tmp_path / "old-sets.db"
    with sqlite3.connect(path) as db:
        db.executescript("""
            CREATE TABLE sets (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE,
                               created TEXT NOT NULL, updated TEXT NOT NULL);
            CREATE TABLE set_items (
                item INTEGER PRIMARY KEY,
                set_id TEXT NOT NULL REFERENCES sets(id) ON DELETE CASCADE,
                position INTEGER NOT NULL, symbol TEXT NOT NULL, lang TEXT NOT NULL,
                paragraph INTEGER NOT NULL, section TEXT NOT NULL, text TEXT NOT NULL,
                UNIQUE (set_id, symbol, lang, paragraph));
            CREATE INDEX set_items_order ON set_items (set_id, position);
            INSERT INTO sets VALUES ('old1', 'قديمة', '2026-01-01', '2026-01-01');
            INSERT INTO set_items VALUES (1, 'old1', 0, 'A/HRC/28/56', 'ar', 9, '[]', 'نص');
            INSERT INTO set_items VALUES (2, 'old1', 1, 'A/HRC/28/56', 'ar', 3, '[]', 'نص');
        """)
    db.close()
    store = SetStore(path)
    assert store.refs("قديمة") == [ParagraphRef(SYMBOL, "ar", 9), ParagraphRef(SYMBOL, "ar", 3)]
    assert [e.text for e in store.excerpts("old1", backend)] == [
        backend.get_paragraph(SYMBOL, "ar", n).text for n in (9, 3)]  # type: ignore[union-attr]
    store.add("old1", lookup([ParagraphRef(SYMBOL, "ar", 4)], backend))
    assert SetStore(path).get("old1").size == 3  # opened again: nothing to change


def test_cli_sets_address_a_recommendation_by_its_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`A/HRC/99/15, para. 3.2` names that recommendation alone (SYNTHETIC UPR report): a
    set takes it, shows it, moves and removes it, as typed, quoted or not."""
    data = tmp_path / "data"
    assert main(["--data", str(data), "ingest", str(UPR_REPORT)]) == 0
    assert run(data, "sets", "create", "توصيات", "A/HRC/99/15, para. 3.2") == 0
    assert run(data, "sets", "add", "توصيات", "A/HRC/99/15,", "para.", "3.5") == 0
    assert run(data, "sets", "add", "توصيات", "A/HRC/99/15, para. 2") == 0
    store = SetStore.in_data_dir(data)
    assert store.refs("توصيات") == [ParagraphRef("A/HRC/99/15", "en", 3, "3.2"),
                                    ParagraphRef("A/HRC/99/15", "en", 3, "3.5"),
                                    ParagraphRef("A/HRC/99/15", "en", 2)]
    assert run(data, "sets", "move", "توصيات", "A/HRC/99/15, 3.5", "--to", "1") == 0
    capsys.readouterr()
    assert run(data, "sets", "show", "توصيات") == 0
    shown = capsys.readouterr().out
    assert "1. A/HRC/99/15, para. 3.5 [en]" in shown and "2. A/HRC/99/15, para. 3.2 [en]" in shown
    assert run(data, "sets", "remove", "توصيات", "A/HRC/99/15, para. 3.2") == 0
    assert store.refs("توصيات") == [ParagraphRef("A/HRC/99/15", "en", 3, "3.5"),
                                    ParagraphRef("A/HRC/99/15", "en", 2)]
    assert run(data, "sets", "add", "توصيات", "A/HRC/99/15, para. 3.9") == 2  # no such one
    assert "para. 3.9" in capsys.readouterr().err
