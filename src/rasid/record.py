"""The article record (../shared/spec/record.md) as a dict and as a JSON line."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import fields
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version as dist_version
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
