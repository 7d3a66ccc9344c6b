"""A title that stands for a person: bare title phrases become mentions of the office's one holder."""
from __future__ import annotations

import pytest

from rasid import entities
from tests.test_entities import annotate


@pytest.fixture(scope="module")
def models():
    return entities.load()


def mentions_of(article, name: str) -> list[str]:
    return [m.text for e in article.entities if e.name == name for m in e.mentions]


@pytest.mark.parametrize("text, name, title", [
    # the KB knows the office on the article's date; the title comes before the name
    ("أكد وزير خارجية روسيا أن الحوار مستمر. وقال سيرغي لافروف إن موسكو مستعدة.", "سيرغي لافروف",
     "وزير خارجية روسيا"),
    # the feminine construct form of a title is the same office as the KB's «رئيسة الوزراء»
    ("وأكدت رئيسة حكومة بريطانيا أن بلادها ستغادر. وقالت تيريزا ماي إن القرار نهائي.", "تيريزا ماي",
     "رئيسة حكومة بريطانيا"),
    # an office the article gives next to a name, said again in another form
    ("التقى المدرب البرتغالي جوزيه مورينيو اللاعبين. وقال مدرب البرتغال إن الفريق جاهز.", "جوزيه مورينيو",
     "مدرب البرتغال"),
])
def test_a_bare_title_is_a_mention_of_the_office_holder(models, text, name, title):
    assert title in mentions_of(annotate(text, models, "2018-02-16"), name)


def test_a_former_holder_s_title_is_no_mention_of_today_s_holder(models):
    article = annotate("وقال الرئيس الأمريكي دونالد ترامب إن الاتفاق سيئ. وانتقد الرئيس الأمريكي السابق القرار.",
                       models, "2018-05-09")
    assert not [m for e in article.entities for m in e.mentions if "السابق" in m.text]


def test_an_office_two_people_hold_in_the_article_is_no_mention(models):
    text = ("وسجل اللاعب الفرنسي أنطوان غريزمان هدفا، ثم سجل اللاعب الفرنسي كيليان مبابي الثاني. "
            "وقال اللاعب الفرنسي إن الفوز مستحق.")
    article = annotate(text, models, "2018-07-01")
    people = {m.text for e in article.entities if e.type == "PER" for m in e.mentions}
    assert "اللاعب الفرنسي" not in people


def test_a_title_introducing_a_name_is_no_extra_mention(models):
    article = annotate("قال رئيس الوزراء الإسرائيلي، بنيامين نتنياهو، إن الوضع خطير.", models, "2018-05-09")
    assert mentions_of(article, "بنيامين نتنياهو") == ["بنيامين نتنياهو"]
