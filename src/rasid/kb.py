"""Actor knowledge base: people and organisations with time-bounded roles.

The KB ships as `models/kb.jsonl.gz` (one actor a line), built by `rasid kb build` from
../shared/data/kb and the mined `models/kb_learned.jsonl.gz` (`rasid kb learn`). The pipeline
calls `KB.load()` once; `kb.lookup(name, on=date)` returns candidates best first.

CLI entry points (`add_arguments(subparsers)` registers them): `cli_build(args)` reads
`args.shared`; `cli_learn(args)` reads `args.inputs`, `args.output`, `args.shared`;
`cli_actors(args)` reads `args.name`, `args.on`, `args.json`, `args.limit`.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rasid.errors import ModelError, UsageError
from rasid.kb_build import KB_FILE, LEARNED_FILE, SECTOR_TITLES, build_kb, read_jsonl, write_jsonl
from rasid.normalize import fold_phrase

DEFAULT_SHARED = Path(__file__).resolve().parents[2].parent / "shared"
# Given names and particles too common to identify a person on their own.
GENERIC_TITLES = set(SECTOR_TITLES.values()) | {"مسؤول"}
NOT_SURNAMES = {"محمد", "احمد", "علي", "عبد", "بن", "ابو", "الله", "حسن", "حسين", "خالد", "عمر", "سلمان", "ال"}
# Letters that transliterations of one foreign sound alternate between (g: غ/ج/ق/گ, ch: تش/ج, s: س/ش).
SOUND_CLASSES = str.maketrans({"غ": "ج", "ق": "ج", "گ": "ج", "ك": "ج", "ث": "س", "ش": "س", "ذ": "ز", "ظ": "ز"})
MATCH_MEMO = 8_192  # names
SPELLING_SIMILARITY = 0.78  # «بوتن»/«بوتين» 0.89, «سيرغي»/«سيرجي» 0.8, «الاصبحي»/«الصباح» 0.77
LONG_VOWELS = re.compile(r"(?<=.)[اويء]")


def joined_abd(folded: str) -> str:
    """Return a folded name with «عبد» joined to the word after it («عبد الرزاق» → «عبدالرزاق»)."""
    return folded.replace("عبد ", "عبد")


def sound_key(folded: str) -> str:
    """Return a spelling-blind key of a folded name: «بوتين»/«بوتن», «نتنياهو»/«نتانياهو»,
    «سيرغي»/«سيرجي», «تشاوش»/«جاويش», «عبدالرزاق»/«عبد الرزاق» share one (long vowels after the first letter dropped,
    letters that render one foreign sound merged)."""
    words = []
    for word in joined_abd(folded).replace("تش", "ج").split():
        words.append(LONG_VOWELS.sub("", word.translate(SOUND_CLASSES)))
    return " ".join(words)


@dataclass(frozen=True)
class Role:
    title: str
    country: str | None
    start: str | None
    end: str | None  # None: still holds
    sector: str | None = None
    evidence: int = 0

    def active(self, on: str | None) -> bool:
        """Return True when the role holds on ISO date `on` (always True without a date)."""
        if on is None:
            return True
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True)
class Candidate:
    kb_id: str
    name: str
    name_latin: str | None
    country: str | None
    sector: str | None
    roles: tuple[Role, ...]
    score: float

    def to_json(self) -> dict:
        return {"name": self.name, "kb_id": self.kb_id, "name_latin": self.name_latin, "country": self.country,
                "sector": self.sector, "score": round(self.score, 3),
                "roles": [{"title": r.title, "country": r.country, "start": r.start, "end": r.end} for r in self.roles]}


def iso_date(on: date | str | None) -> str | None:
    """Return `on` as an ISO date string (None stays None)."""
    if on is None or on == "":
        return None
    if isinstance(on, date):
        return on.isoformat()
    try:
        return date.fromisoformat(str(on)[:10]).isoformat()
    except ValueError as error:
        raise UsageError(f"date {on!r}: not an ISO date; write it as YYYY-MM-DD") from error


def romanize(name: str) -> str | None:
    """Return a Latin-script spelling of an Arabic name (arabic-name-romanizer, MIT), or None."""
    try:
        from arabic_name_romanizer import transliterate
        return transliterate(name) or None
    except Exception:  # the romanizer is optional: a missing model must not stop a batch
        return None


class KB:
    """In-memory actor KB with full-name and surname indexes over folded names."""

    def __init__(self, records: list[dict]):
        self.records = {r["kb_id"]: r for r in records}
        self._match_memo: dict[str, tuple[set[str], set[str], set[str]]] = {}
        self.full: dict[str, set[str]] = {}
        self.surname: dict[str, set[str]] = {}
        self.sound: dict[str, set[str]] = {}  # sound keys of full names and surnames
        self.opening: dict[str, set[str]] = {}  # sound keys of the first two words of longer names
        for record in records:
            given = fold_phrase(record["name"]).split()[0] if " " in record["name"].strip() else None
            for alias in {record["name"], *record.get("aliases", ())}:
                key = fold_phrase(alias)
                if key != given:  # «آبي» alone is Abiy Ahmed's given name, no full name of his
                    self.full.setdefault(key, set()).add(record["kb_id"])
                self.sound.setdefault(sound_key(key), set()).add(record["kb_id"])
                words = key.split()
                if len(words) > 2:
                    self.opening.setdefault(sound_key(" ".join(words[:2])), set()).add(record["kb_id"])
                if len(words) > 1 and words[-1] not in NOT_SURNAMES and len(words[-1]) > 2:
                    self.surname.setdefault(words[-1], set()).add(record["kb_id"])
                    self.sound.setdefault(sound_key(words[-1]), set()).add(record["kb_id"])
                if len(words) > 2 and words[-2] not in NOT_SURNAMES | {"بن", "ابن", "ابو"}:
                    # a two-word surname: «داود اوغلو», «جاويش اوغلو», «عبد المهدي» stays out (عبد)
                    two = " ".join(words[-2:])
                    self.surname.setdefault(two, set()).add(record["kb_id"])
                    self.sound.setdefault(sound_key(two), set()).add(record["kb_id"])

    @classmethod
    def load(cls, path: Path | None = None) -> "KB":
        """Return the shipped KB (call once per run)."""
        path = path or KB_FILE
        try:
            return cls(read_jsonl(path) if path.exists() else [])
        except (OSError, ValueError) as error:
            raise ModelError(f"{path}: unreadable KB ({error}); run `rasid kb build`") from error

    def lookup(self, name: str, on: date | str | None = None) -> list[Candidate]:
        """Return KB candidates for a full name or distinctive surname, best first.

        Ranking: a role active on `on`, then exact over surname match, then evidence. A name
        spelt another way («بوتن» for «بوتين») matches through its sound key when nothing else does.
        """
        exact, partial, literal = self._matches(fold_phrase(name))
        when = iso_date(on)
        found = [self.candidate(kb_id, when, kb_id in exact, kb_id in literal) for kb_id in exact | partial]
        return sorted(found, key=lambda c: (-c.score, c.kb_id))

    def _matches(self, key: str) -> tuple[set[str], set[str], set[str]]:
        """Return the (exact, partial, literal surname) actor ids of a folded name, memoised per KB.

        The memo holds at most `MATCH_MEMO` names (the oldest go first): a pure function of
        the name and the loaded KB, so it cannot change an answer.
        """
        memo = self._match_memo
        found = memo.get(key)
        if found is None:
            found = memo[key] = self._match(key)
            if len(memo) > MATCH_MEMO:
                del memo[next(iter(memo))]
        return found

    def _match(self, key: str) -> tuple[set[str], set[str], set[str]]:
        exact = self.full.get(key, set())
        words = key.split()
        partial = set()
        if len(words) == 1:
            partial = self.surname.get(key, set()) | self.surname.get("ال" + key, set())
        elif words:  # «دي ميستورا» is a surname of «ستيفان دي ميستورا» even when a record is named so
            partial = self.surname.get(key, set()) | {
                i for i in self.surname.get(words[-1], set()) if self.ends_with(i, words)}
        if words and not exact and not partial:
            partial = {i for i in self.sound.get(sound_key(key), set()) if self.spelt_alike(i, key)}
        if len(words) > 1 and not exact and not partial:
            partial = {i for i in self.opening.get(sound_key(" ".join(words[:2])), ()) if self.starts_with(i, words)}
        if len(words) > 2 and not exact and not partial:
            exact = self.full.get(" ".join(words[:-1]), set())  # «مون جاي إن» is the KB's «مون جاي»
        literal = self.surname.get(key, set())  # «شريف» is «نواز شريف» before «... الشريف»
        return exact, partial, literal

    def ends_with(self, kb_id: str, words: list[str]) -> bool:
        """Return True when an alias of the actor ends with the query's words («جاويش اوغلو»)."""
        record = self.records[kb_id]
        return any(fold_phrase(a).split()[-len(words):] == words for a in {record["name"], *record.get("aliases", ())})

    def spelt_alike(self, kb_id: str, key: str) -> bool:
        """Return True when an alias (or its last words) is spelt close to the folded query: a
        shared sound key alone is too loose («الاصبحي» is no «الصباح»)."""
        from difflib import SequenceMatcher

        key = joined_abd(key)
        size = len(key.split())
        record = self.records[kb_id]
        return any(SequenceMatcher(None, key, " ".join(joined_abd(fold_phrase(a)).split()[-size:])).ratio()
                   >= SPELLING_SIMILARITY for a in {record["name"], *record.get("aliases", ())})

    def starts_with(self, kb_id: str, words: list[str]) -> bool:
        """Return True when an alias of the actor opens with the query's words, spelt either way
        («خالد محفوظ» for «خالد محفوظ بحاح»)."""
        record = self.records[kb_id]
        want = sound_key(" ".join(words)).split()
        return any(sound_key(fold_phrase(a)).split()[:len(want)] == want
                   for a in {record["name"], *record.get("aliases", ())} if len(a.split()) > len(words))

    def candidate(self, kb_id: str, when: str | None, exact: bool, literal: bool = False) -> Candidate:
        """Return the candidate with its roles held on `when` first; the score counts an active
        role (10), an exact full name (5), a surname spelt as queried (2) and log evidence."""
        record = self.records[kb_id]
        roles = [Role(r["title"], r.get("country"), r.get("start"), r.get("end"), r.get("sector"),
                      r.get("evidence", 0)) for r in record["roles"]]
        roles.sort(key=lambda r: (not r.active(when), r.title in GENERIC_TITLES, -r.evidence))
        evidence = sum(r.evidence for r in roles)
        active = [r for r in roles if r.active(when)] if when else []
        score = (10.0 if active else 0.0) + (5.0 if exact else 0.0) + (2.0 if literal else 0.0) + math.log1p(evidence)
        # On a date, the country and sector are those of the best role held then.
        main = active[0] if active and active[0].title not in GENERIC_TITLES else None
        return Candidate(kb_id, record["name"], record.get("name_latin"),
                         (main.country if main else None) or record.get("country"),
                         (main.sector if main and main.sector else None) or record.get("sector"), tuple(roles), score)


