"""PLOVER events (first version): a small trigger list, actors from the sentence."""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from .model import Actor, Article, Event, Evidence
from .normalize import fold

TRIGGERS = {"التقى": "CONSULT", "بحث": "CONSULT", "زيارة": "CONSULT", "اتهم": "ACCUSE",
            "رفض": "REJECT", "هدد": "THREATEN", "قصف": "ASSAULT", "وقع": "AGREE",
            "دعا": "REQUEST", "ادان": "ACCUSE"}


def load() -> Any:
    return {fold(k): v for k, v in TRIGGERS.items()}


def version(_state: Any) -> str:
    return "events-0"


def annotate(article: Article, triggers: dict) -> Article:
    found = []
    for s, e in article.sentences:
        if s < article.body_start:
            continue
        words = article.text[s:e].split()
        kind = next((triggers[fold(w).lstrip("و")] for w in words if fold(w).lstrip("و") in triggers), None)
        if kind is None:
            continue
        actors = [en for en in article.entities if any(s <= m.start < e for m in en.mentions)]
        source = tuple(Actor(a.id, a.name, a.country, a.sector) for a in actors[:1])
        target = tuple(Actor(a.id, a.name, a.country, a.sector) for a in actors[1:2])
        found.append(Event(id=f"V{len(found) + 1}", type=kind, source=source, target=target,
                           evidence=(Evidence(s, e),), rule=f"{kind.lower()}.v0",
                           confidence=0.3, date=article.published))
    return replace(article, events=tuple(found))
