"""Who a cue's subject phrase names: a person, a titled person introduced earlier, a body.

«قال وزير الخارجية الروسي سيرغي لافروف» names the person; «وقال الوزير» the person introduced
with that title; «المتحدث باسم الجيش» with no name, the body; «وأضافت الوزارة» the body named
before; «بيان صادر عن X» X; «السلطات الفلبينية» the country.
"""
from __future__ import annotations

from bisect import bisect_left

from .model import Entity
from .normalize import fold, fold_phrase, strip_article
from .quotes_lexicon import QuoteLexicon
from .quotes_view import MentionAt, View

REGION_WORDS = 25  # a titled subject's name may come this far after the cue («المتحدث باسم …، النائب X»)
TITLE_WINDOW = 6  # words before a person's name searched for the title it was introduced with
ACTORS = ("PER", "ORG", "LOC")
NEAR_MENTIONS = 200  # mentions searched on each side for the person or body a title or noun refers to
LATER_WORDS = 3000  # words searched after a name for a later cue it is the subject of
BODY_WORDS = 4  # «الأمانة العامة للأمم المتحدة»: a body named this early in a definite subject speaks


def region_end(view: View, lex: QuoteLexicon, i: int, words: int = REGION_WORDS) -> int:
    """Return the offset where cue `i`'s attribution region ends: its content or a sentence end."""
    limit = view.sentence_end(view.tokens[i][1])
    for k in range(i + 1, min(len(view.tokens), i + 1 + words)):
        start, word = view.tokens[k][0], view.folded[k]
        if start >= limit or word == ":" or lex.has("complementizers", word) or view.is_quotation_mark(start):
            return start
        if lex.cue(word) and lex.cue(word).kind == "say":
            return start
    return view.tokens[min(i + words, len(view.tokens) - 1)][1]


def phrase_speaker(view: View, lex: QuoteLexicon, i: int, phrase: tuple[int, int],
                   previous: Entity | None, last_speaker: Entity | None) -> Entity | None:
    """Return who the subject phrase (first, stop) of cue `i` names, or None when it names no one
    or an unnamed source; `previous` is the speaker a definite title or body may refer back to."""
    first, stop = phrase
    start, end = view.tokens[first][0], view.tokens[stop - 1][1]
    words = view.folded[first:stop]
    if any(lex.has("joint", w) for w in words):
        return None
    inside = view.mentions_in(start, end)
    people = [m for m in inside if m.entity.type == "PER" and _heads_name(view, lex, m, first)]
    if people:
        return people[0].entity
    head = view.folded[first]
    if lex.has("offices", head) and inside and inside[0].start == view.tokens[min(first + 1, stop - 1)][0] \
            and inside[0].entity.type == "PER":  # «مكتب بنس»: the office of a person speaks as the person
        return inside[0].entity
    for known in (previous, last_speaker):  # «ولفتت أفخم»: the surname of a name no entity covers
        if known is not None and not known.id and not inside and fold(known.name).split()[-1] == head:
            return known
    if lex.anaphors.get(head) == "statement" or lex.anaphors.get(head[1:]) == "statement":
        return statement(view, lex, first, last_speaker)
    country = _country(view, lex, words[1:], previous) if head in lex.country_heads and not inside else None
    if country is not None:
        return country
    if inside and inside[0].start <= view.tokens[first][1]:
        return inside[0].entity
    named = _named_after_noun(view, lex, first, stop, inside)
    if named is not None:
        return named
    body = _named_body(view, lex, first, stop)
    if body is not None:
        return body
    apposed = _apposed_after(view, lex, stop)  # «نجم كرة القدم البرتغالي، كريستيانو رونالدو، …»
    if apposed is not None:
        return apposed
    if lex.has("person_titles", head):
        return _titled_speaker(view, lex, i, phrase, inside, previous)
    if head.startswith("ال") and len(head) > 3:
        found = _anaphor(view, head, lex.anaphors.get(head), start, previous,
                         lex.has("naming_nouns", strip_article(head)))
        near = [m for m in inside if view.token_at(m.start) < first + BODY_WORDS
                and all(w.startswith(("ال", "لل")) for w in view.folded[first + 1: view.token_at(m.start)])]
        return found or (first_actor(near) if head not in lex.anaphors else None)
    return None


