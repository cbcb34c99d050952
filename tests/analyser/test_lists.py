"""The list component (analyser/lists.py): filtering and facet counts over any items, and page arithmetic."""

from __future__ import annotations

from dataclasses import dataclass

from analyser.lists import FacetIndex, Page


@dataclass(frozen=True)
class Item:
    id: str
    colour: tuple[str, ...]
    size: str


ITEMS = [
    Item("a", ("red",), "s"),
    Item("b", ("red", "blue"), "m"),
    Item("c", ("blue",), "m"),
    Item("d", ("green",), "l"),
    Item("e", (), "s"),
]


def table() -> FacetIndex[Item]:
    return FacetIndex(ITEMS, ("colour", "size"), lambda i: {"colour": i.colour, "size": (i.size,)})


def ids(index: FacetIndex[Item], positions: list[int]) -> list[str]:
    return [index.items[k].id for k in positions]


def test_values_within_a_facet_are_ored_and_facets_anded_in_list_order() -> None:
    index = table()
    assert ids(index, index.select({}).positions) == ["a", "b", "c", "d", "e"]
    assert ids(index, index.select({"colour": frozenset({"red", "green"})}).positions) == ["a", "b", "d"]
    both = index.select({"colour": frozenset({"red", "blue"}), "size": frozenset({"m"})})
    assert ids(index, both.positions) == ["b", "c"]
    assert index.select({"colour": frozenset({"purple"})}).positions == []


def test_a_ticked_facet_counts_its_other_values_under_the_other_filters() -> None:
    found = table().select({"colour": frozenset({"red"}), "size": frozenset({"m"})})
    # colour is counted under size=m only: ticking blue too would add c
    assert dict(found.counts["colour"]) == {"red": 1, "blue": 2}
    # size is counted under colour=red only
    assert dict(found.counts["size"]) == {"s": 1, "m": 1}


def test_counts_are_most_frequent_first_and_leave_out_zeros() -> None:
    counts = table().select({}).counts
    assert counts["size"] == [("m", 2), ("s", 2), ("l", 1)]
    assert counts["colour"] == [("blue", 2), ("red", 2), ("green", 1)]


def test_more_than_64_items_span_several_words() -> None:
    index = FacetIndex(range(150), ("even",), lambda k: {"even": ("yes" if k % 2 == 0 else "no",)})
    found = index.select({"even": frozenset({"yes"})})
    assert found.positions == list(range(0, 150, 2))
    assert dict(found.counts["even"]) == {"yes": 75, "no": 75}


def test_page_arithmetic() -> None:
    page = Page.of(2, 10, 25)
    assert (page.number, page.pages, page.offset, page.end) == (2, 3, 10, 20)
    assert page.has_prev and page.has_next
    assert list(page.slice(range(25))) == list(range(10, 20))
    last = Page.of(3, 10, 25)
    assert last.has_next is False and list(last.slice(range(25))) == list(range(20, 25))


def test_page_past_the_end_is_the_last_page_unless_kept() -> None:
    assert Page.of(9, 10, 25).number == 3
    kept = Page.of(9, 10, 25, clamp=False)
    assert kept.number == 9 and list(kept.slice(range(25))) == [] and kept.has_prev and not kept.has_next


def test_empty_lists_have_one_page_and_bad_numbers_are_mended() -> None:
    empty = Page.of(1, 20, 0)
    assert (empty.pages, empty.has_prev, empty.has_next) == (1, False, False)
    assert Page.of(0, 0, 5).number == 1 and Page.of(0, 0, 5).size == 1
    assert Page.of(1, 10**9, 5, clamp=False).size == 100_000
