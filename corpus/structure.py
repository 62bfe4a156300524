"""From a report's lines to its structure: headings, numbered paragraphs, lists, blocks.

Every format reader (text, DOCX, PDF, HTML) hands over a list of SourceLine; this module
alone decides what each line is, so that all formats agree on paragraph numbers, the
address staff cite. The hard cases are labels that mean two things: `3-` is paragraph 3
or sub-section 3, `(أ)` a list item or a level-4 heading. They are told apart by the
running paragraph sequence (a paragraph number is the next expected one) and by what
follows (a heading is a short title followed by the next paragraph number).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from corpus.layouts import (
    CHAPTER,
    ITEM,
    LETTER,
    LEVELS,
    MAX_HEADING_LENGTH,
    NUMBER,
    Label,
    ends_with_colon,
    front_matter_kind,
    is_annex_heading,
    labels_of,
    looks_like_contents_line,
    looks_like_heading_text,
    looks_like_title,
)
from corpus.limits import MAX_LINE_CHARS
from corpus.model import (
    Block,
    Footnote,
    ListItem,
    Paragraph,
    ParseError,
    Report,
    Section,
    SourceLine,
)
from corpus.recommendations import open_list_number, with_recommendations

# Paragraph numbers seen before their indent is taken as the document's, and how much
# further in (points) a number must stand to belong to a list inside a paragraph.
_SETTLED = 3
_LIST_STEP = 8.0
# A paragraph number may skip at most this many numbers (a lost line in the source);
# a larger jump is a number inside the text, not a paragraph.
MAX_NUMBER_GAP = 5
_STRUCTURAL = (NUMBER, CHAPTER, LETTER)
_TABS = re.compile(r"[ \t]*\t[ \t]*")  # `I.\tIntroduction`: a tab in a title is a space
_SPACES = " \t\n\r\f\v\u00a0"  # not counted as a heading's letters


@dataclass
class _Line:
    """A non-blank source line, stripped, with footnote offsets into the stripped text."""

    text: str
    footnotes: list[Footnote]
    style: str
    level: int | None
    number: int | None
    labels: list[Label]
    indent: float | None = None


@dataclass
class _Text:
    """Text pieces joined one per line, with their footnote marks moved along.

    The pieces are kept as a list and joined when the text is read, so a paragraph of many
    lines costs time in proportion to its length (adding to one string re-copied it per
    line); `letters` (non-space characters) answers "could this be a heading?", counted
    only when asked (rarely) and only over the text added since it was last asked.
    """

    parts: list[str] = field(default_factory=list)
    footnotes: list[Footnote] = field(default_factory=list)
    length: int = 0
    _letters: int = 0
    _counted: int = 0  # characters of the text already counted into _letters

    @classmethod
    def of(cls, text: str, footnotes: list[Footnote]) -> _Text:
        made = cls()
        made.add(text, footnotes)
        return made

    @property
    def text(self) -> str:
        if len(self.parts) > 1:
            self.parts = ["".join(self.parts)]
        return self.parts[0] if self.parts else ""

    @property
    def letters(self) -> int:
        uncounted = self.length - self._counted
        for part in reversed(self.parts):  # the newest pieces, unjoined: no copy of the rest
            if uncounted <= 0:
                break
            piece = part[-uncounted:]
            self._letters += len(piece) - sum(map(piece.count, _SPACES))
            uncounted -= len(piece)
        self._counted = self.length
        return self._letters

    def add(self, text: str, footnotes: list[Footnote]) -> None:
        if self.length and text:
            self.parts.append("\n")
            self.length += 1
        if footnotes:
            self.footnotes.extend(Footnote(f.number, self.length + f.offset, f.text)
                                  for f in footnotes)
        self.parts.append(text)
        self.length += len(text)


@dataclass
class _Item:
    label: str
    index: int
    body: _Text


@dataclass
class _Draft:
    """The paragraph being read: its intro text, then its list items."""

    number: int
    section_path: list[str]
    intro: _Text
    items: list[_Item] = field(default_factory=list)

    def add_text(self, text: str, footnotes: list[Footnote]) -> None:
        body = self.items[-1].body if self.items else self.intro
        body.add(text, footnotes)
        if body.length > MAX_LINE_CHARS:  # refused now, before it costs more to read on
            raise ParseError(
                f"paragraph {self.number} is more than {MAX_LINE_CHARS:,} characters long; a"
                " report's paragraphs are at most a few thousand, so this is not a report's text"
            )

    def last_looks_like_heading(self) -> bool:
        last = self.items[-1].body if self.items else self.intro
        return last.letters <= MAX_HEADING_LENGTH and looks_like_heading_text(last.text)

    def finish(self) -> Paragraph:
        if not self.items:  # most paragraphs: the intro is the whole text
            return Paragraph(number=self.number, text=self.intro.text,
                             section_path=self.section_path, items=[],
                             footnotes=_shifted(self.intro.footnotes, 0))
        whole = _Text.of(self.intro.text, list(self.intro.footnotes))
        for item in self.items:
            prefix = f"{item.label} " if item.body.text else item.label
            whole.add(prefix + item.body.text, _shifted(item.body.footnotes, len(prefix)))
        return Paragraph(
            number=self.number,
            text=whole.text,
            section_path=self.section_path,
            items=[ListItem(item.label, item.body.text) for item in self.items],
            footnotes=whole.footnotes,
        )


def _shifted(footnotes: list[Footnote], by: int) -> list[Footnote]:
    return [Footnote(f.number, f.offset + by, f.text) for f in footnotes]


def _prepare(lines: list[SourceLine]) -> list[_Line]:
    prepared = []
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        lead = len(line.text) - len(line.text.lstrip())
        footnotes = [
            Footnote(f.number, min(max(f.offset - lead, 0), len(text)), f.text)
            for f in line.footnotes
        ] if line.footnotes else []
        prepared.append(_Line(text, footnotes, line.style, line.level, line.number,
                              labels_of(text), line.indent))
    return prepared


class _Parser:
    """One pass over the lines, keeping the open sections and the open paragraph."""

    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.report = Report(symbol="", lang="")
        self.stack: list[Section] = []
        self.last_index = dict.fromkeys(LEVELS.values(), 0)
        self.draft: _Draft | None = None
        self.last_number = 0
        self.open_block: Block | None = None
        self.indents: Counter[float] = Counter()  # where paragraph numbers stand (PDF)
        self.merged: dict[int, tuple[Block, list[str]]] = {}

    # -- helpers ---------------------------------------------------------------------------

    @property
    def expected(self) -> int:
        return self.last_number + 1

    def _is_paragraph_line(self, i: int, number: int) -> bool:
        if i >= len(self.lines):
            return False
        line = self.lines[i]
        if line.number is not None and line.style != "heading":
            return line.number == number
        return any(lb.kind == NUMBER and lb.index == number for lb in line.labels)

    def _title(self, i: int, label: Label) -> tuple[str, list[Footnote], int]:
        """The text that goes with the label at line i, and the index of the line after it."""
        line = self.lines[i]
        if label.rest:
            shift = len(line.text) - len(label.rest)
            kept = [f for f in line.footnotes if f.offset >= shift]
            return label.rest, _shifted(kept, -shift), i + 1
        after = self.lines[i + 1] if i + 1 < len(self.lines) else None
        if after is not None and not after.labels and after.style in ("", "body", "list"):
            return after.text, after.footnotes, i + 2
        return "", [], i + 1

    def _block(self, kind: str, text: str, *, merge: bool = True) -> Block:
        after = self.last_number
        path = [s.title for s in self.stack]
        block = self.open_block
        if merge and block and block.kind == kind and block.after == after \
                and block.section_path == path:
            # Joined once at the end (finish_blocks): a long annex costs its length, no more.
            self.merged.setdefault(id(block), (block, [block.text]))[1].append(text)
            return block
        block = Block(kind=kind, text=text, after=after, section_path=path)
        self.report.blocks.append(block)
        self.open_block = block if merge else None
        return block

    def finish_blocks(self) -> None:
        """Each merged block's lines joined into its text."""
        for block, lines in self.merged.values():
            block.text = "\n".join(lines)
        self.merged = {}

    def _close_paragraph(self) -> None:
        if self.draft is not None:
            self.report.paragraphs.append(self.draft.finish())
            self.draft = None

    def _push_section(self, label: str, title: str, level: int, index: int) -> None:
        self._close_paragraph()
        self.open_block = None
        title = _TABS.sub(" ", title).strip()
        while self.stack and self.stack[-1].level >= level:
            self.stack.pop()
        section = Section(label=label, title=title, level=level)
        (self.stack[-1].children if self.stack else self.report.sections).append(section)
        self.stack.append(section)
        self.last_index[level] = index
        for deeper in self.last_index:
            if deeper > level:
                self.last_index[deeper] = 0

    def _start_paragraph(self, number: int, text: str, footnotes: list[Footnote]) -> None:
        self._close_paragraph()
        self.open_block = None
        if number != self.expected:
            missing = f"{self.expected}" + (f"-{number - 1}" if number - 1 > self.expected else "")
            self.report.metadata.setdefault("warnings", []).append(
                f"paragraph numbering skips from {self.last_number} to {number} "
                f"(paragraph {missing} not found)"
            )
        self.last_number = number
        for section in self.stack:
            section.first = number if section.first is None else section.first
            section.last = number
        self.draft = _Draft(number, [s.title for s in self.stack], _Text.of(text, footnotes))

    # -- front matter ----------------------------------------------------------------------

    def front_matter(self) -> int:
        """Blocks for the title, summary, contents…; returns the first structural line."""
        mode: str | None = None
        loose: list[Block] = []
        first_row: str | None = None  # the label of the first labelled contents row
        start = len(self.lines)
        for i, line in enumerate(self.lines):
            kind = front_matter_kind(line.text)
            # A heading without a label before the first chapter is the title (an HTML
            # <h1>) or the Summary/Contents heading, not a section.
            front_heading = line.style == "heading" and not line.labels and (
                kind is not None or (mode is None and looks_like_title(line.text))
            )
            structural = any(lb.kind in _STRUCTURAL for lb in line.labels) or (
                line.style == "heading" or line.number is not None
            )
            if mode == "contents" and structural:
                structural, first_row = self._ends_contents(line, first_row,
                                                            self._is_paragraph_line(i + 1, 1))
            if structural and not front_heading:
                start = i
                break
            if kind:
                mode = kind
                self._block("heading", line.text, merge=False)
            elif mode:
                self._block(mode, line.text)
            elif line.style == "footnote":
                self._block("footnote", line.text, merge=False)
            else:
                block = self._block("front", line.text, merge=False)
                if line.style != "header":  # masthead lines are never the title
                    loose.append(block)
        title = next((b for b in loose if looks_like_title(b.text)), loose[0] if loose else None)
        if title is not None:
            self.report.title = title.text
            title.kind = "title"
        self.open_block = None
        return start

    @staticmethod
    def _ends_contents(line: _Line, first_row: str | None,
                       before_first_paragraph: bool) -> tuple[bool, str | None]:
        """Whether a labelled line after `Contents` starts the body, and the first row's label.

        Contents rows repeat the headings (`I. Introduction 1–3  3`, or in a PDF the
        title, its paragraph range and its page on lines of their own); the body starts
        at the first numbered paragraph, at a styled heading that is not a row, or where
        the first row's label comes again or right before paragraph 1 (the real heading).
        """
        if line.number is not None or any(lb.kind == NUMBER for lb in line.labels):
            return not looks_like_contents_line(line.text) or line.style == "heading", first_row
        if looks_like_contents_line(line.text):
            return False, first_row or (line.labels[0].label if line.labels else None)
        label = line.labels[0].label if line.labels else None
        if line.style == "heading" or before_first_paragraph or (
            label is not None and label == first_row
        ):
            return True, first_row
        return False, first_row or label

    # -- body --------------------------------------------------------------------------------

    def body(self, start: int) -> None:
        i = start
        while i < len(self.lines):
            line = self.lines[i]
            kinds = {lb.kind: lb for lb in line.labels}
            if is_annex_heading(line.text):
                self._annexes(i)
                return
            if line.style == "footnote":
                self._block("footnote", line.text, merge=False)
                i += 1
            elif line.style == "header":
                self._block("header", line.text, merge=False)
                i += 1
            elif line.style == "table":  # a row of a DOCX/HTML table: one block per table
                self._block("table", line.text)
                i += 1
            elif line.style == "heading":
                i = self._styled_heading(i)
            elif line.number is not None:
                i = self._number(i, Label(NUMBER, str(line.number), line.number, line.text))
            elif NUMBER in kinds:
                i = self._number(i, kinds[NUMBER])
            elif CHAPTER in kinds and LETTER in kinds:
                i = self._heading(i, self._chapter_or_letter(kinds[CHAPTER], kinds[LETTER]))
            elif CHAPTER in kinds or LETTER in kinds:
                i = self._heading(i, kinds.get(CHAPTER) or kinds[LETTER])
            elif ITEM in kinds:
                i = self._item(i, kinds[ITEM])
            else:
                i = self._plain(i)
        self._close_paragraph()

    def _annexes(self, start: int) -> None:
        """Annexes number their own paragraphs: kept whole as blocks, one per annex."""
        self._close_paragraph()
        self.stack = []
        for line in self.lines[start:]:
            if is_annex_heading(line.text):
                self.open_block = None
            self._block("annex", line.text)

    def _chapter_or_letter(self, chapter: Label, letter: Label) -> Label:
        """`I.`, `V.`, `X.` are chapters unless they continue the lettered sections."""
        letter_next = letter.index == self.last_index[LEVELS[LETTER]] + 1
        chapter_next = chapter.index == self.last_index[LEVELS[CHAPTER]] + 1
        return letter if letter_next and not chapter_next else chapter

    def _styled_heading(self, i: int) -> int:
        line = self.lines[i]
        label = line.labels[0] if line.labels else None
        level = line.level or (LEVELS[label.kind] if label else 1)
        title = label.rest if label else line.text
        self._push_section(label.label if label else "", title, level, label.index if label else 0)
        self._heading_notes(line.footnotes)
        return i + 1

    def _heading(self, i: int, label: Label) -> int:
        title, footnotes, after = self._title(i, label)
        self._push_section(label.label, title, LEVELS[label.kind], label.index)
        self._heading_notes(footnotes)
        return after

    def _heading_notes(self, footnotes: list[Footnote]) -> None:
        """A heading's notes (`A. Opening plenary⁵`) are kept as footnote blocks."""
        for note in footnotes:
            if note.text:
                self._block("footnote", f"{note.number} {note.text}", merge=False)

    def _number(self, i: int, label: Label) -> int:
        """`N-`: the next paragraph, or a numbered sub-section heading."""
        title, footnotes, after = self._title(i, label)
        number, expected = label.index, self.expected
        if self.draft is not None and not self.draft.items and number > 1 \
                and open_list_number(self.draft.intro.text) == number - 1:
            return self._plain(i)  # the next recommendation of a `1.`, `2.` … list
        if looks_like_heading_text(title) and (
            number != expected or self._is_paragraph_line(after, expected)
        ):
            self._push_section(label.label, title, LEVELS[NUMBER], number)
            return after
        if expected <= number <= expected + MAX_NUMBER_GAP and not self._list_indent(i):
            self._start_paragraph(number, title, footnotes)
            if (indent := self.lines[i].indent) is not None:
                self.indents[indent] += 1
            return after
        return self._plain(i)  # a number inside the text (an old paragraph, a list)

    def _list_indent(self, i: int) -> bool:
        """Whether line i stands further in than the document's paragraph numbers do
        (after a few paragraphs): a list numbered `1.` inside a paragraph, such as the
        recommendations of a 2010 UPR report, whatever numbers it reaches."""
        indent = self.lines[i].indent
        if indent is None or self.indents.total() < _SETTLED or self.draft is None:
            return False
        usual = self.indents.most_common(1)[0][0]
        return indent > usual + _LIST_STEP

    def _item(self, i: int, label: Label) -> int:
        """`(أ)`: an item of the open paragraph, or a level-4 heading."""
        title, footnotes, after = self._title(i, label)
        if self._is_subheading(label, title, after):
            self._push_section(label.label, title, LEVELS[ITEM], label.index)
            return after
        if self.draft is None:
            return self._plain(i)
        self.draft.items.append(_Item(label.label, label.index, _Text()))
        self.draft.add_text(title, footnotes)
        return after

    def _is_subheading(self, label: Label, title: str, after: int) -> bool:
        if not looks_like_heading_text(title) or not self._is_paragraph_line(after, self.expected):
            return False
        draft = self.draft
        if draft is None:
            return True
        continues_list = bool(draft.items) and label.index == draft.items[-1].index + 1
        continues_headings = label.index == self.last_index[LEVELS[ITEM]] + 1
        opens_list = not draft.items and label.index == 1 and ends_with_colon(draft.intro.text)
        return not opens_list and not (continues_list and not continues_headings)

    def _plain(self, i: int) -> int:
        """A line without a structural label: more of the paragraph, a heading, or a block."""
        line = self.lines[i]
        unnumbered_heading = looks_like_heading_text(line.text) and self._is_paragraph_line(
            i + 1, self.expected
        )
        if self.draft is not None and not (
            unnumbered_heading and not self.draft.last_looks_like_heading()
        ):
            self.draft.add_text(line.text, line.footnotes)
            return i + 1
        self._close_paragraph()
        self._block("heading" if unnumbered_heading else "text", line.text,
                    merge=not unnumbered_heading)
        return i + 1


def build_report(lines: list[SourceLine]) -> Report:
    """The structure of a report read from `lines`; symbol and lang are left for the caller.

    Raises ParseError when no numbered paragraph is found (not a report).
    """
    parser = _Parser(_prepare(lines))
    if not parser.lines:
        raise ParseError("the document has no text")
    parser.body(parser.front_matter())
    parser.finish_blocks()
    report = parser.report
    report.paragraphs = [with_recommendations(p) for p in report.paragraphs]
    if not report.paragraphs:
        raise ParseError(
            "no numbered paragraphs found: this does not look like a UN report "
            "(paragraphs numbered `1.` or `1-` at the start of a line)"
        )
    return report
