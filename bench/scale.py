"""The embedded backend and a real search node side by side at scale, in one run.

For each backend in turn (embedded first, then one node of each distribution asked for,
started with a larger heap and stopped after its run) on the same SYNTHETIC corpus
(bench/scale_corpus.py): the bulk build (MB/s of report text), store size, single-client
latency per query type (p50, p95, p99), the first search after a write and after opening,
a citation query with 2.2% of the corpus citing it, then HTTP through `fiqra serve
--workers N`: `/health`, 8 closed-loop clients, and an open-loop rate (latency counted from
when each request was due, so a request waiting for a client thread (64) or a busy server
counts its wait). Each request opens a connection with http.client (see `Client`), which
costs the load generator, on the same cores as the server, about 0.3 ms of CPU (urllib's
0.35-0.5 ms). One table, each column with its ratio to the embedded one.

    .venv/bin/python -m bench.scale [--paragraphs 100000] [--distribution opensearch]
        [--heap 3g] [--seconds 20] [--rate 100] [--workers 2] [--real-lengths]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from http.client import HTTPConnection
from pathlib import Path

from bench.scale_corpus import REAL_LENGTHS_HELP, report_bytes, scale_reports, scale_symbol
from cluster.nodes import DISTRIBUTIONS, free_port, start_cluster
from corpus.model import Report
from indexer.backend import Backend
from indexer.cluster_backend import ClusterBackend, ClusterConfig
from indexer.sqlite_backend import SQLiteBackend

# Query types, each with a few queries over the corpus's frequent and rare words.
QUERY_TYPES: dict[str, list[str]] = {
    "common word": ["الأطفال", "حماية", "children"],
    "3-word OR": ["حماية الأطفال الإنترنت", "المقررة الخاصة التشريعات", "الاستغلال الجنسي الضحايا"],
    "phrase": ['"بيع الأطفال"', '"المقررة الخاصة"', '"Special Rapporteur"'],
    "AND / NOT": ["الإنترنت AND الأطفال", "الأطفال NOT الإنترنت"],
    "prefix": ["تكنولوج*", "استغل*"],
    "exact": ["=الطفل", "=الضحايا"],
    "symbol filter": ["الأطفال symbol:A/HRC/95/7", "حماية symbol:A/HRC/120/33"],
    "section filter": ["الأطفال section:توصيات", "التعاون section:مقدمة"],
    "year filter": ["الأطفال year:2010", "حماية year:2021"],
    "language filter": ["children lang:en", "الأطفال lang:ar"],
    "cited paragraph": ["A/HRC/90/7 para. 12"],
}
ROOT = Path(__file__).resolve().parent.parent
CITING = "HRC res. 7/13"  # cited by 2.2% of paragraphs, and not in the corpus
CLIENTS = 8


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _timed(call: Callable[[], object]) -> float:
    began = time.perf_counter()
    call()
    return (time.perf_counter() - began) * 1000


def _folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


class Client:
    """GET requests, each on a new HTTP/1.1 connection (http.client: cheaper than urllib's
    opener). Not kept open: `fiqra serve`'s workers share one listening socket and a
    kept-open connection stays with the worker that accepted it, so a few busy kept-open
    clients pile onto one worker (measured at a million units, 8 clients: 7.3 against 1.4
    CPU seconds), while a new connection goes to a worker free to accept it, as a browser's
    does after the server's 5 s keep-alive timeout (a person reads between searches)."""

    def __init__(self, base: str) -> None:
        where = urllib.parse.urlsplit(base)
        self.host, self.port = where.hostname or "127.0.0.1", where.port

    def get(self, path: str) -> bytes:
        connection = HTTPConnection(self.host, self.port, timeout=120)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        if response.status >= 400:
            raise RuntimeError(f"GET {path}: HTTP {response.status} {body[:200]!r}")
        return body


