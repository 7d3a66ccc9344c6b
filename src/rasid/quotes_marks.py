"""Spans of text in quotation marks, in every mark style Arabic news uses.

Guillemets «…» and ‹…› nest; the double marks " “ ” „ are ambiguous (Arabic sites write
”…”, “…“ and "…" alike), so one of them closes an open double mark and opens otherwise.
A mismatched pair («…") closes on the double mark when no » follows in the paragraph.
A quotation that runs on over a paragraph break continues when the next paragraph
re-opens it (the «…\n«…» convention) or closes it without opening another.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

GUILLEMETS = {"«": "»", "‹": "›"}
CLOSERS = {"»": "«", "›": "‹"}
DOUBLE = frozenset('"“”„')
MARK = re.compile('[«»‹›"“”„\n]')
OPEN_CONTEXT = "(:[-–—،,؛"
CLOSE_CONTEXT = ".,،؛:;)!?؟»]-–—"


@dataclass(frozen=True)
class Marked:
    """Text between an outermost pair of marks: `open` and `close` are the marks' offsets."""
    open: int
    close: int

    @property
    def start(self) -> int:
        return self.open + 1

    @property
    def end(self) -> int:
        return self.close


def marked_spans(text: str, begin: int = 0) -> list[Marked]:
    """Return the outermost quotation-mark spans of text[begin:], in order."""
    found: list[Marked] = []
    stack: list[tuple[str, int]] = []
    skip: set[int] = set()
    marks = _MarkIndex.of(text, begin)
    for m in MARK.finditer(text, begin):
        pos, mark = m.start(), m.group()
        if pos in skip:
            continue
        if mark == "\n":
            if stack and not _runs_on(text, pos, stack[0][0], skip):
                stack.clear()
            continue
        closed = _step(text, pos, mark, stack, marks)
        if closed is not None and not stack:
            found.append(Marked(closed, pos))
    return found


@dataclass(frozen=True)
class _MarkIndex:
    """Sorted offsets of the double marks, closing guillemets and line breaks of a text, so that
    what follows a mark in its paragraph is counted by binary search."""
    length: int
    doubles: list[int]
    closers: list[int]
    newlines: list[int]

    @classmethod
    def of(cls, text: str, begin: int) -> _MarkIndex:
        found: dict[str, list[int]] = {"double": [], "»": [], "\n": []}
        for m in MARK.finditer(text, begin):
            kind = "double" if m.group() in DOUBLE else m.group()
            if kind in found:
                found[kind].append(m.start())
        return cls(len(text), found["double"], found["»"], found["\n"])

    def _line_end(self, pos: int) -> int:
        i = bisect.bisect_left(self.newlines, pos)
        return self.newlines[i] if i < len(self.newlines) else self.length

    def doubles_after(self, pos: int) -> int:
        """Return how many double marks follow `pos` in its paragraph."""
        return bisect.bisect_left(self.doubles, self._line_end(pos)) - bisect.bisect_right(self.doubles, pos)

    def closes_guillemet(self, pos: int) -> bool:
        """Return whether a double mark inside «… closes it: no » and no second double mark follow."""
        end = self._line_end(pos)
        no_closer = bisect.bisect_left(self.closers, end) == bisect.bisect_right(self.closers, pos)
        return no_closer and self.doubles_after(pos) == 0


def _step(text: str, pos: int, mark: str, stack: list[tuple[str, int]], marks: _MarkIndex) -> int | None:
    """Push or pop one mark; return the opening offset when a pair closes."""
    if mark in GUILLEMETS:
        stack.append((mark, pos))
        return None
    if mark in CLOSERS:
        return _close_guillemet(mark, stack)
    opens, closes = _opener_like(text, pos), _closer_like(text, pos)
    if stack and stack[-1][0] in DOUBLE:
        if opens and not closes and marks.doubles_after(pos) >= 2:  # "… "رحمه الله" …": nested
            stack.append((mark, pos))
            return None
        return stack.pop()[1]
    if stack and stack[-1][0] == "«" and marks.closes_guillemet(pos):
        return stack.pop()[1]
    if not stack and closes and not opens:  # a stray closing mark must not shift the pairing
        return None
    stack.append((mark, pos))
    return None


def _opener_like(text: str, pos: int) -> bool:
    """Return whether a double mark looks like an opening one: a boundary before, a word after."""
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return (before.isspace() or before in OPEN_CONTEXT) and after.isalnum()


def _closer_like(text: str, pos: int) -> bool:
    """Return whether a double mark looks like a closing one: a word before, a boundary after."""
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    return not before.isspace() and before not in OPEN_CONTEXT and (after.isspace() or after in CLOSE_CONTEXT)


def _close_guillemet(mark: str, stack: list[tuple[str, int]]) -> int | None:
    opener = CLOSERS[mark]
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][0] == opener:
            pos = stack[depth][1]
            del stack[depth:]
            return pos
    if stack and stack[-1][0] in DOUBLE:  # "…» mismatched
        return stack.pop()[1]
    return None


def _runs_on(text: str, newline: int, opener: str, skip: set[int]) -> bool:
    """Return whether an open quotation continues over the paragraph break at `newline`."""
    nxt = newline
    while nxt < len(text) and text[nxt].isspace():
        nxt += 1
    if nxt >= len(text):
        return False
    end = text.find("\n", nxt)
    paragraph = text[nxt: len(text) if end < 0 else end]
    if opener in GUILLEMETS:
        if paragraph.startswith(opener):
            skip.add(nxt)
            return True
        close, reopen = paragraph.find(GUILLEMETS[opener]), paragraph.find(opener)
        return close >= 0 and (reopen < 0 or close < reopen)
    doubles = sum(c in DOUBLE for c in paragraph)
    if paragraph[:1] in DOUBLE and doubles % 2 == 0:
        skip.add(nxt)
        return True
    return paragraph[:1] not in DOUBLE and doubles % 2 == 1
