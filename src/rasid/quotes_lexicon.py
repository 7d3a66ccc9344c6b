"""The quotation stage's word lists (lexicons/quote_*.tsv), loaded once and folded for matching."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files

from .normalize import fold

PROCLITICS = "وفبل"


@dataclass(frozen=True)
class Cue:
    """One cue verb's reading: `plural` subjects speak jointly; `reported` opens reported speech."""
    form: str
    plural: bool
    reported: bool
    kind: str  # say, relay, quoting


@dataclass(frozen=True)
class QuoteLexicon:
    """Every word list of the quotation stage, folded; `version` is a hash of the files."""
    cues: dict[str, Cue]
    participles: frozenset[str]
    carryover: frozenset[str]
    complementizers: frozenset[str]
    not_complementizer: frozenset[str]
    issued: frozenset[str]
    requests: frozenset[str]
    name_heads: frozenset[str]
    naming_nouns: frozenset[str]  # «شركة», «صحيفة»: introduce a name that «الشركة» refers back to
    subject_stops: frozenset[str]
    person_titles: frozenset[str]
    fillers: frozenset[str]
    relatives: frozenset[str]
    joint: frozenset[str]
    country_heads: frozenset[str]
    clause_openers: frozenset[str]
    adverbial_heads: frozenset[str]
    body_heads: frozenset[str]
    clause_ends: frozenset[str]
    title_generic: frozenset[str]
    generic_persons: frozenset[str]
    unnamed_sources: frozenset[str]
    offices: frozenset[str]
    prepositions: frozenset[str]
    anaphors: dict[str, str]
    version: str
    stems: frozenset[str] = frozenset()  # cue and participle forms, with their proclitics, without final alefs
    nisba: Callable[[str], str | None] = staticmethod(lambda word: None)  # folded nisba → ISO3
    known_name: Callable[[str], bool] = staticmethod(lambda phrase: False)  # folded phrase is a name
    place_kinds: Callable[[str], set[str] | None] = staticmethod(lambda phrase: None)  # folded place → kinds

    def cue(self, word: str) -> Cue | None:
        """Return the cue a folded token is (with or without a proclitic و/ف), or None."""
        if word in self.cues:
            return self.cues[word]
        if len(word) > 3 and word[0] in "وف":
            return self.cues.get(word[1:])
        return None

    def triggers(self, word: str) -> bool:
        """Return whether a folded token is a cue or a participle (a quick look at its stem first)."""
        if word.rstrip("ا") not in self.stems:
            return False
        return bool(self.cue(word)) or self.is_participle(word)

    def gender(self, word: str) -> str | None:
        """Return "f" or "m" for a folded singular cue or participle whose form shows the speaker's
        gender («قالت», «تقول», «مؤكدة» are f; «قال», «يقول», «مؤكدا» are m), else None."""
        if self.is_participle(word):
            return "f" if word.endswith("ه") else "m" if not word.endswith(("ين", "ون")) else None
        cue = self.cue(word)
        if cue is None or cue.plural:
            return None
        form = cue.form
        if form.endswith("ت") and form[:-1] in self.cues or form[:1] == "ت" and "ي" + form[1:] in self.cues:
            return "f"
        if form + "ت" in self.cues or form[:1] == "ي" and "ت" + form[1:] in self.cues:
            return "m"
        return None

    def is_participle(self, word: str) -> bool:
        """Return whether a folded token is a participle cue («مؤكدا», «ومشيرا»)."""
        if self.stems and word.rstrip("ا") not in self.stems:  # most words: one set look-up
            return False
        return bool({word, word.rstrip("ا"), word + "ا"} & self.participles) or (
            len(word) > 4 and word[0] == "و" and self.is_participle(word[1:]))

    def opens_clause(self, word: str) -> bool:
        """Return whether a folded token opens a clause («بينما», «لكنه», «،»)."""
        return word in ("،", ",") or self.has("clause_openers", word) or any(
            word.startswith(opener) and len(word) - len(opener) <= 2 for opener in self.clause_openers)

    def has(self, name: str, word: str) -> bool:
        """Return whether a folded token, or it without one proclitic, is in the list `name`."""
        words = getattr(self, name)
        return word in words or (len(word) > 3 and word[0] in PROCLITICS and word[1:] in words)


def _rows(name: str) -> list[list[str]]:
    text = files("rasid").joinpath("lexicons", name).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return rows


def _words(name: str) -> frozenset[str]:
    return frozenset(fold(row[0].strip()) for row in _rows(name))


LISTS = ("participles", "carryover", "complementizers", "not_complementizer", "issued", "requests",
         "name_heads", "subject_stops", "person_titles", "fillers", "relatives",
         "joint", "country_heads", "clause_openers", "adverbial_heads",
         "body_heads", "clause_ends", "title_generic", "generic_persons",
         "unnamed_sources", "offices", "prepositions", "naming_nouns")


def load_lexicon(gazetteer=None) -> QuoteLexicon:
    """Return the quotation lexicons read from the package's lexicons/ folder; a gazetteer, when
    there is one, tells nisba adjectives' countries and names (places, bodies) in marks."""
    cues = {}
    for form, number, reported, kind in _rows("quote_cues.tsv"):
        cues[fold(form)] = Cue(fold(form), number == "pl", reported == "y", kind.strip())
    lists = {name: _words(f"quote_{name}.tsv") for name in LISTS}
    anaphors = {fold(form): kind.strip() for form, kind in _rows("quote_anaphors.tsv")}
    digest = hashlib.sha1()
    for name in ("cues", "anaphors") + LISTS:
        digest.update(files("rasid").joinpath("lexicons", f"quote_{name}.tsv").read_bytes())
    extra = {"nisba": gazetteer.nisba, "known_name": lambda phrase: bool(gazetteer.lookup(phrase)),
             "place_kinds": lambda phrase: {e.kind for e in gazetteer.lookup(phrase) if e.type == "LOC"}} \
        if gazetteer is not None else {}
    participles = {p.rstrip("ا") for p in lists["participles"]}
    stems = frozenset({f.rstrip("ا") for f in cues} | {(c + f).rstrip("ا") for c in "وف" for f in cues}
                      | participles | {"و" + p for p in participles} | {"وو" + p for p in participles})
    return QuoteLexicon(cues=cues, anaphors=anaphors, version=digest.hexdigest()[:10], stems=stems,
                        **lists, **extra)
