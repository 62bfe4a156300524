"""Free text typed by a person (set names, queries, citation lists, symbols), checked once.

JSON and command lines can carry lone surrogates (`"\\ud800"`, undecodable bytes) that no
UTF-8 store can hold, and invisible control or bidi characters (U+202E) that make a name
display as something it is not. Every such field goes through `checked_text` before it is
used, so bad text is a clear `TextError` instead of a crash deep in SQLite.
"""

from __future__ import annotations

import unicodedata

JOINERS = frozenset("\u200c\u200d")  # ZWNJ / ZWJ: needed to write Persian and Urdu names
LINE_BREAKS = frozenset("\t\n\r")


class TextError(ValueError):
    """Text that cannot be used as given; the message names the field and the character."""


def checked_text(value: object, what: str, *, max_length: int, one_line: bool = True) -> str:
    """`value` stripped, or TextError.

    Always refused: lone surrogates and control characters (category Cc) other than tab and
    line breaks. `one_line` (names, symbols) also refuses those, the line and paragraph
    separators and every format character (category Cf: bidi overrides, invisible marks)
    except the joiners ZWNJ and ZWJ.
    """
    if not isinstance(value, str):
        raise TextError(f"{what} must be text, not {type(value).__name__}")
    for char in value:
        category = unicodedata.category(char)
        if category == "Cs":
            raise TextError(f"{what} contains a lone surrogate (U+{ord(char):04X}), "
                            "which is not a character")
        bad_control = category == "Cc" and (one_line or char not in LINE_BREAKS)
        bad_format = category in ("Cf", "Zl", "Zp") and char not in JOINERS
        if bad_control or (one_line and bad_format):
            raise TextError(f"{what} cannot contain the invisible or control character "
                            f"U+{ord(char):04X} ({unicodedata.name(char, 'control')})")
    text = value.strip()
    if len(text) > max_length:
        raise TextError(f"{what} can be at most {max_length} characters")
    return text
