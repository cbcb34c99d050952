"""Read the next batch while the last one is written: a producer (this thread: reading and checking the
file, CPU-bound Python) and one writer thread (the database calls, which release the GIL while SQLite or
PostgreSQL works), with at most ``depth`` batches in between.

Only the writer thread touches the database connection while the pipeline runs. The first exception on
either side stops both: the reader's (a bad row) is raised after the writer has finished the batch in
hand; the writer's is raised in the reader's thread. The caller's transaction then rolls everything back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from queue import Queue
from typing import Generic, TypeVar

T = TypeVar("T")


class _Writer(Generic[T]):
    def __init__(self, consume: Callable[[T], None], depth: int):
        self.consume = consume
        self.queue: Queue[T | None] = Queue(maxsize=depth)
        self.stop = threading.Event()
        self.failure: BaseException | None = None
        self.thread = threading.Thread(target=self._run, name="award-writer", daemon=True)

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.stop.is_set():
                continue  # keep draining so that the reader never blocks
            try:
                self.consume(item)
            except BaseException as exc:  # handed to the reader's thread
                self.failure = exc
                self.stop.set()


def run_pipelined(items: Iterable[T], consume: Callable[[T], None], depth: int = 2) -> None:
    """``consume(item)`` for every item, in order, in one writer thread, while ``items`` is produced here."""
    writer = _Writer(consume, depth)
    writer.thread.start()
    try:
        for item in items:
            if writer.stop.is_set():
                break
            writer.queue.put(item)
    except BaseException:
        writer.stop.set()
        raise
    finally:
        writer.queue.put(None)
        writer.thread.join()
    if writer.failure is not None:
        raise writer.failure
