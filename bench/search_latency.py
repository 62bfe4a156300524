"""Ingest time for the bundled report and search latency (median, p95) on the embedded
backend. Prints numbers; run: .venv/bin/python bench/search_latency.py"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from indexer.ingest import ingest_file
from indexer.sqlite_backend import SQLiteBackend

SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "sample" / "A_HRC_28_56_ar.txt"
QUERIES = [
    "خطوط المساعده", "الاغواء", "استغلال الاطفال في المواد الاباحيه", "طفل", "تقرير",
    '"البث الدفقي المباشر"', "الانترنت AND البنات", "تكنولوج*", "الشركات NOT المالية",
    "A/HRC/28/56 ¶ 87", "التعاون الدولي section:توصيات", "الفتيات", "التشريعات الوطنية",
    "حماية الأطفال على الإنترنت", "بيع الأطفال لأغراض التبني",
]
ROUNDS = 20


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        runs = []
        for i in range(5):
            backend = SQLiteBackend(Path(tmp) / f"d{i}")
            start = time.perf_counter()
            ingest_file(backend, SAMPLE)
            runs.append(time.perf_counter() - start)
            if i:
                backend.close()
        print(f"ingest A/HRC/28/56 ({SAMPLE.stat().st_size / 1024:.0f} KiB, 89 paragraphs): "
              f"median {statistics.median(runs) * 1000:.0f} ms over {len(runs)} runs")
        backend = SQLiteBackend(Path(tmp) / "d0")
        latencies = []
        for _ in range(ROUNDS):
            for q in QUERIES:
                start = time.perf_counter()
                backend.search(q, limit=10)
                latencies.append(time.perf_counter() - start)
        latencies.sort()
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        print(f"search ({len(QUERIES)} queries x {ROUNDS}): median "
              f"{statistics.median(latencies) * 1000:.2f} ms, p95 {p95 * 1000:.2f} ms")
        backend.close()


if __name__ == "__main__":
    main()
