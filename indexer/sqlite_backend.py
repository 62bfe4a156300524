"""The embedded backend: SQLite is the store of record, a Tantivy index ranks.

Each report is written in one transaction (replace = delete + insert, so a reader sees
the old version or the new one, never half), which also logs the change for the ranking
index (indexer.tantivy_index); the index follows the log (see "keeping the index with the
store" below), so a crash at any moment leaves the two agreeing once the store is opened
again. Reads go through one SQLite connection per thread (WAL: readers never wait).
"""

from __future__ import annotations

import fcntl
import json
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import tantivy

from corpus.model import Paragraph, RecommendationList, Report, plain
from corpus.recommendations import attach
from corpus.symbols import base_symbol, canonical_symbol, document_url
from indexer.analysis import ReportAnalysis, analyze_report
from indexer.backend import (
    Citation,
    Hit,
    IngestOutcome,
    ReportSummary,
    SearchResults,
    list_outcome,
)
from indexer.citation_index import CitedTarget, document_key
from indexer.facets import MAX_MATCHES, MatchedUnit
from indexer.query import WordForms, query_words
from indexer.ranking import LUCENE_BM25_SCALE
from indexer.report_fields import indexed_section_forms
from indexer.search_plan import PlannedSearch, SearchPlan, citing_hit
from indexer.tantivy_index import FILTER_FIELDS, SYMBOL_PREFIX_FILTERS, IndexedUnit, RankingIndex
from indexer.units import Unit, explain_hit, report_units, snippet, unit_paragraph

INDEX_DIR = "index"
BATCH_REPORTS = 200  # reports held in memory before a batch hands them to the index

STORE_FILE = "fiqra.db"  # in the data directory; its presence is what makes a store
# Raise when the derived tables or the analysis code that fills them change: stores are
# then rebuilt on opening. An edit of a curated list in analyzers/data needs no raise: the
# index records the lists' fingerprint (`RankingIndex.current`). Versions: 11: English
# irregular plurals stemmed as their singular, Arabic stop words that start with و or ف
# kept whole; 12: a paragraph's items and footnotes kept once, in its unit's `data`, no
# longer in the report's `doc` too; 13: an Arabic nisba adjective keeps its ي in its stem,
# and a written tanween's alif leaves it; 14: more Arabic broken plurals and prefix
# exceptions, State names among them; 15: old General Assembly resolutions as the Arabic
# documents number them, 217 ألف (د-3), cited; 16: more English irregular plurals; 17:
# Arabic للجنة keeps the lam of لجنة, لاجئون is لاجئ + ون, المرأة meets امرأة; 18: آلية is
# no stop word, إلغاء and التزام keep their ال; 19: a word written with a hamza, madda, taa
# marbuta or alef maqsura is a stop word only as the list spells it (فئة); 20: ظواهر, أشهر
# and فجوة.
SCHEMA_VERSION = 20
SCHEMA = """
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    symbol TEXT NOT NULL,
    lang TEXT NOT NULL,
    title TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    year INTEGER,
    doc TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    UNIQUE (symbol, lang)
);
CREATE TABLE IF NOT EXISTS recommendation_lists (
    symbol TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS units (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    symbol TEXT NOT NULL,
    lang TEXT NOT NULL,
    paragraph INTEGER,
    kind TEXT NOT NULL,
    position INTEGER NOT NULL,
    section TEXT NOT NULL,
    text TEXT NOT NULL,
    data TEXT,
    item TEXT,
    tags TEXT
);
CREATE INDEX IF NOT EXISTS units_by_paragraph ON units (symbol, lang, paragraph);
CREATE INDEX IF NOT EXISTS units_by_report ON units (report_id);
CREATE INDEX IF NOT EXISTS reports_by_sha256 ON reports (sha256);
CREATE TABLE IF NOT EXISTS citations (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    symbol TEXT NOT NULL,
    lang TEXT NOT NULL,
    paragraph INTEGER,
    target TEXT NOT NULL,
    target_symbol TEXT,
    target_base TEXT,
    kind TEXT NOT NULL,
    target_paragraphs TEXT NOT NULL,
    locator TEXT,
    text TEXT NOT NULL,
    url TEXT
);
CREATE INDEX IF NOT EXISTS citations_by_source ON citations (symbol, paragraph);
CREATE INDEX IF NOT EXISTS citations_by_target
    ON citations (target_symbol, symbol, lang, paragraph);
CREATE INDEX IF NOT EXISTS citations_by_target_base
    ON citations (target_base, symbol, lang, paragraph);
CREATE TABLE IF NOT EXISTS report_facts (
    report_id INTEGER PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
    paragraphs INTEGER NOT NULL,
    metadata TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS index_log (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    report_id INTEGER NOT NULL
);
"""


