"""The article record (../shared/spec/record.md) as a dict and as a JSON line."""
from __future__ import annotations

import json
from dataclasses import asdict
from importlib.metadata import PackageNotFoundError, version as dist_version

from .model import Article


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
        "entities": [asdict(e) for e in article.entities],
        "quotes": [asdict(q) for q in article.quotes],
        "events": [asdict(v) for v in article.events],
        "warnings": list(article.warnings),
        "rasid_version": rasid_version(),
    }
    if versions:
        record["versions"] = versions
    return record


def dumps(record: dict) -> str:
    """Return one JSON line: UTF-8 text, Arabic unescaped, stable key order."""
    return json.dumps(record, ensure_ascii=False)
