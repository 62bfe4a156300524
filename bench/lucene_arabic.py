"""A faithful Python equivalent of Lucene's `arabic` analyzer, as a relevance baseline.

Lucene's ArabicAnalyzer chain: StandardTokenizer -> LowerCaseFilter -> DecimalDigitFilter
-> StopFilter (Lucene's Arabic stop list, applied *before* normalization) ->
ArabicNormalizationFilter -> ArabicStemFilter. The rules below follow Lucene's
ArabicNormalizer and ArabicStemmer (Larkey's light10): alef with hamza/madda -> alef,
ى -> ي, ة -> ه, tatweel and the eight harakat removed; then the first matching prefix of
ال وال بال كال فال لل و is removed (و needs a word of 4+ letters, the others leave 2+), and
every suffix of ها ان ات ون ين يه ية ه ة ي is removed in that order when 2+ letters remain.
The tokenizer and the lowercasing are bench/lucene_standard.py's; a token that normalization
leaves empty (a lone tatweel) is kept as an empty term, as Lucene keeps it.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from bench.lucene_standard import lower_case, standard_tokens

STOPWORDS_FILE = Path(__file__).with_name("lucene_arabic_stopwords.txt")

_NORMALIZE = str.maketrans(
    {"\u0622": "\u0627", "\u0623": "\u0627", "\u0625": "\u0627", "\u0649": "\u064a",
     "\u0629": "\u0647", "\u0640": None, "\u064b": None, "\u064c": None, "\u064d": None,
     "\u064e": None, "\u064f": None, "\u0650": None, "\u0651": None, "\u0652": None}
)
PREFIXES = ("ال", "وال", "بال", "كال", "فال", "لل", "و")
SUFFIXES = ("ها", "ان", "ات", "ون", "ين", "يه", "ية", "ه", "ة", "ي")


@cache
def lucene_stopwords() -> frozenset[str]:
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def decimal_digits(word: str) -> str:
    """DecimalDigitFilter: every Unicode decimal digit to its ASCII digit."""
    return "".join(str(unicodedata.digit(c)) if c.isdecimal() else c for c in word)


def lucene_stem(word: str) -> str:
    """ArabicStemmer.stem on an already normalized word."""
    for prefix in PREFIXES:
        min_len = 4 if len(prefix) == 1 else len(prefix) + 2
        if len(word) >= min_len and word.startswith(prefix):
            word = word[len(prefix):]
            break
    for suffix in SUFFIXES:
        if len(word) >= len(suffix) + 2 and word.endswith(suffix):
            word = word[: -len(suffix)]
    return word


@cache
def lucene_term(surface: str) -> str | None:
    """The indexed term of one token, or None for a stop word."""
    word = decimal_digits(lower_case(surface))
    if word in lucene_stopwords():
        return None
    return lucene_stem(word.translate(_NORMALIZE))


def lucene_terms(text: str) -> list[tuple[str, int]]:
    """Lucene `arabic` analysis of a text: its terms in order, each with its position (a
    stop word leaves a gap, as Lucene's StopFilter keeps position increments)."""
    return [
        (t, i) for i, token in enumerate(standard_tokens(text))
        if (t := lucene_term(token)) is not None
    ]
