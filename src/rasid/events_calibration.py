"""Precision of events per confidence band, matched against gold the way the referee matches them."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

BANDS = ((0.0, 0.4), (0.4, 0.6), (0.6, 0.75), (0.75, 1.01))


def _codes(actors) -> set[str]:
    found = set()
    for actor in actors or []:
        code = str((actor.get("country") if isinstance(actor, dict) else actor) or "").upper()
        if code.startswith("IGO") and "UN" in code:
            code = "UNO"
        if len(code) >= 3:
            found.add(code[:3])
    return found


def judged(gold_events: list[dict], predicted: list[dict]):
    """Yield (event, right) for each predicted event: right when it takes an untaken gold event."""
    taken = [False] * len(gold_events)
    order = sorted(range(len(gold_events)), key=lambda j: not gold_events[j].get("required", True))
    for event in predicted:
        source, target, right = _codes(event.get("source")), _codes(event.get("target")), False
        for j in order:
            gold = gold_events[j]
            if taken[j] or event.get("type") not in {gold["type"], *gold.get("alt_types", [])}:
                continue
            if (gold["source"] and not source & set(gold["source"])) or (gold["target"] and not target & set(gold["target"])):
                continue
            taken[j] = right = True
            break
        yield event, right


def table(gold_path: str, pred_path: str) -> str:
    """Return a Markdown table of events, right events and precision per confidence band."""
    with open(gold_path, encoding="utf-8") as lines:
        gold = {}
        for line in lines:
            if line.strip():
                record = json.loads(line)
                for key in (record.get("doc_id"), Path(record.get("file") or "").stem):
                    if key:
                        gold.setdefault(key, record)
    count, right = Counter(), Counter()
    with open(pred_path, encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record.get("doc_id") not in gold:
                continue
            for event, hit in judged(gold[record["doc_id"]]["events"], record.get("events") or []):
                band = next(b for b in BANDS if b[0] <= float(event.get("confidence") or 0) < b[1])
                count[band] += 1
                right[band] += hit
    rows = ["| confidence | events | right | precision |", "|---|---|---|---|"]
    rows += [f"| {lo:.2f}–{min(hi, 1.0):.2f} | {count[(lo, hi)]} | {right[(lo, hi)]} | "
             f"{right[(lo, hi)] / count[(lo, hi)]:.2f} |" for lo, hi in BANDS if count[(lo, hi)]]
    return "\n".join(rows)


def add_commands(commands) -> None:
    """Register `rasid calibrate --gold G --pred P`."""
    p = commands.add_parser("calibrate", help="precision of events per confidence band on gold")
    p.add_argument("--gold", required=True)
    p.add_argument("--pred", required=True)
    p.set_defaults(func=lambda args: print(table(args.gold, args.pred)) or 0)
