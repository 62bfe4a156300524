"""Relevance regression on the judged Arabic collection (tests/relevance/queries_ar.tsv).

The real search path is measured (SQLite backend: ingest + search), against the Lucene
`arabic` baseline ranked by the same BM25. Rankings are deterministic (same report, same
analysis, ties broken by position), so the measured nDCG@10 is held at the level reached,
no query may fall behind the baseline by more than 0.1, and known hard queries (no hamza,
ه for ة, singular of a broken plural, a synonym or a synonym phrase the report does not
use) are held to the paragraphs that answer them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.lucene_arabic import lucene_terms
from bench.relevance import (
    BaselineSystem,
    K,
    Scores,
    Searcher,
    backend_searcher,
    evaluate,
    load_queries,
    paragraphs,
)

# Measured when this test was written: fiqra-backend 0.901, Lucene-arabic baseline 0.781.
FIQRA_NDCG_FLOOR = 0.89
MARGIN_OVER_LUCENE = 0.05
WORST_QUERY_GAP = 0.1


@pytest.fixture(scope="module")
def fiqra() -> Iterator[Searcher]:
    with backend_searcher() as search:
        yield search


@pytest.fixture(scope="module")
def scores(fiqra: Searcher) -> dict[str, Scores]:
    queries = load_queries()
    lucene = BaselineSystem(lucene_terms, paragraphs())
    return {"fiqra": evaluate(fiqra, queries), "lucene": evaluate(lucene.search, queries)}


def test_collection_is_large_enough_and_graded() -> None:
    queries = load_queries()
    assert len(queries) >= 30
    assert all(q.judgments and max(q.judgments.values()) == 2 for q in queries)


def test_fiqra_ndcg_holds_and_beats_the_lucene_baseline(scores: dict[str, Scores]) -> None:
    fiqra, lucene = scores["fiqra"].mean("ndcg"), scores["lucene"].mean("ndcg")
    assert fiqra >= FIQRA_NDCG_FLOOR
    assert fiqra >= lucene + MARGIN_OVER_LUCENE


def test_no_query_falls_far_behind_the_lucene_baseline(scores: dict[str, Scores]) -> None:
    fiqra, lucene = scores["fiqra"].ndcg, scores["lucene"].ndcg
    behind = {q: round(lucene[q] - fiqra[q], 3) for q in fiqra if lucene[q] - fiqra[q] > 0.1}
    assert not behind, behind


@pytest.mark.parametrize(
    ("query", "expected", "within"),
    [
        ("الفتيات", {40, 48}, K),  # the report says البنات / الإناث
        ("دعاره الاطفال", {30, 31}, K),  # the report says بغاء
        ("الصبيان", {40, 10}, K),  # the report says البنين
        ("خط المساعده", {48}, K),  # singular of خطوط, ه for ة
        ("الاغواء", {38, 39, 40, 41}, K),  # no hamza
        ("عَمَلِيَّات الدَّفْع المجهولة", {28}, K),  # harakat
        # The report says المواد الإباحية / المسيئة: reached through the thesaurus phrase.
        ("مواد الاعتداء الجنسي على الاطفال", {26, 27, 28, 29}, K),
        # The exact words زيارات قطرية (paragraph 14, grade 1) do not push the visits out.
        ("زيارات قطريه", {2, 3}, 3),
    ],
)
def test_hard_queries_find_their_paragraphs(
    fiqra: Searcher, query: str, expected: set, within: int
) -> None:
    top = fiqra(query)[:within]
    assert expected <= set(top), (query, top)
