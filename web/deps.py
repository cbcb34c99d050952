"""Request dependencies.

- ``SessionDep``: a database session; the request owns the transaction (commit on success, roll back
  on error). Only routes that write need it: reads go through ``StateDep``. The commit happens before
  the response is sent (``scope="function"``): a client that follows a redirect after a write (a login,
  a saved form) must find the write already there, and a failed commit must not follow a 303.
- ``StateDep``: the app's ``CatalogueState`` (snapshot, search index, cached analyser results).
- ``LangDep``: the interface language of this request (set by the language middleware in web/app.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from catalogue.db import session_factory
from web.i18n.catalogues import DEFAULT_LANG
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


async def get_state(request: Request) -> CatalogueState:
    state: CatalogueState = request.app.state.catalogue
    if state.sync_due():  # at most once a second: has another worker written?
        # In the thread pool: sync() reads the database and may reload the whole catalogue, which must
        # never block the event loop. The other requests skip the thread-pool hop.
        await run_in_threadpool(state.sync)
    return state


async def get_lang(request: Request) -> str:  # async: trivial, saves a thread-pool hop
    return getattr(request.state, "lang", DEFAULT_LANG)


SessionDep = Annotated[Session, Depends(get_session, scope="function")]
StateDep = Annotated[CatalogueState, Depends(get_state)]
LangDep = Annotated[str, Depends(get_lang)]
