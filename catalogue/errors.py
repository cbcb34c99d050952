"""Errors that name the file, the record (row) and the field of bad input."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError


@dataclass
class Problem:
    file: str
    record: str
    field: str
    message: str
    kind: str = "field"  # "column" for spreadsheet (CSV/XLSX) input

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.kind} '{self.field}': {self.message}"


class InputError(Exception):
    """One or more problems in input data; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def problems_from_validation(file: str, record: str, exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) or "(record)"
        message = err["msg"].removeprefix("Value error, ")
        out.append(Problem(file, record, field, message))
    return out
