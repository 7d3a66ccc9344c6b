"""Reading CoNLL files and scoring BIO taggers at the entity level (exact span and type)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

TYPES = ("PERS", "ORG", "LOC", "MISC")
DOC_WINDOW = 10  # sentences either side taken as a sentence's document where articles are unmarked
INVISIBLE = dict.fromkeys(map(ord, "\u200e\u200f\ufeff"))


def read_conll(path: Path | str) -> list[tuple[list[str], list[str]]]:
    """Return the (words, tags) sentences of a `token<TAB>tag` CoNLL file; marks U+200E/F dropped."""
    sentences, words, tags = [], [], []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.rstrip("\r\n")
            if not line.strip():
                if words:
                    sentences.append((words, tags))
                words, tags = [], []
                continue
            word, _, tag = line.rpartition("\t") if "\t" in line else line.rpartition(" ")
            word = word.translate(INVISIBLE).strip()
            if word:
                words.append(word)
                tags.append(tag.strip())
    if words:
        sentences.append((words, tags))
    return sentences


def spans(tags: list[str]) -> set[tuple[str, int, int]]:
    """Return the entities of a BIO sequence as (type, start, end) token spans, conlleval-style.

    An I- tag that does not continue an entity of its type starts a new one, as conlleval does.
    """
    found, kind, start = set(), None, 0
    for i, tag in enumerate(list(tags) + ["O"]):
        prefix, _, label = tag.partition("-")
        if kind is not None and (prefix != "I" or label != kind):
            found.add((kind, start, i))
            kind = None
        if prefix == "B" or (prefix == "I" and kind is None):
            kind, start = label, i
    return found


def score(gold: list[list[str]], predicted: list[list[str]]) -> dict:
    """Return micro precision/recall/F1 over all types and the same per type (fractions 0–1)."""
    true_pos, n_gold, n_pred = Counter(), Counter(), Counter()
    for gold_tags, pred_tags in zip(gold, predicted):
        gold_spans, pred_spans = spans(gold_tags), spans(pred_tags)
        for kind, *_ in gold_spans:
            n_gold[kind] += 1
        for kind, *_ in pred_spans:
            n_pred[kind] += 1
        for kind, *_ in gold_spans & pred_spans:
            true_pos[kind] += 1
    result = _prf(sum(true_pos.values()), sum(n_gold.values()), sum(n_pred.values()))
    result["per_type"] = {kind: _prf(true_pos[kind], n_gold[kind], n_pred[kind]) for kind in TYPES}
    return result


def _prf(true_pos: int, n_gold: int, n_pred: int) -> dict:
    precision = true_pos / n_pred if n_pred else 0.0
    recall = true_pos / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "gold": n_gold, "predicted": n_pred}


def evaluate(tagger, conll_path: Path | str, window: int = DOC_WINDOW) -> dict:
    """Return the entity-level scores of `tagger` on a gold CoNLL file (see `score`).

    The file has no article breaks, so each sentence's document is the `window` sentences
    either side of it.
    """
    sentences = read_conll(conll_path)
    predicted = tagger.tag_document([words for words, _ in sentences], window=window)
    result = score([tags for _, tags in sentences], predicted)
    result["sentences"] = len(sentences)
    result["tokens"] = sum(len(words) for words, _ in sentences)
    return result
