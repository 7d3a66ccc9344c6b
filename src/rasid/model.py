"""Frozen dataclasses mirroring the article record (../shared/spec/record.md).

Every span is a character offset into `Article.text`, end exclusive. Stages never
mutate an Article: they return a new one with `dataclasses.replace`.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str  # PER, ORG, LOC
    mentions: tuple[Mention, ...]
    country: str | None = None
    sector: str | None = None
    role: str | None = None
    kb_id: str | None = None
    name_latin: str | None = None


@dataclass(frozen=True)
class Quote:
    id: str
    text: str
    start: int
    end: int
    direct: bool
    speaker: str | None = None  # entity id
    speaker_name: str | None = None
    cue: str | None = None
    cue_start: int | None = None


@dataclass(frozen=True)
class Actor:
    entity: str | None
    name: str
    country: str | None = None
    sector: str | None = None


@dataclass(frozen=True)
class Place:
    name: str
    country: str | None = None
    entity: str | None = None


@dataclass(frozen=True)
class Evidence:
    start: int
    end: int


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    source: tuple[Actor, ...]
    target: tuple[Actor, ...]
    evidence: tuple[Evidence, ...]
    rule: str
    confidence: float
    mode: str | None = None
    location: Place | None = None
    date: str | None = None
    date_text: str | None = None
    cluster_id: str | None = None


@dataclass(frozen=True)
class Article:
    """One article: input fields, the cleaned text and every annotation over it."""
    doc_id: str
    text: str
    title: str = ""
    source: str | None = None
    published: str | None = None  # ISO date
    outlet: str | None = None
    url: str | None = None
    body_start: int = 0  # where the body begins in `text` (after title + blank line)
    duplicate_of: str | None = None
    warnings: tuple[str, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    # Working annotations shared between stages; not part of the record.
    sentences: tuple[tuple[int, int], ...] = field(default=(), repr=False)
    tokens: tuple[tuple[int, int], ...] = field(default=(), repr=False)
