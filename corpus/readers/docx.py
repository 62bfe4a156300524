"""Word (DOCX) reports -> SourceLines, with what Word knows for certain passed on.

Word keeps what plain text loses: heading styles, the numbers of automatically numbered
paragraphs (which are not in the text at all, only in numbering.xml and a counter), and
real footnotes with their text. This reader recovers those facts and leaves the
decisions to corpus.structure: it computes Word's auto numbers (per list and level,
from the start values and overrides), marks headings and list items by style, attaches
each footnote's text at its reference, and keeps tables as table lines. The zip is
checked against bombs before python-docx opens it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from io import BytesIO
from typing import Any

from lxml import etree

from corpus.layouts import ARABIC_ITEM_LETTERS, CHINESE_NUMERALS, CYRILLIC_LETTERS
from corpus.limits import check_size, check_zip
from corpus.model import Footnote, ParseError, SourceLine

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NOTE_RELS = ("/footnotes", "/endnotes")
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                            remove_blank_text=False)
# UN templates name heading styles HChG, H1G, H23G, H4G, H56G (G = Geneva, N = New York).
_UN_HEADING_RE = re.compile(r"^H(Ch|1|23|4|56)[A-Z]?$")
_UN_HEADING_LEVELS = {"Ch": 1, "1": 2, "23": 3, "4": 4, "56": 5}
_HEADING_RE = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_LIST_STYLE_RE = re.compile(r"list|bullet", re.IGNORECASE)
_ROMAN = (("m", 1000), ("cm", 900), ("d", 500), ("cd", 400), ("c", 100), ("xc", 90),
          ("l", 50), ("xl", 40), ("x", 10), ("ix", 9), ("v", 5), ("iv", 4), ("i", 1))
_ARABIC_ALPHA = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def _w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _val(element: Any, path: str) -> str | None:
    found = element.find(path, {"w": W}) if element is not None else None
    return found.get(_w("val")) if found is not None else None


def _roman(value: int) -> str:
    out = []
    for letters, amount in _ROMAN:
        while value >= amount:
            out.append(letters)
            value -= amount
    return "".join(out)


def _letters(alphabet: str | tuple[str, ...], value: int) -> str:
    """Word's letter counters: a..z, then aa..zz (the letter repeated)."""
    if value < 1:
        return str(value)
    letter = alphabet[(value - 1) % len(alphabet)]
    return letter * ((value - 1) // len(alphabet) + 1)


def format_number(value: int, fmt: str) -> str:
    """A counter value as Word prints it in the given w:numFmt."""
    formats = {
        "lowerLetter": lambda v: _letters("abcdefghijklmnopqrstuvwxyz", v),
        "upperLetter": lambda v: _letters("ABCDEFGHIJKLMNOPQRSTUVWXYZ", v),
        "lowerRoman": _roman,
        "upperRoman": lambda v: _roman(v).upper(),
        "arabicAbjad": lambda v: _letters(ARABIC_ITEM_LETTERS, v),
        "arabicAlpha": lambda v: _letters(_ARABIC_ALPHA, v),
        "russianLower": lambda v: _letters(CYRILLIC_LETTERS.lower(), v),
        "russianUpper": lambda v: _letters(CYRILLIC_LETTERS, v),
        "chineseCounting": lambda v: CHINESE_NUMERALS[v - 1] if 0 < v <= 10 else str(v),
        "ideographTraditional": lambda v: CHINESE_NUMERALS[v - 1] if 0 < v <= 10 else str(v),
        "decimalZero": lambda v: f"{v:02d}",
        "bullet": lambda v: "",
        "none": lambda v: "",
    }
    return formats.get(fmt, str)(value)


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class Numbering:
    """Word's automatic numbering: list definitions and the running counters.

    Counters run per list instance (w:numId) and level; a level starts at its w:start
    (or the instance's w:startOverride) and restarts when a higher level advances.
    """

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    instances: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def from_xml(cls, root: Any) -> Numbering:
        numbering = cls()
        if root is None:
            return numbering
        for abstract in root.iterfind("w:abstractNum", {"w": W}):
            levels: dict[int, _Level] = {}
            for lvl in abstract.iterfind("w:lvl", {"w": W}):
                start = _val(lvl, "w:start")
                levels[int(lvl.get(_w("ilvl"), "0"))] = _Level(
                    start=int(start) if start and start.lstrip("-").isdigit() else 1,
                    fmt=_val(lvl, "w:numFmt") or "decimal",
                    text=_val(lvl, "w:lvlText") or "",
                )
            numbering.abstract[abstract.get(_w("abstractNumId"), "")] = levels
        for num in root.iterfind("w:num", {"w": W}):
            overrides = {}
            for override in num.iterfind("w:lvlOverride", {"w": W}):
                start = _val(override, "w:startOverride")
                if start and start.isdigit():
                    overrides[int(override.get(_w("ilvl"), "0"))] = int(start)
            numbering.instances[num.get(_w("numId"), "")] = (
                _val(num, "w:abstractNumId") or "", overrides)
        return numbering

    def _level(self, num_id: str, ilvl: int) -> _Level | None:
        abstract_id, overrides = self.instances.get(num_id, ("", {}))
        level = self.abstract.get(abstract_id, {}).get(ilvl)
        if level is None:
            return None
        if ilvl in overrides:
            return _Level(overrides[ilvl], level.fmt, level.text)
        return level

    def advance(self, num_id: str, ilvl: int) -> tuple[int, _Level, str] | None:
        """Count one numbered paragraph: (its number, its level, its label as printed)."""
        level = self._level(num_id, ilvl)
        if level is None or num_id == "0":
            return None
        counters = self.counters.setdefault(num_id, {})
        value = counters[ilvl] + 1 if ilvl in counters else level.start
        counters[ilvl] = value
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]

        def placeholder(match: re.Match[str]) -> str:
            k = int(match.group(1)) - 1
            other = self._level(num_id, k)
            if other is None:
                return ""
            return format_number(counters.get(k, other.start), other.fmt)

        return value, level, re.sub(r"%(\d)", placeholder, level.text)


