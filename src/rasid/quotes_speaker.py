"""Cue verbs and their speakers: the subject after or before the cue, titles, carry-over.

Every cue outside quotation marks is resolved in text order, so a cue with no subject of
its own («وأضاف», «وتابع») takes the speaker before it. A participle («مؤكدا»,
«مشيرا إلى») takes the speaker of its sentence's main cue. A title standing for a person
(«المسؤول السوري») resolves to the person introduced with that title.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import Entity
from .normalize import fold, fold_phrase
from .quotes_lexicon import Cue, QuoteLexicon
from .quotes_subject import ACTORS, first_actor, phrase_speaker, region_end, statement
from .quotes_marks import Marked
from .quotes_view import SENTENCE_SUBJECT_WORDS, MentionAt, View

SUBJECT_WORDS = 10  # a cue's subject phrase is at most this many words
OBJECT_WORDS = 5  # after a transitive cue («انتقد», «وصف») a later name is likely its object
CARRY_SPAN = 2  # paragraph breaks back that a carry-over cue («وأضاف») may reach for its speaker
OTHER_CARRY_SPAN = 1  # … and any other cue without a subject («وقال:»)
SOURCE_WORDS = 8  # words back from a preposition that a source or title may head its phrase from
SVO_BRIDGE = frozenset({"قد", "كان", "وكان", "فقد", "وقد", "،", ","})
INTRODUCED_WORDS = 4  # a quotation no cue introduces passes its sentence's person on when longer
LOOK_BACK = 200  # cues searched back for a speaker of the cue's gender
STATES = {"country", "capital"}
MEDIA = "MED"  # the CAMEO sector of news outlets
QUOTE_MARKS = frozenset('"«»“”\'')


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
    embedded: bool = False  # depends on an earlier cue of its sentence («أكدت أنها أبلغت …»)


def resolve_cues(view: View, lex: QuoteLexicon) -> list[CueAt]:
    """Return every cue outside quotation marks with its speaker, in text order."""
    found: list[CueAt] = []
    last: CueAt | None = None
    genders: dict[str, str] = {}  # a person's gender, as the verbs they were subject of show
    triggers = {word for word in set(view.folded) if lex.triggers(word)}
    opening = {view.token_at(mark) for mark in view.quotations}
    # only the cue tokens and the quotations' first tokens do anything: visit just those, in order
    visited = sorted({i for i, word in enumerate(view.folded) if word in triggers}
                     | {i for i in opening if i < len(view.folded)})
    for i in visited:
        word = view.folded[i]
        if word not in triggers:
            if i in opening:
                last = _introduced(view, lex, i, found, last) or last
            continue
        start, end = view.tokens[i]
        cue, participle = lex.cue(word), lex.is_participle(word)
        if view.mark_around(start):
            continue
        embedded = not participle and _embedded(view, lex, found, i)
        if participle:
            speaker = _main_speaker(view, lex, found, start, last)
        elif embedded:
            speaker = None
        else:
            reach = CARRY_SPAN if lex.has("carryover", word) else OTHER_CARRY_SPAN
            previous = _previous(view, found, last, start, genders, lex.gender(word), reach)
            speaker = can_speak(lex, _cue_speaker(view, lex, i, cue, previous, last))
            if cue.kind == "say":  # «نقلت الصحيفة عن X» agrees with the paper, not with X
                _note_gender(genders, speaker, lex.gender(word))
        at = CueAt(i, start, end, view.text[start:end], speaker, participle, cue.kind if cue else "say",
                   embedded)
        found.append(at)
        if speaker is not None and not (at.kind == "source" and speaker.sector == MEDIA):
            last = at  # «وفقا لوكالة رويترز» credits an outlet; the next «وقال» is not the outlet's
    return found


def _introduced(view: View, lex: QuoteLexicon, i: int, found: list[CueAt], last: CueAt | None) -> CueAt | None:
    """Return a long quotation at token `i` that no cue of its sentence introduces as a cue of
    its speaker, so that a later «وأضاف» carries that speaker over: the person its sentence names
    before it («ألقى السفير X الكلمة التالية: "…"»), else the last speaker whose words it goes on
    with (`continues_speech`)."""
    mark = view.mark_around(view.tokens[i][0])
    if mark is None or mark.open not in view.quotations:
        return None
    sentence = view.sentence_start(mark.open)
    if found and found[-1].start >= sentence or len(view.text[mark.start:mark.end].split()) <= INTRODUCED_WORDS:
        return None
    actor = first_actor(view.mentions_in(sentence, mark.open))
    if actor is None and last is not None and continues_speech(view, lex, mark, last.end):
        actor = last.speaker
    if actor is None or actor.type != "PER":
        return None
    return CueAt(i, mark.open, mark.open + 1, "", actor, kind="introduced")


def continues_speech(view: View, lex: QuoteLexicon, mark: Marked, since: int) -> bool:
    """Return whether a quotation with no cue goes on with the words of a speaker whose cue ends
    at `since`: anywhere in the cue's paragraph; in the next one only when it opens its sentence
    or follows a colon or a complementizer (not inside a clause, «وتشمل المقاربة "…"»)."""
    breaks = view.breaks_between(since, mark.open)
    if breaks != 1:
        return breaks == 0
    k = view.token_at(mark.open)
    first = view.token_at(view.sentence_start(mark.open))
    before = view.folded[k - 1] if k > 0 else ""
    return all(w in ("و", "ف") for w in view.folded[first:k]) or before == ":" \
        or lex.has("complementizers", before)


def can_speak(lex: QuoteLexicon, entity: Entity | None) -> Entity | None:
    """Return the entity if it can be a speaker: a person, a body, or a place that stands for a
    government (a country or capital, «أكدت باريس»), not a place the gazetteer knows as a town or
    a region (a "place" it does not know is more often a person the tagger took for one)."""
    if entity is None or entity.type != "LOC":
        return entity
    kinds = lex.place_kinds(fold_phrase(entity.name))
    return entity if not kinds or kinds & STATES else None


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
    for cue in reversed(found):
        if cue.start < sentence:
            return False
        if not cue.participle and not cue.embedded and cue.kind == "say":
            return True
    return False


def _previous(view: View, found: list[CueAt], last: CueAt | None, start: int, genders: dict[str, str],
              gender: str | None, reach: int = CARRY_SPAN) -> Entity | None:
    """Return the speaker a subject-less cue at `start` carries over: a person who is the subject
    of a sentence since the last cue («وجه X دعوة… وقال إن»), else the last speaker; one whose
    known gender the cue's form contradicts («وأضافت» after a man) gives way to the last speaker
    it agrees with."""
    since = last.end if last else view.body_start
    if view.breaks_between(since, start) > reach:
        return None
    subject = view.sentence_subject(since, start)
    if subject is not None and _agrees(genders, subject, gender):
        return subject
    if last is None:
        return None
    if _agrees(genders, last.speaker, gender):
        return last.speaker
    agreeing = _agreeing(view, found, genders, gender, start, reach + 1)
    return agreeing.speaker if agreeing is not None else None


def _agreeing(view: View, found: list[CueAt], genders: dict[str, str], gender: str | None, start: int,
              reach: int) -> CueAt | None:
    """Return the last cue whose speaker's known gender does not contradict `gender`, no more
    than `reach` paragraph breaks before `start`."""
    for cue in found[:-LOOK_BACK - 1:-1]:
        if view.breaks_between(cue.end, start) > reach:
            return None
        if cue.speaker is not None and not (cue.kind == "source" and cue.speaker.sector == MEDIA) \
                and _agrees(genders, cue.speaker, gender):
            return cue
    return None


def _agrees(genders: dict[str, str], speaker: Entity, gender: str | None) -> bool:
    """Return whether a speaker's known gender (if any) fits a cue of `gender` (if any)."""
    known = genders.get(speaker.id or speaker.name)
    return gender is None or known is None or known == gender


