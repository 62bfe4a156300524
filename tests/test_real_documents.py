"""Real UN PDFs as the Official Document System publishes them (tests/data/real), read
without help: the symbol from the masthead, every numbered paragraph 1..N, running
heads and feet kept out, a fidelity account that finds nothing to flag.

What each file must give is the table of tests/data/real/README.md (symbol, numbered
paragraphs), so a document added there with its row is tested the same way.
"""

from __future__ import annotations

import re
from functools import cache

import pytest

from corpus.model import Report
from corpus.readers import load_report
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
