"""The NER tagger: obvious Arabic cases, the entity scorer, and a quality floor on ANERcorp test."""
from pathlib import Path

import pytest

from rasid.errors import ModelError
from rasid.ner import Tagger, document, features
from rasid.ner.conll import read_conll, score, spans
from rasid.ner.document import keys, tag_consistently
from rasid.ner.features import Featurizer

SHARED = Path(__file__).resolve().parents[2] / "shared"
ANERCORP_TEST = SHARED / "data/ner/anercorp/test.conll"
# Measured on anercorp/test.conll with the shipped model, rounded down by 0.01; only goes up.
F1_FLOOR = 0.73


@pytest.fixture(scope="module")
def tagger():
    return Tagger.load()


@pytest.mark.parametrize("sentence, expected", [
    ("زار الرئيس الفرنسي العاصمة المصرية القاهرة أمس", {("LOC", "القاهرة")}),
    ("وصل وزير الخارجية إلى بغداد قادما من دمشق", {("LOC", "بغداد"), ("LOC", "دمشق")}),
    ("التقى الأمين العام للأمم المتحدة كوفي أنان في نيويورك",
     {("PERS", "كوفي أنان"), ("LOC", "نيويورك")}),
    ("وقال الرئيس الأمريكي جورج بوش إن الحرب مستمرة", {("PERS", "جورج بوش")}),
])
def test_obvious_entities(tagger, sentence, expected):
    words = sentence.split()
    found = {(kind, " ".join(words[s:e])) for kind, s, e in spans(tagger.tag(words))}
    assert expected <= found


def test_tags_are_bio_and_aligned(tagger):
    words = "أعلنت منظمة الصحة العالمية في جنيف".split()
    tags = tagger.tag(words)
    assert len(tags) == len(words)
    assert all(t == "O" or t[:2] in ("B-", "I-") and t[2:] in ("PERS", "ORG", "LOC", "MISC") for t in tags)
    assert tagger.tag([]) == []
    assert tagger.version.startswith("ner-crf-")


@pytest.mark.parametrize("first, first_tags, second, second_tags, expected", [
    # a name found once is tagged where it recurs, also behind a proclitic
    ("استقبل الرئيس ماكرون الوفد", "O O B-PERS O", "وأكد ماكرون أن الحوار مستمر", "O O O O O",
     "O B-PERS O O O"),
    ("استقبل الرئيس ماكرون الوفد", "O O B-PERS O", "وقال لماكرون مستشاره", "O O O", "O B-PERS O"),
    # multi-word names are matched whole; a word already tagged is left alone
    ("فاز ريال مدريد أمس", "O B-ORG I-ORG O", "خسر برشلونة أمام ريال مدريد", "O B-ORG O O O",
     "O B-ORG O B-ORG I-ORG"),
    # a lone part of a name is not a name
    ("فاز ريال مدريد أمس", "O B-ORG I-ORG O", "وصل إلى مدريد", "O O O", "O O O"),
])
def test_names_are_tagged_throughout_the_document(first, first_tags, second, second_tags, expected):
    sentences = [[keys(w) for w in first.split()], [keys(w) for w in second.split()]]
    tagged = tag_consistently(sentences, [first_tags.split(), second_tags.split()])
    assert tagged[1] == expected.split()


def test_a_generic_word_tagged_alone_is_not_spread():
    sentences = [[keys(w) for w in "أعلنت المنظمة أمس".split()], [keys(w) for w in "وقالت المنظمة إن".split()]]
    tags = [["O", "B-ORG", "O"], ["O", "O", "O"]]
    assert tag_consistently(sentences, tags, generic=frozenset({"المنظمه"}))[1] == ["O", "O", "O"]
    assert tag_consistently(sentences, tags)[1] == ["O", "B-ORG", "O"]


def test_a_window_limits_the_document():
    sentences = [[keys("ماكرون")], [keys("اليوم")], [keys("ماكرون")]]
    tags = [["B-PERS"], ["O"], ["O"]]
    assert tag_consistently(sentences, tags, window=1)[2] == ["O"]
    assert tag_consistently(sentences, tags, window=2)[2] == ["B-PERS"]


def test_a_tied_vote_goes_to_the_first_reading():
    # one PERS and one ORG vote: the earlier one wins, whatever the process's string hashing
    sentences = [[keys(w) for w in "استقبل ماكرون وفدا أرسله ماكرون".split()], [keys(w) for w in "وقال ماكرون".split()]]
    tags = [["O", "B-PERS", "O", "O", "B-ORG"], ["O", "O"]]
    assert tag_consistently(sentences, tags)[1] == ["O", "B-PERS"]
    tags = [["O", "B-ORG", "O", "O", "B-PERS"], ["O", "O"]]
    assert tag_consistently(sentences, tags)[1] == ["O", "B-ORG"]


