"""Candidate entity mentions: NER spans unioned with lexicon matches, with clean boundaries.

Tagged spans lose leading titles and proclitics, run-on words and stray punctuation; people
joined by «و» are split; lexicon matches take their qualifier («وزارة الخارجية الكويتية») and
skip a minister's portfolio. Spans and names are built by `entities_tokens.make_candidate`.
"""
from __future__ import annotations

from .entities_lexicon import EntityLexicon, Match, word_readings
from .entities_names import (after_title, genitive_end, head_before, in_title, known_name_genitive_end,
                             qualifier)
from .entities_tokens import Candidate, Tokens, make_candidate
from .normalize import DIACRITICS, PROCLITICS

NER_TYPES = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC"}
NAME_PREPOSITIONS = {"في", "من", "مع", "الي", "لدي"}  # folded: may stand inside an organisation's or place's name
NAME_LINKS = {"ال", "بن", "ابن", "بنت", "ابو", "عبد"}  # folded: a name goes on after them («آل» folds to «ال»)
SHORT_STEM_PROCLITICS = {"و", "ف", "ب", "ل"}  # not ك: «كلاوس» is a name
DIRECTIONS = {"شمال", "جنوب", "شرق", "غرب", "وسط", "شمالي", "جنوبي", "شرقي", "غربي"}


def lexicon_candidates(tokens: Tokens, lexicon: EntityLexicon) -> list[Candidate]:
    """Return places, organisations and qualified institutions found by the lexicons."""
    found, after = [], 0  # the first token a new match may start at
    short = _short_stem_starts(tokens, lexicon)
    for i in sorted(set(tokens.having(lexicon.names.by_first)) | short.keys()):
        match = lexicon.names.match_at(tokens.words, i, readings=short.get(i, tokens.readings[i])) if i >= after else None
        if match is None or _article_reading(tokens, match) or (i in short and match.last == i):
            continue
        candidate = _from_match(tokens, match, lexicon)
        if candidate is not None:
            found.append(candidate)
        after = (candidate.last if candidate else match.last) + 1
    return found


def _short_stem_starts(tokens: Tokens, lexicon: EntityLexicon) -> dict[int, tuple[tuple[int, str]]]:
    """Return token → its one proclitic reading, for three-letter words that are a proclitic and
    the two-letter first word of a longer name («لبي بي سي», «وسي ان ان»); `clitic_variants`
    keeps such short words whole, and only a name of several words may follow."""
    return {i: ((1, word[1:]),) for i, word in enumerate(tokens.words)
            if len(word) == 3 and word[0] in SHORT_STEM_PROCLITICS and word[1:] in lexicon.names.by_first}


def _article_reading(tokens: Tokens, match: Match) -> bool:
    """Return True when «لل» before a name is more likely ل + the article: the article uses that
    definite word elsewhere («للحج» with «الحج» in the text is not ل + «لحج»)."""
    word = tokens.words[match.first]
    return match.prefix == 1 and word.startswith("لل") and not match.elided and tokens.counts.get("ا" + word[1:], 0) > 0


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
        head = head_before(tokens, match, lexicon) if entry.type == "ORG" else None
        last = genitive_end(tokens.words, match.last, lexicon) if head else (
            known_name_genitive_end(tokens.words, match, lexicon) if entry.type == "ORG" else match.last)
        if head and last > match.last:
            return make_candidate(tokens, head[0], last, head[1], False, "ORG", "lexname", entry)
        return make_candidate(tokens, match.first, last, match.prefix, match.elided,
                              entry.type, "lex" if last == match.last else "lexname", entry)
    if entry.kind == "generic" or in_title(tokens.words, match.first, lexicon):
        return None
    last, country = qualifier(tokens.words, _portfolios_end(tokens.words, match, lexicon) + 1, lexicon)
    if country is None and entry.kind != "standalone":
        return None
    candidate = make_candidate(tokens, match.first, max(last, match.last), match.prefix,
                               match.elided, "ORG", "inst", entry)
    candidate.country = country
    if tuple(tokens.words[match.first:candidate.last + 1]) in lexicon.generic:
        return None
    return candidate


def ner_candidates(tokens: Tokens, tags: list[str], lexicon: EntityLexicon,
                   ranks: dict[str, int] | None = None) -> list[Candidate]:
    """Return NER spans as candidates, proclitics and leading titles trimmed off.

    `ranks`: folded word → its rank by frequency in the news (0 the most frequent), when known.
    """
    found = []
    for first, last, kind in _joined(tokens, bio_spans(tags), ranks):
        if kind != "PER" and in_title(tokens.words, first, lexicon):
            continue  # «وزير الخارجية الروسي»: the ministry is part of a person's title
        if kind == "PER" and first > 0 and tokens.words[first - 1] in lexicon.person_org_heads:
            first, kind = first - 1, "ORG"  # «حركة نور الدين الزنكي» names a movement after a man
        if kind != "PER" and after_title(tokens.words, first, lexicon):
            kind = "PER"  # «رئيس مجلس النواب أوغو فيلاسكيز»: a name after a person's title
        first, last = _clean_edges(tokens, first, last, kind, lexicon)
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
        prefix, elided = proclitic(tokens, first, lexicon, kind, last - first + 1, ranks)
        found.append(make_candidate(tokens, first, last, prefix, elided, kind, "ner"))
    return found


