"""One analyzer per language, built on first use and shared; script-based language detection.

Building an analyzer reads the curated lists (and, for Arabic, may open camel-tools), so
each is built once per process and cached.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from analyzers import LANGUAGES
from analyzers.base import Analyzer
from analyzers.wordlists import stopwords


class UnsupportedLanguageError(ValueError):
    """The language code is not one of the six UN languages fiqra analyzes."""


class LanguageDetectionError(ValueError):
    """The text has no letters from which to tell its language."""


@cache
def analyzer_for(lang: str) -> Analyzer:
    """The shared analyzer for `lang` (ar, en, fr, es, ru, zh)."""
    if lang not in LANGUAGES:
        raise UnsupportedLanguageError(
            f"unsupported language {lang!r}: expected one of {', '.join(LANGUAGES)}"
        )
    if lang == "ar":
        from analyzers.arabic import load_arabic_analyzer

        return load_arabic_analyzer()
    if lang == "zh":
        from analyzers.chinese import ChineseAnalyzer

        return ChineseAnalyzer(stopwords("zh"))
    from analyzers.snowball import SnowballAnalyzer

    return SnowballAnalyzer(lang, stopwords(lang))


# Each script's letters. Counted in one pass over the text: each match of the alternation
# is a run of one script's letters (counting runs, not single letters, keeps a long text
# from building a list of one string per letter), in that script's group.
_SCRIPTS = {
    "ar": r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]+",
    "zh": r"[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]+",
    "ru": r"[\u0400-\u04FF]+",
    "latin": r"[A-Za-z\u00C0-\u024F]+",
}
_SCRIPT_RUNS = re.compile("|".join(f"({letters})" for letters in _SCRIPTS.values()))
_LATIN_WORD = re.compile(_SCRIPTS["latin"])
_LATIN_LANGS = ("en", "fr", "es")


@cache
def _latin_stopwords() -> dict[str, frozenset[str]]:
    return {lang: frozenset(stopwords(lang)) for lang in _LATIN_LANGS}


# A report's language shows in any part of it: a long text is judged on evenly spaced
# pieces of it, so that telling the language costs the same for a page and a book: eight
# of some fifty words each tell scripts and Latin languages apart (judging 8,000
# characters took 3% of an ingest of text reports).
SAMPLE_CHARS = 2_400
SAMPLE_PIECES = 8


def _sample(text: str) -> str:
    if len(text) <= SAMPLE_CHARS:
        return text
    size, step = SAMPLE_CHARS // SAMPLE_PIECES, len(text) // SAMPLE_PIECES
    return "\n".join(text[i * step:i * step + size] for i in range(SAMPLE_PIECES))


def detect(text: str) -> str:
    """The language of `text` from its dominant script; en/fr/es by stop-word counts."""
    text = _sample(text)
    runs = _SCRIPT_RUNS.findall(text) or [("",) * len(_SCRIPTS)]  # a row per run
    columns = zip(*runs, strict=True)  # a column per script: its runs, "" in other rows
    counts = dict(zip(_SCRIPTS, map(len, map("".join, columns)), strict=True))
    script = max(counts, key=lambda name: counts[name])
    if counts[script] == 0:
        raise LanguageDetectionError("cannot tell the language: the text has no letters")
    if script != "latin":
        return script
    words = Counter(_LATIN_WORD.findall(text.casefold()))
    lists = _latin_stopwords()
    scores = {lang: sum(n for w, n in words.items() if w in lists[lang])
              for lang in _LATIN_LANGS}
    return max(_LATIN_LANGS, key=lambda lang: scores[lang])  # ties: first (en)


def script_mismatch(text: str, lang: str) -> str | None:
    """The language `text` is detected as when its script is not `lang`'s (Arabic text
    declared English), else None; en, fr and es share a script and never mismatch."""
    try:
        detected = detect(text)
    except LanguageDetectionError:
        return None
    if detected == lang or {detected, lang} <= set(_LATIN_LANGS):
        return None
    return detected
