"""Entities: one per real-world entity, with every mention, country, sector and role.

Mentions come from the CRF tagger (`rasid.ner`) unioned with the lexicons (countries, cities,
regions, IGOs, armed groups, qualified institutions) and three name patterns the tagger misses
(«الحزب الليبرالي», «المرصد السوري لحقوق الإنسان», a quoted name after a head word: «صحيفة "ديلي
ميل"»); where they overlap the lexicon wins, except that a longer tagged organisation keeps the body
named inside it, and a quoted name beats both. Spans leave proclitics out;
names restore an elided article. `coref` groups mentions (surnames, first names, spellings one
letter apart, hashtags, title phrases) and finds their repetitions; `entities_actor` gives each
actor its country, sector and role from its title in context, the KB (by the article's date),
the romanizer's name table, and as weak fallbacks its sentences' and the article's countries.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import Any

from . import coref
from .entities_actor import (country_votes, describe, local_country, person_roles, place_country,
                             sentence_votes, title_phrases)
from .entities_lexicon import EntityLexicon, Romanizer, word_readings
from .entities_mentions import lexicon_candidates, ner_candidates
from .entities_roles import add_office_mentions, offices_of
from .entities_names import for_spokesperson, headed_candidates, quoted_candidates
from .entities_tokens import Candidate, Tokens, make_candidate
from .model import Article, Entity, Mention
from .normalize import fold_phrase

VERSION = "entities-15"
KB_ACTIVE = 10.0
KB_MEMO_SIZE = 8_192  # KB answers (name, type, date) a process keeps; each holds a candidate and its roles
ENTITY_TYPES = ("PER", "ORG", "LOC")
TANWEEN = re.compile("[\u064b-\u064d]")  # «ً ٌ ٍ»: an indefinite word, no name
# An organisation, agency or court of no known country named «… الدولية» is intergovernmental, not
# the article's country («المنظمة الدولية للهجرة»); an international institute need not be.
INTERNATIONAL = {"الدوليه", "الدولي", "العالميه", "العالمي"}  # folded
INTERNATIONAL_HEADS = {"منظمه", "المنظمه", "وكاله", "الوكاله", "محكمه", "المحكمه", "الهييه"}  # folded  # regions («الشرق الأوسط») only vote for countries


@dataclass
class EntityModels:
    """What the stage loads once per process."""
    lexicon: EntityLexicon
    tagger: Any = None
    kb: Any = None
    romanizer: Romanizer | None = None
    kb_answers: dict = field(default_factory=dict)  # (name, type, date) → KB match: the KB is fixed once loaded


def load() -> EntityModels:
    """Return the lexicons, tagger, KB and romanizer, loaded once per process."""
    return EntityModels(EntityLexicon.load(), _load_tagger(), _load_kb(), Romanizer())


def _load_tagger() -> Any:
    """Return the shipped NER tagger, or None when it is not installed yet (lexicons only)."""
    from .errors import RasidError
    try:
        from .ner import Tagger
        return Tagger.load()
    except (ImportError, RasidError):
        return None


def _load_kb() -> Any:
    from .errors import RasidError
    try:
        from .kb import KB
        return KB.load()
    except (ImportError, RasidError, OSError, AttributeError):
        return None


def version(models: EntityModels) -> str:
    """Return the stage's version: code, lexicon tables, NER model and KB size."""
    tagger = getattr(models.tagger, "version", "no-ner")
    kb = f"kb{len(getattr(models.kb, 'records', ()))}"
    return f"{VERSION}+{models.lexicon.fingerprint}+{tagger}+{kb}"


