"""An article seen by the quotation stage: folded tokens, entity mentions, marks, sentence ends.

Every lookup is a binary search over offsets sorted once when the view is built (token ends,
mention starts, sentence ends, line breaks), so the stage stays linear on long articles.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from operator import itemgetter

from .model import Article, Entity
from .normalize import fold
from .quotes_marks import Marked, marked_spans

# A full stop, ! or ? not between digits (3.5), or a line break. The mark comes first and the digit
# before it is looked at behind it: the engine then scans for the marks fast (same matches).
SENTENCE_END = re.compile(r"[.!?؟](?<!\d[.!?؟])(?!\d)|\n")
NEWLINE = re.compile("\n")
PARAGRAPH_BREAK = re.compile(r"\n\s*")
SENTENCE_SUBJECT_WORDS = 4  # a sentence's subject written before its verb starts this early


@dataclass(frozen=True)
class MentionAt:
    start: int
    end: int
    entity: Entity


@dataclass(frozen=True)
class View:
    """Token-level access to one article's body for cue and speaker search."""
    text: str
    body_start: int
    tokens: tuple[tuple[int, int], ...]
    folded: tuple[str, ...]
    mentions: tuple[MentionAt, ...]
    marks: tuple[Marked, ...]
    ends: tuple[int, ...]  # sentence-end offsets outside quotation marks
    quotations: frozenset[int] = frozenset()  # opening offsets of the marks that hold quotations
    token_ends: tuple[int, ...] = ()
    mark_opens: tuple[int, ...] = ()
    mention_starts: tuple[int, ...] = ()
    newlines: tuple[int, ...] = ()  # offsets of every line break
    heads: tuple[int, ...] = ()  # offsets of the line breaks that open a paragraph break
    covered: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())  # merged mention spans: starts, ends
    endings: dict[int, int] = field(default_factory=dict)  # mention end → index of its last mention
    subjects: tuple[int, ...] = ()  # per sentence end: the mention naming the next sentence's subject, or -1
    last_subject: tuple[int, ...] = ()  # per sentence end: the last sentence end up to it with a subject, or -1

    def token_at(self, offset: int) -> int:
        """Return the index of the first token that ends after `offset`."""
        return bisect.bisect_right(self.token_ends, offset)

    def mark_around(self, offset: int) -> Marked | None:
        """Return the marked span whose marks enclose `offset`, if any."""
        i = bisect.bisect_right(self.mark_opens, offset) - 1
        if i >= 0 and self.marks[i].open <= offset <= self.marks[i].close:
            return self.marks[i]
        return None

    def is_quotation_mark(self, offset: int) -> bool:
        """Return whether `offset` lies in marks around a quotation (not a name or one word)."""
        mark = self.mark_around(offset)
        return mark is not None and mark.open in self.quotations

    def sentence_start(self, offset: int) -> int:
        """Return the offset just after the last sentence end before `offset`."""
        i = bisect.bisect_left(self.ends, offset) - 1
        return max(self.body_start, self.ends[i] + 1 if i >= 0 else 0)

    def sentence_end(self, offset: int) -> int:
        """Return the offset of the first sentence end at or after `offset`."""
        i = bisect.bisect_left(self.ends, offset)
        return self.ends[i] if i < len(self.ends) else len(self.text)

    def breaks_between(self, start: int, end: int) -> int:
        """Return how many paragraph breaks (runs of line breaks) lie in text[start:end]."""
        count = bisect.bisect_left(self.heads, end) - bisect.bisect_left(self.heads, start)
        first = bisect.bisect_left(self.newlines, start)  # the rest of a run that began before `start`
        if first < len(self.newlines) and self.newlines[first] < end:
            head = bisect.bisect_left(self.heads, self.newlines[first])
            count += head >= len(self.heads) or self.heads[head] != self.newlines[first]
        return count

    def mentions_in(self, start: int, end: int) -> list[MentionAt]:
        """Return the mentions that start inside text[start:end]."""
        return list(self.mentions[bisect.bisect_left(self.mention_starts, start):
                                  bisect.bisect_left(self.mention_starts, end)])

    def mention_at(self, offset: int) -> MentionAt | None:
        """Return the first mention that starts exactly at `offset`, if any."""
        i = bisect.bisect_left(self.mention_starts, offset)
        return self.mentions[i] if i < len(self.mentions) and self.mention_starts[i] == offset else None

    def in_mention(self, offset: int) -> bool:
        """Return whether some mention covers `offset`."""
        starts, ends = self.covered
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and offset < ends[i]

    def mentions_near(self, before: int, after: int, count: int) -> tuple[tuple[MentionAt, ...], tuple[MentionAt, ...]]:
        """Return up to `count` mentions starting before `before` and up to `count` from `after` on."""
        i, j = bisect.bisect_left(self.mention_starts, before), bisect.bisect_left(self.mention_starts, after)
        return self.mentions[max(0, i - count):i], self.mentions[j:j + count]

    def mention_ending(self, offset: int, slack: int = 1) -> MentionAt | None:
        """Return the mention that ends at `offset` (or up to `slack` characters before)."""
        found = [self.endings[e] for e in range(offset - slack, offset + 1) if e in self.endings]
        return self.mentions[max(found)] if found else None

    def sentence_subject(self, since: int, before: int) -> Entity | None:
        """Return the last person named at the start of a sentence (within its first words) that
        opens after a sentence end in text[since:before], named before `before`."""
        lo = bisect.bisect_left(self.ends, since)
        k = bisect.bisect_left(self.ends, before) - 1
        while k >= lo:
            k = self.last_subject[k]
            if k < lo:
                return None
            mention = self.mentions[self.subjects[k]]
            if mention.start < before:
                return mention.entity
            k -= 1
        return None