@dataclass
class _Notes:
    """Footnote and endnote bodies by id, and the running mark counter."""

    bodies: dict[tuple[str, str], str] = field(default_factory=dict)
    cited: int = 0


def _note_bodies(document: Any) -> dict[tuple[str, str], str]:
    bodies: dict[tuple[str, str], str] = {}
    for rel in document.part.rels.values():
        kind = next((k for k in _NOTE_RELS if rel.reltype.endswith(k)), None)
        if kind is None or rel.is_external:
            continue
        root = etree.fromstring(rel.target_part.blob, _SAFE_XML)
        tag = "footnote" if kind == "/footnotes" else "endnote"
        for note in root.iterfind(f"w:{tag}", {"w": W}):
            if note.get(_w("type")) in ("separator", "continuationSeparator",
                                        "continuationNotice"):
                continue
            texts = [_run_text(p, None)[0].strip() for p in note.iter(_w("p"))]
            bodies[(tag, note.get(_w("id"), ""))] = " ".join(t for t in texts if t)
    return bodies


def _run_text(element: Any, notes: _Notes | None) -> tuple[str, list[Footnote]]:
    """The text of a paragraph element as printed, footnote references recorded."""
    parts: list[str] = []
    marks: list[Footnote] = []
    length = 0

    def walk(node: Any) -> None:
        nonlocal length
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in (_w("pPr"), _w("rPr"), _w("del"),
                                                    _w("instrText"), _w("delText")):
                continue
            piece = ""
            if tag == _w("t"):
                piece = child.text or ""
            elif tag in (_w("tab"), _w("ptab")):
                piece = "\t"
            elif tag in (_w("br"), _w("cr")):
                piece = " "
            elif tag == _w("noBreakHyphen"):
                piece = "\u2011"
            elif tag == _w("sym"):
                code = child.get(_w("char"), "")
                piece = chr(int(code, 16)) if re.fullmatch(r"[0-9A-Fa-f]{2,4}", code) else ""
            elif tag in (_w("footnoteReference"), _w("endnoteReference")) and notes:
                kind = "footnote" if tag == _w("footnoteReference") else "endnote"
                notes.cited += 1
                marks.append(Footnote(number=notes.cited, offset=length,
                                      text=notes.bodies.get((kind, child.get(_w("id"), "")))))
            else:
                walk(child)
            parts.append(piece)
            length += len(piece)

    walk(element)
    return "".join(parts), marks


