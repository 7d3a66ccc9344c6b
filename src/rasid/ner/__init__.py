"""Arabic named-entity recognition: a CRF tagger shipped as data (`Tagger.load()`)."""
from rasid.ner.tagger import Tagger

__all__ = ["Tagger"]