def cli_build(args) -> int:
    """`rasid kb build [--shared DIR]`: regenerate lexicons and the KB from ../shared."""
    from rasid.kb_lexicons import build_lexicons

    shared = Path(getattr(args, "shared", None) or DEFAULT_SHARED)
    if not (shared / "data/kb").is_dir():
        raise UsageError(f"{shared}: no data/kb folder; pass --shared DIR pointing at the shared data")
    counts = build_lexicons(shared)
    counts["kb.jsonl.gz"] = build_kb(shared)
    for name, count in counts.items():
        print(f"{name}\t{count}")
    return 0


def cli_learn(args) -> int:
    """`rasid kb learn INPUT... [-o FILE]`: mine roles from dated news, then rebuild the KB."""
    import time

    from rasid.gazetteer import Gazetteer
    from rasid.kb_learn import mine_corpus, name_units, word_counts
    from rasid.kb_people import MIN_ARTICLES, learned_actors

    started = time.time()
    output = Path(getattr(args, "output", None) or LEARNED_FILE)
    counts = word_counts(list(args.inputs))
    seen = mine_corpus(list(args.inputs), Gazetteer.load(), counts=counts)
    actors = learned_actors(seen, MIN_ARTICLES, counts, name_units())
    write_jsonl(output, actors)
    shared = Path(getattr(args, "shared", None) or DEFAULT_SHARED)
    total = build_kb(shared, output) if output == LEARNED_FILE and (shared / "data/kb").is_dir() else None
    print(f"learned {len(actors)} actors in {time.time() - started:.0f}s -> {output}"
          + (f"; KB now {total} actors" if total else ""))
    return 0


