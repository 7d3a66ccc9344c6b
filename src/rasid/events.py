"""PLOVER events: triggers from the lexicon, actors, place, date, evidence, one event per real event.

For each sentence of the body the trigger patterns of `lexicons/event_patterns.tsv` fire on the
folded text; a negated («لم», «لن», «نفى») or hypothetical («إذا», «لو») trigger is dropped. The
actors come from `events_actors`, the date from `dates` (the sentence's own date words, else the
date of the dated statement or episode it continues). Events of one type, actors and day told
twice are merged into one event with several evidence spans.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from . import dates, events_lexicon
from .events_actors import ActorMention, Parties, actor_mentions, parties
from .frozen import evolve
from .model import Actor, Article, Event, Evidence

LEAD_CHARS = 400
# Below 0.6 an event has not both parties in its clause, or is told once outside the lead: on dev
# and seeds such events were right about one time in three (docs/calibration.md), so they are
# not emitted, except an article's best lead event (its main one) from 0.4 up.
MIN_CONFIDENCE = 0.4
LEAD_MIN_CONFIDENCE = 0.4
WORDS = regex.compile(r"\w+")
QUESTION = regex.compile(r"[؟?]\s*$")
CLAUSE_MARKS = tuple("،,؛;:")  # the marks that end a clause
CLAUSE_END = regex.compile(r"[،,؛;:]\s*|\s+و(?=\S)")


@dataclass(frozen=True)
class State:
    lexicon: events_lexicon.Lexicon
    date_words: dates.DateWords


@dataclass(frozen=True)
class Trigger:
    start: int
    end: int
    pattern: events_lexicon.Pattern
    head_end: int = 0  # end of the trigger's first word: actors after it may sit inside a gapped pattern


def load() -> State:
    """Return the event stage's state: the compiled lexicon and date words."""
    return State(events_lexicon.load(), dates.load())


def version(state: State) -> str:
    return state.lexicon.version


def annotate(article: Article, state: State) -> Article:
    """Return the article with its PLOVER events.

    The triggers come first: an article without any (a quarter of the news: sports, culture,
    prices) needs neither its actor mentions nor its dates.
    """
    flat, offsets = dates.folded(article.text)
    found_words = events_lexicon.scan(flat, state.lexicon)
    if _sports(flat, offsets, article, state.lexicon, found_words.leisure):
        return evolve(article, events=())
    body = [s for s in article.sentences if s[0] >= article.body_start] or list(article.sentences)
    told = _sentence_triggers(article, flat, offsets, body, state.lexicon, found_words)
    if not any(told):
        return evolve(article, events=())
    mentions = actor_mentions(article, flat, offsets, state.lexicon, found_words.heads)
    sentence_dates = _by_sentence(dates.find_dates(article.text, article.published, state.date_words, body[0][0],
                                                   whole=(flat, offsets)), body)
    fallback = _main_actor(mentions, article)
    found: list[Event] = []
    latest: dict[str, int] = {}  # event type → index in `found` of its latest event
    episode = _lead_date(sentence_dates, article.text)  # the main episode's day: what undated sentences continue
    previous_source: tuple[Actor, ...] = ()
    for sentence, own_dates, sentence_triggers in zip(body, sentence_dates, told):
        dated = [d for d in own_dates if d.date and not _since(article.text, d)]
        types: set[str] = set()
        for trigger in sentence_triggers:
            if trigger.pattern.type in types:
                continue  # one sentence tells one event of a type («المحادثات ... المحادثات»)
            types.add(trigger.pattern.type)
            event = _event(article, trigger, sentence, mentions, dated or None, episode,
                           previous_source or fallback)
            if not _told_again(found, latest, event, DEFINITE.match(flat, _flat_span(offsets, (trigger.start, 0))[0])):
                latest[event.type] = len(found)
                found.append(event)
            previous_source = event.source or previous_source
    return evolve(article, events=tuple(_numbered(confident(merge(found), article))))


