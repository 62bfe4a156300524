"""How a query ranks units: each query word counts once, by its best form, times its weight.

FTS5's bm25 over an OR of every form of every word (and a plain `should` of term queries in
Elasticsearch/OpenSearch) adds up every form a word matches: a word found as surface, stem
and lemma counts three times, and a synonym weighs as much as the word typed, so
`QueryForm.weight` is lost. Here a query becomes clauses, one per positive word or phrase
and one per synonym phrase of a multi-word thesaurus term; a clause scores the best of its
alternatives (field weight x form weight x BM25 of that form) and a unit scores the sum of
its clauses. BM25 is Lucene's (k1 = 1.2, b = 0.75, idf = ln(1 + (N - df + 0.5)/(df + 0.5)),
a phrase's idf the sum of its terms' idfs). A prefix scores like the words it expands to:
the sum of the BM25 of every index term of the unit that starts with it, so a paragraph
that uses استغلال often outranks one that mentions استغلالهم once. An OpenSearch backend
reproduces all of it natively: a `bool` whose `should` holds, per clause, a `dis_max`
(tie_breaker 0) of `term` queries (boost = weight; `match_phrase` for phrases, `prefix`
with the `scoring_boolean` rewrite, a sum of term queries, for prefixes) on the `norm` /
`stem` fields, both whitespace-analyzed.
The embedded backend's Tantivy index (indexer.tantivy_index) builds the same queries with
Tantivy's own; `score` is the model both engines compute, as the tests check.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from analyzers import phrase_synonyms
from analyzers.base import SYNONYM_WEIGHT
from indexer.query import BoolOp, Node, Not, Phrase, Term, phrase_forms, term_forms

K1, B = 1.2, 0.75
# Lucene's (and Tantivy's) BM25 keeps the (k1 + 1) factor that `score` drops: their scores
# are divided by it, so the numbers are the same.
LUCENE_BM25_SCALE = K1 + 1
FIELDS = ("norm", "stem")


@dataclass(frozen=True)
class Alternative:
    """One way a clause can match: a term (or phrase, or prefix) in one field, weighted."""

    field: str
    terms: tuple[str, ...]
    weight: float
    prefix: bool = False


@dataclass(frozen=True)
class Clause:
    """A query word or phrase; it scores the best of its alternatives (a `dis_max`)."""

    alternatives: tuple[Alternative, ...]


def synonym_phrases(node: BoolOp, lang: str) -> list[tuple[str, ...]]:
    """Stem sequences of the synonym phrases of the multi-word thesaurus terms that a run of
    consecutive plain words of an OR group spells (e.g. مواد الاعتداء الجنسي -> ماد اباح)."""
    if node.op != "OR":
        return []
    runs: list[list[str]] = [[]]
    for child in node.children:
        if isinstance(child, Term) and not (child.exact or child.prefix):
            runs[-1].append(child.word)
        elif runs[-1]:
            runs.append([])
    found: list[tuple[str, ...]] = []
    for run in runs:
        found.extend(p for p in phrase_synonyms(run, lang) if p not in found)
    return found


# How much a match in each index column counts: the broad `stem` form carries the
# ranking, the exact `norm` form adds a little (measured on the judged collection).
FIELD_WEIGHTS = {"norm": 0.25, "stem": 1.0}


def query_clauses(
    node: Node | None, lang: str, field_weights: dict[str, float] = FIELD_WEIGHTS
) -> list[Clause]:
    """The scoring clauses of the positive part of a query tree (NOT parts only filter)."""
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, Term):
        word = term_forms(node, lang)
        alts = tuple(
            Alternative(f.field, (f.form,), field_weights[f.field] * f.weight, word.prefix)
            for f in word.forms
        )
        return [Clause(alts)] if alts else []
    if isinstance(node, Phrase):
        forms = tuple(phrase_forms(node, lang))
        return [Clause((Alternative("norm", forms, field_weights["norm"]),))] if forms else []
    clauses = [c for child in node.children for c in query_clauses(child, lang, field_weights)]
    weight = field_weights["stem"] * SYNONYM_WEIGHT
    clauses.extend(Clause((Alternative("stem", p, weight),)) for p in synonym_phrases(node, lang))
    return clauses


@dataclass(frozen=True)
class Statistics:
    """Index-wide numbers BM25 needs: unit count, mean field length, document frequencies."""

    units: int
    mean_length: float
    doc_freq: dict[tuple[str, str], int]

    def idf(self, field: str, term: str) -> float:
        df = self.doc_freq.get((field, term), 0)
        return math.log(1 + (self.units - df + 0.5) / (df + 0.5))


def _frequency(tokens: list[str], counts: Counter[str], alt: Alternative) -> int:
    first = alt.terms[0]
    if len(alt.terms) == 1:
        return counts[first]
    if not all(counts[t] for t in alt.terms):
        return 0
    n = len(alt.terms)
    return sum(
        1
        for i, t in enumerate(tokens[: len(tokens) - n + 1])
        if t == first and tuple(tokens[i : i + n]) == alt.terms
    )


def _matches(
    tokens: list[str], counts: Counter[str], alt: Alternative
) -> list[tuple[tuple[str, ...], int]]:
    """(terms, frequency) of each way `alt` matches a unit: one for a term or phrase, one
    per index term that starts with a prefix."""
    if alt.prefix:
        return [((t,), tf) for t, tf in counts.items() if t.startswith(alt.terms[0])]
    tf = _frequency(tokens, counts, alt)
    return [(alt.terms, tf)] if tf else []


def score(clauses: list[Clause], fields: dict[str, list[str]], stats: Statistics) -> float:
    """BM25 of one unit, whose analyzed fields are `fields` (field -> its forms in order)."""
    length = len(fields["stem"])
    counts = {name: Counter(tokens) for name, tokens in fields.items()}
    saturation = K1 * (1 - B + B * length / stats.mean_length) if stats.mean_length else K1
    total = 0.0
    for clause in clauses:
        best = 0.0
        for alt in clause.alternatives:
            value = sum(
                alt.weight * sum(stats.idf(alt.field, t) for t in terms) * tf / (tf + saturation)
                for terms, tf in _matches(fields[alt.field], counts[alt.field], alt)
            )
            best = max(best, value)
        total += best
    return total
