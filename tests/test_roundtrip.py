"""Round trip as proof: the bundled report, written to DOCX and printed to PDF, reads back
as the same 89 paragraphs with the same text and footnotes as the text file.

The DOCX is written by the test (RTL paragraphs, real headings, typed `N-` numbers, real
footnotes at the text file's footnote marks, a UN masthead, a running symbol header and a
job-number footer) and printed by LibreOffice. Both files are SYNTHETIC renderings; the
file name is a job number, so the symbol must come from the masthead.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from analyzers import analyze
from corpus.model import Report
from corpus.readers import load_report
from tests.conftest import SAMPLE
from tests.format_fixtures import (
    SOFFICE,
    Masthead,
    docx_to_pdf,
    note_text,
    report_to_docx,
    report_to_html,
)

MASTHEAD = Masthead(
    symbol="A/HRC/28/56",
    lines=["SYNTHETIC rendering for fiqra's tests", "الأمم المتحدة", "A/HRC/28/56",
           "الجمعية العامة", "التوزيع: عام", "22 كانون الأول/ديسمبر 2014", "العربية",
           "الأصل: بالإنكليزية", "مجلس حقوق الإنسان", "الدورة الثامنة والعشرون",
           "البند 3 من جدول الأعمال"],
    header="A/HRC/28/56",
    footer="GE.14-24831",
)
needs_soffice = pytest.mark.skipif(not Path(SOFFICE).exists(), reason="LibreOffice not installed")


def normalized(text: str, lang: str) -> str:
    """The analyzers' normalized word forms, run together (line breaks and diacritics
    are not part of what a paragraph says)."""
    return "".join(token.norm for token in analyze(text, lang))


@pytest.fixture(scope="module")
def source() -> Report:
    return load_report(SAMPLE)


@pytest.fixture(scope="module")
def sample_docx(tmp_path_factory: pytest.TempPathFactory, source: Report) -> Path:
    return report_to_docx(source, tmp_path_factory.mktemp("roundtrip") / "G1424831.docx",
                          MASTHEAD)


@pytest.fixture(scope="module")
def sample_pdf(sample_docx: Path) -> Path:
    if not Path(SOFFICE).exists():
        pytest.skip("LibreOffice not installed")
    return docx_to_pdf(sample_docx, sample_docx.parent)


def same_words(text: str) -> str:
    """The normalized words of Arabic `text`, the groups of a number written with spaces
    (`40 000`) in one order: the source types some as `000 40`, which the page shows as
    `40 000`, and a PDF's text layer gives what the page shows."""
    grouped = re.sub(r"\d+(?:[ \u00a0]\d+)+",
                     lambda m: " ".join(sorted(re.split(r"[ \u00a0]", m.group()))), text)
    return normalized(grouped, "ar")


def assert_same_report(source: Report, report: Report, *, offset_slack: int) -> None:
    assert [p.number for p in report.paragraphs] == list(range(1, 90))
    for expected, got in zip(source.paragraphs, report.paragraphs, strict=True):
        assert same_words(got.text) == same_words(expected.text), expected.number
        assert len(got.footnotes) == len(expected.footnotes), expected.number
        for want, have in zip(expected.footnotes, got.footnotes, strict=True):
            assert have.text == note_text(want.number)
            assert abs(have.offset - want.offset) <= offset_slack, (expected.number, want)
    assert report.symbol == "A/HRC/28/56"
    assert report.metadata["date"] == "2014-12-22"
    assert report.metadata["original_language"] == "en"
    assert report.metadata["agenda_item"] == "3"
    assert report.metadata["rapporteur"] == "مود دي بور - بوكيتشيو"
    summary = report.metadata["ingest_report"]
    assert summary["paragraphs"] == 89 and summary["gaps"] == []
    assert summary["footnotes"] == summary["footnotes_with_text"] == 67


def test_docx_round_trip(source: Report, sample_docx: Path) -> None:
    report = load_report(sample_docx)
    assert report.lang == "ar"
    assert_same_report(source, report, offset_slack=0)
    assert [s.title for s in report.sections] == [s.title for s in source.sections]


@needs_soffice
def test_pdf_round_trip(source: Report, sample_pdf: Path) -> None:
    report = load_report(sample_pdf)
    # Diacritics the font draws as separate glyphs may be lost, shifting a mark by one or two.
    assert_same_report(source, report, offset_slack=3)
    everything = [p.text for p in report.paragraphs] + [b.text for b in report.blocks]
    assert not any("GE.14-24831" in text for text in everything)
    assert not any(text.strip() == "A/HRC/28/56" for text in everything[:89])
    assert report.title.startswith("تقرير المقررة الخاصة")


@needs_soffice
def test_folder_of_job_numbered_files(tmp_path: Path, sample_docx: Path, sample_pdf: Path,
                                      source: Report) -> None:
    """A folder read recursively; files named by job number take the masthead's symbol."""
    from indexer.ingest import iter_report_files

    nested = tmp_path / "2014" / "HRC28"
    nested.mkdir(parents=True)
    for path in (sample_docx, sample_pdf):
        (nested / path.name).write_bytes(path.read_bytes())
    (tmp_path / "G1424831.html").write_bytes(report_to_html(source, MASTHEAD))
    found = iter_report_files(tmp_path)
    assert sorted(p.suffix for p in found) == [".docx", ".html", ".pdf"]
    for path in found:
        report = load_report(path)
        assert (report.symbol, report.lang, len(report.paragraphs)) == ("A/HRC/28/56", "ar", 89)
