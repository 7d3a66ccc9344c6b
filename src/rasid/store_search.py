"""Arabic-aware full-text search: folded index text, safe FTS5 queries, snippets.

The FTS tables index folded copies (rasid.normalize.fold), and queries are folded the
same way, so «اكد» finds «أكد» and diacritics never matter. A user query never reaches
FTS5 as syntax: it is split into words and quoted phrases, each passed as a quoted
string. Snippets and highlights are found in the original text with a pattern that
accepts every spelling that folds to the query word.
"""
from __future__ import annotations

import re
import statistics
import time

from .normalize import PROCLITICS, fold, strip_article

MAX_QUERY_CHARS = 200
MAX_TERMS = 12
WORD = re.compile(r"\w+", re.UNICODE)
PHRASE = re.compile(r'"([^"]*)"|(\S+)')
MARKS = "[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]*"
VARIANTS = {"ا": "اأإآٱ", "ي": "يىئ", "ه": "هة", "و": "وؤ"}


class QueryError(ValueError):
    """A search query that cannot be run; the message says why and what to type instead."""


def index_text(text: str) -> str:
    """Return `text` folded for the FTS index (case and letter forms unified)."""
    return fold(text or "").lower()


def index_stems(folded: str, memo: dict[str, str] | None = None) -> str:
    """Return the distinct stems of a folded text's words that differ from the word itself.

    Stems are the words without proclitics and article («وسوريا» → «سوريا»); one copy of
    each is enough, since the `text` column keeps frequency and order. `memo` (word →
    stem), kept by the caller across articles, saves recomputing common words.
    """
    memo = {} if memo is None else memo
    words = set(WORD.findall(folded))
    stems = set()
    for word in words:
        stem = memo.get(word)
        if stem is None:
            stem = memo[word] = _stem(word)
        stems.add(stem)
    return " ".join(sorted(stems - words))


def _stem(word: str) -> str:
    """Return a folded word without leading و/ف/ب/ل/ك (at most two) and ال."""
    rest = word
    for _ in range(2):
        if len(rest) >= 4 and rest[0] in PROCLITICS:
            rest = "ا" + rest[1:] if rest.startswith("لل") and len(rest) > 3 else rest[1:]
        else:
            break
    return strip_article(rest)


def parse_query(query: str) -> list[list[str]]:
    """Return the query's phrases, each a list of folded words; raise QueryError when unusable."""
    if query is None or not query.strip():
        raise QueryError("empty search: type one or more words, e.g. اكد الوزير")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"search too long ({len(query)} characters): keep it under {MAX_QUERY_CHARS}")
    if query.count('"') % 2:
        raise QueryError('unbalanced quotation mark: close the phrase, e.g. "وزير الخارجية"')
    phrases = []
    for quoted, bare in PHRASE.findall(query):
        words = WORD.findall(index_text(quoted if quoted else bare))
        if words:
            phrases.append(words)
    if not phrases:
        raise QueryError("no words to search for: use letters or digits, not only punctuation")
    if sum(len(p) for p in phrases) > MAX_TERMS:
        raise QueryError(f"too many words: use at most {MAX_TERMS}")
    return phrases


def fts_expression(phrases: list[list[str]]) -> str:
    """Return an FTS5 MATCH expression: every phrase required, each a quoted string.

    A one-word phrase also matches the `stems` column, as do its own stem's forms;
    words hold only \\w characters, so no FTS5 syntax can come through.
    """
    parts = []
    for words in phrases:
        if len(words) == 1:
            word = words[0]
            stem = _stem(word)
            forms = {f'"{word}"', f'"{stem}"'}
            parts.append("(" + " OR ".join(sorted(forms)) + ")")
        else:
            parts.append('"' + " ".join(words) + '"')
    return " AND ".join(parts)


