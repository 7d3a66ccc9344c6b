"""Candidate entity mentions: NER spans unioned with lexicon matches, with clean boundaries.

A candidate covers tokens `first..last`; its character span leaves out a leading proclitic
(و ب ل ف ك), and its `name` restores an article elided after ل («للجيش» → «الجيش»).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .entities_lexicon import EntityLexicon, Entry, Match
from .normalize import DIACRITICS, PROCLITICS, clitic_variants, fold

NER_TYPES = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC"}
DIRECTIONS = {"شمال", "جنوب", "شرق", "غرب", "وسط", "شمالي", "جنوبي", "شرقي", "غربي"}
MINISTER_WORDS = {"وزير", "وزيره", "وزيرا", "وزيري", "وزراء", "الوزير", "الوزيره"}  # folded
GENITIVE_HEADS = {"منظمه", "مكتب", "مفوضيه", "صندوق", "برنامج", "وكاله", "هيئه", "لجنه"}  # folded


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

    @classmethod
    def of(cls, text: str, spans: list[tuple[int, int]], given: set[str] | None = None) -> "Tokens":
        raws = [text[s:e] for s, e in spans]
        folded = {raw: fold(raw) for raw in set(raws)}
        words = [folded[raw] for raw in raws]
        variants = {word: clitic_variants(word) for word in folded.values()}
        return cls(text, spans, words, Counter(words), [variants[word] for word in words], given or set())

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
    head = ("ا" if elided else "") + tokens.words[first][prefix:]
    key = tuple(w for w in [head] + tokens.words[first + 1:last + 1] if w[:1].isalnum())
    return Candidate(first, last, start, end, kind, source, " ".join(name.split()), key, entry)


def lexicon_candidates(tokens: Tokens, lexicon: EntityLexicon) -> list[Candidate]:
    """Return places, organisations and qualified institutions found by the lexicons."""
    found, i = [], 0
    while i < len(tokens.words):
        match = lexicon.names.match_at(tokens.words, i, readings=tokens.readings[i])
        if match is None:
            i += 1
            continue
        candidate = _from_match(tokens, match, lexicon)
        if candidate is not None:
            found.append(candidate)
        i = (candidate.last if candidate else match.last) + 1
    return found


def _from_match(tokens: Tokens, match: Match, lexicon: EntityLexicon) -> Candidate | None:
    entry = match.entry
    if entry.kind == "region" and entry.type == "LOC" and not match.prefix:
        first, prefix = match.first, 0
        while first > 0 and first > match.first - 2:
            direction = next((p for p, stem in tokens.readings[first - 1] if stem in DIRECTIONS), None)
            if direction is None:
                break
            first, prefix = first - 1, direction  # «وشمال أفريقيا», «شمال شرقي آسيا» are regions of their own
        if first < match.first:
            return make_candidate(tokens, first, match.last, prefix, False, "LOC", "lexname", entry)
    if entry.kind not in ("institution", "standalone", "generic"):
        head = _head_before(tokens, match, lexicon) if entry.type == "ORG" else None
        last = genitive_end(tokens.words, match.last, lexicon) if head else (
            _genitive_end(tokens.words, match, lexicon) if entry.type == "ORG" else match.last)
        if head and last > match.last:
            return make_candidate(tokens, head[0], last, head[1], False, "ORG", "lexname", entry)
        return make_candidate(tokens, match.first, last, match.prefix, match.elided,
                              entry.type, "lex" if last == match.last else "lexname", entry)
    if entry.kind == "generic" or in_title(tokens.words, match.first, lexicon):
        return None
    last, country = qualifier(tokens.words, match.last + 1, lexicon)
    if country is None and entry.kind != "standalone":
        return None
    candidate = make_candidate(tokens, match.first, max(last, match.last), match.prefix,
                               match.elided, "ORG", "inst", entry)
    candidate.country = country
    if tuple(tokens.words[match.first:candidate.last + 1]) in lexicon.generic:
        return None
    return candidate


def headed_candidates(tokens: Tokens, lexicon: EntityLexicon) -> list[Candidate]:
    """Return organisations named by a head word and what follows it («الحزب الليبرالي»,
    «مجلس النقباء», «تحالف سائرون», «حكومة الإنقاذ الوطني الليبية»), which taggers often miss."""
    found = []
    for i, readings in enumerate(tokens.readings):
        head = next(((prefix, stem) for prefix, stem in readings if stem in lexicon.opening_heads), None)
        if head is None or in_title(tokens.words, i, lexicon):
            continue
        known = lexicon.names.match_at(tokens.words, i, readings=readings)
        if known is not None and known.entry.kind != "generic":
            continue
        last = _headed_name_end(tokens.words, i, head[1].startswith("ال"), lexicon)
        if last > i:
            elided = head[1] != tokens.words[i][head[0]:]
            found.append(make_candidate(tokens, i, last, head[0], elided, "ORG", "head"))
    return found


def _headed_name_end(words: list[str], i: int, definite: bool, lexicon: EntityLexicon) -> int:
    """Return the last token of the name after head word `i` (i itself when there is none)."""
    last = i
    if not definite:  # construct state: a definite genitive follows («مجلس النقباء»)
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if not nxt.startswith("ال") or nxt in lexicon.not_names or nxt in lexicon.name_heads or \
                lexicon.nisba_of(nxt) or (nxt,) in lexicon.generic:
            return i
        last = i + 1
    while last + 1 < len(words) and last - i < 4 and _name_part(words[last + 1], lexicon):
        last += 1
    named_by = genitive_end(words, last, lexicon)
    if named_by > last and (last > i or not definite):  # «المرصد السوري لحقوق الإنسان», not «اللجنة للتأكد»
        return named_by
    if words[i] not in lexicon.name_heads or (definite and all(lexicon.nisba_of(w) for w in words[i + 1:last + 1])):
        return i  # «الحزب الروسي» describes a party; «المرصد» opens a name only with a genitive
    return last


def genitive_end(words: list[str], last: int, lexicon: EntityLexicon) -> int:
    """Return the end of a genitive that goes on with a name after token `last` («… للطفولة»,
    «… لحقوق الإنسان», «… لتنسيق الشؤون الإنسانية»), or `last` when none follows."""
    nxt = last + 1
    if nxt >= len(words) or words[nxt][:1] != "ل" or len(words[nxt]) < 4 or words[nxt] in lexicon.not_names:
        return last
    if not words[nxt].startswith("لل") and not (nxt + 1 < len(words) and _name_part(words[nxt + 1], lexicon)):
        return last
    end = nxt
    while end + 1 < len(words) and end - nxt < 2 and _name_part(words[end + 1], lexicon):
        end += 1
    return end


def _name_part(word: str, lexicon: EntityLexicon) -> bool:
    """Return True for a definite word that may continue an organisation's name."""
    return word.startswith("ال") and len(word) > 3 and word not in lexicon.not_names \
        and word not in lexicon.titles.by_first


