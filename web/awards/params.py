"""Path parameters of the award pages: an organisation number or key, a source key, a project number.

Any printable text up to 400 characters (keys hold an organisation's published name); a control character
(a NUL byte, which PostgreSQL refuses with an error) or anything longer answers 404 before any query."""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import Depends, HTTPException, Path

TEXT = re.compile(r"[^\x00-\x1f\x7f]{1,400}")


def _checked(value: str) -> str:
    if not TEXT.fullmatch(value):
        raise HTTPException(404, "not found")
    return value


def _key(key: Annotated[str, Path(description="Organisation number, or the key of one without")]) -> str:
    return _checked(key)


def _source(source: Annotated[str, Path(description="Source key, e.g. fr-soknader, fr-eu")]) -> str:
    return _checked(source)


def _ref(ref: Annotated[str, Path(description="The project's number at the source")]) -> str:
    return _checked(ref)


KeyPath = Annotated[str, Depends(_key)]
SourcePath = Annotated[str, Depends(_source)]
RefPath = Annotated[str, Depends(_ref)]
