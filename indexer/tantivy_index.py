"""The embedded backend's ranking index: Tantivy over fiqra's own analyzed forms.

SQLite holds the corpus (indexer.sqlite_backend); this index only finds and ranks units.
Like the cluster backend, it receives each unit's `norm` and `stem` forms already analyzed
(indexer.units) and splits them at spaces, and a query becomes indexer.ranking's clauses:
per clause a disjunction-max (with the clause's tie breaker) of boosted term, phrase
(sloppy, for the proximity of ranked words) and prefix queries, on `norm`, `stem` and
`section` (the stems of the unit's headings, which the `section:` filter also reads), a
unit scoring the sum over clauses times its kind's weight (a fast field Tantivy weighs
the scores by, in the one pass over the matches), all with Tantivy's BM25 (Lucene's). So
the three
backends rank alike, and Tantivy stops early where SQLite's FTS5 scored every match.

Filters (language, symbol, year, section, numbering, kind, and the tags of
recommendations: indexer.tags) are indexed fields matched beside the ranked query, scoring
nothing; `FILTER_FIELDS` lists them, one line each.
Ties go by document address, a total order that holds while the index does not change,
so the pages of one query never overlap or skip a unit.

Every document carries the store's unit id (a fast field: hits are read back from SQLite)
and its report id (a report's units are deleted by that term when it is replaced).
"""

from __future__ import annotations

import json
import math
import re
import shutil
import struct
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import tantivy

from analyzers import analysis_fingerprint
from indexer.query import BoolOp, Node, Not, Phrase, Term, phrase_forms
from indexer.ranking import (
    LUCENE_BM25_SCALE,
    MODEL,
    Alternative,
    Clause,
    engine_contributions,
    explain_scores,
    query_clauses,
    synonym_phrases,
    term_alternatives,
)
from indexer.report_fields import section_forms
from indexer.tags import TAG_FIELDS, fold
from indexer.units import Unit

FORMS_TOKENIZER = "forms"  # fiqra's forms arrive analyzed: split at spaces, nothing else
WEIGHT_FIELD = "weight"
# Tantivy multiplies a unit's score by log2(2 + w), w its `weight` field and never below 0:
# each kind's weight (indexer.ranking's `unit_weight`) times KIND_SCALE, the least integer
# making every weight a whole number (0.8 -> 5: paragraphs 5, footnotes 4), is stored as
# w = 2^that - 2, so the factor is exact and weighing a score here (`search`) gives
# Tantivy's very float. The scores are KIND_SCALE times fiqra's (divided out in `search`).
# The index records the weights and the analysis data it was written with (`current`):
# others need a rebuild.
KIND_SCALE = next((n for n in range(1, 101) if all(
    abs(w * n - round(w * n)) < 1e-9 for w in MODEL.kind_weights().values())), 100)
BUILT_WITH_FILE = "fiqra-built-with.json"
WEIGHING_WINDOW = 4096  # the most units a search weighs itself (beyond: Tantivy weighs all)
# The fewest it weighs: footnotes (short, so high BM25, and weighed 0.8) often crowd the best
# by score, and 36 for a first page needed a second search ("Special Rapporteur" at a
# million units); weighing 144 costs tens of microseconds.
FIRST_WINDOW = 144

PREFIX_EXPANSIONS = 1000  # as the cluster's `top_terms_1000` rewrite
WRITER_HEAP = 256_000_000


@cache
def _kind_weight(kind: str) -> float:
    return 2.0 ** round(MODEL.unit_weight(kind) * KIND_SCALE) - 2


def _f32(value: float) -> float:
    """`value` as a 32-bit float, Tantivy's scores' type."""
    return float(struct.unpack("f", struct.pack("f", value))[0])


@dataclass(frozen=True)
class IndexedUnit:
    """A unit as the index receives it: store ids, analyzed forms and filter values."""

    unit_id: int
    report_id: int
    unit: Unit
    year: int | None
    section_forms: str


@dataclass(frozen=True)
class FilterField:
    """An indexed field a search filters on: `keyword` (one exact value), `tags` (any
    number of values, matched without regard to case), `integer`, or `forms` (analyzed
    words, matched as a phrase analyzed for the searched language)."""

    kind: str
    value: Callable[[IndexedUnit], Any]


