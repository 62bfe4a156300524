"""The shared ranking (indexer.ranking): a word counts once by its best weighted form,
synonym phrases of multi-word thesaurus terms, and the embedded index computing it."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from corpus.readers import read_bytes
from indexer.query import parse_query
from indexer.ranking import (
    Alternative,
    Clause,
    Statistics,
    query_clauses,
    score,
    synonym_phrases,
)
from indexer.sqlite_backend import SQLiteBackend
from indexer.units import report_units

STATS = Statistics(units=10, mean_length=4.0, doc_freq={("stem", "طفل"): 2, ("norm", "الطفل"): 1})
WEIGHTS = {"norm": 0.25, "stem": 1.0}


def test_a_word_counts_once_by_its_best_form() -> None:
    surface = Alternative("norm", ("الطفل",), 1.0)
    stem = Alternative("stem", ("طفل",), 1.0)
    fields = {"norm": ["الطفل", "حمايه"], "stem": ["طفل", "حمايه"]}
    both = score([Clause((surface, stem))], fields, STATS)
    alone = [score([Clause((a,))], fields, STATS) for a in (surface, stem)]
    assert both == pytest.approx(max(alone))
    assert both < sum(alone)


def test_the_form_weight_scales_the_score_and_matches_lucene_bm25() -> None:
    fields = {"norm": ["الطفل", "ا", "ب", "ج"], "stem": ["طفل", "ا", "ب", "ج"]}
    full = score([Clause((Alternative("stem", ("طفل",), 1.0),))], fields, STATS)
    synonym = score([Clause((Alternative("stem", ("طفل",), 0.7),))], fields, STATS)
    idf = math.log(1 + (10 - 2 + 0.5) / (2 + 0.5))
    assert full == pytest.approx(idf * 1 / (1 + 1.2))  # tf 1, length = mean length
    assert synonym == pytest.approx(0.7 * full)


def test_phrase_counts_only_consecutive_terms() -> None:
    phrase = Clause((Alternative("stem", ("ماد", "اباح"), 1.0),))
    apart = {"norm": [], "stem": ["ماد", "طفل", "اباح"]}
    together = {"norm": [], "stem": ["طفل", "ماد", "اباح"]}
    assert score([phrase], apart, STATS) == 0.0
    assert score([phrase], together, STATS) > 0.0


def test_a_prefix_scores_as_the_sum_of_the_terms_it_expands_to() -> None:
    stats = Statistics(units=10, mean_length=4.0,
                       doc_freq={("stem", "استغلال"): 2, ("stem", "استغلالهم"): 5})
    prefix = Clause((Alternative("stem", ("استغل",), 1.0, prefix=True),))
    fields = {"norm": [], "stem": ["استغلال", "استغلال", "استغلالهم", "طفل"]}
    expected = sum(
        score([Clause((Alternative("stem", (t,), 1.0),))], fields, stats)
        for t in ("استغلال", "استغلالهم")
    )
    assert score([prefix], fields, stats) == pytest.approx(expected)
    once = {"norm": [], "stem": ["استغلالهم", "طفل", "ا", "ب"]}
    assert 0 < score([prefix], once, stats) < score([prefix], fields, stats)


def test_prefix_hits_are_ranked_not_tied(sample_backend: SQLiteBackend) -> None:
    hits = sample_backend.search("استغل*", limit=20).hits
    scores = [h.score for h in hits]
    assert len(set(scores)) > len(scores) // 2
    assert scores == sorted(scores, reverse=True)


def test_the_article_does_not_change_the_ranking(sample_backend: SQLiteBackend) -> None:
    def ranked(query: str) -> list[tuple[int | None, float]]:
        return [(h.paragraph, h.score) for h in sample_backend.search(query, limit=10).hits]

    assert ranked("الاطفال") == ranked("اطفال")


def test_multi_word_thesaurus_terms_add_synonym_phrases() -> None:
    parsed = parse_query("مواد الاعتداء الجنسي على الاطفال")
    phrases = synonym_phrases(parsed.root, "ar")  # type: ignore[arg-type]
    assert ("ماد", "اباح") in phrases
    clauses = query_clauses(parsed.root, "ar", WEIGHTS)
    assert len(clauses) == 4 + len(phrases)  # four words (على is a stop word) + phrases
    assert all(c.alternatives[0].weight < 1.0 for c in clauses[4:])
    exact = parse_query("=مواد الاعتداء الجنسي على الاطفال")
    assert synonym_phrases(exact.root, "ar") == []  # type: ignore[arg-type]


def test_a_synonym_phrase_alone_finds_its_paragraphs(sample_backend: SQLiteBackend) -> None:
    # Neither صور nor الاعتداء is needed: the thesaurus phrase مواد إباحية is matched.
    hits = sample_backend.search("صور الاعتداء الجنسي", lang="ar", limit=30).hits
    assert any("المواد الإباحية" in h.text for h in hits)


def test_the_index_computes_the_model(sample_backend: SQLiteBackend, sample_path: Path) -> None:
    """Tantivy's BM25 is `score` with the index's statistics (within its one-byte length
    norms) for every unit a search finds; lengths are the field's own, as Lucene's."""
    units = list(report_units(read_bytes(sample_path.read_bytes(), sample_path.name)))
    norms = [u.norm.split() for u in units]
    clauses = query_clauses(parse_query("=طفل").root, "ar")
    assert [a.field for c in clauses for a in c.alternatives] == ["norm"]
    stats = Statistics(
        units=len(units),
        mean_length=sum(map(len, norms)) / len(units),
        doc_freq={("norm", "طفل"): sum("طفل" in n for n in norms)},
    )
    by_text = {u.text: n for u, n in zip(units, norms, strict=True)}
    hits = sample_backend.search("=طفل", limit=200, include_blocks=True).hits
    assert len(hits) == stats.doc_freq[("norm", "طفل")]
    for hit in hits:
        norm = by_text[hit.text]
        expected = score(clauses, {"norm": norm, "stem": norm}, stats)
        assert hit.score == pytest.approx(expected, rel=0.08)
