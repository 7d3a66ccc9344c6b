"""Tokens and sentences are offsets into the text."""
from __future__ import annotations

import pytest

from rasid.segment import sentences, tokenize


@pytest.mark.parametrize("text, tokens", [
    ("وقال لافروف:", ["وقال", "لافروف", ":"]),
    ("«إن الهدف»", ["«", "إن", "الهدف", "»"]),
    ("حوالي 3.5 مليون", ["حوالي", "3", ".", "5", "مليون"]),
])
def test_tokens(text, tokens):
    assert [text[s:e] for s, e in tokenize(text)] == tokens


def test_sentences_split_at_stops_and_lines_not_decimals():
    text = "قال الوزير إن النمو 3.5 بالمئة. وأضاف: لا!\nسطر جديد"
    assert [text[s:e] for s, e in sentences(text)] == [
        "قال الوزير إن النمو 3.5 بالمئة.", "وأضاف: لا!", "سطر جديد"]