def build(backend: Backend, reports: list[Report], numbers: dict[str, float]) -> None:
    """Ingest every report in one batch: how fast, in paragraphs and MB of text a second."""
    began, cpu = time.perf_counter(), time.process_time()
    with backend.batch():
        for report in reports:
            backend.ingest(report, hashlib.sha256(report.title.encode()).hexdigest())
    seconds = time.perf_counter() - began
    size = sum(report_bytes(r) for r in reports) / 1e6
    numbers["build s"] = seconds
    numbers["ingest MB/s"] = size / seconds
    busy = max(time.process_time() - cpu, 1e-9)
    numbers["ingest MB/s per core (CPU of this process)"] = size / busy
    print(f"  built {len(reports)} reports ({size:.0f} MB) in {seconds:.0f}s", flush=True)


def latency(backend: Backend, rounds: int, numbers: dict[str, float]) -> None:
    """Single-client latency per query type and over all of them (ms)."""
    every: list[float] = []
    for kind, queries in QUERY_TYPES.items():
        for q in queries:  # warm-up
            backend.search(q, limit=10)
        times = [_timed(lambda q=q: backend.search(q, limit=10))
                 for _ in range(rounds) for q in queries]
        every += times
        numbers[f"{kind} p50"] = statistics.median(times)
        numbers[f"{kind} p99"] = _percentile(times, 0.99)
    numbers["all types p50"] = statistics.median(every)
    numbers["all types p95"] = _percentile(every, 0.95)
    numbers["all types p99"] = _percentile(every, 0.99)
    backend.search(CITING)
    numbers[f"{CITING} ms"] = statistics.median(
        [_timed(lambda: backend.search(CITING, limit=10)) for _ in range(rounds)])
    cited = backend.search(CITING, limit=1)
    numbers[f"{CITING} total"] = cited.total
    numbers[f"{CITING} total capped (1: more than that)"] = float(cited.total_capped)
    numbers["page 50 (offset 490) ms"] = statistics.median(
        [_timed(lambda: backend.search("الأطفال", limit=10, offset=490)) for _ in range(rounds)])


def after_write(backend: Backend, reports: list[Report], numbers: dict[str, float]) -> None:
    """Ingest one more report, then time the first search (and the ingest itself)."""
    extra = replace(reports[-1], symbol=scale_symbol(len(reports) + 1), title="SYNTHETIC extra")
    numbers["ingest one report ms"] = _timed(
        lambda: backend.ingest(extra, hashlib.sha256(b"extra").hexdigest()))
    numbers["first search after a write ms"] = _timed(lambda: backend.search("حماية الأطفال"))