def _sentence_triggers(article: Article, flat: str, offsets: list[int], body: list[tuple[int, int]],
                       lexicon: events_lexicon.Lexicon, found: events_lexicon.Scan) -> list[list[Trigger]]:
    """Return, per body sentence, its triggers (`triggers`), outside the organisations' names;
    `found` is `events_lexicon.scan(flat, lexicon)`."""
    start = body[0][0] if body else 0
    candidates = _outside_names(candidate_triggers(flat, _flat_span(offsets, (start, len(article.text))), lexicon,
                                                   found.anchors),
                                [_flat_span(offsets, span) for span in _organisation_names(article)])
    starts = [t.start for t in candidates]
    told = []
    for sentence in body:
        lo, hi = _flat_span(offsets, sentence)
        has_candidate = bisect.bisect_left(starts, lo) < bisect.bisect_left(starts, hi)
        told.append(triggers(flat, offsets, sentence, candidates, lexicon, found.leisure) if has_candidate else [])
    return told


def _organisation_names(article: Article) -> list[tuple[int, int]]:
    """Return the spans of the organisations' mentions, in text order."""
    return sorted((m.start, m.end) for e in article.entities if e.type == "ORG" for m in e.mentions)


def _outside_names(candidates: list[Trigger], names: list[tuple[int, int]]) -> list[Trigger]:
    """Drop triggers inside an organisation's name («الحشد الشعبي», «مجلس التعاون الخليجي»)."""
    if not names:
        return candidates
    starts = [s for s, _ in names]
    longest = max(e - s for s, e in names)
    kept = []
    for t in candidates:
        near = names[bisect.bisect_left(starts, t.start - longest):bisect.bisect_left(starts, t.end)]
        if not any(s < t.end and t.start < e for s, e in near):
            kept.append(t)
    return kept


def _by_sentence(found: list[dates.DateMention], body: list[tuple[int, int]]) -> list[list[dates.DateMention]]:
    """Return, per sentence, the date mentions inside it (`found` is in text order)."""
    starts = [d.start for d in found]
    return [[d for d in found[bisect.bisect_left(starts, s):bisect.bisect_left(starts, e)] if d.end <= e]
            for s, e in body]


def candidate_triggers(flat: str, span: tuple[int, int], lexicon: events_lexicon.Lexicon,
                       anchors: list[tuple[int, int, tuple[int, ...]]] | None = None) -> list[Trigger]:
    """Return every pattern match of the folded text span, in order, longest first at one place.

    Each pattern is tried only where one of its anchor words occurs (`pattern_starts`), the way
    `finditer` would meet it: a match hides that pattern's later matches it overlaps.
    """
    matches = []
    for index, places in sorted(events_lexicon.pattern_starts(flat, span, lexicon, anchors).items()):
        pattern, reach = lexicon.patterns[index], span[0]
        for place in places:
            if place < reach:
                continue
            m = pattern.regex.match(flat, place, span[1])
            if m:
                matches.append(Trigger(m.start(), m.end(), pattern))
                reach = m.end()
    return sorted(matches, key=lambda t: (t.start, t.start - t.end))


def triggers(flat: str, offsets: list[int], sentence: tuple[int, int], candidates: list[Trigger],
             lexicon: events_lexicon.Lexicon, leisure: list[tuple[int, int, str]] | None = None) -> list[Trigger]:
    """Return the non-overlapping, non-negated triggers of a sentence (longest match wins)."""
    lo, hi = _flat_span(offsets, sentence)
    kept: list[Trigger] = []
    first = bisect.bisect_left(candidates, lo, key=lambda t: t.start)
    last = bisect.bisect_left(candidates, hi, key=lambda t: t.start)
    for trigger in candidates[first:last]:
        if trigger.end > hi:
            continue
        if any(trigger.start < k.end and k.start < trigger.end for k in kept):
            continue
        kept.append(trigger)
    if not kept or QUESTION.search(flat, lo, hi):
        return []  # a question asks about events, it does not tell one («ما هي بنود الاتفاق؟»)
    if _about_leisure(flat, lo, hi, lexicon, 2, leisure):
        return []  # a sentence about a match, a player or a series («رفض أسطورة كرة القدم»)
    kept = [t for t in kept if t.pattern.type != "NONE" and not _negated(flat, lo, t.start, lexicon)
            and not _expected(flat, t, hi, lexicon) and not _background(flat, lo, t.start, lexicon)]
    if any(t.pattern.id.startswith("assault.kill") for t in kept) and _has_cue(flat[lo:hi], "disaster", lexicon):
        kept = [t for t in kept if not t.pattern.id.startswith("assault.kill")]  # deaths in a quake or crash
    kept = _outside_complements(kept, flat, hi)
    return [Trigger(offsets[t.start], offsets[t.end - 1] + 1, t.pattern, offsets[_head_end(flat, t)] + 1)
            for t in kept]


