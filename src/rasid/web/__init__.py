"""`rasid serve`: the web UI and JSON API over a store (see rasid.web.app)."""
from __future__ import annotations

import argparse

from .. import errors


def add_commands(subparsers) -> None:
    p = subparsers.add_parser(
        "serve", help="browse a store in the web browser (HTML pages + JSON API)",
        description="Serve the store read-only: pages to read, search and browse articles, actors, "
                    "events and quotes; each with a JSON twin under /api (docs at /api/docs).",
        epilog="examples:\n  rasid extract news.jsonl.gz --db rasid.db -o /dev/null\n"
               "  rasid serve --db rasid.db            then open http://127.0.0.1:8000/",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", default="rasid.db", help="the SQLite store (default: rasid.db)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args) -> int:
    """Run the web server until interrupted."""
    if not 0 < args.port < 65536:
        raise errors.UsageError(f"--port {args.port}: give a port between 1 and 65535")
    import uvicorn

    from .app import create_app
    app = create_app(args.db)
    print(f"rasid: serving {args.db} at http://{args.host}:{args.port}/ (JSON API docs at /api/docs)")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0
