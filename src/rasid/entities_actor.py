"""Who an entity is as an actor: country, CAMEO sector and role, from context, lexicons and the KB.

A person's title phrase right before the name («وزير الخارجية الروسي سيرغي لافروف») or in
apposition after it («لافروف، وزير خارجية روسيا») gives the role, the sector (titles table) and
the country (a nisba, a country or city, or an organisation inside the phrase). An organisation
takes its lexicon entry, the qualifier of its name («وزارة الخارجية الكويتية») or a nisba in it.
"""
from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from types import MappingProxyType

from .coref import Cluster
from .entities_lexicon import EntityLexicon, Match
from .entities_tokens import Candidate, Tokens, raw_offset

TITLE_WINDOW = 8  # tokens before a name where its title phrase may start
NOT_STATES = {"UNO", "IGO", "WST", "EUR", "MEA", "AFR", "ASA", "LAM"}  # codes that are no one's nationality
TITLE_LINKS = {"باسم", "في", "لدى", "،", ",", "-"}  # words that join a title to its body or place
RELATIVE_TITLE = "نظير"  # canonical title of «نظيره», «نظيرته» (titles_extra.tsv)
NO_VOTES = MappingProxyType({})  # a sentence nothing votes for (read-only, shared)


@dataclass(frozen=True)
class Role:
    """A title phrase over tokens first..last and what it says about its holder."""
    first: int
    last: int
    sector: str | None
    country: str | None
    head: str = ""  # the first word without its proclitic («لرئيس» → «رئيس»)
    prefix: int = 0  # letters of that proclitic
    elided: bool = False  # «للرئيس»: the article's alef is elided after the preposition
    relative: bool = False  # «نظيره»: says who the person is only relative to someone else


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
    if title is None or not all(_in_title_phrase(tokens, j, lexicon, owners) for j in range(title.last + 1, end + 1)):
        return None  # «وزير الدفاع الأميركي يبحث مع مسعود بارزاني»: a verb between title and name
    return _role(tokens, title, end, lexicon, owners)


def _in_title_phrase(tokens: Tokens, j: int, lexicon: EntityLexicon, owners: dict[int, Candidate]) -> bool:
    """Return True for a word that may stand between a title and the name: the office or body
    («المتحدث باسم الجيش الإسرائيلي»), a nisba, a modifier, a place or organisation."""
    word = tokens.words[j]
    if word in lexicon.not_names and word not in TITLE_LINKS:
        return False
    return word[:1] == "ل" or word.startswith("ال") or word in TITLE_LINKS or word in lexicon.modifiers \
        or j in owners or lexicon.nisba_of(word) is not None or word in lexicon.titles.by_first \
        or word in lexicon.heads or word in lexicon.given  # «… الفلبيني آلان بيتر كايتانو»


def _role(tokens: Tokens, title: Match, last: int, lexicon: EntityLexicon, owners: dict[int, Candidate]) -> Role:
    head = next(stem for prefix, stem in tokens.readings[title.first] if prefix == title.prefix)
    country = phrase_country(tokens, title.first, last, lexicon, owners)
    sector = "IGO" if country in ("UNO", "IGO") else title.entry.sector  # «مدير الوكالة الدولية للطاقة الذرية»
    return Role(title.first, last, sector, country, head=head, prefix=title.prefix, elided=title.elided,
                relative=title.entry.canonical == RELATIVE_TITLE)


def role_after(tokens: Tokens, name: Candidate, lexicon: EntityLexicon,
               owners: dict[int, Candidate]) -> Role | None:
    """Return a title phrase in apposition after a name («لافروف، وزير خارجية روسيا»), or None."""
    i = name.last + 1
    if i < len(tokens.words) and tokens.words[i] in ("،", ","):
        i += 1
    if i >= len(tokens.words):
        return None
    match = lexicon.titles.match_at(tokens.words, i, clitics=False)
    if match is None or match.entry.canonical == RELATIVE_TITLE:
        return None
    last = extend_title(tokens, match, lexicon)
    following = owners.get(last + 1)
    if following is not None and following.type == "PER":
        return None  # «التقى لافروف نظيره الأمريكي مايك بومبيو»: the title is the next person's
    return _role(tokens, match, last, lexicon, owners)


def extend_title(tokens: Tokens, match: Match, lexicon: EntityLexicon) -> int:
    """Return the end of a title in apposition: through the words of its office up to a nisba
    («وزيرة العمل الفرنسية»), else the title alone."""
    last = match.last
    for j in range(match.last + 1, min(len(tokens.words), match.last + 5)):
        word = tokens.words[j]
        if not word.startswith("ال") and word not in lexicon.modifiers:
            break
        if lexicon.nisba_of(word) or word in lexicon.modifiers:
            last = j
    return last


def _other_name(owners: dict[int, Candidate], j: int, name: Candidate) -> bool:
    other = owners.get(j)
    return other is not None and other is not name and other.type == "PER"


def phrase_country(tokens: Tokens, first: int, last: int, lexicon: EntityLexicon,
                   owners: dict[int, Candidate]) -> str | None:
    """Return the country a phrase names: a nisba, or a place or organisation inside it."""
    for j in range(first, last + 1):
        word = tokens.words[j]
        nisba = lexicon.nisba_at(tokens.words, j) if word[:2] in ("ال", "لل") or len(word) > 3 else None
        if nisba:
            return nisba[1]
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