@dataclass(frozen=True)
class _StyleFacts:
    """What a paragraph style says: heading (and its level), list, inherited numbering."""

    heading: bool
    level: int | None
    outline: str | None
    is_list: bool
    num_pr: tuple[str, int] | None


def _num_pr_of(properties: Any) -> tuple[str, int] | None:
    num_pr = properties.find("w:numPr", {"w": W}) if properties is not None else None
    num_id = _val(num_pr, "w:numId") if num_pr is not None else None
    if num_id is None:
        return None
    ilvl = _val(num_pr, "w:ilvl")
    return num_id, int(ilvl) if ilvl and ilvl.isdigit() else 0


class _Styles:
    """Style facts by style id, worked out once per style (python-docx's lookup is slow)."""

    def __init__(self) -> None:
        self.known: dict[str | None, _StyleFacts] = {}

    def facts(self, paragraph: Any) -> _StyleFacts:
        properties = paragraph._p.pPr
        style_id = _val(properties, "w:pStyle")
        if style_id not in self.known:
            self.known[style_id] = self._work_out(paragraph.style)
        return self.known[style_id]

    @staticmethod
    def _work_out(style: Any) -> _StyleFacts:
        heading, level, outline, num_pr = False, None, None, None
        is_list = bool(style is not None and _LIST_STYLE_RE.search(style.name or ""))
        for _ in range(20):  # basedOn chains are short; a loop in them must not hang us
            if style is None:
                break
            name = style.name or ""
            if not heading and (match := _HEADING_RE.match(name)):
                heading, level = True, int(match.group(1))
            elif not heading and (match := _UN_HEADING_RE.match(name)):
                heading, level = True, _UN_HEADING_LEVELS[match.group(1)]
            outline = outline or _val(style.element.pPr, "w:outlineLvl")
            num_pr = num_pr or _num_pr_of(style.element.pPr)
            style = style.base_style
        return _StyleFacts(heading, level, outline, is_list, num_pr)


def _heading_level(paragraph: Any, facts: _StyleFacts) -> tuple[bool, int | None]:
    if facts.heading:
        return True, facts.level
    outline = _val(paragraph._p.pPr, "w:outlineLvl") or facts.outline
    if outline is not None and outline.isdigit() and int(outline) < 9:
        return True, int(outline) + 1
    return False, None


def _paragraph_line(paragraph: Any, styles: _Styles, numbering: Numbering,
                    notes: _Notes) -> SourceLine | None:
    text, marks = _run_text(paragraph._p, notes)
    facts = styles.facts(paragraph)
    heading, level = _heading_level(paragraph, facts)
    style = "heading" if heading else "list" if facts.is_list else ""
    number: int | None = None
    num_pr = _num_pr_of(paragraph._p.pPr) or facts.num_pr
    counted = numbering.advance(*num_pr) if num_pr else None
    if counted is not None and num_pr is not None:
        value, lvl, label = counted
        plain_number = (
            lvl.fmt in ("decimal", "decimalZero")
            and num_pr[1] == 0
            and len(re.findall(r"%\d", lvl.text)) == 1
            and not heading
        )
        if plain_number:
            number = value
        elif lvl.fmt == "bullet" or not label.strip():
            style = style or "list"
        else:
            prefix = label.strip() + " "
            text = prefix + text
            marks = [Footnote(m.number, m.offset + len(prefix), m.text) for m in marks]
            style = style or "list"
    if not text.strip() and not marks:
        return None
    return SourceLine(text=text, style=style or "body", level=level, number=number,
                      footnotes=marks)


