"""PLOVER events from short Arabic sentences: type, actors' countries, negation, dates, merging."""
from dataclasses import replace

import pytest

from rasid import events
from rasid.model import Article
from rasid.segment import sentences, tokenize


@pytest.fixture(scope="module")
def state():
    return events.load()


def article(body: str, published: str | None = "2018-04-25", title: str = "خبر") -> Article:
    text = f"{title}\n\n{body}"
    return Article(doc_id="t", text=text, title=title, published=published, body_start=len(title) + 2,
                   sentences=tuple(sentences(text)), tokens=tuple(tokenize(text)))


def coded(body: str, state, **kwargs):
    return events.annotate(article(body, **kwargs), state).events


def countries(actors):
    return sorted(a.country for a in actors)


@pytest.mark.parametrize("body, kind, source, target", [
    ("وقعت مصر اتفاقية للتعاون الاقتصادي مع الأردن.", "AGREE", ["EGY"], ["JOR"]),
    ("التقى وزير الخارجية الفرنسي نظيره الروسي.", "CONSULT", ["FRA"], ["RUS"]),
    ("رحبت السعودية بالقرار الأمريكي الجديد.", "SUPPORT", ["SAU"], ["USA"]),
    ("قدمت الحكومة التونسية تنازلات للمحتجين التونسيين.", "CONCEDE", ["TUN"], ["TUN"]),
    ("تتعاون تركيا مع روسيا في مكافحة الإرهاب.", "COOPERATE", ["TUR"], ["RUS"]),
    ("قدمت الإمارات مساعدات إنسانية إلى اليمن.", "AID", ["ARE"], ["YEM"]),
    ("أفرجت السلطات الإيرانية عن صحفي بريطاني.", "RETREAT", ["IRN"], ["GBR"]),
    ("دعا الأردن إسرائيل إلى وقف الاستيطان.", "REQUEST", ["JOR"], ["ISR"]),
    ("اتهمت إيران الولايات المتحدة بدعم الإرهاب.", "ACCUSE", ["IRN"], ["USA"]),
    ("رفضت الحكومة العراقية الطلب التركي.", "REJECT", ["IRQ"], ["TUR"]),
    ("هددت كوريا الشمالية اليابان بضربة صاروخية.", "THREATEN", ["PRK"], ["JPN"]),
    ("تظاهر آلاف الأردنيين أمام السفارة الإسرائيلية.", "PROTEST", ["JOR"], ["ISR"]),
    ("فرضت واشنطن عقوبات على شركات روسية.", "SANCTION", ["USA"], ["RUS"]),
    ("حشد الجيش التركي قوات على الحدود السورية.", "MOBILIZE", ["TUR"], ["SYR"]),
    ("اعتقلت الشرطة المصرية ناشطا فرنسيا.", "COERCE", ["EGY"], ["FRA"]),
    ("قصفت الطائرات الإسرائيلية مواقع في غزة.", "ASSAULT", ["ISR"], ["PSE"]),
])
def test_each_type_with_its_actors(state, body, kind, source, target):
    (event,) = coded(body, state)
    assert (event.type, countries(event.source), countries(event.target)) == (kind, source, target)
    assert event.rule.startswith(kind.lower())
    assert 0 < event.confidence < 1


@pytest.mark.parametrize("body, kind", [
    ("طردت الكويت السفير الفلبيني.", "SANCTION"),
    ("استدعت الجزائر سفيرها في باريس للتشاور.", "SANCTION"),
    ("استدعت إيطاليا السفير الفرنسي.", "ACCUSE"),
    ("اعتذر الرئيس الفلبيني للكويت.", "SUPPORT"),
    ("فرضت السلطات المصرية حظر التجول في مدينة السويس.", "COERCE"),
    ("اقتحمت قوات الاحتلال مخيم جنين في الضفة الغربية.", "COERCE"),
])
def test_record_conventions(state, body, kind):
    assert [e.type for e in coded(body, state)] == [kind]


@pytest.mark.parametrize("body", [
    "لم يلتق الرئيس المصري نظيره السوداني.",
    "لن توقع تركيا أي اتفاق مع اليونان.",
    "نفت روسيا أنها قصفت المدينة السورية.",
    "إذا قصفت إسرائيل لبنان فإن المنطقة ستشتعل.",
    "رفض المتحدث الفرنسي التعليق على الخبر.",
    "حذرت الأمم المتحدة من الهجوم المرتقب على إدلب السورية.",
    "وأثارت احتمالات شن هجوم تركي على سوريا مخاوف.",
    "ما هي بنود الاتفاق بين روسيا وتركيا؟",
    "قال الجيش الإسرائيلي إنه مستعد تحسبا لأي هجوم إيراني.",
    "قالت الحكومة المصرية إنها تستهدف تحقيق فائض في الموازنة.",
    "عادت التهديدات السابقة بين الصين والولايات المتحدة إلى الواجهة.",
    "تعمل الحكومة الأردنية بما يتفق مع القانون الدولي.",
])
def test_negated_and_hypothetical_events_are_not_emitted(state, body):
    assert coded(body, state) == ()


