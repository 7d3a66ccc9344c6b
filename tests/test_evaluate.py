"""`rasid evaluate` prints what the referee prints, on the seeds and the dev set."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import shared_path
from rasid.evaluate import norm, token_f1


def test_norm_folds_like_the_gold():
    assert norm("أَكَّدَ الرئاسةُ") == norm("اكد الرئاسه")
    assert norm("«داعش»") == "داعش"


def test_token_f1():
    assert token_f1("قال إن الهدف واضح", "الهدف واضح") == pytest.approx(2 * 0.5 * 1 / 1.5)
    assert token_f1("", "نص") == 0.0


def _records_for(gold_path, tmp_path):
    """Make predictions that are partly right: the gold with some items dropped or changed."""
    pred = []
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        gold = json.loads(line)
        pred.append({
            "doc_id": gold["doc_id"],
            "entities": [{"name": e["name"], "type": e["type"], "country": e.get("country") if i % 3 else "XXX",
                          "mentions": []} for i, e in enumerate(gold["entities"]) if i % 4],
            "quotes": [dict(q, speaker_name=q["speaker"] if i % 2 else None) for i, q in enumerate(gold["quotes"])],
            "events": [{"type": v["type"], "source": [{"country": c} for c in v["source"]],
                        "target": [{"country": c} for c in v["target"]],
                        "date": v.get("date") if i % 2 else None} for i, v in enumerate(gold["events"])],
        })
    path = tmp_path / "pred.jsonl"
    path.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in pred), encoding="utf-8")
    return path


@pytest.mark.parametrize("corpus", ["seeds", "dev"])
def test_evaluate_agrees_with_the_referee(corpus, tmp_path):
    gold = shared_path("corpus", corpus, "gold.jsonl")
    referee = shared_path("eval", "score.py")
    pred = _records_for(gold, tmp_path)
    ours = subprocess.run([sys.executable, "-m", "rasid.cli", "evaluate", "--gold", str(gold),
                           "--pred", str(pred)], capture_output=True, text=True, check=True).stdout
    theirs = subprocess.run([sys.executable, str(referee), "--gold", str(gold), "--pred", str(pred)],
                            capture_output=True, text=True, check=True).stdout
    assert ours.strip() == theirs.strip()
    ours_json = json.loads(subprocess.run(
        [sys.executable, "-m", "rasid.cli", "evaluate", "--gold", str(gold), "--pred", str(pred), "--json"],
        capture_output=True, text=True, check=True).stdout)
    subprocess.run([sys.executable, str(referee), "--gold", str(gold), "--pred", str(pred),
                    "--json", str(tmp_path / "ref.json")], check=True, capture_output=True)
    assert ours_json == json.loads((tmp_path / "ref.json").read_text(encoding="utf-8"))
