"""The sandboxed half of the PDF reader: glyphs and lines out of a PDF's text layer.

pdfminer (under pdfplumber) can loop or eat memory on hostile PDFs, so this module runs
in a child process (`python -m corpus.readers.pdf_extract`, started by corpus.limits.run_limited
with a time and memory limit). It only turns the PDF into positioned lines of glyphs in
visual (left-to-right) order and prints them as JSON; all interpretation (reading order
for Arabic, headers, footnotes, paragraphs) happens in corpus.readers.pdf, in the parent.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
import unicodedata
from io import BytesIO
from typing import Any

from corpus.limits import MAX_PDF_PAGES

Line = dict[str, Any]
# pdfminer's text for a glyph the PDF gives no Unicode for: no text to recover.
_UNMAPPED = re.compile(r"^\(cid:\d+\)$")


def _page_count(pdf: Any) -> int:
    from pdfminer.pdftypes import resolve1

    pages = resolve1(pdf.doc.catalog.get("Pages"))
    count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    return count if isinstance(count, int) else 0


def _lines(chars: list[dict[str, Any]]) -> list[Line]:
    """Group a page's glyphs into lines by vertical overlap; glyphs left to right."""
    glyphs = [
        {**c, "stream": n}
        for n, c in enumerate(chars)
        if c.get("upright", True) and c["text"] and not _UNMAPPED.match(c["text"])
    ]
    rows: list[list[dict[str, Any]]] = []
    bounds: list[tuple[float, float]] = []
    for glyph in sorted(glyphs, key=lambda c: -c["size"]):
        top, bottom = glyph["top"], glyph["bottom"]
        height = max(bottom - top, 0.1)
        for index, (row_top, row_bottom) in enumerate(bounds):
            overlap = min(bottom, row_bottom) - max(top, row_top)
            if overlap > 0.5 * height:
                rows[index].append(glyph)
                break
        else:
            rows.append([glyph])
            bounds.append((top, bottom))
    lines = []
    for row, (top, bottom) in sorted(zip(rows, bounds, strict=True), key=lambda rb: rb[1][0]):
        row = _attach_marks(row)
        row.sort(key=lambda c: (c["x0"] + c["x1"]) / 2)
        row = _drop_strays(row)
        for segment in _segments(row):
            lines.append(_line(segment, top, bottom))
    return lines


_STRAY_CATEGORIES = {"Ll", "Lu", "No", "Pi", "Pf", "Sc", "Sk", "So"}
_STRAY_SYMBOLS = {"No", "Sc", "Sk", "So"}


def _is_mark(text: str) -> bool:
    return bool(unicodedata.combining(text[0]))


def _is_arabic_letter(glyph: dict[str, Any]) -> bool:
    return unicodedata.bidirectional(glyph["text"][0]) in ("AL", "R")


