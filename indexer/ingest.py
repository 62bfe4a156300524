"""Ingestion: files in, reports parsed and handed to a backend, one report at a time.

A file that fails to parse is reported and skipped; nothing of it reaches the index, and
the other files of the same run still go in. The same bytes ingested twice change nothing.
An OHCHR thematic list (a Word table of a report's recommendations) is stored beside the
reports and attached to its report's recommendations, before or after that report.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from corpus.limits import MAX_FILE_BYTES
from corpus.model import ParseError
from corpus.readers import EXTENSIONS, detect_format, read_bytes
from corpus.readers.thematic_list import read_thematic_list
from indexer.backend import Backend, IngestOutcome


@dataclass
class IngestFailure:
    path: Path
    error: str


def iter_report_files(folder: Path) -> list[Path]:
    """Report files under `folder`, recursively, in a stable order (hidden files skipped)."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.is_file()
        and p.suffix.lower() in EXTENSIONS
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    )


def ingest_file(
    backend: Backend, path: Path, *, symbol: str | None = None, lang: str | None = None
) -> IngestOutcome:
    """Parse one file and store it; raise ParseError (index untouched) when it is unusable."""
    if not path.is_file():
        raise ParseError(f"{path}: no such file")
    if path.stat().st_size > MAX_FILE_BYTES:  # refuse before reading it into memory
        raise ParseError(f"{path}: larger than {MAX_FILE_BYTES // 2**20} MiB, refused")
    data = path.read_bytes()
    sha256 = hashlib.sha256(data).hexdigest()
    if detect_format(data, path.name) == "docx" and (
        found := read_thematic_list(data, path.name)
    ):
        return backend.ingest_list(found, sha256)
    report = read_bytes(data, path.name, symbol=symbol, lang=lang)
    outcome = backend.ingest(report, sha256)
    outcome.found = report.metadata.get("ingest_report", {})
    outcome.warnings.extend(outcome.found.get("warnings", []))
    return outcome


def ingest_paths(
    backend: Backend,
    paths: Iterable[Path],
    *,
    symbol: str | None = None,
    lang: str | None = None,
    progress: Callable[[int, int, Path], None] | None = None,
) -> tuple[list[IngestOutcome], list[IngestFailure]]:
    """Ingest files and folders (recursively); `progress(i, n, path)` before each file."""
    files = [f for p in paths for f in (iter_report_files(p) if p.is_dir() else [p])]
    if symbol and len(files) > 1:
        raise ParseError("--symbol names one report: give it with a single file")
    done: list[IngestOutcome] = []
    failed: list[IngestFailure] = []
    with backend.batch():
        for i, path in enumerate(files, 1):
            if progress:
                progress(i, len(files), path)
            try:
                done.append(ingest_file(backend, path, symbol=symbol, lang=lang))
            except ParseError as exc:
                failed.append(IngestFailure(path, str(exc)))
    return done, failed
