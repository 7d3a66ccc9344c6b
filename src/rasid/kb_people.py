"""Turn mined title/name sightings into KB people with time-bounded roles (`rasid kb learn`).

`learned_actors` merges spelling variants and guessed countries, folds surnames into full names,
drops names made of common words, ends a role where a successor appears in the same office, and
keeps each office's wordings as the news wrote them.
"""
from __future__ import annotations

from collections import Counter, defaultdict

from rasid.kb_learn import FUNCTION_WORDS, WEAK, Sightings
from rasid.normalize import clitic_variants, fold_phrase

# Canonical titles the gazetteer shortens and the KB spells out as the news names the office.
KB_TITLES = {"المتحدث": "المتحدث باسم"}
ROLE_SHARE = 25  # a person's role seen in fewer than 1/ROLE_SHARE of the articles of their main role is noise
WORDING_SHARE = 0.2  # a wording of the office seen in this share of a role's articles becomes a role too
MIN_ARTICLES = 2  # distinct passages a person must be seen in
SURNAME_MIN = 3  # ... when only one word of the name was seen
SHADOW_MIN, SHADOW_SHARE = 20, 0.03  # an office's main holder, and the share under which others are objects
RARE_WORD = 50  # uses in the counted sample under which a word is no common word
RARE_SUPPORT = 3  # persons seen in this few passages must have a name-like word
COMMON_MIN, COMMON_SHARE = 3, 0.1  # a word seen with and without ال this often is a common noun
SHARED_OFFICES = {"IGO"}  # a code many bodies share: their heads do not succeed one another
DATE_PAD_DAYS = 60
WEAK_MIN = 5  # passages that confirm a name opening with a function word


def seen_span(dates: list[str]) -> tuple[str, str]:
    """Return the (first, last) sighting dates, trimmed of stray outliers (one in thirty each side)."""
    dates = sorted(d for d in dates if len(d) == 10)
    trim = len(dates) // 30
    return dates[trim], dates[-1 - trim]


def date_bounds(dates: list[str], successor: str | None = None) -> tuple[str, str | None]:
    """Return a role's (start, end) from the dates it was seen: the start padded by DATE_PAD_DAYS
    (news sightings start late); the end is the successor's first sighting (or the holder's own
    last sighting if later), and None when no successor was seen in the same office: still holds."""
    from datetime import date, timedelta

    first, last = seen_span(dates)
    start = (date.fromisoformat(first) - timedelta(days=DATE_PAD_DAYS)).isoformat()
    return start, (max(last, successor) if successor else None)


def successors(holders: dict[str, list[str]]) -> dict[str, str]:
    """Return {holder: first sighting of the next holder} among the names seen in one office.

    A later holder succeeds an earlier one only if first seen after the earlier one's first
    sighting and no sooner than a month before its last, and still seen after its last: two names seen side by side for months
    are co-holders or a mining error, not a succession.
    """
    from datetime import date, timedelta

    spans = {name: seen_span(dates) for name, dates in holders.items() if len([d for d in dates if len(d) == 10]) >= 2}
    found = {}
    for name, (first, last) in spans.items():
        overlap_limit = (date.fromisoformat(last) - timedelta(days=30)).isoformat()
        later = [f for other, (f, l) in spans.items()
                 if not set(other.split()) & set(name.split()) and f > first and f >= overlap_limit and l > last]
        if later:
            found[name] = min(later)
    return found


