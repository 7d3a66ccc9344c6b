"""Who an entity is as an actor: country, CAMEO sector and role, from context, lexicons and the KB.

A person's title phrase right before the name («وزير الخارجية الروسي سيرغي لافروف») or in
apposition after it («لافروف، وزير خارجية روسيا») gives the role, the sector (titles table) and
the country (a nisba, a country or city, or an organisation inside the phrase). An organisation
takes its lexicon entry, the qualifier of its name («وزارة الخارجية الكويتية») or a nisba in it.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .coref import Cluster
from .entities_lexicon import EntityLexicon, Match
from .entities_mentions import Candidate, Tokens

TITLE_WINDOW = 8  # tokens before a name where its title phrase may start


@dataclass(frozen=True)
class Role:
    """A title phrase over tokens first..last and what it says about its holder."""
    first: int
    last: int
    sector: str | None
    country: str | None


def role_before(tokens: Tokens, name: Candidate, lexicon: EntityLexicon,
                owners: dict[int, Candidate]) -> Role | None:
    """Return the title phrase that ends right before a name, or None."""
    end = name.first - 1
    if end >= 0 and tokens.words[end] in ("،", ","):
        end -= 1  # «المتحدث باسم الرئاسة الروسية، ديميتري بيسكوف»
    low = max(0, end - TITLE_WINDOW + 1)
    for j in range(end, low - 1, -1):
        if not tokens.words[j][:1].isalnum() or _other_name(owners, j, name):
            low = j + 1
            break
    title, p = None, low
    while p <= end:
        match = lexicon.titles.match_at(tokens.words, p)
        if match is not None and match.last <= end:
            title, p = match, match.last + 1
        else:
            p += 1
    if title is None:
        return None
    return Role(title.first, end, title.entry.sector, phrase_country(tokens, title.first, end, lexicon, owners))


def role_after(tokens: Tokens, name: Candidate, lexicon: EntityLexicon,
               owners: dict[int, Candidate]) -> Role | None:
    """Return a title phrase in apposition after a name («لافروف، وزير خارجية روسيا»), or None."""
    i = name.last + 1
    if i < len(tokens.words) and tokens.words[i] in ("،", ","):
        i += 1
    if i >= len(tokens.words):
        return None
    match = lexicon.titles.match_at(tokens.words, i, clitics=False)
    if match is None:
        return None
    last = _extend_title(tokens, match, lexicon)
    return Role(match.first, last, match.entry.sector, phrase_country(tokens, match.first, last, lexicon, owners))


def _extend_title(tokens: Tokens, match: Match, lexicon: EntityLexicon) -> int:
    last = match.last
    while last + 1 < len(tokens.words) and last - match.last < 3:
        word = tokens.words[last + 1]
        if word in lexicon.modifiers or lexicon.nisba_of(word) or word in lexicon.first_words:
            last += 1
        else:
            break
    return last


def _other_name(owners: dict[int, Candidate], j: int, name: Candidate) -> bool:
    other = owners.get(j)
    return other is not None and other is not name and other.type == "PER"


def phrase_country(tokens: Tokens, first: int, last: int, lexicon: EntityLexicon,
                   owners: dict[int, Candidate]) -> str | None:
    """Return the country a phrase names: a nisba, or a place or organisation inside it."""
    for j in range(first, last + 1):
        word = tokens.words[j]
        country = lexicon.nisba_of(word) if word[:2] in ("ال", "لل") or len(word) > 3 else None
        if country:
            return country
        candidate = owners.get(j)
        if candidate is not None and candidate.type in ("LOC", "ORG") and candidate.entry is not None:
            code = candidate.country or candidate.entry.country
            if code:
                return code
    return None


def name_country(words: tuple[str, ...], lexicon: EntityLexicon) -> str | None:
    """Return the country of a nisba or country name inside an organisation's name."""
    for i, word in enumerate(words):
        if i and word.startswith("ال") and lexicon.nisba_of(word):
            return lexicon.nisba_of(word)
        place = lexicon.places.match_at(list(words), i, clitics=False)
        if i and place is not None and place.entry.kind == "country":
            return place.entry.country
    return None


def dominant_country(candidates: list[Candidate], tokens: Tokens, lexicon: EntityLexicon) -> str | None:
    """Return the country the article is most about: places named and nisba adjectives used."""
    votes: Counter = Counter()
    for c in candidates:
        if c.type == "LOC" and c.entry is not None and c.entry.country and c.entry.kind != "region":
            votes[c.entry.country] += 1
    for word in tokens.words:
        if word.startswith("ال") and word in lexicon.nisba:
            votes[lexicon.nisba[word]] += 1
    return votes.most_common(1)[0][0] if votes else None


def describe(c: Cluster, tokens: Tokens, lexicon: EntityLexicon, owners: dict[int, Candidate],
             fallback: str | None) -> tuple[str | None, str | None, str | None]:
    """Return (country, sector, role) of an entity from its mentions' context."""
    if c.type == "PER":
        return _person(c, tokens, lexicon, owners, fallback)
    entries = [m for m in c.candidates if m.entry is not None and m.source in ("lex", "inst")]
    if entries:
        first = entries[0]
        code = first.country or first.entry.country
        if c.type == "LOC" or first.source == "lex":
            return code, first.entry.sector, None
        return code or fallback, first.entry.sector, None
    if c.type == "ORG":
        head = lexicon.heads.get(c.words[0]) if c.words else None
        return name_country(c.words, lexicon) or fallback, head, None
    return None, None, None


def _person(c: Cluster, tokens: Tokens, lexicon: EntityLexicon, owners: dict[int, Candidate],
            fallback: str | None) -> tuple[str | None, str | None, str | None]:
    roles = []
    for mention in c.candidates:
        role = role_before(tokens, mention, lexicon, owners) or role_after(tokens, mention, lexicon, owners)
        if role is not None:
            roles.append(role)
    if not roles:
        return fallback, None, None
    with_country = [r for r in roles if r.country]
    best = with_country[0] if with_country else roles[0]
    text = tokens.text[tokens.spans[best.first][0]:tokens.spans[best.last][1]]
    return best.country or fallback, best.sector, text
