"""Corpus-level linking over a run: near-duplicate articles and event clusters.

`CorpusLinker.link(article)` sees every article of a run in input order (in the parent
process, so the result does not depend on the number of workers) and returns it with
`duplicate_of` (the earlier article it nearly copies: MinHash LSH over word shingles) and a
`cluster_id` on each event. Events of two articles share a cluster when they are the same real
event: same type, overlapping source and target countries, days at most one apart, and articles
that say it with the same words (a wire copy, or word overlap of the evidence and titles).
The indexes keep only a sliding window of days, so memory stays flat on a stream.
"""
from __future__ import annotations

import datetime as dt
from collections import deque
from dataclasses import dataclass, field, replace
from hashlib import sha1

import numpy as np
import regex
from datasketch import MinHash, MinHashLSH

from .model import Article, Event
from .normalize import fold

WORD = regex.compile(r"\w+")
SHINGLE = 3
NUM_PERM = 64
SCHEME = "affine32"  # datasketch's default scheme
PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=1, scheme=SCHEME).permutations  # read-only, made once
PERMUTATIONS.flags.writeable = False
DAY_SLACK = 2  # the most days two reports of one event may put between it (see same_event)
STORY_OVERLAP = 0.3  # share of word 3-grams above which two articles tell the same story
STOPWORDS = frozenset(fold(w) for w in """في من على الى إلى عن مع أن إن ان كان كانت التي الذي الذين هذا هذه
ذلك تلك قد لم لن لا ما وقال قال وقالت قالت وأضاف أضاف وأكد أكد بين بعد قبل حتى كما أو ثم عند منذ خلال
أمس اليوم يوم حيث وهو وهي هو هي""".split())


@dataclass(frozen=True)
class EventKey:
    """What the clusterer compares: the event's coded content and the words that told it."""
    cluster_id: str
    type: str
    source: frozenset[str]
    target: frozenset[str]
    day: dt.date | None
    words: frozenset[str]
    doc_id: str
    root: str  # the first article of its wire-copy family (its own doc_id when it copies none)
    dated: bool = True  # False when the day is only the publication date (the text fixes none)
    signature: MinHash | None = field(default=None, compare=False, repr=False)  # the whole article's


@dataclass(frozen=True)
class LinkFeatures:
    """What the linker needs of one article, computed on its own (in a worker process, on a stream)."""
    day: dt.date | None  # the publication day
    signature: MinHash  # of the body's word 3-grams
    events: tuple[EventKey, ...]  # one per event, in order; `root` is set when linking


def link_features(article: Article) -> LinkFeatures:
    """Return the article's MinHash and its events' clustering keys: the linker's work that needs
    no other article."""
    day = _day(article.published)
    folds: dict[str, str] = {}
    signature = minhash(article.text[article.body_start:] or article.text, folds)
    return LinkFeatures(day, signature, tuple(event_key(article, event, day, article.doc_id, signature, folds)
                                              for event in article.events))


class CorpusLinker:
    """Sees every article of a run in order; links wire copies and shared events.

    Memory stays flat on a stream: past the `recent` newest articles, articles and events more
    than `window_days` older than the newest publication day are forgotten, and nothing is kept
    past `max_articles`. A short run (or a shuffled one) shorter than `recent` forgets nothing.
    """

    def __init__(self, window_days: int = 3, duplicate_threshold: float = 0.7,
                 word_overlap: float = 0.2, recent: int = 5000, max_articles: int = 50000):
        self.window = dt.timedelta(days=window_days)
        self.duplicate_threshold = duplicate_threshold
        self.word_overlap = word_overlap
        self.recent = recent
        self.max_articles = max_articles
        self._lsh = MinHashLSH(threshold=duplicate_threshold, num_perm=NUM_PERM)
        self._articles: dict[str, tuple[int, dt.date | None, MinHash, str]] = {}  # key → order, day, hash, root
        self._order: deque[str] = deque()
        self._events: dict[dt.date | None, list[EventKey]] = {}
        self._count = 0
        self._latest: dt.date | None = None

    def link(self, article: Article, features: LinkFeatures | None = None) -> Article:
        """Return the article with `duplicate_of` and its events' `cluster_id` set.

        `features` is `link_features(article)` when a worker process computed it already.
        """
        original, clusters = self.link_ids(article.doc_id, features or link_features(article))
        return replace(article, duplicate_of=original,
                       events=tuple(replace(event, cluster_id=cluster) for event, cluster in zip(article.events, clusters)))

    def link_ids(self, doc_id: str, features: LinkFeatures) -> tuple[str | None, tuple[str, ...]]:
        """Return the next article's `duplicate_of` and its events' cluster ids, from its features."""
        original = self._original(features.signature, features.day)
        self._remember(doc_id, features.day, features.signature, original)
        clusters = tuple(self._cluster(replace(key, root=original or doc_id)) for key in features.events)
        self._forget()
        return original, clusters

    def _remember(self, doc_id: str, day: dt.date | None, signature: MinHash, original: str | None) -> None:
        self._count += 1
        if day is not None and (self._latest is None or day > self._latest):
            self._latest = day
        key = f"{self._count}:{doc_id}"
        self._lsh.insert(key, signature)
        self._articles[key] = (self._count, day, signature, original or doc_id)
        self._order.append(key)

    def _original(self, signature: MinHash, day: dt.date | None) -> str | None:
        """Return the doc_id of the earliest indexed article of the window this one nearly copies."""
        found = []
        for key in self._lsh.query(signature):
            order, seen_day, seen, root = self._articles[key]
            if day and seen_day and abs(day - seen_day) > self.window:
                continue  # a templated story of another week («القتل تعزيرا لمهرب») is another event
            if seen.jaccard(signature) >= self.duplicate_threshold:
                found.append((order, root))
        return min(found)[1] if found else None

    def _cluster(self, key: EventKey) -> str:
        """Return the event's cluster id: that of the first remembered event it is, else its own."""
        for seen in self._near(key.day):
            if same_event(seen, key, self.word_overlap):
                key = replace(key, cluster_id=seen.cluster_id)
                break
        self._events.setdefault(key.day, []).append(key)
        return key.cluster_id

    def _near(self, day: dt.date | None):
        """Yield the remembered events of the days around `day`, oldest day first."""
        if day is None:
            days = sorted((d for d in self._events if d is not None)) + [None]
        else:
            days = [day + dt.timedelta(days=k) for k in range(-DAY_SLACK, DAY_SLACK + 1)] + [None]
        for near in days:
            yield from self._events.get(near, ())

    def _forget(self) -> None:
        """Forget the oldest articles (and their days' events) once past `recent` and out of the window."""
        while len(self._order) > self.recent:
            order, day, _, _ = self._articles[self._order[0]]
            if len(self._order) <= self.max_articles and not self._stale(day):
                break
            key = self._order.popleft()
            self._lsh.remove(key)
            del self._articles[key]
        if len(self._order) >= self.recent:
            for day in [d for d in self._events if self._stale(d)]:
                del self._events[day]

    def _stale(self, day: dt.date | None) -> bool:
        return day is not None and self._latest is not None and self._latest - day > self.window


