"""The embedded backend: SQLite is the store of record, FTS5 the index, one file per corpus.

Each report is written in one transaction (replace = delete + insert, so a reader sees
the old version or the new one, never half); the index holds fiqra's own analyzed forms
in two columns, `norm` (exact) and `stem` (broad), ranked by FTS5's BM25.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from corpus.model import Paragraph, Report
from corpus.symbols import base_symbol, canonical_symbol, document_url
from indexer.backend import Citation, Hit, IngestOutcome, ReportSummary, SearchResults
from indexer.citation_index import StoredCitation, document_key, report_citations
from indexer.query import (
    Node,
    Not,
    ParsedQuery,
    Phrase,
    QueryError,
    Term,
    phrase_forms,
    query_words,
    term_forms,
)
from indexer.ranking import (
    FIELD_WEIGHTS,
    RESCORE_WINDOW,
    fts5_statistics,
    query_clauses,
    score,
    synonym_phrases,
)
from indexer.report_fields import report_year, section_forms
from indexer.search_plan import PlannedSearch, SearchPlan
from indexer.units import Unit, explain_hit, report_units, snippet

# Field weights of indexer.ranking: a surface (norm) match is worth a quarter of a stem match
# of the same BM25, so an exact spelling breaks ties without outranking a paragraph that
# uses the word more (measured: bench/relevance.py, any weight from 0 to 0.5 does as well).

# The score shown for a row, given its sort key (see SQLiteBackend._search_language).
Scorer = Callable[[tuple[int, float, int], sqlite3.Row], float]

SCHEMA_VERSION = 7  # raise when the derived tables change: stores are then rebuilt
SCHEMA = """
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY,
    symbol TEXT NOT NULL,
    lang TEXT NOT NULL,
    title TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    year INTEGER,
    doc TEXT NOT NULL,
    ingested_at TEXT NOT NULL,
    UNIQUE (symbol, lang)
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
    section_forms TEXT NOT NULL,
    text TEXT NOT NULL,
    data TEXT
);
CREATE INDEX IF NOT EXISTS units_by_paragraph ON units (symbol, lang, paragraph);
CREATE INDEX IF NOT EXISTS units_by_report ON units (report_id);
CREATE VIRTUAL TABLE IF NOT EXISTS units_fts USING fts5 (
    norm, stem, scope, tokenize = 'unicode61 remove_diacritics 0'
);
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
CREATE INDEX IF NOT EXISTS citations_by_target ON citations (target_symbol);
CREATE INDEX IF NOT EXISTS citations_by_target_base ON citations (target_base);
"""


class SQLiteBackend(PlannedSearch):
    """Backend on a SQLite file in `data_dir`; safe to share between threads."""

    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / "fiqra.db"
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._db.execute("PRAGMA journal_mode = WAL")
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        self._db.executescript(SCHEMA)
        if version != SCHEMA_VERSION:
            # A store written by another fiqra: its reports are kept, the rest rebuilt.
            self.reindex()

    def reindex(self) -> dict[str, int]:
        """Rebuild everything derived from the stored reports (index units, citations)
        in one transaction: after an analyzer, extractor or schema change."""
        with self._transaction() as db:
            db.execute("DROP TABLE IF EXISTS units_fts")
            db.execute("DROP TABLE IF EXISTS citations")
            db.execute("DROP TABLE IF EXISTS units")
            for statement in SCHEMA.split(";"):
                if "CREATE" in statement and "TABLE IF NOT EXISTS reports" not in statement:
                    db.execute(statement)
            rows = db.execute("SELECT id, doc FROM reports").fetchall()
            for row in rows:
                report = Report.from_dict(json.loads(row["doc"]))
                units = list(report_units(report))
                self._insert_derived(db, row["id"], report, units, list(report_citations(report)))
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        return {"reports": len(rows)}

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _query(self, sql: str, params: tuple | list = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # -- writing ---------------------------------------------------------------

    def ingest(self, report: Report, source_sha256: str) -> IngestOutcome:
        # Analysis happens before the transaction: the index is locked only to write.
        units = list(report_units(report))
        cites = list(report_citations(report))
        year = report_year(report)
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
                    year,
                    json.dumps(report.to_dict(), ensure_ascii=False),
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            ).lastrowid
            self._insert_derived(db, report_id, report, units, cites)
        status = "replaced" if old else "added"
        return IngestOutcome(report.symbol, report.lang, status, len(report.paragraphs))

    @staticmethod
    def _insert_derived(
        db: sqlite3.Connection,
        report_id: int,
        report: Report,
        units: list[Unit],
        cites: list[StoredCitation],
    ) -> None:
        """The rows derived from a stored report: its index units and its citations."""
        for u in units:
            unit_id = db.execute(
                "INSERT INTO units (report_id, symbol, lang, paragraph, kind, position,"
                " section, section_forms, text, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    report_id,
                    u.symbol,
                    u.lang,
                    u.paragraph,
                    u.kind,
                    u.position,
                    json.dumps(u.section, ensure_ascii=False),
                    f" {section_forms(u.section, u.lang)} ",
                    u.text,
                    json.dumps(u.data, ensure_ascii=False) if u.data else None,
                ),
            ).lastrowid
            db.execute(
                "INSERT INTO units_fts (rowid, norm, stem, scope) VALUES (?, ?, ?, ?)",
                (unit_id, u.norm, u.stem, " ".join(_scope(u.lang, u.paragraph is not None))),
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
                for c in cites
            ],
        )

    @staticmethod
    def _delete_rows(db: sqlite3.Connection, report_ids: list[int]) -> None:
        marks = ",".join("?" * len(report_ids))
        db.execute(
            f"DELETE FROM units_fts WHERE rowid IN"
            f" (SELECT id FROM units WHERE report_id IN ({marks}))",
            report_ids,
        )
        db.execute(f"DELETE FROM reports WHERE id IN ({marks})", report_ids)

    def delete(self, symbol: str, lang: str | None = None) -> int:
        symbol = canonical_symbol(symbol)
        with self._transaction() as db:
            rows = db.execute(
                "SELECT id FROM reports WHERE symbol = ? AND (? IS NULL OR lang = ?)",
                (symbol, lang, lang),
            ).fetchall()
            if rows:
                self._delete_rows(db, [r["id"] for r in rows])
            return len(rows)

    # -- reading ---------------------------------------------------------------

    def list_reports(self) -> list[ReportSummary]:
        rows = self._query(
            "SELECT r.symbol, r.lang, r.title, r.doc,"
            " (SELECT count(*) FROM units u WHERE u.report_id = r.id AND u.kind = 'paragraph')"
            " AS paragraphs FROM reports r ORDER BY r.symbol, r.lang"
        )
        return [
            ReportSummary(
                r["symbol"],
                r["lang"],
                r["title"],
                r["paragraphs"],
                json.loads(r["doc"]).get("metadata", {}),
            )
            for r in rows
        ]

    def languages(self, symbol: str | None = None) -> list[str]:
        rows = self._query(
            "SELECT DISTINCT lang FROM reports WHERE ? IS NULL OR symbol = ? ORDER BY lang",
            (symbol, symbol),
        )
        return [r["lang"] for r in rows]

    def get_report(self, symbol: str, lang: str | None = None) -> Report | None:
        rows = self._query(
            "SELECT doc FROM reports WHERE symbol = ? AND (? IS NULL OR lang = ?)"
            " ORDER BY lang != 'ar', lang",
            (canonical_symbol(symbol), lang, lang),
        )
        return Report.from_dict(json.loads(rows[0]["doc"])) if rows else None

    def get_paragraph(self, symbol: str, lang: str, number: int) -> Paragraph | None:
        rows = self._query(
            "SELECT data FROM units WHERE symbol = ? AND lang = ? AND paragraph = ?"
            " AND kind = 'paragraph'",
            (canonical_symbol(symbol), lang, number),
        )
        return Paragraph.from_dict(json.loads(rows[0]["data"])) if rows else None

    # -- searching -------------------------------------------------------------

    def _search_words(
        self, plan: SearchPlan, *, limit: int, offset: int, explain: bool, include_blocks: bool
    ) -> SearchResults:
        parsed, lang, symbol = plan.parsed, plan.lang, plan.symbol
        ranked: list[tuple[tuple[int, float, int], str, sqlite3.Row, Scorer]] = []
        total = 0
        for language in [lang] if lang else self.languages(symbol):
            count, rows, scorer = self._search_language(
                parsed, language, symbol, limit + offset, include_blocks
            )
            total += count
            ranked.extend((key, language, row, scorer) for key, row in rows)
        # Each language's matches come in one fixed order (see _search_language) and the
        # languages merge by their keys, so pages of one query never overlap or skip.
        ranked.sort(key=lambda hit: hit[0])
        # Snippets and explanations only for the page shown: they re-analyze the text.
        words = {code: query_words(parsed.root, code) for code in {h[1] for h in ranked}}
        return SearchResults(
            total,
            [
                Hit(
                    symbol=r["symbol"],
                    lang=code,
                    paragraph=r["paragraph"],
                    section=json.loads(r["section"]),
                    text=r["text"],
                    snippet=snippet(r["text"], code, words[code]),
                    score=round(scorer(key, r), 6),
                    explain=explain_hit(r["text"], code, words[code]) if explain else None,
                    kind=r["kind"],
                )
                for key, code, r, scorer in ranked[offset : offset + limit]
            ],
        )

    def _search_language(
        self,
        parsed: ParsedQuery,
        lang: str,
        symbol: str | None,
        limit: int,
        include_blocks: bool,
    ) -> tuple[int, list[tuple[tuple[int, float, int], sqlite3.Row]], Scorer]:
        """(how many units match, the first `limit` of them in result order with their sort
        keys, the scorer of a row).

        FTS5 finds the matches and pre-ranks them (bm25, then storage order); the first
        `RESCORE_WINDOW` of them are rescored by indexer.ranking and come first, best first,
        and every other match follows in FTS5's order. The window never depends on the page
        asked for, so every page is a slice of one order.
        """
        match = _compile(parsed.root, lang)
        if match is None:
            return 0, [], _no_score
        # Language and numbering are filtered inside the index (the `scope` column), so
        # the common search never joins every match to its row: only the best ones.
        scope = " AND ".join(f"scope:{t}" for t in _scope(lang, numbered=not include_blocks))
        match = f"({match}) AND {scope}"
        where = ["units_fts MATCH ?"]
        params: list[object] = [match]
        if symbol:
            where.append("u.symbol = ?")
            params.append(symbol)
        if year := parsed.filters.get("year"):
            where.append("u.report_id IN (SELECT id FROM reports WHERE year = ?)")
            params.append(int(year))
        if section := parsed.filters.get("section"):
            # Whole words in order, anywhere in the section path (padded with spaces).
            where.append("u.section_forms LIKE ?")
            params.append(f"% {section_forms([section], lang)} %")
        bm25 = f"bm25(units_fts, {FIELD_WEIGHTS['norm']}, {FIELD_WEIGHTS['stem']}, 0)"
        window = max(limit, RESCORE_WINDOW)

        def fields(fts: str) -> str:
            return (
                "u.id, u.symbol, u.lang, u.paragraph, u.kind, u.section, u.text, u.position,"
                f" {fts}.norm AS norm_forms, {fts}.stem AS stem_forms"
            )

        try:
            if len(where) == 1:
                total = self._query(
                    "SELECT count(*) AS n FROM units_fts WHERE units_fts MATCH ?", params
                )[0]["n"]
                rows = self._query(
                    # Rank on the index alone; read the forms of the best rows only.
                    f"SELECT {fields('t')}, f.rank FROM (SELECT rowid, {bm25} AS rank"
                    " FROM units_fts WHERE units_fts MATCH ? ORDER BY rank, rowid LIMIT ?) f"
                    " JOIN units u ON u.id = f.rowid JOIN units_fts t ON t.rowid = f.rowid"
                    " ORDER BY f.rank, u.id",
                    [*params, window],
                )
            else:
                base = (
                    "FROM units_fts JOIN units u ON u.id = units_fts.rowid"
                    f" WHERE {' AND '.join(where)}"
                )
                total = self._query(f"SELECT count(*) AS n {base}", params)[0]["n"]
                rows = self._query(
                    f"SELECT {fields('units_fts')}, {bm25} AS rank {base} ORDER BY rank,"
                    " u.id LIMIT ?",
                    [*params, window],
                )
        except sqlite3.OperationalError as exc:  # a match expression FTS5 refuses
            raise QueryError(f"the search index cannot run this query: {exc}") from exc
        clauses = query_clauses(parsed.root, lang)
        stats = fts5_statistics(self._query, str(self.path), clauses)

        def value(row: sqlite3.Row) -> float:
            forms = {"norm": row["norm_forms"].split(), "stem": row["stem_forms"].split()}
            return score(clauses, forms, stats)

        def scorer(key: tuple[int, float, int], row: sqlite3.Row) -> float:
            return -key[1] if key[0] == 0 else value(row)

        keyed = sorted(((0, -value(r), r["id"]), r) for r in rows[:RESCORE_WINDOW])
        keyed += [((1, r["rank"], r["id"]), r) for r in rows[RESCORE_WINDOW:]]
        return total, keyed[:limit], scorer

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
        with self._lock:
            self._db.close()


def _no_score(_key: tuple[int, float, int], _row: sqlite3.Row) -> float:
    return 0.0


def _scope(lang: str, numbered: bool) -> list[str]:
    """The `scope` column's words: the unit's language and whether it is numbered (a
    paragraph or its footnote), as terms no analyzed text produces."""
    return [f"xlang{lang}", *(["xnumbered"] if numbered else [])]


def _quote(form: str) -> str:
    return '"' + form.replace('"', '""') + '"'


def _compile(node: Node | None, lang: str) -> str | None:
    """An FTS5 match expression for `node` in `lang`; None when nothing is searchable."""
    if node is None:
        return None
    if isinstance(node, Term):
        word = term_forms(node, lang)
        alts = sorted(
            {f"{f.field}:{_quote(f.form)}{'*' if word.prefix else ''}" for f in word.forms}
        )
        return f"({' OR '.join(alts)})" if alts else None
    if isinstance(node, Phrase):
        forms = phrase_forms(node, lang)
        return f"norm:{_quote(' '.join(forms))}" if forms else None
    if isinstance(node, Not):
        return _compile(node.child, lang)
    positives = [
        c for c in (_compile(c, lang) for c in node.children if not isinstance(c, Not)) if c
    ]
    negatives = [c for c in (_compile(c, lang) for c in node.children if isinstance(c, Not)) if c]
    if not positives:
        return None
    # Synonym phrases of multi-word thesaurus terms the words spell (see indexer.ranking).
    positives.extend(f"stem:{_quote(' '.join(p))}" for p in synonym_phrases(node, lang))
    expr = f" {node.op} ".join(positives)
    expr = f"({expr})" if len(positives) > 1 else expr
    for neg in negatives:
        expr = f"{expr} NOT {neg}"
    return f"({expr})" if negatives else expr