def _named_after_noun(view: View, lex: QuoteLexicon, first: int, stop: int, inside: list[MentionAt]) -> Entity | None:
    """Return the organisation a subject phrase names right after its naming noun, maybe behind a
    quotation mark or a hashtag («أعلنت وكالة "فيتش"», «أعلنت حركة #الجهاد_الاسلامي»)."""
    if not inside or inside[0].entity.type != "ORG" or not lex.has("naming_nouns", view.folded[first]):
        return None
    k = first + 1
    while k < stop and not any(map(str.isalnum, view.folded[k])):
        k += 1  # «"», «#»
    return inside[0].entity if k < stop and view.tokens[k][0] <= inside[0].start < view.tokens[k][1] else None


def _apposed_after(view: View, lex: QuoteLexicon, stop: int) -> Entity | None:
    """Return the person named between commas right after a subject phrase («الممثلة الإيطالية،
    آسيا أرجينتو، أن»), or between a comma and the quotation or a colon: the apposition that names
    the subject."""
    if stop + 1 >= len(view.folded) or view.folded[stop] not in ("،", ","):
        return None
    k = stop + 1
    while k + 1 < len(view.folded) and k <= stop + 2 and lex.has("person_titles", view.folded[k]):
        k += 1  # «ولي العهد السعودي، الأمير محمد بن سلمان، أن»
    mention = view.mention_at(view.tokens[k][0])
    if mention is None and k + 1 < len(view.tokens) and view.folded[k].isalpha() and not view.folded[k].startswith("ال"):
        mention = view.mention_at(view.tokens[k + 1][0])  # «علي عبد العال»: a first name the tagger left out
    if mention is None or mention.entity.type != "PER":
        return None
    after = view.token_at(mention.end)
    follower = view.folded[after] if after < len(view.folded) else ""
    quoted = after < len(view.tokens) and view.is_quotation_mark(view.tokens[after][0])  # «مدير المرصد، X "…"»
    closes = follower in ("،", ",", ":") or quoted or lex.has("complementizers", follower)
    return mention.entity if closes else None


def _heads_name(view: View, lex: QuoteLexicon, mention: MentionAt, first: int) -> bool:
    """Return whether a person's name is the subject's head: at the phrase start or right after
    a title or a definite word («وزير الخارجية الروسي سيرغي لافروف», not «الملك حكومة الرزاز»)."""
    k = view.token_at(mention.start)
    if k <= first:
        return True
    before = view.folded[k - 1]
    if lex.has("person_titles", before) and not before.startswith("ال") and view.folded[k].startswith("ال"):
        return False  # «مستشار الرئيس الفلسطيني»: the president is not the adviser
    j = k - 1
    while j > first and view.folded[j].isalpha() and lex.has("fillers", view.folded[j]):
        j -= 1  # «ومستشار الصندوق سابقا فخري الفقي», «وزير الخارجية أمس سامح شكري»
    if _opens_name(view, lex, j) or _after_titled_body(view, lex, j, first):
        return True
    # a first name the tagger left out («التحكيم كوامي [أنتوني أبياه]»), not a body («حكومة»)
    return k - 2 >= first and _name_like(lex, before) and not lex.has("name_heads", before) \
        and _opens_name(view, lex, k - 2)


SPOKEN_FOR = 3  # words a spokesperson's body may take after «باسم» («المتحدث باسم حركة حماس …»)


def _after_titled_body(view: View, lex: QuoteLexicon, j: int, first: int) -> bool:
    """Return whether token `j` ends a body's name inside a subject that opens with a person's
    title («الرئيس التنفيذي لشركة أرامكو أمين الناصر», «المتحدث باسم حركة حماس فوزي برهوم»): the
    name after it is the title holder's."""
    if not lex.has("person_titles", view.folded[first]):
        return False
    body = view.mention_ending(view.tokens[j][1], 0)
    return body is not None and body.entity.type == "ORG" or "باسم" in view.folded[max(first, j - SPOKEN_FOR):j]


def _opens_name(view: View, lex: QuoteLexicon, j: int) -> bool:
    """Return whether token `j` may stand right before a person's name in a subject: a title,
    a definite word, or a place («رئيس كازاخستان نور سلطان نزارباييف»)."""
    word = view.folded[j]
    place = view.mention_ending(view.tokens[j][1], 0)
    return (word.startswith(("ال", "لل")) or lex.has("person_titles", word)
            or place is not None and place.entity.type == "LOC")


