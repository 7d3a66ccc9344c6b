"""CRF features for Arabic NER: word, clitic-stripped stems, affixes, shape, clusters, gazetteer.

A token's features are its word's own features, its neighbours' window features (±2, from
`describe`) and the `bigram` of the previous word and its own. Tagging reads them per word
(`rasid.ner.decode`) from `Featurizer.own` alone: a neighbour's window features are its own
features that start with `WINDOW[offset]`, behind `PREFIXES[offset]`, so the decoder maps own
names to window weights without building the prefixed strings. The feature-string lists
below serve training and crfsuite itself.
Speed: a token's features depend only on its own form, so they are computed once per
distinct form (`Featurizer.token`), already prefixed for every window offset; a sentence's
feature lists are then concatenations of neighbours' precomputed lists. Given the model's
attributes (`known`), a token keeps only those: crfsuite ignores the others anyway, so the
tags are the same and crfsuite has fewer strings to look up. The memo is a per-instance
LRU of `CACHE_LIMIT` words, so memory stays flat however long the corpus; it holds pure
functions of the word and so cannot change any output.
"""
from __future__ import annotations

import gzip
from collections import OrderedDict
from pathlib import Path

from rasid.ner.document import folded_keys
from rasid.normalize import clitic_variants, fold, strip_article

OFFSETS = (-2, -1, 1, 2)
CACHE_LIMIT = 30_000  # words; ~80 MiB of feature lists
PREFIXES = {-2: "-2:", -1: "-1:", 1: "+1:", 2: "+2:"}  # of a neighbour's features, by offset
NEAR, FAR = ("w=", "c64", "c256", "g"), ("w=", "c256", "g")  # the own features a neighbour at ±1, ±2 shows
WINDOW = {-2: FAR, -1: NEAR, 1: NEAR, 2: FAR}
EDGES = {-2: ("-2:BOS",), -1: ("-1:BOS",), 1: ("+1:EOS",), 2: ("+2:EOS",)}  # a window past the sentence
BIGRAM = "bi="


def load_gazetteer(path: Path) -> dict[str, tuple[str, ...]]:
    """Return folded word → gazetteer labels from a `word<TAB>label,label` TSV.gz table."""
    with gzip.open(path, "rt", encoding="utf-8") as table:
        return {word: tuple(labels.split(",")) for word, labels in
                (line.rstrip("\n").split("\t") for line in table if not line.startswith("#"))}


def bigram(left: str, right: str) -> str:
    """Return the bigram feature of two neighbouring words' folded cores."""
    return BIGRAM + left + "|" + right


def bigram_splits(attribute: str) -> list[tuple[str, str]]:
    """Return every (left, right) pair of folded cores whose `bigram` is `attribute` (a core may hold «|»)."""
    pair = attribute[len(BIGRAM):]
    return [(pair[:at], pair[at + 1:]) for at, char in enumerate(pair) if char == "|"]


def shape(word: str) -> str:
    """Return a coarse shape class of a raw token."""
    if word.isalpha():  # the common case, decided early: no digit, letters only
        return "latin" if word.isascii() else "ar"
    if word.isdigit():
        return "num"
    if any(c.isdigit() for c in word):
        return "hasnum"
    if not any(c.isalpha() for c in word):
        return "punct"
    if word.isascii():
        return "latin"
    if not all(c.isalpha() or c in "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652" for c in word):
        return "mixed"
    return "ar"


