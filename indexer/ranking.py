"""How a query ranks units: clauses of weighted alternatives, the same on every backend.

A query becomes clauses: one per positive word (its alternatives: each of its forms in the
`norm` (as typed) or `stem` field, and its stem forms in the `section` field, the stems of
the headings the unit stands under), one per phrase and per synonym phrase of a multi-word
thesaurus term, and, for ranked words, one for their proximity (a sloppy phrase of their
stems, or of the words as typed, edismax's pf/ps, or of their stems in the headings the unit
stands under: a query that names a section finds its paragraphs). A clause scores the best of its
alternatives plus `tie` times the others (Lucene's `dis_max`), each alternative being field
weight x form weight x BM25 of that form; a unit scores the sum of its clauses, times the
weight of its kind (a recommendation or a footnote counts less than a whole paragraph,
`RankingModel.unit_weight`). Adding up
every form a word matches instead would count a word found as surface, stem and lemma three
times and weigh a synonym as much as the word typed. BM25 is Lucene's (idf = ln(1 + (N - df
+ 0.5)/(df + 0.5)), a phrase's idf the sum of its terms', a sloppy phrase's frequency the
sum of 1 / (1 + moves) over its matches, each field with its own length and unit count).
A prefix scores like the words it expands to: the sum of the BM25 of every index term of
the unit that starts with it. The parameters (`RankingModel`) were set on the tuning part
of the judged collections (bench/relevance.py).
The cluster backend sends the clauses as a `bool` whose `should` holds, per clause, a
`dis_max` of `term` / `prefix` / `match_phrase` (with `slop`) queries boosted by their
weights, inside a `function_score` weighing each unit by its kind, which Lucene scores
natively; the embedded backend's Tantivy index (indexer.tantivy_index) builds the same
queries with Tantivy's own (a kind's units scored by the query boosted by its weight).
`score` is the model the engines compute, as the tests check (Tantivy counts a sloppy
phrase's matches, without Lucene's 1 / (1 + moves), and takes a field's unit count and mean
length over all units).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from analyzers import phrase_synonyms, surface_norms
from analyzers.base import SYNONYM_WEIGHT
from indexer.query import BoolOp, Node, Not, Phrase, Term, phrase_forms, term_forms

FIELDS = ("norm", "stem", "section")


@dataclass(frozen=True)
class RankingModel:
    """The parameters of the ranking, set from the tuning part of the judged collections
    (tests/relevance, bench/relevance.py): BM25's k1 and b, the weight of a match in each
    field (`norm` the exact surface form, `stem` the broad form, `section` the stems of
    the paragraph's heading path), the proximity clause's weight and slop, the weight of a
    word cut in pieces found whole (`compound`), and the weight of a recommendation or a
    footnote unit against a whole paragraph."""

    k1: float = 1.2
    b: float = 0.75
    norm: float = 0.25
    stem: float = 1.0
    section: float = 0.0
    proximity: float = 0.0
    slop: int = 0
    tie: float = 0.0
    exact: float = 0.0
    recommendation: float = 1.0
    footnote: float = 1.0
    compound: float = 0.0

    def weight(self, field_name: str) -> float:
        return float(getattr(self, field_name))

    def unit_weight(self, kind: str) -> float:
        """What a unit's score is multiplied by for its kind: a recommendation (one item of
        a paragraph) or a footnote is short, and would outrank the paragraphs that treat a
        topic on a single mention of it (the State that made a recommendation, a note
        pointing to a chapter); a paragraph or a block counts whole."""
        return self.weight(kind) if kind in WEIGHTED_KINDS else 1.0

    def kind_weights(self) -> dict[str, float]:
        """The kinds whose units do not count whole, with their weights."""
        return {k: w for k in WEIGHTED_KINDS if (w := self.weight(k)) != 1.0}


WEIGHTED_KINDS = ("recommendation", "footnote")


# Set on the tuning part of tests/relevance only (bench/relevance.py; coordinate ascent over
# each parameter, the objective the smaller gain over the Lucene equivalent of the two
# languages, less any query's loss beyond 0.1; checked again on the Tantivy index, whose
# sloppy phrases count matches without Lucene's 1 / (1 + moves)). A heading word is worth
# 0.7 of a text word; ranked words within 4 moves of each other add their sloppy-phrase
# BM25, as typed (stop words and all, in the `norm` field) as much as by stems, and in the
# headings at the section weight (added in a second pass with no new parameter: tuning
# part Arabic 0.906 -> 0.911, English 0.908 -> 0.913, no tuning query lower); a surface
# match adds a tenth on top of its stem match. BM25's k1 and b were swept too (k1 0.8-2.0,
# b 0.3-0.9): Lucene's defaults are within 0.002 of the best, so they stay (and Tantivy
# fixes them). A word the index cuts in pieces (`same-sex`) counts its pieces together
# where they stand as typed, as much as a word's stem match (0.5-1.5 swept: 1.0 and 1.5
# within 0.001). A recommendation or a footnote counts 0.8 of its BM25 (each swept 1.0-0.6;
# 0.8 best for both, by 0.014 for recommendations, 0.001 for footnotes).
MODEL = RankingModel(
    k1=1.2, b=0.75, norm=0.25, stem=1.0, section=0.7, proximity=1.0, slop=4, tie=0.1, exact=1.0,
    recommendation=0.8, footnote=0.8, compound=1.0,
)
# Lucene's (and Tantivy's) BM25 keeps the (k1 + 1) factor that `score` drops: their scores
# are divided by it, so the numbers are the same.
LUCENE_BM25_SCALE = MODEL.k1 + 1


@dataclass(frozen=True)
class Alternative:
    """One way a clause can match: a term (or phrase, or prefix) in one field, weighted; a
    phrase with `slop` > 0 matches its terms within that many moves (Lucene's sloppy
    phrase)."""

    field: str
    terms: tuple[str, ...]
    weight: float
    prefix: bool = False
    slop: int = 0


@dataclass(frozen=True)
class Clause:
    """A query word, phrase, synonym phrase or the proximity of the query's words; it
    scores the best of its alternatives (a `dis_max`). `kind` and `label` say what it is
    for `--explain`."""

    alternatives: tuple[Alternative, ...]
    kind: str = "word"
    label: str = ""
    tie: float = 0.0


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


def term_alternatives(
    term: Term, lang: str, model: RankingModel = MODEL
) -> tuple[Alternative, ...]:
    """The ways one query word matches a unit: each of its forms in its field (a multi-word
    synonym as a phrase), the whole word as typed when the index cuts it in pieces (a
    phrase of them: `same-sex`, `7/13`) and, when the model weighs sections, its stem
    forms in the unit's heading path. Every backend matches and scores a word by exactly
    these."""
    word = term_forms(term, lang)
    alts = [
        Alternative(f.field, tuple(f.form.split()), model.weight(f.field) * f.weight, word.prefix)
        for f in word.forms
    ]
    pieces = tuple(surface_norms(term.word, lang)) if alts and not term.prefix else ()
    if model.compound and len(pieces) > 1:
        # The pieces count together where they stand as typed (stop words too, as in
        # `same-sex`); a single piece, their best form, elsewhere.
        alts.append(Alternative("norm", pieces, model.compound * model.stem))
    if model.section:
        alts.extend(
            Alternative("section", tuple(f.form.split()), model.section * f.weight, word.prefix)
            for f in word.forms
            if f.field == "stem"
        )
    return tuple(alts)


def _document_stem(term: Term, lang: str) -> str | None:
    """The form a document holds in its `stem` field for the word typed (its lemma where
    one is known, as documents are indexed), or None for a stop word."""
    forms = term_forms(term, lang).forms
    lemma = next((f.form for f in forms if f.reason == "lemma"), None)
    return lemma or next((f.form for f in forms if f.reason == "stem"), None)


def proximity_clause(node: BoolOp, lang: str, model: RankingModel = MODEL) -> Clause | None:
    """For ranked words (an OR group of two or more plain words): a unit where they stand
    close and in order scores higher, as a sloppy phrase of their stems (edismax pf/ps), in
    its text or, at the section weight, in its heading path (the words of a query naming a
    section stand together in its heading, not one by one in other headings)."""
    if node.op != "OR" or not model.proximity:
        return None
    words = [c for c in node.children if isinstance(c, Term) and not (c.exact or c.prefix)]
    stems = [s for w in words if (s := _document_stem(w, lang))]
    if len(stems) < 2:
        return None
    alts = [Alternative("stem", tuple(stems), model.proximity * model.stem, slop=model.slop)]
    if model.section:
        alts.append(
            Alternative("section", tuple(stems), model.proximity * model.section, slop=model.slop)
        )
    if model.exact:
        # The words as typed (stop words too, as the `norm` field holds them): a unit that
        # has them as written outranks one that has only their stems close together.
        norms = tuple(n for w in words for n in surface_norms(w.word, lang))
        alts.append(Alternative("norm", norms, model.proximity * model.exact, slop=model.slop))
    return Clause(tuple(alts), "proximity", " ".join(w.word for w in words))


def query_clauses(node: Node | None, lang: str, model: RankingModel = MODEL) -> list[Clause]:
    """The scoring clauses of the positive part of a query tree (NOT parts only filter)."""
    if node is None or isinstance(node, Not):
        return []
    if isinstance(node, Term):
        alts = term_alternatives(node, lang, model)
        return [Clause(alts, "word", node.word, model.tie)] if alts else []
    if isinstance(node, Phrase):
        forms = tuple(phrase_forms(node, lang))
        alt = Alternative("norm", forms, model.norm)
        return [Clause((alt,), "phrase", node.text)] if forms else []
    clauses = [c for child in node.children for c in query_clauses(child, lang, model)]
    weight = model.stem * SYNONYM_WEIGHT
    clauses.extend(
        Clause((Alternative("stem", p, weight),), "synonym", " ".join(p))
        for p in synonym_phrases(node, lang)
    )
    if proximity := proximity_clause(node, lang, model):
        clauses.append(proximity)
    return clauses


@dataclass(frozen=True)
class Statistics:
    """Index-wide numbers BM25 needs: unit count, mean field length (`mean_length` of the
    `stem` field, `mean_lengths` of each field where known), document frequencies. As in
    Lucene, a field's unit count and mean length may count only the units that have the
    field (`field_units`): a unit outside any section has no `section` field."""

    units: int
    mean_length: float
    doc_freq: dict[tuple[str, str], int]
    mean_lengths: dict[str, float] = field(default_factory=dict)
    field_units: dict[str, int] = field(default_factory=dict)

    def idf(self, field_name: str, term: str) -> float:
        units = self.field_units.get(field_name, self.units)
        df = self.doc_freq.get((field_name, term), 0)
        return math.log(1 + (units - df + 0.5) / (df + 0.5))

    def mean(self, field_name: str) -> float:
        return self.mean_lengths.get(field_name, self.mean_length)


def bm25_saturation(length: int, mean: float, model: RankingModel = MODEL) -> float:
    """BM25's k1 times the length normalization of a field `length` terms long whose mean
    length is `mean`: a term found tf times scores idf * tf / (tf + this)."""
    return model.k1 * (1 - model.b + model.b * length / mean) if mean else model.k1


def _sloppy_frequency(tokens: list[str], terms: tuple[str, ...], slop: int) -> float:
    """Lucene's sloppy phrase frequency: each match of the terms within `slop` moves
    (out of order costs moves too) adds 1 / (1 + its match length)."""
    where: dict[str, list[int]] = {}
    for i, t in enumerate(tokens):
        where.setdefault(t, []).append(i)
    lists = [where.get(t, []) for t in terms]
    if not all(lists):
        return 0.0
    # One cursor per query term; its position is the document position minus the term's
    # offset in the phrase, so terms in order and adjacent all share one position.
    cursors = [0] * len(terms)

    def position(k: int) -> int:
        return lists[k][cursors[k]] - k

    freq = 0.0
    while True:
        lowest = min(range(len(terms)), key=position)
        length = max(position(k) for k in range(len(terms))) - position(lowest)
        if length <= slop:
            freq += 1.0 / (1 + length)
        cursors[lowest] += 1
        if cursors[lowest] == len(lists[lowest]):
            return freq


def _frequency(tokens: list[str], counts: Counter[str], alt: Alternative) -> float:
    first = alt.terms[0]
    if len(alt.terms) == 1:
        return counts[first]
    if not all(counts[t] for t in alt.terms):
        return 0
    if alt.slop:
        return _sloppy_frequency(tokens, alt.terms, alt.slop)
    n = len(alt.terms)
    return sum(
        1
        for i, t in enumerate(tokens[: len(tokens) - n + 1])
        if t == first and tuple(tokens[i : i + n]) == alt.terms
    )


def _matches(
    tokens: list[str], counts: Counter[str], alt: Alternative
) -> list[tuple[tuple[str, ...], float]]:
    """(terms, frequency) of each way `alt` matches a unit: one for a term or phrase, one
    per index term that starts with a prefix."""
    if alt.prefix:
        return [((t,), tf) for t, tf in counts.items() if t.startswith(alt.terms[0])]
    tf = _frequency(tokens, counts, alt)
    return [(alt.terms, tf)] if tf else []


def contributions(
    clauses: list[Clause],
    fields: dict[str, list[str]],
    stats: Statistics,
    model: RankingModel = MODEL,
    kind: str = "paragraph",
) -> list[tuple[Clause, Alternative | None, float]]:
    """Per clause: the alternative that scored best on this unit (of `kind`) and its BM25
    (weighted, and times the unit's kind weight)."""
    counts = {name: Counter(tokens) for name, tokens in fields.items()}
    saturation = {
        name: bm25_saturation(len(tokens), stats.mean(name), model)
        for name, tokens in fields.items()
    }
    unit = model.unit_weight(kind)
    found = []
    for clause in clauses:
        best: tuple[Alternative | None, float] = (None, 0.0)
        total = 0.0
        for alt in clause.alternatives:
            if alt.field not in fields:
                continue
            value = sum(
                alt.weight
                * sum(stats.idf(alt.field, t) for t in terms)
                * tf
                / (tf + saturation[alt.field])
                for terms, tf in _matches(fields[alt.field], counts[alt.field], alt)
            )
            total += value
            if value > best[1]:
                best = (alt, value)
        # Lucene's dis_max: the best alternative, plus `tie` times the others.
        found.append((clause, best[0], unit * (best[1] + clause.tie * (total - best[1]))))
    return found


def score(
    clauses: list[Clause],
    fields: dict[str, list[str]],
    stats: Statistics,
    model: RankingModel = MODEL,
    kind: str = "paragraph",
) -> float:
    """BM25 of one unit of `kind`, whose analyzed fields are `fields` (field -> its forms in
    order): the sum over clauses of each clause's best alternative, times the kind's weight."""
    return sum(value for _, _, value in contributions(clauses, fields, stats, model, kind))


def engine_contributions(
    clauses: list[Clause], value: Callable[[int, int], float], unit_weight: float = 1.0
) -> list[tuple[Clause, Alternative | None, float]]:
    """`contributions` as a search engine computed them: `value(i, j)` is the score the
    engine gave alternative j of clause i on the unit (0 when it does not match), and the
    clause scores the best plus `tie` times the others, as the engine's `dis_max` does,
    times the weight of the unit's kind (which the engine applies to the whole unit)."""
    found: list[tuple[Clause, Alternative | None, float]] = []
    for i, clause in enumerate(clauses):
        values = [value(i, j) for j in range(len(clause.alternatives))]
        best = max(range(len(values)), key=values.__getitem__, default=None)
        if best is None or values[best] <= 0:
            found.append((clause, None, 0.0))
            continue
        total = unit_weight * (values[best] + clause.tie * (sum(values) - values[best]))
        found.append((clause, clause.alternatives[best], total))
    return found


def explain_scores(
    found: list[tuple[Clause, Alternative | None, float]],
) -> list[dict[str, object]]:
    """What `--explain` shows of the ranking: each clause's kind, text, the field its best
    alternative matched in (`text` for the paragraph's words, `section` for its heading
    path) and its contribution to the score."""
    return [
        {
            "clause": clause.kind,
            "text": clause.label,
            "field": "section" if alt.field == "section" else "text",
            "score": round(value, 6),
        }
        for clause, alt, value in found
        if alt is not None and value > 0
    ]
