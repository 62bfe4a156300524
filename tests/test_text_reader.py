"""Plain-text decoding and footnote-break joining (corpus.readers.text)."""

from __future__ import annotations

import codecs

import pytest

from corpus.model import ParseError
from corpus.readers.text import decode_text, join_footnote_breaks, read_text


def texts(data: bytes) -> list[str]:
    return [line.text for line in read_text(data)]


def test_invalid_utf8_names_the_byte_offset() -> None:
    data = "فقرة".encode() + b"\xff\xfe rest"
    with pytest.raises(ParseError, match=r"not UTF-8.*0xff at byte offset 8"):
        decode_text(data)


def test_legacy_arabic_codepage_is_refused_not_garbled() -> None:
    with pytest.raises(ParseError, match="not UTF-8"):
        decode_text("تقرير المقررة الخاصة".encode("cp1256"))


@pytest.mark.parametrize("data", [b"", b"   \n\t\n", b"\r\n"])
def test_empty_input(data: bytes) -> None:
    with pytest.raises(ParseError, match="empty"):
        read_text(data)


def test_binary_input() -> None:
    with pytest.raises(ParseError, match="binary"):
        read_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(ParseError, match="binary"):
        read_text(bytes(range(1, 9)) * 50)


def test_byte_order_marks_are_honoured() -> None:
    assert decode_text(codecs.BOM_UTF8 + b"1. Text") == "1. Text"
    assert decode_text(codecs.BOM_UTF16_LE + "1- نص".encode("utf-16-le")) == "1- نص"
    with pytest.raises(ParseError, match="utf-16-le"):
        decode_text(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone surrogate


def test_line_breaks_of_every_kind() -> None:
    assert texts(b"a\r\nb\rc\nd\x0ce") == ["a", "b", "c", "d", "e"]
    written = "a\vb\x1cc\x1dd\x1ee\x85f\u2028g\u2029h"
    assert texts(written.encode()) == list("abcdefgh")


def test_control_characters_counted_among_the_characters_not_the_bytes() -> None:
    arabic = "فقرة " * 200  # 1,000 characters, 1,800 bytes
    assert decode_text((arabic + "\x01" * 9).encode()).startswith("فقرة")
    with pytest.raises(ParseError, match="control characters"):
        decode_text((arabic + "\x01" * 11).encode())


def test_footnote_break_is_joined_and_recorded() -> None:
    lines = join_footnote_breaks(["…عن هويتهم(", "). غير أن التكنولوجيا"])
    assert [line.text for line in lines] == ["…عن هويتهم. غير أن التكنولوجيا"]
    assert [(f.number, f.offset) for f in lines[0].footnotes] == [(1, len("…عن هويتهم"))]


def test_chained_breaks_and_closing_line_alone() -> None:
    lines = join_footnote_breaks(["one(", "), two(", ") three(", ").", "next"])
    assert [line.text for line in lines] == ["one, two three.", "next"]
    assert [(f.number, f.offset) for f in lines[0].footnotes] == [(1, 3), (2, 8), (3, 14)]


def test_blank_lines_inside_a_break_are_skipped() -> None:
    lines = join_footnote_breaks(["text(", "", ").", "after("])
    assert [line.text for line in lines] == ["text.", "after("]
    assert [f.number for f in lines[0].footnotes] == [1] and lines[1].footnotes == []


def test_real_parentheses_are_left_alone() -> None:
    raw = ["(A/69/262، الفقرات 8-20) نص", "الفقرة 1(ج) من المادة 3", "(", ") نص", "open (", "no"]
    lines = join_footnote_breaks(raw)
    assert [line.text for line in lines] == raw
    assert all(not line.footnotes for line in lines)
