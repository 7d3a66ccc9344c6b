"""The SQLite store: one file holding articles, entities, actors, quotes and events.

`Store.open(path)` is a context manager; `add(record)` takes one article record
(../shared/spec/record.md) and writes it in batches, each batch one transaction, so a
killed run leaves every committed article whole and nothing half-written. Re-adding an
article with the same content hash does nothing; a changed one replaces its old rows
in the same transaction. WAL lets the web UI read while a batch writes.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path

from . import errors
from .normalize import fold_phrase
from .store_schema import migrate
from .store_search import QueryError, index_stems, index_text, search_articles, search_benchmark

__all__ = ["Store", "connect_readonly", "search_articles", "search_benchmark", "QueryError"]

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


def content_hash(record: dict) -> str:
    """Return the SHA-256 of the record's canonical JSON."""
    canonical = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


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
        self.written = 0
        self.unchanged = 0

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
        touched: set[int] = set()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for record in self.pending:
                touched |= self._write(record)
            self._recount(touched)
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

    def _write(self, record: dict) -> set[int]:
        """Write one record unless it is stored unchanged; return the actor ids it touched."""
        digest = content_hash(record)
        old = self.db.execute("SELECT id, content_hash FROM articles WHERE doc_id = ?",
                              (record["doc_id"],)).fetchone()
        if old and old[1] == digest:
            self.unchanged += 1
            return set()
        touched = self._delete_article(old[0]) if old else set()
        article_id = self._insert_article(record, digest)
        entity_actors = self._insert_entities(article_id, record.get("entities") or [])
        self._insert_quotes(article_id, record.get("quotes") or [], entity_actors)
        self._insert_events(article_id, record, entity_actors)
        self.written += 1
        return touched | set(entity_actors.values()) | self._event_actor_ids(article_id)

    def _delete_article(self, article_id: int) -> set[int]:
        touched = {row[0] for row in self.db.execute(
            "SELECT actor_id FROM entities WHERE article_id = ? AND actor_id IS NOT NULL "
            "UNION SELECT actor_id FROM event_actors WHERE article_id = ? AND actor_id IS NOT NULL",
            (article_id, article_id))}
        self.db.execute("DELETE FROM quotes_fts WHERE rowid IN (SELECT id FROM quotes WHERE article_id = ?)",
                        (article_id,))
        for table in CHILD_TABLES:
            self.db.execute(f"DELETE FROM {table} WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM articles_fts WHERE rowid = ?", (article_id,))
        self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return touched

    def _insert_article(self, record: dict, digest: str) -> int:
        text = record.get("text") or ""
        title = record.get("title") or ""
        rest = {key: value for key, value in record.items() if key != "text"}
        cursor = self.db.execute(
            "INSERT INTO articles (doc_id, content_hash, title, published, month, outlet, url, source, "
            "duplicate_of, text, record, ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (record["doc_id"], digest, title, record.get("published"), month_of(record.get("published")),
             record.get("outlet"), record.get("url"), record.get("source"), record.get("duplicate_of"),
             text, json.dumps(rest, ensure_ascii=False, default=str),
             datetime.now(timezone.utc).isoformat(timespec="seconds")))
        self.db.execute("INSERT INTO articles_fts (rowid, title, text, stems) VALUES (?,?,?,?)",
                        (cursor.lastrowid, index_text(title), index_text(text), index_stems(text)))
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
            self.db.execute("INSERT INTO quotes_fts (rowid, text, speaker, stems) VALUES (?,?,?,?)",
                            (cursor.lastrowid, index_text(quote.get("text")),
                             index_text(quote.get("speaker_name")), index_stems(quote.get("text"))))

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

    def _event_actor_ids(self, article_id: int) -> set[int]:
        return {row[0] for row in self.db.execute(
            "SELECT DISTINCT actor_id FROM event_actors WHERE article_id = ? AND actor_id IS NOT NULL",
            (article_id,))}

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

    def _recount(self, actor_ids: set[int]) -> None:
        """Refresh the activity counts of the touched actors (an actor left with none is kept, at 0)."""
        self.db.executemany(
            "UPDATE actors SET n_articles = (SELECT count(*) FROM (SELECT article_id FROM entities "
            "WHERE actor_id = ?1 UNION SELECT article_id FROM event_actors WHERE actor_id = ?1)), "
            "n_quotes = (SELECT count(*) FROM quotes WHERE speaker_actor_id = ?1), "
            "n_events = (SELECT count(DISTINCT event_id) FROM event_actors WHERE actor_id = ?1) "
            "WHERE id = ?1", [(i,) for i in actor_ids if i is not None])


def table_counts(db: sqlite3.Connection) -> dict[str, int]:
    """Return the number of rows of every stored table."""
    tables = ("articles", "entities", "mentions", "actors", "quotes", "events", "event_actors")
    return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in tables}
