"""Corpus-level linking over a run: near-duplicate articles and event clusters.

`CorpusLinker.link(article)` sees every article of a run in input order (in the parent
process, so the result does not depend on the number of workers) and returns it with
`duplicate_of` (the earlier article it nearly copies: MinHash LSH over word shingles) and a
`cluster_id` on each event. Events of two articles share a cluster when they are the same real
event: same type, overlapping source and target countries, days at most one apart, and articles
that say it with the same words (a wire copy, or word overlap of the evidence and titles).
The indexes keep only a sliding window of days, so memory stays flat on a stream; what they keep of an
article is compact (its MinHash values and LSH band keys as rows of arrays, its events' words in one
string), so a window of thousands of articles costs a few MiB.
"""
from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field, replace
from hashlib import sha1

import numpy as np
import regex

from .frozen import evolve
from .model import Article, Event
from .normalize import fold

WORD = regex.compile(r"\w+")
SHINGLE = 3
NUM_PERM = 64
SHA1_WORDS = 5  # 4-byte words in a SHA-1 digest
SEED = 1
MAX_HASH = np.iinfo(np.uint32).max  # an empty text's values
LSH_BANDS = {(0.7, NUM_PERM): (8, 8)}  # (threshold, permutations) → (bands, rows): datasketch's MinHashLSH optimum


def _permutations(num_perm: int = NUM_PERM, seed: int = SEED) -> np.ndarray:
    """Return datasketch's affine32 permutations (its default scheme: h → a·h + b mod 2³², `a` odd),
    drawn as datasketch draws them, so the values are its values without importing it (datasketch
    imports scipy, a second of start-up)."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return np.array([a, b])


PERMUTATIONS = _permutations()  # read-only, made once
PERMUTATIONS.flags.writeable = False


@dataclass(frozen=True, eq=False)
class Signature:
    """An article's MinHash values (datasketch's, see `minhash`)."""
    hashvalues: np.ndarray


def lsh_bands(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """Return the (bands, rows) datasketch's MinHashLSH chooses for a Jaccard threshold."""
    if (threshold, num_perm) in LSH_BANDS:
        return LSH_BANDS[(threshold, num_perm)]
    from datasketch import MinHashLSH  # another threshold: let datasketch choose (slow to import)

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return lsh.b, lsh.r
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
    signature: Signature | None = field(default=None, compare=False, repr=False)  # the whole article's


@dataclass(frozen=True)
class LinkFeatures:
    """What the linker needs of one article, computed on its own (in a worker process, on a stream)."""
    day: dt.date | None  # the publication day
    signature: Signature  # of the body's word 3-grams
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
        self._articles = ArticleWindow(*lsh_bands(duplicate_threshold))
        self._events: dict[dt.date | None, list[KeptEvent]] = {}
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
        clusters = tuple(self._cluster(evolve(key, root=original or doc_id)) for key in features.events)
        self._forget()
        return original, clusters

    def _remember(self, doc_id: str, day: dt.date | None, signature: Signature, original: str | None) -> None:
        if day is not None and (self._latest is None or day > self._latest):
            self._latest = day
        self._articles.append(signature.hashvalues, day, original or doc_id)

    def _original(self, signature: Signature, day: dt.date | None) -> str | None:
        """Return the root of the earliest indexed article of the window this one nearly copies.

        Indexed: it shares an LSH band with this one; nearly copies: MinHash Jaccard at least
        `duplicate_threshold`; of the window: days at most `window` apart (when both are known).
        """
        numbers = self._articles.sharing_a_band(signature.hashvalues)
        if len(numbers):
            numbers = numbers[self._articles.similarity(numbers, signature.hashvalues) >= self.duplicate_threshold]
        if len(numbers) and day is not None:
            # a templated story of another week («القتل تعزيرا لمهرب») is another event
            days = self._articles.days(numbers)
            numbers = numbers[(days == 0) | (np.abs(days - day.toordinal()) <= self.window.days)]
        return self._articles.root(numbers[0]) if len(numbers) else None

    def _cluster(self, key: EventKey) -> str:
        """Return the event's cluster id: that of the first remembered event it is, else its own."""
        for seen in self._near(key.day):
            if same_event(seen, key, self.word_overlap):
                key = evolve(key, cluster_id=seen.cluster_id)
                break
        self._events.setdefault(key.day, []).append(KeptEvent.of(key))
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
        while len(self._articles) > self.recent:
            if len(self._articles) <= self.max_articles and not self._stale(self._articles.oldest_day()):
                break
            self._articles.popleft()
        if len(self._articles) >= self.recent:
            for day in [d for d in self._events if self._stale(d)]:
                del self._events[day]

    def _stale(self, day: dt.date | None) -> bool:
        return day is not None and self._latest is not None and self._latest - day > self.window