def in_title(words: list[str], i: int, lexicon: EntityLexicon) -> bool:
    """Return True when token `i` continues a holder's title («وزير الخارجية»): the ministry is
    not named there. After «باسم» the body is named (see `for_spokesperson`)."""
    if for_spokesperson(words, i):
        return False
    if i and words[i - 1] == "لشؤون":
        return True
    for j in range(max(0, i - 3), i):
        title = lexicon.titles.match_at(words, j, readings=None)
        if title is not None and title.last >= i and _portfolio(words[j]):
            return True  # «وزير الخارجية»; but «رئيس مجلس النواب» names the chamber
    return False


def _portfolio(word: str) -> bool:
    """Return True for a minister's title word, whose portfolio («الخارجية») names no body."""
    return any(stem in MINISTER_WORDS for _prefix, stem in clitic_variants(word))


def for_spokesperson(words: list[str], i: int) -> bool:
    """Return True when token `i` names the body a spokesperson speaks for («المتحدث باسم الجيش»)."""
    return i > 0 and words[i - 1] == "باسم"


def _genitive_end(words: list[str], match: Match, lexicon: EntityLexicon) -> int:
    """Return the last token of an organisation's name that goes on past a known name with a
    genitive («منظمة الأمم المتحدة للطفولة»); only a name that opens with a head word goes on."""
    if match.first == match.last or words[match.first][match.prefix:] not in GENITIVE_HEADS:
        return match.last
    return genitive_end(words, match.last, lexicon)


def _head_before(tokens: Tokens, match: Match, lexicon: EntityLexicon) -> tuple[int, int] | None:
    """Return (token, proclitic letters) of a head word right before a known body that makes a
    new body of it («مفوضية الأمم المتحدة لحقوق الإنسان», «مكتب الأمم المتحدة لتنسيق …»)."""
    i = match.first - 1
    if i < 0 or match.prefix:
        return None
    for prefix, stem in tokens.readings[i]:
        if stem in GENITIVE_HEADS or (stem in lexicon.heads and not stem.startswith("ال")):
            return i, prefix
    return None


