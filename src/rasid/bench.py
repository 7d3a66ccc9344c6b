"""`rasid bench`: how fast and how lean the pipeline is on a real news feed.

One run measures, on the same articles: start-up (imports, models, lexicons) in a
fresh process; the whole pipeline on one worker, as `rasid extract` runs it
(read → clean → stages → corpus linker → JSON line), with seconds per stage;
memory (peak RSS, RSS after 1k articles and at the end); the floor, a read +
regex-tokenise pass; optionally N local workers against one; optionally the
SQLite store (ingest time, search p95) when `rasid.store` is installed.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from itertools import islice
from pathlib import Path

from . import errors

DEFAULT_CORPUS = Path("../shared/corpus/bench/news.jsonl.gz")
RSS_CHECKPOINT = 1000
SCALING_ARTICLES = 2000
STARTUP_CODE = ("import time; t = time.perf_counter(); from rasid.pipeline import Pipeline; "
                "from rasid.corpus import CorpusLinker; Pipeline.load(); CorpusLinker(); "
                "print(time.perf_counter() - t)")
TARGETS = {  # name: (what, threshold, higher is better)
    "articles_per_core_s": ("≥ 150 articles/s per core (CPU time), one worker", 150.0, True),
    "peak_rss_mib": ("peak RSS < 1.5 GiB", 1536.0, False),
    "rss_growth": ("RSS at the end within 20% of RSS after 1k", 1.2, False),
    "startup_s": ("start-up < 2 s (CPU time of a fresh process)", 2.0, False),
    "speedup": ("N workers ≥ 0.85 × N × one worker (wall clock)", None, True),
}


def add_commands(subparsers) -> None:
    p = subparsers.add_parser(
        "bench", help="measure speed and memory of the pipeline on a news feed",
        description="Run the whole pipeline over a feed and report articles/s and tokens/s per "
        "core (whole and per stage), start-up time, memory, and a read + tokenise floor.",
        epilog="examples:\n  rasid bench                       the bench corpus in ../shared\n"
        "  rasid bench --limit 1000 --workers 2\n  rasid bench --corpus feed.jsonl.gz --json",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--corpus", help=f"JSON Lines feed (default: {DEFAULT_CORPUS} when present)")
    p.add_argument("--limit", type=int, help="only the first N articles")
    p.add_argument("--workers", type=int, default=1,
                   help="also run N local worker processes and report the speed-up over one")
    p.add_argument("--scaling-limit", type=int, default=SCALING_ARTICLES,
                   help=f"articles for the N-worker pass (default {SCALING_ARTICLES})")
    p.add_argument("--no-store", action="store_true", help="skip the SQLite store measurement")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.add_argument("--markdown", action="store_true", help="print the results as Markdown tables")
    p.set_defaults(func=cmd_bench)


def cmd_bench(args) -> int:
    corpus = _corpus(args.corpus)
    if args.limit is not None and args.limit < 1:
        raise errors.UsageError("--limit must be 1 or more")
    if args.workers < 1:
        raise errors.UsageError("--workers must be 1 or more")
    results = run_bench(corpus, args.limit, args.workers, store=not args.no_store,
                        scaling_limit=args.scaling_limit, say=_status_printer(args.json or args.markdown))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    elif args.markdown:
        print(format_markdown(results))
    else:
        print_table(results)
    return 0


def _corpus(path: str | None) -> Path:
    if path:
        if not Path(path).is_file():
            raise errors.UsageError(f"{path}: no such file; pass --corpus FEED.jsonl[.gz]")
        return Path(path)
    if DEFAULT_CORPUS.is_file():
        return DEFAULT_CORPUS
    raise errors.UsageError(f"no bench corpus at {DEFAULT_CORPUS} (run from the rasid folder "
                            "next to ../shared, or pass --corpus FEED.jsonl[.gz])")


def _status_printer(quiet: bool):
    def say(message: str) -> None:
        if not quiet and sys.stderr.isatty():
            print(f"rasid bench: {message}", file=sys.stderr, flush=True)
    return say


def run_bench(corpus: Path, limit: int | None = None, workers: int = 1, store: bool = True,
              scaling_limit: int = SCALING_ARTICLES, say=lambda message: None) -> dict:
    """Return every measurement of one bench run as a JSON-ready dict."""
    say("start-up in a fresh process")
    results = {"corpus": str(corpus), "limit": limit, "cores": os.cpu_count(),
               "load_average": [round(x, 2) for x in os.getloadavg()],
               "startup": measure_startup()}
    pipeline, store_api = _load(store)
    from .runner import settle
    settle()
    with tempfile.TemporaryDirectory(prefix="rasid-bench-") as folder:
        records = Path(folder, "records.jsonl")
        many = None
        if workers > 1:  # first, while the loaded pipeline is as cold as the one-worker pass's
            say(f"{workers} workers")
            many = measure_workers(corpus, min(limit or scaling_limit, scaling_limit), workers, pipeline)
        say("pipeline on one worker")
        results.update(measure_pipeline(corpus, limit, records, pipeline,
                                        many["articles"] if many else RSS_CHECKPOINT))
        say("floor: read + tokenise")
        results["floor"] = measure_floor(corpus, limit)
        results["floor"]["ratio"] = _ratio(results["floor"]["articles_per_s"],
                                           results["pipeline"]["articles_per_s"])
        results["scaling"] = _scaling(many, results.pop("checkpoint")) if many else None
        say("SQLite store") if store_api else None
        names = results.pop("top_names")
        results["store"] = measure_store(store_api, records, names, folder) if store_api else None
    results["targets"] = check_targets(results, workers)
    return results


def _load(store: bool):
    """Return the loaded pipeline and the store's (Store, search_benchmark), importing all now.

    A long run then measures the code as it was when it started, even if files change on disk.
    """
    from . import corpus as _corpus_linker  # noqa: F401  (imports scipy: not inside a timed pass)
    from .pipeline import Pipeline
    store_api = None
    if store:
        try:
            from .store import Store
            store_api = (Store, _search_benchmark())
        except ImportError:
            pass
    return Pipeline.load(), store_api


def measure_startup() -> dict:
    """Return seconds (wall and CPU) to import and load everything `rasid extract` needs, in a fresh process."""
    clock = _Clock()
    done = subprocess.run([sys.executable, "-c", STARTUP_CODE], capture_output=True, text=True, check=False)
    wall, cpu = clock.elapsed()
    if done.returncode != 0:
        raise errors.ModelError(f"the pipeline does not start: {done.stderr.strip()[-500:]}")
    return {"pipeline_s": round(float(done.stdout.split()[-1]), 3), "process_cpu_s": round(cpu, 3),
            "process_wall_s": round(wall, 3)}


def _articles(corpus: Path, limit: int | None):
    from .ingest import read
    return islice(read([corpus]), limit)


def measure_pipeline(corpus: Path, limit: int | None, records: Path, pipeline, checkpoint: int) -> dict:
    """Return speed per stage and memory of the pipeline on one worker, writing the records.

    Rates "per core" divide by this process's CPU time, so other work on a shared
    machine does not count; a stage's CPU time is its share of the wall time.
    """
    from .runner import process
    clock, prepare = _Clock(), _timed_prepare(pipeline.versions())
    drive = _drive(process(_articles(corpus, limit), 1, pipeline=pipeline, finish=prepare), records, clock,
                   (RSS_CHECKPOINT, checkpoint))
    wall, cpu = clock.elapsed()
    n, tokens = drive["articles"], drive["tokens"]
    stages = dict(pipeline.timings, link=drive["link_s"] + prepare.link_s, record=drive["record_s"] + prepare.record_s)
    stages = {"read": max(0.0, wall - sum(stages.values())), **stages}
    return {"articles": n, "skipped": drive["skipped"], "tokens": tokens,
            "tokens_per_article": round(tokens / max(n, 1), 1),
            "pipeline": {**_rates(n, tokens, cpu), "wall_s": round(wall, 3),
                         "articles_per_wall_s": round(n / max(wall, 1e-9), 1)},
            "stages": {name: {**_rates(n, tokens, cpu * seconds / wall), "share": round(seconds / wall, 3)}
                       for name, seconds in stages.items()},
            "memory": _memory(drive["rss_mib"]), "top_names": drive["top_names"],
            "checkpoint": drive["checkpoints"].get(checkpoint, {"articles": n, "wall_s": wall, "cpu_s": cpu})}


def _timed_prepare(versions: dict):
    """Return an `extract_cmd.Prepare` that adds up the seconds of its link and record parts (in this process)."""
    from .extract_cmd import Prepare

    class TimedPrepare(Prepare):
        link_s = record_s = 0.0

        def features(self, article):
            return self._timed("link_s", super().features, article)

        def line(self, article):
            return self._timed("record_s", super().line, article)

        def _timed(self, total: str, work, article):
            started = time.perf_counter()
            try:
                return work(article)
            finally:
                setattr(self, total, getattr(self, total) + time.perf_counter() - started)

    return TimedPrepare(versions)


class _Clock:
    """Wall and CPU seconds since it was made (CPU of this process and of its reaped children)."""

    def __init__(self):
        self.start = self._now()

    @staticmethod
    def _now() -> tuple[float, float]:
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return time.perf_counter(), time.process_time() + children.ru_utime + children.ru_stime

    def elapsed(self) -> tuple[float, float]:
        wall, cpu = self._now()
        return wall - self.start[0], cpu - self.start[1]


def _drive(results, records: Path | None, clock: _Clock, checkpoints=()) -> dict:
    """Consume a stream of `extract_cmd.Prepared` as `rasid extract` does; return counts, times and
    RSS at checkpoints."""
    from .corpus import CorpusLinker
    from .ingest import Skipped
    linker, names = CorpusLinker(), Counter()
    counts = {"articles": 0, "skipped": 0, "tokens": 0, "link_s": 0.0, "record_s": 0.0, "rss_mib": {},
              "checkpoints": {}}
    with open(records or os.devnull, "w", encoding="utf-8") as out:
        for item in results:
            if isinstance(item, Skipped):
                counts["skipped"] += 1
                continue
            started = time.perf_counter()
            ids = linker.link_ids(item.doc_id, item.features)
            linked_at = time.perf_counter()
            out.write(item.line.fill(*ids) + "\n")
            counts["link_s"] += linked_at - started
            counts["record_s"] += time.perf_counter() - linked_at
            counts["articles"] += 1
            counts["tokens"] += item.tokens
            names.update(item.names)
            if counts["articles"] in checkpoints:
                _checkpoint(counts, clock)
    _checkpoint(counts, clock)
    counts["top_names"] = [name for name, _ in names.most_common(20)]
    return counts


def _checkpoint(counts: dict, clock: _Clock) -> None:
    wall, cpu = clock.elapsed()
    counts["rss_mib"][counts["articles"]] = current_rss_mib()
    counts["checkpoints"][counts["articles"]] = {"articles": counts["articles"], "wall_s": wall, "cpu_s": cpu}


def _rates(articles: int, tokens: int, seconds: float) -> dict:
    return {"seconds": round(seconds, 3), "articles_per_s": round(articles / max(seconds, 1e-9), 1),
            "tokens_per_s": round(tokens / max(seconds, 1e-9))}


def _ratio(a: float, b: float) -> float:
    return round(a / b, 2) if b else 0.0


def current_rss_mib() -> float:
    """Return this process's resident memory now (Linux), else its peak, in MiB."""
    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
        return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
    except (OSError, ValueError, IndexError):
        return peak_rss_mib()


def peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    """Return the peak resident memory of this process (or its reaped children) in MiB."""
    peak = resource.getrusage(who).ru_maxrss
    return round(peak / (2**20 if sys.platform == "darwin" else 2**10), 1)


def _memory(rss: dict[int, float]) -> dict:
    first, last = min(rss), max(rss)
    return {"peak_rss_mib": peak_rss_mib(), "rss_mib": {str(k): v for k, v in sorted(rss.items())},
            "rss_growth": round(rss[last] / rss[first], 3) if rss[first] else 0.0}  # 3 places: 1.197 is within 1.2


def measure_floor(corpus: Path, limit: int | None) -> dict:
    """Return the speed per core of reading the same articles and regex-tokenising them, nothing more."""
    from .segment import tokenize
    articles = tokens = 0
    clock = _Clock()
    for raw in _articles(corpus, limit):
        if hasattr(raw, "body"):
            articles += 1
            tokens += len(tokenize(f"{raw.title}\n\n{raw.body}"))
    return _rates(articles, tokens, clock.elapsed()[1])


def measure_workers(corpus: Path, articles: int, workers: int, pipeline) -> dict:
    """Return the speed of `workers` local processes (forked from `pipeline`) on the first articles."""
    from .extract_cmd import Prepare
    from .runner import process
    clock = _Clock()
    drive = _drive(process(_articles(corpus, articles), workers, pipeline=pipeline,
                           finish=Prepare(pipeline.versions())), None, clock)
    wall, cpu = clock.elapsed()
    return {"workers": workers, "articles": drive["articles"], **_rates(drive["articles"], drive["tokens"], wall),
            "cpu_s": round(cpu, 3), "peak_rss_worker_mib": peak_rss_mib(resource.RUSAGE_CHILDREN)}