class ArticleWindow:
    """The linker's remembered articles, oldest first, as rows of arrays: MinHash values, LSH band
    keys, publication day (its ordinal, 0 when unknown) and root (the first of its wire-copy family).

    Articles are numbered from 0 in the order they come; they are appended at the end and dropped
    at the front, and the arrays are compacted (or doubled, when more than half is in use) when
    full. An article costs some 500 bytes here, where datasketch's MinHashLSH with a MinHash
    object took over 3 KiB.
    """

    def __init__(self, bands: int, rows: int, capacity: int = 1024):
        self.index = BandIndex(bands, rows)
        self._values = np.zeros((capacity, NUM_PERM), np.uint32)  # widened if a signature needs it
        self._keys = np.zeros((capacity, bands), np.uint64)
        self._days = np.zeros(capacity, np.int64)
        self._roots = np.empty(capacity, object)
        self._offset = self._first = self._next = 0  # numbers of the article in row 0, the oldest, the next

    def __len__(self) -> int:
        return self._next - self._first

    def oldest_day(self) -> dt.date | None:
        """Return the publication day of the oldest article."""
        day = int(self._days[self._first - self._offset])
        return dt.date.fromordinal(day) if day else None

    def days(self, numbers: np.ndarray) -> np.ndarray:
        """Return the day ordinals (0: unknown) of these articles."""
        return self._days[numbers - self._offset]

    def root(self, number: int) -> str:
        """Return the root of this article."""
        return self._roots[number - self._offset]

    def append(self, values: np.ndarray, day: dt.date | None, root: str) -> None:
        """Remember one more article, the newest."""
        if self._next - self._offset == len(self._days):
            self._make_room()
        if not np.can_cast(values.dtype, self._values.dtype):
            self._values = self._values.astype(np.promote_types(values.dtype, self._values.dtype))
        row = self._next - self._offset
        self._values[row], self._keys[row] = values, self.index.keys(values)
        self._days[row], self._roots[row] = (day.toordinal() if day else 0), root
        self._next += 1
        if self._next - self._tail_first >= BandIndex.TAIL:
            self.index.merge(self._tail_keys(), self._tail_first, self._first)

    def popleft(self) -> None:
        """Forget the oldest article."""
        self._roots[self._first - self._offset] = None
        self._first += 1

    def sharing_a_band(self, values: np.ndarray) -> np.ndarray:
        """Return the numbers, in order, of the articles whose MinHash has a band equal to this one's.

        These are the candidates MinHashLSH would give: band keys find them, and the values
        confirm each, so a collision of keys never adds one.
        """
        found = self.index.candidates(self.index.keys(values), self._tail_keys(), self._tail_first)
        found = found[found >= self._first]
        if not len(found):
            return found
        width = self.index.bands * self.index.rows
        bands = self._values[found - self._offset, :width] == values[:width]
        return found[bands.reshape(len(found), self.index.bands, self.index.rows).all(axis=2).any(axis=1)]

    def similarity(self, numbers: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Return the MinHash Jaccard estimate between `values` and these articles' (as datasketch's)."""
        return (self._values[numbers - self._offset] == values).sum(axis=1) / NUM_PERM

    @property
    def _tail_first(self) -> int:
        """Return the number of the oldest live article not yet in the index's sorted part."""
        return max(self.index.indexed, self._first)

    def _tail_keys(self) -> np.ndarray:
        """Return the band keys of the live articles not yet in the index's sorted part."""
        return self._keys[self._tail_first - self._offset:self._next - self._offset]

    def _make_room(self) -> None:
        """Move the live rows to the front of the arrays, doubling them when more than half is in use."""
        live = slice(self._first - self._offset, self._next - self._offset)
        size = len(self._days) * (2 if 2 * len(self) > len(self._days) else 1)
        for name in ("_values", "_keys", "_days", "_roots"):
            old = getattr(self, name)
            new = np.empty(size, object) if old.dtype == object else np.zeros((size,) + old.shape[1:], old.dtype)
            new[:len(self)] = old[live]
            setattr(self, name, new)
        self._offset = self._first


