"""The sandboxed half of the PDF reader: glyphs and lines out of a PDF's text layer.

PDFium (through pypdfium2, chosen for speed: tens of pages a second where pdfminer read
a few) is C code fed with files from outside; a hostile PDF may crash it, loop or eat
memory, so this file runs as a script in a child process, started by
corpus.limits.run_limited with a time and memory limit and the page limit as its
argument (it imports nothing of fiqra's: the child starts with PDFium and orjson
alone). It only turns the PDF into positioned lines of glyphs in visual (left-to-right)
order and prints them as JSON; all interpretation (reading order for Arabic, headers,
footnotes, paragraphs) happens in corpus.readers.pdf, in the parent.
"""

from __future__ import annotations

import ctypes
import gc
import json
import math
import sys
import unicodedata
from typing import Any

import orjson

Line = dict[str, Any]


def _lines(chars: list[dict[str, Any]]) -> list[Line]:
    """Group a page's glyphs into lines by vertical overlap; glyphs left to right."""
    glyphs = [c for c in chars if c["upright"] and c["text"]]
    rows: list[list[dict[str, Any]]] = []
    bounds: list[tuple[float, float]] = []
    last = 0  # glyphs come in stream order, mostly line by line: try the last row first
    for glyph in sorted(glyphs, key=lambda c: -c["size"]):
        top, bottom = glyph["top"], glyph["bottom"]
        half = 0.5 * max(bottom - top, 0.1)
        if bounds and min(bottom, bounds[last][1]) - max(top, bounds[last][0]) > half:
            rows[last].append(glyph)
            continue
        last = next((index for index, (upper, lower) in enumerate(bounds)
                     if min(bottom, lower) - max(top, upper) > half), len(rows))
        if last < len(rows):
            rows[last].append(glyph)
        else:
            rows.append([glyph])
            bounds.append((top, bottom))
    lines = []
    for row, (top, bottom) in sorted(zip(rows, bounds, strict=True), key=lambda rb: rb[1][0]):
        row = _attach_marks(row)
        row.sort(key=lambda c: c["x0"])
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
    in the row they would sort before or after it by chance, and PDFium lists them apart
    from their letter. The carrier is the letter drawn under the mark (nearest to its
    middle), once. Zero-width spaces drawn inside a letter (PDFium's, around marks) go,
    and so does a letter drawn again over the same letter (PDFium names a mark glyph of
    a cluster `أُ` by the whole cluster).
    """
    bases: list[dict[str, Any]] = []  # each glyph is in one row only
    marks: list[dict[str, Any]] = []
    for glyph in row:
        (marks if _is_mark(glyph["text"]) else bases).append(glyph)
    letters = [g for g in bases if g["text"].isalpha()] or [g for g in bases
                                                            if g["text"].strip()]
    for mark in marks:
        middle = (mark["x0"] + mark["x1"]) / 2
        if not letters:
            bases.append(mark)
            continue
        carrier = min(letters, key=lambda g: max(g["x0"] - middle, middle - g["x1"], 0.0))
        if not carrier["text"].endswith(mark["text"]):
            carrier["text"] += mark["text"]
    kept: list[dict[str, Any]] = []
    for glyph in sorted(bases, key=lambda g: g["x0"]):
        blank = not glyph["text"].strip() and glyph["x1"] - glyph["x0"] <= 0.5
        if blank or _is_arabic_letter(glyph):  # the only glyphs that may go
            # What glyph starts inside of: one of the last glyphs kept, sorted as they are.
            inside = [o for o in kept[-3:] if o["text"].strip()
                      and o["x0"] - 0.2 <= glyph["x0"] < o["x1"] - 0.2]
            if inside and blank:
                continue  # a zero-width space inside a letter
            if any(o["text"][0] == glyph["text"][0] and glyph["x1"] <= o["x1"] + 0.2
                   for o in inside):
                continue  # the same letter drawn again within itself (a mark's cluster)
        kept.append(glyph)
    return kept


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
            stray = glyph["x1"] - glyph["x0"] < 0.3
            if not stray:
                left = row[index - 1]
                touches_left = _is_arabic_letter(left) and abs(glyph["x0"] - left["x1"]) < 1.5
                symbol = category in _STRAY_SYMBOLS
                if touches_left or symbol:  # else it stays whatever is on its right
                    right = row[index + 1] if index + 1 < len(row) else None
                    stray = (symbol and touches_left) or (
                        right is not None and _is_arabic_letter(right)
                        and abs(right["x0"] - glyph["x1"]) < 1.5)
            if stray:
                kept[-1] = {**kept[-1], "x1": max(kept[-1]["x1"], glyph["x1"])}
                continue
        kept.append(glyph)
    return kept


def _segments(row: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Split a row where glyphs are far apart (masthead columns, table cells)."""
    segments = [[row[0]]]
    drawn = None if row[0].get("generated") else row[0]  # the segment's last drawn glyph
    for glyph in row[1:]:
        if glyph.get("generated"):
            segments[-1].append(glyph)
            continue
        previous = drawn if drawn is not None else segments[-1][-1]
        if glyph["x0"] - previous["x1"] > 4 * max(glyph["size"], previous["size"]):
            segments.append([glyph])
        else:
            segments[-1].append(glyph)
        drawn = glyph
    return segments


def _line(row: list[dict[str, Any]], top: float, bottom: float) -> Line:
    """One line: its box, dominant size, boldness and its glyph units' texts, sizes and
    rises, in three lists (a list per unit made most of the JSON's values, and the
    parent took longer to parse them than the lines took to make)."""
    counts: dict[float, int] = {}
    for glyph in row:
        counts[glyph["rounded_size"]] = counts.get(glyph["rounded_size"], 0) + 1
    size = max(counts, key=lambda s: counts[s])
    bold = sum(g["bold"] for g in row) > len(row) / 2
    texts: list[str] = []
    sizes: list[float] = []
    rises: list[float] = []
    previous: dict[str, Any] | None = None
    for glyph in row:
        if previous is not None and glyph["text"].strip() and previous["text"].strip():
            gap = glyph["x0"] - previous["x1"]
            if gap > 0.2 * min(glyph["size"], previous["size"]):
                texts.append(" ")
                sizes.append(size)
                rises.append(0.0)
        rise = bottom - glyph["bottom"]  # mostly 0.0; round(x, 1) goes through decimal digits
        texts.append(glyph["text"])
        sizes.append(glyph["rounded_size"])
        rises.append(round(rise, 1) if rise else rise)
        previous = glyph
    return {
        "top": round(top, 1),
        "bottom": round(bottom, 1),
        "x0": round(min(g["x0"] for g in row), 1),
        "x1": round(max(g["x1"] for g in row), 1),
        "size": size,
        "bold": bold,
        "texts": texts,
        "sizes": sizes,
        "rises": rises,
    }


def extract(data: bytes, max_pages: int) -> dict[str, Any]:
    """{"pages": [{"width", "height", "lines": [...]}]} or {"error": message}."""
    import pypdfium2 as pdfium

    try:
        return _extract(pdfium.PdfDocument(data), max_pages)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code in (_ERR_PASSWORD, _ERR_SECURITY):
            return {"error": "the PDF is encrypted and needs a password"}
        return {"error": f"not a readable PDF ({exc})"}
    except RecursionError:
        return {"error": "the PDF's object structure loops (recursion limit reached)"}
    except MemoryError:
        return {"error": "the PDF needs more memory than allowed"}


# PDFium's load errors (FPDF_GetLastError): a password is needed, or the security
# handler is one PDFium does not support.
_ERR_PASSWORD = 4
_ERR_SECURITY = 5


def _extract(document: Any, max_pages: int) -> dict[str, Any]:
    """Pages one at a time, each closed after use, up to `max_pages`."""
    count = len(document)
    if count > max_pages:
        return {"error": f"the PDF has {count} pages, more than {max_pages} pages "
                         "(the limit for one report)"}
    fonts: dict[int | None, str] = {}
    pages = []
    for index in range(count):
        page = document[index]
        width, height = page.get_size()
        textpage = page.get_textpage()
        pages.append({"width": float(width), "height": float(height),
                      "lines": _lines(_chars(textpage.raw, height, fonts))})
        textpage.close()
        page.close()
    document.close()
    return {"pages": pages}


def _font_name(font: Any, fonts: dict[int | None, str]) -> str:
    """The base name of a PDFium font handle (`Times New Roman,Bold`), cached by handle."""
    import pypdfium2.raw as pdfium_c

    key = ctypes.cast(font, ctypes.c_void_p).value
    if key not in fonts:
        length = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0) if key else 0
        buffer = ctypes.create_string_buffer(max(length, 1))
        if length:
            pdfium_c.FPDFFont_GetBaseFontName(font, buffer, length)
        fonts[key] = buffer.value.decode("utf-8", "replace")
    return fonts[key]


