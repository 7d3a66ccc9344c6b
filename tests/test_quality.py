"""Quality gate: the referee's scores on seeds and dev stay at or above their pinned floors.

Floors live in `tests/floors.json`; they only go up.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import shared_path

FLOORS = json.loads((Path(__file__).with_name("floors.json")).read_text(encoding="utf-8"))


def _score(corpus: str, inputs: list[Path], tmp_path: Path) -> dict:
    pred = tmp_path / f"{corpus}.jsonl"
    subprocess.run([sys.executable, "-m", "rasid.cli", "extract", *map(str, inputs), "-o", str(pred),
                    "--workers", "1"], check=True, capture_output=True)
    report = tmp_path / f"{corpus}-report.json"
    subprocess.run([sys.executable, str(shared_path("eval", "score.py")),
                    "--gold", str(shared_path("corpus", corpus, "gold.jsonl")), "--pred", str(pred),
                    "--json", str(report)], check=True, capture_output=True)
    return json.loads(report.read_text(encoding="utf-8"))


def _value(report: dict, metric: str) -> float:
    node = report
    for part in metric.split("."):
        node = node[part]
    return node or 0.0


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("quality")
    seeds = sorted(shared_path("corpus", "seeds").glob("*.txt"))
    return {"seeds": _score("seeds", seeds, tmp),
            "dev": _score("dev", [shared_path("corpus", "dev", "articles.jsonl")], tmp)}


@pytest.mark.parametrize("corpus, metric", [(c, m) for c in FLOORS for m in FLOORS[c]])
def test_score_at_or_above_floor(reports, corpus, metric):
    assert reports[corpus]["missing"] == []
    assert _value(reports[corpus], metric) >= FLOORS[corpus][metric], (
        f"{corpus} {metric} fell below its floor {FLOORS[corpus][metric]}")