def _scaling(many: dict, one: dict) -> dict:
    """Return the N-worker pass with its speed-up over one worker on the same articles.

    `speedup` is wall clock, so it is only meaningful on an otherwise idle machine;
    `cpu_overhead` (all CPU seconds with N workers / with one) is not disturbed by other work.
    """
    return {**many, "speedup": _ratio(one["wall_s"], many["seconds"]),
            "cpu_overhead": _ratio(many["cpu_s"], one["cpu_s"])}


def measure_store(store_api, records: Path, names: list[str], folder: str) -> dict:
    """Return ingest time of the records into a new SQLite store and search latency (or the error)."""
    store_class, search = store_api
    db = str(Path(folder, "bench.db"))
    try:
        started = time.perf_counter()
        with store_class.open(db) as store, open(records, encoding="utf-8") as lines:
            for line in lines:
                store.add(json.loads(line))
        found = {"ingest_s": round(time.perf_counter() - started, 3)}
        if search is not None and names:
            found["search"] = search(db, names)
    except Exception as exc:  # an optional measurement must not lose the rest of the run
        return {"error": f"{type(exc).__name__}: {exc}"}
    return found


def _search_benchmark():
    for module in ("store", "store_search"):
        try:
            found = getattr(__import__(f"rasid.{module}", fromlist=["x"]), "search_benchmark", None)
        except ImportError:
            continue
        if found:
            return found
    return None


