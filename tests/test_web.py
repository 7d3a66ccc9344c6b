"""The web UI and its JSON twins: pages, escaping, bounds, errors, CSV."""
from __future__ import annotations

import csv
import io

import pytest

from store_records import build_store, records

pytestmark = pytest.mark.filterwarnings("ignore:Using `httpx`")  # starlette's TestClient over httpx


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from starlette.testclient import TestClient

    from rasid.web.app import create_app
    db = build_store(tmp_path_factory.mktemp("web") / "rasid.db")
    with TestClient(create_app(db)) as test_client:
        yield test_client


@pytest.mark.parametrize("path", ["/", "/search?q=اكد", "/articles", "/articles/t-001", "/actors", "/actors/1",
                                  "/events", "/events?type=ACCUSE", "/quotes", "/quotes?q=الحوار"])
def test_every_page_is_rtl_html_with_a_json_twin(client, path):
    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<html dir="rtl" lang="ar">' in page.text
    twin = client.get("/api" + path if path != "/" else "/api")
    assert twin.status_code == 200
    assert twin.headers["content-type"] == "application/json"
    assert twin.json()


def test_article_twin_is_the_record_with_actor_ids(client):
    record = client.get("/api/articles/t-001").json()
    expected = records()[0]
    assert record["text"] == expected["text"]
    assert [q["text"] for q in record["quotes"]] == [q["text"] for q in expected["quotes"]]
    assert all(isinstance(e["actor_id"], int) for e in record["entities"])


def test_article_page_highlights_every_annotation(client):
    page = client.get("/articles/t-001").text
    assert '<a class="ent ent-PER" href="#E1"' in page
    assert 'class="ent ent-PER quote' in page or 'class="quote' in page
    assert 'event"' in page
    assert 'id="at-Q2"' in page and 'id="at-V1"' in page


def test_script_in_an_article_is_escaped(client):
    page = client.get("/articles/t-xss").text
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;موقع&lt;/b&gt;" in page
    listing = client.get("/articles").text
    assert "<script>" not in listing
    assert "default-src 'none'" in client.get("/articles/t-xss").headers["content-security-policy"]


def test_search_twin_finds_the_folded_word(client):
    found = client.get("/api/search", params={"q": "اكد"}).json()
    assert [r["doc_id"] for r in found["results"]] == ["t-001"]
    assert any(part["match"] and part["text"] == "أكّد" for part in found["results"][0]["snippet"])
    assert "<mark>أكّد</mark>" in client.get("/search", params={"q": "اكد"}).text


@pytest.mark.parametrize("path, message", [
    ("/api/search?q=%22وزير", "unbalanced"),
    ("/api/search?q=" + "ا" * 201, "at most 200"),
    ("/api/actors?per_page=101", "per_page"),
    ("/api/events?page=0", "page"),
    ("/api/events?date_from=yesterday", "date_from"),
    ("/api/quotes?q=!!!", "no words"),
    ("/api/actors/abc", "actor_id"),
])
def test_malformed_requests_get_400_with_a_message(client, path, message):
    answer = client.get(path)
    assert answer.status_code == 400
    assert message in answer.json()["error"]


def test_malformed_request_page_is_html_400(client):
    answer = client.get("/search", params={"q": '"وزير'})
    assert answer.status_code == 400
    assert "unbalanced" in answer.text and '<html dir="rtl"' in answer.text


def test_missing_things_are_404(client):
    assert client.get("/api/articles/none").status_code == 404
    assert client.get("/actors/99999").status_code == 404
    assert client.get("/no/such/page").status_code == 404


def test_empty_form_fields_mean_no_filter(client):
    answer = client.get("/api/events?type=&actor=&country=&date_from=&date_to=")
    assert answer.status_code == 200
    assert answer.json()["total"] == 3


@pytest.mark.parametrize("params, total", [
    ({"type": "consult"}, 1), ({"country": "TUR"}, 1), ({"country": "RUS"}, 2),
    ({"date_from": "2015-06-01"}, 1), ({"date_to": "2015-05-31"}, 2), ({"actor": 2}, 2),
])
def test_event_filters(client, params, total):
    assert client.get("/api/events", params=params).json()["total"] == total


