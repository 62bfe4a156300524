"""The HTTP API: shapes, symbols with slashes, 404s, and 4xx (never 500) on bad input."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from indexer.sqlite_backend import SQLiteBackend


@pytest.fixture(scope="module")
def client(sample_backend: SQLiteBackend) -> TestClient:
    return TestClient(create_app(sample_backend), raise_server_exceptions=False)


def test_health_and_reports(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok", "reports": 1}
    [report] = client.get("/reports").json()
    assert report["symbol"] == "A/HRC/28/56" and report["paragraphs"] == 89


def test_search(client: TestClient) -> None:
    data = client.get("/search", params={"q": "الاغواء", "limit": 3}).json()
    assert data["total"] >= 3 and len(data["hits"]) == 3
    assert data["hits"][0]["paragraph"] in (38, 39, 40)
    page2 = client.get("/search", params={"q": "الاغواء", "limit": 3, "offset": 3}).json()
    assert not {h["paragraph"] for h in page2["hits"]} & {h["paragraph"] for h in data["hits"]}


def test_report_and_paragraph_with_slashes(client: TestClient) -> None:
    report = client.get("/reports/A/HRC/28/56").json()
    assert len(report["paragraphs"]) == 89 and report["languages"] == ["ar"]
    assert client.get("/reports/A%2FHRC%2F28%2F56").status_code == 200
    para = client.get("/reports/A/HRC/28/56/paragraphs/48").json()
    assert para["number"] == 48 and "خطوط المساعدة" in para["text"]
    assert para["versions"].keys() == {"ar"}


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        ("/reports/A/1/2", {}, 404),
        ("/reports/A/HRC/28/56/paragraphs/90", {}, 404),
        ("/reports/A/HRC/28/56/paragraphs/x", {}, 422),
        ("/search", {}, 400),
        ("/search", {"q": ""}, 400),
        ("/search", {"q": "أطفال", "sort": "soon"}, 422),
        ("/search", {"q": "أطفال", "session": "28"}, 400),
        ("/search", {"q": "أطفال", "year": "14"}, 422),
        ("/search", {"q": "x" * 5000}, 422),
        ("/search", {"q": "أطفال", "lang": "xx"}, 422),
        ("/search", {"q": "أطفال", "limit": 0}, 422),
        ("/search", {"q": "أطفال", "limit": 10_000}, 422),
        ("/search", {"q": '"open'}, 400),
        ("/search", {"q": "NOT أطفال"}, 400),
        ("/search", {"q": "أطفال year:soon"}, 400),
        ("/search", {"q": "symbol:A/HRC/28/56"}, 400),
        ("/reports/" + "A/" * 100, {}, 400),
        ("/reports/A/HRC/28/56", {"lang": "klingon"}, 422),
        ("/reports/A/HRC/28/56/paragraphs/99999999999999999999", {}, 422),
        ("/reports/A/HRC/28/56/citations", {"paragraph": 2**63}, 422),
        ("/reports/A/HRC/28/56/paragraphs/9", {"lang": "en"}, 404),
        ("/search", {"q": "(" * 999}, 400),
        ("/search", {"q": "NOT " * 200 + "أطفال"}, 400),
        ("/search", {"q": "أطفال lang:xx"}, 400),
    ],
)
def test_bad_requests_get_4xx_with_a_message(
    client: TestClient, path: str, params: dict, status: int
) -> None:
    res = client.get(path, params=params)
    assert res.status_code == status
    assert res.json()["detail"]


def test_an_empty_query_asks_for_a_word(client: TestClient) -> None:
    for params in ({}, {"q": "  "}):
        res = client.get("/search", params=params)
        assert (res.status_code, res.json()["detail"]) == (400, "type a word to search for")


def test_openapi_and_page(client: TestClient) -> None:
    assert "/search" in client.get("/openapi.json").json()["paths"]
    page = client.get("/")
    assert page.status_code == 200 and 'dir="rtl"' in page.text
    assert client.get("/static/app.js").status_code == 200


def test_citation_notice_and_lone_surrogates(client: TestClient) -> None:
    data = client.get("/search", params={"q": "A/HRC/28/56 para. 999"}).json()
    assert data["total"] == 0 and "no paragraph 999" in data["notice"]
    res = client.get("/reports/A/HRC/28/56/paragraphs/9", params={"lang": "en"})
    assert "no en version" in res.json()["detail"]
    res = client.post("/sets", content='{"name": "\\ud800"}',
                      headers={"Content-Type": "application/json"})
    assert 400 <= res.status_code < 500 and res.json()["detail"]


def test_highlights_mark_the_query_words_as_the_search_matches_them(
    client: TestClient, sample_backend: SQLiteBackend
) -> None:
    report = sample_backend.get_report("A/HRC/28/56", "ar")
    assert report is not None
    texts = {p.number: p.text for p in report.paragraphs}
    found = client.get("/reports/A/HRC/28/56/highlights",
                       params={"q": "الاطفال NOT التبني", "lang": "ar", "first": 1, "last": 12})
    assert found.status_code == 200
    marked = {int(n): [texts[int(n)][a:b] for a, b in spans]
              for n, spans in found.json()["paragraphs"].items()}
    assert set(marked) == set(range(1, 13))
    words = {w for spans in marked.values() for w in spans}
    assert {"الأطفال", "للأطفال"} <= words and "التبني" not in words
    assert all("طف" in w for w in words)
    for params, status in (({"first": 1, "last": 500}, 400), ({"q": '"open'}, 400),
                           ({"lang": "fr"}, 404), ({"first": 0}, 422)):
        asked = {"q": "الاطفال", "lang": "ar", "first": 1, "last": 5, **params}
        answer = client.get("/reports/A/HRC/28/56/highlights", params=asked)
        assert answer.status_code == status and answer.json()["detail"], (params, answer.text)
