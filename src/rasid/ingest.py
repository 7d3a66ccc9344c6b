"""Read articles from files, directories, JSONL feeds, HTML pages and stdin.

`read` yields, in input order, a `RawArticle` for every article and a `Skipped`
for every input that cannot give one (with why), so nothing is lost silently.
"""
from __future__ import annotations

import gzip
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from charset_normalizer import from_bytes

TEXT_SUFFIXES = {".txt", ".text", ""}
HTML_SUFFIXES = {".html", ".htm"}
FEED_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".json")
MAX_BYTES = 50_000_000


@dataclass(frozen=True)
class RawArticle:
    doc_id: str
    title: str
    body: str
    source: str
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


def read(paths: Iterable[str | Path]) -> Iterator[RawArticle | Skipped]:
    """Yield every article of `paths` in order; repeated ids get a `~N` suffix."""
    seen: dict[str, int] = {}
    for path in paths:
        for item in _read_path(str(path)):
            if isinstance(item, RawArticle):
                item = _unique(item, seen)
            yield item


def _unique(article: RawArticle, seen: dict[str, int]) -> RawArticle:
    count = seen.get(article.doc_id, 0) + 1
    seen[article.doc_id] = count
    if count == 1:
        return article
    new_id = f"{article.doc_id}~{count}"
    warning = f"duplicate id {article.doc_id!r} (also earlier in this run): renamed {new_id!r}"
    return replace(article, doc_id=new_id, warnings=article.warnings + (warning,))


def _read_path(path: str) -> Iterator[RawArticle | Skipped]:
    if path == "-":
        yield from _read_feed(sys.stdin.buffer, "<stdin>")
        return
    p = Path(path)
    if p.is_dir():
        for child in sorted(q for q in p.rglob("*") if q.is_file() and _readable_suffix(q)):
            yield from _read_path(str(child))
    elif not p.exists():
        yield Skipped(path, "no such file or directory")
    elif p.name.endswith(FEED_SUFFIXES):
        yield from _read_feed_file(p)
    elif p.suffix.lower() in HTML_SUFFIXES:
        yield _read_html(p)
    else:
        yield _read_text(p)


def _readable_suffix(p: Path) -> bool:
    name = p.name.lower()
    if name.startswith("."):
        return False
    return name.endswith(FEED_SUFFIXES) or p.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES


def _read_feed_file(p: Path) -> Iterator[RawArticle | Skipped]:
    opener = gzip.open if p.name.endswith(".gz") else open
    try:
        with opener(p, "rb") as stream:
            yield from _read_feed(stream, str(p))
    except (OSError, EOFError) as exc:
        yield Skipped(str(p), f"cannot read the feed: {exc}")


def _read_feed(stream: io.BufferedIOBase, name: str) -> Iterator[RawArticle | Skipped]:
    for lineno, raw in enumerate(stream, 1):
        if not raw.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            record = json.loads(raw.decode("utf-8", errors="replace"))
        except json.JSONDecodeError as exc:
            yield Skipped(where, f"line is not JSON ({exc.msg} at column {exc.colno})")
            continue
        yield from_record(record, where)


def from_record(record: object, where: str) -> RawArticle | Skipped:
    """Return the article of one feed record (fields id/doc_id, title, text/body, ...)."""
    if not isinstance(record, dict):
        return Skipped(where, "line is JSON but not an object")
    body = record.get("text") if record.get("text") is not None else record.get("body")
    title = _str(record.get("title"))
    if not isinstance(body, str) or not (body.strip() or title.strip()):
        return Skipped(where, "record has no text (expected a 'text' or 'body' string)")
    doc_id = _str(record.get("id") or record.get("doc_id")) or where
    return RawArticle(doc_id=doc_id, title=title.strip(), body=body, source=where,
                      published=_str(record.get("published")) or None,
                      outlet=_str(record.get("outlet")) or None, url=_str(record.get("url")) or None)


def _str(value: object) -> str:
    return value if isinstance(value, str) else ("" if value is None else str(value))


def _read_bytes(p: Path) -> bytes | Skipped:
    try:
        if p.stat().st_size > MAX_BYTES:
            return Skipped(str(p), f"file is larger than {MAX_BYTES // 1_000_000} MB")
        return p.read_bytes()
    except OSError as exc:
        return Skipped(str(p), f"cannot read the file: {exc.strerror or exc}")


def decode(data: bytes) -> tuple[str | None, tuple[str, ...]]:
    """Return (text, warnings) for file bytes, or (None, (reason,)) when they are not text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), ("decoded as UTF-16 (byte-order mark found)",)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8"), ()
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None and "\x00" not in str(best):
        return str(best), (f"file is not UTF-8: decoded as {best.encoding}",)
    if b"\x00" in data:
        return None, ("file is binary (NUL bytes), not text",)
    text = data.decode("utf-8", errors="replace")
    return text, ("invalid UTF-8 bytes were replaced with U+FFFD",)


def _read_text(p: Path) -> RawArticle | Skipped:
    data = _read_bytes(p)
    if isinstance(data, Skipped):
        return data
    text, warnings = decode(data)
    if text is None:
        return Skipped(str(p), warnings[0])
    if _looks_binary(text):
        return Skipped(str(p), "file is binary (control characters), not text")
    title, _, body = text.strip().partition("\n")
    if not (title.strip() or body.strip()):
        return Skipped(str(p), "file is empty")
    return RawArticle(doc_id=p.stem, title=title.strip(), body=body, source=str(p),
                      warnings=warnings)


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return controls > max(8, len(sample) // 50)


def _read_html(p: Path) -> RawArticle | Skipped:
    import trafilatura

    data = _read_bytes(p)
    if isinstance(data, Skipped):
        return data
    html, warnings = decode(data)
    if html is None or not html.strip():
        return Skipped(str(p), "file is empty" if html is not None else warnings[0])
    body = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    meta = trafilatura.extract_metadata(html)
    title = (meta.title if meta and meta.title else "") or ""
    if not body.strip():
        return Skipped(str(p), "no article text found in the HTML page")
    return RawArticle(doc_id=p.stem, title=title.strip(), body=body, source=str(p),
                      published=(meta.date if meta else None) or None,
                      outlet=(meta.sitename if meta else None) or None,
                      url=(meta.url if meta else None) or None, warnings=warnings)
