"""A report's analysis: what a backend stores and indexes beside the report itself.

Its units with their analyzed forms, the citations it makes and its year are computed
from the report alone, before any store is touched, so that a folder's reports can be
analyzed in worker processes while one process writes (indexer.ingest).
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus.model import Report
from indexer.citation_index import StoredCitation, report_citations
from indexer.report_fields import report_year
from indexer.units import Unit, report_units


@dataclass
class ReportAnalysis:
    units: list[Unit]
    citations: list[StoredCitation]
    year: int | None


def analyze_report(report: Report) -> ReportAnalysis:
    """The units, citations and year of `report` (as it is: attach a thematic list first)."""
    return ReportAnalysis(list(report_units(report)), list(report_citations(report)),
                          report_year(report))
