"""Export paragraphs (a saved set or every hit of a query) as CSV, XLSX, JSON Lines, Markdown
or DOCX, each paragraph with its UN-style citation; shared by the CLI and the API.

Rows arrive as a generator and every format but DOCX is written row by row (XLSX in
openpyxl's write-only mode), so exporting a whole corpus runs in bounded memory. DOCX is
what staff paste from, so it carries the typography: right-to-left Arabic paragraphs in
an Arabic font, citations after each paragraph, real footnotes, section headings.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from typing import IO, Any
from urllib.parse import quote
from xml.sax.saxutils import escape

from docx import Document
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
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from analyzers import LANGUAGES, detect_language
from corpus.symbols import document_url
from indexer.backend import Backend
from indexer.hit_stream import query_excerpts
from indexer.sets import Excerpt

ARABIC_FONT = "Amiri"
RTL_LANGUAGES = ("ar",)
LANGUAGE_NAMES = {
    "ar": "Arabic", "en": "English", "fr": "French", "es": "Spanish", "ru": "Russian",
    "zh": "Chinese",
}
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
    """What exporting a query exports: every numbered hit with its footnotes; side by side
    without a language filter, the hits in the first language (the other is paired)."""
    return query_excerpts(
        backend, query, lang=lang or (languages[0] if languages else None), symbol=symbol,
        footnotes=True,
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
    paragraph = backend.get_paragraph(excerpt.symbol, lang, excerpt.paragraph)
    if paragraph is None:
        return None
    return Excerpt(
        excerpt.symbol, lang, excerpt.paragraph, paragraph.section_path, paragraph.text,
        paragraph.footnotes,
    )


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


def write_xlsx(source: Iterable[Row], out: IO[bytes], meta: ExportMeta) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("paragraphs")
    sheet.append(_table_header(meta))
    for row in source:
        sheet.append([
            ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str) else cell
            for cell in _table_row(row, meta)
        ])
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


class _Grouping:
    """Which headings a row needs: the report when it changes, then the changed sections."""

    def __init__(self) -> None:
        self.report: tuple[str, str] | None = None
        self.section: list[str] = []

    def headings(self, row: Row, meta: ExportMeta) -> list[tuple[int, str, str]]:
        """(level, text, language) of each heading to write before `row`; level 1 = report."""
        first = _first(row)
        lang = meta.languages[0] if meta.languages else first.lang
        report = (first.symbol, lang)
        out: list[tuple[int, str, str]] = []
        if report != self.report:
            self.report, self.section = report, []
            names = meta.languages or (first.lang,)
            out.append((1, f"{first.symbol} ({', '.join(LANGUAGE_NAMES[n] for n in names)})",
                        "en"))
        shared = 0
        while (shared < min(len(first.section), len(self.section))
               and first.section[shared] == self.section[shared]):
            shared += 1
        out += [(level + 2, title, first.lang)
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
        for level, title, _lang in grouping.headings(row, meta):
            out.write(f"{'#' * min(level + 1, 6)} {_md_escape(title)}\n\n".encode())
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
    script (`cs`) font, which is the one Word and LibreOffice use for Arabic letters.
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

    def title_page(self) -> None:
        self.heading(0, self.meta.title, detect_language(self.meta.title))
        self.document.add_paragraph(self.meta.day.strftime("%d %B %Y").lstrip("0"))
        if self.meta.languages:
            self.document.add_paragraph(
                "Side by side: " + ", ".join(LANGUAGE_NAMES[n] for n in self.meta.languages)
            )
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def heading(self, level: int, text: str, lang: str) -> None:
        heading = self.document.add_heading("", level=min(level, 9))
        _set_direction(heading, lang)
        _run(heading, text, lang)

    def excerpt(self, excerpt: Excerpt, container: Any = None) -> None:
        """The paragraph (footnote marks in place) followed by its citation."""
        container = container or self.document
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
        for cell, excerpt in zip(table.rows[0].cells, row, strict=True):
            placeholder = cell.paragraphs[0]._p
            if excerpt is None:
                cell.add_paragraph("—")
            else:
                self.excerpt(excerpt, cell)
            placeholder.getparent().remove(placeholder)
        self.document.add_paragraph()

    def save(self, out: IO[bytes]) -> None:
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
        for level, title, lang in grouping.headings(row, meta):
            writer.heading(level, title, lang)
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
