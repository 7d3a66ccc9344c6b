"""Quotations and their speakers: mark styles, names in marks, cues, carry-over, reported content."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from rasid import quotes
from rasid.model import Article, Entity, Mention
from rasid.quotes_marks import marked_spans
from rasid.segment import sentences, tokenize

TITLE = "خبر اليوم"
PEOPLE = ("أحمد سالم", "سالم", "سيرغي لافروف", "لافروف", "مريم حسن", "خالد يوسف")
BODIES = ("وزارة الخارجية", "نجمة الصباح", "أرامكو", "بيت الخبرة", "مجلس الشورى")
PLACES = ("باريس", "القاهرة", "عدن")


@pytest.fixture(scope="module")
def lexicon():
    return quotes.load()


def article(body: str, title: str = TITLE) -> Article:
    """Return a segmented article whose entities are the known names found in `body`."""
    text = f"{title}\n\n{body}"
    found, taken = [], []
    for kind, names in (("PER", PEOPLE), ("ORG", BODIES), ("LOC", PLACES)):
        for name in names:
            spans = [m.span() for m in re.finditer(re.escape(name), text)
                     if not any(a <= m.start() < b for a, b in taken)]
            taken += spans
            if spans:
                found.append((kind, name, spans))
    entities = tuple(Entity(f"E{i}", _canonical(name), kind, _mentions(text, spans))
                     for i, (kind, name, spans) in enumerate(found, 1))
    return Article(doc_id="t", text=text, title=title, body_start=len(title) + 2, entities=entities,
                   sentences=tuple(sentences(text)), tokens=tuple(tokenize(text)))


def _mentions(text: str, spans) -> tuple[Mention, ...]:
    return tuple(Mention(s, e, text[s:e]) for s, e in spans)


def _canonical(name: str) -> str:
    return {"سالم": "أحمد سالم", "لافروف": "سيرغي لافروف"}.get(name, name)


def run(body: str, lexicon, title: str = TITLE):
    return quotes.annotate(article(body, title), lexicon).quotes


@pytest.mark.parametrize("body, expected", [
    ("وقال أحمد سالم «نحن ملتزمون بالاتفاق».", "نحن ملتزمون بالاتفاق"),
    ('وقال أحمد سالم "سنواصل العمل مع شركائنا".', "سنواصل العمل مع شركائنا"),
    ("وقال أحمد سالم “سنواصل العمل مع شركائنا”.", "سنواصل العمل مع شركائنا"),
    ("وقال أحمد سالم ”سنواصل العمل مع شركائنا”.", "سنواصل العمل مع شركائنا"),
    ("وقال أحمد سالم “سنواصل العمل مع شركائنا“.", "سنواصل العمل مع شركائنا"),
    ('وقال أحمد سالم «سنواصل العمل مع شركائنا" ثم غادر القاعة.', "سنواصل العمل مع شركائنا"),
    ("وقال أحمد سالم ‹الحوار هو الطريق الوحيد›.", "الحوار هو الطريق الوحيد"),
    ("وقال أحمد سالم «الفقرة الأولى من كلامه\n«والفقرة الثانية منه».",
     "الفقرة الأولى من كلامه\n«والفقرة الثانية منه"),
    ("وقال أحمد سالم «نرفض ما يسمى «الحل المؤقت» جملة وتفصيلا».", "نرفض ما يسمى «الحل المؤقت» جملة وتفصيلا"),
])
def test_every_mark_style_gives_the_quotation_and_its_speaker(lexicon, body, expected):
    found = [q for q in run(body, lexicon) if q.direct]
    assert [q.text for q in found] == [expected]
    assert found[0].speaker_name == "أحمد سالم"
    assert found[0].cue == "وقال"


@pytest.mark.parametrize("body", [
    "وأعلن تنظيم «داعش» مسؤوليته عن الهجوم.",
    "وشارك في مؤتمر «جنيف 2» وفد حكومي كبير.",
    'ونشرت صحيفة "وول ستريت جورنال" تقريرا مطولا.',
    "ووصف سالم الخطة بـ«الفاشلة» أمام النواب.",
    "وكانت «وزارة الخارجية» قد أصدرت بيانا.",
    "وشارك وفد حكومي في «جنيف 2» الأسبوع الماضي.",
    'وذكرت "وول ستريت جورنال" أن الصفقة ألغيت.',
    'وقال سالم في تصريح لـ"سكاي نيوز عربية" إن الوفد وصل.',
    'وقال سالم في مقابلة مع "سكاي نيوز عربية" إن الوفد وصل.',
    'وذكر موقع "العربية.نت" أن الوفد وصل.',
    'وقال سالم لـ"سكاي نيوز عربية" إن الوفد وصل.',
])
def test_names_and_single_words_in_marks_are_not_quotations(lexicon, body):
    assert [q.text for q in run(body, lexicon) if q.direct] == []


def test_quotation_broken_by_an_attribution_is_two_quotations_with_one_speaker(lexicon):
    found = run("وقال أحمد سالم «الوضع صعب للغاية»، وأضاف: «لكننا سنتجاوزه معا».", lexicon)
    assert [(q.text, q.speaker_name, q.cue) for q in found] == [
        ("الوضع صعب للغاية", "أحمد سالم", "وقال"), ("لكننا سنتجاوزه معا", "أحمد سالم", "وأضاف")]


def test_quotation_broken_by_a_named_attribution_takes_it_on_both_sides(lexicon):
    found = run("«لن نتراجع عن موقفنا»، قال سالم، «ولن نقبل بأي ضغوط خارجية».", lexicon)
    assert [(q.text, q.speaker_name, q.cue) for q in found] == [
        ("لن نتراجع عن موقفنا", "أحمد سالم", "قال"), ("ولن نقبل بأي ضغوط خارجية", "أحمد سالم", "قال")]


def test_headline_quotations_are_not_extracted(lexicon):
    found = run("وقال سالم إن اللقاء كان مثمرا جدا.", lexicon, title="سالم: «لن نتراجع عن القرار»")
    assert [q.direct for q in found] == [False]


@pytest.mark.parametrize("body, content, speaker", [
    ("قال وزير الخارجية الروسي سيرغي لافروف اليوم إن بلاده تدعم الحل السياسي.",
     "بلاده تدعم الحل السياسي", "سيرغي لافروف"),
    ("وأكدت وزارة الخارجية أن السفير سيعود قريبا إلى عمله.", "السفير سيعود قريبا إلى عمله", "وزارة الخارجية"),
    ("وأوضح لافروف أن المحادثات كانت بناءة ومفيدة.", "المحادثات كانت بناءة ومفيدة", "سيرغي لافروف"),
    ("وأشار سالم إلى أن الاتفاق سيوقع غدا في القاهرة.", "الاتفاق سيوقع غدا في القاهرة", "أحمد سالم"),
    ("واعتبرت باريس أن القرار خاطئ ومتسرع.", "القرار خاطئ ومتسرع", "باريس"),
    ("ونفى سالم أن تكون الحكومة قد تلقت أي عرض.", "تكون الحكومة قد تلقت أي عرض", "أحمد سالم"),
    ("وحذر سالم من أن التصعيد سيقود إلى كارثة.", "التصعيد سيقود إلى كارثة", "أحمد سالم"),
    ("ونقلت الوكالة عن سالم قوله إن الوفد سيصل الاثنين.", "الوفد سيصل الاثنين", "أحمد سالم"),
    ("وأفادت المتحدثة باسم الخارجية مريم حسن بأن الزيارة تأجلت أسبوعا.", "الزيارة تأجلت أسبوعا", "مريم حسن"),
    ("سالم قال إن القرار نهائي ولا رجعة فيه.", "القرار نهائي ولا رجعة فيه", "أحمد سالم"),
    ("وقال لافروف: إن موسكو لن تقبل بذلك.", "موسكو لن تقبل بذلك", "سيرغي لافروف"),
    ("وقال مصدر مطلع إن الاجتماع تأجل إلى موعد لاحق.", "الاجتماع تأجل إلى موعد لاحق", None),
    ("وقال البلدان في بيانهما المشترك إن التعاون سيتعزز مستقبلا.", "التعاون سيتعزز مستقبلا", None),
])
def test_each_cue_pattern_gives_reported_content_and_speaker(lexicon, body, content, speaker):
    found = [q for q in run(body, lexicon) if not q.direct]
    assert [(q.text, q.speaker_name) for q in found] == [(content, speaker)]


def test_participle_ends_the_clause_and_takes_the_main_speaker(lexicon):
    found = run("وقال سالم إن الوضع مستقر تماما، مؤكدا أن الجيش يسيطر على المدينة.", lexicon)
    assert [(q.text, q.speaker_name, q.cue) for q in found] == [
        ("الوضع مستقر تماما", "أحمد سالم", "وقال"), ("الجيش يسيطر على المدينة", "أحمد سالم", "مؤكدا")]


@pytest.mark.parametrize("body", [
    "وأكد سالم ضرورة أن تلتزم الأطراف بالهدنة.",
    "ودعا سالم إلى أن تتوقف الهجمات فورا.",
    "وأعرب سالم عن أمله أن تنجح المفاوضات.",
])
def test_requests_and_wishes_are_not_reported_speech(lexicon, body):
    assert run(body, lexicon) == ()


@pytest.mark.parametrize("body, expected", [
    ('وقال سالم إن "الحكومة لن تتراجع عن قرارها".', [(True, "الحكومة لن تتراجع عن قرارها")]),
    ('وقال سالم إن الرد كان "مناسبا" وفي وقته.', [(False, 'الرد كان "مناسبا" وفي وقته')]),
    ('واعتبر سالم أن الحكومة تجاوزت "كل الخطوط الحمراء"، وأن الرد كان "مناسبا" تماما.',
     [(True, "كل الخطوط الحمراء"), (False, 'الرد كان "مناسبا" تماما')]),
    ('وقال سالم إن الحكومة الجديدة ستعمل بسرعة "لإنقاذ الاقتصاد المنهك".',
     [(False, "الحكومة الجديدة ستعمل بسرعة"), (True, "لإنقاذ الاقتصاد المنهك")]),
])
def test_reported_content_boundaries(lexicon, body, expected):
    assert [(q.direct, q.text) for q in run(body, lexicon)] == expected


@pytest.mark.parametrize("body, speaker", [
    ("وقال أحمد سالم إن الحكومة مستعدة للحوار.\nوأضاف أن المفاوضات ستبدأ الأسبوع المقبل.", "أحمد سالم"),
    ("وقال أحمد سالم إن الحكومة مستعدة للحوار.\nوتابع: «لن نقبل بأي شروط مسبقة».", "أحمد سالم"),
    ("التقى وزير الخارجية أحمد سالم نظيره المصري.\nوقال الوزير إن اللقاء كان مثمرا جدا.", "أحمد سالم"),
    ("«سنرد على أي اعتداء بقوة»، قال سالم للصحفيين.", "أحمد سالم"),
])
def test_speaker_carried_over_resolved_from_a_title_or_named_after_the_quotation(lexicon, body, speaker):
    found = run(body, lexicon)
    assert found and found[-1].speaker_name == speaker


@pytest.mark.parametrize("body, expected", [
    # a clause opener starts an attribution of its own after another cue's content
    ("واعتبرت القاهرة أن القرار متسرع جدا، في حين أعلنت باريس رفضها «أي تدخل في شؤونها».",
     [("القرار متسرع جدا", "القاهرة"), ("أي تدخل في شؤونها", "باريس")]),
    # a name in apposition after «، title» is the titled subject
    ("وقال المتحدث باسم الحزب، النائب أحمد سالم «نطالب بانتخابات مبكرة».",
     [("نطالب بانتخابات مبكرة", "أحمد سالم")]),
    # an unnamed subject before the cue does not carry the previous speaker over
    ("وقال سالم إن الاجتماع انتهى.\nلكن تقارير أفادت بأن الخلاف ما زال قائما.",
     [("الاجتماع انتهى", "أحمد سالم"), ("الخلاف ما زال قائما", None)]),
    # a statement speaks for the body that issued it
    ("وقال بيان صادر عن وزارة الخارجية إن الوفد سيغادر غدا.", [("الوفد سيغادر غدا", "وزارة الخارجية")]),
    # a body named in full that no entity covers speaks as written
    ("وقالت حكومة الوفاق الوطنية الليبية إن الهدنة صامدة حتى الآن.",
     [("الهدنة صامدة حتى الآن", "حكومة الوفاق الوطنية الليبية")]),
    # «بحسب X فإن …»: the clause after «فإن» is X's reported speech
    ("وبحسب وزارة الخارجية، فإن السفير سيعود إلى عمله الأسبوع المقبل.",
     [("السفير سيعود إلى عمله الأسبوع المقبل", "وزارة الخارجية")]),
    # a participle ends reported content even without a comma
    ("وأكد سالم أن الحوار مستمر بين الطرفين مشيرا إلى أن الجولة المقبلة في القاهرة.",
     [("الحوار مستمر بين الطرفين", "أحمد سالم"), ("الجولة المقبلة في القاهرة", "أحمد سالم")]),
    # a title with a complement resolves to the person introduced with that office, not another
    ("رفض الرئيس المصري خالد يوسف الخطة، التي أعلنها رئيس الحزب الحاكم أحمد سالم.\n"
     "واعتبر رئيس الدولة أن الخطة غير واقعية.", [("الخطة غير واقعية", "خالد يوسف")]),
    # a specific title never falls back to whoever spoke last
    ("وقال أحمد سالم إن الحكومة ستعمل بسرعة.\nودعا الملك إلى أن «يتحمل الجميع مسؤولياتهم كاملة».",
     [("الحكومة ستعمل بسرعة", "أحمد سالم"), ("يتحمل الجميع مسؤولياتهم كاملة", None)]),
    # a dual verb is a joint statement; a title resolves by the nisba nearest the name
    ("وكان وزيرا الخارجية المصري خالد يوسف والليبي أحمد سالم أكدا أن التعاون مستمر.\n"
     "وقال وزير الخارجية الليبي إن الحدود آمنة تماما.",
     [("التعاون مستمر", None), ("الحدود آمنة تماما", "أحمد سالم")]),
    # a titled person's name that no entity covers is taken as written, and its surname carries
    ("وقالت المتحدثة باسم الوزارة زينب قاسمي إن الزيارة تأجلت.\nوأكدت قاسمي أن الموعد لم يحدد بعد.",
     [("الزيارة تأجلت", "زينب قاسمي"), ("الموعد لم يحدد بعد", "زينب قاسمي")]),
    # a definite noun refers back to the body that spoke last, not to a newly named one
    ("وقالت حكومة الوفاق الوطنية الليبية إن الهدنة صامدة.\nواعتبرت الحكومة السابقة أن الحوار متعثر جدا.",
     [("الهدنة صامدة", "حكومة الوفاق الوطنية الليبية"), ("الحوار متعثر جدا", "حكومة الوفاق الوطنية الليبية")]),
    # a feminine cue carries over the last speaker it agrees with, not the man who spoke last
    ("وقالت مريم حسن إن الوفد وصل.\nوقال أحمد سالم إن المحادثات بدأت.\nوأضافت أن النتائج إيجابية جدا.",
     [("الوفد وصل", "مريم حسن"), ("المحادثات بدأت", "أحمد سالم"), ("النتائج إيجابية جدا", "مريم حسن")]),
    # an unnamed source before the cue, even after a preposition, speaks for itself: null
    ("وقال أحمد سالم إن الحوار مستمر.\nوذلك على الرغم من تقارير أفادت بأن الحوار توقف.",
     [("الحوار مستمر", "أحمد سالم"), ("الحوار توقف", None)]),
    # a first name the tagger left out of the mention still heads the titled subject
    ("وقال رئيس اللجنة كريم أحمد سالم إن النتائج ستعلن غدا.", [("النتائج ستعلن غدا", "أحمد سالم")]),
    # the outlet told is no subject: the name after it is
    ('قال لـ"الحياة" أمس، الوزير أحمد سالم، إن الحكومة باقية.', [("الحكومة باقية", "أحمد سالم")]),
    # a name in apposition between commas names the subject
    ("ونفت الممثلة المصرية، مريم حسن، أن تكون قد اعتزلت التمثيل.", [("تكون قد اعتزلت التمثيل", "مريم حسن")]),
    # the office of a person with no entity of its own speaks as the person
    ("وقال مكتب سالم في بيان إن الزيارة ألغيت.", [("الزيارة ألغيت", "أحمد سالم")]),
    # a title of a country with no name is a person, not the country speaking
    ("وقال رئيس باريس إن المدينة جاهزة تماما.", [("المدينة جاهزة تماما", None)]),
    # a town is not a government: it does not speak
    ("وأعلنت عدن أن الطريق مغلق أمام المارة.", [("الطريق مغلق أمام المارة", None)]),
    # «الصحيفة» refers back to the organisation a «صحيفة» introduced, though the noun is not in its name
    ('نشرت صحيفة "نجمة الصباح" تقريرا عن الانتخابات.\nوقالت الصحيفة إن المشاركة كانت ضعيفة جدا.',
     [("المشاركة كانت ضعيفة جدا", "نجمة الصباح")]),
    # … but not when the noun introduced two of them
    ("وقعت شركة أرامكو وشركة بيت الخبرة اتفاقا للتعاون.\nوقالت الشركة إن الاتفاق مهم جدا.",
     [("الاتفاق مهم جدا", None)]),
    # the person named in apposition after a title speaks, also when the tagger left the first
    # name out of the mention
    ("وقال رئيس مجلس الشورى، كريم أحمد سالم، إن الجلسة تأجلت إلى الغد.", [("الجلسة تأجلت إلى الغد", "أحمد سالم")]),
    # a naming noun's subject is the organisation named right after it, behind marks or a hashtag
    ('وأعلنت وكالة "نجمة الصباح" للتصنيف أنها خفضت التصنيف درجة واحدة.',
     [("خفضت التصنيف درجة واحدة", "نجمة الصباح")]),
    ("وأعلنت شركة #أرامكو مساء الثلاثاء زيادة الإنتاج. وأوضحت أن الأسعار ستبقى كما هي.",
     [("الأسعار ستبقى كما هي", "أرامكو")]),
    # … nor when its last use named a body that is no entity
    ('نشرت وكالة "نجمة الصباح" خبر وصول الوفد.\nونقلت وكالة الأنباء الرسمية الخبر.\n'
     "وأضافت الوكالة أن الزيارة ستستمر يومين.", [("الزيارة ستستمر يومين", None)]),
])
def test_attribution_cases(lexicon, body, expected):
    assert [(q.text, q.speaker_name) for q in run(body, lexicon)] == expected


def test_scare_quotes_without_a_cue_are_not_quotations(lexicon):
    assert run("وتدير القوات التركية \"نقاط مراقبة\" في المنطقة.", lexicon) == ()


def test_offsets_point_into_the_text(lexicon):
    doc = quotes.annotate(article("وقال أحمد سالم «نحن هنا للبقاء» ثم أكد أن الوفد وصل بالفعل."), lexicon)
    for quote in doc.quotes:
        assert doc.text[quote.start:quote.end] == quote.text
        assert doc.text[quote.cue_start:quote.cue_start + len(quote.cue)] == quote.cue


@pytest.mark.parametrize("text, expected", [
    ("قال «نحن «هنا» الآن» و«داعش»", ["نحن «هنا» الآن", "داعش"]),
    ('قال "أ ب" ثم "ج د"', ["أ ب", "ج د"]),
    ('قال "فقرة أولى\nفقرة ثانية" ثم', ["فقرة أولى\nفقرة ثانية"]),
    ("قال «بلا إغلاق\nفقرة أخرى بلا علامات", []),
])
def test_marked_spans(text, expected):
    assert [text[m.start:m.end] for m in marked_spans(text)] == expected


SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev"


@pytest.mark.skipif(not (SHARED / "gold.jsonl").is_file(), reason="../shared dev gold not present")
def test_dev_gold_quotations_are_found(lexicon):
    """Every dev quotation is found when the gold's own entities are given (speaker floor)."""
    from rasid import clean, ingest
    from rasid.pipeline import _segment
    gold = {g["doc_id"]: g for g in map(json.loads, (SHARED / "gold.jsonl").open(encoding="utf-8"))}
    rules = clean.load_rules()
    found = right = total = 0
    for raw in ingest.read([str(SHARED / "articles.jsonl")]):
        doc = _segment(clean.clean(raw, rules), None)
        doc = quotes.annotate(_with_gold_entities(doc, gold[doc.doc_id]), lexicon)
        for q in gold[doc.doc_id]["quotes"]:
            total += 1
            match = [p for p in doc.quotes if p.direct == q["direct"] and _overlap(p.text, q["text"]) >= 0.5]
            found += bool(match)
            right += bool(match) and match[0].speaker_name == q["speaker"]
    assert found / total >= 0.9 and right / total >= 0.7


