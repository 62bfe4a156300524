"""Killed mid-write, nothing is half done: real processes ingesting, reindexing and editing
sets are killed (SIGKILL) at moments that vary run to run; after each kill the store passes
SQLite's integrity check, every stored report has all its paragraphs in the index (none
half-ingested), searches answer, and every set's positions run 0, 1, 2 … without a gap.
The reports are the bundled one and the SYNTHETIC fixtures, re-stamped each round."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from indexer.ingest import ingest_file
from indexer.sets import SetStore
from indexer.sqlite_backend import SQLiteBackend
from tests.kill_harness import kill_while_running
from tests.test_index_recovery import indexed_units, stored_units

pytestmark = pytest.mark.slow
KILLS = 8
# Ingests the reports again and again (each round's bytes differ, so each replaces the
# last), with a reindex every third round; prints after each step.
INGESTER = """
import sys
from pathlib import Path
from indexer.ingest import ingest_file
from indexer.sqlite_backend import SQLiteBackend
from tests.kill_harness import kill_while_running
from tests.test_index_recovery import indexed_units, stored_units
data, work = Path(sys.argv[1]), Path(sys.argv[2])
sources = [Path("corpus/sample/A_HRC_28_56_ar.txt"),
           *sorted(Path("tests/fixtures/synthetic").glob("synthetic_A_HRC_97_*_ar.txt"))]
backend = SQLiteBackend(data)
round = 0
while True:
    round += 1
    for source in sources:
        copy = work / source.name.removeprefix("synthetic_")
        copy.write_bytes(source.read_bytes() + f"\\nSYNTHETIC round {round}\\n".encode())
        ingest_file(backend, copy)
        print("ingested", round, flush=True)
    if round % 3 == 0:
        backend.reindex()
        print("reindexed", round, flush=True)
"""
# Ingests the same reports as a folder, read by two worker processes, again and again
# (re-stamped each round); prints before each file is stored from the second round on, so
# the first kill never finds an empty store (under load the first round can outlast it).
FOLDER_INGESTER = """
import sys
from pathlib import Path
from indexer.ingest import ingest_paths
from indexer.sqlite_backend import SQLiteBackend
data, work = Path(sys.argv[1]), Path(sys.argv[2])
sources = [Path("corpus/sample/A_HRC_28_56_ar.txt"),
           *sorted(Path("tests/fixtures/synthetic").glob("synthetic_A_HRC_97_*_ar.txt")),
           *sorted(Path("tests/fixtures/synthetic").glob("synthetic_report_*.txt"))]
backend = SQLiteBackend(data)
round = 0
def storing(i, n, path):
    if round > 1:
        print("storing", round, i, flush=True)
if __name__ == "__main__":
    while True:
        round += 1
        for source in sources:
            copy = work / source.name.removeprefix("synthetic_")
            copy.write_bytes(source.read_bytes() + f"\\nSYNTHETIC round {round}\\n".encode())
        ingest_paths(backend, [work], workers=2, progress=storing)
"""
# Creates sets and adds, moves, removes and reorders their items, forever.
EDITOR = """
import sys
from pathlib import Path
from indexer.sets import ParagraphRef, SetStore, lookup
from indexer.sqlite_backend import SQLiteBackend
from tests.kill_harness import kill_while_running
from tests.test_index_recovery import indexed_units, stored_units
backend = SQLiteBackend(Path(sys.argv[1]))
store = SetStore(Path(sys.argv[1]) / "sets.db")
excerpts = lookup([ParagraphRef("A/HRC/28/56", "ar", n) for n in range(1, 90)], backend)
n = 0
while True:
    n += 1
    found = store.create(f"set {n}", excerpts[: n % 40 + 1])
    store.add(found.id, excerpts[40:60], position=n % 5)
    refs = store.refs(found.id)
    store.move(found.id, refs[-1], 0)
    store.remove(found.id, refs[1:4])
    store.reorder(found.id, list(reversed(store.refs(found.id))))
    print("edited", n, flush=True)
"""


def _integrity(path: Path) -> str:
    with closing(sqlite3.connect(path)) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


def _assert_whole(data: Path, where: str) -> None:
    """The store is sound, every report whole, the index holding what the store holds."""
    assert _integrity(data / "fiqra.db") == "ok", where
    backend = SQLiteBackend(data)
    for summary in backend.list_reports():
        stored = backend.get_report(summary.symbol, summary.lang)
        assert stored is not None
        assert summary.paragraphs == len(stored.paragraphs), f"half ingested ({where})"
    assert indexed_units(backend) == stored_units(backend), where
    found = backend.search("الأطفال", limit=100)
    assert found.total > 0 and len(found.hits) == min(found.total, 100), where
    backend.close()


@pytest.mark.parametrize("writer", [INGESTER, FOLDER_INGESTER], ids=["files", "folder"])
def test_killed_ingests_and_reindexes_leave_no_half_report(writer: str, tmp_path: Path) -> None:
    data, work = tmp_path / "data", tmp_path / "work"
    work.mkdir()
    for kill in range(KILLS):
        delay = kill_while_running(writer, str(data), str(work))
        _assert_whole(data, f"kill {kill + 1}, after {delay:.2f} s")


def test_killed_set_edits_leave_every_set_whole(sample_path: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    backend = SQLiteBackend(data)
    ingest_file(backend, sample_path)
    backend.close()
    for kill in range(KILLS):
        delay = kill_while_running(EDITOR, str(data))
        where = f"kill {kill + 1}, after {delay:.2f} s"
        assert _integrity(data / "sets.db") == "ok", where
        store = SetStore(data / "sets.db")
        with closing(sqlite3.connect(data / "sets.db")) as db:
            for found in store.all_sets():
                positions = [p for (p,) in db.execute(
                    "SELECT position FROM set_items WHERE set_id = ? ORDER BY position",
                    (found.id,))]
                assert positions == list(range(found.size)), f"{found.name} ({where})"
