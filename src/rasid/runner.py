"""Run the pipeline over a stream of inputs, on one or several local processes.

Output order is input order whatever the number of workers, and records are the
same bytes: workers only run the per-article stages; the corpus-level pass
(duplicates, event clusters) runs in order in the parent.
"""
from __future__ import annotations

import multiprocessing as mp
from collections.abc import Iterable, Iterator

from .ingest import RawArticle, Skipped
from .model import Article
from .pipeline import Pipeline

_WORKER_PIPELINE: Pipeline | None = None


def _init_worker() -> None:
    global _WORKER_PIPELINE  # one pipeline per worker process, loaded once
    _WORKER_PIPELINE = Pipeline.load()


def _work(item: RawArticle | Skipped) -> Article | Skipped:
    if isinstance(item, Skipped):
        return item
    return _WORKER_PIPELINE.process(item)


def process(items: Iterable[RawArticle | Skipped], workers: int = 1,
            pipeline: Pipeline | None = None) -> Iterator[Article | Skipped]:
    """Yield the processed items in input order, using `workers` processes."""
    if workers <= 1:
        yield from (pipeline or Pipeline.load()).run(items)
        return
    context = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with context.Pool(workers, initializer=_init_worker) as pool:
        yield from pool.imap(_work, items, chunksize=8)
