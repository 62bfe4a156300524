"""PDF reports with a text layer -> SourceLines: reading order, paragraphs, footnotes.

A PDF knows where glyphs are drawn, not what the text is. This module rebuilds the text
as the structure parser needs it: Arabic lines back in logical order (corpus.bidi_order),
presentation forms and ligatures folded to ordinary letters, running heads and feet
(symbol, page number, job number `GE.14-24831`) dropped, lines joined into paragraphs,
hyphenated Latin words re-joined, and footnotes (smaller type at the page bottom)
lifted out of the body and attached to the mark that cites them. The glyph extraction
itself runs sandboxed in corpus.readers.pdf_extract.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.bidi_order import direction, is_rtl_line, logical_order
from corpus.layouts import NUMBER, labels_of, looks_like_heading_text
from corpus.limits import MAX_PDF_PAGES, PDF_TIMEOUT_SECONDS, check_size, run_limited
from corpus.model import Footnote, ParseError, SourceLine
from corpus.symbols import SYMBOL_RE, find_symbols

EXTRACTOR = Path(__file__).with_name("pdf_extract.py")  # run sandboxed, as a script
_MARK = "\ue000"  # stands for a footnote mark while a line is reordered and normalized
_PAGE_NUMBER_RE = re.compile(r"^[-–—\s]*\d{1,4}[-–—\s]*$|^\d{1,4}\s*/\s*\d{1,4}$")
_JOB_NUMBER_RE = re.compile(r"\b(?:[A-Z]{1,2}\.)?\d{2}-\d{5}\b|^\*\d{7}\*$")
_TERMINAL = tuple(".!?:;؟。！？；…")
_OPENING = tuple("([{«“")
_FOLDED = re.compile("[\ufb00-\ufb06\ufb50-\ufdff\ufe70-\ufeff]")
_CJK = re.compile("[\u3000-\u9fff\uff00-\uffef]")
# A line covering less than this share of the column was broken on purpose (a masthead
# line, a title line): running text wraps only when the next word does not fit.
_BROKEN_FILL = 0.5
_FULL_FILL = 0.9


@dataclass
class _Line:
    """One line of a page in logical order, with the footnote marks taken out."""

    text: str
    marks: list[tuple[int, str]]
    size: float
    bold: bool
    top: float
    bottom: float
    x0: float
    x1: float
    rtl: bool
    page: int
    ends_short: bool = False  # stops before the column edge on a justified page
    fill: float = 1.0  # share of the column width the line covers
    indent: float | None = None  # from the column's starting edge (right in RTL), in points


@dataclass
class _Paragraph:
    lines: list[_Line] = field(default_factory=list)


def _fold(text: str) -> str:
    """NFKC for Arabic presentation forms and Latin ligatures only (keeps CJK punctuation)."""
    return _FOLDED.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def _make_line(raw: dict[str, Any], page: int, page_rtl: bool,
               edges: tuple[float, float]) -> _Line | None:
    """A line in logical order. A line without Arabic letters on a right-to-left page
    (`1-`, `A/HRC/25/48, para. 1.`) reads right to left unless it is left-aligned."""
    size = raw["size"]
    units: list[str] = []
    dirs: list[str] = []
    labels: list[str] = []
    small, raised = 0.8 * size, 0.15 * size
    for text, glyph_size, rise in zip(raw["texts"], raw["sizes"], raw["rises"], strict=True):
        superscript = glyph_size < small and rise > raised and text.strip()
        if superscript and units and units[-1] == _MARK and dirs[-1] == "N":
            labels[-1] += text
            continue
        if superscript:
            units.append(_MARK)
            labels.append(text)
            dirs.append("N")
        else:
            units.append(text)
            dirs.append(direction(text))
    left, right = edges
    slack = 0.05 * (right - left)
    right_aligned = raw["x1"] >= right - slack and raw["x0"] > left + slack
    rtl = is_rtl_line(dirs, page_rtl and ("L" not in dirs or right_aligned))
    order = logical_order(units, dirs, rtl)
    text = "".join([units[i] for i in order])
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFC", _fold(text))).strip()
    marks: list[tuple[int, str]] = []
    if labels:  # most lines cite no note
        mark_positions = [i for i, unit in enumerate(units) if unit == _MARK]
        label_of = dict(zip(mark_positions, labels, strict=True))
        ordered_labels = [label_of[i] for i in order if units[i] == _MARK]
        clean: list[str] = []
        for char in text:
            if char == _MARK:
                marks.append((len("".join(clean).rstrip()), ordered_labels[len(marks)].strip()))
            else:
                clean.append(char)
        text = "".join(clean)
    text = text.strip()
    if not text and not marks:
        return None
    if rtl:
        text = _BRACKET_RE.sub(_bracket, text)
    return _Line(text, marks, size, raw["bold"], raw["top"], raw["bottom"], raw["x0"],
                 raw["x1"], rtl, page)


_BRACKET_RE = re.compile(r"[()\[\]]")
_OPENERS = {")": "(", "]": "["}
_CLOSERS = {"(": ")", "[": "]"}
_CLOSE_FOLLOWS = tuple(".,;:،؛!?؟)]}»")


def _bracket(match: re.Match[str]) -> str:
    """A bracket of a right-to-left line turned the way its place says it faces.

    Text layers disagree on whether a bracket drawn in right-to-left text is stored as
    drawn or as meant (PDFium mirrors some and not others), so the reader goes by where
    it stands: after a space and before a word it opens, after a word and before a space
    or punctuation it closes.
    """
    text, start, char = match.string, match.start(), match.group()
    before = text[start - 1] if start else " "
    after = text[start + 1] if start + 1 < len(text) else " "
    opens = (before.isspace() or before in "([{«") and not after.isspace()
    closes = not before.isspace() and (after.isspace() or after in _CLOSE_FOLLOWS)
    if opens and not closes:
        return _OPENERS.get(char, char)
    if closes and not opens:
        return _CLOSERS.get(char, char)
    return char


def _page_is_rtl(lines: list[dict[str, Any]]) -> bool:
    letters = Counter(direction(text) for line in lines for text in line["texts"])
    return letters["R"] > letters["L"]


def _running_key(text: str) -> str:
    return re.sub(r"\d+", "#", text).strip()


def _is_running_line(line: _Line, repeated: set[str], first_page: bool,
                     height: float) -> bool:
    """A page head or foot: a page or job number at the top or foot of the page, or, in
    the narrow margins, the symbol or a line repeated on many pages (a note at the foot
    of each page is not repeated text, whatever its numbers)."""
    text = line.text
    if first_page and find_symbols(text):
        return False  # the masthead's symbol, whatever the later pages repeat
    if _PAGE_NUMBER_RE.match(text) or (_JOB_NUMBER_RE.search(text) and len(text) < 60):
        return True
    if not _in_margin(line, height):
        return False
    if not first_page and SYMBOL_RE.fullmatch(text.strip()):
        return True
    return _running_key(text) in repeated


def _in_margin(line: _Line, height: float) -> bool:
    return line.bottom < 0.1 * height or line.top > 0.9 * height


# Where a page's foot begins for page and job numbers, as a share of its height (UN A4
# pages print them at about 0.89).
_FOOT = 0.85


def _strip_running(pages: list[list[_Line]],
                   heights: list[float]) -> tuple[list[list[_Line]], list[str]]:
    """Drop page heads and feet: repeated lines and symbol/page/job numbers in the margins.

    Returns the pages without them and the dropped heads and feet that name the document
    (its symbol in the page heads, its job number in the feet), once each, so that the
    masthead can be checked against them.
    """
    zone: list[list[_Line]] = []
    for lines, height in zip(pages, heights, strict=True):
        zone.append([ln for ln in lines if ln.bottom < 0.1 * height or ln.top > _FOOT * height])
    seen = Counter(key for lines, height in zip(zone, heights, strict=True)
                   for key in {_running_key(ln.text) for ln in lines if _in_margin(ln, height)})
    repeated = {key for key, count in seen.items() if count >= max(2, len(pages) // 2)}
    kept = []
    naming: dict[str, None] = {}
    for index, (lines, margin) in enumerate(zip(pages, zone, strict=True)):
        drop = {id(ln) for ln in margin
                if _is_running_line(ln, repeated, index == 0, heights[index])}
        kept.append([ln for ln in lines if id(ln) not in drop])
        dropped = [ln for ln in margin if id(ln) in drop]
        dropped += [ln for ln in kept[-1] if _JOB_NUMBER_RE.search(ln.text) and len(ln.text) < 60]
        gone = {id(ln) for ln in dropped}
        kept[-1] = [ln for ln in kept[-1] if id(ln) not in gone]
        for line in dropped:
            for match in (*find_symbols(line.text), *_JOB_NUMBER_RE.finditer(line.text)):
                naming[match.group()] = None
    return kept, list(naming)


def _split_footnotes(lines: list[_Line], body_size: float) -> tuple[list[_Line], list[_Line]]:
    """Body lines and the footnote lines under them: smaller type below the last body
    line, or, when notes are set in body type, the lines at the foot of the page from the
    first one that starts with the label of a mark cited above it."""
    last_body = max((i for i, ln in enumerate(lines) if ln.size >= 0.95 * body_size), default=-1)
    body = lines[: last_body + 1]
    below = lines[last_body + 1 :]
    notes = [ln for ln in below if ln.size < 0.92 * body_size]
    body += [ln for ln in below if ln.size >= 0.92 * body_size]
    if not notes:
        start = _notes_by_position(body)
        body, notes = body[:start], body[start:]
    return body, notes


_TYPED_NOTE_RE = re.compile(r"^(\d{1,3}|\*{1,3})\s+(?=\S)")


def _note_label(line: _Line) -> str | None:
    """The label a footnote line starts with (a raised mark or a typed `12 `), else None."""
    if line.marks and line.marks[0][0] == 0:
        return line.marks[0][1]
    typed = _TYPED_NOTE_RE.match(line.text)
    return typed.group(1) if typed else None


def _notes_by_position(lines: list[_Line]) -> int:
    """Where same-size notes start on a page (len(lines) when there are none): the first
    line labelled with a mark cited above it, when every labelled line after it is also a
    cited note, in order (continuation lines carry no label)."""
    cited: list[str] = []
    for index, line in enumerate(lines):
        label = _note_label(line)
        if label is not None and label in cited:
            labels = [lb for lb in map(_note_label, lines[index:]) if lb is not None]
            if all(lb in cited for lb in labels) and labels == sorted(
                labels, key=cited.index
            ):
                return index
        cited += [mark for offset, mark in line.marks if offset > 0 or label is None]
    return len(lines)


def _footnotes(notes: list[_Line]) -> list[tuple[str, str]]:
    """(label, text) of each footnote on one page, in order; continuation lines joined.

    Labels are raised marks, or typed numbers (`12 `) on a page whose notes have no
    raised labels, each the one after the note before (a continuation line may start
    with a number: `265 offenders`)."""
    found: list[list[str]] = []
    raised = any(line.marks and line.marks[0][0] == 0 for line in notes)
    for line in notes:
        typed = None if raised else _TYPED_NOTE_RE.match(line.text)
        if typed and found and found[-1][0].isdigit() and typed.group(1).isdigit() and (
                int(typed.group(1)) != int(found[-1][0]) + 1):
            typed = None
        if line.marks and line.marks[0][0] == 0:
            found.append([line.marks[0][1], line.text])
        elif typed:
            found.append([typed.group(1), line.text[typed.end() :]])
        elif found:
            found[-1][1] = _join(found[-1][1], line.text)
        else:
            found.append(["", line.text])
    return [(label, text.strip()) for label, text in found]


_URL_END_RE = re.compile(r"(?:https?://|www\.)\S*$")


def _join(left: str, right: str) -> str:
    """Join two lines of one paragraph: hyphenated Latin words re-joined, CJK without space."""
    if not left:
        return right
    if not right:
        return left
    if left.endswith("\u00ad"):
        return left[:-1] + right
    if re.search(r"[A-Za-zÀ-ÿ\u0400-\u04ff]-$", left) and right[:1].islower():
        # A web address keeps its hyphens: it is broken at one, never hyphenated.
        return left + right if _URL_END_RE.search(left) else left[:-1] + right
    if (_CJK.match(left[-1]) and _CJK.match(right[0])) or left.endswith(_OPENING):
        return left + right
    return left + " " + right


def _mark_short_lines(lines: list[_Line], body_size: float) -> None:
    """On justified pages every line but a paragraph's last reaches the column edge;
    flag the lines that stop short (the end of a paragraph, a heading, a number). Each
    line's indent from the page's column edge (where most lines start) is set too
    (pages may have mirrored margins)."""
    body = [ln for ln in lines if abs(ln.size - body_size) < 0.5]
    if not body:
        return
    left, right = min(ln.x0 for ln in body), max(ln.x1 for ln in body)
    # The column's edge: where most lines start (right-to-left: end) on this page.
    start = Counter(round(ln.x0) for ln in body if not ln.rtl).most_common(1)
    end = Counter(round(ln.x1) for ln in body if ln.rtl).most_common(1)
    for line in lines:
        line.fill = (line.x1 - line.x0) / max(right - left, 1.0)
        edge = end if line.rtl else start
        if edge:
            line.indent = round(edge[0][0] - line.x1 if line.rtl else line.x0 - edge[0][0], 1)
    if len(body) < 4:
        return
    both = sum(ln.x0 <= left + 2 and ln.x1 >= right - 2 for ln in body)
    if both < 0.4 * len(body):
        return
    for line in lines:
        end_gap = line.x0 - left if line.rtl else right - line.x1
        line.ends_short = end_gap > 1.5 * line.size


def _line_gap(gaps: list[float]) -> float:
    """The widest space between two lines of one paragraph, per point of type size.

    Gaps between lines fall into clusters: lines of a paragraph, paragraphs, headings.
    The threshold lies in the first clear jump (a fifth of the type size or more) above
    the smallest gap that recurs (a line set closer once, a raised mark, is no cluster);
    with a single cluster the gaps say nothing and other signals decide.
    """
    if not gaps:
        return 0.01
    counts = Counter(round(gap, 1) for gap in gaps)
    floor = min((gap for gap, n in counts.items() if n >= max(2, 0.05 * len(gaps))),
                default=gaps[0])
    above = [gap for gap in gaps if gap >= floor - 0.05]
    for low, high in itertools.pairwise(above):
        if high - low >= 0.2:
            return (low + high) / 2
    return above[-1] + 0.01


def _paragraphs(lines: list[_Line], line_gap: float) -> list[_Paragraph]:
    """Lines joined into paragraphs. A paragraph ends at a gap wider than `line_gap`
    (per point of type size), a change of type, a short line (justified pages), or a
    full stop followed by a line that starts with a label (`4.`, `(a)`); across a page
    break, at a full stop."""
    paragraphs: list[_Paragraph] = []
    for line in lines:
        if paragraphs:
            previous = paragraphs[-1].lines[-1]
            # A change to or from bold type ends a paragraph unless the line before runs
            # to the column's edge (a bold phrase that wraps inside running text).
            same_style = abs(previous.size - line.size) < 0.5 and (
                previous.bold == line.bold or (previous.fill > _FULL_FILL
                                               and not previous.ends_short
                                               and not labels_of(line.text))
            )
            if previous.page == line.page:
                gap = line.top - previous.bottom
                close = line.top > previous.top and gap <= line_gap * previous.size
                continues = same_style and close and not previous.ends_short and not (
                    previous.text.endswith(_TERMINAL) and labels_of(line.text)
                ) and previous.fill >= _BROKEN_FILL
            else:
                continues = (
                    same_style
                    and (previous.bold or not line.bold)
                    and not previous.ends_short
                    and previous.fill > 0.7
                    and not previous.text.endswith(_TERMINAL)
                    and not re.fullmatch(r"[\d\s.\-–]+", previous.text)
                )
            if continues:
                paragraphs[-1].lines.append(line)
                continue
        paragraphs.append(_Paragraph([line]))
    return paragraphs


def _to_source_line(paragraph: _Paragraph, notes: dict[tuple[int, str], str],
                    all_notes: dict[str, str], counter: list[int]) -> SourceLine:
    text = ""
    footnotes: list[Footnote] = []
    for line in paragraph.lines:
        joined = _join(text, line.text)
        shift = len(joined) - len(line.text)
        for offset, label in line.marks:
            counter[0] += 1
            body = notes.get((line.page, label), all_notes.get(label))
            number = int(label) if label.isdigit() else counter[0]
            footnotes.append(Footnote(number=number, offset=shift + offset, text=body))
        text = joined
    # Bold type alone does not make a heading (titles, emphasis, the conclusions of a
    # special procedure's report); a bold line that starts with a heading label (`I.`,
    # `ألف-`, `(a)`) does, and a bold numbered one (`56.`) when it reads like a title:
    # a bold numbered sentence is a paragraph.
    labels = labels_of(text)
    heading = paragraph.lines[0].bold and bool(labels) and (
        labels[0].kind != NUMBER or looks_like_heading_text(text)
    )
    return SourceLine(text=text, style="heading" if heading else "body", footnotes=footnotes,
                      indent=paragraph.lines[0].indent)


def read_pdf(data: bytes, name: str = "document.pdf", *,
             timeout: float = PDF_TIMEOUT_SECONDS) -> list[SourceLine]:
    """The report's lines in reading order; ParseError for unreadable or image-only PDFs."""
    check_size(data, name)
    if b"%PDF-" not in data[:1024]:
        raise ParseError(f"{name}: not a PDF file (no %PDF- header)")
    result = run_limited(EXTRACTOR, data, name, timeout=timeout, args=(str(MAX_PDF_PAGES),))
    raw_pages = result["pages"]
    pages: list[list[_Line]] = []
    for number, page in enumerate(raw_pages, start=1):
        rtl_page = _page_is_rtl(page["lines"])
        edges = (min((ln["x0"] for ln in page["lines"]), default=0.0),
                 max((ln["x1"] for ln in page["lines"]), default=0.0))
        made = [_make_line(raw, number, rtl_page, edges) for raw in page["lines"]]
        lines = [ln for ln in made if ln is not None]
        lines.sort(key=lambda ln: (round(ln.top), -ln.x1 if rtl_page else ln.x0))
        pages.append(lines)
    if not any(pages):
        raise ParseError(
            f"{name}: the PDF has no text layer (scanned pages?); fiqra cannot read it "
            "without OCR"
        )
    pages, running = _strip_running(pages, [p["height"] for p in raw_pages])
    sizes = Counter()
    for lines in pages:
        for ln in lines:
            sizes[ln.size] += len(ln.text)
    body_size = sizes.most_common(1)[0][0] if sizes else 12.0
    body: list[_Line] = []
    notes: dict[tuple[int, str], str] = {}
    all_notes: dict[str, str] = {}
    orphans: list[SourceLine] = []
    for lines in pages:
        page_body, page_notes = _split_footnotes(lines, body_size)
        _mark_short_lines(page_body, body_size)
        body += page_body
        for label, text in _footnotes(page_notes):
            if label:
                notes[(page_notes[0].page, label)] = text
                all_notes.setdefault(label, text)
            else:
                orphans.append(SourceLine(text=text, style="footnote"))
    gaps = sorted(
        (b.top - a.bottom) / body_size
        for a, b in itertools.pairwise(body)
        if a.page == b.page and abs(a.size - body_size) < 0.5 and b.top > a.top
    )
    line_gap = _line_gap(gaps)
    counter = [0]
    out = [_to_source_line(p, notes, all_notes, counter) for p in _paragraphs(body, line_gap)]
    cited = {(f.number, f.text) for line in out for f in line.footnotes}
    for (_page, label), text in notes.items():
        if not any(t == text for _n, t in cited) and label:
            out.append(SourceLine(text=f"{label} {text}", style="footnote"))
    return out + orphans + [SourceLine(text=text, style="running") for text in running]