def http(env: dict[str, str], args: argparse.Namespace, numbers: dict[str, float]) -> None:
    """`fiqra serve` on a free port: /health, closed-loop clients, an open-loop rate."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "api.cli", *env.pop("ARGS", "").split(), "serve",
         "--port", str(port), "--workers", str(args.workers)],
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)}, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{base}/health", timeout=30).read()
                break
            time.sleep(0.5)
        urls = ["/search?" + urllib.parse.urlencode({"q": q, "limit": 10})
                for qs in QUERY_TYPES.values() for q in qs]
        session = Client(base)
        numbers["/health ms"] = statistics.median(
            [_timed(lambda: session.get("/health")) for _ in range(5)])
        for url in urls:
            session.get(url)

        done: list[float] = []
        stop = time.perf_counter() + args.seconds

        def closed_loop(offset: int) -> None:
            for i in range(offset, sys.maxsize):
                if time.perf_counter() >= stop:
                    return
                url = urls[i % len(urls)]
                done.append(_timed(lambda url=url: session.get(url)))

        threads = [threading.Thread(target=closed_loop, args=(k,)) for k in range(CLIENTS)]
        began = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        numbers[f"HTTP {CLIENTS} clients req/s"] = len(done) / (time.perf_counter() - began)
        numbers[f"HTTP {CLIENTS} clients p50"] = statistics.median(done)
        numbers[f"HTTP {CLIENTS} clients p99"] = _percentile(done, 0.99)

        late: list[float] = []
        count = int(args.rate * args.seconds)
        start = time.perf_counter() + 0.5

        def due(k: int) -> None:
            at = start + k / args.rate
            time.sleep(max(0.0, at - time.perf_counter()))
            session.get(urls[k % len(urls)])
            late.append((time.perf_counter() - at) * 1000)

        with ThreadPoolExecutor(max_workers=64) as pool:
            list(pool.map(due, range(count)))
        numbers[f"HTTP {args.rate:g} req/s open-loop p50"] = statistics.median(late)
        numbers[f"HTTP {args.rate:g} req/s open-loop p99"] = _percentile(late, 0.99)
    finally:
        server.terminate()
        server.wait(60)


@contextlib.contextmanager
def embedded(tmp: Path) -> Iterator[tuple[Backend, dict[str, str], Callable[[], Backend]]]:
    data = tmp / "embedded"
    backend = SQLiteBackend(data)
    try:
        yield backend, {"ARGS": f"--data {data}"}, lambda: SQLiteBackend(data)
    finally:
        backend.close()


def cluster(name: str) -> Callable[[Path], contextlib.AbstractContextManager]:
    @contextlib.contextmanager
    def run(tmp: Path) -> Iterator[tuple[Backend, dict[str, str], Callable[[], Backend]]]:
        node = start_cluster(1, distribution=DISTRIBUTIONS[name],
                             cluster_name=f"fiqra-scale-{name}")
        config = ClusterConfig(urls=[node.url])
        backend = ClusterBackend(config)
        try:
            yield backend, {"FIQRA_SEARCH_URL": node.url}, lambda: ClusterBackend(config)
        finally:
            backend.close()
            node.stop()

    return run


def table(columns: dict[str, dict[str, float]]) -> str:
    names = list(columns)
    first = columns[names[0]]
    keys = list(dict.fromkeys(k for c in columns.values() for k in c))
    rows = ["| | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for key in keys:
        cells = []
        for name in names:
            value = columns[name].get(key)
            if value is None:
                cells.append("–")
            elif name == names[0] or not first.get(key):
                cells.append(f"{value:,.1f}")
            else:
                cells.append(f"{value:,.1f} (x{value / first[key]:.2f})")
        rows.append(f"| {key} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--heap", default="3g", help="each search node's Java heap")
    parser.add_argument("--distribution", choices=sorted(DISTRIBUTIONS), action="append",
                        help="run this distribution too (repeatable; default: opensearch)")
    parser.add_argument("--embedded-only", action="store_true")
    parser.add_argument("--real-lengths", action="store_true", help=REAL_LENGTHS_HELP)
    args = parser.parse_args()
    os.environ["FIQRA_NODE_HEAP"] = args.heap
    began = time.perf_counter()
    reports = list(scale_reports(args.paragraphs, real_lengths=args.real_lengths))
    print(f"corpus: {len(reports)} SYNTHETIC reports, {sum(len(r.paragraphs) for r in reports)}"
          f" paragraphs, {sum(map(report_bytes, reports)) / 1e6:.0f} MB of text, generated in"
          f" {time.perf_counter() - began:.0f}s", flush=True)
    # The backends measured, in order; the first is the one the others are compared to.
    backends = {"embedded": embedded}
    if not args.embedded_only:
        backends |= {DISTRIBUTIONS[d].title: cluster(d)
                     for d in args.distribution or ["opensearch"]}
    columns: dict[str, dict[str, float]] = {}
    for name, start in backends.items():
        print(f"{name}:", flush=True)
        numbers: dict[str, float] = {}
        with tempfile.TemporaryDirectory() as tmp, start(Path(tmp)) as (backend, env, reopen):
            build(backend, reports, numbers)
            if isinstance(backend, SQLiteBackend):
                text = sum(map(report_bytes, reports))
                size = _folder_bytes(backend.path.parent)
                numbers["store bytes per paragraph"] = size / args.paragraphs
                numbers["store bytes per paragraph beside the text"] = (
                    (size - text) / args.paragraphs)
            latency(backend, args.rounds, numbers)
            after_write(backend, reports, numbers)
            numbers["first search after opening ms"] = _timed(
                lambda: reopen().search("حماية الأطفال"))
            http(env, args, numbers)
        columns[name] = numbers
        print(json.dumps(numbers, ensure_ascii=False), flush=True)
    print(table(columns))


if __name__ == "__main__":
    main()
