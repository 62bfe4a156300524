"""XLSX export: one sheet written row by row by XlsxWriter in constant-memory mode (each
row goes to disk once the next begins), bold frozen header, wrapped text, right-to-left
Arabic cells and sheet, and real hyperlinks: each paragraph's `link` to its document and,
in an export made by the server, its `citation` to its place in fiqra's reader.

Every text is written as a string (`write_string`), never a formula, whatever it starts
with (#15): a link is a hyperlink relationship of the sheet, not a HYPERLINK formula.
XlsxWriter keeps the sheet's links until it is closed (a few hundred bytes a row, at most
two links per row of an export's 10,000: bounded); the rows themselves are not held.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import IO, Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.url import Url

from corpus.symbols import document_url
from exports.rows import (
    RTL_LANGUAGES,
    ExportMeta,
    Row,
    first_excerpt,
    frame_language,
    reader_url,
)
from exports.tables import table_header, table_row

_XLSX_WIDTHS = {"symbol": 18, "language": 10, "paragraph": 10, "section": 40, "text": 80,
                "citation": 30, "link": 36, "missing": 10}
_XLSX_WRAPPED = ("text", "section")
_XLSX_IN_PARAGRAPH_LANGUAGE = ("text", "section", "citation")
_XLSX_LINKED = ("citation", "link")
_MAX_URL = 2079  # the longest address Excel keeps as a link


def _xlsx_columns(meta: ExportMeta) -> list[tuple[str, str | None]]:
    """(kind, language) of each column: `text_ar` is ("text", "ar"); language None is the
    row's paragraph's."""
    columns: list[tuple[str, str | None]] = []
    for name in table_header(meta):
        kind, _, lang = name.rpartition("_") if meta.languages and "_" in name else (name, "", "")
        columns.append((kind, lang or None))
    return columns


class _Formats:
    """The workbook's cell formats, each made once (a workbook holds a few, not one per
    cell): alignment and direction by column kind and language, links underlined."""

    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.workbook = workbook
        self.made: dict[tuple[str, str, bool], Format] = {}
        self.header = workbook.add_format({"bold": True})

    def cell(self, kind: str, lang: str, linked: bool) -> Format:
        key = (kind, lang, linked)
        if key not in self.made:
            rtl = lang in RTL_LANGUAGES and kind in _XLSX_IN_PARAGRAPH_LANGUAGE
            spec: dict[str, Any] = {"valign": "top", "text_wrap": kind in _XLSX_WRAPPED,
                                    "reading_order": 2 if rtl else 0}
            if rtl:
                spec["align"] = "right"
            if linked:
                spec.update(font_color="blue", underline=1)
            self.made[key] = self.workbook.add_format(spec)
        return self.made[key]


def write_xlsx(source: Iterable[Row], out: IO[bytes], meta: ExportMeta) -> None:
    """One sheet: bold frozen header row, text wrapped in wide columns, Arabic cells right to
    left (reading order RTL), and the whole sheet right to left when every paragraph is
    Arabic (known once every row is written: the sheet's view is written when it closes)."""
    columns = _xlsx_columns(meta)
    workbook = xlsxwriter.Workbook(out, {
        "constant_memory": True,
        "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False,
    })
    sheet = workbook.add_worksheet("paragraphs")
    formats = _Formats(workbook)
    sheet.freeze_panes(1, 0)
    for index, (kind, _lang) in enumerate(columns):
        sheet.set_column(index, index, _XLSX_WIDTHS[kind])
    for index, name in enumerate(table_header(meta)):
        sheet.write_string(0, index, name, formats.header)
    languages: set[str] = set()
    for number, row in enumerate(source, start=1):
        languages.update(e.lang for e in row if e is not None)
        row_lang = first_excerpt(row).lang
        links = _links(row, meta)
        for index, ((kind, lang), value) in enumerate(zip(columns, table_row(row, meta),
                                                          strict=True)):
            url = links.get((kind, lang)) if kind in _XLSX_LINKED else None
            style = formats.cell(kind, lang or row_lang, bool(url))
            if url and value == url:  # the address shown: one link object per document
                sheet.write_url(number, index, _shown_url(url), style)
            elif url and value:
                sheet.write_url(number, index, url, style, string=value)
            elif isinstance(value, str):
                sheet.write_string(number, index, value, style)
            elif value is None:
                sheet.write_blank(number, index, None, style)
            else:
                sheet.write_number(number, index, value, style)
    if frame_language(languages) == "ar":
        sheet.right_to_left()
    workbook.close()


@lru_cache(maxsize=256)
def _shown_url(url: str) -> Url:
    """A link that shows its own address, shared by every row linking there (XlsxWriter
    keeps each cell's link object until the sheet closes)."""
    return Url(url)


def _links(row: Row, meta: ExportMeta) -> dict[tuple[str, str | None], str]:
    """Where a row's link cells lead: ("link", lang) to the document, ("citation", lang) to
    the paragraph in fiqra (exports made by the server, which knows its own address);
    language None when the row is one paragraph."""
    links: dict[tuple[str, str | None], str] = {}
    for excerpt in row:
        if excerpt is None:
            continue
        lang = excerpt.lang if meta.languages else None
        links[("link", lang)] = document_url(excerpt.symbol, excerpt.lang)
        if meta.site and excerpt.paragraph is not None:
            links[("citation", lang)] = reader_url(meta.site, excerpt)
    return {key: url for key, url in links.items() if len(url) <= _MAX_URL}