# The filter fields, one line each: `name:` in a query (indexer.query.FILTERS) filters on
# the field of that name; `lang`, `symbol` and `numbered` come from the search's arguments.
FILTER_FIELDS: dict[str, FilterField] = {
    "lang": FilterField("keyword", lambda d: d.unit.lang),
    "symbol": FilterField("keyword", lambda d: d.unit.symbol),
    "kind": FilterField("keyword", lambda d: d.unit.kind),
    "numbered": FilterField("keyword", lambda d: "yes" if d.unit.paragraph is not None else "no"),
    "year": FilterField("integer", lambda d: d.year),
    "section": FilterField("forms", lambda d: d.section_forms),
    **{name: FilterField("tags", lambda d, n=name: (d.unit.tags or {}).get(n, []))
       for name in TAG_FIELDS},
}


# Filters on the start of another field's value: `session:A/HRC/28` is every symbol that
# starts `A/HRC/28/` (corpus.symbols.symbol_session).
SYMBOL_PREFIX_FILTERS = {"session": "symbol"}


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("unit", fast=True)
    builder.add_integer_field("report", indexed=True)
    builder.add_float_field(WEIGHT_FIELD, fast=True)
    for name in ("norm", "stem"):
        builder.add_text_field(name, tokenizer_name=FORMS_TOKENIZER, index_option="position")
    for name, field in FILTER_FIELDS.items():
        if field.kind in ("keyword", "tags"):
            builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
        elif field.kind == "integer":
            builder.add_integer_field(name, indexed=True)
        else:
            builder.add_text_field(name, tokenizer_name=FORMS_TOKENIZER, index_option="position")
    return builder.build()


# A document's filter values (`_document`): tags only a recommendation has.
_VALUE_FIELDS = [(name, field) for name, field in FILTER_FIELDS.items() if field.kind != "tags"]
_TAG_FIELDS = [(name, field) for name, field in FILTER_FIELDS.items() if field.kind == "tags"]


def _document(entry: IndexedUnit) -> tantivy.Document:
    unit = entry.unit
    doc = tantivy.Document()
    doc.add_unsigned("unit", entry.unit_id)
    doc.add_integer("report", entry.report_id)
    doc.add_text("norm", unit.norm)
    doc.add_text("stem", unit.stem)
    doc.add_float(WEIGHT_FIELD, _kind_weight(unit.kind))
    for name, field in _VALUE_FIELDS:
        value = field.value(entry)
        if value is None:
            continue
        if field.kind == "integer":
            doc.add_integer(name, int(value))
        else:
            doc.add_text(name, str(value))
    if unit.tags:
        for name, field in _TAG_FIELDS:
            for one in field.value(entry):
                doc.add_text(name, fold(one))
    return doc


@dataclass
class Ranked:
    """A page of a search: how many units match, the page's (score, unit id), and where
    each hit is in the index (to explain it)."""

    total: int
    hits: list[tuple[float, int]]
    addresses: list[tantivy.DocAddress]


