"""The entity stage on short Arabic sentences: spans, clitics, nisba, titles, one entity per referent."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from rasid import entities
from rasid.model import Article
from rasid.segment import sentences, tokenize

DEV = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "dev" / "articles.jsonl"
DEV_FLOORS = {"entities_f1": 0.94, "actor_country_accuracy": 0.96}  # issue 4 asks 0.85 / 0.90; only go up


@pytest.fixture(scope="module")
def models():
    return entities.load()


def annotate(text: str, models, published: str | None = "2018-05-01") -> Article:
    article = Article(doc_id="t", text=text, published=published)
    article = replace(article, sentences=tuple(sentences(text)), tokens=tuple(tokenize(text)))
    return entities.annotate(article, models)


def by_name(article: Article, name: str):
    found = [e for e in article.entities if e.name == name]
    assert found, f"no entity {name!r} in {[e.name for e in article.entities]}"
    return found[0]


def mention_texts(article: Article) -> set[str]:
    return {m.text for e in article.entities for m in e.mentions}


@pytest.mark.parametrize("text, mention, name, kind", [
    ("وصل الوفد إلى موسكو وبغداد في جولة إقليمية.", "بغداد", "بغداد", "LOC"),
    ("وقع الاتفاق في القاهرة بحضور ممثلين عن العراق والأردن.", "الأردن", "الأردن", "LOC"),
    ("أعلنت الحكومة تقديم الدعم للجيش الوطني الليبي في بنغازي.", "لجيش الوطني الليبي",
     "الجيش الوطني الليبي", "ORG"),
    ("دعا المتظاهرون في طهران إلى الإفراج عن المعتقلين بالعراق.", "العراق", "العراق", "LOC"),
    ("وقال الوزير لبي بي سي إن المفاوضات ستستأنف قريبا.", "بي بي سي", "بي بي سي", "ORG"),
    ("ونقل السفير رسالة من واشنطن وتل أبيب إلى الأمم المتحدة.", "تل أبيب", "تل أبيب", "LOC"),
])
def test_proclitics_stay_out_of_the_span_and_the_article_is_restored(models, text, mention, name, kind):
    article = annotate(text, models)
    entity = by_name(article, name)
    assert entity.type == kind
    assert mention in {m.text for m in entity.mentions}


def test_a_three_letter_word_with_a_proclitic_opens_only_a_longer_name(models):
    article = annotate("لبى الرئيس دعوة نظيره وزار باريس الأسبوع الماضي.", models)
    assert not any(m.text.startswith("لب") for e in article.entities for m in e.mentions)


def test_a_nisba_gives_the_actor_its_country_but_is_no_place(models):
    article = annotate("استقبل الرئيس التركي رجب طيب أردوغان وفدا من رجال الأعمال في القصر.", models)
    person = by_name(article, "رجب طيب أردوغان")
    assert (person.type, person.country, person.sector) == ("PER", "TUR", "GOV")
    assert not [e for e in article.entities if e.type == "LOC"]


def test_surname_and_title_phrase_are_mentions_of_the_full_name(models):
    text = ("أعلن وزير الخارجية الروسي سيرغي لافروف أن المفاوضات مستمرة. "
            "وأضاف لافروف أن بلاده لن تتراجع. وكان وزير الخارجية الروسي قد زار أنقرة أمس.")
    article = annotate(text, models)
    person = by_name(article, "سيرغي لافروف")
    assert [m.text for m in person.mentions] == ["سيرغي لافروف", "لافروف", "وزير الخارجية الروسي"]
    assert (person.country, person.sector) == ("RUS", "GOV")
    assert person.role.startswith("وزير الخارجية")
    assert len([e for e in article.entities if e.type == "PER"]) == 1


def test_a_hashtag_and_the_plain_name_are_one_place(models):
    article = annotate("أطلقت #كوريا_الشمالية صاروخا جديدا، وقالت كوريا الشمالية إن التجربة ناجحة.", models)
    places = [e for e in article.entities if e.type == "LOC"]
    assert len(places) == 1 and places[0].country == "PRK"
    assert {m.text for m in places[0].mentions} == {"كوريا_الشمالية", "كوريا الشمالية"}


@pytest.mark.parametrize("text, name, country, sector", [
    ("أصدرت وزارة الخارجية الكويتية بيانا حول القضية.", "وزارة الخارجية الكويتية", "KWT", "GOV"),
    ("قال المتحدث باسم الجيش الإسرائيلي إن الجيش الإسرائيلي قصف مواقع في الجنوب.",
     "الجيش الإسرائيلي", "ISR", "MIL"),
    ("ناقش مجلس الأمن الدولي الوضع في اليمن.", "مجلس الأمن الدولي", "UNO", "IGO"),
])
def test_organisations_take_country_and_sector_from_their_name(models, text, name, country, sector):
    org = by_name(annotate(text, models), name)
    assert (org.type, org.country, org.sector) == ("ORG", country, sector)


@pytest.mark.parametrize("text, phrase", [
    ("قالت الحكومة الإيطالية إن السفينة لن ترسو في موانئها.", "الحكومة الإيطالية"),
    ("انتشرت القوات الأمنية في شوارع المدينة بعد الاحتجاجات.", "القوات الأمنية"),
    ("قال وزير الخارجية الأمريكي إن العقوبات ستبقى.", "الخارجية الأمريكي"),
])
def test_descriptions_are_not_entities(models, text, phrase):
    article = annotate(text, models)
    assert not any(phrase in m for m in mention_texts(article))


def test_a_transnational_group_has_no_country(models):
    group = by_name(annotate("تبنى تنظيم داعش الهجوم على نقطة التفتيش في مصر.", models), "تنظيم داعش")
    assert group.type == "ORG" and group.country is None


def test_entities_are_numbered_in_order_of_first_mention(models):
    article = annotate("زار الرئيس الفرنسي إيمانويل ماكرون برلين ثم توجه إلى روما.", models)
    assert [e.id for e in article.entities] == [f"E{i}" for i in range(1, len(article.entities) + 1)]
    firsts = [e.mentions[0].start for e in article.entities]
    assert firsts == sorted(firsts)


def test_every_mention_is_exactly_its_text(models):
    texts = ["وصل الوفد إلى موسكو وبغداد في جولة إقليمية.",
             "أعلنت الحكومة تقديم الدعم للجيش الوطني الليبي في بنغازي.",
             "وقالت سارة ساندرز المتحدثة باسم البيت الأبيض إن واشنطن لن تتراجع."]
    if DEV.exists():
        texts += [json.loads(line)["text"] for line in DEV.read_text(encoding="utf-8").splitlines()[:8]]
    for text in texts:
        article = annotate(text, models)
        for entity in article.entities:
            for mention in entity.mentions:
                assert text[mention.start:mention.end] == mention.text
            starts = [m.start for m in entity.mentions]
            assert starts == sorted(starts)


@pytest.mark.parametrize("text, name, mention", [
    ("رفض الرئيس الروماني كلاوس يوهانيس نقل السفارة، وقال يوهانيس إن القرار لم يتخذ.", "كلاوس يوهانيس", "يوهانيس"),
    ("قال المتحدث باسم الكرملين ديميتري بيسكوف إن موسكو لم تتلق طلبا، وأضاف بيسوف أن الحوار مستمر.",
     "ديميتري بيسكوف", "بيسوف"),
])
def test_a_name_keeps_its_own_first_letter_and_a_misspelt_surname_joins_it(models, text, name, mention):
    article = annotate(text, models)
    person = by_name(article, name)
    assert mention in {m.text for m in person.mentions}
    assert not [e for e in article.entities if e.type == "LOC" and e.name == "لاوس"]
    assert len([e for e in article.entities if e.type == "PER"]) == 1


@pytest.mark.parametrize("text, name", [
    ("فاز الحزب الليبرالي بأغلبية المقاعد في الانتخابات التشريعية.", "الحزب الليبرالي"),
    ("أعلن مجلس النقباء رفضه لمشروع القانون الجديد.", "مجلس النقباء"),
    ("حذرت منظمة الأمم المتحدة للطفولة من تفشي الأوبئة في المخيمات.", "منظمة الأمم المتحدة للطفولة"),
    ("قال المرصد السوري لحقوق الإنسان إن القصف استمر طوال الليل.", "المرصد السوري لحقوق الإنسان"),
    ("دعت مفوضية الأمم المتحدة لحقوق الإنسان إلى تحقيق مستقل.", "مفوضية الأمم المتحدة لحقوق الإنسان"),
    ("أعلنت الهيئة العامة للرياضة دعمها للأندية.", "الهيئة العامة للرياضة"),
])
def test_organisations_named_by_a_head_word_or_a_genitive(models, text, name):
    assert by_name(annotate(text, models), name).type == "ORG"


def test_a_title_introduces_a_person_the_tagger_calls_an_organisation(models):
    article = annotate("وقال رئيس مجلس النواب أوغو فيلاسكيز إن التصويت أرجئ.", models)
    assert by_name(article, "أوغو فيلاسكيز").type == "PER"


def test_two_organisations_joined_by_wa_are_split(models):
    text = "قالت جنرال الكتريك إنها ستوفر الوظائف. وكانت هناك منافسة بين جنرال الكتريك وسيمنز على الاستحواذ."
    names = {e.name: [m.text for m in e.mentions] for e in annotate(text, models).entities}
    assert names.get("جنرال الكتريك") == ["جنرال الكتريك", "جنرال الكتريك"]
    assert not [name for name in names if "وسيمنز" in name]


@pytest.mark.parametrize("text, name", [
    # an indefinite nisba after a definite title is a given name, not the title's adjective
    ("وقال المتحدث باسم التحالف، العقيد تركي المالكي، إن العمليات مستمرة.", "تركي المالكي"),
    # a family name never ends on «آل» or «بن»
    ("أكد تركي آل الشيخ رئيس الهيئة أن الموسم سينطلق قريبا.", "تركي آل الشيخ"),
    # a word the news writes more often whole than without «و» is a name, not «و» + a name
    ("وأوضحت المتحدثة باسم الوزارة، دانا وايت، أن التدريبات علقت.", "دانا وايت"),
])
def test_a_person_s_whole_name_is_one_mention(models, text, name):
    entity = by_name(annotate(text, models), name)
    assert entity.type == "PER" and [m.text for m in entity.mentions] == [name]


@pytest.mark.parametrize("text, name, mention", [
    ("وقالت #كريستين_لاغارد إن الحرب التجارية لا يربحها أحد.", "كريستين لاغارد", "كريستين_لاغارد"),
    ("والتقى #بشار_الأسد وفدا روسيا في دمشق.", "بشار الأسد", "بشار_الأسد"),
])
def test_a_hashtag_name_is_one_mention_named_with_spaces(models, text, name, mention):
    entity = by_name(annotate(text, models), name)
    assert entity.type == "PER" and [m.text for m in entity.mentions] == [mention]


@pytest.mark.parametrize("text, names", [
    ("التقى الوزير أحمد سالم ومحمد يوسف في القاهرة.", {"أحمد سالم", "محمد يوسف"}),
    # not a given name, but the news writes «كريستيانو» far more often than «وكريستيانو»
    ("تألق ليونيل ميسي وكريستيانو رونالدو في المباراة.", {"ليونيل ميسي", "كريستيانو رونالدو"}),
])
def test_wa_before_a_name_joins_two_people(models, text, names):
    people = {e.name for e in annotate(text, models).entities if e.type == "PER"}
    assert names <= people


def test_two_people_side_by_side_stay_two(models):
    text = "التقى المرشد الإيراني علي خامنئي ثم استقبل خامنئي موغيريني في طهران."
    people = [e for e in annotate(text, models).entities if e.type == "PER"]
    assert not [e for e in people if "خامنئي موغيريني" in e.name]


def test_a_name_written_as_one_word_joins_its_two_word_form(models):
    text = "قال وزير الدفاع الفرنسي جان-ايف لو دريان إن الخطر قائم. وأضاف لودريان أن فرنسا مستعدة."
    people = [e for e in annotate(text, models).entities if e.type == "PER"]
    assert len(people) == 1 and {"لودريان", "جان-ايف لو دريان"} <= {m.text for m in people[0].mentions}


@pytest.mark.parametrize("text, body, is_entity", [
    ("قال المتحدث باسم وزارة الدفاع التركية إن القوات تقدمت.", "وزارة الدفاع التركية", True),
    ("نفى المتحدث باسم الرئاسة الروسية، ديميتري بيسكوف، وجود أي اتصال.", "الرئاسة الروسية", False),
])
def test_the_body_of_an_unnamed_spokesperson_is_an_entity(models, text, body, is_entity):
    article = annotate(text, models)
    assert any(e.name == body and e.type == "ORG" for e in article.entities) == is_entity


@pytest.mark.parametrize("text, country", [
    ("اندلعت اشتباكات في طرابلس بين فصائل ليبية متنافسة، وقال سكان في ليبيا إن القتال توقف.", "LBY"),
    ("زار رئيس الحكومة اللبنانية مدينة طرابلس في شمال لبنان.", "LBN"),
])
def test_a_place_name_two_countries_share_takes_the_article_s_country(models, text, country):
    assert by_name(annotate(text, models), "طرابلس").country == country


@pytest.mark.parametrize("text, name, country, role", [
    ("ثم التقى لافروف نظيره الأمريكي مايك بومبيو في هلسنكي.", "مايك بومبيو", "USA", "نظيره الأمريكي"),
    ("وقال مستشار الرئيس الكوري الجنوبي للأمن القومي تشونغ أوي يونغ إن اللقاء مهم.", "تشونغ أوي يونغ", "KOR", None),
    ("وأشار مدير الوكالة الدولية للطاقة الذرية يوكيا أمانو إلى التزام طهران.", "يوكيا أمانو", "UNO", None),
    ("وقال للرئيس الفرنسي إيمانويل ماكرون إن التعاون مستمر.", "إيمانويل ماكرون", "FRA", "الرئيس الفرنسي"),
])
def test_a_title_gives_the_country_of_the_name_it_introduces(models, text, name, country, role):
    article = annotate(text, models)
    person = by_name(article, name)
    assert person.country == country
    if role:
        assert person.role == role
    assert all(e.role != "نظيره الأمريكي" for e in article.entities if e.name != name)


def test_dev_gold_entity_scores_stay_above_their_floors(models):
    """The referee's entity F1 and actor country accuracy on dev gold, over segment + entities only."""
    import importlib.util

    from conftest import shared_path

    gold = shared_path("corpus", "dev", "gold.jsonl")
    score = shared_path("eval", "score.py")
    spec = importlib.util.spec_from_file_location("referee", score)
    referee = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(referee)
    gold_docs = {doc["doc_id"]: doc for doc in map(json.loads, gold.read_text(encoding="utf-8").splitlines())}
    acc = {key: 0 for key in ("ent_pred", "ent_tp_p", "ent_tp_r", "ent_gold", "country_total", "country_right")}
    for line in shared_path("corpus", "dev", "articles.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = record["title"] + "\n\n" + record["text"]
        article = annotate(text, models, record.get("published"))
        predicted = [{"name": e.name, "type": e.type, "country": e.country,
                      "mentions": [{"text": m.text} for m in e.mentions]} for e in article.entities]
        referee.score_entities(gold_docs[record["id"]]["entities"], predicted, acc)
    f1 = referee.prf(acc["ent_tp_p"], acc["ent_pred"], acc["ent_tp_r"], acc["ent_gold"])["f1"]
    assert f1 >= DEV_FLOORS["entities_f1"]
    assert acc["country_right"] / acc["country_total"] >= DEV_FLOORS["actor_country_accuracy"]


@pytest.mark.parametrize("text, phrase", [
    ("وحصل الفريق على المركز الأول لبطولة البراعم.", "المركز الأول"),
    ("وشكلت اللجنة للتأكد من سلامة الإجراءات.", "اللجنة للتأكد"),
    ("وكان وزيرا الخارجية الروسي والعراقي قد التقيا في موسكو.", "الخارجية الروسي"),
    ("وطالبت بدعم الحكومة السورية في جهودها.", "السورية"),
])
def test_phrases_that_only_look_like_names(models, text, phrase):
    assert not any(phrase in m for m in mention_texts(annotate(text, models)))


@pytest.mark.parametrize("text, name, first", [
    ("قالت رئيسة الوزراء البريطانية تيريزا ماي إن الاتفاق ممكن. وأضافت تيريزا أن المفاوضات صعبة.",
     "تيريزا ماي", "تيريزا"),
    ("وصل المدرب جوزيه مورينيو إلى لندن. وقال جوزيه للصحفيين إن الفريق جاهز.", "جوزيه مورينيو", "جوزيه"),
])
def test_a_first_name_alone_joins_the_one_person_with_that_first_name(models, text, name, first):
    article = annotate(text, models)
    assert first in [m.text for m in by_name(article, name).mentions]
    assert len([e for e in article.entities if e.type == "PER"]) == 1


def test_a_verb_between_a_title_and_a_name_ends_the_title(models):
    article = annotate("وزير الدفاع الأميركي يبحث مع مسعود بارزاني الأوضاع في أربيل.", models)
    person = [e for e in article.entities if e.type == "PER"][0]
    assert person.role is None and person.country != "USA"


def test_an_international_organisation_is_not_the_article_s_country(models):
    text = "قالت المنظمة الدولية للهجرة إن آلاف المهاجرين وصلوا إلى إيطاليا عبر ليبيا هذا العام."
    assert by_name(annotate(text, models), "المنظمة الدولية للهجرة").country == "IGO"


@pytest.mark.parametrize("text, body, is_entity", [
    ("وقال رئيس مجلس النواب الأمريكي إن التصويت سيجري الأسبوع المقبل.", "مجلس النواب الأمريكي", True),
    ("وقال وزير الخارجية الأمريكي إن العقوبات ستبقى.", "الخارجية الأمريكي", False),
])
def test_a_chamber_in_its_head_s_title_is_named_but_a_minister_s_portfolio_is_not(models, text, body, is_entity):
    assert any(body in m for m in mention_texts(annotate(text, models))) == is_entity


@pytest.mark.parametrize("text, place, bloc", [
    ("وتشهد منطقة الشرق الأوسط وشمال أفريقيا موجة من الاحتجاجات.", "شمال أفريقيا", None),
    ("وحذرت الدول الغربية من تدهور الأوضاع في أوروبا.", "أوروبا", "الدول الغربية"),
])
def test_a_geographic_region_is_a_place_and_a_bloc_of_states_is_not(models, text, place, bloc):
    article = annotate(text, models)
    assert by_name(article, place).type == "LOC"
    assert bloc is None or not any(e.name == bloc for e in article.entities)


@pytest.mark.parametrize("text, name", [
    ('ونقلت صحيفة "واشنطن بوست" عن مسؤولين أن الاجتماع تأجل.', "واشنطن بوست"),
    ("وقالت منظمة «مراسلون بلا حدود» إن الصحفي اعتقل أمس.", "مراسلون بلا حدود"),
])
def test_quoted_name_after_a_head_word_is_an_organisation(models, text, name):
    found = {e.name: e.type for e in annotate(text, models).entities}
    assert found.get(name) == "ORG"
    assert not [n for n in found if n != name and n in name]


def test_particle_run_into_a_tagged_name_is_cut_off(models):
    text = "وأكد المدرب أن الدوسري لاعب مميز، وقال عضو مجلس الشورى جبريل العريشي لـ\"الوطن\" إن القرار صائب."
    names = {e.name for e in annotate(text, models).entities}
    assert not [n for n in names if n.startswith("أن ") or n.endswith(" لـ")]


def test_surname_joins_the_full_name_not_a_word_run_into_it(models):
    text = ("قال الرئيس الإيراني حسن روحاني إن بلاده لن تتراجع. وأضاف روحاني أن العقوبات ظالمة.\n"
            "وأعيد انتخاب روحاني في مايو/أيار2017 بعد أن تعهد بالإصلاح.")
    people = [e for e in annotate(text, models).entities if e.type == "PER" and "روحاني" in e.name]
    assert [e.name for e in people if e.name != "انتخاب روحاني"] == ["حسن روحاني"]


def test_first_word_of_an_organisation_joins_it(models):
    text = "أعلنت شركة سناب شات عن ميزة جديدة. وقالت سناب إن الميزة متاحة للجميع."
    orgs = [e for e in annotate(text, models).entities if "سناب" in e.name]
    assert [(e.name, e.type, len(e.mentions)) for e in orgs] == [("سناب شات", "ORG", 2)]


def test_lil_before_a_definite_word_the_article_uses_is_no_place(models):
    text = "بدأت الاستعدادات لموسم الحج مبكرا، وقال المسؤول إن الخطة تيسر الطريق للحج هذا العام."
    assert not [e for e in annotate(text, models).entities if e.type == "LOC"]


@pytest.mark.parametrize("text, present", [
    ("قال الحريري إن حكومة الوفاق الوطني الجديدة ستلتزم بالنأي بالنفس.", False),
    ("سيطرت قوات حكومة الوفاق الوطني على مواقع قرب طرابلس في ليبيا.", True),
])
def test_country_bound_name_needs_its_country_in_the_article(models, text, present):
    names = {e.name for e in annotate(text, models).entities}
    assert ("حكومة الوفاق الوطني" in names) is present


def test_peshmerga_spelt_without_ya_is_a_group(models):
    found = [e for e in annotate("وقالت قوات البشمركة إنها صدت هجوما قرب كركوك.", models).entities
             if "البشمركة" in e.name]
    assert [(e.type, e.country) for e in found] == [("ORG", "IRQ")]


@pytest.mark.parametrize("word, fragment", [("البلدة", True), ("الميليشيا", True), ("القاعدة", False), ("دوما", False)])
def test_lone_place_head_word_is_no_name(models, word, fragment):
    from rasid.entities_mentions import _fragment
    from rasid.normalize import fold
    assert _fragment([fold(word)], 0, 0, models.lexicon) is fragment


def test_quoted_name_takes_the_nisba_after_it(models):
    text = 'وذكرت صحيفة "تشوسن إيلبو" الكورية الجنوبية أن المحادثات ستستأنف في سنغافورة الشهر المقبل.'
    found = {e.name: e.country for e in annotate(text, models).entities}
    assert found.get("تشوسن إيلبو") == "KOR"


def test_surname_shared_by_holders_of_one_country_still_gives_the_country():
    from types import SimpleNamespace

    from rasid.entities import kb_match

    def holder(kb_id, name, score):
        return SimpleNamespace(kb_id=kb_id, name=name, country="SYR", sector="GOV", score=score)

    kb = SimpleNamespace(full={}, lookup=lambda name, on=None: [holder("K1", "بشار الأسد", 5),
                                                                 holder("K2", "أسماء الأسد", 3)])
    assert kb_match(kb, "الأسد", "PER", None).kb_id == "K1"
    kb_mixed = SimpleNamespace(full={}, lookup=lambda name, on=None: [
        holder("K1", "بشار الأسد", 5), SimpleNamespace(kb_id="K3", name="رفعت الأسد", country="FRA",
                                                       sector="CVL", score=3)])
    assert kb_match(kb_mixed, "الأسد", "PER", None) is None


@pytest.mark.parametrize("rows, latin", [
    ([("Omar", 3), ("Umar", 5), ("Omar", 4)], "Omar"),  # totals 7 against 5
    ([("Omar", 5), ("Umar", 5)], "Umar"),  # a tie: the greatest spelling
    ([], None),
])
def test_most_counted_spelling_sums_the_counts(rows, latin):
    from rasid.entities_lexicon import most_counted
    assert most_counted(rows) == latin


def test_most_counted_answers_as_the_grouped_query_of_the_name_table():
    """The romanizer reads plain rows and picks in Python; the table's own grouped query agrees."""
    import sqlite3

    from rasid.entities_lexicon import most_counted
    try:
        from importlib.resources import files
        path = files("arabic_name_romanizer").joinpath("resources", "names.sqlite3")
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        keys = [key for (key,) in db.execute(
            "SELECT arabic_key FROM units GROUP BY arabic_key HAVING COUNT(DISTINCT latin) > 1 LIMIT 2000")]
    except (ImportError, sqlite3.Error, OSError):
        pytest.skip("arabic-name-romanizer's name table is not installed")
    grouped = "SELECT latin FROM units WHERE arabic_key = ? GROUP BY latin ORDER BY SUM(count) DESC LIMIT 1"
    for key in keys:
        rows = db.execute("SELECT latin, count FROM units WHERE arabic_key = ?", (key,)).fetchall()
        assert most_counted(rows) == db.execute(grouped, (key,)).fetchone()[0], key


@pytest.mark.parametrize("raw, folded", [
    ("أَحْمَد", "احمد"),  # diacritics off, hamza seat unified
    ("مـــصر", "مصر"),  # tatweel off
    ("القاهرة", "القاهره"),
    ("مستشفى", "مستشفي"),
    ("ﻻ", "لا"),  # NFKC of a presentation form
])
def test_fold_strips_and_unifies_in_one_pass(raw, folded):
    from rasid.normalize import DIACRITICS, FOLD, fold
    assert fold(raw) == folded == DIACRITICS.sub("", __import__("unicodedata").normalize("NFKC", raw)).translate(FOLD)


def test_tokens_having_finds_every_token_with_a_reading_of_the_stems():
    from rasid.entities_tokens import Tokens
    text = "زار الوزير بغداد ثم عاد إلى بغداد وللعراق وزير جديد"
    tokens = Tokens.of(text, tokenize(text))
    assert tokens.having({"بغداد"}) == [2, 6]
    assert tokens.having({"العراق", "وزير"}) == [7, 8]  # «وللعراق» read as و + ل + العراق
    assert tokens.having({"لندن"}) == []
    assert tokens.having({"وزير": 1}) == [8]  # a dict's keys


def test_sentences_are_tagged_in_one_batch_with_the_tags_of_one_at_a_time(models):
    text = "وصل الرئيس إيمانويل ماكرون إلى بيروت. والتقى ماكرون رئيس الوزراء سعد الحريري."
    one_at_a_time = type("OneAtATime", (), {"tag": staticmethod(models.tagger.tag), "version": "t"})()
    batches = []

    class Batched:
        version = "t"

        def tag_sentences(self, sentences):
            batches.append(len(sentences))
            return models.tagger.tag_sentences(sentences)

    names = []
    for tagger in (one_at_a_time, Batched()):
        found = annotate(text, replace(models, tagger=tagger, kb_answers={}))
        names.append([(e.name, [(m.start, m.end) for m in e.mentions]) for e in found.entities])
    assert batches == [2]
    assert names[0] == names[1] and ("سعد الحريري", [(65, 76)]) in names[0]


def test_a_full_name_makes_a_person_of_a_surname_the_tagger_calls_an_organisation(models):
    text = ("انتقد باراك أوباما القرار بشدة. وقالت إدارة أوباما إن العقوبات ستبقى. "
            "وأكدت إدارة أوباما أن الحوار ممكن. ورفضت إدارة أوباما التعليق.")
    assert by_name(annotate(text, models, "2014-01-12"), "باراك أوباما").type == "PER"


def test_a_transnational_group_has_no_country_whatever_the_kb_mined(models):
    article = annotate("وقصف التحالف مواقع داعش في الرقة.", models, "2018-05-01")
    assert by_name(article, "داعش").country is None


@pytest.mark.parametrize("text, name, country", [
    ("وقع انفجار قرب السفارة في كابول صباح اليوم.", "كابول", "AFG"),  # the news spelling, not GeoNames' «كابل»
    ("قرر المجلس الأعلى للإعلام في مصر حجب موقع سوداني. وردت الخرطوم بأن السودان يرفض القرار، "
     "وقالت الحكومة السودانية إن السودان سيرد.", "المجلس الأعلى للإعلام", "EGY"),  # seated where named «in»
    ("فاز أتلتيكو مدريد على ضيفه. وقال المدرب الأرجنتيني إن الفريق لعب جيدا في الأرجنتين وفرنسا.",
     "أتلتيكو مدريد", "ESP"),  # a club named after its city
    # … but not after a town of a few thousand people that shares a word with its name (Stanley)
    ("توقع بنك مورغان ستانلي ارتفاع الأسعار في الأرجنتين والأرجنتين تستعد.", "بنك مورغان ستانلي", "ARG"),
    # a big company keeps its home country in an article about another
    ("أعلنت شركة سامسونغ عن هاتف جديد في الصين، وتتنافس مع هواوي في الأسواق الصينية.", "سامسونغ", "KOR"),
    ("وقالت آبل إن مبيعاتها في الصين ارتفعت رغم المنافسة في الصين.", "آبل", "USA"),
])
def test_places_seats_and_namesakes_give_countries(models, text, name, country):
    assert by_name(annotate(text, models), name).country == country


@pytest.mark.parametrize("text, name, country", [
    ("قالت وزارة التجارة والصناعة المصرية في بيان إن الصادرات زادت.", "وزارة التجارة والصناعة المصرية", "EGY"),
    ("أعلنت وزارة الشباب والرياضة السعودية عن خطة جديدة.", "وزارة الشباب والرياضة السعودية", "SAU"),
])
def test_a_ministry_of_any_portfolio_the_news_names_and_of_two_is_one_body(models, text, name, country):
    entity = by_name(annotate(text, models), name)
    assert entity.type == "ORG" and entity.country == country


def test_two_bodies_joined_by_wa_are_not_one_ministry(models):
    names = {e.name for e in annotate("أصدرت وزارة الداخلية والسفارة الأمريكية بيانا مشتركا.", models).entities}
    assert not [n for n in names if "والسفارة" in n]


@pytest.mark.parametrize("text, not_a_name", [
    ("وتتنافس الشركتان دوماً على الحصة الأكبر من السوق.", "دوماً"),  # «always», not the town of Douma
    ("وقد يكون الاقتراح مرفوضاً روسياً في الوقت الحالي.", "روسياً"),  # «by Russia», an adverb
])
def test_a_word_with_tanween_is_no_name_though_it_folds_to_one(models, text, not_a_name):
    assert not_a_name not in mention_texts(annotate(text, models))


def test_a_word_with_tanween_leaves_the_name_it_trails(models):
    text = "كتب محمد صلاح مغرداً بعد الإصابة إنه سيعود قريبا."
    assert "محمد صلاح" in mention_texts(annotate(text, models))


@pytest.mark.parametrize("text, mention", [
    ("وتلعب المنتخبات في إنجلترا وويلز هذا الصيف.", "ويلز"),  # «و» + Wales, not «وويلز»
    ("وفاز النادي على إيفرتون وبيرنلي في أسبوع واحد.", "بيرنلي"),
])
def test_wa_stays_out_of_a_place_or_club_the_news_writes_without_it(models, text, mention):
    assert mention in mention_texts(annotate(text, models))
