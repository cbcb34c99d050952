"""Request dependencies.

- ``SessionDep``: the request's database session; the request owns the transaction. It commits when the
  route returns and rolls back when it raises (a domain error, an HTTP error, anything), in this one
  place: routes and services never commit. After the commit, and before the response is sent, the
  catalogue state takes in what the transaction wrote (``CatalogueState.apply``), so the page the visitor
  is sent to shows the change. Reads go through ``StateDep``.
  The commit happens before the response is sent (``scope="function"``): a client that follows a
  redirect after a write (a login, a saved form) must find the write already there.
- ``StateDep``: the app's ``CatalogueState`` (snapshot, search index, cached analyser results).
- ``LangDep``: the interface language of this request (set by the language middleware in web/app.py).
- ``FormDep``: the posted form, read here so that the routes that take it can be plain ``def``: their
  database and model work then runs in the thread pool, never on the event loop.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from catalogue.db import session_factory
from catalogue.written import track_writes
from web.i18n.catalogues import DEFAULT_LANG
from web.state import CatalogueState


def get_session(request: Request) -> Iterator[Session]:
    session = session_factory(request.app.state.engine)()
    written = track_writes(session)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
    if written:
        request.app.state.catalogue.apply(written)


async def get_state(request: Request) -> CatalogueState:
    state: CatalogueState = request.app.state.catalogue
    if state.sync_due():  # at most once a second: has another worker written?
        # In the thread pool: sync() reads the database and may reload the whole catalogue, which must
        # never block the event loop. The other requests skip the thread-pool hop.
        await run_in_threadpool(state.sync)
    return state


async def get_lang(request: Request) -> str:  # async: trivial, saves a thread-pool hop
    return getattr(request.state, "lang", DEFAULT_LANG)


async def posted_form(request: Request) -> FormData:
    return await request.form()


# scope="function": the commit (and the state refresh) happens when the route returns, before the
# response is sent, so a visitor redirected to the changed page never sees it unchanged.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
StateDep = Annotated[CatalogueState, Depends(get_state)]
LangDep = Annotated[str, Depends(get_lang)]
FormDep = Annotated[FormData, Depends(posted_form)]
