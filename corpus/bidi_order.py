"""Visual to logical order for right-to-left lines read out of a PDF.

A PDF places glyphs where they are drawn; read left to right, an Arabic line comes out
reversed (`ةمدقم` for `مقدمة`) while the numbers and Latin words inside it read
correctly. This undoes the display reordering of the Unicode bidi algorithm for one line:
the line is reversed as a whole and runs of left-to-right text (Latin, digits and what
lies between them) are turned back. It works on glyph units, not characters, so that a
ligature whose text is already in logical order (`لا`) is never reversed inside.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

_RTL = {"R", "AL"}
_DIGIT = {"EN", "AN"}
_BRACKETS = set("()[]{}«»<>")
_COMMON_SEPARATORS = {"/", ",", ".", ":", "\u00a0", "\u060c", "\u066b", "\u066c"}
_MIRROR = {"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "«": "»", "»": "«",
           "<": ">", ">": "<"}


@lru_cache(maxsize=4096)  # called once per glyph of a PDF, with few distinct texts
def direction(text: str) -> str:
    """"R", "L", "D" (digits, which read left to right) or "N" for a glyph's text."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _RTL:
            return "R"
        if kind == "L":
            return "L"
        if kind in _DIGIT:
            return "D"
    return "N"


def is_rtl_line(directions: Sequence[str], default: bool) -> bool:
    """Whether a line reads right to left: by its Arabic/Hebrew letters when it has any,
    else `default` (what the page and the line's alignment say)."""
    rtl = directions.count("R")
    if rtl:
        return rtl >= directions.count("L") // 3
    return default


def logical_order(texts: Sequence[str], directions: Sequence[str], rtl: bool) -> list[int]:
    """Indexes of one line's glyph texts (given in visual order) in logical order.

    `directions[i]` is usually direction(texts[i]); `rtl` is the line's base direction.
    A left-to-right line only has its right-to-left runs reversed. A right-to-left line
    is reversed as a whole and its left-to-right runs turned back; as in the Unicode bidi
    algorithm (rules W2, W4, W7), a stretch with Latin letters is one run from its first
    to its last Latin letter or digit, while numbers among Arabic letters are separate
    runs unless joined by one common separator: `7/13` stays one run, `8-20` is two
    (displayed `20-8`).
    """
    order = list(range(len(texts)))
    if not rtl:
        return _reverse_runs(order, directions)
    order.reverse()
    result: list[int] = []
    index = 0
    while index < len(order):
        if directions[order[index]] == "R":
            result.append(order[index])
            index += 1
            continue
        end = index
        while end < len(order) and directions[order[end]] != "R":
            end += 1
        result.extend(_restore_ltr(order[index:end], directions, texts))
        index = end
    return result


def _reverse_runs(order: list[int], directions: Sequence[str]) -> list[int]:
    """Reverse each right-to-left run (R at both ends, neutrals between) of an LTR line."""
    if "R" not in directions:
        return order  # most left-to-right lines have no run to reverse
    result: list[int] = []
    index = 0
    while index < len(order):
        if directions[order[index]] != "R":
            result.append(order[index])
            index += 1
            continue
        end = scan = index
        while scan < len(order) and directions[order[scan]] not in ("L", "D"):
            if directions[order[scan]] == "R":
                end = scan
            scan += 1
        result.extend(reversed(order[index : end + 1]))
        index = end + 1
    return result


def _chunks(segment: list[int], directions: Sequence[str], texts: Sequence[str]) -> list[list[int]]:
    """Word-like pieces of left-to-right text: `A/HRC/12/23`, `Corr.1`, `2009`, `7/13`.

    Within one space-free token, Latin text is one piece; a token of digits only is
    split at separators other than a single common separator (`8-20` -> `8`, `20`).
    """
    chunks: list[list[int]] = []
    token: list[int] = []
    for unit in [*segment, -1]:
        text = texts[unit] if unit >= 0 else " "
        if (text == "\u00a0" or not text.isspace()) and text not in _BRACKETS:
            token.append(unit)
            continue
        strong = [i for i, u in enumerate(token) if directions[u] in ("L", "D")]
        if strong and any(directions[token[i]] == "L" for i in strong):
            chunks.append(token[strong[0] : strong[-1] + 1])
        elif strong:
            current: list[int] = []
            for position, u in enumerate(token):
                if directions[u] == "D" or (
                    current
                    and texts[u] in _COMMON_SEPARATORS
                    and position + 1 < len(token)
                    and directions[token[position + 1]] == "D"
                ):
                    current.append(u)
                elif current:
                    chunks.append(current)
                    current = []
            if current:
                chunks.append(current)
        token = []
    return chunks


def _restore_ltr(segment: list[int], directions: Sequence[str], texts: Sequence[str]) -> list[int]:
    """Turn back the left-to-right runs of one stretch between Arabic letters.

    Latin pieces with only neutrals between them form one run (bidi rule N1); a number
    joins a Latin run unless a bracket separates them (`عام 2009 (A/HRC/12/23)`); two
    numbers never do, since among Arabic letters they are Arabic numbers (rule W2).
    """
    chunks = _chunks(segment, directions, texts)
    position = {unit: i for i, unit in enumerate(segment)}
    runs: list[list[int]] = []
    for chunk in chunks:
        if runs:
            previous = runs[-1]
            between = segment[position[previous[-1]] + 1 : position[chunk[0]]]
            latin_prev = any(directions[u] == "L" for u in previous)
            latin_this = any(directions[u] == "L" for u in chunk)
            bracketed = any(texts[u] in _BRACKETS for u in between)
            if (latin_prev and latin_this) or ((latin_prev or latin_this) and not bracketed):
                runs[-1] = previous + between + chunk
                continue
        runs.append(list(chunk))
    result = list(segment)
    for run in runs:
        start = position[run[0]]
        result[start : start + len(run)] = reversed(run)
    return result


def mirror(text: str) -> str:
    """Swap paired brackets, for glyphs whose code is the drawn (mirrored) shape."""
    return "".join(_MIRROR.get(c, c) for c in text)
