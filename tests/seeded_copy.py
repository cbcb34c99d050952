"""A private copy of the session's seeded SQLite database, for tests that write (a file copy: fast)."""

from __future__ import annotations

import shutil
from pathlib import Path

from catalogue.db import engine_for


def sqlite_copy(seeded_sqlite_url: str, target_dir: Path) -> str:
    source = Path(seeded_sqlite_url.removeprefix("sqlite:///"))
    engine_for(seeded_sqlite_url).dispose()  # closing the last connection folds the WAL into the file
    target = target_dir / "copy.db"
    shutil.copyfile(source, target)
    wal = source.with_name(source.name + "-wal")
    if wal.exists():
        shutil.copyfile(wal, target.with_name(target.name + "-wal"))
    return f"sqlite:///{target}"
