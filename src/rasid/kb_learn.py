"""Mine title + name appositions from dated news into candidate actor roles (`rasid kb learn`).

Two patterns, over folded tokens with the gazetteer's titles and nisba adjectives:
  TITLE COUNTRY NAME   «وزير الخارجية الروسي سيرغي لافروف», «رئيس وزراء العراق حيدر العبادي»
  NAME ، TITLE COUNTRY «لافروف، وزير خارجية روسيا»
A name is 1-4 tokens that are neither function words nor frequent common words; the corpus's own
word frequencies and the arabic-name-romanizer's name units tell names from common words.
Candidates keep first/last-seen dates and article ids as evidence (never article text).
"""
from __future__ import annotations

import gzip
import json
import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rasid.gazetteer import Gazetteer, fold_token
from rasid.normalize import clitic_variants

TOKEN = re.compile(r"[\w\u064b-\u065f\u0670\u0640]+|[^\w\s]")
FORMER = {"السابق", "الاسبق", "السابقه", "الراحل", "الاسبق", "المقبل", "الجديد", "المنتخب", "المكلف", "الاسبق"}
HONORIFICS = {"الدكتور", "د", "الشيخ", "المهندس", "السيد", "السيده", "الامير", "الملك", "المشير", "اللواء",
              "الفريق", "العميد", "الجنرال", "سمو", "الاستاذ", "معالي", "فخامه", "الرئيس", "السفير"}
CONNECTORS = {"بن", "ابن", "عبد", "ابو", "ال", "بنت", "دي", "فان", "فون", "دو", "لا"}
FUNCTION_WORDS = set("""في من الى إلى على عن مع ان أن إن انه أنه بان بأن قال قالت اكد أكد اكدت أكدت اعلن أعلن اليوم امس أمس
يوم خلال الذي التي الذين حيث كما لدى بين بعد قبل عند منذ حول ضد عبر وفق ما لا لم لن قد كان كانت هو هي هذا هذه ذلك
تلك اول أول ثاني الاحد الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت و او أو ثم بل لكن عقب اثناء أثناء امام أمام
وقال واكد وأكد واضاف وأضاف اضاف أضاف ويقول يقول تصريحات تصريح كلمه مؤتمر بيان لقاء اجتماع زياره نظيره نظيرته
اشار اوضح اعرب شدد دعا وصف يري اعتبر تابع يؤكد قوله لقد ايضا خاصه عام حاليا سابقا رسميا""".split())
MIN_ARTICLES = 3
COUNTERPARTS = {"نظيره", "نظيرته", "نظيريه", "نظراءه"}
SHARED_OFFICES = {"IGO"}  # a code many bodies share: their heads do not succeed one another
HOME_MIN = 3  # country mentions that make a country an article's home
COUNTERPART_WINDOW = 25  # tokens from the title «نظيره» borrows
# Verbs whose subject a name right before a title («وقال X رئيس الوزراء الإيطالي») can be.
SPEECH_VERBS = set("""قال وقال اكد واكد اعلن واعلن صرح وصرح اوضح واوضح اضاف واضاف شدد وشدد اعتبر واعتبر
دعا ودعا حذر وحذر كشف وكشف بحث وبحث التقي والتقي استقبل واستقبل اعرب واعرب وصل ووصل""".split())
CLITIC_ARTICLE = ("لل", "بال", "وال", "فال", "كال")  # a preposition + ال: not the start of a name
DATE_PAD_DAYS = 60


@dataclass
class Sightings:
    """Where one (name, title, country) was seen: dates and article ids."""
    surface: Counter = field(default_factory=Counter)
    articles: dict = field(default_factory=dict)  # article id -> ISO date

    @property
    def dates(self) -> list[str]:
        return list(self.articles.values())


