"""A report's analysis: what a backend stores and indexes beside the report itself.

Its units with their analyzed forms, the citations it makes and its year are computed
from the report alone, before any store is touched, so that a folder's reports can be
analyzed in worker processes while one process writes (indexer.ingest).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from corpus.model import Report
from indexer.citation_index import StoredCitation, report_citations
from indexer.report_fields import report_year
from indexer.units import Unit, report_units

_UNIT_FIELDS = tuple(f.name for f in fields(Unit))


@dataclass
class ReportAnalysis:
    units: list[Unit]
    citations: list[StoredCitation]
    year: int | None

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (from a worker to the writer) with its units as columns, one list per
        field: unpickling a few lists is much cheaper than thousands of objects."""
        columns = tuple([getattr(u, name) for u in self.units] for name in _UNIT_FIELDS)
        return _from_columns, (columns, self.citations, self.year)


def _from_columns(columns: tuple[list[Any], ...], citations: list[StoredCitation],
                  year: int | None) -> ReportAnalysis:
    return ReportAnalysis([Unit(*row) for row in zip(*columns, strict=True)], citations, year)


def analyze_report(report: Report) -> ReportAnalysis:
    """The units, citations and year of `report` (as it is: attach a thematic list first)."""
    return ReportAnalysis(list(report_units(report)), list(report_citations(report)),
                          report_year(report))
