"""A Python equivalent of Lucene's `english` analyzer, as the English relevance baseline.

Lucene's EnglishAnalyzer chain: StandardTokenizer -> EnglishPossessiveFilter (a trailing
's or ’s removed) -> LowerCaseFilter -> StopFilter (EnglishAnalyzer.ENGLISH_STOP_WORDS_SET)
-> PorterStemFilter (Martin Porter's original algorithm, which PyStemmer ships as
"porter"). Tokenization reuses fiqra's word pattern, with the apostrophe kept inside a word
as the StandardTokenizer keeps it, so that only the analysis differs between systems.
"""

from __future__ import annotations

import re
from functools import cache

import Stemmer

# EnglishAnalyzer.ENGLISH_STOP_WORDS_SET (Lucene 9).
STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is",
    "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there",
    "these", "they", "this", "to", "was", "will", "with",
))
# A word as the StandardTokenizer sees it here: letters and digits, an apostrophe inside.
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
POSSESSIVE = re.compile(r"['’][sS]$")


@cache
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("porter")


def lucene_english_terms(text: str) -> list[tuple[str, int]]:
    """The indexed terms of `text` under Lucene's `english` analyzer, in order, each with
    its position (a stop word leaves a gap, as Lucene's StopFilter keeps position
    increments)."""
    stem = _stemmer().stemWord
    terms = []
    for position, match in enumerate(WORD.finditer(text)):
        word = POSSESSIVE.sub("", match.group()).lower()
        if word and word not in STOP_WORDS:
            terms.append((stem(word), position))
    return terms
