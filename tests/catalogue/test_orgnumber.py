from __future__ import annotations

import pytest

from catalogue.orgnumber import is_valid_orgnumber, orgnumber_problem


@pytest.mark.parametrize("number", ["974760673", "971526920", "923609016"])
def test_real_organisation_numbers_pass(number: str) -> None:
    assert is_valid_orgnumber(number)


def test_wrong_check_digit_is_named() -> None:
    assert orgnumber_problem("974760674") == "check digit should be 3, not 4"


@pytest.mark.parametrize("number", ["97476067", "9747606733", "97476067x", ""])
def test_wrong_length_or_letters_rejected(number: str) -> None:
    assert orgnumber_problem(number) == "must be 9 digits"


def test_spaces_are_allowed_in_input() -> None:
    assert is_valid_orgnumber("974 760 673")