def _note_gender(genders: dict[str, str], speaker: Entity | None, gender: str | None) -> None:
    """Record a person's gender the first time a gendered verb has them as its subject."""
    if speaker is not None and speaker.type == "PER" and gender is not None:
        genders.setdefault(speaker.id or speaker.name, gender)


def _main_speaker(view: View, lex: QuoteLexicon, found: list[CueAt], start: int,
                  last: CueAt | None) -> Entity | None:
    """Return the speaker of the main cue of the sentence a participle stands in, passing over a
    verb of the other gender («وكانت إريتريا قد رفضت تقريرا يشير إلى …، واصفة»)."""
    sentence = view.sentence_start(start)
    gender = lex.gender(view.folded[view.token_at(start)])
    for cue in reversed(found):
        if cue.start < sentence:
            break
        if not cue.participle and not cue.embedded and cue.kind != "source":
            if gender is None or lex.gender(view.folded[cue.index]) in (None, gender):
                return cue.speaker
            return _opening_actor(view, sentence, cue.start) or cue.speaker
    actor = first_actor(view.mentions_in(sentence, start))
    if actor is not None:
        return actor
    return last.speaker if last and last.start >= sentence else None


def _opening_actor(view: View, sentence: int, before: int) -> Entity | None:
    """Return the actor named in the first words of the sentence at `sentence`, before `before`."""
    first = view.token_at(sentence)
    limit = view.tokens[min(first + SENTENCE_SUBJECT_WORDS, len(view.tokens) - 1)][0]
    return first_actor(view.mentions_in(sentence, min(limit, before)))


