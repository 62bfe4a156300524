"""The embedded backend on the bundled report: ingest semantics and search behaviour."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import asdict
from pathlib import Path

import pytest

from corpus.model import Block, Footnote, ListItem, Paragraph, ParseError, Report, Section
from corpus.readers import read_bytes
from indexer import sqlite_backend
from indexer.backend import Hit
from indexer.citation_index import CitedTarget, citation_query
from indexer.ingest import ingest_file
from indexer.query import QueryError
from indexer.search_plan import citing_hit
from indexer.sqlite_backend import SQLiteBackend

SYMBOL = "A/HRC/28/56"


def numbers(backend: SQLiteBackend, query: str, limit: int = 20) -> list[int | None]:
    return [h.paragraph for h in backend.search(query, limit=limit).hits]


def test_sample_is_ingested_whole(sample_backend: SQLiteBackend) -> None:
    [summary] = sample_backend.list_reports()
    assert (summary.symbol, summary.lang, summary.paragraphs) == (SYMBOL, "ar", 89)
    report = sample_backend.get_report(SYMBOL)
    assert report is not None and [p.number for p in report.paragraphs] == list(range(1, 90))
    assert sample_backend.get_paragraph(SYMBOL, "ar", 48) is not None
    assert sample_backend.get_paragraph(SYMBOL, "ar", 90) is None


def test_same_bytes_change_nothing(empty_backend: SQLiteBackend, sample_path: Path) -> None:
    first = ingest_file(empty_backend, sample_path)
    found_before = empty_backend.search("الإنترنت").total
    before = empty_backend.path.read_bytes()
    again = ingest_file(empty_backend, sample_path)
    assert (first.status, again.status) == ("added", "unchanged")
    assert empty_backend.search("الإنترنت").total == found_before > 0
    assert len(empty_backend.list_reports()) == 1
    assert empty_backend.path.read_bytes() == before


def test_new_version_replaces_old(empty_backend: SQLiteBackend, sample_path: Path,
                                  tmp_path: Path) -> None:
    ingest_file(empty_backend, sample_path)
    edited = tmp_path / "A_HRC_28_56_ar.txt"
    text = sample_path.read_text(encoding="utf-8")
    edited.write_text(text.replace("خطوط المساعدة", "خطوط الإغاثة الهاتفية"), encoding="utf-8")
    outcome = ingest_file(empty_backend, edited)
    assert outcome.status == "replaced"
    assert len(empty_backend.list_reports()) == 1
    assert 48 in numbers(empty_backend, '"خطوط الإغاثة"')
    assert empty_backend.search('"خطوط المساعدة"').total == 0


def test_failed_ingest_leaves_index_as_it_was(empty_backend: SQLiteBackend, sample_path: Path,
                                              tmp_path: Path) -> None:
    ingest_file(empty_backend, sample_path)
    bad = tmp_path / "A_HRC_28_56_ar.txt"
    bad.write_bytes(sample_path.read_bytes()[:5000] + b"\xff\xfe broken")
    with pytest.raises(ParseError, match="UTF-8"):
        ingest_file(empty_backend, bad)
    assert empty_backend.search('"خطوط المساعدة"').total > 0


def test_failure_inside_the_transaction_rolls_back(
    empty_backend: SQLiteBackend, sample_path: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ingest_file(empty_backend, sample_path)
    edited = tmp_path / "A_HRC_28_56_ar.txt"
    edited.write_text(sample_path.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    def boom(_: str) -> str:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(sqlite_backend, "base_symbol", boom)
    with pytest.raises(RuntimeError):
        ingest_file(empty_backend, edited)
    monkeypatch.undo()
    assert ingest_file(empty_backend, sample_path).status == "unchanged"
    assert empty_backend.search("الإغواء").total > 0


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("الاغواء", "الإغواء"),  # no hamza
        ("خطوط المساعده", "خطوط المساعدة"),  # ه for ة
        ("الأَطْفَالُ الضَّحَايَا", "الأطفال الضحايا"),  # harakat
        ("الانترنت", "الإنترنت"),
    ],
)
def test_typed_variants_find_the_same_paragraphs(
    sample_backend: SQLiteBackend, typed: str, written: str
) -> None:
    assert numbers(sample_backend, typed) == numbers(sample_backend, written)
    assert numbers(sample_backend, typed)


def test_ranked_words_not_all_required(sample_backend: SQLiteBackend) -> None:
    # "RedNATIC" occurs in paragraphs 63 and 65 only; the other word nowhere.
    assert sorted(numbers(sample_backend, "RedNATIC زرافة")) == [63, 65]
    top = numbers(sample_backend, "خطوط المساعدة")
    assert top[0] in (47, 48, 87)
    assert 48 in top[:3]


def test_phrase_and_operators(sample_backend: SQLiteBackend) -> None:
    phrase = numbers(sample_backend, '"البث الدفقي المباشر"')
    assert set(phrase) >= {42} and all(
        "البث الدفقي المباشر" in sample_backend.get_paragraph(SYMBOL, "ar", n).text  # type: ignore[union-attr]
        for n in phrase
    )
    both = set(numbers(sample_backend, "الإغواء AND البنات"))
    assert 40 in both and both <= set(numbers(sample_backend, "الإغواء"))
    without = set(numbers(sample_backend, "الإغواء NOT البنات"))
    assert 40 not in without and without
    assert set(numbers(sample_backend, "تكنولوج*", limit=100)) >= {20, 21, 66, 67}


def test_filters(sample_backend: SQLiteBackend) -> None:
    recs = numbers(sample_backend, "الأطفال section:توصيات")
    # Chapter V "استنتاجات وتوصيات" (82-89) holds "توصيات".
    assert recs and all(82 <= n <= 89 for n in recs)  # type: ignore[operator]
    assert numbers(sample_backend, "الأطفال lang:en") == []
    assert numbers(sample_backend, "الأطفال symbol:A/69/262") == []
    with pytest.raises(QueryError):
        sample_backend.search("الأطفال year:soon")


def test_citation_queries_go_to_the_paragraph(sample_backend: SQLiteBackend) -> None:
    assert numbers(sample_backend, "A/HRC/28/56 ¶ 87") == [87]
    assert numbers(sample_backend, "A/HRC/28/56 الفقرة 9") == [9]
    assert numbers(sample_backend, "A/HRC/28/56 para. 9") == [9]


def test_snippets_highlight_original_words(sample_backend: SQLiteBackend) -> None:
    hit = sample_backend.search("الاغواء", limit=1).hits[0]
    marked = re.findall(r"<mark>(.*?)</mark>", hit.snippet)
    assert marked and all(m in hit.text for m in marked)
    assert any("إغواء" in m for m in marked)


def test_explain_says_why(sample_backend: SQLiteBackend) -> None:
    hit = sample_backend.search("الاغواء", limit=1, explain=True).hits[0]
    assert hit.explain and hit.explain[0]["word"] == "الاغواء"
    assert hit.explain[0]["matched"]


def test_citation_of_a_document_not_in_the_corpus_finds_who_cites_it(
    sample_backend: SQLiteBackend,
) -> None:
    assert numbers(sample_backend, "A/69/262 الفقرة 9") == [9]  # pinpoint 8-20 covers 9
    assert numbers(sample_backend, "A/69/262") == [5, 9, 13]
    hit = sample_backend.search("A/69/262 para. 25").hits[0]
    assert hit.paragraph == 13 and "<mark>" in hit.snippet


def test_reindex_and_old_stores_rebuild_from_stored_reports(
    empty_backend: SQLiteBackend, sample_path: Path
) -> None:
    ingest_file(empty_backend, sample_path)
    before = numbers(empty_backend, "خطوط المساعده")
    assert empty_backend.reindex() == {"reports": 1}
    assert numbers(empty_backend, "خطوط المساعده") == before
    # A store from an older schema: derived tables are rebuilt when it is opened.
    with empty_backend._transaction() as db:
        db.execute("PRAGMA user_version = 1")
        db.execute("DELETE FROM citations")
    empty_backend.close()
    shutil.rmtree(empty_backend.path.parent / "index")
    reopened = SQLiteBackend(empty_backend.path.parent)
    assert reopened.citations(SYMBOL)[0]
    assert numbers(reopened, "خطوط المساعده") == before
    assert reopened.get_paragraph(SYMBOL, "ar", 48) is not None
    reopened.close()


def test_citation_queries_say_why_they_found_nothing(sample_backend: SQLiteBackend) -> None:
    missing = sample_backend.search("A/HRC/28/56 para. 999")
    assert (missing.total, missing.hits) == (0, [])
    assert missing.notice == "A/HRC/28/56 has no paragraph 999 in the corpus"
    unknown = sample_backend.search("A/1/2")
    assert unknown.total == 0 and "not in the corpus" in (unknown.notice or "")


def test_citation_queries_tolerate_filters_case_and_resolutions(
    sample_backend: SQLiteBackend,
) -> None:
    assert numbers(sample_backend, "A/HRC/28/56 para. 9 lang:ar") == [9]
    assert numbers(sample_backend, "a/hrc/28/56 para. 9") == [9]
    # A resolution not in the corpus: the paragraphs citing it.
    assert numbers(sample_backend, "HRC res. 7/13") == [1, 3, 12]
    assert numbers(sample_backend, "قرار مجلس حقوق الإنسان 7/13") == [1, 3, 12]
    _, incoming = sample_backend.citations("HRC res. 7/13")
    assert [c.paragraph for c in incoming] == [1, 3, 12]


def test_section_filter_is_analyzed(sample_backend: SQLiteBackend) -> None:
    expected = numbers(sample_backend, "الأطفال section:توصيات")
    assert expected
    assert numbers(sample_backend, "الأطفال section:التوصيات") == expected
    assert numbers(sample_backend, 'الأطفال section:"الاستنتاجات والتوصيات"') == expected
    assert sorted(numbers(sample_backend, "الإنترنت section:الساخنه")) == [49, 50, 51, 52]


def test_citation_locators_are_kept(sample_backend: SQLiteBackend) -> None:
    outgoing, _ = sample_backend.citations(SYMBOL, 75)
    assert [(c.target, c.locator) for c in outgoing] == [("A/HRC/17/31", "annex")]


def test_quoted_phrases_keep_their_stop_words(sample_backend: SQLiteBackend) -> None:
    # "لا تيسّر" (does not facilitate) is in paragraph 89 only; تيسر alone is elsewhere too.
    assert numbers(sample_backend, '"لا تيسر"') == [89]
    assert len(numbers(sample_backend, "=تيسر")) > 1


def test_citation_hits_mark_the_reference_and_explain_it(sample_backend: SQLiteBackend) -> None:
    [hit] = sample_backend.search("HRC res. 7/13", explain=True).hits[1:2]
    assert hit.paragraph == 3 and "<mark>" in hit.snippet and "7/13" in hit.snippet
    assert hit.explain and hit.explain[0]["matched"][0]["why"] == ["cites"]
    assert sample_backend.search("HRC res. 7/13").hits[0].explain is None
    assert numbers(sample_backend, "E/CN.4/2005/78, Corr.1") == [17]


def test_a_language_filter_without_text_says_so(sample_backend: SQLiteBackend) -> None:
    results = sample_backend.search("children", lang="en")
    assert results.total == 0 and results.notice == "the corpus has no en text (languages: ar)"


def test_explain_names_broken_plurals_as_lemma_matches(sample_backend: SQLiteBackend) -> None:
    hit = sample_backend.search("طفل", limit=1, explain=True).hits[0]
    why = {m["text"]: m["why"] for m in hit.explain[0]["matched"]}  # type: ignore[index]
    assert why["الأطفال"] == ["lemma"]


def _listed_as_citing(backend: SQLiteBackend, cited: CitedTarget) -> list[Hit]:
    """The paragraphs citing `cited` read from its incoming citations one by one: each
    once, by its first reference, ordered by symbol, language and paragraph."""
    _, incoming = backend.citations(cited.symbol)
    hits: dict[tuple[str, str, int], Hit] = {}
    for c in incoming:
        if c.paragraph is None or (cited.paragraphs and not
                                   set(cited.paragraphs) & set(c.target_paragraphs)):
            continue
        paragraph = backend.get_paragraph(c.symbol, c.lang, c.paragraph)
        if paragraph and (c.symbol, c.lang, c.paragraph) not in hits:
            hits[(c.symbol, c.lang, c.paragraph)] = citing_hit(
                c.symbol, c.lang, c.paragraph, c.text, paragraph, cited)
    return [hits[key] for key in sorted(hits)]


@pytest.mark.parametrize("query", ["A/69/262", "A/69/262 para. 25", "HRC res. 7/13"])
def test_citing_paragraphs_are_paged_in_sql_as_listed(
    sample_backend: SQLiteBackend, query: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cited = citation_query(query)
    assert cited is not None
    listed = _listed_as_citing(sample_backend, cited)
    total, page = sample_backend._citing_page(cited, None, 0, 1000)
    assert total == len(listed) == len(page)
    assert [asdict(h) for h in page] == [asdict(h) for h in listed]
    _, second = sample_backend._citing_page(cited, None, 1, 1)
    assert [h.paragraph for h in second] == [h.paragraph for h in listed[1:2]]
    # Counted up to one past the cap (10,000; here one less than cite it): the search
    # says "more than that".
    monkeypatch.setattr(sample_backend, "total_cap", len(listed) - 1)
    assert sample_backend._citing_page(cited, None, 0, 10)[0] == len(listed)
    found = sample_backend.search(query)
    assert (found.total, found.total_capped) == (len(listed) - 1, True)
    assert len(found.hits) == min(10, len(listed))


def test_texts_are_stored_once(sample_backend: SQLiteBackend, sample_path: Path) -> None:
    report = sample_backend.get_report(SYMBOL, "ar")
    assert report is not None
    original = read_bytes(sample_path.read_bytes(), sample_path.name)
    assert [p.text for p in report.paragraphs] == [p.text for p in original.paragraphs]
    assert [b.text for b in report.blocks] == [b.text for b in original.blocks]
    doc = sample_backend._query("SELECT doc FROM reports")[0]["doc"]
    assert not any(p.text in doc for p in original.paragraphs if len(p.text) > 40)


def _listed_report() -> Report:
    """SYNTHETIC: paragraphs with a footnote (its text), lettered items, a
    recommendation with its States, none of either, a section tree and a block."""
    return Report(
        "A/HRC/99/31", "en", title="SYNTHETIC report with items and footnotes",
        sections=[Section("I", "Introduction", 1, 1, 2)],
        paragraphs=[
            Paragraph(1, "The Special Rapporteur stresses child protection.", ["I. Introduction"],
                      footnotes=[Footnote(1, 20, "See A/HRC/25/48, para. 12.")]),
            Paragraph(2, "She recommends:\n(a) Helplines;\n(b) Cooperation.", ["I. Introduction"],
                      items=[ListItem("(a)", "Helplines;"), ListItem("(b)", "Cooperation.")]),
            Paragraph(3, "Recommendations:\n3.1 Ratify the Convention (France);",
                      ["II. Recommendations"],
                      items=[ListItem("3.1", "Ratify the Convention (France);", ["France"])]),
            Paragraph(4, "She calls for international cooperation.", []),
        ],
        blocks=[Block("summary", "SYNTHETIC summary of the report.", 0, [])],
        metadata={"synthetic": True},
    )


def test_a_paragraph_is_stored_once_and_read_back_whole(empty_backend: SQLiteBackend) -> None:
    report = _listed_report()
    empty_backend.ingest(report, "listed")
    assert empty_backend.get_report(report.symbol) == report
    assert empty_backend.get_paragraph(report.symbol, "en", 2) == report.paragraphs[1]
    doc, = empty_backend._db.execute("SELECT doc FROM reports").fetchone()
    assert "paragraphs" not in json.loads(doc) and "Helplines" not in doc
    assert empty_backend._db.execute(  # a paragraph without items or footnotes: no data
        "SELECT data FROM units WHERE paragraph = 4").fetchone()[0] is None


def test_a_store_of_schema_11_is_read_and_rebuilt(empty_backend: SQLiteBackend) -> None:
    """Schema 11 kept each paragraph (without its text) in the report's `doc` and whole in
    its unit's `data`: such a store opens with its reports as they were, rebuilt."""
    report = _listed_report()
    empty_backend.ingest(report, "listed")
    doc = report.to_dict()
    for part in (*doc["paragraphs"], *doc["blocks"]):
        part["text"] = None
    with empty_backend._transaction() as db:
        db.execute("UPDATE reports SET doc = ?", (json.dumps(doc),))
        db.execute("UPDATE units SET data = NULL")  # the paragraphs come from `doc`
        db.execute("PRAGMA user_version = 11")
    empty_backend.close()
    reopened = SQLiteBackend(empty_backend.path.parent)
    assert reopened.get_report(report.symbol) == report
    assert reopened.get_paragraph(report.symbol, "en", 1) == report.paragraphs[0]
    assert numbers(reopened, "helplines") == [2]
    stored, = reopened._db.execute("SELECT doc FROM reports").fetchone()
    assert "paragraphs" not in json.loads(stored)
    reopened.close()
