"""Generated gazetteer tables: city spellings the news uses, corrections, owned names."""
from __future__ import annotations

import pytest

from rasid.kb_lexicons import _fixed, _owned, variant_city_forms, written_as_place
from rasid.normalize import fold_phrase


def test_persian_letters_are_read_as_arabic_and_a_bare_name_gets_the_article():
    forms = variant_city_forms({"arabic_script_names": "کابول|كابۇل|خرطوم"})
    assert "كابول" in forms and "الخرطوم" in forms
    assert not [f for f in forms if "ۇ" in f]  # a letter Arabic does not use: no such form


@pytest.mark.parametrize("form, place_uses, word_uses, expected", [
    ("كابول", 16, 167, True),  # «مدينة كابول», «العاصمة كابول»
    ("الأمان", 6, 204, False),  # «منطقة الأمان» is no town: too small a share
    ("كيليس", 2, 8, False),  # too rare to tell
])
def test_a_variant_spelling_counts_when_the_news_writes_it_as_a_place(form, place_uses, word_uses, expected):
    key = fold_phrase(form)
    assert written_as_place(form, {"@" + key: place_uses, key: word_uses}) is expected


def test_an_added_spelling_never_takes_another_place_s_own_name():
    rows = [("القدس", "القدس", "ISR", "capital", "971800"), ("كرج", "كرج", "IRN", "city", "309605"),
            ("القدس", "كرج", "IRN", "city", "309605"), ("طرابلس", "طرابلس", "LBY", "capital", "1150989"),
            ("طرابلس", "طرابلس", "LBN", "city", "229398")]
    kept = _owned(rows)
    assert ("القدس", "كرج", "IRN", "city", "309605") not in kept
    assert len([r for r in kept if r[0] == "طرابلس"]) == 2  # two places of that name both keep it


def test_corrections_move_or_drop_a_row():
    rows = [("الرقة", "الرقة", "KWT", "city", "52068"), ("الرقة", "الرقة", "SYR", "city", "531952"),
            ("عنيزة", "عنيزة", "QAT", "city", "39761")]
    assert _fixed(rows) == [("الرقة", "الرقة", "SYR", "city", "531952"), ("عنيزة", "عنيزة", "SAU", "city", "39761")]


def test_portfolios_are_the_definite_words_after_ministry_words_often_enough():
    from rasid.kb_lexicons import PORTFOLIO_MIN_USES, portfolio_rows, portfolio_words

    assert portfolio_words("قالت وزاره الصناعه ان وزير الرياضه وصل".split()) == ["%الصناعه", "%الرياضه"]
    counts = {"%الصناعه": PORTFOLIO_MIN_USES, "%الطقس": PORTFOLIO_MIN_USES - 1, "الصناعه": 900}
    assert portfolio_rows(counts) == [("الصناعه", str(PORTFOLIO_MIN_USES))]
