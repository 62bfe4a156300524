"""Lucene's StandardTokenizer and LowerCaseFilter in Python: the start that both Lucene
baselines share (bench/lucene_arabic.py, bench/lucene_english.py), so that they cut and fold
text as the `arabic` or `english` analyzer of a bare Elasticsearch or OpenSearch index does.

StandardTokenizer cuts text at the word boundaries of Unicode's UAX #29, which the `regex`
module implements (`(?w)\\b`), and keeps the pieces holding a letter, a digit or an emoji:
`115.3`, `1,000`, `e.g`, `State's` and `www.un.org` stay one token where fiqra's word pattern
(analyzers.base.WORD_RE) cuts two or more, while `7/13`, `A/HRC/28/56` and `same-sex` are cut
at their slashes and hyphens by both. Lucene also cuts a token longer than 255 characters;
no word of the judged collections is that long, and this equivalent does not.
LowerCaseFilter lowers one character at a time (Java's Character.toLowerCase: a final Σ is
σ, İ is i), not as Python's str.lower does for a whole word.
tests/cluster/test_lucene_baselines.py checks both analyzers against a real node's.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex

_BOUNDARY = regex.compile(r"(?w)\b")
_TOKEN_CHARACTER = regex.compile(
    r"[\p{Alphabetic}\p{Nd}\p{Extended_Pictographic}\p{Regional_Indicator}]"
)


def standard_tokens(text: str) -> Iterator[str]:
    """The tokens of `text` as StandardTokenizer cuts them, in order (token i stands at
    position i)."""
    start = 0
    for boundary in _BOUNDARY.finditer(text):
        end = boundary.start()
        if end > start and _TOKEN_CHARACTER.search(text, start, end):
            yield text[start:end]
        start = end


def lower_case(word: str) -> str:
    """LowerCaseFilter: each character lowered on its own, İ to i as Java lowers it."""
    return "".join("i" if c == "\u0130" else c.lower() for c in word)
