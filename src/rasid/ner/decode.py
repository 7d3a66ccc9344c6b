"""The tags a crfsuite CRF gives a batch of sentences, computed from its weights with numpy.

crfsuite's own tagger turns ~40 feature strings per token into attribute ids on every call.
But a token's features are its word's own features, its neighbours' window features (±2)
and one bigram, and each part depends on a single word. So the model's weights are read once,
exactly, from the model file; every distinct word gets one row of label scores per part (own,
as the -2, -1, +1, +2 neighbour), kept in a bounded least-recently-used table. A word's window
features are some of its own features behind an offset prefix, so its rows are summed from
its own feature names through a table made at load (`Weights.name_scores`): no window feature
string is built at run time. A sentence's
emission scores are sums of gathered rows plus the model's known bigrams; and one Viterbi
pass in numpy decodes all the sentences of a batch together (the loop runs over positions,
not tokens), so one call per article is much faster than one per sentence.

The same tags as crfsuite, not merely close ones: the weights are summed in another order,
so scores may differ from crfsuite's in their last bits (~1e-13); a sentence whose best path
wins any of its decisions by less than `MARGIN` is tagged by crfsuite itself. Sentences are right-aligned in a batch behind a padding label that only
padding positions can take and that costs nothing to leave, so no position needs a mask.
"""
from __future__ import annotations

import struct
from collections import OrderedDict, deque
from dataclasses import dataclass
from itertools import chain, repeat
from pathlib import Path

import numpy as np

from rasid.ner.features import BIGRAM, EDGES, OFFSETS, PREFIXES, WINDOW, Featurizer, bigram_splits

CACHE_LIMIT = 50_000  # words: ~400 B of scores and ~200 B of keys each
MARGIN = 1e-6  # a decision won by less is left to crfsuite
IMPOSSIBLE = -1e30  # score of a label a position cannot take
BATCH = 128  # sentences decoded together (sorted by length, so little padding)
BOUNDARY = 0  # table row of the positions around a sentence: the BOS/EOS window features
ROWS = 1024  # first size of the word table; doubled when full
FEATURE = np.dtype([("type", "<u4"), ("source", "<u4"), ("target", "<u4"), ("weight", "<f8")])  # crfsuite's record


@dataclass(frozen=True)
class Weights:
    """A CRF's weights as arrays: label scores per attribute, transitions, bigram pairs."""

    labels: tuple[str, ...]
    attributes: dict[str, int]  # attribute → its crfsuite number, the row of `state`; row len(attributes) is zeros
    state: np.ndarray  # (attributes + 1, labels + 1); the last column is the padding label
    incoming: np.ndarray  # (labels + 1, labels + 1): [to, from] transition weight
    lefts: dict[str, int]  # folded core → id (from 1) as the first word of a known bigram
    rights: dict[str, int]  # … as its second word
    pair_codes: np.ndarray  # sorted left id * (len(rights) + 1) + right id of the known bigrams, then a sentinel
    pair_rows: np.ndarray  # `state` row of each code in `pair_codes` (the zero row for the sentinel)
    names: dict[str, int]  # own feature name → its number in `name_scores`
    name_scores: np.ndarray  # (names + 1, parts, labels + 1): a name's `state` row as own feature, then as
    # each neighbour's (OFFSETS order); zeros where the model has no such attribute; the last name all zeros


def read_weights(crf, model_path: Path | str) -> Weights:
    """Return the exact weights of the crfsuite model file `model_path`, opened as `crf`.

    `crf.info()` names the labels and attributes but prints the weights to 6 decimals, too
    coarse to give crfsuite's tags; the weights come from the file's feature table instead
    (crfsuite's CRF1d layout: a 48-byte header, then the FEAT chunk of 20-byte records), checked
    against the printed ones. Raises ValueError when the file does not have that layout.
    """
    info = crf.info()
    labels = tuple(crf.labels())
    attributes = {name: int(number) for name, number in info.attributes.items()}
    kind, source, target, weight = _features(Path(model_path).read_bytes())
    is_state = kind == 0
    if np.any(source >= np.where(is_state, len(attributes), len(labels))) or np.any(target >= len(labels)):
        raise ValueError("a feature of the model file names an unknown attribute or label")
    state = np.zeros((len(attributes) + 1, len(labels) + 1))
    state[source[is_state], target[is_state]] = weight[is_state]
    incoming = np.zeros((len(labels) + 1, len(labels) + 1))
    incoming[target[~is_state], source[~is_state]] = weight[~is_state]
    _check(info, attributes, labels, state, incoming, len(kind))
    names, rows = _name_table(attributes)
    return Weights(labels, attributes, state, incoming, *_bigram_tables(attributes), names, state[rows])


