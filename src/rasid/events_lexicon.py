"""The data behind event coding: trigger patterns, actor terms, sector words, negation cues.

Everything is read from `lexicons/event_*.tsv` and compiled to regular expressions over the
folded text (see `dates.folded`, which keeps an offset map back into the original text).
"""
from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

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
    terms: dict[str, ActorTerm] = {}
    for row in _rows("event_countries.tsv"):
        code, names, nisbas, capitals = (row + ["", "", ""])[:4]
        for kind, column in (("nisba", nisbas), ("capital", capitals), ("name", names)):
            for term in filter(None, (t.strip() for t in column.split("|"))):
                forms = nisba_forms(fold(term)) if kind == "nisba" else [fold(term)]
                for form in forms:
                    terms[form] = ActorTerm(code, kind)
                    if form.startswith("ال"):  # «للكويت» = ل + الكويت with the alef elided
                        terms.setdefault("ل" + form[2:], ActorTerm(code, kind))
    return terms


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


def find_terms(flat: str, lexicon: "Lexicon") -> list[TermMatch]:
    """Return the actor terms of folded text, longest first at each word, words never shared."""
    words = [(m.start(), m.end(), m.group()) for m in WORDS.finditer(flat)]
    found, i = [], 0
    while i < len(words):
        match = _longest_term(flat, words, i, lexicon)
        if match:
            found.append(match[0])
        i += match[1] if match else 1
    return found


def _longest_term(flat: str, words, i: int, lexicon: "Lexicon"):
    joined = [words[i]]
    for nxt in words[i + 1:i + lexicon.longest_term]:
        if not flat[joined[-1][1]:nxt[0]].isspace():
            break  # a term never runs across punctuation
        joined.append(nxt)
    for n in range(len(joined), 0, -1):
        tail = " ".join(w[2] for w in joined[1:n])
        for cut, stem in _readings(words[i][2]):
            term = f"{stem} {tail}" if tail else stem
            if term in lexicon.actor_terms:
                return TermMatch(words[i][0], words[i][0] + cut, joined[n - 1][1], term), n
    return None


def load() -> Lexicon:
    """Return the compiled event lexicon from `lexicons/event_*.tsv`."""
    patterns = tuple(_pattern(row) for row in _rows("event_patterns.tsv"))
    terms = _actor_terms()
    sectors = {fold(row[0]): row[1] for row in _rows("event_sectors.tsv")}
    cues: dict[str, list[str]] = {}
    for kind, word in _rows("event_cues.tsv"):
        cues.setdefault(kind, []).append(fold(word))
    version = f"events-1.{len(patterns)}.{len(terms)}"
    return Lexicon(patterns, terms, max(len(t.split()) for t in terms), sectors,
                   {k: tuple(v) for k, v in cues.items()}, version)
