"""Relevance of fiqra's Arabic search against baselines on the judged collection.

Every system ranks the paragraphs of the bundled report A/HRC/28/56 with the same BM25
(Lucene's, as implemented in indexer.ranking), so that the rows differ in analysis and in
how query words expand, not in the ranking formula:
- raw: no normalization, exact surface tokens;
- lucene: an equivalent of Lucene's `arabic` analyzer (bench/lucene_arabic.py);
- fiqra-backend: the real query path, indexer.sqlite_backend (ingest + search): fiqra's
  analyzers, every query word scored by its best form (surface, stem, lemma, synonym)
  with that form's weight, and synonym phrases of multi-word thesaurus terms.
Prints nDCG@10, recall@10 and MRR per system and per query.
Run from the repository root: .venv/bin/python -m bench.relevance [--per-query]
"""

from __future__ import annotations

import argparse
import math
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from analyzers.base import WORD_RE
from bench.lucene_arabic import lucene_terms
from corpus.readers import load_report
from indexer.ingest import ingest_file
from indexer.ranking import Alternative, Clause, Statistics, score
from indexer.sqlite_backend import SQLiteBackend

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "sample" / "A_HRC_28_56_ar.txt"
QUERIES = ROOT / "tests" / "relevance" / "queries_ar.tsv"
K = 10
WORST = 5


@dataclass(frozen=True)
class Query:
    qid: str
    text: str
    judgments: dict[int, int]
    note: str
    split: str


class CollectionFormatError(ValueError):
    """A line of the judged collection is malformed; the message names it."""


def load_queries(path: Path = QUERIES) -> list[Query]:
    """The judged queries: id, query, `paragraph:grade ...`, note, split (tab-separated)."""
    queries = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        try:
            qid, text, judged, note, split = fields
            judgments = {int(p): int(g) for p, g in (j.split(":") for j in judged.split())}
            if split not in ("tune", "heldout"):
                raise ValueError(f"split must be tune or heldout, not {split!r}")
        except ValueError as exc:
            raise CollectionFormatError(f"{path.name} line {lineno}: {exc}: {line!r}") from exc
        queries.append(Query(qid, text, judgments, note, split))
    return queries


def ndcg(ranking: list[int], judgments: dict[int, int], k: int = K) -> float:
    gains = [(2 ** judgments.get(p, 0) - 1) / math.log2(i + 2) for i, p in enumerate(ranking[:k])]
    ideal = sorted(judgments.values(), reverse=True)[:k]
    best = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return sum(gains) / best if best else 0.0


def recall(ranking: list[int], judgments: dict[int, int], k: int = K) -> float:
    relevant = {p for p, g in judgments.items() if g > 0}
    return len(relevant & set(ranking[:k])) / len(relevant) if relevant else 0.0


def reciprocal_rank(ranking: list[int], judgments: dict[int, int]) -> float:
    return next((1 / (i + 1) for i, p in enumerate(ranking) if judgments.get(p, 0) > 0), 0.0)


Searcher = Callable[[str], list[int]]


class BaselineSystem:
    """Paragraphs analyzed by one baseline analysis (one term list per paragraph), ranked
    by the backend's BM25 (indexer.ranking) with one clause per query term."""

    def __init__(self, terms_of: Callable[[str], list[str]], paras: dict[int, str]) -> None:
        self.terms_of = terms_of
        self.docs = {number: terms_of(text) for number, text in paras.items()}
        doc_freq = Counter(t for terms in self.docs.values() for t in set(terms))
        mean_length = sum(map(len, self.docs.values())) / len(self.docs) if self.docs else 0.0
        self.stats = Statistics(
            len(self.docs), mean_length, {("stem", t): n for t, n in doc_freq.items()}
        )

    def search(self, query: str) -> list[int]:
        clauses = [Clause((Alternative("stem", (t,), 1.0),)) for t in self.terms_of(query)]
        scores = {p: score(clauses, {"stem": terms}, self.stats) for p, terms in self.docs.items()}
        return sorted((p for p, s in scores.items() if s > 0), key=lambda p: (-scores[p], p))[:K]


def raw_terms(text: str) -> list[str]:
    """No analysis: the words exactly as written (harakat and tatweel kept)."""
    return [m.group() for m in WORD_RE.finditer(text)]


@contextmanager
def backend_searcher() -> Iterator[Searcher]:
    """The real fiqra query path (ingest + search of the SQLite backend) on a throw-away
    index of the bundled report."""
    with tempfile.TemporaryDirectory() as tmp:
        backend = SQLiteBackend(Path(tmp))
        ingest_file(backend, SAMPLE)

        def search(query: str) -> list[int]:
            hits = backend.search(query, lang="ar", limit=K).hits
            return [h.paragraph for h in hits if h.paragraph is not None]

        try:
            yield search
        finally:
            backend.close()


def paragraphs() -> dict[int, str]:
    report = load_report(SAMPLE)
    return {p.number: p.text for p in report.paragraphs if p.number is not None}


@dataclass
class Scores:
    ndcg: dict[str, float]
    recall: dict[str, float]
    rr: dict[str, float]

    def mean(self, metric: str) -> float:
        values = getattr(self, metric)
        return sum(values.values()) / len(values)


def evaluate(search: Searcher, queries: list[Query]) -> Scores:
    scores = Scores({}, {}, {})
    for q in queries:
        ranking = search(q.text)
        scores.ndcg[q.qid] = ndcg(ranking, q.judgments)
        scores.recall[q.qid] = recall(ranking, q.judgments)
        scores.rr[q.qid] = reciprocal_rank(ranking, q.judgments)
    return scores


def evaluate_all(queries: list[Query]) -> dict[str, Scores]:
    """Scores of every system on `queries`."""
    paras = paragraphs()
    results: dict[str, Scores] = {}
    for name, terms_of in (("raw", raw_terms), ("lucene", lucene_terms)):
        results[name] = evaluate(BaselineSystem(terms_of, paras).search, queries)
    with backend_searcher() as search:
        results["fiqra-backend"] = evaluate(search, queries)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-query", action="store_true", help="print every query's nDCG@10")
    args = parser.parse_args()
    queries = load_queries()
    results = evaluate_all(queries)
    print(f"{len(queries)} judged Arabic queries on A/HRC/28/56, BM25 (indexer.ranking), k={K}")
    print(f"{'system':<15}{'nDCG@10':>9}{'recall@10':>11}{'MRR':>8}")
    for name, s in results.items():
        print(f"{name:<15}{s.mean('ndcg'):>9.3f}{s.mean('recall'):>11.3f}{s.mean('rr'):>8.3f}")
    if args.per_query:
        names = list(results)
        print("\nper-query nDCG@10\n" + f"{'id':<5}" + "".join(f"{n:>15}" for n in names)
              + "  query")
        for q in queries:
            row = "".join(f"{results[n].ndcg[q.qid]:>15.3f}" for n in names)
            print(f"{q.qid:<5}{row}  {q.text}")
    fiqra, lucene = results["fiqra-backend"], results["lucene"]
    deltas = sorted((fiqra.ndcg[q.qid] - lucene.ndcg[q.qid], q.qid) for q in queries)
    gain = fiqra.mean("ndcg") - lucene.mean("ndcg")
    print(f"\nfiqra-backend - lucene: mean nDCG@10 {gain:+.3f}; worst queries "
          + ", ".join(f"{qid} {delta:+.3f}" for delta, qid in deltas[:WORST]))


if __name__ == "__main__":
    main()
