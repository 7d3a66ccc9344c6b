"""Mine title + name appositions from dated news into candidate actor roles (`rasid kb learn`).

Two patterns, over folded tokens with the gazetteer's titles and nisba adjectives:
  TITLE COUNTRY NAME   «وزير الخارجية الروسي سيرغي لافروف», «رئيس وزراء العراق حيدر العبادي»
  NAME ، TITLE COUNTRY «لافروف، وزير خارجية روسيا»
A name is 1-4 tokens that are neither function words nor frequent common words; the corpus's own
word frequencies and the arabic-name-romanizer's name units tell names from common words.
Candidates keep first/last-seen dates and article ids as evidence (never article text); evidence
counts distinct passages, so a syndicated story counts once. Each role keeps the office as the
news wrote it («رئيس الحكومة», «رئيسة الوزراء») beside the gazetteer's canonical title, and ends
when a successor is seen in the same office.
"""
from __future__ import annotations

import gzip
import json
import re
import sqlite3
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rasid.gazetteer import LEXICONS, Gazetteer, fold_token, read_rows
from rasid.normalize import clitic_variants, fold_phrase

TOKEN = re.compile(r"[\w\u064b-\u065f\u0670\u0640]+|[^\w\s]")
FORMER = {"السابق", "الاسبق", "السابقه", "الراحل", "المقبل", "الجديد", "المنتخب", "المكلف", "المكلفه", "المخلوع",
          "المعزول", "المستقيل"}
HONORIFICS = {"الدكتور", "د", "الشيخ", "المهندس", "السيد", "السيده", "الامير", "الملك", "المشير", "اللواء",
              "الفريق", "العميد", "الجنرال", "سمو", "الاستاذ", "معالي", "فخامه", "الرئيس", "السفير", "العقيد",
              "المقدم", "الرائد", "العماد", "الركن", "ركن", "اول", "القاضي", "الحاخام", "السيناتور", "النائب", "الاعلامي"}
# Titles of rank or birth, not offices: the article's own country is no evidence of whose they are.
NO_HOME_TITLES = {"الأمير", "الشيخ", "السلطان"}
CONNECTORS = {"بن", "ابن", "عبد", "ابو", "ال", "بنت", "دي", "فان", "فون", "دو", "لا"}
FUNCTION_WORDS = set("""في من الى إلى على عن مع ان أن إن انه أنه بان بأن قال قالت اكد أكد اكدت أكدت اعلن أعلن اليوم امس أمس
يوم خلال الذي التي الذين حيث كما لدى بين بعد قبل عند منذ حول ضد عبر وفق ما لا لم لن قد كان كانت هو هي هذا هذه ذلك
تلك اول أول ثاني الاحد الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت و او أو ثم بل لكن عقب اثناء أثناء امام أمام
وقال واكد وأكد واضاف وأضاف اضاف أضاف ويقول يقول تصريحات تصريح كلمه مؤتمر بيان لقاء اجتماع زياره نظيره نظيرته
اشار اوضح اعرب شدد دعا وصف يري اعتبر تابع يؤكد قوله لقد ايضا خاصه عام حاليا سابقا رسميا""".split())
CONTEXT = 6  # words either side of a sighting that tell a syndicated copy from a new passage
COUNTERPARTS = {"نظيره", "نظيرته", "نظيريه", "نظراءه"}
HOME_MIN = 3  # country mentions that make a country an article's home
COUNTERPART_WINDOW = 25  # tokens from the title «نظيره» borrows
# Verbs whose subject a name right before a title («وقال X رئيس الوزراء الإيطالي») can be.
SPEECH_VERBS = set("""قال وقال اكد واكد اعلن واعلن صرح وصرح اوضح واوضح اضاف واضاف شدد وشدد اعتبر واعتبر
دعا ودعا حذر وحذر كشف وكشف بحث وبحث التقي والتقي استقبل واستقبل اعرب واعرب وصل ووصل""".split())
CLITIC_ARTICLE = ("لل", "بال", "وال", "فال", "كال")  # a preposition + ال: not the start of a name
COMMAS = ("،", ",")
REGNAL = {"الاول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس"}  # «عبدالله الثاني», «محمد السادس»
WEAK = "~"  # marks a name opening with a function word («بان كي مون»)


@dataclass
class Sightings:
    """Where one (name, title, country) was seen: dates and article ids."""
    surface: Counter = field(default_factory=Counter)
    articles: dict = field(default_factory=dict)  # article id -> ISO date
    wordings: Counter = field(default_factory=Counter)  # the office as written («رئيس الحكومة», «رئيسة الوزراء»)
    contexts: set = field(default_factory=set)  # hashes of the words around each sighting

    @property
    def support(self) -> int:
        """Return the number of distinct passages seen: a story syndicated twice counts once."""
        return len(self.contexts) or len(self.articles)

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


