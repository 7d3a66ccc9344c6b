"""Exports read back by the libraries analysts use: json, csv, pyarrow, networkx."""
from __future__ import annotations

import csv
import json

import pytest

from rasid.cli import main as rasid_main
from rasid.export import actor_code, export
from store_records import build_store, records


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_store(tmp_path_factory.mktemp("export") / "rasid.db")


def test_jsonl_gives_back_the_records(db, tmp_path):
    [path] = export(db, "jsonl", tmp_path / "records.jsonl")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == records()
    assert "لافروف" in lines[0]  # Arabic unescaped


def test_csv_file_holds_events_with_cameo_codes(db, tmp_path):
    [path] = export(db, "csv", tmp_path / "events.csv")
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert sorted((r["type"], r["source_code"], r["target_code"]) for r in rows) == [
        ("ACCUSE", "SYRGOV", "TUR"), ("CONSULT", "RUSGOV", "SYRGOV"), ("SUPPORT", "RUS", "SYR")]


def test_csv_folder_holds_every_table(db, tmp_path):
    paths = export(db, "csv", tmp_path / "tables")
    assert sorted(p.name for p in paths) == ["articles.csv", "entities.csv", "events.csv", "quotes.csv"]
    quotes = list(csv.DictReader((tmp_path / "tables" / "quotes.csv").open(encoding="utf-8")))
    assert len(quotes) == 3


def test_parquet_is_partitioned_by_month_and_reads_back(db, tmp_path):
    import pyarrow.dataset as ds
    export(db, "parquet", tmp_path / "parquet")
    months = sorted(p.name for p in (tmp_path / "parquet" / "articles").iterdir())
    assert months == ["month=2015-05", "month=2015-06", "month=2016-01"]
    articles = ds.dataset(tmp_path / "parquet" / "articles", partitioning="hive").to_table()
    assert sorted(articles.column("doc_id").to_pylist()) == ["t-001", "t-002", "t-xss"]
    events = ds.dataset(tmp_path / "parquet" / "events", partitioning="hive").to_table().to_pylist()
    assert sorted((e["month"], e["type"]) for e in events) == [
        ("2015-05", "CONSULT"), ("2015-05", "SUPPORT"), ("2015-06", "ACCUSE")]


def test_graphml_links_actors_by_their_events(db, tmp_path):
    import networkx as nx
    [path] = export(db, "graphml", tmp_path / "actors.graphml")
    graph = nx.read_graphml(path)
    names = nx.get_node_attributes(graph, "name")
    edges = {(names[s], names[t]): data for s, t, data in graph.edges(data=True)}
    assert edges[("وليد المعلم", "تركيا")]["types"] == "ACCUSE:1"
    assert edges[("سيرغي لافروف", "وليد المعلم")]["weight"] == 1
    assert nx.get_node_attributes(graph, "code")[next(n for n, v in names.items() if v == "وليد المعلم")] == "SYRGOV"


def test_plover_json_and_polecat_csv(db, tmp_path):
    paths = export(db, "plover", tmp_path / "events")
    assert [p.name for p in paths] == ["events.jsonl", "events.csv"]
    plover = [json.loads(line) for line in paths[0].read_text(encoding="utf-8").splitlines()]
    accuse = next(r for r in plover if r["event"] == ["ACCUSE"])
    assert accuse["actor"][0]["actor_code"] == "SYRGOV" and accuse["recipient"][0]["code"] == "TUR"
    assert accuse["quad_code"] == 3 and accuse["date"] == "2015-06-02"
    assert accuse["event_text"] == ["اتهم وزير الخارجية السوري وليد المعلم تركيا"]
    rows = list(csv.DictReader(paths[1].open(encoding="utf-8")))
    assert {r["Actor Code"] for r in rows} == {"SYRGOV", "RUSGOV", "RUS"}
    assert {r["Event Type"]: r["Quad Code"] for r in rows} == {"ACCUSE": "3", "CONSULT": "1", "SUPPORT": "1"}


@pytest.mark.parametrize("actor, code", [
    ({"country": "SYR", "sector": "GOV"}, "SYRGOV"), ({"country": "IRN", "sector": None}, "IRN"),
    ({"country": None, "sector": "REB"}, "REB"), ({"country": None, "sector": None}, ""),
])
def test_actor_code(actor, code):
    assert actor_code(actor) == code


def test_export_command(db, tmp_path, capsys):
    out = tmp_path / "g.graphml"
    assert rasid_main(["export", "--db", str(db), "--format", "graphml", "-o", str(out)]) == 0
    assert out.exists() and str(out) in capsys.readouterr().out


def test_export_of_a_missing_store_is_a_usage_error(tmp_path):
    assert rasid_main(["export", "--db", str(tmp_path / "none.db"), "--format", "jsonl",
                       "-o", str(tmp_path / "x.jsonl")]) == 2
