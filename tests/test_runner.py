"""The local engine: batches read lazily, bounded in-flight work, same bytes for any worker count."""
from __future__ import annotations

import json
import multiprocessing as mp
from itertools import count

import pytest

from rasid import errors
from rasid.cli import main
from rasid.ingest import RawArticle, Skipped, read
from rasid.pipeline import STAGES, Pipeline
from rasid.record import dumps, to_record
from rasid.runner import batches, ordered, process

SENTENCES = (
    "قال وزير الخارجية المصري سامح شكري إن «الحوار هو الطريق الوحيد لحل الأزمة».",
    "التقى الرئيس الفرنسي نظيره التونسي في قصر قرطاج صباح الأحد.",
    "ودعا الأمين العام للأمم المتحدة إلى وقف إطلاق النار في اليمن.",
    "رفضت الحكومة الأردنية اتهامات المعارضة بشأن الانتخابات البلدية.",
    "وأضاف المتحدث باسم الجيش أن القوات قصفت مواقع المسلحين قرب الموصل.",
    "ووقعت مصر والسودان اتفاقية للتعاون في مجال الطاقة بالقاهرة.",
)


def arabic_articles(number: int) -> list[dict]:
    """Return `number` small feed records, each a different mix of the sentences above."""
    records = []
    for index in range(number):
        body = "\n".join(SENTENCES[(index + k) % len(SENTENCES)] for k in range(1 + index % 4))
        records.append({"id": f"doc-{index}", "title": SENTENCES[index % len(SENTENCES)][:30],
                        "text": body, "published": f"2019-03-{1 + index % 28:02d}", "outlet": "test"})
    return records


def write_feed(path, number: int, broken_line: int | None = None):
    """Write a JSON Lines feed of generated Arabic articles (optionally one broken line)."""
    lines = [json.dumps(r, ensure_ascii=False) for r in arabic_articles(number)]
    if broken_line is not None:
        lines.insert(broken_line, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def available_pipeline() -> Pipeline:
    """Return the real pipeline, without the NER-based stage when its model is not built."""
    try:
        return Pipeline.load()
    except errors.ModelError:
        return Pipeline.load(tuple(s for s in STAGES if s.name != "entities"))


def as_lines(results) -> list[str]:
    """Return the JSON line of each article, or a marker line for each skipped input."""
    return [f"skipped {r.source}" if isinstance(r, Skipped) else dumps(to_record(r)) for r in results]


@pytest.mark.parametrize("number, size, expected", [
    (0, 4, []), (3, 4, [3]), (8, 4, [4, 4]), (9, 4, [4, 4, 1]), (5, 1, [1, 1, 1, 1, 1]),
])
def test_batches_cut_the_stream_in_order(number, size, expected):
    cut = list(batches(iter(range(number)), size))
    assert [len(b) for b in cut] == expected
    assert [x for b in cut for x in b] == list(range(number))


def test_ordered_keeps_order_and_bounds_work_in_flight():
    pulled = count()
    pending: list[list[int]] = []
    most_pending = 0

    def source():
        for n in range(100):
            next(pulled)
            yield n

    def submit(batch):
        nonlocal most_pending
        pending.append(batch)
        most_pending = max(most_pending, len(pending))
        return batch

    def collect(batch):
        pending.remove(batch)
        return [n * 10 for n in batch]

    results = ordered(submit, collect, source(), in_flight=3, size=4)
    assert next(results) == 0
    assert next(pulled) <= 3 * 4 + 1  # only three batches were read before the first result
    assert [0] + list(results) == [n * 10 for n in range(100)]
    assert most_pending == 3


def test_two_workers_give_the_same_bytes_as_one(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", 60, broken_line=17)
    one = as_lines(process(read([feed]), workers=1, loader=available_pipeline))
    two = as_lines(process(read([feed]), workers=2, loader=available_pipeline))
    assert len(one) == 61 and one[17].startswith("skipped")
    assert sum('"quotes": [{' in line for line in one) >= 10
    assert two == one


def _broken_loader() -> Pipeline:
    raise errors.ModelError("model file missing; rebuild it")


def test_a_worker_that_cannot_load_raises_instead_of_hanging():
    article = RawArticle(doc_id="a", title="عنوان", body="نص قصير للتجربة.", source="a")
    with pytest.raises(errors.ModelError, match="rebuild"):
        list(process([article] * 3, workers=2, loader=_broken_loader))


def extract(feed, out, *options: str):
    """Run `rasid extract FEED -o OUT OPTIONS` with the shipped pipeline (skip if it does not load yet)."""
    try:
        Pipeline.load()
    except errors.ModelError as exc:
        pytest.skip(f"the shipped pipeline does not load yet: {exc}")
    assert main(["extract", str(feed), "-o", str(out), "--no-progress", *options]) == 0
    return out


def test_extract_command_gives_the_same_file_for_one_and_two_workers(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", 40)
    one = extract(feed, tmp_path / "one.jsonl", "--workers", "1").read_bytes()
    two = extract(feed, tmp_path / "two.jsonl", "--workers", "2").read_bytes()
    assert two == one
    assert one.count(b"\n") == 40


@pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="workers are forked only on POSIX")
def test_forked_workers_start_from_the_loaded_pipeline(tmp_path):
    feed = write_feed(tmp_path / "feed.jsonl", 20)
    loaded = available_pipeline()
    one = as_lines(process(read([feed]), workers=1, pipeline=loaded))
    two = as_lines(process(read([feed]), workers=2, pipeline=loaded, loader=_broken_loader))
    assert two == one