def country_votes(candidates: list[Candidate], tokens: Tokens, lexicon: EntityLexicon) -> Counter:
    """Return votes for the countries the article is about: places named (but not a place whose
    name several countries share) and nisba adjectives used."""
    votes: Counter = Counter()
    for c in candidates:
        entry = c.entry
        if c.type == "LOC" and entry is not None and entry.country and entry.kind != "region" \
                and entry.key not in lexicon.shared_places:
            votes[entry.country] += 1
    for _i, code in nisba_tokens(tokens, lexicon):
        votes[code] += 1
    return votes


def place_country(c: Cluster, lexicon: EntityLexicon, votes: Counter) -> str | None:
    """Return the country of a place whose name several countries share («طرابلس»): the one the
    article is most about, else the table's first; None for a place not in that case."""
    entry = next((m.entry for m in c.candidates if m.entry is not None), None)
    options = lexicon.shared_places.get(entry.key) if entry is not None else None
    if not options:
        return None
    return max(options, key=lambda code: votes[code])


def describe(c: Cluster, tokens: Tokens, lexicon: EntityLexicon, owners: dict[int, Candidate],
             roles: list[Role]) -> tuple[str | None, str | None, str | None]:
    """Return (country, sector, role) of an entity from its mentions' context (None: unknown)."""
    if c.type == "PER":
        return _person(roles, tokens)
    entries = [m for m in c.candidates if m.entry is not None and m.source in ("lex", "lexname", "inst")]
    if entries:
        first = entries[0]
        return first.country or first.entry.country, first.entry.sector, None
    if c.type == "ORG":
        head = lexicon.heads.get(c.words[0]) if c.words else None
        qualified = next((m.country for m in c.candidates if m.country), None)  # «صحيفة "صن" البريطانية»
        return qualified or name_country(c.words, lexicon), head, None
    return None, None, None


def person_roles(c: Cluster, tokens: Tokens, lexicon: EntityLexicon, owners: dict[int, Candidate]) -> list[Role]:
    """Return the title phrases next to a person's mentions, in text order."""
    roles = []
    for mention in c.candidates:
        role = role_before(tokens, mention, lexicon, owners) or role_after(tokens, mention, lexicon, owners)
        if role is not None:
            roles.append(role)
    return roles


def _person(roles: list[Role], tokens: Tokens) -> tuple[str | None, str | None, str | None]:
    if not roles:
        return None, None, None
    with_country = [r for r in roles if r.country]
    best = with_country[0] if with_country else roles[0]
    start = tokens.spans[best.first][0] + raw_offset(tokens.raw(best.first), best.prefix)
    text = tokens.text[start:tokens.spans[best.last][1]]
    return best.country, best.sector, ("ا" + text) if best.elided else text


def title_phrases(roles: list[Role], tokens: Tokens, lexicon: EntityLexicon) -> set[tuple[str, ...]]:
    """Return a person's title phrases up to their nisba («وزير الخارجية الروسي»), folded: the
    phrases that, used bare later in the article, refer to that person."""
    phrases = set()
    for role in (r for r in roles if not r.relative):
        words = [role.head] + tokens.words[role.first + 1:role.last + 1]
        for k, word in enumerate(words):
            if k and word.startswith("ال") and lexicon.nisba_of(word):
                phrases.add(tuple(words[:k + 1]))
                break
    return phrases


def sentence_votes(sentences, tokens: Tokens, clusters: list[Cluster], actors: list[dict],
                   lexicon: EntityLexicon) -> list[Counter]:
    """Return, per sentence, votes for the countries it is about: a known actor counts 2, a place
    or a nisba adjective 1."""
    starts = [start for start, _end in sentences]
    votes: list = [NO_VOTES] * len(starts)  # a sentence's Counter is made at its first vote

    def vote(offset: int, code: str, weight: int) -> None:
        index = _sentence_of(starts, offset)
        if votes[index] is NO_VOTES:
            votes[index] = Counter()
        votes[index][code] += weight
    for i, code in nisba_tokens(tokens, lexicon) if starts else ():
        vote(tokens.spans[i][0], code, 1)
    for cl, actor in zip(clusters, actors):
        code = actor["country"]
        if code is None or code in NOT_STATES or not starts:
            continue
        weight = 1 if cl.type == "LOC" else 2
        for mention in cl.candidates:
            vote(mention.start, code, weight)
    return votes


def local_country(c: Cluster, votes: list[Counter], starts: list[int], fallback: str | None) -> str | None:
    """Return the country the sentences (starting at `starts`) of an entity's mentions are most
    about, or None."""
    if not votes:
        return None
    seen, total = set(), Counter()
    for mention in c.candidates:
        index = _sentence_of(starts, mention.start)
        if index not in seen:
            seen.add(index)
            total.update(votes[index])
    if not total:
        return None
    best = max(total.values())
    leaders = [code for code, count in total.items() if count == best]
    return fallback if fallback in leaders else leaders[0]


def _sentence_of(starts: list[int], offset: int) -> int:
    return max(0, bisect_right(starts, offset) - 1)


def nisba_tokens(tokens: Tokens, lexicon: EntityLexicon) -> list[tuple[int, str]]:
    """Return (token, ISO3) of every definite nisba adjective of the article, in text order
    (looked up once per distinct word, kept on `tokens` for the article's other votes)."""
    if tokens.nisbas is None:
        found = []
        for word in tokens.stems.keys() & lexicon.nisba.keys():  # every word is a stem of its own
            if word.startswith("ال") and word in tokens.counts:
                code = lexicon.nisba[word]
                found += [(i, code) for i in tokens.stems[word] if tokens.words[i] == word]
        tokens.nisbas = sorted(found)
    return tokens.nisbas
