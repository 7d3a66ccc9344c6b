"""Every record is traceable: each span's text is exactly `text[start:end]`."""
from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import shared_path
from rasid.ingest import RawArticle, read
from rasid.record import dumps, to_record

WORDS = ["قال", "وقال", "أكد", "إن", "أن", "وزير", "الخارجية", "الروسي", "سيرغي", "لافروف", "بغداد",
         "للجيش", "الوطني", "الليبي", "أمس", "الثلاثاء", "«", "»", "\"", "،", ".", ":", "\n", "وبالعراق",
         "مجلس", "الأمن", "الأمم", "المتحدة", "دعا", "إلى", "وقف", "القتال", "اتهم", "واشنطن", "طهران",
         "١٢", "شباط", "2018", "<script>", "&amp;", "ـ", "أَكَّدَ", "😀", "x"]


def assert_traceable(record: dict) -> None:
    text = record["text"]
    for entity in record["entities"]:
        for m in entity["mentions"]:
            assert text[m["start"]:m["end"]] == m["text"]
    for quote in record["quotes"]:
        assert text[quote["start"]:quote["end"]] == quote["text"]
        if quote.get("cue_start") is not None and quote.get("cue"):
            assert text[quote["cue_start"]:quote["cue_start"] + len(quote["cue"])] == quote["cue"]
    for event in record["events"]:
        for span in event["evidence"]:
            assert 0 <= span["start"] < span["end"] <= len(text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=80), st.lists(st.sampled_from(WORDS), max_size=6))
def test_spans_are_exact_on_generated_arabic(pipeline, body, title):
    raw = RawArticle("gen", " ".join(title), " ".join(body), "<hypothesis>", published="2018-02-14")
    record = to_record(pipeline.process(raw))
    assert_traceable(record)
    assert json.loads(dumps(record)) == record


def test_every_seed_and_dev_article_gives_a_traceable_record(pipeline):
    paths = [shared_path("corpus", "seeds"), shared_path("corpus", "dev", "articles.jsonl")]
    items = [i for i in read([paths[0] / p.name for p in sorted(paths[0].glob("*.txt"))] + [paths[1]])]
    assert all(isinstance(i, RawArticle) for i in items)
    records = [to_record(pipeline.process(i)) for i in items]
    assert len(records) == 22
    for record in records:
        assert_traceable(record)
        assert record["text"].split("\n", 1)[0] == record["title"]


def _linked_story(text: str, clusters: int):
    from rasid.model import Actor, Article, Event, Evidence
    events = tuple(Event(id=f"V{i}", type="ASSAULT", source=(Actor(None, "x", "ISR"),), target=(), evidence=(Evidence(0, 4),),
                         rule="test", confidence=0.5) for i in range(1, clusters + 1))
    return Article(doc_id="a", text=text, title="خبر", events=events)


@pytest.mark.parametrize("text, duplicate_of, cluster_ids", [
    ("قصفت الطائرات مواقع قرب دمشق", None, ["c-2018-05-10-ab12cd34"]),
    ("قصفت الطائرات مواقع قرب دمشق", "b", ["c-1", None, "c-3"]),
    ("نص فيه \0rasid-link-0-0\0 و\0rasid-link-0-1\0 عمدا", "«أ»", ["c-1"]),  # the holes' own marks
    ("نص بلا أحداث", "مكرر \"x\"", []),
])
def test_record_line_filled_is_the_record_of_the_linked_article(text, duplicate_of, cluster_ids):
    from dataclasses import replace
    from rasid.record import record_line
    article = _linked_story(text, len(cluster_ids))
    linked = replace(article, duplicate_of=duplicate_of,
                     events=tuple(replace(e, cluster_id=c) for e, c in zip(article.events, cluster_ids)))
    line = record_line(article, {"events": "1"})
    assert line.fill(duplicate_of, cluster_ids) == dumps(to_record(linked, {"events": "1"}))
    with pytest.raises(ValueError):
        line.fill(duplicate_of, cluster_ids + ["c-extra"])
