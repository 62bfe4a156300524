"""Export speed and memory: a saved set and a broad query over a SYNTHETIC corpus.

Prints, per format, paragraphs per second and the Python heap peak (tracemalloc; lxml's
own allocations for DOCX are not seen by it) for a set of N paragraphs and for every hit
of a query matching all of them, at two corpus sizes, so growth with size is visible; then
the seconds a large Arabic query export takes in each format (the bundled report filed
under 43 symbols: ~3,700 paragraphs with footnotes and right-to-left runs), reading the
hits alone first.
Run from the repository root: .venv/bin/python -m bench.exports
"""

from __future__ import annotations

import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from corpus.readers import load_report
from exports import FORMATS, ExportMeta, export, query_export_excerpts
from indexer.hit_stream import query_excerpts
from indexer.sets import Excerpt, SetStore
from indexer.sqlite_backend import SQLiteBackend
from tests.sets_corpus import SAMPLE, synthetic_report

SIZES = (1000, 4000)
ARABIC_COPIES = 43
ARABIC_QUERY = "الأطفال OR في"


def measure(fmt: str, source: Callable[[], Iterable[Excerpt]], backend: SQLiteBackend
            ) -> tuple[float, float]:
    """(seconds, peak MB) of one export into a temporary file."""
    with tempfile.TemporaryFile() as out:
        tracemalloc.start()
        start = time.perf_counter()
        export(FORMATS[fmt], source(), backend, out, ExportMeta("bench"))
        seconds = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return seconds, peak


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        backend = SQLiteBackend(Path(tmp))
        store = SetStore.in_data_dir(tmp)
        reports = 0
        for size in SIZES:
            while reports * 50 < size:
                reports += 1
                backend.ingest(synthetic_report(reports), f"synthetic-{reports}")
            found = store.create(f"all-{size}", query_excerpts(backend, "helplines"))
            print(f"corpus {size} paragraphs, set of {found.size}")
            for fmt in FORMATS:
                runs = {
                    "set": lambda found=found: store.excerpts(found.id, backend),
                    "query": lambda: query_export_excerpts(backend, "helplines"),
                }
                for kind, source in runs.items():
                    seconds, peak = measure(fmt, source, backend)
                    print(f"  {kind:5} {fmt:5} {size / seconds:8.0f} paragraphs/s"
                          f"  peak {peak:6.2f} MB")
        backend.close()
    arabic_query_export()


def arabic_query_export() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        backend = SQLiteBackend(Path(tmp))
        sample = load_report(SAMPLE)
        for k in range(1, ARABIC_COPIES + 1):
            backend.ingest(replace(sample, symbol=f"A/HRC/90/{k}"), f"arabic-{k}")
        start = time.perf_counter()
        found = sum(1 for _ in query_export_excerpts(backend, ARABIC_QUERY))
        print(f"Arabic query export {ARABIC_QUERY!r}: {found} paragraphs,"
              f" hits read in {time.perf_counter() - start:.2f} s")
        for fmt in FORMATS:  # timed without tracemalloc, which slows allocation-heavy code
            with tempfile.TemporaryFile() as out:
                start = time.perf_counter()
                export(FORMATS[fmt], query_export_excerpts(backend, ARABIC_QUERY), backend, out,
                       ExportMeta("bench"))
                print(f"  {fmt:5} {time.perf_counter() - start:6.2f} s")
        backend.close()


if __name__ == "__main__":
    main()