def _features(model: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return (type, source, target, weight) of every feature record of a crfsuite CRF1d model file."""
    if model[:4] != b"lCRF" or model[8:12] != b"FOMC":
        raise ValueError("not a crfsuite CRF1d model")
    (offset,) = struct.unpack_from("<I", model, 28)
    chunk, _, count = struct.unpack_from("<4sII", model, offset)
    if chunk != b"FEAT":
        raise ValueError("no feature table where the crfsuite header says")
    records = np.frombuffer(model, dtype=FEATURE, count=count, offset=offset + 12)
    return (records["type"], records["source"].astype(np.intp), records["target"].astype(np.intp),
            records["weight"].astype(np.float64))


def _check(info, attributes: dict[str, int], labels: tuple[str, ...], state: np.ndarray, incoming: np.ndarray,
           records: int) -> None:
    """Raise ValueError unless the `records` weights read from the file are crfsuite's printed ones, to 6 decimals."""
    number = {label: n for n, label in enumerate(labels)}
    printed = [(state[attributes[attribute], number[label]], weight)
               for (attribute, label), weight in info.state_features.items()]
    printed += [(incoming[number[after], number[before]], weight) for (before, after), weight in info.transitions.items()]
    read, shown = np.array(printed).T if printed else (np.zeros(0), np.zeros(0))
    if records != len(printed) or np.abs(read - shown).max(initial=0) > 1e-6:
        raise ValueError("the feature table does not match the model's printed weights")


def _name_table(attributes: dict[str, int]) -> tuple[dict[str, int], np.ndarray]:
    """Return (own feature name → number, (names + 1, parts) `state` rows of each as own and as each neighbour's feature).

    A neighbour at `off` shows the own features that start with `WINDOW[off]`, as the
    attribute `PREFIXES[off]` + name (`Featurizer.own`): so a word's rows are sums of its
    own features' rows, and no window feature string is built at run time.
    """
    zero, parts = len(attributes), [0] + [PREFIXES[off] for off in OFFSETS]
    rows: dict[str, list[int]] = {}
    for attribute, row in attributes.items():
        if attribute.startswith(BIGRAM):
            continue
        part = next((n for n, prefix in enumerate(parts) if n and attribute.startswith(prefix)), 0)
        name = attribute[len(parts[part]):] if part else attribute
        if part and not name.startswith(WINDOW[OFFSETS[part - 1]]):
            continue  # the featurizer never shows it in that window
        rows.setdefault(name, [zero] * len(parts))[part] = row
    table = np.array(list(rows.values()) + [[zero] * len(parts)], dtype=np.intp).reshape(-1, len(parts))
    return {name: n for n, name in enumerate(rows)}, table


def _bigram_tables(attributes: dict[str, int]):
    """Return (lefts, rights, pair codes, pair rows) of the model's bigram attributes."""
    pairs = [(split, row) for attribute, row in attributes.items() if attribute.startswith(BIGRAM)
             for split in bigram_splits(attribute)]
    lefts = {left: n + 1 for n, left in enumerate(dict.fromkeys(left for (left, _), _ in pairs))}
    rights = {right: n + 1 for n, right in enumerate(dict.fromkeys(right for (_, right), _ in pairs))}
    coded = sorted((lefts[left] * (len(rights) + 1) + rights[right], row) for (left, right), row in pairs)
    coded.append((np.iinfo(np.int64).max, len(attributes)))  # above every code: a search never runs off the end
    return (lefts, rights, np.array([code for code, _ in coded], dtype=np.int64),
            np.array([row for _, row in coded], dtype=np.intp))


class WordScores:
    """Label-score rows of words (own features, then as each window neighbour), memoised.

    A least-recently-used table of `limit` words: memory stays flat however long the corpus;
    the rows are pure functions of the word, so the memo cannot change any tag.
    """

    def __init__(self, weights: Weights, featurizer: Featurizer, limit: int = CACHE_LIMIT):
        self.weights = weights
        self._featurizer = featurizer
        self._limit = limit
        self._memo: OrderedDict[str, tuple[int, tuple[str, ...]]] = OrderedDict()
        parts, labels = len(OFFSETS) + 1, len(weights.labels) + 1
        self.scores = np.zeros((ROWS, parts, labels))
        self.lefts = np.zeros(ROWS, dtype=np.int64)  # per row: the word's id in `Weights.lefts`, 0 for none
        self.rights = np.zeros(ROWS, dtype=np.int64)
        self._free = list(range(ROWS - 1, BOUNDARY, -1))  # rows no word holds, the next one last
        self.scores[BOUNDARY] = self._sums([[]] + [list(EDGES[off]) for off in OFFSETS])
        self.scores[BOUNDARY, 0, :-1] = IMPOSSIBLE

    def lookup(self, sentences: list[list[str]]) -> tuple[list[tuple[int, ...]], list[tuple[tuple[str, ...], ...]]]:
        """Return every word's table row and document keys, sentence by sentence.

        Rows stay valid until the next `lookup`, which first forgets the least recently used
        words beyond the limit.
        """
        self._forget()
        memo = self._memo
        self._add([w for w in dict.fromkeys(chain.from_iterable(sentences)) if w not in memo])
        deque(map(memo.move_to_end, chain.from_iterable(sentences)), maxlen=0)  # most recently used last
        found = [tuple(zip(*map(memo.__getitem__, words))) or ((), ()) for words in sentences]
        return [rows for rows, _ in found], [keys for _, keys in found]

    def _forget(self) -> None:
        while len(self._memo) > self._limit:
            self._free.append(self._memo.popitem(last=False)[1][0])

    def _add(self, words: list[str]) -> None:
        """Compute and store the rows of `words` (not yet in the table)."""
        if not words:
            return
        described = [self._featurizer.own(w) for w in words]
        sums = self._word_sums([own for own, _ in described])
        sums[:, 0, -1] = IMPOSSIBLE  # a word never takes the padding label
        rows = self._rows(len(words))
        self.scores[rows] = sums
        cores = [own[0][2:] for own, _ in described]  # own[0] is «w=» and the folded core
        self.lefts[rows] = list(map(self.weights.lefts.get, cores, repeat(0)))
        self.rights[rows] = list(map(self.weights.rights.get, cores, repeat(0)))
        self._memo.update(zip(words, zip(rows, [keys for _, keys in described])))

    def _word_sums(self, owns: list[list[str]]) -> np.ndarray:
        """Return (words, parts, labels + 1): each word's label scores as itself and as each neighbour,
        summed over the scores of its own features (`Weights.name_scores`)."""
        names, table = self.weights.names.get, self.weights.name_scores
        zero = len(table) - 1
        ids, starts = [], []
        for own in owns:
            starts.append(len(ids))
            ids.append(zero)  # every word has a row, so none is empty for `reduceat`
            ids.extend(map(names, own, repeat(zero)))  # a name the model does not know scores zero
        return np.add.reduceat(np.take(table, ids, axis=0), starts, axis=0)

    def _sums(self, groups: list[list[str]]) -> np.ndarray:
        """Return one row per feature group: the sum of its known attributes' label scores."""
        known, zero = self.weights.attributes.get, len(self.weights.attributes)
        ids, starts = [], []
        for feats in groups:
            starts.append(len(ids))
            ids.append(zero)  # every group has a row, so none is empty for `reduceat`
            ids.extend(map(known, feats, repeat(zero)))  # an unknown attribute scores zero
        return np.add.reduceat(self.weights.state[ids], starts, axis=0)

    def _rows(self, count: int) -> list[int]:
        """Return `count` free rows of the table, doubling it as often as needed."""
        while len(self._free) < count:
            size = len(self.lefts)
            self.scores = np.concatenate([self.scores, np.zeros_like(self.scores)])
            self.lefts = np.concatenate([self.lefts, np.zeros_like(self.lefts)])
            self.rights = np.concatenate([self.rights, np.zeros_like(self.rights)])
            self._free[:0] = range(2 * size - 1, size - 1, -1)
        rows = self._free[-count:]
        del self._free[-count:]
        return rows


class Decoder:
    """Tags sentences with a crfsuite CRF's weights (see the module docstring)."""

    def __init__(self, crf, featurizer: Featurizer, weights: Weights, limit: int = CACHE_LIMIT):
        """`weights`: the CRF's (see `read_weights`)."""
        self._crf = crf
        self._featurizer = featurizer
        self.words = WordScores(weights, featurizer, limit)
        self._labels = self.words.weights.labels

    def tag(self, sentences: list[list[str]]) -> tuple[list[list[str]], list[list[tuple[str, ...]]]]:
        """Return the CRF's tags of every sentence and every word's document keys."""
        rows, keys = self.words.lookup(sentences)
        tags: list[list[str]] = [[] for _ in sentences]
        filled = [n for n in sorted(range(len(rows)), key=lambda n: len(rows[n])) if rows[n]]
        for start in range(0, len(filled), BATCH):
            batch = filled[start:start + BATCH]
            paths, unsure = viterbi(emissions(self.words, [rows[n] for n in batch]), self.words.weights.incoming,
                                    [len(rows[n]) for n in batch])
            for k, (n, path) in enumerate(zip(batch, paths)):
                tags[n] = self._crf.tag(self._featurizer.sentence(sentences[n])) if k in unsure \
                    else list(map(self._labels.__getitem__, path))
        return tags, keys


def emissions(words: WordScores, rows: list[list[int]]) -> np.ndarray:
    """Return the (sentences, positions, labels + 1) state scores of right-aligned sentences."""
    length = max(map(len, rows))
    grid = np.full((len(rows), length + 4), BOUNDARY, dtype=np.intp)
    for n, sentence in enumerate(rows):
        grid[n, length + 2 - len(sentence):length + 2] = sentence
    parts = words.scores[grid]
    scores = parts[:, 2:-2, 0] + parts[:, :-4, 1] + parts[:, 1:-3, 2] + parts[:, 3:-1, 3] + parts[:, 4:, 4]
    weights = words.weights
    codes = words.lefts[grid[:, 2:-3]] * (len(weights.rights) + 1) + words.rights[grid[:, 3:-2]]
    at = np.searchsorted(weights.pair_codes, codes)
    pairs = np.where(weights.pair_codes[at] == codes, weights.pair_rows[at], len(weights.attributes))
    scores[:, 1:] += weights.state[pairs]
    return scores


def viterbi(scores: np.ndarray, incoming: np.ndarray, lengths: list[int]) -> tuple[list[list[int]], set[int]]:
    """Return each right-aligned sentence's best label path, and the sentences it may not be for.

    `scores` (sentences, positions, labels) and `incoming` [to, from]; ties go to the lower
    label, as in crfsuite. A path is unsure when one of the decisions that chose it (its last
    label, a back-link along it) was won by less than `MARGIN`.
    """
    alpha, back = _forward(scores, incoming)
    paths = _backtrace(alpha[-1], back, lengths)
    return paths, _unsure(alpha, incoming, paths)


def _forward(scores: np.ndarray, incoming: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the Viterbi scores and back-links, both (positions, sentences, labels)."""
    count, length, labels = scores.shape
    steps = np.ascontiguousarray(scores.transpose(1, 0, 2))
    alpha = np.empty_like(steps)
    back = np.zeros((length, count, labels), dtype=np.intp)
    alpha[0] = steps[0]
    before, links = alpha[:, :, None, :], back.reshape(length, -1)  # views
    totals, steps = alpha.reshape(length, -1), steps.reshape(length, -1)
    candidates = np.empty((count, labels, labels))  # [sentence, to, from], reused at every position
    table, flat = candidates.reshape(-1, labels), candidates.reshape(-1)
    firsts = np.arange(count * labels) * labels
    for t in range(1, length):
        np.add(before[t - 1], incoming, out=candidates)
        best = table.argmax(1, out=links[t])
        np.add(flat[firsts + best], steps[t], out=totals[t])
    return alpha, back


def _backtrace(last: np.ndarray, back: np.ndarray, lengths: list[int]) -> list[list[int]]:
    """Return every sentence's label path, from its best last label back along the links."""
    paths = []
    for n, (label, length) in enumerate(zip(last[:, :-1].argmax(1).tolist(), lengths)):
        path = [label]
        for links in reversed(back[len(back) - length + 1:, n].tolist()):
            label = links[label]
            path.append(label)
        path.reverse()
        paths.append(path)
    return paths


def _unsure(alpha: np.ndarray, incoming: np.ndarray, paths: list[list[int]]) -> set[int]:
    """Return the sentences whose path won a decision by less than `MARGIN`."""
    length = len(alpha)
    unsure = set(np.flatnonzero(_margin(alpha[-1, :, :-1]) < MARGIN).tolist())
    positions = np.array([t for path in paths for t in range(length - len(path) + 1, length)], dtype=np.intp)
    sentences = np.repeat(np.arange(len(paths)), [len(path) - 1 for path in paths])
    labels = np.array([label for path in paths for label in path[1:]], dtype=np.intp)
    margins = _margin(alpha[positions - 1, sentences] + incoming[labels])
    return unsure | set(sentences[margins < MARGIN].tolist())


def _margin(candidates: np.ndarray) -> np.ndarray:
    """Return best minus second-best along the last axis."""
    top = np.partition(candidates, -2, axis=-1)
    return top[..., -1] - top[..., -2]
