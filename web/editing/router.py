"""Keeping the catalogue true: log-in, editing, history and the write API, as one router for web/app.py."""

from __future__ import annotations

from fastapi import APIRouter

from web.accounts import routes as auth
from web.editing import api as api_edit
from web.editing import history
from web.editing import routes as edit

router = APIRouter()
for module_router in (auth.router, auth.api, edit.router, history.router, api_edit.router):
    router.include_router(module_router)
