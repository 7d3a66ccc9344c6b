"""`rasid export`: a store out as JSON Lines, CSV, Parquet, GraphML or PLOVER/POLECAT.

- jsonl: the article records, as `rasid extract` wrote them.
- csv: PATH ending in .csv gets the events; any other PATH is a folder with
  articles.csv, entities.csv, quotes.csv and events.csv.
- parquet: a folder with one dataset per table, partitioned by month (month=YYYY-MM).
- graphml: actors as nodes, linked source → target by their events (weight, types).
- plover: PATH.jsonl in the PLOVER JSON layout and PATH.csv in POLECAT's columns, with
  CAMEO-style actor codes (country + sector, e.g. SYRGOV).
"""
from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from importlib import resources
from pathlib import Path

from . import errors
from . import store_query as q
from .record import rasid_version
from .store import connect_readonly

FORMATS = ("jsonl", "csv", "parquet", "graphml", "plover")
EVENT_COLUMNS = ("doc_id", "event_id", "type", "mode", "date", "date_text", "source", "source_code",
                 "target", "target_code", "location", "location_country", "rule", "confidence",
                 "cluster_id", "evidence", "title", "published")
POLECAT_COLUMNS = ("Event ID", "Event Date", "Event Type", "Event Mode", "Quad Code", "Contexts",
                   "Actor Name", "Actor Country", "Primary Actor Sector", "Actor Code", "Actor Title",
                   "Actor Name Raw", "Recipient Name", "Recipient Country", "Primary Recipient Sector",
                   "Recipient Code", "Recipient Name Raw", "Placename", "Country", "Source",
                   "Publication Date", "Story ID", "Story People", "Story Organizations", "Story Locations",
                   "Language", "Version", "Confidence", "Event Text")
PAGE = 1000


def add_commands(subparsers) -> None:
    p = subparsers.add_parser(
        "export", help="write a store out as jsonl, csv, parquet, graphml or plover",
        description=__doc__.split("\n\n", 1)[1], formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  rasid export --db rasid.db --format parquet -o out/parquet\n"
               "  rasid export --db rasid.db --format plover -o out/events   (events.jsonl + events.csv)")
    p.add_argument("--db", default="rasid.db", help="the SQLite store (default: rasid.db)")
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("-o", "--output", required=True, help="file or folder to write")
    p.set_defaults(func=cmd_export)


def cmd_export(args) -> int:
    written = export(args.db, args.format, Path(args.output))
    for path in written:
        print(f"rasid: wrote {path}")
    return 0


def export(db_path: str | Path, fmt: str, out: Path) -> list[Path]:
    """Write the store at `db_path` in format `fmt` to `out`; return the paths written."""
    writers = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet,
               "graphml": write_graphml, "plover": write_plover}
    if fmt not in writers:
        raise errors.UsageError(f"--format {fmt}: choose one of {', '.join(FORMATS)}")
    db = connect_readonly(db_path)
    try:
        return writers[fmt](db, Path(out))
    finally:
        db.close()


def records(db) -> Iterator[dict]:
    """Yield every stored article record, in the order they were stored."""
    for text, record in db.execute("SELECT text, record FROM articles ORDER BY id"):
        found = json.loads(record)
        found["text"] = text
        yield found


def iter_events(db, where: q.EventFilter | None = None) -> Iterator[dict]:
    """Yield every event matching `where` (all by default), with its actors."""
    number = 1
    while True:
        page = q.events(db, q.Page(number, PAGE), where or q.EventFilter())
        yield from page["items"]
        if number >= page["pages"]:
            return
        number += 1


def actor_code(actor: dict) -> str:
    """Return the CAMEO-style code of an actor: country + sector (SYRGOV), '' if neither."""
    return f"{actor.get('country') or ''}{actor.get('sector') or ''}"


def event_row(event: dict, text: str = "") -> dict:
    """Return one event as a flat row of EVENT_COLUMNS."""
    def names(role):
        return "; ".join(a["name"] for a in event[role])

    def codes(role):
        return "; ".join(actor_code(a) for a in event[role])
    evidence = " … ".join(text[e["start"]:e["end"]] for e in event["evidence"]) if text else \
        json.dumps(event["evidence"])
    return {"doc_id": event["doc_id"], "event_id": event["id"], "type": event["type"], "mode": event["mode"],
            "date": event["date"], "date_text": event["date_text"], "source": names("source"),
            "source_code": codes("source"), "target": names("target"), "target_code": codes("target"),
            "location": event["location_name"], "location_country": event["location_country"],
            "rule": event["rule"], "confidence": event["confidence"], "cluster_id": event["cluster_id"],
            "evidence": evidence, "title": event["title"], "published": event["published"]}


