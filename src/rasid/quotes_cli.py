"""`rasid quotes`: list quotations with speaker, date and source, from a store or from inputs."""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

from . import errors
from .normalize import fold_phrase

EPILOG = """inputs:
  record files written by `rasid extract` (.jsonl, .jsonl.gz), or raw articles (anything
  `rasid extract` reads), which are extracted first; or --db, a store built by
  `rasid extract INPUT --db DB`.

examples:
  rasid quotes --db rasid.db --speaker لافروف
  rasid quotes records.jsonl --json
  rasid quotes examples/ --speaker "وزارة الخارجية"
"""


def add_commands(subparsers) -> None:
    p = subparsers.add_parser("quotes", help="list quotations with speaker, date and source",
                              description="List direct quotations and reported speech with their "
                              "speaker, date and source.", epilog=EPILOG,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="record files or raw articles")
    p.add_argument("--db", help="read the quotations of this SQLite store instead")
    p.add_argument("--speaker", help="only quotations whose speaker's name contains NAME (folded)")
    p.add_argument("--json", action="store_true", help="one JSON object per quotation")
    p.set_defaults(func=cmd_quotes)


def cmd_quotes(args) -> int:
    if bool(args.db) == bool(args.inputs):
        raise errors.UsageError("quotes needs either --db DB or one or more INPUT files, not both")
    rows = _from_store(args.db) if args.db else _from_inputs(args.inputs)
    wanted = fold_phrase(args.speaker) if args.speaker else None
    for row in rows:
        if wanted and wanted not in fold_phrase(row.get("speaker_name") or ""):
            continue
        print(json.dumps(row, ensure_ascii=False) if args.json else format_row(row))
    return 0


def format_row(row: dict) -> str:
    """Return one quotation as a line: date, speaker, the words, and where they come from."""
    words = row["text"].replace("\n", " ")
    shown = f"«{words}»" if row["direct"] else f"[{words}]"
    return f"{row.get('published') or '-'}\t{row.get('speaker_name') or '-'}\t{shown}\t{row['doc_id']}" + (
        f" ({row['outlet']})" if row.get("outlet") else "")


def quote_rows(record: dict) -> Iterator[dict]:
    """Yield the listing rows of one article record's quotations."""
    for quote in record.get("quotes") or []:
        yield {"doc_id": record.get("doc_id"), "published": record.get("published"),
               "outlet": record.get("outlet"), "source": record.get("source"),
               "speaker": quote.get("speaker"), "speaker_name": quote.get("speaker_name"),
               "direct": quote.get("direct", True) is not False, "text": quote.get("text") or "",
               "cue": quote.get("cue"), "start": quote.get("start"), "end": quote.get("end")}


def _from_inputs(inputs: list[str]) -> Iterator[dict]:
    raw = [path for path in inputs if not _is_record_file(path)]
    for path in inputs:
        if path not in raw:
            for record in _records(path):
                yield from quote_rows(record)
    if raw:
        from .api import extract_all
        from .ingest import Skipped
        for article in extract_all(raw):
            if isinstance(article, Skipped):
                print(f"rasid: skipped {article.source}: {article.reason}", file=sys.stderr)
                continue
            yield from quote_rows({**asdict(article), "quotes": [asdict(q) for q in article.quotes]})


def _is_record_file(path: str) -> bool:
    """Return whether a file holds records from `rasid extract` (its first line has quotes)."""
    if not path.endswith((".jsonl", ".jsonl.gz")) or not Path(path).is_file():
        return False
    first = next(_lines(path), "")
    try:
        record = json.loads(first)
    except json.JSONDecodeError:
        return False
    return isinstance(record, dict) and "quotes" in record and "entities" in record


def _lines(path: str) -> Iterator[str]:
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as stream:
        yield from (line for line in stream if line.strip())


def _records(path: str) -> Iterator[dict]:
    for number, line in enumerate(_lines(path), 1):
        try:
            yield json.loads(line)
        except json.JSONDecodeError as exc:
            raise errors.InputError(f"{path}:{number}: not a JSON record ({exc.msg}); "
                                    "pass records written by `rasid extract`") from exc


def _from_store(path: str) -> Iterator[dict]:
    from .store import connect_readonly
    db = connect_readonly(path)
    rows = db.execute(
        "SELECT a.doc_id, a.published, a.outlet, a.source, q.speaker_eid, q.speaker_name, q.direct, "
        "q.text, q.cue, q.span_start, q.span_end FROM quotes q JOIN articles a ON a.id = q.article_id "
        "ORDER BY a.published, a.doc_id, q.span_start")
    keys = ("doc_id", "published", "outlet", "source", "speaker", "speaker_name", "direct", "text", "cue",
            "start", "end")
    for row in rows:
        item = dict(zip(keys, row))
        item["direct"] = bool(item["direct"])
        yield item