def _overlap(a: str, b: str) -> float:
    ta, tb = set(a.split()), set(b.split())
    return len(ta & tb) / max(1, len(tb))


def _with_gold_entities(doc: Article, gold: dict) -> Article:
    from dataclasses import replace
    entities = []
    for i, e in enumerate(gold["entities"], 1):
        spans = sorted({m.span() for name in e["aliases"] + [e["name"]]
                        for m in re.finditer(re.escape(name), doc.text)})
        if spans:
            kind = "LOC" if e["type"] in ("GPE", "FAC") else e["type"]
            entities.append(Entity(f"E{i}", e["name"], kind, _mentions(doc.text, spans)))
    return replace(doc, entities=tuple(entities))


def _record(lexicon) -> dict:
    from rasid.record import to_record
    body = "وقال أحمد سالم «نحن ملتزمون بالاتفاق».\nوأكدت وزارة الخارجية أن الوفد وصل."
    doc = quotes.annotate(article(body), lexicon)
    return {**to_record(doc), "published": "2020-01-02", "outlet": "وكالة"}


def test_quotes_command_lists_records_filtered_by_speaker(lexicon, tmp_path, capsys):
    from rasid.cli import main
    records = tmp_path / "records.jsonl"
    records.write_text(json.dumps(_record(lexicon), ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["quotes", str(records), "--speaker", "احمد سالم"]) == 0
    assert capsys.readouterr().out == "2020-01-02\tأحمد سالم\t«نحن ملتزمون بالاتفاق»\tt (وكالة)\n"
    assert main(["quotes", str(records), "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["speaker_name"], r["direct"], r["text"]) for r in rows] == [
        ("أحمد سالم", True, "نحن ملتزمون بالاتفاق"), ("وزارة الخارجية", False, "الوفد وصل")]


def test_quotes_command_reads_a_store(lexicon, tmp_path, capsys):
    from rasid.cli import main
    from rasid.store import Store
    with Store.open(tmp_path / "rasid.db") as store:
        store.add(_record(lexicon))
    assert main(["quotes", "--db", str(tmp_path / "rasid.db"), "--speaker", "الخارجية", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["doc_id"], r["speaker_name"], r["text"], r["published"]) for r in rows] == [
        ("t", "وزارة الخارجية", "الوفد وصل", "2020-01-02")]


def test_quotes_command_needs_a_store_or_inputs(capsys):
    from rasid.cli import main
    assert main(["quotes"]) == 2
    assert "--db DB" in capsys.readouterr().err


@pytest.mark.parametrize("path", sorted((Path(quotes.__file__).parent / "lexicons").glob("quote_*.tsv")),
                         ids=lambda p: p.name)
def test_quote_lexicons_say_what_they_hold_and_list_each_form_once(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ")
    forms = [line.split("\t")[0] for line in lines if line.strip() and not line.startswith("#")]
    assert forms and len(forms) == len(set(forms))


@pytest.mark.parametrize("body", [
    "", "«", "»»«««", '"""', "قال", "وقال إن", "وأضاف: «", "«\n«\n«", "مؤكدا أن", "بحسب",
    "وقال سالم إن «» و“” ثم ‹› " * 3, "x" * 5000 + "«" + "كلمة " * 2000,
])
def test_odd_input_gives_quotations_with_valid_offsets(lexicon, body):
    doc = quotes.annotate(article(body), lexicon)
    for quote in doc.quotes:
        assert doc.text[quote.start:quote.end] == quote.text and quote.start >= doc.body_start


def test_an_outlet_credited_with_a_report_does_not_carry_over(lexicon):
    from dataclasses import replace
    doc = article("ويرى أحمد سالم أن البطولة نجحت، وفقا لوكالة رويترز.\nوقال «الجمهور كان رائعا هذا العام».")
    outlet = Entity("E9", "رويترز", "ORG", _mentions(doc.text, [re.search("رويترز", doc.text).span()]),
                    sector="MED")
    found = quotes.annotate(replace(doc, entities=doc.entities + (outlet,)), lexicon).quotes
    assert [(q.text, q.speaker_name) for q in found] == [
        ("البطولة نجحت", "أحمد سالم"), ("الجمهور كان رائعا هذا العام", "أحمد سالم")]


@pytest.mark.parametrize("cue, speaker", [("وأضاف", "أحمد سالم"), ("وقال", None)])
def test_carry_over_verbs_reach_further_back_than_other_cues(lexicon, cue, speaker):
    body = (f"وقال أحمد سالم إن الاتفاق صامد.\nوشهدت المدينة هدوءا حذرا.\n"
            f"{cue}: «لن نسمح بانهيار الاتفاق مهما حدث».")
    assert [q.speaker_name for q in run(body, lexicon)] == ["أحمد سالم", speaker]


@pytest.mark.parametrize("body, since, expected", [
    ("قال أحمد سالم إن الوفد وصل.\n\nوأضاف أن المحادثات بدأت.\n \nثم غادر.", "قال", 2),
    ("قال أحمد سالم إن الوفد وصل.\n\nوأضاف أن المحادثات بدأت.\n \nثم غادر.", "وأضاف", 1),
    ("قال أحمد سالم إن الوفد وصل.\n\nوأضاف أن المحادثات بدأت.\n \nثم غادر.", "\n \nثم", 1),
    ("قال أحمد سالم إن الوفد وصل.\n\nوأضاف أن المحادثات بدأت.\n \nثم غادر.", " \nثم", 1),
    ("قال أحمد سالم إن الوفد وصل. وأضاف أن المحادثات بدأت.", "قال", 0),
])
def test_paragraph_breaks_count_runs_of_line_breaks(body, since, expected):
    from rasid.quotes_view import build_view
    view = build_view(article(body))
    assert view.breaks_between(view.text.index(since), len(view.text)) == expected


def test_a_long_article_keeps_its_speakers(lexicon):
    paragraph = "وقال أحمد سالم «نحن ملتزمون بالاتفاق». وأضاف أن المحادثات ستستمر.\n\n"
    found = run(paragraph * 2000, lexicon)
    assert len(found) == 4000
    assert {q.speaker_name for q in found} == {"أحمد سالم"}


@pytest.mark.parametrize("body, expected", [
    # a quotation no cue introduces passes its sentence's person on to «وأضاف»
    ("وألقى السفير أحمد سالم الكلمة التالية: «نحن ملتزمون بالاتفاق الذي وقعناه أمس مع جيراننا».\n"
     "وأضاف «سنواصل العمل مع شركائنا في المنطقة».", ["أحمد سالم", "أحمد سالم"]),
    # a name before a coordinated cue ends the clause before it: not the subject
    ("ودعا سالم إلى حل سلمي في القاهرة وقال «إن السلام هو السبيل الوحيد للاستقرار».",
     ["أحمد سالم"]),
    # an unnamed source after «عن» speaks as no one, not as a name in the quotation
    ("ونقلت الوكالة عن أحد المسؤولين قوله «إن خالد يوسف سيصل غدا إلى القاهرة».", [None]),
    # in the next paragraph, a quotation inside another clause is not the last speaker's
    ("وقال أحمد سالم «نحن ملتزمون بالاتفاق».\nوتشمل الخطة «تشديد الرقابة على الحدود من ناحية أخرى» خلال العام.",
     ["أحمد سالم", None]),
    # … but one that opens its paragraph goes on with the speaker's words
    ("وقال أحمد سالم «نحن ملتزمون بالاتفاق».\n«ولن نتراجع عن أي بند من بنوده مهما حدث».",
     ["أحمد سالم", "أحمد سالم"]),
])
def test_speakers_of_quotations_without_a_cue_of_their_own(lexicon, body, expected):
    assert [q.speaker_name for q in run(body, lexicon) if q.direct] == expected


@pytest.mark.parametrize("body, expected", [
    # a name between a comma and the quotation names the titled subject
    ("وقال مدير المكتب، خالد يوسف «هذه أكبر مواجهات منذ بداية العام».", ["خالد يوسف"]),
    ("وقال مدير المكتب، خالد يوسف: «هذه أكبر مواجهات منذ بداية العام».", ["خالد يوسف"]),
    # a title in construct with a place («وزير خارجية فرنسا») is not another minister introduced before
    ("وقال وزير الدفاع المصري خالد يوسف إن الجيش مستعد.\nوأكد وزير خارجية باريس أن المحادثات مستمرة.",
     ["خالد يوسف", None]),
    # the holder of a title in a body follows the body's name or the body a spokesperson speaks for
    ("قال الرئيس التنفيذي لشركة أرامكو خالد يوسف، إن الشركة ستنهي الإدراج.", ["خالد يوسف"]),
    ("وقال المتحدث باسم حركة التحرير خالد يوسف إن الحركة ستشارك.", ["خالد يوسف"]),
    # an adverb between the title and the name, or between the verb and the complementizer
    ("ويقول مستشار الصندوق سابقا خالد يوسف إن الأزمة عابرة.", ["خالد يوسف"]),
    ("وكان وزير المالية خالد يوسف قد صرح سابقاً أنه سيتم خفض السعر.", ["خالد يوسف"]),
])
def test_titled_subjects(lexicon, body, expected):
    assert [q.speaker_name for q in run(body, lexicon)] == expected


@pytest.mark.parametrize("body, expected", [
    # the words after a coordinated «ودعا» name no one: its object, and the speaker carries over
    ("وقال أحمد سالم إن الوفد وصل، ودعا جميع الأطراف إلى «وضع خلافاتهم جانبا من أجل البلاد».",
     ["أحمد سالم", "أحمد سالم"]),
    # … but an unnamed source after it is its subject
    ("وقال أحمد سالم إن الوفد وصل.\nوانتقد مسؤولون «تأخر الوفد عن موعده المحدد سلفا».", ["أحمد سالم", None]),
])
def test_an_object_after_a_coordinated_cue(lexicon, body, expected):
    assert [q.speaker_name for q in run(body, lexicon)] == expected


def test_a_participle_passes_over_a_verb_of_the_other_gender(lexicon):
    body = ("وكانت القاهرة قد رفضت تقريرا لوزارة الخارجية، يشير إلى «تجاوزات خطيرة في السجون»، "
            "واصفة ذلك بـ«الاتهامات الباطلة والمغرضة».")
    assert run(body, lexicon)[-1].speaker_name == "القاهرة"


@pytest.mark.parametrize("country, expected", [("EGY", "مصر"), (None, "وزارة الخارجية")])
def test_a_bare_government_speaks_as_the_state_of_the_speaker_before(lexicon, country, expected):
    from dataclasses import replace
    base = article("وقالت وزارة الخارجية إن الوفد وصل إلى مصر.\nكما أكدت الحكومة أن المحادثات مستمرة.")
    text = base.text
    ministry = Entity("E1", "وزارة الخارجية", "ORG", _mentions(text, [re.search("وزارة الخارجية", text).span()]),
                      country=country)
    egypt = Entity("E2", "مصر", "LOC", _mentions(text, [re.search("مصر", text).span()]), country="EGY")
    found = quotes.annotate(replace(base, entities=(ministry, egypt)), lexicon).quotes
    assert [q.speaker_name for q in found] == ["وزارة الخارجية", expected]


def test_a_station_named_in_full_speaks(lexicon):
    found = run("وذكرت إذاعة الجيش أن الحريق اندلع في منزلين قرب الحدود.", lexicon)
    assert [(q.text, q.speaker_name) for q in found] == [("الحريق اندلع في منزلين قرب الحدود", "إذاعة الجيش")]


@pytest.mark.parametrize("body", [
    "وقال المدير العام للوكالة، الدكتور خالد يوسف، إن الوفد وصل.",
    "واعتبر ولي العهد، الأمير خالد يوسف، أن الوفد وصل.",
])
def test_a_titled_name_in_apposition_names_the_subject(lexicon, body):
    assert [q.speaker_name for q in run(body, lexicon)] == ["خالد يوسف"]


def test_a_name_before_a_resumptive_fa_is_no_carried_speaker(lexicon):
    body = "وقال أحمد سالم إن الأسعار مرتفعة.\nأما مواطن من عدن فيقول: إن الأسعار معقولة في الأسواق."
    assert [q.speaker_name for q in run(body, lexicon)] == ["أحمد سالم", None]


@pytest.mark.parametrize("body, expected", [
    ("وعندما سأله صحفي عن الموعد، سخر خالد يوسف وقال «لن أستطيع النوم الليلة».", ["خالد يوسف"]),
    ("أعرب أحمد سالم عن حزنه بشأن مصير الكاتب المعروف خالد يوسف، وأشار إلى أن «التحقيق سيستمر حتى النهاية».",
     ["أحمد سالم"]),
])
def test_the_subject_of_a_coordinated_cue_opens_the_clause_before(lexicon, body, expected):
    assert [q.speaker_name for q in run(body, lexicon) if q.direct] == expected


@pytest.mark.parametrize("body, expected", [
    # a name after a preposition before the cue is no subject: the topic that opens the sentence is
    ("أما مريم حسن، وفي حديث نشر في القاهرة، قالت إن الوضع مستقر تماما.", ["مريم حسن"]),
    # … nor the subject of a sentence that opens with it: the speaker before carries over
    ("وقال أحمد سالم إن المفاوضات صعبة.\nوفي القاهرة، قال إن الوفد سيغادر غدا.", ["أحمد سالم", "أحمد سالم"]),
    # the one told («قال لباريس») is no subject, before or after the cue
    ("ولكن أحمد سالم قال لباريس إن الوفد سيغادر غدا.", ["أحمد سالم"]),
    ("وقال أحمد سالم إن المفاوضات صعبة.\nوقال لباريس إن الوفد سيغادر غدا.", ["أحمد سالم", "أحمد سالم"]),
    ("وقال لباريس وزير الخارجية خالد يوسف إن الوفد سيغادر غدا.", ["خالد يوسف"]),
    # a name that opens with «ل» or «ب» is no preposition's object
    ("وقال لافروف إن الوفد سيغادر غدا.", ["سيرغي لافروف"]),
    # a source's or title's body after a preposition speaks, also further along its phrase
    ("وقال أحمد سالم إن الوفد وصل.\nمسؤول في وزارة الخارجية قال إن المحادثات بدأت.", ["أحمد سالم", "وزارة الخارجية"]),
    ("مصدر مسؤول في لجنة الشؤون القانونية بوزارة الخارجية قال إن الوفد وصل.", ["وزارة الخارجية"]),
    # the body owning a statement before the cue speaks
    ("وفي بيان لوزارة الخارجية، قالت إن الوفد وصل.", ["وزارة الخارجية"]),
    # «عبر» is also a verb («عبّر»): what follows it may be the subject
    ("عبر أحمد سالم عن أسفه، لكنه أكد أن الوفد وصل.", ["أحمد سالم"]),
])
def test_a_name_governed_by_a_preposition_is_no_subject(lexicon, body, expected):
    assert [q.speaker_name for q in run(body, lexicon)] == expected


def test_sentence_end_marks_match_the_lookbehind_first_form_on_random_text():
    import random
    import re

    from rasid.quotes_view import SENTENCE_END
    plain = re.compile(r"(?<!\d)[.!?؟](?!\d)|\n")  # the readable form: a mark not between digits
    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice("ب1٣.!?؟\n ") for _ in range(rng.randrange(14)))
        assert [m.span() for m in SENTENCE_END.finditer(text)] == [m.span() for m in plain.finditer(text)], text
