"""Reported speech: the content after a cue's complementizer («قال إن …», «مشيرا إلى أن …»).

The content runs from right after the complementizer to the end of the reported clause: the
sentence end, an opening quotation mark of a quotation, or the next attribution («، مضيفا»).
Content of fewer than three words before a quotation mark is left to the quotation.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass

from .normalize import fold
from .quotes_lexicon import QuoteLexicon
from .quotes_speaker import CueAt
from .quotes_view import View

SEARCH_WORDS = 30  # a complementizer must come within this many words of its cue
MIN_BEFORE_MARK = 3
TRIM = " \t\n،,:;-–—"
CLITICS = {"ب", "ل", "ك", "و"}
DANGLING = {"ان", "بان", "وان", "انه", "انها", "بل"}  # a complementizer left before a quotation («هو أن»)


@dataclass(frozen=True)
class Reported:
    start: int
    end: int
    cue: CueAt


def reported_speech(view: View, lex: QuoteLexicon, cues: list[CueAt], quoted: set[int]) -> list[Reported]:
    """Return the reported content of every cue that opens one; `quoted` holds the opening
    offsets of the marks that are quotations (not names or single words)."""
    found: list[Reported] = []
    spans: list[tuple[int, int]] = []  # the spans found, by start
    for cue in cues:
        for span in _contents(view, lex, cue, quoted):
            if not inside(view, spans, span[0]):
                found.append(Reported(span[0], span[1], cue))
                bisect.insort(spans, span)
    return found


def inside(view: View, spans: list[tuple[int, int]], offset: int) -> bool:
    """Return whether `offset` lies in one of the reported spans (sorted by start); a span never
    crosses a sentence end, so only the spans of the offset's sentence are looked at."""
    sentence = view.sentence_start(offset)
    for k in range(bisect.bisect_right(spans, (offset, len(view.text) + 1)) - 1, -1, -1):
        start, end = spans[k]
        if start < sentence:
            return False
        if offset < end:
            return True
    return False


def _contents(view: View, lex: QuoteLexicon, cue: CueAt, quoted: set[int]) -> list[tuple[int, int]]:
    """Return the reported contents a cue opens: after its complementizer, and after each
    «وأن» that resumes the clause past a quotation («أن إيران تجاوزت "…"، وأن الرد كان …»)."""
    if cue.kind == "source":
        span = _source_content(view, lex, cue, quoted)
        return [span] if span else []
    if not (cue.participle or lex.cue(view.folded[cue.index]).reported):
        return []
    k = _complementizer(view, lex, cue.index, quoted)
    spans = []
    while k is not None:
        span, stop = _content(view, lex, k, quoted)
        if span:
            spans.append(span)
        k = _resumed(view, lex, stop) if stop is not None else None
    return spans


def _resumed(view: View, lex: QuoteLexicon, mark_start: int) -> int | None:
    """Return the «وأن» token that resumes reported content after the quotation at `mark_start`."""
    mark = view.mark_around(mark_start)
    k = view.token_at(mark.close) + 1
    limit = view.sentence_end(mark.close)
    while k < len(view.tokens) and view.tokens[k][0] < limit and view.folded[k] in ("،", ","):
        k += 1
    if k < len(view.tokens) and view.tokens[k][0] < limit and view.folded[k][:1] == "و" \
            and lex.has("complementizers", view.folded[k]):
        return k
    return None


def _source_content(view: View, lex: QuoteLexicon, cue: CueAt, quoted: set[int]) -> tuple[int, int] | None:
    """Return the clause a sentence-initial «بحسب X» attributes: from «فإن»/«فقد» to its end."""
    if view.token_at(view.sentence_start(cue.start)) < cue.index - 1:
        return None
    limit = view.sentence_end(cue.start)
    for k in range(cue.index + 2, min(len(view.tokens), cue.index + 10)):
        word = view.folded[k]
        if view.tokens[k][0] >= limit:
            return None
        if word in ("فان", "فانه", "فانها"):
            return _content(view, lex, k, quoted)[0]
        if word[:1] == "ف" and view.folded[k - 1] in ("،", ",") or word in ("فقد",):
            return _content(view, lex, k - 1, quoted)[0]
    return None


def _complementizer(view: View, lex: QuoteLexicon, i: int, quoted: set[int]) -> int | None:
    """Return the index of the complementizer that opens cue `i`'s content, or None."""
    end = view.sentence_end(view.tokens[i][1])
    for k in range(i + 1, min(len(view.tokens), i + 1 + SEARCH_WORDS)):
        start, word = view.tokens[k][0], view.folded[k]
        after = view.folded[k + 1] if k + 1 < len(view.folded) else ""
        if word == ":" and lex.has("complementizers", after):  # «وقال: إن الحكومة …»
            continue
        if start >= end or word == ":" or start in quoted or lex.has("requests", word):
            return None
        if lex.cue(word) or lex.is_participle(word):
            return None
        if word == "عن" and not lex.has("issued", view.folded[k - 1]):  # «كشف عن خطط»: an object
            return None
        if lex.has("complementizers", word) and not lex.has("not_complementizer", view.folded[k - 1]):
            return k
    return None


def _content(view: View, lex: QuoteLexicon, k: int,
             quoted: set[int]) -> tuple[tuple[int, int] | None, int | None]:
    """Return the (start, end) of the reported clause after complementizer token `k` (None when
    it is too short before a quotation), and the offset of the quotation that ends it, if one does."""
    if k + 1 >= len(view.tokens):
        return None, None
    start = view.tokens[k + 1][0]
    limit = view.sentence_end(start)
    end, mark, words = limit, None, 0
    for j in range(k + 1, len(view.tokens)):
        tok_start = view.tokens[j][0]
        if tok_start >= limit:
            break
        if tok_start in quoted:
            end, mark = tok_start, tok_start
            break
        if _attribution_follows(view, lex, j):
            end = view.tokens[j][0]
            break
        words += view.folded[j][:1].isalnum()
    if mark is not None and words < MIN_BEFORE_MARK:
        return None, mark
    end = _trim(view.text, start, end)
    return ((start, end) if end > start else None), mark


def _attribution_follows(view: View, lex: QuoteLexicon, j: int) -> bool:
    """Return whether a new attribution starts at token `j` («، مضيفا», «مبينا أن», «وقال إن»),
    or at the token after a comma."""
    word = view.folded[j]
    if word in ("،", ",") and j + 1 < len(view.tokens):
        word = view.folded[j + 1]
        after = view.folded[j + 2] if j + 2 < len(view.tokens) else ""
        if lex.has("clause_ends", word) or word == "في" and lex.has("clause_ends", after):
            return True
    cue = lex.cue(word)
    return lex.is_participle(word) or bool(cue and (cue.kind == "source" or word[0] in "وف"))


def _trim(text: str, start: int, end: int) -> int:
    """Return `end` moved back over punctuation and a dangling clitic («بـ», «لـ»)."""
    while end > start and text[end - 1] in TRIM:
        end -= 1
    tail = text[start:end].rsplit(None, 1)[-1] if text[start:end].strip() else ""
    if (tail.rstrip("ـ") in CLITICS or fold(tail) in DANGLING) and end - len(tail) > start:
        end = _trim(text, start, end - len(tail))
    return end
