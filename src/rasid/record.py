"""The article record (../shared/spec/record.md) as a dict and as a JSON line."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version as dist_version
from itertools import chain, count
from operator import attrgetter

from .model import Article


@lru_cache(maxsize=1)  # the installed version is fixed for the life of a process
def rasid_version() -> str:
    try:
        return dist_version("rasid")
    except PackageNotFoundError:
        return "0+unknown"


def to_record(article: Article, versions: dict[str, str] | None = None) -> dict:
    """Return the JSON-ready record of an annotated article."""
    record = {
        "doc_id": article.doc_id,
        "source": article.source,
        "title": article.title,
        "published": article.published,
        "outlet": article.outlet,
        "url": article.url,
        "duplicate_of": article.duplicate_of,
        "text": article.text,
        "entities": plain(article.entities),
        "quotes": plain(article.quotes),
        "events": plain(article.events),
        "warnings": list(article.warnings),
        "rasid_version": rasid_version(),
    }
    if versions:
        record["versions"] = versions
    return record


@dataclass(frozen=True)
class RecordLine:
    """An article's JSON line with holes for what only the corpus linker knows: `duplicate_of`
    and each event's `cluster_id` (made where the article was processed; filled in order)."""
    parts: tuple[str, ...]  # the text around the holes: one more than the holes

    def fill(self, duplicate_of: str | None, cluster_ids: Iterable[str | None]) -> str:
        """Return the JSON line with the linker's values in its holes."""
        values = [JSON.encode(value) for value in (duplicate_of, *cluster_ids)]
        if len(values) != len(self.parts) - 1:
            raise ValueError(f"a record line with {len(self.parts) - 1} holes got {len(values)} values")
        return "".join(chain.from_iterable(zip(self.parts, values))) + self.parts[-1]


def record_line(article: Article, versions: dict[str, str] | None = None) -> RecordLine:
    """Return `dumps(to_record(article, versions))` cut at `duplicate_of` and at each event's `cluster_id`."""
    record = to_record(article, versions)
    for attempt in count():  # a hole's mark must occur once: a text holding it takes another
        holes = [f"\0rasid-link-{attempt}-{k}\0" for k in range(1 + len(record["events"]))]
        record["duplicate_of"] = holes[0]
        for event, hole in zip(record["events"], holes[1:]):
            event["cluster_id"] = hole
        line, marks = dumps(record), [JSON.encode(hole) for hole in holes]
        if all(line.count(mark) == 1 for mark in marks):
            return RecordLine(tuple(_cut(line, marks)))
    raise AssertionError("unreachable")


def _cut(line: str, marks: list[str]) -> list[str]:
    parts = []
    for mark in marks:
        before, _, line = line.partition(mark)
        parts.append(before)
    return parts + [line]


def plain(value):
    """Return `value` with dataclasses as dicts (fields in order) and tuples as lists, as JSON reads back."""
    if isinstance(value, (tuple, list)):
        return [item if type(item) in SCALARS else plain(item) for item in value]
    if hasattr(value, "__dataclass_fields__"):
        names, values = field_reader(type(value))
        return {name: item if type(item) in SCALARS else plain(item)
                for name, item in zip(names, values(value))}
    return value


SCALARS = frozenset({str, int, float, bool, type(None)})  # what `plain` returns as it is


@lru_cache(maxsize=None)  # a class's fields are fixed for the life of a process
def field_reader(kind: type) -> tuple[tuple[str, ...], Callable]:
    """Return the names of a dataclass's fields, in order, and a function giving their values as a tuple."""
    names = tuple(f.name for f in fields(kind))
    read = attrgetter(*names)
    return names, (read if len(names) > 1 else lambda value: (read(value),))


def dumps(record: dict) -> str:
    """Return one JSON line: UTF-8 text, Arabic unescaped, stable key order."""
    return JSON.encode(record)


JSON = json.JSONEncoder(ensure_ascii=False)  # what json.dumps(..., ensure_ascii=False) makes per call
