"""The same ingest and query workload on the embedded backend and on a real OpenSearch
node: ingest rate, p50 and p99 query latency, and the cluster/embedded ratio.

The corpus is bench/synthetic_corpus.py's (SYNTHETIC, derived from the bundled report).
Without --url a single node is started from build/opensearch (cluster/nodes.py) and stopped
at the end. Both backends get reports one at a time through `Backend.ingest`, as
`fiqra ingest` does, and the same queries in the same order after one warm-up round.

    .venv/bin/python -m bench.backends [--paragraphs 100000] [--rounds 5] [--url URL]
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
from cluster.nodes import start_node
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--url", help="an existing OpenSearch/Elasticsearch (else one is started)")
    args = parser.parse_args()
    reports = list(synthetic_reports(args.paragraphs))
    print(f"corpus: {len(reports)} SYNTHETIC reports, "
          f"{sum(len(r.paragraphs) for r in reports)} paragraphs", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        embedded = SQLiteBackend(Path(tmp))
        local = run("embedded", embedded, reports, args.rounds)
        embedded.close()
    node = None
    if args.url:
        url = args.url
    else:
        began = time.perf_counter()
        node = start_node()
        url = node.url
        print(f"OpenSearch node up in {time.perf_counter() - began:.1f}s at {url}", flush=True)
    try:
        backend = ClusterBackend(ClusterConfig(urls=[url]))
        remote = run("cluster", backend, reports, args.rounds)
        backend.close()
    finally:
        if node:
            node.stop()
    print(f"cluster/embedded: ingest rate x{remote['rate'] / local['rate']:.2f}, "
          f"p50 x{remote['p50'] / local['p50']:.2f}, p99 x{remote['p99'] / local['p99']:.2f}")


if __name__ == "__main__":
    main()
