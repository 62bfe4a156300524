"""HTML reader: UN web pages (headings, typed and <ol> numbers, footnote anchors) in the six
languages. Pages are SYNTHETIC, built by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.model import Report
from corpus.readers import load_report, read_bytes
from corpus.readers.html import read_html
from tests.conftest import ROOT, SAMPLE
from tests.format_fixtures import note_text, report_to_html
from tests.test_roundtrip import MASTHEAD, normalized

SYNTHETIC = ROOT / "tests" / "fixtures" / "synthetic"
LANGUAGES = ("ar", "en", "fr", "es", "ru", "zh")


def test_bundled_report_as_a_web_page() -> None:
    source = load_report(SAMPLE)
    report = read_bytes(report_to_html(source, MASTHEAD), "G1424831.html")
    assert report.symbol == "A/HRC/28/56" and report.lang == "ar"
    assert [p.number for p in report.paragraphs] == list(range(1, 90))
    for expected, got in zip(source.paragraphs, report.paragraphs, strict=True):
        assert normalized(got.text, "ar") == normalized(expected.text, "ar")
        assert [(f.offset, f.text) for f in got.footnotes] == [
            (f.offset, note_text(f.number)) for f in expected.footnotes
        ]
    assert report.metadata["ingest_report"]["unplaced_blocks"] == {}
    assert not any("SYNTHETIC footnote" in p.text for p in report.paragraphs)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_six_languages(lang: str) -> None:
    source = load_report(SYNTHETIC / f"synthetic_report_{lang}.txt")
    name = source.symbol.replace("/", "_") + f"_{lang}.html"
    report = read_bytes(report_to_html(source), name)
    assert (report.symbol, report.lang) == (source.symbol, lang)
    assert [p.number for p in report.paragraphs] == [p.number for p in source.paragraphs]
    for expected, got in zip(source.paragraphs, report.paragraphs, strict=True):
        assert normalized(got.text, lang) == normalized(expected.text, lang)
        assert len(got.footnotes) == len(expected.footnotes)
    assert [s.title for s in report.sections] == [s.title for s in source.sections]


PANDOC_STYLE = """<!DOCTYPE html><html><body>
<p>SYNTHETIC page</p>
<h1>Report of the Special Rapporteur on the sale of children</h1>
<h2>I. Introduction</h2>
<ol start="5">
  <li>The Special Rapporteur visited Honduras<a href="#fn1" id="fnref1"><sup>1</sup></a>.</li>
  <li value="7">She recommends that States:
    <ol type="a"><li>ratify the instruments;</li><li>adopt laws.</li></ol>
  </li>
</ol>
<table><tr><td>Country</td><td>Visits</td></tr><tr><td>Honduras</td><td>2</td></tr></table>
<section class="footnotes"><ol>
  <li id="fn1"><p>SYNTHETIC note: see A/HRC/25/48.<a href="#fnref1">↩</a></p></li>
</ol></section>
</body></html>"""


def test_ordered_lists_numbers_items_and_notes() -> None:
    lines = read_html(PANDOC_STYLE.encode())
    numbered = [(line.number, line.text) for line in lines if line.number is not None]
    assert numbered == [(5, "The Special Rapporteur visited Honduras."),
                        (7, "She recommends that States:")]
    first = next(line for line in lines if line.number == 5)
    assert [(f.offset, f.text) for f in first.footnotes] == [
        (len("The Special Rapporteur visited Honduras"), "SYNTHETIC note: see A/HRC/25/48.")
    ]
    items = [line.text for line in lines if line.style == "list"]
    assert items == ["(a) ratify the instruments;", "(b) adopt laws."]
    assert [line.text for line in lines if line.style == "table"] == [
        "Country | Visits", "Honduras | 2"]
    assert not any("SYNTHETIC note" in line.text for line in lines)
    headings = [(line.level, line.text) for line in lines if line.style == "heading"]
    assert headings[1] == (2, "I. Introduction")


def test_report_from_ordered_lists(tmp_path: Path) -> None:
    path = tmp_path / "A_HRC_99_50_en.html"
    path.write_text(PANDOC_STYLE, encoding="utf-8")
    report: Report = load_report(path)
    assert [p.number for p in report.paragraphs] == [5, 7]
    assert [i.label for i in report.paragraphs[1].items] == ["(a)", "(b)"]
    assert report.paragraphs[0].footnotes[0].text == "SYNTHETIC note: see A/HRC/25/48."
    assert any("numbering skips" in w for w in report.metadata["warnings"])
