"""What a transaction wrote that readers hold in memory (the web app's catalogue state): the slugs of the
instruments and consortia it inserted, changed or deleted.

    written = track_writes(session)    # before the first write
    ...                                # services flush; the owner of the transaction commits
    state.apply(written)               # after the commit: web.state.CatalogueState re-reads just those

Rows flushed in a SAVEPOINT that was rolled back are listed too: re-reading them is harmless.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from catalogue.instruments.models import Consortium, Instrument


@dataclass
class Written:
    instruments: set[str] = field(default_factory=set)
    consortia: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.instruments or self.consortia)


def track_writes(session: Session) -> Written:
    written = Written()

    def collect(session: Session, _context: Any) -> None:
        for obj in (*session.new, *session.dirty, *session.deleted):
            if isinstance(obj, Instrument):
                written.instruments.add(obj.slug)
            elif isinstance(obj, Consortium):
                written.consortia.add(obj.slug)

    event.listen(session, "after_flush", collect)
    return written
