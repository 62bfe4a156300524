"""SYNTHETIC documents for the format-reader tests: DOCX written with python-docx, PDF
printed from it by LibreOffice, HTML written by hand, all following UN layout (masthead,
running symbol header, job-number footer, typed or Word-numbered paragraphs, real
footnotes). Nothing here is a real UN document; every file says SYNTHETIC.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO
from xml.sax.saxutils import escape

import docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

from corpus.layouts import CHINESE_NUMERALS
from corpus.model import Block, Footnote, Paragraph, Report, Section

SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
FONTS = {"ar": "Amiri", "zh": "WenQuanYi Micro Hei"}
BODY_SIZE = 12
NOTE_SIZE = 9


@dataclass
class Masthead:
    """The first-page facts of a synthetic document, as UN mastheads print them."""

    symbol: str
    lines: list[str]
    header: str = ""
    footer: str = ""


@dataclass
class DocxWriter:
    """A python-docx document with RTL support and real footnotes (word/footnotes.xml)."""

    lang: str
    document: docx.document.Document = field(default_factory=docx.Document)
    notes: list[str] = field(default_factory=list)
    note_size: int = NOTE_SIZE

    @property
    def rtl(self) -> bool:
        return self.lang == "ar"

    def _format_run(self, run: docx.text.run.Run, size: int, *, superscript: bool = False) -> None:
        props = run._r.get_or_add_rPr()
        font = FONTS.get(self.lang)
        if font:
            fonts = OxmlElement("w:rFonts")
            for key in ("ascii", "hAnsi", "cs", "eastAsia"):
                fonts.set(qn(f"w:{key}"), font)
            props.append(fonts)
        if self.rtl:
            props.append(OxmlElement("w:rtl"))
        for tag in ("w:sz", "w:szCs"):
            element = OxmlElement(tag)
            element.set(qn("w:val"), str(size * 2))
            props.append(element)
        if superscript:
            align = OxmlElement("w:vertAlign")
            align.set(qn("w:val"), "superscript")
            props.append(align)

    def paragraph(self, text: str, *, style: str | None = None,
                  notes: list[tuple[int, str]] | None = None,
                  number: tuple[int, int] | None = None, bold: bool = False,
                  container: object | None = None) -> None:
        """A paragraph; `notes` are (offset, footnote text); `number` is (numId, ilvl)."""
        target = container if container is not None else self.document
        para = target.add_paragraph(style=style)  # type: ignore[attr-defined]
        para.paragraph_format.space_after = Pt(6)
        if self.rtl:
            para._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
        if number is not None:
            num_pr = parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{number[1]}"/>'
                f'<w:numId w:val="{number[0]}"/></w:numPr>'
            )
            para._p.get_or_add_pPr().append(num_pr)
        cuts = sorted(notes or [])
        start = 0
        for offset, note in [*cuts, (len(text), None)]:
            if offset > start:
                run = para.add_run(text[start:offset])
                run.bold = bold or None
                self._format_run(run, BODY_SIZE)
            start = offset
            if note is not None:
                self.notes.append(note)
                run = para.add_run()
                self._format_run(run, BODY_SIZE, superscript=True)
                ref = OxmlElement("w:footnoteReference")
                ref.set(qn("w:id"), str(len(self.notes)))
                run._r.append(ref)

    def heading(self, text: str, level: int) -> None:
        self.paragraph(text, style=f"Heading {level}", bold=True)

    def masthead(self, masthead: Masthead) -> None:
        for line in masthead.lines:
            self.paragraph(line)
        section = self.document.sections[0]
        if masthead.header:
            header = section.header.paragraphs[0]
            header.text = masthead.header
        if masthead.footer:
            footer = section.footer.paragraphs[0]
            footer.text = masthead.footer + "   "
            footer._p.append(parse_xml(
                f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r>'
                "</w:fldSimple>"
            ))

    def numbering(self, xml_levels: str) -> int:
        """Add an abstract list with the given <w:lvl> elements; return its numId."""
        part = self.document.part.numbering_part
        root = part.element
        abstract_id = len(root.findall(qn("w:abstractNum"))) + 100
        num_id = len(root.findall(qn("w:num"))) + 100
        abstract = parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{xml_levels}'
            "</w:abstractNum>"
        )
        first_num = root.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            root.append(abstract)
        root.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            "</w:num>"
        ))
        return num_id

    def restart(self, num_id: int, start: int) -> int:
        """A new list instance over the same definition, starting level 0 at `start`."""
        root = self.document.part.numbering_part.element
        abstract_id = next(
            n.find(qn("w:abstractNumId")).get(qn("w:val"))
            for n in root.findall(qn("w:num")) if n.get(qn("w:numId")) == str(num_id)
        )
        new_id = len(root.findall(qn("w:num"))) + 200
        root.append(parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{new_id}"><w:abstractNumId w:val="{abstract_id}"/>'
            f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
            "</w:num>"
        ))
        return new_id

    def save(self, path: Path | BinaryIO) -> Path | BinaryIO:
        if self.notes:
            bidi = "<w:bidi/>" if self.rtl else ""
            rtl = "<w:rtl/>" if self.rtl else ""
            size = f'<w:sz w:val="{self.note_size * 2}"/><w:szCs w:val="{self.note_size * 2}"/>'
            font = FONTS.get(self.lang)
            fonts = (f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}" '
                     f'w:eastAsia="{font}"/>') if font else ""
            body = "".join(
                f'<w:footnote w:id="{n}"><w:p><w:pPr>{bidi}</w:pPr>'
                f'<w:r><w:rPr>{fonts}{rtl}{size}<w:vertAlign w:val="superscript"/></w:rPr>'
                f"<w:footnoteRef/></w:r>"
                f'<w:r><w:rPr>{fonts}{rtl}{size}</w:rPr><w:t xml:space="preserve"> '
                f"{escape(text)}</w:t></w:r></w:p></w:footnote>"
                for n, text in enumerate(self.notes, start=1)
            )
            xml = (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:footnotes {nsdecls("w")}>'
                '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
                '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
                "<w:continuationSeparator/></w:r></w:p></w:footnote>"
                f"{body}</w:footnotes>"
            )
            part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode(),
                        self.document.part.package)
            self.document.part.relate_to(part, RT.FOOTNOTES)
        self.document.save(str(path) if isinstance(path, Path) else path)
        return path


def docx_to_pdf(source: Path, outdir: Path) -> Path:
    """Print a DOCX to PDF with LibreOffice (own profile, so parallel runs never clash)."""
    with tempfile.TemporaryDirectory(prefix="fiqra-lo-") as profile:
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless",
             "--convert-to", "pdf", "--outdir", str(outdir), str(source)],
            check=True, capture_output=True, timeout=180,
        )
    return outdir / (source.stem + ".pdf")


def _preorder(sections: list[Section]) -> list[Section]:
    out: list[Section] = []
    for section in sections:
        out.append(section)
        out.extend(_preorder(section.children))
    return out


def document_order(report: Report) -> Iterator[Block | Section | Paragraph]:
    """The report's blocks, section headings and paragraphs in reading order."""

    def blocks(after: int) -> Iterator[Block]:
        yield from (b for b in report.blocks if b.after == after and b.kind != "header")

    yield from blocks(0)
    sections = _preorder(report.sections)
    firsts = [s.first for s in sections]
    done = 0
    for index, section in enumerate(sections):
        yield section
        following = [f for f in firsts[index + 1:] if f is not None]
        stop = following[0] if following else 10**9
        for paragraph in report.paragraphs:
            if done < paragraph.number < stop:
                yield paragraph
                done = paragraph.number
                yield from blocks(done)


