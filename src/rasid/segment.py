"""Sentences and tokens as character offsets into the cleaned text.

No per-token objects: a token is a (start, end) pair, a sentence a (start, end)
pair, so downstream stages slice the immutable text.
"""
from __future__ import annotations

import regex

TOKEN = regex.compile(r"[\p{L}\p{M}\p{N}]+|[^\s\p{L}\p{M}\p{N}]")
# A sentence ends at . ! ? ؟ or a line break; a full stop inside a number (3.5) does not end it.
SENTENCE_END = regex.compile(r"(?<!\d)[.!?؟](?!\d)[»\"”’)]*|\n+")


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Return the (start, end) offsets of the tokens of text[start:end]."""
    return [m.span() for m in TOKEN.finditer(text, start, len(text) if end is None else end)]


def sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences, without surrounding white space."""
    spans, begin = [], 0
    for m in SENTENCE_END.finditer(text):
        spans.append((begin, m.end()))
        begin = m.end()
    spans.append((begin, len(text)))
    return [trim(text, s, e) for s, e in spans if text[s:e].strip()]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Return (start, end) moved inward past white space at either side."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
