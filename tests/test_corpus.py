"""Corpus linking: wire copies get duplicate_of, one real event across articles gets one cluster_id."""
import gzip
import json
from pathlib import Path

import pytest

from rasid.corpus import CorpusLinker
from rasid.model import Actor, Article, Event, Evidence

BENCH = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "bench" / "news.jsonl.gz"
WIRE_PAIR = ("sn-57cca31a30ae", "sn-6f376faca650")  # one bombing in Bahrain told by two outlets


def story(doc_id: str, body: str, published: str, kind: str = "ASSAULT", source: str = "ISR",
          target: str = "SYR", date: str | None = None, title: str = "خبر") -> Article:
    text = f"{title}\n\n{body}"
    event = Event(id="V1", type=kind, source=(Actor(None, "x", source),), target=(Actor(None, "y", target),),
                  evidence=(Evidence(len(title) + 2, len(text)),), rule="test", confidence=0.5, date=date)
    return Article(doc_id=doc_id, text=text, title=title, published=published, body_start=len(title) + 2,
                   events=(event,))


BODY = ("قصفت الطائرات الإسرائيلية فجر اليوم مواقع عسكرية قرب مطار دمشق الدولي ما أدى إلى تدمير مخازن "
        "أسلحة وسقوط عدد من القتلى والجرحى بحسب ما أفادت مصادر محلية ووسائل إعلام رسمية")


def test_wire_copy_is_a_duplicate_and_shares_the_cluster():
    linker = CorpusLinker()
    first = linker.link(story("a", BODY, "2018-05-10", date="2018-05-10"))
    copy = linker.link(story("b", BODY + " أمس", "2018-05-11", date="2018-05-10"))
    assert first.duplicate_of is None and copy.duplicate_of == "a"
    assert first.events[0].cluster_id == copy.events[0].cluster_id
    assert first.events[0].cluster_id.startswith("c-2018-05-10-")


def test_same_topic_other_day_is_another_event():
    linker = CorpusLinker()
    first = linker.link(story("a", BODY, "2018-05-10", date="2018-05-10"))
    later = linker.link(story("b", "شنت إسرائيل غارة جديدة على مواقع في حمص السورية ليلا", "2018-05-20",
                              date="2018-05-20"))
    assert later.duplicate_of is None
    assert first.events[0].cluster_id != later.events[0].cluster_id


def test_other_actors_are_another_event():
    linker = CorpusLinker()
    first = linker.link(story("a", BODY, "2018-05-10", date="2018-05-10"))
    other = linker.link(story("b", BODY, "2018-05-10", target="LBN", date="2018-05-10"))
    assert first.events[0].cluster_id != other.events[0].cluster_id


def test_cluster_ids_are_stable_across_runs():
    def run():
        linker = CorpusLinker()
        return [linker.link(story(str(i), BODY + f" {i}", "2018-05-10")).events[0].cluster_id for i in range(3)]
    assert run() == run()


def test_index_stays_bounded_on_a_stream():
    linker = CorpusLinker(window_days=2, recent=3)
    for day in range(1, 29):
        linker.link(story(f"d{day}", f"{BODY} {day}", f"2018-02-{day:02d}", date=f"2018-02-{day:02d}"))
    assert len(linker._articles) <= 4 and sum(len(v) for v in linker._events.values()) <= 4


def test_a_short_shuffled_run_forgets_nothing():
    linker = CorpusLinker()
    first = linker.link(story("a", BODY, "2015-07-20", date="2015-07-20"))
    linker.link(story("b", "نص آخر عن موضوع آخر تماما في بلد آخر", "2018-10-01", kind="AID", date="2018-10-01"))
    copy = linker.link(story("c", BODY, "2015-07-21", date="2015-07-20"))
    assert copy.duplicate_of == "a" and copy.events[0].cluster_id == first.events[0].cluster_id


@pytest.mark.skipif(not BENCH.exists(), reason="bench corpus not available")
def test_bench_wire_copies_share_an_event():
    from rasid.pipeline import Pipeline, STAGES
    rows = {}
    with gzip.open(BENCH, "rt", encoding="utf-8") as lines:
        for line in lines:
            if any(doc_id in line[:60] for doc_id in WIRE_PAIR):
                row = json.loads(line)
                rows[row["id"]] = row
    if set(rows) != set(WIRE_PAIR):
        pytest.skip("wire pair not in this bench corpus")
    pipeline = Pipeline.load((STAGES[0], STAGES[3]))
    linker = CorpusLinker()
    linked = [linker.link(pipeline.process(_raw(rows[doc_id]))) for doc_id in WIRE_PAIR]
    assert linked[1].duplicate_of == WIRE_PAIR[0]
    shared = {e.cluster_id for e in linked[0].events} & {e.cluster_id for e in linked[1].events}
    assert shared


def _raw(row):
    from rasid.ingest import RawArticle
    return RawArticle(doc_id=row["id"], title=row["title"], body=row["text"], source="bench",
                      published=row["published"], outlet=row.get("outlet"), url=row.get("url"))


@pytest.mark.parametrize("text", [BODY, "قصفت الطائرات مواقع", "كلمة", "", "أَكَّدَ الوزيرُ ـ أن ﷺ الاتفاق سيوقع غدا في جنيف"])
def test_minhash_is_datasketch_sha1_of_the_folded_word_3_grams(text):
    from datasketch import MinHash
    from rasid.corpus import NUM_PERM, WORD, minhash
    from rasid.normalize import fold
    words = [fold(w) for w in WORD.findall(text)]
    expected = MinHash(num_perm=NUM_PERM, seed=1)
    expected.update_batch([" ".join(words[i:i + 3]).encode("utf-8") for i in range(max(0, len(words) - 2))])
    assert list(minhash(text).hashvalues) == list(expected.hashvalues)