@pytest.mark.parametrize("second, common, expected", [
    ("وقال صالح إن الانتخابات نزيهة", frozenset(), "O B-PERS O O O"),  # the surname alone is the same person
    ("وأكد لصالح أن الحوار مستمر", frozenset(), "O B-PERS O O O"),  # also behind a proclitic
    ("وقال صالح إن الانتخابات نزيهة", frozenset({"صالح"}), "O O O O O"),  # a common word is no surname
])
def test_a_persons_surname_is_tagged_where_it_recurs_alone(second, common, expected):
    first = "أدى الرئيس علي عبد الله صالح اليمين".split()
    sentences = [[keys(w) for w in first], [keys(w) for w in second.split()]]
    tags = [["O", "O", "B-PERS", "I-PERS", "I-PERS", "I-PERS", "O"], ["O"] * len(second.split())]
    assert tag_consistently(sentences, tags, common=common)[1] == expected.split()


@pytest.mark.parametrize("readings, expected", [
    (["B-ORG", "B-ORG", "B-ORG", "B-LOC"], "B-ORG"),  # three ORG votes against one: ORG
    (["B-ORG", "B-ORG", "B-LOC"], "B-LOC"),  # a lead of one vote is not enough
])
def test_an_entity_takes_the_type_its_words_clearly_have_in_the_document(readings, expected):
    sentences = [[keys("فاز"), keys("برشلونة")] for _ in readings]
    tags = [["O", reading] for reading in readings]
    assert tag_consistently(sentences, tags)[-1] == ["O", expected]


@pytest.mark.parametrize("sentence", [
    "وقال الرئيس الأمريكي جورج بوش إن الحرب مستمرة",
    "أعلنت منظمة الصحة العالمية في جنيف عن خطة جديدة (بقيمة 20 مليون دولار)",
])
def test_features_the_model_does_not_know_are_dropped_without_changing_tags(tagger, sentence):
    words = sentence.split()
    everything = Featurizer(tagger._featurizer.clusters, tagger._featurizer.gazetteer)
    kept, known = tagger.features(words), tagger._featurizer.known
    assert all(f in known for feats in kept for f in feats)
    assert sum(map(len, kept)) < sum(map(len, everything.sentence(words)))
    assert tagger._crf.tag(kept) == tagger._crf.tag(everything.sentence(words))


def test_the_feature_memo_is_a_bounded_lru(monkeypatch):
    monkeypatch.setattr(features, "CACHE_LIMIT", 3)
    featurizer = Featurizer({}, {})
    for word in ["بغداد", "دمشق", "بغداد", "عمان", "القاهرة"]:
        featurizer.token(word)
    assert list(featurizer._cache) == ["بغداد", "عمان", "القاهرة"]  # «دمشق» was least recently used
    assert featurizer.sentence(["دمشق", "بغداد"]) == Featurizer({}, {}).sentence(["دمشق", "بغداد"])


def test_tag_document_keeps_sentences_aligned(tagger):
    article = ["قال وزير الخارجية الروسي سيرغي لافروف إن المحادثات مثمرة".split(),
               "وأضاف لافروف أن موسكو مستعدة".split(), []]
    tags = tagger.tag_document(article)
    assert [len(t) for t in tags] == [len(s) for s in article]
    assert tags[1][1] == "B-PERS"


def test_missing_model_raises_model_error(tmp_path):
    with pytest.raises(ModelError, match="rebuild"):
        Tagger.load(tmp_path)


def test_spans_follow_conlleval():
    assert spans(["B-PERS", "I-PERS", "O", "I-LOC", "B-ORG", "I-LOC"]) == {
        ("PERS", 0, 2), ("LOC", 3, 4), ("ORG", 4, 5), ("LOC", 5, 6)}


def test_score_counts_exact_spans_only():
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"]]
    predicted = [["B-PERS", "O", "O", "B-LOC"]]
    result = score(gold, predicted)
    assert result["precision"] == 0.5 and result["recall"] == 0.5
    assert result["per_type"]["LOC"]["f1"] == 1.0 and result["per_type"]["PERS"]["f1"] == 0.0


def test_read_conll_drops_direction_marks(tmp_path):
    path = tmp_path / "tiny.conll"
    path.write_text("\u200fبغداد\tB-LOC\nاليوم\tO\n\nقال\tO\n", encoding="utf-8")
    assert read_conll(path) == [(["بغداد", "اليوم"], ["B-LOC", "O"]), (["قال"], ["O"])]


