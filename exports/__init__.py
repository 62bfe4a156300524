"""Exporting paragraphs (a saved set or every hit of a query) as CSV, XLSX, JSON Lines,
Markdown or DOCX, each paragraph with its UN-style citation; shared by the CLI and the API.

One module per format (csv, xlsx, jsonl, markdown, docx), the rows and labels they share in
`rows`, the headings in `headings`, and the formats by name in `formats`. Rows arrive as a
generator and every format but DOCX is written row by row (XLSX in XlsxWriter's
constant-memory mode), so exporting a whole corpus runs in bounded memory; DOCX writes its
body as XML text, parsed once.
"""

from exports.formats import FORMATS, ExportFormat, content_disposition, export, export_format
from exports.jsonl import excerpt_record
from exports.rows import (
    SET_ORDERS,
    ExportError,
    ExportMeta,
    citation_label,
    date_label,
    document_order,
    parse_side_by_side,
    query_export_excerpts,
    set_order,
)

__all__ = [
    "FORMATS",
    "SET_ORDERS",
    "ExportError",
    "ExportFormat",
    "ExportMeta",
    "citation_label",
    "content_disposition",
    "date_label",
    "document_order",
    "excerpt_record",
    "export",
    "export_format",
    "parse_side_by_side",
    "query_export_excerpts",
    "set_order",
]
