"""The entity stage's lexicons: place, organisation, title and nisba tables as folded phrase indexes.

Tables are read from `lexicons/` once per process (`EntityLexicon.load()`); matching works on
folded tokens so that alef forms, ta marbuta and diacritics never block a match, and a leading
proclitic (و ب ل ف ك) is tried off the first word, with the elided article of «لل» restored.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .normalize import DIACRITICS, clitic_variants, fold
from .segment import tokenize

LEXICONS = Path(__file__).parent / "lexicons"
GIVEN_MIN_COUNT = 2
COMMON_GIVEN_MIN_COUNT = 10
MINOR_PLACE_PEOPLE = 100_000  # a town this small names no organisation's country («مورغان ستانلي» is no Stanley)
MEMO_SIZE = 16_384  # names whose romanizer answers a process keeps
# A region named as a group of states («الدول الغربية», «الغرب») only votes for countries; a
# geographic region («الشرق الأوسط», «أوروبا») is a place entity.
BLOC_WORDS = {"الدول", "دول", "الغرب", "العالم"}
TABLES = {"cities.tsv", "countries.tsv", "regions.tsv", "igos.tsv", "groups.tsv", "institutions.tsv", "nisba.tsv",
          "portfolios.tsv"}


@dataclass(frozen=True)
class Entry:
    """One lexicon phrase: what it names and what it tells about its actor."""
    canonical: str
    type: str  # LOC, ORG, TITLE, NISBA, HEAD, GENERIC
    kind: str  # country, capital, city, region, igo, group, institution, title, nisba, ...
    country: str | None = None
    sector: str | None = None
    key: tuple[str, ...] = field(default=(), compare=False)  # folded words of `canonical`

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", tuple(phrase_words(self.canonical)))


@dataclass(frozen=True)
class Match:
    """A lexicon phrase found over tokens `first..last` (inclusive); `prefix` letters of the first
    token are a proclitic outside the match."""
    first: int
    last: int
    prefix: int
    entry: Entry
    elided: bool = False  # «للجيش»: the article's alef is elided after the preposition


@dataclass
class PhraseIndex:
    """Folded first word → [(folded following words, entry)], longest phrase first."""
    by_first: dict[str, list[tuple[tuple[str, ...], Entry]]] = field(default_factory=dict)
    openers: dict[str, bool] = field(default_factory=dict, repr=False)  # word → some reading is a first word (memo)

    def add(self, phrase: str, entry: Entry) -> None:
        self.add_words(phrase_words(phrase), entry)

    def add_words(self, words: list[str] | tuple[str, ...], entry: Entry) -> None:
        if words:
            self.by_first.setdefault(words[0], []).append((tuple(words[1:]), entry))

    def finish(self) -> "PhraseIndex":
        for options in self.by_first.values():
            options.sort(key=lambda option: -len(option[0]))
        return self

    def match_at(self, words: list[str], i: int, clitics: bool = True,
                 readings: list[tuple[int, str]] | None = None) -> Match | None:
        """Return the longest phrase starting at token `i` (trying proclitic readings), or None."""
        if readings is None:
            opens = self.openers.get(words[i]) if clitics else True
            if not (opens or (opens is None and self.may_open(words[i]))):
                return None
            readings = word_readings(words[i]) if clitics else ((0, words[i]),)
        best = None
        for prefix, stem in readings:
            if prefix and words[i][prefix - 1] == "ك" and not stem.startswith("ال"):
                continue  # «كلاوس» is a name, not ك + «لاوس»: ك is a clitic before the article only
            for tail, entry in self.by_first.get(stem, ()):
                last = _tail_end(words, i, tail)
                if last is not None and (best is None or last > best.last):
                    best = Match(i, last, prefix, entry, stem != words[i][prefix:])
                    break
        return best

    def may_open(self, word: str) -> bool:
        """Return True when some proclitic reading of a folded word is a phrase's first word
        (remembered per index, at most MEMO_SIZE words)."""
        if len(self.openers) >= MEMO_SIZE:
            self.openers.clear()
        opens = self.openers[word] = any(stem in self.by_first for _prefix, stem in word_readings(word))
        return opens


@lru_cache(maxsize=1 << 15)
def word_readings(word: str) -> tuple[tuple[int, str], ...]:
    """Return the proclitic readings of a folded word (memoised per process: a pure function)."""
    return tuple(clitic_variants(word))


def _tail_end(words: list[str], i: int, tail: tuple[str, ...]) -> int | None:
    """Return the last token of `tail` matched after token `i` (a hashtag's «_» may join words), or None."""
    j = i
    for word in tail:
        j += 1
        if j < len(words) and words[j] == "_":
            j += 1
        if j >= len(words) or words[j] != word:
            return None
    return j


def phrase_words(phrase: str) -> list[str]:
    """Return the folded tokens of a lexicon phrase."""
    return [fold(phrase[s:e]) for s, e in tokenize(phrase)]


def read_rows(name: str) -> list[list[str]]:
    """Return the rows of a lexicon TSV without comments and header (empty list if missing)."""
    path = LEXICONS / name
    if not path.is_file():
        return []
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return rows[1:] if rows and rows[0] and rows[0][0] in ("name", "phrase", "form", "word", "nisba") else rows


def _cell(row: list[str], i: int) -> str | None:
    return row[i].strip() or None if len(row) > i else None


@dataclass
class EntityLexicon:
    """Every table the entity stage matches against, loaded once per process."""
    places: PhraseIndex      # countries, capitals, cities, regions → LOC
    orgs: PhraseIndex        # IGOs, armed groups, parties, named institutions → ORG
    institutions: PhraseIndex  # ministries, armies, parliaments: entities with a country qualifier
    titles: PhraseIndex      # titles of people → sector and canonical title
    nisba: dict[str, str]    # folded nisba form → ISO3
    heads: dict[str, str]    # folded ORG head word (حزب، حركة …) → sector
    name_heads: set[str]     # head words that open a name on their own («الحزب الليبرالي»)
    opening_heads: set[str]  # those and the heads that open a name with a genitive («المرصد … لحقوق الإنسان»)
    generic: set[tuple[str, ...]]  # folded phrases that are never entities
    modifiers: set[str]      # words that may sit inside a title phrase (المكلف، السابق …)
    not_names: set[str]      # words that cannot be part of a person's name
    particles: set[str]      # those words as spelt (diacritics off): «على», «أن» are no «علي», «آن»
    name_suffixes: set[str]  # words that end a person's name («الثاني», «جونيور»)
    place_heads: set[str]    # words that introduce a place's name («محافظة», «مدينة»)
    person_org_heads: set[str]  # heads that name a body after a person («حركة نور الدين الزنكي»)
    ambiguous: set[tuple[str, ...]]  # lexicon names that are also common words: need the tagger's word
    country_bound: set[tuple[str, ...]] = field(default_factory=set)  # names meant only where their country is named
    given: set[str] = field(default_factory=set)  # folded given names (arabic-name-romanizer's table)
    common_given: set[str] = field(default_factory=set)  # those the table has often (not a stray «انتخاب»)
    first_words: set[str] = field(default_factory=set)  # first words of places and organisations
    names: PhraseIndex = field(default_factory=PhraseIndex)  # orgs, places, institutions in one
    portfolios: set[str] = field(default_factory=set)  # folded words ministries are named by («الصناعه»)
    minor_places: set[tuple[str, ...]] = field(default_factory=set)  # folded names of towns under 100k people

    fingerprint: str = ""  # a hash of every table read, for the stage's version
    generic_firsts: set[str] = field(default_factory=set)  # first words of the generic phrases

    shared_places: dict[tuple[str, ...], list[str]] = field(default_factory=dict)  # name → its countries

    def __post_init__(self) -> None:
        self.fingerprint = tables_fingerprint()
        self.generic_firsts = {phrase[0] for phrase in self.generic if phrase}
        self.shared_places = _shared_places(self.places)
        self.first_words = set(self.places.by_first) | set(self.orgs.by_first)
        for index in (self.orgs, self.places, self.institutions):  # on equal length, the first wins
            for first, options in index.by_first.items():
                self.names.by_first.setdefault(first, []).extend(options)
        self.names.finish()

    @classmethod
    def load(cls) -> "EntityLexicon":
        return cls(places=_places(), orgs=_orgs(), institutions=_institutions(), titles=_titles(),
                   nisba={fold(r[0]): r[1] for table in ("nisba.tsv", "entity_nisba.tsv")
                          for r in read_rows(table) if len(r) > 1},
                   heads={fold(r[0]): r[1] for r in read_rows("entity_org_heads.tsv") if len(r) > 1},
                   name_heads={fold(r[0]) for r in read_rows("entity_org_heads.tsv") if _cell(r, 2) == "name"},
                   opening_heads={fold(r[0]) for r in read_rows("entity_org_heads.tsv")
                                  if _cell(r, 2) in ("name", "genitive")},
                   generic={tuple(phrase_words(r[0])) for r in read_rows("entity_generic.tsv")},
                   modifiers={fold(r[0]) for r in read_rows("entity_title_modifiers.tsv")},
                   not_names={fold(r[0]) for r in read_rows("entity_not_names.tsv")},
                   particles={DIACRITICS.sub("", r[0].strip()) for r in read_rows("entity_not_names.tsv")},
                   name_suffixes={fold(r[0]) for r in read_rows("entity_name_suffixes.tsv")},
                   place_heads={fold(r[0]) for r in read_rows("entity_place_heads.tsv")},
                   person_org_heads={fold(r[0]) for r in read_rows("entity_person_org_heads.tsv")},
                   ambiguous={tuple(phrase_words(r[0])) for r in read_rows("entity_ambiguous.tsv")},
                   country_bound={tuple(phrase_words(r[0])) for r in read_rows("entity_country_bound.tsv")},
                   given=given_names(), common_given=given_names(COMMON_GIVEN_MIN_COUNT),
                   portfolios={r[0] for r in read_rows("portfolios.tsv")},
                   minor_places={tuple(phrase_words(r[0])) for r in read_rows("cities.tsv")
                                 if int(_cell(r, 4) or 0) < MINOR_PLACE_PEOPLE})

    def nisba_at(self, words: list[str], j: int) -> tuple[int, str] | None:
        """Return (last token, ISO3) of a nisba starting at token `j`, two words first
        («الكوري الجنوبي» → KOR), or None."""
        if j + 1 < len(words):
            pair = self.nisba.get(words[j] + " " + words[j + 1])
            if pair:
                return j + 1, pair
        code = self.nisba_of(words[j])
        return (j, code) if code else None

    def nisba_of(self, word: str) -> str | None:
        """Return the ISO3 code of a folded nisba adjective (proclitics allowed), or None."""
        for _prefix, stem in word_readings(word):
            if stem in self.nisba:
                return self.nisba[stem]
        return None


def _shared_places(places: PhraseIndex) -> dict[tuple[str, ...], list[str]]:
    """Return the place names that several countries share («طرابلس»: LBY, LBN), countries and
    capitals first, then in table order."""
    countries: dict[tuple[str, ...], list[str]] = {}
    for first, options in places.by_first.items():  # capitals first: «الرياض» is SAU before EGY's
        for tail, entry in sorted(options, key=lambda option: option[1].kind not in ("country", "capital")):
            found = countries.setdefault((first,) + tail, [])
            if entry.country and entry.country not in found:
                found.append(entry.country)
    return {key: found for key, found in countries.items() if len(found) > 1}


def tables_fingerprint() -> str:
    """Return a short hash of the contents of every lexicon table the stage reads."""
    import hashlib

    digest = hashlib.sha1()
    for name in sorted(p.name for p in LEXICONS.glob("*.tsv")):
        if name in TABLES or name.startswith("entity_") or name.startswith("titles"):
            digest.update(name.encode() + (LEXICONS / name).read_bytes())
    return digest.hexdigest()[:10]


def _places() -> PhraseIndex:
    index = PhraseIndex()
    for row in read_rows("countries.tsv"):
        index.add(row[0], Entry(row[0], "LOC", "country", _cell(row, 1)))
    for row in read_rows("cities.tsv"):
        index.add(row[0], Entry(_cell(row, 1) or row[0], "LOC", _cell(row, 3) or "city", _cell(row, 2)))
    for row in read_rows("regions.tsv"):
        canonical = _cell(row, 1) or row[0]
        kind = "LOC" if fold(canonical.split()[0]) not in BLOC_WORDS else "REGION"
        index.add(row[0], Entry(canonical, kind, "region", _cell(row, 2)))
    for row in read_rows("entity_places.tsv"):
        index.add(row[0], Entry(_cell(row, 1) or row[0], "LOC", _cell(row, 3) or "city", _cell(row, 2)))
    return index.finish()


def _orgs() -> PhraseIndex:
    index = PhraseIndex()
    for row in read_rows("igos.tsv"):
        index.add(row[0], Entry(_cell(row, 1) or row[0], "ORG", "igo", _cell(row, 2), _cell(row, 3)))
    for row in read_rows("groups.tsv"):
        index.add(row[0], Entry(_cell(row, 1) or row[0], "ORG", "group", _cell(row, 2), _cell(row, 3)))
    for row in read_rows("entity_orgs.tsv"):
        index.add(row[0], Entry(_cell(row, 1) or row[0], "ORG", "org", _cell(row, 2), _cell(row, 3)))
    return index.finish()


def _institutions() -> PhraseIndex:
    """Ours first: for the same phrase, the first entry added wins (the sort is stable)."""
    index = PhraseIndex()
    for row in read_rows("entity_institutions.tsv"):
        index.add(row[0], Entry(_cell(row, 1) or row[0], "ORG", _cell(row, 3) or "institution",
                                None, _cell(row, 2)))
    for row in read_rows("institutions.tsv"):
        index.add(row[0], Entry(_cell(row, 1) or row[0], "ORG", "institution", None, _cell(row, 2)))
    for row in read_rows("portfolios.tsv"):  # «وزارة الرياضة»: any ministry the news names, with a country after it
        index.add_words(["وزاره", row[0]], Entry("وزارة " + row[0], "ORG", "institution", None, "GOV"))
    return index.finish()


def _titles() -> PhraseIndex:
    """Return the titles index; a phrase of two words or more also opens with its feminine
    («وزيرة خارجية», «رئيسة حكومة»), unless a table lists that form itself. A single word is left
    as listed: «رئيسه», «مستشاره» are also «his head», «his adviser»."""
    index, rows = PhraseIndex(), []
    for table in ("titles.tsv", "titles_extra.tsv"):
        rows += [(phrase_words(row[0]), Entry(_cell(row, 2) or row[0], "TITLE", "title", None, _cell(row, 1)))
                 for row in read_rows(table)]
    listed = {tuple(words) for words, _entry in rows}
    for words, entry in rows:
        index.add_words(words, entry)
        feminine = (words[0] + "ه",) + tuple(words[1:])
        if len(words) > 1 and not words[0].endswith("ه") and feminine not in listed:
            index.add_words(feminine, entry)
            listed.add(feminine)
    return index.finish()


def given_names(min_count: int = GIVEN_MIN_COUNT) -> set[str]:
    """Return folded given names seen at least `min_count` times in arabic-name-romanizer's name
    table (MIT; names from Wikidata), or an empty set when the package is not installed."""
    import sqlite3
    from importlib.resources import files

    try:
        path = files("arabic_name_romanizer").joinpath("resources", "names.sqlite3")
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            rows = db.execute("SELECT arabic_key, SUM(count) FROM units WHERE role = 'given' GROUP BY arabic_key")
            return {fold(key) for key, count in rows if count >= min_count}
    except (ImportError, ModuleNotFoundError, sqlite3.Error, OSError):
        return set()


class Romanizer:
    """Latin spellings (and, for a known full name, the country) of Arabic person names from
    arabic-name-romanizer's name table (MIT): the whole name when the table has it, else word by
    word when it has every word.

    The database opens on first use in each process (a forked worker opens its own)."""

    def __init__(self) -> None:
        self._db = None
        self._pid = None
        self._known: dict[tuple[str, str], str | None] = {}  # (question, name) → answer: the table is read-only

    def latin(self, name: str) -> str | None:
        """Return the Latin spelling of `name`, or None when the table does not know it."""
        return self._remembered("latin", name, self._latin)

    def country(self, name: str) -> str | None:
        """Return the ISO3 country the table gives a person's full name (from Wikidata), or None."""
        return self._remembered("country", name, self._country)

    def _remembered(self, question: str, name: str, ask) -> str | None:
        """Return the answer to `question` about `name`, asking the table once per process."""
        key = (question, name)
        if key not in self._known:
            if len(self._known) >= MEMO_SIZE:
                self._known.clear()
            self._known[key] = ask(name)
        return self._known[key]

    def _latin(self, name: str) -> str | None:
        db = self._open()
        if db is None:
            return None
        from arabic_name_romanizer.lookup import lookup_key

        latin, _country = self._remembered("full", name, self._full_name)
        if latin is not None:
            return latin
        query = "SELECT latin, count FROM units WHERE arabic_key = ?"
        words = []
        for word in name.split():  # word by word, up to the first the table does not know
            words.append(self._remembered("word", word, lambda w: most_counted(db.execute(query, (lookup_key(w),)))))
            if not words[-1]:
                return None
        return " ".join(words) if words else None

    def _country(self, name: str) -> str | None:
        db = self._open()
        if db is None or " " not in name.strip():
            return None
        _latin, country = self._remembered("full", name, self._full_name)
        return _alpha3(country) if country else None

    def _full_name(self, name: str) -> tuple[str | None, str | None]:
        """Return the table's answers for a whole name, read in one query: its most counted Latin
        spelling (None: the name is not in the table) and its one country (alpha-2; None when the
        table gives none or several)."""
        from arabic_name_romanizer.lookup import full_key

        rows = self._open().execute("SELECT latin, count, country FROM full_names WHERE arabic_key = ?",
                                    (full_key(name),)).fetchall()
        countries = {country for _latin, _count, country in rows if country}
        return most_counted(rows), (countries.pop() if len(countries) == 1 else None)

    def _open(self):
        import os
        import sqlite3
        from importlib.resources import files

        if self._pid != os.getpid():
            self._pid, self._db = os.getpid(), None
            try:
                path = files("arabic_name_romanizer").joinpath("resources", "names.sqlite3")
                self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            except (ImportError, ModuleNotFoundError, sqlite3.Error, OSError):
                self._db = None
        return self._db


def most_counted(rows) -> str | None:
    """Return the spelling with the highest total count among (latin, count, …) rows, the greatest
    spelling on a tie (what SQLite's `GROUP BY latin ORDER BY SUM(count) DESC LIMIT 1` gives on
    this table), or None for no rows."""
    totals: dict[str, int] = {}
    for latin, count, *_rest in rows:
        totals[latin] = totals.get(latin, 0) + count
    return max(totals, key=lambda latin: (totals[latin], latin)) if totals else None


def _alpha3(alpha2: str) -> str | None:
    """Return the ISO 3166 alpha-3 code of an alpha-2 code (pycountry), or None."""
    try:
        import pycountry
    except ImportError:
        return None
    country = pycountry.countries.get(alpha_2=alpha2.upper())
    return country.alpha_3 if country else None
