"""Footnotes with text (Word, PDF) are searchable under their paragraph and their
references are citations of that paragraph: UN reports cite mostly in footnotes."""

from __future__ import annotations

from pathlib import Path

from corpus.readers import load_report
from indexer.ingest import ingest_file
from indexer.sqlite_backend import SQLiteBackend
from tests.format_fixtures import report_to_docx


def test_footnote_text_and_citations_from_a_docx(
    empty_backend: SQLiteBackend, sample_path: Path, tmp_path: Path
) -> None:
    docx = report_to_docx(load_report(sample_path), tmp_path / "A-HRC-28-56-AR.docx")
    ingest_file(empty_backend, docx)
    report = empty_backend.get_report("A/HRC/28/56", "ar")
    assert report is not None
    noted = next(p for p in report.paragraphs if p.footnotes)
    note = noted.footnotes[0]
    assert note.text and "A/HRC/25/48" in note.text
    outgoing, _ = empty_backend.citations("A/HRC/28/56", noted.number)
    assert ("A/HRC/25/48", [note.number]) in [(c.target, c.target_paragraphs) for c in outgoing]
    hits = empty_backend.search('"SYNTHETIC footnote"', lang="ar", limit=100).hits
    assert hits and {h.kind for h in hits} == {"footnote"}
    assert noted.number in {h.paragraph for h in hits}
    # The paragraph itself is still one paragraph: footnotes are not counted as paragraphs.
    assert empty_backend.list_reports()[0].paragraphs == 89
    assert empty_backend.search("A/HRC/28/56 para. 9").total == 1
