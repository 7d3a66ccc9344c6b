"""`rasid store`: load record files into a store, show what it holds, search it."""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

from . import errors


def add_commands(subparsers) -> None:
    p = subparsers.add_parser(
        "store", help="load records into a SQLite store, show it, search it",
        description="The SQLite store that `rasid extract --db` writes and `rasid serve` reads.",
        epilog="examples:\n  rasid store import records.jsonl --db rasid.db\n  rasid store info --db rasid.db\n"
               "  rasid store search 'وزير الخارجية' --db rasid.db",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(title="actions", metavar="ACTION", required=True)
    load = actions.add_parser("import", help="add records (JSON Lines from `rasid extract`) to a store")
    load.add_argument("records", nargs="+", metavar="RECORDS", help=".jsonl or .jsonl.gz record files")
    load.set_defaults(func=cmd_import)
    info = actions.add_parser("info", help="row counts, schema version and integrity of a store")
    info.set_defaults(func=cmd_info)
    find = actions.add_parser("search", help="full-text search of the articles (Arabic-normalised)")
    find.add_argument("query")
    find.add_argument("--limit", type=int, default=10)
    find.set_defaults(func=cmd_search)
    for action in (load, info, find):
        action.add_argument("--db", default="rasid.db", help="the SQLite store (default: rasid.db)")
        action.add_argument("--json", action="store_true", help="print JSON")


def _records(path: Path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as stream:
        for number, line in enumerate(stream, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    print(f"rasid: {path}:{number}: not JSON ({exc}); line skipped", file=sys.stderr)


def cmd_import(args) -> int:
    from .store import Store
    missing = [p for p in args.records if not Path(p).is_file()]
    if missing:
        raise errors.UsageError(f"no such record file: {', '.join(missing)}")
    with Store.open(args.db) as store:
        for path in args.records:
            for record in _records(Path(path)):
                store.add(record)
    report = {"written": store.written, "unchanged": store.unchanged, "rejected": len(store.rejected)}
    print(json.dumps(report) if args.json else
          f"rasid: {args.db}: {report['written']} written, {report['unchanged']} unchanged, "
          f"{report['rejected']} rejected")
    return 1 if store.rejected else 0


def cmd_info(args) -> int:
    from .store import connect_readonly, table_counts
    db = connect_readonly(args.db)
    report = {"db": args.db, "schema_version": db.execute("PRAGMA user_version").fetchone()[0],
              "integrity": db.execute("PRAGMA quick_check").fetchone()[0], **table_counts(db)}
    db.close()
    print(json.dumps(report) if args.json else "\n".join(f"{k:15} {v}" for k, v in report.items()))
    return 0 if report["integrity"] == "ok" else 1


def cmd_search(args) -> int:
    from .store import QueryError, connect_readonly, search_articles
    db = connect_readonly(args.db)
    try:
        found = search_articles(db, args.query, limit=max(1, min(args.limit, 100)))
    except QueryError as exc:
        raise errors.UsageError(f"search {args.query!r}: {exc}") from exc
    finally:
        db.close()
    if args.json:
        print(json.dumps(found, ensure_ascii=False))
        return 0
    print(f"{found['total']} articles")
    for result in found["results"]:
        snippet = "".join(f"[{text}]" if match else text for text, match in result["snippet"])
        print(f"- {result['doc_id']}  {result['title']}\n  {' '.join(snippet.split())}")
    return 0