def name_units() -> dict[str, int]:
    """Return {folded name unit: count} from the arabic-name-romanizer's Wikidata names ({} if absent)."""
    try:
        import arabic_name_romanizer
    except ImportError:
        return {}
    path = Path(arabic_name_romanizer.__file__).parent / "resources/names.sqlite3"
    if not path.exists():
        return {}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT arabic_key, SUM(count) FROM units GROUP BY arabic_key").fetchall()
    units: Counter = Counter()
    for key, count in rows:
        units[fold_token(key)] += count
    return dict(units)


def read_articles(paths: list[str]):
    """Yield (id, date, text) of the JSON Lines articles in `paths` (gzip or plain)."""
    for path in paths:
        opener = gzip.open if str(path).endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                article = json.loads(line)
                text = (article.get("title") or "") + "\n" + (article.get("text") or "")
                yield article.get("id") or article.get("doc_id"), (article.get("published") or "")[:10], text


class Miner:
    """Finds title/name appositions in one tokenised article at a time."""

    def __init__(self, gazetteer: Gazetteer, common: set[str], units: dict[str, int]):
        self.gaz = gazetteer
        self.common = common
        self.units = units
        self.title_heads = {key.split()[0] for key, entries in gazetteer.entries.items()
                            if any(e.kind == "title" for e in entries)}

    def is_name_word(self, word: str) -> bool:
        if len(word) < 2 or word in FUNCTION_WORDS or word in SPEECH_VERBS or word in FORMER or word.isdigit() or word.startswith(CLITIC_ARTICLE):
            return False
        if word in self.title_heads or self.gaz.country_of(word):
            return False
        return word not in self.common or self.units.get(word, 0) >= 200

    def title_at(self, words: list[str], i: int) -> tuple[int, str, str] | None:
        """Return (word count, canonical title, sector) of the longest title at i (proclitic allowed);
        a feminine title reads as its masculine («المتحدثة باسم», «رئيسة الوزراء»)."""
        for stem in self.title_stems(words[i]):
            for n in self.gaz.lengths.get(stem, ()):
                key = " ".join([stem, *words[i + 1:i + n]])
                title = next((e for e in self.gaz.entries.get(key, ()) if e.kind == "title"), None)
                if title and i + n <= len(words):
                    return n, title.name, title.sector
        return None

    def title_stems(self, word: str) -> list[str]:
        """Return the readings of a word that may open a title: without proclitics, and with a
        feminine ending dropped."""
        stems = [stem for _, stem in clitic_variants(word)]
        return stems + [stem[:-1] for stem in stems if stem.endswith("ه") and len(stem) > 3 and stem[:-1] in self.title_heads]

    def country_at(self, words: list[str], j: int) -> tuple[int, str] | None:
        """Return (word count, code) of a nisba or (construct) country/IGO name at j."""
        for n in (3, 2, 1):
            if j + n > len(words):
                continue
            for _, stem in clitic_variants(words[j]):
                key = " ".join([stem, *words[j + 1:j + n]])
                code = self.gaz.country_of(key)
                if code:
                    return n, code
        return None

    def name_after(self, words: list[str], j: int) -> int:
        """Return how many tokens from j form a name (0 if none)."""
        while j < len(words) and words[j] in HONORIFICS:
            j += 1
        n = 0
        while n < 4 and j + n < len(words) and (self.is_name_word(words[j + n]) or words[j + n] in CONNECTORS):
            n += 1
        while n and words[j + n - 1] in CONNECTORS:
            n -= 1
        return n

    def mine(self, tokens: list[str]) -> list[tuple[tuple[int, int], str, str, str]]:
        """Return ((start, end) token span of the name, title, sector, country) appositions.

        A title is read once, longest first («نائب الرئيس الأمريكي» is no «الرئيس»); «نظيره
        الأمريكي جون كيري» takes the title of the office named just before it.
        """
        words = [fold_token(t) for t in tokens]
        found, last_title, i, home = [], None, 0, {}
        while i < len(words):
            title = self.title_at(words, i)
            if title:
                last_title = (i, *title[1:])
                appositions, i = self.apposition(words, i, *title, home)
                found += appositions
                continue
            if last_title and i - last_title[0] <= COUNTERPART_WINDOW and self.is_counterpart(words[i]):
                country = self.country_at(words, i + 1)
                if country:
                    found += self.after(words, i + 1 + country[0], last_title[1], last_title[2], country[1])
            i += 1
        return found

    def home_country(self, words: list[str]) -> str | None:
        """Return the country most named in an article (nisba or name), if it has at least
        HOME_MIN mentions and half of all country mentions; else None."""
        counts: Counter = Counter()
        for word in words:
            code = next((c for _, stem in clitic_variants(word) if (c := self.gaz.country_of(stem))), None)
            if code and len(code) == 3 and code not in ("UNO", "IGO"):
                counts[code] += 1
        if not counts:
            return None
        code, top = counts.most_common(1)[0]
        return code if top >= HOME_MIN and top * 2 >= sum(counts.values()) else None

    def is_counterpart(self, word: str) -> bool:
        return any(stem in COUNTERPARTS for _, stem in clitic_variants(word))

    def apposition(self, words, i, n, title, sector, home: dict) -> tuple[list, int]:
        """Return the appositions of the title at i and the index after it (and its country).

        A title with no country («وزير الداخلية قاسم الأعرجي») takes the article's dominant
        country, marked "?" (`home`, computed once per article, caches it)."""
        country = self.country_at(words, i + n)
        if not country and "امم" in fold_token(title):
            country = (0, "UNO")  # «الأمين العام للأمم المتحدة أنطونيو غوتيريش»: the title names the body
        if not country and self.name_after(words, i + n):
            if "code" not in home:
                home["code"] = self.home_country(words)
            country = (0, home["code"] + "?") if home["code"] else None
        if not country:
            return [], i + n
        j = i + n + country[0]
        if j < len(words) and words[j] in FORMER or i and words[i - 1] in FORMER:
            return [], j
        titles = [(title, sector)]
        chained = self.title_at(words, j) if j < len(words) else None
        if chained and not self.country_at(words, j + chained[0]):
            titles.append(chained[1:])  # «نائب الرئيس اليمني رئيس مجلس الوزراء خالد بحاح»: both offices
            j += chained[0]
        found = []
        for held, held_sector in titles:
            found += self.after(words, j, held, held_sector, country[1])
        if not found:
            found += self.before(words, i, title, sector, country[1])
        return found, j

    def after(self, words, j, title, sector, country):
        """«وزير الداخلية اليمني، أحمد الميسري»: a name after the title (a comma, quote or
        honorific between them allowed)."""
        skip = j
        if skip < len(words) and words[skip] in ("،", ",", '"', "«"):
            skip += 1
        while skip < len(words) and words[skip] in HONORIFICS:
            skip += 1
        n = self.name_after(words, skip)
        return [((skip, skip + n), title, sector, country)] if n else []  # settled from the left

    def before(self, words, i, title, sector, country):
        """«لافروف، وزير خارجية روسيا», «وقال ماتيو رينزي رئيس الوزراء الإيطالي»: a name right
        before the title, after a comma or as the subject of a speech verb."""
        comma = i >= 2 and words[i - 1] in ("،", ",")
        end = i - 1 if comma else i
        start = end
        while start > 0 and end - start < 3 and (self.is_name_word(words[start - 1]) or words[start - 1] in CONNECTORS):
            start -= 1
        if start == end or words[start] in CONNECTORS:
            return []
        if not comma and (start == 0 or words[start - 1] not in SPEECH_VERBS):
            return []
        return [((start, end), title, sector, country + "<")]  # "<": settle from the right