def annotate(article: Article, models: EntityModels) -> Article:
    """Return the article with its entities (E1, E2 … in order of first mention)."""
    lexicon = models.lexicon
    tokens = Tokens.of(article.text, list(article.tokens), lexicon.given)
    candidates = resolve(lexicon_candidates(tokens, lexicon) + quoted_candidates(tokens, lexicon)
                         + _tagged(article, tokens, models),
                         headed_candidates(tokens, lexicon), tokens, lexicon)
    candidates = _in_their_country(_without_tanween(candidates, tokens), tokens, lexicon)
    clusters = coref.cluster(candidates, tokens, lexicon)
    for cl in clusters:
        _named_person(cl, models, article.published)
    coref.more_mentions(clusters, tokens, lexicon)
    owners = {i: c for cl in clusters for c in cl.candidates for i in range(c.first, c.last + 1)}
    clusters = [cl for cl in clusters if cl.type in ENTITY_TYPES and not all(c.titular for c in cl.candidates)]
    roles = {id(cl): person_roles(cl, tokens, lexicon, owners) for cl in clusters if cl.type == "PER"}
    coref.add_title_mentions({key: title_phrases(found, tokens, lexicon) for key, found in roles.items()},
                             clusters, tokens)
    _office_mentions(clusters, roles, tokens, owners, models, article.published)
    actors = [_actor(cl, tokens, lexicon, owners, roles.get(id(cl), []), models, article.published)
              for cl in clusters]
    _fill_countries(clusters, actors, article, tokens, candidates, lexicon)
    return replace(article, entities=tuple(
        Entity(id=f"E{number}", name=actor["name"], type=cl.type,
               mentions=tuple(Mention(c.start, c.end, article.text[c.start:c.end]) for c in cl.candidates),
               country=actor["country"], sector=actor["sector"], role=actor["role"],
               kb_id=actor["kb_id"], name_latin=actor["name_latin"])
        for number, (cl, actor) in enumerate(zip(clusters, actors), 1)))


def _named_person(cl: coref.Cluster, models: EntityModels, published: str | None) -> None:
    """Make a tagged cluster a person when one of its mentions is a person's full name, however
    the tagger typed the bare surname elsewhere («إدارة أوباما» made «أوباما» an organisation ten
    times): a full name that opens with a given name that is none of the news' commonest words
    («أعلى», «مالك»), or that the KB knows as a person's."""
    if cl.type == "PER" or any(m.source != "ner" for m in cl.candidates):
        return
    full = next((m for m in cl.candidates if m.type == "PER" and m.size > 1 and m.key), None)
    if full is None:
        return
    first = full.key[0]
    given = first in models.lexicon.given and first not in getattr(models.tagger, "common", ())
    if given or _kb_answer(models, full.name, "PER", published) is not None:
        for m in cl.candidates:
            m.type = "PER"


def _office_mentions(clusters: list[coref.Cluster], roles: dict[int, list], tokens: Tokens, owners: dict,
                     models: EntityModels, published: str | None) -> None:
    """Add bare title phrases as mentions of the one person who holds that office in the article
    or, on its date, in the KB (`entities_roles`)."""
    offices = {id(cl): offices_of(roles[id(cl)], _kb_answer(models, canonical_name(cl), "PER", published),
                                  published, tokens, models.lexicon, owners)
               for cl in clusters if cl.type == "PER"}
    add_office_mentions(offices, clusters, tokens, models.lexicon, owners, [r for found in roles.values() for r in found])


def _actor(cl: coref.Cluster, tokens: Tokens, lexicon: EntityLexicon, owners: dict, roles: list,
           models: EntityModels, published: str | None) -> dict:
    """Return name, country, sector, role and KB link of one entity (country None: not known yet)."""
    name, kind = canonical_name(cl), cl.type
    country, sector, role = describe(cl, tokens, lexicon, owners, roles)
    known = _kb_answer(models, name, kind, published)
    if known is not None and not (kind == "ORG" and country):
        stateless = _stateless(cl)  # «داعش»: no country by convention, whatever a mined KB record says
        country, sector = country or (None if stateless else known.country), sector or known.sector
    latin = known.name_latin if known else None
    if kind == "PER" and models.romanizer is not None:
        latin = latin or models.romanizer.latin(name)
        country = country or models.romanizer.country(name)
    return {"name": name, "country": country, "sector": sector, "role": role,
            "kb_id": known.kb_id if known else None, "name_latin": latin}


