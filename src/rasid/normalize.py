"""Arabic text folding for matching only.

Offsets always point into the original text: these functions are used to build
lookup keys, never to rewrite the article. Folding mirrors the referee's
(alef forms, ta marbuta, alef maqsura, hamza seats, tatweel, diacritics).
"""
from __future__ import annotations

import re
import unicodedata
from itertools import filterfalse

DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
WORD_RUN = re.compile(r"\w+")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه",
                      "ؤ": "و", "ئ": "ي", "ـ": ""})
ARABIC_LETTER = re.compile("[\u0621-\u064a]")
ARABIC_LETTERS = re.compile("[\u0621-\u064a]+")
ARABIC_SAMPLE_CHARS = 20000
PROCLITICS = ("و", "ف", "ب", "ل", "ك")


def fold(word: str) -> str:
    """Return `word` folded for matching: NFKC, no diacritics, unified letter forms.

    The same as `.translate(FOLD_AND_STRIP)` after NFKC, which looks up every character in a
    dict: a short word that holds no character to change is returned as it is, and a long text
    is folded by one regex pass and one replace per changed letter (`_fold_long`).
    """
    text = unicodedata.normalize("NFKC", word or "")
    if len(text) > SHORT_FOLD:
        return _fold_long(text)
    return text.translate(FOLD_AND_STRIP) if FOLD_CHANGES.search(text) else text


def fold_phrase(phrase: str) -> str:
    """Return a phrase folded and with punctuation turned into single spaces.

    Its words joined by one space: with punctuation (neither word character nor space) turned into
    spaces, what white space parts are the runs of word characters, which one regex pass finds.
    """
    return " ".join(WORD_RUN.findall(fold(phrase)))


def arabic_share(text: str) -> float:
    """Return the share of letters in the first 20,000 characters of `text` that are Arabic (0.0 for no letters).

    Counted by word: a word that is all letters counts whole, and the Arabic letters (every
    one of them a letter) are counted by one regex pass instead of a test per character.
    """
    sample = text[:ARABIC_SAMPLE_CHARS]
    words = sample.split()  # white space is never a letter
    letters = (sum(map(len, filter(str.isalpha, words)))
               + sum(sum(map(str.isalpha, word)) for word in filterfalse(str.isalpha, words)))
    if not letters:
        return 0.0
    return (len(sample) - len(ARABIC_LETTERS.sub("", sample))) / letters


def strip_article(word: str) -> str:
    """Return `word` without a leading definite article ال (folded input)."""
    return word[2:] if word.startswith("ال") and len(word) > 4 else word


def clitic_variants(word: str) -> list[tuple[int, str]]:
    """Return (prefix_length, stem) readings of a folded word with proclitics removed.

    «وبالعراق» gives (0, وبالعراق), (1, بالعراق), (2, العراق)... a preposition ل
    before ال elides the alef («للجيش» = ل + الجيش), which is restored in the stem.
    """
    readings = [(0, word)]
    if len(word) < 4 or word[0] not in PROCLITICS:
        return readings  # most words: no proclitic to try
    prefix = 0
    rest = word
    for _ in range(2):
        if len(rest) < 4 or rest[0] not in PROCLITICS:
            break
        head, rest = rest[0], rest[1:]
        prefix += 1
        readings.append((prefix, rest))
        if head == "ل" and rest.startswith("ل") and len(rest) > 3:
            readings.append((prefix, "ا" + rest))
    return readings


def _fold_and_strip() -> dict[int, str | None]:
    """Return one translation table that drops every DIACRITICS character and applies FOLD (FOLD
    only yields letters, which no diacritic pattern matches, so one pass equals the two)."""
    table: dict[int, str | None] = dict.fromkeys(map(ord, DIACRITICS.findall("".join(map(chr, range(0x10000))))))
    table.update(FOLD)
    return table


FOLD_AND_STRIP = _fold_and_strip()


SHORT_FOLD = 24  # up to this length a translate is faster than `_fold_long`'s look-ups
FOLD_CHANGES = re.compile("[" + "".join(map(re.escape, map(chr, FOLD_AND_STRIP))) + "]")
FOLD_PAIRS = tuple((chr(c), v or "") for c, v in FOLD_AND_STRIP.items())  # (character, what it folds to)


def _fold_long(text: str) -> str:
    """Return `text.translate(FOLD_AND_STRIP)` by replacing, in turn, each character the table
    changes that the text holds: a test for one character is a fast scan, and what a character
    folds to (nothing, or a plain letter) is never changed again."""
    if text.isascii():
        return text  # FOLD_AND_STRIP changes no ASCII character
    for char, folded in FOLD_PAIRS:
        if char in text:
            text = text.replace(char, folded)
    return text