def _table_lines(table: Any, notes: _Notes) -> list[SourceLine]:
    """One table line per row, cells separated by ` | ` (nested tables flattened)."""
    lines = []
    for row in table.iterfind("w:tr", {"w": W}):
        text = ""
        marks: list[Footnote] = []
        for index, cell in enumerate(row.iterfind("w:tc", {"w": W})):
            if index:
                text += " | "
            first = True
            for p in cell.iter(_w("p")):
                piece, found = _run_text(p, notes)
                if not piece.strip() and not found:
                    continue
                if not first:
                    text += " "
                lead = len(piece) - len(piece.lstrip())
                marks.extend(Footnote(m.number, len(text) + max(m.offset - lead, 0), m.text)
                             for m in found)
                text += piece.strip()
                first = False
        if text.strip(" |"):
            lines.append(SourceLine(text=text, style="table", footnotes=marks))
    return lines


@lru_cache(maxsize=1)
def _open(data: bytes, name: str) -> Any:
    """The Word document in `data`, parsed once however often it is read: an ingest asks
    whether it is a thematic list (its table rows), then reads it as a report."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    check_size(data, name)
    if data.startswith(_OLE_MAGIC):
        raise ParseError(
            f"{name}: this is a password-protected (encrypted) Word file or an old binary "
            ".doc; save it as .docx without a password"
        )
    check_zip(data, name)
    with zipfile.ZipFile(BytesIO(data)) as archive:
        if "word/document.xml" not in archive.namelist():
            raise ParseError(f"{name}: not a Word document (the zip has no word/document.xml)")
    try:
        return docx.Document(BytesIO(data))
    except PackageNotFoundError as exc:
        raise ParseError(f"{name}: not a Word document (no word/document.xml): {exc}") from exc
    except (KeyError, ValueError, etree.XMLSyntaxError, AttributeError) as exc:
        raise ParseError(f"{name}: the Word document is damaged ({exc})") from exc


def read_table_rows(data: bytes, name: str = "document.docx") -> list[list[str]]:
    """The rows of the document's first table, each a list of cell texts (a cell's
    paragraphs one per line); [] when it has no table."""
    document = _open(data, name)
    try:
        tables = document.tables
        if not tables:
            return []
        return [[cell.text for cell in row.cells] for row in tables[0].rows]
    except (etree.XMLSyntaxError, KeyError, ValueError, IndexError) as exc:
        raise ParseError(f"{name}: the Word document is damaged ({exc})") from exc


def read_docx(data: bytes, name: str = "document.docx") -> list[SourceLine]:
    """The document's paragraphs and table rows in order, headings and numbers resolved."""
    from docx.text.paragraph import Paragraph

    document = _open(data, name)
    try:
        numbering_part = document.part.numbering_part
        numbering = Numbering.from_xml(numbering_part.element)
    except (KeyError, NotImplementedError):
        numbering = Numbering()
    try:
        notes = _Notes(_note_bodies(document))
        styles = _Styles()
        lines: list[SourceLine] = []

        def visit(container: Any) -> None:
            for child in container.iterchildren():
                if child.tag == _w("p"):
                    line = _paragraph_line(Paragraph(child, document.part), styles, numbering,
                                           notes)
                    if line is not None:
                        lines.append(line)
                elif child.tag == _w("tbl"):
                    lines.extend(_table_lines(child, notes))
                elif child.tag in (_w("sdt"), _w("sdtContent"), _w("customXml")):
                    visit(child)

        visit(document.element.body)
    except (etree.XMLSyntaxError, KeyError, ValueError) as exc:
        raise ParseError(f"{name}: the Word document is damaged ({exc})") from exc
    if not lines:
        raise ParseError(f"{name}: the Word document has no text")
    return lines