def qualifier(words: list[str], i: int, lexicon: EntityLexicon) -> tuple[int, str | None]:
    """Return (last token, ISO3) of nisba adjectives or a country name qualifying the phrase
    before token `i` («الهلال الأحمر العربي السوري» → SYR)."""
    last, country = i - 1, None
    while last + 1 < len(words) and words[last + 1].startswith("ال"):
        nisba = lexicon.nisba_at(words, last + 1)
        if nisba is None and words[last + 1] not in lexicon.modifiers:
            break
        last, country = nisba if nisba else (last + 1, country)
    while last >= i and words[last] in lexicon.modifiers and not lexicon.nisba_of(words[last]):
        last -= 1  # a trailing modifier belongs to what follows
    if country:
        return last, country
    if i >= len(words):
        return i - 1, None
    place = lexicon.places.match_at(words, i, clitics=False)
    if place is not None and place.entry.kind == "country":
        return place.last, place.entry.country
    return i - 1, None


def ner_candidates(tokens: Tokens, tags: list[str], lexicon: EntityLexicon) -> list[Candidate]:
    """Return NER spans as candidates, proclitics and leading titles trimmed off."""
    found = []
    for first, last, kind in _joined(tokens, bio_spans(tags)):
        if kind != "PER" and in_title(tokens.words, first, lexicon):
            continue  # «وزير الخارجية الروسي»: the ministry is part of a person's title
        if kind == "PER" and first > 0 and tokens.words[first - 1] in lexicon.person_org_heads:
            first, kind = first - 1, "ORG"  # «حركة نور الدين الزنكي» names a movement after a man
        if kind != "PER" and after_title(tokens.words, first, lexicon):
            kind = "PER"  # «رئيس مجلس النواب أوغو فيلاسكيز»: a name after a person's title
        if kind == "PER":
            first, last = _trim_person(tokens.words, first, last, lexicon)
            last = _hyphenated(tokens, last) if first <= last else last
        elif kind == "LOC" and first < last and any(stem in lexicon.place_heads for _p, stem in tokens.readings[first]):
            first += 1  # «محافظة البصرة» names «البصرة»
        elif kind == "ORG" and any(stem in lexicon.heads for _p, stem in tokens.readings[first]) \
                and not _known_name(tokens, first, last, lexicon):
            last = genitive_end(tokens.words, last, lexicon)  # «المنظمة الدولية» + «للهجرة»
        if first > last or _fragment(tokens.words, first, last, lexicon) or _generic(tokens.words, first, last, lexicon):
            continue
        prefix, elided = proclitic(tokens, first, lexicon, kind, last - first + 1)
        found.append(make_candidate(tokens, first, last, prefix, elided, kind, "ner"))
    return found


def after_title(words: list[str], i: int, lexicon: EntityLexicon) -> bool:
    """Return True when a person's title phrase ends right before token `i` (a nisba, modifier
    or comma may follow the title)."""
    j = i - 1
    while j >= 0 and (words[j] in lexicon.modifiers or words[j] in ("،", ",")
                      or words[j].startswith("ال") and lexicon.nisba_of(words[j])):
        j -= 1
    for k in range(max(0, j - 3), j + 1):
        title = lexicon.titles.match_at(words, k)
        if title is not None and title.last == j and title.entry.sector != "CVL":
            return True
    return False