def _fill_countries(clusters: list, actors: list[dict], article: Article, tokens: Tokens,
                    candidates: list[Candidate], lexicon: EntityLexicon) -> None:
    """Give each person or organisation still without a country the one its sentences are most
    about, else the article's (a weak guess; transnational groups stay without; an international
    body named so takes IGO)."""
    article_votes = country_votes(candidates, tokens, lexicon)
    fallback = article_votes.most_common(1)[0][0] if article_votes else None
    for cl, actor in zip(clusters, actors):
        if cl.type == "LOC":
            actor["country"] = place_country(cl, lexicon, article_votes) or actor["country"]
    votes = sentence_votes(article.sentences, tokens, clusters, actors, lexicon)
    starts = [start for start, _end in article.sentences]
    places = {c.first: actor["country"] for cl, actor in zip(clusters, actors) if cl.type == "LOC" for c in cl.candidates}
    for cl, actor in zip(clusters, actors):
        if cl.type == "LOC" or actor["country"] is not None or _stateless(cl):
            continue
        local = local_country(cl, votes, starts, fallback) if cl.type == "PER" else \
            _seated(cl, tokens, lexicon, places) or _city_named(cl, lexicon)
        international = cl.type == "ORG" and cl.words[0] in INTERNATIONAL_HEADS and not INTERNATIONAL.isdisjoint(cl.words)
        actor["country"] = "IGO" if international else local or fallback


def _city_named(cl: coref.Cluster, lexicon: EntityLexicon) -> str | None:
    """Return the country of the city an organisation with no country of its own is named after
    («أتلتيكو مدريد», «مانشستر يونايتد», «جامعة القاهرة»), or None; not a city several countries
    share a name with («طرابلس»)."""
    words = list(cl.words)
    for i in range(len(words)):
        place = lexicon.places.match_at(words, i, clitics=False)
        if place is not None and place.entry.kind in ("city", "capital"):
            key = place.entry.key
            return None if key in lexicon.shared_places or key in lexicon.minor_places else place.entry.country
    return None


def _seated(cl: coref.Cluster, tokens: Tokens, lexicon: EntityLexicon, places: dict[int, str | None]) -> str | None:
    """Return the country of the place a body is named «in» right after its name («المجلس الأعلى
    للإعلام في مصر»), or None. Only a body named by a head word (council, authority, university):
    «فولكسفاغن في الولايات المتحدة» is a company's branch, «المتمردين الأكراد في العراق» where
    rebels hide."""
    if len(cl.words) < 2 or not any(stem in lexicon.heads for _p, stem in word_readings(cl.words[0])):
        return None
    for c in cl.candidates:
        if c.last + 2 < len(tokens.words) and tokens.words[c.last + 1] == "في" and places.get(c.last + 2):
            return places[c.last + 2]
    return None


def _kb_answer(models: EntityModels, name: str, kind: str, published: str | None) -> Any:
    """Return `kb_match` for an entity, asking the KB once per name, type and date in a process."""
    key = (name, kind, published)
    if key not in models.kb_answers:
        if len(models.kb_answers) >= KB_MEMO_SIZE:
            models.kb_answers.clear()
        models.kb_answers[key] = kb_match(models.kb, name, kind, published, models.lexicon.given)
    return models.kb_answers[key]


def kb_match(kb: Any, name: str, kind: str, published: str | None, given: set[str] = frozenset()) -> Any:
    """Return the KB candidate for an entity: its name exactly (or an alias), or the end of a
    KB name («جاويش أوغلو») whose holder has a role on the article's date, is the only one, or
    shares a country with every other holder;
    None otherwise (and for places). «ماري إليس» is not another «… إليس»."""
    if kb is None or kind == "LOC" or (" " not in name.strip() and fold_phrase(name) in given):
        return None  # «خالد» alone could be anyone
    try:
        found = kb.lookup(name, on=published)
    except Exception:  # a bad date must not lose the article
        found = kb.lookup(name)
    if not found:
        return None
    best, key = found[0], fold_phrase(name)
    if best.kb_id in getattr(kb, "full", {}).get(key, ()) or fold_phrase(best.name) == key:
        return best
    words, known = key.split(), fold_phrase(best.name).split()
    surname = known[-len(words):] == words and len(words) < len(known)
    # Holders of one surname who all share a country (a family, or one person recorded twice)
    # still tell the actor's country when the date cannot pick among them.
    agreed = len({c.country for c in found}) == 1
    return best if surname and (best.score >= KB_ACTIVE or len(found) == 1 or agreed) else None