def office_wordings(directory: Path = LEXICONS) -> dict[str, str]:
    """Return {folded title phrase: the office as the news writes it, in its definite form}:
    «رئيس حكومة» → «رئيس الحكومة», «وزير خارجية» → «وزير الخارجية», «رئيس» → «الرئيس»."""
    phrases = {fold_phrase(phrase): phrase for phrase, _, _ in read_rows(directory, "titles.tsv")}
    wordings = {}
    for key, phrase in phrases.items():
        words = phrase.split()
        at = 1 if len(words) > 1 else 0
        if not words[at].startswith("ال"):
            definite = fold_phrase(" ".join([*words[:at], "ال" + words[at], *words[at + 1:]]))
            phrase = phrases.get(definite, phrase)
        wordings[key] = phrase
    return wordings


def feminine(wording: str) -> str:
    """Return the feminine of an office's wording: its first word takes ة («رئيسة الوزراء», «المستشارة»)."""
    first, _, rest = wording.partition(" ")
    return " ".join(filter(None, [first + "ة", rest]))


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

    def __init__(self, gazetteer: Gazetteer, common: set[str], units: dict[str, int], counts: Counter | None = None):
        self.gaz = gazetteer
        self.common = common
        self.units = units
        self.counts = counts or Counter()  # corpus word counts: «العراق» makes «بالعراق» no name
        self.title_heads = {key.split()[0] for key, entries in gazetteer.entries.items()
                            if any(e.kind == "title" for e in entries)}
        self.wordings = office_wordings()
        self.modifiers = {fold_phrase(row[0]) for row in read_rows(LEXICONS, "entity_title_modifiers.tsv")} - FORMER

    def is_name_word(self, word: str) -> bool:
        """Return True when a folded word may be part of a person's name: no function word, title,
        country or frequent common word; a preposition + article («بالعراق») only when the
        corpus knows the definite word («بالادينو», «فالس» are names); an indefinite nisba
        («تركي») is also a given name."""
        if len(word) < 2 or word in FUNCTION_WORDS or word in SPEECH_VERBS or word in FORMER or word.isdigit():
            return False
        if word.startswith(CLITIC_ARTICLE) and self.reads_as_clitic(word):
            return False
        if word in self.title_heads or self.gaz.country_of(word) and (word.startswith("ال") or not self.gaz.nisba(word)
                                                                      or self.gaz.country_of(word) != self.gaz.nisba(word)):
            return False
        if any(prefix and self.gaz.country_of(stem) for prefix, stem in clitic_variants(word)) or (
                len(word) > 3 and word[0] in "وف" and word[1:] in FUNCTION_WORDS):
            return False  # «لسوريا ستافان دي ميستورا», «وكان رايد قرملي»
        return word not in self.common or self.units.get(word, 0) >= 200

    def reads_as_clitic(self, word: str) -> bool:
        """Return True when a word opening like a preposition + ال is one: the corpus has the
        definite word at least twice as often («بالعراق»: «العراق»; «فالس» is a name)."""
        if not self.counts:
            return True
        definite = "ا" + word[1:] if word.startswith("لل") else word[1:]
        return self.counts[definite] >= max(3, 2 * self.counts[word])

    def title_at(self, words: list[str], i: int) -> tuple[int, str, str, str] | None:
        """Return (word count, canonical title, sector, wording) of the longest title at i (proclitic
        allowed); a feminine title reads as its masculine («المتحدثة باسم», «رئيسة الوزراء») and
        keeps its feminine wording."""
        for stem, female in self.title_stems(words[i]):
            for n in self.gaz.lengths.get(stem, ()):
                key = " ".join([stem, *words[i + 1:i + n]])
                title = next((e for e in self.gaz.entries.get(key, ()) if e.kind == "title"), None)
                if title and i + n <= len(words):
                    wording = self.wordings.get(key, title.name)
                    return n, title.name, title.sector, feminine(wording) if female else wording
        return None

    def title_stems(self, word: str) -> list[tuple[str, bool]]:
        """Return the (stem, feminine) readings of a word that may open a title: without
        proclitics, and with a feminine ending dropped."""
        stems = [stem for _, stem in clitic_variants(word)]
        return [(stem, False) for stem in stems] + [
            (stem[:-1], True) for stem in stems if stem.endswith("ه") and len(stem) > 3 and stem[:-1] in self.title_heads]

    def country_at(self, words: list[str], j: int, definite: bool = False) -> tuple[int, str] | None:
        """Return (word count, code) of a nisba or (construct) country/IGO name at j; after a
        definite title the nisba must be definite too («العقيد تركي المالكي» names no Turk)."""
        for n in (3, 2, 1):
            if j + n > len(words):
                continue
            for clitic, stem in clitic_variants(words[j]):
                key = " ".join([stem, *words[j + 1:j + n]])
                code = self.gaz.country_of(key)
                if code and (not definite or clitic or stem.startswith("ال")):
                    return n, code
        return None

    def name_after(self, words: list[str], j: int) -> int:
        """Return how many tokens from j form a name (0 if none)."""
        while j < len(words) and words[j] in HONORIFICS:
            j += 1
        n = 0
        while n < 4 and j + n < len(words) and (self.is_name_word(words[j + n]) or words[j + n] in CONNECTORS
                                                 or n and self.inner_title_word(words, j + n)
                                                 or n and words[j + n - 1] == "عبد" and words[j + n].isalpha()
                                                 or n and words[j + n] in REGNAL):
            n += 1
        while n and words[j + n - 1] in CONNECTORS:
            n -= 1
        return n

    def inner_title_word(self, words: list[str], k: int) -> bool:
        """Return True when a bare title word inside a name is part of it: «الباجي قائد السبسي»
        (no article, and a definite name word follows)."""
        return (words[k] in self.title_heads and not words[k].startswith("ال") and k + 1 < len(words)
                and words[k + 1].startswith("ال") and self.is_name_word(words[k + 1]))

    def mine(self, tokens: list[str]) -> list[tuple[tuple[int, int], str, str, str, str]]:
        """Return ((start, end) token span of the name, title, sector, country, wording) appositions.

        A title is read once, longest first («نائب الرئيس الأمريكي» is no «الرئيس»); «نظيره
        الأمريكي جون كيري» takes the title of the office named just before it.
        """
        words = [fold_token(t) for t in tokens]
        found, last_title, i, home = [], None, 0, {}
        while i < len(words):
            title = self.title_at(words, i) if not i or words[i - 1] != "عبد" else None  # «عبد الملك»
            if title:
                last_title = (i, *title[1:])
                appositions, i = self.apposition(words, i, title, home)
                found += appositions
                continue
            if last_title and i - last_title[0] <= COUNTERPART_WINDOW and self.is_counterpart(words[i]):
                country = self.country_at(words, i + 1)
                if country:
                    found += self.after(words, i + 1 + country[0], last_title[1:], country[1])
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

    def apposition(self, words, i, title, home: dict) -> tuple[list, int]:
        """Return the appositions of the title at i and the index after it (and its country).

        A title with no country («وزير الداخلية قاسم الأعرجي») takes the article's dominant
        country, marked "?" (`home`, computed once per article, caches it), unless it is one
        bare word with no article («قائد السبسي» is part of a name) or a rank of birth («الأمير»)."""
        n = title[0]
        country = self.country_at(words, i + n, definite=words[i + n - 1].startswith("ال"))
        if not country and "امم" in fold_token(title[1]):
            country = (0, "UNO")  # «الأمين العام للأمم المتحدة أنطونيو غوتيريش»: the title names the body
        if not country and self.may_take_home(words, i, title) and self.name_after(words, i + n):
            if "code" not in home:
                home["code"] = self.home_country(words)
            country = (0, home["code"] + "?") if home["code"] else None
        if not country:
            return [], i + n
        j = i + n + country[0]
        if j < len(words) and words[j] in FORMER or i and words[i - 1] in FORMER:
            return [], j
        while j < len(words) and words[j] in self.modifiers:
            j += 1  # «رئيس الحكومة الليبية المؤقتة عبدالله الثني»
        titles = [title[1:]]
        chained = self.title_at(words, j) if j < len(words) else None
        if chained and not self.country_at(words, j + chained[0]):
            titles.append(chained[1:])  # «نائب الرئيس اليمني رئيس مجلس الوزراء خالد بحاح»: both offices
            j += chained[0]
        found = []
        if i and words[i - 1] in COMMAS and j < len(words) and words[j] in COMMAS:
            found = self.before(words, i, title[1:], country[1])  # «X، وزير العدل السعودي، ...» is about X
        for held in titles if not found else ():
            found += self.after(words, j, held, country[1])
        if not found:
            found += self.before(words, i, title[1:], country[1])
        return found, j

    def may_take_home(self, words, i, title) -> bool:
        """Return True when a title with no country may take the article's: not a bare indefinite
        word («قائد», «رئيس») and not a rank of birth (NO_HOME_TITLES)."""
        bare = title[0] == 1 and not any(stem.startswith("ال") for _, stem in clitic_variants(words[i]))
        return not bare and title[1] not in NO_HOME_TITLES

    def after(self, words, j, title, country):
        """«وزير الداخلية اليمني، أحمد الميسري»: a name after the title (a comma, quote or
        honorific between them allowed); `title` is (canonical, sector, wording)."""
        skip = j
        if skip < len(words) and words[skip] in ("،", ",", '"', "«"):
            skip += 1
        while skip < len(words) and words[skip] in HONORIFICS:
            skip += 1
        n = self.name_after(words, skip)
        if not n and skip < len(words) and words[skip] in FUNCTION_WORDS and self.name_after(words, skip + 1) >= 2:
            # «بان كي مون» opens with a word spelt like «بأن»: kept if seen often (WEAK)
            return [((skip, skip + 1 + self.name_after(words, skip + 1)), *title[:2], country + WEAK, title[2])]
        return [((skip, skip + n), *title[:2], country, title[2])] if n else []  # settled from the left

    def before(self, words, i, title, country):
        """«لافروف، وزير خارجية روسيا», «وقال ماتيو رينزي رئيس الوزراء الإيطالي»: a name right
        before the title, after a comma or as the subject of a speech verb (honorifics dropped)."""
        comma = i >= 2 and words[i - 1] in ("،", ",")
        end = i - 1 if comma else i
        start = end
        while start > 0 and end - start < 3 and (self.is_name_word(words[start - 1]) or words[start - 1] in CONNECTORS):
            start -= 1
        if start < end and not comma and (start == 0 or words[start - 1] not in SPEECH_VERBS | HONORIFICS):
            return []
        while start < end and (words[start] in CONNECTORS or words[start] in HONORIFICS):
            start += 1
        if start == end:
            return []
        return [((start, end), *title[:2], country + "<", title[2])]  # "<": settle from the right


