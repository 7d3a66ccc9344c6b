"""Build the NER gazetteer: folded word → labels, from the knowledge base and a name list.

Training-time only. Labels are per word; a word that only occurs inside a multi-word
entry gets the label with a `_p` (part) suffix. Trigger words (وزارة، الرئيس، مدينة …)
are listed here because they are few and rarely change.
"""
from __future__ import annotations

import csv
import gzip
import json
import sqlite3
from collections import defaultdict
from pathlib import Path

from rasid.normalize import fold

ORG_TRIGGERS = """وزارة حزب جامعة شركة منظمة مجلس وكالة جبهة حركة اتحاد جمعية هيئة مؤسسة بنك مصرف
نادي فريق منتخب لجنة صندوق مركز معهد اكاديمية محكمة برلمان حكومة جيش قوات صحيفة جريدة مجلة
قناة اذاعة تلفزيون رابطة نقابة مكتب ادارة سلطة مفوضية كلية مدرسة مستشفى مجموعة تحالف ائتلاف
منتدى مصنع بورصة الامم الاتحاد الجامعة الشركة المنظمة المجلس الوكالة الجبهة الحركة الحزب
الوزارة البنك النادي الفريق المنتخب اللجنة المركز المعهد المحكمة الحكومة الجيش القوات
الصحيفة القناة الهيئة المؤسسة الجمعية الرابطة النقابة السلطة الكلية""".split()
PERS_TRIGGERS = """الرئيس رئيس السيد السيدة الشيخ الملك الامير الاميرة وزير الوزير الدكتور د النائب
المتحدث الناطق السفير الجنرال العقيد اللواء العميد المستشار الامين امين القائد الزعيم
المدرب اللاعب الفنان الفنانة الكاتب الشاعر المخرج المطرب المطربة الممثل الممثلة نائب
قال قالت اضاف اكد اوضح الاستاذ البابا السلطان الحاج المرشد الرئيسة مدير المدير الشهيد
ابن بن بنت ابو ام عبد""".split()
LOC_TRIGGERS = """مدينة المدينة محافظة المحافظة ولاية الولاية منطقة المنطقة اقليم الاقليم جزيرة جزر
نهر بحر البحر المحيط خليج الخليج جبل جبال بلدة قرية مخيم العاصمة عاصمة شمال جنوب شرق غرب
شمالي جنوبي شرقي غربي وسط""".split()


def name_list(romanizer_db: Path, min_count: int = 2) -> dict[str, str]:
    """Return folded personal name word → `given`/`surname` from the romanizer's name table."""
    names: dict[str, str] = {}
    with sqlite3.connect(f"file:{romanizer_db}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT arabic_key, role, SUM(count) FROM units GROUP BY arabic_key, role")
        for key, role, count in rows:
            if count >= min_count:
                names.setdefault(fold(key), "given" if role == "given" else "surname")
    return names


def place_names(kb: Path) -> dict[str, set[str]]:
    """Return `country` and `city` name sets (Arabic, unfolded) from the knowledge base."""
    countries: set[str] = set()
    for country in json.loads((kb / "countries_mledoze/countries.json").read_text(encoding="utf-8")):
        countries.update((country["translations"].get("ara") or {}).values())
    with open(kb / "countries_stefangabos/world_ar.csv", encoding="utf-8") as rows:
        countries.update(row["name"] for row in csv.DictReader(rows))
    with open(kb / "cldr_babel/territories_ar.tsv", encoding="utf-8") as rows:
        countries.update(row["name_ar"] for row in csv.DictReader(rows, delimiter="\t"))
    cities: set[str] = set()
    with open(kb / "geonames_arabic/cities_arabic_script.tsv", encoding="utf-8") as rows:
        for row in csv.DictReader(rows, delimiter="\t"):
            cities.update(n for n in (row["likely_arabic_names"] or "").split("|") if n)
    return {"country": countries, "city": cities}


def build(kb: Path, romanizer_db: Path | None, out: Path) -> int:
    """Write the gazetteer table to `out` (TSV.gz); return the number of words."""
    labels: dict[str, set[str]] = defaultdict(set)
    for label, entries in place_names(kb).items():
        for entry in entries:
            words = fold(entry).split()
            for word in words:
                labels[word].add(label if len(words) == 1 else label + "_p")
    if romanizer_db is not None and romanizer_db.exists():
        for key, role in name_list(romanizer_db).items():
            words = key.split()
            for word in words:
                labels[word].add(role if len(words) == 1 else role + "_p")
    for label, triggers in (("orgtrig", ORG_TRIGGERS), ("perstrig", PERS_TRIGGERS), ("loctrig", LOC_TRIGGERS)):
        for word in triggers:
            labels[fold(word)].add(label)
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(out, "wt", encoding="utf-8", compresslevel=9) as table:
        table.write("# folded word\tlabels\n")
        for word in sorted(labels):
            if word and "\t" not in word:
                table.write(f"{word}\t{','.join(sorted(labels[word]))}\n")
    return len(labels)


def romanizer_names_db() -> Path | None:
    """Return the path of the `arabic_name_romanizer` name table, or None if it is not installed."""
    try:
        import arabic_name_romanizer
    except ImportError:
        return None
    return Path(arabic_name_romanizer.__file__).parent / "resources" / "names.sqlite3"
