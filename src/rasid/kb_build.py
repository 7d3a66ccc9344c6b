"""Build the actor KB from ../shared/data/kb (curated) and the mined file (`rasid kb learn`).

Curated sources: the UniversalPetrarch Arabic actor dictionary (lemmatised, noisy dates) and
everypolitician's Syria office holders (Wikidata Arabic labels). Merge rule: a curated person
matching a mined one by folded name gives its country and sector (curated wins); roles of both
are kept, mined roles carry the Arabic titles.
"""
from __future__ import annotations

import csv
import gzip
import json
import re
from pathlib import Path

from rasid.normalize import fold_phrase

MODELS = Path(__file__).parent / "models"
KB_FILE = MODELS / "kb.jsonl.gz"
LEARNED_FILE = MODELS / "kb_learned.jsonl.gz"
CODE = re.compile(r"\[([A-Z]{3})([A-Z]*)\s*(?:(\d{8})?-(\d{8})|>(\d{8})|<(\d{8}))?\s*\]")
SECTOR_TITLES = {"GOV": "مسؤول حكومي", "MIL": "مسؤول عسكري", "ELI": "شخصية سياسية", "IGO": "مسؤول دولي",
                 "REB": "قيادي مسلح", "OPP": "معارض", "LEG": "نائب", "JUD": "قاض", "PTY": "قيادي حزبي"}
POSITION_TITLES = {"President": "الرئيس", "Prime Minister": "رئيس الوزراء", "Minister of Foreign Affairs": "وزير الخارجية",
                   "Minister of Defence": "وزير الدفاع", "Minister of Defense": "وزير الدفاع",
                   "Minister of Interior": "وزير الداخلية", "Minister of Internal Affairs": "وزير الداخلية",
                   "Minister of Finance": "وزير المالية", "Minister of Justice": "وزير العدل",
                   "Minister of Information": "وزير الإعلام", "Minister of Health": "وزير الصحة",
                   "Vice President": "نائب الرئيس", "Deputy Prime Minister": "نائب رئيس الوزراء",
                   "Secretary of State": "وزير الخارجية", "Secretary of Defense": "وزير الدفاع",
                   "Secretary of the Treasury": "وزير المالية", "Minister of the Interior": "وزير الداخلية",
                   "Minister of National Defence": "وزير الدفاع", "National Security Advisor": "مستشار الأمن القومي",
                   "Minister of Defence and Armed Forces Logistics": "وزير الدفاع"}
# everypolitician folders with English-only holders: joined to mined Arabic names by office and date.
HOLDER_COUNTRIES = {"egypt-ministers": "EGY", "iran-ministers": "IRN", "iraq-ministers": "IRQ", "israel-ministers": "ISR",
                    "russia-cabinet": "RUS", "saudi-ministers": "SAU", "turkey-ministers": "TUR", "us-cabinet": "USA"}
TWIN_SIMILARITY = 0.88  # of two folded full names that sound alike, for one person spelt twice
NAME_SIMILARITY = 0.75  # of the romanised and English surname skeletons, within one office and tenure
GIVEN_SIMILARITY = 0.5  # of the given names' skeletons, when both names have one («Ivanka» is no «Donald»)
SKELETON = str.maketrans({"v": "f", "p": "b", "g": "k", "q": "k", "c": "k", "z": "s", "d": "t", "j": "k"})
UP_TITLES = {"رئيس وزير": "رئيس الوزراء", "وزير خارجية": "وزير الخارجية", "وزير دفاع": "وزير الدفاع",
             "وزير داخلية": "وزير الداخلية", "وزير مالية": "وزير المالية", "أمين عام": "الأمين العام",
             "رئيس": "الرئيس", "ملك": "الملك", "أمير": "الأمير", "ولي عهد": "ولي العهد", "سفير": "السفير"}
