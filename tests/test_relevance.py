"""Relevance regression on the judged collections (tests/relevance: Arabic on the bundled
report, English on the real reports of tests/data/real), each split into a tuning part and
a held-out part.

The real search path is measured (embedded backend: ingest + search), against the Lucene
`arabic` / `english` equivalents ranked by the same BM25. Rankings are deterministic (same
documents, same analysis, ties broken by position), so each part's margin over the Lucene
equivalent is held at the level reached, no query may fall behind it by more than 0.1,
and known hard queries (no hamza, ه for ة, singular of a broken plural, a synonym or a
synonym phrase the report does not use) are held to the paragraphs that answer them.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bench.relevance import (
    ARABIC,
    COLLECTIONS,
    ENGLISH,
    SPLITS,
    Collection,
    K,
    Scores,
    Searcher,
    backend_searcher,
    baselines,
    evaluate,
    load_queries,
)

# fiqra's nDCG@10 minus the Lucene equivalent's, as measured when the ranking model was
# last changed (bench/relevance.py): Arabic +0.139 tuning, +0.059 held out; English +0.126
# tuning, +0.051 held out (+0.107 and +0.025 before the second pass: irregular plurals, the
# UN names of groups, the query's words together in a heading; Arabic +0.136 and +0.048
# before its nisba adjectives kept their own stem). The English baseline then cut words as
# Lucene's StandardTokenizer does (`115.3`, `40,000` one term each): English +0.123 tuning,
# +0.054 held out, fiqra unchanged. A query word ending in a bare ي also read as a plural in
# construct (مستخدمي): Arabic +0.1395 tuning. Arabic spellings the light stemmer misread
# (فساد/الفساد, للجنة, آلية as a stop word, التزام; chosen on the language, every tuning
# query unchanged): Arabic +0.062 held out, and no held-out query then 0.1 behind (q79 had
# been 0.102 behind).
MARGIN_OVER_LUCENE = {
    ("ar", "tune"): 0.139,
    ("ar", "heldout"): 0.061,
    ("en", "tune"): 0.123,
    ("en", "heldout"): 0.053,
}
# How far a query, tuning or held out, may fall behind the Lucene equivalent (the issue's
# limit).
WORST_QUERY_GAP = 0.1
MIN_QUERIES = {"ar": 80, "en": 40}


@pytest.fixture(scope="module")
def arabic() -> Iterator[Searcher]:
    with backend_searcher(ARABIC) as search:
        yield search


@pytest.fixture(scope="module", params=COLLECTIONS, ids=lambda c: c.lang)
def scores(request: pytest.FixtureRequest) -> tuple[Collection, dict[str, Scores]]:
    collection: Collection = request.param
    queries = load_queries(collection)
    lucene = baselines(collection)["lucene"]
    with backend_searcher(collection) as search:
        fiqra = evaluate(search, queries)
    return collection, {"fiqra": fiqra, "lucene": evaluate(lucene.search, queries)}


@pytest.mark.parametrize("collection", COLLECTIONS, ids=lambda c: c.lang)
def test_collections_are_large_graded_and_split(collection: Collection) -> None:
    queries = load_queries(collection)
    assert len(queries) >= MIN_QUERIES[collection.lang]
    assert all(q.judgments and max(q.judgments.values()) == 2 for q in queries)
    held_out = sum(q.split == "heldout" for q in queries) / len(queries)
    assert 0.25 <= held_out <= 0.4  # about a third held out


def test_every_part_beats_the_lucene_equivalent(
    scores: tuple[Collection, dict[str, Scores]],
) -> None:
    collection, measured = scores
    queries = load_queries(collection)
    for split in SPLITS:
        qids = [q.qid for q in queries if q.split == split]
        margin = measured["fiqra"].mean("ndcg", qids) - measured["lucene"].mean("ndcg", qids)
        assert margin >= MARGIN_OVER_LUCENE[(collection.lang, split)], (split, margin)


def test_no_query_falls_far_behind_the_lucene_equivalent(
    scores: tuple[Collection, dict[str, Scores]],
) -> None:
    collection, measured = scores
    fiqra, lucene = measured["fiqra"].ndcg, measured["lucene"].ndcg
    queries = [q.qid for q in load_queries(collection)]
    behind = {
        q: round(lucene[q] - fiqra[q], 3) for q in queries if lucene[q] - fiqra[q] > WORST_QUERY_GAP
    }
    assert not behind, behind


def _paragraphs(search: Searcher, query: str) -> list[int]:
    return [number for _, number in search(query)]


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
        # Answered by headings: the conclusions (83, 84 never say استنتاجات or التقرير) and
        # the methods of work (أساليب العمل).
        ("استنتاجات التقرير", {82, 83, 84}, 3),
        ("اساليب عمل المقرره الخاصه", {13, 14, 15, 16}, 5),
    ],
)
def test_hard_queries_find_their_paragraphs(
    arabic: Searcher, query: str, expected: set, within: int
) -> None:
    top = _paragraphs(arabic, query)[:within]
    assert expected <= set(top), (query, top)


def test_english_headings_answer_queries_naming_a_part() -> None:
    # "Opening plenary" is the heading of A/HRC/59/60 paras. 7-16, which never say it.
    with backend_searcher(ENGLISH) as search:
        top = search("opening plenary")
    assert all(symbol == "A/HRC/59/60" and 7 <= n <= 16 for symbol, n in top[:5]), top


def test_un_names_of_groups_find_the_words_states_use() -> None:
    # A/HRC/28/15 para. 65 says "the elderly" and "elderly persons", never "older persons";
    # A/HRC/WG.6/34/SVN/1 para. 60 says "people with disabilities".
    with backend_searcher(ENGLISH) as search:
        assert ("A/HRC/28/15", 65) in search("older persons")[:5]
        assert ("A/HRC/WG.6/34/SVN/1", 60) in search("voting rights of persons with disabilities")