def _without_tanween(candidates: list[Candidate], tokens: Tokens) -> list[Candidate]:
    """Return the candidates without the edge words that carry tanween, and without those that
    are nothing else: an indefinite accusative or adverb («دعما روسياً», «دوماً», «محمد صلاح
    مغرداً») is never a name, though it folds to one."""
    kept = []
    for c in candidates:
        first, last = c.first, c.last
        while first <= last and TANWEEN.search(tokens.raws[first]):
            first += 1
        while last >= first and TANWEEN.search(tokens.raws[last]):
            last -= 1
        if first > last:
            continue
        if (first, last) != (c.first, c.last):
            trimmed = make_candidate(tokens, first, last, 0, False, c.type, c.source, c.entry)
            trimmed.country, trimmed.titular = c.country, c.titular
            c = trimmed
        kept.append(c)
    return kept


def _in_their_country(candidates: list[Candidate], tokens: Tokens, lexicon: EntityLexicon) -> list[Candidate]:
    """Return the candidates without a country-bound name («حكومة الوفاق الوطني») in an article
    that never names that name's country."""
    votes = country_votes(candidates, tokens, lexicon)
    return [c for c in candidates if c.entry is None or c.entry.key not in lexicon.country_bound
            or votes[c.entry.country] > 0]


def _stateless(cl: coref.Cluster) -> bool:
    """Return True for a lexicon actor with no country by convention (داعش, القاعدة)."""
    return any(c.source == "lex" and c.entry is not None and c.entry.kind == "group" and not c.entry.country
               for c in cl.candidates)


def _tagged(article: Article, tokens: Tokens, models: EntityModels) -> list[Candidate]:
    """Return NER candidates, each sentence tagged as its own document (all in one batch when the
    tagger has `tag_sentences`)."""
    if models.tagger is None:
        return []
    spans = tokens.spans
    tags = ["O"] * len(spans)
    ranges, i = [], 0
    for start, end in article.sentences:
        i = bisect_left(spans, start, i, key=itemgetter(0))  # the first token from the sentence's start
        j = bisect_right(spans, end, i, key=itemgetter(1))  # the first past its end
        if j > i:
            ranges.append((i, j))
        i = j
    joiners = {k for k, raw in enumerate(tokens.raws) if raw == "_" and _joiner(tokens, k)}
    kept = [[k for k in range(i, j) if k not in joiners] for i, j in ranges]
    for words, found in zip(kept, _tag_sentences(models.tagger, [[tokens.raws[k] for k in ks] for ks in kept])):
        for k, tag in zip(words, found):
            tags[k] = tag
    for k in sorted(joiners):
        if tags[k + 1].startswith("I-"):
            tags[k] = tags[k + 1]  # «كريستين_لاغارد»: one name across the hashtag's «_»
    return ner_candidates(tokens, tags, models.lexicon, getattr(models.tagger, "ranks", None))


def _joiner(tokens: Tokens, k: int) -> bool:
    """Return whether the «_» token `k` joins two words with no space, as in a hashtag
    («#بشار_الأسد»): the tagger reads the words as if spaced, the way it learned them."""
    spans = tokens.spans
    return 0 < k < len(spans) - 1 and spans[k - 1][1] == spans[k][0] and spans[k][1] == spans[k + 1][0]


def _tag_sentences(tagger: Any, sentences: list[list[str]]) -> list[list[str]]:
    """Return the tagger's tags of each sentence tagged alone, in one batch when it can."""
    if not sentences:
        return []
    batch = getattr(tagger, "tag_sentences", None)
    return batch(sentences) if batch is not None else [tagger.tag(words) for words in sentences]


