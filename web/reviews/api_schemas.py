"""Pydantic models of the review-item API (they document /api/v1/reviews in the OpenAPI)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from catalogue.reviews.schemas import ReviewIn


class ReviewWrite(BaseModel):
    version: int = Field(ge=0, le=2**31 - 1, description="The version you read (optimistic locking)")
    review: ReviewIn


class StoredReview(BaseModel):
    id: int
    version: int
    agency: str = Field(description="The agency of the reviewed instrument")
    review: ReviewIn


class RecordConflictOut(BaseModel):
    detail: str
    expected_version: int
    current_version: int | None
    theirs: dict[str, Any] | None


class RecordChange(BaseModel):
    id: int
    at: str
    action: str
    user: str | None = Field(description="Shown to signed-in users only")
    version: int
    changes: dict[str, list[Any]]


AUTH: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    403: {"description": "Not your agency (or county), or no CSRF token"},
    429: {"description": "Too many records saved this minute"},
}
