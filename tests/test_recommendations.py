"""Numbered recommendations inside a paragraph (UPR layouts), read from synthetic reports
in both layouts: labels, texts and recommending States as printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.model import ListItem, Paragraph, RecommendationList
from corpus.readers import load_report
from corpus.readers.thematic_list import read_thematic_list
from corpus.recommendations import (
    attach,
    item_address,
    recommending_states,
    with_recommendations,
)
from tests.format_fixtures import report_to_docx

SYNTHETIC = Path(__file__).resolve().parent / "fixtures" / "synthetic"


def test_dotted_layout_items_with_states() -> None:
    report = load_report(SYNTHETIC / "upr" / "synthetic_A_HRC_99_15_en.txt")
    assert [p.number for p in report.paragraphs] == [1, 2, 3, 4]
    items = report.paragraph(3).items
    assert [i.label for i in items] == ["3.1", "3.2", "3.3", "3.4", "3.5"]
    assert [i.states for i in items] == [
        ["France"],
        ["Iran (Islamic Republic of)", "Venezuela (Bolivarian Republic of)", "Peru"],
        ["Bosnia and Herzegovina", "France"],
        ["the former Yugoslav Republic of Macedonia"],
        ["Chile"],
    ]
    # Lines of one recommendation are one text; `paragraph 3.1` inside it is no label.
    assert items[1].text.startswith("Consider ratifying the International Convention on the"
                                    " Protection of All Migrant Workers and Members")
    assert "recommended in paragraph 3.1 of the previous report" in items[2].text
    assert items[4].text.endswith("(CRC), in particular of children (Chile).")
    # The paragraph keeps its whole text; paragraph 2's `3.1` is not a list.
    assert "3.5 Continue" in report.paragraph(3).text.replace("\t", " ")
    assert report.paragraph(2).items == []


def test_line_layout_numbers_on_their_own_lines() -> None:
    """2010 layout: `1.` alone on a line, its text on the next; numbers that equal the
    next paragraph number (4, 5) continue the list, not the paragraphs."""
    report = load_report(SYNTHETIC / "upr" / "synthetic_A_HRC_99_16_en.txt")
    assert [p.number for p in report.paragraphs] == [1, 2, 3, 4, 5]
    assert "warnings" not in report.metadata
    supported = report.paragraph(3).items
    assert [i.label for i in supported] == ["1", "2", "3", "4", "5", "6"]
    assert supported[1].states == ["Norway", "Mexico"]
    assert supported[4].text == "Combat discrimination against women in employment (Sweden);"
    assert [(i.label, i.states) for i in report.paragraph(4).items] == [
        ("1", ["Italy"]), ("2", ["Switzerland"])
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The Committee noted paragraph 12.1 and paragraph 12.2 of the plan.",
        "12.1 Only one numbered line (France);",
        "See 12.2 Ratify (Spain); 12.1 Adopt (Chile);",
    ],
)
def test_no_list_without_a_sequence(text: str) -> None:
    assert with_recommendations(Paragraph(12, text)).items == []


@pytest.mark.parametrize(
    ("text", "states"),
    [
        ("Ratify ICRMW (Senegal, Sierra Leone, Venezuela (Bolivarian\nRepublic of), Peru);",
         ["Senegal", "Sierra Leone", "Venezuela (Bolivarian Republic of)", "Peru"]),
        ("Ratify the Optional Protocol (OP-CAT).", []),
        ("Ratify the Covenant (ICCPR)", []),
        ("Continue its efforts", []),
        ("Ratify it (in 2015);", []),
    ],
)
def test_recommending_states(text: str, states: list[str]) -> None:
    assert recommending_states(text) == states


def test_item_address() -> None:
    assert item_address(115, "115.3") == "115.3"
    assert item_address(111, "1") == "111 (1)"
    assert item_address(9, "(a)") == "9 (a)"


REAL = Path(__file__).resolve().parent / "data" / "real"
THEMATIC_LIST = REAL / "UPR20__Slovenia_ThematicListRecommendations_E.docx"


def test_thematic_list_rows() -> None:
    """The real OHCHR list: 163 recommendations of A/HRC/28/15, each once (rows repeat
    under every theme they have), with position, themes (codes dropped) and persons."""
    found = read_thematic_list(THEMATIC_LIST.read_bytes(), THEMATIC_LIST.name)
    assert found is not None
    assert found.symbol == "A/HRC/28/15"
    assert [i.label for i in found.items] == [f"115.{n}" for n in range(1, 164)]
    first = found.items[2]
    assert (first.label, first.states, first.position, first.themes, first.persons) == (
        "115.3", ["Portugal", "Slovakia"], "supported", ["Acceptance of international norms"],
        ["children"],
    )
    assert first.text == ("Ratify the Optional Protocol to the Rights of the Child on a"
                          " communications procedure (Portugal, Slovakia);")
    assert found.items[1].themes == ["Acceptance of international norms", "Racial discrimination",
                                     "Members of minorities"]
    positions = {i.position for i in found.items}
    assert positions == {"supported", "noted"}
    assert sum(i.position == "noted" for i in found.items) == 21
    assert all(i.states and i.themes for i in found.items)
    # 115.34's cell reads `Affected persons: ` and nothing more.
    assert [i.label for i in found.items if not i.persons] == ["115.34"]


def test_a_report_docx_is_no_thematic_list(tmp_path: Path) -> None:
    report = load_report(SYNTHETIC / "synthetic_report_en.txt")
    path = tmp_path / "A_HRC_99_10_en.docx"
    report_to_docx(report, path)
    assert read_thematic_list(path.read_bytes(), path.name) is None


def test_attach_by_label() -> None:
    report = load_report(SYNTHETIC / "upr" / "synthetic_A_HRC_99_15_en.txt")
    rows = RecommendationList("A/HRC/99/15", [
        ListItem("3.2", "…", position="noted", themes=["Migrants"], persons=["migrants"]),
        ListItem("3.9", "…", position="supported"),
    ])
    assert attach(report, rows) == 1
    item = report.paragraph(3).items[1]
    assert (item.position, item.themes, item.persons) == ("noted", ["Migrants"], ["migrants"])
    assert report.paragraph(3).items[0].position is None
