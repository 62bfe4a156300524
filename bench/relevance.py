"""Relevance of fiqra's search against baselines on the judged collections.

Two collections (tests/relevance/README.md): Arabic queries on the bundled report
A/HRC/28/56, English queries on the six real PDF reports of tests/data/real. Each query is
marked `tune` or `heldout`; every number is printed for both parts apart, because ranking
parameters may only be chosen on the tuning part.

Every system ranks the same paragraphs (as fiqra's readers read them) with BM25, so the
rows differ in analysis and in how the query is turned into clauses:
- raw: no normalization, the exact surface tokens, one clause per token;
- lucene: an equivalent of Lucene's `arabic` / `english` analyzer (bench/lucene_arabic.py,
  bench/lucene_english.py), the query read as Lucene's classic query parser reads it (one
  clause per term, a quoted phrase as a phrase), Lucene's default BM25 (k1 1.2, b 0.75);
- fiqra: the real query path (ingest and search of the embedded backend) with fiqra's
  analyzers and ranking model (indexer.ranking: word, section and proximity clauses).
Prints nDCG@10, recall@10 and MRR per system, language and part, and the queries that
lose most to the Lucene equivalent.
Run from the repository root: .venv/bin/python -m bench.relevance [--per-query]
"""

from __future__ import annotations

import argparse
import math
import re
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from analyzers.base import WORD_RE
from bench.lucene_arabic import lucene_terms
from bench.lucene_english import lucene_english_terms
from corpus.model import Report
from corpus.readers import load_report
from indexer.ranking import (
    Alternative,
    Clause,
    RankingModel,
    Statistics,
    bm25_saturation,
    score,
)
from indexer.sqlite_backend import SQLiteBackend

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "sample" / "A_HRC_28_56_ar.txt"
REAL = ROOT / "tests" / "data" / "real"
RELEVANCE = ROOT / "tests" / "relevance"
K = 10
WORST = 5
SPLITS = ("tune", "heldout")
LUCENE_DEFAULT = RankingModel(k1=1.2, b=0.75)

Doc = tuple[str, int]  # (symbol, paragraph number)


@dataclass(frozen=True)
class Collection:
    """A judged collection: its language, queries and the documents they were judged on,
    each with the symbol to ingest it under (None: the reader finds it; judgments without a
    symbol are of the collection's one document)."""

    name: str
    lang: str
    queries: Path
    documents: tuple[tuple[Path, str | None], ...]

    @property
    def default_symbol(self) -> str | None:
        symbols = {s for _, s in self.documents}
        return symbols.pop() if len(symbols) == 1 else None


ARABIC = Collection(
    "Arabic, A/HRC/28/56", "ar", RELEVANCE / "queries_ar.tsv", ((SAMPLE, "A/HRC/28/56"),)
)
# The PDFs' symbols are read from their mastheads, as `fiqra ingest` reads them.
ENGLISH = Collection(
    "English, six real reports",
    "en",
    RELEVANCE / "queries_en.tsv",
    tuple((path, None) for path in sorted(REAL.glob("*.pdf"))),
)
COLLECTIONS = (ARABIC, ENGLISH)


@dataclass(frozen=True)
class Query:
    qid: str
    text: str
    judgments: dict[Doc, int]
    note: str
    split: str


class CollectionFormatError(ValueError):
    """A line of a judged collection is malformed; the message names it."""


def _judgment(item: str, default_symbol: str | None) -> tuple[Doc, int]:
    """`12:2` (the collection's one document) or `A/HRC/28/15#115:2`."""
    where, grade = item.rsplit(":", 1)
    symbol, _, number = where.rpartition("#")
    if not symbol:
        if default_symbol is None:
            raise ValueError(f"{item!r} does not name its document (symbol#paragraph)")
        symbol = default_symbol
    return (symbol, int(number)), int(grade)


def load_queries(collection: Collection = ARABIC) -> list[Query]:
    """The judged queries: id, query, judgments, note, split (tab-separated)."""
    path = collection.queries
    queries = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        try:
            qid, text, judged, note, split = line.split("\t")
            judgments = dict(_judgment(j, collection.default_symbol) for j in judged.split())
            if split not in SPLITS:
                raise ValueError(f"the split is one of {SPLITS}, not {split!r}")
        except ValueError as exc:
            raise CollectionFormatError(f"{path.name} line {lineno}: {exc}: {line!r}") from exc
        queries.append(Query(qid, text, judgments, note, split))
    return queries


