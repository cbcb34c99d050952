"""Helpers for the web-hardening tests: accounts in a database, a live uvicorn server, a raw ASGI call."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI

from catalogue.accounts import service as accounts
from catalogue.db import engine_for, transaction
from catalogue.instruments import repository

PASSWORD = "correct horse battery staple"


def add_user(db_url: str, email: str, role: str = "admin", agency: str | None = None) -> str:
    """A user with a cheap argon2 hash (a check reads the cost from the hash)."""
    accounts.use_fast_hashing_for_tests()
    with transaction(engine_for(db_url)) as session:
        known = {a.code for a in repository.list_agencies(session)}
        accounts.create_user(session, email, PASSWORD, role, agency, known)
    return email


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def live_server(app: FastAPI, **options: Any) -> Iterator[str]:
    """``app`` served by uvicorn in a thread on 127.0.0.1 (``options`` as ``uvicorn.run`` takes them)."""
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off", **options)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
