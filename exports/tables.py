"""The table layout CSV and XLSX share: one header, one row of cells per export row."""

from __future__ import annotations

from typing import Any

from corpus.symbols import document_url
from exports.rows import ExportMeta, Row, citation_label, first_excerpt


def yes_no(flag: bool) -> str:
    """A true/false cell as people read it (not TRUE/FALSE or a spreadsheet's 1/0)."""
    return "yes" if flag else "no"


def table_header(meta: ExportMeta) -> list[str]:
    if not meta.languages:
        return ["symbol", "language", "paragraph", "section", "text", "citation", "link",
                "missing"]
    per_lang = ["text", "citation", "link", "missing"]
    return ["symbol", "paragraph", "section"] + [
        f"{column}_{lang}" for column in per_lang for lang in meta.languages
    ]


def table_row(row: Row, meta: ExportMeta) -> list[Any]:
    first = first_excerpt(row)
    section = " > ".join(first.section)
    if not meta.languages:
        return [first.symbol, first.lang, first.paragraph, section, first.text,
                citation_label(first.symbol, first.lang, first.paragraph, first.item),
                document_url(first.symbol, first.lang), yes_no(first.missing)]
    cells: list[Any] = [first.symbol, first.paragraph, section]
    cells += [e.text if e else "" for e in row]
    cells += [citation_label(e.symbol, e.lang, e.paragraph, e.item) if e else "" for e in row]
    cells += [document_url(e.symbol, e.lang) if e else "" for e in row]
    cells += [yes_no(e.missing) if e else "" for e in row]
    return cells