def _joined(tokens: Tokens, spans: list[tuple[int, int, str]],
            ranks: dict[str, int] | None = None) -> list[tuple[int, int, str]]:
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
            for piece in (_split_people(tokens, first, last, ranks) if kind == "PER" else [(first, last, kind)])]


def _hyphenated(tokens: Tokens, last: int) -> int:
    """Return the last token of a name that goes on with a hyphen and no space («كيم جونغ-أون»)."""
    while last + 2 < len(tokens.words) and tokens.words[last + 1] == "-" \
            and tokens.spans[last][1] == tokens.spans[last + 1][0] \
            and tokens.spans[last + 1][1] == tokens.spans[last + 2][0] and tokens.words[last + 2][:1].isalpha():
        last += 2
    return last


def _split_people(tokens: Tokens, first: int, last: int,
                  ranks: dict[str, int] | None = None) -> list[tuple[int, int, str]]:
    """Return a person span split where «و» joins two names («يوسف العيزري وعبدالله قابل») or a
    definite word with «و» ends the name («… والمهاجمين حسن الراهب»).

    A word that the news writes more often whole than without its «و» is a name of its own
    («دانا وايت», «إليزابيث وارن»), not «و» + a rare given name («ايت»); one it writes more often
    without is «و» + a name, given name or not («ترمب وبوتين»).
    """
    pieces, start = [], first
    for k in range(first + 1, last + 1):
        word = tokens.words[k]
        if word[:1] != "و" or len(word) < 4:
            continue
        if word[1:3] == "ال":
            if k > start:
                pieces.append((start, k - 1, "PER"))
            start = k + 1
        elif word[1:] in tokens.given and not _commoner(word, word[1:], ranks) or _commoner(word[1:], word, ranks):
            pieces.append((start, k - 1, "PER"))
            start = k
    if start <= last:
        pieces.append((start, last, "PER"))
    return pieces


def _portfolios_end(words: list[str], match: Match, lexicon: EntityLexicon) -> int:
    """Return the last token of a ministry's name that goes on with «و» + more portfolios
    («وزارة التجارة والصناعة المصرية», «وزارة الشباب والرياضة»), else the match's."""
    last = match.last
    if not words[match.first].endswith("وزاره"):
        return last
    while last + 1 < len(words) and last - match.last < 2 and words[last + 1][:1] == "و" \
            and words[last + 1][1:] in lexicon.portfolios:
        last += 1
    return last


def _commoner(word: str, other: str, ranks: dict[str, int] | None) -> bool:
    """Return whether the news has `word` more often than `other` (a word the frequency table
    lacks is rarer than any it has); False when no frequencies are known."""
    if ranks is None:
        return False
    rare = len(ranks)
    return ranks.get(word, rare) < ranks.get(other, rare)


def _known_name(tokens: Tokens, first: int, last: int, lexicon: EntityLexicon) -> bool:
    """Return True when tokens first..last are exactly a name the lexicons know («الاتحاد الأوروبي»)."""
    match = lexicon.names.match_at(tokens.words, first, readings=tokens.readings[first])
    return match is not None and match.last == last


def _fragment(words: list[str], first: int, last: int, lexicon: EntityLexicon) -> bool:
    """Return True for a span that cannot be a name on its own: no letter, two letters or fewer,
    a lone head word («منظمة», «البلدة»; but «القاعدة» is a name the lexicons know), a lone definite
    word behind a proclitic («للمحققين»), or a lone nisba adjective («السورية»: it gives an actor a country but names no place)."""
    word = words[first]
    if not word[:1].isalpha():
        return True
    if first == last:
        bare = word[2:] if word.startswith("ال") else word
        head = word in lexicon.heads or ((bare in lexicon.heads or word in lexicon.place_heads
                                          or bare in lexicon.place_heads) and word not in lexicon.first_words)
        return len(word) <= 2 or head or (word[0] in PROCLITICS and word[1:3] == "ال") \
            or word.startswith("لل") or (word.startswith("ال") and lexicon.nisba_of(word) is not None)
    return False