def statement(view: View, lex: QuoteLexicon, k: int, last_speaker: Entity | None) -> Entity | None:
    """Return the issuer of a statement: named after «عن» («بيان صادر عن X»), else the last
    speaker when the statement is definite («وجاء في البيان»)."""
    if k < len(view.folded) and view.folded[k] == "في":
        k += 1
    for j in range(k + 1, min(k + 4, len(view.folded))):
        if view.folded[j] == "عن":  # the issuer is the first name after «عن», before the content
            issuers = view.mentions_in(view.tokens[j][1], region_end(view, lex, j, 8))
            return issuers[0].entity if issuers else None
    definite = k < len(view.folded) and view.folded[k].startswith("ال")
    return last_speaker if definite else None


def _country(view: View, lex: QuoteLexicon, words, previous: Entity | None) -> Entity | None:
    """Return the place entity of the country a nisba names («السلطات الفلبينية» → الفلبين), or,
    after a bare «الحكومة», the state of the speaker before («أكدت وزارة الخارجية الإريترية …
    كما أكدت الحكومة» → إريتريا)."""
    for word in words[:2]:
        code = lex.nisba(word)
        if code:
            return _state(view, lex, code, any_place=True)
    if words or previous is None or not previous.country:
        return None
    if previous.type == "LOC":
        return previous
    return _state(view, lex, previous.country, any_place=False)


def _state(view: View, lex: QuoteLexicon, code: str, any_place: bool) -> Entity | None:
    """Return the article's place of country `code`, a country first (only a country unless
    `any_place`)."""
    places = [m.entity for m in view.mentions if m.entity.type == "LOC" and m.entity.country == code]
    places.sort(key=lambda place: "country" not in (lex.place_kinds(fold_phrase(place.name)) or ()))
    if places and not any_place and "country" not in (lex.place_kinds(fold_phrase(places[0].name)) or ()):
        return None
    return places[0] if places else None


def _named_body(view: View, lex: QuoteLexicon, first: int, stop: int) -> Entity | None:
    """Return a body named in full as the subject («حكومة الإنقاذ الوطني الليبية») that no entity
    starts: the name as written, with no entity id."""
    if not lex.has("body_heads", view.folded[first]):
        return None
    end = first + 1
    while end < stop and view.folded[end].startswith(("ال", "لل")):
        end += 1
    if end - first < 2:
        return None
    start = view.tokens[first][0]
    name = view.text[start:view.tokens[end - 1][1]]
    if name[0] in "وف" and lex.has("body_heads", fold(name.split()[0][1:])):
        name = name[1:]
    return Entity(id="", name=name, type="ORG", mentions=())


def _titled_speaker(view: View, lex: QuoteLexicon, i: int, phrase: tuple[int, int], inside: list[MentionAt],
                    previous: Entity | None) -> Entity | None:
    """Return the person a title subject names: later in the attribution, or introduced before."""
    first, stop = phrase
    head = view.folded[first]
    region = view.mentions_in(view.tokens[i][1], region_end(view, lex, i))
    people = [m for m in region if m.entity.type == "PER"]
    apposed = [m for m in people if _apposed(view, lex, m)]
    if apposed:
        return apposed[-1].entity
    people = [m for m in people if _heads_name(view, lex, m, first)]
    if people:
        return people[0].entity
    unlisted = _unlisted_name(view, lex, first, stop)
    if unlisted is not None:
        return unlisted
    titled = _titled_person(view, lex, _title_words(view, lex, first, stop),
                            _title_countries(view, lex, first, stop), view.tokens[i][0], region_end(view, lex, i))
    if titled is not None:
        return titled
    bodies = [m for m in inside if m.entity.type == "ORG"]
    if bodies:  # «المتحدث باسم الجيش»: the body speaks (but «ملك البحرين» is no country speaking)
        return bodies[0].entity
    if head in lex.generic_persons and previous is not None and previous.type == "PER":
        return previous
    return None


def _unlisted_name(view: View, lex: QuoteLexicon, first: int, stop: int) -> Entity | None:
    """Return a person's name that no entity covers, closing a title subject («المتحدثة باسم
    وزارة الخارجية الإيرانية مرضية أفخم»), as written: two or three words that no word list
    or gazetteer knows, the first without the article, the last the subject of a later cue."""
    k = first + 1
    while k < stop and _title_part(view, lex, k):
        k += 1
    words = view.folded[k:stop]
    if not 2 <= len(words) <= 3 or words[0].startswith("ال") or not all(_name_like(lex, w) for w in words):
        return None
    if not _speaks_again(view, lex, words[-1], stop):
        return None
    name = view.text[view.tokens[k][0]:view.tokens[stop - 1][1]]
    return Entity(id="", name=name, type="PER", mentions=())


