"""DOCX export, what staff paste from, so it carries the typography: right-to-left Arabic
paragraphs in an Arabic font, citations after each paragraph, real footnotes, section
headings, a title page, and two languages side by side in a table.

The body is written as WordprocessingML text, paragraph by paragraph, and parsed once when
the document is saved: python-docx's per-paragraph calls (a style looked up by name for each
heading, each child inserted by a search of its siblings) cost milliseconds a paragraph,
minutes for a large query's export (bench.exports). python-docx still gives the package:
its template's styles (Title, Heading 1–9, Table Grid), settings and section.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import IO
from xml.sax.saxutils import escape

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import nsdecls
from docx.shared import Mm
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
_CITATION_SPACE = '<w:spacing w:after="240"/>'  # 12 pt after a citation
_PAGE_BREAK = '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_BREAKS = re.compile("([\t\n])")

Fragment = str | Callable[[str], str]
"""A piece of the body: its XML, or (words in the export's frame language) a function of
that language, known only once every paragraph is written."""


def _text(text: str) -> str:
    """Run content: the text escaped, tabs and line breaks as Word's own elements."""
    out = []
    for piece in _BREAKS.split(_NOT_IN_XML.sub("", text)):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece == "\n":
            out.append("<w:br/>")
        elif piece:
            out.append(f'<w:t xml:space="preserve">{escape(piece)}</w:t>')
    return "".join(out)


def _run(text: str, lang: str, *, italic: bool = False) -> str:
    """A run of `text`; right to left in the Arabic font (the complex-script font, the one
    Word and LibreOffice use for Arabic letters) for a right-to-left language."""
    rtl = lang in RTL_LANGUAGES
    props = (_RTL_FONT if rtl else "") + ("<w:i/>" if italic else "") + (_RTL_RUN if rtl else "")
    return f"<w:r>{f'<w:rPr>{props}</w:rPr>' if props else ''}{_text(text)}</w:r>"


def _paragraph(content: str, lang: str, *, style: str = "", spacing: str = "") -> str:
    """A paragraph: `w:bidi` (right to left) for a right-to-left language."""
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + (
        "<w:bidi/>" if lang in RTL_LANGUAGES else "") + spacing
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{content}</w:p>"


def _heading_style(level: int) -> str:
    return "Title" if level == 0 else f"Heading{min(level, 9)}"


class _DocxWriter:
    """Writes the body and its footnotes as XML text. The export's own words (date, report
    headings) are written when it is saved, once the languages of all its paragraphs are
    known (see `frame_language`)."""

    def __init__(self, meta: ExportMeta) -> None:
        self.meta = meta
        self.body: list[Fragment] = []
        self.footnotes: list[str] = []
        self.paragraph_languages: set[str] = set()
        self.document = Document()
        section = self.document.sections[0]
        section.page_width, section.page_height = A4  # as the UN prints (python-docx: Letter)
        # A table's width: between the template's margins, in twentieths of a point.
        self.width = int(section.page_width - section.left_margin - section.right_margin) // 635

    def title_page(self) -> None:
        title = self.meta.title
        self.heading(Heading(0, title, detect_language(title)))
        day = self.meta.day
        self.body.append(lambda frame: _paragraph(_run(date_label(day, frame), frame), frame))
        if languages := self.meta.languages:
            self.body.append(lambda frame: _paragraph(
                _run(side_by_side_label(languages, frame), frame), frame))
        self.body.append(_PAGE_BREAK)

    def heading(self, heading: Heading) -> None:
        style = _heading_style(heading.level)
        if heading.report_languages:
            self.body.append(lambda frame: _paragraph(
                _run(heading.label(frame), frame), frame, style=style))
        else:
            self.body.append(_paragraph(_run(heading.text, heading.lang), heading.lang,
                                        style=style))

    def excerpt(self, excerpt: Excerpt) -> str:
        """The paragraph (footnote marks in place) followed by its citation."""
        lang = excerpt.lang
        self.paragraph_languages.add(lang)
        runs = []
        for piece, note in split_at_footnotes(excerpt):
            runs.append(_run(piece, lang))
            if note is not None:
                runs.append(self._footnote(note, lang))
        label = citation_label(excerpt.symbol, lang, excerpt.paragraph, excerpt.item)
        if excerpt.missing:
            label += " (no longer in the current version of the report)"
        return (_paragraph("".join(runs), lang)
                + _paragraph(_run(label, lang, italic=True), lang, spacing=_CITATION_SPACE))

    def side_by_side(self, row: Row) -> None:
        """The row's versions in the cells of a one-row table (the first language's column
        on the right when it reads right to left), then an empty paragraph."""
        column = self.width // len(row)
        direction = "<w:bidiVisual/>" if self.meta.languages[0] in RTL_LANGUAGES else ""
        grid = f'<w:gridCol w:w="{column}"/>' * len(row)
        cells = "".join(
            f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{column}"/></w:tcPr>'
            f"{self.excerpt(e) if e else _paragraph(_run('—', 'en'), 'en')}</w:tc>"
            for e in row
        )
        self.body.append(
            f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>{direction}'
            '<w:tblW w:type="auto" w:w="0"/><w:tblLook w:firstColumn="1" w:firstRow="1" '
            'w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" w:val="04A0"/>'
            f"</w:tblPr><w:tblGrid>{grid}</w:tblGrid>"
            f"<w:tr>{cells}</w:tr></w:tbl><w:p/>"
        )

    def save(self, out: IO[bytes]) -> None:
        frame = frame_language(self.paragraph_languages)
        document = self.document
        body = etree.fromstring(
            f"<w:body {nsdecls('w')}>"
            + "".join(f if isinstance(f, str) else f(frame) for f in self.body)
            + "</w:body>"
        )
        self.body = []
        end = document.element.body[-1]  # the section properties stay last
        for child in list(body):
            end.addprevious(child)
        if self.footnotes:
            notes = (
                f"<w:footnotes {nsdecls('w')}>"
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
                '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
                "<w:continuationSeparator/></w:r></w:p></w:footnote>"
                + "".join(self.footnotes) + "</w:footnotes>"
            )
            blob = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + notes.encode()
            part = Part(PackURI("/word/footnotes.xml"), _FOOTNOTES_CT, blob, document.part.package)
            document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
        document.save(out)

    def _footnote(self, text: str, lang: str) -> str:
        """Stores the note; answers the run that marks it in the paragraph."""
        note_id = len(self.footnotes) + 1
        rtl = lang in RTL_LANGUAGES
        font, run = (_RTL_FONT, _RTL_RUN) if rtl else ("", "")
        self.footnotes.append(
            f'<w:footnote w:id="{note_id}"><w:p><w:pPr>{"<w:bidi/>" if rtl else ""}'
            f"</w:pPr><w:r><w:rPr>{font}{_NOTE_SIZE}{_SUPERSCRIPT}{run}</w:rPr><w:footnoteRef/>"
            f"</w:r><w:r><w:rPr>{font}{_NOTE_SIZE}{run}</w:rPr>{_text(' ' + text)}"
            "</w:r></w:p></w:footnote>"
        )
        return (f"<w:r><w:rPr>{font}{_SUPERSCRIPT}{run}</w:rPr>"
                f'<w:footnoteReference w:id="{note_id}"/></w:r>')


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
            writer.body.append(writer.excerpt(row[0]))  # type: ignore[arg-type]
    writer.save(out)
