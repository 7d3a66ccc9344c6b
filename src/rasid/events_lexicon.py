"""The data behind event coding: trigger patterns, actor terms, sector words, negation cues.

Everything is read from `lexicons/event_*.tsv` and compiled to regular expressions over the
folded text (see `dates.folded`, which keeps an offset map back into the original text).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from itertools import islice

import ahocorasick
import regex

from .normalize import fold

PREFIX = r"(?<![\w])(?:[وف])?(?:[بلك])?(?:ال)?"
GAP = r"(?:\s+[^\s،,.؛:؟!]+){0,4}?\s+"  # up to four words, never across punctuation
LONG_GAP = r"(?:\s+[^\s،,.؛:؟!]+){0,9}?\s+"  # «~~»: up to nine words («بحث الرئيس ... أمس مع»)


@dataclass(frozen=True)
class Pattern:
    """One lexicon row: an event type (and mode) and the compiled alternatives that code it."""
    id: str
    type: str
    mode: str | None
    form: str  # verb, noun or phrase
    regex: regex.Pattern
    anchors: tuple[str, ...] = ()  # literal first words: a text holding none of them cannot match


@dataclass(frozen=True)
class ActorTerm:
    country: str
    kind: str  # name, capital or nisba


@dataclass(frozen=True)
class Lexicon:
    """Compiled event lexicon: patterns, actor terms with their regex, and sector words."""
    patterns: tuple[Pattern, ...]
    actor_terms: dict[str, ActorTerm]
    longest_term: int  # words in the longest actor term
    sectors: dict[str, str]
    cues: dict[str, tuple[str, ...]]
    version: str
    anchors: ahocorasick.Automaton | None = None  # anchor word → (length, indexes of its patterns)
    term_heads: frozenset[str] = frozenset()  # words one of whose readings is an actor term's first word
    term_prefixes: frozenset[str] = frozenset()  # every term's first n words, for n = 1 ... all
    unanchored: tuple[int, ...] = field(init=False)  # the patterns with an alternative of no literal first word
    leisure: frozenset[str] = field(init=False)  # the words of sports and entertainment news
    words: ahocorasick.Automaton | None = field(init=False)  # head forms, anchors and leisure words (`scan`)

    def __post_init__(self):
        object.__setattr__(self, "unanchored", tuple(i for i, p in enumerate(self.patterns) if "" in p.anchors))
        object.__setattr__(self, "leisure", frozenset(self.cues.get("sport", ()) + self.cues.get("entertainment", ())))
        object.__setattr__(self, "words", text_index(self))


PREFIXES = frozenset(a + b + c for a in ("", "و", "ف") for b in ("", "ب", "ل", "ك") for c in ("", "ال"))
# every string PREFIX's clitics (?:[وف])?(?:[بلك])?(?:ال)? can match
PREFIX_LETTERS = frozenset("".join(PREFIXES))
WORD_CHAR = regex.compile(r"\w")
PREFIX_MAX = 4  # letters the pattern prefix may take before an anchor (و + ب + ال)


def anchor_index(patterns: tuple[Pattern, ...]) -> ahocorasick.Automaton:
    """Return an Aho–Corasick automaton from each pattern anchor to the patterns it starts."""
    index: dict[str, list[int]] = {}
    for i, pattern in enumerate(patterns):
        for anchor in pattern.anchors:
            index.setdefault(anchor, []).append(i)
    automaton = ahocorasick.Automaton()
    for anchor, found in index.items():
        if anchor:
            automaton.add_word(anchor, (len(anchor), tuple(found)))
    automaton.make_automaton()
    return automaton


def pattern_starts(flat: str, span: tuple[int, int], lexicon: "Lexicon",
                   anchors: list[tuple[int, int, tuple[int, ...]]] | None = None) -> dict[int, list[int]]:
    """Return, per pattern index, the sorted places in the span where one of its matches may start.

    A match starts at a word's start: the prefix (و, ب, ال) and then the literal first word of
    an alternative, so every start sits at most PREFIX_MAX letters before an anchor occurrence.
    `anchors` is `scan(flat, lexicon).anchors` when the caller has it.
    """
    starts: dict[int, set[int]] = {}
    if span[1] > span[0]:
        for head, indexes in _anchors_in(flat, span, lexicon, anchors):
            for place in _word_starts(flat, head, span[0]):
                for i in indexes:
                    starts.setdefault(i, set()).add(place)
    for i in lexicon.unanchored:
        starts[i] = set(range(span[0], span[1]))
    return {i: sorted(places) for i, places in starts.items()}


def _anchors_in(flat: str, span: tuple[int, int], lexicon: "Lexicon", anchors) -> list[tuple[int, tuple[int, ...]]]:
    """Return the first offset and the pattern indexes of every anchor occurrence inside the span."""
    if anchors is not None:
        return [(first, indexes) for first, last, indexes in anchors if first >= span[0] and last < span[1]]
    if lexicon.anchors is None or not len(lexicon.anchors):
        return []
    return [(end + 1 - length, indexes) for end, (length, indexes) in lexicon.anchors.iter(flat, span[0], span[1])]


def is_word_char(text: str, i: int) -> bool:
    """Return True when text[i] exists and is a word character (regex `\\w`); a letter is tested fast."""
    return i < len(text) and (text[i].isalpha() or (text[i] != " " and WORD_CHAR.match(text, i) is not None))


def _word_starts(flat: str, head: int, lo: int) -> list[int]:
    """Return the places before `head` from which a pattern prefix could lead to it."""
    if head == 0 or not is_word_char(flat, head - 1):
        return [head]  # a word's start: no prefix (all letters) reaches over the character before it
    # Inside a word only the word's own start can lead to the anchor, over prefix letters alone:
    # walk back over them (at most PREFIX_MAX), then it must be the start of the word.
    place = head
    while place > 0 and head - place < PREFIX_MAX and flat[place - 1] in PREFIX_LETTERS:
        place -= 1
    if place == head or place < lo or (place > 0 and is_word_char(flat, place - 1)):
        return []
    return [place] if flat[place:head] in PREFIXES else []


def _rows(name: str):
    text = resources.files("rasid").joinpath(f"lexicons/{name}").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


def compile_alternative(pattern: str) -> str:
    """Return the regex of one pattern alternative («وقع* ~ اتفاق*») over folded text, after the prefix."""
    parts, joiner = [], r"\s+"
    for word in fold(pattern).split():
        if word in ("~", "~~"):
            joiner = GAP if word == "~" else LONG_GAP
            continue
        body = regex.escape(word.rstrip("*")) + (r"\w*" if word.endswith("*") else r"(?!\w)")
        parts.append((joiner if parts else "") + body)
        joiner = r"\s+"
    return "".join(parts)


def _pattern(row: list[str]) -> Pattern:
    pid, kind, mode, form, alternatives = row[:5]
    alts = sorted((a.strip() for a in alternatives.split("|") if a.strip()),
                  key=lambda a: len(a.replace("~", "").replace("*", "")), reverse=True)
    groups = PREFIX + "(?:" + "|".join(f"(?:{compile_alternative(a)})" for a in alts) + ")"
    anchors = tuple(sorted({fold(a).split()[0].rstrip("*") for a in alts}))
    return Pattern(pid, kind, mode or None, form, regex.compile(groups), anchors)


def nisba_forms(base: str) -> list[str]:
    """Return the inflected forms of a folded nisba base: اسرائيلي → اسرائيليه, الاسرائيليون, ..."""
    forms = [base + ending for ending in ("", "ه", "ا", "ون", "ين", "ان", "تان", "تين")]
    return forms + ["ال" + f for f in forms]


def _actor_terms() -> dict[str, ActorTerm]:
    """Return folded actor terms: the gazetteer's country names, nisba forms and capitals, then
    `event_countries.tsv` for what it adds (seats of government, spellings news use)."""
    terms: dict[str, ActorTerm] = {}
    for row in _rows("countries.tsv"):
        _add(terms, [fold(row[0])], ActorTerm(row[1], "name"))
    for row in _rows("nisba.tsv"):
        _add(terms, [fold(row[0])], ActorTerm(row[1], "nisba"))
    for row in _rows("cities.tsv"):
        if row[3] == "capital":
            _add(terms, [fold(row[0])], ActorTerm(row[2], "capital"))
    for row in _rows("event_countries.tsv"):
        code, names, nisbas, capitals = (row + ["", "", ""])[:4]
        for kind, column in (("nisba", nisbas), ("capital", capitals), ("name", names)):
            for term in filter(None, (t.strip() for t in column.split("|"))):
                forms = nisba_forms(fold(term)) if kind == "nisba" else [fold(term)]
                _add(terms, forms, ActorTerm(code, kind))
    return terms


def _add(terms: dict[str, ActorTerm], forms: list[str], term: ActorTerm) -> None:
    for form in forms:
        terms[form] = term
        if form.startswith("ال"):  # «للكويت» = ل + الكويت with the alef elided
            terms.setdefault("ل" + form[2:], term)


@dataclass(frozen=True)
class TermMatch:
    """An actor term found in folded text: the word's start (with proclitics), the term's span."""
    start: int
    term_start: int
    end: int
    term: str


WORDS = regex.compile(r"\w+")
PROCLITIC_PAIRS = ("وب", "ول", "وك", "فب", "فل", "فك")


def _readings(word: str) -> list[tuple[int, str]]:
    """Return (proclitic length, stem) readings of a folded word: «وبالعراق» → العراق after «وب»."""
    found = [(0, word)]
    if len(word) > 2 and word[0] in "وفبلك":
        found.append((1, word[1:]))
    if len(word) > 3 and word[:2] in PROCLITIC_PAIRS:
        found.append((2, word[2:]))
    return found


def find_terms(flat: str, lexicon: "Lexicon", heads: list[int] | None = None) -> list[TermMatch]:
    """Return the actor terms of folded text, longest first at each word, words never shared.

    `heads` is `scan(flat, lexicon).heads` when the caller has it.
    """
    found, reach = [], 0
    for start in _head_words(flat, lexicon) if heads is None else heads:
        if start < reach:
            continue  # inside the term found before
        match = _longest_term(flat, start, lexicon)
        if match:
            found.append(match)
            reach = match.end
    return found


def _head_words(flat: str, lexicon: "Lexicon") -> list[int]:
    """Return, in order, the starts of the whole words of `flat` that can begin an actor term."""
    if lexicon.words is None:
        return [m.start() for m in WORDS.finditer(flat) if m.group() in lexicon.term_heads]
    return scan(flat, lexicon).heads


@dataclass(frozen=True)
class Scan:
    """What one pass of the lexicon's automaton (`Lexicon.words`) finds in a folded text, by role."""
    heads: list[int]  # in order, the starts of the whole words that can begin an actor term
    anchors: list[tuple[int, int, tuple[int, ...]]]  # first and last offset of a pattern anchor, its patterns
    leisure: list[tuple[int, int, str]]  # first and last offset of a sports or entertainment word, the word


