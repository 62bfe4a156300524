"""load_report / read_bytes: format dispatch, symbol and language, errors, fuzzing."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.ingest_summary import describe
from corpus.masthead import read_masthead
from corpus.model import Paragraph, ParseError, Report, Section, SourceLine
from corpus.readers import (
    READERS,
    detect_format,
    load_report,
    read_bytes,
    reader_for,
)
from corpus.symbols import symbol_from_filename

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "sample" / "A_HRC_28_56_ar.txt"
SYNTHETIC = Path(__file__).resolve().parent / "fixtures" / "synthetic"
SAMPLE_BYTES = SAMPLE.read_bytes()
SAMPLE_LINES = SAMPLE.read_text(encoding="utf-8").split("\n")


def test_sample_symbol_and_language_from_the_file_name() -> None:
    report = load_report(SAMPLE)
    assert (report.symbol, report.lang) == ("A/HRC/28/56", "ar")
    assert report.metadata["format"] == "txt"


def test_explicit_symbol_and_language_win_and_are_canonical() -> None:
    report = load_report(SAMPLE, symbol="a/hrc/28/56/corr.1", lang="AR")
    assert (report.symbol, report.lang) == ("A/HRC/28/56/Corr.1", "ar")


@pytest.mark.parametrize("symbol", ["not a symbol", "A/HRC", "A/HRC/28/56 draft", "28/56"])
def test_explicit_symbol_must_be_a_un_symbol(symbol: str) -> None:
    with pytest.raises(ParseError, match="not a UN document symbol"):
        load_report(SAMPLE, symbol=symbol)


def test_a_declared_language_in_another_script_is_a_warning() -> None:
    report = load_report(SAMPLE, lang="en")
    assert report.lang == "en"
    warnings = report.metadata["ingest_report"]["warnings"]
    assert any("'en'" in w and "'ar'" in w for w in warnings), warnings
    assert not any("script" in w for w in load_report(SAMPLE).metadata["ingest_report"]["warnings"])
    english = (SYNTHETIC / "synthetic_report_en.txt").read_bytes()
    as_french = read_bytes(english, "upload.txt", lang="fr")  # one script: no warning
    assert not any("script" in w for w in as_french.metadata["ingest_report"]["warnings"])


def test_symbol_from_the_addendum_to_this_report() -> None:
    # Paragraph 2 issues A/HRC/28/56/Add.1 "بوصفه إضافة … إلى هذا التقرير".
    report = read_bytes(SAMPLE_BYTES, "report.txt")
    assert (report.symbol, report.lang) == ("A/HRC/28/56", "ar")


def test_symbol_from_a_masthead_line() -> None:
    data = (SYNTHETIC / "synthetic_report_ru.txt").read_bytes()
    assert read_bytes(data, "upload.txt").symbol == "A/HRC/99/13"


@pytest.mark.parametrize("runs", [["A", "/HRC/28/15"], ["A /HRC/28/15"], ["A/ HRC/28/15"]])
def test_masthead_symbol_split_into_runs(runs: list[str]) -> None:
    """A PDF's text layer may split the masthead symbol into runs (SYNTHETIC lines)."""
    lines = [SourceLine("United Nations"), *map(SourceLine, runs),
             SourceLine("Distr.: General"), SourceLine("1. Text.")]
    assert read_masthead(lines)["symbol"] == "A/HRC/28/15"


def test_fidelity_flags_a_probably_misread_document() -> None:
    """SYNTHETIC: paragraphs lost to numbered headings are flagged, a whole one is not."""
    whole = read_bytes(b"1. One.\n2. Two.\n3. Three.\n", "A_HRC_1_1_en.txt")
    assert whole.metadata["ingest_report"]["flags"] == []
    assert whole.metadata["ingest_report"]["expected"] == 3
    lost = Report("A/HRC/1/1", "en", paragraphs=[
        Paragraph(n, f"Paragraph {n}.") for n in (1, 6, 7, 8, 9, 10)])
    lost.sections = [Section(str(n), f"The States parties had {n} meetings.", 3)
                     for n in range(2, 6)]
    flags = describe(lost)["flags"]
    assert any("not found" in f for f in flags)
    assert any("only" in f for f in flags)
    assert any("numbered headings look like paragraphs" in f for f in flags)


def test_addendum_of_another_report_is_not_this_report() -> None:
    text = "1. The Council took note of A/HRC/27/1/Add.2, on another mandate.\n"
    with pytest.raises(ParseError, match="--symbol"):
        read_bytes(text.encode(), "notes.txt")


