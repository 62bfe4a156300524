"""A Python equivalent of Lucene's `english` analyzer, as the English relevance baseline.

Lucene's EnglishAnalyzer chain: StandardTokenizer -> EnglishPossessiveFilter (a trailing
's, ’s or ＇s removed) -> LowerCaseFilter -> StopFilter (EnglishAnalyzer.ENGLISH_STOP_WORDS_SET)
-> PorterStemFilter. Lucene's PorterStemmer is Martin Porter's own implementation, with its
departures from the published algorithm (-bli to -ble, -logi to -log, a word of one or two
letters left as it is): NLTK's PorterStemmer in its MARTIN_EXTENSIONS mode. Snowball's
`porter` follows the paper and gives technologi, assembli and u for technology, assembly and
us, where Lucene gives technolog, assembl and us. The tokenizer and the lowercasing are
bench/lucene_standard.py's.
"""

from __future__ import annotations

import re
from functools import cache

from nltk.stem.porter import PorterStemmer

from bench.lucene_standard import lower_case, standard_tokens

# EnglishAnalyzer.ENGLISH_STOP_WORDS_SET (Lucene 9).
STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is",
    "it", "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there",
    "these", "they", "this", "to", "was", "will", "with",
))
POSSESSIVE = re.compile(r"['’＇][sS]$")


@cache
def _stemmer() -> PorterStemmer:
    return PorterStemmer(PorterStemmer.MARTIN_EXTENSIONS)


@cache
def lucene_english_term(token: str) -> str | None:
    """The indexed term of one token, or None for a stop word."""
    word = lower_case(POSSESSIVE.sub("", token))
    if word in STOP_WORDS:
        return None
    return _stemmer().stem(word, to_lowercase=False)


def lucene_english_terms(text: str) -> list[tuple[str, int]]:
    """The indexed terms of `text` under Lucene's `english` analyzer, in order, each with
    its position (a stop word leaves a gap, as Lucene's StopFilter keeps position
    increments)."""
    return [
        (t, i) for i, token in enumerate(standard_tokens(text))
        if (t := lucene_english_term(token)) is not None
    ]