def scan(flat: str, lexicon: "Lexicon") -> Scan:
    """Return the head words of actor terms, the pattern anchors and the leisure words of `flat`,
    found in one pass instead of one per list."""
    heads, anchors, leisure = set(), [], []
    if lexicon.words is not None:
        for last, (length, head, patterns, is_leisure) in lexicon.words.iter(flat):
            first = last + 1 - length
            if head and _whole_word(flat, first, last):
                heads.add(first)
            if patterns:
                anchors.append((first, last, patterns))
            if is_leisure:
                leisure.append((first, last, flat[first:last + 1]))
    return Scan(sorted(heads), anchors, leisure)


def _whole_word(flat: str, first: int, last: int) -> bool:
    """Return whether flat[first:last + 1] is a whole word: no word character on either side."""
    before = flat[first - 1] if first > 0 else " "
    after = flat[last + 1] if last + 1 < len(flat) else " "
    # a letter next to the match (most matches: inside a longer word) needs no regex test
    if before.isalpha() or after.isalpha():
        return False
    return not ((before != " " and is_word_char(flat, first - 1)) or (after != " " and is_word_char(flat, last + 1)))


def text_index(lexicon: "Lexicon") -> ahocorasick.Automaton | None:
    """Return one Aho–Corasick automaton of the term head forms, the pattern anchors and the leisure
    words; the value of each: (length, is a head form, its patterns if an anchor, is a leisure word)."""
    anchored: dict[str, list[int]] = {}
    for i, pattern in enumerate(lexicon.patterns):
        for anchor in pattern.anchors:
            anchored.setdefault(anchor, []).append(i)
    keys = (set(lexicon.term_heads) | set(anchored) | lexicon.leisure) - {""}
    if not keys:
        return None
    automaton = ahocorasick.Automaton()
    for key in keys:
        automaton.add_word(key, (len(key), key in lexicon.term_heads, tuple(anchored.get(key, ())),
                                 key in lexicon.leisure))
    automaton.make_automaton()
    return automaton


