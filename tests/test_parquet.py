"""`rasid extract --format parquet`: a typed dataset holding exactly the JSON Lines records."""
from __future__ import annotations

import json

import pyarrow as pa
import pytest

from rasid.cli import main
from rasid.model import Mention, Quote
from rasid.parquet import ParquetDataset, arrow_type, read_records
from test_runner import extract, write_feed


@pytest.mark.parametrize("hint, expected", [
    (str, pa.string()), (int | None, pa.int64()), (Mention,
     pa.struct([("start", pa.int64()), ("end", pa.int64()), ("text", pa.string())])),
    (tuple[str, ...], pa.list_(pa.string())),
])
def test_arrow_types_follow_the_model(hint, expected):
    assert arrow_type(hint) == expected


def test_quote_struct_keeps_the_record_field_order():
    assert [f.name for f in arrow_type(Quote)] == ["id", "text", "start", "end", "direct", "speaker",
                                                  "speaker_name", "cue", "cue_start"]


def test_extract_to_parquet_holds_the_same_records_as_json_lines(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", 25)
    lines = extract(feed, tmp_path / "records.jsonl", "--workers", "1")
    folder = extract(feed, tmp_path / "records", "--format", "parquet", "--workers", "1")
    expected = [json.loads(line) for line in lines.read_text(encoding="utf-8").splitlines()]
    assert read_records(folder) == expected


def test_parts_are_written_in_order(tmp_path):
    records = [{"doc_id": f"d{i}", "text": "نص", "entities": [], "quotes": [], "events": [],
                "warnings": [], "versions": {"clean": "1"}} for i in range(5)]
    with ParquetDataset(tmp_path / "out", rows_per_part=2) as dataset:
        for record in records:
            dataset.add(record)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert [r["doc_id"] for r in read_records(tmp_path / "out")] == [f"d{i}" for i in range(5)]


@pytest.mark.parametrize("argv", [["--format", "parquet"], ["--format", "parquet", "-o", "{full}"]])
def test_parquet_needs_a_new_folder(tmp_path, argv, capsys):
    feed = write_feed(tmp_path / "feed.jsonl", 1)
    full = tmp_path / "full"
    full.mkdir()
    (full / "x").write_text("x")
    argv = [a.replace("{full}", str(full)) for a in argv]
    assert main(["extract", str(feed), "--no-progress", "--workers", "1", *argv]) == 2
    assert "FOLDER" in capsys.readouterr().err
