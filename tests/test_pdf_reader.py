"""PDF reader: reading order of right-to-left lines, line joining, footnotes, running heads,
and the six languages printed by LibreOffice from SYNTHETIC DOCX files."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from corpus.bidi_order import direction, logical_order
from corpus.readers import load_report
from corpus.readers.pdf import _join, read_pdf
from tests.conftest import ROOT
from tests.format_fixtures import (
    BODY_SIZE,
    SOFFICE,
    Masthead,
    docx_to_pdf,
    note_text,
    report_to_docx,
)
from tests.test_roundtrip import normalized

SYNTHETIC = ROOT / "tests" / "fixtures" / "synthetic"
LANGUAGES = ("ar", "en", "fr", "es", "ru", "zh")
needs_soffice = pytest.mark.skipif(not Path(SOFFICE).exists(), reason="LibreOffice not installed")


def has_cjk_font() -> bool:
    if not shutil.which("fc-list"):
        return False
    found = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


@pytest.mark.parametrize(
    ("shown", "expected"),
    [
        ("ةمدقم -ًالوأ", "أولاً- مقدمة"),
        ("-1", "1-"),
        ("2014 " + "حزيران/يونيه"[::-1], "حزيران/يونيه 2014"),
        ("20-8 " + "الفقرات"[::-1], "الفقرات 8-20"),
        ("7/13 " + "قراري"[::-1], "قراري 7/13"),
        ("000 40 " + "نحو"[::-1], "نحو 40 000"),
        ("40\u00a0000 " + "نحو"[::-1], "نحو 40\u00a0000"),
        (")A/HRC/12/23( 2009 " + "عام"[::-1], "عام 2009 (A/HRC/12/23)"),
        (")Corr.2و E/CN.4/2005/78، Corr.1(", "(E/CN.4/2005/78، Corr.1 وCorr.2)"),
        ("Plan Norway ةمظنم", "منظمة Plan Norway"),
    ],
)
def test_visual_to_logical_order(shown: str, expected: str) -> None:
    glyphs = list(shown)
    order = logical_order(glyphs, [direction(g) for g in glyphs], True)
    assert "".join(glyphs[i] for i in order) == expected


def test_left_to_right_line_with_arabic_words() -> None:
    glyphs = list("The term ةيرشبلا means")
    order = logical_order(glyphs, [direction(g) for g in glyphs], False)
    assert "".join(glyphs[i] for i in order) == "The term البشرية means"


@pytest.mark.parametrize(
    ("left", "right", "joined"),
    [
        ("the Special Rap-", "porteur visited", "the Special Rapporteur visited"),
        ("Operation Endea\u00ad", "vour", "Operation Endeavour"),
        ("child-", "Protection", "child- Protection"),
        ("المقررة", "الخاصة", "المقررة الخاصة"),
        ("特别报告员", "访问了", "特别报告员访问了"),
        ("(", "A/69/262)", "(A/69/262)"),
    ],
)
def test_join_lines(left: str, right: str, joined: str) -> None:
    assert _join(left, right) == joined


@pytest.fixture(scope="module")
def pdf_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdf")


@needs_soffice
@pytest.mark.parametrize("lang", LANGUAGES)
def test_six_languages(lang: str, pdf_dir: Path) -> None:
    if lang == "zh" and not has_cjk_font():
        pytest.skip("no Chinese font installed: LibreOffice would print empty boxes")
    source = load_report(SYNTHETIC / f"synthetic_report_{lang}.txt")
    masthead = Masthead(symbol=source.symbol, lines=[], header=source.symbol,
                        footer="GE.99-12345")
    stem = f"{source.symbol.replace('/', '_')}_{lang}"
    pdf = docx_to_pdf(report_to_docx(source, pdf_dir / f"{stem}.docx", masthead), pdf_dir)
    report = load_report(pdf)
    assert (report.symbol, report.lang) == (source.symbol, lang)
    assert [p.number for p in report.paragraphs] == [p.number for p in source.paragraphs]
    for expected, got in zip(source.paragraphs, report.paragraphs, strict=True):
        assert normalized(got.text, lang) == normalized(expected.text, lang)
        assert [f.text for f in got.footnotes] == [note_text(f.number)
                                                   for f in expected.footnotes]
    assert [s.title for s in report.sections] == [s.title for s in source.sections]
    assert not any("GE.99-12345" in b.text for b in report.blocks)


@needs_soffice
def test_running_heads_and_page_numbers_removed(pdf_dir: Path) -> None:
    """A long English report: every page has the symbol on top and the job number and page
    number below; none of it may reach the paragraphs, and paragraphs split by a page
    break are joined again."""
    source = load_report(SYNTHETIC / "synthetic_report_en.txt")
    for paragraph in source.paragraphs:
        paragraph.text = " ".join([paragraph.text] * 12)
        paragraph.footnotes = []
    masthead = Masthead(symbol=source.symbol, lines=[], header=source.symbol,
                        footer="GE.99-12345")
    pdf = docx_to_pdf(report_to_docx(source, pdf_dir / "long_en.docx", masthead), pdf_dir)
    lines = read_pdf(pdf.read_bytes(), "long_en.pdf")
    text = [line for line in lines if line.style != "running"]
    assert not any("GE.99-12345" in line.text for line in text)
    assert not any(line.text.strip().isdigit() for line in text)
    # The heads and feet that name the document are handed on apart, once each.
    assert sorted(line.text for line in lines if line.style == "running") == [
        source.symbol, "GE.99-12345"]
    report = load_report(pdf, symbol=source.symbol)
    assert [p.number for p in report.paragraphs] == [p.number for p in source.paragraphs]
    for expected, got in zip(source.paragraphs, report.paragraphs, strict=True):
        assert normalized(got.text, "en") == normalized(expected.text, "en")


@needs_soffice
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_footnotes_in_body_type_found_by_position(lang: str, pdf_dir: Path) -> None:
    """SYNTHETIC: notes set in the body's type size are told apart by where they stand
    (the foot of the page, each starting with the label of a mark cited above)."""
    source = load_report(SYNTHETIC / f"synthetic_report_{lang}.txt")
    masthead = Masthead(symbol=source.symbol, lines=[], header=source.symbol,
                        footer="GE.99-12345")
    docx = report_to_docx(source, pdf_dir / f"same_size_{lang}.docx", masthead,
                          note_size=BODY_SIZE)
    report = load_report(docx_to_pdf(docx, pdf_dir), symbol=source.symbol, lang=lang)
    for expected, got in zip(source.paragraphs, report.paragraphs, strict=True):
        assert normalized(got.text, lang) == normalized(expected.text, lang)
        assert [f.text for f in got.footnotes] == [note_text(f.number)
                                                   for f in expected.footnotes]
    assert not any("SYNTHETIC footnote" in b.text for b in report.blocks)
