"""The store's schema as numbered migrations, applied in order under PRAGMA user_version.

Each migration runs once, in one transaction, and bumps `user_version`; opening a store
applies only the ones it lacks, so every migration is idempotent by construction.
Offsets are `span_start`/`span_end` (END is an SQL keyword): `text[span_start:span_end]`.
"""
from __future__ import annotations

import sqlite3

FTS_TOKENIZER = "unicode61 remove_diacritics 2"

MIGRATIONS: tuple[str, ...] = (
    # 1: articles, entities with their mentions, cross-article actors, quotes, events.
    f"""
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        doc_id TEXT NOT NULL UNIQUE,
        content_hash TEXT NOT NULL,
        title TEXT, published TEXT, month TEXT, outlet TEXT, url TEXT, source TEXT,
        duplicate_of TEXT,
        text TEXT NOT NULL,
        record TEXT NOT NULL DEFAULT '{{}}',  -- the whole record but its text, as JSON
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_published ON articles(published);
    CREATE TABLE actors (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL, type TEXT, country TEXT, sector TEXT, kb_id TEXT, name_latin TEXT,
        n_articles INTEGER NOT NULL DEFAULT 0,
        n_quotes INTEGER NOT NULL DEFAULT 0,
        n_events INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX actors_activity ON actors(n_articles DESC);
    CREATE TABLE entities (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        eid TEXT NOT NULL,
        actor_id INTEGER REFERENCES actors(id),
        name TEXT NOT NULL, type TEXT, country TEXT, sector TEXT, role TEXT, kb_id TEXT, name_latin TEXT,
        UNIQUE (article_id, eid)
    );
    CREATE INDEX entities_actor ON entities(actor_id);
    CREATE TABLE mentions (
        id INTEGER PRIMARY KEY,
        entity_id INTEGER NOT NULL REFERENCES entities(id),
        article_id INTEGER NOT NULL REFERENCES articles(id),
        span_start INTEGER NOT NULL, span_end INTEGER NOT NULL, text TEXT NOT NULL
    );
    CREATE INDEX mentions_article ON mentions(article_id);
    CREATE INDEX mentions_entity ON mentions(entity_id);
    CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        qid TEXT NOT NULL,
        text TEXT NOT NULL, span_start INTEGER, span_end INTEGER, direct INTEGER NOT NULL,
        speaker_eid TEXT, speaker_name TEXT, speaker_actor_id INTEGER REFERENCES actors(id),
        cue TEXT, cue_start INTEGER,
        UNIQUE (article_id, qid)
    );
    CREATE INDEX quotes_article ON quotes(article_id);
    CREATE INDEX quotes_speaker ON quotes(speaker_actor_id);
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        vid TEXT NOT NULL,
        type TEXT NOT NULL, mode TEXT, date TEXT, month TEXT, date_text TEXT,
        location_name TEXT, location_country TEXT,
        rule TEXT, cluster_id TEXT, confidence REAL,
        evidence TEXT NOT NULL DEFAULT '[]',
        UNIQUE (article_id, vid)
    );
    CREATE INDEX events_article ON events(article_id);
    CREATE INDEX events_type_month ON events(type, month);
    CREATE INDEX events_month ON events(month);
    CREATE TABLE event_actors (
        id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES events(id),
        article_id INTEGER NOT NULL REFERENCES articles(id),
        role TEXT NOT NULL CHECK (role IN ('source', 'target')),
        position INTEGER NOT NULL,
        eid TEXT, actor_id INTEGER REFERENCES actors(id),
        name TEXT NOT NULL, country TEXT, sector TEXT
    );
    CREATE INDEX event_actors_event ON event_actors(event_id);
    CREATE INDEX event_actors_actor ON event_actors(actor_id);
    CREATE INDEX event_actors_article ON event_actors(article_id);
    CREATE INDEX event_actors_country ON event_actors(country);
    """,
    # 2: full-text search over folded copies (folding in rasid.normalize; `stems` holds the
    #    words without proclitics and article, so «سوريا» finds «وسوريا» and «لسوريا»).
    f"""
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, stems, tokenize='{FTS_TOKENIZER}');
    CREATE VIRTUAL TABLE quotes_fts USING fts5(text, speaker, stems, tokenize='{FTS_TOKENIZER}');
    """,
)


def migrate(db: sqlite3.Connection) -> int:
    """Apply the migrations `db` lacks; return the schema version it has now."""
    current = db.execute("PRAGMA user_version").fetchone()[0]
    for number, script in enumerate(MIGRATIONS, 1):
        if number <= current:
            continue
        # executescript commits first; the BEGIN makes script + version bump one transaction.
        db.executescript(f"BEGIN;\n{script}\nPRAGMA user_version = {number};\nCOMMIT;")
    return max(current, len(MIGRATIONS))
