"""Ingestion: files in, reports parsed and handed to a backend, one report at a time.

A file that fails to parse is reported and skipped; nothing of it reaches the index, and
the other files of the same run still go in. The same bytes ingested twice change nothing.
An OHCHR thematic list (a Word table of a report's recommendations) is stored beside the
reports and attached to its report's recommendations, before or after that report.

Reading and analyzing a file needs nothing from the store, so when several files are
ingested they are read and analyzed in worker processes (one per core by default) while
this process alone writes, in the files' order: the store sees exactly what one process
reading them in turn would give it.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from corpus.limits import MAX_FILE_BYTES
from corpus.model import ParseError, RecommendationList, Report
from corpus.readers import EXTENSIONS, detect_format, read_bytes
from corpus.readers.thematic_list import read_thematic_list
from indexer.analysis import ReportAnalysis, analyze_report
from indexer.backend import Backend, IngestOutcome
from indexer.units import unit_paragraphs

# Files read ahead of the writer per worker: enough to keep every worker busy, few enough
# that the reports waiting to be written stay a small share of memory.
READ_AHEAD = 2
# Files per worker below which a pool costs more than it saves (starting it takes about
# as much CPU as reading a few text reports).
MIN_FILES_PER_WORKER = 2
# Objects allocated between two collections of the youngest generation while ingesting
# (Python's default: 700). An ingest allocates millions of small objects that reference
# counting frees; looking for cycles among them every 700 took 15% of its time.
INGEST_GC_THRESHOLD = 100_000


@dataclass
class IngestFailure:
    path: Path
    error: str


@dataclass
class ReadFile:
    """One file read (and, in a worker, analyzed): a report or a thematic list."""

    sha256: str
    report: Report | None = None
    analysis: ReportAnalysis | None = None
    found_list: RecommendationList | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (from a worker to the writer) with the report's paragraphs left to its
        analysis, whose units hold them whole: unpickling the paragraphs as objects of
        their own took the writer longer than storing them."""
        if self.report is None or self.analysis is None:
            return ReadFile, (self.sha256, self.report, None, self.found_list)
        return _analyzed, (self.sha256, replace(self.report, paragraphs=[]), self.analysis)


def _analyzed(sha256: str, report: Report, analysis: ReportAnalysis) -> ReadFile:
    report.paragraphs = unit_paragraphs(analysis.units)
    return ReadFile(sha256, report, analysis)


def iter_report_files(folder: Path) -> list[Path]:
    """Report files under `folder`, recursively, in a stable order (hidden files skipped)."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in EXTENSIONS
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def read_file(
    path: Path, *, symbol: str | None = None, lang: str | None = None, analyze: bool = False
) -> ReadFile:
    """Parse one file (and with `analyze`, analyze its report); ParseError if unusable."""
    if not path.is_file():
        raise ParseError(f"{path}: no such file")
    if path.stat().st_size > MAX_FILE_BYTES:  # refuse before reading it into memory
        raise ParseError(f"{path}: larger than {MAX_FILE_BYTES // 2**20} MiB, refused")
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    if detect_format(data, path.name) == "docx" and (
        found := read_thematic_list(data, path.name)
    ):
        return ReadFile(sha256, found_list=found)
    report = read_bytes(data, path.name, symbol=symbol, lang=lang)
    return ReadFile(sha256, report, analyze_report(report) if analyze else None)


def store(backend: Backend, read: ReadFile) -> IngestOutcome:
    """Hand a file read to the backend."""
    if read.found_list is not None:
        return backend.ingest_list(read.found_list, read.sha256)
    assert read.report is not None
    outcome = backend.ingest(read.report, read.sha256, read.analysis)
    outcome.found = read.report.metadata.get("ingest_report", {})
    outcome.warnings.extend(outcome.found.get("warnings", []))
    return outcome


def _stored_already(backend: Backend, path: Path) -> IngestOutcome | None:
    """`unchanged` when the backend holds the bytes of the file at `path` under its name
    (the file then needs no reading); None when not, or when the file cannot be read here
    (reading it says why)."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    return backend.unchanged(hashlib.sha256(data).hexdigest(), path.name)


