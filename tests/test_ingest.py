"""Bad input never crashes a batch: each case is skipped with why, or comes out with a warning."""
from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest

from rasid.ingest import RawArticle, Skipped, read

ARABIC = "قصف الجيش مواقع المسلحين\nقال المتحدث باسم الجيش إن القوات قصفت مواقع المسلحين أمس."


def _one(path):
    items = list(read([path]))
    assert len(items) == 1
    return items[0]


def test_text_file_first_line_is_title(tmp_path):
    path = tmp_path / "a1.txt"
    path.write_text(ARABIC, encoding="utf-8")
    item = _one(path)
    assert isinstance(item, RawArticle)
    assert item.doc_id == "a1"
    assert item.title == "قصف الجيش مواقع المسلحين"
    assert item.body.strip().startswith("قال المتحدث")


def test_empty_file_is_skipped_with_reason(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    item = _one(path)
    assert isinstance(item, Skipped) and "empty" in item.reason


def test_binary_file_is_skipped(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 40)
    item = _one(path)
    assert isinstance(item, Skipped) and "binary" in item.reason


@pytest.mark.parametrize("encoding", ["cp1256", "utf-16"])
def test_legacy_encodings_are_decoded_with_a_warning(tmp_path, encoding):
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(ARABIC.encode(encoding))
    item = _one(path)
    assert isinstance(item, RawArticle)
    assert item.title == "قصف الجيش مواقع المسلحين"
    assert item.warnings and ("UTF-16" in item.warnings[0] or "not UTF-8" in item.warnings[0])


def test_invalid_utf8_bytes_are_replaced_with_a_warning(tmp_path):
    path = tmp_path / "broken.txt"
    path.write_bytes(ARABIC.encode("utf-8")[:40] + b"\xff\xfe\xfd" + ARABIC.encode("utf-8")[40:])
    item = _one(path)
    assert isinstance(item, RawArticle)
    assert item.warnings


def test_bad_json_line_names_file_and_line_and_others_go_on(tmp_path):
    path = tmp_path / "feed.jsonl"
    good = json.dumps({"id": "x1", "title": "عنوان", "text": "نص الخبر هنا"}, ensure_ascii=False)
    path.write_text(good + "\n{not json\n" + good.replace("x1", "x2") + "\n", encoding="utf-8")
    items = list(read([path]))
    assert [type(i).__name__ for i in items] == ["RawArticle", "Skipped", "RawArticle"]
    assert items[1].source == f"{path}:2" and "not JSON" in items[1].reason


def test_record_without_text_is_skipped(tmp_path):
    path = tmp_path / "feed.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        out.write(json.dumps({"id": "n1", "title": ""}) + "\n")
    item = _one(path)
    assert isinstance(item, Skipped) and "no text" in item.reason


def test_duplicate_ids_both_come_out_the_later_suffixed(tmp_path):
    path = tmp_path / "feed.jsonl"
    line = json.dumps({"id": "d1", "title": "عنوان", "text": "نص"}, ensure_ascii=False)
    path.write_text(line + "\n" + line + "\n", encoding="utf-8")
    first, second = read([path])
    assert (first.doc_id, second.doc_id) == ("d1", "d1~2")
    assert "duplicate id" in second.warnings[0]


def test_html_page_main_text_is_extracted(tmp_path):
    path = tmp_path / "page.html"
    body = "".join(f"<p>{ARABIC.splitlines()[1]} فقرة رقم {i}.</p>" for i in range(5))
    path.write_text(f"<html><head><title>خبر عاجل</title></head><body><nav>الرئيسية</nav>"
                    f"<article>{body}</article></body></html>", encoding="utf-8")
    item = _one(path)
    assert isinstance(item, RawArticle)
    assert "المتحدث باسم الجيش" in item.body


def _run_cli(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "rasid.cli", *args], input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_cli_mixed_batch_exit_1_names_skipped_and_keeps_good(tmp_path):
    (tmp_path / "good.txt").write_text(ARABIC, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "script.txt").write_text("<script>alert(1)</script> عنوان\n<b>نص</b> عربي",
                                         encoding="utf-8")
    result = _run_cli("extract", str(tmp_path), "--workers", "1")
    assert result.returncode == 1
    assert "empty.txt" in result.stderr and "Traceback" not in result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["doc_id"] for r in records] == ["good", "script"]
    assert "<script>alert(1)</script>" in records[1]["text"]


def test_cli_stdin_feed_and_exit_0(tmp_path):
    feed = json.dumps({"id": "s1", "title": "عنوان", "text": "قال الوزير إن الاجتماع ناجح."},
                      ensure_ascii=False) + "\n"
    result = _run_cli("extract", "-", "--workers", "1", stdin=feed)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["doc_id"] == "s1"
    assert "\\u" not in result.stdout


def test_cli_usage_error_exit_2(tmp_path):
    result = _run_cli("extract", str(tmp_path / "missing.txt"))
    assert result.returncode == 2 and "no such file" in result.stderr


def test_non_arabic_article_comes_out_with_a_warning(tmp_path):
    (tmp_path / "en.txt").write_text("Army shells positions\nThe army said it shelled positions.",
                                     encoding="utf-8")
    result = _run_cli("extract", str(tmp_path / "en.txt"), "--workers", "1")
    record = json.loads(result.stdout)
    assert any("not in Arabic" in w for w in record["warnings"])


def test_five_megabyte_article_comes_out(tmp_path, pipeline):
    sentence = "وقال المتحدث إن القوات قصفت مواقع المسلحين في المدينة أمس. "
    body = (sentence * (5_000_000 // len(sentence.encode("utf-8")) + 1))
    raw = RawArticle(doc_id="big", title="خبر طويل", body=body, source="<test>")
    article = pipeline.process(raw)
    assert len(article.text.encode("utf-8")) >= 5_000_000
    for entity in article.entities:
        for m in entity.mentions:
            assert article.text[m.start:m.end] == m.text