# Lemma words of the UP dictionary that open a title phrase rather than a name.
TITLE_LEMMAS = {"رئيس", "وزير", "ملك", "أمير", "امير", "عاهل", "سفير", "حكومة", "أمين", "امين", "مجلس", "وزارة",
                "جيش", "قوة", "شرطة", "حزب", "حركة", "منظمة", "اتحاد", "جامعة", "قائد", "زعيم", "نائب", "متحدث", "مسؤول"}
NISBA_LEMMA = re.compile(r"^(\S+ي)$")


def iso(yyyymmdd: str | None) -> str | None:
    """Return an ISO date from YYYYMMDD, or None for the 18000101 placeholder and empties."""
    if not yyyymmdd or yyyymmdd.startswith("1800"):
        return None
    return f"{yyyymmdd[:4]}-{yyyymmdd[4:6]}-{yyyymmdd[6:8]}"


def up_name(lemma: str) -> str:
    """Return a readable name from a lemmatised, underscore-joined UP entry («نوري_المالكي_»)."""
    return " ".join(lemma.replace("_", " ").replace("ٰ", "").split())


def up_actors(kb: Path) -> list[dict]:
    """Return persons with dated roles from the UP Arabic actor dictionary (evidence: file:line)."""
    path = kb / "up_arabic_dicts/arabic/actor_dict_ar_v4.txt"
    people: dict[str, dict] = {}
    current = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        head, _, rest = line.partition("[")
        if head.strip() and not line.startswith(("\t", " \t")) and not head.strip().startswith("#"):
            title, current = up_title_and_name(up_name(head.strip()))
            if not current or current.split()[0] in TITLE_LEMMAS or " " not in current:
                current = None
        for match in CODE.finditer(line):
            if current:
                add_up_role(people, current, match, f"up_arabic_dicts/arabic/actor_dict_ar_v4.txt:{number}", title)
    return list(people.values())


def up_title_and_name(lemma: str) -> tuple[str | None, str]:
    """Split «رئيس وزير عراقي نوري المالكي» into (رئيس الوزراء, نوري المالكي); (None, lemma) if no title."""
    words = lemma.split()
    for size in (2, 1):
        title = UP_TITLES.get(" ".join(words[:size]))
        if title and len(words) > size:
            rest = words[size:]
            if rest[0].endswith("ي") and len(rest) > 2:
                rest = rest[1:]  # the nisba lemma: عراقي
            return title, " ".join(rest)
    return None, lemma


def add_up_role(people: dict, name: str, match: re.Match, evidence: str, title: str | None = None) -> None:
    country, sector, start, end, after, before = match.groups()
    if not (start or after or before):
        return
    sector = sector[:3] or None
    start, end = iso(start or after), iso(end or before if not after else None)
    if start and end and end < start:
        end = None  # the dictionary's inconsistent ranges: keep the start, drop the end
    person = people.setdefault(name, {"name": name, "aliases": [name], "type": "PER", "country": country,
                                      "sector": sector, "roles": [], "source": "up_arabic", "latest": ""})
    if (start or "") >= person["latest"]:  # the person's country and sector: those of the latest role
        person.update(country="UNO" if country == "IGO" else country, sector=sector or "IGO" if country == "IGO" else sector,
                      latest=start or "")
    person["roles"].append({"title": title or SECTOR_TITLES.get(sector or "", "مسؤول"), "country": country, "sector": sector,
                            "start": start, "end": end, "evidence": 1, "source": "up_arabic",
                            "articles": [evidence]})


def syria_actors(kb: Path) -> list[dict]:
    """Return Syrian office holders with Arabic Wikidata labels and Arabic titles (everypolitician)."""
    folder = kb / "everypolitician_scrapers/syria"
    labels = {}
    for line in (folder / "raw__bio.json").read_text(encoding="utf-8").splitlines():
        entity = json.loads(line)
        if entity.get("labels", {}).get("ar"):
            labels[entity["id"]] = (entity["labels"]["ar"], entity["labels"].get("en"))
    people: dict[str, dict] = {}
    with open(folder / "holders21.csv", encoding="utf-8") as handle:
        for number, row in enumerate(csv.DictReader(handle), 2):
            if row["personID"] not in labels:
                continue
            arabic, latin = labels[row["personID"]]
            person = people.setdefault(row["personID"], {
                "name": arabic, "name_latin": latin or row["person"], "aliases": [arabic], "type": "PER",
                "country": "SYR", "sector": "GOV", "roles": [], "source": "everypolitician", "wikidata": row["personID"]})
            person["roles"].append({"title": POSITION_TITLES.get(row["position"], row["position"]), "country": "SYR",
                                    "sector": "GOV", "start": row["start"] or None, "end": row["end"] or None,
                                    "evidence": 1, "source": "everypolitician",
                                    "articles": [f"everypolitician_scrapers/syria/holders21.csv:{number}"]})
    return list(people.values())


