"""Read the store: the JSON-ready answers behind every web page, API route and export.

Every function takes an open connection and returns plain dicts and lists; all SQL is
parameterised, and filters are built from a fixed set of conditions, never from input text.
"""
from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass

from .store_search import quotes_condition


@dataclass(frozen=True)
class Page:
    """Which slice of a list to return: 1-based page number and its size."""
    number: int = 1
    size: int = 20

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    def wrap(self, total: int, items: list) -> dict:
        """Return the paginated envelope of one slice of a list of `total` items."""
        return {"page": self.number, "per_page": self.size, "total": total,
                "pages": max(1, -(-total // self.size)), "items": items}


@dataclass(frozen=True)
class EventFilter:
    """Filters of the events list; every field optional."""
    type: str | None = None
    actor: int | str | None = None  # an actor id, or part of an actor's name
    country: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    def where(self) -> tuple[str, list]:
        """Return the SQL condition on alias `e` and its parameters."""
        conditions, params = ["1"], []
        if self.type:
            conditions.append("e.type = ?")
            params.append(self.type.upper())
        if self.actor is not None and str(self.actor).strip():
            condition, value = actor_condition("actor_id", self.actor)
            conditions.append(f"e.id IN (SELECT event_id FROM event_actors WHERE {condition})")
            params.append(value)
        if self.country:
            conditions.append("e.id IN (SELECT event_id FROM event_actors WHERE country = ?)")
            params.append(self.country.upper())
        if self.date_from:
            conditions.append("coalesce(e.date, a.published) >= ?")
            params.append(self.date_from)
        if self.date_to:
            conditions.append("coalesce(e.date, a.published) <= ?")
            params.append(self.date_to + "\uffff")
        return " AND ".join(conditions), params


def actor_condition(column: str, actor: int | str) -> tuple[str, object]:
    """Return (SQL condition on `column`, parameter) for an actor id or part of a folded name."""
    if isinstance(actor, int) or str(actor).strip().isdigit():
        return f"{column} = ?", int(actor)
    return f"{column} IN (SELECT id FROM actors WHERE key LIKE ? ESCAPE '\\')", name_like(str(actor))


def name_like(name: str) -> str:
    """Return a LIKE pattern matching actor keys that contain the folded `name`."""
    from .normalize import fold_phrase
    from .store_search import QueryError
    if not fold_phrase(name):
        raise QueryError(f"name {name!r} has no letters: type part of an actor's name, or an actor id")
    escaped = fold_phrase(name).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _rows(db: sqlite3.Connection, sql: str, params=()) -> list[dict]:
    cursor = db.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def overview(db: sqlite3.Connection) -> dict:
    """Return the store's size, busiest actors, event types, activity by month and latest articles."""
    from .store import table_counts
    return {
        "counts": table_counts(db),
        "top_actors": _rows(db, "SELECT id, name, type, country, n_articles, n_quotes, n_events FROM actors "
                                "ORDER BY n_articles DESC, id LIMIT 12"),
        "event_types": _rows(db, "SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY n DESC"),
        "months": _rows(db, "SELECT month, count(*) AS n FROM articles WHERE month IS NOT NULL "
                            "GROUP BY month ORDER BY month"),
        "latest": _rows(db, "SELECT doc_id, title, published, outlet FROM articles "
                            "ORDER BY published DESC, id DESC LIMIT 10"),
    }


def article(db: sqlite3.Connection, doc_id: str) -> dict | None:
    """Return the full record of one article, its entities carrying their actor ids; None if absent."""
    row = db.execute("SELECT id, text, record FROM articles WHERE doc_id = ?", (doc_id,)).fetchone()
    if not row:
        return None
    record = json.loads(row[2])
    record["text"] = row[1]
    actor_of = dict(db.execute("SELECT eid, actor_id FROM entities WHERE article_id = ?", (row[0],)))
    for entity in record.get("entities") or []:
        entity["actor_id"] = actor_of.get(entity.get("id"))
    for event in record.get("events") or []:
        for actor in (event.get("source") or []) + (event.get("target") or []):
            actor["actor_id"] = actor_of.get(actor.get("entity"))
    return record


def articles(db: sqlite3.Connection, page: Page) -> dict:
    """Return one page of articles, newest first."""
    total = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    items = _rows(db, "SELECT doc_id, title, published, outlet FROM articles ORDER BY published DESC, id DESC "
                      "LIMIT ? OFFSET ?", (page.size, page.offset))
    return page.wrap(total, items)


def actors(db: sqlite3.Connection, page: Page, name: str | None = None, kind: str | None = None,
           country: str | None = None) -> dict:
    """Return one page of actors seen in some article, the busiest first."""
    conditions, params = ["(n_articles > 0 OR n_quotes > 0)"], []
    if name:
        conditions.append("key LIKE ? ESCAPE '\\'")
        params.append(name_like(name))
    if kind:
        conditions.append("type = ?")
        params.append(kind.upper())
    if country:
        conditions.append("country = ?")
        params.append(country.upper())
    where = " AND ".join(conditions)
    total = db.execute(f"SELECT count(*) FROM actors WHERE {where}", params).fetchone()[0]
    items = _rows(db, f"SELECT id, name, type, country, sector, kb_id, n_articles, n_quotes, n_events "
                      f"FROM actors WHERE {where} ORDER BY n_articles DESC, id LIMIT ? OFFSET ?",
                  params + [page.size, page.offset])
    return page.wrap(total, items)


def actor(db: sqlite3.Connection, actor_id: int, limit: int = 50) -> dict | None:
    """Return one actor: aliases, roles by month, activity by month, quotes and events."""
    rows = _rows(db, "SELECT id, key, name, type, country, sector, kb_id, name_latin, n_articles, n_quotes, "
                     "n_events FROM actors WHERE id = ?", (actor_id,))
    if not rows:
        return None
    found = rows[0]
    found["aliases"] = _rows(db, "SELECT m.text AS alias, count(*) AS n FROM mentions m JOIN entities e "
                                 "ON e.id = m.entity_id WHERE e.actor_id = ? GROUP BY m.text ORDER BY n DESC "
                                 "LIMIT 30", (actor_id,))
    found["roles"] = _rows(db, "SELECT e.role, min(a.published) AS first, max(a.published) AS last, count(*) AS n "
                               "FROM entities e JOIN articles a ON a.id = e.article_id WHERE e.actor_id = ? "
                               "AND e.role IS NOT NULL GROUP BY e.role ORDER BY first", (actor_id,))
    found["activity"] = _rows(db, "SELECT a.month, count(DISTINCT a.id) AS n FROM articles a WHERE a.month IS "
                                  "NOT NULL AND a.id IN (SELECT article_id FROM entities WHERE actor_id = ?1 "
                                  "UNION SELECT article_id FROM event_actors WHERE actor_id = ?1) "
                                  "GROUP BY a.month ORDER BY a.month", (actor_id,))
    found["quotes"] = quotes(db, Page(1, limit), speaker=actor_id)["items"]
    found["events_as_source"] = events(db, Page(1, limit), EventFilter(), actor_role=(actor_id, "source"))["items"]
    found["events_as_target"] = events(db, Page(1, limit), EventFilter(), actor_role=(actor_id, "target"))["items"]
    return found


def quotes(db: sqlite3.Connection, page: Page, speaker: int | str | None = None, text: str | None = None) -> dict:
    """Return one page of quotes, newest first; `text` is a search query (QueryError if malformed).

    `speaker` is an actor id or part of the speaker's name.
    """
    conditions, params = ["1"], []
    if speaker is not None and str(speaker).strip():
        condition, value = actor_condition("q.speaker_actor_id", speaker)
        conditions.append(condition)
        params.append(value)
    if text:
        condition, more = quotes_condition(text)
        conditions.append(condition)
        params.extend(more)
    where = " AND ".join(conditions)
    total = db.execute(f"SELECT count(*) FROM quotes q WHERE {where}", params).fetchone()[0]
    items = _rows(db, f"SELECT q.qid AS id, q.text, q.direct, q.speaker_name, q.speaker_actor_id, q.cue, "
                      f"q.span_start AS start, q.span_end AS end, a.doc_id, a.title, a.published FROM quotes q "
                      f"JOIN articles a ON a.id = q.article_id WHERE {where} "
                      f"ORDER BY a.published DESC, q.id LIMIT ? OFFSET ?", params + [page.size, page.offset])
    for item in items:
        item["direct"] = bool(item["direct"])
    return page.wrap(total, items)


def events(db: sqlite3.Connection, page: Page, where: EventFilter,
           actor_role: tuple[int, str] | None = None) -> dict:
    """Return one page of events matching the filter, newest first, each with its actors."""
    condition, params = where.where()
    if actor_role:
        condition += " AND e.id IN (SELECT event_id FROM event_actors WHERE actor_id = ? AND role = ?)"
        params += list(actor_role)
    base = f"FROM events e JOIN articles a ON a.id = e.article_id WHERE {condition}"
    total = db.execute(f"SELECT count(*) {base}", params).fetchone()[0]
    items = _rows(db, f"SELECT e.id AS event_key, e.vid AS id, e.type, e.mode, e.date, e.date_text, "
                      f"e.location_name, e.location_country, e.rule, e.cluster_id, e.confidence, e.evidence, "
                      f"a.doc_id, a.title, a.published {base} ORDER BY coalesce(e.date, a.published) DESC, e.id "
                      f"LIMIT ? OFFSET ?", params + [page.size, page.offset])
    _attach_actors(db, items)
    return page.wrap(total, items)


def event_timeline(db: sqlite3.Connection, where: EventFilter) -> list[dict]:
    """Return the number of matching events per month."""
    condition, params = where.where()
    return _rows(db, f"SELECT e.month, count(*) AS n FROM events e JOIN articles a ON a.id = e.article_id "
                     f"WHERE {condition} AND e.month IS NOT NULL GROUP BY e.month ORDER BY e.month", params)


def event_types(db: sqlite3.Connection) -> list[str]:
    """Return the event types present in the store."""
    return [row[0] for row in db.execute("SELECT DISTINCT type FROM events ORDER BY type")]


def _attach_actors(db: sqlite3.Connection, items: list[dict]) -> None:
    keys = [item.pop("event_key") for item in items]
    by_event: dict[int, dict] = {key: {"source": [], "target": []} for key in keys}
    if keys:
        marks = ",".join("?" * len(keys))
        for row in _rows(db, f"SELECT event_id, role, actor_id, name, country, sector, eid AS entity "
                             f"FROM event_actors WHERE event_id IN ({marks}) ORDER BY role, position", keys):
            by_event[row.pop("event_id")][row.pop("role")].append(row)
    for key, item in zip(keys, items):
        item.update(by_event[key])
        item["evidence"] = json.loads(item["evidence"])