class RankingIndex:
    """The Tantivy index in `path`: written by one process at a time (the caller holds
    the store's index lock), read by any number of threads and processes."""

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.schema = _schema()
        try:
            self.index = tantivy.Index(self.schema, str(path), reuse=True)
        except ValueError:  # written by another fiqra, with other fields: start afresh
            shutil.rmtree(path)
            path.mkdir()
            self.index = tantivy.Index(self.schema, str(path), reuse=True)
        self.index.register_tokenizer(
            FORMS_TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
        )
        # Reloaded only when the store says the index changed (`reload`): the pages of
        # one query are read from one state of the index.
        self.index.config_reader(reload_policy="Manual")
        self._searcher = self.index.searcher()
        self.term_languages = TermLanguages(self._searcher, self.schema)

    def reload(self) -> None:
        self.index.reload()
        self._searcher = self.index.searcher()
        self.term_languages = TermLanguages(self._searcher, self.schema)

    @property
    def current(self) -> bool:
        """Whether the index was built whole with this schema, these kind weights and this
        analysis data (`mark_current`, after a rebuild): if not, the store rebuilds it."""
        try:
            return json.loads((self.path / BUILT_WITH_FILE).read_text()) == _built_with()
        except (FileNotFoundError, ValueError):
            return False

    def mark_current(self) -> None:
        (self.path / BUILT_WITH_FILE).write_text(json.dumps(_built_with()))

    # -- writing ---------------------------------------------------------------

    def writer(self) -> tantivy.IndexWriter:
        return self.index.writer(heap_size=WRITER_HEAP, num_threads=1)

    @staticmethod
    def replace(
        writer: tantivy.IndexWriter, report_id: int, entries: Iterable[IndexedUnit]
    ) -> None:
        """Remove report `report_id`'s units and add `entries` (none: a deletion)."""
        writer.delete_documents_by_term("report", report_id)
        for entry in entries:
            writer.add_document(_document(entry))

    # -- searching -------------------------------------------------------------

    def search(self, query: tantivy.Query, limit: int, offset: int) -> Ranked:
        """The units ranked `offset` to `offset + limit` by score times kind weight (ties
        by index address, as Tantivy breaks them), and how many match."""
        wanted = offset + limit
        window = max(2 * wanted + 16, FIRST_WINDOW)
        while window <= WEIGHING_WINDOW:
            # Weighed here, on a window of the best by score: a unit's factor is at most
            # a paragraph's (KIND_SCALE), so once the window's last score times that is
            # below the weighed score the page ends on, no unit after it can reach the
            # page (Tantivy weighing every match costs about 8 ns each: 5 ms for a word
            # in half the corpus).
            found = self._searcher.search(query, limit=window, count=True)
            scores = [float(s) for s, _ in found.hits]
            addresses = [a for _, a in found.hits]
            factors = (self._searcher.fast_field_values(WEIGHT_FIELD, addresses)
                       if addresses else [])
            weighed = sorted(
                ((_f32(s * math.log2(2 + (f or 0.0))), a) for s, a, f in zip(
                    scores, addresses, factors, strict=True)),
                key=lambda h: (-h[0], h[1].segment_ord, h[1].doc))
            if len(scores) < window or weighed[wanted - 1][0] > _f32(scores[-1] * KIND_SCALE):
                return self._ranked(int(found.count or 0), weighed[offset:wanted])
            window *= 4
        found = self._searcher.search(query, limit=limit, offset=offset, count=True,
                                      weight_by_field=WEIGHT_FIELD)
        return self._ranked(int(found.count or 0), [(float(s), a) for s, a in found.hits])

    def _ranked(self, total: int, hits: list[tuple[float, tantivy.DocAddress]]) -> Ranked:
        addresses = [a for _, a in hits]
        ids = self._searcher.fast_field_values("unit", addresses) if addresses else []
        return Ranked(
            total,
            [(s / KIND_SCALE, int(i)) for (s, _), i in zip(hits, ids, strict=True)],
            addresses,
        )

    def explain(
        self, root: Node, lang: str, address: tantivy.DocAddress, kind: str
    ) -> list[dict[str, object]]:
        """Each clause's share of a hit's score (a unit of `kind`), as Tantivy computes each
        alternative (indexer.ranking.explain_scores, on the scale of fiqra's scores)."""
        clauses = query_clauses(root, lang)
        queries = [[self._alternative(a) for a in c.alternatives] for c in clauses]

        def value(i: int, j: int) -> float:
            query = queries[i][j]
            if query is None:
                return 0.0
            try:
                explained = query.explain(self._searcher, address)
            except ValueError:  # Tantivy's answer when the unit does not match it
                return 0.0
            return float(json.loads(explained.to_json())["value"]) / LUCENE_BM25_SCALE

        return explain_scores(engine_contributions(clauses, value, MODEL.unit_weight(kind)))

    def query(
        self,
        root: Node | None,
        languages: Sequence[str],
        filters: dict[str, Any],
        *,
        filter_language: bool = True,
    ) -> tantivy.Query | None:
        """The query for `root` in each of `languages` (a branch per language, each with
        its own forms), every branch filtered by `filters` (field name -> value) and, with
        `filter_language` (the corpus has other languages), by its language. Without
        words (`root` None), the units the filters match, unranked."""
        branches = []
        for lang in languages:
            clauses = query_clauses(root, lang) if root is not None else []
            scope = {"lang": lang, **filters} if filter_language else filters
            held = self.term_languages.languages(clauses) if filter_language and clauses else None
            if held is not None and lang not in held:
                continue  # none of its forms is in a unit of that language: it matches none
            if held == {lang}:
                scope = filters  # every unit its forms are in is of that language
            if (branch := self._branch(root, lang, scope, clauses)) is not None:
                branches.append(branch)
        if not branches:
            return None
        if len(branches) == 1:
            return branches[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, b) for b in branches])

    def _branch(
        self, root: Node | None, lang: str, filters: dict[str, Any], scoring: list[Clause]
    ) -> tantivy.Query | None:
        parts = [
            part for name, value in filters.items() for part in self._filter(name, value, lang)
        ]
        if root is None:
            if parts and all(occur == tantivy.Occur.MustNot for occur, _ in parts):
                # Only units left out (the filters' values most units have): of all units.
                parts.append((tantivy.Occur.Must, tantivy.Query.all_query()))
            return tantivy.Query.boolean_query(parts) if parts else None
        clauses = [c for c in map(self._clause, scoring) if c]
        if not clauses:
            return None
        if _only_ranked_words(root):
            # The units matching at least one clause are exactly those the words match.
            ranked = _any(clauses)
        elif isinstance(root, BoolOp) and all(_flat(c) for c in root.children):
            # Words and phrases, some negated: the clauses are the match (each word's
            # clause required, for AND), so every posting is read once, not twice.
            required = ([(tantivy.Occur.Must, c) for c in clauses] if root.op == "AND"
                        else [(tantivy.Occur.Must, _any(clauses))])
            negatives = [self._match(c, lang) for c in root.children if isinstance(c, Not)]
            ranked = tantivy.Query.boolean_query(
                [*required, *((tantivy.Occur.MustNot, n) for n in negatives if n is not None)])
        else:
            match = self._match(root, lang)
            if match is None:
                return None
            ranked = tantivy.Query.boolean_query([
                (tantivy.Occur.Must, _unscored(match)),
                *((tantivy.Occur.Should, c) for c in clauses),
            ])
        if not parts:
            return ranked  # not wrapped in a query of one clause: measured 20% slower
        parts.append((tantivy.Occur.Must, ranked))
        return tantivy.Query.boolean_query(parts)

    def _filter(
        self, name: str, value: Any, lang: str
    ) -> list[tuple[tantivy.Occur, tantivy.Query]]:
        """The clauses that keep units whose field `name` is `value` (a list: any of its
        values). A value most units have (the corpus's main language, `numbered`) is
        cheaper to reach by leaving out the units with another value, and one every unit
        has needs no clause at all."""
        if isinstance(value, list):
            if len(value) == 1:
                return self._filter(name, value[0], lang)
            either = [self._value(name, v, lang) for v in value]
            return [(tantivy.Occur.Must, _unscored(_any(either)))]
        field = FILTER_FIELDS.get(name)
        if field is not None and field.kind == "keyword":
            value = str(value)
            units = self._searcher.num_docs
            if self._searcher.doc_freq(name, value) * 2 <= units:
                return [(tantivy.Occur.Must, _unscored(self._term(name, value)))]
            others = [t for t, _ in self._searcher.terms_with_prefix(name, "") if t != value]
            return [(tantivy.Occur.MustNot, self._term(name, t)) for t in others]
        return [(tantivy.Occur.Must, _unscored(self._value(name, value, lang)))]

    def _value(self, name: str, value: Any, lang: str) -> tantivy.Query:
        """The units whose field `name` has `value`."""
        if name in SYMBOL_PREFIX_FILTERS:
            pattern = re.escape(f"{value}/") + ".*"
            return tantivy.Query.regex_query(self.schema, SYMBOL_PREFIX_FILTERS[name], pattern)
        field = FILTER_FIELDS[name]
        if field.kind == "integer":
            return self._term(name, int(value))
        if field.kind == "keyword":
            return self._term(name, str(value))
        if field.kind == "tags":
            return self._term(name, fold(str(value)))
        words = section_forms([str(value)], lang).split()
        return self._phrase(name, words) if words else tantivy.Query.all_query()

    def _term(self, field: str, value: str | int) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, field, value)

    def _phrase(self, field: str, words: Sequence[str], slop: int = 0) -> tantivy.Query:
        if len(words) == 1:
            return tantivy.Query.term_query(self.schema, field, words[0])
        return tantivy.Query.phrase_query(self.schema, field, list(words), slop)

    def _prefix_terms(self, field: str, start: str) -> list[str]:
        found = self._searcher.terms_with_prefix(field, start, limit=PREFIX_EXPANSIONS)
        return sorted(term for term, _ in found)

    def _alternative(self, a: Alternative) -> tantivy.Query | None:
        """One weighted alternative; a prefix scores as the sum of the terms it expands
        to, a phrase with `slop` matches its words that many moves apart."""
        if a.prefix:
            terms = self._prefix_terms(a.field, a.terms[0])
            if not terms:
                return None
            query = _any([tantivy.Query.term_query(self.schema, a.field, t) for t in terms])
        else:
            query = self._phrase(a.field, a.terms, a.slop)
        return tantivy.Query.boost_query(query, a.weight)

    def _clause(self, clause: Clause) -> tantivy.Query | None:
        """indexer.ranking's clause: the best of its weighted alternatives, plus its tie
        breaker times the others."""
        alternatives = [q for a in clause.alternatives if (q := self._alternative(a))]
        if not alternatives:
            return None
        if len(alternatives) == 1:
            return alternatives[0]
        return tantivy.Query.disjunction_max_query(alternatives, tie_breaker=clause.tie)

    def _match(self, node: Node, lang: str) -> tantivy.Query | None:
        """Which units `node` matches in `lang` (the cluster backend's `_match`)."""
        if isinstance(node, Term):
            # A word matches where any of its clause's alternatives does: its forms in
            # the text, its stems in the headings.
            alts = [
                query
                for a in term_alternatives(node, lang)
                for query in (
                    [self._term(a.field, t) for t in self._prefix_terms(a.field, a.terms[0])]
                    if a.prefix else [self._phrase(a.field, a.terms)]
                )
            ]
            return _any(alts) if alts else None
        if isinstance(node, Phrase):
            forms = phrase_forms(node, lang)
            return self._phrase("norm", forms) if forms else None
        if isinstance(node, Not):
            return self._match(node.child, lang)
        matched = [(isinstance(c, Not), m) for c in node.children if (m := self._match(c, lang))]
        positives = [m for negative, m in matched if not negative]
        negatives = [m for negative, m in matched if negative]
        if not positives:
            return None
        positives.extend(self._phrase("stem", p) for p in synonym_phrases(node, lang))
        occur = tantivy.Occur.Must if node.op == "AND" else tantivy.Occur.Should
        if occur == tantivy.Occur.Should and not negatives:
            return _any(positives)
        parts = [(occur, p) for p in positives]
        if occur == tantivy.Occur.Should:
            parts = [(tantivy.Occur.Must, _any(positives))]
        parts.extend((tantivy.Occur.MustNot, n) for n in negatives)
        return tantivy.Query.boolean_query(parts)


