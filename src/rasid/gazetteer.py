"""Gazetteer: countries, nisba adjectives, cities, IGOs, groups, institutions and titles.

The tables live in `lexicons/` (see SOURCES.md there); `rasid kb build` regenerates the derived
ones. The pipeline calls `Gazetteer.load()` once and passes the object to the stages that need it.

Matching is on folded text (`normalize.fold`) at word boundaries; spans point into the original
text and never include a proclitic (و ب ل ف ك): in «وبالعراق» the span is «العراق», in «للجيش»
it is «لجيش» (the article's alef elided after ل is restored only in the lookup key).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from rasid.errors import ModelError
from rasid.normalize import clitic_variants, fold, fold_phrase

LEXICONS = Path(__file__).parent / "lexicons"
WORD = re.compile(r"[\w\u064b-\u065f\u0670\u0640]+")
# When one folded phrase has several readings, the first kind here is the best guess.
KIND_ORDER = ("country", "igo", "group", "party", "ministry", "capital", "city", "region", "nisba", "title")


@dataclass(frozen=True)
class GazEntry:
    """One reading of a gazetteer phrase.

    `type` is LOC, ORG or PER (PER for a title: the phrase names a person's office), or None for
    a nisba adjective, which gives an actor its country but is not itself an entity.
    `country` is ISO3, UNO, IGO, a CAMEO region code, or None.
    """
    name: str
    type: str | None
    country: str | None
    sector: str | None
    kind: str


class TitleInfo(NamedTuple):
    sector: str
    title: str          # canonical Arabic title, e.g. «وزير الخارجية»
    country: str | None  # from a nisba or country name after the title, if any


@lru_cache(maxsize=262_144)
def fold_token(token: str) -> str:
    """Return a folded word (memoised: a pure function of its argument)."""
    return fold(token)


def original_offset(token: str, folded_chars: int) -> int:
    """Return the index in `token` after its first `folded_chars` folded characters."""
    seen = 0
    for index, char in enumerate(token):
        if seen == folded_chars:
            return index
        seen += len(fold(char))
    return len(token)


def read_rows(directory: Path, name: str) -> list[list[str]]:
    """Return the data rows of a lexicon TSV (comments and header skipped)."""
    path = directory / name
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ModelError(f"{path}: cannot read lexicon ({error}); reinstall rasid or run `rasid kb build`") from error
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def entry_rows(directory: Path) -> list[tuple[str, GazEntry]]:
    """Return (surface form, entry) for every gazetteer table."""
    rows = []
    for name, iso3, _ in read_rows(directory, "countries.tsv"):
        rows.append((name, GazEntry(name, "LOC", iso3, None, "country")))
    for name, canonical, iso3, kind, _ in read_rows(directory, "cities.tsv"):
        rows.append((name, GazEntry(canonical, "LOC", iso3, None, kind)))
    for form, iso3, _ in read_rows(directory, "nisba.tsv"):
        rows.append((form, GazEntry(form, None, iso3, None, "nisba")))
    for name, canonical, country, sector in read_rows(directory, "igos.tsv"):
        rows.append((name, GazEntry(canonical, "ORG", country, sector, "igo")))
    for name, canonical, code in read_rows(directory, "regions.tsv"):
        rows.append((name, GazEntry(canonical, "LOC", code, None, "region")))
    for name, canonical, country, sector, kind in read_rows(directory, "groups.tsv"):
        rows.append((name, GazEntry(canonical, "ORG", country or None, sector or None, kind)))
    for name, canonical, sector in read_rows(directory, "institutions.tsv"):
        rows.append((name, GazEntry(canonical, "ORG", None, sector, "ministry")))
    for phrase, sector, title in read_rows(directory, "titles.tsv"):
        rows.append((phrase, GazEntry(title, "PER", None, sector, "title")))
    return rows


class Gazetteer:
    """Folded-phrase lookup and a clitic-aware scanner over original text."""

    def __init__(self, rows: list[tuple[str, GazEntry]]):
        entries: dict[str, list[GazEntry]] = {}
        for surface, entry in rows:
            key = fold_phrase(surface)
            if key and entry not in entries.setdefault(key, []):
                entries[key].append(entry)
        self.entries = {k: tuple(sorted(v, key=lambda e: KIND_ORDER.index(e.kind))) for k, v in entries.items()}
        self.lengths: dict[str, tuple[int, ...]] = {}
        for key in self.entries:
            words = key.split()
            self.lengths[words[0]] = tuple(sorted(set(self.lengths.get(words[0], ())) | {len(words)}, reverse=True))

    @classmethod
    def load(cls, directory: Path | None = None) -> "Gazetteer":
        """Return the gazetteer built from the lexicon tables (call once per run)."""
        return cls(entry_rows(directory or LEXICONS))

    def lookup(self, folded_phrase: str) -> list[GazEntry]:
        """Return every reading of a folded phrase, best first ([] if unknown)."""
        return list(self.entries.get(folded_phrase, ()))

    def nisba(self, folded_word: str) -> str | None:
        """Return the ISO3 code of a nisba adjective («السوريين» → SYR), also behind a proclitic."""
        for _, stem in clitic_variants(folded_word):
            for entry in self.entries.get(stem, ()):
                if entry.kind == "nisba":
                    return entry.country
        return None

    def country_of(self, folded_phrase: str) -> str | None:
        """Return the country code of a country, capital, nisba, IGO or region phrase, else None."""
        for entry in self.entries.get(folded_phrase, ()):
            if entry.kind in ("country", "capital", "nisba", "igo", "region", "city") and entry.country:
                return entry.country
        return None

    def title_sector(self, folded_phrase: str) -> TitleInfo | None:
        """Return the sector, canonical title and country of a title phrase, longest title first.

        «المتحدث باسم الجيش الاسرائيلي» → (MIL, المتحدث باسم الجيش, ISR); None if no title starts it.
        """
        words = folded_phrase.split()
        for n in range(len(words), 0, -1):
            title = next((e for e in self.entries.get(" ".join(words[:n]), ()) if e.kind == "title"), None)
            if title:
                return TitleInfo(title.sector, title.name, self.country_in(words[n:]))
        return None

    def country_in(self, words: list[str]) -> str | None:
        """Return the first country code named in `words` (nisba, country, capital, IGO)."""
        for start in range(len(words)):
            for n in range(min(len(words) - start, 5), 0, -1):
                country = self.country_of(" ".join(words[start:start + n]))
                if country:
                    return country
        return None

    def find(self, text: str, kinds: frozenset[str] | None = None) -> list[tuple[int, int, GazEntry]]:
        """Return (start, end, best entry) for every gazetteer phrase in `text`, longest match first.

        Spans are offsets into `text` without proclitics. `kinds` limits the entries considered.
        """
        tokens = [(m.start(), m.group()) for m in WORD.finditer(text)]
        folded = [fold_token(token) for _, token in tokens]
        found = []
        i = 0
        while i < len(tokens):
            match = self.match_at(folded, i, kinds)
            if match is None:
                i += 1
                continue
            n, prefix, entry = match
            start = tokens[i][0] + original_offset(tokens[i][1], prefix)
            end = tokens[i + n - 1][0] + len(tokens[i + n - 1][1])
            found.append((start, end, entry))
            i += n
        return found

    def match_at(self, folded: list[str], i: int, kinds) -> tuple[int, int, GazEntry] | None:
        """Return (word count, clitic length, entry) of the longest phrase starting at word i."""
        best = None
        for prefix, stem in clitic_variants(folded[i]):
            for n in self.lengths.get(stem, ()):
                if best and n <= best[0] or i + n > len(folded):
                    continue
                key = " ".join([stem, *folded[i + 1:i + n]])
                entry = next((e for e in self.entries.get(key, ()) if kinds is None or e.kind in kinds), None)
                if entry:
                    best = (n, prefix, entry)
                    break
        return best
