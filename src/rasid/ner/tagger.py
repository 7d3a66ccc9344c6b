"""The shipped CRF NER tagger: BIO tags (PERS/ORG/LOC/MISC) for a list of tokens.

A sentence CRF tags every sentence; then names it found are tagged wherever else they occur
in the document (`rasid.ner.document`). `tag_document` sees the whole article; `tag`
treats one sentence as its own document, and `tag_sentences` does so for many at once.
crfsuite trains the CRF and reads the model file; the tags come from its weights through
`rasid.ner.decode` (the same tags as crfsuite's own tagger, several times faster).
"""
from __future__ import annotations

from itertools import islice
from pathlib import Path

from rasid.ner.decode import Decoder, Weights, read_weights
from rasid.ner.document import tag_consistently
from rasid.ner.features import Featurizer, load_gazetteer

MODELS = Path(__file__).resolve().parent.parent / "models"
MODEL_FILE = "ner.crfsuite"
CLUSTERS_FILE = "ner_clusters.tsv.gz"
GAZETTEER_FILE = "ner_gazetteer.tsv.gz"
VERSION = "ner-crf-2026.11.3"  # .3: document rules for surnames and type settling
COMMON_WORDS = 2000  # the most frequent words of the news: never a surname on their own (document.surnames)
REBUILD = "rebuild it with `rasid train ner --shared ../shared` or reinstall rasid"


class Tagger:
    """A CRF tagger with its feature tables; load the shipped one with `Tagger.load()`."""

    version = VERSION

    def __init__(self, crf, featurizer: Featurizer, weights: Weights, version: str = VERSION):
        """`crf`: an opened `pycrfsuite.Tagger`; `weights`: its weights (see `read_weights`)."""
        self._crf = crf
        self._featurizer = featurizer
        self._decoder = Decoder(crf, featurizer, weights)
        self._generic = featurizer.generic_words()
        self.common = frozenset(islice(featurizer.clusters, COMMON_WORDS))  # the table lists words by frequency
        self.ranks = {word: rank for rank, word in enumerate(featurizer.clusters)}  # folded word → rank by frequency
        self.version = version

    @classmethod
    def load(cls, models_dir: Path | str | None = None) -> "Tagger":
        """Return the tagger stored in `models_dir` (default: the model shipped in the package)."""
        folder = Path(models_dir) if models_dir is not None else MODELS
        try:
            import pycrfsuite
        except ImportError as exc:
            raise _model_error("python-crfsuite is not installed; `pip install python-crfsuite`") from exc
        try:
            from rasid.ner.clusters import load as load_clusters
            crf = pycrfsuite.Tagger()
            crf.open(str(_existing(folder / MODEL_FILE)))
            weights = read_weights(crf, folder / MODEL_FILE)
            featurizer = Featurizer(load_clusters(folder / CLUSTERS_FILE),
                                    load_gazetteer(folder / GAZETTEER_FILE), frozenset(weights.attributes))
        except (OSError, ValueError, EOFError) as exc:
            raise _model_error(f"cannot read the NER model in {folder}: {exc}; {REBUILD}") from exc
        return cls(crf, featurizer, weights)

    def tag(self, words: list[str]) -> list[str]:
        """Return one BIO tag per word (`O`, `B-PERS`, `I-ORG`, …), the sentence as its own document."""
        return self.tag_sentences([words])[0]

    def tag_sentences(self, sentences: list[list[str]]) -> list[list[str]]:
        """Return the tags of `tag` for every sentence (each its own document), decoded together, so faster."""
        tags, keys = self._decoder.tag(sentences)
        return [tag_consistently([k], [t], None, self._generic, self.common)[0] for k, t in zip(keys, tags)]

    def tag_document(self, sentences: list[list[str]], window: int | None = None) -> list[list[str]]:
        """Return BIO tags for every sentence of one document (an article's sentences, in order).

        Names are tagged consistently across the document; `window` limits the context to
        that many sentences either side (for corpora without article breaks).
        """
        tags, keys = self._decoder.tag(sentences)
        return tag_consistently(keys, tags, window, self._generic, self.common)

    def features(self, words: list[str]) -> list[list[str]]:
        """Return the CRF feature lists of `words` that the model knows (for debugging)."""
        return self._featurizer.sentence(words)


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing")
    return path


def _model_error(message: str):
    from rasid.errors import ModelError

    return ModelError(message)
