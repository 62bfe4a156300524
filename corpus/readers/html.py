"""HTML reports (as UN pages and Word's "save as web page" publish them) -> SourceLines.

HTML says more than plain text and less than Word: headings are <h1>-<h4>, numbered
paragraphs are either typed (`<p>1. …</p>`) or an <ol> whose numbers exist only in the
browser, and footnotes are anchors (`<a href="#_ftn1">[1]</a>`) pointing at notes
gathered at the end. This reader keeps those facts: heading levels, list numbers
(honouring `start` and `value`), and each footnote's text attached at its anchor, with
the notes themselves taken out of the running text.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from corpus.limits import check_size
from corpus.model import Footnote, ParseError, SourceLine
from corpus.readers.docx import format_number

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ol", "ul", "li", "table", "div",
           "section", "article", "main", "blockquote", "dl", "dd", "dt", "pre", "center",
           "header", "footer", "aside", "figure", "body", "form", "address", "hr"}
_SKIP = {"script", "style", "noscript", "template", "head", "nav", "button", "svg"}
_NOTE_LABEL_RE = re.compile(r"^\s*[\[(]?\s*(\d{1,3}|\*{1,3})\s*[\])]?\s*$")
_RUNS = re.compile(r"\s+|\S+")
# Deeper nesting than this is no page a person wrote (UN pages nest a few tens deep); the
# readers walk the tree recursively, so it is refused before.
MAX_DEPTH = 200
_LIST_FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman",
                 "I": "upperRoman"}


@dataclass
class _Notes:
    """Footnote anchors found in the text and the blocks that hold the notes."""

    bodies: dict[int, str] = field(default_factory=dict)  # id(anchor) -> note text
    note_blocks: set[int] = field(default_factory=set)
    cited: int = 0


def _block_of(tag: Any) -> Any:
    while tag is not None and tag.name not in ("p", "li", "div", "dd", "td", "body"):
        tag = tag.parent
    return tag


def _find_notes(soup: Any) -> _Notes:
    """Anchors like `[1]` linking forward to a note later in the page, and the notes' text."""
    notes = _Notes()
    order = {id(element): index for index, element in enumerate(soup.descendants)}
    for anchor in soup.find_all("a", href=True):
        href = anchor["href"]
        if not href.startswith("#") or not _NOTE_LABEL_RE.match(anchor.get_text()):
            continue
        target = soup.find(id=href[1:]) or soup.find(attrs={"name": href[1:]})
        block = _block_of(target) if target is not None else None
        if block is None or block.name == "body" or block is _block_of(anchor):
            continue
        if order[id(target)] < order[id(anchor)]:
            continue  # a back-link from the note to its mark
        label = next((a for a in block.find_all("a", href=True)
                      if _NOTE_LABEL_RE.match(a.get_text())), None)
        text = block.get_text(" ", strip=True)
        if label is not None:
            label_text = label.get_text(" ", strip=True)
            if text.startswith(label_text):
                text = text[len(label_text):].strip()
        text = re.sub(r"\s*↩\s*$", "", text)
        notes.bodies[id(anchor)] = text
        notes.note_blocks.add(id(block))
    return notes


def _text(element: Any, notes: _Notes, *, skip_lists: bool = False,
          breaks: list[int] | None = None) -> tuple[str, list[Footnote]]:
    """Text of an element with whitespace collapsed; footnote anchors become marks.

    The offsets of its line breaks (<br>) are added to `breaks` when it is given.
    """
    from bs4 import NavigableString, Tag

    parts: list[str] = []
    marks: list[Footnote] = []
    # The length of the text so far as it will be collapsed (runs of space as one, none at
    # the start), kept up to date piece by piece: never re-joined (a page of thousands of
    # <br> took minutes when it was).
    collapsed = [0, True]  # [length, ends in space]

    def add(piece: str) -> None:
        parts.append(piece)
        for run in _RUNS.finditer(piece):
            if not run.group().isspace():
                collapsed[0] += len(run.group())
                collapsed[1] = False
            elif not collapsed[1]:
                collapsed[0] += 1
                collapsed[1] = True

    def length() -> int:
        return int(collapsed[0])

    def walk(node: Any) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString or child.__class__.__name__ == "CData":
                    add(str(child))
            elif isinstance(child, Tag):
                if child.name in _SKIP or (skip_lists and child.name in ("ol", "ul")):
                    continue
                if child.name == "br":
                    if breaks is not None:
                        breaks.append(length())
                    add(" ")
                elif id(child) in notes.bodies:
                    notes.cited += 1
                    marks.append(Footnote(notes.cited, length(), notes.bodies[id(child)]))
                else:
                    walk(child)

    walk(element)
    text = re.sub(r"\s+", " ", "".join(parts)).strip()
    return text, [Footnote(m.number, min(m.offset, len(text)), m.text) for m in marks]


