"""Word clusters learned from unlabelled news: PPMI co-occurrence → SVD → k-means.

Training-time only (needs numpy, scipy, scikit-learn: the `train` extra). The result is
a small table `folded word → cluster id` at several granularities that the NER features
read; the tagger never imports this module.
"""
from __future__ import annotations

import gzip
import json
import time
from pathlib import Path

from rasid.normalize import fold
from rasid.segment import TOKEN

GRANULARITIES = (64, 256, 1024)
SEED = 13


def read_token_ids(corpus: Path, max_articles: int | None = None):
    """Return (ids, types): every token of the corpus as an index into `types` (folded forms).

    Sentence/article breaks are marked with -1 so no window crosses an article.
    """
    import numpy as np

    raw_ids: dict[str, int] = {}
    stream: list[int] = []
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        for n, line in enumerate(lines):
            if max_articles is not None and n >= max_articles:
                break
            article = json.loads(line)
            for part in (article.get("title") or "", article.get("text") or ""):
                stream.extend(raw_ids.setdefault(t, len(raw_ids)) for t in TOKEN.findall(part))
                stream.append(-1)
    folded_ids: dict[str, int] = {}
    raw_to_folded = np.array([folded_ids.setdefault(fold(t), len(folded_ids)) for t in raw_ids] + [-1],
                             dtype=np.int32)
    ids = raw_to_folded[np.array(stream, dtype=np.int32)]  # -1 indexes the trailing -1
    types = [None] * len(folded_ids)
    for word, i in folded_ids.items():
        types[i] = word
    return ids, types


def cooccurrence(ids, n_types: int, n_targets: int, n_contexts: int, window: int = 2):
    """Return a sparse (targets × 2·contexts·window) count matrix of position-aware contexts, and the target ids."""
    import numpy as np
    from scipy import sparse

    counts = np.bincount(ids[ids >= 0], minlength=n_types)
    order = np.argsort(-counts, kind="stable")
    target_rank = np.full(n_types + 1, -1, dtype=np.int64)
    target_rank[order[:n_targets]] = np.arange(min(n_targets, n_types))
    context_rank = np.full(n_types + 1, -1, dtype=np.int64)
    context_rank[order[:n_contexts]] = np.arange(min(n_contexts, n_types))
    rows = target_rank[ids]        # ids == -1 → index -1 → the trailing -1 slot
    cols = context_rank[ids]
    n_cols = 2 * window * n_contexts
    matrix = sparse.csr_matrix((len(order[:n_targets]), n_cols), dtype=np.float32)
    slot = 0
    for offset in [o for o in range(-window, window + 1) if o]:
        r = rows[max(0, -offset): len(ids) - max(0, offset)]
        c = cols[max(0, offset): len(ids) + min(0, offset)]
        keep = (r >= 0) & (c >= 0) & _no_break_between(ids, offset)
        matrix = matrix + sparse.csr_matrix(
            (np.ones(int(keep.sum()), dtype=np.float32), (r[keep], c[keep] + slot * n_contexts)),
            shape=matrix.shape)
        slot += 1
    return matrix, order[:n_targets]


def _no_break_between(ids, offset: int):
    """Return a mask over aligned pairs at `offset`: True where no article break lies between."""
    import numpy as np

    breaks = np.cumsum(ids < 0)
    a = breaks[max(0, -offset): len(ids) - max(0, offset)]
    b = breaks[max(0, offset): len(ids) + min(0, offset)]
    return a == b


def ppmi(matrix, alpha: float = 0.75):
    """Return the positive PMI of a count matrix (context distribution smoothed by `alpha`)."""
    import numpy as np
    from scipy import sparse

    matrix = matrix.tocoo()
    row_sum = np.asarray(matrix.sum(axis=1)).ravel()
    col_sum = np.asarray(matrix.sum(axis=0)).ravel() ** alpha
    pmi = np.log(matrix.data * col_sum.sum() / (row_sum[matrix.row] * col_sum[matrix.col] + 1e-12) + 1e-12)
    keep = pmi > 0
    return sparse.csr_matrix((pmi[keep].astype(np.float32), (matrix.row[keep], matrix.col[keep])),
                             shape=matrix.shape)


def embed(matrix, dims: int):
    """Return unit-length dense word vectors from a truncated SVD of `matrix`."""
    import numpy as np
    from sklearn.decomposition import TruncatedSVD

    vectors = TruncatedSVD(n_components=dims, random_state=SEED, n_iter=5).fit_transform(matrix)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-9)


def cluster(vectors, k: int):
    """Return a k-means cluster id for every row of `vectors`."""
    from sklearn.cluster import MiniBatchKMeans

    model = MiniBatchKMeans(n_clusters=k, random_state=SEED, batch_size=4096, n_init=3, max_iter=100)
    return model.fit_predict(vectors)


def build(corpus: Path, out: Path, n_targets: int = 80000, n_contexts: int = 15000, dims: int = 100,
          max_articles: int | None = None, log=print) -> int:
    """Build the cluster table at `out` (TSV.gz: word, then one id per granularity, most frequent word first); return its size."""
    start = time.time()
    ids, types = read_token_ids(corpus, max_articles)
    log(f"clusters: {len(ids):,} tokens, {len(types):,} folded types read in {time.time() - start:.0f}s")
    counts, targets = cooccurrence(ids, len(types), n_targets, n_contexts)
    log(f"clusters: co-occurrence {counts.shape} nnz={counts.nnz:,} ({time.time() - start:.0f}s)")
    vectors = embed(ppmi(counts), dims)
    log(f"clusters: SVD done ({time.time() - start:.0f}s)")
    labels = [cluster(vectors, k) for k in GRANULARITIES]
    log(f"clusters: k-means {GRANULARITIES} done ({time.time() - start:.0f}s)")
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as table:
        table.write("# word\t" + "\t".join(f"c{k}" for k in GRANULARITIES) + "\n")
        for row, type_id in enumerate(targets):
            table.write(types[type_id] + "\t" + "\t".join(str(int(l[row])) for l in labels) + "\n")
    return len(targets)


def load(path: Path) -> dict[str, tuple[str, ...]]:
    """Return folded word → cluster ids (as strings, coarse to fine) from a table written by `build`."""
    with gzip.open(path, "rt", encoding="utf-8") as table:
        return {word: tuple(ids) for word, *ids in
                (line.rstrip("\n").split("\t") for line in table if not line.startswith("#"))}
