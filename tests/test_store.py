"""The SQLite store: idempotent ingest, replacement, Arabic search, migrations, kill -9 recovery."""
from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rasid import errors
from rasid.cli import main as rasid_main
from rasid.store import QueryError, Store, connect_readonly, search_articles, search_benchmark, table_counts
from rasid.store_schema import MIGRATIONS
from store_records import build_store, records

PEOPLE = ["سامر الخطيب", "نادية المصري", "خالد العمري", "ليلى الحسيني", "يوسف الشامي", "ريم القاسم"]
CITIES = ["عمّان", "بيروت", "القاهرة", "تونس", "الرباط", "دمشق"]


def write_articles(folder: Path, count: int) -> list[str]:
    """Write `count` short generated Arabic articles as .txt files; return their doc ids."""
    folder.mkdir(parents=True, exist_ok=True)
    ids = []
    for i in range(count):
        person, city = PEOPLE[i % len(PEOPLE)], CITIES[(i // len(PEOPLE)) % len(CITIES)]
        text = (f"{person} يزور {city} في جولة رقم {i}\n"
                f"وصل وزير الخارجية {person} إلى {city} يوم الأحد في زيارة رسمية رقم {i}. "
                f"وأكّد {person} أن «التعاون بين البلدين سيستمر في كل المجالات» خلال مؤتمر صحفي. "
                f"وقال مسؤول في {city} إن المحادثات تناولت الأوضاع في المنطقة والتجارة.\n")
        doc_id = f"gen-{i:04d}"
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        ids.append(doc_id)
    return ids


def extract(inputs: Path, db: Path) -> int:
    return rasid_main(["extract", str(inputs), "--db", str(db), "-o", os.devnull, "--workers", "1",
                       "--no-progress"])


def counts(db: Path) -> dict[str, int]:
    with connect_readonly(db) as connection:
        return table_counts(connection)


def test_reingest_same_articles_changes_no_counts(tmp_path):
    ids = write_articles(tmp_path / "in", 8)
    db = tmp_path / "rasid.db"
    extract(tmp_path / "in", db)
    first = counts(db)
    assert first["articles"] == len(ids) and first["entities"] > 0
    extract(tmp_path / "in", db)
    assert counts(db) == first


def test_changed_article_replaces_its_rows(tmp_path):
    db = build_store(tmp_path / "rasid.db")
    before = counts(db)
    changed = records()[1]
    changed["title"] = "عنوان جديد للمقال"
    changed["quotes"] = []
    with Store.open(db) as store:
        store.add(changed)
    after = counts(db)
    assert after["articles"] == before["articles"]
    assert after["quotes"] == before["quotes"] - 1
    with connect_readonly(db) as connection:
        titles = [row[0] for row in connection.execute("SELECT title FROM articles WHERE doc_id = 't-002'")]
        assert titles == ["عنوان جديد للمقال"]
        assert search_articles(connection, "جديد")["total"] == 1


def test_same_record_twice_in_one_batch_is_stored_once(tmp_path):
    db = tmp_path / "rasid.db"
    with Store.open(db) as store:
        for record in records() + records():
            store.add(record)
    assert store.written == len(records()) and store.unchanged == len(records())
    assert counts(db)["articles"] == len(records())


@pytest.mark.parametrize("query, expected", [
    ("اكد", {"t-001"}),                          # hamza seat and shadda in the text «أكّد»
    ("أكَّدَ", {"t-001"}),                         # diacritics in the query
    ("الحكومه التركيه", {"t-002"}),               # ta marbuta typed as ha
    ("حوار", {"t-001"}),                          # «الحوار» without the article
    ("وسوريا", {"t-001", "t-002"}),               # a proclitic in the query is stripped too
    ('"وزير الخارجية"', {"t-001", "t-002"}),      # a phrase
    ('"الخارجية وزير"', set()),                   # the phrase in the wrong order
    ("موسكو روسيا", {"t-001"}),                   # every word required
    ("SCRIPT", {"t-xss"}),                        # Latin, case-insensitive
])
def test_search_is_arabic_normalised(tmp_path, query, expected):
    db = build_store(tmp_path / "rasid.db")
    with connect_readonly(db) as connection:
        found = search_articles(connection, query)
    assert {r["doc_id"] for r in found["results"]} == expected
    assert found["total"] == len(expected)


def test_search_snippet_marks_the_original_spelling(tmp_path):
    db = build_store(tmp_path / "rasid.db")
    with connect_readonly(db) as connection:
        snippet = search_articles(connection, "اكد")["results"][0]["snippet"]
    assert [text for text, match in snippet if match] == ["أكّد"]


@pytest.mark.parametrize("query", ['"وزير', "", "   ", "!!! ؟؟", "ا" * 201, " ".join(["كلمة"] * 13)])
def test_malformed_search_raises_query_error(tmp_path, query):
    db = build_store(tmp_path / "rasid.db")
    with connect_readonly(db) as connection, pytest.raises(QueryError):
        search_articles(connection, query)


@pytest.mark.parametrize("query", ["NEAR(موسكو", "title:موسكو", "موسكو*", "OR AND NOT", "^موسكو", "{title}"])
def test_fts_syntax_in_a_query_is_taken_as_words(tmp_path, query):
    db = build_store(tmp_path / "rasid.db")
    with connect_readonly(db) as connection:
        found = search_articles(connection, query)
    assert found["total"] >= 0


def test_migrations_run_once_and_set_user_version(tmp_path):
    db = build_store(tmp_path / "rasid.db")
    build_store(db)
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    connection.close()


def test_readonly_connection_refuses_writes(tmp_path):
    db = build_store(tmp_path / "rasid.db")
    with connect_readonly(db) as connection, pytest.raises(sqlite3.OperationalError):
        connection.execute("DELETE FROM articles")


def test_missing_store_is_a_usage_error(tmp_path):
    with pytest.raises(errors.UsageError, match="rasid extract"):
        connect_readonly(tmp_path / "none.db")


def test_search_benchmark_reports_percentiles(tmp_path):
    db = build_store(tmp_path / "rasid.db")
    report = search_benchmark(str(db), ["اكد", "سوريا", '"وزير الخارجية"', "غير موجود"])
    assert report["queries"] == 4
    assert 0 < report["p50_ms"] <= report["p95_ms"] <= report["max_ms"]


def _wait_for_articles(db: Path, at_least: int, process: subprocess.Popen, timeout: float = 45) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with connect_readonly(db) as connection:
                stored = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        except (errors.UsageError, sqlite3.OperationalError):
            stored = 0
        if stored >= at_least:
            return stored
        time.sleep(0.01)
    return -1


def test_kill_9_mid_batch_then_rerun_completes_without_duplicates(tmp_path):
    ids = write_articles(tmp_path / "in", 150)
    db = tmp_path / "killed.db"
    command = [sys.executable, "-m", "rasid.cli", "extract", str(tmp_path / "in"), "--db", str(db),
               "-o", os.devnull, "--workers", "1", "--no-progress"]
    environment = dict(os.environ, RASID_STORE_BATCH="4")
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    seen = _wait_for_articles(db, 8, process)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert seen > 0, f"the batch finished or failed before it could be killed: {process.stderr.read()[-500:]}"
    connection = sqlite3.connect(db)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    stored = connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    connection.close()
    assert 0 < stored < len(ids)

    subprocess.run(command, env=environment, check=True, stdout=subprocess.DEVNULL, timeout=120)
    clean = tmp_path / "clean.db"
    extract(tmp_path / "in", clean)
    with connect_readonly(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        doc_ids = [row[0] for row in connection.execute("SELECT doc_id FROM articles")]
        assert sorted(doc_ids) == ids
        entity_rows = connection.execute("SELECT count(*), count(DISTINCT article_id || eid) FROM entities").fetchone()
        assert entity_rows[0] == entity_rows[1]
    assert counts(db) == counts(clean)
    with connect_readonly(db) as first, connect_readonly(clean) as second:
        query = "SELECT a.doc_id, e.eid, e.name, e.type FROM entities e JOIN articles a ON a.id = e.article_id ORDER BY 1, 2"
        assert first.execute(query).fetchall() == second.execute(query).fetchall()


def test_a_malformed_record_is_skipped_not_the_batch(tmp_path, capsys):
    db = tmp_path / "rasid.db"
    broken = records()[0] | {"doc_id": "broken", "entities": [{"name": "بلا معرف"}]}  # no "id"
    with Store.open(db) as store:
        for record in [broken] + records():
            store.add(record)
    assert store.rejected and store.rejected[0].startswith("broken")
    assert "store skipped record broken" in capsys.readouterr().err
    assert counts(db) == counts(build_store(tmp_path / "clean.db"))


def test_store_commands_import_info_search(tmp_path, capsys):
    from store_records import write_jsonl
    records_file = write_jsonl(tmp_path / "records.jsonl")
    db = tmp_path / "rasid.db"
    assert rasid_main(["store", "import", str(records_file), "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"written": 3, "unchanged": 0, "rejected": 0}
    assert rasid_main(["store", "import", str(records_file), "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["unchanged"] == 3
    assert rasid_main(["store", "info", "--db", str(db), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["integrity"] == "ok" and info["articles"] == 3 and info["schema_version"] == len(MIGRATIONS)
    assert rasid_main(["store", "search", "اكد", "--db", str(db)]) == 0
    assert "[أكّد]" in capsys.readouterr().out
    assert rasid_main(["store", "search", '"اكد', "--db", str(db)]) == 2
