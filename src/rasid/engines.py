"""Run the pipeline on a Dask distributed cluster, with the same records as the local engine.

The input stream is cut into batches; each batch is one task. Every Dask worker
loads the pipeline once, in a worker plugin (`PipelinePlugin`), and runs its
batches through it; results come back in input order with a bounded number of
batches in flight, so memory stays flat whatever the size of the input. The
corpus-level pass (duplicates, event clusters) runs in the caller, in order.

Run one thread per worker process (`dask worker --nthreads 1`): the stages are
pure Python, so threads would only queue for the interpreter; a worker with more
threads is still correct, as its pipeline is shared under a lock.
"""
from __future__ import annotations

import logging
import os
import threading
import uuid
from collections.abc import Iterable, Iterator

from distributed import WorkerPlugin

from .pipeline import Pipeline
from .runner import BATCH_SIZE, Item, Loader, Result, ordered

PLUGIN_NAME = "rasid-pipeline"
BATCHES_PER_THREAD = 4


class PipelinePlugin(WorkerPlugin):
    """A Dask worker plugin that loads the pipeline once when the worker starts."""

    name = PLUGIN_NAME

    def __init__(self, loader: Loader = Pipeline.load):
        self.loader = loader
        self.pipeline: Pipeline | None = None
        self.lock = threading.Lock()

    def setup(self, worker=None) -> None:
        self.pipeline = self.loader()

    def teardown(self, worker=None) -> None:
        self.pipeline = None

    def run(self, batch: list[Item]) -> list[Result]:
        """Return the processed batch, in order."""
        with self.lock:
            return list(self.pipeline.run(batch))

    def __getstate__(self) -> dict:  # only the loader travels to the workers
        return {"loader": self.loader}

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["loader"])


def _run_batch(batch: list[Item]) -> list[Result]:
    from distributed import get_worker
    return get_worker().plugins[PLUGIN_NAME].run(batch)


def dask_process(items: Iterable[Item], scheduler: str | None = None, loader: Loader = Pipeline.load,
                 workers: int | None = None, processes: bool = True,
                 batch_size: int = BATCH_SIZE) -> Iterator[Result]:
    """Yield the processed items in input order, computed on a Dask cluster.

    `scheduler` is the address of a running scheduler; without one a LocalCluster
    of `workers` (default: all cores) single-threaded workers is started, as
    processes or, with `processes=False`, as threads of this process.
    """
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=workers or os.cpu_count() or 1, threads_per_worker=1,
                               processes=processes, dashboard_address=None,
                               silence_logs=logging.ERROR)
    client = Client(cluster if cluster is not None else scheduler)
    try:
        client.register_plugin(PipelinePlugin(loader), name=PLUGIN_NAME)
        threads = sum(client.nthreads().values()) or 1
        run = f"rasid-{uuid.uuid4().hex[:8]}"
        counter = iter(range(1 << 62))

        def submit(batch):
            return client.submit(_run_batch, batch, key=f"{run}-{next(counter)}", pure=False)

        yield from ordered(submit, lambda future: future.result(), items,
                           threads * BATCHES_PER_THREAD, batch_size)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