def _cue_speaker(view: View, lex: QuoteLexicon, i: int, cue: Cue, previous: Entity | None,
                 last: CueAt | None) -> Entity | None:
    """Return the speaker of cue `i` by its kind; `previous` is the speaker it may carry over."""
    last_speaker = last.speaker if last else None
    if cue.kind == "statement":  # «وجاء في البيان»
        return statement(view, lex, _skip_fillers(view, lex, i + 1), last_speaker)
    if cue.kind == "quoting":  # «نقلت الوكالة عن X قوله», «بحسب قوله»
        an = _an_before(view, i)
        if an is not None and _unnamed(view, lex, an):
            return None  # «نقلت الوكالة عن أحد القادة قوله»: an unnamed source
        return _after_an(view, lex, i, back=True) or previous
    if cue.kind == "relay":
        return _after_an(view, lex, i, back=False)
    if cue.kind == "source":  # «بحسب X»
        return first_actor(view.mentions_in(view.tokens[i][1], region_end(view, lex, i, 4)))
    return _verb_speaker(view, lex, i, cue, previous, last_speaker)


def _verb_speaker(view: View, lex: QuoteLexicon, i: int, cue: Cue, previous: Entity | None,
                  last_speaker: Entity | None) -> Entity | None:
    """Return the subject of a speech verb: named after it, written before it, or carried over."""
    if i > 0 and view.folded[i - 1] in lex.relatives:
        return _antecedent(view, i - 1) or previous
    opening = _skip_fillers(view, lex, i + 1)
    if opening < len(view.folded) and lex.anaphors.get(view.folded[opening]) == "statement":
        joint = any(lex.has("joint", w) for w in view.folded[opening: opening + 3])
        return None if joint else statement(view, lex, opening, last_speaker)  # «وقال بيان صادر عن X»
    phrase = subject_phrase(view, lex, i, OBJECT_WORDS if not cue.reported else SUBJECT_WORDS)
    if phrase:
        speaker = phrase_speaker(view, lex, i, phrase, previous, last_speaker)
        return previous if speaker is None and _object_after(view, lex, i, cue, phrase) else speaker
    if cue.plural:  # «وكان الوزيران لافروف وزيباري أكدا»: a joint statement
        return None
    before = _subject_before(view, lex, i)
    coordinated = view.folded[i][0] in "وف"  # «… وقال إن»: the subject of the verb before
    if before is not None or _resumptive(view, i) or not coordinated and _unnamed_subject_before(view, lex, i):
        return before
    return previous


def _resumptive(view: View, i: int) -> bool:
    """Return whether cue `i` is a «ف» that resumes a topic its sentence opens with «أما» («أما
    مواطن من عدن فيقول»): its subject is that topic (None if it names no one), never carried over."""
    first = view.token_at(view.sentence_start(view.tokens[i][0]))
    return view.folded[i][0] == "ف" and view.folded[first] in ("اما", "واما")


def _object_after(view: View, lex: QuoteLexicon, i: int, cue: Cue, phrase: tuple[int, int]) -> bool:
    """Return whether the words after a coordinated object-taking cue are its object, naming no
    one and opening with an indefinite word that is no title, body or unnamed source («ودعا جميع
    الأطراف إلى "…"»): its subject is the one carried over."""
    first, stop = phrase
    head = view.folded[first]
    if cue.reported or cue.plural or view.folded[i][0] not in "وف" or not lex.cue(view.folded[i][1:]):
        return False
    if view.mentions_in(view.tokens[first][0], view.tokens[stop - 1][1]) or head.startswith("ال"):
        return False
    lists = ("person_titles", "body_heads", "unnamed_sources", "offices", "country_heads")
    return head.isalpha() and not any(lex.has(name, head) for name in lists) and head not in lex.anaphors


