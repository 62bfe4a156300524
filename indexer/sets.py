"""Paragraph sets: named, ordered, shareable collections of paragraphs staff cite together.

A set stores only addresses (symbol, language, paragraph number, and for one recommendation
of a paragraph its label, `115.3`) plus a snapshot of the text at the time it was added, in
its own SQLite file (`sets.db` in the data directory), so it works with every backend. Text
is read back through the `Backend` protocol: when a report is re-ingested and a paragraph
has disappeared, the item stays in the set, flagged `missing`, with its snapshot text,
instead of being silently dropped.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from analyzers import LANGUAGES
from corpus.model import Footnote
from corpus.recommendations import item_address
from corpus.symbols import canonical_symbol, find_symbols
from indexer.backend import Backend
from indexer.text_input import checked_text

MAX_NAME_LENGTH = 200
MAX_SYMBOL_LENGTH = 120
MAX_PARAGRAPH = 100_000  # no report has more; larger numbers are typing mistakes
MAX_POSITION = 10_000_000  # positions and offsets beyond any set, refused before SQLite
MAX_ITEMS_PER_CHANGE = 5000  # paragraphs one request or citation list may add
MAX_SET_ITEMS = 10_000  # paragraphs one set may hold (what one export may take)
MAX_LABEL_LENGTH = 20  # a recommendation's label: `115.163`
_ITEMS_TABLE = """set_items (
    item INTEGER PRIMARY KEY,
    set_id TEXT NOT NULL REFERENCES sets(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    symbol TEXT NOT NULL,
    lang TEXT NOT NULL,
    paragraph INTEGER NOT NULL,
    section TEXT NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    UNIQUE (set_id, symbol, lang, paragraph, label)
)"""
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS sets (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS {_ITEMS_TABLE};
CREATE INDEX IF NOT EXISTS set_items_order ON set_items (set_id, position);
"""
# A sets.db from before recommendations had their own place in a set gets the `label`
# column ('' for a whole paragraph) and the wider uniqueness, rebuilt in one transaction.
_ADD_LABELS = f"""
BEGIN IMMEDIATE;
ALTER TABLE set_items RENAME TO set_items_old;
DROP INDEX IF EXISTS set_items_order;
CREATE TABLE {_ITEMS_TABLE};
INSERT INTO set_items (item, set_id, position, symbol, lang, paragraph, section, text)
    SELECT item, set_id, position, symbol, lang, paragraph, section, text FROM set_items_old;
DROP TABLE set_items_old;
CREATE INDEX set_items_order ON set_items (set_id, position);
COMMIT;
"""


class SetError(ValueError):
    """A set operation cannot be done as asked; the message says why, for a person."""


class SetNotFound(SetError):
    """No set has that id or name."""


class SetNameTaken(SetError):
    """Another set already has that name (names identify sets on the command line)."""


class UnknownParagraphs(SetError):
    """Some addresses name paragraphs that are not in the corpus; nothing was stored."""


@dataclass(frozen=True)
class ParagraphRef:
    """The address of one numbered paragraph, or of one recommendation of it (`item`, its
    label `115.3`): what a set stores and staff cite."""

    symbol: str
    lang: str
    paragraph: int
    item: str | None = None

    @property
    def label(self) -> str:
        """`A/HRC/28/15 (en) para. 115.3`: the address in a message."""
        return (f"{self.symbol} ({self.lang}) para. "
                f"{item_address(self.paragraph, self.item) if self.item else self.paragraph}")

    @classmethod
    def checked(cls, symbol: str, lang: str, paragraph: int, item: str | None = None
                ) -> ParagraphRef:
        """A canonical address, or SetError (TextError) when a part of it cannot be one."""
        symbol = checked_text(symbol, "a document symbol", max_length=MAX_SYMBOL_LENGTH)
        if not symbol or not find_symbols(canonical_symbol(symbol)):
            raise SetError(f"{symbol!r} is not a UN document symbol")
        if lang not in LANGUAGES:
            raise SetError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
        if (isinstance(paragraph, bool) or not isinstance(paragraph, int)
                or not 1 <= paragraph <= MAX_PARAGRAPH):
            raise SetError(f"paragraph {paragraph!r} is not a paragraph number "
                           f"(1 to {MAX_PARAGRAPH})")
        if item is not None:
            item = checked_text(item, "a recommendation label", max_length=MAX_LABEL_LENGTH)
        return cls(canonical_symbol(symbol), lang, paragraph, item or None)


@dataclass
class Excerpt:
    """A paragraph as collected into a set or an export, with what the corpus says now.

    `missing` is True when the paragraph is no longer in the corpus (its report was
    re-ingested without it); `text` and `section` are then the snapshot taken when it was
    added. `paragraph` is None only for unnumbered blocks that a search returned.
    """

    symbol: str
    lang: str
    paragraph: int | None
    section: list[str]
    text: str
    footnotes: list[Footnote] = field(default_factory=list)
    missing: bool = False
    item: str | None = None  # a recommendation of the paragraph (`115.3`): its text only

    @property
    def ref(self) -> ParagraphRef:
        if self.paragraph is None:
            raise SetError(f"an unnumbered text of {self.symbol} cannot go into a set")
        return ParagraphRef(self.symbol, self.lang, self.paragraph, self.item)


@dataclass
class ParagraphSet:
    """A named set: `id` is the stable slug for links (/sets/{id}); `size` its item count."""

    id: str
    name: str
    created: str
    updated: str
    size: int


def check_name(name: object) -> str:
    """The set name stripped, or SetError (TextError) when it cannot be one."""
    name = checked_text(name, "a set name", max_length=MAX_NAME_LENGTH)
    if not name:
        raise SetError("a set needs a name")
    return name


def current_excerpt(backend: Backend, ref: ParagraphRef) -> Excerpt | None:
    """The paragraph (with its footnotes) or the one recommendation of it at `ref`, as the
    corpus holds it now; None if it is not there."""
    paragraph = backend.get_paragraph(ref.symbol, ref.lang, ref.paragraph)
    if paragraph is None:
        return None
    if ref.item is None:
        return Excerpt(ref.symbol, ref.lang, ref.paragraph, paragraph.section_path,
                       paragraph.text, paragraph.footnotes)
    found = next((i for i in paragraph.items if i.label == ref.item), None)
    if found is None:
        return None
    return Excerpt(ref.symbol, ref.lang, ref.paragraph, paragraph.section_path, found.text,
                   item=ref.item)


def lookup(refs: Iterable[ParagraphRef], backend: Backend) -> list[Excerpt]:
    """The paragraphs (or recommendations) at these addresses, or UnknownParagraphs naming
    those not in the corpus."""
    found: list[Excerpt] = []
    unknown: list[ParagraphRef] = []
    for ref in dict.fromkeys(refs):
        excerpt = current_excerpt(backend, ref)
        if excerpt is None:
            unknown.append(ref)
        else:
            found.append(excerpt)
    if unknown:
        listed = "; ".join(r.label for r in unknown[:10])
        more = f" and {len(unknown) - 10} more" if len(unknown) > 10 else ""
        raise UnknownParagraphs(f"not in the corpus: {listed}{more}")
    return found


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SetStore:
    """Sets in one SQLite file; every change is one transaction, so bad input changes nothing.

    A connection is opened per operation, so one store serves the API's worker threads.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=30)) as db:
            db.execute("PRAGMA journal_mode = WAL")  # readers never wait for a change
            db.executescript(_SCHEMA)
            columns = {row[1] for row in db.execute("PRAGMA table_info(set_items)")}
            if "label" not in columns:
                db.executescript(_ADD_LABELS)

    @classmethod
    def in_data_dir(cls, data_dir: str | Path) -> SetStore:
        return cls(Path(data_dir) / "sets.db")

    @contextmanager
    def _db(self, *, write: bool = True) -> Iterator[sqlite3.Connection]:
        """One transaction; a change's is begun IMMEDIATE: it holds the write lock from its
        first read, so it reads and writes a state no one else changes in between (parallel
        creates of one name, parallel appends), and other changes wait for it."""
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            db.execute("PRAGMA foreign_keys = ON")
            db.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            try:
                db.execute("COMMIT")
            except sqlite3.IntegrityError as exc:  # a deferred constraint: never half a change
                db.execute("ROLLBACK")
                raise SetError(f"the change conflicts with the stored sets: {exc}") from None
        except sqlite3.IntegrityError as exc:
            if "sets.name" in str(exc):
                raise SetNameTaken("a set with that name already exists") from None
            raise SetError(f"the change conflicts with the stored sets: {exc}") from None
        finally:
            db.close()

    # -- sets -------------------------------------------------------------------------

    def create(self, name: str, excerpts: Iterable[Excerpt] = ()) -> ParagraphSet:
        """A new set holding `excerpts` (see `add`), created in one transaction."""
        name = check_name(name)
        set_id = secrets.token_urlsafe(8)
        excerpts = list(excerpts)  # read from the corpus before the write lock is taken
        with self._db() as db:
            self._check_free(db, name)
            now = _now()
            db.execute("INSERT INTO sets VALUES (?, ?, ?, ?)", (set_id, name, now, now))
            self._insert(db, self._get(db, set_id), excerpts, None)
        return self.get(set_id)

    def get(self, key: str) -> ParagraphSet:
        """The set with id or name `key`."""
        with self._db(write=False) as db:
            return self._get(db, key)

    def all_sets(self) -> list[ParagraphSet]:
        with self._db(write=False) as db:
            rows = db.execute(
                "SELECT s.id, s.name, s.created, s.updated, COUNT(i.item) FROM sets s "
                "LEFT JOIN set_items i ON i.set_id = s.id GROUP BY s.id ORDER BY s.name"
            ).fetchall()
        return [ParagraphSet(*row) for row in rows]

    def rename(self, key: str, name: str) -> ParagraphSet:
        name = check_name(name)
        with self._db() as db:
            found = self._get(db, key)
            if name != found.name:
                self._check_free(db, name)
            db.execute(
                "UPDATE sets SET name = ?, updated = ? WHERE id = ?", (name, _now(), found.id)
            )
        return self.get(found.id)

    def delete(self, key: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM sets WHERE id = ?", (self._get(db, key).id,))

    # -- items ------------------------------------------------------------------------

    def add(self, key: str, excerpts: Iterable[Excerpt], *, position: int | None = None) -> int:
        """Add paragraphs (at `position`, 0-based, default the end); return how many were new.

        Paragraphs already in the set stay where they are. Build `excerpts` with `lookup`
        or `indexer.hit_stream.query_excerpts`, which check them against the corpus.
        """
        excerpts = list(excerpts)  # read from the corpus before the write lock is taken
        with self._db() as db:
            return self._insert(db, self._get(db, key), excerpts, position)

    def remove(self, key: str, refs: Iterable[ParagraphRef]) -> int:
        """Remove paragraphs from a set; SetError (nothing removed) if one is not in it."""
        refs = list(dict.fromkeys(refs))
        with self._db() as db:
            found = self._get(db, key)
            items = {r: self._item_id(db, found.id, r) for r in refs}
            absent = [r for r, item in items.items() if item is None]
            if absent:
                raise SetError("not in the set: " + "; ".join(r.label for r in absent))
            db.executemany("DELETE FROM set_items WHERE item = ?", [(i,) for i in items.values()])
            self._renumber(db, found.id, self._order(db, found.id))
        return len(refs)

    def move(self, key: str, ref: ParagraphRef, to: int) -> None:
        """Move one paragraph to position `to` (0-based) in its set."""
        with self._db() as db:
            found = self._get(db, key)
            item = self._item_id(db, found.id, ref)
            if item is None:
                raise SetError(f"not in the set: {ref.label}")
            order = self._order(db, found.id)
            if isinstance(to, bool) or not 0 <= to < len(order):
                raise SetError(f"position {to} is outside the set (0 to {len(order) - 1})")
            order.remove(item)
            order.insert(to, item)
            self._renumber(db, found.id, order)

    def reorder(self, key: str, refs: list[ParagraphRef]) -> None:
        """Put the set's paragraphs in the order given (which must name each exactly once)."""
        with self._db() as db:
            found = self._get(db, key)
            items = [self._item_id(db, found.id, r) for r in refs]
            current = self._order(db, found.id)
            if None in items or sorted(i for i in items if i) != sorted(current):
                raise SetError("a new order must list every paragraph of the set exactly once")
            self._renumber(db, found.id, [i for i in items if i is not None])

    def refs(self, key: str) -> list[ParagraphRef]:
        with self._db(write=False) as db:
            found = self._get(db, key)
            rows = db.execute(
                "SELECT symbol, lang, paragraph, label FROM set_items WHERE set_id = ?"
                " ORDER BY position",
                (found.id,),
            ).fetchall()
        return [ParagraphRef(symbol, lang, number, label or None)
                for symbol, lang, number, label in rows]

    def excerpts(
        self, key: str, backend: Backend, *, offset: int = 0, limit: int | None = None,
        batch: int = 500,
    ) -> Iterator[Excerpt]:
        """The set's paragraphs in order (from position `offset`, at most `limit`), as the
        corpus has them now, or flagged missing with their snapshot.

        Reads the set in batches, so a large set is never held in memory at once.
        """
        for name, value in (("offset", offset), ("limit", limit)):
            if value is not None and not 0 <= value <= MAX_POSITION:
                raise SetError(f"{name} {value} is not between 0 and {MAX_POSITION}")
        set_id = self.get(key).id
        end = offset + limit if limit is not None else None
        start = offset
        while end is None or start < end:
            size = batch if end is None else min(batch, end - start)
            with self._db(write=False) as db:
                rows = db.execute(
                    "SELECT symbol, lang, paragraph, label, section, text FROM set_items "
                    "WHERE set_id = ? AND position >= ? ORDER BY position LIMIT ?",
                    (set_id, start, size),
                ).fetchall()
            for symbol, lang, number, label, section, text in rows:
                current = current_excerpt(
                    backend, ParagraphRef(symbol, lang, number, label or None))
                yield current or Excerpt(symbol, lang, number, json.loads(section), text,
                                         missing=True, item=label or None)
            if len(rows) < size:
                return
            start += size

    # -- internals --------------------------------------------------------------------

    @staticmethod
    def _get(db: sqlite3.Connection, key: str) -> ParagraphSet:
        key = checked_text(key, "a set id or name", max_length=MAX_NAME_LENGTH)
        row = db.execute(
            "SELECT s.id, s.name, s.created, s.updated, "
            "(SELECT COUNT(*) FROM set_items WHERE set_id = s.id) FROM sets s "
            "WHERE s.id = ? OR s.name = ? ORDER BY s.id = ? DESC LIMIT 1",
            (key, key, key),
        ).fetchone()
        if row is None:
            raise SetNotFound(f"no set with the id or name {key!r}")
        return ParagraphSet(*row)

    @staticmethod
    def _check_free(db: sqlite3.Connection, name: str) -> None:
        if db.execute("SELECT 1 FROM sets WHERE name = ?", (name,)).fetchone():
            raise SetNameTaken(f"a set named {name!r} already exists")

    @staticmethod
    def _item_id(db: sqlite3.Connection, set_id: str, ref: ParagraphRef) -> int | None:
        row = db.execute(
            "SELECT item FROM set_items WHERE set_id = ? AND symbol = ? AND lang = ? "
            "AND paragraph = ? AND label = ?",
            (set_id, ref.symbol, ref.lang, ref.paragraph, ref.item or ""),
        ).fetchone()
        return row[0] if row else None

    @staticmethod
    def _order(db: sqlite3.Connection, set_id: str) -> list[int]:
        rows = db.execute(
            "SELECT item FROM set_items WHERE set_id = ? ORDER BY position", (set_id,)
        ).fetchall()
        return [row[0] for row in rows]

    @staticmethod
    def _renumber(db: sqlite3.Connection, set_id: str, order: list[int]) -> None:
        db.executemany(
            "UPDATE set_items SET position = ? WHERE item = ?",
            [(pos, item) for pos, item in enumerate(order)],
        )
        db.execute("UPDATE sets SET updated = ? WHERE id = ?", (_now(), set_id))

    def _insert(
        self,
        db: sqlite3.Connection,
        found: ParagraphSet,
        excerpts: Iterable[Excerpt],
        position: int | None,
    ) -> int:
        order = self._order(db, found.id)
        if position is None:
            position = len(order)
        if isinstance(position, bool) or not 0 <= position <= len(order):
            raise SetError(f"position {position} is outside the set (0 to {len(order)})")
        new: list[int] = []
        for excerpt in excerpts:
            if excerpt.paragraph is None or self._item_id(db, found.id, excerpt.ref) is not None:
                continue
            if len(order) + len(new) >= MAX_SET_ITEMS:
                raise SetError(f"a set holds at most {MAX_SET_ITEMS:,} paragraphs (set size);"
                               f" {found.name!r} would hold more")
            cursor = db.execute(
                "INSERT INTO set_items (set_id, position, symbol, lang, paragraph, section, text,"
                " label) VALUES (?, -1, ?, ?, ?, ?, ?, ?)",
                (found.id, excerpt.symbol, excerpt.lang, excerpt.paragraph,
                 json.dumps(excerpt.section, ensure_ascii=False), excerpt.text,
                 excerpt.item or ""),
            )
            new.append(cursor.lastrowid or 0)
        self._renumber(db, found.id, order[:position] + new + order[position:])
        return len(new)
