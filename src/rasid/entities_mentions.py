"""Candidate entity mentions: NER spans unioned with lexicon matches, with clean boundaries.

A candidate covers tokens `first..last`; its character span leaves out a leading proclitic
(و ب ل ف ك), and its `name` restores an article elided after ل («للجيش» → «الجيش»).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .entities_lexicon import EntityLexicon, Entry, Match
from .normalize import DIACRITICS, PROCLITICS, clitic_variants

NER_TYPES = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC"}
SOURCE_RANK = {"lex": 3, "inst": 3, "ner": 1}


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
    entry: Entry | None = None
    country: str | None = None

    @property
    def size(self) -> int:
        return self.last - self.first + 1


@dataclass
class Tokens:
    """The article's tokens with their folded forms, built once per article."""
    text: str
    spans: list[tuple[int, int]]
    words: list[str]
    counts: Counter

    def raw(self, i: int) -> str:
        start, end = self.spans[i]
        return self.text[start:end]


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
    return Candidate(first, last, start, end, kind, source, " ".join(name.split()), entry)


def lexicon_candidates(tokens: Tokens, lexicon: EntityLexicon) -> list[Candidate]:
    """Return places, organisations and qualified institutions found by the lexicons."""
    found, i = [], 0
    while i < len(tokens.words):
        match = _best_match(tokens.words, i, lexicon)
        if match is None:
            i += 1
            continue
        candidate = _from_match(tokens, match, lexicon)
        if candidate is not None:
            found.append(candidate)
        i = (candidate.last if candidate else match.last) + 1
    return found


def _best_match(words: list[str], i: int, lexicon: EntityLexicon) -> Match | None:
    best = None
    for index in (lexicon.orgs, lexicon.places, lexicon.institutions):
        match = index.match_at(words, i)
        if match is not None and (best is None or match.last > best.last):
            best = match
    return best


def _from_match(tokens: Tokens, match: Match, lexicon: EntityLexicon) -> Candidate | None:
    entry = match.entry
    if entry.kind not in ("institution", "standalone"):
        return make_candidate(tokens, match.first, match.last, match.prefix, match.elided,
                              entry.type, "lex", entry)
    last, country = qualifier(tokens.words, match.last + 1, lexicon)
    if country is None and entry.kind != "standalone":
        return None
    candidate = make_candidate(tokens, match.first, max(last, match.last), match.prefix,
                               match.elided, "ORG", "inst", entry)
    candidate.country = country
    if tuple(tokens.words[match.first:candidate.last + 1]) in lexicon.generic:
        return None
    return candidate


def qualifier(words: list[str], i: int, lexicon: EntityLexicon) -> tuple[int, str | None]:
    """Return (last token, ISO3) of a nisba or country name qualifying the phrase before token `i`."""
    if i >= len(words):
        return i - 1, None
    country = lexicon.nisba_of(words[i]) if words[i].startswith("ال") else None
    if country:
        return i, country
    place = lexicon.places.match_at(words, i, clitics=False)
    if place is not None and place.entry.kind == "country":
        return place.last, place.entry.country
    return i - 1, None


def ner_candidates(tokens: Tokens, tags: list[str], lexicon: EntityLexicon) -> list[Candidate]:
    """Return NER spans as candidates, proclitics and leading titles trimmed off."""
    found = []
    for first, last, label in bio_spans(tags):
        kind = NER_TYPES.get(label)
        if kind is None:
            continue
        if kind == "PER":
            first, last = _trim_person(tokens.words, first, last, lexicon)
        if first > last or not tokens.words[first][:1].isalpha():
            continue
        prefix, elided = proclitic(tokens, first, lexicon)
        found.append(make_candidate(tokens, first, last, prefix, elided, kind, "ner"))
    return found


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Return (first, last, label) token spans of a BIO tag sequence."""
    spans: list[list] = []
    for i, tag in enumerate(tags):
        if tag.startswith("I-") and spans and spans[-1][1] == i - 1 and spans[-1][2] == tag[2:]:
            spans[-1][1] = i
        elif tag[:2] in ("B-", "I-"):
            spans.append([i, i, tag[2:]])
    return [tuple(span) for span in spans]


def _trim_person(words: list[str], first: int, last: int, lexicon: EntityLexicon) -> tuple[int, int]:
    while first <= last:
        title = lexicon.titles.match_at(words, first)
        if title is not None and title.last <= last:
            first = title.last + 1
        elif words[first] in lexicon.modifiers or lexicon.nisba_of(words[first]):
            first += 1
        else:
            break
    while last >= first and (lexicon.nisba_of(words[last]) or words[last] in lexicon.not_names):
        last -= 1
    return first, last


def proclitic(tokens: Tokens, i: int, lexicon: EntityLexicon) -> tuple[int, bool]:
    """Return (letters, elided) of a proclitic on token `i` that the article or lexicons confirm."""
    word = tokens.words[i]
    best = (0, False)
    if word in lexicon.first_words:
        return best
    for prefix, stem in clitic_variants(word)[1:]:
        elided = stem != word[prefix:]
        if stem.startswith("ال") or tokens.counts.get(stem) or stem in lexicon.first_words:
            best = (prefix, elided)
    return best if best[0] and word[0] in PROCLITICS else (0, False)