def test_language_detected_from_the_script() -> None:
    for lang in ("en", "fr", "es", "ru", "zh", "ar"):
        data = (SYNTHETIC / f"synthetic_report_{lang}.txt").read_bytes()
        assert read_bytes(data, "upload.txt").lang == lang


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ParseError, match="unknown language 'de'"):
        load_report(SAMPLE, lang="de")


def test_no_letters_no_language() -> None:
    with pytest.raises(ParseError, match="--lang"):
        read_bytes(b"1. 2014 (15)\n2. 2015.\n", "x.txt", symbol="A/1")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02binary\x00", "binary"),
        ("نص".encode("cp1256") + b"\n", "not UTF-8"),
        (b"Just a letter.\nNo numbered paragraphs here.\n", "not look like a UN report"),
    ],
)
def test_bad_input_is_a_parse_error(data: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message):
        read_bytes(data, "A_HRC_28_56_ar.txt")


def test_missing_file_is_a_parse_error(tmp_path: Path) -> None:
    with pytest.raises(ParseError, match="cannot read"):
        load_report(tmp_path / "absent_ar.txt")


def test_format_from_signature_then_name() -> None:
    assert detect_format(b"%PDF-1.7 ...", "report.txt") == "pdf"
    assert detect_format(b"PK\x03\x04...", "report") == "docx"
    assert detect_format(b"  <!DOCTYPE html><html>", "r") == "html"
    assert detect_format(b"1. text", "A_HRC_28_56_ar.txt") == "txt"
    assert detect_format(b"1. text", "no_extension") == "txt"


def test_unregistered_format_is_a_parse_error() -> None:
    with pytest.raises(ParseError, match="cannot read XYZ files"):
        reader_for("xyz")


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_every_registered_reader_imports(fmt: str) -> None:
    module, _, function = READERS[fmt].partition(":")
    assert callable(getattr(importlib.import_module(module), function))
    assert callable(reader_for(fmt))


def _read_or_refuse(data: bytes) -> None:
    try:
        report = read_bytes(data, "A_HRC_1_1_ar.txt")
    except ParseError as error:
        assert str(error)
        return
    numbers = [p.number for p in report.paragraphs]
    assert numbers == sorted(set(numbers))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_fuzz_random_bytes(data: bytes) -> None:
    _read_or_refuse(data)


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("1234567890-.()أبجـهويIVXAa) \n\t:؛")), max_size=300))
def test_fuzz_label_soup(text: str) -> None:
    _read_or_refuse(text.encode())


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(SAMPLE_LINES), min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(0, 39), st.sampled_from(["(", ")", "1-", "(أ)", "", "\r"]))),
)
def test_fuzz_mutated_sample_lines(lines: list[str], edits: list[tuple[int, str]]) -> None:
    lines = list(lines)
    for index, piece in edits:
        if index < len(lines):
            lines[index] = piece + lines[index] if index % 2 else lines[index] + piece
    _read_or_refuse("\n".join(lines).encode())


# -- UN layout front matter in every format (SYNTHETIC documents built here) ----------------

UN_LAYOUT = {
    "ru": {
        "cells": [("Организация Объединенных Наций", "A/HRC/97/31"),
                  ("Генеральная Ассамблея",
                   "Distr.: General\n12 January 2097\n\nRussian\nOriginal: English")],
        "lines": ["Совет по правам человека", "Девяносто седьмая сессия", "Пункт 3 повестки дня"],
        "title": "Доклад Специального докладчика по вопросу о праве на воду (СИНТЕТИЧЕСКИЙ)",
        "summary": "Резюме", "contents": "Содержание",
        "chapters": ["I.\tВведение", "II.\tДеятельность"],
        "mandate": "Специального докладчика по вопросу о праве на воду (СИНТЕТИЧЕСКИЙ)",
        "session": "Девяносто седьмая сессия", "titles": ["Введение", "Деятельность"],
    },
    "zh": {
        "cells": [("联 合 国", "A/HRC/97/32"),
                  ("大 会", "Distr.: General\n12 January 2097\n\nChinese\nOriginal: English")],
        "lines": ["人权理事会", "第九十七届会议", "议程项目3"],
        "title": "饮水权问题特别报告员的报告（合成文件）",
        "summary": "摘要", "contents": "目录",
        "chapters": ["一.\t导言", "二.\t活动"],
        "mandate": "饮水权问题特别报告员", "session": "第九十七届会议",
        "titles": ["导言", "活动"],
    },
}
_BODY = ("SYNTHETIC paragraph one.", "SYNTHETIC paragraph two.")


