"""Language analysis shared by indexing and querying: one entry point per direction.

Documents go through `analyze` (tokens with their normalized and stemmed forms, offsets
into the original text for highlighting); query words go through `query_forms`, which
says which index forms a word may match and why (surface, stem, lemma, synonym). Both
use the same per-language analyzer, so a document and a query typed the same way meet.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Token:
    """One indexable word: where it is in the original text and its index forms.

    `norm` is the normalized surface form (exact matching); `stem` the broad form
    (stem, or lemma where a broken plural maps to its singular).
    """

    surface: str
    start: int
    end: int
    norm: str
    stem: str


@dataclass(frozen=True, slots=True)
class QueryForm:
    """An index form a query word may match: `field` is "norm" or "stem"; a `form` of
    several space-separated forms (a multi-word synonym) matches them as a phrase."""

    field: str
    form: str
    reason: str
    weight: float = 1.0


LANGUAGES = ("ar", "en", "fr", "es", "ru", "zh")


def analysis_fingerprint() -> str:
    """What indexed forms depend on beyond the code: the curated lists and the camel-tools
    morphology database, if one is found. An index records it, and one built with other
    lists (a plural added to a list) or another database is rebuilt."""
    from analyzers.lemmas import find_camel_db
    from analyzers.wordlists import data_fingerprint

    db = find_camel_db()
    camel = f"{db}:{db.stat().st_size}:{db.stat().st_mtime_ns}" if db and db.is_file() else ""
    return f"{data_fingerprint()}+{camel}"


def analyze(text: str, lang: str) -> list[Token]:
    """Tokens of `text` for indexing (stop words dropped), offsets into `text`."""
    from analyzers.registry import analyzer_for

    return analyzer_for(lang).analyze(text)


def surface_norms(text: str, lang: str) -> list[str]:
    """The normalized form of every word of `text`, stop words included: what the `norm`
    column indexes, so a quoted phrase matches exactly (`"لا تيسر"` is not `تيسر`)."""
    from analyzers.registry import analyzer_for

    return analyzer_for(lang).surface_norms(text)


def index_forms(text: str, lang: str) -> tuple[str, str]:
    """The `norm` and `stem` index fields of `text`, space-joined, in one pass: what
    `surface_norms` and `analyze` give, for indexing."""
    from analyzers.registry import analyzer_for

    return analyzer_for(lang).index_forms(text)


def folded_to_lemma(token: Token, lang: str) -> bool:
    """Whether a document token's stem is its lemma's rather than its own light stem (a
    broken plural indexed under its singular): why a query word matched it, for explain."""
    from analyzers.registry import analyzer_for

    return analyzer_for(lang).light_stem(token.norm, token.stem) != token.stem


def query_forms(word: str, lang: str, *, expand: bool = True) -> list[QueryForm]:
    """The forms one query word matches; `expand=False` for phrases and exact matches."""
    from analyzers.registry import analyzer_for

    return analyzer_for(lang).query_forms(word, expand=expand)


def phrase_synonyms(words: list[str], lang: str) -> list[tuple[str, ...]]:
    """Synonym phrases, as sequences of `stem` forms, of the multi-word thesaurus terms
    that the consecutive query `words` contain (match them as phrases in the stem column)."""
    from analyzers.registry import analyzer_for

    return analyzer_for(lang).phrase_synonyms(words)


def split_query(text: str, lang: str) -> list[str]:
    """The words of a query string cut as the index cuts text (jieba for Chinese), stop
    words kept; pass each to `query_forms`."""
    from analyzers.registry import analyzer_for

    return analyzer_for(lang).split_query(text)


def detect_language(text: str) -> str:
    """The UN language a text is written in, from its script (and letters, for Latin)."""
    from analyzers.registry import detect

    return detect(text)


def script_mismatch(text: str, lang: str) -> str | None:
    """The language `text` is written in when its script is not that of `lang` (Arabic text
    declared English), else None: a declared language worth a warning."""
    from analyzers.registry import script_mismatch as mismatch

    return mismatch(text, lang)
