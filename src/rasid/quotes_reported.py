"""Reported speech: the content after a cue's complementizer («قال إن …», «مشيرا إلى أن …»).

The content runs from right after the complementizer to the end of the reported clause: the
sentence end, an opening quotation mark of a quotation, or the next attribution («، مضيفا»).
Content of fewer than three words before a quotation mark is left to the quotation.
"""
from __future__ import annotations

from dataclasses import dataclass

from .quotes_lexicon import QuoteLexicon
from .quotes_speaker import CueAt
from .quotes_view import View

SEARCH_WORDS = 30  # a complementizer must come within this many words of its cue
MIN_BEFORE_MARK = 3
TRIM = " \t\n،,:;-–—"


@dataclass(frozen=True)
class Reported:
    start: int
    end: int
    cue: CueAt


def reported_speech(view: View, lex: QuoteLexicon, cues: list[CueAt], quoted: set[int]) -> list[Reported]:
    """Return the reported content of every cue that opens one; `quoted` holds the opening
    offsets of the marks that are quotations (not names or single words)."""
    found: list[Reported] = []
    for cue in cues:
        if not (cue.participle or lex.cue(view.folded[cue.index]).reported):
            continue
        k = _complementizer(view, lex, cue.index)
        if k is None:
            continue
        span = _content(view, lex, k, quoted)
        if span and not any(r.start <= span[0] < r.end for r in found):
            found.append(Reported(span[0], span[1], cue))
    return found


def _complementizer(view: View, lex: QuoteLexicon, i: int) -> int | None:
    """Return the index of the complementizer that opens cue `i`'s content, or None."""
    end = view.sentence_end(view.tokens[i][1])
    for k in range(i + 1, min(len(view.tokens), i + 1 + SEARCH_WORDS)):
        start, word = view.tokens[k][0], view.folded[k]
        if start >= end or word == ":" or view.mark_around(start) or lex.has("requests", word):
            return None
        if lex.cue(word) or lex.is_participle(word):
            return None
        if lex.has("complementizers", word) and not lex.has("not_complementizer", view.folded[k - 1]):
            return k
    return None


def _content(view: View, lex: QuoteLexicon, k: int, quoted: set[int]) -> tuple[int, int] | None:
    """Return the (start, end) of the reported clause after complementizer token `k`."""
    if k + 1 >= len(view.tokens):
        return None
    start = view.tokens[k + 1][0]
    limit = view.sentence_end(start)
    end = limit
    for j in range(k + 1, len(view.tokens)):
        tok_start = view.tokens[j][0]
        if tok_start >= limit:
            break
        if tok_start in quoted:
            if j - (k + 1) < MIN_BEFORE_MARK:
                return None
            end = tok_start
            break
        if _attribution_follows(view, lex, j):
            end = view.tokens[j][0]
            break
    end = _trim(view.text, start, end)
    return (start, end) if end > start else None


def _attribution_follows(view: View, lex: QuoteLexicon, j: int) -> bool:
    """Return whether token `j` is a comma that a new attribution follows («، مضيفا»)."""
    if view.folded[j] not in ("،", ",") or j + 1 >= len(view.tokens):
        return False
    nxt = view.folded[j + 1]
    cue = lex.cue(nxt)
    return lex.is_participle(nxt) or bool(cue and (cue.kind == "source" or nxt[0] in "وف"))


def _trim(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return end
