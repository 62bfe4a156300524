"""Recommendations searched, filtered, faceted and cited on any backend: the checks that
tests/test_recommendation_search.py (embedded) and tests/cluster (OpenSearch) both run.

The report is the synthetic UPR report A/HRC/99/15 (tests/fixtures/synthetic); its
thematic list is a synthetic Word table in the OHCHR layout written here.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import docx

from indexer.backend import Backend
from indexer.ingest import ingest_file

SYNTHETIC = Path(__file__).resolve().parent / "fixtures" / "synthetic"
REPORT = SYNTHETIC / "upr" / "synthetic_A_HRC_99_15_en.txt"
SOURCE = "\nSource of position: A/HRC/99/15/Add.1 - Para. 3"
# (theme row, [(recommendation, position, themes cell)]), as OHCHR lays the table out.
LIST_ROWS = [
    ("Theme: A12 Acceptance of international norms", [
        ("3.1 Ratify the Optional Protocol to the Convention against Torture (France);",
         "Supported", "A12 Acceptance of international norms\nAffected persons:\n- general"),
        ("3.2 Consider ratifying the International Convention on the Protection of All Migrant"
         " Workers and Members of Their Families (Iran (Islamic Republic of), Venezuela"
         " (Bolivarian Republic of), Peru);",
         "Noted", "A12 Acceptance of international norms\nG4 Migrants\nAffected persons:\n"
         "- migrants"),
    ]),
    ("Theme: A45 National Human Rights Institution (NHRI)", [
        ("3.3 Strengthen the national human rights institution in line with the Paris"
         " Principles, as recommended in paragraph 3.1 of the previous report (Bosnia and"
         " Herzegovina, France);",
         "Supported", "A45 National Human Rights Institution (NHRI)\nAffected persons:\n"
         "- general"),
    ]),
    ("Theme: G4 Migrants", [
        ("3.2 Consider ratifying the International Convention on the Protection of All Migrant"
         " Workers and Members of Their Families (Iran (Islamic Republic of), Venezuela"
         " (Bolivarian Republic of), Peru);",
         "Noted", "A12 Acceptance of international norms\nG4 Migrants\nAffected persons:\n"
         "- migrants"),
    ]),
]


def write_thematic_list(path: Path) -> Path:
    """A SYNTHETIC thematic list for A/HRC/99/15 (not an OHCHR document)."""
    document = docx.Document()
    document.add_paragraph("SYNTHETIC TEST DOCUMENT (written for fiqra's tests)")
    table = document.add_table(rows=1, cols=4)
    for cell, heading in zip(table.rows[0].cells, ["Recommendation", "Position",
                             "Full list of themes", "Assessment/comments"], strict=True):
        cell.text = heading
    for theme, rows in LIST_ROWS:
        spanning = table.add_row().cells
        merged = spanning[0].merge(spanning[3])
        merged.text = theme
        for recommendation, position, themes in rows:
            cells = table.add_row().cells
            cells[0].text = recommendation + SOURCE
            cells[1].text = position
            cells[2].text = themes
    document.save(path)
    return path


def hits(backend: Backend, query: str) -> list[tuple[str, int | None, str | None]]:
    return [(h.symbol, h.paragraph, h.item) for h in backend.search(query, limit=50).hits]


def check_recommendations(first: Backend, second: Backend, tmp_path: Path) -> None:
    """`first` gets the list before the report, `second` after it: both end alike, and
    filters, facets and citations answer the recommendations."""
    thematic = write_thematic_list(tmp_path / "UPR99__Utopia_ThematicListRecommendations_E.docx")
    listed = ingest_file(first, thematic)
    assert (listed.symbol, listed.status) == ("A/HRC/99/15", "added")
    assert listed.found["recommendation_list"] == {"rows": 3, "attached": 0}
    ingest_file(first, REPORT)
    ingest_file(second, REPORT)
    late = ingest_file(second, thematic)
    assert late.found["recommendation_list"] == {"rows": 3, "attached": 3}
    before = first.get_report("A/HRC/99/15")
    assert before is not None and before == second.get_report("A/HRC/99/15")
    item = before.paragraph(3).items[1]
    assert (item.position, item.themes, item.persons) == (
        "noted", ["Acceptance of international norms", "Migrants"], ["migrants"]
    )
    assert before.paragraph(3).items[3].position is None  # 3.4 is not in the list

    # Re-ingesting either changes nothing.
    assert ingest_file(first, thematic).status == "unchanged"
    assert ingest_file(second, REPORT).status == "unchanged"
    assert first.get_report("A/HRC/99/15") == before
    # A listing counts the report's paragraphs, not its recommendations or footnotes.
    for backend in (first, second):
        assert [(r.symbol, r.paragraphs) for r in backend.list_reports()] == [
            ("A/HRC/99/15", len(before.paragraphs))
        ]

    for backend in (first, second):
        assert hits(backend, "state:France") == [
            ("A/HRC/99/15", 3, "3.1"), ("A/HRC/99/15", 3, "3.3")
        ]
        assert hits(backend, 'state:"bosnia and herzegovina"') == [("A/HRC/99/15", 3, "3.3")]
        assert hits(backend, "state:Narnia") == []
        assert hits(backend, "position:noted") == [("A/HRC/99/15", 3, "3.2")]
        assert hits(backend, 'theme:"Acceptance of international norms"') == [
            ("A/HRC/99/15", 3, "3.1"), ("A/HRC/99/15", 3, "3.2")
        ]
        assert hits(backend, "ratify position:supported") == [("A/HRC/99/15", 3, "3.1")]
        assert hits(backend, "person:migrants state:Peru") == [("A/HRC/99/15", 3, "3.2")]
        # Two values of one filter: either (each filter's values OR, the filters AND), in
        # whatever order, never the last one alone.
        for query in ("state:Peru state:Chile", "state:Chile state:Peru"):
            assert sorted(hits(backend, query)) == [("A/HRC/99/15", 3, "3.2"),
                                                    ("A/HRC/99/15", 3, "3.5")], query
        assert hits(backend, "state:Peru state:Chile position:noted") == [
            ("A/HRC/99/15", 3, "3.2")]
        assert hits(backend, "symbol:A/HRC/99/15 symbol:A/HRC/1/1 state:Chile") == [
            ("A/HRC/99/15", 3, "3.5")]
        assert hits(backend, "ratify year:2099 year:1999") == hits(backend, "ratify year:2099")
        assert hits(backend, "ratify lang:fr lang:en") == hits(backend, "ratify lang:en")
        # A facet the query filters on counts what each value would add (as ticked boxes).
        either = backend.search("position:supported state:Chile", facets=True).facets
        assert either is not None and either["state"] == [
            {"value": "France", "count": 2}, {"value": "Bosnia and Herzegovina", "count": 1}]
        # A State alone: every recommendation's States, each with what it would add.
        alone = backend.search("state:France", facets=True).facets
        assert alone is not None and [(v["value"], v["count"]) for v in alone["state"]] == [
            ("France", 2), ("Bosnia and Herzegovina", 1), ("Chile", 1),
            ("Iran (Islamic Republic of)", 1), ("Peru", 1),
            ("Venezuela (Bolivarian Republic of)", 1),
            ("the former Yugoslav Republic of Macedonia", 1)]
        found = backend.search("position:supported", facets=True)
        assert found.facets is not None
        # Ticked, supported still counts the other position beside it (what noted would add).
        assert found.facets["position"] == [{"value": "supported", "count": 2},
                                            {"value": "noted", "count": 1}]
        assert found.facets["state"] == [{"value": "France", "count": 2},
                                         {"value": "Bosnia and Herzegovina", "count": 1}]
        ratify = backend.search("ratify", facets=True).facets
        assert ratify is not None and ratify["position"] == [
            {"value": "noted", "count": 1}, {"value": "supported", "count": 1}
        ]
        # Ordered by document with a tag filter alone: the recommendations in their order.
        assert [h.item for h in backend.search("state:France", sort="document").hits] == [
            "3.1", "3.3"
        ]
        [hit] = backend.search("state:Peru").hits
        assert hit.kind == "recommendation"
        assert hit.tags == {"state": ["Iran (Islamic Republic of)",
                                      "Venezuela (Bolivarian Republic of)", "Peru"],
                            "position": ["noted"],
                            "theme": ["Acceptance of international norms", "Migrants"],
                            "person": ["migrants"]}
        for query in ("A/HRC/99/15 para. 3.2", "A/HRC/99/15, 3.2", "a/hrc/99/15 ¶ 3.2"):
            cited = backend.search(query)
            assert [asdict(h)["item"] for h in cited.hits] == ["3.2"], query
            assert cited.hits[0].text.startswith("Consider ratifying")
        missing = backend.search("A/HRC/99/15 para. 3.9")
        assert missing.total == 0 and missing.notice == "A/HRC/99/15 has no recommendation 3.9"
