"""Article records written by hand for the store, web and export tests.

Short Arabic news texts of our own, with entities, quotes and events whose offsets are
found in the text, so every span is exact. Not gold and not from any corpus.
"""
from __future__ import annotations

import json
from pathlib import Path

ARTICLES = [
    {
        "doc_id": "t-001", "published": "2015-05-20", "outlet": "وكالة تجريبية",
        "title": "لافروف يلتقي المعلم في موسكو",
        "body": "أكّد وزير الخارجية الروسي سيرغي لافروف خلال لقائه نظيره السوري وليد المعلم في موسكو "
                "أمس أن روسيا ستواصل دعم سوريا. وقال لافروف: «نحن ندعم الحوار بين السوريين دون تدخل خارجي».",
        "entities": [("سيرغي لافروف", "PER", "RUS", "GOV", ["سيرغي لافروف", "لافروف"]),
                     ("وليد المعلم", "PER", "SYR", "GOV", ["المعلم", "وليد المعلم"]),
                     ("موسكو", "LOC", "RUS", None, ["موسكو"]),
                     ("روسيا", "LOC", "RUS", None, ["روسيا"]),
                     ("سوريا", "LOC", "SYR", None, ["سوريا"])],
        "quotes": [("روسيا ستواصل دعم سوريا", "E1", False, "أكّد"),
                   ("نحن ندعم الحوار بين السوريين دون تدخل خارجي", "E1", True, "قال")],
        "events": [("CONSULT", ["E1"], ["E2"], "خلال لقائه نظيره السوري وليد المعلم في موسكو", "2015-05-19"),
                   ("SUPPORT", ["E4"], ["E5"], "روسيا ستواصل دعم سوريا", "2015-05-19")],
    },
    {
        "doc_id": "t-002", "published": "2015-06-02", "outlet": "وكالة تجريبية",
        "title": "المعلم يتهم تركيا بدعم المسلحين",
        "body": "اتهم وزير الخارجية السوري وليد المعلم تركيا بدعم المسلحين في شمال سوريا، "
                "وقال المعلم إن «الحكومة التركية تتحمل مسؤولية ما يجري على الحدود».",
        "entities": [("وليد المعلم", "PER", "SYR", "GOV", ["وليد المعلم", "المعلم"]),
                     ("تركيا", "LOC", "TUR", None, ["تركيا"]),
                     ("الحكومة التركية", "ORG", "TUR", "GOV", ["الحكومة التركية"])],
        "quotes": [("الحكومة التركية تتحمل مسؤولية ما يجري على الحدود", "E1", True, "قال")],
        "events": [("ACCUSE", ["E1"], ["E2"], "اتهم وزير الخارجية السوري وليد المعلم تركيا", "2015-06-02")],
    },
    {
        "doc_id": "t-xss", "published": "2016-01-10", "outlet": "<b>موقع</b>",
        "title": "عنوان فيه <script>alert('x')</script> وسم",
        "body": "نص المقال يذكر <script>alert(1)</script> ويقول وزير الطاقة إن الأسعار سترتفع.",
        "entities": [], "quotes": [], "events": [],
    },
]


def _span(text: str, piece: str, after: int = 0) -> tuple[int, int]:
    start = text.index(piece, after)
    return start, start + len(piece)


def _mentions(text: str, forms: list[str]) -> list[dict]:
    found = []
    for form in forms:
        cursor = 0
        while (start := text.find(form, cursor)) >= 0:
            if not any(m["start"] <= start < m["end"] for m in found):
                found.append({"start": start, "end": start + len(form), "text": form})
            cursor = start + len(form)
    return sorted(found, key=lambda m: m["start"])


def make_record(spec: dict) -> dict:
    """Return the article record of one spec above, with every offset into its text."""
    text = f"{spec['title']}\n\n{spec['body']}"
    body_start = len(spec["title"]) + 2
    entities = [{"id": f"E{i}", "name": name, "type": kind, "country": country, "sector": sector,
                 "role": None, "kb_id": None, "name_latin": None, "mentions": _mentions(text, forms)}
                for i, (name, kind, country, sector, forms) in enumerate(spec["entities"], 1)]
    names = {e["id"]: e for e in entities}
    quotes = []
    for i, (quote, speaker, direct, cue) in enumerate(spec["quotes"], 1):
        start, end = _span(text, quote, body_start)
        quotes.append({"id": f"Q{i}", "text": quote, "start": start, "end": end, "direct": direct,
                       "speaker": speaker, "speaker_name": names[speaker]["name"], "cue": cue,
                       "cue_start": text.find(cue, body_start)})
    events = []
    for i, (kind, sources, targets, evidence, date) in enumerate(spec["events"], 1):
        start, end = _span(text, evidence, body_start)
        actor = lambda eid: {"entity": eid, "name": names[eid]["name"], "country": names[eid]["country"],
                             "sector": names[eid]["sector"]}
        events.append({"id": f"V{i}", "type": kind, "mode": None, "source": [actor(e) for e in sources],
                       "target": [actor(e) for e in targets], "location": None, "date": date,
                       "date_text": "أمس", "evidence": [{"start": start, "end": end}],
                       "rule": f"test.{kind.lower()}", "cluster_id": None, "confidence": 0.8})
    return {"doc_id": spec["doc_id"], "source": f"test:{spec['doc_id']}", "title": spec["title"],
            "published": spec["published"], "outlet": spec["outlet"], "url": None, "duplicate_of": None,
            "text": text, "entities": entities, "quotes": quotes, "events": events, "warnings": [],
            "rasid_version": "test"}


def records() -> list[dict]:
    """Return every test record."""
    return [make_record(spec) for spec in ARTICLES]


def build_store(path: Path) -> Path:
    """Write the test records into a new store at `path`; return the path."""
    from rasid.store import Store
    with Store.open(path) as store:
        for record in records():
            store.add(record)
    return path


def write_jsonl(path: Path) -> Path:
    """Write the test records as JSON Lines; return the path."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records()), encoding="utf-8")
    return path
