"""What every language analyzer shares: the token loop, stop words, and query-form expansion.

A language only says how one word becomes its (norm, stem) pair and which other words are
its lemma relatives; indexing and querying are written once here so that a document word and
a query word typed the same way always reach the same forms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from operator import itemgetter

from analyzers import QueryForm, Token
from analyzers.thesaurus import Thesaurus

# A word: letters/digits plus the combining marks and tatweel that sit inside Arabic words
# (harakat are category Mn, which `\w` does not match). Runs on each side of the `|`, so
# that the alternation is tried once per run of letters, not once per letter.
_MARKS = (r"\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06DC\u06DF-\u06E4\u06E7\u06E8"
          r"\u06EA-\u06ED\u0640")
WORD_RE = re.compile(rf"(?:[^\W_]+|[{_MARKS}]+)+")
# The same words in text without `_` (nearly all text), as one character class: faster.
_WORD_WITHOUT_UNDERSCORE_RE = re.compile(rf"[\w{_MARKS}]+")


def _word_re(text: str) -> re.Pattern[str]:
    return WORD_RE if "_" in text else _WORD_WITHOUT_UNDERSCORE_RE

LEMMA_WEIGHT = 0.9
SYNONYM_WEIGHT = 0.7
# A noun's nisba adjective (تدريب -> تدريبية, "training" -> "training-related"), from
# 0.2-0.7 on the tuning part of tests/relevance (0.3 and 0.4 alike, best).
NISBA_WEIGHT = 0.3
FORMS_CACHE_SIZE = 200_000
_NORM, _STEM = itemgetter(0), itemgetter(1)


class Analyzer:
    """Tokenizes, normalizes and stems one language; subclasses define `normalize` and
    `forms_of` (and may refine `light_stem`, `article_variants` and `spans`)."""

    lang: str = ""

    def __init__(self, stopwords: Iterable[str]) -> None:
        self._forms = lru_cache(maxsize=FORMS_CACHE_SIZE)(self._word_forms_or_stop)
        self._norm = lru_cache(maxsize=FORMS_CACHE_SIZE)(lambda w: self.forms_of(w)[0])
        # word -> (norm, stem or "" for a stop word): what indexing needs of a word,
        # computed once per distinct word for the whole process (every unit, every report).
        self._index_cache: dict[str, tuple[str, str]] = {}
        self.stopwords = frozenset(self.normalize(w) for w in stopwords)
        self.thesaurus = Thesaurus(self.lang, self._forms)

    # --- per language -------------------------------------------------------------------
    def normalize(self, word: str) -> str:
        """The normalized surface form of one word (what the `norm` column holds)."""
        raise NotImplementedError

    def forms_of(self, surface: str) -> tuple[str, str]:
        """(norm, stem) of one word; the stem carries the lemma where one is known."""
        raise NotImplementedError

    def light_stem(self, norm: str, stem: str) -> str:
        """The stem without lemma (broken-plural) lookup; the stem itself by default."""
        return stem

    def related_stems(self, stem: str) -> tuple[str, ...]:
        """Stems of other words a query word's stem also finds, at `NISBA_WEIGHT` (none by
        default; Arabic: a noun's nisba adjective)."""
        return ()

    def construct_stems(self, norm: str, stem: str) -> tuple[str, ...]:
        """Stems of another reading of the query word itself, at a lemma's weight (none
        by default; Arabic: a plural in construct, مستخدمي, whose ي is no nisba)."""
        return ()

    def article_variants(self, word: str) -> tuple[str, ...]:
        """The query word as written with the definite article if typed without it, and
        without it if typed with it (none by default: only languages that attach it to the
        word have them); the query matches what the index holds for each."""
        return ()

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each word of `text`, in order (`map` keeps the loop in C)."""
        return map(re.Match.span, _word_re(text).finditer(text))

    def is_stopword(self, surface: str, norm: str) -> bool:
        """Whether a word (`norm` its normalized form) is a stop word: `norm` is listed, by
        default; a language may tell apart by their spelling words its normalization
        merges."""
        return norm in self.stopwords

    # --- shared ---------------------------------------------------------------------------
    def _word_forms_or_stop(self, surface: str) -> tuple[str, str] | None:
        norm, stem = self.forms_of(surface)
        if not norm or self.is_stopword(surface, norm):
            return None
        return norm, stem

    def analyze(self, text: str) -> list[Token]:
        """Index tokens of `text` with offsets into `text`; stop words dropped."""
        forms = self._forms
        tokens: list[Token] = []
        append = tokens.append
        for start, end in self.spans(text):
            surface = text[start:end]
            f = forms(surface)
            if f is not None:
                append(Token(surface, start, end, f[0], f[1]))
        return tokens

    def words(self, text: str) -> list[str]:
        """The words of `text` in order, as `spans` cuts them."""
        return _word_re(text).findall(text)

    def index_forms(self, text: str) -> tuple[str, str]:
        """What a unit's `norm` and `stem` index fields hold, space-joined, from one pass
        over its words: `surface_norms` and the stems of `analyze`. Each distinct word is
        analyzed once (a plain dict: the hottest loop of an ingest). A word without a form
        (a stop word's stem) leaves an empty place between two spaces: the engines cut the
        fields at runs of spaces, so it takes no position, and nothing is filtered here."""
        cache = self._index_cache
        words = self.words(text)
        found = list(map(cache.get, words))
        if None in found:
            is_stopword = self.is_stopword
            for i, forms in enumerate(found):
                if forms is None:
                    surface = words[i]
                    norm, stem = self.forms_of(surface)  # once: not via _forms and _norm
                    stop = not norm or is_stopword(surface, norm)
                    forms = found[i] = (norm, "" if stop else stem)
                    if len(cache) < FORMS_CACHE_SIZE:
                        cache[surface] = forms
        return " ".join(map(_NORM, found)), " ".join(map(_STEM, found))  # type: ignore[arg-type]

    def surface_norms(self, text: str) -> list[str]:
        """The normalized form of every word of `text`, stop words kept (the `norm`
        column: exact phrases need every word in its place)."""
        norm = self._norm
        return [n for s, e in self.spans(text) if (n := norm(text[s:e]))]

    def split_query(self, text: str) -> list[str]:
        """The words of a query string as the index would cut them (stop words kept)."""
        return [text[s:e] for s, e in self.spans(text)]

    def phrase_synonyms(self, words: list[str]) -> list[tuple[str, ...]]:
        """Synonym phrases (stem sequences) of the multi-word thesaurus terms that the
        consecutive query `words` contain."""
        stems = [f[1] for w in words for p in self.split_query(w) if (f := self._forms(p))]
        return self.thesaurus.phrase_synonyms(stems)

    def query_forms(self, word: str, *, expand: bool = True) -> list[QueryForm]:
        """Forms one query word matches: surface and stem, plus lemma and synonyms if expanded
        (a multi-word synonym as its stems joined by spaces, matched as a phrase).

        A "word" that the tokenizer cuts in several pieces (e.g. `7/13`, or an unsegmented
        Chinese string) yields the forms of each piece.
        """
        out: list[QueryForm] = []
        seen: set[tuple[str, str]] = set()

        def add(field: str, form: str, reason: str, weight: float = 1.0) -> None:
            if form and (field, form) not in seen:
                seen.add((field, form))
                out.append(QueryForm(field, form, reason, weight))

        for piece in self.split_query(word):
            forms = self._forms(piece)
            if forms is None:
                continue
            norm, stem = forms
            add("norm", norm, "surface")
            if not expand:
                continue
            # The word as the index holds it written with(out) the article: both spellings
            # find the same paragraphs, whatever the light stemmer made of each.
            readings = [f for v in self.article_variants(piece) if (f := self._forms(v))]
            for variant, _ in readings:
                add("norm", variant, "article")
            for reading_norm, reading_stem in [forms, *readings]:
                light = self.light_stem(reading_norm, reading_stem)
                add("stem", light, "stem")
                if reading_stem != light:
                    add("stem", reading_stem, "lemma", LEMMA_WEIGHT)
                for related in self.related_stems(reading_stem):
                    add("stem", related, "nisba", NISBA_WEIGHT)
            for other in self.construct_stems(norm, stem):
                add("stem", other, "construct", LEMMA_WEIGHT)
            for synonym in self.thesaurus.synonyms(norm, stem):
                syn = self._forms(synonym)
                if syn is not None:
                    add("stem", syn[1], "synonym", SYNONYM_WEIGHT)
            for phrase in self.thesaurus.synonym_phrases(norm, stem):
                # It stands for one word: its phrase scores the sum of its words' idf, so
                # each word counts its share (the word typed stays first).
                add("stem", " ".join(phrase), "synonym", SYNONYM_WEIGHT / len(phrase))
        return out