class BandIndex:
    """Article numbers by LSH band key: the keys of all but the newest articles in a sorted array,
    searched by bisection; the newest articles' keys (fewer than `TAIL` articles) compared one by
    one, and merged into the sorted array every `TAIL` articles.

    A band's key mixes its MinHash values with multipliers of its own, so equal bands have equal
    keys and bands of different places rarely do.
    """

    TAIL = 256

    def __init__(self, bands: int, rows: int):
        self.bands, self.rows = bands, rows
        mixers = np.random.default_rng(7).integers(1, 2**63, (bands, rows), dtype=np.uint64) | np.uint64(1)
        self._mixers = np.zeros((bands * rows, bands), np.uint64)  # band b's multipliers in column b
        for band, column in enumerate(mixers):
            self._mixers[band * rows:(band + 1) * rows, band] = column
        self._sorted = np.zeros(0, np.uint64)
        self._numbers = np.zeros(0, np.int64)
        self.indexed = 0  # the articles numbered below this are in the sorted part

    def keys(self, values: np.ndarray) -> np.ndarray:
        """Return the key of each band of MinHash values."""
        return np.dot(values[:self.bands * self.rows].astype(np.uint64), self._mixers)

    def candidates(self, keys: np.ndarray, tail: np.ndarray, tail_first: int) -> np.ndarray:
        """Return the numbers, in order and each once, of the articles with one of these band keys
        (`tail`: the keys of the articles from number `tail_first` on, not in the sorted part)."""
        starts, last = np.searchsorted(self._sorted, keys), len(self._sorted) - 1
        hits = np.flatnonzero(self._sorted[np.minimum(starts, last)] == keys) if last >= 0 else ()
        found = [self._numbers[starts[hit]:np.searchsorted(self._sorted, keys[hit], "right")] for hit in hits]
        numbers = np.flatnonzero(tail == keys) // self.bands + tail_first
        if found:
            numbers = np.concatenate(found + [numbers])
        return np.unique(numbers) if len(numbers) else numbers

    def merge(self, tail: np.ndarray, tail_first: int, first: int) -> None:
        """Sort the tail's keys into the sorted part, leaving out the articles numbered below `first`."""
        live = self._numbers >= first
        keys = np.concatenate([self._sorted[live], tail.ravel()])
        numbers = np.concatenate([self._numbers[live], np.repeat(np.arange(tail_first, tail_first + len(tail)),
                                                                 self.bands)])
        order = np.argsort(keys, kind="stable")
        self._sorted, self._numbers = keys[order], numbers[order]
        self.indexed = tail_first + len(tail)


@dataclass(frozen=True, slots=True)
class KeptEvent:
    """An event as the linker remembers it: its `EventKey`, with the words in one string (a set
    of strings costs ten times more), the countries as tuples of interned strings, and the
    article's MinHash values without their MinHash object."""
    cluster_id: str
    type: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    day: dt.date | None
    word_lines: str  # the words, one a line
    doc_id: str
    root: str
    dated: bool
    signature: np.ndarray | None

    @classmethod
    def of(cls, key: EventKey) -> KeptEvent:
        """Return the compact form of an event's key."""
        return cls(key.cluster_id, sys.intern(key.type), _interned(key.source), _interned(key.target), key.day,
                   "\n".join(key.words), key.doc_id, key.root, key.dated,
                   None if key.signature is None else key.signature.hashvalues)

    @property
    def words(self) -> list[str]:
        """Return the words that told the event, each once."""
        return self.word_lines.split("\n") if self.word_lines else []


def _interned(names: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(map(sys.intern, names)))


def minhash(text: str, folds: dict[str, str] | None = None) -> Signature:
    """Return the MinHash (fixed seed, so runs agree) of a text's word 3-gram shingles.

    The values are datasketch's (`update_batch` with its default `sha1_hash32`, scheme affine32),
    computed in a few array operations: the shingles' SHA-1 prefixes in one pass, the murmur
    finaliser and the permutations (made once, `PERMUTATIONS`) over all of them at once.
    """
    words = folded_words(text, {} if folds is None else folds)
    shingles = {" ".join(gram) for gram in zip(words, words[1:], words[2:])}
    if not shingles:
        return Signature(np.full(NUM_PERM, MAX_HASH, dtype=np.uint32))
    # whole digests joined, then the first 4 bytes of each read as one column: no slice per shingle
    digests = b"".join([sha1(shingle).digest() for shingle in map(str.encode, shingles)])
    hashes = np.frombuffer(digests, dtype="<u4").reshape(-1, SHA1_WORDS)[:, 0]
    mixed = _murmur_finaliser(hashes.astype(np.uint32).reshape(-1, 1))
    values = (mixed * PERMUTATIONS[0] + PERMUTATIONS[1]).min(axis=0)
    return Signature(values)


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
              signature: Signature | None = None, folds: dict[str, str] | None = None) -> EventKey:
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


def same_event(seen: EventKey | KeptEvent, new: EventKey, word_overlap: float) -> bool:
    """Return True when two events of different articles are one real event.

    Wire copies of one story share the event whatever days their relative dates resolve to;
    independent reports need days at most one apart and enough words in common.
    """
    if seen.doc_id == new.doc_id or seen.type != new.type:
        return False
    if new.source.isdisjoint(seen.source) and (new.source or seen.source):
        return False  # different sources, none in common
    if seen.target and new.target and new.target.isdisjoint(seen.target):
        return False
    if seen.root == new.root:
        return True
    slack = 1 if seen.dated and new.dated else 2  # a publication date may lag the event by a day
    if seen.day and new.day and abs((seen.day - new.day).days) > slack:
        return False
    seen_words = seen.words
    common = len(new.words.intersection(seen_words))
    union = len(new.words) + len(seen_words) - common
    if union and common / union >= word_overlap:
        return True
    return (seen.signature is not None and new.signature is not None
            and _jaccard(seen.signature, new.signature.hashvalues) >= STORY_OVERLAP)


def _jaccard(seen: Signature | np.ndarray, values: np.ndarray) -> float:
    """Return the MinHash Jaccard estimate of two signatures (as `MinHash.jaccard`)."""
    seen = seen.hashvalues if isinstance(seen, Signature) else seen
    return np.count_nonzero(seen == values) / len(values)


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None