def test_evidence_is_the_sentence_and_date_its_own(state):
    body = "قال الرئيس إن البلاد بخير. واتهمت إيران أمس الولايات المتحدة بدعم الإرهاب."
    (event,) = coded(body, state)
    text = article(body).text
    assert text[event.evidence[0].start:event.evidence[0].end] == "واتهمت إيران أمس الولايات المتحدة بدعم الإرهاب."
    assert (event.date, event.date_text) == ("2018-04-24", "أمس")


def test_continuation_takes_the_episode_date(state):
    body = "اتهمت إيران الثلاثاء الولايات المتحدة بدعم الإرهاب. وهددت إيران إسرائيل بالرد."
    first, second = coded(body, state)
    assert first.date == second.date == "2018-04-24"


def test_undated_article_leaves_date_null(state):
    (event,) = coded("اتهمت إيران الولايات المتحدة بدعم الإرهاب.", state)
    assert event.date is None


def test_one_event_told_twice_is_merged(state):
    body = ("اتهمت إيران الولايات المتحدة بدعم الإرهاب في المنطقة. "
            "وكانت إيران قد اتهمت الولايات المتحدة بدعم الإرهاب في خطاب رسمي.")
    (event,) = coded(body, state)
    assert event.type == "ACCUSE" and len(event.evidence) == 2


def test_entities_with_country_are_actors(state):
    from rasid.model import Entity, Mention
    base = article("انتقد بومبيو لافروف بشدة.")
    start = base.text.index("بومبيو")
    other = base.text.index("لافروف")
    people = (Entity("E1", "مايك بومبيو", "PER", (Mention(start, start + 6, "بومبيو"),), "USA", "GOV"),
              Entity("E2", "سيرغي لافروف", "PER", (Mention(other, other + 6, "لافروف"),), "RUS", "GOV"))
    (event,) = events.annotate(replace(base, entities=people), state).events
    assert (event.source[0].entity, event.target[0].entity) == ("E1", "E2")
    assert event.type == "ACCUSE"


def test_one_event_of_a_type_per_sentence(state):
    body = "بحث وزير الخارجية المصري مع نظيره الأردني خلال اللقاء نتائج المحادثات الأخيرة."
    assert [e.type for e in coded(body, state)] == ["CONSULT"]


def test_deaths_in_a_disaster_are_not_assaults(state):
    assert coded("قتل ثلاثة أشخاص في زلزال ضرب شمال باكستان.", state) == ()


def test_sports_news_codes_no_events(state):
    body = "هاجم لاعب المنتخب المصري مدرب الفريق بعد المباراة في الدوري."
    assert coded(body, state, title="المنتخب يخسر المباراة") == ()


def test_lone_mentions_deep_in_an_article_are_not_emitted(state):
    lead = "قال مسؤول حكومي إن الوضع هادئ. " * 20
    assert coded(lead + "وجرى قصف.", state) == ()


def test_numbering_is_in_text_order(state):
    body = "اتهمت إيران الولايات المتحدة بدعم الإرهاب. ورحبت روسيا بالموقف الصيني."
    found = coded(body, state)
    assert [e.id for e in found] == ["V1", "V2"] and [e.type for e in found] == ["ACCUSE", "SUPPORT"]


@pytest.mark.parametrize("body", [
    "وقال وزير الدفاع إن العملية تمت دون أي تهديد للمدنيين.",
    "رفض نجم كرة القدم الأرجنتيني مقارنة نفسه بلاعب المنتخب البرازيلي.",
])
def test_negated_by_determiner_and_sports_sentences(state, body):
    assert [e.type for e in coded(body, state)] == []


def _every_match(flat: str, lexicon) -> list[tuple[int, int, str]]:
    """Each pattern scanned over the whole text: what the anchor index must reproduce."""
    found = [(m.start(), m.end(), p.id) for p in lexicon.patterns for m in p.regex.finditer(flat)]
    return sorted(found, key=lambda t: (t[0], t[0] - t[1]))


