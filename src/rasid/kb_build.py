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
                   "Vice President": "نائب الرئيس", "Deputy Prime Minister": "نائب رئيس الوزراء"}
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
    merged.sort(key=lambda r: (-sum(role["evidence"] for role in r["roles"]), r["name"]))
    for number, record in enumerate(merged, 1):
        record["kb_id"] = f"KB{number:05d}"
    return merged


def build_kb(shared: Path, learned_path: Path = LEARNED_FILE, out: Path = KB_FILE) -> int:
    """Write the merged KB to `out` from `shared` and the mined file; return the actor count."""
    kb = shared / "data/kb"
    curated = syria_actors(kb) + up_actors(kb)
    records = merge(curated, read_jsonl(learned_path))
    write_jsonl(out, records)
    return len(records)