def _attach_marks(row: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fold combining marks (harakat, shadda) into the letter that carries them.

    Marks are drawn over their base letter with little or no width of their own; left
    in the row they would sort before or after it by chance. The carrier is the Arabic
    letter next to the mark in the content stream: the following one when the stream
    runs in visual order (x increasing, as LibreOffice writes), else the preceding one.
    """
    row = sorted(row, key=lambda c: c["stream"])
    letters = [i for i, g in enumerate(row) if _is_arabic_letter(g)]
    rising = sum(row[b]["x0"] > row[a]["x0"] for a, b in itertools.pairwise(letters))
    visual = rising >= (len(letters) - 1) / 2
    merged: dict[int, dict[str, Any]] = {}
    carrier_of: dict[int, int] = {}
    for index, glyph in enumerate(row):
        if not _is_mark(glyph["text"]):
            merged[index] = dict(glyph)
            continue
        steps = range(index + 1, len(row)) if visual else range(index - 1, -1, -1)
        carrier = next((j for j in steps if not _is_mark(row[j]["text"])), None)
        if carrier is None:
            steps = range(index - 1, -1, -1) if visual else range(index + 1, len(row))
            carrier = next((j for j in steps if not _is_mark(row[j]["text"])), None)
        if carrier is None:
            merged[index] = dict(glyph)
        else:
            carrier_of[index] = carrier
    for index, carrier in sorted(carrier_of.items(), key=lambda ic: (ic[1], ic[0])):
        merged[carrier]["text"] += row[index]["text"]
    return list(merged.values())


def _drop_strays(row: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop glyph fragments glued to Arabic letters (`ستسل”كه`, `الخñبراء`, `هـ` -> `ه¼`).

    Some fonts draw a letter from several glyphs (Amiri's kaf and its stroke, the
    tatweel) and the PDF maps the extra piece, or a mark it cannot name, to an arbitrary
    code (`”`, `ñ`, `€`, `¼`). A Latin letter or quote touching Arabic letters on both
    sides, a symbol (`¼`, `€`, `¨`) touching one, or any of them drawn with no width, is
    never text.
    """
    kept = []
    for index, glyph in enumerate(row):
        text = glyph["text"]
        category = unicodedata.category(text) if len(text) == 1 else ""
        if category in _STRAY_CATEGORIES and kept:
            left = row[index - 1]
            right = row[index + 1] if index + 1 < len(row) else None
            touches_left = _is_arabic_letter(left) and abs(glyph["x0"] - left["x1"]) < 1.5
            touches_right = right is not None and _is_arabic_letter(right) and abs(
                right["x0"] - glyph["x1"]) < 1.5
            symbol = category in _STRAY_SYMBOLS
            if (
                glyph["x1"] - glyph["x0"] < 0.3
                or (touches_left and touches_right)
                or (symbol and (touches_left or touches_right))
            ):
                kept[-1] = {**kept[-1], "x1": max(kept[-1]["x1"], glyph["x1"])}
                continue
        kept.append(glyph)
    return kept


def _segments(row: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Split a row where glyphs are far apart (masthead columns, table cells)."""
    segments = [[row[0]]]
    for glyph in row[1:]:
        previous = segments[-1][-1]
        if glyph["x0"] - previous["x1"] > 4 * max(glyph["size"], previous["size"]):
            segments.append([glyph])
        else:
            segments[-1].append(glyph)
    return segments


def _line(row: list[dict[str, Any]], top: float, bottom: float) -> Line:
    """One line: its box, dominant size, boldness and glyph units [text, size, rise]."""
    sizes: dict[float, int] = {}
    for glyph in row:
        size = round(glyph["size"], 1)
        sizes[size] = sizes.get(size, 0) + 1
    size = max(sizes, key=lambda s: sizes[s])
    bold = sum("bold" in g["fontname"].lower() for g in row) > len(row) / 2
    units: list[list[Any]] = []
    previous: dict[str, Any] | None = None
    for glyph in row:
        if previous is not None and glyph["text"] != " " and previous["text"] != " ":
            gap = glyph["x0"] - previous["x1"]
            if gap > 0.2 * min(glyph["size"], previous["size"]):
                units.append([" ", size, 0.0])
        rise = round(bottom - glyph["bottom"], 1)
        units.append([glyph["text"], round(glyph["size"], 1), rise])
        previous = glyph
    return {
        "top": round(top, 1),
        "bottom": round(bottom, 1),
        "x0": round(min(g["x0"] for g in row), 1),
        "x1": round(max(g["x1"] for g in row), 1),
        "size": size,
        "bold": bold,
        "glyphs": units,
    }


def extract(data: bytes) -> dict[str, Any]:
    """{"pages": [{"width", "height", "lines": [...]}]} or {"error": message}."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException

    try:
        return _extract(data)
    except Exception as exc:  # pdfplumber wraps pdfminer's errors: judge the original
        cause = exc.args[0] if type(exc).__name__ == "PdfminerException" and exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            return {"error": "the PDF is encrypted and needs a password "
                             f"({type(cause).__name__})"}
        if isinstance(cause, PDFSyntaxError | PSException):
            return {"error": f"not a readable PDF ({cause or type(cause).__name__})"}
        if isinstance(cause, RecursionError):
            return {"error": "the PDF's object structure loops (recursion limit reached)"}
        if isinstance(cause, MemoryError):
            return {"error": "the PDF needs more memory than allowed"}
        # pdfminer raises many ad-hoc types on damaged files
        return {"error": f"damaged PDF ({type(cause).__name__}: {cause})"}


def _extract(data: bytes) -> dict[str, Any]:
    """Pages one at a time, so that a page tree larger than it claims stops at the limit."""
    import pdfplumber
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    with pdfplumber.open(BytesIO(data)) as pdf:
        declared = _page_count(pdf)
        if declared > MAX_PDF_PAGES:
            return {"error": f"the PDF declares {declared} pages (limit {MAX_PDF_PAGES})"}
        pages = []
        doctop = 0.0
        for number, page_object in enumerate(PDFPage.create_pages(pdf.doc), start=1):
            if number > MAX_PDF_PAGES:
                return {"error": f"the PDF has more than {MAX_PDF_PAGES} pages"}
            page = Page(pdf, page_object, page_number=number, initial_doctop=doctop)
            pages.append(
                {
                    "width": float(page.width),
                    "height": float(page.height),
                    "lines": _lines(page.chars),
                }
            )
            doctop += float(page.height)
            page.close()
        return {"pages": pages}


def main() -> None:
    sys.setrecursionlimit(5000)
    result = extract(sys.stdin.buffer.read())
    sys.stdout.write(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