def subject_phrase(view: View, lex: QuoteLexicon, i: int,
                   words: int = SUBJECT_WORDS) -> tuple[int, int] | None:
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
    """Return the first token from `k` on that is not a filler («من جهته», «أمس», «،») nor the
    outlet told («قال لـ"الاقتصادية" أمس، اللواء …»)."""
    while k + 1 < len(view.tokens):
        if view.folded[k] == "ل" and _names_outlet(view, k + 1):
            k = view.token_at(view.mark_around(view.tokens[k + 1][0]).close) + 1
            continue
        addressee = _clitic_object(view, k)  # «قال لرويترز إن», «وقال لباريس وزير …»
        if addressee is not None:
            k = view.token_at(addressee.end - 1) + 1
            continue
        if not lex.has("fillers", view.folded[k]):
            break
        if view.folded[k] == "من" and not lex.has("fillers", view.folded[k + 1]):
            break
        k += 1
    return k


def _names_outlet(view: View, k: int) -> bool:
    """Return whether token `k` opens marks around a name (an outlet), not a quotation."""
    mark = view.mark_around(view.tokens[k][0])
    return mark is not None and mark.open == view.tokens[k][0] and mark.open not in view.quotations


def _antecedent(view: View, relative: int) -> Entity | None:
    """Return the person or body named right before a relative pronoun («كلمة أردوغان التي»)."""
    j = relative - 1
    if j >= 0 and view.folded[j] in ("،", ","):
        j -= 1
    mention = view.mention_ending(view.tokens[j][1]) if j >= 0 else None
    return mention.entity if mention and mention.entity.type in ACTORS else None


def _ends_phrase(view: View, lex: QuoteLexicon, k: int) -> bool:
    """Return whether token `k` ends a subject phrase: a quotation, punctuation, a cue, a complementizer."""
    word, start = view.folded[k], view.tokens[k][0]
    if view.is_quotation_mark(start):
        return True
    if not word[:1].isalnum():
        return word not in "-_#" and not view.mark_around(start)  # marks around a name stay; «#» opens a name
    if word.startswith("بال") or word in ("ل", "ب"):  # «ندد بالموقف», «لـ بي بي سي»: a preposition
        return True
    return bool(lex.cue(word) or lex.is_participle(word) or lex.has("complementizers", word))


def _stop_with_suffix(lex: QuoteLexicon, word: str) -> bool:
    """Return whether a word is a stop word with a pronoun suffix («خلالها», «عنه»)."""
    for suffix in ("ها", "هم", "هما", "ه"):
        stem = word[:-len(suffix)]
        if word.endswith(suffix) and len(stem) > 1 and lex.has("subject_stops", stem):
            return True
    return False


def _unnamed_subject_before(view: View, lex: QuoteLexicon, i: int) -> bool:
    """Return whether the cue's clause opens with words other than an adverbial phrase before
    the cue («تقارير أفادت»), i.e. the cue has a subject of its own, one that names no entity."""
    sentence = view.sentence_start(view.tokens[i][0])
    j = i - 1
    while j >= 0 and view.tokens[j][0] >= sentence and not lex.opens_clause(view.folded[j]):
        j -= 1
    words = [w for w in view.folded[j + 1: i] if w not in SVO_BRIDGE and w[:1].isalnum()]
    unnamed = bool(words) and lex.has("unnamed_sources", words[-1])  # «على الرغم من تقارير أفادت»
    return unnamed or bool(words) and not lex.has("adverbial_heads", words[0])


def _adjacent_subject(view: View, lex: QuoteLexicon, i: int) -> Entity | None:
    """Return the actor named right before cue `i` («نتنياهو قال», «وكان تيتي قد أكد»); before a
    coordinated cue only a person who opens the clause before as its subject («، سخر بيكيه وقال»),
    not a name deeper in it, which ends that clause («… مصير الصحفي جمال خاشقجي، وأشار»)."""
    sentence = view.sentence_start(view.tokens[i][0])
    j = i - 1
    while j >= 0 and view.folded[j] in SVO_BRIDGE:
        j -= 1
    if j < 0 or view.tokens[j][1] < sentence:
        return None
    mention = view.mention_ending(view.tokens[j][1])
    if mention is None or mention.entity.type not in ACTORS or _governed(view, lex, mention):
        return None
    if view.folded[i][0] != "و":
        return mention.entity
    k = view.token_at(mention.start)
    opening = k - 1
    while opening >= 0 and view.tokens[opening][0] >= sentence and not lex.opens_clause(view.folded[opening]):
        opening -= 1
    early = k - opening - 1 < SENTENCE_SUBJECT_WORDS
    return mention.entity if mention.entity.type == "PER" and early else None


