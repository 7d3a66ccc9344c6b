"""Date expressions resolved against the publication date (2018-04-25 is a Wednesday)."""
import pytest

from rasid.dates import find_dates, hijri_to_gregorian, load

PUBLISHED = "2018-04-25"


@pytest.fixture(scope="module")
def words():
    return load()


@pytest.mark.parametrize("text, words_said, day", [
    ("وصل الوزير أمس إلى بغداد", "أمس", "2018-04-24"),
    ("قال الرئيس اليوم إن الحكومة مستعدة", "اليوم", "2018-04-25"),
    ("يصل الوفد غدا إلى عمان", "غدا", "2018-04-26"),
    ("يصل الوفد غداً إلى عمان", "غداً", "2018-04-26"),
    ("اجتمع المجلس أمس الأول", "أمس الأول", "2018-04-23"),
    ("تظاهر المئات الأحد الماضي", "الأحد الماضي", "2018-04-22"),
    ("أعلنت الوزارة الثلاثاء أن", "الثلاثاء", "2018-04-24"),
    ("أعلنت الوزارة الأربعاء أن", "الأربعاء", "2018-04-25"),
    ("تعقد القمة يوم الخميس المقبل", "يوم الخميس المقبل", "2018-04-26"),
    ("وقع الاتفاق في 12 شباط", "12 شباط", "2018-02-12"),
    ("وقع الاتفاق في ١٢ شباط", "١٢ شباط", "2018-02-12"),
    ("وقع الاتفاق في 3 يناير 2017", "3 يناير 2017", "2017-01-03"),
    ("وقع الاتفاق في 3 جانفي", "3 جانفي", "2018-01-03"),
    ("وقع الاتفاق في 3 كانون الثاني", "3 كانون الثاني", "2018-01-03"),
    ("في الأول من إبريل/ نيسان الجاري", "الأول من إبريل/ نيسان", "2018-04-01"),
    ("أمس الجمعة 20 أبريل 2018 قال", "أمس الجمعة 20 أبريل 2018", "2018-04-20"),
    ("بدأ الصيام في 1 رمضان 1439 هـ", "1 رمضان 1439 هـ", "2018-05-16"),
    ("صدر القرار بتاريخ 24/3/2018 عن", "24/3/2018", "2018-03-24"),
    ("وقعت الاشتباكات الليلة الماضية في", "الليلة الماضية", "2018-04-24"),
    ("تظاهر المئات الجمعة الماضية", "الجمعة الماضية", "2018-04-20"),
    ("عقدت القمة في السابع من نيسان/أبريل", "السابع من نيسان/أبريل", "2018-04-07"),
    ("جرت الانتخابات في الحادي والعشرين من مارس", "الحادي والعشرين من مارس", "2018-03-21"),
    ("وصل في الثاني عشر من شباط", "الثاني عشر من شباط", "2018-02-12"),
    ("هاجم مستوطنون المنزل ليل الخميس الجمعة", "الخميس الجمعة", "2018-04-20"),
])
def test_day_forms(words, text, words_said, day):
    found = find_dates(text, PUBLISHED, words)
    assert [(d.text, d.date) for d in found] == [(words_said, day)]


@pytest.mark.parametrize("text", ["الشهر الماضي", "خلال الأسبوع الماضي"])
def test_vague_expressions_fix_no_day(words, text):
    found = find_dates("وقع ذلك " + text, PUBLISHED, words)
    assert len(found) == 1 and found[0].date is None


@pytest.mark.parametrize("text", ["في نفس اليوم", "لليوم السادس على التوالي", "اليوم العالمي للمرأة"])
def test_today_inside_other_phrases_is_not_a_date(words, text):
    assert find_dates(text, PUBLISHED, words) == []


def test_offsets_point_into_the_text(words):
    text = "قال الوزير، أمس الثلاثاء، إن"
    (found,) = find_dates(text, PUBLISHED, words)
    assert text[found.start:found.end] == found.text == "أمس الثلاثاء"
    assert found.date == "2018-04-24"


def test_no_publication_date_leaves_relative_days_null(words):
    assert find_dates("قال أمس", None, words)[0].date is None


def test_hijri_conversion():
    assert hijri_to_gregorian(1439, 9, 15).isoformat() in ("2018-05-30", "2018-05-31")


@pytest.mark.parametrize("text, said", [
    # each expression lies between punctuation; the patterns run only on the stretches holding their words
    ("قال الوزير، أمس، إن الاتفاق «سيوقع» الخميس المقبل.", ["أمس", "الخميس المقبل"]),
    ("وصل الوفد (الثلاثاء) إلى جنيف؛ ويغادر غدا.", ["الثلاثاء", "غدا"]),
    ("وقعت الهجمات في 12 آذار/مارس 2018، وتكررت في 3 (أيار) مايو.", ["12 آذار/مارس 2018"]),
    ("تظاهر المئات خلال\nالأسبوع الماضي. ثم: يوم الجمعة", ["خلال\nالأسبوع الماضي", "يوم الجمعة"]),
    ("عاد في نفس اليوم، واليوم العالمي للمرأة.", []),
])
def test_expressions_beside_punctuation(words, text, said):
    assert [d.text for d in find_dates(text, PUBLISHED, words)] == said


def test_a_span_cut_from_the_whole_folded_text_gives_the_same_offsets(words):
    from rasid.dates import folded
    text = "عنوان الخبر\n\nقالَ الوزيرُ أمسِ إنّ الوفدَ يصلُ الخميسَ المقبلَ إلى عمّان."
    start = text.index("قال")
    alone = find_dates(text, PUBLISHED, words, start)
    assert alone == find_dates(text, PUBLISHED, words, start, whole=folded(text))
    assert [text[d.start:d.end] for d in alone] == ["أمسِ", "الخميسَ المقبلَ"]


@pytest.mark.parametrize("text", ["قالَ الوزيرُ إنّ الاتفاقية ستوقع في ٢٤/٥/٢٠١٨ أو ۲۵", "ﻻ إله ﷺ ﺍﻟﺴﻼﻡ", "", "abc ـ ى ة ؤ ئ آ"])
def test_fold_table_is_the_translation(text):
    from rasid.dates import FOLD_TABLE, fold_table
    assert fold_table(text) == text.translate(FOLD_TABLE)


def test_folding_never_changes_a_folded_letter_again():
    from rasid.dates import FOLD_TABLE
    assert all(not value or FOLD_TABLE.get(ord(value), value) == value for value in FOLD_TABLE.values())


def test_fold_table_equals_one_translate_pass_on_random_text():
    import random

    from rasid.dates import ARABIC_PAIRS, FOLD_TABLE, fold_table
    changed = {letter for letter, _ in ARABIC_PAIRS}
    assert not any(set(folded) & changed for _, folded in ARABIC_PAIRS)  # replacing in turn is safe
    rng = random.Random(8)
    pool = [chr(c) for c in range(0x0600, 0x0700)] + [chr(c) for c in range(0xFE70, 0xFE90)] + list("ab 1\n")
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randrange(0, 60)))
        assert fold_table(text) == text.translate(FOLD_TABLE), text
