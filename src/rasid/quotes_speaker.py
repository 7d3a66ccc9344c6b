"""Cue verbs and their speakers: the subject after or before the cue, titles, carry-over.

Every cue outside quotation marks is resolved in text order, so a cue with no subject of
its own («وأضاف», «وتابع») takes the speaker before it. A participle («مؤكدا»,
«مشيرا إلى») takes the speaker of its sentence's main cue. A title standing for a person
(«المسؤول السوري») resolves to the person introduced with that title.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import Entity
from .normalize import fold, fold_phrase, strip_article
from .quotes_lexicon import Cue, QuoteLexicon
from .quotes_view import MentionAt, View

SUBJECT_WORDS = 10  # a cue's subject phrase is at most this many words
OBJECT_WORDS = 5  # after a transitive cue («انتقد», «وصف») a later name is likely its object
REGION_WORDS = 25  # a titled subject's name may come this far after the cue («المتحدث باسم …، النائب X»)
CARRY_SPAN = 2  # line breaks back that a subject-less cue may reach for its speaker
TITLE_WINDOW = 6  # words before a person's name searched for the title it was introduced with
SVO_BRIDGE = frozenset({"قد", "كان", "وكان", "فقد", "وقد", "،", ","})
SENTENCE_SUBJECT_WORDS = 4  # a sentence's subject written before its verb starts this early
ACTORS = ("PER", "ORG", "LOC")
STATES = {"country", "capital"}
BODY_WORDS = 4  # «الأمانة العامة للأمم المتحدة»: a body named this early in a definite subject speaks


@dataclass(frozen=True)
class CueAt:
    """A cue token and the speaker it resolves to (None: unnamed, joint or unknown)."""
    index: int
    start: int
    end: int
    word: str
    speaker: Entity | None
    participle: bool = False
    kind: str = "say"
    embedded: bool = False  # inside another cue's reported content («أكدت أنها أبلغت …»)


def resolve_cues(view: View, lex: QuoteLexicon) -> list[CueAt]:
    """Return every cue outside quotation marks with its speaker, in text order."""
    found: list[CueAt] = []
    last: CueAt | None = None
    for i, word in enumerate(view.folded):
        start, end = view.tokens[i]
        cue, participle = lex.cue(word), lex.is_participle(word)
        if not (cue or participle) or view.mark_around(start):
            continue
        embedded = not participle and _embedded(view, lex, found, i)
        if participle:
            speaker = _main_speaker(view, found, start, last)
        elif embedded:
            speaker = None
        else:
            speaker = can_speak(lex, _cue_speaker(view, lex, i, cue, _previous(view, last, start), last))
        at = CueAt(i, start, end, view.text[start:end], speaker, participle, cue.kind if cue else "say",
                   embedded)
        found.append(at)
        if speaker is not None:
            last = at
    return found


def can_speak(lex: QuoteLexicon, entity: Entity | None) -> Entity | None:
    """Return the entity if it can be a speaker: a person, a body, or a place that stands for a
    government (a country or capital, «أكدت باريس»), not a town or a region."""
    if entity is None or entity.type != "LOC":
        return entity
    kinds = lex.place_kinds(fold_phrase(entity.name))
    return entity if kinds is None or kinds & STATES else None


def _embedded(view: View, lex: QuoteLexicon, found: list[CueAt], i: int) -> bool:
    """Return whether cue `i` depends on an earlier cue of its sentence (in its content, «أكدت
    أنها أبلغت», or a verbal noun in its object, «انتقد … وصف ترامب»): it opens no clause of
    its own (no «و», no «بينما», no comma before it)."""
    word = view.folded[i]
    if word[0] in "وف" and lex.cue(word[1:]) or i > 0 and lex.opens_clause(view.folded[i - 1]):
        return False
    if lex.cue(word).kind != "say":
        return False
    sentence = view.sentence_start(view.tokens[i][0])
    return any(c.start >= sentence and not c.participle and not c.embedded and c.kind == "say" for c in found)


def _previous(view: View, last: CueAt | None, start: int) -> Entity | None:
    """Return the speaker a subject-less cue at `start` carries over: the last cue's speaker,
    or a person who is the subject of a later sentence («وجه X دعوة… وقال إن»)."""
    since = last.end if last else view.body_start
    if view.text.count("\n", since, start) > CARRY_SPAN:
        return None
    subject = _latest_sentence_subject(view, since, start)
    return subject or (last.speaker if last else None)


def _latest_sentence_subject(view: View, since: int, before: int) -> Entity | None:
    found = None
    for end in view.ends:
        if end < since or end >= before:
            continue
        first = view.token_at(end + 1)
        limit = view.tokens[min(first + SENTENCE_SUBJECT_WORDS, len(view.tokens) - 1)][0]
        people = [m for m in view.mentions_in(end + 1, min(limit, before)) if m.entity.type == "PER"]
        if people:
            found = people[0].entity
    return found


def _main_speaker(view: View, found: list[CueAt], start: int, last: CueAt | None) -> Entity | None:
    """Return the speaker of the main cue of the sentence a participle stands in."""
    sentence = view.sentence_start(start)
    for cue in reversed(found):
        if cue.start < sentence:
            break
        if not cue.participle and not cue.embedded and cue.kind != "source":
            return cue.speaker
    actor = first_actor(view.mentions_in(sentence, start))
    if actor is not None:
        return actor
    return last.speaker if last and last.start >= sentence else None


def _cue_speaker(view: View, lex: QuoteLexicon, i: int, cue: Cue, previous: Entity | None,
                 last: CueAt | None) -> Entity | None:
    if cue.kind == "statement":
        return _statement(view, lex, _skip_fillers(view, lex, i + 1), last)
    if cue.kind == "quoting":
        return _after_an(view, i, back=True) or previous
    if cue.kind == "relay":
        return _after_an(view, i, back=False)
    if cue.kind == "source":
        return first_actor(view.mentions_in(view.tokens[i][1], _region_end(view, lex, i, 4)))
    if i > 0 and view.folded[i - 1] in lex.relatives:
        return _antecedent(view, i - 1) or previous
    opening = _skip_fillers(view, lex, i + 1)
    if opening < len(view.folded) and lex.anaphors.get(view.folded[opening]) == "statement":
        joint = any(lex.has("joint", w) for w in view.folded[opening: opening + 3])
        return None if joint else _statement(view, lex, opening, last)  # «وقال بيان صادر عن X»
    phrase = subject_phrase(view, lex, i, OBJECT_WORDS if not cue.reported else SUBJECT_WORDS)
    if phrase:
        return _phrase_speaker(view, lex, i, phrase, previous, last)
    before = _subject_before(view, i, sentence_initial=not cue.plural)
    coordinated = view.folded[i][0] in "وف"  # «… وقال إن»: the subject of the verb before
    if before is not None or cue.plural or not coordinated and _unnamed_subject_before(view, lex, i):
        return before
    return previous


def subject_phrase(view: View, lex: QuoteLexicon, i: int, words: int = SUBJECT_WORDS) -> tuple[int, int] | None:
    """Return the token range (first, stop) of the words after cue `i` that name its subject."""
    first = _skip_fillers(view, lex, i + 1)
    stop = first
    while stop < len(view.tokens) and stop - first < words:
        word = view.folded[stop]
        if _ends_phrase(view, lex, stop) or lex.has("subject_stops", word) or _stop_with_suffix(lex, word):
            break
        stop += 1
    return (first, stop) if stop > first else None


def _skip_fillers(view: View, lex: QuoteLexicon, k: int) -> int:
    """Return the first token from `k` on that is not a filler («من جهته», «أمس», «،»)."""
    while k + 1 < len(view.tokens) and lex.has("fillers", view.folded[k]):
        if view.folded[k] == "من" and not lex.has("fillers", view.folded[k + 1]):
            break
        k += 1
    return k


def _antecedent(view: View, relative: int) -> Entity | None:
    """Return the person or body named right before a relative pronoun («كلمة أردوغان التي»)."""
    j = relative - 1
    if j >= 0 and view.folded[j] in ("،", ","):
        j -= 1
    mention = view.mention_ending(view.tokens[j][1]) if j >= 0 else None
    return mention.entity if mention and mention.entity.type in ACTORS else None


def _ends_phrase(view: View, lex: QuoteLexicon, k: int) -> bool:
    word, start = view.folded[k], view.tokens[k][0]
    if view.is_quotation_mark(start):
        return True
    if not word[:1].isalnum():
        return word not in "-_" and not view.mark_around(start)  # marks around a name stay
    if word.startswith("بال"):  # «ندد بالموقف»: a preposition opens the object
        return True
    return bool(lex.cue(word) or lex.is_participle(word) or lex.has("complementizers", word))


def _stop_with_suffix(lex: QuoteLexicon, word: str) -> bool:
    """Return whether a word is a stop word with a pronoun suffix («خلالها», «عنه»)."""
    for suffix in ("ها", "هم", "هما", "ه"):
        if word.endswith(suffix) and len(word) > len(suffix) + 1 and lex.has("subject_stops", word[:-len(suffix)]):
            return True
    return False


def _region_end(view: View, lex: QuoteLexicon, i: int, words: int = REGION_WORDS) -> int:
    """Return the offset where cue `i`'s attribution region ends: its content or a sentence end."""
    limit = view.sentence_end(view.tokens[i][1])
    for k in range(i + 1, min(len(view.tokens), i + 1 + words)):
        start, word = view.tokens[k][0], view.folded[k]
        if start >= limit or word == ":" or lex.has("complementizers", word) or view.is_quotation_mark(start):
            return start
        if lex.cue(word) and lex.cue(word).kind == "say":
            return start
    return view.tokens[min(i + words, len(view.tokens) - 1)][1]


