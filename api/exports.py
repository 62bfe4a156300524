"""Export paragraphs (a saved set or every hit of a query) as CSV, XLSX, JSON Lines, Markdown
or DOCX, each paragraph with its UN-style citation; shared by the CLI and the API.

Rows arrive as a generator and every format but DOCX is written row by row (XLSX in
openpyxl's write-only mode), so exporting a whole corpus runs in bounded memory. DOCX is
what staff paste from, so it carries the typography: right-to-left Arabic paragraphs in
an Arabic font, citations after each paragraph, real footnotes, section headings.

Order: a set keeps its own order (a heading repeats only where that order switches
section). A query export is in reading order, not rank order: reports in the order of their
best hit, and within one its paragraphs by number, so each heading comes once.

Language of the frame: an export whose paragraphs are all Arabic gets an Arabic title page
(date with the UN's Arabic month names) and Arabic report headings in DOCX, and a
right-to-left sheet in XLSX; a mixed or other-language export keeps them English.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import chain
from typing import IO, Any
from urllib.parse import quote
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.table import WD_TABLE_DIRECTION
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from analyzers import LANGUAGES, detect_language
from corpus.symbols import document_url
from indexer.backend import Backend
from indexer.hit_stream import query_excerpts_by_report, stored_excerpt
from indexer.sets import Excerpt

ARABIC_FONT = "Amiri"
RTL_LANGUAGES = ("ar",)
LANGUAGE_NAMES = {
    "ar": "Arabic", "en": "English", "fr": "French", "es": "Spanish", "ru": "Russian",
    "zh": "Chinese",
}
_ARABIC_LANGUAGE_NAMES = {
    "ar": "العربية", "en": "الإنكليزية", "fr": "الفرنسية", "es": "الإسبانية", "ru": "الروسية",
    "zh": "الصينية",
}
_ARABIC_MONTHS = (
    "كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو",
    "حزيران/يونيه", "تموز/يوليه", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر",
    "تشرين الثاني/نوفمبر", "كانون الأول/ديسمبر",
)  # as UN documents in Arabic date them: 29 تشرين الثاني/نوفمبر 2026
_PARAGRAPH_WORDS = {
    "ar": "{symbol}، الفقرة {n}",
    "en": "{symbol}, para. {n}",
    "fr": "{symbol}, par. {n}",
    "es": "{symbol}, párr. {n}",
    "ru": "{symbol}, п. {n}",
    "zh": "{symbol}，第{n}段",
}

Row = tuple[Excerpt | None, ...]
"""One export row: one excerpt, or one per language side by side (None: no such version)."""


class ExportError(ValueError):
    """An export cannot be made as asked (unknown format, nothing to export …)."""


def citation_label(symbol: str, lang: str, paragraph: int | None) -> str:
    """The UN-style citation of a paragraph in its own language: `A/HRC/28/56, para. 9`."""
    if paragraph is None:
        return symbol
    return _PARAGRAPH_WORDS.get(lang, _PARAGRAPH_WORDS["en"]).format(symbol=symbol, n=paragraph)


def frame_language(paragraph_languages: set[str]) -> str:
    """The language of an export's own words (title page, report headings): Arabic when
    every paragraph is Arabic, otherwise English."""
    return "ar" if paragraph_languages == {"ar"} else "en"


def date_label(day: date, lang: str) -> str:
    """`29 November 2026`, or in Arabic `29 تشرين الثاني/نوفمبر 2026`."""
    month = _ARABIC_MONTHS[day.month - 1] if lang == "ar" else day.strftime("%B")
    return f"{day.day} {month} {day.year}"


def report_label(symbol: str, languages: tuple[str, ...], lang: str) -> str:
    """A report heading: `A/HRC/28/56 (Arabic)`, in Arabic `A/HRC/28/56 (العربية)`."""
    if lang == "ar":
        return f"{symbol} ({'، '.join(_ARABIC_LANGUAGE_NAMES[n] for n in languages)})"
    return f"{symbol} ({', '.join(LANGUAGE_NAMES[n] for n in languages)})"


def side_by_side_label(languages: tuple[str, ...], lang: str) -> str:
    if lang == "ar":
        return "جنباً إلى جنب: " + "، ".join(_ARABIC_LANGUAGE_NAMES[n] for n in languages)
    return "Side by side: " + ", ".join(LANGUAGE_NAMES[n] for n in languages)


@dataclass
class ExportMeta:
    """What the export is of: shown on the DOCX title page and in the Markdown heading."""

    title: str
    languages: tuple[str, ...] = ()
    day: date = field(default_factory=date.today)


def parse_side_by_side(value: str | None) -> tuple[str, ...]:
    """`ar,en` -> ("ar", "en"); empty -> (); anything else -> ExportError."""
    if not value:
        return ()
    langs = tuple(part.strip() for part in value.split(","))
    if len(langs) != 2 or langs[0] == langs[1] or not set(langs) <= set(LANGUAGES):
        raise ExportError(
            f"side by side takes two different languages such as ar,en (from "
            f"{', '.join(LANGUAGES)}), not {value!r}"
        )
    return langs


def query_export_excerpts(
    backend: Backend,
    query: str,
    *,
    lang: str | None = None,
    symbol: str | None = None,
    languages: tuple[str, ...] = (),
) -> Iterator[Excerpt]:
    """What exporting a query exports: every paragraph found (by its text or a footnote's),
    once, with its footnotes, in reading order (see the module docstring); side by side
    without a language filter, the hits in the first language (the other is paired)."""
    return query_excerpts_by_report(
        backend, query, lang=lang or (languages[0] if languages else None), symbol=symbol
    )


def rows(
    excerpts: Iterable[Excerpt], backend: Backend, languages: tuple[str, ...] = ()
) -> Iterator[Row]:
    """Single rows, or with `languages` each paragraph paired with its other-language version.

    An excerpt right after its own counterpart (the set holds both) is not repeated.
    """
    previous: tuple[str, int | None] | None = None
    for excerpt in excerpts:
        if not languages:
            yield (excerpt,)
            continue
        key = (excerpt.symbol, excerpt.paragraph)
        if key == previous:
            continue
        previous = key
        row = tuple(_version(excerpt, lang, backend) for lang in languages)
        if all(version is None for version in row):
            raise ExportError(
                f"{citation_label(excerpt.symbol, 'en', excerpt.paragraph)} has no "
                f"{' or '.join(LANGUAGE_NAMES[n] for n in languages)} version to put side by side"
            )
        yield row


def _version(excerpt: Excerpt, lang: str, backend: Backend) -> Excerpt | None:
    if excerpt.lang == lang:
        return excerpt
    if excerpt.paragraph is None:
        return None
    return stored_excerpt(backend, excerpt.symbol, lang, excerpt.paragraph)


def _first(row: Row) -> Excerpt:
    return next(e for e in row if e is not None)


# -- tables (CSV, XLSX) -------------------------------------------------------------------


def _table_header(meta: ExportMeta) -> list[str]:
    if not meta.languages:
        return ["symbol", "language", "paragraph", "section", "text", "citation", "link",
                "missing"]
    per_lang = ["text", "citation", "link", "missing"]
    return ["symbol", "paragraph", "section"] + [
        f"{column}_{lang}" for column in per_lang for lang in meta.languages
    ]


def _table_row(row: Row, meta: ExportMeta) -> list[Any]:
    first = _first(row)
    section = " > ".join(first.section)
    if not meta.languages:
        return [first.symbol, first.lang, first.paragraph, section, first.text,
                citation_label(first.symbol, first.lang, first.paragraph),
                document_url(first.symbol, first.lang), first.missing]
    cells: list[Any] = [first.symbol, first.paragraph, section]
    cells += [e.text if e else "" for e in row]
    cells += [citation_label(e.symbol, e.lang, e.paragraph) if e else "" for e in row]
    cells += [document_url(e.symbol, e.lang) if e else "" for e in row]
    cells += [e.missing if e else "" for e in row]
    return cells


def write_csv(source: Iterable[Row], out: IO[bytes], meta: ExportMeta) -> None:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Arabic right."""
    text = io.TextIOWrapper(out, encoding="utf-8-sig", newline="", write_through=True)
    writer = csv.writer(text)
    writer.writerow(_table_header(meta))
    for row in source:
        writer.writerow(_table_row(row, meta))
    text.detach()


_XLSX_WIDTHS = {"symbol": 18, "language": 10, "paragraph": 10, "section": 40, "text": 80,
                "citation": 30, "link": 36, "missing": 10}
_XLSX_WRAPPED = ("text", "section")
_XLSX_IN_PARAGRAPH_LANGUAGE = ("text", "section", "citation")
_HEADER_FONT = Font(bold=True)


def _xlsx_columns(meta: ExportMeta) -> list[tuple[str, str | None]]:
    """(kind, language) of each column: `text_ar` is ("text", "ar"); language None is the
    row's paragraph's."""
    columns: list[tuple[str, str | None]] = []
    for name in _table_header(meta):
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
            spool.write(json.dumps([_first(row).lang, _table_row(row, meta)]) + "\n")
        spool.seek(0)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("paragraphs")
        sheet.sheet_view.rightToLeft = frame_language(languages) == "ar"
        sheet.freeze_panes = "A2"
        for index, (kind, _lang) in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = _XLSX_WIDTHS[kind]
        header = []
        for name in _table_header(meta):
            cell = WriteOnlyCell(sheet, name)
            cell.font = _HEADER_FONT
            header.append(cell)
        sheet.append(header)
        for line in spool:
            row_lang, values = json.loads(line)
            cells = []
            for (kind, lang), value in zip(columns, values, strict=True):
                cell = WriteOnlyCell(
                    sheet, ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value
                )
                cell.alignment = _xlsx_alignment(kind, lang or row_lang)
                cells.append(cell)
            sheet.append(cells)
        workbook.save(out)


# -- JSON Lines -------------------------------------------------------------------------


def excerpt_record(excerpt: Excerpt) -> dict[str, Any]:
    """A paragraph as JSON, with its citation and link: a JSON Lines row, an API set item."""
    return {
        "symbol": excerpt.symbol,
        "lang": excerpt.lang,
        "paragraph": excerpt.paragraph,
        "section": excerpt.section,
        "text": excerpt.text,
        "citation": citation_label(excerpt.symbol, excerpt.lang, excerpt.paragraph),
        "link": document_url(excerpt.symbol, excerpt.lang),
        "missing": excerpt.missing,
        "footnotes": [
            {"number": f.number, "offset": f.offset, "text": f.text} for f in excerpt.footnotes
        ],
    }


def write_jsonl(source: Iterable[Row], out: IO[bytes], meta: ExportMeta) -> None:
    """One paragraph per line; side by side, one object per paragraph with a key per language."""
    for row in source:
        if meta.languages:
            first = _first(row)
            record: dict[str, Any] = {"symbol": first.symbol, "paragraph": first.paragraph}
            record.update({
                lang: excerpt_record(e) if e else None
                for lang, e in zip(meta.languages, row, strict=True)
            })
        else:
            record = excerpt_record(row[0])  # type: ignore[arg-type]
        out.write(json.dumps(record, ensure_ascii=False).encode() + b"\n")


# -- Markdown ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Heading:
    """A heading to write: a report's (level 1: `text` is its symbol, in `report_languages`)
    or a section title (`text` in the paragraphs' language `lang`)."""

    level: int
    text: str
    lang: str = "en"
    report_languages: tuple[str, ...] = ()

    def label(self, frame: str) -> str:
        """The heading's words, a report's in the export's frame language."""
        if self.report_languages:
            return report_label(self.text, self.report_languages, frame)
        return self.text


class _Grouping:
    """Which headings a row needs: the report when it changes, then the changed sections."""

    def __init__(self) -> None:
        self.report: tuple[str, str] | None = None
        self.section: list[str] = []

    def headings(self, row: Row, meta: ExportMeta) -> list[_Heading]:
        """The headings to write before `row`, outermost first."""
        first = _first(row)
        lang = meta.languages[0] if meta.languages else first.lang
        report = (first.symbol, lang)
        out: list[_Heading] = []
        if report != self.report:
            self.report, self.section = report, []
            out.append(_Heading(1, first.symbol, report_languages=meta.languages or (lang,)))
        shared = 0
        while (shared < min(len(first.section), len(self.section))
               and first.section[shared] == self.section[shared]):
            shared += 1
        out += [_Heading(level + 2, title, first.lang)
                for level, title in enumerate(first.section[shared:], start=shared)]
        self.section = list(first.section)
        return out


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md_escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def write_markdown(source: Iterable[Row], out: IO[bytes], meta: ExportMeta) -> None:
    out.write(f"# {_md_escape(meta.title)}\n\n{meta.day.isoformat()}\n\n".encode())
    grouping = _Grouping()
    notes = 0
    for row in source:
        for heading in grouping.headings(row, meta):
            out.write(f"{'#' * min(heading.level + 1, 6)} {_md_escape(heading.label('en'))}\n\n"
                      .encode())
        for excerpt in row:
            if excerpt is None:
                continue
            body, marks = "", 0
            definitions = []
            for piece, note in _split_at_footnotes(excerpt):
                body += _md_escape(piece).replace("\n", "  \n")
                if note is not None:
                    notes += 1
                    marks += 1
                    body += f"[^{notes}]"
                    definitions.append(f"[^{notes}]: {_md_escape(note)}\n")
            label = citation_label(excerpt.symbol, excerpt.lang, excerpt.paragraph)
            flag = " *(no longer in the current version of the report)*" if excerpt.missing else ""
            out.write(f"{body}\n\n— {_md_escape(label)}{flag}\n\n".encode())
            out.write("".join(definitions).encode() + (b"\n" if definitions else b""))


def _split_at_footnotes(excerpt: Excerpt) -> Iterator[tuple[str, str | None]]:
    """(text, footnote text or None) pieces: each known footnote after the text it marks."""
    start = 0
    for note in sorted((f for f in excerpt.footnotes if f.text), key=lambda f: f.offset):
        offset = min(max(note.offset, start), len(excerpt.text))
        yield excerpt.text[start:offset], note.text
        start = offset
    yield excerpt.text[start:], None


# -- DOCX -------------------------------------------------------------------------------

_FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
_SUPERSCRIPT = '<w:vertAlign w:val="superscript"/>'
_NOTE_SIZE = '<w:sz w:val="18"/><w:szCs w:val="18"/>'  # 9 pt, as footnotes are printed
_RTL_RUN = '<w:rtl/><w:lang w:bidi="ar-SA"/>'
_RTL_FONT = f'<w:rFonts w:cs="{ARABIC_FONT}"/>'


class _DocxWriter:
    """Builds the Word document: direction and font per language, real footnotes.

    Arabic paragraphs get `w:bidi`, their runs `w:rtl` and the Arabic font as the complex
    script (`cs`) font, which is the one Word and LibreOffice use for Arabic letters. The
    export's own words (date, report headings) are written when it is saved, once the
    languages of all its paragraphs are known (see `frame_language`).
    """

    def __init__(self, meta: ExportMeta) -> None:
        self.meta = meta
        self.document = Document()
        self.footnotes = parse_xml(
            f"<w:footnotes {nsdecls('w')}>"
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
            "</w:footnote>"
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
            "<w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>"
        )
        self.next_note = 1
        self.paragraph_languages: set[str] = set()
        self.framed: list[tuple[DocxParagraph, Callable[[str], str]]] = []

    def title_page(self) -> None:
        title = self.meta.title
        self.heading(_Heading(0, title, detect_language(title)))
        self.framed.append((self.document.add_paragraph(),
                            lambda frame: date_label(self.meta.day, frame)))
        if self.meta.languages:
            self.framed.append((self.document.add_paragraph(),
                                lambda frame: side_by_side_label(self.meta.languages, frame)))
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def heading(self, heading: _Heading) -> None:
        paragraph = self.document.add_heading("", level=min(heading.level, 9))
        if heading.report_languages:
            self.framed.append((paragraph, heading.label))
        else:
            _set_direction(paragraph, heading.lang)
            _run(paragraph, heading.text, heading.lang)

    def excerpt(self, excerpt: Excerpt, container: Any = None) -> None:
        """The paragraph (footnote marks in place) followed by its citation."""
        container = container or self.document
        self.paragraph_languages.add(excerpt.lang)
        paragraph = container.add_paragraph()
        _set_direction(paragraph, excerpt.lang)
        for piece, note in _split_at_footnotes(excerpt):
            _run(paragraph, piece, excerpt.lang)
            if note is not None:
                self._footnote(paragraph, note, excerpt.lang)
        label = citation_label(excerpt.symbol, excerpt.lang, excerpt.paragraph)
        if excerpt.missing:
            label += " (no longer in the current version of the report)"
        citation = container.add_paragraph()
        _set_direction(citation, excerpt.lang)
        _run(citation, label, excerpt.lang).italic = True
        citation.paragraph_format.space_after = Pt(12)

    def side_by_side(self, row: Row) -> None:
        table = self.document.add_table(rows=1, cols=len(row))
        table.style = "Table Grid"
        if self.meta.languages[0] in RTL_LANGUAGES:
            table.table_direction = WD_TABLE_DIRECTION.RTL  # w:bidiVisual: first column right
        for cell, excerpt in zip(table.rows[0].cells, row, strict=True):
            placeholder = cell.paragraphs[0]._p
            if excerpt is None:
                cell.add_paragraph("—")
            else:
                self.excerpt(excerpt, cell)
            placeholder.getparent().remove(placeholder)
        self.document.add_paragraph()

    def save(self, out: IO[bytes]) -> None:
        frame = frame_language(self.paragraph_languages)
        for paragraph, words in self.framed:
            _set_direction(paragraph, frame)
            _run(paragraph, words(frame), frame)
        if self.next_note > 1:
            blob = etree.tostring(
                self.footnotes, xml_declaration=True, encoding="UTF-8", standalone=True
            )
            part = Part(
                PackURI("/word/footnotes.xml"), _FOOTNOTES_CT, blob, self.document.part.package
            )
            self.document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        self.document.save(out)

    def _footnote(self, paragraph: DocxParagraph, text: str, lang: str) -> None:
        note_id = self.next_note
        self.next_note += 1
        rtl = lang in RTL_LANGUAGES
        font, run = (_RTL_FONT, _RTL_RUN) if rtl else ("", "")
        self.footnotes.append(parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{note_id}"><w:p><w:pPr>{"<w:bidi/>" if rtl else ""}'
            f"</w:pPr><w:r><w:rPr>{font}{_NOTE_SIZE}{_SUPERSCRIPT}{run}</w:rPr><w:footnoteRef/>"
            f'</w:r><w:r><w:rPr>{font}{_NOTE_SIZE}{run}</w:rPr><w:t xml:space="preserve"> '
            f"{escape(text)}</w:t>"
            "</w:r></w:p></w:footnote>"
        ))
        paragraph._p.append(parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr>{font}{_SUPERSCRIPT}{run}</w:rPr>'
            f'<w:footnoteReference w:id="{note_id}"/></w:r>'
        ))


