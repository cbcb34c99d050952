"""Review commands: ``corrections FILE`` (reviewed corrections with audit entries) and ``review-queue``
(instruments whose facts need checking against their sources, per agency)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from catalogue.db import database_url, engine_for, transaction
from catalogue.errors import InputError
from catalogue.instruments.corrections import apply_corrections


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cor = sub.add_parser(
        "corrections",
        help="apply a reviewed corrections file (seeds/corrections/*.yaml), one audit entry per instrument",
    )
    cor.add_argument("file", type=Path)
    cor.set_defaults(func=cmd_corrections)

    queue = sub.add_parser(
        "review-queue", help="instruments to check against their sources, most relied on first"
    )
    queue.add_argument("--agency", help="agency code (county authorities: FK-<code>)")
    queue.add_argument("--today", type=dt.date.fromisoformat, help="ISO date (default: today)")
    queue.set_defaults(func=cmd_review_queue)


def cmd_corrections(args: argparse.Namespace) -> int:
    try:
        with transaction(engine_for(database_url())) as session:
            outcome = apply_corrections(session, args.file)
    except InputError as exc:
        print(f"corrections rejected, nothing was changed:\n{exc}", file=sys.stderr)
        return 2
    for slug, what in outcome.done.items():
        print(f"{what:<9} {slug}")
    print(f"corrections {outcome.file}: " + ", ".join(f"{n} {k}" for k, n in outcome.counts().items()))
    return 0


def cmd_review_queue(args: argparse.Namespace) -> int:
    from web.review.service import review_queue_for

    today = args.today or dt.date.today()
    with transaction(engine_for(database_url())) as session:
        queue = review_queue_for(session, args.agency, today)
    for item in queue.items:
        reasons = ", ".join(item.reasons)
        alone = f"; answers alone: {', '.join(item.alone)}" if item.alone else ""
        print(f"{item.slug:<45} {reasons}{alone}")
    print(f"{len(queue.items)} of {queue.total} instruments to check")
    return 0