def cli_actors(args) -> int:
    """`rasid actors NAME [--on DATE] [--json]`: show KB matches with roles, best first."""
    kb = KB.load()
    candidates = kb.lookup(args.name, getattr(args, "on", None))[: getattr(args, "limit", None) or 10]
    if getattr(args, "json", False):
        rows = []
        for c in candidates:
            row = c.to_json()
            row["name_latin"] = row["name_latin"] or romanize(c.name)
            rows.append(row)
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    print_table(args.name, candidates)
    return 0


def print_table(query: str, candidates: list[Candidate]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"KB matches for {query}")
    for column in ("kb_id", "name", "country", "sector", "roles"):
        table.add_column(column)
    for c in candidates:
        roles = "\n".join(f"{r.title} ({r.country}) {r.start or '?'} → {r.end or 'now'}" for r in c.roles[:4])
        table.add_row(c.kb_id, c.name, c.country or "", c.sector or "", roles)
    Console().print(table)


def add_arguments(subparsers) -> None:
    """Register `kb build`, `kb learn` and `actors` on an argparse subparsers object."""
    kb = subparsers.add_parser("kb", help="build or learn the actor knowledge base")
    kb_sub = kb.add_subparsers(dest="kb_command", required=True)
    build = kb_sub.add_parser("build", help="rebuild lexicons and the KB from ../shared")
    build.add_argument("--shared", help="the shared data folder (default: ../shared)")
    build.set_defaults(func=cli_build)
    learn = kb_sub.add_parser("learn", help="mine title+name appositions from dated news")
    learn.add_argument("inputs", nargs="+", metavar="INPUT", help="JSON Lines articles (.jsonl or .jsonl.gz)")
    learn.add_argument("-o", "--output", help="mined file (default: the shipped models/kb_learned.jsonl.gz)")
    learn.add_argument("--shared", help="the shared data folder (default: ../shared)")
    learn.set_defaults(func=cli_learn)
    actors = subparsers.add_parser("actors", help="who was what when: KB matches for a name")
    actors.add_argument("name", help="a full name or a distinctive surname, as the news writes it")
    actors.add_argument("--on", help="the date the roles must hold on (YYYY-MM-DD)")
    actors.add_argument("--json", action="store_true", help="print JSON")
    actors.add_argument("--limit", type=int, default=10, help="at most this many candidates")
    actors.set_defaults(func=cli_actors)


add_commands = add_arguments  # the name rasid.cli looks for in subcommand modules