def _subject_before(view: View, lex: QuoteLexicon, i: int) -> Entity | None:
    """Return the subject written before its verb («نتنياهو قال», «وكان لافروف، الذي …، أعلن»)."""
    adjacent = _adjacent_subject(view, lex, i)
    if adjacent is not None:
        return adjacent
    sentence = view.sentence_start(view.tokens[i][0])
    first = view.token_at(sentence)
    limit = view.tokens[min(first + SENTENCE_SUBJECT_WORDS, i)][0]
    mentions = view.mentions_in(sentence, min(limit, view.tokens[i][0]))
    return first_actor([m for m in mentions if not _governed(view, lex, m)])


def _governed(view: View, lex: QuoteLexicon, mention: MentionAt) -> bool:
    """Return whether a mention is the object of a preposition written before it («في القاهرة»,
    «على "فيسبوك"»), so no subject; not after a source or a title, whose body speaks («مسؤول في
    الخارجية»). A clitic «ل» before a cue mostly owns («في بيان للجيش، قال»), so it does not count."""
    j = _preposition_before(view, lex, view.token_at(mention.start))
    if j is None:
        return False
    return not _source_phrase(view, lex, j)


def _source_phrase(view: View, lex: QuoteLexicon, j: int) -> bool:
    """Return whether the words before the preposition at `j`, back to their clause's start or a
    name, hold an unnamed source or a title, whose body is named after it («مصدر مسؤول في لجنة
    الاحتراف بالاتحاد», «مسؤول في الخارجية»): the body speaks then."""
    sentence = view.sentence_start(view.tokens[j][0])
    for k in range(j - 1, max(-1, j - 1 - SOURCE_WORDS), -1):
        word = view.folded[k]
        if view.tokens[k][0] < sentence or lex.opens_clause(word) or view.in_mention(view.tokens[k][0]):
            return False
        if lex.has("unnamed_sources", word) or lex.has("person_titles", word):
            return True
    return False


def _preposition_before(view: View, lex: QuoteLexicon, k: int) -> int | None:
    """Return the index of the preposition right before token `k` (past quotation marks), if any."""
    j = k - 1
    while j >= 0 and (view.is_quotation_mark(view.tokens[j][0]) or view.folded[j] in QUOTE_MARKS):
        j -= 1
    if j < 0 or view.tokens[j][1] < view.sentence_start(view.tokens[k][0]):
        return None
    return j if lex.has("prepositions", view.folded[j]) else None


def _clitic_object(view: View, k: int) -> MentionAt | None:
    """Return the name that token `k` carries after a clitic preposition «ل»/«ب» (also after «و»):
    «لرويترز», «بالقاهرة», «للجيش الوطني»; not a name that itself opens with the letter («لافروف»)."""
    start, end = view.tokens[k]
    clitic = view.text[start:start + 2] if view.text[start] == "و" else view.text[start]
    if clitic[-1] not in "لب" or end - start <= len(clitic) + 1:
        return None
    outside = view.mention_at(start + len(clitic))
    if outside is not None:  # a person cut short by the tagger («بارا» → «ارا») is no object
        return outside if outside.entity.type != "PER" else None
    inside = view.mention_at(start)
    if inside is None:
        return None
    name, said = fold(inside.entity.name), fold(view.text[start + len(clitic):inside.end])
    return inside if not name.startswith(fold(view.text[start:inside.end])) and (
        name.startswith(said) or name.startswith("ا" + said)) else None


def _after_an(view: View, lex: QuoteLexicon, i: int, back: bool) -> Entity | None:
    """Return the entity named after «عن» before a «قوله» cue, or after a «نقل» cue."""
    span = range(i - 1, max(-1, i - 12), -1) if back else range(i + 1, min(len(view.tokens), i + 12))
    for j in span:
        if view.folded[j] in ("عن", "وعن"):
            if _unnamed(view, lex, j):
                return None
            end = view.tokens[min(j + 8, i - 1 if back else len(view.tokens) - 1)][1]
            return first_actor(view.mentions_in(view.tokens[j][1], end))
    return None


def _an_before(view: View, i: int) -> int | None:
    """Return the index of the «عن» before a «قوله» cue, if one is near."""
    return next((j for j in range(i - 1, max(-1, i - 12), -1) if view.folded[j] in ("عن", "وعن")), None)


def _unnamed(view: View, lex: QuoteLexicon, an: int) -> bool:
    """Return whether the source after «عن» is unnamed («عن أحد القادة», «عن مصادر»)."""
    return an + 1 < len(view.folded) and lex.has("unnamed_sources", view.folded[an + 1])
