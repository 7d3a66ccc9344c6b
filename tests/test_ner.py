"""The NER tagger: obvious Arabic cases, the entity scorer, and a quality floor on ANERcorp test."""
from pathlib import Path

import pytest

from rasid.errors import ModelError
from rasid.ner import Tagger
from rasid.ner.conll import read_conll, score, spans

SHARED = Path(__file__).resolve().parents[2] / "shared"
ANERCORP_TEST = SHARED / "data/ner/anercorp/test.conll"
# Measured on anercorp/test.conll with the shipped model, rounded down by 0.01; only goes up.
F1_FLOOR = 0.70


@pytest.fixture(scope="module")
def tagger():
    return Tagger.load()


@pytest.mark.parametrize("sentence, expected", [
    ("زار الرئيس الفرنسي العاصمة المصرية القاهرة أمس", {("LOC", "القاهرة")}),
    ("وصل وزير الخارجية إلى بغداد قادما من دمشق", {("LOC", "بغداد"), ("LOC", "دمشق")}),
    ("التقى الأمين العام للأمم المتحدة كوفي أنان في نيويورك",
     {("PERS", "كوفي أنان"), ("LOC", "نيويورك")}),
    ("وقال الرئيس الأمريكي جورج بوش إن الحرب مستمرة", {("PERS", "جورج بوش")}),
])
def test_obvious_entities(tagger, sentence, expected):
    words = sentence.split()
    found = {(kind, " ".join(words[s:e])) for kind, s, e in spans(tagger.tag(words))}
    assert expected <= found


def test_tags_are_bio_and_aligned(tagger):
    words = "أعلنت منظمة الصحة العالمية في جنيف".split()
    tags = tagger.tag(words)
    assert len(tags) == len(words)
    assert all(t == "O" or t[:2] in ("B-", "I-") and t[2:] in ("PERS", "ORG", "LOC", "MISC") for t in tags)
    assert tagger.tag([]) == []
    assert tagger.version.startswith("ner-crf-")


def test_missing_model_raises_model_error(tmp_path):
    with pytest.raises(ModelError, match="rebuild"):
        Tagger.load(tmp_path)


def test_spans_follow_conlleval():
    assert spans(["B-PERS", "I-PERS", "O", "I-LOC", "B-ORG", "I-LOC"]) == {
        ("PERS", 0, 2), ("LOC", 3, 4), ("ORG", 4, 5), ("LOC", 5, 6)}


def test_score_counts_exact_spans_only():
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"]]
    predicted = [["B-PERS", "O", "O", "B-LOC"]]
    result = score(gold, predicted)
    assert result["precision"] == 0.5 and result["recall"] == 0.5
    assert result["per_type"]["LOC"]["f1"] == 1.0 and result["per_type"]["PERS"]["f1"] == 0.0


def test_read_conll_drops_direction_marks(tmp_path):
    path = tmp_path / "tiny.conll"
    path.write_text("\u200fبغداد\tB-LOC\nاليوم\tO\n\nقال\tO\n", encoding="utf-8")
    assert read_conll(path) == [(["بغداد", "اليوم"], ["B-LOC", "O"]), (["قال"], ["O"])]


@pytest.mark.skipif(not ANERCORP_TEST.is_file(), reason="../shared/data/ner is not available")
def test_anercorp_f1_floor(tagger):
    from rasid.ner.conll import evaluate

    result = evaluate(tagger, ANERCORP_TEST)
    assert result["f1"] >= F1_FLOOR, result
