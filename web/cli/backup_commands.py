"""Backup commands: ``backup FILE [--with-accounts]`` and ``restore FILE [--replace]``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from catalogue.db import database_url, engine_for
from catalogue.transfer.backup import write_backup
from catalogue.transfer.backup_format import BackupError
from catalogue.transfer.restore import restore_backup


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    backup = sub.add_parser(
        "backup",
        help="write everything needed to rebuild the catalogue to FILE (gzip'd JSON Lines)",
    )
    backup.add_argument("file", type=Path)
    backup.add_argument(
        "--with-accounts",
        action="store_true",
        help="also the user accounts, with their password hashes (keep such a file secret)",
    )
    backup.set_defaults(func=cmd_backup)

    restore = sub.add_parser(
        "restore",
        help="rebuild the catalogue from a backup, in an empty migrated database (all or nothing)",
    )
    restore.add_argument("file", type=Path)
    restore.add_argument(
        "--replace",
        action="store_true",
        help="delete the catalogue already in the database first (in the same transaction)",
    )
    restore.set_defaults(func=cmd_restore)


def cmd_backup(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        summary = write_backup(engine_for(database_url()), args.file, with_accounts=args.with_accounts)
    except (BackupError, OSError) as exc:
        print(f"backup not written: {exc}", file=sys.stderr)
        return 2
    size = args.file.stat().st_size
    print(
        f"wrote {summary.total} rows of {len(summary.rows)} tables (revision {summary.revision}"
        f"{', with accounts' if args.with_accounts else ''}) to {args.file}: {size / 1024:.0f} kB "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    try:
        summary = restore_backup(engine_for(database_url()), args.file, replace=args.replace)
    except BackupError as exc:
        print(f"restore refused, nothing was changed:\n{exc}", file=sys.stderr)
        return 2
    print(
        f"restored {summary.total} rows of {len(summary.rows)} tables from the backup of "
        f"{summary.header.created_at}{' (replacing the catalogue)' if summary.replaced else ''} "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0
