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


@dataclass(frozen=True)
class ActorTerm:
    country: str
    kind: str  # name, capital or nisba


@dataclass(frozen=True)
class Lexicon:
    """Compiled event lexicon: patterns, actor terms with their regex, and sector words."""
    patterns: tuple[Pattern, ...]
    actor_terms: dict[str, ActorTerm]
    actor_regex: regex.Pattern
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
    return Pattern(pid, kind, mode or None, form, regex.compile(groups))


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


def _actor_regex(terms: dict[str, ActorTerm]) -> regex.Pattern:
    """Return the regex of every actor term (a named list: matched as a set, not term by term)."""
    return regex.compile(r"(?<![\w])(?:[وف])?(?:[بلك])?(?P<term>\L<terms>)(?!\w)", terms=sorted(terms))


def load() -> Lexicon:
    """Return the compiled event lexicon from `lexicons/event_*.tsv`."""
    patterns = tuple(_pattern(row) for row in _rows("event_patterns.tsv"))
    terms = _actor_terms()
    sectors = {fold(row[0]): row[1] for row in _rows("event_sectors.tsv")}
    cues: dict[str, list[str]] = {}
    for kind, word in _rows("event_cues.tsv"):
        cues.setdefault(kind, []).append(fold(word))
    version = f"events-1.{len(patterns)}.{len(terms)}"
    return Lexicon(patterns, terms, _actor_regex(terms), sectors,
                   {k: tuple(v) for k, v in cues.items()}, version)
