"""normalize: the fast paths of `fold` give what one translate pass gives."""
import random
import unicodedata

import pytest

from rasid.normalize import FOLD_AND_STRIP, fold


def _translated(word: str) -> str:
    return unicodedata.normalize("NFKC", word or "").translate(FOLD_AND_STRIP)


@pytest.mark.parametrize("word, folded", [
    ("أعلنت", "اعلنت"),
    ("الـ24", "ال24"),
    ("مُسْتَشْفَى", "مستشفي"),
    ("وقالت الوزارةُ إنّ المؤتمرَ سيُعقد في إسطنبول", "وقالت الوزاره ان الموتمر سيعقد في اسطنبول"),
    ("Reuters 2024", "Reuters 2024"),
    ("", ""),
])
def test_fold_words_and_long_texts(word, folded):
    assert fold(word) == folded


def test_fold_equals_one_translate_pass_on_random_text():
    rng = random.Random(8)
    pool = ([chr(c) for c in range(0x0600, 0x0700)] + [chr(c) for c in range(0xFB50, 0xFB70)]
            + [chr(c) for c in range(0xFE70, 0xFE90)] + list("ab 1\n"))
    for _ in range(5000):
        text = "".join(rng.choice(pool) for _ in range(rng.randrange(0, 80)))
        assert fold(text) == _translated(text), text


def test_no_character_folds_to_one_that_folds_again():
    from rasid.normalize import FOLD_PAIRS
    changed = {char for char, _ in FOLD_PAIRS}
    assert not any(set(folded) & changed for _, folded in FOLD_PAIRS)


@pytest.mark.parametrize("phrase, folded", [
    ("«وزارة الخارجية»: بيان", "وزاره الخارجيه بيان"),
    ("  البعث ميديا -سانا ", "البعث ميديا سانا"),
    ("U.S._Army", "U S _Army"),
])
def test_fold_phrase_turns_punctuation_into_single_spaces(phrase, folded):
    from rasid.normalize import fold_phrase
    assert fold_phrase(phrase) == folded


def test_fold_phrase_equals_punctuation_replaced_then_split_on_random_text():
    from rasid.normalize import PUNCT, fold_phrase
    rng = random.Random(9)
    pool = [chr(c) for c in range(0x0600, 0x0700)] + list("ab _1\n\t.-،«»") + ["\u00a0", "\u2003", "\x1c", "²"]
    for _ in range(5000):
        text = "".join(rng.choice(pool) for _ in range(rng.randrange(0, 40)))
        assert fold_phrase(text) == " ".join(PUNCT.sub(" ", fold(text)).split()), text