def heading_text(section: Section, lang: str) -> str:
    """A section heading as UN documents print it (`أولاً- مقدمة`, `I. Introduction`)."""
    label = section.label
    if not label or label.startswith("(") or label.endswith(")"):
        return f"{label} {section.title}".strip()
    if lang == "zh" and label[0] in CHINESE_NUMERALS:
        return f"{label}、{section.title}"
    return f"{label}{'-' if lang == 'ar' else '.'} {section.title}"


def note_text(number: int) -> str:
    return f"SYNTHETIC footnote {number}: see A/HRC/25/48, para. {number}."


def _write_paragraph(writer: DocxWriter, paragraph: Paragraph, prefix: str) -> None:
    """A numbered paragraph; its list items (one per line) as paragraphs of their own."""
    position = 0
    lines = paragraph.text.split("\n")
    for n, line in enumerate(lines):
        notes = [
            (f.offset - position, note_text(f.number))
            for f in paragraph.footnotes
            if position <= f.offset <= position + len(line)
        ]
        if n == 0:
            writer.paragraph(prefix + line, notes=[(o + len(prefix), t) for o, t in notes])
        else:
            writer.paragraph(line, notes=notes)
        position += len(line) + 1


def report_to_docx(report: Report, path: Path, masthead: Masthead | None = None, *,
                   note_size: int = NOTE_SIZE) -> Path:
    """The report as a Word document: real headings, typed numbers, real footnotes."""
    writer = DocxWriter(report.lang, note_size=note_size)
    if masthead is not None:
        writer.masthead(masthead)
    dash = "-" if report.lang == "ar" else "."
    for part in document_order(report):
        if isinstance(part, Block):
            for line in part.text.splitlines():
                writer.paragraph(line, bold=part.kind == "title")
        elif isinstance(part, Section):
            writer.heading(heading_text(part, report.lang), min(part.level, 4))
        else:
            _write_paragraph(writer, part, f"{part.number}{dash}\t")
    writer.save(path)
    return path