def _speaks_again(view: View, lex: QuoteLexicon, surname: str, after: int) -> bool:
    """Return whether the surname is a cue's subject later in the article («ولفتت أفخم»)."""
    later = range(after + 1, min(len(view.folded), after + 1 + LATER_WORDS))
    return any(view.folded[k] == surname and bool(lex.cue(view.folded[k - 1])) for k in later)


def _title_part(view: View, lex: QuoteLexicon, k: int) -> bool:
    """Return whether token `k` continues a title: a definite word, «باسم», a title, a name of a
    body or place, or a noun in construct with a definite word («وزارة الخارجية»)."""
    word = view.folded[k]
    after = view.folded[k + 1] if k + 1 < len(view.folded) else ""
    return (word.startswith(("ال", "لل", "بال")) or word == "باسم" or lex.has("person_titles", word)
            or view.in_mention(view.tokens[k][0])
            or after.startswith("ال"))


def _name_like(lex: QuoteLexicon, word: str) -> bool:
    """Return whether a folded word may be part of a person's name: a word no list knows."""
    lists = ("person_titles", "subject_stops", "fillers", "complementizers", "body_heads", "joint")
    return (word.isalpha() and not lex.cue(word) and not lex.is_participle(word) and not lex.nisba(word)
            and not lex.known_name(word) and not any(lex.has(name, word) for name in lists)
            and word not in lex.anaphors)


def _apposed(view: View, lex: QuoteLexicon, mention: MentionAt) -> bool:
    """Return whether a name follows «، <title>» («…، النائب حسن العاقولي»)."""
    k = view.token_at(mention.start)
    return k >= 2 and lex.has("person_titles", view.folded[k - 1]) and view.folded[k - 2] in ("،", ",")


def _title_words(view: View, lex: QuoteLexicon, first: int, stop: int) -> tuple[str, ...]:
    """Return the words of the title that opens a subject phrase («الملك» of «الملك حكومة الرزاز»,
    «وزير خارجية» of «وزير خارجية ألمانيا»)."""
    end = first + 1
    while end < stop and (view.folded[end].startswith("ال") or view.folded[end] == "باسم"
                          or lex.has("person_titles", view.folded[end]) or _construct(view, end, stop)):
        end += 1
    return view.folded[first:end]


def _construct(view: View, k: int, stop: int) -> bool:
    """Return whether token `k` is a noun in construct after an indefinite title noun, followed by
    a definite word or a place («وزير خارجية ألمانيا», «رئيسة حكومة بريطانيا»)."""
    if k + 1 >= stop or view.folded[k - 1].startswith("ال") or not view.folded[k].isalpha():
        return False
    place = view.mention_at(view.tokens[k + 1][0])
    return view.folded[k + 1].startswith("ال") or place is not None and place.entity.type == "LOC"


def _title_countries(view: View, lex: QuoteLexicon, first: int, stop: int) -> set[str]:
    """Return the countries a title names: by a nisba («الروسي») or a place («خارجية ألمانيا»)."""
    title = _title_words(view, lex, first, stop)
    after = first + len(title)
    places = view.mentions_in(view.tokens[first][0], view.tokens[min(after, stop - 1)][1])
    named = {m.entity.country for m in places if m.entity.type == "LOC"}
    return ({lex.nisba(w) for w in title} | named) - {None}


def _titled_person(view: View, lex: QuoteLexicon, title: tuple[str, ...], countries: set[str],
                   before: int, after: int) -> Entity | None:
    """Return the person introduced with the title (e.g. «وزير الخارجية العراقي»): the one whose
    introduction shares most of its words, nearest before `before` first, then from `after` on
    (never one named in the attribution itself); never one of another country."""
    words = {_stem(w) for w in title}
    required = {_stem(w) for w in title[:3] if not lex.nisba(w) and w not in lex.title_generic
                and w[:1].isalnum()}
    earlier, later = view.mentions_near(before, after, NEAR_MENTIONS)
    ordered = [m for m in reversed(earlier) if m.end <= before and m.entity.type == "PER"] + \
        [m for m in later if m.entity.type == "PER"]
    best, best_score = None, 0
    for mention in ordered:
        first = view.token_at(mention.start)
        window = view.folded[max(0, first - TITLE_WINDOW): first]
        if _stem(title[0]) not in {_stem(w) for w in window}:
            continue
        seen = [code for code in map(lex.nisba, window) if code]
        stems = {_stem(w) for w in window}
        # the nisba nearest the name is the person's («وزيرا الخارجية الروسي لافروف والعراقي زيباري»)
        if countries and seen and seen[-1] not in countries or not required <= stems:
            continue
        score = len(words & stems) + len(set(seen) & countries) - _other_office(lex, window, title)
        if score > best_score:
            best, best_score = mention.entity, score
    return best


