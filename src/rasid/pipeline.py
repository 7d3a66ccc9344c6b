"""Compose the stages: raw input → Article → enriched Article → record.

Each stage is a `Stage(name, load, run)`: `load()` reads the stage's models and
lexicons once per process, `run(article, state)` returns a new Article. Data flows
one way; no stage reaches back. `STAGES` lists them in order.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from . import clean as clean_mod
from . import entities, events, quotes
from .frozen import evolve
from .ingest import RawArticle, Skipped
from .model import Article
from .segment import sentences, tokenize


@dataclass(frozen=True)
class Stage:
    name: str
    load: Callable[[], Any]
    run: Callable[[Article, Any], Article]
    version: Callable[[Any], str] = lambda state: "1"


def _segment(article: Article, _state: Any) -> Article:
    return evolve(article, sentences=tuple(sentences(article.text)),
                   tokens=tuple(tokenize(article.text)))


STAGES: tuple[Stage, ...] = (
    Stage("segment", lambda: None, _segment),
    Stage("entities", entities.load, entities.annotate, entities.version),
    Stage("quotes", quotes.load, quotes.annotate, quotes.version),
    Stage("events", events.load, events.annotate, events.version),
)


@dataclass
class Pipeline:
    """The loaded stages; build once per process with `Pipeline.load()`."""
    rules: clean_mod.CleanRules
    states: list[Any]
    stages: tuple[Stage, ...] = STAGES
    timings: dict[str, float] = field(default_factory=dict)

    @classmethod
    def load(cls, stages: tuple[Stage, ...] = STAGES) -> "Pipeline":
        return cls(clean_mod.load_rules(), [stage.load() for stage in stages], stages)

    def versions(self) -> dict[str, str]:
        """Return the version of every model and lexicon that shapes the output."""
        found = {"clean": self.rules.version}
        for stage, state in zip(self.stages, self.states):
            found[stage.name] = stage.version(state)
        return found

    def process(self, raw: RawArticle | Article) -> Article:
        """Return the fully annotated Article of one input; never raises on bad text."""
        started = time.perf_counter()
        article = raw if isinstance(raw, Article) else clean_mod.clean(raw, self.rules)
        self.timings["clean"] = self.timings.get("clean", 0.0) + time.perf_counter() - started
        for stage, state in zip(self.stages, self.states):
            started = time.perf_counter()
            try:
                article = stage.run(article, state)
            except Exception as exc:  # one stage failing must not lose the article
                article = replace(article, warnings=article.warnings + (
                    f"stage {stage.name} failed: {type(exc).__name__}: {exc}",))
            self.timings[stage.name] = self.timings.get(stage.name, 0.0) + time.perf_counter() - started
        return article

    def run(self, items: Iterable[RawArticle | Skipped]) -> Iterator[Article | Skipped]:
        """Process a stream in order; skipped inputs pass through."""
        for item in items:
            yield item if isinstance(item, Skipped) else self.process(item)
