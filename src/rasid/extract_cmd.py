"""`rasid extract`: inputs → records, streamed, in order, with a progress bar on a terminal."""
from __future__ import annotations

import os
import sys
from contextlib import ExitStack, nullcontext
from pathlib import Path

from . import errors
from .corpus import CorpusLinker, link_features
from .ingest import Skipped, read
from .model import Article
from .pipeline import Pipeline
from .record import dumps, to_record
from .runner import process


def run_extract(args) -> int:
    """Run `rasid extract`; return 0 when every input came out, 1 when some were skipped."""
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    if workers < 1:
        raise errors.UsageError("--workers must be 1 or more")
    missing = [p for p in args.inputs if p != "-" and not Path(p).exists()]
    if missing and len(missing) == len(args.inputs):
        raise errors.UsageError(f"no such file or directory: {', '.join(missing)}")
    if getattr(args, "format", "jsonl") == "parquet" and not args.output:
        raise errors.UsageError("--format parquet writes a folder of part files: pass -o FOLDER")
    pipeline = Pipeline.load()
    versions = pipeline.versions()
    results = _results(args, workers, pipeline)
    skipped = 0
    with ExitStack() as stack:
        out = _open_output(args, stack)
        store = stack.enter_context(_open_store(args.db))
        linker = CorpusLinker()
        for item, features in _progress(results, args, stack):
            if isinstance(item, Skipped):
                skipped += 1
                print(f"rasid: skipped {item.source}: {item.reason}", file=sys.stderr)
                continue
            record = to_record(linker.link(item, features), versions)
            out.add(record)
            if store is not None:
                store.add(record)
    return 1 if skipped else 0


class _JsonLines:
    """Records as JSON lines on a text stream."""

    def __init__(self, stream):
        self.stream = stream

    def add(self, record: dict) -> None:
        self.stream.write(dumps(record) + "\n")


def _open_output(args, stack: ExitStack):
    """Return the records' sink: JSON Lines (a file or stdout) or a Parquet dataset."""
    if getattr(args, "format", "jsonl") == "parquet":
        from .parquet import ParquetDataset
        return stack.enter_context(ParquetDataset(args.output))
    return _JsonLines(stack.enter_context(open(args.output, "w", encoding="utf-8")) if args.output
                      else sys.stdout)


def _results(args, workers: int, pipeline: Pipeline):
    """Yield (result, its link features or None) in input order."""
    if args.engine == "dask":
        from .engines import dask_process
        return ((item, None) for item in dask_process(read(args.inputs), scheduler=args.scheduler,
                                                      workers=workers))
    return process(read(args.inputs), workers=workers, pipeline=pipeline, features=link_features)


def _open_store(path: str | None):
    if not path:
        return nullcontext(None)
    from .store import Store
    return Store.open(path)


def _progress(items, args, stack: ExitStack):
    """Wrap `items` in a rich progress bar when stderr is a terminal, else pass through."""
    if args.no_progress or not sys.stderr.isatty():
        return items
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
    progress = stack.enter_context(Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                                            TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                                            transient=True))
    task = progress.add_task("extract", total=None, rate="")

    def counted():
        for count, item in enumerate(items, 1):
            elapsed = progress.tasks[0].elapsed or 1e-9
            progress.update(task, completed=count, rate=f"{count / elapsed:.0f} articles/s")
            yield item
    return counted()
