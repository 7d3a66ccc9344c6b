"""Group candidate mentions into one cluster per real-world entity, then find their other mentions.

Keys: a lexicon entry's identity (a country's ISO3 code, a city's canonical name), else the
folded name without punctuation (so «سعد_الحريري» = «سعد الحريري»). A person's surname or last
two names join the fullest name that ends with them; an organisation named with its head word
(«تحالف الفتح», «حركة فتح») joins its bare name («الفتح», «فتح»).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from .entities_lexicon import EntityLexicon, Entry, PhraseIndex
from .entities_tokens import Candidate, Tokens, make_candidate
from .normalize import PROCLITICS

MIN_SURNAME_LETTERS = 3
TYPO_MIN_LETTERS = 5  # a surname this long may be misspelt by one letter and still be recognised


@dataclass
class Cluster:
    """The mentions of one entity, in text order, and the type they vote for."""
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def type(self) -> str:
        if len(self.candidates) == 1:
            return self.candidates[0].type
        kinds = {c.type for c in self.candidates}
        if len(kinds) == 1:
            return kinds.pop()
        votes: dict[str, int] = {}
        for c in self.candidates:
            votes[c.type] = votes.get(c.type, 0) + (3 if c.source != "ner" else 1)
        return max(votes, key=votes.__getitem__)

    @property
    def first(self) -> int:
        return min(c.start for c in self.candidates)

    @property
    def words(self) -> tuple[str, ...]:
        """The folded words of the fullest name."""
        if len(self.candidates) == 1:
            return self.candidates[0].key
        return max((c.key for c in self.candidates), key=len)


def identity(candidate: Candidate) -> tuple:
    """Return the grouping key of a candidate."""
    entry = candidate.entry
    if entry is not None and entry.kind == "country" and entry.country:
        return ("country", entry.country)
    if entry is not None and candidate.source == "lex":
        return ("lex", entry.type, entry.key)
    if candidate.source == "inst" and entry is not None:
        return ("inst", entry.canonical, candidate.country)
    return ("name", candidate.key)


def cluster(candidates: list[Candidate], tokens: Tokens, lexicon: EntityLexicon) -> list[Cluster]:
    """Return clusters of candidates (one per entity), ordered by first mention."""
    by_key: dict[tuple, Cluster] = {}
    for candidate in sorted(candidates, key=lambda c: c.start):
        by_key.setdefault(identity(candidate), Cluster()).candidates.append(candidate)
    clusters = _split_coordinated(list(by_key.values()), tokens)
    clusters = _merge_bodies(clusters)
    clusters = _merge_full_names(clusters)
    for _ in range(2):  # the second pass sees surnames freed of a word run into them
        clusters = _merge_short_names(clusters, tokens, lexicon)
    clusters = _merge_org_heads(clusters, lexicon)
    clusters = _merge_org_first_words(clusters)
    return sorted(clusters, key=lambda c: c.first)


def _merge_org_first_words(clusters: list[Cluster]) -> list[Cluster]:
    """Join a lone tagged word, of whatever type the tagger gave it, to the one organisation whose
    name opens with it («زين» after «شركة زين السعودية»): the short form of the body's name."""
    openers: dict[str, list[Cluster]] = {}
    for c in clusters:
        if c.type == "ORG" and len(c.words) > 1:
            openers.setdefault(c.words[0], []).append(c)
    kept = []
    for c in clusters:
        owners = openers.get(c.words[0], []) if _is_bare_ner(c) else []
        if len(owners) == 1 and owners[0] is not c:
            owners[0].candidates.extend(c.candidates)
        else:
            kept.append(c)
    return kept


def _split_coordinated(clusters: list[Cluster], tokens: Tokens) -> list[Cluster]:
    """Split a tagged name that runs over «و» into a second name («جنرال الكتريك وسيمنز») when
    the part before «و» is already an entity of the article."""
    by_words = {c.words: c for c in clusters}
    kept = []
    for c in clusters:
        pieces = _coordinated(c, tokens, by_words) if len(c.candidates) == 1 else None
        if pieces is None:
            kept.append(c)
            continue
        left, right = pieces
        by_words[left.key].candidates.append(left)
        other = by_words.get(right.key)
        if other is None:
            other = by_words[right.key] = Cluster()
            kept.append(other)
        other.candidates.append(right)
    return kept