def ndcg(ranking: list[Doc], judgments: dict[Doc, int], k: int = K) -> float:
    gains = [(2 ** judgments.get(p, 0) - 1) / math.log2(i + 2) for i, p in enumerate(ranking[:k])]
    ideal = sorted(judgments.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return sum(gains) / best if best else 0.0


def recall(ranking: list[Doc], judgments: dict[Doc, int], k: int = K) -> float:
    relevant = {p for p, g in judgments.items() if g > 0}
    return len(relevant & set(ranking[:k])) / len(relevant) if relevant else 0.0


def reciprocal_rank(ranking: list[Doc], judgments: dict[Doc, int]) -> float:
    return next((1 / (i + 1) for i, p in enumerate(ranking) if judgments.get(p, 0) > 0), 0.0)


Searcher = Callable[[str], list[Doc]]
Analysis = Callable[[str], list[tuple[str, int]]]  # text -> its terms with their positions
QUOTED = re.compile(r'"([^"]*)"')


class BaselineSystem:
    """Paragraphs analyzed by one baseline analysis (terms with their positions), ranked by
    BM25 (indexer.ranking with Lucene's defaults) as Lucene's classic query parser reads a
    query: a quoted phrase is one phrase clause (its terms at their positions, a stop word's
    place left free), every other term a clause of its own, any clause may match."""

    def __init__(self, analysis: Analysis, paras: dict[Doc, str]) -> None:
        self.analysis = analysis
        self.docs = {doc: [t for t, _ in analysis(text)] for doc, text in paras.items()}
        self.positions: dict[Doc, dict[str, set[int]]] = {}
        for doc, text in paras.items():
            where = self.positions[doc] = {}
            for term, position in analysis(text):
                where.setdefault(term, set()).add(position)
        doc_freq = Counter(t for terms in self.docs.values() for t in set(terms))
        mean_length = sum(map(len, self.docs.values())) / len(self.docs) if self.docs else 0.0
        self.stats = Statistics(
            len(self.docs), mean_length, {("stem", t): n for t, n in doc_freq.items()}
        )

    def _phrase_score(self, doc: Doc, phrase: list[tuple[str, int]]) -> float:
        """BM25 of a phrase in one paragraph: its frequency (the places where every term
        stands at its offset from the first), the sum of its terms' idf."""
        where = self.positions[doc]
        first, start = phrase[0]
        tf = sum(
            1
            for p in where.get(first, ())
            if all(p + position - start in where.get(t, ()) for t, position in phrase[1:])
        )
        if not tf:
            return 0.0
        idf = sum(self.stats.idf("stem", t) for t, _ in phrase)
        saturation = bm25_saturation(len(self.docs[doc]), self.stats.mean_length, LUCENE_DEFAULT)
        return idf * tf / (tf + saturation)

    def search(self, query: str) -> list[Doc]:
        phrases = [terms for text in QUOTED.findall(query) if (terms := self.analysis(text))]
        words = QUOTED.sub(" ", query)
        clauses = [Clause((Alternative("stem", (t,), 1.0),)) for t, _ in self.analysis(words)]
        scores = {
            doc: score(clauses, {"stem": terms}, self.stats, LUCENE_DEFAULT)
            + sum(self._phrase_score(doc, phrase) for phrase in phrases)
            for doc, terms in self.docs.items()
        }
        return sorted((d for d, s in scores.items() if s > 0), key=lambda d: (-scores[d], d))[:K]


def raw_terms(text: str) -> list[tuple[str, int]]:
    """No analysis: the words exactly as written (harakat and tatweel kept), in order."""
    return [(m.group(), i) for i, m in enumerate(WORD_RE.finditer(text))]


LUCENE_TERMS: dict[str, Analysis] = {
    "ar": lucene_terms,
    "en": lucene_english_terms,
}


@cache
def reports(collection: Collection) -> tuple[Report, ...]:
    """The collection's documents as fiqra's readers read them (read once per run)."""
    return tuple(load_report(path, symbol=symbol) for path, symbol in collection.documents)


def paragraphs(collection: Collection = ARABIC) -> dict[Doc, str]:
    return {
        (r.symbol, p.number): p.text
        for r in reports(collection)
        for p in r.paragraphs
        if p.number is not None
    }


@contextmanager
def backend_searcher(collection: Collection = ARABIC) -> Iterator[Searcher]:
    """The real fiqra query path (ingest + search of the embedded backend) on a throw-away
    index of the collection's documents."""
    with tempfile.TemporaryDirectory() as tmp:
        backend = SQLiteBackend(Path(tmp))
        for n, report in enumerate(reports(collection)):
            backend.ingest(report, f"{n:064d}")

        def search(query: str) -> list[Doc]:
            hits = backend.search(query, lang=collection.lang, limit=2 * K).hits
            found = [(h.symbol, h.paragraph) for h in hits if h.paragraph is not None]
            return list(dict.fromkeys(found))[:K]  # a footnote hit stands for its paragraph

        try:
            yield search
        finally:
            backend.close()


@dataclass
class Scores:
    ndcg: dict[str, float]
    recall: dict[str, float]
    rr: dict[str, float]

    def mean(self, metric: str, qids: list[str] | None = None) -> float:
        values = getattr(self, metric)
        chosen = [values[q] for q in qids] if qids is not None else list(values.values())
        return sum(chosen) / len(chosen) if chosen else 0.0


def evaluate(search: Searcher, queries: list[Query]) -> Scores:
    scores = Scores({}, {}, {})
    for q in queries:
        ranking = search(q.text)
        scores.ndcg[q.qid] = ndcg(ranking, q.judgments)
        scores.recall[q.qid] = recall(ranking, q.judgments)
        scores.rr[q.qid] = reciprocal_rank(ranking, q.judgments)
    return scores


def baselines(collection: Collection) -> dict[str, BaselineSystem]:
    paras = paragraphs(collection)
    return {
        "raw": BaselineSystem(raw_terms, paras),
        "lucene": BaselineSystem(LUCENE_TERMS[collection.lang], paras),
    }


def evaluate_all(collection: Collection, queries: list[Query]) -> dict[str, Scores]:
    """Scores of every system on `queries`."""
    results = {name: evaluate(s.search, queries) for name, s in baselines(collection).items()}
    with backend_searcher(collection) as search:
        results["fiqra"] = evaluate(search, queries)
    return results


def report(collection: Collection, per_query: bool) -> None:
    queries = load_queries(collection)
    results = evaluate_all(collection, queries)
    print(f"\n{collection.name}: {len(queries)} judged queries, k={K}")
    print(f"{'part':<9}{'n':>4}  {'system':<8}{'nDCG@10':>9}{'recall@10':>11}{'MRR':>8}")
    for split in SPLITS:
        qids = [q.qid for q in queries if q.split == split]
        for name, s in results.items():
            print(
                f"{split:<9}{len(qids):>4}  {name:<8}{s.mean('ndcg', qids):>9.3f}"
                f"{s.mean('recall', qids):>11.3f}{s.mean('rr', qids):>8.3f}"
            )
    fiqra, lucene = results["fiqra"], results["lucene"]
    for split in SPLITS:
        qids = [q.qid for q in queries if q.split == split]
        gain = fiqra.mean("ndcg", qids) - lucene.mean("ndcg", qids)
        deltas = sorted((fiqra.ndcg[q] - lucene.ndcg[q], q) for q in qids)
        print(
            f"fiqra - lucene, {split}: mean nDCG@10 {gain:+.3f}; worst queries "
            + ", ".join(f"{qid} {delta:+.3f}" for delta, qid in deltas[:WORST])
        )
    if per_query:
        names = list(results)
        print("per-query nDCG@10\n" + f"{'id':<5}{'part':<8}" + "".join(f"{n:>8}" for n in names)
              + "  query")
        for q in queries:
            row = "".join(f"{results[n].ndcg[q.qid]:>8.3f}" for n in names)
            print(f"{q.qid:<5}{q.split:<8}{row}  {q.text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-query", action="store_true", help="print every query's nDCG@10")
    parser.add_argument("--lang", choices=[c.lang for c in COLLECTIONS], help="one collection")
    args = parser.parse_args()
    for collection in COLLECTIONS:
        if args.lang in (None, collection.lang):
            report(collection, args.per_query)


if __name__ == "__main__":
    main()
