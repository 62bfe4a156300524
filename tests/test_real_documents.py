"""Real UN PDFs as the Official Document System publishes them (tests/data/real), read
without help: the symbol from the masthead, every numbered paragraph 1..N, running
heads and feet kept out, footnotes with their text (`Ibid.` resolved), a fidelity
account that finds nothing to flag.

What each file must give is the table of tests/data/real/README.md (symbol, numbered
paragraphs), so a document added there with its row is tested the same way.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from corpus.citations import extract_note_citations
from corpus.model import Report
from corpus.readers import load_report, read_bytes
from indexer.citation_index import report_citations
from tests.conftest import ROOT

REAL = ROOT / "tests" / "data" / "real"
_ROW_RE = re.compile(r"^\|\s*`(?P<file>[^`]+\.pdf)`\s*\|\s*(?P<symbol>[^|]+?)\s*\|[^|]*\|"
                     r"\s*(?P<first>\d+)\s*[–-]\s*(?P<last>\d+)\s*\|", re.MULTILINE)


def expected() -> list[tuple[str, str, int, int]]:
    """(file, symbol, first, last) for each PDF row of the README's table."""
    text = (REAL / "README.md").read_text(encoding="utf-8")
    return [(m["file"], m["symbol"], int(m["first"]), int(m["last"]))
            for m in _ROW_RE.finditer(text)]


@cache
def read(name: str) -> Report:
    return load_report(REAL / name)


def test_the_readme_lists_every_real_pdf() -> None:
    assert sorted(row[0] for row in expected()) == sorted(p.name for p in REAL.glob("*.pdf"))


@pytest.mark.parametrize(("name", "symbol", "first", "last"), expected())
def test_symbol_and_every_numbered_paragraph(name: str, symbol: str, first: int,
                                            last: int) -> None:
    report = read(name)
    assert report.symbol == symbol
    assert report.lang == "en"
    assert [p.number for p in report.paragraphs] == list(range(first, last + 1))
    account = report.metadata["ingest_report"]
    assert account["gaps"] == [] and account["duplicates"] == []
    assert account["flags"] == []


@pytest.mark.parametrize(("name", "symbol", "first", "last"), expected())
def test_no_running_heads_or_job_numbers_in_paragraphs(name: str, symbol: str, first: int,
                                                       last: int) -> None:
    job = re.compile(r"\bGE\.\d{2}-\d{5}\b")
    for paragraph in read(name).paragraphs:
        assert not job.search(paragraph.text), paragraph.number
        assert not any(line.strip() == symbol for line in paragraph.text.splitlines())


@pytest.mark.parametrize(("name", "symbol", "first", "last"), expected())
def test_every_footnote_has_its_text(name: str, symbol: str, first: int, last: int) -> None:
    notes = [f for p in read(name).paragraphs for f in p.footnotes]
    assert all(f.text for f in notes)
    numbers = [f.number for f in notes]
    assert numbers == sorted(numbers)


def test_footnotes_of_a_compilation_and_ibid() -> None:
    """A/HRC/WG.6/48/SVN/2 cites in 99 notes; `Ibid., para. 55.` is the previous note's
    document (CEDAW/C/SVN/CO/7), paragraph 55."""
    report = read("g2419943.pdf")
    notes = [f.text for p in report.paragraphs for f in p.footnotes]
    assert len(notes) == 99 and notes[1] == "CEDAW/C/SVN/CO/7, para. 6."
    found = extract_note_citations(notes, "en", context_symbol=report.symbol)
    ibid = found[2][0]
    assert (ibid.target, ibid.target_paragraphs, ibid.text) == ("CEDAW/C/SVN/CO/7", (55,),
                                                               "Ibid., para. 55")
    for text, before, refs in zip(notes[1:], found, found[1:], strict=False):
        if text.startswith("Ibid") and before:
            assert refs[0].target == before[-1].target
    stored = list(report_citations(report))
    assert any(c.ref.text == "Ibid., para. 55" and c.target_symbol == "CEDAW/C/SVN/CO/7"
               for c in stored)


def test_upr_recommendations_stay_lines_of_their_paragraph() -> None:
    """A/HRC/28/15 paragraph 115 holds the recommendations 115.1-115.163, one per line
    (the item parser splits them), and paragraph 116 follows it."""
    report = read("g1423930.pdf")
    lines = report.paragraph(115).text.splitlines()
    labels = [line.split()[0] for line in lines[1:]]
    assert labels == [f"115.{n}" for n in range(1, 164)]
    assert report.paragraph(116).text.startswith("All conclusions and/or recommendations")


def test_masthead_metadata_and_page_heads() -> None:
    report = read("g1423930.pdf")
    assert report.metadata["date"] == "2014-12-10"
    assert report.metadata["job_number"] == "GE.14-23930"
    assert report.metadata.get("warnings", []) == []


def test_the_masthead_wins_over_the_file_name() -> None:
    data = (REAL / "A_HRC_59_60.en.pdf").read_bytes()
    report = read_bytes(data, "A_HRC_1_1-EN.pdf")
    assert report.symbol == "A/HRC/59/60"
    assert any("file name says A/HRC/1/1" in w for w in report.metadata["warnings"])
    assert any("file name says A/HRC/1/1" in w
               for w in report.metadata["ingest_report"]["warnings"])