def resolve(candidates: list[Candidate], headed: list[Candidate], tokens: Tokens,
            lexicon: EntityLexicon) -> list[Candidate]:
    """Return non-overlapping candidates: lexicon matches beat NER spans, except a longer NER
    organisation that contains them («مكتب الأمم المتحدة لتنسيق الشؤون الإنسانية»); a quoted name
    after a head word beats both («صحيفة "نيويورك تايمز"»); a headed organisation name fills a gap
    that none covers."""
    tagged = [c for c in candidates if c.source == "ner"]
    tagged_tokens = {(c.type, i) for c in tagged for i in range(c.first, c.last + 1)}
    quoted = {i for c in candidates if c.source == "quoted" for i in range(c.first, c.last + 1)}
    lexical = [c for c in candidates if c.source != "ner" and _confirmed(c, tagged_tokens, lexicon)
               and (c.source == "quoted" or quoted.isdisjoint(range(c.first, c.last + 1)))]
    taken: dict[int, Candidate] = {i: c for c in lexical for i in range(c.first, c.last + 1)}
    kept = set(map(id, lexical))
    chosen = []
    for c in tagged:
        inside = {id(taken[i]): taken[i] for i in range(c.first, c.last + 1) if i in taken}
        if not inside:
            chosen.append(c)
        elif c.type == "ORG" and all(_named_inside(c, o, tokens) for o in inside.values()):
            kept -= set(inside)
            chosen.append(c)
    chosen += [c for c in lexical if id(c) in kept]
    covered = {i for c in chosen for i in range(c.first, c.last + 1)}
    chosen += [c for c in headed if not covered.intersection(range(c.first, c.last + 1))]
    people = {c.first for c in chosen if c.type == "PER"}
    named = {c.key for c in chosen if _named_spokesperson(c, people, tokens)}
    for c in chosen:
        c.titular = c.key in named and for_spokesperson(tokens.words, c.first)
    return sorted(chosen, key=lambda c: c.start)


def _named_spokesperson(c: Candidate, people: set[int], tokens: Tokens) -> bool:
    """Return True for the body in «المتحدث باسم الرئاسة الروسية، ديميتري بيسكوف»: a named
    spokesperson follows, so there (and wherever the article repeats that title) the body is part
    of the person's title, not an actor."""
    if c.type == "PER" or not for_spokesperson(tokens.words, c.first):
        return False
    after = c.last + 1
    if after < len(tokens.words) and tokens.words[after] in ("،", ","):
        after += 1
    return after in people


def _confirmed(c: Candidate, tagged_tokens: set[tuple[str, int]], lexicon: EntityLexicon) -> bool:
    """Return False for an ambiguous lexicon name («القاعدة») that the tagger does not tag alike
    (`tagged_tokens`: (type, token) of every tagged span)."""
    if c.entry is None or c.entry.key not in lexicon.ambiguous:
        return True
    return any((c.type, i) in tagged_tokens for i in range(c.first, c.last + 1))


def _named_inside(org: Candidate, inner: Candidate, tokens: Tokens) -> bool:
    """Return True when a lexicon name sits inside a longer organisation name: after its head
    («مكتب الأمم المتحدة …») or followed by a genitive («منظمة الأمم المتحدة للطفولة»), not
    by a mere adjective («تنظيم داعش الإرهابي»)."""
    if not (org.first <= inner.first and inner.last <= org.last and inner.size < org.size):
        return False
    return inner.first > org.first or tokens.words[inner.last + 1].startswith("لل")


def canonical_name(cl: coref.Cluster) -> str:
    """Return the entity's name: the fullest form (most words, then most frequent)."""
    if len(cl.candidates) == 1 and cl.candidates[0].source != "title":
        return cl.candidates[0].name
    counts = Counter(c.name for c in cl.candidates if c.source != "title")
    size = {c.name: len(c.key) for c in cl.candidates}
    return max(counts, key=lambda name: (size[name], counts[name], -len(name)))
