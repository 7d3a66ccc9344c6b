"""`rasid explain DOC_ID`: why each event of an article exists.

For every event: the rule (lexicon pattern id) that fired, the evidence text, the source and
target actors with their countries, the place, and how the date was fixed (the sentence's own
date words, or the dated statement it continues, or no day fixed). Reads a store (`--db`) or
runs the pipeline on the inputs that hold the article.
"""
from __future__ import annotations

import json
import sys

from . import errors


def add_commands(commands) -> None:
    """Register `rasid explain` on the CLI's subparsers."""
    p = commands.add_parser("explain", help="show why each event of an article was coded",
                            description="Show each event's rule, evidence, actors and date reasoning.")
    p.add_argument("doc_id", metavar="DOC_ID")
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="files or feeds holding the article")
    p.add_argument("--db", help="a store written by `rasid extract --db`")
    p.add_argument("--json", action="store_true", help="print the explanation as JSON")
    p.set_defaults(func=run_explain)
    from .events_calibration import add_commands as add_calibrate
    add_calibrate(commands)


def run_explain(args) -> int:
    """Print the explanation of one article's events; return 0, or raise UsageError if not found."""
    record = _from_db(args.db, args.doc_id) if args.db else _from_inputs(args.inputs, args.doc_id)
    if record is None:
        where = args.db or ", ".join(args.inputs) or "(no input)"
        raise errors.UsageError(f"no article {args.doc_id!r} in {where}; give the input file or --db that holds it")
    lines = explain(record)
    if args.json:
        print(json.dumps(lines, ensure_ascii=False, indent=2))
    else:
        print(render(record, lines))
    return 0


def explain(record: dict) -> list[dict]:
    """Return one explanation per event of a record: rule, evidence, actors, place, date reasoning."""
    text = record.get("text") or ""
    found = []
    for event in record.get("events") or []:
        spans = [(e["start"], e["end"]) for e in event.get("evidence") or []]
        found.append({
            "id": event.get("id"), "type": event.get("type"), "mode": event.get("mode"),
            "rule": event.get("rule"), "confidence": event.get("confidence"),
            "evidence": [text[s:e] for s, e in spans],
            "source": [_actor(a) for a in event.get("source") or []],
            "target": [_actor(a) for a in event.get("target") or []],
            "location": (event.get("location") or {}).get("name"),
            "date": event.get("date"), "date_reasoning": date_reasoning(event, text, spans),
            "cluster_id": event.get("cluster_id"),
        })
    return found


def date_reasoning(event: dict, text: str, spans: list[tuple[int, int]]) -> str:
    """Return in words how an event's date was fixed."""
    said = event.get("date_text")
    if not event.get("date"):
        return "no day fixed by the article" + (f" («{said}» names no single day)" if said else "")
    if said and any(said in text[s:e] for s, e in spans):
        return f"its own sentence says «{said}»"
    return f"continues the dated statement or episode «{said}» told earlier in the article"


def _actor(actor: dict) -> str:
    parts = [actor.get("name") or "?", actor.get("country") or "no country"]
    if actor.get("sector"):
        parts.append(actor["sector"])
    if actor.get("entity"):
        parts.append(actor["entity"])
    return " / ".join(parts)


def render(record: dict, lines: list[dict]) -> str:
    """Return the explanation as plain text for a terminal."""
    out = [f"{record.get('doc_id')}  {record.get('published') or ''}  {record.get('title') or ''}",
           f"{len(lines)} events" + (f"; duplicate of {record['duplicate_of']}" if record.get("duplicate_of") else "")]
    for line in lines:
        out.append("")
        out.append(f"{line['id']} {line['type']}" + (f" ({line['mode']})" if line["mode"] else "")
                   + f"  rule {line['rule']}  confidence {line['confidence']}")
        out.append(f"  source: {'; '.join(line['source']) or '-'}")
        out.append(f"  target: {'; '.join(line['target']) or '-'}")
        if line["location"]:
            out.append(f"  place:  {line['location']}")
        out.append(f"  date:   {line['date'] or '-'}  ({line['date_reasoning']})")
        if line["cluster_id"]:
            out.append(f"  cluster: {line['cluster_id']}")
        for evidence in line["evidence"]:
            out.append(f"  evidence: {evidence}")
    return "\n".join(out)


def _from_db(path: str, doc_id: str) -> dict | None:
    from .store import connect_readonly
    from .store_query import article
    return article(connect_readonly(path), doc_id)


def _from_inputs(inputs: list[str], doc_id: str) -> dict | None:
    if not inputs:
        raise errors.UsageError("give the input file that holds the article, or --db")
    from .corpus import CorpusLinker
    from .ingest import RawArticle, read
    from .pipeline import Pipeline
    from .record import to_record
    pipeline = Pipeline.load()
    linker = CorpusLinker()
    for item in read(inputs):
        if not isinstance(item, RawArticle):
            continue
        linked = linker.link(pipeline.process(item))
        if item.doc_id == doc_id:
            return to_record(linked, pipeline.versions())
    print(f"rasid: {doc_id} not among the inputs", file=sys.stderr)
    return None