class SQLiteBackend(PlannedSearch):
    """Backend on a SQLite file and a Tantivy index in `data_dir`; safe to share between
    threads (each reads on its own connection) and between processes."""

    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / STORE_FILE
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._write_lock = threading.RLock()
        self._db = self._connect()
        self._db.execute("PRAGMA journal_mode = WAL")
        # A commit is not flushed to disk on its own (WAL's NORMAL): a killed process loses
        # nothing, a power cut may lose the last commits, and an index found ahead of the
        # store then is rebuilt (below). One flush per report was most of an ingest's time.
        self._db.execute("PRAGMA synchronous = NORMAL")
        self._index_lock_path = data_dir / "index.lock"
        self._applied_path = data_dir / "index.applied"
        self._applied_seen: int | None = None
        self._pending: dict[int, list[IndexedUnit]] = {}  # reports to send to the index
        self._written: set[int] = set()  # reports sent to the index, not committed yet
        self._writer: tantivy.IndexWriter | None = None
        self._batch = 0
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        self._db.executescript(SCHEMA)
        self._index = RankingIndex(data_dir / INDEX_DIR)
        if (version != SCHEMA_VERSION or not self._index.current
                or self._applied() > self._last_seq(self._db)):
            # A store written by another fiqra; an index missing, half rebuilt or written
            # for other kind weights; or one holding changes the store lost (a power cut
            # after the index's commit): the reports are kept, everything derived from them
            # rebuilt.
            self.reindex()
        else:
            self._catch_up(wait=False)

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 30000")
        self._connections.append(db)
        return db

    def reindex(self) -> dict[str, int]:
        """Rebuild everything derived from the stored reports (units, citations, the
        ranking index): after an analyzer, extractor or schema change."""
        with self._index_writer() as writer:
            with self._transaction() as db:
                db.execute("DROP TABLE IF EXISTS units_fts")  # the FTS5 index of schema <= 7
                db.execute("DROP TABLE IF EXISTS citations")
                db.execute("DROP TABLE IF EXISTS report_facts")
                db.execute("DROP TABLE IF EXISTS units_before")
                # The units hold the reports' texts: read from the old table while rebuilding.
                before = db.execute(
                    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'units'"
                ).fetchone()
                if before:
                    db.execute("ALTER TABLE units RENAME TO units_before")
                db.execute("DROP INDEX IF EXISTS units_by_paragraph")
                db.execute("DROP INDEX IF EXISTS units_by_report")
                if before:  # each report's texts are read from it: by report, not a scan
                    db.execute("CREATE INDEX units_before_by_report ON units_before (report_id)")
                for statement in SCHEMA.split(";"):
                    if "CREATE" in statement and "TABLE IF NOT EXISTS reports" not in statement:
                        db.execute(statement)
                writer.delete_all_documents()
                rows = db.execute("SELECT id, doc, year FROM reports").fetchall()
                for row in rows:
                    report = _stored_report(db, row["id"], row["doc"], "units_before")
                    # In this schema's layout (an older one may keep paragraphs in `doc`).
                    db.execute("UPDATE reports SET doc = ? WHERE id = ?",
                               (_report_doc(report), row["id"]))
                    analysis = analyze_report(report)
                    ids = self._insert_derived(db, row["id"], report, analysis)
                    self._pending[row["id"]] = _entries(row["id"], ids, analysis.units,
                                                        row["year"])
                    # Logged like any change: killed after the store's commit and before
                    # the index's, the next opening re-indexes every report (new unit ids).
                    db.execute("INSERT INTO index_log (report_id) VALUES (?)", (row["id"],))
                    if len(self._pending) >= BATCH_REPORTS:
                        self._write_pending(writer)
                db.execute("DROP TABLE IF EXISTS units_before")
                db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                seq = self._last_seq(db)
            self._write_pending(writer)
            self._commit(writer, seq)
            self._index.mark_current()
        return {"reports": len(rows)}

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._write_lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _reader(self) -> sqlite3.Connection:
        """This thread's own connection: reads never wait for one another."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._local.db = self._connect()
        return db

    def _query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        return self._reader().execute(sql, params).fetchall()

    # -- keeping the index with the store ---------------------------------------
    #
    # Every stored change appends the report's id to `index_log`; the index is brought up
    # to the log's end after each ingest (or batch), and by the next process to open the
    # store when a crash came between. `index.applied` names the last change the index
    # holds, written after Tantivy's commit; replaying a change is idempotent (delete the
    # report's units, add those the store holds now), so a crash between the two is safe.

    @contextmanager
    def _index_writer(self) -> Iterator[tantivy.IndexWriter]:
        """The ranking index's writer, held with the store's index lock (one writing
        process at a time); reentrant, so a batch keeps one writer."""
        if self._writer is not None:
            yield self._writer
            return
        with self._write_lock:
            lock = open(self._index_lock_path, "ab")  # noqa: SIM115  # held across yields
            try:
                fcntl.flock(lock, fcntl.LOCK_EX)
                self._writer = self._index.writer()
                # Files a killed writer left behind would collide with the ones this
                # writer names the same: remove whatever no commit refers to.
                self._writer.garbage_collect_files()
                try:
                    yield self._writer
                finally:
                    writer, self._writer = self._writer, None
                    writer.wait_merging_threads()  # merges finish before the lock goes
                    self._index.reload()
            finally:
                lock.close()

    def _catch_up(self, *, wait: bool) -> None:
        """Bring the index up to the store's last change; without `wait`, leave it to the
        process that holds the index lock, if any."""
        if self._writer is None and not wait:
            with open(self._index_lock_path, "ab") as probe:
                try:
                    fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    return
                fcntl.flock(probe, fcntl.LOCK_UN)
        with self._index_writer() as writer:
            applied = self._applied()
            log = self._query(
                "SELECT seq, report_id FROM index_log WHERE seq > ? ORDER BY seq", (applied,)
            )
            if not log:
                return
            for entry in log:
                report_id = entry["report_id"]
                if report_id not in self._pending and report_id not in self._written:
                    self._pending[report_id] = self._stored_entries(report_id)
            self._write_pending(writer)
            self._commit(writer, log[-1]["seq"])

    def _stored_entries(self, report_id: int) -> list[IndexedUnit]:
        """A stored report's units for the index, analyzed again (catching up)."""
        rows = self._query("SELECT doc, year FROM reports WHERE id = ?", (report_id,))
        if not rows:
            return []
        units = list(report_units(_stored_report(self._reader(), report_id, rows[0]["doc"])))
        ids = {
            r["position"]: r["id"]
            for r in self._query("SELECT id, position FROM units WHERE report_id = ?", (report_id,))
        }
        return _entries(report_id, [ids[u.position] for u in units], units, rows[0]["year"])

    def _write_pending(self, writer: tantivy.IndexWriter) -> None:
        for report_id, entries in self._pending.items():
            RankingIndex.replace(writer, report_id, entries)
        self._written.update(self._pending)
        self._pending.clear()

    def _commit(self, writer: tantivy.IndexWriter, seq: int) -> None:
        writer.commit()
        self._written.clear()
        fd, tmp = tempfile.mkstemp(dir=self._applied_path.parent, prefix=".applied")
        with os.fdopen(fd, "w") as out:
            out.write(str(seq))
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self._applied_path)
        with self._transaction() as db:
            db.execute("DELETE FROM index_log WHERE seq <= ?", (seq,))

    def _applied(self) -> int:
        try:
            return int(self._applied_path.read_text() or 0)
        except FileNotFoundError:
            return 0

    @staticmethod
    def _last_seq(db: sqlite3.Connection) -> int:
        row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'index_log'").fetchone()
        return int(row["seq"]) if row else 0

    def _fresh_index(self) -> RankingIndex:
        """The index as last committed by any process (reloaded when it changed)."""
        applied = self._applied()
        if applied != self._applied_seen:
            self._applied_seen = applied
            self._index.reload()
        return self._index

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Ingest many reports with one index writer and one commit, at the end (a crash
        meanwhile: the log has them all, the next opening indexes them)."""
        with self._index_writer():
            self._batch += 1
            try:
                yield
            finally:
                self._batch -= 1
                if not self._batch:
                    self._catch_up(wait=True)

    # -- writing ---------------------------------------------------------------

    def ingest(self, report: Report, source_sha256: str,
               analysis: ReportAnalysis | None = None) -> IngestOutcome:
        if stored := self.recommendation_list(report.symbol):
            attach(report, stored)
            analysis = None  # the list's tags are in the units: analyze the report with them
        # Analysis happens before the transaction: the store is locked only to write.
        analysis = analysis or analyze_report(report)
        with self._transaction() as db:
            old = db.execute(
                "SELECT id, sha256 FROM reports WHERE symbol = ? AND lang = ?",
                (report.symbol, report.lang),
            ).fetchone()
            if old and old["sha256"] == source_sha256:
                return IngestOutcome(
                    report.symbol, report.lang, "unchanged", len(report.paragraphs)
                )
            if old:
                self._delete_rows(db, [old["id"]])
            report_id = db.execute(
                "INSERT INTO reports (symbol, lang, title, sha256, year, doc, ingested_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    report.symbol,
                    report.lang,
                    report.title,
                    source_sha256,
                    analysis.year,
                    _report_doc(report),
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            ).lastrowid
            assert report_id is not None
            ids = self._insert_derived(db, report_id, report, analysis)
            db.execute("INSERT INTO index_log (report_id) VALUES (?)", (report_id,))
        self._pending[report_id] = _entries(report_id, ids, analysis.units, analysis.year)
        if not self._batch:
            self._catch_up(wait=True)
        elif len(self._pending) >= BATCH_REPORTS:
            # A batch commits once, at its end: until then the index writer holds them.
            with self._index_writer() as writer:
                self._write_pending(writer)
        status = "replaced" if old else "added"
        return IngestOutcome(report.symbol, report.lang, status, len(report.paragraphs))

    def unchanged(self, source_sha256: str, source: str) -> IngestOutcome | None:
        rows = self._query(
            "SELECT r.symbol, r.lang, f.paragraphs, f.metadata FROM reports r"
            " JOIN report_facts f ON f.report_id = r.id WHERE r.sha256 = ?", (source_sha256,))
        return next((IngestOutcome(r["symbol"], r["lang"], "unchanged", r["paragraphs"])
                     for r in rows if json.loads(r["metadata"]).get("source") == source), None)

    def recommendation_list(self, symbol: str) -> RecommendationList | None:
        rows = self._query("SELECT doc FROM recommendation_lists WHERE symbol = ?",
                           (canonical_symbol(symbol),))
        return RecommendationList.from_dict(json.loads(rows[0]["doc"])) if rows else None

    def ingest_list(self, found: RecommendationList, source_sha256: str) -> IngestOutcome:
        rows = self._query("SELECT id, doc, year FROM reports WHERE symbol = ?", (found.symbol,))
        reports = [(r["id"], r["year"], _stored_report(self._reader(), r["id"], r["doc"]))
                   for r in rows]
        attached = max((attach(report, found) for _, _, report in reports), default=0)
        derived = [(i, year, r, analyze_report(r)) for i, year, r in reports]
        with self._transaction() as db:
            old = db.execute("SELECT sha256 FROM recommendation_lists WHERE symbol = ?",
                             (found.symbol,)).fetchone()
            if old and old["sha256"] == source_sha256:
                return list_outcome(found, "unchanged", attached)
            db.execute(
                "INSERT OR REPLACE INTO recommendation_lists (symbol, sha256, doc)"
                " VALUES (?, ?, ?)",
                (found.symbol, source_sha256, json.dumps(found.to_dict(), ensure_ascii=False)),
            )
            # The reports it belongs to are stored and indexed again with its tags.
            for report_id, year, report, analysis in derived:
                for derived_table in ("units", "citations", "report_facts"):
                    db.execute(f"DELETE FROM {derived_table} WHERE report_id = ?", (report_id,))
                db.execute("UPDATE reports SET doc = ? WHERE id = ?",
                           (_report_doc(report), report_id))
                ids = self._insert_derived(db, report_id, report, analysis)
                db.execute("INSERT INTO index_log (report_id) VALUES (?)", (report_id,))
                self._pending[report_id] = _entries(report_id, ids, analysis.units, year)
        if derived:
            self._catch_up(wait=True)
        return list_outcome(found, "replaced" if old else "added", attached)

    @staticmethod
    def _insert_derived(
        db: sqlite3.Connection,
        report_id: int,
        report: Report,
        analysis: ReportAnalysis,
    ) -> list[int]:
        """The rows derived from a stored report (its units, citations and the facts a
        listing shows, read without decoding the report); the units' row ids, in order."""
        units = analysis.units
        db.execute(
            "INSERT INTO report_facts (report_id, paragraphs, metadata) VALUES (?, ?, ?)",
            (
                report_id,
                len(report.paragraphs),
                json.dumps(report.metadata, ensure_ascii=False),
            ),
        )
        first = db.execute("SELECT coalesce(max(id), 0) + 1 FROM units").fetchone()[0]
        ids = list(range(first, first + len(units)))
        sections: dict[tuple[str, ...], str] = {}  # each section path encoded once
        rows = []
        for unit_id, u in zip(ids, units, strict=True):
            section = sections.get(key := tuple(u.section))
            if section is None:
                section = sections[key] = json.dumps(u.section, ensure_ascii=False)
            rows.append((unit_id, report_id, u.symbol, u.lang, u.paragraph, u.kind, u.position,
                         section, u.text, u.data, u.item,
                         json.dumps(u.tags, ensure_ascii=False) if u.tags else None))
        db.executemany(
            "INSERT INTO units (id, report_id, symbol, lang, paragraph, kind, position,"
            " section, text, data, item, tags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.executemany(
            "INSERT INTO citations (report_id, symbol, lang, paragraph, target,"
            " target_symbol, target_base, kind, target_paragraphs, locator, text, url)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    report_id,
                    report.symbol,
                    report.lang,
                    c.paragraph,
                    c.ref.target,
                    c.target_symbol,
                    base_symbol(c.target_symbol) if c.target_symbol else None,
                    c.ref.kind,
                    json.dumps(list(c.ref.target_paragraphs)),
                    c.ref.locator,
                    c.ref.text,
                    c.ref.url,
                )
                for c in analysis.citations
            ],
        )
        return ids

    def _delete_rows(self, db: sqlite3.Connection, report_ids: list[int]) -> None:
        for report_id in report_ids:  # the log says to remove them from the index again
            self._pending.pop(report_id, None)
            self._written.discard(report_id)
        marks = ",".join("?" * len(report_ids))
        db.execute(f"DELETE FROM reports WHERE id IN ({marks})", report_ids)
        db.executemany("INSERT INTO index_log (report_id) VALUES (?)", [(i,) for i in report_ids])

    def delete(self, symbol: str, lang: str | None = None) -> int:
        symbol = canonical_symbol(symbol)
        with self._transaction() as db:
            rows = db.execute(
                "SELECT id FROM reports WHERE symbol = ? AND (? IS NULL OR lang = ?)",
                (symbol, lang, lang),
            ).fetchall()
            if rows:
                self._delete_rows(db, [r["id"] for r in rows])
        if rows:
            self._catch_up(wait=True)
        return len(rows)

    # -- reading ---------------------------------------------------------------

    def report_count(self) -> int:
        return int(self._query("SELECT count(*) AS n FROM reports")[0]["n"])

    def list_reports(self) -> list[ReportSummary]:
        rows = self._query(
            "SELECT r.symbol, r.lang, r.title, f.paragraphs, f.metadata FROM reports r"
            " JOIN report_facts f ON f.report_id = r.id ORDER BY r.symbol, r.lang"
        )
        return [
            ReportSummary(
                r["symbol"],
                r["lang"],
                r["title"],
                r["paragraphs"],
                json.loads(r["metadata"]),
            )
            for r in rows
        ]

    def languages(self, symbol: str | None = None) -> list[str]:
        if symbol is not None:
            rows = self._query("SELECT lang FROM reports WHERE symbol = ? ORDER BY lang", (symbol,))
            return [r["lang"] for r in rows]
        # The corpus's languages, asked by every search: kept until another connection
        # writes (this thread's connection only reads).
        db = self._reader()
        version = db.execute("PRAGMA data_version").fetchone()[0]
        known = getattr(self._local, "languages", None)
        if known is None or known[0] != version:
            rows = db.execute("SELECT DISTINCT lang FROM reports ORDER BY lang").fetchall()
            known = self._local.languages = (version, [r["lang"] for r in rows])
        return list(known[1])

    def get_report(self, symbol: str, lang: str | None = None) -> Report | None:
        rows = self._query(
            "SELECT id, doc FROM reports WHERE symbol = ? AND (? IS NULL OR lang = ?)"
            " ORDER BY lang != 'ar', lang",
            (canonical_symbol(symbol), lang, lang),
        )
        return _stored_report(self._reader(), rows[0]["id"], rows[0]["doc"]) if rows else None

    def get_paragraph(self, symbol: str, lang: str, number: int) -> Paragraph | None:
        rows = self._query(
            "SELECT paragraph, section, text, data FROM units WHERE symbol = ? AND lang = ?"
            " AND paragraph = ? AND kind = 'paragraph'",
            (canonical_symbol(symbol), lang, number),
        )
        return _stored_paragraph(rows[0]) if rows else None

    # -- searching -------------------------------------------------------------

    def _ranked_query(self, plan: SearchPlan, include_blocks: bool) -> tantivy.Query | None:
        """The ranking index's query for a plan (None: nothing to search for)."""
        parsed = plan.parsed
        # A corpus of one language needs no language filter (the common case, and a
        # filter matching every unit costs a little on every query).
        present = self.languages()
        languages = plan.langs or self.languages(plan.symbol)
        filters: dict[str, Any] = {
            name: values
            for name, values in parsed.filters.items()
            if (name in FILTER_FIELDS or name in SYMBOL_PREFIX_FILTERS)
            and name not in ("lang", "symbol")
        }
        if plan.symbols:
            filters["symbol"] = plan.symbols
        if not include_blocks:
            filters["numbered"] = "yes"
        only = len(present) == 1 and languages == present
        return self._fresh_index().query(parsed.root, languages, filters,
                                         filter_language=not only)

    def _matched_units(self, plan: SearchPlan, *, include_blocks: bool) -> list[MatchedUnit]:
        query = self._ranked_query(plan, include_blocks)
        if query is None:
            return []
        ids = [unit for _, unit in self._fresh_index().search(query, MAX_MATCHES, 0).hits]
        rows = self._query(
            "SELECT u.symbol, u.lang, u.paragraph, u.kind, u.position, u.section, u.text, r.year,"
            " u.item, u.tags"
            " FROM units u JOIN reports r ON r.id = u.report_id"
            f" WHERE u.id IN ({','.join('?' * len(ids))})",
            ids,
        ) if ids else []
        return [MatchedUnit(r["symbol"], r["lang"], r["paragraph"], r["kind"], r["position"],
                            r["year"], tuple(json.loads(r["section"])), r["text"], r["item"],
                            json.loads(r["tags"]) if r["tags"] else None) for r in rows]

    def _search_words(
        self, plan: SearchPlan, *, limit: int, offset: int, explain: bool, include_blocks: bool,
        snippets: bool = True,
    ) -> SearchResults:
        parsed = plan.parsed
        query = self._ranked_query(plan, include_blocks)
        if query is None:
            return SearchResults(0, [])
        index = self._fresh_index()
        ranked = index.search(query, limit, offset)
        ids = [unit for _, unit in ranked.hits]
        rows = {
            r["id"]: r
            for r in self._query(
                "SELECT id, symbol, lang, paragraph, kind, section, text, item, tags FROM units"
                f" WHERE id IN ({','.join('?' * len(ids))})",
                ids,
            )
        }
        # Snippets and explanations only for the page shown: they re-analyze the text.
        words: dict[str, list[WordForms]] = {}
        hits = []
        for (value, unit), address in zip(ranked.hits, ranked.addresses, strict=True):
            r = rows.get(unit)
            if r is None:  # its report was replaced since the index was read
                continue
            code = r["lang"]
            lw = words.setdefault(code, query_words(parsed.root, code))
            why = index.explain(parsed.root, code, address, r["kind"]) if explain else []
            hits.append(
                Hit(
                    symbol=r["symbol"],
                    lang=code,
                    paragraph=r["paragraph"],
                    section=json.loads(r["section"]),
                    text=r["text"],
                    snippet=snippet(r["text"], code, lw) if snippets else "",
                    score=round(value / LUCENE_BM25_SCALE, 6),
                    explain=explain_hit(r["text"], code, lw, why) if explain else None,
                    kind=r["kind"],
                    item=r["item"],
                    tags=json.loads(r["tags"]) if r["tags"] else None,
                )
            )
        return SearchResults(ranked.total, hits)

    def _cited_paragraphs(self, target: str, numbers: Sequence[int], lang: str | None) -> list[Hit]:
        """The paragraphs a citation query names, when that report is in the corpus."""
        target = canonical_symbol(target)
        params: list[object] = [target, lang, lang]
        pinpoint = ""
        if numbers:
            pinpoint = f" AND paragraph IN ({','.join('?' * len(numbers))})"
            params.extend(numbers)
        rows = self._query(
            "SELECT symbol, lang, paragraph, section, text FROM units"
            " WHERE symbol = ? AND (? IS NULL OR lang = ?) AND kind = 'paragraph'"
            f"{pinpoint} ORDER BY lang != 'ar', lang, paragraph",
            params,
        )
        return [
            Hit(
                r["symbol"],
                r["lang"],
                r["paragraph"],
                json.loads(r["section"]),
                r["text"],
                snippet(r["text"], r["lang"], []),
                1.0,
            )
            for r in rows
        ]

    def _citing_page(
        self, cited: CitedTarget, lang: str | None, offset: int, limit: int
    ) -> tuple[int, list[Hit]]:
        """(how many paragraphs cite `cited`, up to one past the cap; the page asked for),
        counted and cut in SQL along the citations' target index: each citing paragraph
        once, by its first reference, ordered by symbol, language (ar, en, es, fr, ru, zh:
        Arabic first) and paragraph. A citation's paragraph is always one of its report's
        (they go together)."""
        symbol = document_key(cited.symbol)
        # A base document is cited through its addenda and corrigenda too (every
        # citation's target_base is its target's base); another only as itself.
        column = "target_base" if base_symbol(symbol) == symbol else "target_symbol"
        where = (
            f"c.{column} = ? AND c.symbol != ? AND c.paragraph IS NOT NULL"
            " AND (? IS NULL OR c.lang = ?)"
        )
        params: list[object] = [symbol, symbol, lang, lang]
        if cited.paragraphs:
            where += (
                " AND EXISTS (SELECT 1 FROM json_each(c.target_paragraphs) WHERE value IN"
                f" ({','.join('?' * len(cited.paragraphs))}))"
            )
            params.extend(cited.paragraphs)
        total = self._query(
            "SELECT count(*) AS n FROM (SELECT DISTINCT c.symbol, c.lang, c.paragraph"
            f" FROM citations c WHERE {where} LIMIT ?)", [*params, self.total_cap + 1],
        )[0]["n"]
        page = self._query(
            "SELECT c.symbol, c.lang, c.paragraph, min(c.id) AS first FROM citations c"
            f" WHERE {where} GROUP BY c.symbol, c.lang, c.paragraph"
            " ORDER BY c.symbol, c.lang, c.paragraph LIMIT ? OFFSET ?",
            [*params, limit, offset],
        )
        if not page:
            return total, []
        rows = self._query(
            "SELECT c.id, c.text AS written, u.paragraph, u.section, u.text, u.data"
            " FROM citations c JOIN units u"
            " ON u.symbol = c.symbol AND u.lang = c.lang AND u.paragraph = c.paragraph"
            f" AND u.kind = 'paragraph' WHERE c.id IN ({','.join('?' * len(page))})",
            [g["first"] for g in page],
        )
        found = {r["id"]: r for r in rows}
        return total, [
            citing_hit(
                g["symbol"], g["lang"], g["paragraph"], found[g["first"]]["written"],
                _stored_paragraph(found[g["first"]]),
                cited,
            )
            for g in page
            if g["first"] in found
        ]


    # -- citations -------------------------------------------------------------

    def citations(
        self, symbol: str, paragraph: int | None = None
    ) -> tuple[list[Citation], list[Citation]]:
        symbol = document_key(symbol)
        outgoing = self._query(
            "SELECT * FROM citations WHERE symbol = ? AND (? IS NULL OR paragraph = ?)"
            " ORDER BY lang != 'ar', paragraph, id",
            (symbol, paragraph, paragraph),
        )
        incoming = self._query(
            # A whole report is also cited through its addenda and corrigenda; a
            # paragraph only by pinpoints to that very document.
            "SELECT * FROM citations WHERE symbol != ? AND (target_symbol = ? OR"
            " (? IS NULL AND target_base = ?)) AND (? IS NULL OR EXISTS"
            " (SELECT 1 FROM json_each(target_paragraphs) WHERE value = ?))"
            " ORDER BY symbol, lang != 'ar', paragraph, id",
            (symbol, symbol, paragraph, symbol, paragraph, paragraph),
        )
        return self._citations(outgoing), self._citations(incoming)

    def all_citations(self, symbols: list[str] | None = None) -> list[Citation]:
        """Every stored citation (of the given citing reports): the corpus's graph."""
        if symbols:
            keys = [canonical_symbol(s) for s in symbols]
            rows = self._query(
                f"SELECT * FROM citations WHERE symbol IN ({','.join('?' * len(keys))})"
                " ORDER BY symbol, lang, paragraph, id",
                keys,
            )
        else:
            rows = self._query("SELECT * FROM citations ORDER BY symbol, lang, paragraph, id")
        return self._citations(rows)

    def cited_by_counts(self, symbol: str) -> dict[int, int]:
        """How many citing paragraphs point at each paragraph of `symbol`."""
        symbol = document_key(symbol)
        rows = self._query(
            "SELECT j.value AS n, count(DISTINCT c.symbol || '#' || c.paragraph) AS k"
            " FROM citations c, json_each(c.target_paragraphs) j"
            " WHERE c.target_symbol = ? AND c.symbol != ? GROUP BY j.value",
            (symbol, symbol),
        )
        return {int(r["n"]): r["k"] for r in rows}

    def _citations(self, rows: list[sqlite3.Row]) -> list[Citation]:
        present = {r["symbol"] for r in self._query("SELECT DISTINCT symbol FROM reports")}
        return [
            Citation(
                symbol=r["symbol"],
                lang=r["lang"],
                paragraph=r["paragraph"],
                target=r["target"],
                kind=r["kind"],
                target_paragraphs=json.loads(r["target_paragraphs"]),
                resolved=r["target_symbol"] in present,
                text=r["text"],
                url=r["url"] or (document_url(r["target_symbol"]) if r["target_symbol"] else None),
                target_symbol=r["target_symbol"],
                locator=r["locator"],
            )
            for r in rows
        ]

    def close(self) -> None:
        with self._write_lock:
            for db in self._connections:
                db.close()
            self._connections.clear()


