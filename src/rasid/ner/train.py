"""Rebuild the shipped NER model from ../shared: clusters, gazetteer, then the CRF.

`rasid train ner --shared ../shared [--out DIR]` calls `main`. Every step has a fixed seed,
so the same inputs give the same files. Only ANERcorp *train* is read for learning.
"""
from __future__ import annotations

import random
import time
from pathlib import Path

from rasid.ner import clusters as cluster_tables
from rasid.ner import gazetteer as gazetteer_tables
from rasid.ner.conll import read_conll
from rasid.ner.features import Featurizer, load_gazetteer
from rasid.ner.tagger import CLUSTERS_FILE, GAZETTEER_FILE, MODEL_FILE, MODELS

C1, C2, MAX_ITERATIONS = 0.2, 0.01, 200
SEED = 13


def main(args=None, **kwargs) -> dict:
    """Run `train` with options from an argparse namespace and/or keyword arguments."""
    options = dict(vars(args)) if args is not None else {}
    options.update(kwargs)
    shared = Path(options.get("shared") or "../shared")
    out = Path(options["out"]) if options.get("out") else MODELS
    return train(shared, out, rebuild_tables=not options.get("reuse_tables", False))


def train(shared_dir: Path, out_dir: Path, c1: float = C1, c2: float = C2,
          max_iterations: int = MAX_ITERATIONS, rebuild_tables: bool = True,
          sentences: list | None = None, log=print) -> dict:
    """Build clusters, gazetteer and CRF model into `out_dir`; return timings and sizes."""
    started = time.time()
    out_dir.mkdir(parents=True, exist_ok=True)
    if rebuild_tables or not (out_dir / CLUSTERS_FILE).exists():
        n = cluster_tables.build(shared_dir / "corpus/unlabelled/news.jsonl.gz", out_dir / CLUSTERS_FILE, log=log)
        log(f"ner: {n:,} clustered words → {out_dir / CLUSTERS_FILE}")
    if rebuild_tables or not (out_dir / GAZETTEER_FILE).exists():
        n = gazetteer_tables.build(shared_dir / "data/kb", gazetteer_tables.romanizer_names_db(),
                                   out_dir / GAZETTEER_FILE)
        log(f"ner: {n:,} gazetteer words → {out_dir / GAZETTEER_FILE}")
    featurizer = load_featurizer(out_dir)
    if sentences is None:
        sentences = read_conll(shared_dir / "data/ner/anercorp/train.conll")
    fit(featurizer, sentences, out_dir / MODEL_FILE, c1, c2, max_iterations, log)
    seconds = time.time() - started
    log(f"ner: model → {out_dir / MODEL_FILE} ({(out_dir / MODEL_FILE).stat().st_size / 1e6:.1f} MB) in {seconds:.0f}s")
    return {"seconds": seconds, "sentences": len(sentences)}


def load_featurizer(models_dir: Path) -> Featurizer:
    """Return a featurizer over the cluster and gazetteer tables in `models_dir`."""
    return Featurizer(cluster_tables.load(models_dir / CLUSTERS_FILE),
                      load_gazetteer(models_dir / GAZETTEER_FILE))


def fit(featurizer: Featurizer, sentences, model_path: Path, c1: float, c2: float,
        max_iterations: int, log=print) -> None:
    """Train a CRF (L-BFGS, elastic net) on (words, tags) sentences and save it to `model_path`."""
    import pycrfsuite

    random.seed(SEED)
    trainer = pycrfsuite.Trainer(verbose=False)
    for words, tags in sentences:
        trainer.append(featurizer.sentence(words), tags)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": max_iterations,
                        "feature.possible_transitions": True, "feature.minfreq": 1})
    log(f"ner: training CRF on {len(sentences):,} sentences (c1={c1}, c2={c2})")
    trainer.train(str(model_path))


def split_held_out(sentences, share: float = 1 / 6):
    """Return (train, held-out): the last `share` of the sentences, whole articles, for tuning only.

    A contiguous tail mirrors the real split (later articles); interleaved blocks would leak
    names across the boundary and overstate the score.
    """
    cut = int(len(sentences) * (1 - share))
    return sentences[:cut], sentences[cut:]
