"""Catalogue commands: ``db upgrade|downgrade``, ``seed``, ``export``, ``serve``."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from catalogue import migrate
from catalogue.db import database_url
from catalogue.errors import InputError
from catalogue.instruments.corrections import apply_folder
from catalogue.seeding import SEEDS_DIR, load_seeds
from catalogue.transfer.export import export_catalogue
from web.cli.session import cli_session


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    db = sub.add_parser("db", help="database migrations")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    up = db_sub.add_parser("upgrade", help="migrate to the newest schema (alembic upgrade head)")
    up.add_argument("revision", nargs="?", default="head")
    up.set_defaults(func=cmd_db_upgrade)
    down = db_sub.add_parser("downgrade", help="migrate down (default: to an empty database)")
    down.add_argument("revision", nargs="?", default="base")
    down.set_defaults(func=cmd_db_downgrade)

    seed = sub.add_parser(
        "seed",
        help="load the seed catalogue, then record the corrections of seeds/corrections (idempotent)",
    )
    seed.add_argument("--seeds-dir", type=Path, default=SEEDS_DIR)
    seed.set_defaults(func=cmd_seed)

    export = sub.add_parser(
        "export",
        help="write the instruments, agencies, barriers and consortia as JSON (a full copy: backup)",
    )
    export.add_argument("-o", "--output", type=Path, help="file to write (default: standard output)")
    export.set_defaults(func=cmd_export)

    serve = sub.add_parser("serve", help="serve the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument(
        "--forwarded-allow-ips",
        default=os.environ.get("VK_FORWARDED_ALLOW_IPS", ""),
        metavar="IPS",
        help="comma-separated addresses of the reverse proxies whose X-Forwarded-For/-Proto headers are "
        "believed (default: VK_FORWARDED_ALLOW_IPS, else none: the headers are ignored)",
    )
    serve.set_defaults(func=cmd_serve)


def cmd_db_upgrade(args: argparse.Namespace) -> int:
    migrate.upgrade(revision=args.revision)
    print(f"database at {args.revision}: {_safe_url()}")
    return 0


def cmd_db_downgrade(args: argparse.Namespace) -> int:
    migrate.downgrade(revision=args.revision)
    print(f"database at {args.revision}: {_safe_url()}")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    try:
        with cli_session() as session:
            counts = load_seeds(session, args.seeds_dir)
            outcomes = apply_folder(session, args.seeds_dir / "corrections")
    except InputError as exc:
        print(f"seed rejected, nothing was changed:\n{exc}", file=sys.stderr)
        return 2
    print("seeded: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    for o in outcomes:
        print(f"corrections {o.file}: " + ", ".join(f"{n} {k}" for k, n in o.counts().items()))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with cli_session() as session:
        data = export_catalogue(session)
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if args.output:
        args.output.write_text(text + "\n", encoding="utf-8")
        print(f"wrote {len(data['instruments'])} instruments to {args.output}")
    else:
        print(text)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    uvicorn.run("web.app:create_app", factory=True, **server_options(args))
    return 0


def server_options(args: argparse.Namespace) -> dict[str, Any]:
    """uvicorn's options. Proxy headers are off unless proxies are named: uvicorn's own default believes
    X-Forwarded-For from 127.0.0.1, so any local client could claim any address (and slip past the
    login limit per address)."""
    proxies = args.forwarded_allow_ips.strip()
    return {
        "host": args.host,
        "port": args.port,
        "workers": args.workers,
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or None,
        "server_header": False,
    }


def _safe_url() -> str:
    url = database_url()
    if "@" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url
