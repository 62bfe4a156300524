"""CSV export: UTF-8 with a byte-order mark, one row per paragraph, written as it streams;
cells that start like a formula are quoted (indexer.csv_cells)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import IO

from exports.rows import ExportMeta, Row
from exports.tables import table_header, table_row
from indexer.csv_cells import csv_row


def write_csv(source: Iterable[Row], out: IO[bytes], meta: ExportMeta) -> None:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Arabic right."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(table_header(meta))
    for row in source:
        writer.writerow(csv_row(table_row(row, meta)))
    text.detach()
