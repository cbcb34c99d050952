"""Path parameters that name a record, validated once before any query.

``SlugPath`` (instruments, consortia, industrial areas) and ``CodePath`` (counties, barriers, agencies,
report files) answer 404 when the value cannot name anything: a NUL byte, a slash, upper case, a
thousand characters. Such values never reach the database, where PostgreSQL would refuse them with a
``DataError`` (NUL bytes in text) instead of finding nothing.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, HTTPException, Path

SLUG_MAX = 120
SLUG = re.compile(rf"[a-z0-9][a-z0-9-]{{0,{SLUG_MAX - 1}}}")  # as catalogue/*/schemas.py accept them
CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")


def _slug(slug: Annotated[str, Path(description="Lower-case letters, digits and hyphens")]) -> str:
    if not SLUG.fullmatch(slug):
        raise HTTPException(404, "not found")
    return slug


def _code(code: Annotated[str, Path(description="Letters, digits, '.', '_' and '-'")]) -> str:
    return _checked_code(code)


def _checked_code(value: str) -> str:
    if not CODE.fullmatch(value):
        raise HTTPException(404, "not found")
    return value


def _barrier(barrier: Annotated[str, Path()]) -> str:
    return _checked_code(barrier)


def _column(column: Annotated[str, Path()]) -> str:
    return _checked_code(column)


def _name(name: Annotated[str, Path()]) -> str:
    return _checked_code(name)


SlugPath = Annotated[str, Depends(_slug)]
CodePath = Annotated[str, Depends(_code)]
BarrierPath = Annotated[str, Depends(_barrier)]
ColumnPath = Annotated[str, Depends(_column)]
NamePath = Annotated[str, Depends(_name)]
