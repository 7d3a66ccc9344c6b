"""Cleaning removes page furniture by rule and keeps every line of the article."""
from __future__ import annotations

import pytest

from rasid.clean import clean, load_rules
from rasid.ingest import RawArticle

RULES = load_rules()


@pytest.mark.parametrize("line", ["اترك تعليقاً", "زر الذهاب إلى الأعلى", "شارك", "-----------",
                                  "يمكنكم تسلم إشعارات بأهم الموضوعات بعد تحميل التطبيق."])
def test_boilerplate_lines_are_removed(line):
    raw = RawArticle("b1", "عنوان الخبر", f"قال الوزير إن المحادثات مثمرة.\n{line}\n", "<t>")
    article = clean(raw, RULES)
    assert line not in article.text
    assert "قال الوزير إن المحادثات مثمرة." in article.text


def test_text_is_title_blank_line_body():
    raw = RawArticle("b2", "  عنوان   الخبر ", "\n\nالسطر الأول.\n\nالسطر الثاني.\n", "<t>")
    article = clean(raw, RULES)
    assert article.text == "عنوان الخبر\n\nالسطر الأول.\nالسطر الثاني."
    assert article.text[article.body_start:].startswith("السطر الأول")


def test_credit_line_becomes_outlet():
    raw = RawArticle("b3", "عنوان", "بحث الوزير مع نظيره العلاقات.\nالبعث ميديا -سانا", "<t>")
    article = clean(raw, RULES)
    assert article.outlet == "البعث ميديا -سانا"
    assert "سانا" not in article.text


def test_sentence_that_starts_like_boilerplate_is_kept():
    line = "شارك الرئيس في القمة العربية التي عقدت في الرياض أمس وألقى كلمة طويلة."
    article = clean(RawArticle("b4", "عنوان", line, "<t>"), RULES)
    assert line in article.text


def test_published_from_feed_is_normalised():
    article = clean(RawArticle("b5", "عنوان", "نص.", "<t>", published="2018-5-4T10:00"), RULES)
    assert article.published == "2018-05-04"


def test_link_line_appended_to_a_one_line_body_is_cut():
    body = "قال رئيس المجلس إن الاتفاق سيعرض على التصويت. رابط الخبر بصحيفة الوئام: المجلس يصوت على الاتفاق"
    article = clean(RawArticle("b6", "عنوان", body, "<t>"), RULES)
    assert article.text.endswith("سيعرض على التصويت.")


def test_cited_newspaper_line_becomes_outlet():
    raw = RawArticle("b7", "عنوان", "قال الوزير إن الوضع مستقر.\n*نقلاً عن الأهرام المصرية", "<t>")
    article = clean(raw, RULES)
    assert "الأهرام" not in article.text and article.outlet == "*نقلاً عن الأهرام المصرية"


@pytest.mark.parametrize("text", ["قال الوزير إن المحادثات مثمرة", "The minister said talks went well", "",
                                  "١٢٣ 456 ... !!", "مرحبا hello 2018 ـ أَكَّدَ ﷺ ²", "x" * 30 + " عربي" * 5])
def test_arabic_share_counts_letter_by_letter(text):
    from rasid.normalize import arabic_share
    letters = [c for c in text if c.isalpha()]
    arabic = [c for c in letters if "\u0621" <= c <= "\u064a"]
    assert arabic_share(text) == (len(arabic) / len(letters) if letters else 0.0)


def test_mostly_latin_text_is_flagged():
    article = clean(RawArticle("l1", "Title", "The minister said the talks went well.", "<t>"), RULES)
    assert any("not in Arabic" in w for w in article.warnings)