def minhash(text: str, folds: dict[str, str] | None = None) -> MinHash:
    """Return the MinHash (fixed seed, so runs agree) of a text's word 3-gram shingles.

    The values are datasketch's (`update_batch` with its default `sha1_hash32`, scheme affine32),
    computed in a few array operations: the shingles' SHA-1 prefixes in one pass, the murmur
    finaliser and the permutations (made once, `PERMUTATIONS`) over all of them at once.
    """
    words = folded_words(text, {} if folds is None else folds)
    shingles = {" ".join(gram) for gram in zip(words, words[1:], words[2:])}
    if not shingles:
        return MinHash(num_perm=NUM_PERM, seed=1, permutations=PERMUTATIONS, scheme=SCHEME)
    hashes = np.frombuffer(b"".join([sha1(s.encode("utf-8")).digest()[:4] for s in shingles]), dtype="<u4")
    mixed = _murmur_finaliser(hashes.astype(np.uint32).reshape(-1, 1))
    values = (mixed * PERMUTATIONS[0] + PERMUTATIONS[1]).min(axis=0)
    return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=values, permutations=PERMUTATIONS, scheme=SCHEME)


def _murmur_finaliser(values: np.ndarray) -> np.ndarray:
    """Return MurmurHash3's 32-bit finaliser of each value (as datasketch mixes a hash before permuting)."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def folded_words(text: str, folds: dict[str, str]) -> list[str]:
    """Return the folded words of `text`, folding each distinct word once (remembered in `folds`)."""
    words = WORD.findall(text)
    new = list(set(words).difference(folds))
    # A word never holds a line break and folding keeps one in place, so one call folds them all.
    folds.update(zip(new, fold("\n".join(new)).split("\n")))
    return [folds[word] for word in words]


def event_key(article: Article, event: Event, published: dt.date | None, root: str,
              signature: MinHash | None = None, folds: dict[str, str] | None = None) -> EventKey:
    """Return the clustering key of an event, with a content-derived cluster id."""
    day = _day(event.date) or published
    source = frozenset(a.country for a in event.source if a.country)
    target = frozenset(a.country for a in event.target if a.country)
    told = " ".join([article.title] + [article.text[e.start:e.end] for e in event.evidence])
    words = frozenset(w for w in folded_words(told, {} if folds is None else folds)
                      if w not in STOPWORDS and len(w) > 2)
    digest = sha1("|".join([event.type, ",".join(sorted(source)), ",".join(sorted(target)),
                                    article.doc_id, event.id]).encode("utf-8")).hexdigest()[:8]
    cluster_id = f"c-{day.isoformat() if day else 'undated'}-{digest}"
    return EventKey(cluster_id, event.type, source, target, day, words, article.doc_id, root,
                    dated=_day(event.date) is not None, signature=signature)


def same_event(seen: EventKey, new: EventKey, word_overlap: float) -> bool:
    """Return True when two events of different articles are one real event.

    Wire copies of one story share the event whatever days their relative dates resolve to;
    independent reports need days at most one apart and enough words in common.
    """
    if seen.doc_id == new.doc_id or seen.type != new.type:
        return False
    if seen.source != new.source and not seen.source & new.source:
        return False
    if seen.target and new.target and not seen.target & new.target:
        return False
    if seen.root == new.root:
        return True
    slack = 1 if seen.dated and new.dated else 2  # a publication date may lag the event by a day
    if seen.day and new.day and abs((seen.day - new.day).days) > slack:
        return False
    union = seen.words | new.words
    if union and len(seen.words & new.words) / len(union) >= word_overlap:
        return True
    return (seen.signature is not None and new.signature is not None
            and seen.signature.jaccard(new.signature) >= STORY_OVERLAP)


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None
