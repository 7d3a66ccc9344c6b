"""Build the record's text: the title line, a blank line, the cleaned body.

Boilerplate lines (share buttons, «اترك تعليقاً», navigation) and the credit line
are removed by data-driven rules (`lexicons/boilerplate.tsv`, `credit_lines.tsv`);
only whole lines go, so nothing of the article body itself is lost.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from .ingest import RawArticle
from .model import Article
from .normalize import arabic_share, fold_phrase

PAGE_DATE = re.compile(r"(?<!\d)(20\d\d|19\d\d)[-/.](0?[1-9]|1[0-2])[-/.](0?[1-9]|[12]\d|3[01])(?!\d)")
PREFIX_MAX_WORDS = 25


@dataclass(frozen=True)
class CleanRules:
    lines: frozenset[str]
    prefixes: tuple[str, ...]
    regexes: tuple[re.Pattern, ...]
    tails: tuple[re.Pattern, ...]
    credits: tuple[re.Pattern, ...]
    version: str


def load_rules() -> CleanRules:
    """Return the boilerplate and credit-line rules shipped in `lexicons/`."""
    lines, prefixes, regexes, tails = set(), [], [], []
    for kind, pattern in _rows("boilerplate.tsv"):
        if kind == "line":
            lines.add(fold_phrase(pattern))
        elif kind == "prefix":
            prefixes.append(fold_phrase(pattern))
        elif kind == "regex":
            regexes.append(re.compile(pattern))
        elif kind == "tail":
            tails.append(re.compile(pattern))
    credits = tuple(re.compile(row[0]) for row in _rows("credit_lines.tsv"))
    count = len(lines) + len(prefixes) + len(regexes) + len(tails)
    return CleanRules(frozenset(lines), tuple(prefixes), tuple(regexes), tuple(tails), credits,
                      version=f"boilerplate-{count}")


def _rows(name: str) -> list[list[str]]:
    text = resources.files("rasid.lexicons").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def is_boilerplate(line: str, rules: CleanRules) -> bool:
    """Return True when a whole body line is page furniture, not article text."""
    stripped = line.strip()
    folded = fold_phrase(stripped)
    if not folded and stripped:
        return any(r.match(stripped) for r in rules.regexes)
    if folded in rules.lines:
        return True
    if len(folded.split()) < PREFIX_MAX_WORDS and folded.startswith(rules.prefixes):
        return True
    return any(r.match(stripped) for r in rules.regexes)


def credit(line: str, rules: CleanRules) -> str | None:
    """Return the outlet named by a credit line («البعث ميديا -سانا»), else None."""
    stripped = line.strip()
    for pattern in rules.credits:
        m = pattern.match(stripped)
        if m:
            return stripped
    return None


def clean(raw: RawArticle, rules: CleanRules) -> Article:
    """Return the Article of a raw input: cleaned text, outlet, published, warnings."""
    title = " ".join(raw.title.split())
    kept, outlet = [], raw.outlet
    lines = raw.body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        if is_boilerplate(line, rules):
            continue
        found = credit(line, rules) if index in (0, len(lines) - 1) or len(line) < 60 else None
        if found:
            outlet = outlet or found
            continue
        kept.append(line.strip())
    body = _cut_tails("\n".join(kept), rules)
    text = f"{title}\n\n{body}" if title else body
    body_start = len(title) + 2 if title else 0
    warnings = list(raw.warnings)
    if arabic_share(text) < 0.5:
        warnings.append("article is not in Arabic (few Arabic letters): results will be poor")
    published = _iso_date(raw.published) or _page_date(raw, text)
    if raw.published and not _iso_date(raw.published):
        warnings.append(f"published date {raw.published!r} is not a date: ignored")
    return Article(doc_id=raw.doc_id, text=text, title=title, source=raw.source,
                   published=published, outlet=outlet, url=raw.url, body_start=body_start,
                   warnings=tuple(warnings))


def _cut_tails(body: str, rules: CleanRules) -> str:
    """Return the body without page furniture appended to its last line."""
    for pattern in rules.tails:
        body = pattern.sub("", body).rstrip()
    return body


def _iso_date(value: str | None) -> str | None:
    if not value:
        return None
    m = PAGE_DATE.search(value)
    if not m:
        return None
    year, month, day = m.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _page_date(raw: RawArticle, text: str) -> str | None:
    """A date in the page itself: the source name (…-20180524) or the body's last lines."""
    stem = raw.source.rsplit("/", 1)[-1]
    m = re.search(r"(?<!\d)(20\d\d)(0[1-9]|1[0-2])([0-2]\d|3[01])(?!\d)", stem)
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return None