@pytest.mark.skipif(not ANERCORP_TEST.is_file(), reason="../shared/data/ner is not available")
def test_anercorp_f1_floor(tagger):
    from rasid.ner.conll import evaluate

    result = evaluate(tagger, ANERCORP_TEST)
    assert result["f1"] >= F1_FLOOR, result


ARTICLE = [
    "أعلن رئيس الوزراء العراقي حيدر العبادي من بغداد أن القوات الحكومية استعادت مدينة الرمادي".split(),
    "وقال العبادي للصحفيين إن الحكومة ستعيد بناء المدينة بدعم من البنك الدولي".split(),
    "ورحبت وزارة الخارجية الأمريكية في واشنطن بالإعلان (الخميس 31 ديسمبر/كانون الأول)".split(),
    ["نعم"],
    [],
    "التقى وزير الخارجية الروسي سيرغي لافروف نظيره الفرنسي لوران فابيوس في موسكو أمس".split(),
]


def _crfsuite_tags(tagger, sentences):
    """Return the tags of crfsuite's own tagger, the reference the numpy decoder must match exactly."""
    return [tagger._crf.tag(tagger.features(words)) if words else [] for words in sentences]


def test_the_decoder_gives_crfsuites_tags(tagger):
    from rasid.ner.decode import Decoder

    decoder = Decoder(tagger._crf, tagger._featurizer, tagger._decoder.words.weights)
    expected = _crfsuite_tags(tagger, ARTICLE)
    assert decoder.tag(ARTICLE)[0] == expected
    assert [decoder.tag([words])[0][0] for words in ARTICLE] == expected
    assert any(tag != "O" for tags in expected for tag in tags)


def test_tag_sentences_is_tag_for_each_sentence(tagger):
    assert tagger.tag_sentences(ARTICLE) == [tagger.tag(words) for words in ARTICLE]
    assert tagger.tag_sentences([]) == []


def test_a_close_decision_is_left_to_crfsuite(tagger, monkeypatch):
    from rasid.ner import decode

    calls = []
    decoder = decode.Decoder(tagger._crf, tagger._featurizer, tagger._decoder.words.weights)
    monkeypatch.setattr(decoder, "_crf", _Recording(tagger._crf, calls))
    assert decoder.tag(ARTICLE)[0] == _crfsuite_tags(tagger, ARTICLE) and calls == []
    monkeypatch.setattr(decode, "MARGIN", float("inf"))  # every decision is too close to call
    assert decoder.tag(ARTICLE)[0] == _crfsuite_tags(tagger, ARTICLE)
    assert len(calls) == sum(1 for words in ARTICLE if words)


class _Recording:
    def __init__(self, crf, calls):
        self._crf, self._calls = crf, calls

    def tag(self, features):
        self._calls.append(features)
        return self._crf.tag(features)


def test_the_word_table_is_a_bounded_lru_that_reuses_rows(tagger):
    from rasid.ner import decode
    from rasid.ner.decode import Decoder

    decoder = Decoder(tagger._crf, tagger._featurizer, tagger._decoder.words.weights, limit=3)
    expected = _crfsuite_tags(tagger, ARTICLE)
    for _ in range(2):
        assert decoder.tag(ARTICLE)[0] == expected
    for sentences in ([["بغداد", "دمشق"], ["عمان"]], [["دمشق"]], [["القاهرة"]], [["دمشق"]]):
        decoder.tag(sentences)  # each call first forgets the words beyond the limit
    assert list(decoder.words._memo) == ["عمان", "القاهرة", "دمشق"]  # «بغداد» was least recently used
    assert len(decoder.words.lefts) == decode.ROWS  # rows of forgotten words were reused


@pytest.mark.parametrize("lengths", [[1], [3], [4, 1, 2], [2, 2]])
def test_viterbi_finds_the_best_path_of_right_aligned_sentences(lengths):
    import itertools

    import numpy as np

    from rasid.ner.decode import IMPOSSIBLE, viterbi

    rng = np.random.default_rng(len(lengths) * 10 + lengths[0])
    labels, length = 3, max(lengths)
    incoming = np.zeros((labels + 1, labels + 1))
    incoming[:labels, :labels] = rng.normal(size=(labels, labels))
    scores = np.full((len(lengths), length, labels + 1), IMPOSSIBLE)
    scores[:, :, labels] = 0.0  # padding positions take the padding label
    for n, size in enumerate(lengths):
        scores[n, length - size:] = np.append(rng.normal(size=(size, labels)), np.full((size, 1), IMPOSSIBLE), 1)
    paths, unsure = viterbi(scores, incoming, lengths)
    for n, size in enumerate(lengths):
        own = scores[n, length - size:, :labels]
        best = max(itertools.product(range(labels), repeat=size),
                   key=lambda p: sum(own[t, y] for t, y in enumerate(p)) + sum(incoming[b, a] for a, b in zip(p, p[1:])))
        assert paths[n] == list(best)
    assert unsure == set()


