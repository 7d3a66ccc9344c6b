"""`rasid explain`: each event says its rule, evidence, actors and how its date was fixed."""
from rasid.explain import date_reasoning, explain, render

TEXT = "خبر\n\nاتهمت إيران أمس الولايات المتحدة بدعم الإرهاب. وهددت إيران إسرائيل بالرد."


def record():
    first = TEXT.index("اتهمت")
    second = TEXT.index("وهددت")
    actor = {"entity": None, "name": "إيران", "country": "IRN", "sector": None}
    return {"doc_id": "t", "title": "خبر", "published": "2018-04-25", "text": TEXT, "events": [
        {"id": "V1", "type": "ACCUSE", "mode": "allege", "rule": "accuse.accuse.1", "confidence": 0.8,
         "source": [actor], "target": [{"entity": None, "name": "الولايات المتحدة", "country": "USA"}],
         "evidence": [{"start": first, "end": second - 1}], "date": "2018-04-24", "date_text": "أمس"},
        {"id": "V2", "type": "THREATEN", "mode": None, "rule": "threaten.1", "confidence": 0.65,
         "source": [actor], "target": [], "evidence": [{"start": second, "end": len(TEXT)}],
         "date": "2018-04-24", "date_text": "أمس"},
    ]}


def test_each_event_is_explained():
    first, second = explain(record())
    assert first["rule"] == "accuse.accuse.1"
    assert first["evidence"] == ["اتهمت إيران أمس الولايات المتحدة بدعم الإرهاب."]
    assert first["source"] == ["إيران / IRN"] and first["target"] == ["الولايات المتحدة / USA"]
    assert first["date_reasoning"] == "its own sentence says «أمس»"
    assert second["date_reasoning"].startswith("continues the dated statement or episode «أمس»")


def test_undated_event_says_no_day():
    assert date_reasoning({"date": None, "date_text": None}, TEXT, []) == "no day fixed by the article"


def test_render_names_rule_and_evidence():
    shown = render(record(), explain(record()))
    assert "V1 ACCUSE (allege)  rule accuse.accuse.1" in shown
    assert "evidence: وهددت إيران إسرائيل بالرد." in shown
