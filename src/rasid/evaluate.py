"""Score records against gold annotations, as the project's referee does.

The same matching rules and the same printed decimals as ../shared/eval/score.py
(a test checks they agree): entities by folded alias and coarse type; direct and
reported quotes by token F1 >= 0.5, attributed when the speaker's alias matches;
events by type (or an allowed alternative) and shared actor countries; event
dates exactly, over matched gold events that have a date.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

from .normalize import DIACRITICS, FOLD

PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
COARSE = {"PER": "PER", "PERSON": "PER", "ORG": "ORG", "ORGANIZATION": "ORG", "LOC": "LOC",
          "GPE": "LOC", "LOCATION": "LOC", "FAC": "LOC"}
REPORT_LINES = ("entities", "quotes", "quotes_attributed", "events")


def norm(text: str | None) -> str:
    """Return text folded as the referee folds it (NFKC, diacritics, letter forms, punctuation)."""
    text = DIACRITICS.sub("", unicodedata.normalize("NFKC", text or "")).translate(FOLD)
    return " ".join(PUNCT.sub(" ", text).split())


def _keys(record: dict) -> set[str]:
    found = set()
    for field in ("doc_id", "id", "source", "path", "file"):
        value = record.get(field)
        if isinstance(value, str) and value:
            found |= {value, Path(value).name, Path(value).stem}
    return found


def _prf(tp_pred: int, n_pred: int, tp_gold: int, n_gold: int) -> dict:
    p = tp_pred / n_pred if n_pred else 1.0
    r = tp_gold / n_gold if n_gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "predicted": n_pred, "gold": n_gold, "tp": tp_gold}


def _country_codes(actors) -> set[str]:
    codes = set()
    for actor in actors or []:
        code = (actor.get("country") or actor.get("code") or "") if isinstance(actor, dict) else str(actor)
        code = code.upper()
        if code.startswith("IGO") and "UN" in code:
            code = "UNO"
        if len(code) >= 3:
            codes.add(code[:3])
    return codes


def _mention_names(entity: dict) -> set[str]:
    names = {norm(entity.get("name") or entity.get("text") or "")}
    for mention in entity.get("mentions") or []:
        names.add(norm(mention.get("text", "") if isinstance(mention, dict) else str(mention)))
    return names - {""}


def _score_entities(gold: list, pred: list, tally: Counter) -> None:
    aliases = [({norm(a) for a in g["aliases"] + [g["name"]]}, COARSE[g["type"]]) for g in gold]
    taken = [False] * len(gold)
    for entity in pred:
        kind = COARSE.get(str(entity.get("type", "")).upper())
        if kind is None:
            continue
        tally["ent_pred"] += 1
        names = _mention_names(entity)
        hit = next((i for i, (al, gk) in enumerate(aliases)
                    if gk == kind and names & al and not taken[i]), None)
        if hit is None:
            continue
        taken[hit] = True
        tally["ent_tp_p"] += 1
        tally["ent_tp_r"] += not gold[hit].get("optional")
        if gold[hit].get("country") and kind in ("PER", "ORG"):
            tally["country_total"] += 1
            tally["country_right"] += gold[hit]["country"] in _country_codes([entity])
    tally["ent_gold"] += sum(not g.get("optional") for g in gold)


def token_f1(a: str, b: str) -> float:
    """Return the F1 of the folded token bags of two texts."""
    ta, tb = Counter(norm(a).split()), Counter(norm(b).split())
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    p, r = common / sum(ta.values()), common / sum(tb.values())
    return 2 * p * r / (p + r)


def _speaker(quote: dict) -> str:
    value = quote.get("speaker_name") if "speaker_name" in quote else quote.get("speaker")
    if isinstance(value, dict):
        value = value.get("name") or ""
    return norm(value if isinstance(value, str) else "")


def _score_quotes(gold_doc: dict, pred: list, tally: Counter, direct: bool, tag: str) -> None:
    gold = [q for q in gold_doc["quotes"] if bool(q.get("direct", True)) == direct]
    aliases = {e["name"]: {norm(a) for a in e["aliases"] + [e["name"]]} for e in gold_doc["entities"]}
    pred = [q for q in pred if bool(q.get("direct", True)) == direct]
    pairs = sorted(((token_f1(p.get("text", ""), g["text"]), i, j)
                    for i, p in enumerate(pred) for j, g in enumerate(gold)), reverse=True)
    used_pred, used_gold = set(), set()
    for f1, i, j in pairs:
        if f1 < 0.5 or i in used_pred or j in used_gold:
            continue
        used_pred.add(i)
        used_gold.add(j)
        tally[tag + "_tp"] += 1
        speaker = gold[j]["speaker"]
        tally[tag + "_attr"] += _speaker(pred[i]) in aliases.get(speaker, {norm(speaker)})
    tally[tag + "_pred"] += len(pred)
    tally[tag + "_gold"] += len(gold)


def _score_events(gold: list, pred: list, tally: Counter) -> None:
    taken = [False] * len(gold)
    order = sorted(range(len(gold)), key=lambda j: not gold[j].get("required", True))
    for event in pred:
        tally["ev_pred"] += 1
        kind = str(event.get("type", "")).upper()
        source, target = _country_codes(event.get("source")), _country_codes(event.get("target"))
        for j in order:
            g = gold[j]
            if taken[j] or kind not in {g["type"], *g.get("alt_types", [])}:
                continue
            if (g["source"] and not source & set(g["source"])) or (g["target"] and not target & set(g["target"])):
                continue
            taken[j] = True
            tally["ev_tp_p"] += 1
            if g.get("date"):
                tally["date_total"] += 1
                tally["date_right"] += event.get("date") == g["date"]
            tally["ev_tp_r"] += g.get("required", True)
            break
    tally["ev_gold"] += sum(g.get("required", True) for g in gold)


def _load(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def score(gold: list[dict], pred: list[dict]) -> dict:
    """Return the report dict for gold and predicted records."""
    by_key: dict[str, tuple[int, dict]] = {}
    for rank, record in enumerate(pred):
        for k in _keys(record):
            by_key.setdefault(k, (rank, record))
    tally, missing = Counter(), []
    for g in gold:
        hits = [by_key[k] for k in _keys(g) if k in by_key]
        record = min(hits, key=lambda hit: hit[0])[1] if hits else None
        if record is None:
            missing.append(g["doc_id"])
            record = {}
        _score_entities(g["entities"], record.get("entities") or [], tally)
        _score_quotes(g, record.get("quotes") or [], tally, True, "q")
        _score_quotes(g, record.get("quotes") or [], tally, False, "r")
        _score_events(g["events"], record.get("events") or [], tally)
    return _report(tally, len(gold), missing)


def _report(t: Counter, documents: int, missing: list[str]) -> dict:
    ratio = lambda a, b: round(t[a] / t[b], 4) if t[b] else None
    return {
        "documents": documents, "missing": missing,
        "entities": _prf(t["ent_tp_p"], t["ent_pred"], t["ent_tp_r"], t["ent_gold"]),
        "actor_country_accuracy": ratio("country_right", "country_total"),
        "quotes": _prf(t["q_tp"], t["q_pred"], t["q_tp"], t["q_gold"]),
        "quotes_attributed": _prf(t["q_attr"], t["q_pred"], t["q_attr"], t["q_gold"]),
        "reported": _prf(t["r_tp"], t["r_pred"], t["r_tp"], t["r_gold"]),
        "reported_attributed": _prf(t["r_attr"], t["r_pred"], t["r_attr"], t["r_gold"]),
        "events": _prf(t["ev_tp_p"], t["ev_pred"], t["ev_tp_r"], t["ev_gold"]),
        "event_dates": {"accuracy": ratio("date_right", "date_total"), "total": t["date_total"]},
    }


def score_files(gold_path: str | Path, pred_path: str | Path) -> dict:
    """Return the report for a gold file and a predictions file (JSON Lines)."""
    return score(_load(gold_path), _load(pred_path))


def format_report(report: dict) -> str:
    """Return the report as the referee prints it, line for line."""
    def line(name: str, r: dict) -> str:
        return (f"{name:18} P {r['precision']:.3f}  R {r['recall']:.3f}  F1 {r['f1']:.3f}"
                f"  (pred {r['predicted']}, gold {r['gold']})")
    lines = [line(name, report[name]) for name in REPORT_LINES]
    lines.append(f"{'actor country':18} accuracy {report['actor_country_accuracy']}")
    lines += [line(name, report[name]) for name in ("reported", "reported_attributed")]
    missing = report["missing"]
    if missing:
        lines.append(f"no prediction for {len(missing)} of {report['documents']} documents: "
                     f"{', '.join(missing[:10])}")
    dates = report["event_dates"]
    shown = "None" if dates["accuracy"] is None else f"{dates['accuracy']:.3f}"
    lines.append(f"{'event dates':18} accuracy {shown}  (of {dates['total']} matched events with a date)")
    return "\n".join(lines)