def _entries(
    report_id: int, ids: list[int], units: list[Unit], year: int | None
) -> list[IndexedUnit]:
    """What the ranking index receives for a stored report's units (row ids `ids`);
    each section's forms are computed once per report."""
    sections: dict[tuple[str, ...], str] = {}
    entries = []
    for unit_id, u in zip(ids, units, strict=True):
        key = tuple(u.section)
        if key not in sections:
            sections[key] = indexed_section_forms(u.section, u.lang)
        entries.append(IndexedUnit(unit_id, report_id, u, year, sections[key]))
    return entries


def _report_doc(report: Report) -> str:
    """The stored report as JSON, without its paragraphs and the texts of its blocks: those
    are kept once, in `units` (see `_stored_report`)."""
    doc = plain(replace(report, paragraphs=[]))
    del doc["paragraphs"]
    for block in doc["blocks"]:
        block["text"] = None
    return json.dumps(doc, ensure_ascii=False)


def _stored_report(
    db: sqlite3.Connection, report_id: int, doc: str, units: str = "units"
) -> Report:
    """A stored report whole again: its paragraphs from its `paragraph` units and block
    texts from its unnumbered ones, in order (a store older than schema 12 kept the
    paragraphs in `doc`, and one older than schema 9 their texts too)."""
    data = json.loads(doc)
    rows = db.execute(
        f"SELECT kind, paragraph, section, text, data FROM {units} WHERE report_id = ?"
        " ORDER BY position",
        (report_id,),
    ).fetchall()
    blocks = iter([r["text"] for r in rows if r["paragraph"] is None])
    for block in data["blocks"]:
        stored = next(blocks, None)
        if block["text"] is None:
            block["text"] = stored
    if "paragraphs" in data:  # schema <= 11
        texts = iter([r["text"] for r in rows if r["kind"] == "paragraph"])
        for paragraph in data["paragraphs"]:
            stored = next(texts, None)
            if paragraph["text"] is None:
                paragraph["text"] = stored
        return Report.from_dict(data)
    report = Report.from_dict(data)
    report.paragraphs = [_stored_paragraph(r) for r in rows if r["kind"] == "paragraph"]
    return report


def _stored_paragraph(row: sqlite3.Row) -> Paragraph:
    """A paragraph from its unit's row (`paragraph`, `section`, `text` and `data`)."""
    return unit_paragraph(row["paragraph"], row["text"], json.loads(row["section"]),
                          row["data"])