def learned_actors(seen: dict[tuple, Sightings], min_articles: int = MIN_ARTICLES,
                   counts: Counter | None = None, units: dict[str, int] | None = None) -> list[dict]:
    """Return KB actor records from mined sightings: one per full name, with surname aliases.

    Spelling variants are merged first, then shorter names folded into full ones (`full_names`);
    a role ends when a successor is seen in the same office.
    """
    seen = merge_variants(confirm_home_sightings(confirmed_weak(seen), min_articles))
    counts, units = counts or Counter(), units or {}
    full = full_names(seen, counts, units)
    people = people_roles(full, tenure_ends(full, min_articles), shadowed_roles(full))
    for person in people.values():
        top = max(r["evidence"] for r in person["roles"])
        least = min_articles if top > 1 else 1  # a clean full name seen once stands on its own
        person["roles"] = [r for r in person["roles"] if r["evidence"] >= max(least, top // ROLE_SHARE)]
    return merge_namesakes([finish_person(p) for p in people.values() if p["roles"]
                            and (sum(r["evidence"] for r in p["roles"]) >= min_articles
                                 or clean_name(p["folded"], counts, units))
                            and not rare_phrase(p["folded"], p["roles"], counts)])


def full_names(seen: dict[tuple, Sightings], counts: Counter, units: dict[str, int]) -> dict[tuple, Sightings]:
    """Return the sightings of full names (seen twice, or once and clean), each shorter name folded
    into the one longer name of the same office that ends with it (a surname, «لافروف», «جاويش
    اوغلو») or starts with it (a first name cut short); a lone word seen often stays a name."""
    full = {k: v for k, v in seen.items()
            if len(k[0].split()) > 1 and (v.support >= 2 or clean_name(k[0], counts, units))}
    by_office: dict[tuple, list] = defaultdict(list)
    for key in full:
        by_office[key[1:]].append(key)
    for key in sorted(seen, key=lambda k: len(k[0].split())):
        words = key[0].split()
        owners = [k for k in by_office.get(key[1:], ()) if k in full and len(k[0].split()) > len(words)
                  and words in (k[0].split()[:len(words)], k[0].split()[-len(words):])]
        if not owners and len(words) == 1:
            owners = sole_owner(full, key)
        if len(owners) == 1:
            merge_into(full[owners[0]], seen[key])
            full.pop(key, None)
        elif not owners and len(words) == 1 and seen[key].support >= SURNAME_MIN and len(key[0]) > 3:
            full[key] = seen[key]
    return full


def sole_owner(full: dict[tuple, Sightings], key: tuple) -> list[tuple]:
    """Return the best seen key of the one full name with the same title, in any country, that opens
    or ends with a lone word («الملك سلمان» in an American article: the one king سلمان); [] if none
    or several."""
    word = key[0]
    owners = {k for k in full if k[1] == key[1] and len(k[0].split()) > 1 and word in (k[0].split()[0], k[0].split()[-1])}
    if len({k[0] for k in owners}) != 1:
        return []
    return sorted(owners, key=lambda k: -full[k].support)[:1]


def tenure_ends(full: dict[tuple, Sightings], min_articles: int) -> dict[tuple, str]:
    """Return {((title, country), name): first sighting of the successor} over the offices."""
    offices: dict[tuple, dict] = defaultdict(dict)
    for (name, title, _, country), sighting in full.items():
        if sighting.support >= min_articles and country not in SHARED_OFFICES:
            offices[(title, country)][name] = sighting.dates
    return {(office, name): date for office, holders in offices.items() for name, date in successors(holders).items()}


def people_roles(full: dict[tuple, Sightings], following: dict[tuple, str], shadowed: set) -> dict[str, dict]:
    """Return {folded name: {"folded", "aliases", "roles"}} with one role per office and wording."""
    people: dict[str, dict] = {}
    for (name, title, sector, country), sighting in full.items():
        if (name, title, country) in shadowed:
            continue
        person = people.setdefault(name, {"folded": name, "aliases": Counter(), "roles": []})
        person["aliases"].update(sighting.surface)
        start, end = date_bounds(sighting.dates, following.get(((title, country), name)))
        role = {"country": country, "sector": sector, "start": start, "end": end, "source": "learned",
                "articles": sorted(sighting.articles)[:5]}
        for wording, evidence in role_titles(title, sighting):
            person["roles"].append({"title": wording, **role, "evidence": evidence})
    return people


def clean_name(folded: str, counts: Counter, units: dict[str, int]) -> bool:
    """Return True when a name seen once may still be trusted: two or three words, the first
    without the article, each a known name unit or a word the corpus seldom uses, and none a
    common noun or verb of the corpus («بيتر كازيمير», not «لكنه بدا واثقا»)."""
    words = folded.split()
    return (1 < len(words) <= 3 and not words[0].startswith("ال") and bool(counts)
            and all(units.get(word, 0) or counts[word] < RARE_WORD for word in words)
            and not any(common_noun(word, counts) or word in FUNCTION_WORDS for word in words))


def rare_phrase(folded: str, roles: list[dict], counts: Counter) -> bool:
    """Return True when a seldom seen «name» is only common words: each of them also occurs with
    or without the article ال («تمتين العلاقات الثنائية», «خطاب متلفز»), which names seldom do."""
    if sum(r["evidence"] for r in roles) > RARE_SUPPORT:
        return False
    return all(common_noun(word, counts) for word in folded.split())


def common_noun(word: str, counts: Counter) -> bool:
    """Return True when the corpus has a folded word (or its stem after a proclitic) both with and
    without the article in fair numbers (a noun or adjective), or with ي and ت in turn (a verb:
    «يزور»/«تزور»): not a name."""
    for _, stem in clitic_variants(word):
        pairs = [(stem[2:], stem) if stem.startswith("ال") else (stem, "ال" + stem)]
        if stem.startswith("ي") and len(stem) > 3:
            pairs.append((stem, "ت" + stem[1:]))
        if any(min(counts[one], counts[other]) >= max(COMMON_MIN, COMMON_SHARE * max(counts[one], counts[other]))
               for one, other in pairs):
            return True
    return False


def shadowed_roles(full: dict[tuple, Sightings]) -> set[tuple[str, str, str]]:
    """Return (name, title, country) of the holders of an office seen so much less than its main
    holder, and mostly while the main holder held it, that they are the object of a verb with the
    holder's name left out («استقبل الرئيس الروسي سعد الحريري»): under SHADOW_SHARE of the main
    holder's passages, in an office where the main holder has most of them, and seen more often
    in another office (a deputy spokesman seen beside the spokesman stays)."""
    offices: dict[tuple, dict] = defaultdict(dict)
    for (name, title, _, country), sighting in full.items():
        if country not in SHARED_OFFICES:
            held = offices[(title, country)].setdefault(name, Sightings())
            merge_into(held, sighting)
    shadowed = set()
    for (title, country), holders in offices.items():
        main = max(holders, key=lambda name: holders[name].support)
        top, total = holders[main].support, sum(h.support for h in holders.values())
        if top < SHADOW_MIN or top < 0.5 * total:
            continue
        first, last = seen_span(holders[main].dates)
        shadowed |= {(name, title, country) for name, held in holders.items() if name != main
                     and held.support <= SHADOW_SHARE * top and first <= sorted(held.dates)[len(held.dates) // 2] <= last}
    best = defaultdict(int)  # a person's best supported role: only a person known for another office is an object
    for (name, _, _, _), sighting in full.items():
        best[name] = max(best[name], sighting.support)
    return {(name, title, country) for name, title, country in shadowed
            if best[name] > offices[(title, country)][name].support}


def merge_namesakes(records: list[dict]) -> list[dict]:
    """Return the records with those written alike merged: a span with a stray word before the
    name («المنتهية ولايته سليم الجبوري») ends up with the name's best spelling as its own."""
    from rasid.kb import joined_abd

    by_name: dict[str, dict] = {}
    for record in records:
        twin = by_name.setdefault(joined_abd(fold_phrase(record["name"])), record)
        if twin is not record:
            twin["aliases"] = sorted(set(twin["aliases"]) | set(record["aliases"]))
            twin["roles"] = sorted(twin["roles"] + record["roles"], key=lambda r: -r["evidence"])
            twin.update(country=twin["roles"][0]["country"], sector=twin["roles"][0]["sector"])
    return list(by_name.values())


def role_titles(title: str, sighting: Sightings) -> list[tuple[str, int]]:
    """Return (Arabic title, evidence) of the roles one office's sightings make: the canonical title
    (spelt out by KB_TITLES) with every article's evidence, then each other wording of the office
    seen in WORDING_SHARE of them («رئيس الحكومة» beside «رئيس الوزراء», «رئيسة الوزراء»)."""
    main = KB_TITLES.get(title, title)
    evidence = sighting.support
    total = sum(sighting.wordings.values()) or 1
    others = [(wording, max(1, round(evidence * count / total))) for wording, count in sighting.wordings.most_common()
              if count >= WORDING_SHARE * total and not contains_words(fold_phrase(wording), fold_phrase(main))]
    return [(main, evidence), *others]


def contains_words(phrase: str, part: str) -> bool:
    """Return True when `part` occurs in `phrase` as whole words («المستشار» is not in «المستشاره»)."""
    return f" {part} " in f" {phrase} "


def merge_variants(seen: dict[tuple, Sightings]) -> dict[tuple, Sightings]:
    """Return the sightings with spellings of one name in one office («سيرغي لافروف»/«سيرجي
    لافروف», «نتنياهو»/«نتانياهو») merged under the most seen spelling."""
    groups: dict[tuple, list] = defaultdict(list)
    for key in seen:
        groups[(variant_key(key[0]), *key[1:])].append(key)
    merged = {}
    for keys in groups.values():
        keys.sort(key=lambda k: (-len(seen[k].articles), k[0]))
        target = Sightings()
        merge_into(target, seen[keys[0]])
        for key in keys[1:]:
            merge_into(target, seen[key])
        merged[keys[0]] = target
    return merged


def confirmed_weak(seen: dict[tuple, Sightings]) -> dict[tuple, Sightings]:
    """Return the sightings with names opening with a function word (country marked WEAK) kept
    only when seen in WEAK_MIN passages, unmarked."""
    kept = {}
    for (name, title, sector, country), sighting in seen.items():
        if WEAK not in country:
            kept.setdefault((name, title, sector, country), Sightings())
            merge_into(kept[(name, title, sector, country)], sighting)
        elif sighting.support >= WEAK_MIN and len(name.split()) > 1:
            key = (name, title, sector, country.replace(WEAK, ""))
            kept.setdefault(key, Sightings())
            merge_into(kept[key], sighting)
    return kept


def variant_key(folded: str) -> str:
    """Return the key spellings of one name share: the sound key with the given names written as
    one word («هايلي مريام ديسالين», «هيلامريم ديسالين», «هيلا ماريام ديسالين» share one)."""
    from rasid.kb import joined_abd, sound_key

    words = joined_abd(folded).split()
    return sound_key(" ".join(filter(None, ["".join(words[:-1]), words[-1]])) if words else "")


def confirm_home_sightings(seen: dict[tuple, Sightings], min_articles: int) -> dict[tuple, Sightings]:
    """Return the sightings with the "?" ones (country guessed from the article) merged into the
    same name and title with the named country most seen (the guess may be wrong: «وزير الدفاع
    الأمير محمد بن سلمان» in an Egyptian article), or kept alone when seen in twice `min_articles`
    articles."""
    sure = {k: v for k, v in seen.items() if not k[3].endswith("?")}
    named: dict[tuple, tuple] = {}
    for key in sorted(sure, key=lambda k: len(sure[k].articles)):
        named[key[:3]] = key  # the most seen named country last
    for (name, title, sector, country), sighting in seen.items():
        if not country.endswith("?"):
            continue
        key = (name, title, sector, country[:-1])
        if key in sure:
            merge_into(sure[key], sighting)
        elif key[:3] in named:
            merge_into(sure[named[key[:3]]], sighting)
        elif sighting.support >= 2 * min_articles:
            sure[key] = sighting
    return sure


def merge_into(target: Sightings, extra: Sightings) -> None:
    target.surface.update(extra.surface)
    target.articles.update(extra.articles)
    target.wordings.update(extra.wordings)
    target.contexts |= extra.contexts


def finish_person(person: dict) -> dict:
    """Return the KB record of a mined person: best spelling, country and sector of the main role."""
    roles = sorted(person["roles"], key=lambda r: -r["evidence"])
    main = roles[0]
    aliases = [a for a, _ in person["aliases"].most_common() if " " in a]
    return {"name": aliases[0] if aliases else person["aliases"].most_common(1)[0][0],
            "aliases": sorted(set(person["aliases"])), "type": "PER", "country": main["country"],
            "sector": main["sector"], "roles": roles, "source": "learned"}