def word_counts(paths: list[str], sample: int = 20_000) -> Counter:
    """Return the folded word counts of the first `sample` articles."""
    counts: Counter = Counter()
    for number, (_, _, text) in enumerate(read_articles(paths)):
        if number >= sample:
            break
        counts.update(fold_token(t) for t in TOKEN.findall(text))
    return counts


def common_words(counts: Counter, top: int = 400) -> set[str]:
    """Return frequent folded words that are not names: the `top` most frequent words that are
    definite or also occur with the article ال (names such as ترامب are frequent too, but never
    take ال)."""
    return {word for word, n in counts.most_common(top)
            if word.startswith("ال") or counts["ال" + word] >= 0.05 * n or word in FUNCTION_WORDS}


def mine_corpus(paths: list[str], gazetteer: Gazetteer, progress=None, counts: Counter | None = None) -> dict[tuple, Sightings]:
    """Return {(folded name, title, sector, country): Sightings} over every article in `paths`.

    Each apposition yields a greedy span of up to four name-like tokens; `settle_names` then
    cuts every span to the prefix the corpus supports («رجب طيب اردوغان» but not «... يؤكد»).
    """
    from rasid.kb import sound_key

    counts = counts if counts is not None else word_counts(paths)
    miner = Miner(gazetteer, common_words(counts), name_units(), counts)
    spans: dict[tuple, list] = defaultdict(list)
    for article_id, date, text in read_articles(paths):
        tokens = [token for token in TOKEN.findall(text) if token != "#"]  # «عبدالملك #المخلافي»
        for (start, end), title, sector, country, wording in miner.mine(tokens):
            words = tuple(fold_token(t) for t in tokens[start:end])
            # one group whether the country was named or taken from the article ("?")
            group = (title, sector, country.replace("?", ""))
            context = zlib.crc32(" ".join(fold_token(t) for t in tokens[max(0, start - CONTEXT):end + CONTEXT]).encode())
            spans[group].append((words, " ".join(tokens[start:end]), article_id, date, country, wording, context))
        if progress:
            progress()
    seen: dict[tuple, Sightings] = defaultdict(Sightings)
    for (title, sector, _), found in spans.items():
        backward = found[0][4].endswith("<")
        # Prefixes are counted over sound keys: «مولود جاويش اوغلو» and «مولود تشاوش اوغلو» agree.
        cut = settle_names([tuple(map(sound_key, words[::-1] if backward else words)) for words, *_ in found])
        for (words, surface, article_id, date, country, wording, context), n in zip(found, cut):
            keep = slice(len(words) - n, None) if backward else slice(0, n)
            sighting = seen[(" ".join(words[keep]), title, sector, country.rstrip("<"))]
            sighting.surface[" ".join(surface.split()[keep])] += 1
            sighting.articles[article_id] = date
            sighting.wordings[wording] += 1
            sighting.contexts.add(context)
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