def _other_office(lex: QuoteLexicon, window, title: tuple[str, ...]) -> int:
    """Return 1 when the introduction gives the title's head another complement than the title's
    own («رئيس الحزب» for «رئيس الدولة»; a bare «الوزير» fits any minister), else 0."""
    heads = [k for k, w in enumerate(window) if _stem(w) == _stem(title[0])]
    if len(title) < 2 or not heads or heads[-1] + 1 >= len(window):
        return 0
    after = window[heads[-1] + 1]
    other = after.startswith("ال") and not lex.nisba(after) and after not in lex.title_generic
    return int(other and _stem(after) not in {_stem(w) for w in title})


def _stem(word: str) -> str:
    """Return a folded word without a proclitic و/ف before the article, the article and a dual or
    feminine ending («والعراقي» → عراقي, «وزيرا» → وزير, «المتحدثة» → متحدث)."""
    if word[:1] in ("و", "ف") and word[1:3] == "ال":
        word = word[1:]
    word = strip_article(word)
    return word[:-1] if len(word) > 4 and word.endswith(("ا", "ه")) else word


def _anaphor(view: View, head: str, kind: str | None, before: int, previous: Entity | None,
             names: bool = False) -> Entity | None:
    """Return the body a definite noun («الوزارة», «المعهد», «البيان») refers back to: an earlier
    organisation whose name starts with (or, for a listed word, holds) the noun; else, of the
    previous speaker when it is a body and, when the noun `names` what follows it («صحيفة الغارديان»,
    «شركة أرامكو»), the latest organisation named right after it, the one named last."""
    key = strip_article(head)

    def named_by(entity: Entity) -> bool:
        words = [strip_article(w) for w in fold(entity.name).split()]
        return entity.type == "ORG" and (words[:1] == [key] or kind == "ORG" and key in words)

    if previous is not None and named_by(previous):  # the body that spoke last comes first
        return previous
    near = [m for m in view.mentions_near(before, before, NEAR_MENTIONS)[0] if m.end <= before]
    for mention in reversed(near):
        if named_by(mention.entity):
            return mention.entity
    fallback = previous if previous is not None and (kind == "any" or (kind == "ORG" and previous.type != "PER")) \
        else None
    headed = _headed_by(view, key, before) if names and kind == "ORG" else None
    latest = next((m for m in reversed(near) if headed is not None and m.entity.id == headed), None)
    if latest is None or fallback is not None and any(
            m.start > latest.start and m.entity.id == fallback.id for m in near):
        return fallback  # the body that spoke last, named after the one the noun introduced
    return latest.entity


def _headed_by(view: View, key: str, before: int) -> str | None:
    """Return the id of the organisation a definite «الشركة», «الصحيفة» can refer back to though the
    noun is not part of its name: the organisation named right after the last indefinite `key`
    before `before` («شركة أرامكو», «صحيفة "نيويورك تايمز"»), when that noun introduced no other
    organisation and none is named more often up to there; else nothing («شركة» before two
    names, or before a body that is no entity: no telling which)."""
    counts: dict[str, int] = {}
    found: dict[int, str] = {}  # token of the noun → the organisation named right after it
    for mention in view.mentions[:bisect_left(view.mention_starts, before)]:
        if mention.entity.type != "ORG":
            continue
        counts[mention.entity.id] = counts.get(mention.entity.id, 0) + 1
        k = view.token_at(mention.start) - 1
        while k >= 0 and not any(map(str.isalpha, view.folded[k])):
            k -= 1  # an opening quotation mark
        if k >= 0 and _is_noun(view.folded[k], key):
            found[k] = mention.entity.id
    last = next((k for k in range(view.token_at(before) - 1, -1, -1) if _is_noun(view.folded[k], key)), None)
    if last not in found or len(set(found.values())) != 1 or counts[found[last]] < max(counts.values()):
        return None
    return found[last]


def _is_noun(word: str, key: str) -> bool:
    """Return whether a folded token is the indefinite noun `key`, maybe after a proclitic («وشركة»)."""
    return word == key or word[1:] == key and word[0] in "وبلف"


def first_actor(mentions: list[MentionAt]) -> Entity | None:
    """Return the first person among mentions, else the first body or place."""
    people = [m for m in mentions if m.entity.type == "PER"]
    if people:
        return people[0].entity
    actors = [m for m in mentions if m.entity.type in ACTORS]
    return actors[0].entity if actors else None