def _coordinated(c: Cluster, tokens: Tokens, by_words: dict) -> tuple[Candidate, Candidate] | None:
    m = c.candidates[0]
    if m.source != "ner" or m.type == "PER":
        return None
    for t in range(m.first + 1, m.last + 1):
        if tokens.words[t][:1] == "و" and len(tokens.words[t]) > 3:
            left = replace(m, last=t - 1, end=tokens.spans[t - 1][1], key=m.key[:t - m.first],
                           name=tokens.text[m.start:tokens.spans[t - 1][1]])
            if left.key in by_words and by_words[left.key] is not c:
                return left, make_candidate(tokens, t, m.last, 1, False, m.type, "ner")
    return None


def _merge_bodies(clusters: list[Cluster]) -> list[Cluster]:
    """Join a body named without its country («مجلس النواب») to the one qualified body of that name."""
    qualified: dict[str, list[Cluster]] = {}
    for c in clusters:
        key = identity(c.candidates[0])
        if key[0] == "inst" and key[2] is not None:
            qualified.setdefault(key[1], []).append(c)
    kept = []
    for c in clusters:
        key = identity(c.candidates[0])
        owners = qualified.get(key[1], []) if key[0] == "inst" and key[2] is None else []
        if len(owners) == 1:
            owners[0].candidates.extend(c.candidates)
        else:
            kept.append(c)
    return kept


def _merge_full_names(clusters: list[Cluster]) -> list[Cluster]:
    """Join two forms of one person's full name with the same first and last word
    («سعد الحريري», «سعد الدين الحريري»), or the same last word and a first word misspelt by
    one letter («جاوييش أوغلو», «جاويش أوغلو»)."""
    by_ends: dict[tuple[str, str], Cluster] = {}
    by_last: dict[str, list[tuple[str, Cluster]]] = {}
    kept = []
    for c in clusters:
        words = c.words
        if c.type != "PER" or len(words) < 2:
            kept.append(c)
            continue
        owner = by_ends.setdefault((words[0], words[-1]), c)
        if owner is c:
            by_last.setdefault(words[-1], []).append((words[0], c))
            owner = next((o for first, o in by_last[words[-1]] if o is not c
                          and len(first) >= TYPO_MIN_LETTERS - 1 and _one_letter_off(first, words[0])), c)
        if owner is c:
            kept.append(c)
        else:
            owner.candidates.extend(c.candidates)
    return kept


class NameIndex:
    """Every person cluster under the keys a shorter mention of them may have: each ending of the
    name («لافروف», «جاويش أوغلو»), the last two words run together («لودريان»), each beginning
    from three words on («محمد بن سلمان …»), the first name («سعد») and the full name."""

    def __init__(self, people: list[Cluster]):
        self.keys: dict[tuple[str, ...], dict[int, Cluster]] = {}
        for person in people:
            words = person.words
            for size in range(1, len(words)):
                self._add(words[-size:], person)
            if len(words) >= 2:
                self._add((words[-2] + words[-1],), person)
            for size in range(3, len(words)):
                self._add(("<",) + words[:size], person)
            if len(words) > 1:
                self._add((">",) + words[:1], person)
            self._add(("=",) + words, person)

    def _add(self, key: tuple[str, ...], person: Cluster) -> None:
        self.keys.setdefault(key, {})[id(person)] = person

    def only(self, key: tuple[str, ...], besides: Cluster, longer: bool = False, but=None) -> Cluster | None:
        """Return the one cluster (other than `besides`, and none for which `but` holds) under `key`,
        or None if none or several."""
        found = [c for c in self.keys.get(key, {}).values() if c is not besides and (not longer or len(c.words) > 1)
                 and (but is None or not but(c))]
        return found[0] if len(found) == 1 else None

    def taken(self, key: tuple[str, ...], besides: Cluster) -> bool:
        """Return True when some cluster other than `besides` is under `key`."""
        return any(c is not besides for c in self.keys.get(key, {}).values())

    def near(self, word: str, besides: Cluster) -> Cluster | None:
        """Return the one person whose one-word key is `word` misspelt by one letter, or None."""
        found = {id(c): c for key in self.keys if len(key) == 1 and _one_letter_off(key[0], word)
                 for c in self.keys[key].values() if c is not besides}
        return next(iter(found.values())) if len(found) == 1 else None


