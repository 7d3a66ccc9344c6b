"""The `rasid` command: a thin layer that parses options and calls the public API."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import errors

EPILOG = """examples:
  rasid extract examples/ -o records.jsonl     extract every article under examples/
  rasid extract feed.jsonl.gz --workers 2       a JSONL feed on two processes
  rasid evaluate --gold gold.jsonl --pred records.jsonl
  rasid actors لافروف --on 2015-06-01 --json
"""


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args) or 0
    except errors.UsageError as exc:
        print(f"rasid: {exc}", file=sys.stderr)
        return 2
    except errors.RasidError as exc:
        print(f"rasid: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("rasid: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rasid", description="Read Arabic news natively: entities, quotations and PLOVER "
        "events with exact offsets.", epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"rasid {_version()}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    _add_extract(commands)
    _add_evaluate(commands)
    _add_train(commands)
    for adder in _optional_adders():
        adder(commands)
    return parser


def _version() -> str:
    from .record import rasid_version
    return rasid_version()


def _optional_adders():
    """Subcommands that live with their module (kb, store, web, export, bench, quotes)."""
    names = ("kb", "store", "web", "export", "bench", "quotes", "explain")
    adders = []
    for name in names:
        try:
            module = __import__(f"rasid.{name}", fromlist=["add_commands"])
        except ImportError:
            continue
        adder = getattr(module, "add_commands", None)
        if adder:
            adders.append(adder)
    return adders


def _add_extract(commands) -> None:
    p = commands.add_parser("extract", help="turn articles into records (JSON Lines)",
                            description="Read articles and write one JSON record per article, "
                            "in input order.", epilog="""inputs:
  .txt files (first line the title), directories (recursively), .jsonl/.jsonl.gz feeds
  (fields id or doc_id, title, text or body, published, outlet, url), .html pages, and
  - for JSON Lines on standard input.

exit status: 0 every article came out, 1 some inputs were skipped (each named on
stderr with why), 2 a usage error.

examples:
  rasid extract examples/
  rasid extract news.jsonl.gz -o records.jsonl --workers 2
  rasid extract news.jsonl.gz --engine dask --format parquet -o records/
  cat feed.jsonl | rasid extract - > records.jsonl""",
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="file, directory, feed, or -")
    p.add_argument("-o", "--output", help="write records here (default: standard output)")
    p.add_argument("--workers", type=int, default=None,
                   help="local processes (default: all cores); output is the same for any number")
    p.add_argument("--db", help="also write the records into this SQLite store")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local processes, or a Dask distributed cluster")
    p.add_argument("--scheduler", help="Dask scheduler address (default: a LocalCluster)")
    p.add_argument("--format", choices=("jsonl", "parquet"), default="jsonl",
                   help="JSON Lines, or a Parquet dataset (a folder of part files; needs -o FOLDER)")
    p.add_argument("--no-progress", action="store_true", help="never show a progress bar")
    p.set_defaults(func=cmd_extract)


def cmd_extract(args) -> int:
    from .extract_cmd import run_extract
    return run_extract(args)


def _add_evaluate(commands) -> None:
    p = commands.add_parser("evaluate", help="score records against gold (or the NER model on CoNLL)",
                            description="Score predicted records against gold, as the referee does; "
                            "or, with `evaluate ner`, the NER model on a CoNLL file.",
                            epilog="examples:\n  rasid evaluate --gold gold.jsonl --pred records.jsonl\n"
                            "  rasid evaluate ner --conll test.conll --json",
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("what", nargs="?", choices=("records", "ner"), default="records")
    p.add_argument("--gold", help="gold records (JSON Lines)")
    p.add_argument("--pred", help="predicted records (JSON Lines)")
    p.add_argument("--conll", help="with `ner`: a CoNLL file (token TAB tag)")
    p.add_argument("--json", action="store_true", help="print the scores as JSON")
    p.set_defaults(func=cmd_evaluate)


def cmd_evaluate(args) -> int:
    if args.what == "ner":
        return _evaluate_ner(args)
    if not (args.gold and args.pred):
        raise errors.UsageError("evaluate needs --gold FILE and --pred FILE (JSON Lines)")
    from .evaluate import format_report, score_files
    for path in (args.gold, args.pred):
        if not Path(path).is_file():
            raise errors.UsageError(f"{path}: no such file")
    report = score_files(args.gold, args.pred)
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else format_report(report))
    return 0


def _evaluate_ner(args) -> int:
    if not args.conll or not Path(args.conll).is_file():
        raise errors.UsageError("evaluate ner needs --conll FILE (an existing CoNLL file)")
    from .ner import Tagger
    from .ner.conll import evaluate
    report = evaluate(Tagger.load(), args.conll)
    if args.json:
        print(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        print(f"NER on {args.conll}: P {report['precision']:.4f}  R {report['recall']:.4f}  "
              f"F1 {report['f1']:.4f}")
        for kind, row in sorted(report.get("per_type", {}).items()):
            print(f"  {kind:5} P {row['precision']:.4f}  R {row['recall']:.4f}  F1 {row['f1']:.4f}")
    return 0


def _add_train(commands) -> None:
    p = commands.add_parser("train", help="rebuild a shipped model from ../shared",
                            description="Rebuild a model reproducibly from the shared training data.")
    p.add_argument("what", choices=("ner",))
    p.add_argument("--shared", default=os.environ.get("RASID_SHARED", "../shared"),
                   help="the shared data folder (default: ../shared or $RASID_SHARED)")
    p.add_argument("--out", help="write the model files here (default: inside the package)")
    p.set_defaults(func=cmd_train)


def cmd_train(args) -> int:
    if not Path(args.shared, "data", "ner").is_dir():
        raise errors.UsageError(f"{args.shared}: no data/ner folder; pass --shared DIR")
    from .ner import train
    train.main(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
