"""`rasid extract`: inputs → records, streamed, in order, with a progress bar on a terminal."""
from __future__ import annotations

import json
import os
import sys
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass
from pathlib import Path

from . import errors
from .corpus import CorpusLinker, LinkFeatures, link_features
from .ingest import Skipped, read
from .model import Article
from .pipeline import Pipeline
from .record import RecordLine, record_line
from .runner import finished, process, settle


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
    settle()
    results = _results(args, workers, pipeline, Prepare(pipeline.versions()))
    skipped = 0
    with ExitStack() as stack:
        out = _open_output(args, stack)
        store = stack.enter_context(_open_store(args.db))
        linker = CorpusLinker()
        for item in _progress(results, args, stack):
            if isinstance(item, Skipped):
                skipped += 1
                print(f"rasid: skipped {item.source}: {item.reason}", file=sys.stderr)
                continue
            line = item.link(linker)
            out.add_line(line)
            if store is not None:
                store.add(json.loads(line))
    return 1 if skipped else 0


@dataclass(frozen=True)
class Prepared:
    """A processed article as the parent needs it, made in the worker: its id, link features and
    record line (so the parent neither unpickles nor encodes the whole Article), and for the
    bench its token count and first entities' names."""
    doc_id: str
    features: LinkFeatures
    line: RecordLine
    tokens: int = 0
    names: tuple[str, ...] = ()

    def link(self, linker: CorpusLinker) -> str:
        """Return the article's JSON line, linked to the articles before it."""
        duplicate_of, clusters = linker.link_ids(self.doc_id, self.features)
        return self.line.fill(duplicate_of, clusters)


class Prepare:
    """Return the `Prepared` form of an article (picklable: it runs in the worker processes)."""

    def __init__(self, versions: dict[str, str]):
        self.versions = versions

    def __call__(self, article: Article) -> Prepared:
        return Prepared(article.doc_id, self.features(article), self.line(article), len(article.tokens),
                        tuple(e.name for e in article.entities[:3]))

    def features(self, article: Article) -> LinkFeatures:
        """Return what the corpus linker needs of the article."""
        return link_features(article)

    def line(self, article: Article) -> RecordLine:
        """Return the article's record line, with holes for the linker's values."""
        return record_line(article, self.versions)


class _JsonLines:
    """Records as JSON lines on a text stream."""

    def __init__(self, stream):
        self.stream = stream

    def add_line(self, line: str) -> None:
        self.stream.write(line + "\n")


class _Records:
    """Records handed to a sink of dicts (a Parquet dataset) as they read back from their lines."""

    def __init__(self, sink):
        self.sink = sink

    def add_line(self, line: str) -> None:
        self.sink.add(json.loads(line))


def _open_output(args, stack: ExitStack):
    """Return the records' sink: JSON Lines (a file or stdout) or a Parquet dataset."""
    if getattr(args, "format", "jsonl") == "parquet":
        from .parquet import ParquetDataset
        return _Records(stack.enter_context(ParquetDataset(args.output)))
    return _JsonLines(stack.enter_context(open(args.output, "w", encoding="utf-8")) if args.output
                      else sys.stdout)


def _results(args, workers: int, pipeline: Pipeline, prepare: Prepare):
    """Yield the `Prepared` articles (or `Skipped` inputs) in input order."""
    if args.engine == "dask":
        from .engines import dask_process
        return finished(dask_process(read(args.inputs), scheduler=args.scheduler, workers=workers), prepare)
    return process(read(args.inputs), workers=workers, pipeline=pipeline, finish=prepare)


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
