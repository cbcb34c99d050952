"""``records load FILE --as EMAIL``: record review items and listening-post cases from a YAML file, through
the same services (permission, checks, audit) as the forms and the API. All or nothing.

The file holds ``reviews:`` (records in the shape of ``ReviewIn``) and ``cases:`` (``CaseIn``); see
``docs/reports/example-records.yaml``, the illustrative items behind the example reports.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

from catalogue.accounts import repository as accounts
from catalogue.accounts.roles import actor
from catalogue.cases.service import create_case
from catalogue.errors import DomainError
from catalogue.reviews.service import create_review
from web.cli.session import cli_session


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    records = sub.add_parser("records", help="agency review items and listening-post cases")
    rsub = records.add_subparsers(dest="records_command", required=True)
    load = rsub.add_parser("load", help="record review items and cases from a YAML file (all or nothing)")
    load.add_argument("file", type=Path)
    load.add_argument("--as", dest="email", required=True, help="the account that records them (audited)")
    load.set_defaults(func=cmd_load)


class _Failed(Exception):
    pass


def _load(session: Any, data: dict[str, Any], email: str) -> tuple[int, int]:
    user = accounts.user_by_email(session, email)
    who = actor(session, user) if user is not None else None
    if who is None:
        raise _Failed(f"no active account {email!r}")
    for n, item in enumerate(data.get("reviews") or ()):
        try:
            create_review(session, item, who)
        except DomainError as exc:
            raise _Failed(f"reviews[{n}]: {exc}") from exc
    for n, item in enumerate(data.get("cases") or ()):
        try:
            create_case(session, item, who)
        except DomainError as exc:
            raise _Failed(f"cases[{n}]: {exc}") from exc
    return len(data.get("reviews") or ()), len(data.get("cases") or ())


def cmd_load(args: argparse.Namespace) -> int:
    data = yaml.safe_load(args.file.read_text(encoding="utf-8")) or {}
    try:
        with cli_session() as session:
            reviews, cases = _load(session, data, args.email)
    except _Failed as exc:
        print(f"records load: {args.file}: {exc}; nothing was recorded", file=sys.stderr)
        return 1
    print(f"recorded {reviews} review items and {cases} cases from {args.file}")
    return 0
