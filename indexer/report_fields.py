"""Per-report values every backend indexes beside the units: the `year:` and `section:`
filters read them, so both backends must compute them the same way (one function each)."""

from __future__ import annotations

from analyzers import analyze
from corpus.model import Report
from corpus.symbols import estimated_date


def report_year(report: Report) -> int | None:
    """The year `year:` filters on: the masthead date, else one estimated from the symbol."""
    date = str(report.metadata.get("date") or estimated_date(report.symbol) or "")
    return int(date[:4]) if date[:4].isdigit() else None


def section_forms(titles: list[str], lang: str) -> str:
    """The stems of section titles, space-joined, for `section:` filtering: the filter is
    analyzed the same way, so `section:التوصيات` finds "استنتاجات وتوصيات"."""
    return " ".join(t.stem for title in titles for t in analyze(title, lang))


# A unit outside any section still has one token in the indexed section field: Lucene
# leaves units without a field out of that field's unit count and mean length, Tantivy does
# not, so with every unit having it both count the same (no query word is this token).
NO_SECTION = "xnosection"


def indexed_section_forms(titles: list[str], lang: str) -> str:
    """What the engines index in a unit's section field (ranked and filtered on)."""
    return section_forms(titles, lang) or NO_SECTION
