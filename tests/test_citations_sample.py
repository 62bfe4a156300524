"""The bundled report's own citations: the extractor finds exactly those read by hand.

tests/data/a_hrc_28_56_citations.json lists every citation of A/HRC/28/56 (Arabic) with
the paragraph it is in; each paragraph's text comes from the real reader.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from corpus.citations import extract_citations
from corpus.model import Report
from corpus.readers import load_report

DATA = Path(__file__).parent / "data" / "a_hrc_28_56_citations.json"
SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "sample" / "A_HRC_28_56_ar.txt"
EXPECTED = json.loads(DATA.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report() -> Report:
    return load_report(SAMPLE)


def found(report: Report) -> dict[int, list[tuple]]:
    by_paragraph: dict[int, list[tuple]] = defaultdict(list)
    for p in report.paragraphs:
        for ref in extract_citations(p.text, report.lang, context_symbol=report.symbol):
            by_paragraph[p.number].append(
                (ref.target, ref.kind, list(ref.target_paragraphs), ref.locator)
            )
    return dict(by_paragraph)


def test_every_citation_of_the_sample_and_nothing_else(report: Report) -> None:
    expected: dict[int, list[tuple]] = defaultdict(list)
    for c in EXPECTED["citations"]:
        expected[c["paragraph"]].append(
            (c["target"], c["kind"], c["target_paragraphs"], c["locator"])
        )
    assert report.symbol == EXPECTED["symbol"]
    assert found(report) == dict(expected)


def test_blocks_outside_paragraphs_cite_nothing(report: Report) -> None:
    assert [
        ref.target
        for b in report.blocks
        for ref in extract_citations(b.text, report.lang, context_symbol=report.symbol)
    ] == []


def test_offsets_point_at_the_reference(report: Report) -> None:
    for p in report.paragraphs:
        for ref in extract_citations(p.text, report.lang, context_symbol=report.symbol):
            assert p.text[ref.start : ref.end] == ref.text
            assert ref.text == ref.text.strip()