def ingest_file(
    backend: Backend, path: Path, *, symbol: str | None = None, lang: str | None = None
) -> IngestOutcome:
    """Parse one file and store it; raise ParseError (index untouched) when it is unusable."""
    return store(backend, read_file(path, symbol=symbol, lang=lang))


@contextmanager
def _rare_collections() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(INGEST_GC_THRESHOLD, *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _start_worker() -> None:
    """A worker's first step: collect rarely (as the writer does), and end when the
    process that writes ends, even killed (-9), rather than wait for work forever."""
    gc.set_threshold(INGEST_GC_THRESHOLD, *gc.get_threshold()[1:])
    writer = multiprocessing.parent_process()
    assert writer is not None

    def watch() -> None:
        writer.join()
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _read_in_workers(
    files: list[Path], workers: int, lang: str | None
) -> Iterator[Future[ReadFile]]:
    """Each file read and analyzed by a pool of processes, in the files' order. They are
    forked from a server process that has imported only the readers and analyzers (not
    from this one, whose threads — the index writer's — a fork would copy mid-step)."""
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    with ProcessPoolExecutor(max_workers=workers, mp_context=context,
                             initializer=_start_worker) as pool:
        ahead: deque[Future[ReadFile]] = deque()
        for path in files:
            ahead.append(pool.submit(read_file, path, lang=lang, analyze=True))
            if len(ahead) >= workers * READ_AHEAD:
                yield ahead.popleft()
        yield from ahead


def ingest_paths(
    backend: Backend,
    paths: Iterable[Path],
    *,
    symbol: str | None = None,
    lang: str | None = None,
    progress: Callable[[int, int, Path], None] | None = None,
    workers: int = 1,
) -> tuple[list[IngestOutcome], list[IngestFailure]]:
    """Ingest files and folders (recursively); `progress(i, n, path)` before each file is
    stored; with `workers` > 1 and several files, files are read in up to that many
    processes (one for every MIN_FILES_PER_WORKER files at most). A file whose bytes are
    stored under its name is `unchanged` without being read (unless a symbol or a
    language is given: they may store it under another key)."""
    files = [f for p in paths for f in (iter_report_files(p) if p.is_dir() else [p])]
    if symbol and len(files) > 1:
        raise ParseError("--symbol names one report: give it with a single file")
    done: list[IngestOutcome] = []
    failed: list[IngestFailure] = []
    known = {} if symbol or lang else {
        path: outcome for path in files if (outcome := _stored_already(backend, path))}
    unread = [path for path in files if path not in known]
    workers = min(workers, len(unread) // MIN_FILES_PER_WORKER)
    with backend.batch(), _rare_collections():
        reading = _read_in_workers(unread, workers, lang) if workers > 1 else None
        try:
            for i, path in enumerate(files, 1):
                if progress:
                    progress(i, len(files), path)
                if path in known:
                    done.append(known[path])
                    continue
                try:
                    read = (next(reading).result() if reading
                            else read_file(path, symbol=symbol, lang=lang))
                    done.append(store(backend, read))
                except ParseError as exc:
                    failed.append(IngestFailure(path, str(exc)))
                except BrokenProcessPool as exc:  # a worker was killed (out of memory…)
                    for rest in files[i - 1:]:
                        if rest in known:
                            done.append(known[rest])
                        else:
                            failed.append(IngestFailure(
                                rest, f"{rest}: not ingested: a process reading the files"
                                      f" stopped ({exc}); nothing of it was stored, ingest it"
                                      " again"))
                    break
        finally:
            if reading is not None:
                reading.close()  # the pool shuts down, its processes end
    return done, failed