def _joined(tokens: Tokens, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Return typed spans with a person's pieces joined («جان-ايف» + «لو دريان»)."""
    joined: list[list] = []
    for first, last, label in spans:
        kind = NER_TYPES.get(label)
        while last > first and not tokens.words[last][:1].isalnum():
            last -= 1  # «حزب "» : a quotation mark is no part of the name
        if kind is None:
            continue
        if joined and joined[-1][2] == "PER" and joined[-1][1] >= first:
            continue  # a span starting inside a hyphenated name («…-أون بغاز الأعصاب»)
        if joined and kind == "PER" == joined[-1][2] and (
                joined[-1][1] == first - 1 or (joined[-1][1] == first - 2 and tokens.words[first - 1] == "-")):
            joined[-1][1] = last
        else:
            joined.append([first, last, kind])
    return [piece for first, last, kind in joined
            for piece in (_split_people(tokens, first, last) if kind == "PER" else [(first, last, kind)])]


def _hyphenated(tokens: Tokens, last: int) -> int:
    """Return the last token of a name that goes on with a hyphen and no space («كيم جونغ-أون»)."""
    while last + 2 < len(tokens.words) and tokens.words[last + 1] == "-" \
            and tokens.spans[last][1] == tokens.spans[last + 1][0] \
            and tokens.spans[last + 1][1] == tokens.spans[last + 2][0] and tokens.words[last + 2][:1].isalpha():
        last += 2
    return last


def _split_people(tokens: Tokens, first: int, last: int) -> list[tuple[int, int, str]]:
    """Return a person span split where «و» joins two names («يوسف العيزري وعبدالله قابل») or a
    definite word with «و» ends the name («… والمهاجمين حسن الراهب»)."""
    pieces, start = [], first
    for k in range(first + 1, last + 1):
        word = tokens.words[k]
        if word[:1] != "و" or len(word) < 4:
            continue
        if word[1:3] == "ال":
            if k > start:
                pieces.append((start, k - 1, "PER"))
            start = k + 1
        elif word[1:] in tokens.given:
            pieces.append((start, k - 1, "PER"))
            start = k
    if start <= last:
        pieces.append((start, last, "PER"))
    return pieces


def _known_name(tokens: Tokens, first: int, last: int, lexicon: EntityLexicon) -> bool:
    """Return True when tokens first..last are exactly a name the lexicons know («الاتحاد الأوروبي»)."""
    match = lexicon.names.match_at(tokens.words, first, readings=tokens.readings[first])
    return match is not None and match.last == last


def _fragment(words: list[str], first: int, last: int, lexicon: EntityLexicon) -> bool:
    """Return True for a span that cannot be a name on its own: no letter, two letters or fewer,
    a lone head word («منظمة»), a lone definite word behind a proclitic («للمحققين»), or a lone
    nisba adjective («السورية»: it gives an actor a country but names no place)."""
    word = words[first]
    if not word[:1].isalpha():
        return True
    if first == last:
        return len(word) <= 2 or word in lexicon.heads or (word[0] in PROCLITICS and word[1:3] == "ال") \
            or word.startswith("لل") or (word.startswith("ال") and lexicon.nisba_of(word) is not None)
    return False


def _generic(words: list[str], first: int, last: int, lexicon: EntityLexicon) -> bool:
    """Return True for a span that only describes: a generic phrase, maybe with adjectives after
    it («الحكومة الإيطالية», «مجلس الإدارة التاسع»), or a ministry without a country."""
    phrase = words[first:last + 1]
    for prefix, stem in clitic_variants(phrase[0]):
        for size in range(len(phrase), 0, -1):
            if tuple([stem] + phrase[1:size]) in lexicon.generic and all(w.startswith("ال") for w in phrase[size:]):
                return True
        match = lexicon.institutions.match_at([stem] + phrase[1:], 0, clitics=False)
        if match is not None and match.last == len(phrase) - 1 and match.entry.kind != "standalone":
            return True
    return False


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
        elif words[first] in lexicon.modifiers or lexicon.nisba_of(words[first]) or words[first] in lexicon.heads:
            first += 1
        else:
            break
    while last >= first and (lexicon.nisba_of(words[last]) or words[last] in lexicon.not_names):
        last -= 1
    if last >= first and last + 1 < len(words) and words[last + 1] in lexicon.name_suffixes:
        last += 1
    return first, last


def proclitic(tokens: Tokens, i: int, lexicon: EntityLexicon, kind: str, size: int = 1) -> tuple[int, bool]:
    """Return (letters, elided) of a proclitic on token `i` that the article or lexicons confirm.

    Before the article (و+ال, ب+ال, لل) a proclitic is certain, except in a person's name
    («والستروم»), where the bare form must occur in the article or the lexicons."""
    word = tokens.words[i]
    best = (0, False)
    if word in lexicon.first_words or (kind == "PER" and tokens.counts.get(word, 0) > 1
                                       and not (size > 1 and word[:1] in "وف" and word[1:] in lexicon.given)):
        return best  # «والستروم» twice is a name; «ومحمد عيد» twice is still و + «محمد عيد»
    for prefix, stem in tokens.readings[i][1:]:
        elided = stem != word[prefix:]
        definite = stem.startswith("ال")
        given = kind == "PER" and prefix == 1 and stem in lexicon.given and word not in lexicon.given
        head = kind == "ORG" and prefix == 1 and stem in lexicon.heads
        seen_bare = kind != "PER" and prefix == 1 and tokens.counts.get(stem, 0) > 0  # «لبحر قزوين» … «بحر»
        if word[prefix - 1] not in "وف" and not definite and not given and not head and not seen_bare:
            continue  # «بيونغ», «كلاوس», «لافروف»: ب ك ل before a bare name are its own letters
        if kind == "PER" and prefix > 1 and not definite:
            continue  # «لودريان» is not ل + و + «دريان»
        known = tokens.counts.get(stem) or stem in lexicon.first_words or given or head
        if known or (definite and kind != "PER"):
            best = (prefix, elided)
    return best if best[0] and word[0] in PROCLITICS else (0, False)
