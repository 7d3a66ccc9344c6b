"""Run the pipeline over a stream of inputs, on one or several local processes.

Output order is input order whatever the number of workers, and records are the
same bytes: workers only run the per-article stages; the corpus-level pass
(duplicates, event clusters) runs in order in the parent.

Memory stays flat: inputs are read lazily and cut into small batches, and at most
`workers * BATCHES_PER_WORKER` batches are in flight at any time (`Pool.imap`
would read the whole input ahead into its task queue).
"""
from __future__ import annotations

import gc
import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from .ingest import RawArticle, Skipped
from .model import Article
from .pipeline import Pipeline

BATCH_SIZE = 16
BATCHES_PER_WORKER = 4

Loader = Callable[[], Pipeline]
Item = RawArticle | Skipped
Result = Article | Skipped
Finish = Callable[[Article], object]  # the parent's per-article work that needs no other article


class _WorkerState:
    """The pipeline of this worker process, loaded once by the pool's initializer."""
    pipeline: Pipeline | None = None
    error: BaseException | None = None


class _Loaded:
    """A loader that returns a pipeline the parent already loaded (copied into forked workers)."""

    def __init__(self, pipeline: Pipeline):
        self.pipeline = pipeline

    def __call__(self) -> Pipeline:
        return self.pipeline


def settle() -> None:
    """Put every object alive now (the loaded models, lexicons and gazetteers) out of the garbage
    collector's way for the rest of the run.

    They live as long as the process, yet each full collection walked them all again (about half
    of its time on the bench), and in forked workers that walk also copied their memory pages.
    """
    gc.freeze()


def _init_worker(loader: Loader) -> None:
    try:
        _WorkerState.pipeline = loader()
    except Exception as exc:  # a failing initializer makes Pool respawn workers forever
        _WorkerState.error = exc


def _work(batch: list[Item], finish: Finish | None = None) -> list:
    if _WorkerState.error is not None:
        raise _WorkerState.error
    return list(finished(_WorkerState.pipeline.run(batch), finish))


def finished(results: Iterable[Result], finish: Finish | None) -> Iterator:
    """Yield the results with each article replaced by `finish(article)` when `finish` is given."""
    if finish is None:
        yield from results
        return
    for result in results:
        yield result if isinstance(result, Skipped) else finish(result)


def batches(items: Iterable[Item], size: int = BATCH_SIZE) -> Iterator[list[Item]]:
    """Yield `items` as consecutive lists of at most `size`, reading lazily."""
    stream = iter(items)
    while batch := list(islice(stream, size)):
        yield batch


def ordered(submit: Callable[[list[Item]], object], collect: Callable[[object], list[Result]],
            items: Iterable[Item], in_flight: int, size: int = BATCH_SIZE) -> Iterator[Result]:
    """Yield results in input order, keeping at most `in_flight` submitted batches pending."""
    pending: deque = deque()
    for batch in batches(items, size):
        pending.append(submit(batch))
        if len(pending) >= in_flight:
            yield from collect(pending.popleft())
    while pending:
        yield from collect(pending.popleft())


def process(items: Iterable[Item], workers: int = 1, pipeline: Pipeline | None = None,
            loader: Loader = Pipeline.load, finish: Finish | None = None) -> Iterator:
    """Yield the processed items in input order, using `workers` processes.

    With one worker, `pipeline` (or `loader()`) runs in this process; with more,
    every worker process calls `loader()` once at start-up, or, where processes
    are forked, starts with a copy of the already loaded `pipeline`. With `finish`
    (picklable), each article comes as `finish(article)`, computed in the worker, so that
    the parent's share of the work (and what it unpickles) stays small.
    """
    if workers <= 1:
        yield from finished((pipeline or loader()).run(items), finish)
        return
    forked = "fork" in mp.get_all_start_methods()
    context = mp.get_context("fork") if forked else mp.get_context()
    if forked and pipeline is not None:
        loader = _Loaded(pipeline)
    with context.Pool(workers, initializer=_init_worker, initargs=(loader,)) as pool:
        yield from ordered(lambda batch: pool.apply_async(_work, (batch, finish)),
                           lambda result: result.get(), items, workers * BATCHES_PER_WORKER)