def _longest_term(flat: str, start: int, lexicon: "Lexicon") -> TermMatch | None:
    """Return the longest actor term that the word at `start` begins (its first reading on a tie).

    Words are read one by one while some reading of the first word, with the words after it,
    still begins a term (`term_prefixes`); a term never runs across punctuation.
    """
    first = WORDS.match(flat, start) or next(WORDS.finditer(flat, start))
    alive = [(cut, stem) for cut, stem in _readings(first.group()) if stem in lexicon.term_prefixes]
    best, end, count = None, first.end(), 1
    while alive:
        term = next((item for item in alive if item[1] in lexicon.actor_terms), None)
        if term:
            best = TermMatch(start, start + term[0], end, term[1])
        word = _word_after_space(flat, end) if count < lexicon.longest_term else None
        if word is None:
            break
        alive = [(cut, f"{stem} {word.group()}") for cut, stem in alive
                 if f"{stem} {word.group()}" in lexicon.term_prefixes]
        end, count = word.end(), count + 1
    return best


def _word_after_space(flat: str, end: int):
    """Return the match of the word that white space alone parts from the word ending at `end`,
    else None (no space, or punctuation or the text's end after it)."""
    after = end
    while after < len(flat) and flat[after].isspace():
        after += 1
    return WORDS.match(flat, after) if after > end else None