@pytest.mark.parametrize("body", [
    "وقعت مصر والأردن اتفاقية للتعاون وبحث الوزيران العلاقات الثنائية.",
    "وللاتفاق الذي وقعه الطرفان أمس أثر، فيما اتهمت إيران واشنطن بالتصعيد.",
    "دعا الأمين العام إلى وقف إطلاق النار، وقصفت الطائرات مواقع في غزة.",
    "هددت كوريا الشمالية باستهداف القواعد الأمريكية واعتقلت الشرطة متظاهرين.",
])
def test_anchor_index_finds_what_a_full_scan_finds(body, state):
    from rasid.dates import folded
    flat, _ = folded(body)
    found = events.candidate_triggers(flat, (0, len(flat)), state.lexicon)
    assert [(t.start, t.end, t.pattern.id) for t in found] == _every_match(flat, state.lexicon)


def test_long_article_codes_in_linear_time(state):
    import time
    sentence = "وقعت مصر اتفاقية للتعاون مع الأردن أمس. "
    small, large = article(sentence * 200), article(sentence * 2000)
    started = time.perf_counter()
    events.annotate(small, state)
    small_time = time.perf_counter() - started
    started = time.perf_counter()
    events.annotate(large, state)
    assert time.perf_counter() - started < 10 * small_time * 3  # ten times the text, not a hundred


@pytest.mark.parametrize("body, kind", [
    ("فرضت واشنطن عقوبات على وزيرين تركيين بسبب احتجاز القس.", "SANCTION"),
    ("اعتقلت الشرطة الكويتية رجلا لبنانيا بتهمة قتل خادمة فلبينية.", "COERCE"),
    ("تعهد الرئيس العراقي بعدم استقالة حكومته.", "AGREE"),
    ("تصاعد التوتر بين البلدين منذ مقتل خادمة فلبينية في الكويت.", None),
    ("اتهمت بريطانيا النظام السوري بشن هجمات بالغاز على المدنيين.", "ACCUSE"),
])
def test_background_and_accused_acts_are_not_events(state, body, kind):
    assert [e.type for e in coded(body, state)] == ([kind] if kind else [])


@pytest.mark.parametrize("body", [
    "هاجم الفنان المصري مخرج المسلسل بسبب مشاهد الحلقة الأخيرة.",
    "يسعى كل فنان بمسلسله إلى السيطرة على نسب المشاهدة في رمضان.",
])
def test_entertainment_sentences_code_nothing(state, body):
    assert coded(body, state) == ()


@pytest.mark.parametrize("body, kinds", [
    ("طالبت قطر، الثلاثاء، جيرانها الخليجيين بالجلوس إلى طاولة المفاوضات.", ["REQUEST"]),
    ("نددت الولايات المتحدة بالهجمات الصاروخية التي شنتها إيران وأيدت حق إسرائيل في الدفاع عن نفسها.",
     ["ACCUSE", "ASSAULT", "SUPPORT"]),  # a condemned attack is real, unlike an alleged one
    ("ومثلت التهديدات التي تعرضت لها أربيل سببا لإعلان الولايات المتحدة شن غارات جوية.", ["THREATEN", "ASSAULT"]),
])
def test_a_request_covers_its_clause(state, body, kinds):
    assert sorted(e.type for e in coded(body, state)) == sorted(kinds)


def test_a_definite_noun_refers_back_to_the_event_told(state):
    found = coded("وقعت مصر اتفاقية للتعاون مع الأردن أمس. ورحبت الحكومة السودانية بالزيارة. "
                  "وتعارض إسرائيل الاتفاق.", state)
    agree = [e for e in found if e.type == "AGREE"]
    assert len(agree) == 1 and len(agree[0].evidence) == 2
    assert countries(agree[0].source) == ["EGY"]


def test_the_subject_of_a_relative_clause_is_the_source(state):
    found = coded("نددت الولايات المتحدة بالهجمات الصاروخية التي شنتها إيران على إسرائيل.", state)
    assault = [e for e in found if e.type == "ASSAULT"]
    assert assault and countries(assault[0].source) == ["IRN"]


def test_a_trigger_inside_an_organisation_name_is_no_event(state):
    from rasid.model import Entity, Mention
    body = "وصل وفد من الحشد الشعبي إلى بغداد."
    plain = article(body)
    name = "الحشد الشعبي"
    start = plain.text.index(name)
    org = Entity("E1", name, "ORG", (Mention(start, start + len(name), name),), country="IRQ")
    assert [e.type for e in events.annotate(plain, state).events] == ["MOBILIZE"]
    assert events.annotate(replace(plain, entities=(org,)), state).events == ()


