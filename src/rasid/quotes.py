"""Quotations with their speakers: direct quotations in marks and reported speech.

A direct quotation is two words or more between quotation marks in the body (not the
headline) that is not a name («داعش», «جنيف 2», «ذكرت "وول ستريت جورنال" أن») and, when short,
not a scare quote with no cue in its sentence. Its speaker is the subject of the cue before it
in its sentence («وقال لافروف: «…»»), else of a cue after it («…»، قال لافروف), else the
sentence's first actor, else the speaker carried over from the cue before; a quotation no cue
introduces passes its speaker on to the next carry-over cue («وأضاف»). Reported speech
is the content after a cue's complementizer (`quotes_reported`); cues and their speakers are
`quotes_speaker` and `quotes_subject`; the marks `quotes_marks`. Cue verbs, participles,
complementizers and the other word lists are lexicons/quote_*.tsv. `rasid quotes` lists them
(`quotes_cli`).
"""
from __future__ import annotations

import bisect

from .frozen import evolve
from .model import Article, Entity, Quote
from .normalize import fold_phrase
from .quotes_lexicon import QuoteLexicon, load_lexicon
from .quotes_marks import Marked
from .quotes_reported import inside, reported_speech
from .quotes_speaker import LOOK_BACK, CueAt, can_speak, continues_speech, first_actor, resolve_cues, subject_phrase
from .quotes_view import View, build_view
from .segment import trim

MIN_WORDS = 2
SCARE_WORDS = 4
NAME_WORDS = 4  # marked names («وول ستريت جورنال», «جنيف 2») are this short


def load() -> QuoteLexicon:
    """Return the quotation lexicons, with the gazetteer's nisba adjectives when it loads."""
    try:
        from .gazetteer import Gazetteer
        return load_lexicon(Gazetteer.load())
    except (ImportError, OSError):
        return load_lexicon()


def version(lex: QuoteLexicon) -> str:
    return f"quotes-2+{lex.version}"


def annotate(article: Article, lex: QuoteLexicon) -> Article:
    """Return the article with its quotations (direct, then reported, in text order)."""
    view = build_view(article)
    quotations = [m for m in view.marks if is_quotation(view, lex, m)]
    view = evolve(view, quotations=frozenset(m.open for m in quotations))
    cues = resolve_cues(view, lex)
    reported = reported_speech(view, lex, cues, view.quotations)
    # a cue inside reported content («قال إن … يشير الاتفاق») is not the quotation's cue
    spans = sorted((r.start, r.end) for r in reported)
    outer = [c for c in cues if not c.embedded and not inside(view, spans, c.start)]
    found = [q for q in (_direct(view, lex, m, outer) for m in quotations) if q.cue or not _scare(q)]
    found += [_quote(view, r.start, r.end, False, r.cue, r.cue.speaker) for r in reported]
    found.sort(key=lambda q: q.start)
    return evolve(article, quotes=tuple(evolve(q, id=f"Q{i}") for i, q in enumerate(found, 1)))


def is_quotation(view: View, lex: QuoteLexicon, mark: Marked) -> bool:
    """Return whether marked text is someone's words rather than a single word or a name."""
    content = view.text[mark.start:mark.end]
    words = fold_phrase(content).split()
    if len(words) < MIN_WORDS or len(content.split()) < MIN_WORDS:  # «العربية.نت», «بي.بي.سي»
        return False
    if len(words) <= NAME_WORDS and words[-1].isdigit():  # «جنيف 2», «أستانا 6»
        return False
    before = view.token_at(mark.open) - 1
    told = before > 0 and view.folded[before] == "ل" and bool(lex.cue(view.folded[before - 1]))
    if before > 0 and len(view.folded[before]) == 1:  # «الشهير بـ"…"», «في تصريح لـ"…"»: past the clitic
        before -= 1
    if told or before >= 0 and lex.has("name_heads", view.folded[before]) or _subject_of_cue(view, lex, mark):
        return False  # «قال لـ"الحياة"»: the outlet told
    folded = " ".join(words)
    if lex.known_name(folded):
        return False
    return not any(fold_phrase(m.entity.name) == folded or fold_phrase(view.text[m.start:m.end]) == folded
                   for m in view.mentions_in(mark.start - 1, mark.end))


