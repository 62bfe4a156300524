"""DOCX export, what staff paste from, so it carries the typography: right-to-left Arabic
paragraphs in an Arabic font, citations after each paragraph, real footnotes, section
headings, a title page, and two languages side by side in a table."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import IO, Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.table import WD_TABLE_DIRECTION
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from analyzers import detect_language
from exports.headings import Grouping, Heading, split_at_footnotes
from exports.rows import (
    RTL_LANGUAGES,
    ExportMeta,
    Row,
    citation_label,
    date_label,
    frame_language,
    side_by_side_label,
)
from indexer.sets import Excerpt

ARABIC_FONT = "Amiri"
A4 = (Mm(210), Mm(297))
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
        for section in self.document.sections:  # A4, as the UN prints (python-docx: Letter)
            section.page_width, section.page_height = A4
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
        self.heading(Heading(0, title, detect_language(title)))
        self.framed.append((self.document.add_paragraph(),
                            lambda frame: date_label(self.meta.day, frame)))
        if self.meta.languages:
            self.framed.append((self.document.add_paragraph(),
                                lambda frame: side_by_side_label(self.meta.languages, frame)))
        self.document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def heading(self, heading: Heading) -> None:
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
        for piece, note in split_at_footnotes(excerpt):
            _run(paragraph, piece, excerpt.lang)
            if note is not None:
                self._footnote(paragraph, note, excerpt.lang)
        label = citation_label(excerpt.symbol, excerpt.lang, excerpt.paragraph, excerpt.item)
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
    grouping = Grouping()
    for row in source:
        for heading in grouping.headings(row, meta):
            writer.heading(heading)
        if meta.languages:
            writer.side_by_side(row)
        else:
            writer.excerpt(row[0])  # type: ignore[arg-type]
    writer.save(out)