def _set_direction(paragraph: DocxParagraph, lang: str) -> None:
    if lang in RTL_LANGUAGES:
        paragraph._p.get_or_add_pPr().append(parse_xml(f"<w:bidi {nsdecls('w')}/>"))


def _run(paragraph: DocxParagraph, text: str, lang: str) -> Any:
    """A run of `text`; right to left in the Arabic font for a right-to-left language."""
    run = paragraph.add_run(text)
    if lang in RTL_LANGUAGES:
        rpr = run._r.get_or_add_rPr()
        rpr.get_or_add_rFonts().set(qn("w:cs"), ARABIC_FONT)
        for element in parse_xml(f"<w:rPr {nsdecls('w')}>{_RTL_RUN}</w:rPr>"):
            rpr.append(element)
    return run


def write_docx(source: Iterable[Row], out: IO[bytes], meta: ExportMeta) -> None:
    writer = _DocxWriter(meta)
    writer.title_page()
    grouping = _Grouping()
    for row in source:
        for heading in grouping.headings(row, meta):
            writer.heading(heading)
        if meta.languages:
            writer.side_by_side(row)
        else:
            writer.excerpt(row[0])  # type: ignore[arg-type]
    writer.save(out)


# -- formats ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportFormat:
    name: str
    extension: str
    content_type: str
    write: Callable[[Iterable[Row], IO[bytes], ExportMeta], None]


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat("csv", "csv", "text/csv; charset=utf-8", write_csv),
        ExportFormat(
            "xlsx", "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", write_xlsx,
        ),
        ExportFormat("jsonl", "jsonl", "application/x-ndjson; charset=utf-8", write_jsonl),
        ExportFormat("md", "md", "text/markdown; charset=utf-8", write_markdown),
        ExportFormat(
            "docx", "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", write_docx,
        ),
    )
}