def _subject_of_cue(view: View, lex: QuoteLexicon, mark: Marked) -> bool:
    """Return whether marked words are the name a complementizer follows («ذكرت "وول ستريت
    جورنال" أن …»): the subject of a cue, not a quotation."""
    after = view.token_at(mark.close + 1)
    while after < len(view.folded) and view.folded[after] in ("،", ","):
        after += 1
    words = len(view.text[mark.start:mark.end].split())
    follower = view.folded[after] if after < len(view.folded) else ""
    return words <= NAME_WORDS and lex.has("complementizers", follower) and not follower.startswith("و")


def _direct(view: View, lex: QuoteLexicon, mark: Marked, cues: list[CueAt]) -> Quote:
    start, end = trim(view.text, mark.start, mark.end)
    cue = _cue_before(view, mark, cues) or _cue_after(view, lex, mark, cues)
    if cue is not None:
        return _quote(view, start, end, True, cue, cue.speaker)
    return _quote(view, start, end, True, None, _sentence_actor(view, lex, mark, cues))


def _scare(quote: Quote) -> bool:
    """Return whether a short quotation with no cue in its sentence is a scare quote
    («تدير "نقاط مراقبة"»), which the text gives as no one's words."""
    return len(quote.text.split()) <= SCARE_WORDS


def _cue_before(view: View, mark: Marked, cues: list[CueAt]) -> CueAt | None:
    i = bisect.bisect_left(cues, mark.open, key=_start) - 1
    return cues[i] if i >= 0 and cues[i].start >= view.sentence_start(mark.open) else None


def _cue_after(view: View, lex: QuoteLexicon, mark: Marked, cues: list[CueAt]) -> CueAt | None:
    """Return a cue after the quotation in its sentence («…»، قال لافروف); one that another
    quotation follows must name its subject («…»، قال لافروف، «…»), else it is the next
    quotation's own («…»، وأضاف: «…»)."""
    end = view.sentence_end(mark.close + 1)
    for cue in cues[bisect.bisect_right(cues, mark.close, key=_start):]:
        if cue.start >= end:
            break
        if cue.kind != "relay":
            later = bisect.bisect_right(view.mark_opens, cue.start)
            later = later < len(view.marks) and view.mark_opens[later] < end
            return cue if not later or subject_phrase(view, lex, cue.index) else None
    return None


def _sentence_actor(view: View, lex: QuoteLexicon, mark: Marked, cues: list[CueAt]) -> Entity | None:
    """Return the first actor of the quotation's sentence, else the last speaker before it."""
    sentence = view.sentence_start(mark.open)
    actor = can_speak(lex, first_actor(view.mentions_in(sentence, mark.open)))
    if actor is not None:
        return actor
    before = bisect.bisect_left(cues, mark.open, key=_start)
    for cue in cues[max(0, before - LOOK_BACK):before][::-1]:
        if view.breaks_between(cue.end, mark.open) > 1:
            return None
        if cue.speaker is not None:
            return cue.speaker if continues_speech(view, lex, mark, cue.end) else None
    return None


def _start(cue: CueAt) -> int:
    return cue.start


def _quote(view: View, start: int, end: int, direct: bool, cue: CueAt | None,
           speaker: Entity | None) -> Quote:
    return Quote(id="", text=view.text[start:end], start=start, end=end, direct=direct,
                 speaker=speaker.id or None if speaker else None,
                 speaker_name=speaker.name if speaker else None,
                 cue=cue.word if cue else None, cue_start=cue.start if cue else None)


def add_commands(subparsers) -> None:
    """Register `rasid quotes` (the listing lives in quotes_cli)."""
    from .quotes_cli import add_commands as add
    add(subparsers)