class TermLanguages:
    """Which languages' units hold an index term, in one state of the index (`searcher`),
    each term counted once. A query's branch for one language (its words analyzed for it)
    matches no unit when none of its forms is in a unit of that language (Arabic words in
    the English branch), and needs no language filter when every unit holding its forms is
    of that language: both cost a pass over the words' postings on every search."""

    MAX_TERMS = 100_000  # terms remembered (then forgotten all at once)

    def __init__(self, searcher: tantivy.Searcher, schema: tantivy.Schema) -> None:
        self.searcher = searcher
        self.schema = schema
        units = dict(searcher.terms_with_prefix("lang", ""))
        # The language of most units is the costliest to count a common word in: its
        # share is the word's units less those of every other language.
        self.largest = max(units, key=units.__getitem__, default="")
        self.others = [lang for lang in units if lang != self.largest]
        self.held: dict[tuple[str, str], frozenset[str]] = {}

    def languages(self, clauses: Sequence[Clause]) -> frozenset[str] | None:
        """The languages of the units any form of `clauses` is in (None: not known, for
        a prefix, whose words are not listed)."""
        if any(a.prefix for c in clauses for a in c.alternatives):
            return None
        return frozenset().union(*(self._term(a.field, t) for c in clauses
                                   for a in c.alternatives for t in a.terms))

    def _term(self, field: str, term: str) -> frozenset[str]:
        key = (field, term)
        if (known := self.held.get(key)) is not None:
            return known
        units = self.searcher.doc_freq(field, term)  # deleted units too: never too few
        found, counted = set(), 0
        for lang in self.others if units else []:
            both = tantivy.Query.boolean_query([
                (tantivy.Occur.Must, tantivy.Query.term_query(self.schema, field, term)),
                (tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "lang", lang)),
            ])
            count = int(self.searcher.search(both, limit=1, count=True).count or 0)
            counted += count
            if count:
                found.add(lang)
        if units > counted:
            found.add(self.largest)
        if len(self.held) >= self.MAX_TERMS:
            self.held.clear()
        self.held[key] = known = frozenset(found)
        return known


def _built_with() -> dict[str, Any]:
    return {"weights": {kind: _kind_weight(kind) for kind in (*MODEL.kind_weights(), "paragraph")},
            "analysis": analysis_fingerprint()}


def _any(queries: Sequence[tantivy.Query]) -> tantivy.Query:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])


def _unscored(query: tantivy.Query) -> tantivy.Query:
    """A clause that only filters (boosted to nothing: measured faster than a constant
    score of 0 inside an intersection)."""
    return tantivy.Query.boost_query(query, 0.0)


def _flat(node: Node) -> bool:
    """A word, a phrase, or one of them negated: a clause of its own (or none)."""
    return isinstance(node.child if isinstance(node, Not) else node, Term | Phrase)


def _only_ranked_words(node: Node) -> bool:
    """A query of words and phrases joined by OR only: its clauses are its match."""
    if isinstance(node, Term | Phrase):
        return True
    if isinstance(node, Not):
        return False
    return node.op == "OR" and all(_only_ranked_words(c) for c in node.children)
