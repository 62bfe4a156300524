"""DOCX reader: Word's automatic numbering, real footnotes, heading styles, tables, and the
six languages. Documents are SYNTHETIC, written by the tests with python-docx."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from corpus.readers import load_report, read_bytes
from corpus.readers.docx import Numbering, _open, format_number, read_docx
from indexer.ingest import ingest_file
from indexer.sqlite_backend import SQLiteBackend
from tests.conftest import ROOT
from tests.format_fixtures import DocxWriter, Masthead, report_to_docx
from tests.test_roundtrip import normalized

SYNTHETIC = ROOT / "tests" / "fixtures" / "synthetic"
LANGUAGES = ("ar", "en", "fr", "es", "ru", "zh")
LEVELS = (
    '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
    '<w:lvlText w:val="(%2)"/></w:lvl>'
)
MASTHEAD = Masthead(
    symbol="A/HRC/99/40",
    lines=["SYNTHETIC document for fiqra's tests", "United Nations", "A/HRC/99/40/Add.2",
           "General Assembly", "Distr.: General", "3 March 2099", "Original: French",
           "Human Rights Council", "Ninety-ninth session", "Agenda item 3",
           "Report of the Independent Expert on the enjoyment of human rights by older "
           "persons, Jane Q. Example", "Addendum"],
)


def numbered_document() -> bytes:
    """Paragraphs numbered by Word (numPr), one list restarted at 7, real footnotes."""
    writer = DocxWriter("en")
    writer.masthead(MASTHEAD)
    numbers = writer.numbering(LEVELS)
    writer.heading("I. Introduction", 1)
    writer.paragraph("The Independent Expert visited Chile.", number=(numbers, 0),
                     notes=[(len("The Independent Expert visited Chile"), "SYNTHETIC note A")])
    writer.paragraph("She recommends that States:", number=(numbers, 0))
    writer.paragraph("ratify the Convention;", number=(numbers, 1))
    writer.paragraph("adopt national plans.", number=(numbers, 1),
                     notes=[(len("adopt national plans."), "SYNTHETIC note B")])
    writer.heading("II. Conclusions", 1)
    writer.paragraph("Progress has been made.", number=(numbers, 0))
    writer.document.add_table(rows=1, cols=2)
    table = writer.document.tables[0]
    table.cell(0, 0).text = "Chile"
    table.cell(0, 1).text = "2099"
    later = writer.restart(numbers, 7)
    writer.paragraph("Numbering restarts at seven.", number=(later, 0))
    out = io.BytesIO()
    writer.save(out)
    return out.getvalue()


def test_word_numbering_and_footnotes_as_lines() -> None:
    lines = read_docx(numbered_document())
    numbered = [(line.number, line.text) for line in lines if line.number is not None]
    assert numbered == [(1, "The Independent Expert visited Chile."),
                        (2, "She recommends that States:"), (3, "Progress has been made."),
                        (7, "Numbering restarts at seven.")]
    items = [line for line in lines if line.style == "list"]
    assert [line.text for line in items] == ["(a) ratify the Convention;",
                                            "(b) adopt national plans."]
    assert [(f.number, f.offset, f.text) for f in items[1].footnotes] == [
        (2, len("(b) adopt national plans."), "SYNTHETIC note B")]
    assert [(line.level, line.text) for line in lines if line.style == "heading"] == [
        (1, "I. Introduction"), (1, "II. Conclusions")]
    assert [line.text for line in lines if line.style == "table"] == ["Chile | 2099"]


def test_word_numbering_as_report() -> None:
    report = read_bytes(numbered_document(), "G9912345.docx")
    assert report.symbol == "A/HRC/99/40/Add.2"
    assert [p.number for p in report.paragraphs] == [1, 2, 3, 7]
    first = report.paragraph(1)
    assert first is not None and first.footnotes[0].text == "SYNTHETIC note A"
    assert first.footnotes[0].offset == len("The Independent Expert visited Chile")
    second = report.paragraph(2)
    assert second is not None and [i.label for i in second.items] == ["(a)", "(b)"]
    assert second.footnotes[0].text == "SYNTHETIC note B"
    assert [s.title for s in report.sections] == ["Introduction", "Conclusions"]
    meta = report.metadata
    assert (meta["kind"], meta["date"], meta["original_language"], meta["agenda_item"]) == (
        "addendum", "2099-03-03", "fr", "3")
    assert meta["session"] == "Ninety-ninth session"
    assert meta["mandate"].startswith("Independent Expert on the enjoyment")
    assert meta["rapporteur"] == "Jane Q. Example"
    summary = meta["ingest_report"]
    assert summary["gaps"] == [[4, 6]] and summary["footnotes_with_text"] == 2
    assert any("skips from 3 to 7" in w for w in summary["warnings"])
    table = next(b for b in report.blocks if b.kind == "table")
    assert (table.text, table.after) == ("Chile | 2099", 3)
    assert not any("2099" in p.text for p in report.paragraphs)


def test_numbering_counters() -> None:
    from lxml import etree

    levels = LEVELS.replace('<w:start w:val="1"/><w:numFmt w:val="decimal"/>',
                            '<w:start w:val="3"/><w:numFmt w:val="decimal"/>')
    root = etree.fromstring(
        '<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f'<w:abstractNum w:abstractNumId="1">{levels}</w:abstractNum>'
        '<w:num w:numId="4"><w:abstractNumId w:val="1"/></w:num>'
        '<w:num w:numId="5"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0">'
        '<w:startOverride w:val="20"/></w:lvlOverride></w:num></w:numbering>'
    )
    numbering = Numbering.from_xml(root)
    counted = [numbering.advance("4", 0), numbering.advance("4", 1), numbering.advance("4", 1),
               numbering.advance("4", 0), numbering.advance("4", 1), numbering.advance("5", 0)]
    assert [(c[0], c[2]) for c in counted if c] == [
        (3, "3."), (1, "(a)"), (2, "(b)"), (4, "4."), (1, "(a)"), (20, "20.")]
    assert numbering.advance("99", 0) is None


def test_number_formats() -> None:
    assert [format_number(n, "upperRoman") for n in (1, 4, 9, 14)] == ["I", "IV", "IX", "XIV"]
    assert format_number(2, "arabicAbjad") == "ب"
    assert format_number(28, "lowerLetter") == "bb"
    assert format_number(3, "chineseCounting") == "三"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_six_languages(lang: str, tmp_path: Path) -> None:
    source = load_report(SYNTHETIC / f"synthetic_report_{lang}.txt")
    path = report_to_docx(source, tmp_path / f"{source.symbol.replace('/', '_')}_{lang}.docx")
    report = load_report(path)
    assert (report.symbol, report.lang) == (source.symbol, lang)
    assert [p.number for p in report.paragraphs] == [p.number for p in source.paragraphs]
    for expected, got in zip(source.paragraphs, report.paragraphs, strict=True):
        assert got.text == expected.text
        assert [f.offset for f in got.footnotes] == [f.offset for f in expected.footnotes]
        assert [i.label for i in got.items] == [i.label for i in expected.items]
    assert [s.title for s in report.sections] == [s.title for s in source.sections]
    assert normalized(report.title, lang) == normalized(source.title, lang)


def test_an_ingest_parses_a_word_file_once(tmp_path: Path, empty_backend: SQLiteBackend) -> None:
    """Whether it is a thematic list, then the report: one parse of the document."""
    report = load_report(SYNTHETIC / "synthetic_report_en.txt")
    path = report_to_docx(report, tmp_path / "synthetic_A_HRC_97_40_en.docx")
    _open.cache_clear()
    outcome = ingest_file(empty_backend, path)
    assert outcome.status == "added" and outcome.paragraphs == len(report.paragraphs)
    assert _open.cache_info().misses == 1
