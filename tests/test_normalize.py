"""normalize: the fast paths of `fold` and `fold_phrase` give what their plain definitions give."""
import random
import unicodedata

import pytest

from rasid.normalize import FOLD_AND_STRIP, PUNCT, fold, fold_phrase

# Arabic letters, marks and digits, presentation forms, Latin, digits, spaces of several kinds, punctuation
POOL = ([chr(c) for c in range(0x0600, 0x0700)] + [chr(c) for c in range(0xFB50, 0xFB70)]
        + [chr(c) for c in range(0xFE70, 0xFE90)] + list("ab _1\n\t.-،«»") + ["\u00a0", "\u2003", "\x1c", "²"])


def _translated(word: str) -> str:
    """`fold` as defined: NFKC, then one translate pass."""
    return unicodedata.normalize("NFKC", word or "").translate(FOLD_AND_STRIP)


def _punctuation_spaced(phrase: str) -> str:
    """`fold_phrase` as defined: punctuation turned into spaces, white space runs into one space."""
    return " ".join(PUNCT.sub(" ", fold(phrase)).split())


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


@pytest.mark.parametrize("phrase, folded", [
    ("«وزارة الخارجية»: بيان", "وزاره الخارجيه بيان"),
    ("  البعث ميديا -سانا ", "البعث ميديا سانا"),
    ("U.S._Army", "U S _Army"),
])
def test_fold_phrase_turns_punctuation_into_single_spaces(phrase, folded):
    assert fold_phrase(phrase) == folded


@pytest.mark.parametrize("fast, plain", [(fold, _translated), (fold_phrase, _punctuation_spaced)])
def test_fast_folding_equals_its_definition_on_random_text(fast, plain):
    rng = random.Random(8)
    for _ in range(5000):
        text = "".join(rng.choice(POOL) for _ in range(rng.randrange(0, 80)))
        assert fast(text) == plain(text), text


def test_no_character_folds_to_one_that_folds_again():
    from rasid.normalize import FOLD_PAIRS
    changed = {char for char, _ in FOLD_PAIRS}
    assert not any(set(folded) & changed for _, folded in FOLD_PAIRS)