def term_prefixes(terms) -> frozenset[str]:
    """Return every term's first word, first two words, ... and the whole term."""
    found = set()
    for term in terms:
        words = term.split(" ")
        found.update(" ".join(words[:n]) for n in range(1, len(words) + 1))
    return frozenset(found)


def load() -> Lexicon:
    """Return the compiled event lexicon from `lexicons/event_*.tsv`."""
    patterns = tuple(_pattern(row) for row in _rows("event_patterns.tsv"))
    terms = _actor_terms()
    sectors = {fold(row[0]): row[1] for row in _rows("event_sectors.tsv")}
    cues: dict[str, list[str]] = {}
    for kind, word in _rows("event_cues.tsv"):
        cues.setdefault(kind, []).append(fold(word))
    version = f"events-1.{len(patterns)}.{len(terms)}"
    heads = head_forms({t.split(" ")[0] for t in terms})
    return Lexicon(patterns, terms, max(len(t.split()) for t in terms), sectors,
                   {k: tuple(v) for k, v in cues.items()}, version, anchor_index(patterns),
                   heads, term_prefixes(terms))


def head_forms(heads: set[str]) -> frozenset[str]:
    """Return the words that have a reading (`_readings`) equal to one of the given term heads."""
    forms = set(heads)
    forms.update(c + h for c in "وفبلك" for h in heads if len(h) > 1)
    forms.update(pair + h for pair in PROCLITIC_PAIRS for h in heads if len(h) > 1)
    return frozenset(forms)
