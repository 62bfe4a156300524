"""The store and the ranking index agree after a crash: a real ingest process is killed
(SIGKILL) at several moments, the store is opened again, and the index holds exactly the
units the store holds. The reports are bench/synthetic_corpus.py's (SYNTHETIC)."""

from __future__ import annotations

import json
import shutil
import sqlite3
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import tantivy

from bench.synthetic_corpus import synthetic_reports
from indexer.sqlite_backend import INDEX_DIR, SQLiteBackend
from indexer.tantivy_index import BUILT_WITH_FILE
from tests.kill_harness import kill_while_running

# Ingests SYNTHETIC reports, replaces and deletes some, forever, printing as it goes.
WRITER = """
import hashlib, sys
from dataclasses import replace
from pathlib import Path
from bench.synthetic_corpus import synthetic_reports
from indexer.sqlite_backend import SQLiteBackend
from tests.kill_harness import kill_while_running
backend = SQLiteBackend(Path(sys.argv[1]))
reports = list(synthetic_reports(89 * 4))
round = 0
while True:
    round += 1
    for i, report in enumerate(reports):
        if (i + round) % 3 == 0:
            backend.delete(report.symbol)
        else:
            version = replace(report, title=f"{report.title} {round}")
            backend.ingest(version, hashlib.sha256(version.title.encode()).hexdigest())
        print(round, i, flush=True)
"""


def indexed_units(backend: SQLiteBackend) -> list[int]:
    searcher = backend._index.index.searcher()
    found = searcher.search(tantivy.Query.all_query(), limit=max(1, searcher.num_docs))
    return sorted(searcher.fast_field_values("unit", [a for _, a in found.hits]))


def stored_units(backend: SQLiteBackend) -> list[int]:
    return [r["id"] for r in backend._query("SELECT id FROM units ORDER BY id")]


def test_a_killed_ingest_leaves_store_and_index_agreeing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    for _ in range(6):
        delay = kill_while_running(WRITER, str(data), within=1.5)
        backend = SQLiteBackend(data)
        assert indexed_units(backend) == stored_units(backend), f"killed after {delay:.3f}s"
        found = backend.search("الأطفال", include_blocks=True, limit=10_000)
        assert len(found.hits) == found.total  # every unit found is in the store
        backend.close()


def test_a_batch_that_replaces_and_deletes_ends_agreeing(tmp_path: Path) -> None:
    backend = SQLiteBackend(tmp_path / "data")
    reports = list(synthetic_reports(89 * 3))
    with backend.batch():
        for report in reports:
            backend.ingest(report, report.title)
        again = replace(reports[0], title=reports[0].title + " again")
        backend.ingest(again, again.title)
        backend.delete(reports[1].symbol)
        backend.ingest(reports[2], "another version")
    assert indexed_units(backend) == stored_units(backend)
    assert backend.search("الأطفال", symbol=reports[1].symbol).total == 0
    backend.close()


def test_an_index_ahead_of_the_store_is_rebuilt(tmp_path: Path) -> None:
    """A power cut may take the store's last commits (they are not flushed one by one)
    but not the index's: the store is then behind the index, which is rebuilt from it."""
    data = tmp_path / "data"
    first, second = list(synthetic_reports(89 * 2))[:2]
    backend = SQLiteBackend(data)
    backend.ingest(first, "first")
    before = backend._last_seq(backend._db)
    backend.ingest(second, "second")
    backend.close()
    with closing(sqlite3.connect(data / "fiqra.db")) as db, db:  # the store as it was
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("DELETE FROM reports WHERE symbol = ?", (second.symbol,))
        db.execute("DELETE FROM index_log")
        db.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'index_log'", (before,))
    backend = SQLiteBackend(data)
    assert indexed_units(backend) == stored_units(backend) != []
    assert backend.search("الأطفال", symbol=second.symbol).total == 0
    assert backend.search("الأطفال", symbol=first.symbol).total > 0
    backend.close()
def test_an_index_of_other_fields_weights_or_lists_or_half_rebuilt_is_rebuilt(
    tmp_path: Path,
) -> None:
    """An index another fiqra wrote (other fields, other kind weights, or other curated
    lists: a plural added), or a rebuild killed before its end (what it was built with not
    yet recorded), is rebuilt on opening."""
    data = tmp_path / "data"
    backend = SQLiteBackend(data)
    backend.ingest(next(synthetic_reports(89)), "0" * 64)
    expected = [(h.symbol, h.paragraph, h.score) for h in backend.search("الأطفال").hits]
    backend.close()
    index = data / INDEX_DIR
    built_with = index / BUILT_WITH_FILE
    recorded = json.loads(built_with.read_text())
    for spoil in (
        lambda: built_with.write_text(json.dumps({**recorded, "weights": {"recommendation": 0.5}})),
        lambda: built_with.write_text(json.dumps({**recorded, "analysis": "other lists"})),
        built_with.unlink,
        lambda: (shutil.rmtree(index), index.mkdir(), _other_index(index)),
    ):
        spoil()
        backend = SQLiteBackend(data)
        assert [(h.symbol, h.paragraph, h.score) for h in backend.search("الأطفال").hits] == (
            expected)
        assert indexed_units(backend) == stored_units(backend)
        assert backend._index.current  # rebuilt: what it was built with recorded
        assert json.loads(built_with.read_text()) == recorded
        backend.close()


def _other_index(path: Path) -> None:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("unit", fast=True)
    writer = tantivy.Index(builder.build(), str(path)).writer(15_000_000, 1)
    writer.commit()
    writer.wait_merging_threads()