def build_view(article: Article) -> View:
    """Return the view of an article whose entities and tokens are set."""
    text = article.text
    marks = tuple(marked_spans(text, article.body_start))
    tokens = tuple(article.tokens[_first_in_body(article.tokens, article.body_start):])
    mentions = tuple(sorted((MentionAt(m.start, m.end, e) for e in article.entities for m in e.mentions),
                            key=lambda m: (m.start, -m.end)))
    newlines = tuple(m.start() for m in NEWLINE.finditer(text))
    heads = tuple(m.start() for m in PARAGRAPH_BREAK.finditer(text))
    token_ends = tuple(map(itemgetter(1), tokens))
    ends = tuple(_sentence_ends(text, article.body_start, marks))
    subjects = _sentence_subjects(ends, tokens, token_ends, mentions)
    endings = {m.end: i for i, m in enumerate(mentions)}
    return View(text, article.body_start, tokens, _folded([text[s:e] for s, e in tokens]),
                mentions, marks, ends, token_ends=token_ends, mark_opens=tuple(m.open for m in marks),
                mention_starts=tuple(m.start for m in mentions), newlines=newlines, heads=heads,
                covered=_covered(mentions), endings=endings, subjects=subjects,
                last_subject=_last_with_subject(subjects))


def _first_in_body(tokens: tuple[tuple[int, int], ...], body_start: int) -> int:
    """Return the index of the first token starting at or after `body_start` (tokens are in text order)."""
    return bisect.bisect_left(tokens, (body_start,))


def _folded(words: list[str]) -> tuple[str, ...]:
    """Return every word folded, in one pass over the words joined by NUL (a character folding
    leaves alone and that combines with nothing)."""
    folded = fold("\0".join(words)).split("\0")
    if len(folded) != len(words):  # a word held a NUL
        folded = [fold(word) for word in words]
    return tuple(folded)


def _sentence_ends(text: str, begin: int, marks: tuple[Marked, ...]) -> list[int]:
    opens = [m.open for m in marks]
    ends = []
    for m in SENTENCE_END.finditer(text, begin):
        pos = m.start()
        i = bisect.bisect_left(opens, pos) - 1  # the last mark opening before pos
        if m.group() == "\n" or i < 0 or pos >= marks[i].close:
            ends.append(pos)
    return ends


def _sentence_subjects(ends, tokens, token_ends, mentions) -> tuple[int, ...]:
    """Return, per sentence end, the index of the first person mention within the first words
    after it, or -1."""
    starts = [m.start for m in mentions]
    found = []
    for end in ends:
        first = bisect.bisect_right(token_ends, end + 1)
        limit = tokens[min(first + SENTENCE_SUBJECT_WORDS, len(tokens) - 1)][0] if tokens else 0
        lo, hi = bisect.bisect_left(starts, end + 1), bisect.bisect_left(starts, limit)
        found.append(next((k for k in range(lo, hi) if mentions[k].entity.type == "PER"), -1))
    return tuple(found)


def _last_with_subject(subjects: tuple[int, ...]) -> tuple[int, ...]:
    last, found = -1, []
    for k, subject in enumerate(subjects):
        last = k if subject >= 0 else last
        found.append(last)
    return tuple(found)


def _covered(mentions: tuple[MentionAt, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Return the mention spans merged into disjoint runs: their starts and ends."""
    starts: list[int] = []
    ends: list[int] = []
    for m in mentions:
        if ends and m.start < ends[-1]:
            ends[-1] = max(ends[-1], m.end)
        else:
            starts.append(m.start)
            ends.append(m.end)
    return tuple(starts), tuple(ends)