def event_csv_lines(db_path: str | Path, where: q.EventFilter) -> Iterator[str]:
    """Yield the CSV of the events matching `where`, header first, a line at a time."""
    db = connect_readonly(db_path)
    try:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=EVENT_COLUMNS)
        writer.writeheader()
        for event in iter_events(db, where):
            writer.writerow(event_row(event, _text(db, event["doc_id"])))
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()
    finally:
        db.close()


def _text(db, doc_id: str) -> str:
    row = db.execute("SELECT text FROM articles WHERE doc_id = ?", (doc_id,)).fetchone()
    return row[0] if row else ""


def write_jsonl(db, out: Path) -> list[Path]:
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as stream:
        for record in records(db):
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
    return [out]


def write_csv(db, out: Path) -> list[Path]:
    if out.suffix == ".csv":
        return [_write_rows(out, EVENT_COLUMNS, (event_row(e, _text(db, e["doc_id"])) for e in iter_events(db)))]
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in table_rows(db).items():
        rows = list(rows)
        columns = list(rows[0]) if rows else ["doc_id"]
        written.append(_write_rows(out / f"{name}.csv", columns, rows))
    return written


def _write_rows(path: Path, columns, rows) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def table_rows(db) -> dict[str, Iterator[dict]]:
    """Return flat rows of articles, entities, quotes and events, each with the article's month."""
    def rows(sql):
        cursor = db.execute(sql)
        names = [c[0] for c in cursor.description]
        return (dict(zip(names, row)) for row in cursor)
    events = ({**event_row(e, ""), "month": (e["date"] or e["published"] or "")[:7] or None}
              for e in iter_events(db))
    return {
        "articles": rows("SELECT doc_id, title, published, month, outlet, url, duplicate_of, text FROM articles "
                         "ORDER BY id"),
        "entities": rows("SELECT a.doc_id, e.eid AS entity_id, e.actor_id, e.name, e.type, e.country, e.sector, "
                         "e.role, e.kb_id, (SELECT count(*) FROM mentions m WHERE m.entity_id = e.id) AS mentions, "
                         "a.month FROM entities e JOIN articles a ON a.id = e.article_id ORDER BY e.id"),
        "quotes": rows("SELECT a.doc_id, x.qid AS quote_id, x.text, x.direct, x.speaker_name, x.speaker_actor_id, "
                       "x.cue, x.span_start AS start, x.span_end AS end, a.month FROM quotes x "
                       "JOIN articles a ON a.id = x.article_id ORDER BY x.id"),
        "events": events,
    }


def write_parquet(db, out: Path) -> list[Path]:
    import pyarrow as pa
    import pyarrow.dataset as ds
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in table_rows(db).items():
        rows = list(rows)
        if not rows:
            continue
        table = pa.Table.from_pylist(rows)
        ds.write_dataset(table, out / name, format="parquet", partitioning=["month"],
                         partitioning_flavor="hive", existing_data_behavior="delete_matching")
        written.append(out / name)
    return written


def actor_graph(db):
    """Return a networkx DiGraph: actors as nodes, source → target edges weighted by events."""
    import networkx as nx
    graph = nx.DiGraph()
    for actor in db.execute("SELECT id, name, type, country, sector, n_articles FROM actors WHERE id IN "
                            "(SELECT actor_id FROM event_actors)"):
        graph.add_node(f"a{actor[0]}", name=actor[1], type=actor[2] or "", country=actor[3] or "",
                       sector=actor[4] or "", code=actor_code({"country": actor[3], "sector": actor[4]}),
                       articles=actor[5])
    for event in iter_events(db):
        for source in event["source"]:
            for target in event["target"]:
                if source["actor_id"] and target["actor_id"] and source["actor_id"] != target["actor_id"]:
                    _link(graph, f"a{source['actor_id']}", f"a{target['actor_id']}", event)
    return graph


def _link(graph, source: str, target: str, event: dict) -> None:
    if not graph.has_edge(source, target):
        graph.add_edge(source, target, weight=0, types="", first_date="", last_date="")
    edge = graph.edges[source, target]
    edge["weight"] += 1
    types = dict(part.split(":") for part in edge["types"].split() if part)
    types[event["type"]] = str(int(types.get(event["type"], 0)) + 1)
    edge["types"] = " ".join(f"{k}:{v}" for k, v in sorted(types.items()))
    day = event["date"] or event["published"] or ""
    if day:
        edge["first_date"] = min(edge["first_date"] or day, day)
        edge["last_date"] = max(edge["last_date"], day)