def _phrase_speaker(view: View, lex: QuoteLexicon, i: int, phrase: tuple[int, int],
                    previous: Entity | None, last: CueAt | None) -> Entity | None:
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
    if lex.anaphors.get(head) == "statement" or lex.anaphors.get(head[1:]) == "statement":
        return _statement(view, lex, first, last)
    if head in lex.country_heads and not inside:
        return _country(view, lex, words[1:])
    if inside and inside[0].start <= view.tokens[first][1]:
        return inside[0].entity
    body = _named_body(view, lex, first, stop)
    if body is not None:
        return body
    if lex.has("person_titles", head):
        return _titled_speaker(view, lex, i, phrase, inside, previous)
    if head.startswith("ال") and len(head) > 3:
        found = _anaphor(view, head, lex.anaphors.get(head), start, previous)
        near = [m for m in inside if view.token_at(m.start) < first + BODY_WORDS]
        return found or (first_actor(near) if head not in lex.anaphors else None)
    return None


def _heads_name(view: View, lex: QuoteLexicon, mention: MentionAt, first: int) -> bool:
    """Return whether a person's name is the subject's head: at the phrase start or right after
    a title or a definite word («وزير الخارجية الروسي سيرغي لافروف», not «الملك حكومة الرزاز»)."""
    k = view.token_at(mention.start)
    if k <= first:
        return True
    before = view.folded[k - 1]
    place = view.mention_ending(view.tokens[k - 1][1], 0)  # «رئيس كازاخستان نور سلطان نزارباييف»
    return (before.startswith("ال") or lex.has("person_titles", before)
            or place is not None and place.entity.type == "LOC")