def common_words(paths: list[str], sample: int = 20_000, top: int = 400) -> set[str]:
    """Return frequent folded words that are not names: the `top` most frequent words of the first
    `sample` articles that are definite or also occur with the article ال (names such as ترامب
    are frequent too, but never take ال)."""
    counts: Counter = Counter()
    for number, (_, _, text) in enumerate(read_articles(paths)):
        if number >= sample:
            break
        counts.update(fold_token(t) for t in TOKEN.findall(text))
    return {word for word, n in counts.most_common(top)
            if word.startswith("ال") or counts["ال" + word] >= 0.05 * n or word in FUNCTION_WORDS}


def mine_corpus(paths: list[str], gazetteer: Gazetteer, progress=None) -> dict[tuple, Sightings]:
    """Return {(folded name, title, sector, country): Sightings} over every article in `paths`.

    Each apposition yields a greedy span of up to four name-like tokens; `settle_names` then
    cuts every span to the prefix the corpus supports («رجب طيب اردوغان» but not «... يؤكد»).
    """
    from rasid.kb import sound_key

    miner = Miner(gazetteer, common_words(paths), name_units())
    spans: dict[tuple, list] = defaultdict(list)
    for article_id, date, text in read_articles(paths):
        tokens = TOKEN.findall(text)
        for (start, end), title, sector, country in miner.mine(tokens):
            words = tuple(fold_token(t) for t in tokens[start:end])
            spans[(title, sector, country)].append((words, " ".join(tokens[start:end]), article_id, date))
        if progress:
            progress()
    seen: dict[tuple, Sightings] = defaultdict(Sightings)
    for (title, sector, country), found in spans.items():
        backward = country.endswith("<")
        # Prefixes are counted over sound keys: «مولود جاويش اوغلو» and «مولود تشاوش اوغلو» agree.
        cut = settle_names([tuple(map(sound_key, words[::-1] if backward else words)) for words, *_ in found])
        for (words, surface, article_id, date), n in zip(found, cut):
            keep = slice(len(words) - n, None) if backward else slice(0, n)
            sighting = seen[(" ".join(words[keep]), title, sector, country.rstrip("<"))]
            sighting.surface[" ".join(surface.split()[keep])] += 1
            sighting.articles[article_id] = date
    return seen


