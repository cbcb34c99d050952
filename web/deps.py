"""Request dependencies.

- ``SessionDep``: a database session; the request owns the transaction (commit on success, roll back
  on error). Only routes that write need it: reads go through ``StateDep``.
- ``StateDep``: the app's ``CatalogueState`` (snapshot, search index, cached analyser results).
- ``LangDep``: the interface language of this request (set by the language middleware in web/app.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from catalogue.db import session_factory
from web.i18n import DEFAULT_LANG
from web.state import CatalogueState


def get_session(request: Request) -> Iterator[Session]:
    session = session_factory(request.app.state.engine)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def get_state(request: Request) -> CatalogueState:
    # Plain def (runs in the thread pool): sync() may reload the whole catalogue after another worker
    # wrote, which must never block the event loop.
    state: CatalogueState = request.app.state.catalogue
    state.sync()  # another worker may have written; cheap, at most once a second
    return state


async def get_lang(request: Request) -> str:  # async: trivial, saves a thread-pool hop
    return getattr(request.state, "lang", DEFAULT_LANG)


SessionDep = Annotated[Session, Depends(get_session)]
StateDep = Annotated[CatalogueState, Depends(get_state)]
LangDep = Annotated[str, Depends(get_lang)]
