"""The web UI and its JSON API over one store, read-only.

Every page is registered twice from one function: the HTML page at its path and the
JSON twin at the same path under `/api` (documented at /api/docs). A page function
takes the query parameters and a read-only connection and returns a dict.
"""
from __future__ import annotations

import functools
import inspect
import sqlite3
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from jinja2 import Environment, FileSystemLoader, select_autoescape

from .. import store_query as q
from ..normalize import fold_phrase
from ..store import QueryError, connect_readonly
from ..store_search import MAX_QUERY_CHARS, search_articles
from . import render

HERE = Path(__file__).parent
# Pages run no script at all; the CSP makes that a promise the browser keeps.
PAGE_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; "
                                           "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
                "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
MAX_PAGE_SIZE = 100
# Factories, not shared objects: FastAPI binds a Query object to the parameter it first serves.
PageNumber = functools.partial(Query, 1, ge=1, le=100_000, description="1-based page number")
PageSize = functools.partial(Query, 20, ge=1, le=MAX_PAGE_SIZE, description=f"items per page (at most {MAX_PAGE_SIZE})")
ActorQuery = functools.partial(Query, None, max_length=100, description="an actor id, or part of an actor's name")
Text = functools.partial(Query, None, max_length=MAX_QUERY_CHARS)


def create_app(db_path: str | Path) -> FastAPI:
    """Return the application serving the store at `db_path` (which must exist)."""
    connect_readonly(db_path).close()  # fail now, with a clear message, if it is not a store
    app = FastAPI(title="rasid", description="Arabic news: entities, quotations and PLOVER events",
                  docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    _add_api_docs(app)
    app.state.templates = _templates()
    app.state.kb = _load_kb()
    app.add_middleware(DropEmptyParameters)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def database():
        db = connect_readonly(db_path)
        try:
            yield db
        finally:
            db.close()

    _add_error_handlers(app)
    _add_pages(app, database, db_path)
    return app


def _add_api_docs(app: FastAPI) -> None:
    """Serve Swagger UI at /api/docs from the files of the swagger-ui-bundle package (no CDN: works offline)."""
    from fastapi.openapi.docs import get_swagger_ui_html
    from swagger_ui_bundle import swagger_ui_path

    app.mount("/api/docs-assets", StaticFiles(directory=swagger_ui_path), name="api-docs-assets")

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/api/openapi.json", title="rasid API",
                                   swagger_js_url="/api/docs-assets/swagger-ui-bundle.js",
                                   swagger_css_url="/api/docs-assets/swagger-ui.css",
                                   swagger_favicon_url="/api/docs-assets/favicon-32x32.png")


