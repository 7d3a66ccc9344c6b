"""The SQLite store: one file holding articles, entities, actors, quotes and events.

`Store.open(path)` is a context manager; `add(record)` takes one article record
(../shared/spec/record.md) and writes it in batches, each batch one transaction, so a
killed run leaves every committed article whole and nothing half-written. Re-adding an
article with the same content hash does nothing; a changed one replaces its old rows
in the same transaction. WAL lets the web UI read while a batch writes.

A batch is committed every BATCH_SIZE records (200; the environment variable
RASID_STORE_BATCH overrides it, as the kill -9 test does) or every BATCH_SECONDS.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

from . import errors
from .normalize import fold_phrase
from .store_cmd import add_commands
from .store_schema import migrate
from .store_search import QueryError, index_stems, index_text, search_articles, search_benchmark

__all__ = ["Store", "connect_readonly", "search_articles", "search_benchmark", "QueryError", "add_commands"]

BATCH_SIZE = int(os.environ.get("RASID_STORE_BATCH", "200"))
BATCH_SECONDS = 2.0
MONTH = re.compile(r"^(\d{4}-\d{2})")
CHILD_TABLES = ("event_actors", "events", "quotes", "mentions", "entities")


def connect(path: str | Path) -> sqlite3.Connection:
    """Return a writable connection to the store at `path`, migrated to the current schema."""
    db = sqlite3.connect(str(path), isolation_level=None, timeout=30)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    migrate(db)
    return db


def connect_readonly(path: str | Path) -> sqlite3.Connection:
    """Return a read-only connection to an existing store (usable from any thread)."""
    path = Path(path)
    if not path.is_file():
        raise errors.UsageError(f"{path}: no such store; create one with `rasid extract INPUT --db {path}`")
    db = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
    db.execute("PRAGMA query_only = 1")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version == 0:
        raise errors.UsageError(f"{path}: not a rasid store (no schema); build it with `rasid extract --db`")
    return db


def canonical_json(record: dict) -> str:
    """Return the record without its text as canonical JSON (sorted keys, Arabic unescaped)."""
    rest = {key: value for key, value in record.items() if key != "text"}
    return json.dumps(rest, sort_keys=True, ensure_ascii=False, default=str)


def content_hash(record: dict, canonical: str | None = None) -> str:
    """Return the SHA-256 of the record: its canonical JSON, then its text."""
    canonical = canonical if canonical is not None else canonical_json(record)
    return hashlib.sha256(f"{canonical}\0{record.get('text') or ''}".encode("utf-8")).hexdigest()


def month_of(date: str | None) -> str | None:
    """Return 'YYYY-MM' of an ISO date, else None."""
    found = MONTH.match(date or "")
    return found.group(1) if found else None


class Store:
    """A writable store; add records, they are committed in batches."""

    def __init__(self, db: sqlite3.Connection, batch_size: int = BATCH_SIZE):
        self.db = db
        self.batch_size = max(1, batch_size)
        self.pending: list[dict] = []
        self.last_flush = time.monotonic()
        self.actor_ids: dict[str, int] = {}
        self.stems: dict[str, str] = {}  # folded word → stem, for the FTS index
        self.written = 0
        self.unchanged = 0
        self.rejected: list[str] = []

    @classmethod
    def open(cls, path: str | Path, batch_size: int = BATCH_SIZE) -> "Store":
        try:
            return cls(connect(path), batch_size)
        except sqlite3.DatabaseError as exc:
            raise errors.UsageError(f"{path}: cannot open as a rasid store ({exc}); "
                                    "pass a new file name or a store made by rasid") from exc

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Write what is pending and close the file."""
        try:
            self.flush()
        finally:
            self.db.close()

    def add(self, record: dict) -> None:
        """Queue one article record; commit the batch when it is full or old enough."""
        self.pending.append(record)
        if len(self.pending) >= self.batch_size or time.monotonic() - self.last_flush > BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Write every pending record in one transaction."""
        if not self.pending:
            return
        counts = Counter()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for record in self.pending:
                self._write_one(record, counts)
            self._add_counts(counts)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            self.actor_ids.clear()
            raise
        self.pending.clear()
        self.last_flush = time.monotonic()

    def counts(self) -> dict[str, int]:
        """Return the number of rows of every table."""
        return table_counts(self.db)

    def _write_one(self, record: dict, counts: Counter) -> None:
        """Write one record; a malformed one is reported and skipped, not the batch."""
        self.db.execute("SAVEPOINT article")
        try:
            counts.update(self._write(record))
        except (KeyError, TypeError, ValueError, AttributeError, sqlite3.IntegrityError) as exc:
            self.db.execute("ROLLBACK TO article")
            self.actor_ids.clear()  # actors made inside the rolled-back part are gone
            name = record.get("doc_id") if isinstance(record, dict) else repr(record)[:60]
            self.rejected.append(f"{name}: {type(exc).__name__}: {exc}")
            print(f"rasid: store skipped record {self.rejected[-1]}", file=sys.stderr)
        finally:
            self.db.execute("RELEASE article")

    def _write(self, record: dict) -> Counter:
        """Write one record unless it is stored unchanged; return the change to its actors' counts."""
        canonical = canonical_json(record)
        digest = content_hash(record, canonical)
        old = self.db.execute("SELECT id, content_hash FROM articles WHERE doc_id = ?",
                              (record["doc_id"],)).fetchone()
        counts = Counter()
        if old and old[1] == digest:
            self.unchanged += 1
            return counts
        if old:
            counts.subtract(self._activity(old[0]))
            self._delete_article(old[0])
        article_id = self._insert_article(record, digest, canonical)
        entity_actors = self._insert_entities(article_id, record.get("entities") or [])
        self._insert_quotes(article_id, record.get("quotes") or [], entity_actors)
        self._insert_events(article_id, record, entity_actors)
        counts.update(self._activity(article_id))
        self.written += 1
        return counts

    def _activity(self, article_id: int) -> Counter:
        """Return what one article adds to its actors' counts: (actor id, column) → number."""
        found = Counter()
        for (actor_id,) in self.db.execute(
                "SELECT actor_id FROM entities WHERE article_id = ?1 AND actor_id IS NOT NULL UNION "
                "SELECT actor_id FROM event_actors WHERE article_id = ?1 AND actor_id IS NOT NULL", (article_id,)):
            found[actor_id, "n_articles"] += 1
        for actor_id, number in self.db.execute(
                "SELECT speaker_actor_id, count(*) FROM quotes WHERE article_id = ? AND speaker_actor_id IS NOT NULL "
                "GROUP BY speaker_actor_id", (article_id,)):
            found[actor_id, "n_quotes"] += number
        for actor_id, number in self.db.execute(
                "SELECT actor_id, count(DISTINCT event_id) FROM event_actors WHERE article_id = ? "
                "AND actor_id IS NOT NULL GROUP BY actor_id", (article_id,)):
            found[actor_id, "n_events"] += number
        return found

    def _delete_article(self, article_id: int) -> None:
        self.db.execute("DELETE FROM quotes_fts WHERE rowid IN (SELECT id FROM quotes WHERE article_id = ?)",
                        (article_id,))
        for table in CHILD_TABLES:
            self.db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
        self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    def _insert_article(self, record: dict, digest: str, canonical: str) -> int:
        text = record.get("text") or ""
        title = record.get("title") or ""
        cursor = self.db.execute(
            "INSERT INTO articles (doc_id, content_hash, title, published, month, outlet, url, source, "
            "duplicate_of, text, record, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (record["doc_id"], digest, title, record.get("published"), month_of(record.get("published")),
             record.get("outlet"), record.get("url"), record.get("source"), record.get("duplicate_of"),
             text, canonical,
             datetime.now(timezone.utc).isoformat(timespec="seconds")))
        folded = index_text(text)
        self.db.execute("INSERT INTO articles_fts (rowid, title, text, stems) VALUES (?,?,?,?)",
                        (cursor.lastrowid, index_text(title), folded, index_stems(folded, self.stems)))
        return cursor.lastrowid

    def _insert_entities(self, article_id: int, entities: list[dict]) -> dict[str, int]:
        """Insert entities and mentions; return entity id (E1...) → actor id."""
        actors = {}
        for entity in entities:
            actor_id = self._actor(entity.get("name") or "", entity.get("type"), entity.get("country"),
                                   entity.get("sector"), entity.get("kb_id"), entity.get("name_latin"))
            actors[entity["id"]] = actor_id
            cursor = self.db.execute(
                "INSERT INTO entities (article_id, eid, actor_id, name, type, country, sector, role, kb_id, "
                "name_latin) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (article_id, entity["id"], actor_id, entity.get("name") or "", entity.get("type"),
                 entity.get("country"), entity.get("sector"), entity.get("role"), entity.get("kb_id"),
                 entity.get("name_latin")))
            self.db.executemany(
                "INSERT INTO mentions (entity_id, article_id, span_start, span_end, text) VALUES (?,?,?,?,?)",
                [(cursor.lastrowid, article_id, m["start"], m["end"], m.get("text") or "")
                 for m in entity.get("mentions") or []])
        return actors

    def _insert_quotes(self, article_id: int, quotes: list[dict], entity_actors: dict[str, int]) -> None:
        for quote in quotes:
            cursor = self.db.execute(
                "INSERT INTO quotes (article_id, qid, text, span_start, span_end, direct, speaker_eid, "
                "speaker_name, speaker_actor_id, cue, cue_start) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (article_id, quote["id"], quote.get("text") or "", quote.get("start"), quote.get("end"),
                 int(quote.get("direct", True) is not False), quote.get("speaker"), quote.get("speaker_name"),
                 entity_actors.get(quote.get("speaker")), quote.get("cue"), quote.get("cue_start")))
            folded = index_text(quote.get("text"))
            speaker = index_text(quote.get("speaker_name"))
            self.db.execute("INSERT INTO quotes_fts (rowid, text, speaker, stems) VALUES (?,?,?,?)",
                            (cursor.lastrowid, folded, speaker, index_stems(folded, self.stems)))

    def _insert_events(self, article_id: int, record: dict, entity_actors: dict[str, int]) -> None:
        for event in record.get("events") or []:
            location = event.get("location") or {}
            cursor = self.db.execute(
                "INSERT INTO events (article_id, vid, type, mode, date, month, date_text, location_name, "
                "location_country, rule, cluster_id, confidence, evidence) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (article_id, event["id"], event.get("type") or "", event.get("mode"), event.get("date"),
                 month_of(event.get("date") or record.get("published")), event.get("date_text"),
                 location.get("name"), location.get("country"), event.get("rule"), event.get("cluster_id"),
                 event.get("confidence"), json.dumps(event.get("evidence") or [])))
            rows = []
            for role in ("source", "target"):
                for position, actor in enumerate(event.get(role) or []):
                    actor_id = entity_actors.get(actor.get("entity")) or self._actor(
                        actor.get("name") or "", None, actor.get("country"), actor.get("sector"))
                    rows.append((cursor.lastrowid, article_id, role, position, actor.get("entity"), actor_id,
                                 actor.get("name") or "", actor.get("country"), actor.get("sector")))
            self.db.executemany(
                "INSERT INTO event_actors (event_id, article_id, role, position, eid, actor_id, name, country, "
                "sector) VALUES (?,?,?,?,?,?,?,?,?)", rows)

    def _actor(self, name: str, kind: str | None, country: str | None, sector: str | None,
               kb_id: str | None = None, name_latin: str | None = None) -> int | None:
        """Return the id of the cross-article actor for a name, creating it on first sight.

        Keyed by KB id when there is one, else by folded name and country: the tagger's
        type for one name varies between articles, so type is an attribute, not the key.
        """
        folded = fold_phrase(name)
        if not folded and not kb_id:
            return None
        key = f"kb:{kb_id}" if kb_id else f"n:{folded}|{country or ''}"
        if key not in self.actor_ids:
            self.db.execute(
                "INSERT OR IGNORE INTO actors (key, name, type, country, sector, kb_id, name_latin) "
                "VALUES (?,?,?,?,?,?,?)", (key, name, kind, country, sector, kb_id, name_latin))
            self.actor_ids[key] = self.db.execute("SELECT id FROM actors WHERE key = ?", (key,)).fetchone()[0]
        return self.actor_ids[key]

    def _add_counts(self, counts: Counter) -> None:
        """Add the batch's activity to the actors' counts (an actor left with none is kept, at 0)."""
        for column in ("n_articles", "n_quotes", "n_events"):
            self.db.executemany(f"UPDATE actors SET {column} = {column} + ? WHERE id = ?",
                                [(n, actor_id) for (actor_id, name), n in counts.items() if name == column and n])


def table_counts(db: sqlite3.Connection) -> dict[str, int]:
    """Return the number of rows of every stored table."""
    tables = ("articles", "entities", "mentions", "actors", "quotes", "events", "event_actors")
    return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}