def export_format(name: str) -> ExportFormat:
    """The format called `name`, or ExportError listing the ones that exist."""
    try:
        return FORMATS[name]
    except KeyError:
        raise ExportError(
            f"there is no export format {name!r}; use one of {', '.join(FORMATS)}"
        ) from None


def export(
    fmt: ExportFormat, excerpts: Iterable[Excerpt], backend: Backend, out: IO[bytes],
    meta: ExportMeta,
) -> None:
    """Write the excerpts to `out`; ExportError, with nothing written, if there are none."""
    source = rows(excerpts, backend, meta.languages)
    first = next(source, None)
    if first is None:
        raise ExportError("there is nothing to export: no paragraphs")
    fmt.write(chain([first], source), out, meta)


def content_disposition(title: str, fmt: ExportFormat) -> str:
    """An attachment header with an ASCII fallback name and the real (UTF-8) one."""
    base = re.sub(r"[^\w\- ]+", "_", title, flags=re.UNICODE).strip(" _")[:80] or "fiqra-export"
    ascii_name = re.sub(r"[^A-Za-z0-9_\-]+", "_", base).strip("_") or "fiqra-export"
    return (
        f'attachment; filename="{ascii_name}.{fmt.extension}"; '
        f"filename*=UTF-8''{quote(base)}.{fmt.extension}"
    )