def _layout_docx(lang: str, path: Path) -> Path:
    """A UN-layout Word file: masthead table, Title, Summary and Contents in Heading 1."""
    import docx

    spec = UN_LAYOUT[lang]
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for left, right in spec["cells"]:
        row = table.add_row().cells
        row[0].text = left
        row[1].paragraphs[0].text = right.split("\n")[0]
        for piece in right.split("\n")[1:]:
            row[1].add_paragraph(piece)
    for line in spec["lines"]:
        document.add_paragraph(line)
    document.add_paragraph(spec["title"], style="Title")
    document.add_paragraph(spec["summary"], style="Heading 1")
    document.add_paragraph("SYNTHETIC summary text.")
    document.add_paragraph(spec["contents"], style="Heading 1")
    for number, (chapter, text) in enumerate(zip(spec["chapters"], _BODY, strict=True), 1):
        document.add_paragraph(chapter, style="Heading 1")
        document.add_paragraph(f"{number}.\t{text}")
    document.save(str(path))
    return path


def _layout_html(lang: str) -> bytes:
    spec = UN_LAYOUT[lang]
    rows = "".join(f"<tr><td>{left}</td><td>{right.replace(chr(10), '<br>')}</td></tr>"
                   for left, right in spec["cells"])
    body = [f"<table>{rows}</table>", f"<p>{'<br>'.join(spec['lines'])}</p>",
            f"<h1>{spec['title']}</h1>", f"<h2>{spec['summary']}</h2>",
            "<p>SYNTHETIC summary text.</p>", f"<h2>{spec['contents']}</h2>"]
    for number, (chapter, text) in enumerate(zip(spec["chapters"], _BODY, strict=True), 1):
        body += [f"<h2>{chapter}</h2>", f"<p>{number}.\t{text}</p>"]
    return f"<!doctype html><html><body>{''.join(body)}</body></html>".encode()


def _layout_text(lang: str) -> bytes:
    spec = UN_LAYOUT[lang]
    lines = [piece for left, right in spec["cells"] for piece in (left, *right.split("\n"))]
    lines += [*spec["lines"], spec["title"], spec["summary"], "SYNTHETIC summary text."]
    for number, (chapter, text) in enumerate(zip(spec["chapters"], _BODY, strict=True), 1):
        lines += [chapter, f"{number}.\t{text}"]
    return "\n".join(lines).encode()


_FACTS = ("symbol", "date", "original_language", "session", "agenda_item", "mandate")


@pytest.mark.parametrize("lang", sorted(UN_LAYOUT))
def test_un_layout_reads_the_same_in_every_format(lang: str, tmp_path: Path) -> None:
    from tests.format_fixtures import SOFFICE, docx_to_pdf

    spec = UN_LAYOUT[lang]
    word = _layout_docx(lang, tmp_path / f"SYNTHETIC_{lang}.docx")
    files = {"docx": word.read_bytes(), "html": _layout_html(lang), "txt": _layout_text(lang)}
    if Path(SOFFICE).exists():
        files["pdf"] = docx_to_pdf(word, tmp_path).read_bytes()
    for fmt, data in files.items():
        report = read_bytes(data, f"SYNTHETIC_{lang}.{fmt}")
        facts = {key: report.metadata.get(key) for key in _FACTS}
        assert facts == {
            "symbol": spec["cells"][0][1], "date": "2097-01-12", "original_language": "en",
            "session": spec["session"], "agenda_item": "3", "mandate": spec["mandate"],
        }, fmt
        assert report.title == spec["title"], fmt
        assert [b.kind for b in report.blocks].count("title") == 1, fmt
        assert [(s.label, s.title, s.first) for s in report.sections] == [
            (label.split(".")[0], title, number)
            for number, (label, title) in enumerate(zip(spec["chapters"], spec["titles"],
                                                        strict=True), 1)
        ], fmt
        assert [p.section_path for p in report.paragraphs] == [[t] for t in spec["titles"]]
        kinds = {b.kind for b in report.blocks}
        assert "summary" in kinds and "text" not in kinds, fmt


def test_symbol_found_in_a_prefixed_file_name() -> None:
    report = load_report(SYNTHETIC / "synthetic_A_HRC_97_20_ar.txt")
    assert (report.symbol, report.lang) == ("A/HRC/97/20", "ar")
    assert symbol_from_filename("G1424831.pdf") == (None, None)
    assert symbol_from_filename("draft-A-75-123-Rev.1_fr.docx") == ("A/75/123/Rev.1", "fr")
