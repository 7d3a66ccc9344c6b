"""`rasid bench`: how fast and how lean the pipeline is on a real news feed.

One run measures, on the same articles: start-up (imports, models, lexicons) in a
fresh process; the whole pipeline on one worker, as `rasid extract` runs it
(read → clean → stages → corpus linker → JSON line), with seconds per stage;
memory (peak RSS, RSS after 1k articles and at the end); the floor, a read +
regex-tokenise pass; optionally N local workers against one; optionally the
SQLite store (ingest time, search p95) when `rasid.store` is installed.
"""
from __future__ import annotations

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
STARTUP_CODE = ("import time; t = time.perf_counter(); from rasid.pipeline import Pipeline; "
                "Pipeline.load(); print(time.perf_counter() - t)")
CLI_CODE = "import rasid.cli as c; c.build_parser()"
TARGETS = {  # name: (what, threshold, higher is better)
    "articles_per_core_s": ("≥ 150 articles/s per core, one worker", 150.0, True),
    "peak_rss_mib": ("peak RSS < 1.5 GiB", 1536.0, False),
    "rss_growth": ("RSS at the end within 20% of RSS after 1k", 1.2, False),
    "startup_s": ("start-up < 2 s", 2.0, False),
    "speedup": ("N workers ≥ 0.85 × N × one worker", None, True),
}


def add_commands(subparsers) -> None:
    p = subparsers.add_parser(
        "bench", help="measure speed and memory of the pipeline on a news feed",
        description="Run the whole pipeline over a feed and report articles/s and tokens/s per "
        "core (whole and per stage), start-up time, memory, and a read + tokenise floor.",
        epilog="examples:\n  rasid bench                       the bench corpus in ../shared\n"
        "  rasid bench --limit 1000 --workers 2\n  rasid bench --corpus feed.jsonl.gz --json",
        formatter_class=__import__("argparse").RawDescriptionHelpFormatter)
    p.add_argument("--corpus", help=f"JSON Lines feed (default: {DEFAULT_CORPUS} when present)")
    p.add_argument("--limit", type=int, help="only the first N articles")
    p.add_argument("--workers", type=int, default=1,
                   help="also run N local worker processes and report the speed-up over one")
    p.add_argument("--no-store", action="store_true", help="skip the SQLite store measurement")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(func=cmd_bench)


def cmd_bench(args) -> int:
    corpus = _corpus(args.corpus)
    if args.limit is not None and args.limit < 1:
        raise errors.UsageError("--limit must be 1 or more")
    if args.workers < 1:
        raise errors.UsageError("--workers must be 1 or more")
    results = run_bench(corpus, args.limit, args.workers, store=not args.no_store,
                        say=_status_printer(args.json))
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
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
              say=lambda message: None) -> dict:
    """Return every measurement of one bench run as a JSON-ready dict."""
    say("start-up in a fresh process")
    results = {"corpus": str(corpus), "limit": limit, "cores": os.cpu_count(),
               "load_average": [round(x, 2) for x in os.getloadavg()],
               "startup": measure_startup()}
    with tempfile.TemporaryDirectory(prefix="rasid-bench-") as folder:
        records = Path(folder, "records.jsonl")
        say("pipeline on one worker")
        results.update(measure_pipeline(corpus, limit, records))
        say("floor: read + tokenise")
        results["floor"] = measure_floor(corpus, limit)
        results["floor"]["ratio"] = _ratio(results["floor"]["articles_per_s"],
                                           results["pipeline"]["articles_per_s"])
        results["scaling"] = measure_scaling(corpus, limit, workers, results) if workers > 1 else None
        say("SQLite store") if store else None
        names = results.pop("top_names")
        results["store"] = measure_store(records, names, folder) if store else None
    results["targets"] = check_targets(results, workers)
    return results


def measure_startup() -> dict:
    """Return seconds to import and load the pipeline, and to build the CLI, in fresh processes."""
    return {"pipeline_s": round(float(_python(STARTUP_CODE).strip().splitlines()[-1]), 3),
            "cli_s": round(_timed_python(CLI_CODE), 3)}


def _python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise errors.ModelError(f"the pipeline does not start: {done.stderr.strip()[-500:]}")
    return done.stdout


def _timed_python(code: str) -> float:
    started = time.perf_counter()
    _python(code)
    return time.perf_counter() - started


def _articles(corpus: Path, limit: int | None):
    from .ingest import read
    return islice(read([corpus]), limit)


def measure_pipeline(corpus: Path, limit: int | None, records: Path) -> dict:
    """Return speed per stage and memory of the pipeline on one worker, writing the records."""
    from .pipeline import Pipeline
    from .runner import process
    pipeline = Pipeline.load()
    cpu, started = time.process_time(), time.perf_counter()
    drive = _drive(process(_articles(corpus, limit), 1, pipeline=pipeline), pipeline.versions(), records)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    n, tokens = drive["articles"], drive["tokens"]
    stages = dict(pipeline.timings, record=drive["record_s"])
    stages = {"read": max(0.0, wall - sum(stages.values())), **stages}
    return {"articles": n, "skipped": drive["skipped"], "tokens": tokens,
            "tokens_per_article": round(tokens / max(n, 1), 1),
            "pipeline": {**_rates(n, tokens, wall), "cpu_s": round(cpu, 3),
                         "articles_per_cpu_s": round(n / max(cpu, 1e-9), 1)},
            "stages": {name: {**_rates(n, tokens, seconds), "share": round(seconds / wall, 3)}
                       for name, seconds in stages.items()},
            "memory": _memory(drive["rss_mib"]), "top_names": drive["top_names"]}


