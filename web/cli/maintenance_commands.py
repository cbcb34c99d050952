"""Maintenance commands: ``import FILE [--dry-run] [--verbose]``, ``export-file --format ...``,
``create-user EMAIL``."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from catalogue.accounts import repository as repository_accounts
from catalogue.accounts.models import ROLES
from catalogue.accounts.service import create_user
from catalogue.errors import InputError
from catalogue.instruments import repository
from catalogue.transfer.export import export_catalogue
from catalogue.transfer.formats import FORMATS, dump_records, format_of
from catalogue.transfer.importing import ImportPlan, Progress, run_import
from web.cli.session import cli_session


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    imp = sub.add_parser("import", help="import instruments from CSV, XLSX, JSON or YAML (all or nothing)")
    imp.add_argument("file", type=Path)
    imp.add_argument("--format", choices=FORMATS, help="default: from the file name")
    imp.add_argument("--dry-run", action="store_true", help="validate and show the plan; write nothing")
    dup = imp.add_mutually_exclusive_group()
    dup.add_argument(
        "--merge",
        action="store_true",
        help="records that look like an existing instrument update that instrument",
    )
    dup.add_argument(
        "--keep-separate",
        action="store_true",
        help="records that look like an existing instrument are added as new ones",
    )
    imp.add_argument("-v", "--verbose", action="store_true", help="print a line for every record changed")
    imp.add_argument("--as", dest="as_user", metavar="EMAIL", help="user recorded in the audit history")
    imp.set_defaults(func=cmd_import)

    exp = sub.add_parser("export-file", help="write all instruments as JSON, YAML, CSV or XLSX")
    exp.add_argument("-o", "--output", type=Path, required=True)
    exp.add_argument("--format", choices=FORMATS, help="default: from the file name")
    exp.set_defaults(func=cmd_export_file)

    user = sub.add_parser("create-user", help="add an editor or admin account")
    user.add_argument("email")
    user.add_argument("--role", choices=ROLES, required=True)
    user.add_argument("--agency", help="agency code (required for editors)")
    user.add_argument("--password", help="default: $VK_NEW_PASSWORD, else asked for")
    user.add_argument(
        "--working-group",
        action="store_true",
        help="a member of the four-party working group (IN, Siva, FR, counties)",
    )
    user.set_defaults(func=cmd_create_user)


MERGES_SHOWN = 20  # merge proposals printed without --verbose


@contextmanager
def _progress_bar(label: str) -> Iterator[Progress | None]:
    """A rich progress bar on a terminal (standard error), gone when done; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[records]:,} records"),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None, records=0)

        def report(done: int, total: int, records: int) -> None:
            bar.update(task, completed=done, total=total, records=records)

        yield report


def cmd_import(args: argparse.Namespace) -> int:
    on_duplicate = "merge" if args.merge else "create" if args.keep_separate else "stop"
    try:
        with _progress_bar(f"importing {args.file.name}") as report, cli_session() as session:
            actor = repository_accounts.user_by_email(session, args.as_user) if args.as_user else None
            if args.as_user and actor is None:
                print(f"no user {args.as_user!r}", file=sys.stderr)
                return 2
            plan = run_import(
                session,
                args.file,
                args.format,
                dry_run=args.dry_run,
                on_duplicate=on_duplicate,  # type: ignore[arg-type]
                user=actor,
                keep_items=False,
                verbose=args.verbose,
                progress=report,
            )
    except InputError as exc:
        print(f"import rejected, nothing was changed:\n{exc}", file=sys.stderr)
        return 2
    _print_summary(plan, args)
    return 0


def _print_summary(plan: ImportPlan, args: argparse.Namespace) -> None:
    if args.verbose:
        for line in plan.describe():
            print(line)
    else:  # merge proposals are few and need a decision: shown even without --verbose
        merges = [line for i in plan.merges if (line := i.line())]
        for line in merges[:MERGES_SHOWN]:
            print(line)
        if len(merges) > MERGES_SHOWN:
            print(f"... and {len(merges) - MERGES_SHOWN} more merge proposals (--verbose shows all)")
    counts = ", ".join(f"{n} {k}" for k, n in plan.counts().items())
    done = "dry run, nothing written: " if args.dry_run else "imported: "
    print(f"{done}{counts} in {plan.seconds:.1f} s")


def cmd_export_file(args: argparse.Namespace) -> int:
    try:
        fmt = format_of(args.output, args.format)
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 2
    with cli_session() as session:
        doc = export_catalogue(session)
    args.output.write_bytes(
        dump_records(doc["instruments"], fmt, document=doc if fmt in ("json", "yaml") else None)
    )
    print(f"wrote {len(doc['instruments'])} instruments to {args.output}")
    return 0


def cmd_create_user(args: argparse.Namespace) -> int:
    password = args.password or os.environ.get("VK_NEW_PASSWORD")
    if not password:
        if not sys.stdin.isatty():
            print("give --password, set VK_NEW_PASSWORD, or run in a terminal", file=sys.stderr)
            return 2
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            print("the passwords differ", file=sys.stderr)
            return 2
    try:
        with cli_session() as session:
            known = {a.code for a in repository.list_agencies(session)}
            user = create_user(
                session, args.email, password, args.role, args.agency, known, working_group=args.working_group
            )
            summary = f"created {user.role} {user.email}"
            if user.agency_code:
                summary += f" ({user.agency_code})"
            if user.working_group:
                summary += ", working group"
    except InputError as exc:
        print(f"user not created:\n{exc}", file=sys.stderr)
        return 2
    print(summary)
    return 0