def test_pagination_is_bounded_and_consistent(client):
    first = client.get("/api/actors", params={"per_page": 2, "page": 1}).json()
    second = client.get("/api/actors", params={"per_page": 2, "page": 2}).json()
    assert first["per_page"] == 2 and len(first["items"]) == 2
    assert first["total"] == second["total"] and first["pages"] == -(-first["total"] // 2)
    assert not {a["id"] for a in first["items"]} & {a["id"] for a in second["items"]}


def test_actor_twin_has_aliases_activity_quotes_and_events(client):
    actor = client.get("/api/actors/2").json()
    assert actor["name"] == "وليد المعلم"
    assert {"المعلم", "وليد المعلم"} <= {a["alias"] for a in actor["aliases"]}
    assert [m["month"] for m in actor["activity"]] == ["2015-05", "2015-06"]
    assert len(actor["quotes"]) == 1
    assert [v["type"] for v in actor["events_as_source"]] == ["ACCUSE"]
    assert [v["type"] for v in actor["events_as_target"]] == ["CONSULT"]
    assert "<svg" in client.get("/actors/2").text


def test_quotes_by_speaker(client):
    quotes = client.get("/api/quotes", params={"speaker": 1}).json()
    assert quotes["total"] == 2 and {q["speaker_name"] for q in quotes["items"]} == {"سيرغي لافروف"}


def test_events_csv_download(client):
    answer = client.get("/events.csv", params={"type": "ACCUSE"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [(r["type"], r["source_code"], r["target_code"]) for r in rows] == [("ACCUSE", "SYRGOV", "TUR")]
    assert rows[0]["evidence"] == "اتهم وزير الخارجية السوري وليد المعلم تركيا"


def test_openapi_lists_the_json_routes_only(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api", "/api/search", "/api/articles/{doc_id}", "/api/actors/{actor_id}", "/api/events",
            "/api/quotes"} <= set(paths)
    assert not [p for p in paths if not p.startswith("/api")]
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text.lower()


def test_api_docs_assets_are_served_locally(client):
    page = client.get("/api/docs").text
    for url in ("/api/docs-assets/swagger-ui-bundle.js", "/api/docs-assets/swagger-ui.css"):
        assert url in page
        assert client.get(url).status_code == 200


def test_serve_binds_localhost_by_default():
    from rasid.cli import build_parser
    args = build_parser().parse_args(["serve", "--db", "x.db"])
    assert args.host == "127.0.0.1" and args.port == 8000


def test_actor_roles_come_from_the_kb_when_it_knows_the_name(client):
    kb = client.app.state.kb
    if kb is None or not any(c.name == "وليد المعلم" for c in kb.lookup("وليد المعلم")):
        pytest.skip("the actor KB is not built or does not know this name")
    roles = client.get("/api/actors/2").json()["kb_roles"]
    assert roles and all(r["title"] for r in roles)
    assert [r["start"] for r in roles] == sorted(r["start"] or "" for r in roles)


@pytest.mark.parametrize("path, total", [
    ("/api/events?actor=المعلم", 2), ("/api/events?actor=وليد%20المعلم", 2), ("/api/events?actor=لافروف", 1),
    ("/api/quotes?speaker=لافروف", 2), ("/api/quotes?speaker=سيرجي", 0), ("/api/actors?name=المعلم", 1),
    ("/api/actors?name=100%25", 0), ("/api/actors?name=ال_م", 0),
])
def test_actor_filters_take_a_name(client, path, total):
    answer = client.get(path)
    assert answer.status_code == 200
    assert answer.json()["total"] == total


def test_an_actor_name_without_letters_is_a_400(client):
    answer = client.get("/api/events", params={"actor": "%%"})
    assert answer.status_code == 400 and "no letters" in answer.json()["error"]


def test_odd_doc_ids_are_linked_and_served(tmp_path):
    from starlette.testclient import TestClient

    from rasid.store import Store
    from rasid.web.app import create_app
    odd = records()[0] | {"doc_id": "feed/2015 #7?x"}
    db = tmp_path / "odd.db"
    with Store.open(db) as store:
        store.add(odd)
    client = TestClient(create_app(db))
    assert 'href="/articles/feed/2015%20%237%3Fx"' in client.get("/articles").text
    assert client.get("/articles/feed/2015%20%237%3Fx").status_code == 200
    assert client.get("/api/articles/feed/2015%20%237%3Fx").json()["doc_id"] == "feed/2015 #7?x"
