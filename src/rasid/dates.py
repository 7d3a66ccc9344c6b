"""Dates in Arabic news text, resolved against the publication date.

`find_dates(text, published, words)` returns every date expression of a text span with its
exact offsets, its words (`text`) and the ISO day it fixes, or None where it names no single
day («الشهر الماضي», «في مارس»). Forms: relative days («أمس», «اليوم», «غدا», «أمس الأول»),
weekdays («الأحد», «الأحد الماضي», «الخميس المقبل»), day + month in the three Arabic month
systems (كانون الثاني / يناير / جانفي), numeric dates (24/5/2018), Eastern Arabic digits, years,
and Hijri dates.
The words live in `lexicons/date_words.tsv`.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from importlib import resources

import ahocorasick
import regex

from .normalize import fold

EASTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
DROPPED = regex.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
BEFORE = "الماضيه|الماضي|الفايته|الفايت|المنصرمه|المنصرم|السابق"
AFTER = "المقبل|القادم|المقبله|القادمه"
FORWARD = regex.compile(AFTER)
ORDINALS = "ال(?:ثاني|ثالث|رابع|خامس|سادس|سابع|ثامن|تاسع|عاشر|اول|اخير|عالمي|وطني|دولي)"
VAGUE = regex.compile(r"(?<!\w)(?:[وفب]|ل|خلال\s+)?(?:ال)?(?:شهر|اسبوع|عام|سنه|اشهر|اسابيع|ايام)\s+"
                      r"(?:الماضي|الماضيه|المنصرم|الفايت|المقبل|القادم|الجاري|الحالي)(?!\w)")


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    text: str
    date: str | None  # ISO day, or None where the words fix no single day
    kind: str  # absolute, hijri, relative, weekday, vague


@dataclass(frozen=True)
class DateWords:
    """The compiled date patterns (build once with `load()`)."""
    months: dict[str, int]
    hijri: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, int]
    ordinals: dict[str, int]
    patterns: tuple[tuple[str, regex.Pattern], ...]
    keywords: ahocorasick.Automaton  # the word each kind of expression needs → that kind


def load() -> DateWords:
    """Return the date words of `lexicons/date_words.tsv` with their patterns compiled."""
    table: dict[str, dict[str, int]] = {"month": {}, "hijri": {}, "weekday": {}, "relative": {}, "ordinal": {}}
    text = resources.files("rasid").joinpath("lexicons/date_words.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line and not line.startswith("#"):
            kind, word, value = line.split("\t")
            table[kind][fold(word)] = int(value)
    return DateWords(table["month"], table["hijri"], table["weekday"], table["relative"], table["ordinal"],
                     _patterns(table), _keywords(table))


# A pattern whose first letter is a word's first letter starts at a word boundary: saying so
# lets the regex engine skip the other places fast (a lookahead on the first letters does not).
WORD_START = r"\b"
VAGUE_NOUNS = ("شهر", "اسبوع", "عام", "سنه", "اشهر", "اسابيع", "ايام")


def _keywords(table: dict[str, dict[str, int]]) -> ahocorasick.Automaton:
    """Return an automaton from the words each kind of date expression cannot do without to its kind.

    A kind whose words do not occur in a text cannot match there, so its pattern is not run.
    """
    keys: dict[str, set[str]] = {}
    for kind in ("month", "hijri", "weekday", "relative"):
        for word in table[kind]:
            keys.setdefault(word.split()[0], set()).add(kind)
    for noun in VAGUE_NOUNS:
        keys.setdefault(noun, set()).add("vague")
    automaton = ahocorasick.Automaton()
    for word, kinds in keys.items():
        automaton.add_word(word, tuple(sorted(kinds)))
    automaton.make_automaton()
    return automaton


def _alternation(words) -> str:
    return "|".join(regex.escape(w).replace("\\ ", r"\s+") for w in sorted(words, key=len, reverse=True))


def _patterns(table: dict[str, dict[str, int]]) -> tuple[tuple[str, regex.Pattern], ...]:
    months, hijri = _alternation(table["month"]), _alternation(table["hijri"])
    weekdays, relative = _alternation(table["weekday"]), _alternation(table["relative"])
    ordinals = "ال(?:" + _alternation(w[2:] for w in table["ordinal"]) + ")"  # every one starts with ال
    month_pair = rf"(?P<month>{months})(?:\s*[/(\-]\s*(?:{months})\s*\)?)?"
    year = r"(?:\s*[,،]?\s*(?:من\s+)?(?:العام|عام|سنه)?\s*(?P<year>(?:19|20)\d\d)(?!\d))?"
    return (
        ("hijri", regex.compile(rf"(?=\d)(?<!\d)(?P<day>[0-3]?\d)\s+(?:من\s+)?(?:شهر\s+)?(?P<month>{hijri})"
                                rf"(?:\s+(?:(?:من\s+)?(?:العام|عام|سنه)\s+)?(?P<year>1[34]\d\d)(?!\d))?"
                                rf"(?:\s*(?:هـ|ه)(?!\w))?")),
        ("absolute", regex.compile(rf"(?=\d|ال)(?<!\d)(?P<day>[0-3]?\d|(?<!\w)(?:{ordinals}))\s*(?:من\s+)?(?:شهر\s+)?(?<![\w])"
                                   rf"{month_pair}(?!\w){year}")),
        ("numeric", regex.compile(r"(?=\d)(?<![\d/.\-])(?:(?P<day>[0-3]?\d)[/.\-](?P<month>[01]?\d)[/.\-](?P<year>(?:19|20)\d\d)"
                                  r"|(?P<year2>(?:19|20)\d\d)[/.\-](?P<month2>[01]?\d)[/.\-](?P<day2>[0-3]?\d))(?![\d/.\-])")),
        ("relative", regex.compile(rf"{WORD_START}(?<![\w])(?<!(?:نفس|ذلك|هذا|ذات)\s+)(?:[وفب])?(?:يوم\s+)?(?P<word>{relative})"
                                   rf"(?!\w)(?!\s+(?:{ORDINALS}))")),
        ("weekday", regex.compile(rf"{WORD_START}(?<![\w])(?:[وفب]|ل)?(?:يوم\s+)?(?P<word>{weekdays})(?!\w)"
                                  rf"(?:\s+(?P<dir>{BEFORE}|{AFTER})(?!\w))?")),
        ("vague", regex.compile(WORD_START + VAGUE.pattern)),
    )


def _fold_table() -> dict[int, str]:
    """Return a one-to-one folding table for the Arabic blocks and digits (diacritics map to '')."""
    table = {}
    for code in [*range(0x0600, 0x0700), *range(0x06F0, 0x06FA), *range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)]:
        ch = chr(code)
        table[code] = "" if DROPPED.match(ch) else (fold(ch).translate(EASTERN_DIGITS)[:1] or ch)
    return table


FOLD_TABLE = _fold_table()
# code points only, no \w or \s: the standard library's engine finds them faster, with the same result
FOLDED_AWAY = re.compile("[" + "".join(re.escape(chr(c)) for c, v in FOLD_TABLE.items() if v == "") + "]+")


def _changing(low: bool) -> re.Pattern:
    """Return a character class of the characters FOLD_TABLE changes, in the Arabic block or outside it."""
    chars = [chr(c) for c, v in FOLD_TABLE.items() if v != chr(c) and (0x600 <= c < 0x700) == low]
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


OTHER_CHANGES = _changing(False)
ARABIC_PAIRS = tuple((chr(c), v) for c, v in FOLD_TABLE.items() if v != chr(c) and 0x600 <= c < 0x700)


def fold_table(text: str) -> str:
    """Return `text.translate(FOLD_TABLE)`; faster, as one replace per changed letter present.

    A table lookup per character is slow; without presentation forms (rare) only some letters
    of the Arabic block change, each found by a fast scan for it, and a folded letter never
    changes again, so replacing each in turn gives the same text.
    """
    if OTHER_CHANGES.search(text):
        return text.translate(FOLD_TABLE)
    for letter, folded_letter in ARABIC_PAIRS:
        if letter in text:
            text = text.replace(letter, folded_letter)
    return text


def folded(text: str) -> tuple[str, list[int]]:
    """Return `text` folded for matching and, for each folded character, its offset in `text`."""
    flat = fold_table(text)
    if len(flat) == len(text):
        return flat, list(range(len(text) + 1))
    offsets: list[int] = []
    kept = 0
    for gone in FOLDED_AWAY.finditer(text):
        offsets.extend(range(kept, gone.start()))
        kept = gone.end()
    offsets.extend(range(kept, len(text) + 1))
    return flat, offsets


def find_dates(text: str, published: str | None, words: DateWords,
               start: int = 0, end: int | None = None,
               whole: tuple[str, list[int]] | None = None) -> list[DateMention]:
    """Return the date expressions of text[start:end], in order, adjacent ones merged.

    `whole` is `folded(text)` when the caller has it already: the span's part is cut from it.
    """
    end = len(text) if end is None else end
    flat, offsets, base = _folded_span(text, start, end, whole)
    pub = _day(published)
    found: list[tuple] = []  # kept in text order; an earlier kind wins a place
    present = _kinds_present(flat, words)
    stretches = _Stretches(flat)
    for kind, pattern in words.patterns:
        if kind not in present:
            continue
        matches = (m for lo, hi in stretches.holding(present[kind], BARRIERS.get(kind))
                   for m in pattern.finditer(flat, lo, hi))
        found = sorted(found + [(m.start(), m.end(), kind, _resolve(kind, m, pub, words, flat))
                                for m in matches if not _taken(found, m.start(), m.end())])
    mentions = []
    for s, e, kind, day in _merge(found, flat):
        first, last = offsets[base + s], _through_marks(text, offsets[base + e - 1] + 1, end)
        mentions.append(DateMention(first, last, text[first:last], day, kind))
    return mentions


def _taken(found: list[tuple], start: int, end: int) -> bool:
    """Return True when [start, end) overlaps an expression of `found` (sorted, non-overlapping)."""
    place = bisect.bisect_left(found, (start,))
    return (place > 0 and found[place - 1][1] > start) or (place < len(found) and found[place][0] < end)


def _folded_span(text: str, start: int, end: int, whole) -> tuple[str, list[int], int]:
    """Return text[start:end] folded, an offset map and where the span's part of it begins.

    The folded character `i` of the span stands for `text[offsets[base + i]]`; the span is cut
    from `whole` (`folded(text)`) when given, without copying its offsets.
    """
    if whole is None:
        flat, offsets = folded(text[start:end])
        return flat, [start + o for o in offsets], 0
    flat, offsets = whole
    lo, hi = bisect.bisect_left(offsets, start), bisect.bisect_left(offsets, end)
    return flat[lo:hi], offsets, lo


DIGIT_DATE = regex.compile(r"\d[/.\-][01]?\d[/.\-]")


def _kinds_present(flat: str, words: DateWords) -> dict[str, list[int] | None]:
    """Return the kinds of date expression whose required words (or digits) occur in the text.

    Each kind maps to the places of its words (None for numeric dates).
    """
    present: dict[str, list[int] | None] = {}
    for place, kinds in words.keywords.iter(flat):
        for kind in kinds:
            present.setdefault(kind, []).append(place)
    if "month" in present:
        present["absolute"] = present["month"]
    if DIGIT_DATE.search(flat):
        present["numeric"] = None
    return present


# Per kind, the characters that no expression of the kind takes: a barrier that its matches never
# cross; none for numeric dates (digits and marks only, and rare: run on the whole text).
WORDS_ONLY = regex.compile(r"[^\w\s]")
BARRIERS = {"hijri": WORDS_ONLY, "relative": WORDS_ONLY, "weekday": WORDS_ONLY, "vague": WORDS_ONLY,
            "absolute": regex.compile(r"[^\w\s,،/()\-]")}


class _Stretches:
    """The stretches of a folded text between barrier characters (see BARRIERS), found on first use.

    A pattern that never takes a barrier character matches inside one stretch, and its
    look-arounds see the same at a stretch's edge (a barrier: no word, no space) as at the text's
    end; so it finds the same matches run on the stretches that hold its words.
    """

    def __init__(self, flat: str):
        self.flat = flat
        self.marks: dict[regex.Pattern, list[int]] = {}

    def holding(self, places: list[int] | None, barrier: regex.Pattern | None) -> list[tuple[int, int]]:
        """Return, in order, the stretches holding `places`; the whole text without a barrier."""
        if places is None or barrier is None:
            return [(0, len(self.flat))]
        if barrier not in self.marks:
            self.marks[barrier] = [m.start() for m in barrier.finditer(self.flat)]
        marks, found = self.marks[barrier], set()
        for place in places:
            i = bisect.bisect_left(marks, place)
            found.add((marks[i - 1] + 1 if i else 0, marks[i] if i < len(marks) else len(self.flat)))
        return sorted(found)


def _through_marks(text: str, end: int, limit: int) -> int:
    """Return `end` moved past diacritics and tatweel that belong to the last word («غداً», «هـ»)."""
    while end < limit and DROPPED.match(text[end]):
        end += 1
    return end


SENTENCE_END = regex.compile(r"[.؟!\n]")
PRIORITY = {"absolute": 0, "hijri": 0, "numeric": 0, "relative": 1, "weekday": 2, "vague": 3}


def _merge(found, flat: str):
    """Join expressions that stand together («أمس الجمعة 31 مارس»); the most exact day wins."""
    merged: list[list] = []
    for s, e, kind, day in found:
        gap = flat[merged[-1][1]:s] if merged else None
        if merged and len(gap) <= 3 and not SENTENCE_END.search(gap):
            last = merged[-1]
            best = min((last[2], last[3]), (kind, day), key=lambda kd: (kd[1] is None, PRIORITY[kd[0]]))
            if last[2] == kind == "weekday" and last[3] and day:
                best = (kind, max(last[3], day))  # «ليل الخميس الجمعة»: the night ends on the later day
            merged[-1] = [last[0], e, best[0], best[1]]
        else:
            merged.append([s, e, kind, day])
    return [tuple(m) for m in merged]


def _resolve(kind: str, m, pub: dt.date | None, words: DateWords, flat: str) -> str | None:
    if kind == "vague":
        return None
    if kind == "hijri":
        return _hijri(m, pub, words)
    if kind == "absolute":
        return _absolute(m, pub, words)
    if kind == "numeric":
        return _numeric(m)
    if pub is None:
        return None
    if kind == "relative":
        return (pub + dt.timedelta(days=words.relative[_key(m["word"])])).isoformat()
    return _weekday(words.weekdays[_key(m["word"])], m["dir"], pub).isoformat()


def _key(word: str) -> str:
    return " ".join(word.split())


def _weekday(weekday: int, direction: str | None, pub: dt.date) -> dt.date:
    """Return the day named by a weekday: the latest on or before `pub`, unless after/before."""
    back = (pub.weekday() - weekday) % 7
    if direction and FORWARD.match(direction):
        return pub + dt.timedelta(days=(weekday - pub.weekday()) % 7 or 7)
    if direction and back == 0:
        back = 7
    return pub - dt.timedelta(days=back)


def _absolute(m, pub: dt.date | None, words: DateWords) -> str | None:
    day = int(m["day"]) if m["day"].isdigit() else words.ordinals[_key(m["day"])]
    month = words.months[_key(m["month"])]
    year = int(m["year"]) if m["year"] else (pub.year if pub else None)
    if year is None:
        return None
    try:
        found = dt.date(year, month, day)
    except ValueError:
        return None
    if not m["year"] and pub and found > pub + dt.timedelta(days=45):
        found = found.replace(year=year - 1)
    return found.isoformat()


def _numeric(m) -> str | None:
    """Return the day of a numeric date (24/5/2018, 2018-05-24), or None if it is no real day."""
    day, month, year = (m["day"], m["month"], m["year"]) if m["year"] else (m["day2"], m["month2"], m["year2"])
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _hijri(m, pub: dt.date | None, words: DateWords) -> str | None:
    month, day = words.hijri[_key(m["month"])], int(m["day"])
    year = int(m["year"]) if m["year"] else (hijri_year(pub) if pub else None)
    if year is None:
        return None
    try:
        return hijri_to_gregorian(year, month, day).isoformat()
    except ValueError:
        return None


def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """Return the Gregorian day of a Hijri date (Umm al-Qura when hijridate is installed)."""
    try:
        from hijridate import Hijri
    except ImportError:
        return _tabular_hijri(year, month, day)
    try:
        return Hijri(year, month, day).to_gregorian()
    except (ValueError, OverflowError) as exc:
        raise ValueError(str(exc)) from exc


def _tabular_hijri(year: int, month: int, day: int) -> dt.date:
    """Return the Gregorian day of a date of the arithmetic (tabular) Islamic calendar."""
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise ValueError(f"no Hijri day {year}-{month}-{day}")
    days = day + int(29.5 * (month - 1) + 0.99) + (year - 1) * 354 + (3 + 11 * year) // 30
    julian_day = days + 1948439 - 1
    return dt.date.fromordinal(julian_day - 1721424)


def hijri_year(day: dt.date) -> int:
    """Return the Hijri year in which a Gregorian day falls (tabular approximation)."""
    return int((day.toordinal() + 1721424 - 1948439) * 30 / 10631) + 1


def _day(published: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((published or "")[:10])
    except ValueError:
        return None