def test_actor_terms_come_from_the_gazetteer_tables(state):
    (event,) = coded("أصيب جنديان كوريان جنوبيان بجروح في انفجار لغم.", state)
    assert "KOR" in countries(event.target) + countries(event.source)
    assert "PRK" not in countries(event.target) + countries(event.source)


def test_a_name_s_first_letter_is_not_a_proclitic(state):
    from rasid.model import Entity, Mention
    base = article("رفض الرئيس الروماني كلاوس يوهانيس نقل سفارة بلاده إلى القدس.")
    start = base.text.index("كلاوس")
    person = (Entity("E1", "كلاوس يوهانيس", "PER", (Mention(start, start + 13, "كلاوس يوهانيس"),),
                     "ROU", "GOV"),)
    (event,) = events.annotate(replace(base, entities=person), state).events
    assert countries(event.source) == ["ROU"]


def _longest_by_every_join(flat: str, lexicon) -> list[tuple[int, int, int, str]]:
    """Every actor term the slow way: at each head word, try every run of words, longest first."""
    from rasid.events_lexicon import WORDS, _head_words, _readings
    found, reach = [], 0
    for start in _head_words(flat, lexicon):
        if start < reach:
            continue
        words = [(m.start(), m.end(), m.group()) for m in WORDS.finditer(flat, start)][:lexicon.longest_term]
        joined = [words[0]]
        for nxt in words[1:]:
            if not flat[joined[-1][1]:nxt[0]].isspace():
                break
            joined.append(nxt)
        match = next(((start, start + cut, joined[n - 1][1], term) for n in range(len(joined), 0, -1)
                      for cut, stem in _readings(words[0][2])
                      for term in [" ".join([stem] + [w[2] for w in joined[1:n]])] if term in lexicon.actor_terms), None)
        if match:
            found.append(match)
            reach = match[2]
    return found


@pytest.mark.parametrize("body", [
    "التقى وزير خارجية الولايات المتحدة الأمريكية نظيره الروسي في موسكو.",
    "وبالعراق، قالت السلطات الإيرانية إن للكويت حق الرد، والإمارات العربية المتحدة وافقت.",
    "زار كلاوس لاوس ثم كوريا الجنوبية وكوريا الشمالية وجمهورية الكونغو الديمقراطية.",
])
def test_actor_terms_read_word_by_word_find_the_longest(body, state):
    from rasid.dates import folded
    from rasid.events_lexicon import find_terms
    flat, _ = folded(body)
    found = [(m.start, m.term_start, m.end, m.term) for m in find_terms(flat, state.lexicon)]
    assert found == _longest_by_every_join(flat, state.lexicon) and found


def test_word_characters_are_the_regex_ones():
    import regex
    from rasid.events_lexicon import is_word_char
    sample = "a_1٣ـً\u200c\u200d ،.«»-\n\t²½ⅫéЖ中" + "".join(chr(c) for c in range(0x600, 0x700))
    word = regex.compile(r"\w")
    assert [is_word_char(sample, i) for i in range(len(sample))] == [bool(word.match(c)) for c in sample]
    assert not is_word_char(sample, len(sample))


@pytest.mark.parametrize("flat", ["وبالاتفاق مع الطرفين، وللاتفاق (الاتفاق) فالاتفاق", "ا اتفاق", "كالاتفاق"])
def test_word_starts_are_the_places_a_prefix_reaches(flat):
    from rasid.events_lexicon import PREFIX_MAX, PREFIXES, _word_starts, is_word_char
    for lo in (0, 2):
        for head in range(lo, len(flat)):
            scanned = [place for place in range(head, max(lo, head - PREFIX_MAX) - 1, -1)
                       if flat[place:head] in PREFIXES and not (place > 0 and is_word_char(flat, place - 1))]
            assert _word_starts(flat, head, lo) == scanned


def _negated_by_every_word(flat: str, lo: int, start: int, lexicon) -> bool:
    """`events._negated` read plainly: every word of the clause before the trigger."""
    import regex
    clause = flat[max(lo, start - events.NEGATION_REACH):start]
    cut = max((m.end() for m in regex.finditer(r"[،,؛;:]", clause)), default=0)
    words = [w.lstrip("و") or w for w in regex.findall(r"\w+", clause)]
    own = regex.findall(r"\w+", clause[cut:])
    if words and words[-1] in events.DETERMINERS:
        words = words[:-1]
    if words and (words[-1] in lexicon.cues["negation"] or (len(words) > 1 and words[-2] in ("لم", "لن"))):
        return True
    if any(w.lstrip("و") in lexicon.cues["denial"] for w in words[-8:]):
        return True
    return any(w in lexicon.cues["condition"] for w in own[-6:])