# Where a line of type sits around its baseline, per point of type size: the same for
# every font, so that glyphs of one line (subsets of one font declare different
# descents) fall in one row and a raised mark stands out by its baseline alone.
_DESCENT = 0.2


def _object_style(textpage: Any, index: int, text_object: Any,
                  fonts: dict[int | None, str]) -> tuple[float, float, bool, bool]:
    """Type size on the page (also rounded as lines give it), boldness of the font and
    uprightness of the text object that draws glyph `index` (the size is the font size
    times the matrix's vertical scale)."""
    import pypdfium2.raw as pdfium_c

    matrix = pdfium_c.FS_MATRIX()
    pdfium_c.FPDFText_GetMatrix(textpage, index, matrix)
    size = pdfium_c.FPDFText_GetFontSize(textpage, index) * math.hypot(matrix.c, matrix.d)
    name = _font_name(pdfium_c.FPDFTextObj_GetFont(text_object), fonts)
    return (size, round(size, 1), "bold" in name.lower(),
            matrix.a > 0 and abs(matrix.b) < 0.01 * matrix.a)


def _plain(function: Any, restype: Any) -> Any:
    """PDFium's `function` without declared argument types, returning `restype`.

    The bindings check every argument against its declared type and build a returned
    handle as a typed pointer object: for the calls made once per glyph that cost more
    than PDFium's own work. Undeclared, ctypes passes a ctypes value as it is and an int
    as a C int, which is what these functions take (a handle as a c_void_p, an index).
    """
    plain = ctypes.CFUNCTYPE(restype)(ctypes.cast(function, ctypes.c_void_p).value)
    plain.argtypes = None
    return plain


