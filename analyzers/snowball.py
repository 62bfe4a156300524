"""English, French, Spanish and Russian: Unicode word tokens, Snowball stems, stop lists.

`norm` is case-folded with accents removed (and ё -> е), because staff often type French
and Spanish without accents; `stem` is the Snowball (PyStemmer) stem of the accented,
case-folded word, then stripped of accents the same way, so both columns forgive accents.
An irregular plural that Snowball leaves apart from its singular (children/child,
women/woman, crises/crisis) is stemmed as its singular, from a curated list
(analyzers/data/<lang>_irregular_plurals.tsv, English only so far): a query for the child
finds the children, as an Arabic broken plural meets its singular (analyzers.lemmas).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import Stemmer

from analyzers.base import Analyzer
from analyzers.lemmas import curated_pairs

SNOWBALL_NAMES = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian"}
IRREGULAR_PLURALS = {"en": "en_irregular_plurals.tsv"}


def strip_accents(word: str) -> str:
    """Remove combining marks after NFD (é -> e, ñ -> n, ё -> е, й -> и)."""
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(word: str) -> str:
    """Case-fold and NFKC (ligatures, full-width forms) a word, keeping its accents."""
    return unicodedata.normalize("NFKC", word).casefold()


class SnowballAnalyzer(Analyzer):
    """A Latin- or Cyrillic-script language stemmed by its Snowball algorithm."""

    def __init__(self, lang: str, stopwords: Iterable[str]) -> None:
        self.lang = lang
        self._stemmer = Stemmer.Stemmer(SNOWBALL_NAMES[lang])
        plurals = IRREGULAR_PLURALS.get(lang)
        self._singular = dict(curated_pairs(plurals)) if plurals else {}
        super().__init__(stopwords)

    def normalize(self, word: str) -> str:
        return strip_accents(fold(word))

    def forms_of(self, surface: str) -> tuple[str, str]:
        singular = self._singular
        if surface.isascii():  # no accents, ligatures or full-width forms to undo
            folded = surface.lower()
            return folded, self._stemmer.stemWord(singular.get(folded, folded))
        folded = fold(surface)
        stem = self._stemmer.stemWord(singular.get(folded, folded))
        return strip_accents(folded), strip_accents(stem)