def test_viterbi_calls_a_tie_unsure_and_takes_the_lower_label():
    import numpy as np

    from rasid.ner.decode import viterbi

    scores = np.array([[[1.0, 1.0, -1e30]], [[0.5, 1.0, -1e30]]])
    paths, unsure = viterbi(scores, np.zeros((3, 3)), [1, 1])
    assert paths == [[0], [1]] and unsure == {0}


def test_no_word_can_take_the_padding_label(tagger):
    from rasid.ner.decode import BOUNDARY, IMPOSSIBLE, Decoder

    decoder = Decoder(tagger._crf, tagger._featurizer, tagger._decoder.words.weights)
    rows, _ = decoder.words.lookup(ARTICLE)
    own = decoder.words.scores[[row for sentence in rows for row in sentence], 0]
    assert (own[:, -1] == IMPOSSIBLE).all() and (own[:, :-1] > IMPOSSIBLE / 2).all()
    assert (decoder.words.scores[BOUNDARY, 0, :-1] == IMPOSSIBLE).all() and decoder.words.scores[BOUNDARY, 0, -1] == 0


def test_weights_are_read_exactly_from_the_model_file(tagger):
    from rasid.ner.tagger import MODEL_FILE, MODELS

    weights = tagger._decoder.words.weights
    info = tagger._crf.info()  # prints weights to 6 decimals only
    read = [weights.state[weights.attributes[a], weights.labels.index(label)] for (a, label) in info.state_features]
    assert max(abs(r - p) for r, p in zip(read, info.state_features.values())) <= 5e-7
    assert any(r != round(r, 6) for r in read)  # finer than what crfsuite prints
    assert (MODELS / MODEL_FILE).read_bytes().count(weights.state[weights.attributes["sh=ar"], 0].tobytes()) == 1


def test_a_model_file_of_another_layout_raises_model_error(tmp_path):
    import shutil
    import struct

    from rasid.ner.tagger import MODEL_FILE, MODELS

    for name in MODELS.glob("ner*"):
        shutil.copy(name, tmp_path / name.name)
    model = bytearray((tmp_path / MODEL_FILE).read_bytes())
    (offset,) = struct.unpack_from("<I", model, 28)
    model[offset:offset + 4] = b"XXXX"  # crfsuite itself reads past the chunk's name
    (tmp_path / MODEL_FILE).write_bytes(bytes(model))
    with pytest.raises(ModelError, match="feature table"):
        Tagger.load(tmp_path)


@pytest.mark.parametrize("word", ["بغداد", "وبالعراق", "«الرئيس»", "(2026)", "للجيش", "واشنطن،", "xyz"])
def test_own_features_hold_every_window_feature(tagger, word):
    from rasid.ner.features import OFFSETS, PREFIXES, WINDOW

    featurizer = Featurizer(tagger._featurizer.clusters, tagger._featurizer.gazetteer)
    own, near, keys, core = featurizer.describe(word)
    assert featurizer.own(word) == (own, keys) and own[0] == "w=" + core
    for off in OFFSETS:  # a neighbour's features are its own ones that start with WINDOW[off], prefixed
        assert near[off] == [PREFIXES[off] + f for f in own if f.startswith(WINDOW[off])]
    assert keys == document.keys(word)


@pytest.mark.parametrize("sentence", [
    "وقال الرئيس الأمريكي جورج بوش إن الحرب مستمرة",
    "أعلنت منظمة الصحة العالمية في جنيف عن خطة جديدة (بقيمة 20 مليون دولار)",
])
def test_word_rows_from_own_names_are_the_sums_of_the_window_strings(tagger, sentence):
    from rasid.ner.decode import WordScores
    from rasid.ner.features import OFFSETS

    words = WordScores(tagger._decoder.words.weights, tagger._featurizer)
    described = [tagger._featurizer.describe(w) for w in sentence.split()]
    by_strings = words._sums([feats for own, near, _, _ in described for feats in [own] + [near[o] for o in OFFSETS]])
    by_names = words._word_sums([own for own, _, _, _ in described])
    assert abs(by_names.reshape(by_strings.shape) - by_strings).max() < 1e-12  # the same sums, in another order
    assert (by_strings != 0).sum() > len(described) * len(OFFSETS)  # the windows do score