def write_graphml(db, out: Path) -> list[Path]:
    import networkx as nx
    out.parent.mkdir(parents=True, exist_ok=True)
    nx.write_graphml(actor_graph(db), out)
    return [out]


def quad_codes() -> dict[str, int]:
    """Return PLOVER event type → quad code, from lexicons/plover_quad.tsv."""
    text = resources.files("rasid").joinpath("lexicons/plover_quad.tsv").read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return {kind: int(quad) for kind, quad in rows[1:]}


def plover_record(event: dict, quads: dict[str, int], text: str) -> dict:
    """Return one event in the PLOVER JSON layout."""
    def party(actor):
        return {"code": actor["country"], "sector": actor["sector"], "actor_code": actor_code(actor),
                "entity_text": actor["name"], "identifier_id": actor.get("actor_id")}
    return {
        "id": f"rasid-{event['doc_id']}-{event['id']}",
        "date": event["date"] or event["published"],
        "actor": [party(a) for a in event["source"]],
        "recipient": [party(a) for a in event["target"]],
        "event": [event["type"]],
        "mode": [event["mode"]] if event["mode"] else [],
        "context": [],
        "event_loc": {"placename": event["location_name"], "country": event["location_country"]}
        if event["location_name"] else None,
        "event_text": [text[e["start"]:e["end"]] for e in event["evidence"]],
        "quad_code": quads.get(event["type"]),
        "link": event["cluster_id"],
        "cite_info": {"doc_id": event["doc_id"], "title": event["title"], "publication_date": event["published"]},
        "coder": f"rasid {rasid_version()} ({event['rule']})",
        "coded_date": date.today().isoformat(),
        "confidence": event["confidence"],
        "language": "ar",
    }


def polecat_row(record: dict) -> dict:
    """Return one PLOVER record as a row of POLECAT_COLUMNS."""
    def join(parties, key):
        return "; ".join(str(p[key] or "") for p in parties)
    location = record["event_loc"] or {}
    return {"Event ID": record["id"], "Event Date": record["date"], "Event Type": record["event"][0],
            "Event Mode": "; ".join(record["mode"]), "Quad Code": record["quad_code"], "Contexts": "",
            "Actor Name": join(record["actor"], "entity_text"), "Actor Country": join(record["actor"], "code"),
            "Primary Actor Sector": join(record["actor"], "sector"),
            "Actor Code": join(record["actor"], "actor_code"), "Actor Title": "",
            "Actor Name Raw": join(record["actor"], "entity_text"),
            "Recipient Name": join(record["recipient"], "entity_text"),
            "Recipient Country": join(record["recipient"], "code"),
            "Primary Recipient Sector": join(record["recipient"], "sector"),
            "Recipient Code": join(record["recipient"], "actor_code"),
            "Recipient Name Raw": join(record["recipient"], "entity_text"),
            "Placename": location.get("placename") or "", "Country": location.get("country") or "",
            "Source": "rasid", "Publication Date": record["cite_info"]["publication_date"],
            "Story ID": record["cite_info"]["doc_id"], "Story People": "", "Story Organizations": "",
            "Story Locations": "", "Language": "ar", "Version": record["coder"],
            "Confidence": record["confidence"], "Event Text": " … ".join(record["event_text"])}


def write_plover(db, out: Path) -> list[Path]:
    base = out.with_suffix("") if out.suffix in (".jsonl", ".json", ".csv") else out
    json_path, csv_path = base.with_name(base.name + ".jsonl"), base.with_name(base.name + ".csv")
    json_path.parent.mkdir(parents=True, exist_ok=True)
    quads = quad_codes()
    with open(json_path, "w", encoding="utf-8") as stream, \
            open(csv_path, "w", encoding="utf-8", newline="") as table:
        writer = csv.DictWriter(table, fieldnames=POLECAT_COLUMNS)
        writer.writeheader()
        for event in iter_events(db):
            record = plover_record(event, quads, _text(db, event["doc_id"]))
            stream.write(json.dumps(record, ensure_ascii=False) + "\n")
            writer.writerow(polecat_row(record))
    return [json_path, csv_path]
