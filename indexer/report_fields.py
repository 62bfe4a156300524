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