def raw_pdf(objects: list[bytes]) -> bytes:
    """A hand-made PDF: `objects[i]` becomes object i+1; object 1 must be the catalog."""
    out = bytearray(b"%PDF-1.4\n%SYNTHETIC\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"") -> bytes:
    """A PDF stream object body holding `data`."""
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def report_to_html(report: Report, masthead: Masthead | None = None) -> bytes:
    """The report as a UN web page: <h2>-<h4> headings, typed paragraph numbers in <p>,
    footnote anchors `[n]` linking to notes gathered at the end (Word's HTML layout)."""
    rtl = ' dir="rtl"' if report.lang == "ar" else ""
    dash = "-" if report.lang == "ar" else "."
    body: list[str] = ["<p>SYNTHETIC web page for fiqra's tests</p>"]
    if masthead is not None:
        body += [f"<p>{escape(line)}</p>" for line in masthead.lines]
    notes: list[str] = []

    def marked(text: str, footnotes: list[Footnote], base: int) -> str:
        out, start = [], 0
        for note in footnotes:
            offset = note.offset - base
            if 0 <= offset <= len(text):
                out.append(escape(text[start:offset]))
                notes.append(note_text(note.number))
                n = len(notes)
                out.append(f'<a href="#_ftn{n}" name="_ftnref{n}"><sup>[{n}]</sup></a>')
                start = offset
        return "".join(out) + escape(text[start:])

    for part in document_order(report):
        if isinstance(part, Block):
            body.extend(f"<p>{escape(line)}</p>" for line in part.text.splitlines())
        elif isinstance(part, Section):
            level = min(part.level + 1, 4)
            body.append(f"<h{level}>{escape(heading_text(part, report.lang))}</h{level}>")
        else:
            position = 0
            for n, line in enumerate(part.text.split("\n")):
                text = marked(line, part.footnotes, position)
                prefix = f"{part.number}{dash}&#160;" if n == 0 else ""
                body.append(f"<p>{prefix}{text}</p>")
                position += len(line) + 1
    body.append("<hr/>")
    body += [
        f'<div id="ftn{n}"><p><a href="#_ftnref{n}" name="_ftn{n}">[{n}]</a> {escape(text)}</p>'
        "</div>"
        for n, text in enumerate(notes, start=1)
    ]
    page = (f'<!DOCTYPE html><html lang="{report.lang}"{rtl}><head><meta charset="utf-8">'
            f"<title>{escape(report.title)}</title></head><body>{''.join(body)}</body></html>")
    return page.encode("utf-8")