def test_negation_read_from_the_clause_tail_equals_every_word_read(state):
    import random
    lexicon = state.lexicon
    cues = [w for kind in ("negation", "denial", "condition") for w in lexicon.cues[kind]]
    vocabulary = ["الحكومة", "قصف", "وزير", "الخارجية", "والجيش", "مساء", "a1"] * 20 + cues + ["لم", "لن", "أي"]
    marks = ["", " ", " ", " ", "، ", ", ", ": ", "؛ ", " - ", ". "]
    rng = random.Random(8)
    outcomes = set()
    for _ in range(3000):
        flat = "".join(rng.choice(vocabulary) + rng.choice(marks) for _ in range(rng.randrange(90))) + "هجوم"
        start, lo = len(flat) - 4, rng.randrange(len(flat) // 3 + 1)
        negated = events._negated(flat, lo, start, lexicon)
        assert negated == _negated_by_every_word(flat, lo, start, lexicon), flat
        outcomes.add(negated)
    assert outcomes == {True, False}


@pytest.mark.parametrize("sentence, leisure", [
    ("سجل اللاعب هدفا في المباراة", True),
    ("وقع الوزيران اتفاقا للتعاون", False),
])
def test_a_sentence_about_leisure_has_two_of_its_words(state, sentence, leisure):
    from rasid.normalize import fold
    flat = fold(sentence)
    plain = len({w.lstrip("وفبل") for w in flat.split()} & state.lexicon.leisure) >= 2
    assert events._about_leisure(flat, 0, len(flat), state.lexicon) == plain == leisure


def test_pattern_start_places_equal_trying_every_prefix_length():
    import random

    from rasid import events_lexicon as lexicon

    def every_length(flat, head, lo):
        if head == 0 or not lexicon.is_word_char(flat, head - 1):
            return [head]
        return [place for place in range(head, max(lo, head - lexicon.PREFIX_MAX) - 1, -1)
                if flat[place:head] in lexicon.PREFIXES and not (place > 0 and lexicon.is_word_char(flat, place - 1))]

    rng = random.Random(8)
    letters = "وفبلكال" * 3 + "متنس" + " ،.-_1"
    for _ in range(20000):
        flat = "".join(rng.choice(letters) for _ in range(rng.randrange(1, 12)))
        head = rng.randrange(len(flat) + 1)
        lo = rng.randrange(head + 1)
        assert lexicon._word_starts(flat, head, lo) == every_length(flat, head, lo), (flat, head, lo)


@pytest.mark.parametrize("text, term", [
    ("زار وفد من الولايات المتحدة بغداد", "الولايات المتحده"),
    ("قالت الولايات، المتحدة", None),  # a term never runs across punctuation
    ("وصل إلى الولايات\nالمتحدة", "الولايات المتحده"),  # white space of any kind parts its words
])
def test_longest_actor_term_reads_words_parted_by_white_space(state, text, term):
    from rasid.events_lexicon import find_terms
    from rasid.normalize import fold
    found = [m.term for m in find_terms(fold(text), state.lexicon) if " " in m.term or m.term == term]
    assert (found[0] if found else None) == term


@pytest.mark.parametrize("body", [
    "التقى وزير خارجية الولايات المتحدة الأمريكية نظيره الروسي في موسكو بعد مباراة كرة القدم.",
    "وبالعراق، قالت السلطات الإيرانية إن للكويت حق الرد، ووقعت مصر والأردن اتفاقية للتعاون.",
    "سجل اللاعب هدفا في الدوري، وقصفت الطائرات مواقع في غزة واعتقلت الشرطة متظاهرين.",
])
def test_one_scan_finds_what_each_list_finds_alone(body, state):
    from rasid.dates import folded
    from rasid.events_lexicon import WORDS, scan
    lexicon = state.lexicon
    flat, _ = folded(body)
    found = scan(flat, lexicon)
    assert found.heads == [m.start() for m in WORDS.finditer(flat) if m.group() in lexicon.term_heads]
    assert sorted((first, indexes) for first, _, indexes in found.anchors) == sorted(
        (end + 1 - length, indexes) for end, (length, indexes) in lexicon.anchors.iter(flat))
    assert sorted(word for _, _, word in found.leisure) == sorted(
        word for word in lexicon.leisure for _ in range(flat.count(word)))
    assert found.heads and found.anchors