def _merge_short_names(clusters: list[Cluster], tokens: Tokens, lexicon: EntityLexicon) -> list[Cluster]:
    """Join a person named by surname(s) to the one longer name that ends with them (or, from three
    words on, begins with them); a surname misspelt by one letter («بيسوف») or a name the tagger
    ran into a neighbouring word («قائمتا الصدر», «مادورو خليفة») joins too."""
    index = NameIndex([c for c in clusters if c.type == "PER"])
    merged = []
    for c in clusters:
        owner = _owner(c, index, tokens, lexicon) if c.type == "PER" or _is_bare_ner(c) else None
        if owner is not None and len("".join(c.words)) >= MIN_SURNAME_LETTERS:
            owner.candidates.extend(c.candidates)
        else:
            merged.append(c)
    return merged


def _owner(c: Cluster, index: NameIndex, tokens: Tokens, lexicon: EntityLexicon) -> Cluster | None:
    """Return the person cluster that `c` is a shorter or garbled mention of, or None."""
    words = c.words
    owner = index.only(words, c) or (index.only(("<",) + words, c) if len(words) >= 3 else None) \
        or index.only(words, c, but=lambda other: _run_on(other, lexicon))
    if owner is not None or index.taken(words, c) or not all(m.source == "ner" for m in c.candidates):
        return owner
    if len(words) == 1 and words[0] in tokens.given:  # «سعد» after «سعد دوابشة»: a first name alone
        return index.only((">",) + words, c)
    if len(words) == 1:
        return index.near(words[0], c) if len(words[0]) >= TYPO_MIN_LETTERS else None
    return _owner_of_run_on(c, index, tokens, lexicon)


def _owner_of_run_on(c: Cluster, index: NameIndex, tokens: Tokens, lexicon: EntityLexicon) -> Cluster | None:
    """Return the person a tagged name belongs to once a word run into it is cut off, cutting it:
    a word before a surname («قائمتا الصدر»), a stray word after a full or first name («ميشال
    عون بتكليفي», «جوزيه للصحفيين»), a word after a surname («مادورو خليفة»)."""
    words = c.words
    cuts = []
    if len(words) == 2 and words[0] not in lexicon.given:
        cuts.append((index.only(words[1:], c), lambda m: _one_word(m, m.last, tokens)))
    if len(c.candidates) == 1 and _stray(words[-1], lexicon) \
            and tokens.words[c.candidates[0].last - 1][:1].isalnum():  # a hyphenated last part stays
        definite = words[-1].startswith("لل") or words[-1][1:3] == "ال"  # «للصحفيين»; «بينر» is a surname
        rest = index.only(("=",) + words[:-1], c) if len(words) >= 3 else (
            index.only((">",) + words[:1], c) if definite else None)
        cuts.append((rest, lambda m: _cut_last(m, tokens)))
    if len(words) == 2:
        cuts.append((index.only(words[:1], c, longer=True), lambda m: _one_word(m, m.first, tokens)))
    for owner, cut in cuts:
        if owner is not None:
            c.candidates = [cut(m) for m in c.candidates]
            return owner
    return None


def _run_on(c: Cluster, lexicon: EntityLexicon) -> bool:
    """Return True for what looks like a word the tagger ran into a surname, said once
    («أعيد انتخاب روحاني»): two words, the first no common given name."""
    return len(c.candidates) == 1 and len(c.words) == 2 and c.words[0] not in lexicon.common_given \
        and c.candidates[0].source == "ner"