def _statement(view: View, lex: QuoteLexicon, k: int, last: CueAt | None) -> Entity | None:
    """Return the issuer of a statement: named after «عن» («بيان صادر عن X»), else the last
    speaker when the statement is definite («وجاء في البيان»)."""
    if k < len(view.folded) and view.folded[k] == "في":
        k += 1
    for j in range(k + 1, min(k + 4, len(view.folded))):
        if view.folded[j] == "عن":  # the issuer is the first name after «عن», before the content
            issuers = view.mentions_in(view.tokens[j][1], _region_end(view, lex, j, 8))
            return issuers[0].entity if issuers else None
    definite = k < len(view.folded) and view.folded[k].startswith("ال")
    return last.speaker if definite and last else None


def _country(view: View, lex: QuoteLexicon, words) -> Entity | None:
    """Return the place entity of the country a nisba names («السلطات الفلبينية» → الفلبين)."""
    for word in words[:2]:
        code = lex.nisba(word)
        if code:
            places = [m.entity for m in view.mentions if m.entity.type == "LOC" and m.entity.country == code]
            return places[0] if places else None
    return None


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
    region = view.mentions_in(view.tokens[i][1], _region_end(view, lex, i))
    people = [m for m in region if m.entity.type == "PER"]
    apposed = [m for m in people if _apposed(view, lex, m)]
    if apposed:
        return apposed[-1].entity
    people = [m for m in people if _heads_name(view, lex, m, first)]
    if people:
        return people[0].entity
    titled = _titled_person(view, lex, _title_words(view, lex, first, stop), view.tokens[i][0])
    if titled is not None:
        return titled
    bodies = [m for m in inside if m.entity.type != "PER"]
    if bodies:  # «المتحدث باسم الجيش»: the body speaks
        return bodies[0].entity
    if head.startswith("ال") and previous is not None and previous.type == "PER":
        return previous
    return None


def _apposed(view: View, lex: QuoteLexicon, mention: MentionAt) -> bool:
    """Return whether a name follows «، <title>» («…، النائب حسن العاقولي»)."""
    k = view.token_at(mention.start)
    return k >= 2 and lex.has("person_titles", view.folded[k - 1]) and view.folded[k - 2] in ("،", ",")


def _title_words(view: View, lex: QuoteLexicon, first: int, stop: int) -> tuple[str, ...]:
    """Return the words of the title that opens a subject phrase («الملك» of «الملك حكومة الرزاز»)."""
    end = first + 1
    while end < stop and (view.folded[end].startswith("ال") or view.folded[end] == "باسم"
                          or lex.has("person_titles", view.folded[end])):
        end += 1
    return view.folded[first:end]


