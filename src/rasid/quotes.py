"""Quotations: direct quotations in marks with a speaker (first version)."""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from .model import Article, Quote

MARKS = re.compile(r"«([^«»]+)»|\"([^\"\n]+)\"|“([^“”\n]+)”")


def load() -> Any:
    return None


def version(_state: Any) -> str:
    return "quotes-0"


def annotate(article: Article, _state: Any) -> Article:
    found = []
    for m in MARKS.finditer(article.text, article.body_start):
        group = next(i for i in range(1, 4) if m.group(i) is not None)
        start, end = m.span(group)
        if len(article.text[start:end].split()) < 2:
            continue
        speaker = _nearest_actor(article, start)
        found.append(Quote(id=f"Q{len(found) + 1}", text=article.text[start:end], start=start,
                           end=end, direct=True, speaker=speaker.id if speaker else None,
                           speaker_name=speaker.name if speaker else None))
    return replace(article, quotes=tuple(found))


def _nearest_actor(article: Article, offset: int):
    best, best_end = None, -1
    for entity in article.entities:
        if entity.type not in ("PER", "ORG"):
            continue
        for mention in entity.mentions:
            if best_end < mention.end <= offset:
                best, best_end = entity, mention.end
    return best
