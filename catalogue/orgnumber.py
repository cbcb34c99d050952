"""Norwegian organisation numbers (9 digits, MOD11 check digit with weights 3 2 7 6 5 4 3 2)."""

from __future__ import annotations

WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)


def orgnumber_problem(value: str) -> str | None:
    """Return why ``value`` is not a valid organisation number, or None when it is valid."""
    digits = value.replace(" ", "")
    if len(digits) != 9 or not digits.isdigit():
        return "must be 9 digits"
    remainder = sum(int(d) * w for d, w in zip(digits[:8], WEIGHTS, strict=True)) % 11
    check = 0 if remainder == 0 else 11 - remainder
    if check == 10:
        return "has no valid check digit (MOD11 gives 10)"
    if check != int(digits[8]):
        return f"check digit should be {check}, not {digits[8]}"
    return None


def is_valid_orgnumber(value: str) -> bool:
    return orgnumber_problem(value) is None