def _titled_person(view: View, lex: QuoteLexicon, title: tuple[str, ...], before: int) -> Entity | None:
    """Return the person introduced with the title (e.g. «وزير الخارجية العراقي»): the one whose
    introduction shares most of its words, nearest before first; never one of another country."""
    words = {_stem(w) for w in title}
    countries = {lex.nisba(w) for w in title} - {None}
    required = {_stem(w) for w in title[:3] if not lex.nisba(w) and w not in lex.title_generic
                and w[:1].isalnum()}
    people = [m for m in view.mentions if m.entity.type == "PER"]
    ordered = [m for m in reversed(people) if m.end <= before] + [m for m in people if m.start > before]
    best, best_score = None, 0
    for mention in ordered:
        first = view.token_at(mention.start)
        window = view.folded[max(0, first - TITLE_WINDOW): first]
        if _stem(title[0]) not in {_stem(w) for w in window}:
            continue
        seen = {lex.nisba(w) for w in window} - {None}
        stems = {_stem(w) for w in window}
        if countries and seen and not seen & countries or not required <= stems:
            continue
        score = len(words & stems) + len(seen & countries)
        if score > best_score:
            best, best_score = mention.entity, score
    return best


def _stem(word: str) -> str:
    """Return a folded word without a proclitic و/ف, the article and a dual or feminine ending
    («ووزيرا» → وزير, «المتحدثة» → متحدث)."""
    if len(word) > 4 and word[0] in "وف":
        word = word[1:]
    word = strip_article(word)
    return word[:-1] if len(word) > 4 and word.endswith(("ا", "ه")) else word


def _anaphor(view: View, head: str, kind: str | None, before: int, previous: Entity | None) -> Entity | None:
    """Return the body a definite noun («الوزارة», «المعهد», «البيان») refers back to: an earlier
    organisation whose name starts with (or, for a listed word, holds) the noun."""
    key = strip_article(head)
    for mention in reversed([m for m in view.mentions if m.end <= before and m.entity.type == "ORG"]):
        words = [strip_article(w) for w in fold(mention.entity.name).split()]
        if words[:1] == [key] or (kind == "ORG" and key in words):
            return mention.entity
    if previous is not None and (kind == "any" or (kind == "ORG" and previous.type != "PER")):
        return previous
    return None


def _unnamed_subject_before(view: View, lex: QuoteLexicon, i: int) -> bool:
    """Return whether the cue's clause opens with words other than an adverbial phrase before
    the cue («تقارير أفادت»), i.e. the cue has a subject of its own, one that names no entity."""
    sentence = view.sentence_start(view.tokens[i][0])
    j = i - 1
    while j >= 0 and view.tokens[j][0] >= sentence and not lex.opens_clause(view.folded[j]):
        j -= 1
    words = [w for w in view.folded[j + 1: i] if w not in SVO_BRIDGE and w[:1].isalnum()]
    return bool(words) and not lex.has("adverbial_heads", words[0])


def _subject_before(view: View, i: int, sentence_initial: bool = True) -> Entity | None:
    """Return the subject written before its verb («نتنياهو قال», «وكان لافروف، الذي …، أعلن»)."""
    sentence = view.sentence_start(view.tokens[i][0])
    j = i - 1
    while j >= 0 and view.folded[j] in SVO_BRIDGE:
        j -= 1
    if j >= 0 and view.tokens[j][1] >= sentence:
        mention = view.mention_ending(view.tokens[j][1])
        if mention and mention.entity.type in ACTORS:
            return mention.entity
    if not sentence_initial:
        return None
    first = view.token_at(sentence)
    limit = view.tokens[min(first + SENTENCE_SUBJECT_WORDS, i)][0]
    return first_actor(view.mentions_in(sentence, min(limit, view.tokens[i][0])))


def _after_an(view: View, i: int, back: bool) -> Entity | None:
    """Return the entity named after «عن» before a «قوله» cue, or after a «نقل» cue."""
    span = range(i - 1, max(-1, i - 12), -1) if back else range(i + 1, min(len(view.tokens), i + 12))
    for j in span:
        if view.folded[j] in ("عن", "وعن"):
            end = view.tokens[min(j + 8, len(view.tokens) - 1)][1]
            return first_actor(view.mentions_in(view.tokens[j][1], end))
    return None


def first_actor(mentions: list[MentionAt]) -> Entity | None:
    """Return the first person among mentions, else the first body or place."""
    people = [m for m in mentions if m.entity.type == "PER"]
    if people:
        return people[0].entity
    actors = [m for m in mentions if m.entity.type in ACTORS]
    return actors[0].entity if actors else None
