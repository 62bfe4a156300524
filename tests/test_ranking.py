"""The shared ranking (indexer.ranking): a word counts once by its best weighted form,
synonym phrases of multi-word thesaurus terms, section headings as evidence, the proximity
of the query's words, exact words first, and the embedded index computing it."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path

import pytest

from bench.scale_corpus import scale_reports
from corpus.model import Footnote, Paragraph, Report
from corpus.readers import read_bytes
from indexer import tantivy_index
from indexer.query import parse_query
from indexer.ranking import (
    MODEL,
    Alternative,
    Clause,
    RankingModel,
    Statistics,
    contributions,
    query_clauses,
    score,
    synonym_phrases,
)
from indexer.sqlite_backend import SQLiteBackend
from indexer.units import Unit, report_units
from tests.recommendation_search import REPORT as UPR_REPORT

STATS = Statistics(units=10, mean_length=4.0, doc_freq={("stem", "طفل"): 2, ("norm", "الطفل"): 1})
BASIC = RankingModel(norm=0.25, stem=1.0)  # no section, proximity or tie


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


ARTICLE_REPORT = """SYNTHETIC TEST DOCUMENT (written for fiqra's tests, not a United Nations text)
United Nations\tA/HRC/99/13
تقرير المقرر الخاص
أولاً -\tمقدمة
1.\tيقوض الفساد حماية الأطفال في المؤسسات العامة.
2.\tيجب التحقيق في كل فساد يمس حقوق الطفل.
3.\tتصون الدول الكرامة الإنسانية لكل طفل.
4.\tلكل طفل كرامة لا تمس.
"""


@pytest.mark.parametrize(("bare", "definite", "paragraphs"),
                         [("فساد", "الفساد", {1, 2}), ("كرامة", "الكرامة", {3, 4})])
def test_a_word_typed_with_or_without_the_article_finds_both_spellings(
    tmp_path: Path, bare: str, definite: str, paragraphs: set[int]
) -> None:
    """The light stemmer strips the first letter of فساد and كرامة (read as a conjunction
    and a preposition) but not of الفساد and الكرامة: either spelling typed finds both."""
    backend = SQLiteBackend(tmp_path)
    backend.ingest(read_bytes(ARTICLE_REPORT.encode(), "synthetic_A_HRC_99_13_ar.txt"), "2" * 64)
    try:
        for typed in (bare, definite):
            assert {h.paragraph for h in backend.search(typed).hits} == paragraphs, typed
    finally:
        backend.close()


def test_multi_word_thesaurus_terms_add_synonym_phrases() -> None:
    parsed = parse_query("مواد الاعتداء الجنسي على الاطفال")
    phrases = synonym_phrases(parsed.root, "ar")  # type: ignore[arg-type]
    assert ("ماد", "اباحي") in phrases
    clauses = query_clauses(parsed.root, "ar", BASIC)
    assert len(clauses) == 4 + len(phrases)  # four words (على is a stop word) + phrases
    assert all(c.alternatives[0].weight < 1.0 for c in clauses[4:])
    exact = parse_query("=مواد الاعتداء الجنسي على الاطفال")
    assert synonym_phrases(exact.root, "ar") == []  # type: ignore[arg-type]


def test_a_synonym_phrase_alone_finds_its_paragraphs(sample_backend: SQLiteBackend) -> None:
    # Neither صور nor الاعتداء is needed: the thesaurus phrase مواد إباحية is matched.
    hits = sample_backend.search("صور الاعتداء الجنسي", lang="ar", limit=30).hits
    assert any("المواد الإباحية" in h.text for h in hits)


def _index_computes_the_model(backend: SQLiteBackend, units: list[Unit], word: str) -> set[str]:
    """Every unit the exact `word` finds scores what `score` gives it with the index's
    statistics (within Tantivy's one-byte length norms), its kind's weight included; the
    kinds of unit found."""
    norms = [u.norm.split() for u in units]
    clauses = query_clauses(parse_query(f"={word}").root, units[0].lang)
    assert [a.field for c in clauses for a in c.alternatives] == ["norm"]
    stats = Statistics(
        units=len(units),
        mean_length=sum(map(len, norms)) / len(units),
        doc_freq={("norm", word): sum(word in n for n in norms)},
    )
    by_text = {u.text: n for u, n in zip(units, norms, strict=True)}
    hits = backend.search(f"={word}", limit=200, include_blocks=True).hits
    assert len(hits) == stats.doc_freq[("norm", word)]
    for hit in hits:
        norm = by_text[hit.text]
        expected = score(clauses, {"norm": norm, "stem": norm}, stats, kind=hit.kind)
        assert hit.score == pytest.approx(expected, rel=0.08)
    return {hit.kind for hit in hits}


def test_the_index_computes_the_model(sample_backend: SQLiteBackend, sample_path: Path) -> None:
    """Tantivy's BM25 is `score` with the index's statistics for every unit a search finds;
    lengths are the field's own, as Lucene's."""
    units = list(report_units(read_bytes(sample_path.read_bytes(), sample_path.name)))
    assert "paragraph" in _index_computes_the_model(sample_backend, units, "طفل")


def test_a_recommendation_counts_less_than_a_whole_paragraph(tmp_path: Path) -> None:
    """A recommendation unit scores MODEL.recommendation of its BM25 on the index as in the
    model (a State named once in a short item does not outrank the paragraphs about it)."""
    report = read_bytes(UPR_REPORT.read_bytes(), UPR_REPORT.name)
    backend = SQLiteBackend(tmp_path)
    backend.ingest(report, "0" * 64)
    try:
        kinds = _index_computes_the_model(backend, list(report_units(report)), "report")
    finally:
        backend.close()
    assert {"paragraph", "recommendation"} <= kinds
    assert MODEL.unit_weight("recommendation") < 1.0 == MODEL.unit_weight("paragraph")


def test_a_word_cut_in_pieces_counts_them_together_where_they_stand_as_typed() -> None:
    # `same-sex`: the index cuts it in two and `same` is a stop word; the whole word (as the
    # `norm` field holds it, stop words too) outranks its one content piece elsewhere.
    [clause] = query_clauses(parse_query("same-sex").root, "en")
    assert Alternative("norm", ("same", "sex"), MODEL.compound * MODEL.stem) in clause.alternatives
    stats = Statistics(10, 3.0, {("norm", "same"): 2, ("norm", "sex"): 3, ("stem", "sex"): 3})
    whole = {"norm": ["same", "sex", "couples"], "stem": ["sex", "coupl"]}
    apart = {"norm": ["sex", "the", "same"], "stem": ["sex"]}
    assert score([clause], whole, stats) > score([clause], apart, stats) > 0
    # A word the index keeps whole has no such alternative.
    [plain] = query_clauses(parse_query("couples").root, "en")
    assert all(len(a.terms) == 1 for a in plain.alternatives)


SYNONYM_REPORT = """SYNTHETIC TEST DOCUMENT (written for fiqra's tests, not a United Nations text)
United Nations\tA/HRC/99/12
Report of the Special Rapporteur
I.\tIntroduction
1.\tStates should criminalize the possession of child sexual abuse material online.
2.\tStates should protect children from commercial sexual exploitation in travel.
3.\tStates should protect children from prostitution and ensure their recovery.
"""


def test_a_word_and_a_multi_word_term_of_one_thesaurus_group_find_each_other(
    tmp_path: Path,
) -> None:
    # thesaurus.tsv: `csam` and `child sexual abuse material`; `prostitution` and
    # `commercial sexual exploitation`: one word expands to the phrase, the phrase to the word.
    [clause] = query_clauses(parse_query("csam").root, "en")
    assert ("child", "sexual", "abus", "materi") in [a.terms for a in clause.alternatives]
    backend = SQLiteBackend(tmp_path)
    backend.ingest(read_bytes(SYNONYM_REPORT.encode(), "synthetic_A_HRC_99_12_en.txt"), "1" * 64)
    try:
        assert [h.paragraph for h in backend.search("csam").hits] == [1]
        assert [h.paragraph for h in backend.search("csam AND online").hits] == [1]
        found = [h.paragraph for h in backend.search("commercial sexual exploitation").hits]
        assert found[0] == 2 and 3 in found
        assert [h.paragraph for h in backend.search("prostitution").hits] == [3, 2]
    finally:
        backend.close()


def test_sloppy_phrases_count_close_words_less_the_further_apart() -> None:
    def freq(stem: list[str], slop: int = 2) -> float:
        near = Clause((Alternative("stem", ("ماد", "اباح"), 1.0, slop=slop),))
        return score([near], {"norm": [], "stem": stem}, STATS)

    adjacent = freq(["ماد", "اباح", "ا", "ب"])
    one_apart = freq(["ماد", "ا", "اباح", "ب"])
    reversed_ = freq(["اباح", "ماد", "ا", "ب"])
    assert adjacent > one_apart > 0  # the sloppy frequency is 1 / (1 + moves)
    assert one_apart > reversed_ > 0  # out of order costs two moves
    assert freq(["ماد", "ا", "ب", "ج", "اباح"]) == 0.0  # three moves > slop 2
    assert freq(["ماد", "ا", "اباح", "ب"], slop=0) == 0.0


def test_a_heading_word_counts_for_the_paragraph_but_less_than_a_text_word() -> None:
    model = RankingModel(section=0.5)
    [clause] = query_clauses(parse_query("توصيات").root, "ar", model)
    assert "section" in {a.field for a in clause.alternatives}
    stats = Statistics(10, 4.0, {("stem", "توصي"): 2, ("section", "توصي"): 2},
                       {"section": 4.0, "stem": 4.0, "norm": 4.0})
    in_text = {"norm": ["توصيات", "ا", "ب", "ج"], "stem": ["توصي", "ا", "ب", "ج"],
               "section": ["ا", "ب", "ج", "د"]}
    in_heading = {"norm": ["ا", "ب", "ج", "د"], "stem": ["ا", "ب", "ج", "د"],
                  "section": ["توصي", "ب", "ج", "د"]}
    text_score = score([clause], in_text, stats, model)
    heading_score = score([clause], in_heading, stats, model)
    assert heading_score == pytest.approx(0.5 * text_score)
    [(_, alt, _)] = contributions([clause], in_heading, stats, model)
    assert alt is not None and alt.field == "section"
    assert not {a.field for c in query_clauses(parse_query("توصيات").root, "ar", BASIC)
                for a in c.alternatives} & {"section"}


def test_ranked_words_add_a_proximity_clause_and_only_they() -> None:
    def kinds(query: str) -> list[str]:
        return [c.kind for c in query_clauses(parse_query(query).root, "ar", MODEL)]

    assert kinds("الاستغلال الجنسي")[-1] == "proximity"
    assert "proximity" not in kinds("الاستغلال")
    assert "proximity" not in kinds('"الاستغلال الجنسي"')  # a quoted phrase is exact already
    assert "proximity" not in kinds("الاستغلال AND الجنسي")
    [near] = [c for c in query_clauses(parse_query("الاستغلال الجنسي").root, "ar", MODEL)
              if c.kind == "proximity"]
    # By stems, as typed (the surface forms, in the `norm` field), and in the headings.
    assert {(a.field, a.terms) for a in near.alternatives} == {
        ("stem", ("استغلال", "جنسي")), ("norm", ("الاستغلال", "الجنسي")),
        ("section", ("استغلال", "جنسي"))}
    assert all(a.slop == MODEL.slop for a in near.alternatives)


def test_query_words_together_in_a_heading_outrank_the_same_words_apart() -> None:
    clauses = query_clauses(parse_query("الاستغلال الجنسي").root, "ar", MODEL)
    stats = Statistics(10, 8.0, {("section", "استغلال"): 3, ("section", "جنسي"): 3},
                       {"section": 8.0})
    text = {"norm": ["ا", "ب"], "stem": ["ا", "ب"]}
    together = {**text, "section": ["استغلال", "جنسي", "ا", "ب", "ج", "د", "ه", "و"]}
    apart = {**text, "section": ["استغلال", "ا", "ب", "ج", "د", "ه", "و", "جنسي"]}
    assert score(clauses, together, stats) > score(clauses, apart, stats) > 0


def test_a_surface_match_adds_to_the_stem_match() -> None:
    model = RankingModel(tie=0.1)
    [clause] = query_clauses(parse_query("الجنسي").root, "ar", model)
    stats = Statistics(10, 4.0, {("stem", "جنسي"): 3, ("norm", "الجنسي"): 1})
    surface = {"norm": ["الجنسي", "ا", "ب", "ج"], "stem": ["جنسي", "ا", "ب", "ج"]}
    stem_only = {"norm": ["جنسيا", "ا", "ب", "ج"], "stem": ["جنسي", "ا", "ب", "ج"]}
    assert score([clause], surface, stats, model) > score([clause], stem_only, stats, model)


def test_exact_words_outrank_a_short_stem_only_paragraph(sample_backend: SQLiteBackend) -> None:
    # Paragraph 16 says "واستغلال جنسي"; 26 and 76 hold the phrase as typed.
    ranked = [h.paragraph for h in sample_backend.search("الاستغلال الجنسي", limit=100).hits]
    assert ranked.index(16) > max(ranked.index(26), ranked.index(76))


def test_explain_gives_each_clause_its_share(sample_backend: SQLiteBackend) -> None:
    # Paragraph 85 stands under "توصيات" and says المقررة الخاصة: a section match and words;
    # paragraph 86 has the three words together: a proximity match.
    hits = sample_backend.search("توصيات المقرره الخاصه", limit=10, explain=True).hits
    under = next(h for h in hits if h.paragraph == 85)
    shares = {e["word"]: e for e in under.explain or [] if "score" in e}
    assert shares["توصيات"]["field"] == "section"
    assert shares["المقرره"]["field"] == "text"
    together = next(h for h in hits if h.paragraph == 86)
    near = [e for e in together.explain or [] if e.get("clause") == "proximity"]
    assert near and near[0]["score"] > 0
    for hit in (under, together):
        total = sum(e["score"] for e in hit.explain or [] if "score" in e)
        assert total == pytest.approx(hit.score, rel=1e-4)


def test_weighing_a_window_ranks_as_tantivy_weighing_every_match(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The index weighs the best units by kind itself (a window of them) and Tantivy weighs
    every match: the same pages, scores and order, footnotes among paragraphs (SYNTHETIC)."""
    backend = SQLiteBackend(tmp_path)
    with backend.batch():
        for report in scale_reports(3000):
            backend.ingest(report, report.title)
    pages = [(q, offset, limit) for q in ("الأطفال", "حماية الأطفال", "children", "the")
             for offset, limit in ((0, 10), (10, 10), (0, 50), (37, 13), (200, 100))]

    def ranked() -> list[list[tuple[str, str, int | None, str, float]]]:
        return [[(h.symbol, h.lang, h.paragraph, h.kind, h.score) for h in
                 backend.search(q, offset=offset, limit=limit).hits]
                for q, offset, limit in pages]

    windowed = ranked()
    assert any(kind == "footnote" for page in windowed for *_, kind, _ in page)
    monkeypatch.setattr(tantivy_index, "WEIGHING_WINDOW", 0)  # Tantivy weighs every match
    assert ranked() == windowed
    backend.close()


def test_paragraphs_beyond_a_window_of_footnotes_still_outrank_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The best units by BM25, more than the window weighed first, are footnotes (counting
    0.8 of it) and the paragraphs after them score more than 0.8 of theirs: the page holds
    the paragraphs, as when Tantivy weighs every match (SYNTHETIC)."""
    first = tantivy_index.FIRST_WINDOW + 50
    notes = [Paragraph(n, "filler text about other matters of the council",
                       footnotes=[Footnote(1, 6, "zebra note")]) for n in range(1, first)]
    words = [Paragraph(n, f"zebra and some words {n}") for n in range(first, first + 20)]
    report = Report("A/HRC/99/1", "en", "SYNTHETIC footnotes first", paragraphs=notes + words,
                    metadata={"synthetic": True})
    backend = SQLiteBackend(tmp_path)
    backend.ingest(report, "0" * 64)
    windowed = [(h.paragraph, h.kind, h.score) for h in backend.search("zebra").hits]
    monkeypatch.setattr(tantivy_index, "WEIGHING_WINDOW", 0)  # Tantivy weighs every match
    assert windowed == [(h.paragraph, h.kind, h.score) for h in backend.search("zebra").hits]
    assert {kind for _, kind, _ in windowed} == {"paragraph"}
    backend.close()


def test_a_language_branch_is_dropped_or_unfiltered_only_where_it_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A query's branch for a language none of whose units hold its forms is left out, and
    one whose forms are only in its language's units goes unfiltered by language: the same
    totals, pages and scores as every branch filtered (SYNTHETIC corpus in three languages;
    one English paragraph quotes an Arabic word)."""
    reports = list(scale_reports(3000))
    english = next(r for r in reports if r.lang == "en")
    quoting = replace(english.paragraphs[0], text=english.paragraphs[0].text + " (الإنترنت)")
    reports[reports.index(english)] = replace(english, paragraphs=[quoting,
                                                                   *english.paragraphs[1:]])
    backend = SQLiteBackend(tmp_path)
    with backend.batch():
        for report in reports:
            backend.ingest(report, report.title)
    held = backend._fresh_index().term_languages

    def languages(query: str, lang: str) -> frozenset[str] | None:
        return held.languages(query_clauses(parse_query(query).root, lang))

    assert languages("الأطفال", "ar") == {"ar"}  # no filter needed
    assert languages("الأطفال", "en") == {"ar"}  # no English branch
    assert languages("children", "ar") == {"en"}
    assert languages("الإنترنت", "en") == {"ar", "en"}  # quoted: filtered by language
    assert languages("تكنولوج*", "ar") is None  # a prefix's words are not listed
    queries = ["الأطفال", "حماية الإنترنت", "الإنترنت", "children protection", '"the child"',
               "الأطفال NOT الإنترنت", "الإنترنت AND الأطفال", "lang:en الإنترنت", "تكنولوج*"]

    def ranked() -> list[tuple[int, list[tuple[str, str, int | None, str, float]]]]:
        return [(r.total, [(h.symbol, h.lang, h.paragraph, h.kind, h.score) for h in r.hits])
                for r in (backend.search(q, limit=20) for q in queries)]

    scoped = ranked()
    assert ("en", quoting.number) in {(h[1], h[2]) for h in scoped[2][1]}
    monkeypatch.setattr(tantivy_index.TermLanguages, "languages", lambda *_: None)
    assert ranked() == scoped
    backend.close()