def _stray(word: str, lexicon: EntityLexicon) -> bool:
    """Return True for a word behind a proclitic that is no given name («بتكليفي», not «موسى»)."""
    return word[:1] in PROCLITICS and word not in lexicon.given


def _cut_last(m: Candidate, tokens: Tokens) -> Candidate:
    """Return the mention without its last token."""
    end = tokens.spans[m.last - 1][1]
    return replace(m, last=m.last - 1, end=end, key=m.key[:-1], name=m.name[:len(m.name) - (m.end - end)])


def _one_word(m: Candidate, i: int, tokens: Tokens) -> Candidate:
    """Return the mention cut down to its token `i` (its proclitic kept out if it is the first)."""
    if m.first == m.last:
        return m
    prefix = m.start - tokens.spans[m.first][0] if i == m.first else 0
    return make_candidate(tokens, i, i, 0, False, m.type, m.source) if not prefix else \
        replace(m, last=i, end=tokens.spans[i][1], name=tokens.text[m.start:tokens.spans[i][1]], key=m.key[:1])


def _one_letter_off(a: str, b: str) -> bool:
    """Return True when `b` is `a` with one letter left out, added or changed."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1:] == short for i in range(len(long_)))


def _is_bare_ner(c: Cluster) -> bool:
    return all(candidate.source == "ner" for candidate in c.candidates) and len(c.words) == 1


def _merge_org_heads(clusters: list[Cluster], lexicon: EntityLexicon) -> list[Cluster]:
    """Join «حركة فتح» and «فتح» (a name with and without its head word), and the short and long
    forms of one headed name («حكومة الإنقاذ», «حكومة الإنقاذ الليبية», «حكومة الإنقاذ الوطني
    الليبية»): a form whose core (nisba dropped) begins the core of exactly one longer form."""
    by_words = {c.words: c for c in clusters if c.type == "ORG"}
    headed = sorted((c for c in clusters if c.type == "ORG" and c.words and c.words[0] in lexicon.heads),
                    key=lambda c: -len(_core(c.words, lexicon)))
    target: dict[int, Cluster] = {}
    owners: dict[tuple[str, ...], dict[int, Cluster]] = {}
    for c in headed:
        core = _core(c.words, lexicon)
        longer = owners.get(core, {})
        into = by_words.get(c.words[1:]) or (next(iter(longer.values())) if len(longer) == 1 else None)
        target[id(c)] = into if into is not None and into is not c else c
        root = target[id(c)]
        for size in range(2, len(core) + 1):
            owners.setdefault(core[:size], {})[id(root)] = root
    kept = []
    for c in clusters:
        into = target.get(id(c), c)
        while target.get(id(into), into) is not into:
            into = target[id(into)]
        if into is c:
            kept.append(c)
        else:
            into.candidates.extend(c.candidates)
    return kept


def _core(words: tuple[str, ...], lexicon: EntityLexicon) -> tuple[str, ...]:
    """Return an organisation's name words without trailing nisba adjectives."""
    end = len(words)
    while end > 2 and lexicon.nisba_of(words[end - 1]):
        end -= 1
    return words[:end]


def more_mentions(clusters: list[Cluster], tokens: Tokens, lexicon: EntityLexicon) -> None:
    """Add to each cluster the uncovered places where one of its names recurs (with proclitics)."""
    covered = covered_tokens(clusters, len(tokens.words))
    index, owner = _surface_index(clusters, lexicon)
    after = 0  # the first token a new mention may start at
    for i in tokens.having(index.by_first):
        match = None if covered[i] or i < after else index.match_at(tokens.words, i, readings=tokens.readings[i])
        if match is None or any(covered[match.first:match.last + 1]):
            continue
        c = owner[id(match.entry)]
        c.candidates.append(make_candidate(tokens, match.first, match.last, match.prefix,
                                           match.elided, c.type, "again", c.candidates[0].entry))
        after = match.last + 1
    for c in clusters:
        c.candidates.sort(key=lambda candidate: candidate.start)
    _join_adjacent_people(clusters, tokens)


