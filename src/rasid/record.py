"""The article record (../shared/spec/record.md) as a dict and as a JSON line."""
from __future__ import annotations

import json
from dataclasses import fields
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version as dist_version

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
    if hasattr(value, "__dataclass_fields__"):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, (tuple, list)):
        return [plain(item) for item in value]
    return value


def dumps(record: dict) -> str:
    """Return one JSON line: UTF-8 text, Arabic unescaped, stable key order."""
    return json.dumps(record, ensure_ascii=False)
