"""Document-level NER: a name tagged somewhere in an article is tagged wherever it recurs.

A name is usually tagged the same way throughout an article (Krishnan & Manning 2006) but
a sentence CRF misses some occurrences (no title in front, an unusual neighbour). So the
entities the CRF found in a document vote for their word sequences, and untagged
occurrences of a sequence take its majority type; the first word may carry a proclitic
(«وبوش» after «بوش»); a generic word tagged alone («المنظمة», «الملك») is not spread; a person's
surname votes on its own («صالح» after «علي عبد الله صالح»). Then an entity tagged with a type
its words have clearly less often in the document takes the majority type. A "document" is
the article at run time, or a window of neighbouring sentences in a CoNLL file (ANERcorp has
no article breaks).
"""
from __future__ import annotations

from collections import Counter, defaultdict

from rasid.ner.conll import spans
from rasid.normalize import clitic_variants, fold, strip_article

MIN_KEY = 3
MARGIN = 2  # votes by which another type must lead for an entity to change type (`settle_types`)


def keys(word: str) -> tuple[str, ...]:
    """Return the folded forms a token is matched by: itself, without ال, without one proclitic."""
    return folded_keys(fold(word.strip("()[]{}\"'«»,.:;!?،؛؟-") or word))


def folded_keys(folded: str, variants: list[tuple[int, str]] | None = None) -> tuple[str, ...]:
    """Return the `keys` of a token from its folded form without edge punctuation.

    `variants`: its `clitic_variants`, when the caller has them already.
    """
    found = {folded, strip_article(folded)}
    for prefix, stem in (clitic_variants(folded) if variants is None else variants)[1:]:
        if prefix == 1:
            found.update((stem, strip_article(stem)))
    found.discard(folded)
    return (folded,) + tuple(sorted(k for k in found if len(k) >= MIN_KEY))


def entities(sentence_keys: list[tuple[str, ...]], tags: list[str]) -> list[tuple[tuple[str, ...], str]]:
    """Return the (folded words, type) of every entity in one tagged sentence, in reading order.

    The order decides a tied vote (`Counter.most_common` keeps the first), so it must not be
    the iteration order of a set of strings, which changes from process to process.
    """
    if tags.count("O") == len(tags):  # most sentences: nothing to read
        return []
    return [(tuple(k[0] for k in sentence_keys[s:e]), kind)
            for kind, s, e in sorted(spans(tags), key=lambda span: span[1])]


def by_first_word(votes: dict) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Return first folded word → (word sequence, majority type) of the voted entities."""
    index: dict[str, list] = defaultdict(list)
    for seq, kinds in votes.items():
        if sum(map(len, seq)) >= MIN_KEY:
            index[seq[0]].append((seq, max(kinds, key=kinds.__getitem__)))  # a tie: the first reading
    return index


def propagate(sentence_keys: list[tuple[str, ...]], tags: list[str], by_first: dict) -> list[str]:
    """Return `tags` with untagged occurrences of voted word sequences tagged by majority type.

    `by_first` indexes the document's entities (see `by_first_word`). Longer sequences go
    first; a match must not touch a tagged neighbour.
    """
    if not by_first:
        return tags
    tags = list(tags)
    n = len(tags)
    firsts = by_first.keys()
    for i, token_keys in enumerate(sentence_keys):
        if firsts.isdisjoint(token_keys) or tags[i] != "O" or (i and tags[i - 1] != "O"):
            continue
        candidates = [c for k in token_keys for c in by_first.get(k, ())]
        for seq, kind in sorted(candidates, key=lambda c: -len(c[0])):
            end = i + len(seq)
            if end <= n and all(sentence_keys[j][0] == w for j, w in zip(range(i + 1, end), seq[1:])) \
                    and all(t == "O" for t in tags[i:end]) and (end == n or not tags[end].startswith("I-")):
                tags[i:end] = ["B-" + kind] + ["I-" + kind] * (len(seq) - 1)
                break
    return tags


def tag_consistently(sentence_keys: list[list[tuple[str, ...]]], tags: list[list[str]],
                     window: int | None = None, generic: frozenset = frozenset(),
                     common: frozenset = frozenset()) -> list[list[str]]:
    """Return every sentence's tags after `propagate` and `settle_types` with the votes of its document.

    `window` None: all sentences are one document; otherwise sentence i's document is
    sentences i-window … i+window. Entities that are a single `generic` word do not vote;
    the last word of a person's name votes as a name of its own («صالح» after «علي عبد الله
    صالح») unless it is one of the `common` words of the news («على» folds like «علي»).
    """
    found = [[(seq, kind) for seq, kind in entities(k, t) if len(seq) > 1 or seq[0] not in generic]
             for k, t in zip(sentence_keys, tags)]
    if not any(found):  # no votes: nothing to spread or settle
        return list(tags)
    voters = [sentence + surnames(sentence, generic, common) if sentence else sentence for sentence in found]
    spread = _in_documents(voters, window, by_first_word,
                           lambda index, i: propagate(sentence_keys[i], tags[i], index))
    found = [sentence if new == old else [(seq, kind) for seq, kind in entities(k, new)
                                          if len(seq) > 1 or seq[0] not in generic]
             for sentence, k, old, new in zip(found, sentence_keys, tags, spread)]
    return _in_documents(found, window, contested, lambda votes, i: settle_types(sentence_keys[i], spread[i], votes))


def surnames(found: list[tuple[tuple[str, ...], str]], *excluded: frozenset) -> list[tuple[tuple[str, ...], str]]:
    """Return the last words of the multi-word person names in `found` as one-word names, but not words of the
    `excluded` sets (several sets, not their union: building that for every sentence cost 30 µs)."""
    return [((seq[-1],), kind) for seq, kind in found
            if kind == "PERS" and len(seq) > 1 and not any(seq[-1] in words for words in excluded)]


def contested(votes: dict) -> dict:
    """Return the votes of the word sequences tagged with more than one type."""
    return {seq: kinds for seq, kinds in votes.items() if len(kinds) > 1}


def settle_types(sentence_keys: list[tuple[str, ...]], tags: list[str], votes: dict) -> list[str]:
    """Return `tags` where an entity takes the type its word sequence has at least `MARGIN` more votes for."""
    if not votes or tags.count("O") == len(tags):
        return tags
    tags = list(tags)
    for kind, start, end in spans(tags):
        kinds = votes.get(tuple(k[0] for k in sentence_keys[start:end]))
        if kinds:
            best = max(kinds, key=kinds.__getitem__)
            if kinds[best] >= kinds[kind] + MARGIN:
                tags[start:end] = ["B-" + best] + ["I-" + best] * (end - start - 1)
    return tags


def _in_documents(found: list[list], window: int | None, prepare, tag) -> list[list[str]]:
    """Return `tag(prepare(votes), i)` for every sentence i, with the votes of the entities `found` in its document.

    `prepare` None passes the votes as they are.
    """
    prepare = prepare or (lambda votes: votes)
    if window is None:
        prepared = prepare(_votes(found))
        return [tag(prepared, i) for i in range(len(found))]
    return [tag(prepare(_votes(found[max(0, i - window): i + window + 1])), i) for i in range(len(found))]


def _votes(found: list[list[tuple[tuple[str, ...], str]]]) -> dict:
    votes: dict = defaultdict(Counter)
    for sentence in found:
        for seq, kind in sentence:
            votes[seq][kind] += 1
    return votes
