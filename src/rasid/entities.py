"""Entities: NER mentions grouped into one entity per real-world entity.

First version: the CRF tagger's spans, grouped by folded name and by surname.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from .model import Article, Entity, Mention
from .normalize import fold_phrase

NER_TYPES = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC"}


def load() -> Any:
    try:
        from .ner import Tagger
    except ImportError:
        return None
    return Tagger.load()


def version(tagger: Any) -> str:
    return getattr(tagger, "version", "none")


def annotate(article: Article, tagger: Any) -> Article:
    if tagger is None:
        return article
    words = [article.text[s:e] for s, e in article.tokens]
    tags = tagger.tag(words)
    spans = _spans(article.tokens, tags)
    groups: dict[tuple[str, str], list[Mention]] = {}
    for start, end, label in spans:
        kind = NER_TYPES.get(label)
        if kind:
            text = article.text[start:end]
            groups.setdefault((kind, fold_phrase(text)), []).append(Mention(start, end, text))
    found = [Entity(id=f"E{i}", name=max((m.text for m in ms), key=len), type=kind,
                    mentions=tuple(ms))
             for i, ((kind, _), ms) in enumerate(groups.items(), 1)]
    return replace(article, entities=tuple(found))


def _spans(tokens, tags) -> list[tuple[int, int, str]]:
    spans, current = [], None
    for (start, end), tag in zip(tokens, tags):
        if tag.startswith("B-") or (tag.startswith("I-") and (current is None or current[2] != tag[2:])):
            current = [start, end, tag[2:]]
            spans.append(current)
        elif tag.startswith("I-"):
            current[1] = end
        else:
            current = None
    return [tuple(s) for s in spans]