def dated_holders(kb: Path) -> dict[tuple[str, str], list[dict]]:
    """Return {(ISO3, Arabic title): [{latin, wikidata, start, end}]} from everypolitician's
    holders21.csv of the countries with English names only (positions with a known Arabic title)."""
    offices: dict[tuple[str, str], list[dict]] = {}
    for folder, country in HOLDER_COUNTRIES.items():
        with open(kb / "everypolitician_scrapers" / folder / "holders21.csv", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                title = POSITION_TITLES.get(row["position"])
                if title and row["start"]:
                    offices.setdefault((country, title), []).append(
                        {"latin": row["person"], "wikidata": row["personID"], "start": iso_bound(row["start"], False),
                         "end": iso_bound(row["end"], True)})
    return offices


def skeleton(latin: str) -> str:
    """Return the consonant skeleton of a Latin surname, its article dropped («Tillerson»,
    «Tilreson» → «tlrsn»; «al-Jubeir» → «jbr»)."""
    import unicodedata

    words = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode().lower().split()
    word = re.sub(r"^(al|el|ad|an|ar|as|at|az)-", "", words[-1]) if words else ""
    word = re.sub(r"[^a-z]", "", word)
    word = word.replace("th", "t").replace("ph", "f").replace("sh", "s").replace("ch", "k").translate(SKELETON)
    return re.sub(r"(.)\1+", r"\1", word[:1] + re.sub(r"[aeiouyhw]", "", word[1:]))


def iso_bound(value: str, end: bool) -> str | None:
    """Return a full ISO date from a Wikidata date of year or month precision (the period's first
    day for a start, its last for an end)."""
    import calendar

    if not value:
        return None
    parts = value[:10].split("-")
    if len(parts) == 3:
        return value[:10]
    year, month = int(parts[0]), int(parts[1]) if len(parts) > 1 else (12 if end else 1)
    day = calendar.monthrange(year, month)[1] if end else 1
    return f"{year:04d}-{month:02d}-{day:02d}"


def given_alike(one: str, other: str) -> bool:
    """Return True unless both Latin names have a given name and the two sound unlike."""
    from difflib import SequenceMatcher

    if len(one.split()) < 2 or len(other.split()) < 2:
        return True
    return SequenceMatcher(None, skeleton(one.split()[0]), skeleton(other.split()[0])).ratio() >= GIVEN_SIMILARITY


def join_dated_holders(records: list[dict], offices: dict[tuple[str, str], list[dict]]) -> int:
    """Give mined roles the exact tenure, Latin name and Wikidata id of the English-sourced holder of
    the same office and country whose tenure overlaps the sightings and whose surname sounds alike
    (romanised with arabic-name-romanizer); curated dates win. Return how many roles were joined."""
    from difflib import SequenceMatcher

    from rasid.kb import romanize

    joined = 0
    for record in records:
        latin = romanize(record["name"]) or ""
        for role in record["roles"]:
            holders = [h for h in offices.get((role.get("country"), role["title"]), ())
                       if h["start"] <= (role.get("end") or "9999") and (h["end"] or "9999") >= (role.get("start") or "")]
            scored = [(SequenceMatcher(None, skeleton(latin), skeleton(h["latin"])).ratio(), h) for h in holders
                      if given_alike(latin, h["latin"])]
            score, best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
            if best and score >= NAME_SIMILARITY and len(skeleton(latin)) > 1:
                role.update(start=best["start"], end=best["end"], source=role.get("source", "") + "+everypolitician")
                record.setdefault("name_latin", best["latin"])
                record.setdefault("wikidata", best["wikidata"])
                joined += 1
    return joined


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def write_jsonl(path: Path, records: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the gzip byte-identical across rebuilds (reproducible builds).
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as handle:
        for record in records:
            handle.write((json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))


def merge(curated: list[dict], learned: list[dict]) -> list[dict]:
    """Return one record per person: curated records absorb mined ones with the same folded name."""
    by_name: dict[str, dict] = {}
    for record in learned:
        by_name.setdefault(fold_phrase(record["name"]), record)
    merged = []
    for record in curated:
        twin = by_name.pop(fold_phrase(record["name"]), None)
        if twin:
            record = {**twin, **{k: v for k, v in record.items() if k in ("country", "sector", "name_latin", "wikidata")},
                      "aliases": sorted(set(twin["aliases"]) | set(record["aliases"])),
                      "roles": twin["roles"] + record["roles"], "source": twin["source"] + "+" + record["source"]}
        merged.append(record)
    merged += by_name.values()
    merged = merge_twins(merged)
    merged.sort(key=lambda r: (-sum(role["evidence"] for role in r["roles"]), r["name"]))
    for number, record in enumerate(merged, 1):
        record["kb_id"] = f"KB{number:05d}"
    return merged


def merge_twins(records: list[dict]) -> list[dict]:
    """Return the records with spelling twins made one: two people of one country whose full names
    sound alike and differ by a letter or two («سيغمار غابرييل»/«غابريال», «سيرغي»/«سيرجي لافروف»);
    the one with more evidence keeps its name, the other's names and roles join it. «محمد بن
    نايف» and «محمد بن نواف» sound alike but differ in a given name: two people."""
    from difflib import SequenceMatcher

    from rasid.entities_lexicon import Romanizer, given_names
    from rasid.kb import sound_key

    given, romanizer = given_names(), Romanizer()

    groups: dict[tuple, list[dict]] = {}
    for record in records:
        name = fold_phrase(record["name"])
        if record.get("type", "PER") == "PER" and " " in name:
            groups.setdefault((sound_key(name), record.get("country")), []).append(record)
    absorbed: set[int] = set()
    for twins in groups.values():
        twins.sort(key=lambda r: (-sum(role["evidence"] for role in r["roles"]), r["name"]))
        for other in twins[1:]:
            base = twins[0]
            one, two = fold_phrase(base["name"]), fold_phrase(other["name"])
            if SequenceMatcher(None, one, two).ratio() < TWIN_SIMILARITY or _two_names(one, two, given, romanizer):
                continue
            base["aliases"] = sorted(set(base["aliases"]) | set(other["aliases"]) | {other["name"]})
            base["roles"] = base["roles"] + other["roles"]
            absorbed.add(id(other))
    return [r for r in records if id(r) not in absorbed]


def _two_names(one: str, two: str, given: set[str], romanizer) -> bool:
    """Return whether two folded full names differ in a word where each is a given name of its own,
    romanised differently («نايف» Nayef / «نواف» Nawaf, «محمد»/«محمود»): two people, not one spelt
    twice («غابرييل»/«غابريال» are both Gabriel)."""
    words, others = one.split(), two.split()
    if len(words) != len(others):
        return False
    return any(a != b and a in given and b in given
               and (romanizer.latin(a) or a).lower() != (romanizer.latin(b) or b).lower()
               for a, b in zip(words, others))


def build_kb(shared: Path, learned_path: Path = LEARNED_FILE, out: Path = KB_FILE) -> int:
    """Write the merged KB to `out` from `shared` and the mined file; return the actor count."""
    kb = shared / "data/kb"
    curated = syria_actors(kb) + up_actors(kb)
    learned = read_jsonl(learned_path)
    join_dated_holders(learned, dated_holders(kb))
    records = merge(curated, learned)
    write_jsonl(out, records)
    return len(records)