def _chars(textpage: Any, height: float, fonts: dict[int | None, str]) -> list[dict[str, Any]]:
    """The page's glyphs as drawn, in content-stream order: text, size, boldness, box.

    A glyph's box runs from its origin to the end of PDFium's loose box (glyphs stacked
    in an Arabic ligature keep their drawing order that way) and, like a line of type,
    from a fifth of the type size under the baseline to one type size above that,
    turned top-down like the page is read; the size is the type size on the page (the font
    size times the text matrix's vertical scale). A space PDFium inferred between two
    words (`generated`) is kept as a zero-width space glyph; its line breaks are not. A
    hyphen PDFium marks as a line-end hyphen (code 2) is a hyphen; private-use codes
    (bar codes, symbol-font bullets) are not text.
    """
    import pypdfium2.raw as pdfium_c

    generated = _plain(pdfium_c.FPDFText_IsGenerated, ctypes.c_int)
    map_error = _plain(pdfium_c.FPDFText_HasUnicodeMapError, ctypes.c_int)
    loose_box = _plain(pdfium_c.FPDFText_GetLooseCharBox, ctypes.c_int)
    origin = _plain(pdfium_c.FPDFText_GetCharOrigin, ctypes.c_int)
    text_object = _plain(pdfium_c.FPDFText_GetTextObject, ctypes.c_void_p)
    page = ctypes.cast(textpage, ctypes.c_void_p)
    box = pdfium_c.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    at_box, at_x, at_y = ctypes.byref(box), ctypes.byref(x), ctypes.byref(y)
    count = pdfium_c.FPDFText_CountChars(textpage)
    codes = (ctypes.c_ushort * (count + 1))()
    pdfium_c.FPDFText_GetText(textpage, 0, count, codes)
    # Type size, boldness and uprightness are one text object's: looked up once each.
    objects: dict[int | None, tuple[float, float, bool, bool]] = {}
    chars: list[dict[str, Any]] = []
    for index, code in enumerate(codes[:count]):
        if code == 0xFFFE:  # how the whole-page text writes a line-end hyphen (code 2)
            code = pdfium_c.FPDFText_GetUnicode(textpage, index)
        if code == 2:
            code = ord("-")
        if code < 32 or 0xD800 <= code <= 0xF8FF or code in (0xFFFE, 0xFFFF):
            continue
        if code == 32 and generated(page, index):
            if chars and chars[-1]["text"] != " " and not _is_mark(chars[-1]["text"]):
                chars.append({**chars[-1], "text": " ", "x0": chars[-1]["x1"],
                              "generated": True})
            continue
        if map_error(page, index):
            continue
        loose_box(page, index, at_box)
        if code == 32 and box.right - box.left < 0.1:
            # PDFium's zero-width spaces: around marks and at line ends nothing, between
            # digit groups a no-break space (`40 000` stays one number).
            if chars and chars[-1]["text"].isdigit() and chr(codes[index + 1]).isdigit():
                chars.append({**chars[-1], "text": "\u00a0", "x0": box.left, "x1": box.left})
            continue
        origin(page, index, at_x, at_y)
        key = text_object(page, index)
        if key not in objects:
            objects[key] = _object_style(textpage, index, ctypes.cast(
                key, pdfium_c.FPDF_PAGEOBJECT), fonts)
        size, rounded_size, bold, upright = objects[key]
        bottom = height - y.value + _DESCENT * size
        chars.append({
            "text": chr(code),
            "size": size,
            "rounded_size": rounded_size,
            "bold": bold,
            "upright": upright,
            "x0": x.value,
            "x1": max(box.right, x.value),
            "top": bottom - size,
            "bottom": bottom,
        })
    return chars


def _json(result: dict[str, Any]) -> bytes:
    """The result as JSON, written by orjson (json.dumps took a tenth of the extraction).

    orjson writes a number that is not finite (NaN from a broken PDF's geometry) as null,
    which json.loads in the parent would not read back as that number; the result holds
    no null otherwise, so one in orjson's output sends the result through json instead.
    """
    out = orjson.dumps(result)
    return json.dumps(result, ensure_ascii=False).encode() if b"null" in out else out


def main() -> None:
    """`python -P pdf_extract.py MAX_PAGES`, the PDF on stdin (corpus.limits.run_limited).

    The cyclic garbage collector is off: the glyphs and lines made here hold no cycles
    and the process ends after one PDF, so its passes over them (hundreds of thousands
    of dicts) were 3-5% of the extraction for nothing; memory stays bounded by the
    sandbox's limit.
    """
    gc.disable()
    sys.setrecursionlimit(5000)
    sys.stdout.buffer.write(_json(extract(sys.stdin.buffer.read(), int(sys.argv[1]))))


if __name__ == "__main__":
    main()