class DropEmptyParameters:
    """ASGI middleware: a form's empty fields (`?actor=&type=`) mean "no filter", not a bad value."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope.get("query_string"):
            pairs = parse_qsl(scope["query_string"].decode("latin-1"), keep_blank_values=True)
            kept = [(k, v) for k, v in pairs if v.strip()]
            scope = dict(scope, query_string=urlencode(kept).encode("latin-1"))
        await self.app(scope, receive, send)


def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))
    env.globals.update(bar_chart=render.bar_chart, urlencode=urlencode, excerpt=render.excerpt,
                       highlight=render.segments)
    return env


def _load_kb():
    """Return the actor knowledge base when rasid.kb is installed and built, else None."""
    try:
        from ..kb import KB
        return KB.load()
    except Exception:  # the KB is optional for the UI: roles then come from the articles only
        return None


def twin(app: FastAPI, path: str, template: str, summary: str) -> Callable:
    """Register a page function as the HTML page at `path` and its JSON twin under /api."""
    def register(page: Callable) -> Callable:
        app.get("/api" + path.rstrip("/") if path != "/" else "/api", summary=summary)(page)

        def html(request: Request, **kwargs):
            data = page(**kwargs)
            body = app.state.templates.get_template(template).render(
                data=data, path=path, url_path=request.url.path, query=dict(request.query_params))
            return HTMLResponse(body, headers=PAGE_HEADERS)
        signature = inspect.signature(page)
        html.__signature__ = signature.replace(parameters=[
            inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
            *signature.parameters.values()])
        html.__name__ = f"{page.__name__}_page"
        app.get(path, include_in_schema=False, response_class=HTMLResponse)(html)
        return page
    return register


def _add_pages(app: FastAPI, database: Callable, db_path: str | Path) -> None:
    DB = Depends(database)

    @twin(app, "/", "index.html", "Overview: counts, busiest actors, event types, activity by month")
    def overview(db: sqlite3.Connection = DB):
        return q.overview(db)

    @twin(app, "/search", "search.html", "Search articles (Arabic-normalised full text)")
    def search(q_: str = Query("", alias="q", max_length=MAX_QUERY_CHARS), page: int = PageNumber(),
               per_page: int = PageSize(), db: sqlite3.Connection = DB):
        if not q_.strip():
            return {"query": "", "total": 0, "results": [], "page": page, "per_page": per_page}
        found = search_articles(db, q_, limit=per_page, offset=(page - 1) * per_page)
        found["results"] = [{**r, "snippet": [{"text": t, "match": m} for t, m in r["snippet"]]}
                            for r in found["results"]]
        return {**found, "page": page, "per_page": per_page}

    @twin(app, "/articles", "articles.html", "List articles, newest first")
    def article_list(page: int = PageNumber(), per_page: int = PageSize(), db: sqlite3.Connection = DB):
        return q.articles(db, q.Page(page, per_page))

    @twin(app, "/articles/{doc_id:path}", "article.html", "One article: text, entities, quotes, events with offsets")
    def article(doc_id: str, db: sqlite3.Connection = DB):
        record = q.article(db, doc_id)
        if record is None:
            raise HTTPException(404, f"no article with doc_id {doc_id!r}")
        return record

    @twin(app, "/actors", "actors.html", "List actors, the busiest first")
    def actor_list(name: str | None = Text(), type: str | None = Query(None, max_length=8),
                   country: str | None = Query(None, max_length=8), page: int = PageNumber(),
                   per_page: int = PageSize(), db: sqlite3.Connection = DB):
        return q.actors(db, q.Page(page, per_page), name=name, kind=type, country=country)

    @twin(app, "/actors/{actor_id}", "actor.html", "One actor: aliases, roles, activity, quotes, events")
    def actor(actor_id: int, db: sqlite3.Connection = DB):
        found = q.actor(db, actor_id)
        if found is None:
            raise HTTPException(404, f"no actor with id {actor_id}")
        found["kb_roles"] = _kb_roles(app.state.kb, found)
        return found

    @twin(app, "/events", "events.html", "List events with filters, and their timeline")
    def event_list(type: str | None = Query(None, max_length=16), actor: str | None = ActorQuery(),
                   country: str | None = Query(None, max_length=8),
                   date_from: str | None = Query(None, max_length=10, pattern=r"^\d{4}(-\d{2}){0,2}$"),
                   date_to: str | None = Query(None, max_length=10, pattern=r"^\d{4}(-\d{2}){0,2}$"),
                   page: int = PageNumber(), per_page: int = PageSize(), db: sqlite3.Connection = DB):
        where = q.EventFilter(type, actor, country, date_from, date_to)
        found = q.events(db, q.Page(page, per_page), where)
        found["timeline"] = q.event_timeline(db, where)
        found["types"] = q.event_types(db)
        return found

    @twin(app, "/quotes", "quotes.html", "List quotes, by speaker and text search")
    def quote_list(speaker: str | None = ActorQuery(), q_: str | None = Text(alias="q"), page: int = PageNumber(),
                   per_page: int = PageSize(), db: sqlite3.Connection = DB):
        return q.quotes(db, q.Page(page, per_page), speaker=speaker, text=q_)

    def events_csv(type: str | None = Query(None, max_length=16), actor: str | None = ActorQuery(),
                   country: str | None = Query(None, max_length=8), date_from: str | None = Query(None, max_length=10),
                   date_to: str | None = Query(None, max_length=10)):
        from ..export import event_csv_lines
        where = q.EventFilter(type, actor, country, date_from, date_to)
        return StreamingResponse(event_csv_lines(db_path, where), media_type="text/csv; charset=utf-8",
                                 headers={"Content-Disposition": 'attachment; filename="rasid-events.csv"'})
    app.get("/events.csv", include_in_schema=False)(events_csv)
    app.get("/api/events.csv", summary="Events matching the filters as CSV")(events_csv)


def _kb_roles(kb, actor: dict) -> list[dict]:
    """Return the actor's roles over time from the knowledge base (oldest first), when it knows them.

    Only the KB entry with the actor's kb_id, or else with exactly its name, is taken: a
    surname match could be someone else.
    """
    if kb is None:
        return []
    try:
        candidates = kb.lookup(actor["name"])
    except Exception:  # a KB that cannot answer must not break the page
        return []
    wanted = [c for c in candidates if (c.kb_id == actor["kb_id"] if actor.get("kb_id")
                                        else fold_phrase(c.name) == fold_phrase(actor["name"]))]
    if not wanted:
        return []
    roles = [{"title": r.title, "country": r.country, "start": r.start, "end": r.end, "kb_id": wanted[0].kb_id}
             for r in wanted[0].roles]
    return sorted(roles, key=lambda r: r["start"] or "")


def _add_error_handlers(app: FastAPI) -> None:
    def reply(request: Request, status: int, message: str):
        if request.url.path.startswith("/api"):
            return JSONResponse({"error": message, "status": status}, status_code=status)
        body = app.state.templates.get_template("error.html").render(status=status, message=message, path="")
        return HTMLResponse(body, status_code=status, headers=PAGE_HEADERS)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError):
        return reply(request, 400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg']}" for e in exc.errors())
        return reply(request, 400, f"bad parameter: {problems}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        return reply(request, exc.status_code, str(exc.detail))