SPORT_WORDS = 3


def _sports(flat: str, offsets: list[int], article: Article, lexicon: events_lexicon.Lexicon,
            leisure: list[tuple[int, int, str]] | None = None) -> bool:
    """Return True for sports news (title and lead name several sports words): no PLOVER events."""
    lead_end = _flat_span(offsets, (0, min(len(article.text), article.body_start + 300)))[1]
    return _about_leisure(flat, 0, lead_end, lexicon, SPORT_WORDS, leisure)


def _about_leisure(flat: str, lo: int, hi: int, lexicon: events_lexicon.Lexicon, words: int = 2,
                   leisure: list[tuple[int, int, str]] | None = None) -> bool:
    """Return True when flat[lo:hi] has `words` different words or more of sports and entertainment
    news (after «و», «ف», «ب», «ل»). Most texts hold fewer of them even as parts of other words,
    which the automaton found (`leisure`: `events_lexicon.scan(flat, lexicon).leisure`) tells
    without cutting the text into words."""
    if leisure is None:
        leisure = events_lexicon.scan(flat, lexicon).leisure
    if len({word for first, last, word in leisure if first >= lo and last < hi}) < words:
        return False
    return len({w.lstrip("وفبل") for w in WORDS.findall(flat, lo, hi)} & _leisure(lexicon)) >= words


def _leisure(lexicon: events_lexicon.Lexicon) -> frozenset[str]:
    """Return the words of sports and entertainment news, where PLOVER codes nothing."""
    return lexicon.leisure


def _has_cue(clause: str, kind: str, lexicon: events_lexicon.Lexicon) -> bool:
    cues = set(lexicon.cues.get(kind, ()))
    return any(w in cues or w.lstrip("وفبل") in cues for w in WORDS.findall(clause))


def _head_end(flat: str, trigger: Trigger) -> int:
    space = flat.find(" ", trigger.start, trigger.end)
    return (space if space > 0 else trigger.end) - 1


DETERMINERS = ("اي", "ايه", "كل")
COMPLEMENT_TAKERS = ("REQUEST", "REJECT", "THREATEN")
ALLEGING = "allege"  # an accusation's acts are alleged («اتهم X بشن هجمات»); a condemned act is real


NEXT_CLAUSE = regex.compile(r"[،,؛;:]\s*(?:و|ف|فيما|بينما|في\s+حين|كما|حيث)(?!\w)|[،,؛;:]\s*و(?=\w{3})")
COORDINATED_VERB = regex.compile(r"[وف](?!ال)[اأيتن]?\w{3}")  # «وأيدت حق إسرائيل»: و before a verb opens a clause
DEFINITE = regex.compile(r"[وف]?[بل]?ال")  # «التهديدات التي تعرضت لها»: a noun with the article takes no complement


def _takes_complement(trigger: Trigger) -> bool:
    return trigger.pattern.type in COMPLEMENT_TAKERS or trigger.pattern.mode == ALLEGING


def _outside_complements(kept: list[Trigger], flat: str, hi: int) -> list[Trigger]:
    """Drop triggers inside what a request, refusal, threat or accusation is about («دعا إلى تعزيز
    التعاون»): its complement runs to the end of the clause (a comma and «و», «فيما», ...)."""
    found, reach = [], -1
    for trigger in kept:
        if trigger.start <= reach and not COORDINATED_VERB.match(flat, trigger.start):
            continue
        found.append(trigger)
        if _takes_complement(trigger) and not DEFINITE.match(flat, trigger.start):
            boundary = NEXT_CLAUSE.search(flat, trigger.end, hi)
            reach = boundary.start() if boundary else hi
    return found


def _flat_span(offsets: list[int], span: tuple[int, int]) -> tuple[int, int]:
    return bisect.bisect_left(offsets, span[0]), bisect.bisect_left(offsets, span[1])


FOLLOWING_WORD = regex.compile(r"\s+(\w+)")
NEGATION_REACH = 400  # characters before a trigger that hold the words able to negate it


