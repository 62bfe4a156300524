"""Plain-text reports (Word's "save as text") to lines for the structure parser.

A text export keeps one line per Word paragraph but loses footnotes: each footnote
reference survives only as `(` at the end of one line and `)` at the start of the next
(`…هويتهم(` / `). غير أن …`). This reader decodes the bytes, refuses what is not text,
and re-joins those broken lines, recording each mark as a Footnote at the place it was
so that the paragraph text reads whole and the mark is not lost.
"""

from __future__ import annotations

import codecs
import re

from corpus.model import Footnote, ParseError, SourceLine

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters that never occur in text (tab, newline and friends excluded).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")
# Every other byte: in UTF-8 each control character is one byte no other character holds,
# so deleting these from the bytes counts them without a pass of a regex over the text.
_NOT_CONTROL_BYTES = bytes(b for b in range(256) if not _CONTROL.match(chr(b)))
_MAX_CONTROL_SHARE = 0.01


def decode_text(data: bytes) -> str:
    """The text of `data`, or ParseError saying why it is not a UTF-8 (or BOM-marked) text."""
    if not data.strip():
        raise ParseError("the file is empty: there is no report text to read")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as error:
                raise ParseError(
                    f"the file starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} (byte offset {error.start + len(bom)})"
                ) from None
    if b"\x00" in data[:4096]:
        raise ParseError("the file is binary, not text (it contains NUL bytes)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ParseError(
            f"the file is not UTF-8 text: invalid byte 0x{data[error.start]:02x} at byte offset "
            f"{error.start}; save it as UTF-8 (Word: Save As > Plain Text > Unicode (UTF-8))"
        ) from None
    if len(data.translate(None, _NOT_CONTROL_BYTES)) > _MAX_CONTROL_SHARE * len(text):
        raise ParseError("the file is binary, not text (it is full of control characters)")
    return text


def join_footnote_breaks(raw_lines: list[str]) -> list[SourceLine]:
    """Lines with every `(` / `)` footnote break joined, marks numbered in document order.

    A break is a line ending in `(` whose next non-blank line starts with `)`; the two
    parentheses go, what followed the `)` (`.`, `، `, ` `) stays, and the mark's offset is
    where the `(` was. Parentheses inside a line are never touched.
    """
    lines: list[SourceLine] = []
    marks = 0
    pending: SourceLine | None = None  # a line that ended in a footnote `(`
    blanks: list[str] = []  # blank lines seen while a break is pending
    for raw in raw_lines:
        text = raw.rstrip()
        if pending is not None:
            if not text.strip():
                blanks.append(raw)
                continue
            stripped = text.lstrip()
            if stripped.startswith(")"):
                marks += 1
                head = pending.text[:-1].rstrip()
                pending.footnotes.append(Footnote(number=marks, offset=len(head)))
                pending.text = head + stripped[1:]
                blanks = []
                if pending.text.endswith("("):
                    continue  # the joined line ends in another mark
                lines.append(pending)
                pending = None
                continue
            lines.append(pending)
            lines.extend(SourceLine(text="") for _ in blanks)
            pending, blanks = None, []
        if text.endswith("(") and text.strip() != "(":
            pending = SourceLine(text=text)
        else:
            lines.append(SourceLine(text=text))
    if pending is not None:
        lines.append(pending)
        lines.extend(SourceLine(text="") for _ in blanks)
    return lines


def read_text(data: bytes, name: str = "document.txt") -> list[SourceLine]:
    """Plain-text bytes to SourceLines (footnote breaks joined); ParseError, naming the
    file, if not text."""
    try:
        text = decode_text(data)
    except ParseError as error:
        raise ParseError(f"{name}: {error}") from None
    # Lines end at every break Word or another editor writes: \r\n, \r, \n, \v, \f,
    # \x1c-\x1e, NEL, U+2028 and U+2029 (`str.splitlines`' own set).
    return join_footnote_breaks(text.splitlines())
