"""Cue verbs and their speakers: the subject after or before the cue, titles, carry-over.

Every cue outside quotation marks is resolved in text order, so a cue with no subject of
its own («وأضاف», «وتابع») takes the speaker of the cue before it. A participle
(«مؤكدا», «مشيرا إلى») takes the speaker of its sentence's main cue.
"""
from __future__ import annotations

from dataclasses import dataclass

from .model import Entity
from .normalize import strip_article
from .quotes_lexicon import QuoteLexicon
from .quotes_view import MentionAt, View

SUBJECT_WORDS = 10  # a cue's subject phrase is at most this many words
CARRY_SPAN = 2  # paragraphs back that a subject-less cue may reach for its speaker
SVO_BRIDGE = {"قد", "كان", "وكان", "فقد", "وقد", "،", ","}


@dataclass(frozen=True)
class CueAt:
    """A cue token and the speaker it resolves to (None: unnamed, joint or unknown)."""
    index: int
    start: int
    end: int
    word: str
    speaker: Entity | None
    participle: bool = False


def resolve_cues(view: View, lex: QuoteLexicon) -> list[CueAt]:
    """Return every cue outside quotation marks with its speaker, in text order."""
    found: list[CueAt] = []
    last: CueAt | None = None
    for i, word in enumerate(view.folded):
        start, end = view.tokens[i]
        if view.mark_around(start):
            continue
        cue, participle = lex.cue(word), lex.is_participle(word)
        if not cue and not participle:
            continue
        if participle:
            speaker = _main_speaker(view, found, start, last)
        else:
            speaker = _cue_speaker(view, lex, i, cue, last)
        at = CueAt(i, start, end, view.text[start:end], speaker, participle)
        found.append(at)
        if speaker is not None:
            last = at
    return found


def _main_speaker(view: View, found: list[CueAt], start: int, last: CueAt | None) -> Entity | None:
    """Return the speaker of the main cue of the sentence a participle stands in."""
    sentence = view.sentence_start(start)
    for cue in reversed(found):
        if cue.start < sentence:
            break
        if not cue.participle:
            return cue.speaker
    actors = [m for m in view.mentions_in(sentence, start) if m.entity.type in ("PER", "ORG")]
    if actors:
        return actors[0].entity
    return last.speaker if last and last.start >= sentence else None


def _cue_speaker(view: View, lex: QuoteLexicon, i: int, cue, last: CueAt | None) -> Entity | None:
    if cue.kind == "quoting":
        return _after_an(view, i, back=True)
    if cue.kind == "relay":
        return _after_an(view, i, back=False)
    phrase = subject_phrase(view, lex, i)
    if phrase:
        return _phrase_speaker(view, lex, phrase, last)
    before = _subject_before(view, i)
    if before is not None:
        return before
    if cue.plural:
        return None
    return _carried(view, lex, i, last)


def subject_phrase(view: View, lex: QuoteLexicon, i: int) -> tuple[int, int]:
    """Return the token range (first, stop) of the words right after cue `i` that name its subject."""
    stop = i + 1
    while stop < len(view.tokens) and stop - i <= SUBJECT_WORDS:
        word = view.folded[stop]
        start = view.tokens[stop][0]
        if not word[:1].isalnum() and word not in "-_" or lex.has("subject_stops", word):
            break
        if lex.cue(word) or lex.is_participle(word) or view.mark_around(start):
            break
        if lex.has("complementizers", word):
            break
        stop += 1
    return (i + 1, stop) if stop > i + 1 else ()


def _phrase_speaker(view: View, lex: QuoteLexicon, phrase: tuple[int, int],
                    last: CueAt | None) -> Entity | None:
    first, stop = phrase
    start, end = view.tokens[first][0], view.tokens[stop - 1][1]
    inside = [m for m in view.mentions_in(start, end) if m.end <= end + 1]
    people = [m for m in inside if m.entity.type == "PER"]
    if people:
        return people[0].entity
    head = view.folded[first]
    if lex.has("person_titles", head):
        titled = _titled_person(view, head, start)
        if titled is not None:
            return titled
        if head.startswith("ال") and last and last.speaker and last.speaker.type == "PER" and not inside:
            return last.speaker
        return inside[0].entity if inside else None
    if inside and inside[0].start <= view.tokens[first][1]:
        return inside[0].entity
    return None


def _titled_person(view: View, head: str, before: int) -> Entity | None:
    """Return the person last introduced with the title word `head` before offset `before`."""
    key = strip_article(head)
    for mention in reversed([m for m in view.mentions if m.end <= before and m.entity.type == "PER"]):
        first = view.token_at(mention.start)
        window = view.folded[max(0, first - 6): first]
        if any(strip_article(w) == key or strip_article(w[1:]) == key for w in window):
            return mention.entity
    return None


def _subject_before(view: View, i: int) -> Entity | None:
    """Return the subject written before its verb («نتنياهو قال», «وكان لافروف قد قال»)."""
    j = i - 1
    while j >= 0 and view.folded[j] in SVO_BRIDGE:
        j -= 1
    if j < 0 or view.tokens[j][1] < view.sentence_start(view.tokens[i][0]):
        return None
    mention = view.mention_ending(view.tokens[j][1])
    if mention and mention.entity.type in ("PER", "ORG", "LOC"):
        return mention.entity
    return None


def _carried(view: View, lex: QuoteLexicon, i: int, last: CueAt | None) -> Entity | None:
    """Return the previous speaker for a cue with no subject of its own, if close enough."""
    if last is None:
        return None
    between = view.text[last.end: view.tokens[i][0]]
    if between.count("\n\n") + (between.count("\n") if "\n\n" not in between else 0) > CARRY_SPAN:
        return None
    return last.speaker


def _after_an(view: View, i: int, back: bool) -> Entity | None:
    """Return the entity named after «عن» before a «قوله» cue, or after a «نقل» cue."""
    span = range(i - 1, max(-1, i - 12), -1) if back else range(i + 1, min(len(view.tokens), i + 12))
    for j in span:
        if view.folded[j] in ("عن", "وعن"):
            found = view.mentions_in(view.tokens[j][1], view.tokens[min(j + 8, len(view.tokens) - 1)][1])
            return _first_actor(found)
    return None


def _first_actor(mentions: list[MentionAt]) -> Entity | None:
    people = [m for m in mentions if m.entity.type == "PER"]
    if people:
        return people[0].entity
    return mentions[0].entity if mentions else None