def _expected(flat: str, trigger: Trigger, hi: int, lexicon: events_lexicon.Lexicon) -> bool:
    """Return True when the word after a trigger makes it an event still to come («الهجوم المرتقب»)
    or one told before («التهديدات السابقة»)."""
    following = FOLLOWING_WORD.match(flat, trigger.end, hi)
    return bool(following) and (following.group(1) in lexicon.cues.get("expected", ())
                                or following.group(1) in lexicon.cues.get("earlier", ()))


def _background(flat: str, lo: int, start: int, lexicon: events_lexicon.Lexicon) -> bool:
    """Return True when the word before a trigger makes it the reason, time or topic of another
    statement («بسبب احتجاز», «بتهمة قتل», «منذ مقتل», «بشأن الهجوم»), not an event told here."""
    words = WORDS.findall(flat, max(lo, start - 40), start)
    if words and words[-1].lstrip("وفبل") in ("اي", "ايه"):
        return True  # «تحسبا لأي هجوم», «بأي اتفاق»: any such event, not one that happened
    return bool(words) and (words[-1] in lexicon.cues.get("background", ())
                            or words[-1].lstrip("و") in lexicon.cues.get("background", ()))


def _negated(flat: str, lo: int, start: int, lexicon: events_lexicon.Lexicon) -> bool:
    """Return True when the words before a trigger negate it or make it hypothetical."""
    clause = flat[max(lo, start - NEGATION_REACH):start]
    cut = max(map(clause.rfind, CLAUSE_MARKS)) + 1  # after the clause's last mark (0: none)
    last = _last_words(clause, NEGATION_WORDS)
    words = [w.lstrip("و") or w for _, w in last]
    own = [w for at, w in last if at >= cut]
    if words and words[-1] in DETERMINERS:
        words = words[:-1]  # «دون أي تهديد», «لا أية مفاوضات»
    if words and (words[-1] in lexicon.cues["negation"] or (len(words) > 1 and words[-2] in ("لم", "لن"))):
        return True
    if any(w.lstrip("و") in lexicon.cues["denial"] for w in words[-8:]):
        return True
    return any(w in lexicon.cues["condition"] for w in own[-6:])


NEGATION_WORDS = 9  # `_negated` reads no word before the last nine of the clause
TAIL_CHARS = 160  # enough for nine words of most clauses


def _last_words(clause: str, count: int) -> list[tuple[int, str]]:
    """Return the last `count` words of `clause` (`WORDS`) with their offsets, read from its tail
    when the tail holds more words than that (its first word may be cut, the others are whole)."""
    tail = len(clause) - TAIL_CHARS
    if tail > 0:
        found = [(m.start(), m.group()) for m in WORDS.finditer(clause, tail)]
        if len(found) > count:
            return found[-count:]
    return [(m.start(), m.group()) for m in WORDS.finditer(clause)][-count:]


def _event(article: Article, trigger: Trigger, sentence, mentions: list[ActorMention],
           dated, episode, carried: tuple[Actor, ...]) -> Event:
    in_lead = sentence[0] < article.body_start + LEAD_CHARS
    found = parties(mentions, sentence, (trigger.start, trigger.head_end), trigger.pattern.form, article.text,
                    trigger.pattern.type)
    source, target = found.source, found.target
    if not source and carried:
        source = carried[:1]
    if not target and source:
        target = source[:1]
    when = _nearest(dated, trigger) if dated else episode
    return Event(id="", type=trigger.pattern.type, mode=trigger.pattern.mode, source=source, target=target,
                 evidence=(Evidence(*sentence),), rule=trigger.pattern.id,
                 confidence=confidence(trigger.pattern.form, found, in_lead), location=found.location,
                 date=when.date if when else None, date_text=when.text if when else None)


def confidence(form: str, found: Parties, in_lead: bool, told: int = 1) -> float:
    """Return an event's confidence from what the dev calibration showed predicts a right event.

    Both parties found in the clause, the article's lead, being told more than once and a
    multi-word pattern each raise it (docs/calibration.md has the table per band).
    """
    score = (0.3 + 0.15 * (found.complete == 2) + 0.05 * (found.complete >= 1) + 0.15 * in_lead
             + 0.15 * (told > 1) + 0.05 * (form == "phrase"))
    return round(min(0.95, score), 2)