class Featurizer:
    """Turns token lists into CRF feature lists, with the cluster and gazetteer tables it was built with."""

    def __init__(self, clusters: dict[str, tuple[str, ...]], gazetteer: dict[str, tuple[str, ...]],
                 known: frozenset[str] | None = None):
        """`known`: the attributes the CRF model has weights for (None keeps every feature, for training)."""
        self.clusters = clusters
        self.gazetteer = gazetteer
        self.known = known
        self._cache: OrderedDict[str, tuple] = OrderedDict()
        self._edges = {off: self._kept(feats) for off, feats in EDGES.items()}

    def sentence(self, words: list[str]) -> list[list[str]]:
        """Return one feature-string list per word, with a ±2 window of neighbour features."""
        return self._window([self.token(w) for w in words])

    def _window(self, local: list[tuple]) -> list[list[str]]:
        """Return the feature lists of a sentence from its tokens' memo entries (see `token`)."""
        n = len(local)
        result = []
        for i, (own, _, _, folded) in enumerate(local):
            feats = list(own)
            for off in OFFSETS:
                j = i + off
                feats.extend(local[j][1][off] if 0 <= j < n else self._edges[off])
            if i > 0:
                pair = bigram(local[i - 1][3], folded)
                if self.known is None or pair in self.known:
                    feats.append(pair)
            result.append(feats)
        return result

    def _kept(self, feats):
        """Return `feats` without the attributes the model does not know (all of them when training)."""
        if self.known is None:
            return feats
        return list(filter(self.known.__contains__, feats))

    def token(self, word: str):
        """Return (own features, {offset: neighbour features}, document keys, folded core) for one raw token.

        Memoised in a least-recently-used table of `CACHE_LIMIT` words.
        """
        cache = self._cache
        entry = cache.get(word)
        if entry is None:
            own, near, keys, core = self.describe(word)
            entry = cache[word] = (self._kept(own), {off: self._kept(f) for off, f in near.items()}, keys, core)
            if len(cache) > CACHE_LIMIT:
                cache.popitem(last=False)
        else:
            cache.move_to_end(word)
        return entry

    def generic_words(self) -> frozenset:
        """Return the folded trigger words of the gazetteer («وزارة», «الرئيس», «مدينة» …)."""
        return frozenset(w for w, labels in self.gazetteer.items() if any(l.endswith("trig") for l in labels))

    def describe(self, word: str):
        """Return (own features, {offset: neighbour features}, document keys, folded core) of one raw
        token, every feature kept and nothing memoised (`token` memoises the known ones)."""
        own, near, keys = self._token(word)
        return own, near, keys, own[0][2:]

    def _token(self, word: str):
        own, keys = self.own(word)
        return own, {off: [PREFIXES[off] + f for f in own if f.startswith(WINDOW[off])] for off in OFFSETS}, keys

    def own(self, word: str) -> tuple[list[str], tuple[str, ...]]:
        """Return (own features, document keys) of one raw token, every feature kept; the first
        feature is «w=» and the folded core.

        A neighbour's window features at offset `off` are the own features that start with
        `WINDOW[off]`, behind `PREFIXES[off]` (so the decoder need not build them).
        """
        core = word.strip("()[]{}\"'«»,.:;!?،؛؟-") or word
        folded = fold(core)
        variants = clitic_variants(folded)
        stems = [stem for _, stem in variants[1:]]
        bare = strip_article(folded)
        own = ["w=" + folded, "sh=" + shape(core)]
        if core != word:
            own.append("punct_attached")
        if len(folded) > 2:
            own += ["p2=" + folded[:2], "p3=" + folded[:3], "s1=" + folded[-1:], "s2=" + folded[-2:],
                    "s3=" + folded[-3:]]
        own += ["st=" + s for s in stems]
        if bare != folded:
            own.append("bare=" + bare)
        own += self._lexical(folded, stems, bare)
        return own, folded_keys(folded, variants)

    def _lexical(self, folded: str, stems: list[str], bare: str) -> list[str]:
        """Return the own features from the cluster and gazetteer tables."""
        own = []
        forms = [folded] + stems + ([bare] if bare != folded else [])
        for n, form in enumerate(forms):
            ids = self.clusters.get(form)
            if ids is not None:
                tag = "" if n == 0 else "s"
                own += [f"c64{tag}={ids[0]}", f"c256{tag}={ids[1]}", f"c1024{tag}={ids[2]}"]
                if n == 0:
                    continue
                break
        if folded not in self.clusters and not own:
            own.append("c=none")
        seen = set()
        for n, form in enumerate(forms):
            for label in self.gazetteer.get(form, ()):
                name = ("g=" if n == 0 else "gs=") + label
                if name not in seen:
                    seen.add(name)
                    own.append(name)
        return own