def test_the_linker_is_datasketch_without_importing_it():
    import subprocess
    import sys

    from datasketch import MinHash, MinHashLSH

    from rasid.corpus import LSH_BANDS, NUM_PERM, PERMUTATIONS, lsh_bands
    assert (PERMUTATIONS == MinHash(num_perm=NUM_PERM, seed=1).permutations).all()
    for (threshold, num_perm), bands in LSH_BANDS.items():
        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        assert bands == (lsh.b, lsh.r) == lsh_bands(threshold, num_perm)
    assert lsh_bands(0.5) == (MinHashLSH(threshold=0.5, num_perm=NUM_PERM).b, MinHashLSH(threshold=0.5, num_perm=NUM_PERM).r)
    loaded = subprocess.run([sys.executable, "-c", "import sys, rasid.corpus; print('datasketch' in sys.modules)"],
                            capture_output=True, text=True, check=True)
    assert loaded.stdout.strip() == "False"  # datasketch imports scipy: a second of start-up


def test_link_features_computed_elsewhere_give_the_same_links():
    from rasid.corpus import link_features
    stories = [story("a", BODY, "2018-05-10", date="2018-05-10"), story("b", BODY + " أمس", "2018-05-11"),
               story("c", "شنت إسرائيل غارة جديدة على مواقع في حمص", "2018-05-11", date="2018-05-11")]
    here, there = CorpusLinker(), CorpusLinker()
    for article in stories:
        linked = here.link(article)
        original, clusters = there.link_ids(article.doc_id, link_features(article))
        assert (original, clusters) == (linked.duplicate_of, tuple(e.cluster_id for e in linked.events))
    assert linked.duplicate_of is None and here.link(stories[0]).duplicate_of == "a"


WORDS = ("قصف غارة مطار دمشق حمص حلب الجيش الطائرات مواقع مخازن أسلحة قتلى جرحى مصادر محلية إعلام رسمي وزير "
         "الخارجية اجتماع قمة اتفاق هدنة معبر حدود لاجئين مساعدات انتخابات برلمان حكومة رئيس").split()


def _texts(number: int, seed: int = 3) -> list[str]:
    """Return short texts, many of them near copies of an earlier one (so LSH bands collide)."""
    import random
    rng, texts = random.Random(seed), []
    for i in range(number):
        if texts and rng.random() < 0.6:
            words = rng.choice(texts).split()
            words[rng.randrange(len(words))] = rng.choice(WORDS)
        else:
            words = [rng.choice(WORDS) for _ in range(rng.randrange(12, 40))]
        texts.append(" ".join(words))
    return texts


def test_article_window_finds_what_datasketch_lsh_finds():
    from datasketch import MinHash, MinHashLSH
    from rasid.corpus import NUM_PERM, ArticleWindow, minhash
    lsh = MinHashLSH(threshold=0.7, num_perm=NUM_PERM)
    window = ArticleWindow(lsh.b, lsh.r, capacity=8)  # small, so it compacts and grows
    signatures = [minhash(text) for text in _texts(700)]
    first, compared = 0, 0
    for number, signature in enumerate(signatures):
        theirs = MinHash(num_perm=NUM_PERM, seed=1, hashvalues=signature.hashvalues, scheme="affine32")
        expected = sorted(lsh.query(theirs))
        assert window.sharing_a_band(signature.hashvalues).tolist() == expected
        compared += bool(expected)
        lsh.insert(number, theirs)
        window.append(signature.hashvalues, None, str(number))
        while number - first >= 300:  # forget the oldest, as the linker does past its window
            lsh.remove(first)
            window.popleft()
            first += 1
    assert compared > 100 and len(window) == 300


@pytest.mark.parametrize("other", [
    dict(), dict(source="EGY"), dict(target="LBN"), dict(kind="PROTEST"), dict(published="2018-05-14"),
    dict(body="شنت إسرائيل غارة جديدة على مواقع في حمص السورية ليلا", published="2018-05-11"),
    dict(body="وصل وزير الخارجية إلى القاهرة في زيارة رسمية يبحث خلالها ملفات المنطقة", title="زيارة"),
])
def test_a_kept_event_is_the_same_event_as_its_key(other):
    from rasid.corpus import STORY_OVERLAP, KeptEvent, link_features, same_event
    seen = link_features(story("a", BODY, "2018-05-10", date="2018-05-10")).events[0]
    fields = dict(body=BODY + " أمس", published="2018-05-11", date="2018-05-10") | other
    new = link_features(story("b", **fields)).events[0]
    for overlap in (0.2, 0.9):
        assert same_event(KeptEvent.of(seen), new, overlap) == same_event(seen, new, overlap)
    assert STORY_OVERLAP  # the signature test is reached with overlap 0.9


def test_a_window_of_articles_costs_little_memory():
    import tracemalloc
    from rasid.corpus import link_features
    stories = [story(f"s{i}", text + f" {i}", f"2016-{1 + i % 12:02d}-{1 + i % 28:02d}", title=text[:60])
               for i, text in enumerate(_texts(1000, seed=5))]
    tracemalloc.start()
    linker = CorpusLinker()
    for article in stories:
        linker.link_ids(article.doc_id, link_features(article))
    kept, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(linker._articles) == 1000 and sum(map(len, linker._events.values())) == 1000
    assert kept / 1000 < 2048  # bytes per article and its event (datasketch's index, MinHash objects and sets: 6 KiB)
