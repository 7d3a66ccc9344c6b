"""CRF features for Arabic NER: word, clitic-stripped stems, affixes, shape, clusters, gazetteer.

Speed: a token's features depend only on its own form, so they are computed once per
distinct form (`Featurizer.token`), already prefixed for every window offset; a sentence's
feature lists are then concatenations of neighbours' precomputed lists.
"""
from __future__ import annotations

import gzip
from pathlib import Path

from rasid.ner.document import keys as document_keys
from rasid.normalize import clitic_variants, fold, strip_article

OFFSETS = (-2, -1, 1, 2)
CACHE_LIMIT = 200_000
_EDGE = {-2: ("-2:BOS",), -1: ("-1:BOS",), 1: ("+1:EOS",), 2: ("+2:EOS",)}


def load_gazetteer(path: Path) -> dict[str, tuple[str, ...]]:
    """Return folded word → gazetteer labels from a `word<TAB>label,label` TSV.gz table."""
    with gzip.open(path, "rt", encoding="utf-8") as table:
        return {word: tuple(labels.split(",")) for word, labels in
                (line.rstrip("\n").split("\t") for line in table if not line.startswith("#"))}


def shape(word: str) -> str:
    """Return a coarse shape class of a raw token."""
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

    def __init__(self, clusters: dict[str, tuple[str, ...]], gazetteer: dict[str, tuple[str, ...]]):
        self.clusters = clusters
        self.gazetteer = gazetteer
        self._cache: dict[str, tuple[list[str], dict[int, list[str]]]] = {}

    def sentence(self, words: list[str]) -> list[list[str]]:
        """Return one feature-string list per word, with a ±2 window of neighbour features."""
        local = [self.token(w) for w in words]
        n = len(words)
        result = []
        for i, (own, _, _) in enumerate(local):
            feats = list(own)
            for off in OFFSETS:
                j = i + off
                feats.extend(local[j][1][off] if 0 <= j < n else _EDGE[off])
            if i > 0:
                feats.append("bi=" + local[i - 1][0][0][2:] + "|" + own[0][2:])
            result.append(feats)
        return result

    def token(self, word: str):
        """Return (own features, {offset: neighbour features}, document keys) for one raw token, memoised."""
        entry = self._cache.get(word)
        if entry is None:
            if len(self._cache) >= CACHE_LIMIT:
                self._cache.clear()
            entry = self._cache[word] = self._token(word)
        return entry

    def generic_words(self) -> frozenset:
        """Return the folded trigger words of the gazetteer («وزارة», «الرئيس», «مدينة» …)."""
        return frozenset(w for w, labels in self.gazetteer.items() if any(l.endswith("trig") for l in labels))

    def keys(self, word: str) -> tuple[str, ...]:
        """Return the folded forms that match `word` across a document (see `document.keys`)."""
        return self.token(word)[2]

    def _token(self, word: str):
        core = word.strip("()[]{}\"'«»,.:;!?،؛؟-") or word
        folded = fold(core)
        stems = [stem for _, stem in clitic_variants(folded)[1:]]
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
        near = ["w=" + folded]
        own_ctx, near_ctx = self._lexical(folded, stems, bare)
        own += own_ctx
        near += near_ctx
        far = ["w=" + folded] + [f for f in near_ctx if f.startswith(("c256", "g"))]
        return own, {-2: ["-2:" + f for f in far], -1: ["-1:" + f for f in near],
                     1: ["+1:" + f for f in near], 2: ["+2:" + f for f in far]}, document_keys(word)

    def _lexical(self, folded: str, stems: list[str], bare: str):
        """Return (own, neighbour) features from the cluster and gazetteer tables."""
        own, near = [], []
        forms = [folded] + stems + ([bare] if bare != folded else [])
        for n, form in enumerate(forms):
            ids = self.clusters.get(form)
            if ids is not None:
                tag = "" if n == 0 else "s"
                own += [f"c64{tag}={ids[0]}", f"c256{tag}={ids[1]}", f"c1024{tag}={ids[2]}"]
                near += [f"c64{tag}={ids[0]}", f"c256{tag}={ids[1]}"]
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
                    near.append(name)
        return own, near
