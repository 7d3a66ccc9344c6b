"""The public API: `extract` one article, `read` inputs, `extract_all` a stream."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from .ingest import RawArticle, Skipped, read
from .model import Article
from .pipeline import Pipeline

__all__ = ["extract", "extract_all", "read"]


def extract(text_or_article: str | RawArticle, *, title: str = "", published: str | None = None,
            doc_id: str = "article", pipeline: Pipeline | None = None) -> Article:
    """Return the annotated Article of a text (first line the title unless `title` is given)."""
    if isinstance(text_or_article, RawArticle):
        raw = text_or_article
    else:
        body = text_or_article
        if not title:
            title, _, body = text_or_article.strip().partition("\n")
        raw = RawArticle(doc_id=doc_id, title=title, body=body, source="<text>", published=published)
    return (pipeline or Pipeline.load()).process(raw)


def extract_all(paths: Iterable[str | Path], pipeline: Pipeline | None = None) -> Iterator[Article | Skipped]:
    """Yield the annotated Article (or a Skipped) of every input, in order."""
    yield from (pipeline or Pipeline.load()).run(read(paths))
