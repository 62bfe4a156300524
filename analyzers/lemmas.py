"""Plurals no stemmer reaches -> singular lemmas: Arabic broken plurals from a curated list
and (optionally) camel-tools; English irregular plurals (children, women, crises) from a
curated list read by `curated_pairs` too (analyzers.snowball).

Arabic broken plurals (أطفال/طفل, تقارير/تقرير) share no affix with their singular, so no
stemmer conflates them. Two sources are used together:
1. analyzers/data/ar_broken_plurals.tsv: a reviewed plural<TAB>singular list for the
   vocabulary of human-rights reports; always available, no download.
2. camel-tools' morphological analyzer, when the optional extra is installed *and* a
   morphology database is present on disk (`camel_data -i morphology-db-msa-r13`, or
   FIQRA_CAMEL_DB=/path/to/morphology.db). It is imported lazily and any failure falls
   back to the curated list: the default install must not pull PyTorch or download data.
   camel-tools downloads its catalogue when imported without one, so it is only imported
   when its data directory already holds `catalogue.json`.
All words are compared in the Arabic analyzer's normalized form.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from functools import cache
from pathlib import Path

from analyzers.wordlists import data_lines

log = logging.getLogger(__name__)

CAMEL_DB_ENV = "FIQRA_CAMEL_DB"


class PluralListFormatError(ValueError):
    """A line of the broken-plural list is malformed; the message names it."""


class LemmaLexicon:
    """Plural -> singular lookup in normalized form, curated pairs first, then camel-tools.

    `normalize` is the Arabic analyzer's normalization; `morphology` (optional) maps a
    normalized word to its singular lemma when the analyzer says it is a plural.
    """

    def __init__(
        self,
        pairs: list[tuple[str, str]],
        normalize: Callable[[str], str],
        morphology: Callable[[str], str | None] | None = None,
    ) -> None:
        self._singular: dict[str, str] = {}
        for plural, singular in pairs:
            p, s = normalize(plural), normalize(singular)
            if p != s:
                self._singular[p] = s
        self._morphology = morphology

    def singular(self, word: str) -> str | None:
        """The singular of a normalized broken plural, or None if it is not known as one."""
        found = self._singular.get(word)
        if found is None and self._morphology is not None:
            found = self._morphology(word)
        return found

    def known_words(self) -> frozenset[str]:
        """Every curated plural and singular (these keep their first letter when stemmed)."""
        return frozenset(self._singular) | frozenset(self._singular.values())


def curated_pairs(name: str = "ar_broken_plurals.tsv") -> list[tuple[str, str]]:
    """(plural, singular) pairs of a curated list in analyzers/data."""
    pairs = []
    for lineno, line in data_lines(name):
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) != 2 or not all(fields):
            raise PluralListFormatError(
                f"{name} line {lineno}: expected plural<TAB>singular, got {line!r}"
            )
        pairs.append((fields[0], fields[1]))
    return pairs


def camel_data_dir() -> Path:
    """Where camel-tools keeps its catalogue and databases (its own rule)."""
    env = os.environ.get("CAMELTOOLS_DATA")
    return Path(env).expanduser() if env else Path.home() / ".camel_tools"


def find_camel_db() -> Path | None:
    """The morphology database to use, or None when camel-tools has no data here."""
    explicit = os.environ.get(CAMEL_DB_ENV)
    if explicit:
        return Path(explicit)
    data = camel_data_dir() / "data" / "morphology_db"
    found = sorted(data.glob("*/morphology.db")) if data.is_dir() else []
    return found[0] if found else None


def camel_plural_lemmatizer(
    db_path: Path, normalize: Callable[[str], str]
) -> Callable[[str], str | None] | None:
    """A word -> singular lemma function backed by camel-tools, or None if unusable.

    The lemma is taken from the first analysis marked plural (`num` p) whose lemma differs
    from the word; lemmas carry diacritics and a `_N` sense suffix, both removed.
    """
    if not (camel_data_dir() / "catalogue.json").is_file():
        log.info("camel-tools data directory has no catalogue.json: not using camel-tools")
        return None
    try:
        from camel_tools.morphology.analyzer import Analyzer
        from camel_tools.morphology.database import MorphologyDB

        analyzer = Analyzer(MorphologyDB(str(db_path), "a"))
    except Exception as exc:  # optional component: any failure means "not available"
        log.info("camel-tools unavailable (%s): using the curated plural list only", exc)
        return None

    @cache
    def lemma(word: str) -> str | None:
        for analysis in analyzer.analyze(word):
            if analysis.get("num") != "p":
                continue
            lex = normalize(str(analysis.get("lex", "")).split("_", 1)[0])
            if lex and lex != word:
                return lex
        return None

    return lemma


def load_lexicon(camel_db: Path | None = None) -> LemmaLexicon:
    """The curated lexicon, backed by camel-tools when it and a database are available."""
    from analyzers.arabic import normalize_arabic

    db = camel_db if camel_db is not None else find_camel_db()
    morphology = camel_plural_lemmatizer(db, normalize_arabic) if db is not None else None
    return LemmaLexicon(curated_pairs(), normalize_arabic, morphology)
