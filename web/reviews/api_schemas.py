"""Pydantic models of the review-item API (they document /api/v1/reviews in the OpenAPI)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

from catalogue.reviews.schemas import ReviewIn


class ReviewWrite(BaseModel):
    version: int = Field(ge=0, le=2**31 - 1, description="The version you read (optimistic locking)")
    review: ReviewIn


class RevertIn(BaseModel):
    version: int = Field(ge=0, le=2**31 - 1, description="The record's version you read with its history")


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


REVERT_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: {"description": "No such record, or the change is not one of its changes"},
    409: {
        "model": RecordConflictOut,
        "description": "Changed since you read its history, or the change cannot be undone (a creation)",
    },
    422: {"description": "The earlier state no longer passes the checks; each problem names its field"},
}

AUTH: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not signed in"},
    403: {"description": "Not your agency (or county), or no CSRF token"},
    429: {"description": "Too many records saved this minute"},
}