def highlight_pattern(phrases: list[list[str]]) -> re.Pattern:
    """Return a regex finding, in original text, every spelling of the query's words."""
    alternatives = [r"\s+".join(_word_pattern(w) for w in words) for words in phrases]
    alternatives += [_word_pattern(_stem(w[0])) for w in phrases if len(w) == 1]
    words = "|".join(sorted(set(alternatives), key=len, reverse=True))
    # whole words only, with any proclitics and article in front («والوزير» for «وزير»)
    return re.compile(f"(?<!\\w)(?:[وفبلك]{{0,2}}(?:ال)?)(?:{words})(?!\\w)", re.IGNORECASE)


def _word_pattern(word: str) -> str:
    letters = []
    for char in word:
        variants = VARIANTS.get(char)
        letters.append(f"[{variants}]" if variants else re.escape(char))
    return MARKS.join(letters)


def snippet(text: str, pattern: re.Pattern, width: int = 90) -> list[tuple[str, bool]]:
    """Return a window of `text` around the first match as (piece, is_match) parts."""
    first = pattern.search(text)
    if not first:
        return [(text[: 2 * width] + ("…" if len(text) > 2 * width else ""), False)]
    start = max(0, first.start() - width)
    end = min(len(text), first.end() + width)
    window = text[start:end]
    parts, cursor = [], 0
    for match in pattern.finditer(window):
        parts.append((window[cursor:match.start()], False))
        parts.append((match.group(), True))
        cursor = match.end()
    parts.append((window[cursor:], False))
    if start > 0:
        parts.insert(0, ("…", False))
    if end < len(text):
        parts.append(("…", False))
    return [p for p in parts if p[0]]


def search_articles(db, query: str, limit: int = 20, offset: int = 0) -> dict:
    """Return {'total', 'results'} of articles matching `query`, best first."""
    phrases = parse_query(query)
    expression = fts_expression(phrases)
    total = db.execute("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?",
                       (expression,)).fetchone()[0]
    rows = db.execute(
        "SELECT a.id, a.doc_id, a.title, a.published, a.outlet, a.text FROM "
        "(SELECT rowid, rank FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank LIMIT ? OFFSET ?) f "
        "JOIN articles a ON a.id = f.rowid ORDER BY f.rank",
        (expression, limit, offset)).fetchall()
    pattern = highlight_pattern(phrases)
    results = [{"doc_id": r[1], "title": r[2], "published": r[3], "outlet": r[4],
                "snippet": snippet(r[5], pattern)} for r in rows]
    return {"query": query, "total": total, "results": results}


def quotes_condition(query: str) -> tuple[str, tuple]:
    """Return (SQL condition on alias `q`, parameters) keeping quotes that match `query`."""
    expression = fts_expression(parse_query(query))
    return "q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)", (expression,)


# Typical searches of a news reader: names, places, topics, a phrase, folded spellings.
BENCH_QUERIES = ("السعودية", "اكد", "وزير الخارجية", '"وزير الخارجية"', "الرياض", "مصر", "الحكومه",
                 "النفط", "كرة القدم", "ترامب", "الأمم المتحدة", "الاقتصاد", "داعش", "سوريا", "الهلال",
                 '"المملكة العربية السعودية"', "الرئيس", "مجلس الأمن", "الحوثي", "اسعار النفط")


def search_benchmark(db_path: str, queries: list[str] | None = None, repeat: int = 1) -> dict:
    """Return search latency over `queries` (BENCH_QUERIES by default) at `db_path`: p50/p95/max in ms."""
    queries = list(queries or BENCH_QUERIES)
    from .store import connect_readonly
    timings = []
    with connect_readonly(db_path) as db:
        for _ in range(repeat):
            for query in queries:
                started = time.perf_counter()
                try:
                    search_articles(db, query)
                except QueryError:
                    pass
                timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return {"queries": len(timings), "p50_ms": round(statistics.median(timings), 2),
            "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 2),
            "max_ms": round(timings[-1], 2)}
