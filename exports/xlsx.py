"""XLSX export: one sheet in openpyxl's write-only mode (bounded memory), bold frozen header,
wrapped text, right-to-left Arabic cells and sheet."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterable
from functools import cache
from typing import IO

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from exports.rows import RTL_LANGUAGES, ExportMeta, Row, first_excerpt, frame_language
from exports.tables import table_header, table_row

_XLSX_WIDTHS = {"symbol": 18, "language": 10, "paragraph": 10, "section": 40, "text": 80,
                "citation": 30, "link": 36, "missing": 10}
_XLSX_WRAPPED = ("text", "section")
_XLSX_IN_PARAGRAPH_LANGUAGE = ("text", "section", "citation")
_HEADER_FONT = Font(bold=True)


def _xlsx_columns(meta: ExportMeta) -> list[tuple[str, str | None]]:
    """(kind, language) of each column: `text_ar` is ("text", "ar"); language None is the
    row's paragraph's."""
    columns: list[tuple[str, str | None]] = []
    for name in table_header(meta):
        kind, _, lang = name.rpartition("_") if meta.languages and "_" in name else (name, "", "")
        columns.append((kind, lang or None))
    return columns


@cache
def _xlsx_alignment(kind: str, lang: str) -> Alignment:
    rtl = lang in RTL_LANGUAGES and kind in _XLSX_IN_PARAGRAPH_LANGUAGE
    return Alignment(
        vertical="top", wrap_text=kind in _XLSX_WRAPPED or None,
        horizontal="right" if rtl else None, readingOrder=2 if rtl else 0,
    )


def write_xlsx(source: Iterable[Row], out: IO[bytes], meta: ExportMeta) -> None:
    """One sheet: bold frozen header row, text wrapped in wide columns, Arabic cells right to
    left (reading order RTL), and the whole sheet right to left when every paragraph is
    Arabic. A sheet's direction precedes its rows in the file, so the rows are spooled to a
    temporary file first: memory stays bounded."""
    columns = _xlsx_columns(meta)
    languages: set[str] = set()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as spool:
        for row in source:
            languages.update(e.lang for e in row if e is not None)
            spool.write(json.dumps([first_excerpt(row).lang, table_row(row, meta)]) + "\n")
        spool.seek(0)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("paragraphs")
        sheet.sheet_view.rightToLeft = frame_language(languages) == "ar"
        sheet.freeze_panes = "A2"
        for index, (kind, _lang) in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = _XLSX_WIDTHS[kind]
        header = []
        for name in table_header(meta):
            cell = WriteOnlyCell(sheet, name)
            cell.font = _HEADER_FONT
            header.append(cell)
        sheet.append(header)
        for line in spool:
            row_lang, values = json.loads(line)
            cells = []
            for (kind, lang), value in zip(columns, values, strict=True):
                text = isinstance(value, str)
                cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", value) if text else value)
                if text:
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                cell.alignment = _xlsx_alignment(kind, lang or row_lang)
                cells.append(cell)
            sheet.append(cells)
        workbook.save(out)
