"""The import's reader/writer pipeline: order kept, and the first failure on either side stops both."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from catalogue.awards.pipeline import run_pipelined
from catalogue.errors import InputError, Problem


def test_every_batch_is_written_once_in_order() -> None:
    written: list[int] = []
    run_pipelined(iter(range(100)), written.append, depth=2)
    assert written == list(range(100))


def test_a_bad_row_stops_the_writer_and_is_raised() -> None:
    written: list[int] = []

    def batches() -> Iterator[int]:
        yield from range(5)
        raise InputError([Problem("f.csv", "row 57", "amount", "not an amount")])

    with pytest.raises(InputError, match="row 57"):
        run_pipelined(batches(), written.append)
    # batches still queued when the bad row was read are dropped; the caller rolls back the rest
    assert written == list(range(len(written))) and len(written) <= 5


def test_a_database_error_in_the_writer_reaches_the_reader() -> None:
    produced: list[int] = []

    def batches() -> Iterator[int]:
        for n in range(1_000):
            produced.append(n)
            yield n

    def write(n: int) -> None:
        if n == 3:
            raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        run_pipelined(batches(), write, depth=2)
    assert len(produced) < 1_000  # the reader stopped instead of reading the whole file


# ---- reading in a forked child ----------------------------------------------------------------------------


def test_a_child_yields_every_item_in_order() -> None:
    from catalogue.awards.pipeline import read_in_child

    assert list(read_in_child(iter([[n] * 3 for n in range(50)]))) == [[n] * 3 for n in range(50)]


def test_a_bad_row_in_the_child_is_raised_here_with_its_problems() -> None:
    from catalogue.awards.pipeline import read_in_child

    def batches() -> Iterator[int]:
        yield from range(3)
        raise InputError([Problem("f.csv", "row 57", "amount", "not an amount")])

    got: list[int] = []
    with pytest.raises(InputError, match="row 57") as caught:
        got.extend(read_in_child(batches()))
    assert got == [0, 1, 2]
    assert [(p.file, p.record, p.field) for p in caught.value.problems] == [("f.csv", "row 57", "amount")]


def test_any_other_failure_in_the_child_is_raised_with_its_traceback() -> None:
    from catalogue.awards.pipeline import read_in_child

    def batches() -> Iterator[int]:
        yield 1
        raise KeyError("the column that was not there")

    with pytest.raises(RuntimeError, match="the column that was not there"):
        list(read_in_child(batches()))