class _Walker:
    def __init__(self, notes: _Notes) -> None:
        self.notes = notes
        self.lines: list[SourceLine] = []

    def emit(self, element: Any, style: str, level: int | None = None,
             number: int | None = None, label: str = "") -> None:
        breaks: list[int] = []
        text, marks = _text(element, self.notes, skip_lists=element.name == "li", breaks=breaks)
        if label:
            text = f"{label} {text}"
            marks = [Footnote(m.number, m.offset + len(label) + 1, m.text) for m in marks]
        if style == "body" and number is None and not label and breaks:
            # Lines set apart by <br> (`Human Rights Council<br>Fifty-sixth session`) are
            # separate lines, as they are in the PDF and the Word file.
            self.broken(text, marks, breaks)
        elif text or marks:
            self.lines.append(SourceLine(text=text, style=style, level=level, number=number,
                                         footnotes=marks))

    def broken(self, text: str, marks: list[Footnote], breaks: list[int]) -> None:
        bounds = [0, *sorted({b for b in breaks if 0 < b < len(text)}), len(text) + 1]
        for start, end in itertools.pairwise(bounds):
            piece = text[start:end]
            lead = len(piece) - len(piece.lstrip())
            kept = [Footnote(m.number, m.offset - start - lead, m.text) for m in marks
                    if start <= m.offset < end]
            if piece.strip() or kept:
                self.lines.append(SourceLine(text=piece.strip(), style="body", footnotes=kept))

    def walk(self, node: Any, depth: int = 0) -> None:
        from bs4 import NavigableString, Tag

        loose: list[str] = []
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString and child.strip():
                    loose.append(str(child))
                continue
            if not isinstance(child, Tag) or child.name in _SKIP:
                continue
            if id(child) in self.notes.note_blocks:
                continue
            if child.name not in _BLOCKS:
                loose.append(child.get_text(" "))
                continue
            if loose:
                self.flush(loose)
            if re.fullmatch(r"h[1-6]", child.name):
                self.emit(child, "heading", level=int(child.name[1]))
            elif child.name in ("ol", "ul"):
                self.list(child, depth)
            elif child.name == "table":
                self.table(child)
            elif child.name in ("p", "dt", "dd", "pre", "address") or not any(
                isinstance(c, Tag) and c.name in _BLOCKS for c in child.descendants
            ):
                self.emit(child, "body")
            else:
                self.walk(child, depth)
        if loose:
            self.flush(loose)

    def flush(self, loose: list[str]) -> None:
        text = re.sub(r"\s+", " ", "".join(loose)).strip()
        if text:
            self.lines.append(SourceLine(text=text, style="body"))
        loose.clear()

    def list(self, element: Any, depth: int) -> None:
        ordered = element.name == "ol"
        value = int(element["start"]) if str(element.get("start", "")).isdigit() else 1
        fmt = _LIST_FORMATS.get(element.get("type", "1"), "decimal")
        if depth > 0 and "type" not in element.attrs:
            fmt = "lowerLetter"
        for item in element.find_all("li", recursive=False):
            if id(item) in self.notes.note_blocks:
                continue
            if str(item.get("value", "")).isdigit():
                value = int(item["value"])
            if ordered and depth == 0 and fmt == "decimal":
                self.emit(item, "body", number=value)
            elif ordered:
                self.emit(item, "list", label=f"({format_number(value, fmt)})")
            else:
                self.emit(item, "list")
            for nested in item.find_all(["ol", "ul"], recursive=False):
                self.list(nested, depth + 1)
            value += 1

    def table(self, element: Any) -> None:
        for row in element.find_all("tr"):
            cells = [_text(c, self.notes)[0] for c in row.find_all(["td", "th"], recursive=False)]
            if any(cells):
                self.lines.append(SourceLine(text=" | ".join(cells), style="table"))


def _check_depth(root: Any, name: str) -> None:
    """ParseError when elements nest deeper than MAX_DEPTH (walked without recursion)."""
    from bs4 import Tag

    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ParseError(f"{name}: elements nest more than {MAX_DEPTH} deep; this is not"
                             " a report page (a page nests a few tens deep)")
        stack.extend((child, depth + 1) for child in node.children if isinstance(child, Tag))


def read_html(data: bytes, name: str = "document.html") -> list[SourceLine]:
    """The page's report text in order; ParseError when it is not HTML or has no text."""
    from bs4 import BeautifulSoup

    check_size(data, name)
    if b"\x00" in data[:4096]:
        raise ParseError(f"{name}: binary data, not an HTML page")
    try:
        soup = BeautifulSoup(data, "lxml")
    except (ValueError, TypeError, AssertionError) as exc:
        raise ParseError(f"{name}: not a readable HTML page ({exc})") from exc
    body = soup.body or soup
    _check_depth(body, name)
    walker = _Walker(_find_notes(soup))
    walker.walk(body)
    if not walker.lines:
        raise ParseError(f"{name}: the HTML page has no text")
    return walker.lines