def _drive(results, versions: dict, records: Path | None) -> dict:
    """Consume a result stream as `rasid extract` does; return counts, record time and RSS."""
    from .corpus import CorpusLinker
    from .ingest import Skipped
    from .record import dumps, to_record
    linker, names = CorpusLinker(), Counter()
    counts = {"articles": 0, "skipped": 0, "tokens": 0, "record_s": 0.0, "rss_mib": {}}
    with open(records or os.devnull, "w", encoding="utf-8") as out:
        for item in results:
            if isinstance(item, Skipped):
                counts["skipped"] += 1
                continue
            started = time.perf_counter()
            out.write(dumps(to_record(linker.link(item), versions)) + "\n")
            counts["record_s"] += time.perf_counter() - started
            counts["articles"] += 1
            counts["tokens"] += len(item.tokens)
            names.update(e.name for e in item.entities[:3])
            if counts["articles"] == RSS_CHECKPOINT:
                counts["rss_mib"][RSS_CHECKPOINT] = current_rss_mib()
    counts["rss_mib"][counts["articles"]] = current_rss_mib()
    counts["top_names"] = [name for name, _ in names.most_common(20)]
    return counts


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
            "rss_growth": _ratio(rss[last], rss[first])}


def measure_floor(corpus: Path, limit: int | None) -> dict:
    """Return the speed of reading the same articles and regex-tokenising them, nothing more."""
    from .segment import tokenize
    articles = tokens = 0
    started = time.perf_counter()
    for raw in _articles(corpus, limit):
        if hasattr(raw, "body"):
            articles += 1
            tokens += len(tokenize(f"{raw.title}\n\n{raw.body}"))
    return _rates(articles, tokens, time.perf_counter() - started)


def measure_scaling(corpus: Path, limit: int | None, workers: int, results: dict) -> dict:
    """Return the speed of `workers` local processes on the same articles, and the speed-up."""
    from .pipeline import Pipeline
    from .runner import process
    pipeline = Pipeline.load()  # forked workers start with a copy of it
    started = time.perf_counter()
    drive = _drive(process(_articles(corpus, limit), workers, pipeline=pipeline), pipeline.versions(), None)
    rates = _rates(drive["articles"], drive["tokens"], time.perf_counter() - started)
    return {"workers": workers, **rates,
            "speedup": _ratio(rates["articles_per_s"], results["pipeline"]["articles_per_s"]),
            "peak_rss_worker_mib": peak_rss_mib(resource.RUSAGE_CHILDREN)}


def measure_store(records: Path, names: list[str], folder: str) -> dict | None:
    """Return ingest time of the records into a new SQLite store and search latency, if available."""
    try:
        from .store import Store
    except ImportError:
        return None
    db = str(Path(folder, "bench.db"))
    started = time.perf_counter()
    with Store.open(db) as store, open(records, encoding="utf-8") as lines:
        for line in lines:
            store.add(json.loads(line))
    found = {"ingest_s": round(time.perf_counter() - started, 3)}
    search = _search_benchmark()
    if search is not None and names:
        found["search"] = search(db, names)
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
              "startup_s": results["startup"]["pipeline_s"]}
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
    speed = Table("pass", "seconds", "articles/s", "tokens/s", "share", title="speed, one worker")
    for name, row in _speed_rows(results):
        speed.add_row(name, f"{row['seconds']:.2f}", f"{row['articles_per_s']:,.0f}",
                      f"{row['tokens_per_s']:,}", row.get("share", ""))
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
        yield f"  {name}", {**row, "share": f"{row['share']:.0%}"}
    yield "floor: read + tokenise", results["floor"]
    if results.get("scaling"):
        yield f"{results['scaling']['workers']} workers", results["scaling"]


def _notes(results: dict) -> list[str]:
    memory, startup = results["memory"], results["startup"]
    notes = [f"start-up: pipeline {startup['pipeline_s']} s (fresh process: imports, models, "
             f"lexicons), CLI {startup['cli_s']} s",
             f"memory: peak RSS {memory['peak_rss_mib']} MiB; RSS by articles done "
             + ", ".join(f"{k}: {v} MiB" for k, v in memory["rss_mib"].items()),
             f"floor / pipeline: the pipeline runs at 1/{results['floor']['ratio']} of a read + "
             f"tokenise pass; {results['pipeline']['articles_per_cpu_s']} articles per CPU second"]
    if results.get("scaling"):
        scaling = results["scaling"]
        notes.append(f"{scaling['workers']} workers: {scaling['speedup']}× one worker "
                     f"(peak RSS per worker {scaling['peak_rss_worker_mib']} MiB)")
    if results.get("store"):
        notes.append(f"store: ingest {results['store']['ingest_s']} s; search "
                     + json.dumps(results["store"].get("search"), ensure_ascii=False))
    return notes
