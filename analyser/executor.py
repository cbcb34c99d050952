"""Parallel work is the caller's choice. Analyser functions that can use threads take an ``executor``:
anything with ``submit`` and ``map``, such as the ``concurrent.futures.ThreadPoolExecutor`` that the web
app and the CLI open with ``web.startup.analysis_pool()``. Without one, everything runs in the calling
thread, with the same results. The analyser itself never starts threads or processes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
A = TypeVar("A")


class Pending(Protocol[T_co]):
    def result(self) -> T_co: ...


class Executor(Protocol):
    def submit(self, fn: Callable[..., T], /, *args: Any) -> Pending[T]: ...

    def map(self, fn: Callable[[A], T], iterable: Iterable[A], /) -> Iterator[T]: ...


class Later(Pending[T]):
    """``fn(*args)`` run in the calling thread when its result is asked for (no executor)."""

    def __init__(self, fn: Callable[..., T], *args: Any) -> None:
        self._fn, self._args = fn, args

    def result(self) -> T:
        return self._fn(*self._args)


def submit(executor: Executor | None, fn: Callable[..., T], *args: Any) -> Pending[T]:
    """``fn(*args)`` on the executor, or later in this thread when there is none."""
    return Later(fn, *args) if executor is None else executor.submit(fn, *args)


def map_all(executor: Executor | None, fn: Callable[[A], T], items: Iterable[A]) -> list[T]:
    """``[fn(x) for x in items]``, on the executor when there is one (results in order)."""
    return [fn(x) for x in items] if executor is None else list(executor.map(fn, items))