def settle_names(spans: list[tuple[str, ...]], keep: float = 0.5, variant: float = 0.25,
                 variant_min: int = 5) -> list[int]:
    """Return for each span the length of its longest prefix that most extensions agree on.

    A prefix grows by one word while the longer prefix is seen at least `keep` times as often
    as the shorter one: names are stable, the words that follow them vary. Two spellings of a
    surname split their first name's count («انطونيو غوتيريش»/«انطونيو غوتيريس»), so an
    extension seen `variant_min` times and a `variant` share also grows it.
    """
    counts: Counter = Counter()
    for words in spans:
        for n in range(1, len(words) + 1):
            counts[words[:n]] += 1
    cut = []
    for words in spans:
        n = 1
        while n < len(words) and (counts[words[:n + 1]] >= keep * counts[words[:n]] or (
                counts[words[:n + 1]] >= variant_min and counts[words[:n + 1]] >= variant * counts[words[:n]])):
            n += 1
        cut.append(n)
    return cut


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


def learned_actors(seen: dict[tuple, Sightings], min_articles: int = MIN_ARTICLES) -> list[dict]:
    """Return KB actor records from mined sightings: one per full name, with surname aliases.

    Spelling variants are merged first; a shorter name is folded into the one longer name that
    ends with it (a surname, «لافروف», «جاويش اوغلو») or starts with it (a first name cut short)
    under the same title and country.
    """
    seen = merge_variants(confirm_home_sightings(seen, min_articles))
    full = {k: v for k, v in seen.items() if len(k[0].split()) > 1 and len(v.articles) >= 2}
    by_office: dict[tuple, list] = defaultdict(list)
    for key in full:
        by_office[key[1:]].append(key)
    for key in sorted(seen, key=lambda k: len(k[0].split())):
        words = key[0].split()
        owners = [k for k in by_office.get(key[1:], ()) if k in full and len(k[0].split()) > len(words)
                  and words in (k[0].split()[:len(words)], k[0].split()[-len(words):])]
        if len(owners) == 1:
            merge_into(full[owners[0]], seen[key])  # «لافروف», «جاويش اوغلو» into the full name
            full.pop(key, None)
        elif not owners and len(words) == 1 and len(seen[key].articles) >= min_articles and len(key[0]) > 3:
            full[key] = seen[key]
    offices: dict[tuple, dict] = defaultdict(dict)
    for (name, title, sector, country), sighting in full.items():
        if len(sighting.articles) >= min_articles and country not in SHARED_OFFICES:
            offices[(title, country)][name] = sighting.dates
    following = {(office, name): date for office, holders in offices.items()
                 for name, date in successors(holders).items()}
    people: dict[str, dict] = {}
    for (name, title, sector, country), sighting in full.items():
        person = people.setdefault(name, {"folded": name, "aliases": Counter(), "roles": []})
        person["aliases"].update(sighting.surface)
        start, end = date_bounds(sighting.dates, following.get(((title, country), name)))
        person["roles"].append({"title": title, "country": country, "sector": sector, "start": start,
                                "end": end, "evidence": len(sighting.articles), "source": "learned",
                                "articles": sorted(sighting.articles)[:5]})
    for person in people.values():
        top = max(r["evidence"] for r in person["roles"])
        person["roles"] = [r for r in person["roles"] if r["evidence"] >= max(2, top // 10)]
    return [finish_person(p) for p in people.values()
            if sum(r["evidence"] for r in p["roles"]) >= min_articles]


def merge_variants(seen: dict[tuple, Sightings]) -> dict[tuple, Sightings]:
    """Return the sightings with spellings of one name in one office («سيرغي لافروف»/«سيرجي
    لافروف», «نتنياهو»/«نتانياهو») merged under the most seen spelling."""
    from rasid.kb import sound_key

    groups: dict[tuple, list] = defaultdict(list)
    for key in seen:
        groups[(sound_key(key[0]), *key[1:])].append(key)
    merged = {}
    for keys in groups.values():
        keys.sort(key=lambda k: (-len(seen[k].articles), k[0]))
        target = Sightings(Counter(seen[keys[0]].surface), dict(seen[keys[0]].articles))
        for key in keys[1:]:
            merge_into(target, seen[key])
        merged[keys[0]] = target
    return merged


def confirm_home_sightings(seen: dict[tuple, Sightings], min_articles: int) -> dict[tuple, Sightings]:
    """Return the sightings with the "?" ones (country guessed from the article) merged into the
    same name, title and named country, or kept alone when seen in twice `min_articles` articles."""
    sure = {k: v for k, v in seen.items() if not k[3].endswith("?")}
    for (name, title, sector, country), sighting in seen.items():
        if not country.endswith("?"):
            continue
        key = (name, title, sector, country[:-1])
        if key in sure:
            merge_into(sure[key], sighting)
        elif len(sighting.articles) >= 2 * min_articles:
            sure[key] = sighting
    return sure


def merge_into(target: Sightings, extra: Sightings) -> None:
    target.surface.update(extra.surface)
    target.articles.update(extra.articles)


def finish_person(person: dict) -> dict:
    """Return the KB record of a mined person: best spelling, country and sector of the main role."""
    roles = sorted(person["roles"], key=lambda r: -r["evidence"])
    main = roles[0]
    aliases = [a for a, _ in person["aliases"].most_common() if " " in a]
    return {"name": aliases[0] if aliases else person["aliases"].most_common(1)[0][0],
            "aliases": sorted(set(person["aliases"])), "type": "PER", "country": main["country"],
            "sector": main["sector"], "roles": roles, "source": "learned"}