def check_targets(results: dict, workers: int) -> dict:
    """Return, per target of issue 8, what it asks, the measured value and whether it is met."""
    values = {"articles_per_core_s": results["pipeline"]["articles_per_s"],
              "peak_rss_mib": results["memory"]["peak_rss_mib"],
              "rss_growth": results["memory"]["rss_growth"],
              "startup_s": results["startup"]["process_cpu_s"]}
    if results.get("scaling"):
        values["speedup"] = results["scaling"]["speedup"]
    found = {}
    for name, value in values.items():
        what, threshold, higher = TARGETS[name]
        threshold = 0.85 * workers if threshold is None else threshold
        found[name] = {"target": what, "value": value,
                       "met": value >= threshold if higher else value < threshold}
    return found


def print_table(results: dict) -> None:
    """Print the results as tables (rich on a terminal, plain text in a pipe)."""
    from rich.console import Console
    from rich.table import Table
    console = Console()
    console.print(f"[bold]rasid bench[/bold] {results['corpus']}: {results['articles']} articles "
                  f"({results['tokens_per_article']} tokens each), {results['skipped']} skipped; "
                  f"{results['cores']} cores, load average {results['load_average'][0]}")
    speed = Table("pass", "share", "articles/s per core", "tokens/s per core",
                  title="speed, one worker (CPU time)")
    for name, row in _speed_rows(results):
        speed.add_row(name, row.get("share", ""), f"{row['articles_per_s']:,.1f}", f"{row['tokens_per_s']:,}")
    console.print(speed)
    targets = Table("target", "measured", "met", title="targets")
    for row in results["targets"].values():
        targets.add_row(row["target"], str(row["value"]), "yes" if row["met"] else "NO")
    console.print(targets)
    for line in _notes(results):
        console.print(line)


def _speed_rows(results: dict):
    yield "whole pipeline", results["pipeline"]
    for name, row in results["stages"].items():
        yield f"  {name}", {**row, "share": f"{row['share']:.1%}"}
    yield "floor: read + tokenise", results["floor"]


def _notes(results: dict) -> list[str]:
    memory, startup, pipeline = results["memory"], results["startup"], results["pipeline"]
    notes = [f"start-up (a fresh process: interpreter, imports, models, lexicons, corpus linker): "
             f"CPU {startup['process_cpu_s']} s, wall {startup['process_wall_s']} s",
             f"memory: peak RSS {memory['peak_rss_mib']} MiB; RSS by articles done: "
             + ", ".join(f"{k}: {v} MiB" for k, v in memory["rss_mib"].items()),
             f"floor / pipeline: a read + tokenise pass is {results['floor']['ratio']}× faster",
             f"wall clock: {pipeline['articles_per_wall_s']} articles/s in {pipeline['wall_s']} s "
             f"(CPU {pipeline['seconds']} s)"]
    if results.get("scaling"):
        scaling = results["scaling"]
        notes.append(f"{scaling['workers']} workers: {scaling['speedup']}× one worker (wall clock, "
                     f"{scaling['articles_per_s']} articles/s); all CPU seconds {scaling['cpu_overhead']}× "
                     f"one worker's; peak RSS per worker {scaling['peak_rss_worker_mib']} MiB")
    store = results.get("store")
    if store:
        notes.append(f"store: {store['error']}" if "error" in store else
                     f"store: ingest {store['ingest_s']} s; search "
                     + json.dumps(store.get("search"), ensure_ascii=False))
    return notes


def format_markdown(results: dict) -> str:
    """Return the results as Markdown: the speed table, the targets table and the notes."""
    lines = [f"{results['articles']} articles ({results['tokens_per_article']} tokens each) from "
             f"`{results['corpus']}`, {results['cores']} cores, load average {results['load_average'][0]} "
             "at the start.", "", "| pass | share | articles/s per core | tokens/s per core |",
             "|---|---:|---:|---:|"]
    for name, row in _speed_rows(results):
        lines.append(f"| {name.strip() if name.startswith('  ') else f'**{name}**'} | {row.get('share', '')} "
                     f"| {row['articles_per_s']:,.1f} | {row['tokens_per_s']:,} |")
    lines += ["", "| target | measured | met |", "|---|---:|:---:|"]
    lines += [f"| {row['target']} | {row['value']} | {'yes' if row['met'] else '**no**'} |"
              for row in results["targets"].values()]
    return "\n".join(lines + [""] + [f"- {note}" for note in _notes(results)])
