"""An article seen by the quotation stage: folded tokens, entity mentions, marks, sentence ends."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .model import Article, Entity
from .normalize import fold
from .quotes_marks import Marked, marked_spans

SENTENCE_END = re.compile(r"(?<!\d)[.!?؟](?!\d)|\n")
PARAGRAPH_BREAK = re.compile(r"\n[\s]*")


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
        return len(PARAGRAPH_BREAK.findall(self.text, start, end))

    def mentions_in(self, start: int, end: int) -> list[MentionAt]:
        """Return the mentions that start inside text[start:end]."""
        return [m for m in self.mentions if start <= m.start < end]

    def mention_ending(self, offset: int, slack: int = 1) -> MentionAt | None:
        """Return the mention that ends at `offset` (or up to `slack` characters before)."""
        found = [m for m in self.mentions if offset - slack <= m.end <= offset]
        return found[-1] if found else None


def build_view(article: Article) -> View:
    """Return the view of an article whose entities and tokens are set."""
    text = article.text
    marks = tuple(marked_spans(text, article.body_start))
    tokens = tuple(t for t in article.tokens if t[0] >= article.body_start)
    mentions = sorted((MentionAt(m.start, m.end, e) for e in article.entities for m in e.mentions),
                      key=lambda m: (m.start, -m.end))
    return View(text, article.body_start, tokens, tuple(fold(text[s:e]) for s, e in tokens),
                tuple(mentions), marks, tuple(_sentence_ends(text, article.body_start, marks)),
                token_ends=tuple(e for _, e in tokens), mark_opens=tuple(m.open for m in marks))


def _sentence_ends(text: str, begin: int, marks: tuple[Marked, ...]) -> list[int]:
    inside = [(m.open, m.close) for m in marks]
    ends = []
    for m in SENTENCE_END.finditer(text, begin):
        pos = m.start()
        if m.group() == "\n" or not any(a < pos < b for a, b in inside):
            ends.append(pos)
    return ends
