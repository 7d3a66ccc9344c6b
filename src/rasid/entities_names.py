"""Names the tagger cuts short or misses, and the titles around them.

Organisations named by a head word and a genitive («الحزب الليبرالي», «المرصد السوري لحقوق
الإنسان»), the nisba or country that qualifies a body («وزارة الخارجية الكويتية»), and where a
person's title ends and a name begins («وزير الخارجية» holds a portfolio; «المتحدث باسم الجيش»
speaks for a body).
"""
from __future__ import annotations

from .entities_lexicon import EntityLexicon, Match, word_readings
from .entities_tokens import Candidate, Tokens, make_candidate

MINISTER_WORDS = {"وزير", "وزيره", "وزيرا", "وزيري", "وزراء", "الوزير", "الوزيره"}  # folded
OPENING_QUOTES = {'"', "«", "“", "'"}
CLOSING_QUOTES = {'"', "»", "”", "'"}
QUOTED_NAME_WORDS = 5  # the most words a quoted name may have
GENITIVE_HEADS = {"منظمه", "مكتب", "مفوضيه", "صندوق", "برنامج", "وكاله", "هيئه", "لجنه"}  # folded


def headed_candidates(tokens: Tokens, lexicon: EntityLexicon) -> list[Candidate]:
    """Return organisations named by a head word and what follows it («الحزب الليبرالي»,
    «مجلس النقباء», «تحالف سائرون», «حكومة الإنقاذ الوطني الليبية»), which taggers often miss."""
    found, heads = [], lexicon.opening_heads
    for i in tokens.having(heads):
        readings = tokens.readings[i]
        head = _first_head(readings, heads)
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


def _first_head(readings, heads: set[str]) -> tuple[int, str] | None:
    """Return the first (proclitic letters, stem) reading that is a head word, or None."""
    for prefix, stem in readings:
        if stem in heads:
            return prefix, stem
    return None


def quoted_candidates(tokens: Tokens, lexicon: EntityLexicon) -> list[Candidate]:
    """Return organisations named in quotation marks right after a head word («صحيفة "ديلي ميل"»,
    «جامعة "نانيانغ التكنولوجية"»): the quoted words are the name, whatever the tagger made of them."""
    found, size = [], len(tokens.words)
    for i in [j - 1 for j, word in enumerate(tokens.words) if word in OPENING_QUOTES and 0 < j < size - 1]:
        if not any(stem in lexicon.heads for _p, stem in tokens.readings[i]):
            continue
        close = next((j for j in range(i + 2, min(len(tokens.words), i + 3 + QUOTED_NAME_WORDS))
                      if tokens.words[j] in CLOSING_QUOTES), None)
        if close is not None and _quoted_name(tokens, i, close, lexicon):
            found.append(make_candidate(tokens, i + 2, close - 1, 0, False, "ORG", "quoted"))
            nisba = lexicon.nisba_at(tokens.words, close + 1) if close + 1 < len(tokens.words) else None
            found[-1].country = nisba[1] if nisba else None  # «صحيفة "صن" البريطانية»
    return found


def _quoted_name(tokens: Tokens, head: int, close: int, lexicon: EntityLexicon) -> bool:
    """Return True when the words between the quotation marks after `head` name a body: the marks
    hug the words (a closing mark after the head ends a quotation instead), no punctuation inside,
    not a lone definite noun («"الطائرة"»), not a name the lexicons know (they name it already)."""
    spans, words = tokens.spans, tokens.words
    if close == head + 2 or spans[head][1] == spans[head + 1][0] or spans[head + 1][1] != spans[head + 2][0] \
            or spans[close - 1][1] != spans[close][0]:
        return False
    if not all(words[j][:1].isalnum() for j in range(head + 2, close)):
        return False
    if close == head + 3 and words[head + 2].startswith("ال"):
        return False
    known = lexicon.names.match_at(words, head + 2, readings=tokens.readings[head + 2])
    return known is None or known.last != close - 1


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
    return any(stem in MINISTER_WORDS for _prefix, stem in word_readings(word))


def for_spokesperson(words: list[str], i: int) -> bool:
    """Return True when token `i` names the body a spokesperson speaks for («المتحدث باسم الجيش»)."""
    return i > 0 and words[i - 1] == "باسم"


def known_name_genitive_end(words: list[str], match: Match, lexicon: EntityLexicon) -> int:
    """Return the last token of an organisation's name that goes on past a known name with a
    genitive («منظمة الأمم المتحدة للطفولة»); only a name that opens with a head word goes on."""
    if match.first == match.last or words[match.first][match.prefix:] not in GENITIVE_HEADS:
        return match.last
    return genitive_end(words, match.last, lexicon)


def head_before(tokens: Tokens, match: Match, lexicon: EntityLexicon) -> tuple[int, int] | None:
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