def _join_adjacent_people(clusters: list[Cluster], tokens: Tokens) -> None:
    """Make one name of a person known only by given names and the mention touching it
    («جان-ايف» + «لو دريان»): the first cluster joins the second, and the two mentions become one."""
    people = sorted(((m, c) for c in clusters if c.type == "PER" for m in c.candidates), key=lambda p: p[0].start)
    for (a, ca), (b, cb) in zip(people, people[1:]):
        if ca is cb or b.first != a.last + 1 or b.start != tokens.spans[b.first][0] \
                or tokens.words[b.first][:1] == "و" or not ca.candidates \
                or not all(word in tokens.given for word in ca.words):
            continue  # «التقى خامنئي موغيريني»: two people side by side stay two
        joined = replace(a, last=b.last, end=b.end, key=a.key + b.key, name=tokens.text[a.start:b.end])
        ca.candidates.remove(a)
        cb.candidates[cb.candidates.index(b)] = joined
        cb.candidates.extend(ca.candidates)
        ca.candidates = []
        cb.candidates.sort(key=lambda candidate: candidate.start)
    clusters[:] = [c for c in clusters if c.candidates]


def _surface_index(clusters: list[Cluster], lexicon: EntityLexicon):
    """Return a phrase index of every cluster's names and the cluster each entry belongs to."""
    index, owner, seen = PhraseIndex(), {}, set()
    for c in clusters:
        forms, kind, words = {candidate.key for candidate in c.candidates}, c.type, c.words
        if kind == "PER" and len(words) > 1 and _good_surname(words[-1], lexicon):
            forms.add(words[-1:])
        for form in forms:
            if form and form not in seen:
                seen.add(form)
                entry = Entry(" ".join(form), kind, "again", key=form)
                owner[id(entry)] = c
                index.add_words(form, entry)
    return index.finish(), owner


def _good_surname(word: str, lexicon: EntityLexicon) -> bool:
    return len(word) >= 4 and word not in lexicon.not_names and word not in lexicon.first_words


def add_title_mentions(phrases: dict[int, set[tuple[str, ...]]], clusters: list[Cluster],
                       tokens: Tokens) -> None:
    """Add bare uses of a person's title phrase («وزير الخارجية الروسي» with no name after it)
    as mentions of the one person the article gave that title to."""
    owner: dict[tuple[str, ...], Cluster | None] = {}
    for c in clusters:
        for phrase in phrases.get(id(c), ()):
            owner[phrase] = c if owner.get(phrase, c) is c else None
    index, by_entry = PhraseIndex(), {}
    for phrase, c in owner.items():
        if c is not None:
            entry = Entry(" ".join(phrase), "PER", "title", key=phrase)
            by_entry[id(entry)] = c
            index.add_words(phrase, entry)
    if not by_entry:
        return
    covered = covered_tokens(clusters, len(tokens.words))
    for i in tokens.having(index.by_first):
        match = None if covered[i] else index.match_at(tokens.words, i, readings=tokens.readings[i])
        after = match.last + 2 if match is not None and tokens.words[match.last + 1:match.last + 2] in (["،"], [","]) \
            else (match.last + 1 if match is not None else 0)
        if match is None or any(covered[match.first:after + 1]):
            continue  # a name follows (maybe after a comma): the title introduces someone, maybe someone else
        c = by_entry[id(match.entry)]
        c.candidates.append(make_candidate(tokens, match.first, match.last, match.prefix,
                                           match.elided, "PER", "title"))
        covered[match.first:match.last + 1] = [True] * (match.last - match.first + 1)
    for c in clusters:
        c.candidates.sort(key=lambda candidate: candidate.start)


def covered_tokens(clusters: list[Cluster], size: int) -> list[bool]:
    """Return, for each of `size` tokens, whether a mention of some cluster covers it."""
    covered = [False] * size
    for c in clusters:
        for candidate in c.candidates:
            covered[candidate.first:candidate.last + 1] = [True] * candidate.size
    return covered
