"""One line of a finding's evidence on the gap page: text and an optional link."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    text: str
    href: str | None = None