def _generic(words: list[str], first: int, last: int, lexicon: EntityLexicon) -> bool:
    """Return True for a span that only describes: a generic phrase, maybe with adjectives after
    it («الحكومة الإيطالية», «مجلس الإدارة التاسع»), or a ministry without a country."""
    phrase = words[first:last + 1]
    for prefix, stem in word_readings(phrase[0]):
        for size in range(len(phrase), 0, -1) if stem in lexicon.generic_firsts else ():
            if tuple([stem] + phrase[1:size]) in lexicon.generic and all(w.startswith("ال") for w in phrase[size:]):
                return True
        if stem not in lexicon.institutions.by_first:
            continue
        match = lexicon.institutions.match_at([stem] + phrase[1:], 0, clitics=False)
        if match is not None and match.last == len(phrase) - 1 and match.entry.kind != "standalone":
            return True
    return False


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Return (first, last, label) token spans of a BIO tag sequence."""
    spans: list[list] = []
    for i, tag in enumerate(tags):
        if tag == "O":
            continue
        if tag.startswith("I-") and spans and spans[-1][1] == i - 1 and spans[-1][2] == tag[2:]:
            spans[-1][1] = i
        elif tag[:2] in ("B-", "I-"):
            spans.append([i, i, tag[2:]])
    return [tuple(span) for span in spans]


def _clean_edges(tokens: Tokens, first: int, last: int, kind: str, lexicon: EntityLexicon) -> tuple[int, int]:
    """Return a tagged span without a particle or verb run into it: before it («أن الدوسري»),
    inside it («الاتحاد على انتر فارمسي», «العريشي لـ»), or a lone letter at its end. A name may hold
    a preposition of place («تحالف دعم الشرعية في اليمن») or a definite word («قوات المعارضة»), a
    person's name neither; «على», «أن» fold to the names «علي», «آن», told apart by their spelling."""
    words = tokens.words

    def breaks(k: int) -> bool:
        word = words[k]
        return word in lexicon.not_names and word not in lexicon.name_suffixes and (
            word not in lexicon.given or DIACRITICS.sub("", tokens.raw(k)) in lexicon.particles) and (
            kind == "PER" or (not word.startswith("ال") and word not in NAME_PREPOSITIONS))
    while first < last and breaks(first):
        first += 1
    for k in range(first + 1, last + 1):
        if breaks(k):
            last = k - 1
            break
    while last > first and len(words[last]) < 2:
        last -= 1
    return first, last


def _trim_person(words: list[str], first: int, last: int, lexicon: EntityLexicon) -> tuple[int, int]:
    while first <= last:
        title = lexicon.titles.match_at(words, first)
        if title is not None and title.last <= last:
            first = title.last + 1
        elif words[first] in lexicon.modifiers or words[first] in lexicon.heads or lexicon.nisba_of(words[first]) \
                and not _given_before_name(words, first, last, lexicon):
            first += 1
        else:
            break
    while last >= first and (lexicon.nisba_of(words[last]) or words[last] in lexicon.not_names):
        last -= 1
    while first <= last < len(words) - 1 and words[last] in NAME_LINKS and words[last + 1][:1].isalpha() \
            and words[last + 1] not in lexicon.not_names:
        last += 1  # «تركي آل» + «الشيخ»: a family name never ends on «آل» or «بن»
    if last >= first and last + 1 < len(words) and words[last + 1] in lexicon.name_suffixes:
        last += 1
    return first, last


def _given_before_name(words: list[str], i: int, last: int, lexicon: EntityLexicon) -> bool:
    """Return whether the nisba-like word `i` opening a person's span is a given name: indefinite,
    a known given name, and more of the name follows («العقيد تركي المالكي»: an adjective of
    «العقيد» would be «التركي»)."""
    return i < last and not words[i].startswith("ال") and words[i] in lexicon.given


def proclitic(tokens: Tokens, i: int, lexicon: EntityLexicon, kind: str, size: int = 1,
              ranks: dict[str, int] | None = None) -> tuple[int, bool]:
    """Return (letters, elided) of a proclitic on token `i` that the article or lexicons confirm.

    Before the article (و+ال, ب+ال, لل) a proclitic is certain, except in a person's name
    («والستروم»), where the bare form must occur in the article or the lexicons, or the news
    (`ranks`, see `ner_candidates`) write it more often than the whole word («وكريستيانو»)."""
    word = tokens.words[i]
    best = (0, False)
    news = word[:1] == "و" and _commoner(word[1:], word, ranks)  # «وبارما», «وليفانتي»
    if word in lexicon.first_words or (kind == "PER" and tokens.counts.get(word, 0) > 1 and not news
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
        known = tokens.counts.get(stem) or stem in lexicon.first_words or given or head or news and prefix == 1
        if known or (definite and kind != "PER"):
            best = (prefix, elided)
    return best if best[0] and word[0] in PROCLITICS else (0, False)
