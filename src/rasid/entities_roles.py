"""A title that stands for a person: «وزير خارجية ألمانيا» with no name is the article's German
foreign minister, named before or after it.

An office is a canonical title and a country (`entities_lexicon` titles, a nisba or a country
name), so «وزير الخارجية الألماني» and «وزير خارجية ألمانيا» are one office. A person holds the
offices the article gives them next to their name, and those the actor KB says they held on
the article's date. A bare title phrase whose office exactly one person of the article holds
becomes a mention of that person, wherever it stands: «أكد وزير خارجية ألمانيا أن …» in the
lead, «ذكر سيغمار غابرييل» in the next sentence.
"""
from __future__ import annotations

from typing import Any, Iterable

from .coref import Cluster, covered_tokens
from .entities_actor import RELATIVE_TITLE, Role, extend_title, phrase_country
from .entities_lexicon import EntityLexicon, Match
from .entities_tokens import Candidate, Tokens, make_candidate
from .normalize import fold

Office = tuple[str, str]  # (canonical title, ISO3 country)
FORMER = frozenset({"السابق", "السابقه", "الاسبق", "الاسبقه"})  # folded: «الرئيس الفرنسي السابق»


def office_at(tokens: Tokens, i: int, lexicon: EntityLexicon,
              owners: dict[int, Candidate]) -> tuple[Match, int, Office] | None:
    """Return (title match, last token, office) of a title phrase starting at token `i` whose
    country the phrase names («وزير الخارجية الألماني», «وزير خارجية ألمانيا»), or None."""
    match = lexicon.titles.match_at(tokens.words, i, readings=tokens.readings[i])
    if match is None or match.entry.canonical == RELATIVE_TITLE:
        return None
    place = owners.get(match.last + 1)
    if place is not None and place.type == "LOC" and place.entry is not None and place.entry.kind == "country":
        last = place.last  # the construct form names the country
    else:
        last = extend_title(tokens, match, lexicon)
    if any(word in FORMER for word in tokens.words[match.last + 1:last + 1]):
        return None  # «الرئيس الفرنسي السابق»: not the office's holder now
    country = phrase_country(tokens, match.first, last, lexicon, owners)
    return (match, last, (match.entry.canonical, country)) if country else None


def canonical_title(title: str, lexicon: EntityLexicon) -> str:
    """Return the canonical form of a title as the KB writes it («رئيسة الوزراء» → «رئيس الوزراء»)."""
    words = fold(title).split()
    match = lexicon.titles.match_at(words, 0, clitics=False) if words else None
    return match.entry.canonical if match is not None and match.last == len(words) - 1 else title


def offices_of(roles: Iterable[Role], known: Any, published: str | None, tokens: Tokens,
               lexicon: EntityLexicon, owners: dict[int, Candidate]) -> set[Office]:
    """Return the offices a person holds: from the title phrases next to their name (`roles`)
    and from their KB record's roles active on `published` (`known`: a KB candidate or None)."""
    found = set()
    for role in roles:
        office = office_at(tokens, role.first, lexicon, owners) if not role.relative else None
        if office is not None and office[1] == role.last:  # the whole phrase: «رئيس لجنة …» is no «رئيس»
            found.add(office[2])
    for role in getattr(known, "roles", ()) if published else ():
        if role.country and role.active(published):
            found.add((canonical_title(role.title, lexicon), role.country))
    return found


def add_office_mentions(offices: dict[int, set[Office]], clusters: list[Cluster], tokens: Tokens,
                        lexicon: EntityLexicon, owners: dict[int, Candidate], attached: Iterable[Role] = ()) -> None:
    """Add every bare title phrase as a mention of the one person whose `offices` (by cluster id)
    include its office. A title is not bare when it is one of the `attached` title phrases next
    to a name, or a name follows it (maybe after a comma, a hashtag or a first name the tagger
    left out: «الرئيس اليمني عبدربه منصور هادي»)."""
    holder: dict[Office, Cluster | None] = {}
    for c in clusters:
        for office in offices.get(id(c), ()):
            holder[office] = c if holder.get(office, c) is c else None  # two holders: no telling which
    if not any(holder.values()):
        return
    covered = covered_tokens(clusters, len(tokens.words))
    for role in attached:
        covered[role.first:role.last + 1] = [True] * (role.last - role.first + 1)
    for i in tokens.having(lexicon.titles.by_first):
        found = None if covered[i] else office_at(tokens, i, lexicon, owners)
        if found is None:
            continue
        match, last, office = found
        person = holder.get(office)
        if person is None or any(covered[match.first:match.last + 1]) or _name_follows(tokens, last, covered, lexicon):
            continue
        person.candidates.append(make_candidate(tokens, match.first, last, match.prefix, match.elided, "PER", "title"))
        covered[match.first:match.last + 1] = [True] * (match.last - match.first + 1)
    for c in clusters:
        c.candidates.sort(key=lambda candidate: candidate.start)


def _name_follows(tokens: Tokens, last: int, covered: list[bool], lexicon: EntityLexicon) -> bool:
    """Return whether a name starts right after token `last` (or after a comma there)."""
    k = last + 1
    if k < len(tokens.words) and tokens.words[k] in ("،", ","):
        k += 1
    if k >= len(tokens.words):
        return False
    word = tokens.words[k]
    after = k + 2 if k + 2 < len(covered) and tokens.words[k + 1] == "#" else k + 1  # «بنيامين #نتنياهو»
    first_name = word in lexicon.given and after < len(covered) and covered[after]  # not «بأن»: «بان» is a name too
    return covered[k] or word == "#" or first_name or lexicon.titles.match_at(tokens.words, k) is not None