SINCE = regex.compile(r"(?:منذ|حتى|مطلع|أواخر|اواخر)\s+(?:يوم\s+)?$")


def _since(text: str, mention: dates.DateMention) -> bool:
    """Return True for a date that starts or ends a span («منذ الخميس الماضي»), not the event's day."""
    return bool(SINCE.search(text[max(0, mention.start - 12):mention.start]))


def _nearest(dated: list[dates.DateMention], trigger: Trigger) -> dates.DateMention:
    return min(dated, key=lambda d: min(abs(d.start - trigger.end), abs(trigger.start - d.end)))


def _lead_date(sentence_dates: list[list[dates.DateMention]], text: str) -> dates.DateMention | None:
    """Return the first day the body fixes for something that happened (not «منذ ...»)."""
    for own in sentence_dates:
        for d in own:
            if d.date and not _since(text, d):
                return d
    return None


def _main_actor(mentions: list[ActorMention], article: Article) -> tuple[Actor, ...]:
    """Return the country actor the article is most about (its lead's first, else the most named)."""
    lead = [m for m in mentions if not m.place and m.start < article.body_start + 400]
    if lead:
        return (lead[0].actor,)
    counts: dict[str, int] = {}
    for m in mentions:
        counts[m.actor.country] = counts.get(m.actor.country, 0) + 1
    best = max(counts, key=lambda c: (counts[c], c), default=None)
    return tuple(m.actor for m in mentions if m.actor.country == best)[:1]


def confident(events: list[Event], article: Article) -> list[Event]:
    """Return the events sure enough to emit; an article keeps at least its lead's best event."""
    kept = [e for e in events if e.confidence >= MIN_CONFIDENCE]
    lead = [e for e in events if e.confidence >= LEAD_MIN_CONFIDENCE
            and e.evidence[0].start < article.body_start + LEAD_CHARS]
    if not kept and lead:
        kept = [max(lead, key=lambda e: e.confidence)]  # first of the best: max keeps the earliest
    return kept


def _told_again(found: list[Event], latest: dict[str, int], event: Event, definite) -> bool:
    """Fold a definite verbal noun («الاتفاق», «الهجوم») into the latest earlier event of its type.

    The article refers back to an event it has told («وقعت مصر والأردن اتفاقية ... ويشمل الاتفاق»):
    the parties found in the later sentence are often others («وتعارض الحكومة الإسرائيلية الاتفاق»),
    so it would pass for a second event. Requiring a shared party kept such false events on dev and
    the hold-out, so the latest earlier event of the type is the one referred to.
    Returns True when the event was folded in (`found` is updated in place).
    """
    if not definite or event.type not in latest:
        return False
    i = latest[event.type]
    earlier = found[i]
    found[i] = evolve(earlier, evidence=earlier.evidence + event.evidence,
                       confidence=round(min(0.95, max(earlier.confidence, event.confidence) + 0.15), 2))
    return True


def merge(events: list[Event]) -> list[Event]:
    """Return events with the same type, source countries and day merged (evidence and targets joined)."""
    merged: dict[tuple, Event] = {}
    evidence: dict[tuple, set[Evidence]] = {}
    for event in events:
        key = (event.type, _countries(event.source), event.date)
        if key not in merged:
            merged[key], evidence[key] = event, set(event.evidence)
            continue
        kept = merged[key]
        evidence[key].update(event.evidence)
        countries = {k.country for k in kept.target}
        target = kept.target + tuple(a for a in event.target if a.country not in countries)
        merged[key] = evolve(kept, target=target,
                              confidence=round(min(0.95, max(kept.confidence, event.confidence) + 0.15), 2))
    return [evolve(event, evidence=tuple(sorted(evidence[key], key=lambda e: (e.start, e.end))))
            if len(evidence[key]) > 1 else event for key, event in merged.items()]


def _countries(actors: tuple[Actor, ...]) -> tuple[str, ...]:
    return tuple(sorted({a.country for a in actors if a.country}))


def _numbered(events: list[Event]) -> list[Event]:
    return [evolve(e, id=f"V{i}") for i, e in enumerate(events, 1)]
