"""The same ingest and query workload on the embedded backend and on a real node of each
search distribution (OpenSearch, Elasticsearch): ingest rate, p50 and p99 query latency,
node start time, and each cluster's ratio to the embedded backend, as one table.

The corpus is bench/synthetic_corpus.py's (SYNTHETIC, derived from the bundled report).
Without --url a single node of each distribution in cluster.nodes.DISTRIBUTIONS is started
(cluster/nodes.py) and stopped after its run. Every backend gets reports one at a time
through `Backend.ingest`, as `fiqra ingest` does, and the same queries in the same order
after one warm-up round.

    .venv/bin/python -m bench.backends [--paragraphs 100000] [--rounds 5]
        [--url URL | --distribution opensearch|elasticsearch]
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.synthetic_corpus import synthetic_reports
from cluster.nodes import DISTRIBUTIONS, start_cluster
from corpus.model import Report
from indexer.backend import Backend
from indexer.cluster_backend import ClusterBackend, ClusterConfig
from indexer.sqlite_backend import SQLiteBackend

QUERIES = [
    "الأطفال", "استغلال الأطفال في المواد الإباحية", '"بيع الأطفال"', "الإنترنت AND الأطفال",
    "تكنولوجيا*", "حماية الضحايا", "السياحة الجنسية", "الاتجار بالأطفال NOT الإنترنت",
    "=الطفل", "المقررة الخاصة", "التشريعات الوطنية", "A/HRC/93/12 para. 7",
    "التعاون الدولي section:توصيات", "الفتيات", "حماية الأطفال على الإنترنت",
]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(name: str, backend: Backend, reports: list[Report], rounds: int) -> dict[str, float]:
    paragraphs = sum(len(r.paragraphs) for r in reports)
    started = time.perf_counter()
    for report in reports:
        backend.ingest(report, hashlib.sha256(report.title.encode()).hexdigest())
    ingest_seconds = time.perf_counter() - started
    search: Callable[[str], object] = lambda q: backend.search(q, limit=10)  # noqa: E731
    for query in QUERIES:  # warm-up: caches, JIT, page cache
        search(query)
    latencies = []
    for _ in range(rounds):
        for query in QUERIES:
            began = time.perf_counter()
            search(query)
            latencies.append(time.perf_counter() - began)
    numbers = {
        "rate": paragraphs / ingest_seconds,
        "p50": statistics.median(latencies) * 1000,
        "p99": _percentile(latencies, 0.99) * 1000,
    }
    print(f"{name:9s} ingest {paragraphs} paragraphs in {ingest_seconds:6.1f}s "
          f"({numbers['rate']:7.0f}/s); {len(latencies)} queries: "
          f"p50 {numbers['p50']:6.1f} ms, p99 {numbers['p99']:6.1f} ms", flush=True)
    return numbers


def _cluster_column(
    title: str, url: str, reports: list[Report], rounds: int
) -> dict[str, float]:
    backend = ClusterBackend(ClusterConfig(urls=[url]))
    try:
        return run(title, backend, reports, rounds)
    finally:
        backend.close()


def _table(columns: dict[str, dict[str, float]]) -> str:
    """The numbers as a Markdown table, a column per backend, ratios to the first."""
    names = list(columns)
    first = columns[names[0]]
    rows = [
        "| | " + " | ".join(names) + " |",
        "|---" * (len(names) + 1) + "|",
    ]
    for key, label, form in ROWS:
        cells = []
        for name in names:
            value = columns[name].get(key)
            if value is None:
                cells.append("–")
            elif name == names[0] or key == "start":
                cells.append(format(value, form))
            else:
                cells.append(f"{value:{form}} (x{value / first[key]:.2f})")
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


ROWS = [
    ("rate", "ingest, paragraphs/s", ".0f"),
    ("p50", "query p50, ms", ".1f"),
    ("p99", "query p99, ms", ".1f"),
    ("start", "node start to healthy, s", ".1f"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--url", help="an existing OpenSearch/Elasticsearch (else nodes start)")
    parser.add_argument("--distribution", choices=sorted(DISTRIBUTIONS), action="append",
                        help="start only this distribution (repeatable; default: all)")
    args = parser.parse_args()
    reports = list(synthetic_reports(args.paragraphs))
    print(f"corpus: {len(reports)} SYNTHETIC reports, "
          f"{sum(len(r.paragraphs) for r in reports)} paragraphs", flush=True)
    columns: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        embedded = SQLiteBackend(Path(tmp))
        columns["embedded"] = run("embedded", embedded, reports, args.rounds)
        embedded.close()
    if args.url:
        columns["cluster"] = _cluster_column("cluster", args.url, reports, args.rounds)
    for name in [] if args.url else args.distribution or list(DISTRIBUTIONS):
        distribution = DISTRIBUTIONS[name]
        title = f"{distribution.title} {distribution.version}"
        cluster = start_cluster(1, distribution=distribution, cluster_name=f"fiqra-bench-{name}")
        print(f"{title} node up in {cluster.seconds:.1f}s at {cluster.url}", flush=True)
        try:
            columns[title] = _cluster_column(title, cluster.url, reports, args.rounds)
        finally:
            cluster.stop()
        columns[title]["start"] = cluster.seconds
    print(_table(columns))


if __name__ == "__main__":
    main()
