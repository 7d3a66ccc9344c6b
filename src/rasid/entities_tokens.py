"""The entity stage's working units: an article's folded tokens and candidate mentions over them.

A candidate covers tokens `first..last`; its character span leaves out a leading proclitic
(و ب ل ف ك), and its `name` restores an article elided after ل («للجيش» → «الجيش»).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from .entities_lexicon import Entry, word_readings
from .normalize import DIACRITICS, fold


@dataclass
class Candidate:
    """A possible mention: tokens first..last, chars start..end, and what is known about it."""
    first: int
    last: int
    start: int
    end: int
    type: str
    source: str  # lex, inst, ner
    name: str
    key: tuple[str, ...]  # folded words of `name`, punctuation (hashtag _, hyphen) left out
    entry: Entry | None = None
    country: str | None = None
    titular: bool = False  # names the body in a named person's title («المتحدث باسم الكرملين دميتري بيسكوف»)

    @property
    def size(self) -> int:
        return self.last - self.first + 1


@dataclass
class Tokens:
    """The article's tokens with their folded forms and proclitic readings, built once per article."""
    text: str
    spans: list[tuple[int, int]]
    words: list[str]
    counts: Counter
    readings: list[list[tuple[int, str]]] = field(default_factory=list)
    given: set[str] = field(default_factory=set)  # the lexicon's given names
    stems: dict[str, list[int]] = field(default_factory=dict)  # stem of a reading → the tokens that have it
    raws: list[str] = field(default_factory=list)  # the tokens as spelt in the text
    nisbas: list[tuple[int, str]] | None = None  # (token, ISO3) of definite nisba words: `entities_actor.nisba_tokens`

    @classmethod
    def of(cls, text: str, spans: list[tuple[int, int]], given: set[str] | None = None) -> "Tokens":
        raws = [text[s:e] for s, e in spans]
        forms = list(map(folded_readings, raws))
        words = [word for word, _readings in forms]
        readings = [readings for _word, readings in forms]
        return cls(text, spans, words, Counter(words), readings, given or set(), stem_tokens(words, readings), raws)

    def raw(self, i: int) -> str:
        return self.raws[i]

    def having(self, stems: set[str] | dict[str, Any]) -> list[int]:
        """Return the tokens, in order, with a proclitic reading whose stem is in `stems` (a set, or
        a dict's keys): where a lexicon phrase or head word may start. The smaller side is scanned."""
        found = self.stems.keys() & (stems.keys() if isinstance(stems, dict) else stems)
        return sorted({i for stem in found for i in self.stems[stem]})


def stem_tokens(words: list[str], readings: list) -> dict[str, list[int]]:
    """Return each reading's stem → the tokens (ascending per word) that have it, read once per
    distinct word."""
    where: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        if word in where:
            where[word].append(i)
        else:
            where[word] = [i]
    stems: dict[str, list[int]] = {}
    for positions in where.values():
        for _prefix, stem in readings[positions[0]]:
            stems[stem] = stems[stem] + positions if stem in stems else positions
    return stems


@lru_cache(maxsize=1 << 15)
def folded_readings(raw: str) -> tuple[str, tuple[tuple[int, str], ...]]:
    """Return a raw token's folded form and its proclitic readings (memoised per process: both are
    pure functions of the token)."""
    word = fold(raw)
    return word, word_readings(word)


def raw_offset(raw: str, letters: int) -> int:
    """Return the index in `raw` after its first `letters` non-diacritic characters."""
    seen = 0
    for index, char in enumerate(raw):
        if seen == letters:
            return index
        if not DIACRITICS.match(char):
            seen += 1
    return len(raw)


def make_candidate(tokens: Tokens, first: int, last: int, prefix: int, elided: bool,
                   kind: str, source: str, entry: Entry | None = None) -> Candidate:
    """Return a candidate over tokens first..last with `prefix` proclitic letters left out."""
    start = tokens.spans[first][0] + raw_offset(tokens.raw(first), prefix)
    end = tokens.spans[last][1]
    surface = tokens.text[start:end]
    name = ("ا" + surface) if elided else surface
    head = ("ا" if elided else "") + tokens.words[first][prefix:]
    key = tuple([w for w in [head] + tokens.words[first + 1:last + 1] if w[:1].isalnum()])
    return Candidate(first, last, start, end, kind, source, " ".join(name.replace("_", " ").split()), key, entry)
