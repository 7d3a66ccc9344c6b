"""`rasid bench`: the JSON report's shape on a tiny generated feed, targets, and usage errors."""
from __future__ import annotations

import json

import pytest

from rasid.bench import check_targets
from rasid.cli import main
from test_runner import write_feed

STAGES = {"read", "clean", "segment", "entities", "quotes", "events", "link", "record"}


def test_bench_json_reports_speed_memory_floor_and_targets(tmp_path, capsys):
    feed = write_feed(tmp_path / "feed.jsonl", 12)
    assert main(["bench", "--corpus", str(feed), "--limit", "8", "--json", "--no-store"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["articles"] == 8 and report["skipped"] == 0
    assert report["tokens"] > 8 * 10
    assert STAGES <= set(report["stages"])
    assert sum(s["seconds"] for s in report["stages"].values()) == pytest.approx(
        report["pipeline"]["seconds"], abs=0.01)
    assert report["floor"]["articles_per_s"] > 0 and report["floor"]["ratio"] > 0
    assert 0 < report["startup"]["pipeline_s"] <= report["startup"]["process_wall_s"]
    assert list(report["memory"]["rss_mib"]) == ["8"] and report["memory"]["peak_rss_mib"] > 0
    assert set(report["targets"]) == {"articles_per_core_s", "peak_rss_mib", "rss_growth", "startup_s"}
    assert report["scaling"] is None and report["store"] is None


def test_bench_with_two_workers_reports_the_speedup(tmp_path, capsys):
    feed = write_feed(tmp_path / "feed.jsonl", 10)
    assert main(["bench", "--corpus", str(feed), "--workers", "2", "--json", "--no-store"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["scaling"]["workers"] == 2 and report["scaling"]["speedup"] > 0
    assert "speedup" in report["targets"]


@pytest.mark.parametrize("rate, growth, met", [(151.0, 1.1, (True, True)), (149.0, 1.3, (False, False))])
def test_targets_compare_with_the_thresholds_of_the_issue(rate, growth, met):
    results = {"pipeline": {"articles_per_s": rate}, "startup": {"process_cpu_s": 0.5},
               "memory": {"peak_rss_mib": 300.0, "rss_growth": growth}}
    targets = check_targets(results, workers=1)
    assert (targets["articles_per_core_s"]["met"], targets["rss_growth"]["met"]) == met
    assert targets["startup_s"]["met"] and targets["peak_rss_mib"]["met"]


@pytest.mark.parametrize("argv", [["bench", "--corpus", "no-such-feed.jsonl"],
                                  ["bench", "--corpus", "{feed}", "--limit", "0"]])
def test_bench_usage_errors_exit_2(tmp_path, argv, capsys):
    feed = write_feed(tmp_path / "feed.jsonl", 2)
    assert main([a.replace("{feed}", str(feed)) for a in argv]) == 2
    assert "rasid:" in capsys.readouterr().err


def test_bench_markdown_has_the_speed_and_target_tables(tmp_path, capsys):
    feed = write_feed(tmp_path / "feed.jsonl", 4)
    assert main(["bench", "--corpus", str(feed), "--markdown", "--no-store"]) == 0
    out = capsys.readouterr().out
    assert "| **whole pipeline** |" in out and "| events |" in out
    assert "| start-up < 2 s (CPU time of a fresh process) |" in out
