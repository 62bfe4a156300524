"""A folder read and analyzed in worker processes (real processes) stores exactly what one
process reading the files in turn stores; a file that fails, or a worker that is killed,
leaves the store as it was for the files concerned, with a clear error for each."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sqlite3
from pathlib import Path

import pytest

from indexer.backend import Backend
from indexer.ingest import IngestFailure, ingest_paths
from indexer.sqlite_backend import SQLiteBackend
from tests.test_index_recovery import indexed_units, stored_units

ROOT = Path(__file__).resolve().parent.parent
SYNTHETIC = ROOT / "tests" / "fixtures" / "synthetic"
REAL = ROOT / "tests" / "data" / "real"
# Every derived row of the store that does not depend on the order rows were written in.
STORED = {
    "units": "SELECT symbol, lang, paragraph, kind, position, section, text, data, item, tags"
             " FROM units ORDER BY symbol, lang, position",
    "citations": "SELECT symbol, lang, paragraph, target, target_symbol, kind,"
                 " target_paragraphs, locator, text, url FROM citations"
                 " ORDER BY symbol, lang, paragraph, text, target",
    "reports": "SELECT symbol, lang, title, sha256, year FROM reports ORDER BY symbol, lang",
    "lists": "SELECT symbol, sha256, doc FROM recommendation_lists ORDER BY symbol",
}


@pytest.fixture
def folder(tmp_path: Path, sample_path: Path) -> Path:
    """Reports in six languages (SYNTHETIC), the bundled report, a real UPR report and
    its real thematic list (stored first, attached when the report comes), and a file
    that is not a report (SYNTHETIC: binary bytes under a report's name)."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for path in sorted(SYNTHETIC.glob("synthetic_report_*.txt")):
        shutil.copy(path, folder / path.name)
    shutil.copy(sample_path, folder / sample_path.name)
    for name in ("g1423930.pdf", "UPR20__Slovenia_ThematicListRecommendations_E.docx"):
        shutil.copy(REAL / name, folder / name)
    (folder / "synthetic_A_HRC_97_99_ar.txt").write_bytes(b"\x00\x01\x02 SYNTHETIC" * 50)
    return folder


def stored_rows(data: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(data / "fiqra.db") as db:
        return {table: db.execute(sql).fetchall() for table, sql in STORED.items()}


def ingest(data: Path, folder: Path, workers: int) -> tuple[list, list[IngestFailure]]:
    backend = SQLiteBackend(data)
    try:
        done, failed = ingest_paths(backend, [folder], workers=workers)
        assert indexed_units(backend) == stored_units(backend)
        return [(o.status, o.symbol, o.lang, o.paragraphs, o.warnings) for o in done], failed
    finally:
        backend.close()


def test_workers_store_what_one_process_stores(folder: Path, tmp_path: Path) -> None:
    alone, alone_failed = ingest(tmp_path / "alone", folder, workers=1)
    pooled, pooled_failed = ingest(tmp_path / "pooled", folder, workers=3)
    assert pooled == alone
    assert [(f.path, f.error) for f in pooled_failed] == [(f.path, f.error) for f in
                                                          alone_failed]
    assert [f.path.name for f in pooled_failed] == ["synthetic_A_HRC_97_99_ar.txt"]
    assert "binary" in pooled_failed[0].error
    rows = stored_rows(tmp_path / "pooled")
    assert rows == stored_rows(tmp_path / "alone")
    assert any(row[-1] for row in rows["units"])  # the list's tags reached its report's units
    again, again_failed = ingest(tmp_path / "pooled", folder, workers=3)
    assert {status for status, *_ in again} == {"unchanged"}
    assert len(again) == len(pooled) and len(again_failed) == 1
    assert stored_rows(tmp_path / "pooled") == rows


def test_a_killed_worker_fails_the_files_not_yet_read(tmp_path: Path) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for n in range(12):  # SYNTHETIC reports, each its own symbol
        paragraphs = "\n\n".join(f"{k}-\tفقرة تجريبية {k} من التقرير {n} عن حماية الأطفال."
                                   for k in range(1, 30))
        (folder / f"synthetic_A_HRC_97_{n + 1:02}_ar.txt").write_text(
            f"تقرير تجريبي (SYNTHETIC) {n}\n\n{paragraphs}\n", encoding="utf-8")

    def kill_the_workers(i: int, n: int, path: Path) -> None:
        if i == 2:  # the pool is running: file 1 is stored
            for worker in multiprocessing.active_children():
                os.kill(worker.pid, signal.SIGKILL)  # type: ignore[arg-type]

    backend = SQLiteBackend(tmp_path / "data")
    done, failed = ingest_paths(backend, [folder], workers=2, progress=kill_the_workers)
    assert done and failed and len(done) + len(failed) == 12
    assert [f.path for f in failed] == sorted(folder.iterdir())[len(done):]
    assert all("a process reading the files stopped" in f.error and "ingest it again" in f.error
               for f in failed)
    assert backend.report_count() == len(done)
    assert indexed_units(backend) == stored_units(backend)
    again, again_failed = ingest_paths(backend, [folder], workers=2)
    assert not again_failed
    assert [o.status for o in again] == ["unchanged"] * len(done) + ["added"] * len(failed)
    assert backend.report_count() == 12
    backend.close()


def test_a_few_files_are_read_without_a_pool(tmp_path: Path, sample_path: Path) -> None:
    """Starting workers costs more than reading fewer files than two per worker."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for path in [sample_path, *sorted(SYNTHETIC.glob("synthetic_report_*.txt"))[:2]]:
        shutil.copy(path, folder / path.name)
    pools: list[int] = []
    backend = SQLiteBackend(tmp_path / "data")
    done, failed = ingest_paths(backend, [folder], workers=2,
                                progress=lambda *_: pools.append(len(
                                    multiprocessing.active_children())))
    backend.close()
    assert len(done) == 3 and not failed and pools == [0, 0, 0]


def check_reingest_reads_only_new_files(backend: Backend, tmp_path: Path) -> None:
    """A folder ingested again: each file stored under its name is unchanged without being
    read (no account of what was found in it); the same bytes under another name (another
    symbol) are read and added."""
    folder = tmp_path / "again"
    folder.mkdir()
    for path in sorted(SYNTHETIC.glob("synthetic_A_HRC_97_*_ar.txt")):
        shutil.copy(path, folder / path.name)
    first, failed = ingest_paths(backend, [folder])
    assert not failed and [o.status for o in first] == ["added"] * len(first)
    shutil.copy(folder / "synthetic_A_HRC_97_20_ar.txt", folder / "synthetic_A_HRC_97_21_ar.txt")
    again, failed = ingest_paths(backend, [folder])
    assert not failed
    by_symbol = {o.symbol: o for o in again}
    assert (by_symbol["A/HRC/97/21"].status, bool(by_symbol["A/HRC/97/21"].found)) == (
        "added", True)
    assert [(by_symbol[o.symbol].status, by_symbol[o.symbol].found, by_symbol[o.symbol].lang,
             by_symbol[o.symbol].paragraphs) for o in first] == [
        ("unchanged", {}, o.lang, o.paragraphs) for o in first]


def test_reingest_reads_only_new_files(empty_backend: SQLiteBackend, tmp_path: Path) -> None:
    check_reingest_reads_only_new_files(empty_backend, tmp_path)
