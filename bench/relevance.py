"""Relevance of fiqra's Arabic analysis against baselines on the judged collection.

Every system ranks the paragraphs of the bundled report A/HRC/28/56 with the same
ranking function, SQLite FTS5 bm25 in an in-memory database built here, so that the rows
differ only in analysis:
- raw: no normalization, exact surface tokens;
- lucene: an equivalent of Lucene's `arabic` analyzer (bench/lucene_arabic.py);
- fiqra: fiqra's analyzers in the backend's scheme (columns norm and stem, bm25 weights
  2:1, a query is the OR of every form of every word, synonyms included);
- fiqra-backend: the real query path, indexer.sqlite_backend (ingest + search), when
  that module is importable.
Prints nDCG@10, recall@10 and MRR per system and per query.
Run from the repository root: .venv/bin/python -m bench.relevance [--per-query]
"""

from __future__ import annotations

import argparse
import math
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from analyzers import analyze, query_forms
from analyzers.base import WORD_RE
from bench.lucene_arabic import lucene_terms
from corpus.readers import load_report

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "corpus" / "sample" / "A_HRC_28_56_ar.txt"
QUERIES = ROOT / "tests" / "relevance" / "queries_ar.tsv"
K = 10
NORM_WEIGHT, STEM_WEIGHT = 2.0, 1.0
# Harakat, tatweel and Quranic marks are token characters for the raw baseline, so that
# FTS5 keeps a vocalized word whole instead of splitting it at each mark.
RAW_TOKENCHARS = "".join(chr(c) for c in (*range(0x064B, 0x0660), 0x0670, 0x0640))


@dataclass(frozen=True)
class Query:
    qid: str
    text: str
    judgments: dict[int, int]
    note: str


class CollectionFormatError(ValueError):
    """A line of the judged collection is malformed; the message names it."""


def load_queries(path: Path = QUERIES) -> list[Query]:
    """The judged queries: id, query, `paragraph:grade ...`, note (tab-separated)."""
    queries = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        try:
            qid, text, judged, note = fields
            judgments = {int(p): int(g) for p, g in (j.split(":") for j in judged.split())}
        except ValueError as exc:
            raise CollectionFormatError(f"{path.name} line {lineno}: {exc}: {line!r}") from exc
        queries.append(Query(qid, text, judgments, note))
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


def quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


Searcher = Callable[[str], list[int]]


class FtsSystem:
    """Paragraphs in an in-memory FTS5 table, one column per index form, ranked by bm25."""

    def __init__(
        self,
        columns: dict[str, float],
        doc_forms: Callable[[str], dict[str, list[str]]],
        query_match: Callable[[str], list[str]],
        tokenizer: str = "unicode61 remove_diacritics 0",
    ) -> None:
        self.db = sqlite3.connect(":memory:")
        self.columns = columns
        self.doc_forms = doc_forms
        self.query_match = query_match
        cols = ", ".join(columns)
        self.db.execute(f"CREATE VIRTUAL TABLE p USING fts5({cols}, tokenize = {quote(tokenizer)})")

    def index(self, paragraphs: dict[int, str]) -> None:
        for number, text in paragraphs.items():
            forms = self.doc_forms(text)
            values = [" ".join(forms[c]) for c in self.columns]
            marks = ", ".join("?" * (len(values) + 1))
            self.db.execute(f"INSERT INTO p (rowid, {', '.join(self.columns)}) VALUES ({marks})",
                            [number, *values])

    def search(self, query: str) -> list[int]:
        alternatives = sorted(set(self.query_match(query)))
        if not alternatives:
            return []
        weights = ", ".join(str(w) for w in self.columns.values())
        rows = self.db.execute(
            f"SELECT rowid FROM p WHERE p MATCH ? ORDER BY bm25(p, {weights}), rowid LIMIT {K}",
            [" OR ".join(alternatives)],
        )
        return [r[0] for r in rows]


def raw_system() -> FtsSystem:
    def forms(text: str) -> dict[str, list[str]]:
        return {"raw": [m.group() for m in WORD_RE.finditer(text)]}

    def match(query: str) -> list[str]:
        return [f"raw:{quote(m.group())}" for m in WORD_RE.finditer(query)]

    tokenizer = f"unicode61 remove_diacritics 0 tokenchars '{RAW_TOKENCHARS}'"
    return FtsSystem({"raw": 1.0}, forms, match, tokenizer)


def lucene_system() -> FtsSystem:
    return FtsSystem(
        {"stem": 1.0},
        lambda text: {"stem": lucene_terms(text)},
        lambda query: [f"stem:{quote(t)}" for t in lucene_terms(query)],
    )


def fiqra_system() -> FtsSystem:
    def forms(text: str) -> dict[str, list[str]]:
        tokens = analyze(text, "ar")
        return {"norm": [t.norm for t in tokens], "stem": [t.stem for t in tokens]}

    def match(query: str) -> list[str]:
        return [
            f"{f.field}:{quote(f.form)}"
            for word in query.split()
            for f in query_forms(word, "ar", expand=True)
        ]

    return FtsSystem({"norm": NORM_WEIGHT, "stem": STEM_WEIGHT}, forms, match)


@contextmanager
def backend_searcher() -> Iterator[Searcher | None]:
    """The real fiqra query path on a throw-away index, or None if it is not available."""
    try:
        from indexer.ingest import ingest_file
        from indexer.sqlite_backend import SQLiteBackend
    except ImportError:
        yield None
        return
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
    """Scores of every system on `queries` (fiqra-backend only when available)."""
    paras = paragraphs()
    results: dict[str, Scores] = {}
    for name, make in (("raw", raw_system), ("lucene", lucene_system), ("fiqra", fiqra_system)):
        system = make()
        system.index(paras)
        results[name] = evaluate(system.search, queries)
    with backend_searcher() as search:
        if search is not None:
            results["fiqra-backend"] = evaluate(search, queries)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-query", action="store_true", help="print every query's nDCG@10")
    args = parser.parse_args()
    queries = load_queries()
    results = evaluate_all(queries)
    print(f"{len(queries)} judged Arabic queries on A/HRC/28/56, FTS5 bm25, k={K}")
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
    worst = min(
        (results["fiqra"].ndcg[q.qid] - results["lucene"].ndcg[q.qid], q.qid) for q in queries
    )
    gain = results["fiqra"].mean("ndcg") - results["lucene"].mean("ndcg")
    print(f"\nfiqra - lucene: mean nDCG@10 {gain:+.3f}, worst query {worst[1]} {worst[0]:+.3f}")


if __name__ == "__main__":
    main()
